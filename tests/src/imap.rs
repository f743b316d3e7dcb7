//! A real IMAP server for tests: Debian's Dovecot on loopback, one mailbox user, plain IMAP and IMAPS (a
//! certificate made for the run by openssl), and messages put into it by an independent client (Python's
//! `imaplib`, with replies built by Python's `icalendar`; see `imip_replies.py`).

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
        let root = dir.path();
        for sub in ["run", "state", "mail", "home"] {
            std::fs::create_dir_all(root.join(sub))?;
        }
        // Dovecot serves mail as its own unprivileged user, which must reach and write the mail folders.
        run("chmod", &["755".as_ref(), root.as_os_str()])?;
        run(
            "chown",
            &[
                "-R".as_ref(),
                "dovecot:dovecot".as_ref(),
                root.join("mail").as_os_str(),
                root.join("home").as_os_str(),
            ],
        )?;
        // A private CA for the run and a server certificate it signs: what `ca_file` is for.
        std::fs::write(
            root.join("server.ext"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
             keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        )?;
        let certificates = "set -e; cd \"$1\"
            openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=Tavolo test CA' \
                -keyout ca.key -out ca.pem 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout key.pem -out server.csr 2>/dev/null
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
                -extfile server.ext -out cert.pem 2>/dev/null";
        run(
            "sh",
            &[
                "-c".as_ref(),
                certificates.as_ref(),
                "sh".as_ref(),
                root.as_os_str(),
            ],
        )?;
        std::fs::write(root.join("users"), format!("{USER}:{{PLAIN}}{PASSWORD}\n"))?;
        let port = free_port()?;
        let tls_port = free_port()?;
        let config = root.join("dovecot.conf");
        std::fs::write(&config, dovecot_conf(root, port, tls_port))?;
        let child = Command::new("/usr/sbin/dovecot")
            .arg("-F")
            .arg("-c")
            .arg(&config)
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
        let output = Command::new("/usr/bin/python3")
            .arg(script)
            .arg(command)
            .arg(self.port.to_string())
            .arg(USER)
            .arg(PASSWORD)
            .arg(argument.to_string())
            .output()?;
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

fn run(program: &str, args: &[&std::ffi::OsStr]) -> anyhow::Result<()> {
    let output = Command::new(program).args(args).output()?;
    if !output.status.success() {
        bail!(
            "{program} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

fn dovecot_conf(root: &Path, port: u16, tls_port: u16) -> String {
    let root = root.display();
    format!(
        r#"base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
mail_uid = dovecot
mail_gid = dovecot
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"#
    )
}
