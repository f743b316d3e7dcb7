//! The instance as administrators run it: the mail outbox (waiting, failed with their last error, sent), sending a
//! message again, and the instance's health.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use tavolo_service::operations::{FAILED, QUEUED, SENT};
use tavolo_store::entity::mail_outbox;

use crate::connection::{IdConnection, connection, page_request};
use crate::error::parse_id;
use crate::{ApiError, ApiResult, parts};

/// Where a message of the outbox stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum MailStatus {
    /// Waiting to go out, or retrying after a failure.
    Queued,
    /// Given up on after its attempts.
    Failed,
    Sent,
}

impl MailStatus {
    fn stored(self) -> &'static str {
        match self {
            MailStatus::Queued => QUEUED,
            MailStatus::Failed => FAILED,
            MailStatus::Sent => SENT,
        }
    }
}

/// One message of the outbox.
pub struct OutboxMessage(pub mail_outbox::Model);

#[Object]
impl OutboxMessage {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What it is about: invitation, update, cancellation, reminder, notification, account…
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    async fn recipient_email(&self) -> &str {
        &self.0.recipient_email
    }
    async fn recipient_name(&self) -> &str {
        &self.0.recipient_name
    }
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    async fn status(&self) -> ApiResult<MailStatus> {
        match self.0.status.as_str() {
            QUEUED => Ok(MailStatus::Queued),
            FAILED => Ok(MailStatus::Failed),
            SENT => Ok(MailStatus::Sent),
            _ => Err(ApiError::internal("stored mail status is unknown")),
        }
    }
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// What the mail server said the last time it refused.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn next_attempt_at(&self) -> DateTime<Utc> {
        self.0.next_attempt_at
    }
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
}

/// The instance at a glance.
#[derive(SimpleObject)]
pub struct InstanceHealth {
    /// The database answers.
    database: bool,
    /// Changes not yet applied to the search index.
    search_pending: i64,
    /// Messages waiting to go out.
    mail_queued: i64,
    /// Messages given up on.
    mail_failed: i64,
    /// When the oldest waiting message was written.
    oldest_queued_at: Option<DateTime<Utc>>,
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[derive(Default)]
pub struct OperationsQuery;

#[Object]
impl OperationsQuery {
    /// The mail outbox, newest first, optionally in one state (administrators).
    async fn mail_outbox(
        &self,
        ctx: &Context<'_>,
        status: Option<MailStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<IdConnection<OutboxMessage>> {
        let (services, actor) = parts(ctx)?;
        let had_cursor = after.is_some();
        let page = services
            .operations()
            .outbox(
                actor,
                status.map(MailStatus::stored),
                page_request(first, after)?,
            )
            .await?;
        Ok(connection(page, had_cursor, |m| m.id, OutboxMessage))
    }

    /// The database, the search index's lag and the mail backlog (administrators).
    async fn instance_health(&self, ctx: &Context<'_>) -> ApiResult<InstanceHealth> {
        let (services, actor) = parts(ctx)?;
        let health = services.operations().health(actor).await?;
        Ok(InstanceHealth {
            database: health.database,
            search_pending: count(health.search_pending),
            mail_queued: count(health.mail_queued),
            mail_failed: count(health.mail_failed),
            oldest_queued_at: health.oldest_queued_at,
        })
    }
}

#[derive(Default)]
pub struct OperationsMutation;

#[Object]
impl OperationsMutation {
    /// Puts a failed or sent message back in the queue (administrators).
    async fn retry_mail(&self, ctx: &Context<'_>, id: ID) -> ApiResult<OutboxMessage> {
        let (services, actor) = parts(ctx)?;
        Ok(OutboxMessage(
            services
                .operations()
                .retry_mail(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }
}
