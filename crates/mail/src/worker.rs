//! The mail worker: expands events, queues due reminders and sends due messages, in a loop beside the server.

use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::compose::message;
use crate::outbox::{claim, mark_failed, mark_sent};
use crate::transport::Transport;
use crate::{MailConfig, MailError, dispatch};

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub events: usize,
    pub reminders: usize,
    pub due_soon: usize,
    pub digests: usize,
    pub sent: usize,
    pub failed: usize,
}

pub struct Mailer {
    db: DatabaseConnection,
    config: MailConfig,
    transport: Transport,
    /// Names this process's claims in the outbox.
    worker_id: String,
}

impl Mailer {
    pub fn new(db: DatabaseConnection, config: MailConfig) -> Result<Self, MailError> {
        let transport = Transport::new(config.smtp_url.as_deref(), &config.outbox_dir)?;
        let worker_id = format!(
            "{}-{}",
            std::process::id(),
            hex::encode(rand::random::<[u8; 6]>())
        );
        Ok(Self {
            db,
            config,
            transport,
            worker_id,
        })
    }

    /// Expands pending events, queues due reminders, then sends what is due.
    pub async fn run_once(&self) -> Result<Pass, MailError> {
        let events = dispatch::dispatch_pending(&self.db, &self.config).await?;
        let reminders = dispatch::queue_reminders(&self.db, &self.config).await?;
        let due_soon = dispatch::queue_due_soon(&self.db, &self.config).await?;
        let digests = crate::digest::queue_digests(&self.db, &self.config).await?;
        let mut pass = Pass {
            events,
            reminders,
            due_soon,
            digests,
            ..Pass::default()
        };
        loop {
            let batch = self.claim_batch().await?;
            if batch.is_empty() {
                return Ok(pass);
            }
            // A batch goes out over several SMTP connections at once (lettre's pool): one message at a time
            // would wait on every server round trip in turn.
            let mut sends = tokio::task::JoinSet::new();
            for row in batch {
                let transport = self.transport.clone();
                let built = message(&self.config, &row);
                sends.spawn(async move {
                    let result = match built {
                        Ok(built) => transport.send(built).await,
                        Err(err) => Err(err),
                    };
                    (row, result)
                });
            }
            while let Some(joined) = sends.join_next().await {
                let (row, result) =
                    joined.map_err(|e| MailError::Transient(format!("send task: {e}")))?;
                match result {
                    Ok(()) => {
                        let txn = tavolo_store::begin_write(&self.db).await?;
                        mark_sent(&txn, row).await?;
                        txn.commit().await?;
                        pass.sent += 1;
                    }
                    Err(err) => {
                        tracing::warn!(message = row.id, to = %row.recipient_email, error = %err, "mail not delivered");
                        let txn = tavolo_store::begin_write(&self.db).await?;
                        mark_failed(&txn, row, &err).await?;
                        txn.commit().await?;
                        pass.failed += 1;
                    }
                }
            }
        }
    }

    /// Claims the next due messages in a write transaction (on SQLite it waits its turn instead of polling the lock).
    async fn claim_batch(
        &self,
    ) -> Result<Vec<tavolo_store::entity::mail_outbox::Model>, MailError> {
        let txn = tavolo_store::begin_write(&self.db).await?;
        let batch = claim(&txn, &self.worker_id, 20).await?;
        txn.commit().await?;
        Ok(batch)
    }

    /// Runs forever, a pass every `interval`; errors are logged and the next pass tries again.
    pub async fn run(self, interval: Duration) {
        loop {
            match self.run_once().await {
                Ok(pass) if pass != Pass::default() => tracing::info!(?pass, "mail pass"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "mail pass failed"),
            }
            tokio::time::sleep(interval).await;
        }
    }
}
