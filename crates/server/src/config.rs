//! Configuration in layers: built-in defaults, then a TOML file, then `TAVOLO_*` environment variables.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;
use tavolo_files::FilePolicy;

/// Everything the server needs to start; every field has a default that runs with no configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// The URL users reach Tavolo at (links in emails, cookie security, origin checks).
    pub public_url: String,
    /// SQLite (`sqlite://...`) or PostgreSQL (`postgres://...`).
    pub database_url: String,
    /// Where Tavolo keeps its files: the SQLite database, attachments, mail, indexes.
    pub data_dir: PathBuf,
    /// How long DataLoaders gather sibling keys before one batched query. Each level of a nested
    /// list must be resolved within it or its batch splits; longer windows add latency per level.
    pub loader_window: Duration,
    /// The system mailbox messages come from.
    pub mail_from: String,
    /// SMTP server as a URL (see the README); without it mail goes to `.eml` files under the data directory.
    pub smtp_url: Option<String>,
    /// Signs answer links; without it a random key is kept in `<data_dir>/secret.key`.
    pub secret_key: Option<String>,
    /// What an attachment may be: its size limit and accepted types.
    pub attachments: FilePolicy,
    /// The organizer's mailbox, read for the answers calendar clients send (see the README); without it answers
    /// come only through Tavolo and the links in its mail.
    pub imap: Option<tavolo_inbox::ImapConfig>,
    /// A Meilisearch server for search; without it the embedded index under the data directory is used.
    pub meili_url: Option<String>,
    pub meili_key: Option<String>,
    /// The Meilisearch index Tavolo's documents go to: two installations (or a test and a server) sharing one
    /// Meilisearch server each need their own.
    pub meili_index: String,
    /// Whether GET `/graphql` shows GraphiQL, a development aid that loads its scripts from a CDN: off unless asked.
    pub graphiql: bool,
    /// Whether a reverse proxy in front of Tavolo sets `X-Forwarded-For`: its last address is then the client's
    /// (counting a public questionnaire's responses per address); otherwise the connection's peer is.
    pub forwarded_for: bool,
    /// Single sign-on through an OpenID Connect provider, when `oidc_issuer` is set.
    pub oidc: Option<OidcConfig>,
    /// The body responsible for the data, named in the privacy notice and the accessibility statement.
    pub controller_name: Option<String>,
    pub controller_email: Option<String>,
    /// The data protection officer's address.
    pub dpo_email: Option<String>,
}

/// An OpenID Connect provider (Keycloak, Microsoft Entra, a SPID/CIE gateway) people may sign in through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcConfig {
    /// The issuer URL; its `/.well-known/openid-configuration` describes the rest.
    pub issuer: String,
    pub client_id: String,
    /// Sent with HTTP Basic authentication to the token endpoint; public clients (PKCE only) have none.
    pub client_secret: Option<String>,
    /// The ID-token claim holding the person's address (`email` unless the provider uses another).
    pub email_claim: String,
    /// Whether someone the provider vouches for but who has no account gets one (as a plain user).
    pub create_accounts: bool,
    /// Whether the address claim counts as verified without `email_verified` (Microsoft Entra sends none).
    pub trust_email: bool,
    /// The sign-in button's label (say, "Entra con SPID o CIE"); the web UI's own wording when unset.
    pub label: Option<String>,
}

const DEFAULT_LOADER_WINDOW_MS: u64 = 5;

/// The TOML file's shape: every key optional, unknown keys refused so typos do not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<SocketAddr>,
    public_url: Option<String>,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    loader_window_ms: Option<u64>,
    mail_from: Option<String>,
    smtp_url: Option<String>,
    imap_url: Option<String>,
    secret_key: Option<String>,
    attachment_max_mb: Option<u64>,
    attachment_types: Option<Vec<String>>,
    meili_url: Option<String>,
    meili_key: Option<String>,
    meili_index: Option<String>,
    graphiql: Option<bool>,
    forwarded_for: Option<bool>,
    oidc_issuer: Option<String>,
    oidc_client_id: Option<String>,
    oidc_client_secret: Option<String>,
    oidc_email_claim: Option<String>,
    oidc_create_accounts: Option<bool>,
    oidc_trust_email: Option<bool>,
    oidc_label: Option<String>,
    controller_name: Option<String>,
    controller_email: Option<String>,
    dpo_email: Option<String>,
}

/// A text setting from the environment or the file; blank is unset.
fn text_setting(
    env: &impl Fn(&str) -> Option<String>,
    name: &str,
    file: &Option<String>,
) -> Option<String> {
    env(name)
        .or_else(|| file.clone())
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// A yes/no setting from the environment or the file.
/// The Meilisearch index name, `tavolo` unless configured: what Meilisearch accepts as an index uid (letters, digits,
/// `-` and `_`, at most 400 bytes), checked here so a typo stops the start with its reason.
fn meili_index(configured: Option<String>) -> anyhow::Result<String> {
    let Some(name) = configured else {
        return Ok("tavolo".to_owned());
    };
    let valid = name.len() <= 400
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        anyhow::bail!(
            "meili_index '{name}' is not a Meilisearch index name: letters, digits, '-' and '_', at most 400"
        );
    }
    Ok(name)
}

fn flag(
    env: &impl Fn(&str) -> Option<String>,
    name: &str,
    file: Option<bool>,
) -> anyhow::Result<bool> {
    match env(name) {
        Some(text) => text
            .parse()
            .with_context(|| format!("{name} '{text}' is not true or false")),
        None => Ok(file.unwrap_or(false)),
    }
}

/// The OpenID provider, when an issuer is configured; an issuer without a client id is a mistake worth stopping for.
fn oidc_config(
    file: &FileConfig,
    env: &impl Fn(&str) -> Option<String>,
) -> anyhow::Result<Option<OidcConfig>> {
    let text = |name: &str, value: &Option<String>| text_setting(env, name, value);
    let Some(issuer) = text("TAVOLO_OIDC_ISSUER", &file.oidc_issuer) else {
        return Ok(None);
    };
    let issuer = issuer.trim_end_matches('/').to_owned();
    if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
        anyhow::bail!("oidc_issuer '{issuer}' must be an http(s) URL");
    }
    let client_id = text("TAVOLO_OIDC_CLIENT_ID", &file.oidc_client_id)
        .context("oidc_issuer is set but oidc_client_id is not")?;
    Ok(Some(OidcConfig {
        issuer,
        client_id,
        client_secret: text("TAVOLO_OIDC_CLIENT_SECRET", &file.oidc_client_secret),
        email_claim: text("TAVOLO_OIDC_EMAIL_CLAIM", &file.oidc_email_claim)
            .unwrap_or_else(|| "email".to_owned()),
        create_accounts: flag(
            env,
            "TAVOLO_OIDC_CREATE_ACCOUNTS",
            file.oidc_create_accounts,
        )?,
        trust_email: flag(env, "TAVOLO_OIDC_TRUST_EMAIL", file.oidc_trust_email)?,
        label: text("TAVOLO_OIDC_LABEL", &file.oidc_label),
    }))
}

/// The attachment limits from `attachment_max_mb` and `attachment_types` (a list, or comma-separated in the environment).
fn attachment_policy(
    file: &FileConfig,
    env: &impl Fn(&str) -> Option<String>,
) -> anyhow::Result<FilePolicy> {
    let defaults = FilePolicy::default();
    let max_mb = match env("TAVOLO_ATTACHMENT_MAX_MB") {
        Some(text) => text
            .parse()
            .with_context(|| format!("TAVOLO_ATTACHMENT_MAX_MB '{text}' is not a number"))?,
        None => file
            .attachment_max_mb
            .unwrap_or(defaults.max_bytes / MEBIBYTE),
    };
    if max_mb == 0 || max_mb > 1024 {
        anyhow::bail!("attachment_max_mb must be between 1 and 1024, not {max_mb}");
    }
    let types: Option<Vec<String>> = env("TAVOLO_ATTACHMENT_TYPES")
        .map(|text| text.split(',').map(str::to_owned).collect())
        .or_else(|| file.attachment_types.clone());
    let Some(types) = types else {
        return Ok(FilePolicy {
            max_bytes: max_mb * MEBIBYTE,
            ..defaults
        });
    };
    FilePolicy::new(max_mb * MEBIBYTE, &types).map_err(|reason| anyhow::anyhow!(reason))
}

const MEBIBYTE: u64 = 1024 * 1024;

impl Config {
    /// Reads the file (when given) and the environment over the defaults.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let from_file = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .with_context(|| format!("invalid configuration in {}", path.display()))?
            }
            None => FileConfig::default(),
        };
        Self::resolve(from_file, |name| std::env::var(name).ok())
    }

    fn resolve(file: FileConfig, env: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let attachments = attachment_policy(&file, &env)?;
        let oidc = oidc_config(&file, &env)?;
        let listen = match env("TAVOLO_LISTEN") {
            Some(text) => text
                .parse()
                .with_context(|| format!("TAVOLO_LISTEN '{text}' is not an address:port"))?,
            None => file
                .listen
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
        };
        let data_dir = env("TAVOLO_DATA_DIR")
            .map(PathBuf::from)
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let public_url = env("TAVOLO_PUBLIC_URL")
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://localhost:{}", listen.port()));
        let database_url = env("TAVOLO_DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| {
                format!("sqlite://{}?mode=rwc", data_dir.join("tavolo.db").display())
            });
        let public_url = public_url.trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            anyhow::bail!("public_url '{public_url}' must start with http:// or https://");
        }
        let loader_window_ms = match env("TAVOLO_LOADER_WINDOW_MS") {
            Some(text) => text
                .parse()
                .with_context(|| format!("TAVOLO_LOADER_WINDOW_MS '{text}' is not a number"))?,
            None => file.loader_window_ms.unwrap_or(DEFAULT_LOADER_WINDOW_MS),
        };
        Ok(Self {
            listen,
            public_url,
            database_url,
            data_dir,
            loader_window: Duration::from_millis(loader_window_ms),
            mail_from: env("TAVOLO_MAIL_FROM")
                .or(file.mail_from)
                .unwrap_or_else(|| "tavolo@localhost".to_owned()),
            smtp_url: env("TAVOLO_SMTP_URL")
                .or(file.smtp_url)
                .filter(|url| !url.trim().is_empty()),
            imap: text_setting(&env, "TAVOLO_IMAP_URL", &file.imap_url)
                .map(|url| tavolo_inbox::ImapConfig::parse(&url))
                .transpose()?,
            secret_key: env("TAVOLO_SECRET_KEY")
                .or(file.secret_key)
                .filter(|key| !key.is_empty()),
            attachments,
            meili_url: env("TAVOLO_MEILI_URL")
                .or(file.meili_url)
                .filter(|url| !url.trim().is_empty()),
            meili_key: env("TAVOLO_MEILI_KEY")
                .or(file.meili_key)
                .filter(|key| !key.is_empty()),
            meili_index: meili_index(text_setting(&env, "TAVOLO_MEILI_INDEX", &file.meili_index))?,
            graphiql: flag(&env, "TAVOLO_GRAPHIQL", file.graphiql)?,
            forwarded_for: flag(&env, "TAVOLO_FORWARDED_FOR", file.forwarded_for)?,
            oidc,
            controller_name: text_setting(&env, "TAVOLO_CONTROLLER_NAME", &file.controller_name),
            controller_email: text_setting(&env, "TAVOLO_CONTROLLER_EMAIL", &file.controller_email),
            dpo_email: text_setting(&env, "TAVOLO_DPO_EMAIL", &file.dpo_email),
        })
    }

    /// Where the embedded search index lives.
    pub fn search_dir(&self) -> PathBuf {
        self.data_dir.join("search")
    }

    /// Where attachments are kept on disk.
    pub fn attachment_dir(&self) -> PathBuf {
        self.data_dir.join("attachments")
    }

    /// Where `.eml` files go when no SMTP server is configured.
    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }

    /// The key that signs answer links: configured, or kept in the data directory (readable by its owner only) so
    /// links survive restarts. A key shorter than `MIN_SECRET_KEY` characters (an empty file, a typo) is refused:
    /// anyone could forge links signed with it.
    pub fn link_secret(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(key) = &self.secret_key {
            return checked_key(key, "secret_key");
        }
        let path = self.data_dir.join("secret.key");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            return checked_key(existing.trim(), &path.display().to_string());
        }
        let key: String = (0..32)
            .map(|_| format!("{:02x}", rand::random::<u8>()))
            .collect();
        write_private(&path, key.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(key.into_bytes())
    }

    /// Cookies carry `Secure` when users reach Tavolo over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// The shortest signing key accepted.
pub const MIN_SECRET_KEY: usize = 16;

fn checked_key(key: &str, source: &str) -> anyhow::Result<Vec<u8>> {
    if key.chars().count() < MIN_SECRET_KEY {
        anyhow::bail!(
            "the signing key in {source} is shorter than {MIN_SECRET_KEY} characters: set a longer one (or delete the file to have one generated)"
        );
    }
    Ok(key.as_bytes().to_vec())
}

/// Creates a file only its owner can read and write.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_run_without_configuration() -> anyhow::Result<()> {
        let config = Config::resolve(FileConfig::default(), |_| None)?;
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.public_url, "http://localhost:8080");
        assert_eq!(config.database_url, "sqlite://data/tavolo.db?mode=rwc");
        Ok(())
    }

    #[test]
    fn environment_overrides_file() -> anyhow::Result<()> {
        let file: FileConfig = toml::from_str(
            "listen = '0.0.0.0:9000'\ndata_dir = '/srv/tavolo'\npublic_url = 'https://tavolo.example/'",
        )?;
        let config = Config::resolve(file, |name| {
            (name == "TAVOLO_LISTEN").then(|| "127.0.0.1:9100".to_owned())
        })?;
        assert_eq!(config.listen.port(), 9100);
        assert_eq!(config.public_url, "https://tavolo.example");
        assert_eq!(
            config.database_url,
            "sqlite:///srv/tavolo/tavolo.db?mode=rwc"
        );
        assert!(config.secure_cookies());
        Ok(())
    }

    #[test]
    fn attachment_limits_are_configurable() -> anyhow::Result<()> {
        let file: FileConfig =
            toml::from_str("attachment_max_mb = 2\nattachment_types = ['pdf', 'odt']")?;
        let config = Config::resolve(file, |_| None)?;
        assert_eq!(config.attachments.max_bytes, 2 * MEBIBYTE);
        assert_eq!(config.attachments.accepted(), ["pdf", "odt"]);
        let config = Config::resolve(FileConfig::default(), |name| {
            (name == "TAVOLO_ATTACHMENT_TYPES").then(|| "png, jpg".to_owned())
        })?;
        assert_eq!(config.attachments.accepted(), ["png", "jpg", "jpeg"]);
        let unknown = FileConfig {
            attachment_types: Some(vec!["exe".into()]),
            ..FileConfig::default()
        };
        assert!(Config::resolve(unknown, |_| None).is_err());
        let zero = FileConfig {
            attachment_max_mb: Some(0),
            ..FileConfig::default()
        };
        assert!(Config::resolve(zero, |_| None).is_err());
        Ok(())
    }

    #[test]
    fn the_signing_key_is_private_and_never_short() -> anyhow::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let mut config = Config::resolve(FileConfig::default(), |_| None)?;
        config.data_dir = dir.path().to_path_buf();
        let generated = config.link_secret()?;
        assert_eq!(generated.len(), 64);
        let path = dir.path().join("secret.key");
        assert_eq!(
            std::fs::metadata(&path)?.permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            config.link_secret()?,
            generated,
            "the kept key is read back"
        );
        std::fs::write(&path, "\n")?;
        assert!(
            config.link_secret().is_err(),
            "an empty key file was accepted"
        );
        config.secret_key = Some("corta".into());
        assert!(
            config.link_secret().is_err(),
            "a short configured key was accepted"
        );
        config.secret_key = Some("una-chiave-abbastanza-lunga".into());
        assert_eq!(config.link_secret()?, b"una-chiave-abbastanza-lunga");
        Ok(())
    }

    #[test]
    fn the_meilisearch_index_is_named_and_checked() -> anyhow::Result<()> {
        assert_eq!(
            Config::resolve(FileConfig::default(), |_| None)?.meili_index,
            "tavolo"
        );
        let file: FileConfig = toml::from_str("meili_index = 'tavolo_grosseto'")?;
        assert_eq!(
            Config::resolve(file, |_| None)?.meili_index,
            "tavolo_grosseto"
        );
        let from_env = Config::resolve(FileConfig::default(), |name| {
            (name == "TAVOLO_MEILI_INDEX").then(|| "tavolo-test-7".to_owned())
        })?;
        assert_eq!(from_env.meili_index, "tavolo-test-7");
        for bad in ["tavolo grosseto", "tàvolo", "a/b", &"x".repeat(401)] {
            let file = FileConfig {
                meili_index: Some(bad.to_owned()),
                ..FileConfig::default()
            };
            assert!(
                Config::resolve(file, |_| None).is_err(),
                "{bad} was accepted"
            );
        }
        Ok(())
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<FileConfig>("listne = '1.2.3.4:5'").is_err());
    }
}
