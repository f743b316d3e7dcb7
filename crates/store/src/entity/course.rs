//! A training course of a table: places, enrolment deadline and the share of hours that earns a certificate.

use sea_orm::entity::prelude::*;
use tavolo_domain::CourseAudience;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The table whose secretariat runs the course.
    pub table_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub audience: CourseAudience,
    /// Enrolments beyond this wait for a place; none means no limit.
    pub places: Option<i32>,
    pub enrolment_deadline: Option<DateTimeUtc>,
    /// Percent of the course's hours a person must attend for a certificate.
    pub certificate_share: i32,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
