//! The audit log: every change writes one event in its own transaction; reading it follows the matrix.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tavolo_domain::{Actor, policy};
use tavolo_store::entity::{audit_event, person};
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
    // Subscribers hear of the change once it is committed (see `live`).
    let live = crate::live::LiveChange {
        entity_type: change.entity_type.to_owned(),
        entity_id: change.entity_id,
        table_id: change.table_id,
        action: change.action.to_owned(),
        actor_id: actor.person_id(),
    };
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
    crate::live::notify(conn, &live).await
}

pub struct AuditService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

/// What a reading of the audit log is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub table_id: Option<i64>,
    /// Who made the changes.
    pub actor_id: Option<i64>,
    /// What was done, e.g. `create`, `login`.
    pub action: Option<String>,
    /// The kind of record changed, e.g. `person`, `meeting`.
    pub entity_type: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// Rows an export holds at most: a year of a busy installation; narrow the filter for more.
pub const EXPORT_MAX_ROWS: u64 = 50_000;

impl AuditService<'_> {
    /// The newest events first: one table's for those who run it, everything for admins.
    pub async fn list(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> ServiceResult<Page<audit_event::Model>> {
        let mut query = self.scoped(actor, filter).await?;
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

    /// The filtered log as CSV (time, who, action, record, table, summary), newest first, at most
    /// `EXPORT_MAX_ROWS` rows.
    pub async fn export_csv(&self, actor: &Actor, filter: &AuditFilter) -> ServiceResult<String> {
        let events = self
            .scoped(actor, filter)
            .await?
            .order_by_desc(audit_event::Column::Id)
            .limit(EXPORT_MAX_ROWS)
            .all(self.db)
            .await?;
        let actor_ids: Vec<i64> = events.iter().filter_map(|e| e.actor_id).collect();
        let names: std::collections::HashMap<i64, String> = crate::rows_in::<person::Entity, _, _>(
            self.db,
            person::Column::Id,
            &actor_ids,
            person::Column::Id,
        )
        .await?
        .into_iter()
        .map(|p| (p.id, format!("{} <{}>", p.name, p.email)))
        .collect();
        let mut csv = String::from("time,actor,action,entity_type,entity_id,table_id,summary\r\n");
        for event in events {
            let who = event
                .actor_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| "system".to_owned());
            let row = [
                event.created_at.to_rfc3339(),
                who,
                event.action,
                event.entity_type,
                event.entity_id.to_string(),
                event.table_id.map(|id| id.to_string()).unwrap_or_default(),
                event.summary,
            ];
            let cells: Vec<String> = row.iter().map(|text| crate::csv::cell(text)).collect();
            csv.push_str(&cells.join(","));
            csv.push_str("\r\n");
        }
        Ok(csv)
    }

    /// The events the actor may read under `filter`: one table's for those who run it, everything for admins.
    async fn scoped(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
    ) -> ServiceResult<sea_orm::Select<audit_event::Entity>> {
        let mut query = audit_event::Entity::find();
        match filter.table_id {
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
        if let Some(person) = filter.actor_id {
            query = query.filter(audit_event::Column::ActorId.eq(person));
        }
        if let Some(action) = filter.action.as_deref().filter(|a| !a.is_empty()) {
            query = query.filter(audit_event::Column::Action.eq(action));
        }
        if let Some(kind) = filter.entity_type.as_deref().filter(|k| !k.is_empty()) {
            query = query.filter(audit_event::Column::EntityType.eq(kind));
        }
        if let Some(from) = filter.from {
            query = query.filter(audit_event::Column::CreatedAt.gte(from));
        }
        if let Some(until) = filter.until {
            query = query.filter(audit_event::Column::CreatedAt.lt(until));
        }
        Ok(query)
    }
}
