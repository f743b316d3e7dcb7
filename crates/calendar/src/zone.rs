//! VTIMEZONE components built from the IANA database: a `TZID` on a time is only as good as the definition beside
//! it (Outlook shifts or rejects one it cannot resolve), so every zoned calendar carries the zone's transitions over
//! the span its events cover.

use chrono::{DateTime, Duration, FixedOffset, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use ical::parser::ical::component::{
    IcalTimeZone, IcalTimeZoneTransition, IcalTimeZoneTransitionType,
};

use crate::property;

/// `zone` over `[from, to]` widened by a year each side: one STANDARD or DAYLIGHT component per change of offset, or
/// one STANDARD for a zone that keeps its offset.
pub fn vtimezone(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> IcalTimeZone {
    let mut vtimezone = IcalTimeZone::new();
    vtimezone.properties.push(property("TZID", zone.name()));
    let start = from - Duration::days(366);
    let end = to + Duration::days(366);
    let mut changes = Vec::new();
    let mut day = start;
    while day < end {
        let next = day + Duration::days(1);
        if offset_at(zone, day) != offset_at(zone, next) {
            changes.push(change_between(zone, day, next));
        }
        day = next;
    }
    if changes.is_empty() {
        let offset = offset_at(zone, from);
        vtimezone.transitions.push(transition(
            zone,
            from,
            IcalTimeZoneTransitionType::STANDARD,
            "19700101T000000".to_owned(),
            offset,
            offset,
        ));
        return vtimezone;
    }
    for instant in changes {
        let before = offset_at(zone, instant - Duration::seconds(1));
        let after = offset_at(zone, instant);
        let kind = if zone
            .offset_from_utc_datetime(&instant.naive_utc())
            .dst_offset()
            > Duration::zero()
        {
            IcalTimeZoneTransitionType::DAYLIGHT
        } else {
            IcalTimeZoneTransitionType::STANDARD
        };
        // The onset is written in the local time that was in force before it, as RFC 5545 says.
        let onset = (instant.naive_utc() + Duration::seconds(i64::from(before.local_minus_utc())))
            .format("%Y%m%dT%H%M%S")
            .to_string();
        vtimezone
            .transitions
            .push(transition(zone, instant, kind, onset, before, after));
    }
    vtimezone
}

fn transition(
    zone: Tz,
    at: DateTime<Utc>,
    kind: IcalTimeZoneTransitionType,
    onset: String,
    from: FixedOffset,
    to: FixedOffset,
) -> IcalTimeZoneTransition {
    let mut component = IcalTimeZoneTransition::new(kind);
    component.properties.push(property("DTSTART", &onset));
    component
        .properties
        .push(property("TZOFFSETFROM", &offset_text(from)));
    component
        .properties
        .push(property("TZOFFSETTO", &offset_text(to)));
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    if let Some(name) = offset.abbreviation() {
        component.properties.push(property("TZNAME", name));
    }
    component
}

fn offset_at(zone: Tz, instant: DateTime<Utc>) -> FixedOffset {
    zone.offset_from_utc_datetime(&instant.naive_utc()).fix()
}

/// The first second at which the offset differs from the one at `low` (known to differ by `high`).
fn change_between(zone: Tz, mut low: DateTime<Utc>, mut high: DateTime<Utc>) -> DateTime<Utc> {
    let initial = offset_at(zone, low);
    while high - low > Duration::seconds(1) {
        let middle = low + (high - low) / 2;
        if offset_at(zone, middle) == initial {
            low = middle;
        } else {
            high = middle;
        }
    }
    high
}

fn offset_text(offset: FixedOffset) -> String {
    let seconds = offset.local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.abs();
    format!("{sign}{:02}{:02}", seconds / 3600, seconds % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rome_changes_on_the_last_sundays_of_march_and_october() {
        let from = Utc
            .with_ymd_and_hms(2027, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let zone = vtimezone(chrono_tz::Europe::Rome, from, from);
        let onsets: Vec<(String, String)> = zone
            .transitions
            .iter()
            .map(|t| {
                let value = |name: &str| {
                    t.properties
                        .iter()
                        .find(|p| p.name == name)
                        .and_then(|p| p.value.clone())
                        .unwrap_or_default()
                };
                (value("DTSTART"), value("TZOFFSETTO"))
            })
            .collect();
        assert!(
            onsets.contains(&("20270328T020000".into(), "+0200".into())),
            "{onsets:?}"
        );
        assert!(
            onsets.contains(&("20271031T030000".into(), "+0100".into())),
            "{onsets:?}"
        );
    }

    #[test]
    fn a_zone_without_changes_has_one_standard_offset() {
        let from = Utc
            .with_ymd_and_hms(2027, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let zone = vtimezone(chrono_tz::Asia::Tokyo, from, from);
        assert_eq!(zone.transitions.len(), 1);
        assert!(
            zone.transitions[0]
                .properties
                .iter()
                .any(|p| p.name == "TZOFFSETTO" && p.value.as_deref() == Some("+0900"))
        );
    }
}
