//! Series of recurring meetings: their rule and occurrences, created, scheduled, changed and cancelled as a whole
//! or from one occurrence on.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use tavolo_domain::{RecurrencePattern, SeriesStatus, Weekday};
use tavolo_service::meetings::{RecurrenceInput, SeriesChange, series_rule, weekdays_of};
use tavolo_store::entity::meeting_series;

use crate::error::parse_id;
use crate::loaders::{OccurrencesOfSeries, TableKey};
use crate::meetings::{Meeting, MeetingFields};
use crate::tables::Table;
use crate::{ApiResult, loader, parts};

/// A series of recurring meetings of a table; each occurrence is a meeting of its own.
pub struct MeetingSeries(pub meeting_series::Model);

#[Object]
impl MeetingSeries {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn place(&self) -> Option<&str> {
        self.0.place.as_deref()
    }
    async fn online_url(&self) -> Option<&str> {
        self.0.online_url.as_deref()
    }
    /// IANA time zone the rule is kept in: occurrences keep their wall-clock time across daylight-saving changes.
    async fn time_zone(&self) -> &str {
        self.0.time_zone.name()
    }
    async fn status(&self) -> SeriesStatus {
        self.0.status
    }
    async fn pattern(&self) -> RecurrencePattern {
        self.0.pattern
    }
    /// Every how many weeks or months.
    async fn interval(&self) -> i32 {
        self.0.interval
    }
    /// For a weekly series: its weekdays, Monday first.
    async fn weekdays(&self) -> Vec<Weekday> {
        weekdays_of(self.0.weekdays)
            .into_iter()
            .filter_map(|day| {
                Weekday::ALL
                    .get(day.num_days_from_monday() as usize)
                    .copied()
            })
            .collect()
    }
    /// The last date an occurrence may fall on (`YYYY-MM-DD` in the series' time zone), when the series ends by date.
    async fn until(&self) -> Option<String> {
        self.0.until_at.map(|until| {
            until
                .with_timezone(&self.0.time_zone.tz())
                .format("%Y-%m-%d")
                .to_string()
        })
    }
    /// How many occurrences, when the series ends by count.
    async fn count(&self) -> Option<i32> {
        self.0.occurrence_count
    }
    /// The first occurrence's start as the rule places it.
    async fn first_starts_at(&self) -> DateTime<Utc> {
        self.0.first_starts_at
    }
    /// Wall-clock start of the occurrences, `HH:MM`.
    async fn start_time(&self) -> String {
        self.0
            .first_starts_at
            .with_timezone(&self.0.time_zone.tz())
            .format("%H:%M")
            .to_string()
    }
    /// Wall-clock end of the occurrences, `HH:MM`.
    async fn end_time(&self) -> String {
        (self.0.first_starts_at + chrono::Duration::minutes(i64::from(self.0.duration_minutes)))
            .with_timezone(&self.0.time_zone.tz())
            .format("%H:%M")
            .to_string()
    }
    /// The rule as iCalendar writes it (RRULE), as calendar programs receive it.
    async fn rrule(&self) -> ApiResult<String> {
        Ok(series_rule(&self.0)?.to_rrule())
    }
    /// iCalendar UID of the series' one recurring calendar entry.
    async fn calendar_uid(&self) -> &str {
        &self.0.calendar_uid
    }
    async fn cancel_reason(&self) -> Option<&str> {
        self.0.cancel_reason.as_deref()
    }
    async fn table(&self, ctx: &Context<'_>) -> ApiResult<Option<Table>> {
        Ok(loader(ctx)?
            .load_one(TableKey(self.0.table_id))
            .await?
            .map(Table))
    }
    /// The occurrences the caller may see, in the rule's order (at most 500).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn occurrences(&self, ctx: &Context<'_>) -> ApiResult<Vec<Meeting>> {
        Ok(loader(ctx)?
            .load_one(OccurrencesOfSeries(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Meeting)
            .collect())
    }
}

/// How a series repeats. Give `until` or `count`.
#[derive(InputObject)]
pub struct RecurrenceFields {
    pattern: RecurrencePattern,
    /// Every how many weeks or months (1–12, default 1).
    interval: Option<i32>,
    /// For a weekly series: its weekdays, the first meeting's among them (default: the first meeting's weekday).
    #[graphql(default)]
    weekdays: Vec<Weekday>,
    /// The last date an occurrence may fall on, `YYYY-MM-DD` in the series' time zone.
    until: Option<String>,
    /// How many occurrences (1–500).
    count: Option<i32>,
}

impl From<RecurrenceFields> for RecurrenceInput {
    fn from(f: RecurrenceFields) -> Self {
        Self {
            pattern: f.pattern,
            interval: f.interval,
            weekdays: f.weekdays,
            until: f.until,
            count: f.count,
        }
    }
}

/// A change of a series; absent fields stay as they are. Times are wall-clock `HH:MM` in the series' time zone.
#[derive(InputObject)]
pub struct SeriesFields {
    title: Option<String>,
    description: Option<String>,
    place: Option<String>,
    online_url: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
}

impl From<SeriesFields> for SeriesChange {
    fn from(f: SeriesFields) -> Self {
        Self {
            title: f.title,
            description: f.description,
            place: f.place,
            online_url: f.online_url,
            start_time: f.start_time,
            end_time: f.end_time,
        }
    }
}

#[derive(Default)]
pub struct SeriesQuery;

#[Object]
impl SeriesQuery {
    /// A series the caller may see (one of its occurrences is visible to them).
    async fn meeting_series(&self, ctx: &Context<'_>, id: ID) -> ApiResult<MeetingSeries> {
        let (services, actor) = parts(ctx)?;
        Ok(MeetingSeries(
            services
                .meetings()
                .series(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }
}

#[derive(Default)]
pub struct SeriesMutation;

#[Object]
impl SeriesMutation {
    /// Creates a draft series: one draft meeting per occurrence of the rule (at most 500), each with the table's
    /// usual invitations. `input` is the first meeting.
    async fn create_meeting_series(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        input: MeetingFields,
        recurrence: RecurrenceFields,
        #[graphql(default = false)] invite_substitutes: bool,
    ) -> ApiResult<MeetingSeries> {
        let (services, actor) = parts(ctx)?;
        Ok(MeetingSeries(
            services
                .meetings()
                .create_series(
                    actor,
                    parse_id(&table_id, "tableId")?,
                    input.into(),
                    recurrence.into(),
                    invite_substitutes,
                )
                .await?,
        ))
    }

    /// Schedules every occurrence; each invitee receives the series as one calendar entry.
    async fn schedule_meeting_series(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default = false)] allow_past: bool,
    ) -> ApiResult<MeetingSeries> {
        let (services, actor) = parts(ctx)?;
        Ok(MeetingSeries(
            services
                .meetings()
                .schedule_series(actor, parse_id(&id, "id")?, allow_past)
                .await?,
        ))
    }

    /// Changes the occurrences still to come: all of them, or from `fromMeetingId` on ("this and following", which
    /// then becomes a series of its own, returned).
    async fn update_meeting_series(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: SeriesFields,
        from_meeting_id: Option<ID>,
    ) -> ApiResult<MeetingSeries> {
        let (services, actor) = parts(ctx)?;
        let from = from_meeting(from_meeting_id)?;
        Ok(MeetingSeries(
            services
                .meetings()
                .update_series(actor, parse_id(&id, "id")?, input.into(), from)
                .await?,
        ))
    }

    /// Cancels the occurrences still to come: all of them (the series is cancelled), or from `fromMeetingId` on
    /// (the series ends before it).
    async fn cancel_meeting_series(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
        from_meeting_id: Option<ID>,
    ) -> ApiResult<MeetingSeries> {
        let (services, actor) = parts(ctx)?;
        let from = from_meeting(from_meeting_id)?;
        Ok(MeetingSeries(
            services
                .meetings()
                .cancel_series(actor, parse_id(&id, "id")?, &reason, from)
                .await?,
        ))
    }
}

/// The occurrence a "this and following" operation starts at, if one is named.
fn from_meeting(id: Option<ID>) -> ApiResult<Option<i64>> {
    id.map(|id| parse_id(&id, "fromMeetingId")).transpose()
}
