//! The minutes of one meeting: status, optimistic-lock version and approval.

use sea_orm::entity::prelude::*;
use tavolo_domain::{ApprovalMethod, MinutesStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    pub status: MinutesStatus,
    pub version: i32,
    pub approved_at: Option<DateTimeUtc>,
    pub approved_by: Option<i64>,
    pub approval_method: Option<ApprovalMethod>,
    pub approval_note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
