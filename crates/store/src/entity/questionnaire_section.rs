//! A section of a questionnaire: a title, an optional introduction, and its questions.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questionnaire_sections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub questionnaire_id: i64,
    pub position: i32,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
