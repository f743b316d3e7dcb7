//! Several `tavolo serve` processes on one database behave as one, and a process killed in the middle of its work
//! loses and duplicates nothing: real processes of the real binary, a real SMTP server, SQLite and PostgreSQL.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use tavolo_domain::Actor;
use tavolo_files::FilePolicy;
use tavolo_search::TantivyEngine;
use tavolo_service::{Files, Services};
use tavolo_store::entity::{job_lease, mail_outbox, meeting, practice_attachment};
use tavolo_store::sea_orm::sea_query::Expr;
use tavolo_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::live::{LiveSocket, gql_as, session_cookie};
use tavolo_tests::process::ServerProcess;
use tavolo_tests::smtp::SmtpServer;
use tavolo_tests::{Backend, Client, TestDb};

#[macro_use]
extern crate tavolo_tests;

const BINARY: &str = env!("CARGO_BIN_EXE_tavolo");

/// The database with the fixtures' people and tables, and services over it for the test's own changes.
async fn deployment(backend: Backend) -> anyhow::Result<(TestDb, Services, tempfile::TempDir)> {
    let db = TestDb::new(backend).await?;
    let data_dir = tempfile::tempdir()?;
    let files = Files::on_disk(data_dir.path().join("attachments"), FilePolicy::default());
    let services = Services::new(
        db.store.clone(),
        files,
        Arc::new(TantivyEngine::in_memory()?),
    );
    Ok((db, services, data_dir))
}

async fn start(db: &TestDb, data_dir: &Path, smtp: &SmtpServer) -> anyhow::Result<ServerProcess> {
    ServerProcess::start(Path::new(BINARY), &db.url, data_dir, &smtp.url()).await
}

/// Waits up to `seconds` for `check` to hold.
async fn eventually<F, Fut>(seconds: u64, what: &str, mut check: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<bool>>,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        if check().await? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    anyhow::bail!("{what} did not happen within {seconds} s")
}

/// A scheduled meeting of the fixtures' table titled `title`, and how many it invites.
async fn scheduled_meeting(
    services: &Services,
    table_id: i64,
    title: &str,
) -> anyhow::Result<(i64, usize)> {
    let draft = fixtures::meeting(services, table_id, title, 7).await?;
    let meetings = services.meetings();
    meetings
        .schedule_meeting(&Actor::System, draft.id, false)
        .await?;
    Ok((
        draft.id,
        meetings
            .invitations(&Actor::System, &[draft.id])
            .await?
            .len(),
    ))
}

async fn hits(client: &Client, query: &str) -> anyhow::Result<u64> {
    let response = client
        .gql(
            "query($q: String!) { search(query: $q) { total } }",
            json!({ "q": query }),
        )
        .await?
        .ok();
    Ok(response.data()["search"]["total"]
        .as_u64()
        .unwrap_or_default())
}

/// Waits up to `seconds` for `count` messages, then a few seconds more for any duplicate, and checks that each
/// recipient got exactly one.
async fn delivered_once(smtp: &SmtpServer, count: usize, seconds: u64) -> anyhow::Result<()> {
    eventually(seconds, "delivery of every message", || async {
        Ok(smtp.received()?.len() >= count)
    })
    .await?;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mut to: Vec<String> = smtp
        .received()?
        .iter()
        .filter_map(|m| m["to"].as_str().map(str::to_owned))
        .collect();
    to.sort();
    let mut distinct = to.clone();
    distinct.dedup();
    assert_eq!((to.len(), distinct.len()), (count, count), "{to:?}");
    Ok(())
}

async fn lease_holder(db: &TestDb) -> anyhow::Result<Option<String>> {
    Ok(job_lease::Entity::find_by_id("search-indexer".to_owned())
        .one(&db.store.db)
        .await?
        .map(|lease| lease.holder))
}

async fn two_processes(backend: Backend) -> anyhow::Result<()> {
    let (db, services, data_dir) = deployment(backend).await?;
    let world = fixtures::world(&services).await?;
    let smtp = SmtpServer::start()?;
    let first = start(&db, data_dir.path(), &smtp).await?;
    let second = start(&db, data_dir.path(), &smtp).await?;
    let chair = world.person(Role::Chair).email.clone();

    // A session opened on one process is good on the other, and signing out on the other ends it everywhere.
    let on_first = first.client();
    on_first.login(&chair, fixtures::PASSWORD).await?;
    let on_second = on_first.at(&second.base_url);
    let me = on_second.gql("{ me { id } }", json!({})).await?.ok();
    assert!(!me.data()["me"].is_null(), "{:?}", me.body);
    on_second.gql("mutation { logout }", json!({})).await?.ok();
    let me = on_first.gql("{ me { id } }", json!({})).await?.ok();
    assert!(me.data()["me"].is_null(), "{:?}", me.body);

    // Both processes run a mail worker: each invitation goes out once.
    let (meeting_id, invitees) = scheduled_meeting(
        &services,
        world.table.id,
        "Consulta territoriale sull'abitare",
    )
    .await?;

    // A change made through one process reaches a subscriber of the other (NOTIFY on PostgreSQL; on SQLite
    // each process follows the shared audit log).
    let cookie = session_cookie(&first.base_url, &chair).await?;
    let mut watching = LiveSocket::connect(&second.base_url, Some(&cookie), None).await?;
    watching
        .subscribe(
            "m",
            "subscription($m: ID!) { meetingChanges(meetingId: $m) { meetingId action } }",
            json!({ "m": meeting_id.to_string() }),
        )
        .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let read = gql_as(
        &first.base_url,
        &cookie,
        "query($m: ID!) { meeting(id: $m) { agendaVersion } }",
        json!({ "m": meeting_id.to_string() }),
    )
    .await?;
    let added = gql_as(
        &first.base_url,
        &cookie,
        "mutation($m: ID!, $v: Int!) { addAgendaItem(meetingId: $m, expectedVersion: $v, input: { title: \"Casa\" }) { id } }",
        json!({ "m": meeting_id.to_string(), "v": read["data"]["meeting"]["agendaVersion"] }),
    )
    .await?;
    assert!(added["errors"].is_null(), "{added}");
    let mut heard = None;
    while let Some(message) = watching.next_for("m", Duration::from_secs(15)).await? {
        if message["payload"]["data"]["meetingChanges"]["action"] == "agenda" {
            heard = Some(message);
            break;
        }
    }
    assert!(
        heard.is_some(),
        "the other process's subscriber never heard of the change"
    );
    delivered_once(&smtp, invitees, 30).await?;

    // One process holds the indexer's lease; what it indexes is found through either process.
    let member = first.client();
    member.login(&chair, fixtures::PASSWORD).await?;
    let through_second = member.at(&second.base_url);
    eventually(30, "the meeting found through both processes", || async {
        Ok(hits(&member, "abitare").await? > 0 && hits(&through_second, "abitare").await? > 0)
    })
    .await?;
    let holder = lease_holder(&db).await?.unwrap_or_default();
    let (mut holding, survivor) = if holder.contains(&format!("-{}-", first.pid())) {
        (first, second)
    } else {
        (second, first)
    };
    assert!(holder.contains(&format!("-{}-", holding.pid())), "{holder}");

    // The holder dies without a word: once its lease runs out the survivor takes over and nothing is missed.
    holding.kill()?;
    let member = member.at(&survivor.base_url);
    fixtures::meeting(
        &services,
        world.table.id,
        "Laboratorio di cittadinanza attiva",
        9,
    )
    .await?;
    eventually(40, "the survivor indexing after the takeover", || async {
        Ok(hits(&member, "cittadinanza").await? > 0)
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}: {}", survivor.log_text()))?;
    let holder = lease_holder(&db).await?.unwrap_or_default();
    assert!(
        holder.contains(&format!("-{}-", survivor.pid())),
        "{holder}"
    );
    assert!(
        meeting::Entity::find_by_id(meeting_id)
            .one(&db.store.db)
            .await?
            .is_some(),
        "the meeting is still there"
    );
    Ok(())
}
on_both_databases!(two_processes_behave_as_one, two_processes);

/// A process killed while its messages are with a slow relay: the relay never completed them, so after the claims
/// expire another process sends each exactly once; the API answered meanwhile.
async fn killed_while_sending(backend: Backend) -> anyhow::Result<()> {
    let (db, services, data_dir) = deployment(backend).await?;
    let world = fixtures::world(&services).await?;
    let smtp = SmtpServer::start_slow(4.0)?;
    let mut sender = start(&db, data_dir.path(), &smtp).await?;
    let (_, invitees) = scheduled_meeting(&services, world.table.id, "Seduta plenaria").await?;
    eventually(20, "the sender claiming the invitations", || async {
        let claimed = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::LockedBy.is_not_null())
            .all(&db.store.db)
            .await?;
        Ok(claimed.len() == invitees)
    })
    .await?;
    // The relay is slow, not the API: the process answers while its messages wait.
    let me = sender.client().gql("{ me { id } }", json!({})).await?;
    assert_eq!(me.status, 200);
    tokio::time::sleep(Duration::from_secs(1)).await;
    sender.kill()?;
    assert!(smtp.received()?.is_empty(), "the relay completed nothing");
    let queued = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Status.eq("queued"))
        .all(&db.store.db)
        .await?;
    assert_eq!(queued.len(), invitees);

    // As if the claim's two minutes had passed: a new process takes the messages over.
    mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::LockedUntil,
            Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)),
        )
        .exec(&db.store.db)
        .await?;
    let _restarted = start(&db, data_dir.path(), &smtp).await?;
    delivered_once(&smtp, invitees, 40).await?;
    let sent = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Status.eq("sent"))
        .all(&db.store.db)
        .await?;
    assert_eq!(sent.len(), invitees);
    Ok(())
}
on_both_databases!(
    a_process_killed_while_sending_loses_and_duplicates_nothing,
    killed_while_sending
);

/// Drives reads and meeting creations through `client` until `stop`; returns the meetings it was told were created
/// and the error codes it saw.
async fn load(
    client: Client,
    table_id: i64,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<(Vec<i64>, Vec<String>)> {
    let mut created = Vec::new();
    let mut codes = Vec::new();
    let create =
        "mutation($t: ID!, $i: MeetingFields!) { createMeeting(tableId: $t, input: $i) { id } }";
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let input = json!({ "title": format!("Seduta di carico {n}"), "start": fixtures::local_time(20, 10), "end": fixtures::local_time(20, 12) });
        let outcomes = [
            client
                .gql(
                    "{ me { id } tables(first: 5) { edges { node { id name } } } }",
                    json!({}),
                )
                .await?,
            client
                .gql(create, json!({ "t": table_id.to_string(), "i": input }))
                .await?,
        ];
        for outcome in outcomes {
            match outcome.code() {
                None => {
                    if let Some(id) = outcome.data()["createMeeting"]["id"].as_str() {
                        created.push(id.parse()?);
                    }
                }
                Some(code) => codes.push(format!("{code} ({})", outcome.status)),
            }
        }
    }
    Ok((created, codes))
}

/// PostgreSQL restarted while clients read and write: meanwhile they get UNAVAILABLE (never a hang, never a crash),
/// afterwards the same process serves again by itself, and every write it confirmed is there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_under_load() -> anyhow::Result<()> {
    let cluster = tokio::task::spawn_blocking(tavolo_tests::postgres::Cluster::start).await??;
    let url = cluster.create_database("tavolo").await?;
    let db = TestDb::at(&url).await?;
    let data_dir = tempfile::tempdir()?;
    let services = Services::new(
        db.store.clone(),
        Files::on_disk(data_dir.path().join("attachments"), FilePolicy::default()),
        Arc::new(TantivyEngine::in_memory()?),
    );
    let world = fixtures::world(&services).await?;
    let smtp = SmtpServer::start()?;
    let mut server = start(&db, data_dir.path(), &smtp).await?;
    let secretariat = world.person(Role::Secretariat).email.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let client = server.client();
        client.login(&secretariat, fixtures::PASSWORD).await?;
        clients.spawn(load(client, world.table.id, stop.clone()));
    }
    let ready = |base: String| async move {
        let response = reqwest::get(format!("{base}/readyz")).await?;
        anyhow::Ok(response.status().as_u16())
    };

    tokio::time::sleep(Duration::from_secs(2)).await;
    tokio::task::block_in_place(|| cluster.stop())?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(ready(server.base_url.clone()).await?, 503);
    tokio::time::sleep(Duration::from_secs(3)).await;
    tokio::task::block_in_place(|| cluster.resume())?;
    eventually(30, "readiness after the restart", || {
        let status = ready(server.base_url.clone());
        async move { Ok(status.await? == 200) }
    })
    .await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::Relaxed);

    let mut confirmed = Vec::new();
    let mut codes = Vec::new();
    while let Some(joined) = clients.join_next().await {
        let (created, seen) = joined??;
        confirmed.extend(created);
        codes.extend(seen);
    }
    assert!(server.is_running(), "{}", server.log_text());
    assert!(!codes.is_empty(), "the clients never met the outage");
    assert!(
        codes.iter().all(|c| c.starts_with("UNAVAILABLE")),
        "only UNAVAILABLE during the outage: {codes:?}"
    );
    // Writes went on after the restart, and none that was confirmed is missing.
    let stored: std::collections::BTreeSet<i64> = meeting::Entity::find()
        .all(&db.store.db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let missing: Vec<_> = confirmed.iter().filter(|id| !stored.contains(id)).collect();
    assert!(missing.is_empty(), "confirmed but lost: {missing:?}");
    let after = server.client();
    after.login(&secretariat, fixtures::PASSWORD).await?;
    let input = json!({ "title": "Dopo il riavvio", "start": fixtures::local_time(21, 10), "end": fixtures::local_time(21, 12) });
    after
        .gql("mutation($t: ID!, $i: MeetingFields!) { createMeeting(tableId: $t, input: $i) { id } }", json!({ "t": world.table.id.to_string(), "i": input }))
        .await?
        .ok();
    Ok(())
}

/// A full disk under the attachments: the upload is refused as UNAVAILABLE with nothing left behind (no row, no
/// partial file), and once space is freed uploads work again without a restart. The process runs in a mount
/// namespace of its own where the attachment folder is a 256 KiB tmpfs: a real ENOSPC, invisible to the machine.
async fn disk_full(backend: Backend) -> anyhow::Result<()> {
    let (db, services, data_dir) = deployment(backend).await?;
    let world = fixtures::world(&services).await?;
    let author = world.person(Role::User).clone();
    let practice = fixtures::practice(
        &services,
        &author,
        "Sportello di ascolto",
        tavolo_domain::PracticeStatus::Draft,
        tavolo_domain::PracticeVisibility::Network,
    )
    .await?;
    let smtp = SmtpServer::start()?;
    let attachments = data_dir.path().join("attachments");
    std::fs::create_dir_all(&attachments)?;
    let mut command = std::process::Command::new("unshare");
    if !tavolo_tests::postgres::is_root() {
        command.args(["--user", "--map-root-user"]);
    }
    command
        .args(["--mount", "--propagation", "private", "--", "sh", "-c"])
        .arg("mount -t tmpfs -o size=256k tavolo-full \"$0\" && exec \"$1\" serve")
        .arg(&attachments)
        .arg(BINARY);
    let server = ServerProcess::start_with(command, &db.url, data_dir.path(), &smtp.url()).await?;
    let client = server.client();
    client
        .login(author.email.as_str(), fixtures::PASSWORD)
        .await?;
    let path = format!("/practices/{}/attachments", practice.id);
    let pdf = |kib: usize| {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        bytes.resize(kib * 1024, b'0');
        bytes
    };

    let first = client
        .upload(&path, "file", "relazione.pdf", pdf(150))
        .await?;
    assert_eq!(first.status, 201, "{}", first.body);
    let full = client
        .upload(&path, "file", "allegato.pdf", pdf(150))
        .await?;
    assert_eq!(full.status, 503, "{}", full.body);
    assert_eq!(full.code(), Some("UNAVAILABLE"), "{}", full.body);
    let rows = practice_attachment::Entity::find()
        .all(&db.store.db)
        .await?;
    assert_eq!(rows.len(), 1, "no row for the refused file");
    // What the process sees under its mount: the first file and nothing half-written.
    let inside = Path::new("/proc")
        .join(server.pid().to_string())
        .join("root")
        .join(attachments.strip_prefix("/")?);
    let stored = files_under(&inside)?;
    assert_eq!(stored.len(), 1, "{stored:?}");

    // Space comes back (the first file removed): the next upload succeeds, with no restart.
    let removed = client
        .gql(
            "mutation($id: ID!) { removePracticeAttachment(id: $id) { id } }",
            json!({ "id": rows[0].id.to_string() }),
        )
        .await?;
    assert!(removed.is_ok(), "{}", removed.body);
    let again = client
        .upload(&path, "file", "allegato.pdf", pdf(150))
        .await?;
    assert_eq!(again.status, 201, "{}", again.body);
    Ok(())
}
on_both_databases!(a_full_disk_refuses_uploads_cleanly_and_recovers, disk_full);

fn files_under(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(files_under(&path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}
