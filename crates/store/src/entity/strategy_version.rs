//! One version of a table's local strategy: a draft, a version awaiting approval, or an approved one, frozen.

use sea_orm::entity::prelude::*;
use tavolo_domain::StrategyStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "strategy_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub table_id: i64,
    /// 1, 2, ... per table.
    pub number: i32,
    pub status: StrategyStatus,
    pub title: String,
    /// The approved version this draft started from.
    pub based_on_id: Option<i64>,
    /// The decision that approved it.
    pub decision_id: Option<i64>,
    pub submitted_at: Option<DateTimeUtc>,
    pub approved_at: Option<DateTimeUtc>,
    pub approved_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
