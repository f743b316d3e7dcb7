//! The notes (Markdown) on one agenda item in the current minutes.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes_notes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub minutes_id: i64,
    pub agenda_item_id: i64,
    #[sea_orm(column_type = "Text")]
    pub body: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
