//! A series of recurring meetings: its rule in its time zone, and what its occurrences share unless one says otherwise.

use sea_orm::entity::prelude::*;
use tavolo_domain::{RecurrencePattern, SeriesStatus, TimeZoneName};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_series")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub table_id: i64,
    /// The iCalendar UID of the series' one recurring event.
    pub calendar_uid: String,
    /// iCalendar SEQUENCE of the series: raised on every change calendars must hear of.
    pub sequence: i32,
    /// A `SeriesStatus` code.
    pub status: SeriesStatus,
    pub title: String,
    pub description: Option<String>,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub time_zone: TimeZoneName,
    /// The first occurrence's start as the rule places it (the iCalendar DTSTART).
    pub first_starts_at: DateTimeUtc,
    pub duration_minutes: i32,
    /// A `RecurrencePattern` code.
    pub pattern: RecurrencePattern,
    /// For a weekly pattern: the weekdays, bit 0 Monday … bit 6 Sunday.
    pub weekdays: i32,
    pub interval: i32,
    /// The last occurrence starts no later than this (the RRULE's UNTIL); or:
    pub until_at: Option<DateTimeUtc>,
    /// How many occurrences (the RRULE's COUNT).
    pub occurrence_count: Option<i32>,
    pub cancel_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
