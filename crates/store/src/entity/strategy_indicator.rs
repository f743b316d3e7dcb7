//! How an element's progress is measured: from a baseline towards a target, in a unit.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "strategy_indicators")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub element_id: i64,
    /// The same indicator across versions; its measurements hang on it.
    pub key: String,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
