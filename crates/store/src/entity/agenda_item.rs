//! An item of a meeting's agenda, at `position` (0-based).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    pub position: i32,
    pub title: String,
    pub description: Option<String>,
    pub presenter: Option<String>,
    pub planned_minutes: Option<i32>,
    /// Links to documents, one URL per line.
    pub documents: Option<String>,
    /// The item that carries forward the table's open action items and deferred decisions.
    pub follow_up: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
