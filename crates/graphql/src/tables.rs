//! Tables, seats and memberships: their GraphQL types, queries and mutations.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use chrono::{DateTime, Utc};
use tavolo_domain::{DelegateKind, MembershipRole, TableKind, Visibility};
use tavolo_service::tables::{ParentFilter, TableInput};
use tavolo_store::entity::{membership, seat, table};

use crate::connection::{IdConnection, connection, page_request};
use crate::directory::{Organization, Person};
use crate::error::parse_id;
use crate::loaders::{
    ChildrenOfTable, DelegatesOfSeat, MembershipsOfTable, MyRolesAt, OrganizationKey, PersonKey,
    SeatKey, SeatsOfTable, TableKey,
};
use crate::{ApiError, ApiResult, loader, parts};

/// A table: the interinstitutional table, its steering committee, working and focus groups, teams.
pub struct Table(pub table::Model);

#[Object]
impl Table {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> TableKind {
        self.0.kind
    }
    /// Territory the table covers.
    async fn territory(&self) -> Option<&str> {
        self.0.territory.as_deref()
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Quorum rule: more than this share (percent) of member organizations present.
    async fn quorum_percent(&self) -> i32 {
        self.0.quorum_percent
    }
    /// Who may see the table, its meetings and agenda.
    async fn visibility(&self) -> Visibility {
        self.0.visibility
    }
    /// The table this one works under, when the caller may see it.
    async fn parent(&self, ctx: &Context<'_>) -> ApiResult<Option<Table>> {
        let Some(parent) = self.0.parent_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(TableKey(parent)).await?.map(Table))
    }
    /// Groups under this table that the caller may see.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn children(&self, ctx: &Context<'_>) -> ApiResult<Vec<Table>> {
        let rows = loader(ctx)?.load_one(ChildrenOfTable(self.0.id)).await?;
        Ok(rows.unwrap_or_default().into_iter().map(Table).collect())
    }
    /// Member organizations' seats in force.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn seats(&self, ctx: &Context<'_>) -> ApiResult<Vec<Seat>> {
        let rows = loader(ctx)?.load_one(SeatsOfTable(self.0.id)).await?;
        Ok(rows.unwrap_or_default().into_iter().map(Seat).collect())
    }
    /// Everyone holding a role in force: chair, secretariat, delegates, observers.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn memberships(&self, ctx: &Context<'_>) -> ApiResult<Vec<Membership>> {
        let rows = loader(ctx)?.load_one(MembershipsOfTable(self.0.id)).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(Membership)
            .collect())
    }
    /// The caller's own roles at this table.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn my_roles(&self, ctx: &Context<'_>) -> ApiResult<Vec<MembershipRole>> {
        let rows = loader(ctx)?.load_one(MyRolesAt(self.0.id)).await?;
        Ok(rows.unwrap_or_default().iter().map(|m| m.role).collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// When the table ended its work; null while it works. An ended table takes no new meetings.
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at
    }
}

/// A member organization's place at a table.
pub struct Seat(pub seat::Model);

#[Object]
impl Seat {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        loader(ctx)?
            .load_one(OrganizationKey(self.0.organization_id))
            .await?
            .map(Organization)
            .ok_or_else(|| ApiError::internal("seat without organization"))
    }
    async fn valid_from(&self) -> DateTime<Utc> {
        self.0.valid_from
    }
    async fn valid_until(&self) -> Option<DateTime<Utc>> {
        self.0.valid_until
    }
    /// The titular delegate and substitutes in force; with `includeEnded`, everyone who ever represented the seat.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn delegates(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_ended: bool,
    ) -> ApiResult<Vec<Membership>> {
        let (services, _) = parts(ctx)?;
        let rows = loader(ctx)?
            .load_one(DelegatesOfSeat(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(services
            .tables()
            .delegates_in_force(rows, include_ended)
            .into_iter()
            .map(Membership)
            .collect())
    }
}

/// A person's role at a table over a period.
pub struct Membership(pub membership::Model);

#[Object]
impl Membership {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn role(&self) -> MembershipRole {
        self.0.role
    }
    /// For delegates: titular or substitute.
    async fn delegate_kind(&self) -> Option<DelegateKind> {
        self.0.delegate_kind
    }
    async fn person(&self, ctx: &Context<'_>) -> ApiResult<Person> {
        loader(ctx)?
            .load_one(PersonKey(self.0.person_id))
            .await?
            .map(Person)
            .ok_or_else(|| ApiError::internal("membership without person"))
    }
    /// The table, when the caller may see it.
    async fn table(&self, ctx: &Context<'_>) -> ApiResult<Option<Table>> {
        Ok(loader(ctx)?
            .load_one(TableKey(self.0.table_id))
            .await?
            .map(Table))
    }
    /// For delegates: the organization whose seat they hold.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let Some(seat_id) = self.0.seat_id else {
            return Ok(None);
        };
        let Some(seat) = loader(ctx)?.load_one(SeatKey(seat_id)).await? else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OrganizationKey(seat.organization_id))
            .await?
            .map(Organization))
    }
    async fn valid_from(&self) -> DateTime<Utc> {
        self.0.valid_from
    }
    async fn valid_until(&self) -> Option<DateTime<Utc>> {
        self.0.valid_until
    }
}

/// A new table; with a parent it is a group of that table.
#[derive(InputObject)]
pub struct CreateTableInput {
    name: String,
    kind: TableKind,
    territory: Option<String>,
    description: Option<String>,
    parent_id: Option<ID>,
    /// Defaults to NETWORK (any signed-in user).
    visibility: Option<Visibility>,
    /// Quorum: more than this share (percent) of member organizations present; default 50.
    quorum_percent: Option<i32>,
}

/// Changes to a table: omitted fields stay; `parentId: null` makes it top-level.
#[derive(InputObject)]
pub struct UpdateTableInput {
    name: Option<String>,
    kind: Option<TableKind>,
    territory: Option<String>,
    description: Option<String>,
    parent_id: MaybeUndefined<ID>,
    visibility: Option<Visibility>,
    /// Quorum: more than this share (percent) of member organizations present; default 50.
    quorum_percent: Option<i32>,
}

#[derive(Default)]
pub struct TableQuery;

#[Object]
impl TableQuery {
    /// Tables the caller may see; `topLevel` keeps only tables without a parent, `parentId` only one table's groups.
    async fn tables(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        #[graphql(default = false)] top_level: bool,
        parent_id: Option<ID>,
    ) -> ApiResult<IdConnection<Table>> {
        let (services, actor) = parts(ctx)?;
        let had_cursor = after.is_some();
        let filter = match (parent_id, top_level) {
            (Some(id), _) => ParentFilter::Of(parse_id(&id, "parentId")?),
            (None, true) => ParentFilter::TopLevel,
            (None, false) => ParentFilter::Any,
        };
        let page = services
            .tables()
            .tables(actor, filter, page_request(first, after)?)
            .await?;
        Ok(connection(page, had_cursor, |m| m.id, Table))
    }

    async fn table(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Table> {
        let (services, actor) = parts(ctx)?;
        Ok(Table(
            services.tables().table(actor, parse_id(&id, "id")?).await?,
        ))
    }
}

#[derive(Default)]
pub struct TableMutation;

#[Object]
impl TableMutation {
    /// Creates a table (admins) or a group under a table (whoever runs that table).
    async fn create_table(&self, ctx: &Context<'_>, input: CreateTableInput) -> ApiResult<Table> {
        let (services, actor) = parts(ctx)?;
        let parent_id = input
            .parent_id
            .map(|id| parse_id(&id, "parentId"))
            .transpose()?;
        let input = TableInput {
            name: Some(input.name),
            kind: Some(input.kind),
            territory: input.territory,
            description: input.description,
            parent_id: Some(parent_id),
            visibility: input.visibility,
            quorum_percent: input.quorum_percent,
        };
        Ok(Table(services.tables().create_table(actor, input).await?))
    }

    /// Ends a table's work (administrators): its records stay, it takes no new meetings.
    async fn end_table(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Table> {
        let (services, actor) = parts(ctx)?;
        Ok(Table(
            services
                .tables()
                .end_table(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    async fn update_table(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateTableInput,
    ) -> ApiResult<Table> {
        let (services, actor) = parts(ctx)?;
        let parent_id = match input.parent_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(id) => Some(Some(parse_id(&id, "parentId")?)),
        };
        let input = TableInput {
            name: input.name,
            kind: input.kind,
            territory: input.territory,
            description: input.description,
            parent_id,
            visibility: input.visibility,
            quorum_percent: input.quorum_percent,
        };
        Ok(Table(
            services
                .tables()
                .update_table(actor, parse_id(&id, "id")?, input)
                .await?,
        ))
    }

    /// Gives an organization a seat at a table.
    async fn add_seat(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        organization_id: ID,
    ) -> ApiResult<Seat> {
        let (services, actor) = parts(ctx)?;
        let seat = services
            .tables()
            .add_seat(
                actor,
                parse_id(&table_id, "tableId")?,
                parse_id(&organization_id, "organizationId")?,
            )
            .await?;
        Ok(Seat(seat))
    }

    /// Ends a seat and its delegates' appointments; history is kept.
    async fn end_seat(&self, ctx: &Context<'_>, seat_id: ID) -> ApiResult<Seat> {
        let (services, actor) = parts(ctx)?;
        Ok(Seat(
            services
                .tables()
                .end_seat(actor, parse_id(&seat_id, "seatId")?)
                .await?,
        ))
    }

    /// Appoints a titular delegate (replacing the previous one) or a substitute to a seat.
    async fn appoint_delegate(
        &self,
        ctx: &Context<'_>,
        seat_id: ID,
        person_id: ID,
        kind: DelegateKind,
    ) -> ApiResult<Membership> {
        let (services, actor) = parts(ctx)?;
        let appointed = services
            .tables()
            .appoint_delegate(
                actor,
                parse_id(&seat_id, "seatId")?,
                parse_id(&person_id, "personId")?,
                kind,
            )
            .await?;
        Ok(Membership(appointed))
    }

    /// Gives a person the role of chair, secretariat or observer at a table.
    async fn add_membership(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        person_id: ID,
        role: MembershipRole,
    ) -> ApiResult<Membership> {
        let (services, actor) = parts(ctx)?;
        let added = services
            .tables()
            .add_membership(
                actor,
                parse_id(&table_id, "tableId")?,
                parse_id(&person_id, "personId")?,
                role,
            )
            .await?;
        Ok(Membership(added))
    }

    /// Ends a role or a delegate appointment; history is kept.
    async fn end_membership(&self, ctx: &Context<'_>, membership_id: ID) -> ApiResult<Membership> {
        let (services, actor) = parts(ctx)?;
        Ok(Membership(
            services
                .tables()
                .end_membership(actor, parse_id(&membership_id, "membershipId")?)
                .await?,
        ))
    }
}
