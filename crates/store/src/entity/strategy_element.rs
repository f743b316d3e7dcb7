//! An objective, action or activity of one strategy version; `key` identifies the same element across versions.

use sea_orm::entity::prelude::*;
use tavolo_domain::StrategyLevel;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "strategy_elements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub version_id: i64,
    pub key: String,
    pub level: StrategyLevel,
    pub parent_key: Option<String>,
    /// 1, 1.1, 1.1.2: unique within the version.
    pub code: String,
    /// Order among its siblings, from 0.
    pub position: i32,
    pub title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    pub lead_organization_id: Option<i64>,
    /// Partner organization ids as `|3|7|`.
    pub partner_ids: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub budget_euros: Option<i64>,
    /// Optimistic locking of edits.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
