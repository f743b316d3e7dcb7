//! Wall-clock times as forms send them, in a meeting's IANA time zone, and the bounds a meeting's times obey.

#[allow(unused_imports)]
use super::*;
use crate::Reason;

/// Parses a wall-clock time as typed in a form: `YYYY-MM-DDTHH:MM` (seconds optional).
pub fn parse_local(text: &str, field: &str) -> ServiceResult<NaiveDateTime> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| {
            ServiceError::validation(
                field,
                Reason::NotADateTime,
                format!("'{text}' is not a date and time like 2026-03-29T10:00"),
            )
        })
}

/// A wall-clock time in `zone` as an instant; a time skipped by a daylight-saving change is refused, a repeated one means its first occurrence.
pub fn to_utc(
    local: NaiveDateTime,
    zone: TimeZoneName,
    field: &str,
) -> ServiceResult<DateTime<Utc>> {
    match zone.tz().from_local_datetime(&local) {
        LocalResult::Single(time) => Ok(time.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(ServiceError::validation(
            field,
            Reason::NoSuchLocalTime,
            format!(
                "{local} does not exist in {}: the clocks skip it",
                zone.name()
            ),
        )),
    }
}

pub(super) fn check_times(
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    multi_day: bool,
    allow_past: bool,
) -> ServiceResult<()> {
    if ends_at <= starts_at {
        return Err(ServiceError::validation(
            "end",
            Reason::EndBeforeStart,
            "must be after the start",
        ));
    }
    if !multi_day && ends_at - starts_at > Duration::hours(24) {
        return Err(ServiceError::validation(
            "end",
            Reason::LongerThanADay,
            "a meeting longer than a day must be marked multi-day",
        ));
    }
    if starts_at < Utc::now() && !allow_past {
        return Err(ServiceError::validation(
            "start",
            Reason::InThePast,
            "is in the past: pass allowPast to record a past meeting",
        ));
    }
    Ok(())
}

pub(super) fn parse_url(raw: Option<&str>, field: &str) -> ServiceResult<Option<String>> {
    let url = OptionalText::parse(raw, 1_000).field(field)?;
    if url
        .as_deref()
        .is_some_and(|u| !(u.starts_with("https://") || u.starts_with("http://")))
    {
        return Err(ServiceError::validation(
            field,
            Reason::NotAUrl,
            "must start with https:// or http://",
        ));
    }
    Ok(url)
}
