//! iTIP answers that come back by mail (RFC 5546 REPLY and COUNTER, carried as RFC 6047 iMIP): what one calendar
//! object says, read leniently in the shapes real clients send (`MAILTO:` in any case, quoted parameters, `SENT-BY`,
//! no `SEQUENCE`), and refused with a reason when it cannot be read.

use std::io::BufReader;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use ical::parser::ical::component::IcalEvent;
use ical::property::Property;

/// The iTIP methods an attendee sends to the organizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyMethod {
    /// The attendee's answer.
    Reply,
    /// A proposal of another time or place, for the organizer to consider.
    Counter,
}

/// An attendee's participation status as iCalendar says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartStat {
    Accepted,
    Tentative,
    Declined,
    Delegated,
    NeedsAction,
}

impl PartStat {
    fn parse(value: &str) -> Option<Self> {
        Some(match value.trim().to_ascii_uppercase().as_str() {
            "ACCEPTED" => Self::Accepted,
            "TENTATIVE" => Self::Tentative,
            "DECLINED" => Self::Declined,
            "DELEGATED" => Self::Delegated,
            "NEEDS-ACTION" => Self::NeedsAction,
            _ => return None,
        })
    }
}

/// A party named in the answer: its address (lower case, without `mailto:`) and common name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub email: String,
    pub name: Option<String>,
}

/// One answer: which event, which version of it, who answers and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarReply {
    pub method: ReplyMethod,
    pub uid: String,
    /// `None` when the client left it out (RFC 5545's default is 0, but such clients answer the version they saw).
    pub sequence: Option<i32>,
    /// For an answer to one occurrence of a series: the start the series' rule gave it.
    pub recurrence_id: Option<DateTime<Utc>>,
    /// The answering attendee.
    pub attendee: Address,
    pub partstat: PartStat,
    /// Who sent the answer on the attendee's behalf (`SENT-BY`).
    pub sent_by: Option<String>,
    /// For DELEGATED: who goes instead, with the name the client gave them when it did.
    pub delegated_to: Option<Address>,
    /// For COUNTER: the proposed time, when the client said it in a way that names an instant.
    pub proposed: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub comment: Option<String>,
}

/// Why a calendar object is not an answer Tavolo can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    #[error("the calendar cannot be parsed: {0}")]
    Unparsable(String),
    #[error("the calendar's method is {0}, not REPLY or COUNTER")]
    NotAnAnswer(String),
    #[error("the answer has no {0}")]
    Missing(&'static str),
    #[error("the answer's {0} cannot be read")]
    Invalid(&'static str),
}

/// Reads one iMIP calendar object. Only the first event counts: a reply concerns one event, a whole series (no
/// RECURRENCE-ID) or one of its occurrences.
pub fn parse_reply(text: &str) -> Result<CalendarReply, ReplyError> {
    let mut parser = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let calendar = match parser.next() {
        Some(Ok(calendar)) => calendar,
        Some(Err(e)) => return Err(ReplyError::Unparsable(e.to_string())),
        None => return Err(ReplyError::Unparsable("no VCALENDAR".into())),
    };
    let method = find(&calendar.properties, "METHOD")
        .and_then(|p| p.value.as_deref())
        .map(|m| m.trim().to_ascii_uppercase())
        .ok_or(ReplyError::Missing("METHOD"))?;
    let method = match method.as_str() {
        "REPLY" => ReplyMethod::Reply,
        "COUNTER" => ReplyMethod::Counter,
        _ => return Err(ReplyError::NotAnAnswer(method)),
    };
    let event = calendar
        .events
        .first()
        .ok_or(ReplyError::Missing("VEVENT"))?;
    read_event(method, event)
}

fn read_event(method: ReplyMethod, event: &IcalEvent) -> Result<CalendarReply, ReplyError> {
    let props = &event.properties;
    let uid = value(props, "UID")
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .ok_or(ReplyError::Missing("UID"))?
        .to_owned();
    let sequence = match value(props, "SEQUENCE") {
        None => None,
        Some(s) => Some(
            s.trim()
                .parse::<i32>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or(ReplyError::Invalid("SEQUENCE"))?,
        ),
    };
    let recurrence_id = match find(props, "RECURRENCE-ID") {
        None => None,
        Some(prop) => Some(instant(prop).ok_or(ReplyError::Invalid("RECURRENCE-ID"))?),
    };
    let attendees: Vec<&Property> = props
        .iter()
        .filter(|p| p.name.eq_ignore_ascii_case("ATTENDEE"))
        .collect();
    // A delegating client lists the delegate as a second attendee (DELEGATED-FROM); the one answering has a
    // PARTSTAT and no DELEGATED-FROM.
    let answering = attendees
        .iter()
        .find(|p| param(p, "DELEGATED-FROM").is_none() && param(p, "PARTSTAT").is_some())
        .or_else(|| attendees.first())
        .ok_or(ReplyError::Missing("ATTENDEE"))?;
    let attendee = address(answering).ok_or(ReplyError::Invalid("ATTENDEE"))?;
    let partstat = match param(answering, "PARTSTAT") {
        Some(value) => PartStat::parse(value).ok_or(ReplyError::Invalid("PARTSTAT"))?,
        // A COUNTER proposes a change without answering.
        None if method == ReplyMethod::Counter => PartStat::NeedsAction,
        None => return Err(ReplyError::Missing("PARTSTAT")),
    };
    let sent_by = param(answering, "SENT-BY").and_then(mailbox);
    let delegated_to = match param(answering, "DELEGATED-TO").and_then(mailbox) {
        Some(email) => {
            let named = attendees
                .iter()
                .filter_map(|p| address(p))
                .find(|a| a.email == email)
                .and_then(|a| a.name);
            Some(Address { email, name: named })
        }
        None => None,
    };
    if partstat == PartStat::Delegated && delegated_to.is_none() {
        return Err(ReplyError::Missing("DELEGATED-TO"));
    }
    let proposed = match method {
        ReplyMethod::Counter => proposed_time(props),
        ReplyMethod::Reply => None,
    };
    let comment = value(props, "COMMENT")
        .map(unescape_text)
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    Ok(CalendarReply {
        method,
        uid,
        sequence,
        recurrence_id,
        attendee,
        partstat,
        sent_by,
        delegated_to,
        proposed,
        comment,
    })
}

fn find<'a>(props: &'a [Property], name: &str) -> Option<&'a Property> {
    props.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

fn value<'a>(props: &'a [Property], name: &str) -> Option<&'a str> {
    find(props, name).and_then(|p| p.value.as_deref())
}

fn param<'a>(prop: &'a Property, name: &str) -> Option<&'a str> {
    prop.params
        .iter()
        .flatten()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .and_then(|(_, values)| values.first())
        .map(String::as_str)
}

fn address(prop: &Property) -> Option<Address> {
    let email = mailbox(prop.value.as_deref()?)?;
    let name = param(prop, "CN")
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    Some(Address { email, name })
}

/// `mailto:Someone@Example.IT` (any case of the scheme, quoted or not) as `someone@example.it`.
pub fn mailbox(uri: &str) -> Option<String> {
    let uri = uri.trim().trim_matches('"').trim();
    let rest = match uri.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &uri[7..],
        _ => uri,
    };
    let email = rest.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    if local.is_empty() || domain.is_empty() || email.contains(char::is_whitespace) {
        return None;
    }
    Some(email)
}

/// DTSTART/DTEND of a proposal in UTC, or in an IANA time zone; a date, a floating time or a zone named the
/// Windows way cannot be placed for sure, and the proposal is then shown by its comment alone.
fn proposed_time(props: &[Property]) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = instant(find(props, "DTSTART")?)?;
    let end = match find(props, "DTEND") {
        Some(end) => instant(end)?,
        None => start,
    };
    (end >= start).then_some((start, end))
}

fn instant(prop: &Property) -> Option<DateTime<Utc>> {
    let raw = prop.value.as_deref()?.trim();
    if let Some(utc) = raw.strip_suffix('Z') {
        let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        return Some(Utc.from_utc_datetime(&naive));
    }
    if NaiveDate::parse_from_str(raw, "%Y%m%d").is_ok() {
        return None;
    }
    let naive = NaiveDateTime::parse_from_str(raw, "%Y%m%dT%H%M%S").ok()?;
    let zone: chrono_tz::Tz = param(prop, "TZID")?.trim().parse().ok()?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Undoes TEXT escaping (`\n`, `\,`, `\;`, `\\`).
fn unescape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(lines: &[&str]) -> String {
        let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n");
        for line in lines {
            text.push_str(line);
            text.push_str("\r\n");
        }
        text.push_str("END:VCALENDAR\r\n");
        text
    }

    #[test]
    fn reads_an_outlook_style_reply() -> Result<(), ReplyError> {
        let text = reply(&[
            "METHOD:REPLY",
            "BEGIN:VEVENT",
            "UID:meeting-7@tavolo",
            "SEQUENCE:2",
            "ATTENDEE;PARTSTAT=ACCEPTED;CN=\"Rossi, Anna\":MAILTO:Anna.Rossi@Comune.Example",
            "COMMENT:Ci sarò\\, grazie",
            "END:VEVENT",
        ]);
        let parsed = parse_reply(&text)?;
        assert_eq!(parsed.method, ReplyMethod::Reply);
        assert_eq!(parsed.sequence, Some(2));
        assert_eq!(parsed.attendee.email, "anna.rossi@comune.example");
        assert_eq!(parsed.attendee.name.as_deref(), Some("Rossi, Anna"));
        assert_eq!(parsed.partstat, PartStat::Accepted);
        assert_eq!(parsed.comment.as_deref(), Some("Ci sarò, grazie"));
        Ok(())
    }

    #[test]
    fn reads_a_delegation_with_its_delegate_and_sent_by() -> Result<(), ReplyError> {
        let text = reply(&[
            "METHOD:REPLY",
            "BEGIN:VEVENT",
            "UID:meeting-7@tavolo",
            "ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO=\"mailto:b@x.example\";SENT-BY=\"mailto:seg@x.example\":mailto:a@x.example",
            "ATTENDEE;DELEGATED-FROM=\"mailto:a@x.example\";CN=Bruno:mailto:B@x.example",
            "END:VEVENT",
        ]);
        let parsed = parse_reply(&text)?;
        assert_eq!(parsed.sequence, None);
        assert_eq!(parsed.attendee.email, "a@x.example");
        assert_eq!(parsed.sent_by.as_deref(), Some("seg@x.example"));
        assert_eq!(
            parsed.delegated_to,
            Some(Address {
                email: "b@x.example".into(),
                name: Some("Bruno".into())
            })
        );
        Ok(())
    }

    #[test]
    fn reads_a_counter_proposal_in_a_named_zone() -> Result<(), ReplyError> {
        let text = reply(&[
            "METHOD:COUNTER",
            "BEGIN:VEVENT",
            "UID:meeting-7@tavolo",
            "SEQUENCE:0",
            "DTSTART;TZID=Europe/Rome:20270329T150000",
            "DTEND;TZID=Europe/Rome:20270329T170000",
            "ATTENDEE;PARTSTAT=TENTATIVE:mailto:a@x.example",
            "END:VEVENT",
        ]);
        let parsed = parse_reply(&text)?;
        let (start, end) = parsed.proposed.ok_or(ReplyError::Missing("DTSTART"))?;
        assert_eq!(start.to_rfc3339(), "2027-03-29T13:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2027-03-29T15:00:00+00:00");
        Ok(())
    }

    #[test]
    fn refuses_what_is_not_an_answer() {
        let request = reply(&["METHOD:REQUEST", "BEGIN:VEVENT", "UID:x", "END:VEVENT"]);
        assert_eq!(
            parse_reply(&request),
            Err(ReplyError::NotAnAnswer("REQUEST".into()))
        );
        let no_uid = reply(&[
            "METHOD:REPLY",
            "BEGIN:VEVENT",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@x.example",
            "END:VEVENT",
        ]);
        assert_eq!(parse_reply(&no_uid), Err(ReplyError::Missing("UID")));
        let odd_status = reply(&[
            "METHOD:REPLY",
            "BEGIN:VEVENT",
            "UID:x",
            "ATTENDEE;PARTSTAT=MAYBE:mailto:a@x.example",
            "END:VEVENT",
        ]);
        assert_eq!(
            parse_reply(&odd_status),
            Err(ReplyError::Invalid("PARTSTAT"))
        );
        assert!(matches!(
            parse_reply("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"),
            Err(ReplyError::Unparsable(_) | ReplyError::Missing(_))
        ));
        assert!(parse_reply("").is_err());
        let bad_sequence = reply(&[
            "METHOD:REPLY",
            "BEGIN:VEVENT",
            "UID:x",
            "SEQUENCE:-1",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@x.example",
            "END:VEVENT",
        ]);
        assert_eq!(
            parse_reply(&bad_sequence),
            Err(ReplyError::Invalid("SEQUENCE"))
        );
    }

    #[test]
    fn mailboxes_are_normalized() {
        assert_eq!(mailbox("MAILTO:A@B.IT").as_deref(), Some("a@b.it"));
        assert_eq!(mailbox("\"mailto:a@b.it\"").as_deref(), Some("a@b.it"));
        assert_eq!(mailbox("mailto:"), None);
        assert_eq!(mailbox("mailto:not an address"), None);
    }
}
