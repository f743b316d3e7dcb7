//! An organization's place at a table, from `valid_from` until `valid_until` (open while null).

use sea_orm::Condition;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "seats")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub table_id: i64,
    pub organization_id: i64,
    pub valid_from: DateTimeUtc,
    pub valid_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Seats in force at `now`: not yet ended. The one definition lists and subqueries use.
pub fn in_force(now: DateTimeUtc) -> Condition {
    Condition::any()
        .add(Column::ValidUntil.is_null())
        .add(Column::ValidUntil.gt(now))
}
