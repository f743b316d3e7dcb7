//! A meeting of a table; times are UTC instants, shown in `time_zone`.

use sea_orm::entity::prelude::*;
use tavolo_domain::{MeetingStatus, TimeZoneName};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub table_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub time_zone: TimeZoneName,
    pub multi_day: bool,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub status: MeetingStatus,
    pub cancel_reason: Option<String>,
    pub calendar_uid: String,
    /// iCalendar SEQUENCE: raised whenever time, place or link change.
    pub sequence: i32,
    /// Optimistic lock of the agenda: raised on every agenda change.
    pub agenda_version: i32,
    pub reminders_enabled: bool,
    pub reminder_hours: i32,
    pub reminder_note: Option<String>,
    pub reminder_sent_at: Option<DateTimeUtc>,
    /// The series this meeting is an occurrence of.
    pub series_id: Option<i64>,
    /// For an occurrence: the start its series' rule gave it (iCalendar RECURRENCE-ID), kept when it is moved.
    pub recurrence_id: Option<DateTimeUtc>,
    /// The course this meeting is a session of.
    pub course_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
