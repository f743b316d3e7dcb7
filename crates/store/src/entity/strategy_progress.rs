//! A dated progress record of a table's strategy: an activity's new status or an indicator's measured value.
//! Progress belongs to the element across versions, so approved versions stay frozen while work goes on.

use sea_orm::entity::prelude::*;
use tavolo_domain::ActivityStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "strategy_progress")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub table_id: i64,
    pub element_key: String,
    pub indicator_key: Option<String>,
    pub status: Option<ActivityStatus>,
    pub value: Option<f64>,
    pub recorded_on: Date,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub recorded_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
