//! Where the mailbox is and how to reach it: `imap_url`, and what can be wrong with it or with the server.

use std::path::PathBuf;

/// `imaps://user:password@host:993` (TLS from the start), `imap://user:password@host:143?tls=starttls`, or
/// `imap://user:password@host:143` without TLS (only for a server on the same machine). Query parameters:
/// `mailbox` (default `INBOX`), `handled` and `aside` (the folders handled answers move to; default
/// `Tavolo-handled` and `Tavolo-set-aside`), `ca_file` (a PEM certificate to trust besides the public roots).
#[derive(Clone, PartialEq, Eq)]
pub struct ImapConfig {
    pub host: String,
    pub port: u16,
    pub protection: Protection,
    pub user: String,
    pub password: String,
    pub mailbox: String,
    pub handled_folder: String,
    pub aside_folder: String,
    pub ca_file: Option<PathBuf>,
}

/// Everything but the password, which logs and error messages must not show.
impl std::fmt::Debug for ImapConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImapConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("protection", &self.protection)
            .field("user", &self.user)
            .field("mailbox", &self.mailbox)
            .field("handled_folder", &self.handled_folder)
            .field("aside_folder", &self.aside_folder)
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// TLS from the first byte (`imaps`, port 993).
    Implicit,
    /// A plain connection upgraded with STARTTLS before logging in.
    StartTls,
    /// No TLS: the password travels in clear, so only for a server on this machine.
    Plain,
}

/// Why the mailbox could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("imap_url: {0}")]
    Config(String),
    #[error("connection: {0}")]
    Io(#[from] std::io::Error),
    #[error("imap: {0}")]
    Imap(#[from] async_imap::error::Error),
    #[error("tls: {0}")]
    Tls(String),
    #[error("the server refused the login: {0}")]
    Login(String),
    #[error("recording an answer: {0}")]
    Service(#[from] tavolo_service::ServiceError),
}

impl ImapConfig {
    pub fn parse(raw: &str) -> Result<Self, InboxError> {
        let url = url::Url::parse(raw).map_err(|e| InboxError::Config(e.to_string()))?;
        let query = |name: &str| {
            url.query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        let protection = match (url.scheme(), query("tls").as_deref()) {
            ("imaps", _) => Protection::Implicit,
            ("imap", Some("starttls")) => Protection::StartTls,
            ("imap", None | Some("none")) => Protection::Plain,
            ("imap", Some(other)) => {
                return Err(InboxError::Config(format!(
                    "tls={other}: say tls=starttls, or use imaps://"
                )));
            }
            (scheme, _) => {
                return Err(InboxError::Config(format!(
                    "{scheme}:// is not imap:// or imaps://"
                )));
            }
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| InboxError::Config("no host".into()))?
            .trim_matches(['[', ']'])
            .to_owned();
        // A password in clear may cross the machine's own loopback, nothing else.
        let loopback = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if protection == Protection::Plain && !loopback {
            return Err(InboxError::Config(format!(
                "plain imap:// sends the password in clear: use imaps:// or tls=starttls for {host}"
            )));
        }
        let decode = |s: &str| {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let user = decode(url.username());
        if user.is_empty() {
            return Err(InboxError::Config("no user name".into()));
        }
        Ok(Self {
            port: url.port().unwrap_or(match protection {
                Protection::Implicit => 993,
                Protection::StartTls | Protection::Plain => 143,
            }),
            host,
            protection,
            user,
            password: url.password().map(decode).unwrap_or_default(),
            mailbox: query("mailbox").unwrap_or_else(|| "INBOX".into()),
            handled_folder: query("handled").unwrap_or_else(|| "Tavolo-handled".into()),
            aside_folder: query("aside").unwrap_or_else(|| "Tavolo-set-aside".into()),
            ca_file: query("ca_file").map(PathBuf::from),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_forms() -> Result<(), InboxError> {
        let implicit = ImapConfig::parse("imaps://tavolo%40comune.it:p%40ss@mail.example:9993")?;
        assert_eq!(implicit.protection, Protection::Implicit);
        assert_eq!(implicit.port, 9993);
        assert_eq!(implicit.user, "tavolo@comune.it");
        assert_eq!(implicit.password, "p@ss");
        assert_eq!(implicit.mailbox, "INBOX");
        let start = ImapConfig::parse("imap://u:p@mail.example?tls=starttls&handled=Fatte")?;
        assert_eq!((start.protection, start.port), (Protection::StartTls, 143));
        assert_eq!(start.handled_folder, "Fatte");
        let plain = ImapConfig::parse("imap://u@127.0.0.1:1143")?;
        assert_eq!(
            (plain.protection, plain.password.as_str()),
            (Protection::Plain, "")
        );
        Ok(())
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        for bad in [
            "pop3://u:p@h",
            "imap://h",
            "imap://u:p@h?tls=maybe",
            "not a url",
            "imap://u:p@mail.example.org",
        ] {
            assert!(ImapConfig::parse(bad).is_err(), "{bad}");
        }
    }
}
