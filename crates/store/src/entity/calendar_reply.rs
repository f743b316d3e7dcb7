//! An answer read from the organizer's mailbox: what it said, and whether it was applied or kept aside and why.

use sea_orm::entity::prelude::*;
use tavolo_domain::{CalendarReplyIssue, CalendarReplyMethod, CalendarReplyOutcome, Rsvp};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_replies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The message's Message-ID, or a digest of its bytes when it has none: a message is handled once.
    pub message_key: String,
    /// The message's From address.
    pub sender: String,
    pub received_at: DateTimeUtc,
    /// A `CalendarReplyMethod` code.
    pub method: CalendarReplyMethod,
    pub uid: Option<String>,
    pub sequence: Option<i32>,
    pub attendee_email: Option<String>,
    /// An `Rsvp` code, when the answer said one.
    pub partstat: Option<Rsvp>,
    pub delegated_to_email: Option<String>,
    pub proposed_starts_at: Option<DateTimeUtc>,
    pub proposed_ends_at: Option<DateTimeUtc>,
    pub comment: Option<String>,
    pub meeting_id: Option<i64>,
    pub invitation_id: Option<i64>,
    /// A `CalendarReplyOutcome` code.
    pub outcome: CalendarReplyOutcome,
    /// A `CalendarReplyIssue` code when kept aside.
    pub issue: Option<CalendarReplyIssue>,
    /// What the parser said of a malformed calendar.
    pub detail: Option<String>,
    /// When whoever runs the table marked a proposal or a kept-aside answer as seen.
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
