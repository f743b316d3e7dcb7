//! A needs questionnaire of a table: who answers it, until when, and for public ones the link's token and the bound
//! on responses from one address.

use sea_orm::entity::prelude::*;
use tavolo_domain::{QuestionnaireAudience, QuestionnaireStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questionnaires")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub table_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub audience: QuestionnaireAudience,
    pub status: QuestionnaireStatus,
    /// Answers are taken (and changed) until then.
    pub ends_at: Option<DateTimeUtc>,
    /// The secret part of a public questionnaire's link, made when it opens.
    pub public_token: Option<String>,
    /// The most public responses taken from one address.
    pub per_address_limit: i32,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
