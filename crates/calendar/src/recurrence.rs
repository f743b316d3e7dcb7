//! Recurrence rules of meeting series (RFC 5545 RRULE, the subset tables use: weekly on some weekdays, monthly on a
//! day of the month or on the n-th or last weekday, until an instant or for a count) and their expansion into
//! instants in the series' time zone, right across daylight-saving changes.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// At most this many occurrences in one series: past it a rule is refused rather than cut short.
pub const MAX_OCCURRENCES: usize = 500;

/// Which days a series falls on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// Every `interval` weeks (weeks start on Monday), on these weekdays.
    Weekly { weekdays: Vec<chrono::Weekday> },
    /// Every `interval` months on this day of the month; months without it (the 31st in April) are skipped.
    MonthlyOnDay { day: u32 },
    /// Every `interval` months on the `ordinal`-th `weekday` (1–4), or the last one (`-1`).
    MonthlyOnWeekday {
        ordinal: i8,
        weekday: chrono::Weekday,
    },
}

/// When a series ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The last occurrence starts no later than this instant.
    Until(DateTime<Utc>),
    /// After this many occurrences.
    Count(u32),
}

/// A recurrence rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub pattern: Pattern,
    /// Every how many weeks or months (1 = every one).
    pub interval: u32,
    pub end: End,
}

/// Why a rule yields no usable list of occurrences.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecurrenceError {
    #[error("the rule yields no occurrence")]
    NoOccurrence,
    #[error("the rule yields more than {MAX_OCCURRENCES} occurrences")]
    TooMany,
    #[error("{0} does not exist in the series' time zone: the clocks skip it")]
    NoSuchLocalTime(NaiveDateTime),
}

impl Rule {
    /// The RRULE value. UNTIL is in UTC, as RFC 5545 requires beside a DTSTART with a TZID.
    pub fn to_rrule(&self) -> String {
        let mut parts = Vec::new();
        match &self.pattern {
            Pattern::Weekly { weekdays } => {
                parts.push("FREQ=WEEKLY".to_owned());
                let days: Vec<&str> = sorted(weekdays).into_iter().map(day_code).collect();
                parts.push(format!("BYDAY={}", days.join(",")));
                parts.push("WKST=MO".to_owned());
            }
            Pattern::MonthlyOnDay { day } => {
                parts.push("FREQ=MONTHLY".to_owned());
                parts.push(format!("BYMONTHDAY={day}"));
            }
            Pattern::MonthlyOnWeekday { ordinal, weekday } => {
                parts.push("FREQ=MONTHLY".to_owned());
                parts.push(format!("BYDAY={ordinal}{}", day_code(*weekday)));
            }
        }
        if self.interval > 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        parts.push(match self.end {
            End::Until(until) => format!("UNTIL={}", until.format("%Y%m%dT%H%M%SZ")),
            End::Count(count) => format!("COUNT={count}"),
        });
        parts.join(";")
    }

    /// Every occurrence's start, the first at `first` (a wall-clock time in `zone`, which the rule must match): a time
    /// the clocks repeat means its first instant, a time they skip is an error naming it.
    pub fn expand(
        &self,
        first: NaiveDateTime,
        zone: Tz,
    ) -> Result<Vec<DateTime<Utc>>, RecurrenceError> {
        let mut starts = Vec::new();
        for local in self.local_dates(first.date()) {
            let local = local.and_time(first.time());
            let instant = instant_of(local, zone)?;
            if let End::Until(until) = self.end
                && instant > until
            {
                break;
            }
            if starts.len() == MAX_OCCURRENCES {
                return Err(RecurrenceError::TooMany);
            }
            starts.push(instant);
            if let End::Count(count) = self.end
                && starts.len() >= count as usize
            {
                break;
            }
        }
        if starts.is_empty() {
            return Err(RecurrenceError::NoOccurrence);
        }
        Ok(starts)
    }

    /// The candidate days from `first` on, in order; ends on its own only far past any series' bound.
    fn local_dates(&self, first: NaiveDate) -> Box<dyn Iterator<Item = NaiveDate> + '_> {
        let interval = self.interval.max(1);
        // 500 occurrences every 12 months (or weeks) span under 500 × 12 steps: the bound keeps a rule that never
        // matches from looping.
        let steps = (MAX_OCCURRENCES as u32 + 1) * interval.max(1) * 2;
        match &self.pattern {
            Pattern::Weekly { weekdays } => {
                let days = sorted(weekdays);
                let monday =
                    first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
                Box::new(
                    (0..steps)
                        .step_by(interval as usize)
                        .flat_map(move |week| {
                            let days = days.clone();
                            days.into_iter().map(move |day| {
                                monday
                                    + Duration::weeks(i64::from(week))
                                    + Duration::days(i64::from(day.num_days_from_monday()))
                            })
                        })
                        .filter(move |date| *date >= first),
                )
            }
            Pattern::MonthlyOnDay { day } => {
                let day = *day;
                Box::new(
                    months_from(first, steps, interval)
                        .filter_map(move |(year, month)| NaiveDate::from_ymd_opt(year, month, day))
                        .filter(move |date| *date >= first),
                )
            }
            Pattern::MonthlyOnWeekday { ordinal, weekday } => {
                let (ordinal, weekday) = (*ordinal, *weekday);
                Box::new(
                    months_from(first, steps, interval)
                        .filter_map(move |(year, month)| nth_weekday(year, month, ordinal, weekday))
                        .filter(move |date| *date >= first),
                )
            }
        }
    }
}

/// The `ordinal`-th `weekday` of a month (`-1`: the last), if the month has one.
pub fn nth_weekday(
    year: i32,
    month: u32,
    ordinal: i8,
    weekday: chrono::Weekday,
) -> Option<NaiveDate> {
    if ordinal == -1 {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        let last = next.pred_opt()?;
        let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return Some(last - Duration::days(i64::from(back)));
    }
    let ordinal = u8::try_from(ordinal).ok().filter(|o| (1..=5).contains(o))?;
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, ordinal)
}

fn months_from(first: NaiveDate, steps: u32, interval: u32) -> impl Iterator<Item = (i32, u32)> {
    let start = first.year() * 12 + first.month0() as i32;
    (0..steps)
        .step_by(interval.max(1) as usize)
        .map(move |step| {
            let index = start + step as i32;
            (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
        })
}

/// A wall-clock time in `zone` as an instant: the first of a repeated hour, an error for a skipped one.
pub fn instant_of(local: NaiveDateTime, zone: Tz) -> Result<DateTime<Utc>, RecurrenceError> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(time) | LocalResult::Ambiguous(time, _) => Ok(time.with_timezone(&Utc)),
        LocalResult::None => Err(RecurrenceError::NoSuchLocalTime(local)),
    }
}

fn sorted(weekdays: &[chrono::Weekday]) -> Vec<chrono::Weekday> {
    let mut days = weekdays.to_vec();
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    days
}

fn day_code(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "MO",
        chrono::Weekday::Tue => "TU",
        chrono::Weekday::Wed => "WE",
        chrono::Weekday::Thu => "TH",
        chrono::Weekday::Fri => "FR",
        chrono::Weekday::Sat => "SA",
        chrono::Weekday::Sun => "SU",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday::{Thu, Tue};

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap_or_default()
    }

    #[test]
    fn weekly_keeps_the_wall_clock_across_daylight_saving() -> Result<(), RecurrenceError> {
        let rule = Rule {
            pattern: Pattern::Weekly {
                weekdays: vec![Tue],
            },
            interval: 1,
            end: End::Count(3),
        };
        let starts = rule.expand(local("2027-03-23T10:00"), chrono_tz::Europe::Rome)?;
        let text: Vec<String> = starts.iter().map(|s| s.to_rfc3339()).collect();
        assert_eq!(
            text,
            [
                "2027-03-23T09:00:00+00:00",
                "2027-03-30T08:00:00+00:00",
                "2027-04-06T08:00:00+00:00"
            ]
        );
        assert_eq!(rule.to_rrule(), "FREQ=WEEKLY;BYDAY=TU;WKST=MO;COUNT=3");
        Ok(())
    }

    #[test]
    fn monthly_on_the_first_tuesday_and_on_the_31st() -> Result<(), RecurrenceError> {
        let first_tuesday = Rule {
            pattern: Pattern::MonthlyOnWeekday {
                ordinal: 1,
                weekday: Tue,
            },
            interval: 1,
            end: End::Count(3),
        };
        let starts = first_tuesday.expand(local("2027-01-05T15:00"), chrono_tz::Europe::Rome)?;
        let days: Vec<u32> = starts.iter().map(|s| s.day()).collect();
        assert_eq!(days, [5, 2, 2]);
        let on_31 = Rule {
            pattern: Pattern::MonthlyOnDay { day: 31 },
            interval: 1,
            end: End::Count(3),
        };
        let months: Vec<u32> = on_31
            .expand(local("2027-01-31T09:00"), chrono_tz::Europe::Rome)?
            .iter()
            .map(|s| s.month())
            .collect();
        assert_eq!(months, [1, 3, 5]);
        let last_thursday = nth_weekday(2027, 9, -1, Thu);
        assert_eq!(last_thursday, NaiveDate::from_ymd_opt(2027, 9, 30));
        Ok(())
    }

    #[test]
    fn bounds_are_errors() {
        let weekly = |end| Rule {
            pattern: Pattern::Weekly {
                weekdays: vec![Tue],
            },
            interval: 1,
            end,
        };
        let first = local("2027-01-05T10:00");
        let rome = chrono_tz::Europe::Rome;
        assert_eq!(
            weekly(End::Count(501)).expand(first, rome),
            Err(RecurrenceError::TooMany)
        );
        assert_eq!(
            weekly(End::Count(500)).expand(first, rome).map(|s| s.len()),
            Ok(500)
        );
        let before = Utc
            .with_ymd_and_hms(2027, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(
            weekly(End::Until(before)).expand(first, rome),
            Err(RecurrenceError::NoOccurrence)
        );
        let skipped = Rule {
            pattern: Pattern::Weekly {
                weekdays: vec![chrono::Weekday::Sun],
            },
            interval: 1,
            end: End::Count(20),
        };
        assert_eq!(
            skipped.expand(local("2027-03-07T02:30"), rome),
            Err(RecurrenceError::NoSuchLocalTime(local("2027-03-28T02:30")))
        );
    }
}
