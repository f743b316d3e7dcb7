//! The permission matrix of `shared/design/domain.md`, table-driven: every role tries every operation; allowed ones succeed, refused ones fail with a permission code and write nothing.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use tavolo_domain::{Actor, InstanceRole, MembershipRole};
use tavolo_tests::fixtures::{self, Role, World};
use tavolo_tests::{Backend, Client, TestApp};

use crate::directory::audit_total;

use Role::*;

const SIGNED_IN: &[Role] = &[
    User,
    Moderator,
    Observer,
    Delegate,
    Secretariat,
    Chair,
    Admin,
];
const RUNNERS: &[Role] = &[Secretariat, Chair, Admin];

/// Per-role things an operation may need, so that every role's attempt is independent.
#[derive(Default)]
struct Targets {
    organization: BTreeMap<String, String>,
    person: BTreeMap<String, String>,
    seat: BTreeMap<String, String>,
    membership: BTreeMap<String, String>,
    /// Meeting-related records, keyed by `"{role:?}/{name}"`.
    meeting: BTreeMap<String, String>,
    /// Records shared by every role: read-only operations.
    shared: BTreeMap<&'static str, String>,
}

impl Targets {
    fn of(&self, role: Role, name: &str) -> String {
        self.meeting
            .get(&format!("{role:?}/{name}"))
            .cloned()
            .unwrap_or_default()
    }
}

const MEMBERS: &[Role] = &[Observer, Delegate, Secretariat, Chair, Admin];
const MINUTES_READERS: &[Role] = &[Delegate, Secretariat, Chair, Admin];

struct Operation {
    /// Root fields this operation exercises.
    fields: &'static [&'static str],
    allowed: &'static [Role],
    request: fn(&World, &Targets, Role) -> (String, Value),
}

fn key(role: Role) -> String {
    format!("{role:?}")
}

fn operations() -> Vec<Operation> {
    vec![
        Operation {
            fields: &["table", "tables"],
            allowed: &[
                Anonymous,
                User,
                Moderator,
                Observer,
                Delegate,
                Secretariat,
                Chair,
                Admin,
            ],
            request: |w, _, _| {
                (
                    "query($id: ID!) { table(id: $id) { name seats { id } } }".into(),
                    json!({ "id": w.public_table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["table"],
            allowed: SIGNED_IN,
            request: |w, _, _| {
                (
                    "query($id: ID!) { table(id: $id) { name } }".into(),
                    json!({ "id": w.network_table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["table"],
            allowed: &[Observer, Delegate, Secretariat, Chair, Admin],
            request: |w, _, _| {
                (
                    "query($id: ID!) { table(id: $id) { name memberships { role } } }".into(),
                    json!({ "id": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["organizations", "organization"],
            allowed: &[
                Anonymous,
                User,
                Moderator,
                Observer,
                Delegate,
                Secretariat,
                Chair,
                Admin,
            ],
            request: |w, _, _| {
                ("query($id: ID!) { organization(id: $id) { name } organizations { totalCount } }".into(), json!({ "id": w.organization.id.to_string() }))
            },
        },
        Operation {
            fields: &["people", "person"],
            allowed: SIGNED_IN,
            request: |w, _, _| {
                (
                    "query($id: ID!) { person(id: $id) { name email } people { totalCount } }"
                        .into(),
                    json!({ "id": w.person(Chair).id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["createOrganization"],
            allowed: RUNNERS,
            request: |_, _, role| {
                ("mutation($n: String!) { createOrganization(input: { name: $n, kind: THIRD_SECTOR }) { id } }".into(), json!({ "n": format!("Associazione {role:?}") }))
            },
        },
        Operation {
            fields: &["updateOrganization"],
            allowed: RUNNERS,
            request: |w, _, role| {
                ("mutation($id: ID!, $t: String!) { updateOrganization(id: $id, input: { territory: $t }) { id } }".into(), json!({ "id": w.organization.id.to_string(), "t": format!("Zona {role:?}") }))
            },
        },
        Operation {
            fields: &["createPerson"],
            allowed: RUNNERS,
            request: |_, _, role| {
                ("mutation($e: String!) { createPerson(input: { name: \"Nuova Persona\", email: $e }) { id } }".into(), json!({ "e": format!("new-{role:?}@test.example") }))
            },
        },
        Operation {
            fields: &["createPerson"],
            allowed: &[Admin],
            request: |_, _, role| {
                ("mutation($e: String!) { createPerson(input: { name: \"Moderatrice\", email: $e, instanceRole: MODERATOR }) { id } }".into(), json!({ "e": format!("mod-{role:?}@test.example") }))
            },
        },
        Operation {
            // Runners edit only people they brought in who never signed in (trust.rs): not a delegate in use.
            fields: &["updatePerson"],
            allowed: &[Delegate, Admin],
            request: |w, _, role| {
                ("mutation($id: ID!, $n: String!) { updatePerson(id: $id, input: { name: $n }) { id } }".into(), json!({ "id": w.person(Delegate).id.to_string(), "n": format!("Delegate {role:?}") }))
            },
        },
        Operation {
            fields: &["updateTable"],
            allowed: RUNNERS,
            request: |w, _, role| {
                ("mutation($id: ID!, $d: String!) { updateTable(id: $id, input: { description: $d }) { id } }".into(), json!({ "id": w.table.id.to_string(), "d": format!("by {role:?}") }))
            },
        },
        Operation {
            fields: &["createTable"],
            allowed: &[Admin],
            request: |_, _, role| {
                ("mutation($n: String!) { createTable(input: { name: $n, kind: INTERINSTITUTIONAL_TABLE }) { id } }".into(), json!({ "n": format!("Tavolo {role:?}") }))
            },
        },
        Operation {
            fields: &["createTable"],
            allowed: RUNNERS,
            request: |w, _, role| {
                ("mutation($n: String!, $p: ID!) { createTable(input: { name: $n, kind: WORKING_GROUP, parentId: $p }) { id } }".into(), json!({ "n": format!("Gruppo {role:?}"), "p": w.table.id.to_string() }))
            },
        },
        Operation {
            fields: &["addSeat"],
            allowed: RUNNERS,
            request: |w, t, role| {
                ("mutation($t: ID!, $o: ID!) { addSeat(tableId: $t, organizationId: $o) { id } }".into(), json!({ "t": w.table.id.to_string(), "o": t.organization[&key(role)] }))
            },
        },
        Operation {
            fields: &["addMembership"],
            allowed: RUNNERS,
            request: |w, t, role| {
                ("mutation($t: ID!, $p: ID!) { addMembership(tableId: $t, personId: $p, role: OBSERVER) { id } }".into(), json!({ "t": w.table.id.to_string(), "p": t.person[&key(role)] }))
            },
        },
        Operation {
            fields: &["appointDelegate"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($s: ID!, $p: ID!) { appointDelegate(seatId: $s, personId: $p, kind: SUBSTITUTE) { id } }".into(), json!({ "s": t.seat[&key(role)], "p": t.person[&key(role)] }))
            },
        },
        Operation {
            fields: &["endSeat"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($s: ID!) { endSeat(seatId: $s) { id } }".into(),
                    json!({ "s": t.seat[&key(role)] }),
                )
            },
        },
        Operation {
            fields: &["endMembership"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($m: ID!) { endMembership(membershipId: $m) { id } }".into(),
                    json!({ "m": t.membership[&key(role)] }),
                )
            },
        },
        Operation {
            fields: &["meeting", "meetings"],
            allowed: MEMBERS,
            request: |w, t, _| {
                ("query($id: ID!, $t: ID!) { meeting(id: $id) { title agenda { title } invitations { name } } meetings(tableId: $t) { id } }".into(), json!({ "id": t.shared["meeting"], "t": w.table.id.to_string() }))
            },
        },
        Operation {
            fields: &["myUpcomingMeetings", "myActionItems"],
            allowed: SIGNED_IN,
            request: |_, _, _| {
                (
                    "{ myUpcomingMeetings { id } myActionItems { id } }".into(),
                    json!({}),
                )
            },
        },
        Operation {
            fields: &["actionItems"],
            allowed: MINUTES_READERS,
            request: |w, _, _| {
                (
                    "query($t: ID!) { actionItems(tableId: $t) { id } }".into(),
                    json!({ "t": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["attendanceReport"],
            allowed: RUNNERS,
            request: |w, _, _| {
                (
                    "query($t: ID!) { attendanceReport(tableId: $t, from: \"2020-01-01\", to: \"2040-12-31\") { sessions csv } }".into(),
                    json!({ "t": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["minutesDiff"],
            allowed: MINUTES_READERS,
            request: |_, t, _| {
                (
                    "query($m: ID!) { minutesDiff(meetingId: $m, from: 1, to: 1) { text } }".into(),
                    json!({ "m": t.shared["held"] }),
                )
            },
        },
        Operation {
            fields: &["createMeeting"],
            allowed: RUNNERS,
            request: |w, _, _| {
                let input = json!({ "title": "Seduta", "start": fixtures::local_time(5, 10), "end": fixtures::local_time(5, 11) });
                ("mutation($t: ID!, $i: MeetingFields!) { createMeeting(tableId: $t, input: $i) { id } }".into(), json!({ "t": w.table.id.to_string(), "i": input }))
            },
        },
        Operation {
            fields: &["meetingSeries"],
            allowed: MEMBERS,
            request: |_, t, _| {
                (
                    "query($id: ID!) { meetingSeries(id: $id) { title rrule occurrences { id } } }"
                        .into(),
                    json!({ "id": t.shared["series"] }),
                )
            },
        },
        Operation {
            fields: &["createMeetingSeries"],
            allowed: RUNNERS,
            request: |w, _, _| {
                let input = json!({ "title": "Serie", "start": fixtures::local_time(5, 10), "end": fixtures::local_time(5, 11) });
                let recurrence = json!({ "pattern": "WEEKLY", "count": 2 });
                ("mutation($t: ID!, $i: MeetingFields!, $r: RecurrenceFields!) { createMeetingSeries(tableId: $t, input: $i, recurrence: $r) { id } }".into(), json!({ "t": w.table.id.to_string(), "i": input, "r": recurrence }))
            },
        },
        Operation {
            fields: &["scheduleMeetingSeries"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { scheduleMeetingSeries(id: $id) { id } }".into(),
                    json!({ "id": t.of(role, "series_draft") }),
                )
            },
        },
        Operation {
            fields: &["updateMeetingSeries"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($id: ID!) { updateMeetingSeries(id: $id, input: { place: \"Sala B\" }) { id } }".into(), json!({ "id": t.of(role, "series_update") }))
            },
        },
        Operation {
            fields: &["cancelMeetingSeries"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($id: ID!) { cancelMeetingSeries(id: $id, reason: \"Rinvio\") { id } }".into(), json!({ "id": t.of(role, "series_cancel") }))
            },
        },
        Operation {
            fields: &["recordHeldMeeting"],
            allowed: RUNNERS,
            request: |w, _, _| {
                let input = json!({ "title": "Seduta svolta", "start": fixtures::local_time(-3, 10), "end": fixtures::local_time(-3, 11) });
                ("mutation($t: ID!, $i: MeetingFields!) { recordHeldMeeting(tableId: $t, input: $i, agenda: [\"Punto unico\"], presentPersonIds: []) { id } }".into(), json!({ "t": w.table.id.to_string(), "i": input }))
            },
        },
        Operation {
            fields: &["updateMeeting"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($id: ID!) { updateMeeting(id: $id, input: { place: \"Sala B\" }) { id } }".into(), json!({ "id": t.of(role, "draft") }))
            },
        },
        Operation {
            fields: &["scheduleMeeting"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { scheduleMeeting(id: $id) { id } }".into(),
                    json!({ "id": t.of(role, "draft") }),
                )
            },
        },
        Operation {
            fields: &["cancelMeeting"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { cancelMeeting(id: $id, reason: \"Rinvio\") { id } }"
                        .into(),
                    json!({ "id": t.of(role, "to_cancel") }),
                )
            },
        },
        Operation {
            fields: &["addAgendaItem"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($m: ID!) { addAgendaItem(meetingId: $m, expectedVersion: 1, input: { title: \"Punto\" }) { id } }".into(), json!({ "m": t.of(role, "agenda_add") }))
            },
        },
        Operation {
            fields: &["updateAgendaItem"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($i: ID!) { updateAgendaItem(id: $i, expectedVersion: 2, input: { presenter: \"Segreteria\" }) { id } }".into(), json!({ "i": t.of(role, "item_update") }))
            },
        },
        Operation {
            fields: &["moveAgendaItem"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($i: ID!) { moveAgendaItem(id: $i, position: 0, expectedVersion: 2) { id } }".into(), json!({ "i": t.of(role, "item_move") }))
            },
        },
        Operation {
            fields: &["removeAgendaItem"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($i: ID!) { removeAgendaItem(id: $i, expectedVersion: 2) { id } }"
                        .into(),
                    json!({ "i": t.of(role, "item_remove") }),
                )
            },
        },
        Operation {
            fields: &["invite"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($m: ID!, $e: String!) { invite(meetingId: $m, invitee: { email: $e, name: \"Ospite\" }) { id } }".into(), json!({ "m": t.shared["meeting"], "e": format!("guest-{role:?}@test.example") }))
            },
        },
        Operation {
            fields: &["removeInvitation"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($i: ID!) { removeInvitation(id: $i) { id } }".into(),
                    json!({ "i": t.of(role, "invitation") }),
                )
            },
        },
        Operation {
            fields: &["answerInvitation"],
            allowed: &[Delegate],
            request: |_, t, _| {
                (
                    "mutation($i: ID!) { answerInvitation(id: $i, rsvp: TENTATIVE) { id } }".into(),
                    json!({ "i": t.shared["delegate_invitation"] }),
                )
            },
        },
        Operation {
            fields: &[
                "practices",
                "practice",
                "practiceDiff",
                "attachmentRules",
                "search",
                "searchSynonyms",
            ],
            allowed: &[
                Anonymous,
                User,
                Moderator,
                Observer,
                Delegate,
                Secretariat,
                Chair,
                Admin,
            ],
            request: |_, t, _| {
                (
                    "query($id: ID!) { practice(id: $id) { title } practices { totalCount } practiceDiff(practiceId: $id, from: 1, to: 1) { text } attachmentRules { maxBytes } search(query: \"prassi\") { total } searchSynonyms }"
                        .into(),
                    json!({ "id": t.shared["public_practice"] }),
                )
            },
        },
        Operation {
            fields: &["practice"],
            allowed: &[User, Moderator, Admin],
            request: |_, t, _| {
                (
                    "query($id: ID!) { practice(id: $id) { title } }".into(),
                    json!({ "id": t.shared["draft_practice"] }),
                )
            },
        },
        Operation {
            fields: &["createPractice"],
            allowed: SIGNED_IN,
            request: |_, _, _| {
                let input = json!({ "title": "Prassi", "summary": "Sintesi", "body": "", "themes": ["HEALTH"], "targetGroups": ["WOMEN"] });
                (
                    "mutation($i: PracticeFields!) { createPractice(input: $i) { id } }".into(),
                    json!({ "i": input }),
                )
            },
        },
        Operation {
            fields: &["updatePractice"],
            allowed: &[User, Moderator, Admin],
            request: |_, t, role| {
                ("mutation($id: ID!) { updatePractice(id: $id, expectedVersion: 1, input: { territory: \"Grosseto\" }) { id } }".into(), json!({ "id": t.of(role, "practice_draft") }))
            },
        },
        Operation {
            fields: &["submitPractice"],
            allowed: &[User, Moderator, Admin],
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { submitPractice(id: $id) { id } }".into(),
                    json!({ "id": t.of(role, "practice_to_submit") }),
                )
            },
        },
        Operation {
            fields: &["publishPractice"],
            allowed: &[Moderator, Admin],
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { publishPractice(id: $id, criteria: { context: true, duration: true, transferable: true }) { id } }".into(),
                    json!({ "id": t.of(role, "practice_submitted") }),
                )
            },
        },
        Operation {
            fields: &["sendBackPractice"],
            allowed: &[Moderator, Admin],
            request: |_, t, role| {
                ("mutation($id: ID!) { sendBackPractice(id: $id, note: \"Da completare\", criteria: { context: false, duration: true, transferable: true }) { id } }".into(), json!({ "id": t.of(role, "practice_to_send_back") }))
            },
        },
        Operation {
            fields: &["archivePractice"],
            allowed: &[Moderator, Admin],
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { archivePractice(id: $id) { id } }".into(),
                    json!({ "id": t.of(role, "practice_published") }),
                )
            },
        },
        Operation {
            fields: &["commentPractice", "adoptPractice", "withdrawAdoption"],
            allowed: SIGNED_IN,
            request: |_, t, _| {
                ("mutation($p: ID!) { commentPractice(practiceId: $p, body: \"Utile\") { id } adoptPractice(practiceId: $p) { note } withdrawAdoption(practiceId: $p) }".into(), json!({ "p": t.shared["public_practice"] }))
            },
        },
        Operation {
            fields: &["importPractices"],
            allowed: &[Moderator, Admin],
            request: |_, _, role| {
                let record = json!([{ "title": format!("Importata {role:?}"), "summary": "Sintesi", "themes": ["health"], "targetGroups": ["women"] }]);
                (
                    "mutation($j: String!) { importPractices(json: $j) { imported } }".into(),
                    json!({ "j": record.to_string() }),
                )
            },
        },
        Operation {
            fields: &["myFollows", "setFollow"],
            allowed: SIGNED_IN,
            request: |_, _, _| {
                ("mutation { setFollow(facet: REGION, value: \"Toscana\", following: true) { value } }".into(), json!({}))
            },
        },
        Operation {
            fields: &["removePracticeAttachment"],
            allowed: &[User, Moderator, Admin],
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { removePracticeAttachment(id: $id) { id } }".into(),
                    json!({ "id": t.of(role, "attachment") }),
                )
            },
        },
        Operation {
            fields: &[
                "strategyVersions",
                "strategyVersion",
                "strategyComparison",
                "strategyAbilities",
            ],
            allowed: MEMBERS,
            request: |w, t, _| {
                ("query($t: ID!, $v: ID!) { strategyVersions(tableId: $t) { id } strategyVersion(id: $v) { elements { code } } strategyComparison(fromId: $v, toId: $v) { code } strategyAbilities(tableId: $t) { canEdit } }".into(), json!({ "t": w.table.id.to_string(), "v": t.shared["strategy_draft"] }))
            },
        },
        Operation {
            fields: &["startStrategyDraft"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($t: ID!) { startStrategyDraft(tableId: $t) { id } }".into(),
                    json!({ "t": t.of(role, "strategy_table") }),
                )
            },
        },
        Operation {
            fields: &["submitStrategy"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($v: ID!) { submitStrategy(versionId: $v) { id } }".into(),
                    json!({ "v": t.of(role, "strategy_to_submit") }),
                )
            },
        },
        Operation {
            fields: &["reopenStrategy"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($v: ID!) { reopenStrategy(versionId: $v) { id } }".into(),
                    json!({ "v": t.of(role, "strategy_to_reopen") }),
                )
            },
        },
        Operation {
            fields: &["approveStrategy"],
            allowed: &[Chair, Admin],
            request: |_, t, role| {
                ("mutation($v: ID!, $d: ID!) { approveStrategy(versionId: $v, decisionId: $d) { id } }".into(), json!({ "v": t.of(role, "strategy_to_approve"), "d": t.of(role, "strategy_decision") }))
            },
        },
        Operation {
            fields: &[
                "addStrategyElement",
                "moveStrategyElement",
                "addStrategyIndicator",
                "updateStrategyIndicator",
                "recordActivityStatus",
                "recordIndicatorValue",
            ],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($v: ID!, $a: ID!, $x: ID!, $i: ID!, $n: String!) { addStrategyElement(versionId: $v, level: ACTIVITY, parentId: $a, input: { title: $n }) moveStrategyElement(id: $x, position: 0) addStrategyIndicator(elementId: $x, input: { name: $n, unit: \"n\", target: 5 }) updateStrategyIndicator(id: $i, input: { target: 9 }) recordActivityStatus(elementId: $x, status: IN_PROGRESS) recordIndicatorValue(indicatorId: $i, value: 2) }".into(), json!({ "v": t.shared["strategy_draft"], "a": t.shared["strategy_action"], "x": t.shared["strategy_activity"], "i": t.shared["strategy_indicator"], "n": format!("Attività {role:?}") }))
            },
        },
        Operation {
            fields: &["updateStrategyElement", "linkStrategyElement"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($e: ID!, $p: ID!) { updateStrategyElement(id: $e, expectedVersion: 1, input: { title: \"Rivista\" }) linkStrategyElement(elementId: $e, kind: PRACTICE, targetId: $p) }".into(), json!({ "e": t.of(role, "strategy_element"), "p": t.shared["public_practice"] }))
            },
        },
        Operation {
            fields: &[
                "removeStrategyElement",
                "removeStrategyIndicator",
                "unlinkStrategyElement",
                "resolveStrategyComment",
            ],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($e: ID!, $i: ID!, $l: ID!, $c: ID!) { removeStrategyIndicator(id: $i) unlinkStrategyElement(id: $l) resolveStrategyComment(id: $c) { id } removeStrategyElement(id: $e) }".into(), json!({ "e": t.of(role, "strategy_doomed"), "i": t.of(role, "strategy_doomed_indicator"), "l": t.of(role, "strategy_link"), "c": t.of(role, "strategy_comment") }))
            },
        },
        Operation {
            fields: &["commentStrategyElement"],
            allowed: MEMBERS,
            request: |_, t, _| {
                ("mutation($e: ID!) { commentStrategyElement(elementId: $e, body: \"Osservazione\") { id } }".into(), json!({ "e": t.shared["strategy_activity"] }))
            },
        },
        Operation {
            fields: &["setSearchSynonyms"],
            allowed: &[Admin],
            request: |_, _, _| {
                (
                    "mutation { setSearchSynonyms(groups: [[\"FAMI\", \"AMIF\"]]) }".into(),
                    json!({}),
                )
            },
        },
        Operation {
            fields: &["editPracticeComment"],
            allowed: &[User],
            request: |_, t, role| {
                ("mutation($id: ID!) { editPracticeComment(id: $id, body: \"Corretto\") { id } }".into(), json!({ "id": t.of(role, "comment_to_edit") }))
            },
        },
        Operation {
            fields: &["deletePracticeComment"],
            allowed: &[User, Moderator, Admin],
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { deletePracticeComment(id: $id) { id } }".into(),
                    json!({ "id": t.of(role, "comment_to_delete") }),
                )
            },
        },
        Operation {
            fields: &["myNotificationSettings", "setNotification"],
            allowed: SIGNED_IN,
            request: |_, _, _| {
                (
                    "mutation { setNotification(kind: REMINDER, enabled: true) { kind } }".into(),
                    json!({}),
                )
            },
        },
        Operation {
            fields: &["myCalendarFeeds", "rotateCalendarFeed"],
            allowed: SIGNED_IN,
            request: |_, _, _| ("mutation { rotateCalendarFeed { path } }".into(), json!({})),
        },
        Operation {
            fields: &["setMeetingReminders"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { setMeetingReminders(id: $id, enabled: false) { id } }"
                        .into(),
                    json!({ "id": t.of(role, "draft") }),
                )
            },
        },
        Operation {
            fields: &["resendInvitation"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($i: ID!) { resendInvitation(id: $i) { status } }".into(),
                    json!({ "i": t.of(role, "sent_invitation") }),
                )
            },
        },
        Operation {
            fields: &["recordAttendance"],
            allowed: RUNNERS,
            request: |w, t, role| {
                ("mutation($m: ID!, $p: ID!) { recordAttendance(meetingId: $m, personId: $p, status: EXCUSED) { id } }".into(), json!({ "m": t.of(role, "past"), "p": w.person(Observer).id.to_string() }))
            },
        },
        Operation {
            fields: &["markMeetingHeld"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { markMeetingHeld(id: $id) { id } }".into(),
                    json!({ "id": t.of(role, "past") }),
                )
            },
        },
        Operation {
            fields: &["saveMinutes"],
            allowed: RUNNERS,
            request: |_, t, role| {
                let notes =
                    json!([{ "agendaItemId": t.of(role, "held_save_item"), "body": "Note" }]);
                ("mutation($m: ID!, $n: [NoteInput!]!) { saveMinutes(meetingId: $m, expectedVersion: 1, notes: $n) { id } }".into(), json!({ "m": t.of(role, "held_save"), "n": notes }))
            },
        },
        Operation {
            fields: &["addDecision"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($i: ID!) { addDecision(agendaItemId: $i, input: { text: \"Approvato\", outcome: APPROVED }) { id } }".into(), json!({ "i": t.of(role, "held_save_item") }))
            },
        },
        Operation {
            fields: &["updateDecision"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($i: ID!) { updateDecision(id: $i, input: { text: \"Respinto\", outcome: REJECTED }) { id } }".into(), json!({ "i": t.of(role, "decision") }))
            },
        },
        Operation {
            fields: &["addActionItem"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($m: ID!) { addActionItem(meetingId: $m, input: { title: \"Verifica\" }) { id } }".into(), json!({ "m": t.of(role, "held_save") }))
            },
        },
        Operation {
            fields: &["updateActionItemStatus"],
            allowed: &[Delegate, Secretariat, Chair, Admin],
            request: |_, t, role| {
                (
                    "mutation($i: ID!) { updateActionItemStatus(id: $i, status: DONE) { id } }"
                        .into(),
                    json!({ "i": t.of(role, "action") }),
                )
            },
        },
        Operation {
            fields: &["sendMinutesForReview"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($m: ID!) { sendMinutesForReview(meetingId: $m, expectedVersion: 1) { id } }".into(), json!({ "m": t.of(role, "held_review") }))
            },
        },
        Operation {
            fields: &["commentMinutes"],
            allowed: MINUTES_READERS,
            request: |_, t, _| {
                ("mutation($m: ID!) { commentMinutes(meetingId: $m, body: \"Osservazione\") { id } }".into(), json!({ "m": t.shared["in_review"] }))
            },
        },
        Operation {
            fields: &["setMinutesCommentHandled"],
            allowed: RUNNERS,
            request: |_, t, _| {
                ("mutation($c: ID!) { setMinutesCommentHandled(id: $c, handled: true) { handled } }".into(), json!({ "c": t.shared["in_review_comment"] }))
            },
        },
        Operation {
            fields: &["removeMeetingFile"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($f: ID!) { removeMeetingFile(id: $f) { id } }".into(),
                    json!({ "f": t.of(role, "meeting_file") }),
                )
            },
        },
        Operation {
            fields: &["approveMinutes"],
            allowed: &[Chair, Admin],
            request: |_, t, role| {
                ("mutation($m: ID!) { approveMinutes(meetingId: $m, expectedVersion: 2, method: WRITTEN_PROCEDURE) { id } }".into(), json!({ "m": t.of(role, "held_approve") }))
            },
        },
        Operation {
            fields: &["addMinutesErratum"],
            allowed: RUNNERS,
            request: |_, t, role| {
                let notes =
                    json!([{ "agendaItemId": t.of(role, "approved_item"), "body": "Corretto" }]);
                ("mutation($m: ID!, $n: [NoteInput!]!) { addMinutesErratum(meetingId: $m, expectedVersion: 3, reason: \"Refuso\", notes: $n) { id } }".into(), json!({ "m": t.of(role, "approved"), "n": notes }))
            },
        },
        Operation {
            fields: &["auditEvents"],
            allowed: RUNNERS,
            request: |w, _, _| {
                (
                    "query($t: ID!) { auditEvents(tableId: $t) { totalCount } }".into(),
                    json!({ "t": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["auditEvents"],
            allowed: &[Admin],
            request: |_, _, _| ("{ auditEvents { totalCount } }".into(), json!({})),
        },
        Operation {
            fields: &["instanceHealth"],
            allowed: &[Admin],
            request: |_, _, _| ("{ instanceHealth { database } }".into(), json!({})),
        },
        Operation {
            fields: &["announceEditing"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($m: ID!) { announceEditing(meetingId: $m) }".into(),
                    json!({ "m": t.of(role, "held_save") }),
                )
            },
        },
        Operation {
            fields: &["unmatchedCalendarReplies"],
            allowed: &[Admin],
            request: |_, _, _| ("{ unmatchedCalendarReplies { id } }".into(), json!({})),
        },
        Operation {
            fields: &["mailOutbox"],
            allowed: &[Admin],
            request: |_, _, _| ("{ mailOutbox { totalCount } }".into(), json!({})),
        },
        Operation {
            fields: &["createApiToken", "myApiTokens"],
            allowed: SIGNED_IN,
            request: |_, _, _| {
                (
                    "mutation { createApiToken(name: \"Integrazione\") { secret } }".into(),
                    json!({}),
                )
            },
        },
        Operation {
            fields: &["courses"],
            allowed: &Role::ALL,
            request: |_, _, _| ("{ courses { id title } }".into(), json!({})),
        },
        Operation {
            // A course of the members-only table: its members and the operators of its seated organizations.
            fields: &["course"],
            allowed: SIGNED_IN,
            request: |_, t, _| {
                (
                    "query($id: ID!) { course(id: $id) { title enrolments { id } } }".into(),
                    json!({ "id": t.shared["course"] }),
                )
            },
        },
        Operation {
            fields: &["trainingReport"],
            allowed: RUNNERS,
            request: |w, _, _| {
                (
                    "query($t: ID!) { trainingReport(tableId: $t, from: \"2020-01-01\", to: \"2040-12-31\") { sessions csv } }".into(),
                    json!({ "t": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["createCourse"],
            allowed: RUNNERS,
            request: |w, _, _| {
                (
                    "mutation($t: ID!) { createCourse(tableId: $t, input: { title: \"Corso\" }) { id } }".into(),
                    json!({ "t": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["updateCourse"],
            allowed: RUNNERS,
            request: |_, t, _| {
                (
                    "mutation($id: ID!) { updateCourse(id: $id, input: { places: 500 }) { id } }"
                        .into(),
                    json!({ "id": t.shared["course"] }),
                )
            },
        },
        Operation {
            fields: &["addCourseSession"],
            allowed: RUNNERS,
            request: |_, t, _| {
                let input = json!({ "title": "Sessione", "start": fixtures::local_time(9, 10), "end": fixtures::local_time(9, 12) });
                (
                    "mutation($c: ID!, $i: MeetingFields!) { addCourseSession(courseId: $c, input: $i) { id } }".into(),
                    json!({ "c": t.shared["course"], "i": input }),
                )
            },
        },
        Operation {
            // Oneself, where one belongs: the members and the seated organizations' operators.
            fields: &["enrol"],
            allowed: SIGNED_IN,
            request: |_, t, _| {
                (
                    "mutation($c: ID!) { enrol(courseId: $c) { status } }".into(),
                    json!({ "c": t.shared["course"] }),
                )
            },
        },
        Operation {
            // Someone of no organization the caller represents: only whoever runs the table.
            fields: &["enrol"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($c: ID!, $p: ID!) { enrol(courseId: $c, personId: $p) { status } }"
                        .into(),
                    json!({ "c": t.shared["course"], "p": t.person[&key(role)] }),
                )
            },
        },
        Operation {
            // An operator of the seated organization: its delegate and whoever runs the table.
            fields: &["withdrawEnrolment"],
            allowed: &[Delegate, Secretariat, Chair, Admin],
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { withdrawEnrolment(id: $id) { status } }".into(),
                    json!({ "id": t.of(role, "enrolment") }),
                )
            },
        },
        Operation {
            // An adopted protocol of the members-only table: its members.
            fields: &["protocol", "protocols"],
            allowed: MEMBERS,
            request: |w, t, _| {
                (
                    "query($id: ID!, $t: ID!) { protocol(id: $id) { title inForce { sections { heading } signatories { signed } } } protocols(tableId: $t) { id } }".into(),
                    json!({ "id": t.shared["protocol"], "t": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["createProtocol"],
            allowed: RUNNERS,
            request: |w, _, _| {
                (
                    "mutation($t: ID!) { createProtocol(tableId: $t, title: \"Protocollo\") { id } }".into(),
                    json!({ "t": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["saveProtocolDraft"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($v: ID!) { saveProtocolDraft(versionId: $v, input: { title: \"Protocollo rivisto\" }) { id } }".into(),
                    json!({ "v": t.of(role, "protocol_draft") }),
                )
            },
        },
        Operation {
            fields: &["commentOnProtocol"],
            allowed: MEMBERS,
            request: |_, t, role| {
                (
                    "mutation($v: ID!, $k: String!) { commentOnProtocol(versionId: $v, sectionKey: $k, body: \"Osservazione\") { id } }".into(),
                    json!({ "v": t.of(role, "protocol_draft"), "k": t.of(role, "protocol_section") }),
                )
            },
        },
        Operation {
            fields: &["resolveProtocolComment"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { resolveProtocolComment(id: $id) { resolved } }".into(),
                    json!({ "id": t.of(role, "protocol_comment") }),
                )
            },
        },
        Operation {
            // The chair's act (and an administrator's).
            fields: &["adoptProtocol"],
            allowed: &[Chair, Admin],
            request: |_, t, role| {
                (
                    "mutation($v: ID!, $d: ID!) { adoptProtocol(versionId: $v, decisionId: $d, inForceFrom: \"2026-01-01\") { status } }".into(),
                    json!({ "v": t.of(role, "protocol_draft"), "d": t.shared["protocol_decision"] }),
                )
            },
        },
        Operation {
            // Only a delegate of the organization signs for it: not the secretariat, not an administrator.
            fields: &["signProtocol"],
            allowed: &[Delegate],
            request: |w, t, role| {
                (
                    "mutation($v: ID!, $o: ID!) { signProtocol(versionId: $v, organizationId: $o) { signed } }".into(),
                    json!({ "v": t.of(role, "protocol_adopted"), "o": w.organization.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["startProtocolRevision"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($p: ID!) { startProtocolRevision(protocolId: $p) { number } }".into(),
                    json!({ "p": t.of(role, "protocol") }),
                )
            },
        },
        Operation {
            fields: &["linkProtocolPractice"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($p: ID!, $x: ID!) { linkProtocolPractice(protocolId: $p, practiceId: $x) { id } }".into(),
                    json!({ "p": t.of(role, "protocol"), "x": t.shared["public_practice"] }),
                )
            },
        },
        Operation {
            fields: &["unlinkProtocolPractice"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($p: ID!, $x: ID!) { unlinkProtocolPractice(protocolId: $p, practiceId: $x) { id } }".into(),
                    json!({ "p": t.of(role, "protocol"), "x": t.shared["linked_practice"] }),
                )
            },
        },
        Operation {
            fields: &["removeProtocolFile"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { removeProtocolFile(id: $id) { id } }".into(),
                    json!({ "id": t.of(role, "protocol_file") }),
                )
            },
        },
        Operation {
            // An open questionnaire for the members-only table's members: they and its runners read it.
            fields: &["questionnaire"],
            allowed: &[Observer, Delegate, Secretariat, Chair, Admin],
            request: |_, t, _| {
                (
                    "query($id: ID!) { questionnaire(id: $id) { title sections { questions { text } } } }".into(),
                    json!({ "id": t.shared["questionnaire"] }),
                )
            },
        },
        Operation {
            fields: &["questionnaires"],
            allowed: &Role::ALL,
            request: |_, _, _| ("{ questionnaires { id title } }".into(), json!({})),
        },
        Operation {
            // The link is the way in, whoever follows it.
            fields: &["publicQuestionnaire", "answerPublicQuestionnaire"],
            allowed: &Role::ALL,
            request: |_, t, _| {
                (
                    "mutation($t: String!) { answerPublicQuestionnaire(token: $t, answers: []) { responseKey } }".into(),
                    json!({ "t": t.shared["questionnaire_token"] }),
                )
            },
        },
        Operation {
            fields: &["publicQuestionnaire"],
            allowed: &Role::ALL,
            request: |_, t, _| {
                (
                    "query($t: String!) { publicQuestionnaire(token: $t) { title open } }".into(),
                    json!({ "t": t.shared["questionnaire_token"] }),
                )
            },
        },
        Operation {
            fields: &["createQuestionnaire"],
            allowed: RUNNERS,
            request: |w, _, _| {
                (
                    "mutation($t: ID!) { createQuestionnaire(tableId: $t, input: { title: \"Bisogni\" }) { id } }".into(),
                    json!({ "t": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["updateQuestionnaire"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { updateQuestionnaire(id: $id, input: { title: \"Bisogni rivisti\" }) { id } }".into(),
                    json!({ "id": t.of(role, "questionnaire_draft") }),
                )
            },
        },
        Operation {
            fields: &["saveQuestionnaireQuestions", "openQuestionnaire"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { saveQuestionnaireQuestions(id: $id, sections: [{ title: \"Servizi\", questions: [{ kind: SHORT_TEXT, text: \"Quale?\" }] }]) { id } openQuestionnaire(id: $id) { status } }".into(),
                    json!({ "id": t.of(role, "questionnaire_draft") }),
                )
            },
        },
        Operation {
            fields: &["closeQuestionnaire"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($id: ID!) { closeQuestionnaire(id: $id) { status } }".into(),
                    json!({ "id": t.of(role, "questionnaire_open") }),
                )
            },
        },
        Operation {
            // Those asked: the table's members (an administrator runs it but is not asked).
            fields: &["answerQuestionnaire"],
            allowed: &[Observer, Delegate, Secretariat, Chair],
            request: |_, t, _| {
                (
                    "mutation($id: ID!) { answerQuestionnaire(id: $id, answers: []) { id } }"
                        .into(),
                    json!({ "id": t.shared["questionnaire"] }),
                )
            },
        },
        Operation {
            fields: &["recordQuestionnaireResult"],
            allowed: RUNNERS,
            request: |_, t, _| {
                (
                    "mutation($q: ID!, $i: ID!) { recordQuestionnaireResult(questionId: $q, indicatorId: $i, statistic: ANSWERED) }".into(),
                    json!({ "q": t.shared["questionnaire_question"], "i": t.shared["strategy_indicator"] }),
                )
            },
        },
    ]
}

/// Operations whose rule needs a state of its own (an edit waiting for review) and that `trust.rs` tests role by role.
const RULED_IN_TRUST: &[&str] = &["acceptPracticeChanges", "discardPracticeChanges"];

/// Marking an answer from the mailbox as seen needs answers read from a real mailbox: `calendar_replies.rs` tests
/// it role by role.
const RULED_IN_CALENDAR_REPLIES: &[&str] = &["reviewCalendarReply"];

/// Operations of the administration area that end or merge shared records, and that `administration.rs` tests role by
/// role.
const RULED_IN_ADMINISTRATION: &[&str] = &["mergeOrganizations", "endTable", "retryMail"];

/// Operations on invitations, which need a person who has not activated yet, and that `onboarding.rs` tests role by
/// role; and the signed-out ones of coming in (the link is the credential, the setup code is in the log).
const RULED_IN_ONBOARDING: &[&str] = &[
    "resendAccountInvitation",
    "withdrawAccountInvitation",
    "instance",
    "accountLink",
    "activateAccount",
    "requestPasswordReset",
    "resetPassword",
    "createFirstAdministrator",
];

/// Operations whose rule is "only on yourself" (or the link's bearer) and that `accounts.rs` and `trust.rs` test on
/// their own.
const SELF_SERVICE: &[&str] = &[
    "me",
    "myDigestSchedule",
    "setDigestSchedule",
    "login",
    "logout",
    "changePassword",
    "requestEmailChange",
    "confirmEmailChange",
    "revokeApiToken",
    "myApiTokens",
    "mySessions",
    "endSession",
    "endOtherSessions",
    "waitingForMe",
];

/// A course of the members-only table, and per role an operator of the seated organization enrolled in it.
async fn course_targets(app: &TestApp, world: &World, targets: &mut Targets) -> anyhow::Result<()> {
    let courses = app.services.courses();
    let course = courses
        .create_course(
            &Actor::System,
            world.table.id,
            tavolo_service::courses::CourseInput {
                title: Some("Corso del tavolo".into()),
                ..Default::default()
            },
        )
        .await?;
    targets.shared.insert("course", course.id.to_string());
    for role in Role::ALL {
        let email = format!("operator-{role:?}@test.example").to_lowercase();
        let operator = fixtures::person(
            &app.services,
            "Operatore",
            &email,
            InstanceRole::User,
            Some(world.organization.id),
        )
        .await?;
        let enrolment = courses
            .enrol(&Actor::System, course.id, Some(operator.id))
            .await?;
        targets
            .meeting
            .insert(format!("{role:?}/enrolment"), enrolment.id.to_string());
    }
    Ok(())
}

/// Per role, at the members-only table: an adopted protocol (named to be signed by the world's organization, with a
/// file and a linked practice) and a draft with a section and a member's comment; shared, an adopted protocol to read
/// and the approved decision that adopts.
async fn protocol_targets(
    app: &TestApp,
    world: &World,
    targets: &mut Targets,
) -> anyhow::Result<()> {
    use tavolo_domain::{DecisionOutcome, PracticeStatus, PracticeVisibility};
    use tavolo_service::protocols::{DraftInput, SectionInput};

    let person = |role: Role| Actor::Person {
        id: world.person(role).id,
        role: InstanceRole::User,
        by_token: false,
    };
    let (secretariat, chair) = (person(Secretariat), person(Chair));
    let protocols = app.services.protocols();
    let decision = fixtures::decision(
        &app.services,
        world,
        world.table.id,
        DecisionOutcome::Approved,
    )
    .await?;
    targets
        .shared
        .insert("protocol_decision", decision.to_string());
    let linked = fixtures::practice(
        &app.services,
        world.person(User),
        "Prassi collegata",
        PracticeStatus::Published,
        PracticeVisibility::Public,
    )
    .await?;
    targets
        .shared
        .insert("linked_practice", linked.id.to_string());
    let content = || DraftInput {
        sections: Some(vec![SectionInput {
            key: None,
            heading: "Finalità".into(),
            body: "Accesso ai servizi.".into(),
        }]),
        signatory_ids: Some(vec![world.organization.id]),
        ..Default::default()
    };
    let today = chrono::Utc::now().date_naive();
    for role in Role::ALL {
        let (protocol, version) = protocols
            .create(&secretariat, world.table.id, "Protocollo adottato")
            .await?;
        protocols
            .save_draft(&secretariat, version.id, content())
            .await?;
        protocols.adopt(&chair, version.id, decision, today).await?;
        protocols
            .link_practice(&secretariat, protocol.id, linked.id)
            .await?;
        let file = protocols
            .add_file(
                &secretariat,
                protocol.id,
                "allegato.pdf",
                b"%PDF-1.4\n%%EOF\n",
            )
            .await?;
        let (_, draft) = protocols
            .create(&secretariat, world.table.id, "Protocollo in bozza")
            .await?;
        protocols
            .save_draft(&secretariat, draft.id, content())
            .await?;
        let section = protocols.sections(&secretariat, &[draft.id]).await?;
        let section_key = section.first().map(|s| s.key.clone()).unwrap_or_default();
        let comment = protocols
            .comment(&chair, draft.id, &section_key, "Da rivedere")
            .await?;
        for (name, id) in [
            ("protocol", protocol.id.to_string()),
            ("protocol_adopted", version.id.to_string()),
            ("protocol_file", file.id.to_string()),
            ("protocol_draft", draft.id.to_string()),
            ("protocol_section", section_key),
            ("protocol_comment", comment.id.to_string()),
        ] {
            targets.meeting.insert(format!("{role:?}/{name}"), id);
        }
        if role == Anonymous {
            targets.shared.insert("protocol", protocol.id.to_string());
        }
    }
    Ok(())
}

/// Shared: an open questionnaire for the members-only table's members (one optional question), a public one with a
/// wide bound per address; per role a draft and an open questionnaire.
async fn questionnaire_targets(
    app: &TestApp,
    world: &World,
    targets: &mut Targets,
) -> anyhow::Result<()> {
    use tavolo_domain::{QuestionKind, QuestionnaireAudience};
    use tavolo_service::questionnaires::{QuestionInput, QuestionnaireInput, SectionInput};

    let secretariat = Actor::Person {
        id: world.person(Secretariat).id,
        role: InstanceRole::User,
        by_token: false,
    };
    let questionnaires = app.services.questionnaires();
    let ends = Some(Some(chrono::Utc::now() + chrono::Duration::days(30)));
    let sections = || {
        vec![SectionInput {
            title: "Servizi".into(),
            description: None,
            questions: vec![QuestionInput {
                kind: QuestionKind::ShortText,
                text: "Quale servizio usi?".into(),
                help: None,
                required: false,
                options: Vec::new(),
                scale_min: None,
                scale_max: None,
                number_min: None,
                number_max: None,
            }],
        }]
    };
    let opened = |audience: QuestionnaireAudience| {
        let questionnaires = &questionnaires;
        let secretariat = &secretariat;
        async move {
            let input = QuestionnaireInput {
                title: Some("Questionario".into()),
                audience: Some(audience),
                ends_at: ends,
                per_address_limit: Some(1_000),
                ..Default::default()
            };
            let created = questionnaires
                .create(secretariat, world.table.id, input)
                .await?;
            questionnaires
                .save_structure(secretariat, created.id, sections())
                .await?;
            questionnaires.open(secretariat, created.id).await
        }
    };
    let members = opened(QuestionnaireAudience::Members).await?;
    targets
        .shared
        .insert("questionnaire", members.id.to_string());
    let question = questionnaires
        .structures(&secretariat, &[members.id])
        .await?
        .questions
        .first()
        .map(|q| q.id)
        .unwrap_or_default();
    targets
        .shared
        .insert("questionnaire_question", question.to_string());
    let public = opened(QuestionnaireAudience::Public).await?;
    targets.shared.insert(
        "questionnaire_token",
        public.public_token.unwrap_or_default(),
    );
    for role in Role::ALL {
        let draft = questionnaires
            .create(
                &secretariat,
                world.table.id,
                QuestionnaireInput {
                    title: Some("Bozza".into()),
                    ..Default::default()
                },
            )
            .await?;
        let open = opened(QuestionnaireAudience::Members).await?;
        for (name, id) in [
            ("questionnaire_draft", draft.id),
            ("questionnaire_open", open.id),
        ] {
            targets
                .meeting
                .insert(format!("{role:?}/{name}"), id.to_string());
        }
    }
    Ok(())
}

async fn matrix(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let mut targets = Targets::default();
    let tables = app.services.tables();
    for role in Role::ALL {
        let org = fixtures::organization(&app.services, &format!("Ente {role:?}")).await?;
        targets.organization.insert(key(role), org.id.to_string());
        let email = format!("target-{role:?}@test.example").to_lowercase();
        let person =
            fixtures::person(&app.services, "Target", &email, InstanceRole::User, None).await?;
        targets.person.insert(key(role), person.id.to_string());
        let seated = fixtures::organization(&app.services, &format!("Sede {role:?}")).await?;
        let seat = tables
            .add_seat(&Actor::System, world.table.id, seated.id)
            .await?;
        targets.seat.insert(key(role), seat.id.to_string());
        let email = format!("former-{role:?}@test.example").to_lowercase();
        let former =
            fixtures::person(&app.services, "Former", &email, InstanceRole::User, None).await?;
        let membership = tables
            .add_membership(
                &Actor::System,
                world.table.id,
                former.id,
                MembershipRole::Observer,
            )
            .await?;
        targets
            .membership
            .insert(key(role), membership.id.to_string());
    }
    meeting_targets(&app, &world, &mut targets).await?;
    course_targets(&app, &world, &mut targets).await?;
    practice_targets(&app, &world, &mut targets).await?;
    protocol_targets(&app, &world, &mut targets).await?;
    strategy_targets(&app, &world, &mut targets).await?;
    questionnaire_targets(&app, &world, &mut targets).await?;
    let mut clients = Vec::new();
    for role in Role::ALL {
        let client = match role.email() {
            Some(email) => app.signed_in(&email).await?,
            None => app.client(),
        };
        clients.push((role, client));
    }
    let admin: &Client = clients
        .iter()
        .find(|(r, _)| *r == Admin)
        .map(|(_, c)| c)
        .ok_or_else(|| anyhow::anyhow!("no admin"))?;

    let mut failures = Vec::new();
    for (index, operation) in operations().iter().enumerate() {
        for (role, client) in &clients {
            let (query, variables) = (operation.request)(&world, &targets, *role);
            let before = audit_total(admin).await?;
            let response = client.gql(&query, variables).await?;
            let allowed = operation.allowed.contains(role);
            let outcome = if response.is_ok() {
                "allowed"
            } else if matches!(
                response.code(),
                Some("FORBIDDEN" | "UNAUTHENTICATED" | "NOT_FOUND")
            ) {
                "refused"
            } else {
                "failed"
            };
            let expected = if allowed { "allowed" } else { "refused" };
            if outcome != expected {
                failures.push(format!(
                    "#{index} {:?} as {role:?}: expected {expected}, got {outcome}: {}",
                    operation.fields, response.body
                ));
            }
            if !allowed && audit_total(admin).await? != before {
                failures.push(format!(
                    "#{index} {:?} as {role:?}: refused but wrote to the audit log",
                    operation.fields
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "permission matrix violations:\n{}",
        failures.join("\n")
    );
    Ok(())
}
on_both_databases!(every_role_against_every_operation, matrix);

/// A new query or mutation without a row in the matrix (or an explicit exemption) fails here.
#[test]
fn matrix_covers_every_root_field() -> anyhow::Result<()> {
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

    let document = async_graphql::parser::parse_schema(tavolo_graphql::export_sdl())?;
    let mut root_fields = BTreeSet::new();
    for definition in document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = ty.node;
        if !matches!(ty.name.node.as_str(), "Query" | "Mutation") {
            continue;
        }
        if let TypeKind::Object(object) = ty.kind {
            root_fields.extend(
                object
                    .fields
                    .into_iter()
                    .map(|f| f.node.name.node.to_string()),
            );
        }
    }
    let covered: BTreeSet<String> = operations()
        .iter()
        .flat_map(|op| op.fields.iter())
        .chain(SELF_SERVICE)
        .chain(RULED_IN_TRUST)
        .chain(RULED_IN_ONBOARDING)
        .chain(RULED_IN_ADMINISTRATION)
        .chain(RULED_IN_CALENDAR_REPLIES)
        .map(|f| (*f).to_owned())
        .collect();
    let missing: Vec<_> = root_fields.difference(&covered).collect();
    assert!(
        root_fields.len() > 10,
        "could not read the root fields from the SDL"
    );
    assert!(
        missing.is_empty(),
        "root fields without a permission rule in the matrix: {missing:?}"
    );
    Ok(())
}

/// Builds, through the services as the system, the meetings every role's attempt works on.
async fn meeting_targets(
    app: &TestApp,
    world: &World,
    targets: &mut Targets,
) -> anyhow::Result<()> {
    use tavolo_domain::{ApprovalMethod, DecisionOutcome};
    use tavolo_service::meetings::{AgendaItemInput, Invitee};
    use tavolo_service::minutes::{ActionItemInput, DecisionInput};

    let services = &app.services;
    let meetings = services.meetings();
    let minutes = services.minutes();
    let item = |title: &str| AgendaItemInput {
        title: Some(title.into()),
        ..Default::default()
    };
    let shared = fixtures::meeting(services, world.table.id, "Seduta condivisa", 10).await?;
    let invitations = meetings.invitations(&Actor::System, &[shared.id]).await?;
    let delegate_invitation = invitations
        .iter()
        .find(|i| i.person_id == Some(world.person(Delegate).id))
        .map(|i| i.id)
        .unwrap_or_default();
    targets.shared.insert("meeting", shared.id.to_string());
    let series = |title: &'static str| {
        let meetings = services.meetings();
        let table_id = world.table.id;
        async move {
            let input = tavolo_service::meetings::MeetingInput {
                title: Some(title.into()),
                start: Some(fixtures::local_time(8, 10)),
                end: Some(fixtures::local_time(8, 11)),
                ..Default::default()
            };
            let recurrence = tavolo_service::meetings::RecurrenceInput {
                pattern: tavolo_domain::RecurrencePattern::Weekly,
                interval: None,
                weekdays: Vec::new(),
                until: None,
                count: Some(2),
            };
            meetings
                .create_series(&Actor::System, table_id, input, recurrence, false)
                .await
        }
    };
    let shared_series = series("Serie condivisa").await?;
    meetings
        .schedule_series(&Actor::System, shared_series.id, false)
        .await?;
    targets
        .shared
        .insert("series", shared_series.id.to_string());
    targets
        .shared
        .insert("delegate_invitation", delegate_invitation.to_string());
    let held = fixtures::held_meeting(services, world, "Seduta tenuta").await?;
    let held_item = meetings.agendas(&Actor::System, &[held.id]).await?[0].id;
    minutes
        .save(
            &Actor::System,
            held.id,
            vec![(held_item, "Testo".into())],
            1,
        )
        .await?;
    targets.shared.insert("held", held.id.to_string());
    let in_review = fixtures::held_meeting(services, world, "Seduta in revisione").await?;
    minutes
        .send_for_review(&Actor::System, in_review.id, 1)
        .await?;
    targets.shared.insert("in_review", in_review.id.to_string());
    let delegate = Actor::Person {
        id: world.person(Delegate).id,
        role: tavolo_domain::InstanceRole::User,
        by_token: false,
    };
    let observation = minutes
        .comment(&delegate, in_review.id, None, None, "Da precisare")
        .await?;
    targets
        .shared
        .insert("in_review_comment", observation.id.to_string());

    let secretariat = Actor::Person {
        id: world.person(Secretariat).id,
        role: tavolo_domain::InstanceRole::User,
        by_token: false,
    };
    for role in Role::ALL {
        let file = services
            .meeting_files()
            .add(
                &secretariat,
                held.id,
                tavolo_domain::MeetingFileTarget::AgendaItem,
                held_item,
                "relazione.pdf",
                b"%PDF-1.7\n%%EOF\n",
            )
            .await?;
        targets
            .meeting
            .insert(format!("{role:?}/meeting_file"), file.id.to_string());
        let mut put = |name: &str, id: i64| {
            targets
                .meeting
                .insert(format!("{role:?}/{name}"), id.to_string())
        };
        put(
            "draft",
            fixtures::meeting(services, world.table.id, "Bozza", 6)
                .await?
                .id,
        );
        for name in ["series_draft", "series_update", "series_cancel"] {
            put(name, series("Serie del ruolo").await?.id);
        }
        put(
            "to_cancel",
            fixtures::meeting(services, world.table.id, "Da annullare", 6)
                .await?
                .id,
        );
        put(
            "agenda_add",
            fixtures::meeting(services, world.table.id, "Ordine del giorno", 6)
                .await?
                .id,
        );
        for name in ["item_update", "item_move", "item_remove"] {
            let meeting = fixtures::meeting(services, world.table.id, "Punti", 6).await?;
            // One item: the agenda is then at version 2, the version each operation sends.
            put(
                name,
                meetings
                    .add_agenda_item(&Actor::System, meeting.id, item("Primo"), 1)
                    .await?
                    .id,
            );
        }
        let invited = meetings
            .invite(
                &Actor::System,
                shared.id,
                Invitee::Email {
                    offer_account: false,
                    email: format!("remove-{role:?}@test.example"),
                    name: "Da rimuovere".into(),
                },
                tavolo_domain::InvitationRole::Optional,
            )
            .await?;
        put("invitation", invited.id);
        let sent = meetings
            .invite(
                &Actor::System,
                shared.id,
                Invitee::Email {
                    offer_account: false,
                    email: format!("sent-{role:?}@test.example"),
                    name: "Già invitato".into(),
                },
                tavolo_domain::InvitationRole::Optional,
            )
            .await?;
        let message = tavolo_mail::outbox::Outgoing {
            kind: "invitation",
            meeting_id: Some(shared.id),
            invitation_id: Some(sent.id),
            recipient_email: sent.email.clone(),
            recipient_name: sent.name.clone(),
            subject: "Convocazione".into(),
            text: "Testo".into(),
            html: "<p>Testo</p>".into(),
            calendar: None,
        };
        let queued = tavolo_mail::outbox::queue(&app.db.store.db, message).await?;
        tavolo_mail::outbox::mark_sent(&app.db.store.db, queued).await?;
        put("sent_invitation", sent.id);
        let past = fixtures::meeting(services, world.table.id, "Passata", -1).await?;
        meetings
            .schedule_meeting(&Actor::System, past.id, true)
            .await?;
        put("past", past.id);
        let save = fixtures::held_meeting(services, world, "Verbale").await?;
        put("held_save", save.id);
        let save_item = meetings.agendas(&Actor::System, &[save.id]).await?[0].id;
        put("held_save_item", save_item);
        let decided = fixtures::held_meeting(services, world, "Decisione").await?;
        let decided_item = meetings.agendas(&Actor::System, &[decided.id]).await?[0].id;
        let decision = minutes
            .add_decision(
                &Actor::System,
                decided_item,
                DecisionInput {
                    text: "Proposta".into(),
                    outcome: DecisionOutcome::Deferred,
                    votes_for: None,
                    votes_against: None,
                    votes_abstained: None,
                },
            )
            .await?;
        put("decision", decision.id);
        let action = minutes
            .add_action_item(
                &Actor::System,
                decided.id,
                ActionItemInput {
                    title: "Compito".into(),
                    assignee_person_id: Some(world.person(Delegate).id),
                    ..Default::default()
                },
            )
            .await?;
        put("action", action.id);
        put(
            "held_review",
            fixtures::held_meeting(services, world, "Revisione")
                .await?
                .id,
        );
        let to_approve = fixtures::held_meeting(services, world, "Da approvare").await?;
        minutes
            .send_for_review(&Actor::System, to_approve.id, 1)
            .await?;
        put("held_approve", to_approve.id);
        let approved = fixtures::held_meeting(services, world, "Approvato").await?;
        minutes
            .send_for_review(&Actor::System, approved.id, 1)
            .await?;
        minutes
            .approve(
                &Actor::System,
                approved.id,
                ApprovalMethod::LaterMeeting,
                None,
                2,
            )
            .await?;
        put("approved", approved.id);
        put(
            "approved_item",
            meetings.agendas(&Actor::System, &[approved.id]).await?[0].id,
        );
    }
    Ok(())
}

/// Practices authored by the plain user, in every state an operation starts from, one per role.
async fn practice_targets(
    app: &TestApp,
    world: &World,
    targets: &mut Targets,
) -> anyhow::Result<()> {
    use tavolo_domain::{PracticeStatus, PracticeVisibility};

    let services = &app.services;
    let author = world.person(User);
    let author_actor = Actor::Person {
        id: author.id,
        role: InstanceRole::User,
        by_token: false,
    };
    let public = fixtures::practice(
        services,
        author,
        "Prassi pubblica",
        PracticeStatus::Published,
        PracticeVisibility::Public,
    )
    .await?;
    targets
        .shared
        .insert("public_practice", public.id.to_string());
    let draft = fixtures::practice(
        services,
        author,
        "Bozza",
        PracticeStatus::Draft,
        PracticeVisibility::Public,
    )
    .await?;
    targets
        .shared
        .insert("draft_practice", draft.id.to_string());
    for role in Role::ALL {
        let mut put = |name: &str, id: i64| {
            targets
                .meeting
                .insert(format!("{role:?}/{name}"), id.to_string())
        };
        put(
            "practice_draft",
            fixtures::practice(
                services,
                author,
                "Da modificare",
                PracticeStatus::Draft,
                PracticeVisibility::Public,
            )
            .await?
            .id,
        );
        put(
            "practice_to_submit",
            fixtures::practice(
                services,
                author,
                "Da inviare",
                PracticeStatus::Draft,
                PracticeVisibility::Public,
            )
            .await?
            .id,
        );
        put(
            "practice_submitted",
            fixtures::practice(
                services,
                author,
                "Inviata",
                PracticeStatus::Submitted,
                PracticeVisibility::Public,
            )
            .await?
            .id,
        );
        put(
            "practice_to_send_back",
            fixtures::practice(
                services,
                author,
                "Da rivedere",
                PracticeStatus::Submitted,
                PracticeVisibility::Public,
            )
            .await?
            .id,
        );
        put(
            "practice_published",
            fixtures::practice(
                services,
                author,
                "Pubblicata",
                PracticeStatus::Published,
                PracticeVisibility::Public,
            )
            .await?
            .id,
        );
        let attachment = services
            .practices()
            .attach(&author_actor, draft.id, "scheda.pdf", b"%PDF-1.7 scheda")
            .await?;
        put("attachment", attachment.id);
        for name in ["comment_to_edit", "comment_to_delete"] {
            let comment = services
                .practices()
                .comment(&author_actor, public.id, None, "Commento")
                .await?;
            put(name, comment.id);
        }
    }
    Ok(())
}

/// The strategy of the world's table as a shared draft with per-role elements, indicators, links and comments,
/// and per-role tables whose strategy is where a version-level operation starts from.
async fn strategy_targets(
    app: &TestApp,
    world: &World,
    targets: &mut Targets,
) -> anyhow::Result<()> {
    use tavolo_domain::{DecisionOutcome, StrategyLevel, StrategyLinkKind};
    use tavolo_service::strategy::{ElementInput, IndicatorInput};

    let strategy = app.services.strategy();
    let system = &Actor::System;
    let titled = |title: &str| ElementInput {
        title: Some(title.into()),
        ..Default::default()
    };
    let target = |value: f64| IndicatorInput {
        name: Some("Indicatore".into()),
        unit: Some("n".into()),
        baseline: Some(0.0),
        target: Some(value),
    };
    let draft = strategy.start_draft(system, world.table.id, None).await?;
    let objective = strategy
        .add_element(
            system,
            draft.id,
            StrategyLevel::Objective,
            None,
            titled("Obiettivo"),
        )
        .await?;
    let action = strategy
        .add_element(
            system,
            draft.id,
            StrategyLevel::Action,
            Some(objective.id),
            titled("Azione"),
        )
        .await?;
    let activity = strategy
        .add_element(
            system,
            draft.id,
            StrategyLevel::Activity,
            Some(action.id),
            titled("Attività"),
        )
        .await?;
    let indicator = strategy
        .add_indicator(system, activity.id, target(10.0))
        .await?;
    targets
        .shared
        .insert("strategy_draft", draft.id.to_string());
    targets
        .shared
        .insert("strategy_action", action.id.to_string());
    targets
        .shared
        .insert("strategy_activity", activity.id.to_string());
    targets
        .shared
        .insert("strategy_indicator", indicator.id.to_string());
    let chair = Actor::Person {
        id: world.person(Chair).id,
        role: InstanceRole::User,
        by_token: false,
    };
    let practice = targets.shared["public_practice"].parse::<i64>()?;
    for role in Role::ALL {
        let mut put = |name: &str, id: i64| {
            targets
                .meeting
                .insert(format!("{role:?}/{name}"), id.to_string())
        };
        let element = strategy
            .add_element(
                system,
                draft.id,
                StrategyLevel::Activity,
                Some(action.id),
                titled("Da rivedere"),
            )
            .await?;
        put("strategy_element", element.id);
        let doomed = strategy
            .add_element(
                system,
                draft.id,
                StrategyLevel::Activity,
                Some(action.id),
                titled("Da togliere"),
            )
            .await?;
        put("strategy_doomed", doomed.id);
        put(
            "strategy_doomed_indicator",
            strategy
                .add_indicator(system, doomed.id, target(3.0))
                .await?
                .id,
        );
        let link = strategy
            .link(&chair, doomed.id, StrategyLinkKind::Practice, practice)
            .await?;
        put("strategy_link", link.id);
        put(
            "strategy_comment",
            strategy
                .comment(&chair, doomed.id, "Da discutere")
                .await?
                .id,
        );

        let empty =
            fixtures::table_with_roles(&app.services, world, &format!("Senza strategia {role:?}"))
                .await?;
        put("strategy_table", empty.id);
        let mut opened = Vec::new();
        for name in ["Da inviare", "Da riaprire", "Da approvare"] {
            let table =
                fixtures::table_with_roles(&app.services, world, &format!("{name} {role:?}"))
                    .await?;
            let version = strategy.start_draft(system, table.id, None).await?;
            strategy
                .add_element(
                    system,
                    version.id,
                    StrategyLevel::Objective,
                    None,
                    titled("Obiettivo"),
                )
                .await?;
            opened.push((table, version));
        }
        put("strategy_to_submit", opened[0].1.id);
        for (_, version) in &opened[1..] {
            strategy.submit(system, version.id).await?;
        }
        put("strategy_to_reopen", opened[1].1.id);
        put("strategy_to_approve", opened[2].1.id);
        let meeting =
            fixtures::held_meeting_at(&app.services, world, opened[2].0.id, "Seduta").await?;
        let agenda = app
            .services
            .meetings()
            .agendas(&Actor::System, &[meeting.id])
            .await?;
        let item = agenda
            .first()
            .ok_or_else(|| anyhow::anyhow!("no agenda item"))?;
        let decided = app
            .services
            .minutes()
            .add_decision(
                system,
                item.id,
                tavolo_service::minutes::DecisionInput {
                    text: "Approvata".into(),
                    outcome: DecisionOutcome::Approved,
                    votes_for: None,
                    votes_against: None,
                    votes_abstained: None,
                },
            )
            .await?;
        put("strategy_decision", decided.id);
    }
    Ok(())
}
