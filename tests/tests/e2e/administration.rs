//! What administrators do without GraphiQL: merging duplicate organizations, ending a table, the mail outbox and
//! sending again, the instance's health, and the audit log filtered and exported as CSV.

use serde_json::{Value, json};
use tavolo_domain::{Actor, InstanceRole};
use tavolo_tests::fixtures::{self, PASSWORD, Role};
use tavolo_tests::smtp::SmtpServer;
use tavolo_tests::{Backend, TestApp};

async fn merging(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    // A duplicate of the world's organization, with a person and a seat (and its delegate) at the world's table.
    let duplicate = fixtures::organization(&app.services, "ASL Sud Est (doppione)").await?;
    let person = fixtures::person(
        &app.services,
        "Doppia Persona",
        "doppia@test.example",
        InstanceRole::User,
        Some(duplicate.id),
    )
    .await?;
    let tables = app.services.tables();
    let seat = tables
        .add_seat(&Actor::System, world.table.id, duplicate.id)
        .await?;
    tables
        .appoint_delegate(
            &Actor::System,
            seat.id,
            person.id,
            tavolo_domain::DelegateKind::Titular,
        )
        .await?;
    const MERGE: &str = "mutation($k: ID!, $d: ID!) { mergeOrganizations(keptId: $k, duplicateId: $d) { id name people { email } } }";
    let vars = json!({ "k": world.organization.id.to_string(), "d": duplicate.id.to_string() });
    let refused = secretariat.gql(MERGE, vars.clone()).await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    let same = admin
        .gql(
            MERGE,
            json!({ "k": world.organization.id.to_string(), "d": world.organization.id.to_string() }),
        )
        .await?;
    same.assert_validation("duplicateId");
    let merged = admin.gql(MERGE, vars).await?.ok();
    let people = merged.data()["mergeOrganizations"]["people"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        people.iter().any(|p| p["email"] == "doppia@test.example"),
        "{people:?}"
    );
    let gone = admin
        .gql(
            "query($id: ID!) { organization(id: $id) { id } }",
            json!({ "id": duplicate.id.to_string() }),
        )
        .await?;
    assert_eq!(gone.code(), Some("NOT_FOUND"));
    // The world's organization already sat at the table: the duplicate's delegate now sits on its seat.
    let seats = admin
        .gql(
            "query($id: ID!) { table(id: $id) { seats { organization { id } delegates { person { email } } } } }",
            json!({ "id": world.table.id.to_string() }),
        )
        .await?
        .ok();
    let kept = seats.data()["table"]["seats"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|s| {
            s["organization"]["id"].as_str() == Some(world.organization.id.to_string().as_str())
        })
        .collect::<Vec<Value>>();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0]["delegates"].as_array().is_some_and(|d| d
            .iter()
            .any(|d| d["person"]["email"] == "doppia@test.example")),
        "{kept:?}"
    );
    Ok(())
}
on_both_databases!(an_administrator_merges_duplicate_organizations, merging);

async fn ending(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let chair = app.signed_in(&world.person(Role::Chair).email).await?;
    const END: &str = "mutation($id: ID!) { endTable(id: $id) { endedAt } }";
    let id = json!({ "id": world.table.id.to_string() });
    let refused = chair.gql(END, id.clone()).await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    let ended = admin.gql(END, id.clone()).await?.ok();
    assert!(ended.data()["endTable"]["endedAt"].is_string());
    let again = admin.gql(END, id).await?;
    assert_eq!(again.code(), Some("CONFLICT"));
    let meeting = chair
        .gql(
            "mutation($t: ID!) { createMeeting(tableId: $t, input: { title: \"Dopo la fine\", start: \"2031-03-03T10:00\", end: \"2031-03-03T12:00\" }) { id } }",
            json!({ "t": world.table.id.to_string() }),
        )
        .await?;
    meeting.assert_validation("tableId");
    Ok(())
}
on_both_databases!(an_ended_table_takes_no_new_meetings, ending);

async fn outbox(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let user = app.signed_in(&world.person(Role::User).email).await?;
    // The test SMTP server refuses recipients named rifiutato…: the invitation fails for good.
    admin
        .gql(
            "mutation { createPerson(input: { name: \"Rifiutato\", email: \"rifiutato@test.example\" }) { id } }",
            json!({}),
        )
        .await?
        .ok();
    mailer.run_once().await?;
    const FAILED: &str = "{ mailOutbox(status: FAILED) { totalCount nodes { id recipientEmail lastError attempts } } }";
    let refused = user.gql(FAILED, json!({})).await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"));
    let failed = admin.gql(FAILED, json!({})).await?.ok();
    let message = failed.data()["mailOutbox"]["nodes"][0].clone();
    assert_eq!(
        message["recipientEmail"], "rifiutato@test.example",
        "{failed:?}"
    );
    assert!(message["lastError"].is_string(), "{message}");
    const HEALTH: &str =
        "{ instanceHealth { database searchPending mailQueued mailFailed oldestQueuedAt } }";
    let health = admin.gql(HEALTH, json!({})).await?.ok();
    assert_eq!(health.data()["instanceHealth"]["database"], true);
    assert_eq!(health.data()["instanceHealth"]["mailFailed"], 1);
    assert_eq!(health.data()["instanceHealth"]["mailQueued"], 0);
    assert_eq!(user.gql(HEALTH, json!({})).await?.code(), Some("FORBIDDEN"));
    const RETRY: &str = "mutation($id: ID!) { retryMail(id: $id) { status attempts } }";
    let retried = admin.gql(RETRY, json!({ "id": message["id"] })).await?.ok();
    assert_eq!(
        retried.data()["retryMail"],
        json!({ "status": "QUEUED", "attempts": 0 })
    );
    let twice = admin.gql(RETRY, json!({ "id": message["id"] })).await?;
    twice.assert_validation("id");
    let health = admin.gql(HEALTH, json!({})).await?.ok();
    assert_eq!(health.data()["instanceHealth"]["mailQueued"], 1);
    assert!(health.data()["instanceHealth"]["oldestQueuedAt"].is_string());
    Ok(())
}
on_both_databases!(an_administrator_sees_failed_mail_and_sends_it_again, outbox);

async fn audit(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let chair_id = world.person(Role::Chair).id.to_string();
    app.signed_in(&world.person(Role::Chair).email).await?;
    const LOGINS: &str = "query($p: ID, $a: String, $from: DateTime) { auditEvents(personId: $p, action: $a, from: $from) { totalCount nodes { action actor { id } } } }";
    let logins = admin
        .gql(LOGINS, json!({ "p": chair_id, "a": "login" }))
        .await?
        .ok();
    assert_eq!(logins.data()["auditEvents"]["totalCount"], 1);
    assert_eq!(
        logins.data()["auditEvents"]["nodes"][0]["actor"]["id"],
        chair_id
    );
    let future = admin
        .gql(
            LOGINS,
            json!({ "p": chair_id, "a": "login", "from": "2099-01-01T00:00:00Z" }),
        )
        .await?
        .ok();
    assert_eq!(future.data()["auditEvents"]["totalCount"], 0);

    // The export: a spreadsheet's CSV of the filtered log, for administrators only.
    admin
        .gql(
            "mutation { createOrganization(input: { name: \"Comune di \\\"Prova\\\"\", kind: MUNICIPALITY }) { id } }",
            json!({}),
        )
        .await?
        .ok();
    let response = admin
        .http()
        .get(format!(
            "{}/audit.csv?entityType=organization&personId={}",
            app.base_url,
            world.person(Role::Admin).id
        ))
        .send()
        .await?;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("attachment")),
    );
    let body = response.text().await?;
    let mut lines = body.lines();
    assert_eq!(
        lines.next(),
        Some("time,actor,action,entity_type,entity_id,table_id,summary")
    );
    let row = lines.next().unwrap_or_default();
    assert!(
        row.contains("\"created organization 'Comune di \"\"Prova\"\"'\""),
        "{row}"
    );
    assert_eq!(
        lines.next(),
        None,
        "only the organization's creation matches"
    );
    assert!(row.contains(&world.person(Role::Admin).email), "{row}");
    let user = app.client();
    user.login(&world.person(Role::User).email, PASSWORD)
        .await?;
    let forbidden = user
        .http()
        .get(format!("{}/audit.csv", app.base_url))
        .send()
        .await?;
    assert_eq!(forbidden.status(), 403);
    Ok(())
}
on_both_databases!(the_audit_log_is_filtered_and_exported, audit);
