//! One message of the mailbox: whether it carries an iTIP answer, and what the meeting service needs of it.

use chrono::{DateTime, Utc};
use mail_parser::{MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};
use tavolo_calendar::reply::{ReplyError, parse_reply};
use tavolo_service::meetings::IncomingReply;

/// What a message turned out to be.
#[derive(Debug)]
pub enum ReadMessage {
    /// A calendar answer (or an attempt at one that could not be read).
    Answer(Box<IncomingReply>),
    /// Anything else sent to the mailbox: a person's mail, a bounce, a REQUEST from someone's calendar.
    Other,
}

/// Reads a raw message. A calendar part whose METHOD is REPLY or COUNTER is an answer; so is one that cannot be
/// parsed at all (kept aside as malformed); other calendar methods and messages without one are left alone.
pub fn read_message(raw: &[u8], fallback_time: DateTime<Utc>) -> ReadMessage {
    let Some(message) = MessageParser::default().parse(raw) else {
        return ReadMessage::Other;
    };
    let calendar = message.parts.iter().find_map(|part| {
        let kind = part.content_type()?;
        let is_calendar = match (kind.ctype(), kind.subtype()) {
            (c, Some(s))
                if c.eq_ignore_ascii_case("text") && s.eq_ignore_ascii_case("calendar") =>
            {
                true
            }
            (c, Some(s))
                if c.eq_ignore_ascii_case("application") && s.eq_ignore_ascii_case("ics") =>
            {
                true
            }
            _ => false,
        };
        is_calendar.then(|| String::from_utf8_lossy(part.contents()).into_owned())
    });
    let Some(calendar) = calendar else {
        return ReadMessage::Other;
    };
    let parsed = parse_reply(&calendar);
    if let Err(ReplyError::NotAnAnswer(_)) = parsed {
        return ReadMessage::Other;
    }
    let sender = message
        .from()
        .and_then(|from| from.first())
        .and_then(|addr| addr.address())
        .map(|a| a.trim().to_lowercase())
        .unwrap_or_default();
    let received_at = message
        .date()
        .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0))
        .unwrap_or(fallback_time);
    ReadMessage::Answer(Box::new(IncomingReply {
        message_key: key_of(message.message_id(), raw),
        sender,
        received_at,
        calendar: parsed,
    }))
}

/// The Message-ID names a message wherever it is copied; without one, its bytes do. Long IDs are digested so
/// the key fits its column.
fn key_of(message_id: Option<&str>, raw: &[u8]) -> String {
    match message_id.map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) if id.len() <= 190 => format!("id:{id}"),
        Some(id) => format!("id#{}", hex::encode(Sha256::digest(id.as_bytes()))),
        None => format!("raw#{}", hex::encode(Sha256::digest(raw))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(content_type: &str, body: &str) -> Vec<u8> {
        format!(
            "From: \"Anna\" <Anna@X.Example>\r\nTo: tavolo@t.example\r\nMessage-ID: <m1@x.example>\r\n\
             Date: Mon, 29 Mar 2027 10:00:00 +0200\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
             Accettato\r\n--b\r\nContent-Type: {content_type}\r\n\r\n{body}\r\n--b--\r\n"
        )
        .into_bytes()
    }

    const REPLY: &str = "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:u1\r\n\
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:anna@x.example\r\nEND:VEVENT\r\nEND:VCALENDAR";

    #[test]
    fn finds_the_answer_its_sender_and_key() {
        let ReadMessage::Answer(answer) = read_message(
            &mail("text/calendar; method=REPLY; charset=UTF-8", REPLY),
            Utc::now(),
        ) else {
            panic!("not read as an answer");
        };
        assert_eq!(answer.sender, "anna@x.example");
        assert_eq!(answer.message_key, "id:m1@x.example");
        assert_eq!(answer.received_at.to_rfc3339(), "2027-03-29T08:00:00+00:00");
        assert!(answer.calendar.is_ok());
    }

    #[test]
    fn leaves_other_mail_alone_and_keeps_broken_calendars() {
        assert!(matches!(
            read_message(b"Subject: hello\r\n\r\nciao", Utc::now()),
            ReadMessage::Other
        ));
        let request = REPLY.replace("METHOD:REPLY", "METHOD:REQUEST");
        assert!(matches!(
            read_message(&mail("text/calendar", &request), Utc::now()),
            ReadMessage::Other
        ));
        let ReadMessage::Answer(broken) = read_message(
            &mail("text/calendar", "BEGIN:VCALENDAR\r\nnonsense"),
            Utc::now(),
        ) else {
            panic!("a broken calendar is an answer to keep aside");
        };
        assert!(broken.calendar.is_err());
    }
}
