//! A good practice (buona prassi): what it is, its single-valued facets, review state and visibility; its themes
//! and target groups are rows of `practice_theme` and `practice_target_group`.

use sea_orm::entity::prelude::*;
use tavolo_domain::{
    Evaluation, MaterialsLicence, PracticeLifecycle, PracticeStatus, PracticeVisibility,
    Sustainability,
};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "good_practices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub region: Option<String>,
    pub territory: Option<String>,
    pub language: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub practice_state: PracticeLifecycle,
    pub evaluation: Evaluation,
    pub funding: String,
    pub project_code: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub results: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub transferability: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub organization_id: Option<i64>,
    pub status: PracticeStatus,
    pub visibility: PracticeVisibility,
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
    /// `|`-separated free keywords, with a leading and trailing `|`.
    pub keywords: String,
    pub people_reached: Option<i32>,
    pub budget_euros: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub partners: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub lessons_learned: Option<String>,
    /// A `Sustainability` code.
    pub sustainability: Sustainability,
    /// A `MaterialsLicence` code.
    pub materials_licence: MaterialsLicence,
    pub indicators: Indicators,
    /// The moderator's eligibility checklist: clear context, objectives and activities; running for at least a
    /// year; evidence of transferability. `None` until a moderator reviews it.
    pub criteria_context: Option<bool>,
    pub criteria_duration: Option<bool>,
    pub criteria_transferable: Option<bool>,
    /// When a moderator last published it or sent it back (`reviewer_id` says who).
    pub reviewed_at: Option<DateTimeUtc>,
}

impl Model {
    /// The keywords, in the order the author gave them.
    pub fn keyword_list(&self) -> Vec<String> {
        self.keywords
            .split('|')
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// The evidence of a practice: what was measured, from where to where.
#[derive(
    Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize, FromJsonQueryResult,
)]
pub struct Indicators(pub Vec<PracticeIndicator>);

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PracticeIndicator {
    pub name: String,
    pub unit: String,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub achieved: Option<f64>,
    /// Where the figure comes from (a monitoring report, an evaluation).
    pub source: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
