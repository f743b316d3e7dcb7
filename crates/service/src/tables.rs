//! Tables, their seats (member organizations), delegates and roles: who may see and run a table, and the history of who sat where.

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
    /// A table the actor may read; a hidden table is reported as not found, so its existence is not revealed.
    pub async fn table(&self, actor: &Actor, id: i64) -> ServiceResult<table::Model> {
        table::Entity::find_by_id(id)
            .filter(visible_tables(actor))
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("table"))
    }

    /// Tables the actor may read, optionally only the top-level ones or the children of one table.
    pub async fn tables(
        &self,
        actor: &Actor,
        parent: ParentFilter,
        page: PageRequest,
    ) -> ServiceResult<Page<table::Model>> {
        let mut query = table::Entity::find().filter(visible_tables(actor));
        query = match parent {
            ParentFilter::Any => query,
            ParentFilter::TopLevel => query.filter(table::Column::ParentId.is_null()),
            ParentFilter::Of(id) => query.filter(table::Column::ParentId.eq(id)),
        };
        paginate(self.db, query, table::Column::Id, page).await
    }

    pub async fn tables_by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<table::Model>> {
        Ok(table::Entity::find()
            .filter(table::Column::Id.is_in(ids.iter().copied()))
            .filter(visible_tables(actor))
            .all(self.db)
            .await?)
    }

    /// Readable children of each of `parent_ids`.
    pub async fn children_of(
        &self,
        actor: &Actor,
        parent_ids: &[i64],
    ) -> ServiceResult<Vec<table::Model>> {
        Ok(table::Entity::find()
            .filter(table::Column::ParentId.is_in(parent_ids.iter().copied()))
            .filter(visible_tables(actor))
            .order_by_asc(table::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The seats in force at each of `table_ids` the actor may read.
    pub async fn seats_of_tables(
        &self,
        actor: &Actor,
        table_ids: &[i64],
    ) -> ServiceResult<Vec<seat::Model>> {
        Ok(active_seats()
            .filter(seat::Column::TableId.is_in(table_ids.iter().copied()))
            .filter(seat::Column::TableId.in_subquery(readable_table_ids(actor)))
            .order_by_asc(seat::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The seats with these ids at tables the actor may read.
    pub async fn seats_by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<seat::Model>> {
        Ok(seat::Entity::find()
            .filter(seat::Column::Id.is_in(ids.iter().copied()))
            .filter(seat::Column::TableId.in_subquery(readable_table_ids(actor)))
            .order_by_asc(seat::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Keeps the delegate appointments in force, or all of them as history.
    pub fn delegates_in_force(
        &self,
        appointments: Vec<membership::Model>,
        include_ended: bool,
    ) -> Vec<membership::Model> {
        appointments
            .into_iter()
            .filter(|m| include_ended || is_active(m))
            .collect()
    }

    /// The memberships in force at each of `table_ids` the actor may read.
    pub async fn memberships_of_tables(
        &self,
        actor: &Actor,
        table_ids: &[i64],
    ) -> ServiceResult<Vec<membership::Model>> {
        Ok(active_memberships()
            .filter(membership::Column::TableId.is_in(table_ids.iter().copied()))
            .filter(membership::Column::TableId.in_subquery(readable_table_ids(actor)))
            .order_by_asc(membership::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Every delegate appointment of each seat at a table the actor may read, ended ones included: the history of
    /// who represented whom.
    pub async fn delegates_of_seats(
        &self,
        actor: &Actor,
        seat_ids: &[i64],
    ) -> ServiceResult<Vec<membership::Model>> {
        Ok(membership::Entity::find()
            .filter(membership::Column::SeatId.is_in(seat_ids.iter().copied()))
            .filter(membership::Column::TableId.in_subquery(readable_table_ids(actor)))
            .order_by_asc(membership::Column::ValidFrom)
            .order_by_asc(membership::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Each person's memberships in force, limited to tables the actor may read; nothing for visitors, who see
    /// people's names only.
    pub async fn memberships_of_people(
        &self,
        actor: &Actor,
        person_ids: &[i64],
    ) -> ServiceResult<Vec<membership::Model>> {
        if !policy::can_read_people(actor) {
            return Ok(Vec::new());
        }
        Ok(active_memberships()
            .filter(membership::Column::PersonId.is_in(person_ids.iter().copied()))
            .filter(membership::Column::TableId.in_subquery(readable_table_ids(actor)))
            .order_by_asc(membership::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The actor's roles at each table, for `Table.myRoles` in lists.
    pub async fn my_roles(
        &self,
        actor: &Actor,
        table_ids: &[i64],
    ) -> ServiceResult<Vec<membership::Model>> {
        let Some(person_id) = actor.person_id() else {
            return Ok(Vec::new());
        };
        Ok(active_memberships()
            .filter(membership::Column::PersonId.eq(person_id))
            .filter(membership::Column::TableId.is_in(table_ids.iter().copied()))
            .all(self.db)
            .await?)
    }

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
        let kind = input
            .kind
            .ok_or_else(|| ServiceError::validation("kind", "is required"))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        if let Some(parent) = parent_id {
            ensure_parent_allowed(&txn, None, parent).await?;
        }
        let now = Utc::now();
        let created =
            table::ActiveModel {
                name: Set(name),
                kind: Set(kind.as_str().to_owned()),
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
                visibility: Set(input
                    .visibility
                    .unwrap_or(Visibility::Network)
                    .as_str()
                    .to_owned()),
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
            model.kind = Set(kind.as_str().to_owned());
        }
        if let Some(raw) = input.territory.as_deref() {
            model.territory = Set(OptionalText::parse(Some(raw), 200).field("territory")?);
        }
        if let Some(raw) = input.description.as_deref() {
            model.description =
                Set(OptionalText::parse(Some(raw), DESCRIPTION_MAX).field("description")?);
        }
        if let Some(visibility) = input.visibility {
            model.visibility = Set(visibility.as_str().to_owned());
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

    /// Gives `organization_id` a seat at the table; an organization holds at most one seat in force per table.
    pub async fn add_seat(
        &self,
        actor: &Actor,
        table_id: i64,
        organization_id: i64,
    ) -> ServiceResult<seat::Model> {
        let table = self.table(actor, table_id).await?;
        self.authorize_manage(actor, table_id).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let Some(org) = organization::Entity::find_by_id(organization_id)
            .one(&txn)
            .await?
        else {
            return Err(ServiceError::validation(
                "organizationId",
                format!("there is no organization {organization_id}"),
            ));
        };
        let held = active_seats()
            .filter(seat::Column::TableId.eq(table_id))
            .filter(seat::Column::OrganizationId.eq(organization_id))
            .count(&txn)
            .await?;
        if held > 0 {
            return Err(ServiceError::validation(
                "organizationId",
                format!("{} already holds a seat at this table", org.name),
            ));
        }
        let created = seat::ActiveModel {
            table_id: Set(table_id),
            organization_id: Set(organization_id),
            valid_from: Set(Utc::now()),
            valid_until: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!("gave {} a seat at '{}'", org.name, table.name);
        audit::record(
            &txn,
            actor,
            table_change("add_seat", "seat", created.id, table_id, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Ends a seat and, with it, the appointments of its delegates; the rows stay as history.
    pub async fn end_seat(&self, actor: &Actor, seat_id: i64) -> ServiceResult<seat::Model> {
        let seat = self.seat(actor, seat_id).await?;
        self.authorize_manage(actor, seat.table_id).await?;
        if seat.valid_until.is_some() {
            return Err(ServiceError::validation(
                "seatId",
                "this seat has already ended",
            ));
        }
        let now = Utc::now();
        let txn = tavolo_store::begin_write(self.db).await?;
        membership::Entity::update_many()
            .col_expr(membership::Column::ValidUntil, Expr::value(now))
            .filter(membership::Column::SeatId.eq(seat_id))
            .filter(membership::Column::ValidUntil.is_null())
            .exec(&txn)
            .await?;
        let mut model = seat.clone().into_active_model();
        model.valid_until = Set(Some(now));
        let ended = model.update(&txn).await?;
        let summary = format!(
            "ended seat {seat_id} of organization {}",
            seat.organization_id
        );
        audit::record(
            &txn,
            actor,
            table_change("end_seat", "seat", seat_id, seat.table_id, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(ended)
    }

    /// Appoints a delegate to a seat; a new titular replaces the previous one, whose appointment is closed, not deleted.
    pub async fn appoint_delegate(
        &self,
        actor: &Actor,
        seat_id: i64,
        person_id: i64,
        kind: DelegateKind,
    ) -> ServiceResult<membership::Model> {
        let seat = self.seat(actor, seat_id).await?;
        let roles = self.authorize_manage(actor, seat.table_id).await?;
        if !policy::can_grant_role(actor, &roles, MembershipRole::Delegate, person_id) {
            return Err(ServiceError::forbidden("appoint yourself a delegate"));
        }
        if seat.valid_until.is_some() {
            return Err(ServiceError::validation("seatId", "this seat has ended"));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let person = existing_person(&txn, person_id).await?;
        let current: Vec<membership::Model> = active_memberships()
            .filter(membership::Column::SeatId.eq(seat_id))
            .all(&txn)
            .await?;
        let same_kind = Some(kind.as_str());
        if current
            .iter()
            .any(|m| m.person_id == person_id && m.delegate_kind.as_deref() == same_kind)
        {
            return Err(ServiceError::validation(
                "personId",
                format!("{} already is {kind} delegate of this seat", person.name),
            ));
        }
        // Closed, not deleted: the previous titular (when a new one comes) and the person's own
        // other appointment (when a substitute becomes titular or the other way round).
        let replaced: Vec<i64> = current
            .iter()
            .filter(|m| {
                m.person_id == person_id
                    || (kind == DelegateKind::Titular && m.delegate_kind.as_deref() == same_kind)
            })
            .map(|m| m.id)
            .collect();
        let now = Utc::now();
        if !replaced.is_empty() {
            membership::Entity::update_many()
                .col_expr(membership::Column::ValidUntil, Expr::value(now))
                .filter(membership::Column::Id.is_in(replaced))
                .exec(&txn)
                .await?;
        }
        let created = membership::ActiveModel {
            table_id: Set(seat.table_id),
            person_id: Set(person_id),
            role: Set(MembershipRole::Delegate.as_str().to_owned()),
            seat_id: Set(Some(seat_id)),
            delegate_kind: Set(Some(kind.as_str().to_owned())),
            valid_from: Set(now),
            valid_until: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!(
            "appointed {} as {} delegate of seat {seat_id}",
            person.name, kind
        );
        audit::record(
            &txn,
            actor,
            table_change(
                "appoint_delegate",
                "membership",
                created.id,
                seat.table_id,
                summary,
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Gives a person a role at the table; delegates go through `appoint_delegate`, because they speak for a seat.
    pub async fn add_membership(
        &self,
        actor: &Actor,
        table_id: i64,
        person_id: i64,
        role: MembershipRole,
    ) -> ServiceResult<membership::Model> {
        let table = self.table(actor, table_id).await?;
        let roles = self.authorize_manage(actor, table_id).await?;
        if !policy::can_grant_role(actor, &roles, role, person_id) {
            return Err(ServiceError::Forbidden(format!(
                "make this person {role} of the table"
            )));
        }
        if role == MembershipRole::Delegate {
            return Err(ServiceError::validation(
                "role",
                "delegates are appointed to a seat with appointDelegate",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let person = existing_person(&txn, person_id).await?;
        let duplicate = active_memberships()
            .filter(membership::Column::TableId.eq(table_id))
            .filter(membership::Column::PersonId.eq(person_id))
            .filter(membership::Column::Role.eq(role.as_str()))
            .count(&txn)
            .await?;
        if duplicate > 0 {
            return Err(ServiceError::validation(
                "personId",
                format!("{} already is {} of this table", person.name, role),
            ));
        }
        let created = membership::ActiveModel {
            table_id: Set(table_id),
            person_id: Set(person_id),
            role: Set(role.as_str().to_owned()),
            seat_id: Set(None),
            delegate_kind: Set(None),
            valid_from: Set(Utc::now()),
            valid_until: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!("made {} {} of '{}'", person.name, role, table.name);
        audit::record(
            &txn,
            actor,
            table_change(
                "add_membership",
                "membership",
                created.id,
                table_id,
                summary,
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Ends a role or a delegate appointment; the row stays as history.
    pub async fn end_membership(
        &self,
        actor: &Actor,
        membership_id: i64,
    ) -> ServiceResult<membership::Model> {
        let found = membership::Entity::find_by_id(membership_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("membership"))?;
        self.table(actor, found.table_id)
            .await
            .map_err(|_| ServiceError::not_found("membership"))?;
        let roles = self.authorize_manage(actor, found.table_id).await?;
        let role: MembershipRole = found.role.parse()?;
        if !policy::can_end_role(actor, &roles, role) {
            return Err(ServiceError::Forbidden(format!("end a {role} role")));
        }
        if !is_active(&found) {
            return Err(ServiceError::validation(
                "membershipId",
                "this membership has already ended",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let table_id = found.table_id;
        let mut model = found.into_active_model();
        model.valid_until = Set(Some(Utc::now()));
        let ended = model.update(&txn).await?;
        let summary = format!("ended {} role of person {}", ended.role, ended.person_id);
        audit::record(
            &txn,
            actor,
            table_change(
                "end_membership",
                "membership",
                membership_id,
                table_id,
                summary,
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(ended)
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
        Some(percent) if !(1..=100).contains(&percent) => Err(ServiceError::validation(
            "quorumPercent",
            "must be between 1 and 100",
        )),
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
            ServiceError::validation("personId", format!("there is no person {person_id}"))
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
                "a table cannot be placed under itself or one of its own groups",
            ));
        }
        depth += 1;
        if depth > MAX_DEPTH {
            return Err(ServiceError::validation(
                "parentId",
                format!("tables nest at most {MAX_DEPTH} levels deep"),
            ));
        }
        let Some(found) = table::Entity::find_by_id(current).one(conn).await? else {
            return Err(ServiceError::validation(
                "parentId",
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
