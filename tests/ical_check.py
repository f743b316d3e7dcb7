"""Reads a Maildir written by aiosmtpd, checks every calendar part against the iMIP/iCalendar rules with an independent
parser (Python's `icalendar`), and prints one JSON summary per message for the Rust tests to assert on."""

import datetime
import email
import json
import mailbox
import sys
from email import policy

import icalendar
import recurring_ical_events

FAR_PAST = datetime.datetime(1990, 1, 1)
FAR_FUTURE = datetime.datetime(2100, 1, 1)


def utc(value) -> str:
    return value.astimezone(datetime.timezone.utc).isoformat()


def expand(calendar, uid: str) -> list:
    """Every occurrence of one recurring event as `recurring-ical-events` expands it (RRULE, EXDATE, RECURRENCE-ID)."""
    found = recurring_ical_events.of(calendar).between(FAR_PAST, FAR_FUTURE)
    return sorted(
        (
            {
                "start": utc(e.decoded("DTSTART")),
                "end": utc(e.decoded("DTEND")),
                "summary": str(e.get("SUMMARY")),
                "location": str(e.get("LOCATION")) if e.get("LOCATION") else None,
            }
            for e in found
            if str(e.get("UID")) == uid
        ),
        key=lambda o: o["start"],
    )


def check_zones(calendar, problems: list) -> None:
    """Every TZID used has its VTIMEZONE, as Outlook needs."""
    defined = {str(z.get("TZID")) for z in calendar.walk() if z.name == "VTIMEZONE"}
    for component in calendar.walk():
        if component.name != "VEVENT":
            continue
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE"):
            values = component.get(name)
            for value in values if isinstance(values, list) else [values]:
                if value is None:
                    continue
                tzid = value.params.get("TZID")
                if tzid and tzid not in defined:
                    problems.append(f"{name} names TZID {tzid} without a VTIMEZONE")


def check_raw(raw: bytes, problems: list) -> None:
    if not raw.endswith(b"\r\n"):
        problems.append("calendar does not end with CRLF")
    for line in raw.split(b"\r\n"):
        if b"\n" in line or b"\r" in line:
            problems.append("bare LF or CR in calendar")
        if len(line) > 75:
            problems.append(f"line of {len(line)} octets: {line[:40]!r}")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append("a fold split a UTF-8 character")


def summarize(message) -> dict:
    summary = {
        "to": message["To"],
        "subject": str(message["Subject"]),
        "text": "",
        "problems": [],
    }
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/plain" and not summary["text"]:
            summary["text"] = part.get_content()
        if kind != "text/calendar":
            continue
        raw = part.get_payload(decode=True)
        check_raw(raw, summary["problems"])
        calendar = icalendar.Calendar.from_ical(raw)
        method = str(calendar.get("METHOD"))
        if part.get_param("method") != method:
            summary["problems"].append("method parameter differs from METHOD")
        events = [c for c in calendar.walk() if c.name == "VEVENT"]
        check_zones(calendar, summary["problems"])
        uids = {str(e.get("UID")) for e in events}
        if len(uids) != 1:
            summary["problems"].append(f"{len(uids)} UIDs in one message")
            continue
        masters = [e for e in events if e.get("RECURRENCE-ID") is None]
        if len(masters) > 1 or (not masters and len(events) != 1):
            summary["problems"].append(f"{len(events)} VEVENTs")
            continue
        event = masters[0] if masters else events[0]
        if event.get("RRULE") is not None:
            summary["rrule"] = event.get("RRULE").to_ical().decode()
            summary["tzid"] = event.get("DTSTART").params.get("TZID")
            summary["overrides"] = len(events) - 1
            if method != "CANCEL":
                summary["occurrences"] = expand(calendar, str(event.get("UID")))
        if event.get("RECURRENCE-ID") is not None:
            summary["recurrence_id"] = utc(event.decoded("RECURRENCE-ID"))
        attendee = event.get("ATTENDEE")
        organizer = event.get("ORGANIZER")
        summary.update(
            {
                "method": method,
                "uid": str(event.get("UID")),
                "sequence": int(event.get("SEQUENCE")),
                "status": str(event.get("STATUS")),
                "summary": str(event.get("SUMMARY")),
                "location": str(event.get("LOCATION")) if event.get("LOCATION") else None,
                "description": str(event.get("DESCRIPTION") or ""),
                "dtstart": utc(event.decoded("DTSTART")),
                "dtend": utc(event.decoded("DTEND")),
                "dtstamp_utc": event.decoded("DTSTAMP").tzinfo is not None and event.decoded("DTSTAMP").utcoffset().total_seconds() == 0,
                "organizer": str(organizer),
                "attendee": str(attendee),
                "attendee_cn": attendee.params.get("CN") if attendee is not None else None,
                "role": attendee.params.get("ROLE") if attendee is not None else None,
                "partstat": attendee.params.get("PARTSTAT") if attendee is not None else None,
                "rsvp": attendee.params.get("RSVP") if attendee is not None else None,
                "properties": sorted(event.keys()),
            }
        )
    return summary


def feed(path: str) -> dict:
    raw = open(path, "rb").read()
    problems: list = []
    check_raw(raw, problems)
    calendar = icalendar.Calendar.from_ical(raw)
    check_zones(calendar, problems)
    events = [
        {
            "uid": str(e.get("UID")),
            "summary": str(e.get("SUMMARY")),
            "status": str(e.get("STATUS")),
            "sequence": int(e.get("SEQUENCE")),
            "dtstart": utc(e.decoded("DTSTART")),
            "rrule": e.get("RRULE").to_ical().decode() if e.get("RRULE") is not None else None,
            "recurrence_id": utc(e.decoded("RECURRENCE-ID")) if e.get("RECURRENCE-ID") is not None else None,
        }
        for e in calendar.walk()
        if e.name == "VEVENT"
    ]
    series = {
        e["uid"]: expand(calendar, e["uid"])
        for e in events
        if e["rrule"] is not None and e["status"] != "CANCELLED"
    }
    return {
        "method": str(calendar.get("METHOD")) if calendar.get("METHOD") else None,
        "name": str(calendar.get("X-WR-CALNAME")),
        "events": events,
        "series": series,
        "problems": problems,
    }


def main() -> None:
    if sys.argv[1] == "--feed":
        json.dump(feed(sys.argv[2]), sys.stdout, ensure_ascii=False)
        return
    box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
    result = []
    for key in sorted(box.keys()):
        with box.get_file(key) as handle:
            message = email.message_from_binary_file(handle, policy=policy.default)
        result.append(summarize(message))
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
