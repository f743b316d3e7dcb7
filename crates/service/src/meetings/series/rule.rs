//! A series' repeat as the caller sends it, checked and turned into the calendar's rule, and the stored rule read back.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use tavolo_calendar::recurrence::{self, End, Pattern, RecurrenceError, Rule};
use tavolo_domain::{RecurrencePattern, TimeZoneName, Weekday};
use tavolo_store::entity::meeting_series;

use crate::{Reason, ServiceError, ServiceResult};

/// Every how many weeks or months at most.
pub const MAX_INTERVAL: i32 = 12;

/// How a series repeats, as a form sends it.
#[derive(Debug, Clone)]
pub struct RecurrenceInput {
    pub pattern: RecurrencePattern,
    /// Every how many weeks or months; 1 when absent.
    pub interval: Option<i32>,
    /// For a weekly series: the weekdays, the first meeting's among them; its weekday alone when empty.
    pub weekdays: Vec<Weekday>,
    /// The last date an occurrence may fall on (`YYYY-MM-DD`, in the series' time zone); or:
    pub until: Option<String>,
    /// How many occurrences.
    pub count: Option<i32>,
}

/// The rule with the columns that store it.
pub(super) struct CheckedRule {
    pub rule: Rule,
    pub weekdays: i32,
}

/// Checks a repeat against the first meeting's wall-clock start.
pub(super) fn check(
    input: &RecurrenceInput,
    first: NaiveDateTime,
    zone: TimeZoneName,
) -> ServiceResult<CheckedRule> {
    let interval = input.interval.unwrap_or(1);
    if !(1..=MAX_INTERVAL).contains(&interval) {
        return Err(ServiceError::out_of_range(
            "recurrence.interval",
            1,
            MAX_INTERVAL,
        ));
    }
    let end = match (&input.until, input.count) {
        (Some(_), Some(_)) => {
            return Err(ServiceError::validation(
                "recurrence.count",
                Reason::Malformed,
                "give either an end date or a number of meetings, not both",
            ));
        }
        (None, None) => return Err(ServiceError::required("recurrence.until")),
        (None, Some(count)) => {
            let max = recurrence::MAX_OCCURRENCES as i32;
            if !(1..=max).contains(&count) {
                return Err(ServiceError::out_of_range("recurrence.count", 1, max));
            }
            End::Count(count as u32)
        }
        (Some(text), None) => End::Until(until_of(text, zone)?),
    };
    if input.weekdays.len() > 7 {
        return Err(ServiceError::too_many("recurrence.weekdays", 7, "weekdays"));
    }
    let day = first.date();
    let pattern = match input.pattern {
        RecurrencePattern::Weekly => {
            let mut weekdays: Vec<chrono::Weekday> =
                input.weekdays.iter().map(|d| d.chrono()).collect();
            if weekdays.is_empty() {
                weekdays.push(day.weekday());
            }
            if !weekdays.contains(&day.weekday()) {
                return Err(not_on_pattern(
                    "the first meeting's weekday is not among the weekdays",
                ));
            }
            Pattern::Weekly { weekdays }
        }
        RecurrencePattern::MonthlyOnDay => Pattern::MonthlyOnDay { day: day.day() },
        RecurrencePattern::MonthlyOnWeekday => {
            let ordinal = (day.day() - 1) / 7 + 1;
            if ordinal > 4 {
                return Err(not_on_pattern(
                    "the first meeting falls on a fifth weekday, which most months lack: repeat on the last one",
                ));
            }
            Pattern::MonthlyOnWeekday {
                ordinal: ordinal as i8,
                weekday: day.weekday(),
            }
        }
        RecurrencePattern::MonthlyOnLastWeekday => {
            let last = recurrence::nth_weekday(day.year(), day.month(), -1, day.weekday());
            if last != Some(day) {
                return Err(not_on_pattern(
                    "the first meeting is not on the last such weekday of its month",
                ));
            }
            Pattern::MonthlyOnWeekday {
                ordinal: -1,
                weekday: day.weekday(),
            }
        }
    };
    let weekdays = match &pattern {
        Pattern::Weekly { weekdays } => weekday_bits(weekdays),
        _ => 0,
    };
    Ok(CheckedRule {
        rule: Rule {
            pattern,
            interval: interval as u32,
            end,
        },
        weekdays,
    })
}

/// The occurrences' starts, every refusal of the calendar's expansion put in the caller's words.
pub(super) fn expand(
    rule: &Rule,
    first: NaiveDateTime,
    zone: TimeZoneName,
) -> ServiceResult<Vec<DateTime<Utc>>> {
    rule.expand(first, zone.tz()).map_err(|e| match e {
        RecurrenceError::NoOccurrence => ServiceError::validation(
            "recurrence.until",
            Reason::NoOccurrence,
            "the repeat ends before the first meeting",
        ),
        RecurrenceError::TooMany => ServiceError::too_many(
            "recurrence",
            recurrence::MAX_OCCURRENCES as u64,
            "meetings in a series",
        ),
        RecurrenceError::NoSuchLocalTime(local) => ServiceError::validation(
            "start",
            Reason::NoSuchLocalTime,
            format!(
                "{local} does not exist in {}: the clocks skip it",
                zone.name()
            ),
        ),
    })
}

/// The stored rule of a series.
pub fn stored(series: &meeting_series::Model) -> ServiceResult<Rule> {
    let corrupt = || ServiceError::Internal(format!("series {} has an unreadable rule", series.id));
    let pattern = series.pattern;
    let zone = series.time_zone;
    let first = series
        .first_starts_at
        .with_timezone(&zone.tz())
        .date_naive();
    let pattern = match pattern {
        RecurrencePattern::Weekly => Pattern::Weekly {
            weekdays: weekdays_of(series.weekdays),
        },
        RecurrencePattern::MonthlyOnDay => Pattern::MonthlyOnDay { day: first.day() },
        RecurrencePattern::MonthlyOnWeekday => Pattern::MonthlyOnWeekday {
            ordinal: ((first.day() - 1) / 7 + 1) as i8,
            weekday: first.weekday(),
        },
        RecurrencePattern::MonthlyOnLastWeekday => Pattern::MonthlyOnWeekday {
            ordinal: -1,
            weekday: first.weekday(),
        },
    };
    let end = match (series.until_at, series.occurrence_count) {
        (Some(until), _) => End::Until(until),
        (None, Some(count)) => End::Count(u32::try_from(count).map_err(|_| corrupt())?),
        (None, None) => return Err(corrupt()),
    };
    Ok(Rule {
        pattern,
        interval: u32::try_from(series.interval).map_err(|_| corrupt())?,
        end,
    })
}

/// The weekdays a weekly series falls on, Monday first.
pub fn weekdays_of(bits: i32) -> Vec<chrono::Weekday> {
    (0..7)
        .filter(|bit| bits & (1 << bit) != 0)
        .filter_map(|bit| chrono::Weekday::try_from(bit as u8).ok())
        .collect()
}

fn weekday_bits(weekdays: &[chrono::Weekday]) -> i32 {
    weekdays
        .iter()
        .fold(0, |bits, day| bits | (1 << day.num_days_from_monday()))
}

/// The end of the given day in the series' zone: a meeting that day still belongs to the series.
fn until_of(text: &str, zone: TimeZoneName) -> ServiceResult<DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        ServiceError::validation(
            "recurrence.until",
            Reason::NotADateTime,
            format!("'{}' is not a date like 2027-06-30", text.trim()),
        )
    })?;
    let end_of_day = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
    recurrence::instant_of(end_of_day, zone.tz()).map_err(|_| {
        ServiceError::validation(
            "recurrence.until",
            Reason::NoSuchLocalTime,
            "the day's end does not exist",
        )
    })
}

fn not_on_pattern(message: &str) -> ServiceError {
    ServiceError::validation("start", Reason::NotOnPattern, message)
}
