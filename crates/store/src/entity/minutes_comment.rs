//! A review comment on minutes (optionally on one item), or an answer to one.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes_comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub minutes_id: i64,
    pub agenda_item_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub author_id: i64,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub created_at: DateTimeUtc,
    /// When whoever runs or chairs the table marked it handled (`None` while it is open).
    pub handled_at: Option<DateTimeUtc>,
    pub handled_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
