//! Security at the edges not covered by their own areas: response headers, request-shape limits (aliases, batches,
//! duplicated fields) and injection through meeting fields into mail headers and calendars.

use serde_json::{Value, json};
use tavolo_domain::{Actor, InvitationRole};
use tavolo_service::ServiceError;
use tavolo_service::meetings::{Invitee, MeetingInput};
use tavolo_tests::fixtures;
use tavolo_tests::smtp::SmtpServer;
use tavolo_tests::{Backend, TestApp};

async fn headers_and_limits(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let http = reqwest::Client::new();
    let graphql = format!("{}/graphql", app.base_url);

    // Every kind of response carries the browser defences; pages add their CSP.
    let page = http.get(format!("{}/", app.base_url)).send().await?;
    let api = http
        .post(&graphql)
        .json(&json!({ "query": "{ me { id } }" }))
        .send()
        .await?;
    for response in [&page, &api] {
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "same-origin");
        assert_eq!(headers["x-frame-options"], "DENY");
    }
    let csp = page.headers()["content-security-policy"].to_str()?;
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert_eq!(api.headers()["cache-control"], "no-store");

    let ask = |query: String| {
        let http = http.clone();
        let graphql = graphql.clone();
        async move {
            let response = http
                .post(&graphql)
                .json(&json!({ "query": query }))
                .send()
                .await?;
            let status = response.status();
            let body: Value = response.json().await?;
            anyhow::Ok((status, body))
        }
    };
    let aliased = |n: usize| {
        let fields: Vec<String> = (0..n).map(|i| format!("a{i}: me {{ id }}")).collect();
        format!("{{ {} }}", fields.join(" "))
    };
    // At the alias limit the request runs; one more and it is refused before execution, with a code.
    let (_, at_limit) = ask(aliased(tavolo_graphql::MAX_ALIASES)).await?;
    assert!(at_limit.get("errors").is_none(), "{at_limit}");
    let (_, over) = ask(aliased(tavolo_graphql::MAX_ALIASES + 1)).await?;
    assert_eq!(
        over["errors"][0]["extensions"]["code"], "VALIDATION",
        "{over}"
    );
    assert!(over["data"].is_null(), "{over}");

    // The same field repeated without aliases merges into one answer, but counts like an alias: refused past the cap.
    let repeated = |n: usize| format!("{{ {} }}", "me { id } ".repeat(n));
    let (_, at_cap) = ask(repeated(tavolo_graphql::MAX_ALIASES + 1)).await?;
    assert!(at_cap.get("errors").is_none(), "{at_cap}");
    let (_, costly) = ask(repeated(tavolo_graphql::MAX_ALIASES + 2)).await?;
    assert_eq!(
        costly["errors"][0]["extensions"]["code"], "VALIDATION",
        "{costly}"
    );
    // Lists cost by their length: a cycle of nested lists is refused by the complexity limit, before any query.
    let cycle = "{ tables { nodes { memberships { person { memberships { table { memberships { person { memberships { table { name } } } } } } } } } } }";
    let (_, fanned) = ask(cycle.to_owned()).await?;
    assert!(
        fanned["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("complex"),
        "{fanned}"
    );

    // One operation per request: a batch (a JSON array) is refused as a whole.
    let batch = http
        .post(&graphql)
        .json(&json!([{ "query": "{ me { id } }" }, { "query": "{ me { id } }" }]))
        .send()
        .await?;
    assert_eq!(batch.status(), 400);
    let body: Value = batch.json().await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    Ok(())
}
on_both_databases!(
    responses_carry_headers_and_requests_are_bounded,
    headers_and_limits
);

/// Line breaks typed into a title, a place or a guest's name end up in mail headers and calendar lines: names and
/// titles refuse them, and free text (a place) is escaped so it never starts a header or a calendar property.
async fn injection(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let meetings = app.services.meetings();
    let place = "Sala\r\nATTENDEE:mailto:spia@evil.example\r\nX-INJ: 1";
    let input = |title: &str| MeetingInput {
        title: Some(title.into()),
        start: Some(fixtures::local_time(10, 10)),
        end: Some(fixtures::local_time(10, 12)),
        place: Some(place.into()),
        ..Default::default()
    };
    let refused = meetings
        .create_meeting(
            &Actor::System,
            world.table.id,
            input("Seduta\r\nBcc: spia@evil.example"),
            false,
        )
        .await;
    assert!(
        matches!(&refused, Err(ServiceError::Validation { field, .. }) if field.as_deref() == Some("title")),
        "{refused:?}"
    );
    let meeting = meetings
        .create_meeting(&Actor::System, world.table.id, input("Seduta"), false)
        .await?;
    let guest = |name: &str| Invitee::Email {
        offer_account: false,
        email: "ospite@ospiti.example".into(),
        name: name.into(),
    };
    let refused = meetings
        .invite(
            &Actor::System,
            meeting.id,
            guest("Ospite\r\nBcc: spia@evil.example"),
            InvitationRole::Optional,
        )
        .await;
    assert!(
        matches!(&refused, Err(ServiceError::Validation { field, .. }) if field.as_deref() == Some("name")),
        "{refused:?}"
    );
    meetings
        .invite(
            &Actor::System,
            meeting.id,
            guest("Ospite"),
            InvitationRole::Optional,
        )
        .await?;
    meetings
        .schedule_meeting(&Actor::System, meeting.id, false)
        .await?;
    let pass = mailer.run_once().await?;
    let invitees = meetings
        .invitations(&Actor::System, &[meeting.id])
        .await?
        .len();
    assert_eq!((pass.sent, pass.failed), (invitees, 0));
    let received = smtp.received()?;
    assert_eq!(received.len(), invitees);
    for message in &received {
        assert_eq!(message["problems"], json!([]), "{message}");
        // The place arrives whole, as one LOCATION value with its line breaks inside it.
        assert_eq!(
            message["location"],
            place.replace("\r\n", "\n"),
            "{message}"
        );
        assert!(
            !message["attendee"]
                .as_str()
                .unwrap_or_default()
                .contains("evil")
        );
    }
    // The calendar has no property the place tried to add, and no header block a line the name tried to add.
    for message in &received {
        let properties = message["properties"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(properties.contains(&json!("LOCATION")), "{message}");
        assert!(!properties.contains(&json!("X-INJ")), "{message}");
    }
    for entry in std::fs::read_dir(smtp.maildir().join("new"))? {
        let raw = std::fs::read_to_string(entry?.path())?;
        let headers = raw.split("\r\n\r\n").next().unwrap_or_default();
        let headers = headers.split("\n\n").next().unwrap_or_default();
        assert!(!headers.to_ascii_lowercase().contains("evil"), "{headers}");
    }
    Ok(())
}
on_both_databases!(line_breaks_in_fields_never_become_headers, injection);
