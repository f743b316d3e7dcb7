//! The trust boundary: the defects an outside review found (issue 13), each refused where the rule lives.

use serde_json::json;
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, Client, TestApp};

use crate::directory::audit_total;

/// Ranked lists reserve room for `offset + first` rows: a page far down is refused before any engine sees it, so an
/// anonymous request can no longer make the process allocate without bound.
async fn deep_pages(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let visitor = app.client();
    let far = json!({ "o": i32::MAX - 50, "n": 100 });
    let search =
        "query($o: Int!, $n: Int!) { search(query: \"\", first: $n, offset: $o) { total } }";
    let library = "query($o: Int!, $n: Int!) { practices(first: $n, offset: $o) { totalCount } }";
    for query in [search, library] {
        visitor
            .gql(query, far.clone())
            .await?
            .assert_validation("offset");
        // The deepest allowed page still answers.
        visitor
            .gql(query, json!({ "o": 9_900, "n": 100 }))
            .await?
            .ok();
        visitor
            .gql(query, json!({ "o": 9_901, "n": 100 }))
            .await?
            .assert_validation("offset");
    }
    // The server is still there for the next caller.
    let signed_in = app.signed_in(&world.person(Role::User).email).await?;
    signed_in.gql("{ me { id } }", json!({})).await?.ok();
    Ok(())
}
on_both_databases!(deep_pages_are_refused, deep_pages);

const ADD_ROLE: &str = "mutation($t: ID!, $p: ID!, $r: MembershipRole!) { addMembership(tableId: $t, personId: $p, role: $r) { id } }";
const END_ROLE: &str = "mutation($m: ID!) { endMembership(membershipId: $m) { id } }";

/// The chair role is granted and ended only by a chair or an administrator, and nobody grants themself a role: the
/// secretariat can no longer make itself chair and then approve minutes and strategies.
async fn roles_are_granted_by_others(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let chair = app.signed_in(&world.person(Role::Chair).email).await?;
    let table = world.table.id.to_string();
    let id_of = |role: Role| world.person(role).id.to_string();
    let before = audit_total(&admin).await?;
    for (person, role) in [
        (id_of(Role::Secretariat), "CHAIR"),
        (id_of(Role::User), "CHAIR"),
        (id_of(Role::Secretariat), "OBSERVER"),
    ] {
        let refused = secretariat
            .gql(ADD_ROLE, json!({ "t": table, "p": person, "r": role }))
            .await?;
        assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    }
    // Not even a chair grants themself another role.
    let own = chair
        .gql(
            ADD_ROLE,
            json!({ "t": table, "p": id_of(Role::Chair), "r": "SECRETARIAT" }),
        )
        .await?;
    assert_eq!(own.code(), Some("FORBIDDEN"), "{}", own.body);
    let chair_membership = chair_membership_id(&admin, &table).await?;
    let ended = secretariat
        .gql(END_ROLE, json!({ "m": chair_membership }))
        .await?;
    assert_eq!(ended.code(), Some("FORBIDDEN"), "{}", ended.body);
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused change wrote something"
    );

    // The secretariat still grants the other roles to others; the chair grants the chair role.
    secretariat
        .gql(
            ADD_ROLE,
            json!({ "t": table, "p": id_of(Role::User), "r": "OBSERVER" }),
        )
        .await?
        .ok();
    chair
        .gql(
            ADD_ROLE,
            json!({ "t": table, "p": id_of(Role::Moderator), "r": "CHAIR" }),
        )
        .await?
        .ok();
    chair
        .gql(END_ROLE, json!({ "m": chair_membership }))
        .await?
        .ok();
    Ok(())
}
on_both_databases!(
    roles_are_granted_by_others_only,
    roles_are_granted_by_others
);

async fn chair_membership_id(admin: &Client, table: &str) -> anyhow::Result<String> {
    let response = admin
        .gql(
            "query($t: ID!) { table(id: $t) { memberships { id role } } }",
            json!({ "t": table }),
        )
        .await?
        .ok();
    let memberships = response.data()["table"]["memberships"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let chair = memberships.iter().find(|m| m["role"] == "CHAIR");
    Ok(chair
        .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default())
}

/// A table's runners change the organizations seated at their tables, not any organization of the directory.
async fn organizations_of_own_tables(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let elsewhere = fixtures::organization(&app.services, "Prefettura di Siena").await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let update = "mutation($id: ID!, $n: String!) { updateOrganization(id: $id, input: { name: $n }) { name } }";
    let before = audit_total(&admin).await?;
    let refused = secretariat
        .gql(
            update,
            json!({ "id": elsewhere.id.to_string(), "n": "Prefettura di Lucca" }),
        )
        .await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused change wrote something"
    );
    secretariat
        .gql(
            update,
            json!({ "id": world.organization.id.to_string(), "n": "Comune di Grosseto (GR)" }),
        )
        .await?
        .ok();
    admin
        .gql(
            update,
            json!({ "id": elsewhere.id.to_string(), "n": "Prefettura di Lucca" }),
        )
        .await?
        .ok();
    Ok(())
}
on_both_databases!(
    runners_edit_organizations_of_their_tables,
    organizations_of_own_tables
);

/// Visitors see people's names and nothing else about them: no instance role, organization, language, account state
/// or memberships, whichever record leads to the person.
async fn visitors_see_names(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    fixtures::give_roles(&app.services, &world, world.public_table.id).await?;
    let query = "query($t: ID!) { table(id: $t) { memberships { role person { name email instanceRole locale timeZone active organization { name } memberships { role } } } seats { organization { name } delegates { person { name instanceRole } } } } }";
    let variables = json!({ "t": world.public_table.id.to_string() });
    let visitor = app.client().gql(query, variables.clone()).await?.ok();
    let memberships = visitor.data()["table"]["memberships"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!memberships.is_empty(), "{}", visitor.body);
    for membership in &memberships {
        let person = &membership["person"];
        assert!(person["name"].as_str().is_some_and(|n| !n.is_empty()));
        for hidden in [
            "email",
            "instanceRole",
            "locale",
            "timeZone",
            "active",
            "organization",
        ] {
            assert!(
                person[hidden].is_null(),
                "{hidden} shown to a visitor: {person}"
            );
        }
        assert_eq!(person["memberships"], json!([]), "{person}");
    }
    // A public table's delegates show their organization through the seat.
    assert_eq!(
        visitor.data()["table"]["seats"][0]["organization"]["name"],
        "Comune di Grosseto"
    );
    assert!(
        visitor.data()["table"]["seats"][0]["delegates"][0]["person"]["instanceRole"].is_null()
    );
    // Signed-in users keep the working directory.
    let user = app.signed_in(&world.person(Role::User).email).await?;
    let signed_in = user.gql(query, variables).await?.ok();
    let admin_row = signed_in.data()["table"]["memberships"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        admin_row
            .iter()
            .all(|m| m["person"]["instanceRole"].is_string())
    );
    Ok(())
}
on_both_databases!(visitors_see_names_only, visitors_see_names);

const MEETING_VIEW: &str = "query($id: ID!) { meeting(id: $id) { title invitations { name } myInvitation { name } attendance { status } } }";
const TABLE_MEETINGS: &str = "query($t: ID!) { meetings(tableId: $t) { title } }";
const FIND: &str = "query($q: String!) { search(query: $q) { total } }";

/// One rule for draft meetings everywhere (page, lists, search, calendar feeds): members only until scheduled. Who
/// was invited and who came is for the table's members; anyone else invited sees only their own invitation.
async fn drafts_and_participants(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    fixtures::give_roles(&app.services, &world, world.public_table.id).await?;
    let draft =
        fixtures::meeting(&app.services, world.public_table.id, "Seduta riservata", 5).await?;
    let meetings = app.services.meetings();
    meetings
        .invite(
            &tavolo_domain::Actor::System,
            draft.id,
            tavolo_service::meetings::Invitee::Person(world.person(Role::User).id),
            tavolo_domain::InvitationRole::Optional,
        )
        .await?;
    app.services.search().catch_up(10_000).await?;
    let visitor = app.client();
    let user = app.signed_in(&world.person(Role::User).email).await?;
    let observer = app.signed_in(&world.person(Role::Observer).email).await?;
    let id = json!({ "id": draft.id.to_string() });
    let table = json!({ "t": world.public_table.id.to_string() });
    let search = json!({ "q": "riservata" });
    for outsider in [&visitor, &user] {
        assert_eq!(
            outsider.gql(MEETING_VIEW, id.clone()).await?.code(),
            Some("NOT_FOUND")
        );
        assert_eq!(
            outsider
                .gql(TABLE_MEETINGS, table.clone())
                .await?
                .ok()
                .data()["meetings"],
            json!([])
        );
        assert_eq!(
            outsider.gql(FIND, search.clone()).await?.ok().data()["search"]["total"],
            0
        );
    }
    let member_view = observer.gql(MEETING_VIEW, id.clone()).await?.ok();
    assert_eq!(member_view.data()["meeting"]["title"], "Seduta riservata");
    assert_eq!(
        observer.gql(FIND, search.clone()).await?.ok().data()["search"]["total"],
        1
    );

    // Scheduled: the public table's visitors see the meeting, not who is invited; the invited user sees their own
    // invitation only; members see everyone.
    meetings
        .schedule_meeting(&tavolo_domain::Actor::System, draft.id, false)
        .await?;
    app.services.search().catch_up(10_000).await?;
    let seen = visitor.gql(MEETING_VIEW, id.clone()).await?.ok();
    assert_eq!(seen.data()["meeting"]["invitations"], json!([]));
    assert_eq!(
        visitor.gql(FIND, search.clone()).await?.ok().data()["search"]["total"],
        1
    );
    let invited = user.gql(MEETING_VIEW, id.clone()).await?.ok();
    assert_eq!(
        invited.data()["meeting"]["invitations"],
        json!([{ "name": "User Rossi" }])
    );
    assert_eq!(
        invited.data()["meeting"]["myInvitation"]["name"],
        "User Rossi"
    );
    let everyone = observer.gql(MEETING_VIEW, id).await?.ok();
    assert!(
        everyone.data()["meeting"]["invitations"]
            .as_array()
            .is_some_and(|all| all.len() > 1),
        "{}",
        everyone.body
    );
    Ok(())
}
on_both_databases!(
    drafts_are_for_members_and_participants_for_the_table,
    drafts_and_participants
);

/// The assignee of an action item at a table they do not sit at gets the item, its meeting's title and date, and the
/// right to move its status; the meeting itself (agenda, invitees, attendance) stays the table's.
async fn assignees_get_their_item(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let held = fixtures::held_meeting(&app.services, &world, "Seduta di marzo").await?;
    let item = app
        .services
        .minutes()
        .add_action_item(
            &tavolo_domain::Actor::System,
            held.id,
            tavolo_service::minutes::ActionItemInput {
                title: "Mappare gli sportelli".into(),
                assignee_person_id: Some(world.person(Role::User).id),
                ..Default::default()
            },
        )
        .await?;
    let assignee = app.signed_in(&world.person(Role::User).email).await?;
    let mine = assignee
        .gql(
            "{ myActionItems { id title meetingTitle meetingStartsAt meeting { agenda { title } invitations { name } attendance { status } } } }",
            json!({}),
        )
        .await?
        .ok();
    let listed = &mine.data()["myActionItems"][0];
    assert_eq!(listed["title"], "Mappare gli sportelli");
    assert_eq!(listed["meetingTitle"], "Seduta di marzo");
    assert!(listed["meetingStartsAt"].is_string(), "{listed}");
    assert!(
        listed["meeting"].is_null(),
        "the whole meeting reached its assignee: {listed}"
    );
    let page = assignee
        .gql(
            "query($id: ID!) { meeting(id: $id) { title } }",
            json!({ "id": held.id.to_string() }),
        )
        .await?;
    assert_eq!(page.code(), Some("NOT_FOUND"));
    let moved = assignee
        .gql(
            "mutation($id: ID!) { updateActionItemStatus(id: $id, status: IN_PROGRESS) { status } }",
            json!({ "id": item.id.to_string() }),
        )
        .await?
        .ok();
    assert_eq!(
        moved.data()["updateActionItemStatus"]["status"],
        "IN_PROGRESS"
    );
    // Someone else outside the table still cannot touch it, nor learn it exists.
    let moderator = app.signed_in(&world.person(Role::Moderator).email).await?;
    let refused = moderator
        .gql(
            "mutation($id: ID!) { updateActionItemStatus(id: $id, status: DONE) { status } }",
            json!({ "id": item.id.to_string() }),
        )
        .await?;
    assert_eq!(refused.code(), Some("NOT_FOUND"), "{}", refused.body);
    Ok(())
}
on_both_databases!(
    assignees_update_their_item_without_reading_the_meeting,
    assignees_get_their_item
);
