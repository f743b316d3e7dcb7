//! A message waiting to be sent, being sent, sent or given up on.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// invitation, update, cancellation, reminder, notification
    pub kind: String,
    pub meeting_id: Option<i64>,
    pub invitation_id: Option<i64>,
    pub recipient_email: String,
    pub recipient_name: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body_text: String,
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub calendar: Option<String>,
    pub calendar_method: Option<String>,
    /// queued, sent or failed
    pub status: String,
    pub attempts: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub next_attempt_at: DateTimeUtc,
    /// A sender's lease: another process leaves the message alone until it expires.
    pub locked_until: Option<DateTimeUtc>,
    pub locked_by: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
