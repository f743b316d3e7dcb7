"""Puts calendar answers into a test mailbox the way real clients send them, with an independent library
(Python's icalendar) and an independent IMAP client (imaplib); and reports what the mailbox then holds.

Usage: imip_replies.py deliver|folders PORT USER PASSWORD JSON (or - to read it from standard input)
Each reply in `deliver`'s JSON list: shape (outlook, gmail, thunderbird, broken, plain), method (REPLY or COUNTER),
uid, sequence (omitted when null), attendee, name, partstat, sender (the From address; the attendee by default),
sent_by, delegated_to, delegate_name, message_id, proposed_start and proposed_end (UTC, ISO 8601), comment.
"""

import base64
import datetime
import imaplib
import json
import sys
import uuid
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime

from icalendar import Calendar, Event, vCalAddress, vText

PRODIDS = {
    "outlook": "Microsoft Exchange Server 2010",
    "gmail": "-//Google Inc//Google Calendar 70.9054//EN",
    "thunderbird": "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
}


def outlook_case(email):
    """Outlook writes MAILTO in capitals and the address as the directory spells it."""
    local, _, domain = email.partition("@")
    return "MAILTO:" + ".".join(p.capitalize() for p in local.split(".")) + "@" + domain.upper()


def address(shape, email):
    if shape == "outlook":
        return vCalAddress(outlook_case(email))
    return vCalAddress("mailto:" + email)


def calendar_text(reply):
    shape = reply["shape"]
    if shape == "broken":
        return "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nATTENDEE;PARTSTAT=ACCEPTED\r\nEND:VCALENDAR\r\n"
    cal = Calendar()
    cal.add("prodid", PRODIDS[shape])
    cal.add("version", "2.0")
    cal.add("method", reply.get("method", "REPLY"))
    event = Event()
    event.add("uid", reply["uid"])
    if reply.get("sequence") is not None:
        event.add("sequence", reply["sequence"])
    event.add("dtstamp", datetime.datetime.now(datetime.timezone.utc))
    if reply.get("proposed_start"):
        event.add("dtstart", datetime.datetime.fromisoformat(reply["proposed_start"]))
        event.add("dtend", datetime.datetime.fromisoformat(reply["proposed_end"]))
    event.add("summary", "Seduta del tavolo")
    attendee = address(shape, reply["attendee"])
    params = {"PARTSTAT": reply["partstat"]}
    if shape == "gmail":
        params.update({"CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT", "X-NUM-GUESTS": "0"})
        params["CN"] = reply["attendee"]
    elif reply.get("name"):
        params["CN"] = reply["name"]
    if reply.get("sent_by"):
        params["SENT-BY"] = "mailto:" + reply["sent_by"]
    if reply.get("delegated_to"):
        params["DELEGATED-TO"] = "mailto:" + reply["delegated_to"]
    for key, value in params.items():
        attendee.params[key] = vText(value)
    event.add("attendee", attendee, encode=0)
    if reply.get("delegated_to"):
        delegate = vCalAddress("mailto:" + reply["delegated_to"])
        delegate.params["DELEGATED-FROM"] = vText("mailto:" + reply["attendee"])
        delegate.params["PARTSTAT"] = vText("NEEDS-ACTION")
        if reply.get("delegate_name"):
            delegate.params["CN"] = vText(reply["delegate_name"])
        event.add("attendee", delegate, encode=0)
    if reply.get("comment"):
        event.add("comment", reply["comment"])
    event.add("organizer", vCalAddress("mailto:tavolo@test.example"), encode=0)
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def message(reply):
    shape = reply["shape"]
    method = reply.get("method", "REPLY")
    if shape == "plain":
        msg = MIMEText("Grazie, ci sarò.", "plain", "utf-8")
    else:
        calendar = MIMEText(calendar_text(reply), "calendar", "utf-8")
        calendar.set_param("method", method)
        if shape == "gmail":
            alternative = MIMEMultipart("alternative")
            alternative.attach(MIMEText("Accettato", "plain", "utf-8"))
            alternative.attach(MIMEText("<p>Accettato</p>", "html", "utf-8"))
            alternative.attach(calendar)
            msg = MIMEMultipart("mixed")
            msg.attach(alternative)
            invite = MIMEApplication(calendar_text(reply).encode("utf-8"), "ics", name="invite.ics")
            invite.add_header("Content-Disposition", "attachment", filename="invite.ics")
            msg.attach(invite)
        elif shape == "outlook":
            msg = MIMEMultipart("alternative")
            msg.attach(MIMEText("Accettato: Seduta del tavolo", "plain", "utf-8"))
            msg.attach(calendar)
        else:
            msg = MIMEMultipart("mixed")
            msg.attach(MIMEText("Risposta", "plain", "utf-8"))
            msg.attach(calendar)
    sender = reply.get("sender") or reply.get("attendee") or "someone@example.org"
    msg["From"] = sender
    msg["To"] = "tavolo@test.example"
    msg["Subject"] = "Accettato: Seduta del tavolo"
    msg["Date"] = format_datetime(datetime.datetime.now(datetime.timezone.utc))
    msg["Message-ID"] = reply.get("message_id") or "<%s@%s>" % (uuid.uuid4(), shape)
    return msg.as_bytes()


def connect(port, user, password):
    imap = imaplib.IMAP4("127.0.0.1", port)
    imap.login(user, password)
    return imap


def deliver(imap, replies):
    for reply in replies:
        status, _ = imap.append("INBOX", None, None, message(reply))
        if status != "OK":
            raise SystemExit("APPEND failed")
    return {"delivered": len(replies)}


def folders(imap, _):
    counts = {}
    status, listed = imap.list()
    for line in listed:
        name = line.decode().rsplit(' "." ', 1)[-1].strip('"')
        imap.select('"%s"' % name, readonly=True)
        _, found = imap.search(None, "ALL")
        counts[name] = len(found[0].split())
    imap.select("INBOX", readonly=True)
    _, marked = imap.search(None, "KEYWORD", "$TavoloNotAnAnswer")
    counts["not_answers"] = len(marked[0].split())
    return counts


def main():
    command, port, user, password, argument = sys.argv[1:6]
    if argument == "-":
        argument = sys.stdin.read()
    imap = connect(int(port), user, password)
    result = {"deliver": deliver, "folders": folders}[command](imap, json.loads(argument))
    imap.logout()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
