//! Email: the transport (SMTP or `.eml` files), localized messages and iMIP invitations, the dispatcher that turns domain
//! events into outbox messages, the weekly digest, the sender that delivers them with retries, and signed answer links.

pub mod account;
pub mod compose;
pub mod digest;
pub mod dispatch;
pub mod links;
pub mod outbox;
mod questionnaire;
pub mod series;
pub mod templates;
pub mod transport;
pub mod worker;

use std::path::PathBuf;

/// How Tavolo sends mail.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// The system mailbox messages come from.
    pub from_name: String,
    pub from_email: String,
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://user:pass@host:465` (implicit TLS) or `smtp://host:25`;
    /// without it, messages are written as `.eml` files into `outbox_dir`.
    pub smtp_url: Option<String>,
    pub outbox_dir: PathBuf,
    /// Where users reach Tavolo: the base of every link in a message.
    pub public_url: String,
    /// Signs answer links.
    pub link_secret: Vec<u8>,
}

/// Why a message could not be built or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("invalid address {0}")]
    Address(String),
    #[error("cannot build the message: {0}")]
    Build(String),
    /// The server refused for good (e.g. unknown recipient): retrying would not help.
    #[error("refused: {0}")]
    Permanent(String),
    /// The server or the network failed: try again later.
    #[error("failed: {0}")]
    Transient(String),
    #[error("configuration: {0}")]
    Config(String),
}
