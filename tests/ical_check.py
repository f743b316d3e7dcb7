"""Reads a Maildir written by aiosmtpd, checks every calendar part against the iMIP/iCalendar rules with an independent
parser (Python's `icalendar`), and prints one JSON summary per message for the Rust tests to assert on."""

import email
import json
import mailbox
import sys
from email import policy

import icalendar


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
        if len(events) != 1:
            summary["problems"].append(f"{len(events)} VEVENTs")
            continue
        event = events[0]
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
                "dtstart": event.decoded("DTSTART").isoformat(),
                "dtend": event.decoded("DTEND").isoformat(),
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
    events = [
        {
            "uid": str(e.get("UID")),
            "summary": str(e.get("SUMMARY")),
            "status": str(e.get("STATUS")),
            "sequence": int(e.get("SEQUENCE")),
            "dtstart": e.decoded("DTSTART").isoformat(),
        }
        for e in calendar.walk()
        if e.name == "VEVENT"
    ]
    return {"method": str(calendar.get("METHOD")) if calendar.get("METHOD") else None, "name": str(calendar.get("X-WR-CALNAME")), "events": events, "problems": problems}


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
