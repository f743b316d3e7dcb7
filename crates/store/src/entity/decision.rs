//! A decision taken on an agenda item.

use sea_orm::entity::prelude::*;
use tavolo_domain::DecisionOutcome;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    pub agenda_item_id: i64,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub outcome: DecisionOutcome,
    pub votes_for: Option<i32>,
    pub votes_against: Option<i32>,
    pub votes_abstained: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
