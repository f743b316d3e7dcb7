//! A real SMTP server for tests: Debian's `python3-aiosmtpd`, storing every message it receives in a Maildir and
//! refusing recipients named `rifiutato…` (see `smtp_handlers.py`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::bail;
use tempfile::TempDir;

pub struct SmtpServer {
    pub port: u16,
    /// Seconds the server waits before accepting each message's data (a slow relay); zero for none.
    delay: f64,
    dir: TempDir,
    child: Option<Child>,
}

impl SmtpServer {
    pub fn start() -> anyhow::Result<Self> {
        Self::start_slow(0.0)
    }

    /// A server that takes `delay` seconds to accept each message.
    pub fn start_slow(delay: f64) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut server = Self {
            port,
            delay,
            dir: tempfile::tempdir()?,
            child: None,
        };
        server.resume()?;
        Ok(server)
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The Maildir the server writes into.
    pub fn maildir(&self) -> PathBuf {
        self.dir.path().join("mail")
    }

    /// Stops the server: connections are refused until `resume`.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts (again) on the same port and Maildir.
    pub fn resume(&mut self) -> anyhow::Result<()> {
        let child = Command::new("/usr/bin/python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{}", self.port),
                "-c",
                "smtp_handlers.RefusingMailbox",
            ])
            .arg(self.maildir())
            .env("PYTHONPATH", env!("CARGO_MANIFEST_DIR"))
            .env("TAVOLO_TEST_SMTP_DELAY", self.delay.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!(
            "aiosmtpd did not start on port {} (is python3-aiosmtpd installed?)",
            self.port
        )
    }

    /// Every message received so far, checked and summarized by the independent parser.
    pub fn received(&self) -> anyhow::Result<Vec<serde_json::Value>> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("ical_check.py");
        let output = Command::new("/usr/bin/python3")
            .arg(script)
            .arg(self.maildir())
            .output()?;
        if !output.status.success() {
            bail!(
                "ical_check.py failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(serde_json::from_slice(&output.stdout)?)
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A calendar feed checked and summarized by the independent parser.
pub fn parse_feed(body: &str) -> anyhow::Result<serde_json::Value> {
    let file = tempfile::NamedTempFile::new()?;
    std::fs::write(file.path(), body)?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("ical_check.py");
    let output = Command::new("/usr/bin/python3")
        .arg(script)
        .arg("--feed")
        .arg(file.path())
        .output()?;
    if !output.status.success() {
        bail!(
            "ical_check.py failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}
