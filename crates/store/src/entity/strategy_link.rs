//! A link from a strategy element (across versions) to a decision, agenda item, action item or good practice.

use sea_orm::entity::prelude::*;
use tavolo_domain::StrategyLinkKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "strategy_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub table_id: i64,
    pub element_key: String,
    pub target_kind: StrategyLinkKind,
    pub target_id: i64,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
