//! Tables, their seats (member organizations), delegates and roles: who may see and run a table, and the history of who sat where.

mod reads;
mod roster;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use tavolo_domain::policy;
use tavolo_domain::{
    Actor, DelegateKind, MembershipRole, Name, OptionalText, TableKind, TableRoles, Visibility,
};
use tavolo_store::entity::{membership, organization, person, seat, table};
use tavolo_store::sea_orm;

use crate::Reason;
use crate::access::{
    active_memberships, active_seats, is_active, readable_table_ids, require_signed_in, roles_at,
    visible_tables,
};
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::paging::paginate;
use crate::{Page, PageRequest, ServiceError, ServiceResult};

/// Fields of a table; on update `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TableInput {
    pub name: Option<String>,
    pub kind: Option<TableKind>,
    pub territory: Option<String>,
    pub description: Option<String>,
    /// `Some(None)` makes the table top-level.
    pub parent_id: Option<Option<i64>>,
    pub visibility: Option<Visibility>,
    /// Quorum: more than this share (percent) of member organizations present.
    pub quorum_percent: Option<i32>,
}

/// How deep tables may nest: a table, its groups, their sub-groups and so on.
const MAX_DEPTH: usize = 8;
const DESCRIPTION_MAX: usize = 5_000;

pub struct TableService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl TableService<'_> {
    pub async fn create_table(
        &self,
        actor: &Actor,
        input: TableInput,
    ) -> ServiceResult<table::Model> {
        require_signed_in(actor)?;
        let parent_id = input.parent_id.flatten();
        let parent_roles = match parent_id {
            Some(parent) => Some(roles_at(self.db, actor, parent).await?),
            None => None,
        };
        if !policy::can_create_table(actor, parent_roles.as_ref()) {
            return Err(ServiceError::forbidden("create this table"));
        }
        let name = Name::parse(input.name.as_deref().unwrap_or_default())
            .field("name")?
            .into_inner();
        let kind = input.kind.ok_or_else(|| ServiceError::required("kind"))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        if let Some(parent) = parent_id {
            ensure_parent_allowed(&txn, None, parent).await?;
        }
        let now = Utc::now();
        let created =
            table::ActiveModel {
                name: Set(name),
                kind: Set(kind),
                territory: Set(
                    OptionalText::parse(input.territory.as_deref(), 200).field("territory")?
                ),
                description: Set(OptionalText::parse(
                    input.description.as_deref(),
                    DESCRIPTION_MAX,
                )
                .field("description")?),
                parent_id: Set(parent_id),
                quorum_percent: Set(quorum_percent(input.quorum_percent)?.unwrap_or(50)),
                visibility: Set(input.visibility.unwrap_or(Visibility::Network)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        let summary = format!("created table '{}'", created.name);
        audit::record(
            &txn,
            actor,
            table_change("create", "table", created.id, created.id, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Ends a table's work (administrators): its records stay readable, it takes no new meetings. Ending an ended
    /// table is refused.
    pub async fn end_table(&self, actor: &Actor, id: i64) -> ServiceResult<table::Model> {
        let existing = self.table(actor, id).await?;
        if !policy::can_end_table(actor) {
            return Err(ServiceError::forbidden("end a table"));
        }
        if existing.ended_at.is_some() {
            return Err(ServiceError::conflict(
                Reason::WrongState,
                format!("'{}' has already ended", existing.name),
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let now = Utc::now();
        let mut model = existing.into_active_model();
        model.ended_at = Set(Some(now));
        model.updated_at = Set(now);
        let ended = model.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            table_change(
                "end",
                "table",
                ended.id,
                ended.id,
                format!("ended table '{}'", ended.name),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(ended)
    }

    pub async fn update_table(
        &self,
        actor: &Actor,
        id: i64,
        input: TableInput,
    ) -> ServiceResult<table::Model> {
        let existing = self.table(actor, id).await?;
        self.authorize_manage(actor, id).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = existing.into_active_model();
        if let Some(raw) = input.name.as_deref() {
            model.name = Set(Name::parse(raw).field("name")?.into_inner());
        }
        if let Some(kind) = input.kind {
            model.kind = Set(kind);
        }
        if let Some(raw) = input.territory.as_deref() {
            model.territory = Set(OptionalText::parse(Some(raw), 200).field("territory")?);
        }
        if let Some(raw) = input.description.as_deref() {
            model.description =
                Set(OptionalText::parse(Some(raw), DESCRIPTION_MAX).field("description")?);
        }
        if let Some(visibility) = input.visibility {
            model.visibility = Set(visibility);
        }
        if let Some(percent) = quorum_percent(input.quorum_percent)? {
            model.quorum_percent = Set(percent);
        }
        if let Some(parent_id) = input.parent_id {
            if let Some(parent) = parent_id {
                ensure_parent_allowed(&txn, Some(id), parent).await?;
                // Moving a table under another is also a decision of whoever runs the new parent.
                if !policy::can_create_table(actor, Some(&roles_at(&txn, actor, parent).await?)) {
                    return Err(ServiceError::forbidden("move a table under that parent"));
                }
            } else if !actor.is_admin() {
                return Err(ServiceError::forbidden("make a table top-level"));
            }
            model.parent_id = Set(parent_id);
        }
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        let summary = format!("updated table '{}'", updated.name);
        audit::record(
            &txn,
            actor,
            table_change("update", "table", id, id, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    async fn seat(&self, actor: &Actor, seat_id: i64) -> ServiceResult<seat::Model> {
        let seat = seat::Entity::find_by_id(seat_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("seat"))?;
        self.table(actor, seat.table_id)
            .await
            .map_err(|_| ServiceError::not_found("seat"))?;
        Ok(seat)
    }

    /// The actor's roles at the table, once they are known to manage it.
    async fn authorize_manage(&self, actor: &Actor, table_id: i64) -> ServiceResult<TableRoles> {
        require_signed_in(actor)?;
        let roles = roles_at(self.db, actor, table_id).await?;
        if !policy::can_manage_table(actor, &roles) {
            return Err(ServiceError::forbidden("manage this table"));
        }
        Ok(roles)
    }
}

fn quorum_percent(value: Option<i32>) -> ServiceResult<Option<i32>> {
    match value {
        Some(percent) if !(1..=100).contains(&percent) => {
            Err(ServiceError::out_of_range("quorumPercent", 1, 100))
        }
        other => Ok(other),
    }
}

/// Which tables a list holds, by their place in the hierarchy.
#[derive(Debug, Clone, Copy)]
pub enum ParentFilter {
    Any,
    TopLevel,
    Of(i64),
}

async fn existing_person(
    conn: &impl ConnectionTrait,
    person_id: i64,
) -> ServiceResult<person::Model> {
    person::Entity::find_by_id(person_id)
        .one(conn)
        .await?
        .ok_or_else(|| {
            ServiceError::validation(
                "personId",
                Reason::UnknownReference,
                format!("there is no person {person_id}"),
            )
        })
}

/// The parent must exist, must not be the table itself or one of its descendants, and must keep nesting bounded.
async fn ensure_parent_allowed(
    conn: &impl ConnectionTrait,
    table_id: Option<i64>,
    parent_id: i64,
) -> ServiceResult<()> {
    let mut cursor = Some(parent_id);
    let mut depth = 0;
    while let Some(current) = cursor {
        if Some(current) == table_id {
            return Err(ServiceError::validation(
                "parentId",
                Reason::TableCycle,
                "a table cannot be placed under itself or one of its own groups",
            ));
        }
        depth += 1;
        if depth > MAX_DEPTH {
            return Err(ServiceError::invalid(
                "parentId",
                crate::Problem::new(
                    Reason::TooDeep,
                    format!("tables nest at most {MAX_DEPTH} levels deep"),
                )
                .with_bounds(crate::Bounds::max(MAX_DEPTH)),
            ));
        }
        let Some(found) = table::Entity::find_by_id(current).one(conn).await? else {
            return Err(ServiceError::validation(
                "parentId",
                Reason::UnknownReference,
                format!("there is no table {parent_id}"),
            ));
        };
        cursor = found.parent_id;
    }
    Ok(())
}

fn table_change(
    action: &'static str,
    entity_type: &'static str,
    entity_id: i64,
    table_id: i64,
    summary: String,
) -> Change<'static> {
    Change {
        action,
        entity_type,
        entity_id,
        table_id: Some(table_id),
        summary,
    }
}
