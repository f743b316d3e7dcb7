//! Benchmark: subscription fan-out — 500 WebSocket clients subscribed to one meeting, 20 changes committed one after
//! another; the time from each commit to its arrival at every client (p50, p95, p99 of 10,000 deliveries), on SQLite
//! (the process follows the audit log) and on PostgreSQL (NOTIFY/LISTEN). Prints the figures for the README.
//!
//! `cargo run --release -p tavolo-tests --bin bench-live`

use std::time::{Duration, Instant};

use serde_json::json;
use tavolo_domain::Actor;
use tavolo_service::meetings::AgendaItemInput;
use tavolo_tests::live::{LiveSocket, session_cookie};
use tavolo_tests::{Backend, TestApp, fixtures};

const CLIENTS: usize = 500;
const CHANGES: usize = 20;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    println!("clients: {CLIENTS}, changes: {CHANGES}");
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let mut latencies = run(backend).await?;
        latencies.sort_unstable();
        let at =
            |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
        println!(
            "{backend:?}: {} deliveries, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
            latencies.len(),
            at(0.50).as_secs_f64() * 1e3,
            at(0.95).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3
        );
    }
    Ok(())
}

async fn run(backend: Backend) -> anyhow::Result<Vec<Duration>> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let meeting = fixtures::meeting(&app.services, world.table.id, "Assemblea", 5).await?;
    // Five hundred tabs of one signed-in person: a sign-in each would only measure argon2.
    let cookie = session_cookie(&app.base_url, "secretariat@test.example").await?;
    let mut listeners = Vec::with_capacity(CLIENTS);
    for _ in 0..CLIENTS {
        let mut socket = LiveSocket::connect(&app.base_url, Some(&cookie), None).await?;
        socket
            .subscribe(
                "m",
                "subscription($m: ID!) { meetingChanges(meetingId: $m) { action } }",
                json!({ "m": meeting.id.to_string() }),
            )
            .await?;
        listeners.push(tokio::spawn(async move {
            let mut arrivals = Vec::with_capacity(CHANGES);
            while arrivals.len() < CHANGES {
                match socket.next_for("m", Duration::from_secs(30)).await {
                    Ok(Some(message))
                        if message["payload"]["data"]["meetingChanges"]["action"] == "agenda" =>
                    {
                        arrivals.push(Instant::now());
                    }
                    Ok(Some(_)) => {}
                    _ => break,
                }
            }
            arrivals
        }));
    }
    // Let every subscription start (and SQLite's follower pass the meeting's creation) before measuring.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let meetings = app.services.meetings();
    let mut committed = Vec::with_capacity(CHANGES);
    for n in 0..CHANGES {
        let version = meetings
            .meeting(&Actor::System, meeting.id)
            .await?
            .agenda_version;
        let input = AgendaItemInput {
            title: Some(format!("Punto {n}")),
            ..Default::default()
        };
        meetings
            .add_agenda_item(&Actor::System, meeting.id, input, version)
            .await?;
        committed.push(Instant::now());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut latencies = Vec::with_capacity(CLIENTS * CHANGES);
    for listener in listeners {
        let arrivals = listener.await?;
        anyhow::ensure!(
            arrivals.len() == CHANGES,
            "a client got {} of {CHANGES}",
            arrivals.len()
        );
        for (arrived, sent) in arrivals.iter().zip(&committed) {
            latencies.push(arrived.saturating_duration_since(*sent));
        }
    }
    Ok(latencies)
}
