//! Answers from calendar clients read from a real IMAP server (Dovecot), put there by an independent client with
//! replies built by Python's icalendar in the shapes Outlook, Gmail and Thunderbird send: applied exactly once with
//! two readers at work, kept aside with their reason, moved out of the inbox, and shown to whoever runs the table.

use serde_json::{Value, json};
use tavolo_domain::{Actor, CalendarReplyOutcome, InvitationRole, Rsvp};
use tavolo_inbox::{ImapConfig, MailboxReader, PassReport};
use tavolo_service::meetings::{IncomingReply, Invitee, MeetingInput};
use tavolo_store::entity::{calendar_reply, invitation};
use tavolo_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::imap::ImapServer;
use tavolo_tests::{Backend, TestApp};

fn meeting_input() -> MeetingInput {
    MeetingInput {
        title: Some("Seduta di marzo".into()),
        start: Some("2027-03-29T10:00".into()),
        end: Some("2027-03-29T12:00".into()),
        ..Default::default()
    }
}

async fn rsvp_of(app: &TestApp, meeting_id: i64, email: &str) -> anyhow::Result<invitation::Model> {
    invitation::Entity::find()
        .filter(invitation::Column::MeetingId.eq(meeting_id))
        .filter(invitation::Column::Email.eq(email))
        .one(&app.db.store.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no invitation for {email}"))
}

async fn replies_from_calendars(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let imap = ImapServer::start()?;
    let meetings = app.services.meetings();
    let meeting = meetings
        .create_meeting(&Actor::System, world.table.id, meeting_input(), false)
        .await?;
    meetings
        .invite(
            &Actor::System,
            meeting.id,
            Invitee::Email {
                offer_account: false,
                email: "ospite@ospiti.example".into(),
                name: "Ospite".into(),
            },
            InvitationRole::Optional,
        )
        .await?;
    meetings
        .schedule_meeting(&Actor::System, meeting.id, false)
        .await?;
    // A change of time raises SEQUENCE to 1: answers to version 0 are stale from now on.
    let meeting = meetings
        .update_meeting(
            &Actor::System,
            meeting.id,
            MeetingInput {
                start: Some("2027-03-29T09:30".into()),
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(meeting.sequence, 1);
    let uid = meeting.calendar_uid.clone();
    let chair = "chair@test.example";
    let delegate = "delegate@test.example";
    let secretariat = "secretariat@test.example";
    imap.deliver(&json!([
        // Outlook: MAILTO in capitals, the address in the directory's case, a quoted CN with a comma.
        {"shape": "outlook", "uid": uid, "sequence": 1, "attendee": chair, "name": "Rossi, Chair",
         "partstat": "ACCEPTED"},
        // Gmail: answered by a client that left SEQUENCE out, with an .ics attachment beside the inline part.
        {"shape": "gmail", "uid": uid, "sequence": null, "attendee": "ospite@ospiti.example",
         "partstat": "DECLINED", "message_id": "<gmail-1@mail.example>"},
        // Thunderbird, sent by an assistant on the delegate's behalf (SENT-BY), sending someone in their place.
        {"shape": "thunderbird", "uid": uid, "sequence": 1, "attendee": delegate, "partstat": "DELEGATED",
         "sender": "assistente@test.example", "sent_by": "assistente@test.example",
         "delegated_to": "sostituta@altro.example", "delegate_name": "Sara Sostituta"},
        // A proposal of another time.
        {"shape": "thunderbird", "method": "COUNTER", "uid": uid, "sequence": 1, "attendee": secretariat,
         "partstat": "TENTATIVE", "proposed_start": "2027-03-29T13:00:00+00:00",
         "proposed_end": "2027-03-29T15:00:00+00:00", "comment": "Meglio il pomeriggio, grazie"},
        // Kept aside: an answer to the earlier time, someone not invited, a meeting nobody knows, a forged sender,
        // a calendar that cannot be read.
        {"shape": "outlook", "uid": uid, "sequence": 0, "attendee": secretariat, "partstat": "DECLINED"},
        {"shape": "gmail", "uid": uid, "sequence": 1, "attendee": "intruso@altrove.example",
         "partstat": "ACCEPTED"},
        {"shape": "gmail", "uid": "nessuno@altrove", "sequence": 0, "attendee": chair, "partstat": "DECLINED"},
        {"shape": "outlook", "uid": uid, "sequence": 1, "attendee": secretariat, "partstat": "DECLINED",
         "sender": "falsario@altrove.example"},
        {"shape": "broken", "sender": chair},
        // Not an answer at all: stays in the inbox, marked so it is not read again.
        {"shape": "plain", "attendee": chair},
    ]))?;

    // Two readers at once, as two server processes would be: one reads, the other stands down (the mailbox
    // lease), and between them each message is recorded once.
    let config = ImapConfig::parse(&imap.url())?;
    let first = MailboxReader::new(app.services.clone(), config.clone());
    let second = MailboxReader::new(app.services.clone(), config.clone());
    let (a, b) = tokio::join!(first.run_once(), second.run_once());
    let (a, b) = (a?.unwrap_or_default(), b?.unwrap_or_default());
    let total = |f: fn(&PassReport) -> usize| f(&a) + f(&b);
    assert_eq!(total(|r| r.applied), 3, "{a:?} {b:?}");
    assert_eq!(total(|r| r.proposals), 1, "{a:?} {b:?}");
    assert_eq!(total(|r| r.set_aside), 5, "{a:?} {b:?}");
    assert_eq!(total(|r| r.failed), 0, "{a:?} {b:?}");
    let rows = calendar_reply::Entity::find().all(&app.db.store.db).await?;
    assert_eq!(rows.len(), 9, "one row per answer message, never two");

    assert_eq!(rsvp_of(&app, meeting.id, chair).await?.rsvp, Rsvp::Accepted);
    let guest = rsvp_of(&app, meeting.id, "ospite@ospiti.example").await?;
    assert_eq!(guest.rsvp, Rsvp::Declined);
    let delegated = rsvp_of(&app, meeting.id, delegate).await?;
    assert_eq!(delegated.rsvp, Rsvp::Delegated);
    assert_eq!(
        delegated.delegated_to_email.as_deref(),
        Some("sostituta@altro.example")
    );
    let substitute = rsvp_of(&app, meeting.id, "sostituta@altro.example").await?;
    assert_eq!(substitute.name, "Sara Sostituta");
    let untouched = rsvp_of(&app, meeting.id, secretariat).await?;
    assert_eq!(
        untouched.rsvp,
        Rsvp::NeedsAction,
        "a stale answer, a forged one and a proposal leave the answer as it was"
    );
    let issue_of = |attendee: Option<&str>, issue: &str| {
        rows.iter().any(|r| {
            r.attendee_email.as_deref() == attendee && r.issue.map(|i| i.as_str()) == Some(issue)
        })
    };
    assert!(issue_of(Some(secretariat), "outdated_sequence"));
    assert!(issue_of(Some(secretariat), "sender_mismatch"));
    assert!(issue_of(Some("intruso@altrove.example"), "not_invited"));
    assert!(issue_of(Some(chair), "unknown_event"));
    assert!(issue_of(None, "malformed"));
    let proposal = rows
        .iter()
        .find(|r| r.outcome == CalendarReplyOutcome::Proposal)
        .ok_or_else(|| anyhow::anyhow!("no proposal"))?;
    assert_eq!(
        proposal
            .proposed_starts_at
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2027-03-29T13:00:00+00:00")
    );
    assert_eq!(
        proposal.comment.as_deref(),
        Some("Meglio il pomeriggio, grazie")
    );

    // Handled answers left the inbox; only the ordinary mail stays, marked.
    let folders = imap.folders()?;
    assert_eq!(folders["INBOX"], 1, "{folders}");
    assert_eq!(folders["not_answers"], 1, "{folders}");
    assert_eq!(folders["Tavolo-handled"], 4, "{folders}");
    assert_eq!(folders["Tavolo-set-aside"], 5, "{folders}");
    assert_eq!(first.run_once().await?, Some(PassReport::default()));

    // The same message delivered again (a resend, a copy put back by hand) is recognized and not applied twice.
    imap.deliver(&json!([
        {"shape": "gmail", "uid": uid, "sequence": 1, "attendee": "ospite@ospiti.example",
         "partstat": "ACCEPTED", "message_id": "<gmail-1@mail.example>"},
    ]))?;
    let again = first.run_once().await?.unwrap_or_default();
    assert_eq!((again.seen_before, again.applied), (1, 0), "{again:?}");
    let guest = rsvp_of(&app, meeting.id, "ospite@ospiti.example").await?;
    assert_eq!(guest.rsvp, Rsvp::Declined);

    // Over TLS, trusting the run's own certificate: a later answer replaces the earlier one.
    imap.deliver(&json!([
        {"shape": "outlook", "uid": uid, "sequence": 1, "attendee": chair, "partstat": "TENTATIVE"},
    ]))?;
    let secure = MailboxReader::new(app.services.clone(), ImapConfig::parse(&imap.tls_url())?);
    assert_eq!(secure.run_once().await?.map(|r| r.applied), Some(1));
    assert_eq!(
        rsvp_of(&app, meeting.id, chair).await?.rsvp,
        Rsvp::Tentative
    );
    let upgraded = MailboxReader::new(
        app.services.clone(),
        ImapConfig::parse(&imap.starttls_url())?,
    );
    assert_eq!(upgraded.run_once().await?, Some(PassReport::default()));

    // The server's loop: it waits in IDLE and applies an answer as soon as the mailbox receives it.
    let running = std::sync::Arc::new(MailboxReader::new(app.services.clone(), config));
    let task = tokio::spawn(std::sync::Arc::clone(&running).run(std::time::Duration::from_secs(1)));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    imap.deliver(&json!([
        {"shape": "gmail", "uid": uid, "sequence": 1, "attendee": "ospite@ospiti.example", "partstat": "ACCEPTED"},
    ]))?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut guest = rsvp_of(&app, meeting.id, "ospite@ospiti.example").await?;
    while guest.rsvp != Rsvp::Accepted && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        guest = rsvp_of(&app, meeting.id, "ospite@ospiti.example").await?;
    }
    task.abort();
    running.stop().await;
    assert_eq!(guest.rsvp, Rsvp::Accepted, "the running reader applied it");

    same_message_twice_at_once(&app, &uid).await?;
    shown_to_whoever_runs_the_table(&app, meeting.id, proposal.id).await
}

/// Two processes recording the very same message at the same moment: one records it, the other finds it recorded.
async fn same_message_twice_at_once(app: &TestApp, uid: &str) -> anyhow::Result<()> {
    let calendar = format!(
        "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:1\r\n\
         ATTENDEE;PARTSTAT=DECLINED:mailto:chair@test.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    let incoming = IncomingReply {
        message_key: "id:twice@test.example".into(),
        sender: "chair@test.example".into(),
        received_at: chrono::Utc::now(),
        calendar: tavolo_calendar::reply::parse_reply(&calendar),
    };
    let meetings = app.services.meetings();
    let (a, b) = tokio::join!(
        meetings.record_calendar_reply(&Actor::System, incoming.clone()),
        meetings.record_calendar_reply(&Actor::System, incoming.clone()),
    );
    let (a, b) = (a?, b?);
    assert!(
        a.first_time != b.first_time,
        "exactly one of them recorded it"
    );
    assert_eq!(a.reply.id, b.reply.id);
    let refused = meetings
        .record_calendar_reply(&Actor::Anonymous, incoming)
        .await;
    assert!(
        matches!(refused, Err(tavolo_service::ServiceError::Forbidden(_))),
        "only the mailbox reader records answers"
    );
    Ok(())
}

/// The meeting's answers are for whoever runs its table; the unmatched ones for administrators.
async fn shown_to_whoever_runs_the_table(
    app: &TestApp,
    meeting_id: i64,
    proposal_id: i64,
) -> anyhow::Result<()> {
    let query = "query($id: ID!) { meeting(id: $id) { calendarReplies { id outcome issue answer attendeeEmail \
                 proposedStartsAt comment reviewedAt } } }";
    let variables = json!({"id": meeting_id.to_string()});
    let secretariat = app.signed_in("secretariat@test.example").await?;
    let seen = secretariat.gql(query, variables.clone()).await?.ok();
    let replies = seen.data()["meeting"]["calendarReplies"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(replies.len(), 10, "every answer that names the meeting");
    let delegate = app.signed_in("delegate@test.example").await?;
    let hidden = delegate.gql(query, variables).await?.ok();
    assert_eq!(hidden.data()["meeting"]["calendarReplies"], json!([]));

    // Marking as seen, role by role: those who run the table may, nobody else; nothing is written when refused.
    let review = "mutation($id: ID!) { reviewCalendarReply(id: $id) { reviewedAt } }";
    let proposal = json!({"id": proposal_id.to_string()});
    for role in [
        Role::Anonymous,
        Role::User,
        Role::Moderator,
        Role::Observer,
        Role::Delegate,
    ] {
        let client = match role.email() {
            Some(email) => app.signed_in(&email).await?,
            None => app.client(),
        };
        let refused = client.gql(review, proposal.clone()).await?;
        assert!(
            matches!(
                refused.code(),
                Some("FORBIDDEN" | "UNAUTHENTICATED" | "NOT_FOUND")
            ),
            "{role:?}: {:?}",
            refused.code()
        );
        let row = calendar_reply::Entity::find_by_id(proposal_id)
            .one(&app.db.store.db)
            .await?;
        assert!(
            row.is_some_and(|r| r.reviewed_at.is_none()),
            "{role:?} wrote"
        );
    }
    for role in [Role::Secretariat, Role::Chair, Role::Admin] {
        let email = role.email().unwrap_or_default();
        let reviewed = app
            .signed_in(&email)
            .await?
            .gql(review, proposal.clone())
            .await?
            .ok();
        assert!(reviewed.data()["reviewCalendarReply"]["reviewedAt"].is_string());
    }

    let unmatched =
        "query($first: Int!) { unmatchedCalendarReplies(first: $first) { issue detail sender } }";
    let admin = app.signed_in("admin@test.example").await?;
    let listed = admin.gql(unmatched, json!({"first": 10})).await?.ok();
    let issues: Vec<&Value> = listed.data()["unmatchedCalendarReplies"]
        .as_array()
        .map(|a| a.iter().map(|r| &r["issue"]).collect())
        .unwrap_or_default();
    assert_eq!(issues.len(), 2, "{listed:?}");
    assert!(issues.contains(&&json!("UNKNOWN_EVENT")) && issues.contains(&&json!("MALFORMED")));
    let too_many = admin.gql(unmatched, json!({"first": 100_000})).await?;
    too_many.assert_refused("first", "OUT_OF_RANGE");
    let refused = secretariat.gql(unmatched, json!({"first": 10})).await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"));
    Ok(())
}

on_both_databases!(from_calendar_clients, replies_from_calendars);
