//! The audit log: every change writes one event in its own transaction; reading it follows the matrix.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tavolo_domain::{Actor, policy};
use tavolo_store::entity::audit_event;
use tavolo_store::sea_orm;

use crate::{Page, PageRequest, ServiceError, ServiceResult};

/// What changed, for one audit row.
pub struct Change<'a> {
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: i64,
    pub table_id: Option<i64>,
    pub summary: String,
}

/// Writes the audit row for `change` inside the caller's transaction.
pub async fn record(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    change: Change<'_>,
) -> ServiceResult<()> {
    audit_event::ActiveModel {
        actor_id: Set(actor.person_id()),
        action: Set(change.action.to_owned()),
        entity_type: Set(change.entity_type.to_owned()),
        entity_id: Set(change.entity_id),
        table_id: Set(change.table_id),
        summary: Set(change.summary),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

pub struct AuditService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl AuditService<'_> {
    /// The newest events first: one table's for those who run it, everything for admins.
    pub async fn list(
        &self,
        actor: &Actor,
        table_id: Option<i64>,
        page: PageRequest,
    ) -> ServiceResult<Page<audit_event::Model>> {
        let mut query = audit_event::Entity::find();
        match table_id {
            Some(table_id) => {
                let roles = crate::access::roles_at(self.db, actor, table_id).await?;
                if !policy::can_read_table_audit(actor, &roles) {
                    return Err(ServiceError::forbidden("read this table's audit log"));
                }
                query = query.filter(audit_event::Column::TableId.eq(table_id));
            }
            None if policy::can_read_all_audit(actor) => {}
            None => return Err(ServiceError::forbidden("read the whole audit log")),
        }
        let total = query.clone().count(self.db).await?;
        if let Some(after) = page.after {
            query = query.filter(audit_event::Column::Id.lt(after));
        }
        let items = query
            .order_by_desc(audit_event::Column::Id)
            .limit(page.first + 1)
            .all(self.db)
            .await?;
        Ok(Page::from_overfetch(items, page, total))
    }
}
