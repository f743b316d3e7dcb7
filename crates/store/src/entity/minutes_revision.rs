//! A saved state of the minutes, as Markdown, numbered from 1.

use sea_orm::entity::prelude::*;
use tavolo_domain::RevisionKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub minutes_id: i64,
    pub number: i32,
    pub kind: RevisionKind,
    pub reason: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub author_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
