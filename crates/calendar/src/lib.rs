//! iCalendar for meetings (RFC 5545): invitations and cancellations for iTIP over email (RFC 5546, 6047) and subscription feeds,
//! built on the `ical` crate's data model with an emitter of our own that folds at 75 octets, escapes TEXT and quotes parameters.

pub mod recurrence;
pub mod reply;
mod series;
mod zone;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ical::parser::ical::component::{IcalCalendar, IcalEvent, IcalTimeZoneTransitionType};
use ical::property::Property;

pub use series::{Override, SeriesEvent, occurrence_invitation, series_invitation};

/// What a calendar needs to know about one meeting.
#[derive(Debug, Clone)]
pub struct MeetingEvent {
    /// Stable for the meeting's whole life.
    pub uid: String,
    /// Raised on every change of time, place or link, and on cancellation.
    pub sequence: i32,
    pub title: String,
    /// The agenda and a link back to Tavolo.
    pub description: String,
    /// The place, or the online link when there is no place.
    pub location: Option<String>,
    /// The meeting's page in Tavolo.
    pub url: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub cancelled: bool,
    pub last_modified: DateTime<Utc>,
}

/// A name and a mailbox.
#[derive(Debug, Clone)]
pub struct Party {
    pub name: String,
    pub email: String,
}

/// The invitee a message is addressed to.
#[derive(Debug, Clone)]
pub struct Attendee {
    pub party: Party,
    pub required: bool,
    /// iCalendar PARTSTAT: NEEDS-ACTION, ACCEPTED, TENTATIVE, DECLINED or DELEGATED.
    pub partstat: String,
}

/// The iTIP method of a calendar object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

const PRODID: &str = "-//Tavolo//Tavolo 0.1//IT";

/// An invitation (REQUEST, also for updates) or a cancellation (CANCEL) addressed to one attendee.
pub fn invitation(
    method: Method,
    event: &MeetingEvent,
    organizer: &Party,
    attendee: &Attendee,
    now: DateTime<Utc>,
) -> String {
    let mut calendar = calendar_head(Some(method));
    let mut vevent = vevent(event, now, method == Method::Cancel, Clock::Utc);
    address(&mut vevent, method, organizer, attendee);
    calendar.events.push(vevent);
    emit(&calendar)
}

/// The ORGANIZER and the one ATTENDEE a message is for.
pub(crate) fn address(
    vevent: &mut IcalEvent,
    method: Method,
    organizer: &Party,
    attendee: &Attendee,
) {
    vevent.properties.push(property_with(
        "ORGANIZER",
        vec![("CN", organizer.name.clone())],
        &format!("mailto:{}", organizer.email),
    ));
    vevent.properties.push(property_with(
        "ATTENDEE",
        vec![
            ("CN", attendee.party.name.clone()),
            (
                "ROLE",
                if attendee.required {
                    "REQ-PARTICIPANT"
                } else {
                    "OPT-PARTICIPANT"
                }
                .to_owned(),
            ),
            ("PARTSTAT", attendee.partstat.clone()),
            (
                "RSVP",
                if method == Method::Request {
                    "TRUE"
                } else {
                    "FALSE"
                }
                .to_owned(),
            ),
        ],
        &format!("mailto:{}", attendee.party.email),
    ));
}

/// A subscription feed: every meeting, cancelled ones marked so, with the invitations' UIDs; each series as one
/// recurring event with its exceptions.
pub fn feed(
    name: &str,
    events: &[MeetingEvent],
    series: &[SeriesEvent],
    now: DateTime<Utc>,
) -> String {
    let mut calendar = calendar_head(None);
    calendar
        .properties
        .push(property("X-WR-CALNAME", &text(name)));
    calendar.events.extend(
        events
            .iter()
            .map(|event| vevent(event, now, event.cancelled, Clock::Utc)),
    );
    series::add_to_feed(&mut calendar, series, now);
    emit(&calendar)
}

pub(crate) fn calendar_head(method: Option<Method>) -> IcalCalendar {
    let mut calendar = IcalCalendar::new();
    calendar.properties.push(property("VERSION", "2.0"));
    calendar.properties.push(property("PRODID", PRODID));
    calendar.properties.push(property("CALSCALE", "GREGORIAN"));
    if let Some(method) = method {
        calendar
            .properties
            .push(property("METHOD", method.as_str()));
    }
    calendar
}

/// How a calendar writes a time.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Clock {
    /// In UTC: right across daylight-saving changes for a single meeting, and needs no VTIMEZONE.
    Utc,
    /// As a wall-clock time with a TZID, which a recurring event needs to keep its hour across the changes.
    Zone(Tz),
}

impl Clock {
    pub(crate) fn property(self, name: &str, instant: DateTime<Utc>) -> Property {
        match self {
            Clock::Utc => property(name, &utc(instant)),
            Clock::Zone(zone) => property_with(
                name,
                vec![("TZID", zone.name().to_owned())],
                &instant
                    .with_timezone(&zone)
                    .format("%Y%m%dT%H%M%S")
                    .to_string(),
            ),
        }
    }
}

pub(crate) fn vevent(
    event: &MeetingEvent,
    now: DateTime<Utc>,
    cancelled: bool,
    clock: Clock,
) -> IcalEvent {
    let mut vevent = IcalEvent::new();
    let props = &mut vevent.properties;
    props.push(property("UID", &text(&event.uid)));
    props.push(property("DTSTAMP", &utc(now)));
    props.push(property("SEQUENCE", &event.sequence.to_string()));
    props.push(clock.property("DTSTART", event.starts_at));
    props.push(clock.property("DTEND", event.ends_at));
    props.push(property("SUMMARY", &text(&event.title)));
    if let Some(location) = &event.location {
        props.push(property("LOCATION", &text(location)));
    }
    if !event.description.is_empty() {
        props.push(property("DESCRIPTION", &text(&event.description)));
    }
    if let Some(url) = &event.url {
        props.push(property("URL", url));
    }
    props.push(property(
        "STATUS",
        if cancelled { "CANCELLED" } else { "CONFIRMED" },
    ));
    props.push(property("LAST-MODIFIED", &utc(event.last_modified)));
    vevent
}

pub(crate) fn property(name: &str, value: &str) -> Property {
    Property {
        name: name.to_owned(),
        params: None,
        value: Some(value.to_owned()),
    }
}

pub(crate) fn property_with(name: &str, params: Vec<(&str, String)>, value: &str) -> Property {
    let params = params
        .into_iter()
        .map(|(key, value)| (key.to_owned(), vec![value]))
        .collect();
    Property {
        name: name.to_owned(),
        params: Some(params),
        value: Some(value.to_owned()),
    }
}

pub(crate) fn utc(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: double quotes cannot appear inside, so they are dropped; `:`, `;` and `,` need quoting.
fn param_value(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Serializes a calendar: CRLF line ends, lines folded at 75 octets without splitting a UTF-8 character.
pub fn emit(calendar: &IcalCalendar) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    for prop in &calendar.properties {
        line(&mut out, &content_line(prop));
    }
    for zone in &calendar.timezones {
        line(&mut out, "BEGIN:VTIMEZONE");
        for prop in &zone.properties {
            line(&mut out, &content_line(prop));
        }
        for transition in &zone.transitions {
            let kind = match transition.transition {
                IcalTimeZoneTransitionType::STANDARD => "STANDARD",
                IcalTimeZoneTransitionType::DAYLIGHT => "DAYLIGHT",
            };
            line(&mut out, &format!("BEGIN:{kind}"));
            for prop in &transition.properties {
                line(&mut out, &content_line(prop));
            }
            line(&mut out, &format!("END:{kind}"));
        }
        line(&mut out, "END:VTIMEZONE");
    }
    for event in &calendar.events {
        line(&mut out, "BEGIN:VEVENT");
        for prop in &event.properties {
            line(&mut out, &content_line(prop));
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn content_line(prop: &Property) -> String {
    let mut text = prop.name.clone();
    for (key, values) in prop.params.iter().flatten() {
        let joined: Vec<String> = values.iter().map(|v| param_value(v)).collect();
        text.push_str(&format!(";{key}={}", joined.join(",")));
    }
    text.push(':');
    text.push_str(prop.value.as_deref().unwrap_or_default());
    text
}

fn line(out: &mut String, content: &str) {
    let mut used = 0;
    // TEXT values arrive escaped; a raw line break in any other value (a URI from the configuration, say) would
    // end the line early and let the rest pass for a property of its own, so none gets through.
    for c in content.chars().filter(|c| *c != '\r' && *c != '\n') {
        let width = c.len_utf8();
        // 75 octets per line; a continuation line's leading space is one of them.
        if used + width > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event() -> MeetingEvent {
        MeetingEvent {
            uid: "meeting-1-abc@tavolo".into(),
            sequence: 2,
            title: "Tavolo: strategia; obiettivi, azioni".into(),
            description: "1. Approvazione del verbale\n2. Attività della città di Città di Castello — già discusse".repeat(3),
            location: Some("Sala \"A\", Grosseto".into()),
            url: Some("https://tavolo.example/meetings/1".into()),
            starts_at: Utc.with_ymd_and_hms(2027, 3, 28, 8, 30, 0).single().unwrap_or_default(),
            ends_at: Utc.with_ymd_and_hms(2027, 3, 28, 10, 30, 0).single().unwrap_or_default(),
            cancelled: false,
            last_modified: Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).single().unwrap_or_default(),
        }
    }

    fn attendee() -> Attendee {
        Attendee {
            party: Party {
                name: "Niccolò, Rossi".into(),
                email: "niccolo@example.it".into(),
            },
            required: true,
            partstat: "NEEDS-ACTION".into(),
        }
    }

    #[test]
    fn lines_are_crlf_and_at_most_75_octets() {
        let text = invitation(
            Method::Request,
            &event(),
            &Party {
                name: "Segreteria".into(),
                email: "segreteria@example.it".into(),
            },
            &attendee(),
            Utc::now(),
        );
        assert!(text.ends_with("\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
    }

    #[test]
    fn values_are_escaped_and_parameters_quoted() {
        let text = invitation(
            Method::Request,
            &event(),
            &Party {
                name: "Segreteria: Tavolo".into(),
                email: "s@example.it".into(),
            },
            &attendee(),
            Utc::now(),
        );
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("SUMMARY:Tavolo: strategia\\; obiettivi\\, azioni\r\n"),
            "{unfolded}"
        );
        assert!(unfolded.contains("ATTENDEE;CN=\"Niccolò, Rossi\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:niccolo@example.it"));
        assert!(unfolded.contains("ORGANIZER;CN=\"Segreteria: Tavolo\":mailto:s@example.it"));
        assert!(
            unfolded.contains("LOCATION:Sala A\\, Grosseto")
                || unfolded.contains("LOCATION:Sala \"A\"\\, Grosseto")
        );
        assert!(unfolded.contains("DTSTART:20270328T083000Z"));
        assert!(unfolded.contains("\\n2. Attività"));
    }

    #[test]
    fn the_ical_parser_reads_back_what_we_write() -> Result<(), String> {
        let text = invitation(
            Method::Cancel,
            &event(),
            &Party {
                name: "Segreteria".into(),
                email: "s@example.it".into(),
            },
            &attendee(),
            Utc::now(),
        );
        let mut parser = ical::IcalParser::new(text.as_bytes());
        let calendar = parser
            .next()
            .ok_or("no calendar")?
            .map_err(|e| e.to_string())?;
        let value = |props: &[Property], name: &str| {
            props
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
        };
        assert_eq!(
            value(&calendar.properties, "METHOD").as_deref(),
            Some("CANCEL")
        );
        let vevent = calendar.events.first().ok_or("no event")?;
        assert_eq!(
            value(&vevent.properties, "STATUS").as_deref(),
            Some("CANCELLED")
        );
        assert_eq!(
            value(&vevent.properties, "UID").as_deref(),
            Some("meeting-1-abc@tavolo")
        );
        assert_eq!(value(&vevent.properties, "SEQUENCE").as_deref(), Some("2"));
        Ok(())
    }
}
