//! An outbox row as a MIME message: multipart/mixed [ multipart/alternative [ text, HTML, text/calendar; method=… ], invite.ics ].

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Mailbox, Message, MultiPart, SinglePart};
use tavolo_store::entity::mail_outbox;

use crate::{MailConfig, MailError};

pub fn message(config: &MailConfig, row: &mail_outbox::Model) -> Result<Message, MailError> {
    let from = mailbox(&config.from_name, &config.from_email)?;
    let to = mailbox(&row.recipient_name, &row.recipient_email)?;
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .header(ContentTransferEncoding::QuotedPrintable)
        .body(row.body_text.clone());
    let html = SinglePart::builder()
        .header(ContentType::TEXT_HTML)
        .header(ContentTransferEncoding::QuotedPrintable)
        .body(row.body_html.clone());
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(one_line(&row.subject));
    let body = match (&row.calendar, &row.calendar_method) {
        (Some(calendar), Some(method)) => {
            let calendar_type =
                ContentType::parse(&format!("text/calendar; charset=UTF-8; method={method}"))
                    .map_err(|e| MailError::Build(e.to_string()))?;
            // Base64 keeps mail servers from rewrapping the calendar's CRLF lines.
            let calendar_part = SinglePart::builder()
                .header(calendar_type)
                .header(ContentTransferEncoding::Base64)
                .body(calendar.clone());
            let ics_type = ContentType::parse("application/ics")
                .map_err(|e| MailError::Build(e.to_string()))?;
            MultiPart::mixed()
                .multipart(
                    MultiPart::alternative()
                        .singlepart(text)
                        .singlepart(html)
                        .singlepart(calendar_part),
                )
                .singlepart(
                    Attachment::new("invite.ics".to_owned()).body(calendar.clone(), ics_type),
                )
        }
        _ => MultiPart::alternative().singlepart(text).singlepart(html),
    };
    builder
        .multipart(body)
        .map_err(|e| MailError::Build(e.to_string()))
}

/// A display name and address; line breaks cannot reach a header.
fn mailbox(name: &str, email: &str) -> Result<Mailbox, MailError> {
    let address = email
        .trim()
        .parse()
        .map_err(|_| MailError::Address(email.to_owned()))?;
    Ok(Mailbox::new(Some(one_line(name)), address))
}

fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
