//! Benchmark: a meeting with 500 invitees — time to queue the invitations (one transaction expanding the event into
//! 500 iMIP messages) and delivery throughput to a local SMTP server (aiosmtpd). Prints the figures for the README.
//!
//! `cargo run --release -p tavolo-tests --bin bench-mail`

use std::time::Instant;

use tavolo_domain::{Actor, InvitationRole};
use tavolo_service::meetings::{Invitee, MeetingInput};
use tavolo_tests::smtp::SmtpServer;
use tavolo_tests::{Backend, TestApp, fixtures};

const INVITEES: usize = 500;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = TestApp::start(Backend::Sqlite).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let meetings = app.services.meetings();
    let input = MeetingInput {
        title: Some("Assemblea plenaria della rete".into()),
        start: Some(fixtures::local_time(30, 10)),
        end: Some(fixtures::local_time(30, 13)),
        place: Some("Auditorium, Grosseto".into()),
        ..Default::default()
    };
    let meeting = meetings
        .create_meeting(&Actor::System, world.table.id, input, false)
        .await?;
    let started = Instant::now();
    let existing = meetings
        .invitations(&Actor::System, &[meeting.id])
        .await?
        .len();
    for n in existing..INVITEES {
        let guest = Invitee::Email {
            offer_account: false,
            email: format!("operatore{n}@rete.example"),
            name: format!("Operatrice {n}"),
        };
        meetings
            .invite(&Actor::System, meeting.id, guest, InvitationRole::Optional)
            .await?;
    }
    let invited = started.elapsed();
    meetings
        .schedule_meeting(&Actor::System, meeting.id, false)
        .await?;

    let config = tavolo_mail::MailConfig {
        from_name: "Tavolo".into(),
        from_email: "tavolo@bench.example".into(),
        smtp_url: Some(smtp.url()),
        outbox_dir: std::env::temp_dir(),
        public_url: app.base_url.clone(),
        link_secret: tavolo_tests::LINK_SECRET.as_bytes().to_vec(),
    };
    let started = Instant::now();
    tavolo_mail::dispatch::dispatch_pending(&app.db.store.db, &config)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let queued = started.elapsed();

    let mailer = app.mailer(&smtp.url())?;
    let started = Instant::now();
    let pass = mailer
        .run_once()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let delivered = started.elapsed();
    let received = smtp.received()?.len();
    anyhow::ensure!(
        pass.sent == INVITEES && received == INVITEES,
        "sent {} and received {received} of {INVITEES}",
        pass.sent
    );

    println!("invitees: {INVITEES}");
    println!("adding the invitations: {:.2} s", invited.as_secs_f64());
    println!(
        "queueing {INVITEES} iMIP messages (one transaction): {:.0} ms",
        queued.as_secs_f64() * 1000.0
    );
    println!(
        "delivering to the local SMTP server: {:.2} s, {:.0} messages/s",
        delivered.as_secs_f64(),
        INVITEES as f64 / delivered.as_secs_f64()
    );
    Ok(())
}
