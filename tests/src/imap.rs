//! A real IMAP server for tests: Debian's Dovecot on loopback, one mailbox user, plain IMAP and IMAPS (a
//! certificate made for the run by openssl), and messages put into it by an independent client (Python's
//! `imaplib`, with replies built by Python's `icalendar`; see `imip_replies.py`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tempfile::TempDir;

pub const USER: &str = "tavolo";
pub const PASSWORD: &str = "segreto-imap";

pub struct ImapServer {
    pub port: u16,
    pub tls_port: u16,
    dir: TempDir,
    child: Child,
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

impl ImapServer {
    pub fn start() -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let port = free_port()?;
        let tls_port = free_port()?;
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("dovecot.sh");
        let child = Command::new("sh")
            .arg(script)
            .arg(dir.path())
            .arg(port.to_string())
            .arg(tls_port.to_string())
            .arg(USER)
            .arg(PASSWORD)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start Dovecot (is dovecot-imapd installed?)")?;
        let server = Self {
            port,
            tls_port,
            dir,
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let plain = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
            if plain && std::net::TcpStream::connect(("127.0.0.1", tls_port)).is_ok() {
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!("Dovecot did not start: {}", server.log())
    }

    /// The `imap_url` for plain IMAP on loopback.
    pub fn url(&self) -> String {
        format!("imap://{USER}:{PASSWORD}@127.0.0.1:{}", self.port)
    }

    /// The `imap_url` for IMAPS, trusting this run's certificate.
    pub fn tls_url(&self) -> String {
        format!(
            "imaps://{USER}:{PASSWORD}@localhost:{}?ca_file={}",
            self.tls_port,
            self.certificate().display()
        )
    }

    /// The `imap_url` for plain IMAP upgraded with STARTTLS, trusting this run's certificate.
    pub fn starttls_url(&self) -> String {
        format!(
            "imap://{USER}:{PASSWORD}@localhost:{}?tls=starttls&ca_file={}",
            self.port,
            self.certificate().display()
        )
    }

    /// The run's CA, which signed the server's certificate.
    pub fn certificate(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
    }

    /// Runs `imip_replies.py` with `command` and a JSON argument; returns what it printed as JSON.
    pub fn client(
        &self,
        command: &str,
        argument: &serde_json::Value,
    ) -> anyhow::Result<serde_json::Value> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("imip_replies.py");
        // The argument goes on standard input: a thousand replies are past what a command line takes.
        let mut child = Command::new("/usr/bin/python3")
            .arg(script)
            .arg(command)
            .arg(self.port.to_string())
            .arg(USER)
            .arg(PASSWORD)
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(argument.to_string().as_bytes())?;
        }
        let output = child.wait_with_output()?;
        if !output.status.success() {
            bail!(
                "imip_replies.py {command} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(serde_json::from_slice(&output.stdout)?)
    }

    /// Appends messages built from `replies` (see `imip_replies.py` for their fields) to the inbox.
    pub fn deliver(&self, replies: &serde_json::Value) -> anyhow::Result<()> {
        self.client("deliver", replies).map(|_| ())
    }

    /// How many messages each folder holds, and how many in the inbox carry Tavolo's not-an-answer keyword.
    pub fn folders(&self) -> anyhow::Result<serde_json::Value> {
        self.client("folders", &serde_json::Value::Null)
    }
}

impl Drop for ImapServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
