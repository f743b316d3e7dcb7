//! Sign-in, sessions (cookie flags, expiry, revocation), password change and API tokens.

use serde_json::json;
use tavolo_tests::fixtures::{self, PASSWORD, Role};
use tavolo_tests::{Backend, Client, TestApp};

const ME: &str = "{ me { name email instanceRole } }";

async fn sessions(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let email = world.person(Role::Chair).email.clone();

    let visitor = app.client();
    assert_eq!(
        visitor.gql(ME, json!({})).await?.ok().data()["me"],
        json!(null)
    );

    // Wrong password and unknown email get the same answer.
    let wrong = visitor.gql("mutation { login(email: \"chair@test.example\", password: \"nope-nope-nope\") { id } }", json!({})).await?;
    assert_eq!(wrong.code(), Some("UNAUTHENTICATED"));
    let unknown = visitor.gql("mutation { login(email: \"ghost@test.example\", password: \"nope-nope-nope\") { id } }", json!({})).await?;
    assert_eq!(
        unknown.body["errors"][0]["message"],
        wrong.body["errors"][0]["message"]
    );

    // The session cookie is HttpOnly and SameSite.
    let response = visitor
        .http()
        .post(format!("{}/graphql", app.base_url))
        .json(&json!({ "query": "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }", "variables": { "e": email, "p": PASSWORD } }))
        .send()
        .await?;
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("tavolo_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(
        visitor.gql(ME, json!({})).await?.ok().data()["me"]["name"],
        "Chair Rossi"
    );

    // A second session survives logout of the first; a revoked session is signed out.
    let other = app.signed_in(&email).await?;
    visitor.gql("mutation { logout }", json!({})).await?.ok();
    assert_eq!(
        visitor.gql(ME, json!({})).await?.ok().data()["me"],
        json!(null)
    );
    assert_eq!(
        other.gql(ME, json!({})).await?.ok().data()["me"]["name"],
        "Chair Rossi"
    );

    // Changing the password revokes the other sessions and keeps the current one.
    let third = app.signed_in(&email).await?;
    let bad = other
        .gql("mutation { changePassword(currentPassword: \"wrong-password\", newPassword: \"a-new-long-password\") }", json!({}))
        .await?;
    bad.assert_validation("currentPassword");
    let short = other
        .gql(
            "mutation($c: String!) { changePassword(currentPassword: $c, newPassword: \"short\") }",
            json!({ "c": PASSWORD }),
        )
        .await?;
    short.assert_validation("newPassword");
    other
        .gql("mutation($c: String!) { changePassword(currentPassword: $c, newPassword: \"a-new-long-password\") }", json!({ "c": PASSWORD }))
        .await?
        .ok();
    assert_eq!(
        other.gql(ME, json!({})).await?.ok().data()["me"]["name"],
        "Chair Rossi"
    );
    assert_eq!(
        third.gql(ME, json!({})).await?.ok().data()["me"],
        json!(null)
    );
    assert!(app.client().login(&email, PASSWORD).await.is_err());
    app.client().login(&email, "a-new-long-password").await?;
    Ok(())
}
on_both_databases!(sessions_are_server_side_and_revocable, sessions);

async fn api_tokens(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let owner = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let created = owner
        .gql("mutation { createApiToken(name: \"Protocollo\", expiresInDays: 30) { secret token { id name expiresAt } } }", json!({}))
        .await?
        .ok();
    let secret = created.data()["createApiToken"]["secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let id = created.data()["createApiToken"]["token"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(secret.starts_with("tvl_"));

    let integration = Client::with_bearer(&app.base_url, &secret);
    assert_eq!(
        integration.gql(ME, json!({})).await?.ok().data()["me"]["name"],
        "Secretariat Rossi"
    );

    owner
        .gql(
            "mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }",
            json!({ "id": id }),
        )
        .await?
        .ok();
    let refused = integration.gql(ME, json!({})).await?;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.code(), Some("UNAUTHENTICATED"));

    // A made-up token is refused, never treated as a visitor.
    let forged = Client::with_bearer(&app.base_url, "tvl_0000")
        .gql(ME, json!({}))
        .await?;
    assert_eq!(forged.code(), Some("UNAUTHENTICATED"));

    let bad_expiry = owner
        .gql(
            "mutation { createApiToken(name: \"x\", expiresInDays: 0) { secret } }",
            json!({}),
        )
        .await?;
    bad_expiry.assert_validation("expiresInDays");
    Ok(())
}
on_both_databases!(api_tokens_authenticate_integrations, api_tokens);

async fn expiry(backend: Backend) -> anyhow::Result<()> {
    use chrono::{Duration, Utc};
    use tavolo_store::entity::session;
    use tavolo_store::sea_orm::{EntityTrait, sea_query::Expr};

    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let client = app.signed_in(&world.person(Role::User).email).await?;
    assert_eq!(
        client.gql(ME, json!({})).await?.ok().data()["me"]["name"],
        "User Rossi"
    );
    session::Entity::update_many()
        .col_expr(
            session::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .exec(&app.db.store.db)
        .await?;
    assert_eq!(
        client.gql(ME, json!({})).await?.ok().data()["me"],
        json!(null)
    );
    // Signed out, the same client can still sign in again.
    client
        .login(&world.person(Role::User).email, PASSWORD)
        .await?;
    Ok(())
}
on_both_databases!(expired_sessions_sign_out, expiry);

async fn lockout(backend: Backend) -> anyhow::Result<()> {
    use tavolo_service::accounts::LOGIN_FAILURES;
    use tavolo_store::entity::login_throttle;
    use tavolo_store::sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let email = world.person(fixtures::Role::User).email.clone();
    let client = app.client();
    let login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }";
    let attempt =
        |address: &str, password: &str| client.gql(login, json!({ "e": address, "p": password }));
    // A success before the limit starts the count again.
    for _ in 0..LOGIN_FAILURES - 1 {
        assert_eq!(
            attempt(&email, "sbagliata").await?.code(),
            Some("UNAUTHENTICATED")
        );
    }
    attempt(&email, fixtures::PASSWORD).await?.ok();
    for _ in 0..LOGIN_FAILURES {
        assert_eq!(
            attempt(&email, "sbagliata").await?.code(),
            Some("UNAUTHENTICATED")
        );
    }
    // Locked: even the right password is refused, with when to come back.
    let locked = attempt(&email, fixtures::PASSWORD).await?;
    assert_eq!(locked.code(), Some("RATE_LIMITED"), "{}", locked.body);
    let retry = locked.body["errors"][0]["extensions"]["retryAfter"]
        .as_i64()
        .unwrap_or_default();
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    // Other accounts are not affected; an unknown address locks the same way, so nothing tells them apart.
    app.signed_in(&world.person(fixtures::Role::Observer).email)
        .await?;
    for _ in 0..LOGIN_FAILURES {
        assert_eq!(
            attempt("nessuno@test.example", "x").await?.code(),
            Some("UNAUTHENTICATED")
        );
    }
    assert_eq!(
        attempt("nessuno@test.example", "x").await?.code(),
        Some("RATE_LIMITED")
    );
    // Once the lock has passed, the right password works again.
    let row = login_throttle::Entity::find_by_id(email.clone())
        .one(&app.db.store.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no throttle row"))?;
    let mut expired = row.into_active_model();
    expired.locked_until = Set(Some(chrono::Utc::now() - chrono::Duration::seconds(1)));
    expired.update(&app.db.store.db).await?;
    attempt(&email, fixtures::PASSWORD).await?.ok();
    assert!(
        login_throttle::Entity::find_by_id(email)
            .one(&app.db.store.db)
            .await?
            .is_none()
    );
    Ok(())
}

on_both_databases!(repeated_failed_logins_lock_the_address, lockout);
