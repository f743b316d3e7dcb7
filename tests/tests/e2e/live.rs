//! Subscriptions over WebSocket (graphql-ws): a meeting's changes reach who may see it as they are committed, and
//! nobody else; a subscription ends with the session that opened it; a connection holds a bounded number; another
//! site's page cannot open one with the visitor's cookie.

use std::time::Duration;

use serde_json::json;
use tavolo_domain::Actor;
use tavolo_service::meetings::AgendaItemInput;
use tavolo_tests::fixtures;
use tavolo_tests::live::{LiveSocket, gql_as, session_cookie};
use tavolo_tests::{Backend, TestApp};

const MEETING: &str =
    "subscription($m: ID!) { meetingChanges(meetingId: $m) { meetingId action byPersonId } }";
const WAIT: Duration = Duration::from_secs(10);

async fn add_item(app: &TestApp, meeting_id: i64, title: &str) -> anyhow::Result<()> {
    let meetings = app.services.meetings();
    let version = meetings
        .meeting(&Actor::System, meeting_id)
        .await?
        .agenda_version;
    let input = AgendaItemInput {
        title: Some(title.into()),
        ..Default::default()
    };
    meetings
        .add_agenda_item(&Actor::System, meeting_id, input, version)
        .await?;
    Ok(())
}

async fn subscriptions(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let ours = fixtures::meeting(&app.services, world.table.id, "Seduta in diretta", 5).await?;
    let other = fixtures::meeting(&app.services, world.table.id, "Altra seduta", 6).await?;
    let base = app.base_url.as_str();

    let cookie = session_cookie(base, "secretariat@test.example").await?;
    let mut secretariat = LiveSocket::connect(base, Some(&cookie), Some(base)).await?;
    secretariat
        .subscribe("1", MEETING, json!({ "m": ours.id.to_string() }))
        .await?;
    // A change elsewhere is not announced here; the change of this meeting is, once committed.
    tokio::time::sleep(Duration::from_millis(300)).await;
    add_item(&app, other.id, "Altro punto").await?;
    add_item(&app, ours.id, "Punto nuovo").await?;
    // (The follower may still be announcing the meeting's creation, committed just before subscribing.)
    loop {
        let next = secretariat
            .next_for("1", WAIT)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no change announced"))?;
        assert_eq!(next["type"], "next", "{next}");
        let change = &next["payload"]["data"]["meetingChanges"];
        assert_eq!(change["meetingId"], ours.id.to_string(), "{next}");
        if change["action"] == "agenda" {
            break;
        }
    }

    // Who is editing the minutes: announced to whoever has the meeting open, by those who may write them.
    let chair = session_cookie(base, "chair@test.example").await?;
    let said = gql_as(
        base,
        &chair,
        "mutation($m: ID!) { announceEditing(meetingId: $m) }",
        json!({ "m": ours.id.to_string() }),
    )
    .await?;
    assert_eq!(said["data"]["announceEditing"], true, "{said}");
    let editing = secretariat
        .next_for("1", WAIT)
        .await?
        .ok_or_else(|| anyhow::anyhow!("nobody heard of the editing"))?;
    let change = &editing["payload"]["data"]["meetingChanges"];
    assert_eq!(change["action"], "editing", "{editing}");
    assert_eq!(
        change["byPersonId"],
        world.person(fixtures::Role::Chair).id.to_string()
    );
    let delegate_says = gql_as(
        base,
        &session_cookie(base, "delegate@test.example").await?,
        "mutation($m: ID!) { announceEditing(meetingId: $m) }",
        json!({ "m": ours.id.to_string() }),
    )
    .await?;
    assert_eq!(
        delegate_says["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{delegate_says}"
    );

    // Refused like the query: a visitor and someone outside a members-only table.
    for cookie in [None, Some(session_cookie(base, "user@test.example").await?)] {
        let mut outsider = LiveSocket::connect(base, cookie.as_deref(), None).await?;
        outsider
            .subscribe("1", MEETING, json!({ "m": ours.id.to_string() }))
            .await?;
        let refused = outsider
            .next_for("1", WAIT)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no answer to a refused subscription"))?;
        let code = refused["payload"][0]["extensions"]["code"]
            .as_str()
            .or(refused["payload"]["errors"][0]["extensions"]["code"].as_str());
        assert!(
            matches!(code, Some("NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED")),
            "{refused}"
        );
        add_item(&app, ours.id, "Punto riservato").await?;
        let leaked = outsider.next_for("1", Duration::from_secs(1)).await?;
        assert!(
            leaked.is_none() || leaked.as_ref().is_some_and(|m| m["type"] == "complete"),
            "{leaked:?}"
        );
    }

    // At most twenty at once on one connection.
    let mut busy = LiveSocket::connect(base, Some(&cookie), None).await?;
    for n in 0..tavolo_graphql::MAX_PER_CONNECTION {
        busy.subscribe(
            &format!("s{n}"),
            MEETING,
            json!({ "m": ours.id.to_string() }),
        )
        .await?;
    }
    busy.subscribe("one-too-many", MEETING, json!({ "m": ours.id.to_string() }))
        .await?;
    // They start concurrently: whichever comes last is refused, the others run.
    let mut refusals = Vec::new();
    while let Some(message) = busy.next(Duration::from_secs(3)).await? {
        if message.to_string().contains("TOO_MANY") {
            refusals.push(message);
        }
    }
    assert_eq!(refusals.len(), 1, "{refusals:?}");

    // Another site's page cannot open a socket with the visitor's cookie.
    assert!(
        LiveSocket::connect(base, Some(&cookie), Some("https://evil.example"))
            .await
            .is_err()
    );

    // Signing out ends the subscriptions the session opened.
    let out = gql_as(base, &cookie, "mutation { logout }", json!({})).await?;
    assert_eq!(out["data"]["logout"], true, "{out}");
    // Changes announced before the sign-out may still be on their way; then the subscription completes.
    let mut ended = secretariat.next_for("1", WAIT).await?;
    while ended.as_ref().is_some_and(|m| m["type"] == "next") {
        ended = secretariat.next_for("1", WAIT).await?;
    }
    assert!(
        ended.is_none() || ended.as_ref().is_some_and(|m| m["type"] == "complete"),
        "{ended:?}"
    );
    add_item(&app, ours.id, "Dopo l'uscita").await?;
    assert!(
        secretariat
            .next_for("1", Duration::from_secs(1))
            .await?
            .is_none()
    );

    // The "waiting for me" counts come at once, then again when they change.
    let delegate = session_cookie(base, "delegate@test.example").await?;
    let mut counts = LiveSocket::connect(base, Some(&delegate), None).await?;
    counts
        .subscribe(
            "w",
            "subscription { waitingCounts { invitations total } }",
            json!({}),
        )
        .await?;
    let first = counts
        .next_for("w", WAIT)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no counts"))?;
    let before = first["payload"]["data"]["waitingCounts"]["invitations"]
        .as_i64()
        .unwrap_or(-1);
    app.services
        .meetings()
        .schedule_meeting(&Actor::System, other.id, false)
        .await?;
    let after = counts
        .next_for("w", WAIT)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no new counts after an invitation"))?;
    assert_eq!(
        after["payload"]["data"]["waitingCounts"]["invitations"].as_i64(),
        Some(before + 1),
        "{first} then {after}"
    );
    Ok(())
}

on_both_databases!(live_subscriptions, subscriptions);
