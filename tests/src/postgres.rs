//! A throwaway PostgreSQL cluster from the machine's PostgreSQL 15 binaries, started once per test process and removed when it exits; or an existing server from `TAVOLO_TEST_POSTGRES_URL`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tavolo_store::sea_orm::{ConnectionTrait, Database};

/// The admin URL of the server every test database is created in.
static SERVER: OnceLock<Result<String, String>> = OnceLock::new();
/// The wrapper shell that stops the cluster when this process exits (its stdin closes).
static GUARD: Mutex<Option<Child>> = Mutex::new(None);
static NEXT_DATABASE: AtomicU32 = AtomicU32::new(0);

/// Creates an empty database and returns its URL.
pub async fn fresh_database() -> anyhow::Result<String> {
    let admin_url = tokio::task::spawn_blocking(|| {
        SERVER
            .get_or_init(|| start().map_err(|e| format!("{e:#}")))
            .clone()
    })
    .await?
    .map_err(anyhow::Error::msg)?;
    let name = format!(
        "tavolo_test_{}_{}",
        std::process::id(),
        NEXT_DATABASE.fetch_add(1, Ordering::Relaxed)
    );
    let admin = Database::connect(&admin_url).await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    admin.close().await?;
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(&admin_url);
    Ok(format!("{base}/{name}"))
}

fn start() -> anyhow::Result<String> {
    if let Ok(url) = std::env::var("TAVOLO_TEST_POSTGRES_URL") {
        return Ok(url);
    }
    let bin = binaries()?;
    let root = tempfile::Builder::new()
        .prefix("tavolo-pg-")
        .tempdir()?
        .keep();
    let as_root = is_root();
    let data = root.join("data");
    init_cluster(&bin, as_root, &root)?;
    let port = free_port()?;
    let script = format!(
        "'{postgres}' -D '{data}' -p {port} -k '{root}' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 >'{root}/log' 2>&1 & pid=$!; read _; kill -INT $pid; wait $pid; rm -rf '{root}'",
        postgres = bin.join("postgres").display(),
        data = data.display(),
        root = root.display(),
    );
    let mut shell = user_command(as_root, Path::new("/bin/sh"));
    let child = shell
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .spawn()
        .context("cannot start postgres")?;
    if let Ok(mut guard) = GUARD.lock() {
        *guard = Some(child);
    }
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    wait_until_ready(&bin, port, &root)?;
    Ok(url)
}

/// Makes a new cluster in `root/data`, owned by the postgres user when running as root (PostgreSQL refuses root).
fn init_cluster(bin: &Path, as_root: bool, root: &Path) -> anyhow::Result<()> {
    if as_root {
        run(Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(root))?;
    }
    let mut initdb = user_command(as_root, &bin.join("initdb"));
    initdb
        .args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "-D",
        ])
        .arg(root.join("data"));
    run(&mut initdb).context("initdb failed")
}

fn wait_until_ready(bin: &Path, port: u16, root: &Path) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let ready = Command::new(bin.join("pg_isready"))
            .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "postgres"])
            .stdout(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if ready {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let log = std::fs::read_to_string(root.join("log")).unwrap_or_default();
    bail!("postgres did not start on port {port}: {log}")
}

fn binaries() -> anyhow::Result<PathBuf> {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let default = PathBuf::from("/usr/lib/postgresql/15/bin");
    if default.join("initdb").exists() {
        return Ok(default);
    }
    bail!(
        "PostgreSQL 15 server binaries not found: install postgresql-15, set PG_BIN, or set TAVOLO_TEST_POSTGRES_URL"
    )
}

/// Whether the tests run as root (the machine's CI does): PostgreSQL then runs as `postgres`, mounts need no
/// user namespace.
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn user_command(as_root: bool, program: &Path) -> Command {
    if !as_root {
        return Command::new(program);
    }
    let mut command = Command::new("runuser");
    command.args(["-u", "postgres", "--"]).arg(program);
    command
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    let output = command.output()?;
    if !output.status.success() {
        let mut message = Vec::new();
        message.write_all(&output.stderr)?;
        bail!(
            "{:?} failed: {}",
            command,
            String::from_utf8_lossy(&message)
        );
    }
    Ok(())
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A PostgreSQL cluster of one test's own, which it may stop and start again (a restart under load) without
/// disturbing the tests sharing the process-wide server. Removed when dropped.
pub struct Cluster {
    bin: PathBuf,
    root: tempfile::TempDir,
    port: u16,
    as_root: bool,
}

impl Cluster {
    pub fn start() -> anyhow::Result<Self> {
        let bin = binaries()?;
        let root = tempfile::Builder::new()
            .prefix("tavolo-pg-own-")
            .tempdir()?;
        let as_root = is_root();
        init_cluster(&bin, as_root, root.path())?;
        let cluster = Self {
            bin,
            root,
            port: free_port()?,
            as_root,
        };
        cluster.resume()?;
        Ok(cluster)
    }

    /// The URL of database `name` (created with `create_database`).
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    pub async fn create_database(&self, name: &str) -> anyhow::Result<String> {
        let admin = Database::connect(self.url("postgres")).await?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        admin.close().await?;
        Ok(self.url(name))
    }

    /// Shuts the server down the way an operator's restart does: connections are cut, running transactions fail.
    pub fn stop(&self) -> anyhow::Result<()> {
        self.pg_ctl(&["stop", "-m", "fast"])
    }

    /// Starts the server (again) on the same port and data.
    pub fn resume(&self) -> anyhow::Result<()> {
        let options = format!(
            "-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off",
            port = self.port,
            root = self.root.path().display()
        );
        self.pg_ctl(&["start", "-o", &options])?;
        wait_until_ready(&self.bin, self.port, self.root.path())
    }

    fn pg_ctl(&self, args: &[&str]) -> anyhow::Result<()> {
        let log = self.root.path().join("log");
        let mut command = user_command(self.as_root, &self.bin.join("pg_ctl"));
        command
            .arg("-D")
            .arg(self.root.path().join("data"))
            .arg("-l")
            .arg(&log)
            .arg("-w")
            .args(args)
            .stdout(Stdio::null());
        run(&mut command).with_context(|| format!("pg_ctl {args:?}"))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["stop", "-m", "immediate"]);
    }
}
