//! Benchmark: answers from calendar programs read from a mailbox of 1,000 messages on a real IMAP server (Dovecot),
//! one per invitee of a meeting, in the shapes Outlook, Gmail and Thunderbird send: how many the reader applies per
//! second, fetch, record and move included. On SQLite and on PostgreSQL. Prints the figures for the README.
//!
//! `cargo run --release -p tavolo-tests --bin bench-replies`

use std::time::Instant;

use serde_json::json;
use tavolo_domain::{Actor, InvitationRole};
use tavolo_inbox::{ImapConfig, MailboxReader};
use tavolo_service::meetings::{Invitee, MeetingInput};
use tavolo_tests::imap::ImapServer;
use tavolo_tests::{Backend, TestApp, fixtures};

const MESSAGES: usize = 1_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    println!("messages: {MESSAGES}");
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let (seconds, applied) = run(backend).await?;
        println!(
            "{backend:?}: {applied} answers applied in {seconds:.2} s, {:.0} answers/s",
            applied as f64 / seconds
        );
    }
    Ok(())
}

async fn run(backend: Backend) -> anyhow::Result<(f64, usize)> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let meetings = app.services.meetings();
    let input = MeetingInput {
        title: Some("Assemblea plenaria della rete".into()),
        start: Some(fixtures::local_time(30, 10)),
        end: Some(fixtures::local_time(30, 13)),
        ..Default::default()
    };
    let meeting = meetings
        .create_meeting(&Actor::System, world.table.id, input, false)
        .await?;
    for n in 0..MESSAGES {
        let guest = Invitee::Email {
            offer_account: false,
            email: format!("operatore{n}@rete.example"),
            name: format!("Operatrice {n}"),
        };
        meetings
            .invite(&Actor::System, meeting.id, guest, InvitationRole::Optional)
            .await?;
    }
    let shapes = ["outlook", "gmail", "thunderbird"];
    let answers = ["ACCEPTED", "DECLINED", "TENTATIVE"];
    let replies: Vec<_> = (0..MESSAGES)
        .map(|n| {
            json!({"shape": shapes[n % 3], "uid": meeting.calendar_uid, "sequence": meeting.sequence,
                   "attendee": format!("operatore{n}@rete.example"), "partstat": answers[n % 3]})
        })
        .collect();
    let imap = ImapServer::start()?;
    imap.deliver(&json!(replies))?;
    let reader = MailboxReader::new(app.services.clone(), ImapConfig::parse(&imap.url())?);
    let started = Instant::now();
    let report = reader
        .run_once()
        .await?
        .ok_or_else(|| anyhow::anyhow!("the mailbox lease was held"))?;
    let seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        report.applied == MESSAGES && report.failed == 0,
        "{report:?}"
    );
    let folders = imap.folders()?;
    anyhow::ensure!(
        folders["Tavolo-handled"] == MESSAGES && folders["INBOX"] == 0,
        "{folders}"
    );
    Ok((seconds, report.applied))
}
