//! A practice's themes and target groups, one row per code: written with the practice, read in batches, used as
//! filters (an indexed lookup by code) and counted with one GROUP BY each.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, IntoIden, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect, QueryTrait, Select, Set,
};
use tavolo_domain::{TargetGroup, Theme};
use tavolo_store::entity::{good_practice, practice_target_group, practice_theme};
use tavolo_store::sea_orm;

use crate::{ServiceResult, rows_in};

/// Practices per lookup: far below either database's limit on bound parameters, whoever calls.
const CHUNK: usize = 1_000;

/// The multi-valued facets of one practice, each in the order of its codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub themes: Vec<Theme>,
    pub target_groups: Vec<TargetGroup>,
}

impl Facets {
    /// How many codes two practices share (the ranking of related practices).
    pub(super) fn shared_with(&self, other: &Facets) -> usize {
        let themes = self
            .themes
            .iter()
            .filter(|t| other.themes.contains(t))
            .count();
        let groups = self
            .target_groups
            .iter()
            .filter(|g| other.target_groups.contains(g))
            .count();
        themes + groups
    }
}

/// Replaces the practice's themes and target groups with those given; `None` leaves that facet as it is.
pub(super) async fn replace(
    conn: &impl ConnectionTrait,
    practice_id: i64,
    themes: Option<&[Theme]>,
    target_groups: Option<&[TargetGroup]>,
) -> ServiceResult<()> {
    if let Some(themes) = themes {
        let rows = by_code(themes, Theme::as_str).map(|theme| practice_theme::ActiveModel {
            practice_id: Set(practice_id),
            theme: Set(theme),
            ..Default::default()
        });
        replace_rows(conn, practice_theme::Column::PracticeId, practice_id, rows).await?;
    }
    if let Some(groups) = target_groups {
        let rows =
            by_code(groups, TargetGroup::as_str).map(|group| practice_target_group::ActiveModel {
                practice_id: Set(practice_id),
                target_group: Set(group),
                ..Default::default()
            });
        replace_rows(
            conn,
            practice_target_group::Column::PracticeId,
            practice_id,
            rows,
        )
        .await?;
    }
    Ok(())
}

/// The practice's rows of one facet table become `rows`.
async fn replace_rows<A>(
    conn: &impl ConnectionTrait,
    practice: <A::Entity as EntityTrait>::Column,
    practice_id: i64,
    rows: impl IntoIterator<Item = A>,
) -> ServiceResult<()>
where
    A: ActiveModelTrait + Send,
{
    A::Entity::delete_many()
        .filter(practice.eq(practice_id))
        .exec(conn)
        .await?;
    A::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Each value once, in the order of its stored code (the order readers get them back in).
fn by_code<T: Copy + PartialEq>(
    values: &[T],
    code: fn(T) -> &'static str,
) -> impl Iterator<Item = T> {
    let mut sorted = values.to_vec();
    sorted.sort_by_key(|v| code(*v));
    sorted.dedup();
    sorted.into_iter()
}

/// The facets of each of `practice_ids`, by id; callers pass practices the actor may read.
pub(crate) async fn of(
    conn: &impl ConnectionTrait,
    practice_ids: &[i64],
) -> ServiceResult<HashMap<i64, Facets>> {
    let mut found: HashMap<i64, Facets> = HashMap::new();
    if practice_ids.is_empty() {
        return Ok(found);
    }
    for chunk in practice_ids.chunks(CHUNK) {
        let themes = rows_in::<practice_theme::Entity, _, _>(
            conn,
            practice_theme::Column::PracticeId,
            chunk,
            practice_theme::Column::Id,
        );
        for row in themes.await? {
            let facets = found.entry(row.practice_id).or_default();
            facets.themes.push(row.theme);
        }
        let groups = rows_in::<practice_target_group::Entity, _, _>(
            conn,
            practice_target_group::Column::PracticeId,
            chunk,
            practice_target_group::Column::Id,
        );
        for row in groups.await? {
            let facets = found.entry(row.practice_id).or_default();
            facets.target_groups.push(row.target_group);
        }
    }
    Ok(found)
}

/// Practices with this theme. A correlated EXISTS, looked up by key for each candidate row: the library walks its
/// order and stops at a page, where `id IN (every practice with the theme)` would collect them all first (SQLite:
/// 1 ms against 25 ms for a page at 100,000 practices).
pub(super) fn with_theme(theme: Theme) -> SimpleExpr {
    with_codes(
        practice_theme::Entity,
        practice_theme::Column::PracticeId,
        practice_theme::Column::Theme.is_in([theme]),
    )
}

/// Practices for this target group.
pub(super) fn with_target_group(group: TargetGroup) -> SimpleExpr {
    with_codes(
        practice_target_group::Entity,
        practice_target_group::Column::PracticeId,
        practice_target_group::Column::TargetGroup.is_in([group]),
    )
}

/// Practices sharing at least one of these codes.
pub(super) fn sharing(facets: &Facets) -> Condition {
    Condition::any()
        .add(with_codes(
            practice_theme::Entity,
            practice_theme::Column::PracticeId,
            practice_theme::Column::Theme.is_in(facets.themes.iter().copied()),
        ))
        .add(with_codes(
            practice_target_group::Entity,
            practice_target_group::Column::PracticeId,
            practice_target_group::Column::TargetGroup.is_in(facets.target_groups.iter().copied()),
        ))
}

/// The practice on the current row has a row of `table` matching `codes`.
fn with_codes(
    table: impl IntoIden + Copy + 'static,
    practice: impl IntoIden + 'static,
    codes: SimpleExpr,
) -> SimpleExpr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(table)
            .and_where(
                Expr::col((table, practice))
                    .equals((good_practice::Entity, good_practice::Column::Id)),
            )
            .and_where(codes)
            .to_owned(),
    )
}

/// How many of the `matching` practices have each theme and each target group: one GROUP BY per facet.
pub(super) async fn counts(
    conn: &impl ConnectionTrait,
    matching: &Select<good_practice::Entity>,
) -> ServiceResult<(Vec<(Theme, u64)>, Vec<(TargetGroup, u64)>)> {
    let ids = || {
        matching
            .clone()
            .select_only()
            .column(good_practice::Column::Id)
            .into_query()
    };
    let themes: Vec<(Theme, i64)> = practice_theme::Entity::find()
        .select_only()
        .column(practice_theme::Column::Theme)
        .column_as(practice_theme::Column::Id.count(), "n")
        .filter(practice_theme::Column::PracticeId.in_subquery(ids()))
        .group_by(practice_theme::Column::Theme)
        .into_tuple()
        .all(conn)
        .await?;
    let groups: Vec<(TargetGroup, i64)> = practice_target_group::Entity::find()
        .select_only()
        .column(practice_target_group::Column::TargetGroup)
        .column_as(practice_target_group::Column::Id.count(), "n")
        .filter(practice_target_group::Column::PracticeId.in_subquery(ids()))
        .group_by(practice_target_group::Column::TargetGroup)
        .into_tuple()
        .all(conn)
        .await?;
    let unsigned = |n: i64| u64::try_from(n).unwrap_or_default();
    Ok((
        themes.into_iter().map(|(t, n)| (t, unsigned(n))).collect(),
        groups.into_iter().map(|(g, n)| (g, unsigned(n))).collect(),
    ))
}
