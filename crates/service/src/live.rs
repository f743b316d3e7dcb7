//! Live changes: every change the audit log records, announced to this process's subscribers once it is committed.
//! On PostgreSQL the announcement is a NOTIFY sent inside the change's own transaction (delivered to every process
//! on commit, never for a rolled-back change) and each process LISTENs; on SQLite, where one process owns the
//! database, the process follows the audit log itself.

use std::time::Duration;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};
use serde::{Deserialize, Serialize};
use tavolo_store::entity::audit_event;
use tavolo_store::sea_orm;
use tokio::sync::broadcast;

use crate::ServiceResult;

/// The PostgreSQL channel changes travel on.
pub const CHANNEL: &str = "tavolo_live";
/// How many changes a slow subscriber may fall behind before it is told it missed some.
const BACKLOG: usize = 1024;
/// How often SQLite's follower looks for new entries.
const POLL: Duration = Duration::from_millis(150);

/// One committed change: what kind of record, which one, at which table, and what was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChange {
    #[serde(rename = "t")]
    pub entity_type: String,
    #[serde(rename = "i")]
    pub entity_id: i64,
    #[serde(rename = "b")]
    pub table_id: Option<i64>,
    #[serde(rename = "a")]
    pub action: String,
    /// Who made it (their person id), if a person did.
    #[serde(rename = "p")]
    pub actor_id: Option<i64>,
}

/// Where this process's subscribers listen; cheap to clone.
#[derive(Debug, Clone)]
pub struct LiveHub {
    sender: broadcast::Sender<LiveChange>,
}

impl Default for LiveHub {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(BACKLOG).0,
        }
    }
}

impl LiveHub {
    /// Every change from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveChange> {
        self.sender.subscribe()
    }

    /// How many subscribers listen in this process.
    pub fn listeners(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Announces something that is not a change of any record (someone is editing): at once to every process,
    /// without an audit entry. On PostgreSQL a NOTIFY of its own; on SQLite straight to this process's hub.
    pub async fn publish(&self, db: &DatabaseConnection, change: LiveChange) -> ServiceResult<()> {
        if db.get_database_backend() == DatabaseBackend::Postgres {
            return notify(db, &change).await;
        }
        self.announce(change);
        Ok(())
    }

    fn announce(&self, change: LiveChange) {
        // No subscriber is not an error: nobody is watching.
        let _ = self.sender.send(change);
    }

    /// Runs for the life of the process: feeds the hub from PostgreSQL's notifications, or from the audit log on
    /// SQLite. Errors are logged and the follower starts again.
    pub async fn follow(self, db: DatabaseConnection) {
        loop {
            let result = match db.get_database_backend() {
                DatabaseBackend::Postgres => self.listen(&db).await,
                _ => self.poll(&db).await,
            };
            if let Err(err) = result {
                tracing::warn!(error = %err, "live changes: following stopped, starting again");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    async fn listen(&self, db: &DatabaseConnection) -> ServiceResult<()> {
        let pool = db.get_postgres_connection_pool();
        let mut listener = sea_orm::sqlx::postgres::PgListener::connect_with(pool)
            .await
            .map_err(|e| crate::ServiceError::Internal(e.to_string()))?;
        listener
            .listen(CHANNEL)
            .await
            .map_err(|e| crate::ServiceError::Internal(e.to_string()))?;
        loop {
            let notification = listener
                .recv()
                .await
                .map_err(|e| crate::ServiceError::Internal(e.to_string()))?;
            match serde_json::from_str::<LiveChange>(notification.payload()) {
                Ok(change) => self.announce(change),
                Err(err) => tracing::warn!(error = %err, "live changes: unreadable notification"),
            }
        }
    }

    async fn poll(&self, db: &DatabaseConnection) -> ServiceResult<()> {
        let mut last: i64 = audit_event::Entity::find()
            .select_only()
            .column_as(audit_event::Column::Id.max(), "max")
            .into_tuple::<Option<i64>>()
            .one(db)
            .await?
            .flatten()
            .unwrap_or(0);
        loop {
            tokio::time::sleep(POLL).await;
            let entries = audit_event::Entity::find()
                .filter(audit_event::Column::Id.gt(last))
                .order_by_asc(audit_event::Column::Id)
                .limit(500)
                .all(db)
                .await?;
            for entry in entries {
                last = entry.id;
                self.announce(LiveChange {
                    entity_type: entry.entity_type,
                    entity_id: entry.entity_id,
                    table_id: entry.table_id,
                    action: entry.action,
                    actor_id: entry.actor_id,
                });
            }
        }
    }
}

/// Sends the change as a NOTIFY in the caller's transaction, on PostgreSQL; nothing on SQLite (its follower reads
/// the audit log).
pub(crate) async fn notify(conn: &impl ConnectionTrait, change: &LiveChange) -> ServiceResult<()> {
    if conn.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let payload =
        serde_json::to_string(change).map_err(|e| crate::ServiceError::Internal(e.to_string()))?;
    conn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), payload.into()],
    ))
    .await?;
    Ok(())
}
