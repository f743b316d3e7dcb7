//! What administrators watch and mend: the mail outbox (messages waiting, given up on with their last error, sent)
//! and sending one again, and the instance's health (the database, how far the search index lags, the mail backlog).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tavolo_domain::{Actor, policy};
use tavolo_store::entity::mail_outbox;
use tavolo_store::sea_orm;

use crate::Reason;
use crate::audit::{self, Change};
use crate::paging::paginate;
use crate::{Page, PageRequest, ServiceError, ServiceResult};

/// Where a message of the outbox stands, as stored.
pub const QUEUED: &str = "queued";
pub const FAILED: &str = "failed";
pub const SENT: &str = "sent";

/// The instance at a glance.
#[derive(Debug, Clone)]
pub struct Health {
    pub database: bool,
    /// Changes not yet applied to the search index.
    pub search_pending: u64,
    pub mail_queued: u64,
    pub mail_failed: u64,
    /// When the oldest message still waiting was written.
    pub oldest_queued_at: Option<DateTime<Utc>>,
}

pub struct OperationsService<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) search: crate::search::SearchService<'a>,
}

fn require_admin(actor: &Actor) -> ServiceResult<()> {
    if policy::can_operate_instance(actor) {
        return Ok(());
    }
    Err(ServiceError::forbidden(
        "see or mend the instance's mail and health",
    ))
}

impl OperationsService<'_> {
    /// Messages of the outbox, newest first, optionally in one state (`queued`, `failed`, `sent`).
    pub async fn outbox(
        &self,
        actor: &Actor,
        status: Option<&str>,
        page: PageRequest,
    ) -> ServiceResult<Page<mail_outbox::Model>> {
        require_admin(actor)?;
        let mut query = mail_outbox::Entity::find();
        if let Some(status) = status {
            query = query.filter(mail_outbox::Column::Status.eq(status));
        }
        paginate(self.db, query, mail_outbox::Column::Id, page).await
    }

    /// Sends a message again: back in the queue, its attempts counted afresh.
    pub async fn retry_mail(&self, actor: &Actor, id: i64) -> ServiceResult<mail_outbox::Model> {
        require_admin(actor)?;
        let message = mail_outbox::Entity::find_by_id(id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("message"))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let requeued = requeue(&txn, message).await?;
        audit::record(
            &txn,
            actor,
            Change {
                action: "resend",
                entity_type: "mail",
                entity_id: requeued.id,
                table_id: None,
                summary: format!(
                    "sent '{}' to {} again",
                    requeued.subject, requeued.recipient_email
                ),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(requeued)
    }

    pub async fn health(&self, actor: &Actor) -> ServiceResult<Health> {
        require_admin(actor)?;
        let database = self.db.ping().await.is_ok();
        let count = |status: &'static str| {
            mail_outbox::Entity::find()
                .filter(mail_outbox::Column::Status.eq(status))
                .count(self.db)
        };
        let oldest_queued_at = mail_outbox::Entity::find()
            .select_only()
            .column(mail_outbox::Column::CreatedAt)
            .filter(mail_outbox::Column::Status.eq(QUEUED))
            .order_by_asc(mail_outbox::Column::CreatedAt)
            .into_tuple::<DateTime<Utc>>()
            .one(self.db)
            .await?;
        Ok(Health {
            database,
            search_pending: self.search.pending().await?,
            mail_queued: count(QUEUED).await?,
            mail_failed: count(FAILED).await?,
            oldest_queued_at,
        })
    }
}

/// Puts a message back in the queue inside the caller's transaction; one already waiting is refused, so a double
/// click sends nothing twice.
pub(crate) async fn requeue(
    conn: &impl ConnectionTrait,
    message: mail_outbox::Model,
) -> ServiceResult<mail_outbox::Model> {
    if message.status == QUEUED {
        return Err(ServiceError::validation(
            "id",
            Reason::WrongState,
            "the message is already waiting to be sent",
        ));
    }
    let mut model = message.into_active_model();
    model.status = Set(QUEUED.to_owned());
    model.attempts = Set(0);
    model.next_attempt_at = Set(Utc::now());
    model.locked_until = Set(None);
    Ok(model.update(conn).await?)
}
