//! `tavolo serve` as a real operating-system process on a free port, for tests that run several servers on one
//! database or kill one: configured through the environment like a deployment, its log kept beside its data.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::{Client, LINK_SECRET};

pub struct ServerProcess {
    pub base_url: String,
    log: PathBuf,
    child: Child,
}

impl ServerProcess {
    /// Starts `binary serve` on `database_url` with `data_dir` (shared by the processes of one deployment) and
    /// waits until it answers.
    pub async fn start(
        binary: &Path,
        database_url: &str,
        data_dir: &Path,
        smtp_url: &str,
    ) -> anyhow::Result<Self> {
        let mut command = Command::new(binary);
        command.arg("serve");
        Self::start_with(command, database_url, data_dir, smtp_url).await
    }

    /// The same through `command`, which must end up running `tavolo serve` in the same process (a wrapper that
    /// `exec`s it, say, to set up a mount first).
    pub async fn start_with(
        mut command: Command,
        database_url: &str,
        data_dir: &Path,
        smtp_url: &str,
    ) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let base_url = format!("http://127.0.0.1:{port}");
        let log = data_dir.join(format!("server-{port}.log"));
        let child = command
            .env("TAVOLO_DATABASE_URL", database_url)
            .env("TAVOLO_DATA_DIR", data_dir)
            .env("TAVOLO_LISTEN", format!("127.0.0.1:{port}"))
            .env("TAVOLO_PUBLIC_URL", &base_url)
            .env("TAVOLO_SMTP_URL", smtp_url)
            .env("TAVOLO_SECRET_KEY", LINK_SECRET)
            .env("RUST_LOG", "info,sqlx=warn,sea_orm=warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()
            .with_context(|| format!("cannot start {command:?}"))?;
        let mut process = Self {
            base_url,
            log,
            child,
        };
        process.wait_until_ready().await?;
        Ok(process)
    }

    async fn wait_until_ready(&mut self) -> anyhow::Result<()> {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!("tavolo serve exited with {status}: {}", self.log_text());
            }
            let ready = http
                .get(format!("{}/readyz", self.base_url))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ready {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("tavolo serve did not become ready: {}", self.log_text())
    }

    /// The operating-system process id (it is part of the process's name in leases and claims).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A signed-out client of this process.
    pub fn client(&self) -> Client {
        Client::new(&self.base_url)
    }

    /// Whether the process is still running (it did not crash).
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Kills the process at once (SIGKILL): no shutdown, no lease handed over, work in flight abandoned.
    pub fn kill(&mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }

    /// What the process logged so far (for failure messages).
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
