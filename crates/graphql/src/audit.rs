//! Reading the audit log.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use tavolo_service::audit::AuditFilter;
use tavolo_store::entity::audit_event;

use crate::connection::{IdConnection, connection, page_request};
use crate::directory::Person;
use crate::error::parse_id;
use crate::loaders::PersonKey;
use crate::{ApiResult, loader, parts};

/// One recorded change.
pub struct AuditEvent(pub audit_event::Model);

#[Object]
impl AuditEvent {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Who made the change; null for the system (seeding, command line).
    async fn actor(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(id) = self.0.actor_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(PersonKey(id)).await?.map(Person))
    }
    /// What was done, e.g. `create`, `add_seat`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    /// The kind of record changed, e.g. `table`, `membership`.
    async fn entity_type(&self) -> &str {
        &self.0.entity_type
    }
    async fn entity_id(&self) -> ID {
        ID(self.0.entity_id.to_string())
    }
    /// The change in words.
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Newest first: one table's events (for whoever runs it) or, for admins, everything; narrowed to one person's
    /// changes, one action, one kind of record, and a time span (`from` included, `until` excluded).
    #[allow(clippy::too_many_arguments)]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        table_id: Option<ID>,
        person_id: Option<ID>,
        action: Option<String>,
        entity_type: Option<String>,
        from: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<IdConnection<AuditEvent>> {
        let (services, actor) = parts(ctx)?;
        let had_cursor = after.is_some();
        let filter = AuditFilter {
            table_id: table_id.map(|id| parse_id(&id, "tableId")).transpose()?,
            actor_id: person_id.map(|id| parse_id(&id, "personId")).transpose()?,
            action,
            entity_type,
            from,
            until,
        };
        let page = services
            .audit()
            .list(actor, &filter, page_request(first, after)?)
            .await?;
        Ok(connection(page, had_cursor, |m| m.id, AuditEvent))
    }
}
