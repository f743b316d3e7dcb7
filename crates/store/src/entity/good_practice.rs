//! A good practice (buona prassi): what it is, its facets, review state and visibility.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "good_practices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// `|`-separated theme codes, with a leading and trailing `|`.
    pub themes: String,
    /// `|`-separated target-group codes, with a leading and trailing `|`.
    pub target_groups: String,
    pub region: Option<String>,
    pub territory: Option<String>,
    pub language: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub practice_state: String,
    pub evaluation: String,
    pub funding: String,
    pub project_code: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub results: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub transferability: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub organization_id: Option<i64>,
    pub status: String,
    pub visibility: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_note: Option<String>,
    pub reviewer_id: Option<i64>,
    pub author_id: i64,
    pub published_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// An author's edit of the published practice, waiting for a moderator (the practice's input as JSON): the
    /// published text stays until it is accepted.
    #[sea_orm(column_type = "Text", nullable)]
    pub pending_edit: Option<String>,
    pub pending_by: Option<i64>,
    pub pending_since: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
