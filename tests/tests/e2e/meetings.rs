//! Meetings through GraphQL: the whole lifecycle, optimistic locking, and every invalid transition or input refused with nothing written.

use serde_json::{Value, json};
use tavolo_domain::{Actor, MembershipRole};
use tavolo_store::entity::domain_event;
use tavolo_store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tavolo_tests::fixtures::{self, Role, local_time};
use tavolo_tests::{Backend, TestApp};

use crate::directory::audit_total;

const CREATE: &str = "mutation($t: ID!, $i: MeetingFields!) { createMeeting(tableId: $t, input: $i) { id status agendaVersion sequence localStart timeZone agenda { title followUp } invitations { id name role rsvp person { id } } } }";
const MEETING: &str = "query($id: ID!) { meeting(id: $id) { id status sequence agendaVersion localStart localEnd startsAt cancelReason agenda { id title position } invitations { id email rsvp } attendance { status person { name } organization { name } } quorum { memberOrganizations presentOrganizations required reached } minutes { id status version markdown revisions { number kind reason } comments { body parentId author { name } } decisions { text outcome } actionItems { title overdue status } notes { body html } } } }";
const ADD_ITEM: &str = "mutation($m: ID!, $v: Int!, $t: String) { addAgendaItem(meetingId: $m, expectedVersion: $v, input: { title: $t, plannedMinutes: 30 }) { id position } }";

fn id(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

async fn events_of(app: &TestApp, kind: &str) -> anyhow::Result<u64> {
    Ok(domain_event::Entity::find()
        .filter(domain_event::Column::Kind.eq(kind))
        .count(&app.db.store.db)
        .await?)
}

async fn lifecycle(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let delegate = app.signed_in(&world.person(Role::Delegate).email).await?;
    let admin = app.signed_in("admin@test.example").await?;
    let observer = app.signed_in(&world.person(Role::Observer).email).await?;
    let table = world.table.id.to_string();

    // A draft invites the chair, the secretariat and the titular delegate, not the observer.
    let input = json!({ "title": "Seduta plenaria", "start": local_time(7, 10), "end": local_time(7, 12), "place": "Sala consiliare" });
    let created = secretariat
        .gql(CREATE, json!({ "t": table, "i": input }))
        .await?
        .ok();
    let meeting = &created.data()["createMeeting"];
    let meeting_id = id(&meeting["id"]);
    assert_eq!(meeting["status"], "DRAFT");
    assert_eq!(meeting["timeZone"], "Europe/Rome");
    assert_eq!(meeting["localStart"], json!(local_time(7, 10)));
    let invited: Vec<&str> = meeting["invitations"]
        .as_array()
        .map(|all| all.iter().filter_map(|i| i["name"].as_str()).collect())
        .unwrap_or_default();
    for name in ["Chair Rossi", "Secretariat Rossi", "Delegate Rossi"] {
        assert!(invited.contains(&name), "{name} not invited: {invited:?}");
    }
    assert!(!invited.contains(&"Observer Rossi"));

    // The agenda, with optimistic locking: a stale version is a conflict carrying the current one.
    let first = secretariat
        .gql(
            ADD_ITEM,
            json!({ "m": meeting_id, "v": 1, "t": "Approvazione del verbale precedente" }),
        )
        .await?
        .ok();
    let first_id = id(&first.data()["addAgendaItem"]["id"]);
    secretariat
        .gql(
            ADD_ITEM,
            json!({ "m": meeting_id, "v": 2, "t": "Strategia locale: obiettivo 1" }),
        )
        .await?
        .ok();
    let before = audit_total(&admin).await?;
    let stale = secretariat
        .gql(
            ADD_ITEM,
            json!({ "m": meeting_id, "v": 2, "t": "Varie ed eventuali" }),
        )
        .await?;
    assert_eq!(stale.code(), Some("CONFLICT"));
    assert_eq!(stale.body["errors"][0]["extensions"]["currentVersion"], 3);
    assert_eq!(audit_total(&admin).await?, before);
    let moved = secretariat
        .gql("mutation($i: ID!) { moveAgendaItem(id: $i, position: 1, expectedVersion: 3) { title position } }", json!({ "i": first_id }))
        .await?
        .ok();
    assert_eq!(
        moved.data()["moveAgendaItem"][1]["title"],
        "Approvazione del verbale precedente"
    );
    secretariat
        .gql("mutation($i: ID!) { moveAgendaItem(id: $i, position: 5, expectedVersion: 4) { title } }", json!({ "i": first_id }))
        .await?
        .assert_validation("position");

    // Invitations: anyone by email, never twice.
    let invite = "mutation($m: ID!, $i: InviteeInput!) { invite(meetingId: $m, invitee: $i) { id rsvp role } }";
    secretariat
        .gql(invite, json!({ "m": meeting_id, "i": { "email": "mediatrice@esterni.example", "name": "Amina Mediatrice", "role": "OPTIONAL" } }))
        .await?
        .ok();
    secretariat
        .gql(invite, json!({ "m": meeting_id, "i": { "email": "Mediatrice@Esterni.example", "name": "Amina" } }))
        .await?
        .assert_validation("email");
    let chair_id = world.person(Role::Chair).id.to_string();
    secretariat
        .gql(
            invite,
            json!({ "m": meeting_id, "i": { "personId": chair_id } }),
        )
        .await?
        .assert_validation("personId");
    let refused = observer
        .gql(
            invite,
            json!({ "m": meeting_id, "i": { "email": "x@y.example", "name": "X" } }),
        )
        .await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"));

    // Scheduling publishes an event; rescheduling raises the SEQUENCE and publishes another.
    secretariat
        .gql(
            "mutation($id: ID!) { scheduleMeeting(id: $id) { status } }",
            json!({ "id": meeting_id }),
        )
        .await?
        .ok();
    assert_eq!(events_of(&app, "meeting_scheduled").await?, 1);
    let moved = secretariat
        .gql("mutation($id: ID!, $s: String!, $e: String!) { updateMeeting(id: $id, input: { start: $s, end: $e }) { sequence localStart } }", json!({ "id": meeting_id, "s": local_time(8, 15), "e": local_time(8, 17) }))
        .await?
        .ok();
    assert_eq!(moved.data()["updateMeeting"]["sequence"], 1);
    assert_eq!(events_of(&app, "meeting_rescheduled").await?, 1);

    // Members answer their own invitation, and only their own.
    let mine = delegate
        .gql(
            "query($id: ID!) { meeting(id: $id) { myInvitation { id } } }",
            json!({ "id": meeting_id }),
        )
        .await?
        .ok();
    let invitation = id(&mine.data()["meeting"]["myInvitation"]["id"]);
    let answer =
        "mutation($i: ID!, $r: Rsvp!) { answerInvitation(id: $i, rsvp: $r) { rsvp respondedAt } }";
    assert_eq!(
        delegate
            .gql(answer, json!({ "i": invitation, "r": "ACCEPTED" }))
            .await?
            .ok()
            .data()["answerInvitation"]["rsvp"],
        "ACCEPTED"
    );
    assert_eq!(
        observer
            .gql(answer, json!({ "i": invitation, "r": "DECLINED" }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );
    delegate
        .gql(answer, json!({ "i": invitation, "r": "DELEGATED" }))
        .await?
        .assert_validation("delegateToPersonId");

    // A scheduled meeting that has not started cannot be held; it can be cancelled with a reason.
    let held = secretariat
        .gql(
            "mutation($id: ID!) { markMeetingHeld(id: $id) { status } }",
            json!({ "id": meeting_id }),
        )
        .await?;
    held.assert_validation("id");
    secretariat
        .gql(
            "mutation($id: ID!) { cancelMeeting(id: $id, reason: \" \") { status } }",
            json!({ "id": meeting_id }),
        )
        .await?
        .assert_validation("reason");
    let cancelled = secretariat
        .gql("mutation($id: ID!) { cancelMeeting(id: $id, reason: \"Sciopero dei trasporti\") { status sequence cancelReason } }", json!({ "id": meeting_id }))
        .await?
        .ok();
    assert_eq!(cancelled.data()["cancelMeeting"]["status"], "CANCELLED");
    assert_eq!(cancelled.data()["cancelMeeting"]["sequence"], 2);
    assert_eq!(events_of(&app, "meeting_cancelled").await?, 1);
    Ok(())
}
on_both_databases!(meeting_lifecycle_from_draft_to_cancellation, lifecycle);

async fn minutes(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let delegate = app.signed_in(&world.person(Role::Delegate).email).await?;
    let chair = app.signed_in(&world.person(Role::Chair).email).await?;
    let admin = app.signed_in("admin@test.example").await?;
    let observer = app.signed_in(&world.person(Role::Observer).email).await?;
    let held = fixtures::held_meeting(&app.services, &world, "Seduta del tavolo").await?;
    let meeting_id = held.id.to_string();

    let read = secretariat
        .gql(MEETING, json!({ "id": meeting_id }))
        .await?
        .ok();
    let meeting = &read.data()["meeting"];
    assert_eq!(meeting["status"], "HELD");
    assert_eq!(
        meeting["quorum"],
        json!({ "memberOrganizations": 1, "presentOrganizations": 1, "required": 1, "reached": true })
    );
    assert_eq!(
        meeting["attendance"][0]["organization"]["name"],
        "Comune di Grosseto"
    );
    let item = id(&meeting["agenda"][0]["id"]);
    assert_eq!(meeting["minutes"]["version"], 1);

    // Saving: every save is a revision; a stale save is a conflict and changes nothing.
    let save = "mutation($m: ID!, $v: Int!, $n: [NoteInput!]!) { saveMinutes(meetingId: $m, expectedVersion: $v, notes: $n) { version status } }";
    let note = |body: &str| json!([{ "agendaItemId": item, "body": body }]);
    secretariat.gql(save, json!({ "m": meeting_id, "v": 1, "n": note("Il tavolo discute la **bozza** di strategia. <script>alert(1)</script>") })).await?.ok();
    let stale = secretariat
        .gql(
            save,
            json!({ "m": meeting_id, "v": 1, "n": note("Versione concorrente") }),
        )
        .await?;
    assert_eq!(stale.code(), Some("CONFLICT"));
    assert_eq!(stale.body["errors"][0]["extensions"]["currentVersion"], 2);
    let after = secretariat
        .gql(MEETING, json!({ "id": meeting_id }))
        .await?
        .ok();
    let minutes = &after.data()["meeting"]["minutes"];
    assert_eq!(minutes["revisions"].as_array().map(Vec::len), Some(1));
    assert!(
        minutes["notes"][0]["body"]
            .as_str()
            .unwrap_or_default()
            .contains("bozza")
    );
    let html = minutes["notes"][0]["html"].as_str().unwrap_or_default();
    assert!(
        html.contains("<strong>bozza</strong>") && !html.contains("<script"),
        "{html}"
    );

    // Decisions and action items; a due date before the meeting is refused.
    let decision = "mutation($i: ID!, $o: DecisionOutcome!) { addDecision(agendaItemId: $i, input: { text: \"Rinviare l'approvazione dell'obiettivo 2\", outcome: $o, votesFor: 9, votesAgainst: 1, votesAbstained: 2 }) { id } }";
    secretariat
        .gql(decision, json!({ "i": item, "o": "DEFERRED" }))
        .await?
        .ok();
    let action = "mutation($m: ID!, $d: NaiveDate, $p: ID) { addActionItem(meetingId: $m, input: { title: \"Raccogliere i dati degli sportelli\", dueDate: $d, assigneePersonId: $p }) { id status } }";
    let delegate_id = world.person(Role::Delegate).id.to_string();
    let yesterday_minus = (chrono::Utc::now() - chrono::Duration::days(3))
        .format("%Y-%m-%d")
        .to_string();
    secretariat
        .gql(
            action,
            json!({ "m": meeting_id, "d": yesterday_minus, "p": delegate_id }),
        )
        .await?
        .assert_validation("dueDate");
    let due = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let added = secretariat
        .gql(
            action,
            json!({ "m": meeting_id, "d": due, "p": delegate_id }),
        )
        .await?
        .ok();
    let action_id = id(&added.data()["addActionItem"]["id"]);
    assert_eq!(events_of(&app, "action_item_assigned").await?, 1);
    let mine = delegate
        .gql("{ myActionItems { title meeting { title } } }", json!({}))
        .await?
        .ok();
    assert_eq!(
        mine.data()["myActionItems"][0]["meeting"]["title"],
        "Seduta del tavolo"
    );
    let status = "mutation($i: ID!, $s: ActionItemStatus!) { updateActionItemStatus(id: $i, status: $s) { status } }";
    delegate
        .gql(status, json!({ "i": action_id, "s": "IN_PROGRESS" }))
        .await?
        .ok();
    assert_eq!(
        observer
            .gql(status, json!({ "i": action_id, "s": "DONE" }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );

    // Review: approving a draft is refused; in review, delegates comment and the secretariat answers.
    let version = |r: &tavolo_tests::GqlResponse| {
        r.data()["meeting"]["minutes"]["version"]
            .as_i64()
            .unwrap_or_default()
    };
    let current = version(
        &secretariat
            .gql(MEETING, json!({ "id": meeting_id }))
            .await?
            .ok(),
    );
    let approve = "mutation($m: ID!, $v: Int!) { approveMinutes(meetingId: $m, expectedVersion: $v, method: LATER_MEETING, note: \"Approvato nella seduta successiva\") { status approvedAt approvedBy { name } } }";
    chair
        .gql(approve, json!({ "m": meeting_id, "v": current }))
        .await?
        .assert_validation("status");
    let observer_view = observer
        .gql(MEETING, json!({ "id": meeting_id }))
        .await?
        .ok();
    assert_eq!(
        observer_view.data()["meeting"]["minutes"],
        json!(null),
        "observers must not read unapproved minutes"
    );
    secretariat.gql("mutation($m: ID!, $v: Int!) { sendMinutesForReview(meetingId: $m, expectedVersion: $v) { status } }", json!({ "m": meeting_id, "v": current })).await?.ok();
    let comment = "mutation($m: ID!, $b: String!, $p: ID) { commentMinutes(meetingId: $m, body: $b, parentId: $p) { id } }";
    let asked = delegate
        .gql(
            comment,
            json!({ "m": meeting_id, "b": "Manca il dato sugli sportelli di prossimità" }),
        )
        .await?
        .ok();
    let asked_id = id(&asked.data()["commentMinutes"]["id"]);
    secretariat
        .gql(
            comment,
            json!({ "m": meeting_id, "b": "Aggiunto al punto 1", "p": asked_id }),
        )
        .await?
        .ok();
    assert_eq!(
        observer
            .gql(comment, json!({ "m": meeting_id, "b": "Io?" }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );
    delegate
        .gql(comment, json!({ "m": meeting_id, "b": " " }))
        .await?
        .assert_validation("body");
    let current = version(
        &secretariat
            .gql(MEETING, json!({ "id": meeting_id }))
            .await?
            .ok(),
    );
    secretariat.gql(save, json!({ "m": meeting_id, "v": current, "n": note("Il tavolo discute la bozza di strategia e i dati degli sportelli di prossimità.") })).await?.ok();

    // Only the chair approves; approved minutes are immutable, corrections are errata with a reason.
    let current = version(
        &secretariat
            .gql(MEETING, json!({ "id": meeting_id }))
            .await?
            .ok(),
    );
    assert_eq!(
        secretariat
            .gql(approve, json!({ "m": meeting_id, "v": current }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );
    let approved = chair
        .gql(approve, json!({ "m": meeting_id, "v": current }))
        .await?
        .ok();
    assert_eq!(
        approved.data()["approveMinutes"]["approvedBy"]["name"],
        "Chair Rossi"
    );
    assert_eq!(events_of(&app, "minutes_approved").await?, 1);
    let current = version(
        &secretariat
            .gql(MEETING, json!({ "id": meeting_id }))
            .await?
            .ok(),
    );
    let before = audit_total(&admin).await?;
    secretariat
        .gql(
            save,
            json!({ "m": meeting_id, "v": current, "n": note("Riscrittura") }),
        )
        .await?
        .assert_validation("status");
    secretariat
        .gql(decision, json!({ "i": item, "o": "APPROVED" }))
        .await?
        .assert_validation("status");
    let erratum = "mutation($m: ID!, $v: Int!, $r: String!, $n: [NoteInput!]!) { addMinutesErratum(meetingId: $m, expectedVersion: $v, reason: $r, notes: $n) { status version } }";
    secretariat
        .gql(
            erratum,
            json!({ "m": meeting_id, "v": current, "r": "", "n": note("x") }),
        )
        .await?
        .assert_validation("reason");
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused change wrote something"
    );
    secretariat
        .gql(erratum, json!({ "m": meeting_id, "v": current, "r": "Refuso nel nome dello sportello", "n": note("Il tavolo discute la bozza di strategia e i dati degli sportelli di prossimità (Follonica).") }))
        .await?
        .ok();
    let final_view = observer
        .gql(MEETING, json!({ "id": meeting_id }))
        .await?
        .ok();
    let minutes = &final_view.data()["meeting"]["minutes"];
    assert_eq!(
        minutes["status"], "APPROVED",
        "approved minutes are readable by every member"
    );
    let revisions = minutes["revisions"].as_array().cloned().unwrap_or_default();
    let last = revisions.last().cloned().unwrap_or_default();
    assert_eq!(last["kind"], "ERRATUM");
    assert_eq!(last["reason"], "Refuso nel nome dello sportello");
    // An observer reads the approved text and its errata, never the drafts before it nor the review thread.
    let approved = revisions.first().cloned().unwrap_or_default();
    assert_eq!(revisions.len(), 2, "{revisions:?}");
    assert!(approved["number"].as_i64() > Some(1), "{revisions:?}");
    assert_eq!(minutes["comments"], json!([]));
    // Reading drafts at another table with meetings (here as its secretariat) opens no drafts at this one: the rule
    // is checked against each row's own meeting.
    app.services
        .tables()
        .add_membership(
            &Actor::System,
            world.network_table.id,
            world.person(Role::Observer).id,
            MembershipRole::Secretariat,
        )
        .await?;
    fixtures::meeting(&app.services, world.network_table.id, "Altra seduta", 3).await?;
    let still = observer
        .gql(MEETING, json!({ "id": meeting_id }))
        .await?
        .ok();
    assert_eq!(
        still.data()["meeting"]["minutes"]["revisions"],
        final_view.data()["meeting"]["minutes"]["revisions"]
    );
    assert_eq!(still.data()["meeting"]["minutes"]["comments"], json!([]));
    let reviewer_view = delegate
        .gql(MEETING, json!({ "id": meeting_id }))
        .await?
        .ok();
    let reviewer_minutes = &reviewer_view.data()["meeting"]["minutes"];
    assert_eq!(reviewer_minutes["revisions"][0]["number"], 1);
    assert!(
        reviewer_minutes["comments"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "{reviewer_minutes}"
    );
    let markdown = minutes["markdown"].as_str().unwrap_or_default();
    for expected in [
        "# Verbale — Seduta del tavolo",
        "Presenti: Delegate Rossi",
        "rinviata",
        "Raccogliere i dati degli sportelli",
        "(Follonica)",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected} missing from:\n{markdown}"
        );
    }
    let diff_query = "query($m: ID!, $f: Int!, $t: Int!) { minutesDiff(meetingId: $m, from: $f, to: $t) { change text } }";
    observer
        .gql(
            diff_query,
            json!({ "m": meeting_id, "f": 1, "t": last["number"] }),
        )
        .await?
        .assert_validation("from");
    delegate
        .gql(
            diff_query,
            json!({ "m": meeting_id, "f": 1, "t": last["number"] }),
        )
        .await?
        .ok();
    let diff = observer
        .gql(
            diff_query,
            json!({ "m": meeting_id, "f": approved["number"], "t": last["number"] }),
        )
        .await?
        .ok();
    let lines = diff.data()["minutesDiff"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        lines.iter().any(|l| l["change"] == "ADDED"
            && l["text"].as_str().unwrap_or_default().contains("Follonica"))
    );
    assert!(lines.iter().any(|l| l["change"] == "REMOVED"));
    observer
        .gql(
            diff_query,
            json!({ "m": meeting_id, "f": approved["number"], "t": 99 }),
        )
        .await?
        .assert_validation("to");

    // The next meeting opens with the follow-up of open actions and deferred decisions.
    let next = secretariat
        .gql(CREATE, json!({ "t": world.table.id.to_string(), "i": { "title": "Seduta successiva", "start": local_time(14, 10), "end": local_time(14, 12) } }))
        .await?
        .ok();
    let agenda = &next.data()["createMeeting"]["agenda"];
    assert_eq!(agenda[0]["followUp"], true);
    Ok(())
}
on_both_databases!(minutes_from_draft_to_erratum, minutes);

async fn invalid(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let admin = app.signed_in("admin@test.example").await?;
    let table = world.table.id.to_string();
    let before = audit_total(&admin).await?;
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({ "title": "X", "start": local_time(3, 12), "end": local_time(3, 10) }),
            "end",
        ),
        (
            json!({ "title": "X", "start": local_time(3, 10), "end": local_time(5, 10) }),
            "end",
        ),
        (
            json!({ "title": "X", "start": local_time(3, 10), "end": local_time(3, 12), "timeZone": "Europe/Atlantide" }),
            "timeZone",
        ),
        (
            json!({ "title": "X", "start": local_time(-3, 10), "end": local_time(-3, 12) }),
            "start",
        ),
        (
            json!({ "title": "X", "start": "domani alle 10", "end": local_time(3, 12) }),
            "start",
        ),
        (
            json!({ "title": "x".repeat(201), "start": local_time(3, 10), "end": local_time(3, 12) }),
            "title",
        ),
        (
            json!({ "title": "X", "start": "2030-03-31T02:30", "end": "2030-03-31T04:00" }),
            "start",
        ),
        (
            json!({ "title": "X", "start": local_time(3, 10), "end": local_time(3, 12), "onlineUrl": "javascript:alert(1)" }),
            "onlineUrl",
        ),
    ];
    for (input, field) in cases {
        secretariat
            .gql(CREATE, json!({ "t": table, "i": input }))
            .await?
            .assert_validation(field);
    }
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused meeting wrote something"
    );

    // Multi-day meetings may last longer than a day.
    let multi = json!({ "title": "Formazione", "start": local_time(3, 9), "end": local_time(4, 17), "multiDay": true });
    secretariat
        .gql(CREATE, json!({ "t": table, "i": multi }))
        .await?
        .ok();

    // A held meeting cannot be cancelled, and its agenda no longer changes.
    let held = fixtures::held_meeting(&app.services, &world, "Seduta tenuta").await?;
    let held_id = held.id.to_string();
    let past = fixtures::meeting(&app.services, world.table.id, "Recupero", -2).await?;
    let before = audit_total(&admin).await?;
    secretariat
        .gql(
            "mutation($id: ID!) { cancelMeeting(id: $id, reason: \"Errore\") { status } }",
            json!({ "id": held_id }),
        )
        .await?
        .assert_validation("status");
    secretariat
        .gql(
            ADD_ITEM,
            json!({ "m": held_id, "v": held.agenda_version, "t": "Tardivo" }),
        )
        .await?
        .assert_validation("status");
    secretariat
        .gql(
            "mutation($id: ID!) { scheduleMeeting(id: $id) { status } }",
            json!({ "id": held_id }),
        )
        .await?
        .assert_validation("status");
    // A past draft is scheduled only with the explicit flag.
    secretariat
        .gql(
            "mutation($id: ID!) { scheduleMeeting(id: $id) { status } }",
            json!({ "id": past.id.to_string() }),
        )
        .await?
        .assert_validation("start");
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused transition wrote something"
    );
    secretariat
        .gql(
            "mutation($id: ID!) { scheduleMeeting(id: $id, allowPast: true) { status } }",
            json!({ "id": past.id.to_string() }),
        )
        .await?
        .ok();
    Ok(())
}
on_both_databases!(invalid_meeting_input_is_refused, invalid);

async fn reports(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let observer = app.signed_in(&world.person(Role::Observer).email).await?;
    let held =
        fixtures::held_meeting(&app.services, &world, "Seduta \"speciale\", con virgola").await?;
    let table = world.table.id.to_string();

    let from = (chrono::Utc::now() - chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    let to = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let query = "query($t: ID!, $f: NaiveDate!, $to: NaiveDate!) { attendanceReport(tableId: $t, from: $f, to: $to) { sessions peopleReached organizationsReached hours rows { title peoplePresent } csv italian: csv(locale: IT) } }";
    let report = secretariat
        .gql(query, json!({ "t": table, "f": from, "to": to }))
        .await?
        .ok();
    let report = &report.data()["attendanceReport"];
    assert_eq!(report["sessions"], 1);
    assert_eq!(report["peopleReached"], 1);
    assert_eq!(report["organizationsReached"], 1);
    assert_eq!(report["hours"], 2.0);
    let csv = report["csv"].as_str().unwrap_or_default();
    assert!(
        csv.starts_with("date,title,hours,people_present,organizations_present\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",\"Seduta \"\"speciale\"\", con virgola\",2.00,1,1\r\n"),
        "{csv}"
    );
    assert!(csv.ends_with("total,\"1 sessions\",2.00,1,1\r\n"), "{csv}");
    // For an Italian spreadsheet: semicolons, decimal comma, Italian headers.
    let italian = report["italian"].as_str().unwrap_or_default();
    assert!(
        italian.starts_with("data;titolo;ore;persone_presenti;enti_presenti\r\n"),
        "{italian}"
    );
    assert!(
        italian.contains(";\"Seduta \"\"speciale\"\", con virgola\";2,00;1;1\r\n"),
        "{italian}"
    );
    assert!(
        italian.ends_with("totale;\"1 sedute\";2,00;1;1\r\n"),
        "{italian}"
    );
    secretariat
        .gql(query, json!({ "t": table, "f": to, "to": from }))
        .await?
        .assert_validation("to");
    assert_eq!(
        observer
            .gql(query, json!({ "t": table, "f": from, "to": to }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );

    // The minutes as documents: Markdown and a printable page, for those who may read them.
    let html = secretariat
        .http()
        .get(format!(
            "{}/meetings/{}/minutes.html",
            app.base_url, held.id
        ))
        .send()
        .await?;
    assert_eq!(html.status(), 200);
    assert!(
        html.headers()["content-security-policy"]
            .to_str()?
            .contains("default-src 'none'")
    );
    let page = html.text().await?;
    assert!(
        page.contains("<h1>Verbale — Seduta &quot;speciale&quot;, con virgola</h1>")
            || page.contains("<h1>Verbale — Seduta \"speciale\", con virgola</h1>"),
        "{page}"
    );
    let markdown = secretariat
        .http()
        .get(format!("{}/meetings/{}/minutes.md", app.base_url, held.id))
        .send()
        .await?
        .text()
        .await?;
    assert!(markdown.contains("Presenti: Delegate Rossi"), "{markdown}");
    // In the reader's language on request; the stored record stays Italian.
    let english = secretariat
        .http()
        .get(format!(
            "{}/meetings/{}/minutes.md?lang=en",
            app.base_url, held.id
        ))
        .send()
        .await?;
    assert!(
        english
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("minutes-")),
    );
    let english = english.text().await?;
    assert!(english.starts_with("# Minutes — "), "{english}");
    assert!(english.contains("Present: Delegate Rossi"), "{english}");
    let hidden = observer
        .http()
        .get(format!("{}/meetings/{}/minutes.md", app.base_url, held.id))
        .send()
        .await?;
    assert_eq!(hidden.status(), 404, "draft minutes are not for observers");
    let anonymous = app
        .client()
        .http()
        .get(format!("{}/meetings/{}/minutes.md", app.base_url, held.id))
        .send()
        .await?;
    assert_eq!(anonymous.status(), 404);

    // The quorum rule is the table's, within bounds.
    let admin = app.signed_in("admin@test.example").await?;
    let rule = "mutation($id: ID!, $q: Int!) { updateTable(id: $id, input: { quorumPercent: $q }) { quorumPercent } }";
    admin
        .gql(rule, json!({ "id": table, "q": 0 }))
        .await?
        .assert_validation("quorumPercent");
    admin
        .gql(rule, json!({ "id": table, "q": 101 }))
        .await?
        .assert_validation("quorumPercent");
    assert_eq!(
        admin
            .gql(rule, json!({ "id": table, "q": 75 }))
            .await?
            .ok()
            .data()["updateTable"]["quorumPercent"],
        75
    );
    Ok(())
}
on_both_databases!(attendance_reports_and_exports, reports);

/// A guest invited by address alone is marked present (entering the directory as a contact without an account,
/// mailed nothing), stands in for another organization's seat and so counts for the quorum; bad references are
/// refused with their reason and write nothing.
async fn guests(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let meeting = fixtures::meeting(&app.services, world.table.id, "Seduta con ospite", -1).await?;
    let other = fixtures::meeting(&app.services, world.table.id, "Altra seduta", -2).await?;
    let other_org = fixtures::organization(&app.services, "Associazione Donne dal Mondo").await?;
    let seat = app
        .services
        .tables()
        .add_seat(&tavolo_domain::Actor::System, world.table.id, other_org.id)
        .await?;
    for id in [meeting.id, other.id] {
        app.services
            .meetings()
            .schedule_meeting(&tavolo_domain::Actor::System, id, true)
            .await?;
    }
    let invite = "mutation($m: ID!) { invite(meetingId: $m, invitee: { email: \"mario.ospite@example.org\", name: \"Mario Ospite\", role: OPTIONAL }) { id } }";
    let invited = secretariat
        .gql(invite, json!({ "m": meeting.id.to_string() }))
        .await?
        .ok();
    let invitation = invited.data()["invite"]["id"].clone();
    let mark = "mutation($m: ID!, $i: ID, $p: ID, $s: ID) { recordAttendance(meetingId: $m, invitationId: $i, personId: $p, status: PRESENT, seatId: $s) { status seatId person { name email } organization { name } } }";
    let marked = secretariat
        .gql(
            mark,
            json!({ "m": meeting.id.to_string(), "i": invitation, "s": seat.id.to_string() }),
        )
        .await?
        .ok();
    let row = &marked.data()["recordAttendance"];
    assert_eq!(row["person"]["name"], "Mario Ospite");
    assert_eq!(row["organization"]["name"], "Associazione Donne dal Mondo");
    // Marked again, the same contact is used: no second person.
    secretariat
        .gql(
            mark,
            json!({ "m": meeting.id.to_string(), "i": invitation, "s": seat.id.to_string() }),
        )
        .await?
        .ok();
    let people = tavolo_store::entity::person::Entity::find()
        .filter(tavolo_store::entity::person::Column::Email.eq("mario.ospite@example.org"))
        .all(&app.db.store.db)
        .await?;
    assert_eq!(people.len(), 1, "one contact for the guest");
    assert!(people[0].password_hash.is_none());
    let quorum = secretariat
        .gql(
            "query($id: ID!) { meeting(id: $id) { quorum { presentOrganizations memberOrganizations } attendance { status seatId } invitations { person { name } } } }",
            json!({ "id": meeting.id.to_string() }),
        )
        .await?
        .ok();
    let invitations = quorum.data()["meeting"]["invitations"].to_string();
    assert!(invitations.contains("Mario Ospite"), "{invitations}");
    assert_eq!(
        quorum.data()["meeting"]["quorum"]["presentOrganizations"],
        1,
        "{}",
        quorum.body
    );

    let admin = app.signed_in("admin@test.example").await?;
    let before = audit_total(&admin).await?;
    secretariat
        .gql(mark, json!({ "m": meeting.id.to_string() }))
        .await?
        .assert_refused("personId", "REQUIRED");
    secretariat
        .gql(mark, json!({ "m": other.id.to_string(), "i": invitation }))
        .await?
        .assert_refused("invitationId", "UNKNOWN_REFERENCE");
    assert_eq!(audit_total(&admin).await?, before);
    Ok(())
}
on_both_databases!(guests_and_substitutes_count_on_the_sheet, guests);

/// A meeting already held is recorded in one request: held, with its agenda, invitees, who was present and open
/// draft minutes, and nothing mailed; a future end, an empty agenda or someone not invited is refused, writing nothing.
async fn after_the_fact(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let admin = app.signed_in("admin@test.example").await?;
    let record = "mutation($t: ID!, $i: MeetingFields!, $a: [String!]!, $p: [ID!]!) { recordHeldMeeting(tableId: $t, input: $i, agenda: $a, presentPersonIds: $p) { id status agenda { title } attendance { status person { name } organization { name } } minutes { status } } }";
    let past = json!({ "title": "Seduta del mese scorso", "start": local_time(-20, 10), "end": local_time(-20, 12) });
    let delegate = world.person(Role::Delegate);
    let table = world.table.id.to_string();

    let before = audit_total(&admin).await?;
    for (input, agenda, present, field, reason) in [
        (
            json!({ "title": "Domani", "start": local_time(-1, 10), "end": local_time(1, 12), "multiDay": true }),
            json!(["Punto"]),
            json!([]),
            "end",
            "IN_THE_FUTURE",
        ),
        (past.clone(), json!([" "]), json!([]), "agenda", "REQUIRED"),
        (
            past.clone(),
            json!(["Punto"]),
            json!([world.person(Role::User).id.to_string()]),
            "presentPersonIds",
            "UNKNOWN_REFERENCE",
        ),
    ] {
        secretariat
            .gql(
                record,
                json!({ "t": table, "i": input, "a": agenda, "p": present }),
            )
            .await?
            .assert_refused(field, reason);
    }
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refusal wrote something"
    );

    let recorded = secretariat
        .gql(
            record,
            json!({ "t": table, "i": past, "a": ["Monitoraggio", "Varie ed eventuali"], "p": [delegate.id.to_string()] }),
        )
        .await?
        .ok();
    let meeting = &recorded.data()["recordHeldMeeting"];
    assert_eq!(meeting["status"], "HELD");
    assert_eq!(meeting["agenda"].as_array().map(Vec::len), Some(2));
    assert_eq!(meeting["agenda"][1]["title"], "Varie ed eventuali");
    assert_eq!(
        meeting["attendance"][0]["person"]["name"],
        delegate.name.as_str()
    );
    assert_eq!(meeting["attendance"][0]["status"], "PRESENT");
    assert_eq!(meeting["minutes"]["status"], "DRAFT");
    // Over before it was recorded: the mail worker expands its event into no invitation (nothing listens on
    // this address, and nothing needs to).
    let id: i64 = meeting["id"].as_str().unwrap_or_default().parse()?;
    let _ = app.mailer("smtp://127.0.0.1:9")?.run_once().await;
    assert!(events_of(&app, "meeting_scheduled").await? > 0);
    let queued = tavolo_store::entity::mail_outbox::Entity::find()
        .filter(tavolo_store::entity::mail_outbox::Column::MeetingId.eq(id))
        .count(&app.db.store.db)
        .await?;
    assert_eq!(queued, 0);
    Ok(())
}
on_both_databases!(
    a_meeting_already_held_is_recorded_in_one_step,
    after_the_fact
);
