//! The organizer's mailbox: reads the answers calendar clients mail to Tavolo over IMAP (TLS, IDLE where offered),
//! hands each to the meeting service, and moves what it handled out of the inbox so nothing is read twice.

mod config;
mod connection;
mod message;
mod reader;

pub use config::{ImapConfig, InboxError};
pub use message::{ReadMessage, read_message};
pub use reader::{MailboxReader, PassReport};
