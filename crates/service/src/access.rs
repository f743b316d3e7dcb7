//! Who holds which role where, today: the one place services ask before they apply the policy.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Alias, DynIden, Expr, ExprTrait, IntoIden, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    Select,
};
use tavolo_domain::policy::{self, MeetingScope, TableScope};
use tavolo_domain::{Actor, DelegateKind, MeetingStatus, MembershipRole, TableRoles};
use tavolo_store::entity::{invitation, meeting, meeting_series, membership, seat, table};
use tavolo_store::sea_orm;

use crate::{ServiceError, ServiceResult};

const RUNNER_ROLES: [MembershipRole; 2] = [MembershipRole::Chair, MembershipRole::Secretariat];

/// Refuses a visitor before any role is looked up.
pub fn require_signed_in(actor: &Actor) -> ServiceResult<()> {
    if actor.is_signed_in() {
        return Ok(());
    }
    Err(ServiceError::Unauthenticated("sign in first".into()))
}

/// Memberships in force now: begun and not yet ended.
pub fn active_memberships() -> Select<membership::Entity> {
    membership::Entity::find().filter(membership::in_force(Utc::now()))
}

pub fn active_seats() -> Select<seat::Entity> {
    seat::Entity::find().filter(seat::in_force(Utc::now()))
}

/// Whether a membership is in force now.
pub fn is_active(membership: &membership::Model) -> bool {
    let now = Utc::now();
    membership.valid_from <= now && membership.valid_until.is_none_or(|until| until > now)
}

/// The actor's roles at `table_id` today.
pub async fn roles_at(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    table_id: i64,
) -> ServiceResult<TableRoles> {
    Ok(roles_at_tables(conn, actor, &[table_id])
        .await?
        .remove(&table_id)
        .unwrap_or_default())
}

/// Tables where the actor is chair or secretariat today.
pub async fn tables_run_by(conn: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<Vec<i64>> {
    let Some(person_id) = actor.person_id() else {
        return Ok(Vec::new());
    };
    Ok(active_memberships()
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::Role.is_in(RUNNER_ROLES.map(MembershipRole::as_str)))
        .select_only()
        .column(membership::Column::TableId)
        .distinct()
        .into_tuple()
        .all(conn)
        .await?)
}

/// Whether the actor is chair or secretariat of any table today.
pub async fn runs_any_table(conn: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<bool> {
    Ok(!tables_run_by(conn, actor).await?.is_empty())
}

/// Whether the actor runs a table where `organization_id` holds a seat today.
pub async fn runs_a_table_seating(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    organization_id: i64,
) -> ServiceResult<bool> {
    let run = tables_run_by(conn, actor).await?;
    if run.is_empty() {
        return Ok(false);
    }
    let count = active_seats()
        .filter(seat::Column::OrganizationId.eq(organization_id))
        .filter(seat::Column::TableId.is_in(run))
        .count(conn)
        .await?;
    Ok(count > 0)
}

/// The actor's roles at each of `table_ids` today, in one query: the batch form of `roles_at`.
pub async fn roles_at_tables(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    table_ids: &[i64],
) -> ServiceResult<HashMap<i64, TableRoles>> {
    roles_where(
        conn,
        actor,
        Some(membership::Column::TableId.is_in(table_ids.iter().copied())),
    )
    .await
}

/// The actor's roles in force at every table where they hold one.
pub async fn roles_everywhere(
    conn: &impl ConnectionTrait,
    actor: &Actor,
) -> ServiceResult<HashMap<i64, TableRoles>> {
    roles_where(conn, actor, None).await
}

async fn roles_where(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    tables: Option<sea_orm::sea_query::SimpleExpr>,
) -> ServiceResult<HashMap<i64, TableRoles>> {
    let Some(person_id) = actor.person_id() else {
        return Ok(HashMap::new());
    };
    let mut query = active_memberships().filter(membership::Column::PersonId.eq(person_id));
    if let Some(tables) = tables {
        query = query.filter(tables);
    }
    let mut held: HashMap<i64, Vec<MembershipRole>> = HashMap::new();
    for row in query.all(conn).await? {
        held.entry(row.table_id).or_default().push(row.role);
    }
    Ok(held
        .into_iter()
        .map(|(table, roles)| (table, TableRoles::new(roles)))
        .collect())
}

/// The SQL form of the policy's table scope, so lists and counts never include hidden tables.
pub(crate) fn visible_tables(actor: &Actor) -> Condition {
    match policy::table_scope(actor) {
        TableScope::All => Condition::all(),
        TableScope::Visible {
            visibilities,
            member_of,
        } => {
            let mut any = Condition::any()
                .add(table::Column::Visibility.is_in(visibilities.iter().map(|v| v.as_str())));
            if let Some(person_id) = member_of {
                let mine = Query::select()
                    .column(membership::Column::TableId)
                    .from(membership::Entity)
                    .and_where(membership::Column::PersonId.eq(person_id))
                    .cond_where(membership::in_force(Utc::now()))
                    .to_owned();
                any = any.add(table::Column::Id.in_subquery(mine));
            }
            any
        }
    }
}

/// The ids of the tables the actor may read, as a subquery for the rows that hang on a table.
pub(crate) fn readable_table_ids(actor: &Actor) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(table::Column::Id)
        .from(table::Entity)
        .cond_where(visible_tables(actor))
        .to_owned()
}

/// Tables where the actor holds one of `roles` today (any role when `roles` is empty), as a subquery.
fn tables_where_holding(person_id: i64, roles: &[MembershipRole]) -> SelectStatement {
    let mut query = Query::select()
        .column(membership::Column::TableId)
        .from(membership::Entity)
        .and_where(membership::Column::PersonId.eq(person_id))
        .cond_where(membership::in_force(Utc::now()))
        .to_owned();
    if !roles.is_empty() {
        query.and_where(membership::Column::Role.is_in(roles.iter().map(|r| r.as_str())));
    }
    query
}

/// Tables where the actor holds one of `roles` today (any role when empty); none for a visitor.
pub(crate) fn tables_of(actor: &Actor, roles: &[MembershipRole]) -> SelectStatement {
    match actor.person_id() {
        Some(person_id) => tables_where_holding(person_id, roles),
        None => Query::select()
            .column(table::Column::Id)
            .from(table::Entity)
            .and_where(Expr::value(false))
            .to_owned(),
    }
}

/// The SQL form of `policy::meeting_scope`: the meetings the actor may see, for single reads and batches alike.
pub(crate) fn visible_meetings(actor: &Actor) -> Condition {
    visible_meetings_in(actor, &meeting::Entity.into_iden())
}

/// `visible_meetings` over `meetings`, the meetings table or an alias of it. An invitation is looked up for the
/// meeting at hand (correlated) rather than gathered for every meeting the person was ever invited to.
fn visible_meetings_in(actor: &Actor, meetings: &DynIden) -> Condition {
    let column = |c: meeting::Column| Expr::col((meetings.clone(), c));
    match policy::meeting_scope(actor) {
        MeetingScope::All => Condition::all(),
        MeetingScope::Visible {
            visibilities,
            person,
        } => {
            let open_tables = Query::select()
                .column(table::Column::Id)
                .from(table::Entity)
                .and_where(table::Column::Visibility.is_in(visibilities.iter().map(|v| v.as_str())))
                .to_owned();
            let mut scheduled =
                Condition::any().add(column(meeting::Column::TableId).in_subquery(open_tables));
            let mut seen = Condition::any();
            if let Some(person_id) = person {
                let own: DynIden = Alias::new("own_invitation").into_iden();
                let invited = Query::select()
                    .expr(Expr::val(1))
                    .from_as(invitation::Entity, own.clone())
                    .and_where(
                        Expr::col((own.clone(), invitation::Column::MeetingId))
                            .equals((meetings.clone(), meeting::Column::Id)),
                    )
                    .and_where(Expr::col((own, invitation::Column::PersonId)).eq(person_id))
                    .to_owned();
                scheduled = scheduled.add(Expr::exists(invited));
                seen = seen.add(
                    column(meeting::Column::TableId)
                        .in_subquery(tables_where_holding(person_id, &[])),
                );
            }
            seen.add(
                Condition::all()
                    .add(column(meeting::Column::Status).ne(MeetingStatus::Draft))
                    .add(scheduled),
            )
        }
    }
}

/// Rows whose `meeting_id` names a meeting that passes `rule`. Correlated, so the database checks the meetings of
/// the rows at hand instead of collecting every meeting the actor may reach (all of a secretariat's, say) for each
/// statement. The meeting is aliased and the outer column qualified with its table, so neither can be taken for
/// the other (`meetings` inside and out, `id` on both sides).
fn on_meeting(meeting_id: impl ColumnTrait, rule: impl FnOnce(&DynIden) -> Condition) -> Expr {
    let candidate = candidate_meeting();
    let query = Query::select()
        .expr(Expr::val(1))
        .from_as(meeting::Entity, candidate.clone())
        .and_where(
            Expr::col((candidate.clone(), meeting::Column::Id)).equals(meeting_id.as_column_ref()),
        )
        .cond_where(rule(&candidate))
        .to_owned();
    Expr::exists(query)
}

fn candidate_meeting() -> DynIden {
    Alias::new("candidate_meeting").into_iden()
}

/// Rows hanging on a meeting the actor may see (`meeting_id` is their column naming it).
pub(crate) fn on_visible_meeting(actor: &Actor, meeting_id: impl ColumnTrait) -> Expr {
    on_meeting(meeting_id, |m| visible_meetings_in(actor, m))
}

/// The SQL form of `policy::can_manage_meetings`: rows of meetings of the tables the actor runs (all, for
/// administrators).
pub(crate) fn on_managed_meeting(actor: &Actor, meeting_id: impl ColumnTrait) -> Condition {
    on_meeting_of_tables(actor, meeting_id, &RUNNER_ROLES)
}

/// Rows of meetings whose participants (invitations, attendance) the actor may see: those of the tables they
/// belong to.
pub(crate) fn on_meeting_with_visible_participants(
    actor: &Actor,
    meeting_id: impl ColumnTrait,
) -> Condition {
    on_meeting_of_tables(actor, meeting_id, &[])
}

/// Rows of meetings of the tables where the actor holds one of `roles` (any, when empty); all for administrators.
/// The row's meeting's table is looked up by key and compared with the actor's few tables: written as an EXISTS
/// over meetings, PostgreSQL would hash every meeting of those tables for each statement.
fn on_meeting_of_tables(
    actor: &Actor,
    meeting_id: impl ColumnTrait,
    roles: &[MembershipRole],
) -> Condition {
    if actor.is_admin() {
        return Condition::all();
    }
    let candidate = candidate_meeting();
    let table_of_meeting = Query::select()
        .column((candidate.clone(), meeting::Column::TableId))
        .from_as(meeting::Entity, candidate.clone())
        .and_where(Expr::col((candidate, meeting::Column::Id)).equals(meeting_id.as_column_ref()))
        .to_owned();
    Condition::all().add(Expr::from(table_of_meeting).in_subquery(tables_of(actor, roles)))
}

/// The SQL form of `policy::can_read_unapproved_minutes`: rows of meetings whose minutes the actor may read before
/// approval (and so their earlier drafts and review thread).
pub(crate) fn on_meeting_with_readable_drafts(actor: &Actor, meeting_id: impl ColumnTrait) -> Expr {
    on_meeting(meeting_id, |m| {
        // `visible_meetings_in` may be an OR: the table rule is added beside it, never inside.
        let mut rule = Condition::all().add(visible_meetings_in(actor, m));
        if !actor.is_admin() {
            rule = rule.add(
                Expr::col((m.clone(), meeting::Column::TableId))
                    .in_subquery(tables_of(actor, &policy::UNAPPROVED_MINUTES_READERS)),
            );
        }
        rule
    })
}

/// The series the actor may see: those with an occurrence they may see, so a series is exactly as visible as its
/// meetings.
pub(crate) fn visible_series(actor: &Actor) -> Condition {
    let with_visible = Query::select()
        .column(meeting::Column::SeriesId)
        .from(meeting::Entity)
        .cond_where(visible_meetings(actor))
        .and_where(meeting::Column::SeriesId.is_not_null())
        .to_owned();
    Condition::all().add(meeting_series::Column::Id.in_subquery(with_visible))
}

/// The seats the actor speaks for as a delegate (titular or substitute) today, as (table, organization).
pub(crate) struct DelegateSeats(pub(crate) Vec<(i64, i64)>);

impl DelegateSeats {
    pub(crate) async fn of(conn: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<Self> {
        let Some(person_id) = actor.person_id() else {
            return Ok(Self(Vec::new()));
        };
        let seat_ids: Vec<i64> = active_memberships()
            .filter(membership::Column::PersonId.eq(person_id))
            .filter(membership::Column::Role.eq(MembershipRole::Delegate))
            .filter(membership::Column::DelegateKind.is_in([
                DelegateKind::Titular.as_str(),
                DelegateKind::Substitute.as_str(),
            ]))
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|m| m.seat_id)
            .collect();
        if seat_ids.is_empty() {
            return Ok(Self(Vec::new()));
        }
        Ok(Self(
            active_seats()
                .filter(seat::Column::Id.is_in(seat_ids))
                .all(conn)
                .await?
                .into_iter()
                .map(|s| (s.table_id, s.organization_id))
                .collect(),
        ))
    }

    /// The organizations the actor speaks for at one table.
    pub(crate) fn at_table(&self, table_id: i64) -> std::collections::HashSet<i64> {
        self.0
            .iter()
            .filter(|(table, _)| *table == table_id)
            .map(|(_, organization)| *organization)
            .collect()
    }
}
