//! Calendar invitations built from user text (title, place, agenda, names): never panic, every line is folded to
//! 75 octets on character boundaries and ends with CRLF, and an independent parser reads back one event with one
//! attendee, so no field can add a property of its own.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use tavolo_calendar::{Attendee, MeetingEvent, Method, Party, invitation};

fuzz_target!(|text: &str| {
    let mut fields = text.split('\u{1f}').map(str::to_owned);
    let mut next = || fields.next().unwrap_or_default();
    let start = Utc.with_ymd_and_hms(2027, 3, 29, 8, 0, 0).unwrap();
    let event = MeetingEvent {
        uid: "fuzz@tavolo.example".into(),
        sequence: 1,
        title: next(),
        description: next(),
        location: Some(next()),
        url: Some(format!("https://tavolo.example/meetings/{}", next())),
        starts_at: start,
        ends_at: start + chrono::Duration::hours(2),
        cancelled: false,
        last_modified: start,
    };
    let organizer = Party { name: next(), email: "segreteria@tavolo.example".into() };
    let attendee = Attendee {
        party: Party { name: next(), email: "delegato@ente.example".into() },
        required: true,
        partstat: "NEEDS-ACTION".into(),
    };
    let ics = invitation(Method::Request, &event, &organizer, &attendee, start);
    assert!(ics.ends_with("\r\n"));
    for line in ics.split_terminator("\r\n") {
        assert!(line.len() <= 75, "line of {} octets", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'), "bare line break");
    }
    let mut parser = ical::IcalParser::new(ics.as_bytes());
    let calendar = parser.next().expect("one calendar").expect("a calendar that parses");
    assert_eq!(calendar.events.len(), 1);
    let attendees = calendar.events[0].properties.iter().filter(|p| p.name == "ATTENDEE").count();
    assert_eq!(attendees, 1);
});
