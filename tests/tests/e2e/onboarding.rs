//! People coming in on their own: invitations to an account and their activation, password reset, deactivation,
//! the session list, the first administrator of a new installation and single sign-on's account linking; every
//! refusal carries the reason the web UI words in the person's language.

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use tavolo_domain::{AccountLinkPurpose, InstanceRole};
use tavolo_service::accounts::{FirstAdministrator, VerifiedIdentity};
use tavolo_store::entity::account_link;
use tavolo_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use tavolo_tests::client::GqlResponse;
use tavolo_tests::fixtures::{self, PASSWORD, Role};
use tavolo_tests::smtp::SmtpServer;
use tavolo_tests::{Backend, Client, TestApp};

const ME: &str = "{ me { name email } }";
const CREATE: &str = "mutation($n: String!, $e: String!, $l: Locale) { createPerson(input: { name: $n, email: $e, locale: $l }) { id } }";
const STATE: &str = "query($id: ID!) { person(id: $id) { accountState } }";
const ACTIVATE: &str = "mutation($t: String!, $p: String!, $a: Boolean!) { activateAccount(token: $t, password: $p, acceptTerms: $a) { name } }";
const LINK: &str = "query($t: String!, $p: AccountLinkPurpose!) { accountLink(token: $t, purpose: $p) { state personName email } }";
const RESET_REQUEST: &str = "mutation($e: String!) { requestPasswordReset(email: $e) }";
const RESET: &str =
    "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }";

fn reason(response: &GqlResponse) -> Option<&str> {
    response.body["errors"][0]["extensions"]["reason"].as_str()
}

/// The messages to `address`, oldest first.
fn mail_to(received: &[Value], address: &str) -> Vec<Value> {
    received
        .iter()
        .filter(|m| m["to"].as_str().is_some_and(|t| t.contains(address)))
        .cloned()
        .collect()
}

/// The token of the link to `/account/<path>/` in a message's text.
fn token_in(message: &Value, path: &str) -> String {
    message["text"]
        .as_str()
        .unwrap_or_default()
        .split(&format!("/account/{path}/"))
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
        .to_owned()
}

/// The token with its last character changed.
fn tamper(token: &str) -> String {
    let last = if token.ends_with('0') { '1' } else { '0' };
    format!("{}{last}", &token[..token.len() - 1])
}

async fn state_of(client: &Client, id: &Value) -> anyhow::Result<Value> {
    Ok(client.gql(STATE, json!({ "id": id })).await?.ok().data()["person"]["accountState"].clone())
}

async fn invitations(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let user = app.signed_in(&world.person(Role::User).email).await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;

    // A table's runner brings someone in without a password: an invitation goes out, in their language.
    let created = secretariat
        .gql(
            CREATE,
            json!({ "n": "Grace Hopper", "e": "grace@test.example", "l": "EN" }),
        )
        .await?
        .ok();
    let id = created.data()["createPerson"]["id"].clone();
    assert_eq!(state_of(&secretariat, &id).await?, "INVITED");
    assert_eq!(
        state_of(&user, &id).await?,
        Value::Null,
        "a plain user sees no account state"
    );
    let invited = secretariat
        .gql(
            "{ people(accountState: INVITED) { nodes { email } } }",
            json!({}),
        )
        .await?
        .ok();
    assert_eq!(
        invited.data()["people"]["nodes"],
        json!([{ "email": "grace@test.example" }])
    );
    let refused = user
        .gql(
            "{ people(accountState: INVITED) { nodes { email } } }",
            json!({}),
        )
        .await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);

    mailer.run_once().await?;
    let received = smtp.received()?;
    let invitation = mail_to(&received, "grace@test.example");
    assert_eq!(invitation.len(), 1, "{received:?}");
    assert_eq!(invitation[0]["subject"], "Your Tavolo account");
    let first_token = token_in(&invitation[0], "activate");
    assert_eq!(first_token.len(), 64, "{}", invitation[0]);

    // Resent by whoever brought them in: the first link stops working. Others may not.
    let forbidden = user
        .gql(
            "mutation($id: ID!) { resendAccountInvitation(personId: $id) { id } }",
            json!({ "id": id }),
        )
        .await?;
    assert_eq!(forbidden.code(), Some("FORBIDDEN"), "{}", forbidden.body);
    secretariat
        .gql(
            "mutation($id: ID!) { resendAccountInvitation(personId: $id) { id } }",
            json!({ "id": id }),
        )
        .await?
        .ok();
    mailer.run_once().await?;
    let received = smtp.received()?;
    // The Maildir does not keep the order of arrival: the new link is the one that is not the first.
    let token = mail_to(&received, "grace@test.example")
        .iter()
        .map(|m| token_in(m, "activate"))
        .find(|t| *t != first_token)
        .unwrap_or_default();
    let visitor = app.client();
    let old = visitor
        .gql(LINK, json!({ "t": first_token, "p": "ACTIVATION" }))
        .await?
        .ok();
    assert_eq!(old.data()["accountLink"]["state"], "USED");
    assert_eq!(old.data()["accountLink"]["email"], Value::Null);
    let live = visitor
        .gql(LINK, json!({ "t": token, "p": "ACTIVATION" }))
        .await?
        .ok();
    assert_eq!(
        live.data()["accountLink"],
        json!({ "state": "VALID", "personName": "Grace Hopper", "email": "grace@test.example" })
    );
    let tampered = visitor
        .gql(LINK, json!({ "t": tamper(&token), "p": "ACTIVATION" }))
        .await?
        .ok();
    assert_eq!(tampered.data()["accountLink"]["state"], "UNKNOWN");

    // Activation: terms, then the password rule, each with its reason; nothing changes until both are right.
    let no_terms = visitor
        .gql(
            ACTIVATE,
            json!({ "t": token, "p": "una-password-lunga", "a": false }),
        )
        .await?;
    assert_eq!(
        reason(&no_terms),
        Some("TERMS_NOT_ACCEPTED"),
        "{}",
        no_terms.body
    );
    let weak = visitor
        .gql(ACTIVATE, json!({ "t": token, "p": "corta", "a": true }))
        .await?;
    weak.assert_validation("password");
    assert_eq!(reason(&weak), Some("WEAK_PASSWORD"));
    let own_address = visitor
        .gql(
            ACTIVATE,
            json!({ "t": token, "p": "grace@test.example", "a": true }),
        )
        .await?;
    assert_eq!(
        reason(&own_address),
        Some("WEAK_PASSWORD"),
        "{}",
        own_address.body
    );
    assert_eq!(state_of(&secretariat, &id).await?, "INVITED");
    let stale = visitor
        .gql(
            ACTIVATE,
            json!({ "t": first_token, "p": "una-password-lunga", "a": true }),
        )
        .await?;
    assert_eq!(reason(&stale), Some("LINK_USED"), "{}", stale.body);
    visitor
        .gql(
            ACTIVATE,
            json!({ "t": token, "p": "una-password-lunga", "a": true }),
        )
        .await?
        .ok();
    assert_eq!(
        visitor.gql(ME, json!({})).await?.ok().data()["me"]["email"],
        "grace@test.example",
        "activating signs the person in"
    );
    assert_eq!(state_of(&secretariat, &id).await?, "ACTIVE");
    let again = app
        .client()
        .gql(
            ACTIVATE,
            json!({ "t": token, "p": "altra-password-lunga", "a": true }),
        )
        .await?;
    assert_eq!(reason(&again), Some("LINK_USED"), "{}", again.body);
    app.client()
        .login("grace@test.example", "una-password-lunga")
        .await?;
    let resend_active = secretariat
        .gql(
            "mutation($id: ID!) { resendAccountInvitation(personId: $id) { id } }",
            json!({ "id": id }),
        )
        .await?;
    assert_eq!(
        resend_active.code(),
        Some("FORBIDDEN"),
        "{}",
        resend_active.body
    );

    // Withdrawn by an administrator: the link dies, the person stays, not activated.
    let created = admin
        .gql(CREATE, json!({ "n": "Ada Byron", "e": "ada@test.example" }))
        .await?
        .ok();
    let ada = created.data()["createPerson"]["id"].clone();
    let withdraw = "mutation($id: ID!) { withdrawAccountInvitation(personId: $id) { id } }";
    let by_other_runner = user.gql(withdraw, json!({ "id": ada })).await?;
    assert_eq!(by_other_runner.code(), Some("FORBIDDEN"));
    admin.gql(withdraw, json!({ "id": ada })).await?.ok();
    assert_eq!(state_of(&admin, &ada).await?, "NOT_ACTIVATED");
    let twice = admin.gql(withdraw, json!({ "id": ada })).await?;
    assert_eq!(twice.code(), Some("CONFLICT"), "{}", twice.body);
    mailer.run_once().await?;
    let received = smtp.received()?;
    let withdrawn = token_in(&mail_to(&received, "ada@test.example")[0], "activate");
    let dead = app
        .client()
        .gql(
            ACTIVATE,
            json!({ "t": withdrawn, "p": "una-password-lunga", "a": true }),
        )
        .await?;
    assert_eq!(reason(&dead), Some("LINK_USED"), "{}", dead.body);
    assert_eq!(
        mail_to(&received, "ada@test.example")[0]["subject"],
        "Il tuo account Tavolo",
        "Italian by default"
    );
    Ok(())
}
on_both_databases!(an_invited_person_activates_their_account_once, invitations);

async fn recovery(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let email = world.person(Role::Delegate).email.clone();
    let elsewhere = app.signed_in(&email).await?;
    let token = elsewhere
        .gql(
            "mutation { createApiToken(name: \"Protocollo\") { secret } }",
            json!({}),
        )
        .await?
        .ok()
        .data()["createApiToken"]["secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let integration = Client::with_bearer(&app.base_url, &token);

    // The same answer for an address with an account and one without; only the first gets mail.
    let visitor = app.client();
    let known = visitor
        .gql(RESET_REQUEST, json!({ "e": email }))
        .await?
        .ok();
    let unknown = visitor
        .gql(RESET_REQUEST, json!({ "e": "nessuno@test.example" }))
        .await?
        .ok();
    assert_eq!(known.body, unknown.body);
    mailer.run_once().await?;
    let received = smtp.received()?;
    assert!(mail_to(&received, "nessuno@test.example").is_empty());
    let reset_mail = mail_to(&received, &email);
    assert_eq!(reset_mail.len(), 1, "{received:?}");
    assert_eq!(token_in(&reset_mail[0], "reset").len(), 64);

    // Throttled per address: past three within the hour, nothing more is sent, and the answer does not say so.
    for _ in 0..3 {
        visitor
            .gql(RESET_REQUEST, json!({ "e": email }))
            .await?
            .ok();
    }
    mailer.run_once().await?;
    let received = smtp.received()?;
    let sent = mail_to(&received, &email);
    assert_eq!(sent.len(), 3);
    let mut latest = String::new();
    for message in &sent {
        let token = token_in(message, "reset");
        let state = visitor
            .gql(LINK, json!({ "t": token, "p": "PASSWORD_RESET" }))
            .await?
            .ok();
        if state.data()["accountLink"]["state"] == "VALID" {
            latest = token;
        } else {
            assert_eq!(state.data()["accountLink"]["state"], "USED");
        }
    }
    assert_eq!(latest.len(), 64, "one link of the three is live");
    let link = sent
        .iter()
        .map(|m| token_in(m, "reset"))
        .find(|t| *t != latest)
        .unwrap_or_default();

    // Only the newest link works; a weak password is refused with the rule; the reset ends every credential.
    let replaced = visitor
        .gql(RESET, json!({ "t": link, "p": "nuova-password-lunga" }))
        .await?;
    assert_eq!(reason(&replaced), Some("LINK_USED"), "{}", replaced.body);
    let weak = visitor
        .gql(RESET, json!({ "t": latest, "p": "corta" }))
        .await?;
    weak.assert_validation("newPassword");
    assert_eq!(reason(&weak), Some("WEAK_PASSWORD"));
    visitor
        .gql(RESET, json!({ "t": latest, "p": "nuova-password-lunga" }))
        .await?
        .ok();
    assert_eq!(
        elsewhere.gql(ME, json!({})).await?.ok().data()["me"],
        Value::Null
    );
    let revoked = integration.gql(ME, json!({})).await?;
    assert_eq!(revoked.code(), Some("UNAUTHENTICATED"), "{}", revoked.body);
    let reused = visitor
        .gql(
            RESET,
            json!({ "t": latest, "p": "ancora-un-altra-password" }),
        )
        .await?;
    assert_eq!(reason(&reused), Some("LINK_USED"));
    let wrong = app.client().login(&email, PASSWORD).await;
    assert!(wrong.is_err());
    app.client().login(&email, "nuova-password-lunga").await?;
    mailer.run_once().await?;
    let received = smtp.received()?;
    let notices: Vec<_> = mail_to(&received, &email)
        .into_iter()
        .filter(|m| m["subject"] == "La password di Tavolo è cambiata")
        .collect();
    assert_eq!(notices.len(), 1, "{received:?}");

    // An expired link says so and changes nothing.
    let other = world.person(Role::Observer).email.clone();
    visitor
        .gql(RESET_REQUEST, json!({ "e": other }))
        .await?
        .ok();
    mailer.run_once().await?;
    let expired = token_in(&mail_to(&smtp.received()?, &other)[0], "reset");
    account_link::Entity::update_many()
        .col_expr(
            account_link::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .filter(account_link::Column::Purpose.eq(AccountLinkPurpose::PasswordReset))
        .exec(&app.db.store.db)
        .await?;
    let late = visitor
        .gql(RESET, json!({ "t": expired, "p": "nuova-password-lunga" }))
        .await?;
    assert_eq!(reason(&late), Some("LINK_EXPIRED"), "{}", late.body);
    app.client().login(&other, PASSWORD).await?;
    Ok(())
}
on_both_databases!(a_forgotten_password_is_reset_by_mail, recovery);

async fn deactivation(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let email = world.person(Role::Observer).email.clone();
    let id = world.person(Role::Observer).id.to_string();
    let observer = app.signed_in(&email).await?;
    let update = "mutation($id: ID!, $a: Boolean!) { updatePerson(id: $id, input: { active: $a }) { active accountState } }";

    let off = admin
        .gql(update, json!({ "id": id, "a": false }))
        .await?
        .ok();
    assert_eq!(
        off.data()["updatePerson"],
        json!({ "active": false, "accountState": "DEACTIVATED" })
    );
    assert_eq!(
        observer.gql(ME, json!({})).await?.ok().data()["me"],
        Value::Null
    );
    // The right password gets its own message; a wrong one the usual one.
    let deactivated = app
        .client()
        .gql(
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }",
            json!({ "e": email, "p": PASSWORD }),
        )
        .await?;
    assert_eq!(deactivated.code(), Some("UNAUTHENTICATED"));
    assert_eq!(reason(&deactivated), Some("ACCOUNT_DEACTIVATED"));
    let wrong = app
        .client()
        .gql(
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }",
            json!({ "e": email, "p": "non-e-questa" }),
        )
        .await?;
    assert_eq!(reason(&wrong), Some("WRONG_CREDENTIALS"));

    // Reactivated: the old session stays ended; signing in works again.
    admin
        .gql(update, json!({ "id": id, "a": true }))
        .await?
        .ok();
    assert_eq!(
        observer.gql(ME, json!({})).await?.ok().data()["me"],
        Value::Null
    );
    app.client().login(&email, PASSWORD).await?;

    // An administrator cannot deactivate themselves.
    let own = world.person(Role::Admin).id.to_string();
    admin
        .gql(update, json!({ "id": own, "a": false }))
        .await?
        .assert_validation("active");

    // Too many wrong passwords lock the address, and the refusal says so.
    let locked_email = world.person(Role::User).email.clone();
    let mut last = None;
    for _ in 0..=tavolo_service::accounts::LOGIN_FAILURES {
        last = Some(
            app.client()
                .gql(
                    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }",
                    json!({ "e": locked_email, "p": "non-e-questa" }),
                )
                .await?,
        );
    }
    let last = last.unwrap_or_else(|| unreachable!());
    assert_eq!(last.code(), Some("RATE_LIMITED"), "{}", last.body);
    assert_eq!(reason(&last), Some("LOCKED"));
    Ok(())
}
on_both_databases!(deactivating_someone_ends_their_sessions, deactivation);

async fn sessions(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let email = world.person(Role::Chair).email.clone();
    let here = app.client();
    here.http()
        .post(format!("{}/graphql", app.base_url))
        .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
        .json(&json!({ "query": "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }", "variables": { "e": email, "p": PASSWORD } }))
        .send()
        .await?
        .error_for_status()?;
    let phone = app.signed_in(&email).await?;
    let laptop = app.signed_in(&email).await?;
    const LIST: &str = "{ mySessions { id current userAgent method lastSeenAt } }";
    let listed = here.gql(LIST, json!({})).await?.ok();
    let rows = listed.data()["mySessions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows.iter().filter(|r| r["current"] == true).count(), 1);
    assert!(rows.iter().all(|r| r["method"] == "PASSWORD"));
    let current = rows
        .iter()
        .find(|r| r["current"] == true)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        current["userAgent"], "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
        "{rows:?}"
    );

    // Another person's session cannot be ended; one's own can.
    let phone_id = phone.gql(LIST, json!({})).await?.ok().data()["mySessions"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["current"] == true))
        .map(|r| r["id"].clone())
        .unwrap_or_default();
    let stranger = app.signed_in(&world.person(Role::User).email).await?;
    let refused = stranger
        .gql(
            "mutation($id: ID!) { endSession(id: $id) }",
            json!({ "id": phone_id }),
        )
        .await?;
    assert_eq!(refused.code(), Some("NOT_FOUND"));
    assert!(phone.gql(ME, json!({})).await?.ok().data()["me"].is_object());
    here.gql(
        "mutation($id: ID!) { endSession(id: $id) }",
        json!({ "id": phone_id }),
    )
    .await?
    .ok();
    assert_eq!(
        phone.gql(ME, json!({})).await?.ok().data()["me"],
        Value::Null
    );
    let ended = here
        .gql("mutation { endOtherSessions }", json!({}))
        .await?
        .ok();
    assert_eq!(ended.data()["endOtherSessions"], 1);
    assert_eq!(
        laptop.gql(ME, json!({})).await?.ok().data()["me"],
        Value::Null
    );
    assert!(here.gql(ME, json!({})).await?.ok().data()["me"].is_object());
    Ok(())
}
on_both_databases!(a_person_sees_and_ends_their_sessions, sessions);

async fn first_run(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let visitor = app.client();
    const INSTANCE: &str = "{ instance { needsFirstAdministrator singleSignOn } }";
    assert_eq!(
        visitor.gql(INSTANCE, json!({})).await?.ok().data()["instance"],
        json!({ "needsFirstAdministrator": true, "singleSignOn": null })
    );
    let code = app
        .services
        .accounts()
        .setup_code()
        .await?
        .unwrap_or_default();
    assert_eq!(code.len(), 14, "{code}");
    // Another process asking gets the same code.
    assert_eq!(
        app.services.accounts().setup_code().await?.as_deref(),
        Some(code.as_str())
    );
    const CREATE_ADMIN: &str = "mutation($c: String!) { createFirstAdministrator(input: { code: $c, name: \"Prima Amministratrice\", email: \"prima@test.example\", password: \"una-password-lunga\" }) { name instanceRole } }";
    let wrong = visitor
        .gql(CREATE_ADMIN, json!({ "c": "AAAA-BBBB-CCCC" }))
        .await?;
    assert_eq!(reason(&wrong), Some("WRONG_SETUP_CODE"), "{}", wrong.body);
    visitor
        .gql(CREATE_ADMIN, json!({ "c": code.to_lowercase() }))
        .await?
        .ok();
    assert_eq!(
        visitor
            .gql("{ me { instanceRole } }", json!({}))
            .await?
            .ok()
            .data()["me"]["instanceRole"],
        "ADMIN"
    );
    let again = app.client().gql(CREATE_ADMIN, json!({ "c": code })).await?;
    assert_eq!(reason(&again), Some("ALREADY_SET_UP"), "{}", again.body);
    assert_eq!(
        visitor.gql(INSTANCE, json!({})).await?.ok().data()["instance"]["needsFirstAdministrator"],
        false
    );
    assert_eq!(app.services.accounts().setup_code().await?, None);
    // Once set up, even after the only administrator is demoted elsewhere, the setup never opens again.
    let direct = app
        .services
        .accounts()
        .create_first_administrator(
            &code,
            FirstAdministrator {
                name: "Seconda".into(),
                email: "seconda@test.example".into(),
                password: "una-password-lunga".into(),
                locale: tavolo_domain::Locale::It,
                time_zone: None,
            },
            None,
        )
        .await;
    assert!(direct.is_err());
    Ok(())
}
on_both_databases!(
    a_new_installation_creates_its_first_administrator_once,
    first_run
);

async fn sign_on_linking(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let accounts = app.services.accounts();
    let identity = |subject: &str, email: &str, verified: bool| VerifiedIdentity {
        issuer: "https://idp.test.example".into(),
        subject: subject.into(),
        email: Some(email.into()),
        email_verified: verified,
        name: Some("Nome Dal Provider".into()),
        locale: None,
    };
    let chair = world.person(Role::Chair).email.clone();
    // An address the provider did not verify links nothing.
    assert!(
        accounts
            .sign_on(identity("s-1", &chair, false), true, None)
            .await
            .is_err()
    );
    // A verified address links to the existing person; later the subject alone finds them, whatever the address.
    let linked = accounts
        .sign_on(identity("s-1", &chair, true), false, None)
        .await?;
    assert_eq!(linked.person.id, world.person(Role::Chair).id);
    let again = accounts
        .sign_on(identity("s-1", "altro@test.example", false), false, None)
        .await?;
    assert_eq!(again.person.id, world.person(Role::Chair).id);
    // Unknown address: refused unless the installation creates accounts.
    let refused = accounts
        .sign_on(identity("s-2", "nuovo@test.example", true), false, None)
        .await;
    assert!(matches!(
        refused,
        Err(tavolo_service::ServiceError::Validation { ref problem, .. })
            if problem.reason == tavolo_service::Reason::NoAccountForSignOn
    ));
    let created = accounts
        .sign_on(identity("s-2", "nuovo@test.example", true), true, None)
        .await?;
    assert_eq!(created.person.name, "Nome Dal Provider");
    assert_eq!(created.person.instance_role, InstanceRole::User);
    // A deactivated person is refused through the provider too.
    let observer = world.person(Role::Observer);
    app.services
        .directory()
        .update_person(
            &tavolo_domain::Actor::System,
            observer.id,
            tavolo_service::directory::PersonInput {
                active: Some(false),
                ..Default::default()
            },
        )
        .await?;
    assert!(
        accounts
            .sign_on(identity("s-3", &observer.email, true), false, None)
            .await
            .is_err()
    );
    Ok(())
}
on_both_databases!(single_sign_on_links_by_verified_address, sign_on_linking);

async fn guest_account(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let meeting = fixtures::meeting(&app.services, world.table.id, "Plenaria", 10).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    const INVITE: &str = "mutation($m: ID!, $e: String!, $o: Boolean!) { invite(meetingId: $m, invitee: { email: $e, name: \"Ospite Esterna\", offerAccount: $o }) { id person { id } } }";
    let plain = secretariat
        .gql(
            INVITE,
            json!({ "m": meeting.id.to_string(), "e": "solo.ospite@test.example", "o": false }),
        )
        .await?
        .ok();
    assert_eq!(plain.data()["invite"]["person"], Value::Null);
    let offered = secretariat
        .gql(
            INVITE,
            json!({ "m": meeting.id.to_string(), "e": "futura.socia@test.example", "o": true }),
        )
        .await?
        .ok();
    let person = offered.data()["invite"]["person"]["id"].clone();
    assert!(person.is_string(), "{}", offered.body);
    assert_eq!(state_of(&secretariat, &person).await?, "INVITED");
    mailer.run_once().await?;
    let received = smtp.received()?;
    let invitation = mail_to(&received, "futura.socia@test.example");
    assert!(
        invitation
            .iter()
            .any(|m| token_in(m, "activate").len() == 64),
        "{received:?}"
    );
    // A duplicate refused writes no person.
    let again = secretariat
        .gql(
            INVITE,
            json!({ "m": meeting.id.to_string(), "e": "futura.socia@test.example", "o": true }),
        )
        .await?;
    again.assert_validation("email");
    // An observer, who cannot invite, brings nobody in.
    let observer = app.signed_in(&world.person(Role::Observer).email).await?;
    let refused = observer
        .gql(
            INVITE,
            json!({ "m": meeting.id.to_string(), "e": "altra@test.example", "o": true }),
        )
        .await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    let none = secretariat
        .gql(
            "{ people(search: \"altra@test.example\") { totalCount } }",
            json!({}),
        )
        .await?
        .ok();
    assert_eq!(none.data()["people"]["totalCount"], 0);
    Ok(())
}
on_both_databases!(
    a_guest_invited_to_a_meeting_can_be_offered_an_account,
    guest_account
);
