//! Invitations by email against a real SMTP server (aiosmtpd), every calendar checked by an independent parser
//! (Python's icalendar): requests, updates, cancellations, answer links, retries and exactly-once delivery.

use serde_json::{Value, json};
use tavolo_domain::{Actor, InvitationRole, Rsvp};
use tavolo_service::meetings::{Invitee, MeetingInput};
use tavolo_store::entity::mail_outbox;
use tavolo_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::smtp::SmtpServer;
use tavolo_tests::{Backend, TestApp};

fn by_method<'a>(messages: &'a [Value], method: &str) -> Vec<&'a Value> {
    messages.iter().filter(|m| m["method"] == method).collect()
}

/// The meeting 29 March 2027 10:00–12:00 in Rome: the day after clocks go forward, so 08:00–10:00 UTC.
fn after_dst_change() -> MeetingInput {
    MeetingInput {
        title: Some("Seduta: strategia, obiettivi; azioni".into()),
        start: Some("2027-03-29T10:00".into()),
        end: Some("2027-03-29T12:00".into()),
        place: Some("Sala \"Rossa\", Comune di Grosseto".into()),
        ..Default::default()
    }
}

async fn invitations(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let meetings = app.services.meetings();
    // The chair reads English: their message is in English, everyone else's in Italian.
    let english = tavolo_service::directory::PersonInput {
        locale: Some(tavolo_domain::Locale::En),
        ..Default::default()
    };
    app.services
        .directory()
        .update_person(&Actor::System, world.person(Role::Chair).id, english)
        .await?;
    let meeting = meetings
        .create_meeting(&Actor::System, world.table.id, after_dst_change(), false)
        .await?;
    let guest = Invitee::Email {
        offer_account: false,
        email: "niccolo@ospiti.example".into(),
        name: "Niccolò, Rossi".into(),
    };
    let guest = meetings
        .invite(&Actor::System, meeting.id, guest, InvitationRole::Optional)
        .await?;
    let invitees = meetings
        .invitations(&Actor::System, &[meeting.id])
        .await?
        .len();
    assert_eq!(
        invitees, 4,
        "chair, secretariat, titular delegate and the guest"
    );

    // Drafts send nothing; scheduling sends one REQUEST per invitee, and a second pass sends nothing again.
    mailer.run_once().await?;
    assert!(smtp.received()?.is_empty());
    meetings
        .schedule_meeting(&Actor::System, meeting.id, false)
        .await?;
    let pass = mailer.run_once().await?;
    assert_eq!((pass.sent, pass.failed), (invitees, 0));
    assert_eq!(mailer.run_once().await?.sent, 0);
    let received = smtp.received()?;
    let requests = by_method(&received, "REQUEST");
    assert_eq!(requests.len(), invitees);
    for message in &received {
        assert_eq!(message["problems"], json!([]), "{message}");
        assert_eq!(message["sequence"], 0);
        assert_eq!(message["status"], "CONFIRMED");
        assert_eq!(message["dtstart"], "2027-03-29T08:00:00+00:00");
        assert_eq!(message["dtend"], "2027-03-29T10:00:00+00:00");
        assert_eq!(message["dtstamp_utc"], true);
        assert_eq!(message["summary"], "Seduta: strategia, obiettivi; azioni");
        assert_eq!(message["location"], "Sala \"Rossa\", Comune di Grosseto");
        assert_eq!(message["uid"], json!(meeting.calendar_uid));
        assert_eq!(message["rsvp"], "TRUE");
        assert_eq!(message["partstat"], "NEEDS-ACTION");
        // The organizer is the mailbox Tavolo reads, named after the secretariat: replies come back to Tavolo.
        assert_eq!(message["organizer"], "mailto:tavolo@test.example");
        assert!(
            message["attendee"].as_str().unwrap_or_default().ends_with(
                message["to"]
                    .as_str()
                    .map(|t| t.trim_end_matches('>').rsplit('<').next().unwrap_or(t))
                    .unwrap_or_default()
            ),
            "{message}"
        );
    }
    let to_guest = requests
        .iter()
        .find(|m| m["attendee"] == "mailto:niccolo@ospiti.example")
        .ok_or_else(|| anyhow::anyhow!("no message to the guest"))?;
    assert_eq!(to_guest["attendee_cn"], "Niccolò, Rossi");
    assert_eq!(to_guest["role"], "OPT-PARTICIPANT");
    let to_chair = requests
        .iter()
        .find(|m| m["attendee"] == "mailto:chair@test.example")
        .ok_or_else(|| anyhow::anyhow!("no message to the chair"))?;
    assert_eq!(to_chair["role"], "REQ-PARTICIPANT");
    assert!(
        to_chair["subject"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Invitation: Seduta"),
        "{to_chair}"
    );
    assert!(
        to_chair["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Accept: ")
    );
    assert!(
        to_guest["subject"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Convocazione: Seduta")
    );

    // Answer by link: the link shows a confirmation, the POST records once, reuse and tampering change nothing.
    let text = to_guest["text"].as_str().unwrap_or_default();
    let accept = text
        .lines()
        .find_map(|l| l.strip_prefix("Partecipo: "))
        .ok_or_else(|| anyhow::anyhow!("no accept link in {text}"))?
        .trim()
        .to_owned();
    let http = reqwest::Client::new();
    let page = http.get(&accept).send().await?;
    assert_eq!(page.status(), 200);
    assert!(page.text().await?.contains("Conferma la risposta"));
    assert_eq!(
        meetings
            .invitations(&Actor::System, &[meeting.id])
            .await?
            .iter()
            .find(|i| i.id == guest.id)
            .map(|i| i.rsvp),
        Some(Rsvp::NeedsAction),
        "GET must not answer"
    );
    let recorded = http.post(&accept).send().await?;
    assert_eq!(recorded.status(), 200);
    assert!(recorded.text().await?.contains("Risposta registrata"));
    assert_eq!(
        meetings
            .invitations(&Actor::System, &[meeting.id])
            .await?
            .iter()
            .find(|i| i.id == guest.id)
            .map(|i| i.rsvp),
        Some(Rsvp::Accepted)
    );
    assert_eq!(
        http.post(&accept).send().await?.status(),
        409,
        "a link works once"
    );
    let tampered = accept.replacen("/answer/", "/answer/x", 1);
    assert_eq!(http.post(&tampered).send().await?.status(), 400);
    let foreign = http
        .post(&accept)
        .header("origin", "https://evil.example")
        .send()
        .await?;
    assert_eq!(foreign.status(), 403);

    // Rescheduling: an update to everyone, same UID, SEQUENCE 1.
    let moved = MeetingInput {
        start: Some("2027-03-29T15:00".into()),
        end: Some("2027-03-29T17:00".into()),
        ..Default::default()
    };
    meetings
        .update_meeting(&Actor::System, meeting.id, moved)
        .await?;
    assert_eq!(mailer.run_once().await?.sent, invitees);
    let updates: Vec<Value> = smtp
        .received()?
        .into_iter()
        .filter(|m| m["sequence"] == 1)
        .collect();
    assert_eq!(updates.len(), invitees);
    assert!(updates.iter().all(|m| m["method"] == "REQUEST"
        && m["dtstart"] == "2027-03-29T13:00:00+00:00"
        && m["uid"] == json!(meeting.calendar_uid)));
    for update in &updates {
        let expected = if update["attendee"] == "mailto:chair@test.example" {
            "Updated: "
        } else {
            "Aggiornamento: "
        };
        assert!(
            update["subject"]
                .as_str()
                .unwrap_or_default()
                .starts_with(expected),
            "{update}"
        );
    }

    // Uninviting the guest: a CANCEL to the guest only.
    meetings.remove_invitation(&Actor::System, guest.id).await?;
    assert_eq!(mailer.run_once().await?.sent, 1);
    let received = smtp.received()?;
    let cancels = by_method(&received, "CANCEL");
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0]["attendee"], "mailto:niccolo@ospiti.example");
    assert_eq!(cancels[0]["status"], "CANCELLED");
    assert_eq!(cancels[0]["sequence"], 2);

    // Cancelling the meeting: a CANCEL to everyone left, same UID, higher SEQUENCE.
    meetings
        .cancel_meeting(
            &Actor::System,
            meeting.id,
            "Sciopero, rinvio a data da definire",
        )
        .await?;
    assert_eq!(mailer.run_once().await?.sent, invitees - 1);
    let received = smtp.received()?;
    let cancels: Vec<&Value> = by_method(&received, "CANCEL")
        .into_iter()
        .filter(|m| m["sequence"] == 2 && m["attendee"] != "mailto:niccolo@ospiti.example")
        .collect();
    assert_eq!(cancels.len(), invitees - 1);
    assert!(cancels.iter().all(|m| m["status"] == "CANCELLED"
        && m["uid"] == json!(meeting.calendar_uid)
        && m["problems"] == json!([])));
    assert!(
        cancels[0]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Sciopero, rinvio a data da definire")
    );
    // A link for a deleted invitation gets a clear page and changes nothing.
    let gone = accept.clone();
    assert!(matches!(
        http.post(&gone).send().await?.status().as_u16(),
        409 | 410
    ));
    Ok(())
}
on_both_databases!(
    invitations_updates_and_cancellations_reach_the_smtp_server,
    invitations
);

async fn retries(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let mut smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let meetings = app.services.meetings();
    let meeting = meetings
        .create_meeting(&Actor::System, world.table.id, after_dst_change(), false)
        .await?;
    meetings
        .schedule_meeting(&Actor::System, meeting.id, false)
        .await?;
    let invitees = meetings
        .invitations(&Actor::System, &[meeting.id])
        .await?
        .len();

    // SMTP down: nothing is lost, every attempt is recorded with its error and a later retry time.
    smtp.stop();
    let pass = mailer.run_once().await?;
    assert_eq!((pass.sent, pass.failed), (0, invitees));
    let waiting = mail_outbox::Entity::find().all(&app.db.store.db).await?;
    assert_eq!(waiting.len(), invitees);
    assert!(waiting.iter().all(|m| m.status == "queued"
        && m.attempts == 1
        && m.last_error.is_some()
        && m.next_attempt_at > chrono::Utc::now()));
    assert_eq!(
        mailer.run_once().await?.failed,
        0,
        "nothing is retried before its time"
    );

    // Back up: once the retry time comes, everything is delivered exactly once.
    smtp.resume()?;
    mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::NextAttemptAt,
            Expr::value(chrono::Utc::now()),
        )
        .exec(&app.db.store.db)
        .await?;
    assert_eq!(mailer.run_once().await?.sent, invitees);
    assert_eq!(mailer.run_once().await?.sent, 0);
    // A restarted process (a new worker over the same database) resends nothing.
    let restarted = app.mailer(&smtp.url())?;
    assert_eq!(restarted.run_once().await?.sent, 0);
    assert_eq!(smtp.received()?.len(), invitees);
    let sent = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Status.eq("sent"))
        .all(&app.db.store.db)
        .await?;
    assert!(sent.iter().all(|m| m.attempts == 2 && m.sent_at.is_some()));

    // The secretariat sees the state of each invitation and can send one again.
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let query = "query($id: ID!) { meeting(id: $id) { deliveries { invitationId status attempts lastError } } }";
    let states = secretariat
        .gql(query, json!({ "id": meeting.id.to_string() }))
        .await?
        .ok();
    let deliveries = states.data()["meeting"]["deliveries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(deliveries.len(), invitees);
    assert!(
        deliveries
            .iter()
            .all(|d| d["status"] == "sent" && d["attempts"] == 2)
    );
    let observer = app.signed_in(&world.person(Role::Observer).email).await?;
    assert_eq!(
        observer
            .gql(query, json!({ "id": meeting.id.to_string() }))
            .await?
            .ok()
            .data()["meeting"]["deliveries"],
        json!([])
    );
    let resend = "mutation($i: ID!) { resendInvitation(id: $i) { status } }";
    let first = deliveries[0]["invitationId"].clone();
    assert_eq!(
        secretariat
            .gql(resend, json!({ "i": first }))
            .await?
            .ok()
            .data()["resendInvitation"]["status"],
        "queued"
    );
    secretariat
        .gql(resend, json!({ "i": first }))
        .await?
        .assert_validation("id");
    assert_eq!(mailer.run_once().await?.sent, 1);
    assert_eq!(smtp.received()?.len(), invitees + 1);
    Ok(())
}
on_both_databases!(smtp_down_then_back_delivers_everything_once, retries);

/// Two workers (as two `tavolo serve` processes would) on one database deliver every message exactly once.
async fn two_workers(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let meetings = app.services.meetings();
    let meeting = meetings
        .create_meeting(&Actor::System, world.table.id, after_dst_change(), false)
        .await?;
    for n in 0..36 {
        let guest = Invitee::Email {
            offer_account: false,
            email: format!("ospite{n}@ospiti.example"),
            name: format!("Ospite {n}"),
        };
        meetings
            .invite(&Actor::System, meeting.id, guest, InvitationRole::Optional)
            .await?;
    }
    meetings
        .schedule_meeting(&Actor::System, meeting.id, false)
        .await?;
    let total = meetings
        .invitations(&Actor::System, &[meeting.id])
        .await?
        .len();
    let second_store = tavolo_store::Store::connect(&app.db.url).await?;
    let first = app.mailer(&smtp.url())?;
    let second = app.mailer_on(second_store.db.clone(), &smtp.url())?;
    let (a, b) = tokio::join!(first.run_once(), second.run_once());
    let (a, b) = (a?, b?);
    let (c, d) = tokio::join!(first.run_once(), second.run_once());
    let sent = a.sent + b.sent + c?.sent + d?.sent;
    assert_eq!(sent, total, "each message sent by exactly one worker");
    assert_eq!(a.events + b.events, 1, "the event expanded once");
    assert_eq!(smtp.received()?.len(), total);
    Ok(())
}
on_both_databases!(two_workers_deliver_each_message_once, two_workers);

async fn feeds(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let meetings = app.services.meetings();
    let scheduled = meetings
        .create_meeting(&Actor::System, world.table.id, after_dst_change(), false)
        .await?;
    meetings
        .schedule_meeting(&Actor::System, scheduled.id, false)
        .await?;
    let cancelled =
        fixtures::meeting(&app.services, world.table.id, "Seduta annullata", 40).await?;
    meetings
        .schedule_meeting(&Actor::System, cancelled.id, false)
        .await?;
    meetings
        .cancel_meeting(&Actor::System, cancelled.id, "Rinvio")
        .await?;
    fixtures::meeting(&app.services, world.table.id, "Bozza riservata", 20).await?;

    let delegate = app.signed_in(&world.person(Role::Delegate).email).await?;
    let listed = delegate
        .gql("{ myCalendarFeeds { path table { name } } }", json!({}))
        .await?
        .ok();
    let feeds = listed.data()["myCalendarFeeds"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        feeds.len(),
        2,
        "all my meetings, and the one table I sit at"
    );
    assert_eq!(feeds[0]["table"], json!(null));
    assert_eq!(feeds[1]["table"]["name"], "Tavolo interistituzionale");

    let http = reqwest::Client::new();
    for feed in &feeds {
        let path = feed["path"].as_str().unwrap_or_default();
        let response = http.get(format!("{}{path}", app.base_url)).send().await?;
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()?
                .starts_with("text/calendar")
        );
        let parsed = tavolo_tests::smtp::parse_feed(&response.text().await?)?;
        assert_eq!(parsed["problems"], json!([]), "{parsed}");
        let events = parsed["events"].as_array().cloned().unwrap_or_default();
        assert_eq!(events.len(), 2, "drafts stay out: {events:?}");
        let first = events
            .iter()
            .find(|e| e["uid"] == json!(scheduled.calendar_uid))
            .cloned()
            .unwrap_or_default();
        assert_eq!(first["dtstart"], "2027-03-29T08:00:00+00:00");
        assert_eq!(first["status"], "CONFIRMED");
        assert!(
            events
                .iter()
                .any(|e| e["uid"] == json!(cancelled.calendar_uid) && e["status"] == "CANCELLED")
        );
    }

    // Rotating replaces the address: the old one stops working at once.
    let old_path = feeds[1]["path"].as_str().unwrap_or_default().to_owned();
    let table_id = world.table.id.to_string();
    let rotated = delegate
        .gql(
            "mutation($t: ID) { rotateCalendarFeed(tableId: $t) { path } }",
            json!({ "t": table_id }),
        )
        .await?
        .ok();
    let new_path = rotated.data()["rotateCalendarFeed"]["path"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_ne!(new_path, old_path);
    assert_eq!(
        http.get(format!("{}{old_path}", app.base_url))
            .send()
            .await?
            .status(),
        404
    );
    assert_eq!(
        http.get(format!("{}{new_path}", app.base_url))
            .send()
            .await?
            .status(),
        200
    );
    assert_eq!(
        http.get(format!("{}/calendar/not-a-token.ics", app.base_url))
            .send()
            .await?
            .status(),
        404
    );
    // A table the person may not see has no feed for them.
    let user = app.signed_in(&world.person(Role::User).email).await?;
    let hidden = user
        .gql(
            "mutation($t: ID) { rotateCalendarFeed(tableId: $t) { path } }",
            json!({ "t": table_id }),
        )
        .await?;
    assert_eq!(hidden.code(), Some("NOT_FOUND"));
    Ok(())
}
on_both_databases!(calendar_feeds_show_meetings_and_rotate, feeds);

async fn notifications(backend: Backend) -> anyhow::Result<()> {
    use tavolo_domain::ApprovalMethod;

    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let held = fixtures::held_meeting(&app.services, &world, "Seduta tenuta").await?;
    let minutes = app.services.minutes();
    let to = |messages: &[Value], subject: &str| -> Vec<String> {
        let mut names: Vec<String> = messages
            .iter()
            .filter(|m| {
                m["subject"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with(subject)
            })
            .map(|m| m["to"].as_str().unwrap_or_default().to_owned())
            .collect();
        names.sort();
        names
    };

    // The delegate turns approval notices off; review notices still reach everyone who reviews.
    let delegate = app.signed_in(&world.person(Role::Delegate).email).await?;
    let set =
        "mutation { setNotification(kind: MINUTES_APPROVED, enabled: false) { kind enabled } }";
    let settings = delegate.gql(set, json!({})).await?.ok();
    assert!(
        settings.data()["setNotification"]
            .as_array()
            .is_some_and(|all| all
                .iter()
                .any(|s| s["kind"] == "MINUTES_APPROVED" && s["enabled"] == false))
    );
    assert_eq!(
        app.client().gql(set, json!({})).await?.code(),
        Some("UNAUTHENTICATED")
    );

    minutes.send_for_review(&Actor::System, held.id, 1).await?;
    mailer.run_once().await?;
    let received = smtp.received()?;
    assert_eq!(
        to(&received, "Verbale in revisione").len(),
        3,
        "delegate, secretariat and chair: {received:?}"
    );
    minutes
        .approve(
            &Actor::System,
            held.id,
            ApprovalMethod::LaterMeeting,
            None,
            2,
        )
        .await?;
    mailer.run_once().await?;
    let approvals = to(&smtp.received()?, "Verbale approvato");
    assert_eq!(approvals.len(), 2);
    assert!(
        approvals
            .iter()
            .all(|a| !a.contains("delegate@test.example")),
        "{approvals:?}"
    );
    Ok(())
}
on_both_databases!(notifications_follow_each_persons_settings, notifications);

async fn refusals(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let meetings = app.services.meetings();
    let meeting = meetings
        .create_meeting(&Actor::System, world.table.id, after_dst_change(), false)
        .await?;

    // Header injection never reaches a message: names and addresses with line breaks are refused at the door.
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let invite =
        "mutation($m: ID!, $i: InviteeInput!) { invite(meetingId: $m, invitee: $i) { id } }";
    let id = meeting.id.to_string();
    secretariat
        .gql(invite, json!({ "m": id, "i": { "email": "ospite@ospiti.example", "name": "Ospite\r\nBcc: spia@altrove.example" } }))
        .await?
        .assert_validation("name");
    secretariat
        .gql(invite, json!({ "m": id, "i": { "email": "ospite@ospiti.example\r\nBcc: spia@altrove.example", "name": "Ospite" } }))
        .await?
        .assert_validation("email");

    // A recipient the server refuses for good: the others are delivered, the failure is visible with its reason.
    let refused = Invitee::Email {
        offer_account: false,
        email: "rifiutato@ospiti.example".into(),
        name: "Indirizzo rifiutato".into(),
    };
    let refused = meetings
        .invite(
            &Actor::System,
            meeting.id,
            refused,
            InvitationRole::Optional,
        )
        .await?;
    meetings
        .schedule_meeting(&Actor::System, meeting.id, false)
        .await?;
    let invitees = meetings
        .invitations(&Actor::System, &[meeting.id])
        .await?
        .len();
    let pass = mailer.run_once().await?;
    assert_eq!((pass.sent, pass.failed), (invitees - 1, 1));
    assert_eq!(smtp.received()?.len(), invitees - 1);
    let failed = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::InvitationId.eq(refused.id))
        .one(&app.db.store.db)
        .await?;
    let failed = failed.ok_or_else(|| anyhow::anyhow!("no message for the refused address"))?;
    assert_eq!(
        failed.status, "failed",
        "a permanent refusal is not retried"
    );
    assert!(
        failed
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("550"),
        "{:?}",
        failed.last_error
    );
    let states = secretariat
        .gql(
            "query($id: ID!) { meeting(id: $id) { deliveries { invitationId status lastError } } }",
            json!({ "id": id }),
        )
        .await?
        .ok();
    let refused_state = states.data()["meeting"]["deliveries"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|d| d["invitationId"] == json!(refused.id.to_string()))
                .cloned()
        })
        .unwrap_or_default();
    assert_eq!(refused_state["status"], "failed");
    assert_eq!(mailer.run_once().await?.failed, 0, "nothing retried");
    Ok(())
}
on_both_databases!(
    a_refused_recipient_fails_visibly_and_the_others_are_delivered,
    refusals
);

async fn reminders(backend: Backend) -> anyhow::Result<()> {
    use tavolo_service::minutes::ActionItemInput;

    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let meetings = app.services.meetings();
    let soon = |hours: i64| {
        (chrono::Utc::now() + chrono::Duration::hours(hours))
            .with_timezone(&chrono_tz::Europe::Rome)
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let input = |title: &str| MeetingInput {
        title: Some(title.into()),
        start: Some(soon(10)),
        end: Some(soon(12)),
        ..Default::default()
    };

    // The chair turned meeting reminders off; everyone else invited gets one, once, 24 hours ahead by default.
    let chair = app.signed_in(&world.person(Role::Chair).email).await?;
    chair
        .gql(
            "mutation { setNotification(kind: REMINDER, enabled: false) { kind } }",
            json!({}),
        )
        .await?
        .ok();
    let meeting = meetings
        .create_meeting(
            &Actor::System,
            world.table.id,
            input("Seduta imminente"),
            false,
        )
        .await?;
    meetings
        .schedule_meeting(&Actor::System, meeting.id, false)
        .await?;
    let quiet = meetings
        .create_meeting(
            &Actor::System,
            world.table.id,
            input("Seduta senza promemoria"),
            false,
        )
        .await?;
    meetings
        .schedule_meeting(&Actor::System, quiet.id, false)
        .await?;
    meetings
        .set_reminders(&Actor::System, quiet.id, false, 24, None)
        .await?;
    let invitees = meetings
        .invitations(&Actor::System, &[meeting.id])
        .await?
        .len();
    let pass = mailer.run_once().await?;
    assert_eq!(pass.reminders, invitees - 1);
    assert_eq!(
        mailer.run_once().await?.reminders,
        0,
        "a reminder goes once"
    );
    let received = smtp.received()?;
    let reminders: Vec<&Value> = received
        .iter()
        .filter(|m| {
            m["subject"]
                .as_str()
                .unwrap_or_default()
                .starts_with("Promemoria")
        })
        .collect();
    assert_eq!(reminders.len(), invitees - 1);
    assert!(
        reminders
            .iter()
            .all(|m| m["summary"] == "Seduta imminente" && m["problems"] == json!([]))
    );
    assert!(reminders.iter().all(|m| {
        !m["to"]
            .as_str()
            .unwrap_or_default()
            .contains("chair@test.example")
    }));
    let refused = meetings
        .set_reminders(&Actor::System, meeting.id, true, 0, None)
        .await;
    assert!(
        matches!(&refused, Err(tavolo_service::ServiceError::Validation { field, .. }) if field.as_deref() == Some("hours")),
        "{:?}",
        refused.map(|m| m.id)
    );

    // An open action item due tomorrow: its assignee hears about it once.
    let held = fixtures::held_meeting(&app.services, &world, "Seduta tenuta").await?;
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).date_naive();
    let item = ActionItemInput {
        title: "Inviare i dati".into(),
        assignee_person_id: Some(world.person(Role::Delegate).id),
        due_date: Some(tomorrow),
        ..Default::default()
    };
    app.services
        .minutes()
        .add_action_item(&Actor::System, held.id, item)
        .await?;
    assert_eq!(mailer.run_once().await?.due_soon, 1);
    assert_eq!(mailer.run_once().await?.due_soon, 0);
    let due: Vec<Value> = smtp
        .received()?
        .into_iter()
        .filter(|m| {
            m["subject"]
                .as_str()
                .unwrap_or_default()
                .starts_with("Azione in scadenza")
        })
        .collect();
    assert_eq!(due.len(), 1);
    assert!(
        due[0]["to"]
            .as_str()
            .unwrap_or_default()
            .contains("delegate@test.example")
    );
    assert!(
        due[0]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Inviare i dati")
    );
    Ok(())
}
on_both_databases!(reminders_and_due_soon_notices_go_once, reminders);

async fn digests(backend: Backend) -> anyhow::Result<()> {
    use tavolo_domain::{PracticeStatus, PracticeVisibility};

    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let follower = app.signed_in(&world.person(Role::Observer).email).await?;
    let follow = "mutation($f: FollowFacet!, $v: String!) { setFollow(facet: $f, value: $v, following: true) { facet value } }";
    let follows = follower
        .gql(follow, json!({ "f": "THEME", "v": "housing" }))
        .await?
        .ok();
    assert_eq!(
        follows.data()["setFollow"],
        json!([{ "facet": "THEME", "value": "housing" }])
    );
    follower
        .gql(follow, json!({ "f": "THEME", "v": "astrology" }))
        .await?
        .assert_validation("value");
    assert_eq!(
        app.client()
            .gql(follow, json!({ "f": "REGION", "v": "Toscana" }))
            .await?
            .code(),
        Some("UNAUTHENTICATED")
    );

    // The first pass schedules the follower's weekly digest; the practices come after, and it is then due.
    assert_eq!(mailer.run_once().await?.digests, 0);
    // A housing practice is in the digest; a draft is not; the digest goes once a week.
    fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Sportello casa",
        PracticeStatus::Published,
        PracticeVisibility::Network,
    )
    .await?;
    fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Bozza sulla casa",
        PracticeStatus::Draft,
        PracticeVisibility::Network,
    )
    .await?;
    tavolo_store::entity::person::Entity::update_many()
        .col_expr(
            tavolo_store::entity::person::Column::DigestDueAt,
            Expr::value(chrono::Utc::now()),
        )
        .exec(&app.db.store.db)
        .await?;
    assert_eq!(mailer.run_once().await?.digests, 1);
    assert_eq!(mailer.run_once().await?.digests, 0);
    let digests: Vec<Value> = smtp
        .received()?
        .into_iter()
        .filter(|m| m["subject"] == "Tavolo: la tua settimana")
        .collect();
    assert_eq!(digests.len(), 1);
    let text = digests[0]["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("Buone prassi nuove o aggiornate in ciò che segui")
            && text.contains("Sportello casa")
            && !text.contains("Bozza sulla casa"),
        "{text}"
    );
    assert!(
        digests[0]["to"]
            .as_str()
            .unwrap_or_default()
            .contains("observer@test.example")
    );
    Ok(())
}
on_both_databases!(followers_get_a_weekly_digest_once, digests);
