//! A question of a questionnaire: its kind, whether it must be answered, and the bounds of scales and numbers.

use sea_orm::entity::prelude::*;
use tavolo_domain::QuestionKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "questionnaire_questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub questionnaire_id: i64,
    pub section_id: i64,
    pub position: i32,
    pub kind: QuestionKind,
    pub text: String,
    pub help: Option<String>,
    pub required: bool,
    pub scale_min: Option<i32>,
    pub scale_max: Option<i32>,
    pub number_min: Option<f64>,
    pub number_max: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
