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

const UPDATE_PERSON: &str = "mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { name email } }";

/// Nobody takes over someone else's account through its email address: a table's runner edits only the people they
/// brought in who have not signed in yet (never an address, an administrator or a moderator); the person moves their
/// own account through a link mailed to the new address, with a notice to the old one; administrators set it.
async fn email_belongs_to_its_owner(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = tavolo_tests::smtp::SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let id_of = |role: Role| world.person(role).id.to_string();
    let before = audit_total(&admin).await?;
    // The reviewed attack: the runner of a table edits a member's address.
    for (target, input) in [
        (
            id_of(Role::Delegate),
            json!({ "email": "spia@evil.example" }),
        ),
        (id_of(Role::Delegate), json!({ "name": "Altro nome" })),
        (id_of(Role::Moderator), json!({ "name": "Altro nome" })),
        (id_of(Role::Admin), json!({ "name": "Altro nome" })),
    ] {
        let refused = secretariat
            .gql(UPDATE_PERSON, json!({ "id": target, "i": input }))
            .await?;
        assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    }
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused change wrote something"
    );

    // Someone the runner brought in: their record, not their address, until they sign in.
    let created = secretariat
        .gql(
            "mutation { createPerson(input: { name: \"Nuova Persona\", email: \"nuova@test.example\", password: \"una-password-lunga\" }) { id } }",
            json!({}),
        )
        .await?
        .ok();
    let newcomer = created.data()["createPerson"]["id"].clone();
    secretariat
        .gql(
            UPDATE_PERSON,
            json!({ "id": newcomer, "i": { "name": "Nuova Persona Bianchi" } }),
        )
        .await?
        .ok();
    let address = secretariat
        .gql(
            UPDATE_PERSON,
            json!({ "id": newcomer, "i": { "email": "altra@test.example" } }),
        )
        .await?;
    assert_eq!(address.code(), Some("FORBIDDEN"), "{}", address.body);
    app.client()
        .login("nuova@test.example", "una-password-lunga")
        .await?;
    let signed_in_since = secretariat
        .gql(
            UPDATE_PERSON,
            json!({ "id": newcomer, "i": { "name": "Ancora" } }),
        )
        .await?;
    assert_eq!(
        signed_in_since.code(),
        Some("FORBIDDEN"),
        "{}",
        signed_in_since.body
    );

    // The owner: not through updatePerson, but through a link to the new address.
    let owner = app.signed_in(&world.person(Role::User).email).await?;
    owner
        .gql(
            UPDATE_PERSON,
            json!({ "id": id_of(Role::User), "i": { "email": "io@test.example" } }),
        )
        .await?
        .assert_validation("email");
    let request = "mutation($e: String!, $p: String!) { requestEmailChange(newEmail: $e, currentPassword: $p) }";
    owner
        .gql(request, json!({ "e": "io@test.example", "p": "sbagliata" }))
        .await?
        .assert_validation("currentPassword");
    owner
        .gql(
            request,
            json!({ "e": world.person(Role::Admin).email, "p": fixtures::PASSWORD }),
        )
        .await?
        .assert_validation("newEmail");
    owner
        .gql(
            request,
            json!({ "e": "io@test.example", "p": fixtures::PASSWORD }),
        )
        .await?
        .ok();
    mailer.run_once().await?;
    let received = smtp.received()?;
    let to = |address: &str| {
        received
            .iter()
            .find(|m| m["to"].as_str().is_some_and(|t| t.contains(address)))
            .cloned()
            .unwrap_or_default()
    };
    let notice = to(&world.person(Role::User).email);
    assert!(
        notice["text"]
            .as_str()
            .is_some_and(|t| t.contains("io@test.example")),
        "{notice}"
    );
    assert!(
        !notice["text"]
            .as_str()
            .unwrap_or_default()
            .contains("/account/email/"),
        "{notice}"
    );
    let confirmation = to("io@test.example");
    let text = confirmation["text"].as_str().unwrap_or_default();
    let token = text
        .split("/account/email/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(token.len(), 64, "{confirmation}");
    // Nothing moved yet; the link moves it, once, signed out.
    assert_eq!(
        owner.gql("{ me { email } }", json!({})).await?.ok().data()["me"]["email"],
        world.person(Role::User).email
    );
    let confirm = "mutation($t: String!) { confirmEmailChange(token: $t) }";
    app.client().gql(confirm, json!({ "t": token })).await?.ok();
    app.client()
        .gql(confirm, json!({ "t": token }))
        .await?
        .assert_validation("token");
    app.client()
        .login("io@test.example", fixtures::PASSWORD)
        .await?;
    assert!(
        app.client()
            .login(&world.person(Role::User).email, fixtures::PASSWORD)
            .await
            .is_err()
    );

    // An administrator sets an address directly.
    admin
        .gql(
            UPDATE_PERSON,
            json!({ "id": id_of(Role::Delegate), "i": { "email": "delegato@test.example" } }),
        )
        .await?
        .ok();
    Ok(())
}
on_both_databases!(
    an_email_changes_only_by_its_owner_or_an_admin,
    email_belongs_to_its_owner
);

const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }";

/// Parallel guesses at one address are counted before any hashing, one after another: no more than the allowed
/// number reach the password check, and the address is then locked even for the right password.
async fn parallel_guesses(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let email = world.person(Role::User).email.clone();
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..20 {
        let client = app.client();
        let email = email.clone();
        attempts.spawn(async move {
            client
                .gql(LOGIN, json!({ "e": email, "p": format!("tentativo-{i}") }))
                .await
        });
    }
    let mut checked = 0;
    while let Some(answer) = attempts.join_next().await {
        match answer??.code() {
            Some("UNAUTHENTICATED") => checked += 1,
            Some("RATE_LIMITED") => {}
            other => anyhow::bail!("unexpected answer {other:?}"),
        }
    }
    assert_eq!(
        checked,
        tavolo_service::accounts::LOGIN_FAILURES,
        "passwords checked"
    );
    let locked = app
        .client()
        .gql(LOGIN, json!({ "e": email, "p": fixtures::PASSWORD }))
        .await?;
    assert_eq!(locked.code(), Some("RATE_LIMITED"), "{}", locked.body);
    Ok(())
}
on_both_databases!(
    parallel_guesses_are_counted_before_hashing,
    parallel_guesses
);

/// A password change ends every API token (whoever knew the old password may have made one); a token cannot make
/// more tokens nor change the password; guessing the current password in `changePassword` is throttled like a sign-in.
async fn tokens_and_password_changes(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let person = app.signed_in(&world.person(Role::User).email).await?;
    let create = "mutation { createApiToken(name: \"Integrazione\") { secret } }";
    let made = person.gql(create, json!({})).await?.ok();
    let secret = made.data()["createApiToken"]["secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let integration = Client::with_bearer(&app.base_url, &secret);
    assert!(
        integration
            .gql("{ me { id } }", json!({}))
            .await?
            .ok()
            .data()["me"]["id"]
            .is_string()
    );
    let minted = integration.gql(create, json!({})).await?;
    assert_eq!(minted.code(), Some("FORBIDDEN"), "{}", minted.body);
    let change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";
    let by_token = integration
        .gql(
            change,
            json!({ "c": fixtures::PASSWORD, "n": "una-nuova-password" }),
        )
        .await?;
    assert_eq!(by_token.code(), Some("FORBIDDEN"), "{}", by_token.body);
    person
        .gql(
            change,
            json!({ "c": fixtures::PASSWORD, "n": "una-nuova-password" }),
        )
        .await?
        .ok();
    assert!(
        integration.gql("{ me { id } }", json!({})).await?.data()["me"].is_null(),
        "a token outlived the password it was made with"
    );
    // Guessing through changePassword locks the address like sign-in does.
    for i in 0..tavolo_service::accounts::LOGIN_FAILURES {
        person
            .gql(
                change,
                json!({ "c": format!("tentativo-{i}"), "n": "ancora-un-altra" }),
            )
            .await?
            .assert_validation("currentPassword");
    }
    let limited = person
        .gql(
            change,
            json!({ "c": "una-nuova-password", "n": "ancora-un-altra" }),
        )
        .await?;
    assert_eq!(limited.code(), Some("RATE_LIMITED"), "{}", limited.body);
    Ok(())
}
on_both_databases!(
    password_changes_end_tokens_and_are_throttled,
    tokens_and_password_changes
);

const PRACTICE_VIEW: &str = "query($id: ID!) { practice(id: $id) { title visibility version pendingChanges { since by { name } } } }";

/// An author's edit of a published practice waits for a moderator: the published text (and its visibility, so nothing
/// turns public unreviewed) stays until a moderator accepts it; the author may withdraw it, a moderator refuse it.
async fn published_edits_wait_for_review(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let published = fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Sportello casa",
        tavolo_domain::PracticeStatus::Published,
        tavolo_domain::PracticeVisibility::Network,
    )
    .await?;
    let author = app.signed_in(&world.person(Role::User).email).await?;
    let moderator = app.signed_in(&world.person(Role::Moderator).email).await?;
    let reader = app.signed_in(&world.person(Role::Delegate).email).await?;
    let id = json!({ "id": published.id.to_string() });
    let edit = "mutation($id: ID!, $v: Int!) { updatePractice(id: $id, expectedVersion: $v, input: { title: \"Sportello casa e lavoro\", visibility: PUBLIC }) { title version } }";
    let proposed = author
        .gql(
            edit,
            json!({ "id": published.id.to_string(), "v": published.version }),
        )
        .await?
        .ok();
    assert_eq!(proposed.data()["updatePractice"]["title"], "Sportello casa");
    let open_data = |app: &TestApp| {
        let url = format!("{}/practices.json", app.base_url);
        async move { anyhow::Ok(reqwest::get(url).await?.text().await?) }
    };
    assert!(
        !open_data(&app).await?.contains("Sportello casa"),
        "an unreviewed edit made the practice public"
    );
    let seen = reader.gql(PRACTICE_VIEW, id.clone()).await?.ok();
    assert_eq!(seen.data()["practice"]["title"], "Sportello casa");
    assert!(
        seen.data()["practice"]["pendingChanges"].is_null(),
        "{}",
        seen.body
    );
    let own = author.gql(PRACTICE_VIEW, id.clone()).await?.ok();
    assert_eq!(
        own.data()["practice"]["pendingChanges"]["by"]["name"],
        "User Rossi"
    );
    let version = own.data()["practice"]["version"].clone();

    // Neither the author nor another reader publishes it; a moderator does.
    let accept = "mutation($id: ID!, $v: Int!) { acceptPracticeChanges(id: $id, expectedVersion: $v) { title visibility } }";
    let variables = json!({ "id": published.id.to_string(), "v": version });
    for outsider in [&author, &reader] {
        let refused = outsider.gql(accept, variables.clone()).await?;
        assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    }
    let discard = "mutation($id: ID!) { discardPracticeChanges(id: $id) { title } }";
    let refused = reader.gql(discard, id.clone()).await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    let accepted = moderator.gql(accept, variables).await?.ok();
    assert_eq!(
        accepted.data()["acceptPracticeChanges"]["title"],
        "Sportello casa e lavoro"
    );
    assert_eq!(
        accepted.data()["acceptPracticeChanges"]["visibility"],
        "PUBLIC"
    );
    assert!(open_data(&app).await?.contains("Sportello casa e lavoro"));
    moderator
        .gql(discard, id.clone())
        .await?
        .assert_validation("id");

    // A second edit withdrawn by its author leaves the published text as it was.
    let current = author.gql(PRACTICE_VIEW, id.clone()).await?.ok();
    let again = "mutation($id: ID!, $v: Int!) { updatePractice(id: $id, expectedVersion: $v, input: { title: \"Altro titolo\" }) { title } }";
    author
        .gql(
            again,
            json!({ "id": published.id.to_string(), "v": current.data()["practice"]["version"] }),
        )
        .await?
        .ok();
    author.gql(discard, id.clone()).await?.ok();
    let after = reader.gql(PRACTICE_VIEW, id).await?.ok();
    assert_eq!(after.data()["practice"]["title"], "Sportello casa e lavoro");
    Ok(())
}
on_both_databases!(
    an_authors_edit_of_a_published_practice_waits_for_review,
    published_edits_wait_for_review
);

/// An answer given in the app retires the answer links already mailed: they cannot answer again for the person.
async fn answering_in_the_app_retires_mailed_links(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = tavolo_tests::smtp::SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let meeting = fixtures::meeting(&app.services, world.table.id, "Seduta di aprile", 9).await?;
    app.services
        .meetings()
        .schedule_meeting(&tavolo_domain::Actor::System, meeting.id, false)
        .await?;
    mailer.run_once().await?;
    let delegate_email = world.person(Role::Delegate).email.clone();
    let received = smtp.received()?;
    let mail = received
        .iter()
        .find(|m| {
            m["to"]
                .as_str()
                .is_some_and(|t| t.contains(&delegate_email))
        })
        .cloned()
        .unwrap_or_default();
    let decline = mail["text"]
        .as_str()
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Non partecipo: "))
        .map(|l| l.trim().to_owned())
        .ok_or_else(|| anyhow::anyhow!("no decline link in {mail}"))?;
    let delegate = app.signed_in(&delegate_email).await?;
    let mine = delegate
        .gql(
            "query($id: ID!) { meeting(id: $id) { myInvitation { id } } }",
            json!({ "id": meeting.id.to_string() }),
        )
        .await?
        .ok();
    let invitation = mine.data()["meeting"]["myInvitation"]["id"].clone();
    delegate
        .gql(
            "mutation($id: ID!) { answerInvitation(id: $id, rsvp: ACCEPTED) { rsvp } }",
            json!({ "id": invitation }),
        )
        .await?
        .ok();
    let stale = reqwest::Client::new().post(&decline).send().await?;
    assert_eq!(
        stale.status(),
        409,
        "a mailed link outlived the answer given in the app"
    );
    let kept = delegate
        .gql(
            "query($id: ID!) { meeting(id: $id) { myInvitation { rsvp } } }",
            json!({ "id": meeting.id.to_string() }),
        )
        .await?
        .ok();
    assert_eq!(kept.data()["meeting"]["myInvitation"]["rsvp"], "ACCEPTED");
    Ok(())
}
on_both_databases!(
    an_answer_in_the_app_retires_mailed_links,
    answering_in_the_app_retires_mailed_links
);

/// The Origin of a state-changing request is compared with the public URL, not with the `Host` the request names.
async fn origin_against_public_url(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let http = reqwest::Client::new();
    let forged = http
        .post(format!("{}/graphql", app.base_url))
        .header("host", "evil.example")
        .header("origin", "http://evil.example")
        .json(&json!({ "query": "mutation { logout }" }))
        .send()
        .await?;
    assert_eq!(forged.status(), 403);
    Ok(())
}
on_both_databases!(
    the_origin_is_checked_against_the_public_url,
    origin_against_public_url
);

/// A query repeating one word up to the length limit costs one word's work: it answers like the word alone.
async fn repeated_words(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Sportello casa",
        tavolo_domain::PracticeStatus::Published,
        tavolo_domain::PracticeVisibility::Public,
    )
    .await?;
    app.services.search().catch_up(10_000).await?;
    let query =
        "query($q: String!) { search(query: $q) { total hits { ... on PracticeHit { title } } } }";
    let once = app
        .client()
        .gql(query, json!({ "q": "sportello" }))
        .await?
        .ok();
    let repeated = "sportello ".repeat(50);
    let many = app
        .client()
        .gql(query, json!({ "q": repeated.trim_end() }))
        .await?
        .ok();
    assert_eq!(once.data()["search"], many.data()["search"]);
    assert_eq!(many.data()["search"]["total"], 1);
    Ok(())
}
on_both_databases!(repeated_query_words_cost_one_word, repeated_words);

const TREE_LINKS: &str = "query($id: ID!) { strategyVersion(id: $id) { status elements { title links { kind label path } } } }";

/// Links hang on element keys, so a link added in a draft reaches the public approved version: each link is listed
/// and labelled only for a reader who may read its target (a draft practice, a decision of minutes in review).
async fn links_only_to_readable_targets(backend: Backend) -> anyhow::Result<()> {
    use tavolo_domain::{Actor, DecisionOutcome, StrategyLevel, StrategyLinkKind};
    use tavolo_service::minutes::DecisionInput;
    use tavolo_service::strategy::ElementInput;

    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    fixtures::give_roles(&app.services, &world, world.public_table.id).await?;
    let system = Actor::System;
    let table = world.public_table.id;
    let decide = |text: &'static str, meeting_id: i64| {
        let services = app.services.clone();
        async move {
            let item = services.meetings().agendas(&system, &[meeting_id]).await?[0].id;
            let decision = services
                .minutes()
                .add_decision(
                    &system,
                    item,
                    DecisionInput {
                        text: text.into(),
                        outcome: DecisionOutcome::Approved,
                        votes_for: None,
                        votes_against: None,
                        votes_abstained: None,
                    },
                )
                .await?;
            anyhow::Ok(decision)
        }
    };
    // The strategy approved by a decision of the first meeting.
    let first = fixtures::held_meeting_at(&app.services, &world, table, "Prima seduta").await?;
    let adoption = decide("Si approva la strategia locale", first.id).await?;
    let strategy = app.services.strategy();
    let chair = Actor::Person {
        id: world.person(Role::Chair).id,
        role: tavolo_domain::InstanceRole::User,
        by_token: false,
    };
    let version = strategy.start_draft(&chair, table, None).await?;
    let element = strategy
        .add_element(
            &chair,
            version.id,
            StrategyLevel::Objective,
            None,
            ElementInput {
                title: Some("Orientamento ai servizi".into()),
                ..Default::default()
            },
        )
        .await?;
    strategy.submit(&chair, version.id).await?;
    strategy.approve(&chair, version.id, adoption.id).await?;
    // A new draft links the same element (same key) to what visitors may not read.
    let draft = strategy.start_draft(&chair, table, None).await?;
    let (elements, _) = strategy.tree(&chair, draft.id).await?;
    let copy = elements
        .iter()
        .find(|e| e.key == element.key)
        .ok_or_else(|| anyhow::anyhow!("the draft did not copy the element"))?;
    let second = fixtures::held_meeting_at(&app.services, &world, table, "Seconda seduta").await?;
    let pending = decide("Decisione riservata in revisione", second.id).await?;
    // The chair's own draft practice: the chair may link it, nobody at the table may read it.
    let draft_practice = fixtures::practice(
        &app.services,
        world.person(Role::Chair),
        "Bozza riservata",
        tavolo_domain::PracticeStatus::Draft,
        tavolo_domain::PracticeVisibility::Public,
    )
    .await?;
    strategy
        .link(&chair, copy.id, StrategyLinkKind::Decision, pending.id)
        .await?;
    strategy
        .link(
            &chair,
            copy.id,
            StrategyLinkKind::Practice,
            draft_practice.id,
        )
        .await?;

    let id = json!({ "id": version.id.to_string() });
    for reader in [
        app.client(),
        app.signed_in(&world.person(Role::Observer).email).await?,
    ] {
        let seen = reader.gql(TREE_LINKS, id.clone()).await?.ok();
        let text = seen.body.to_string();
        assert!(
            !text.contains("riservat"),
            "a link to what the reader may not read: {text}"
        );
        assert_eq!(seen.data()["strategyVersion"]["status"], "APPROVED");
    }
    // The table's delegate reads minutes in review: the decision's link is theirs to see.
    let delegate = app.signed_in(&world.person(Role::Delegate).email).await?;
    let theirs = delegate.gql(TREE_LINKS, id).await?.ok();
    let text = theirs.body.to_string();
    assert!(text.contains("Decisione riservata"), "{text}");
    assert!(!text.contains("Bozza riservata"), "{text}");
    Ok(())
}
on_both_databases!(
    strategy_links_show_only_readable_targets,
    links_only_to_readable_targets
);
