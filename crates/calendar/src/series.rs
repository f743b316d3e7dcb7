//! Meeting series as calendar programs expect them (RFC 5545 §3.8.5, RFC 5546 §3.2): one VEVENT with the RRULE in the
//! series' time zone, EXDATE for the occurrences cancelled, and one VEVENT with the same UID and a RECURRENCE-ID for
//! each occurrence that no longer matches the rule (moved, retitled, elsewhere).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ical::parser::ical::component::{IcalCalendar, IcalEvent};

use crate::recurrence::Rule;
use crate::zone::vtimezone;
use crate::{Attendee, Clock, MeetingEvent, Method, Party, address, calendar_head, emit, vevent};

/// A series with what its calendar needs.
#[derive(Debug, Clone)]
pub struct SeriesEvent {
    /// The series as a whole: its UID and SEQUENCE, and the title, place and times (those of the first occurrence
    /// as the rule places it) that every occurrence has unless it says otherwise.
    pub master: MeetingEvent,
    pub zone: Tz,
    pub rule: Rule,
    /// The rule's starts of the occurrences that were cancelled or taken out.
    pub excluded: Vec<DateTime<Utc>>,
    /// The occurrences that differ from the rule.
    pub overrides: Vec<Override>,
}

/// One occurrence that differs from what the rule says, named by the start the rule gave it.
#[derive(Debug, Clone)]
pub struct Override {
    pub recurrence_id: DateTime<Utc>,
    pub event: MeetingEvent,
}

/// The whole series to one attendee: a REQUEST (first invitation and every change) or a CANCEL (the series ends).
pub fn series_invitation(
    method: Method,
    series: &SeriesEvent,
    organizer: &Party,
    attendee: &Attendee,
    now: DateTime<Utc>,
) -> String {
    let mut calendar = calendar_head(Some(method));
    add_zone(&mut calendar, std::slice::from_ref(series));
    let cancelled = method == Method::Cancel;
    let mut events = vec![master(series, now, cancelled)];
    if !cancelled {
        events.extend(overrides(series, now));
    }
    for mut event in events {
        address(&mut event, method, organizer, attendee);
        calendar.events.push(event);
    }
    emit(&calendar)
}

/// One occurrence to one attendee (RFC 5546 §3.2.2.5 / §3.2.5): invited to that occurrence only, or withdrawn from it.
pub fn occurrence_invitation(
    method: Method,
    series: &SeriesEvent,
    occurrence: &Override,
    organizer: &Party,
    attendee: &Attendee,
    now: DateTime<Utc>,
) -> String {
    let mut calendar = calendar_head(Some(method));
    add_zone(&mut calendar, std::slice::from_ref(series));
    let mut event = occurrence_event(series, occurrence, now, method == Method::Cancel);
    address(&mut event, method, organizer, attendee);
    calendar.events.push(event);
    emit(&calendar)
}

/// Adds each series to a feed, with one VTIMEZONE per zone they use.
pub(crate) fn add_to_feed(calendar: &mut IcalCalendar, series: &[SeriesEvent], now: DateTime<Utc>) {
    add_zone(calendar, series);
    for one in series {
        calendar.events.push(master(one, now, one.master.cancelled));
        if !one.master.cancelled {
            calendar.events.extend(overrides(one, now));
        }
    }
}

fn master(series: &SeriesEvent, now: DateTime<Utc>, cancelled: bool) -> IcalEvent {
    let clock = Clock::Zone(series.zone);
    let mut event = vevent(&series.master, now, cancelled, clock);
    event
        .properties
        .push(crate::property("RRULE", &series.rule.to_rrule()));
    if !series.excluded.is_empty() && !cancelled {
        let mut excluded = series.excluded.clone();
        excluded.sort();
        excluded.dedup();
        let local: Vec<String> = excluded
            .iter()
            .map(|start| {
                start
                    .with_timezone(&series.zone)
                    .format("%Y%m%dT%H%M%S")
                    .to_string()
            })
            .collect();
        event.properties.push(crate::property_with(
            "EXDATE",
            vec![("TZID", series.zone.name().to_owned())],
            &local.join(","),
        ));
    }
    event
}

fn overrides(series: &SeriesEvent, now: DateTime<Utc>) -> Vec<IcalEvent> {
    series
        .overrides
        .iter()
        .map(|occurrence| occurrence_event(series, occurrence, now, false))
        .collect()
}

fn occurrence_event(
    series: &SeriesEvent,
    occurrence: &Override,
    now: DateTime<Utc>,
    cancelled: bool,
) -> IcalEvent {
    let clock = Clock::Zone(series.zone);
    let mut own = occurrence.event.clone();
    own.uid = series.master.uid.clone();
    own.sequence = series.master.sequence;
    let mut event = vevent(&own, now, cancelled, clock);
    // RECURRENCE-ID comes right after UID, where readers look for it first.
    event
        .properties
        .insert(1, clock.property("RECURRENCE-ID", occurrence.recurrence_id));
    event
}

/// One VTIMEZONE per zone, covering every time the series write in it.
fn add_zone(calendar: &mut IcalCalendar, series: &[SeriesEvent]) {
    let mut spans: BTreeMap<&str, (Tz, DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    for one in series {
        let mut instants = vec![one.master.starts_at, one.master.ends_at];
        instants.extend(one.excluded.iter().copied());
        for occurrence in &one.overrides {
            instants.extend([
                occurrence.recurrence_id,
                occurrence.event.starts_at,
                occurrence.event.ends_at,
            ]);
        }
        let first = one.master.starts_at.with_timezone(&one.zone).naive_local();
        if let Ok(starts) = one.rule.expand(first, one.zone) {
            instants.extend(starts.last().copied());
        }
        let (Some(low), Some(high)) = (instants.iter().min(), instants.iter().max()) else {
            continue;
        };
        let entry = spans
            .entry(one.zone.name())
            .or_insert((one.zone, *low, *high));
        entry.1 = entry.1.min(*low);
        entry.2 = entry.2.max(*high);
    }
    for (_, (zone, low, high)) in spans {
        calendar.timezones.push(vtimezone(zone, low, high));
    }
}
