//! PostGraphile beside Tavolo: started from `bench/postgraphile` (npm, pinned in its lock file, with the Node.js it
//! needs) on the same PostgreSQL database, as a role that may only read the tables the two compared pages show; and
//! those pages written as PostGraphile documents.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};
use tavolo_store::sea_orm::{ConnectionTrait, Database};

/// What the two pages read, and all PostGraphile's role may read: Tavolo's permission rules are not applied.
const READABLE: &[&str] = &[
    "tables",
    "seats",
    "organizations",
    "memberships",
    "people",
    "meetings",
    "agenda_items",
    "invitations",
    "attendances",
    "minutes",
    "minutes_notes",
    "decisions",
];

/// Tavolo's tables page: the first 20 tables, their seats in force with organization and delegates in force.
pub const TABLES: &str = "{ allTables(first: 20, orderBy: PRIMARY_KEY_ASC) { nodes { rowId name seatsByTableId(condition: { validUntil: null }, orderBy: PRIMARY_KEY_ASC) { nodes { organizationByOrganizationId { name } membershipsBySeatId(condition: { validUntil: null }, orderBy: PRIMARY_KEY_ASC) { nodes { personByPersonId { name } } } } } } } }";

/// Tavolo's meeting page: a meeting with agenda, invitations, attendance, minutes with notes, and decisions.
pub const MEETING: &str = "query($id: BigInt!) { meetingByRowId(rowId: $id) { title startsAt agendaItemsByMeetingId(orderBy: POSITION_ASC) { nodes { title } } invitationsByMeetingId(orderBy: PRIMARY_KEY_ASC) { nodes { name rsvp } } attendancesByMeetingId(orderBy: PRIMARY_KEY_ASC) { nodes { status personByPersonId { name } } } minuteByMeetingId { status minutesNotesByMinutesId(orderBy: PRIMARY_KEY_ASC) { nodes { body } } } decisionsByMeetingId(orderBy: PRIMARY_KEY_ASC) { nodes { text } } } }";

pub struct PostGraphile {
    pub base_url: String,
    child: Child,
}

impl PostGraphile {
    /// Grants a read-only role on `database_url` (a superuser's URL) and starts PostGraphile connected as it.
    pub async fn start(database_url: &str) -> anyhow::Result<Self> {
        let folder = folder()?;
        let reader_url = reader(database_url).await?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let bin = folder.join("node_modules/.bin");
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let child = Command::new(bin.join("postgraphile"))
            .args(["-C", "graphile.config.mjs"])
            .current_dir(&folder)
            .env("PATH", path)
            .env("DATABASE_URL", reader_url)
            .env("PORT", port.to_string())
            .env("GRAPHILE_ENV", "production")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("cannot start PostGraphile")?;
        let server = Self {
            base_url: format!("http://127.0.0.1:{port}"),
            child,
        };
        server.wait_until_ready().await?;
        Ok(server)
    }

    async fn wait_until_ready(&self) -> anyhow::Result<()> {
        let http = reqwest::Client::new();
        for _ in 0..300 {
            let answer = http
                .post(format!("{}/graphql", self.base_url))
                .json(&json!({ "query": "{ __typename }" }))
                .send()
                .await;
            if answer.is_ok_and(|a| a.status().is_success()) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("PostGraphile did not start at {}", self.base_url)
    }

    /// Sends a document once and refuses to measure one that answers with errors or without data.
    pub async fn preflight(&self, query: &str, variables: Value) -> anyhow::Result<()> {
        let answer: Value = reqwest::Client::new()
            .post(format!("{}/graphql", self.base_url))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await?
            .json()
            .await?;
        let empty = answer["data"]
            .as_object()
            .is_none_or(|data| data.values().any(Value::is_null));
        anyhow::ensure!(
            answer.get("errors").is_none() && !empty,
            "PostGraphile: {query}: {answer}"
        );
        Ok(())
    }
}

impl Drop for PostGraphile {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `bench/postgraphile` with its packages installed (`npm ci`, which `scripts/bench.sh` runs).
fn folder() -> anyhow::Result<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/postgraphile");
    anyhow::ensure!(
        folder.join("node_modules/.bin/postgraphile").exists(),
        "PostGraphile is not installed: npm ci --prefix {}",
        folder.display()
    );
    Ok(folder)
}

/// Creates the role `bench_reader`, allowed to read `READABLE` only, and returns its URL.
async fn reader(database_url: &str) -> anyhow::Result<String> {
    let db = Database::connect(database_url).await?;
    db.execute_unprepared("DROP ROLE IF EXISTS bench_reader; CREATE ROLE bench_reader LOGIN")
        .await?;
    db.execute_unprepared(&format!(
        "GRANT SELECT ON {} TO bench_reader",
        READABLE.join(", ")
    ))
    .await?;
    db.close().await?;
    let (server, name) = database_url
        .rsplit_once('/')
        .context("database URL without a name")?;
    let server = server.replacen("postgres@", "bench_reader@", 1);
    Ok(format!("{server}/{name}"))
}
