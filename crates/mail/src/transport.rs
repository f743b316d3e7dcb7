//! The way out: SMTP through lettre (STARTTLS, implicit TLS, authentication from the URL) or `.eml` files in a folder.

use std::path::Path;

use lettre::message::Message;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::MailError;

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    pub fn new(smtp_url: Option<&str>, outbox_dir: &Path) -> Result<Self, MailError> {
        match smtp_url {
            Some(url) => {
                let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Config(format!("smtp url: {e}")))?;
                Ok(Transport::Smtp(
                    builder
                        .timeout(Some(std::time::Duration::from_secs(30)))
                        .build(),
                ))
            }
            None => {
                std::fs::create_dir_all(outbox_dir).map_err(|e| {
                    MailError::Config(format!("cannot create {}: {e}", outbox_dir.display()))
                })?;
                Ok(Transport::Files(AsyncFileTransport::new(outbox_dir)))
            }
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), MailError> {
        match self {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    MailError::Permanent(e.to_string())
                } else {
                    MailError::Transient(e.to_string())
                }
            }),
            Transport::Files(files) => files
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Transient(e.to_string())),
        }
    }
}
