//! A person's place in a course: enrolled, waiting for a place, or withdrawn; and the organization they came from.

use sea_orm::entity::prelude::*;
use tavolo_domain::EnrolmentStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_enrolments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: i64,
    pub person_id: i64,
    /// The person's organization when they enrolled: hours are counted for it even if they move on.
    pub organization_id: Option<i64>,
    pub status: EnrolmentStatus,
    /// Who enrolled them: themselves, their organization's delegate or the secretariat.
    pub enrolled_by: i64,
    /// When the place was asked for: the waiting list's order.
    pub requested_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
