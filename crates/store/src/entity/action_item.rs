//! A follow-up action from a meeting, living on after it.

use sea_orm::entity::prelude::*;
use tavolo_domain::ActionItemStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "action_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub table_id: i64,
    pub meeting_id: i64,
    pub decision_id: Option<i64>,
    pub title: String,
    pub assignee_person_id: Option<i64>,
    pub assignee_organization_id: Option<i64>,
    pub due_date: Option<Date>,
    pub status: ActionItemStatus,
    /// When the "due soon" notice went to the assignee.
    pub due_notice_sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
