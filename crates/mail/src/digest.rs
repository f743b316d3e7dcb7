//! The weekly digest by mail: each person due (by their day and hour) is claimed by one process, which moves their
//! next due date a week on and queues one message with what waits for them, in the same transaction; nothing goes
//! out when nothing waits or when they turned it off.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tavolo_domain::{Actor, Locale, NotificationKind, Rsvp};
use tavolo_service::digest::{DigestService, WeeklyDigest, next_due_for};
use tavolo_store::entity::person;
use tavolo_store::sea_orm;

use crate::dispatch::muted;
use crate::outbox::{Outgoing, queue};
use crate::templates::{Rendered, escape};
use crate::{MailConfig, MailError};

/// How far back the first digest looks for practices news.
const FIRST_NEWS_DAYS: i64 = 7;

/// Queues the digests due now; returns how many messages it queued.
pub async fn queue_digests(
    db: &DatabaseConnection,
    config: &MailConfig,
) -> Result<usize, MailError> {
    let digests = DigestService::over(db);
    let now = Utc::now();
    let due = digests.due(&Actor::System, now).await.map_err(service)?;
    let mut queued = 0;
    for person in due {
        let next = next_due_for(&person, now);
        // A person never scheduled gets a due date now; their first digest goes then.
        let contents = match person.digest_due_at {
            None => None,
            Some(_) => {
                let since = person
                    .last_digest_at
                    .unwrap_or(now - Duration::days(FIRST_NEWS_DAYS));
                Some(
                    digests
                        .contents(&Actor::System, &person, since, now)
                        .await
                        .map_err(service)?,
                )
            }
        };
        let txn = tavolo_store::begin_write(db).await?;
        let mut claim = person::Entity::update_many()
            .col_expr(person::Column::DigestDueAt, Expr::value(next))
            .filter(person::Column::Id.eq(person.id));
        claim = match person.digest_due_at {
            Some(due) => claim.filter(person::Column::DigestDueAt.eq(due)),
            None => claim.filter(person::Column::DigestDueAt.is_null()),
        };
        if contents.is_some() {
            claim = claim.col_expr(person::Column::LastDigestAt, Expr::value(now));
        }
        // Of several processes seeing the same due date, the one whose update matches claims this week's digest.
        let claimed = claim.exec(&txn).await?.rows_affected == 1;
        let sendable = match &contents {
            Some(digest) if claimed && !digest.is_empty() => {
                !muted(&txn, person.id, NotificationKind::WeeklyDigest).await?
            }
            _ => false,
        };
        if let (true, Some(digest)) = (sendable, &contents) {
            let locale = person.locale;
            let zone = person.time_zone.tz();
            let rendered =
                render_weekly_digest(locale, zone, &person.name, digest, &config.public_url);
            let outgoing = Outgoing {
                kind: "digest",
                meeting_id: None,
                invitation_id: None,
                recipient_email: person.email.clone(),
                recipient_name: person.name.clone(),
                subject: rendered.subject,
                text: rendered.text,
                html: rendered.html,
                calendar: None,
            };
            queue(&txn, outgoing).await?;
            queued += 1;
        }
        txn.commit().await?;
    }
    Ok(queued)
}

fn service(err: tavolo_service::ServiceError) -> MailError {
    MailError::Transient(err.to_string())
}

/// The words of the digest in one language.
struct Words {
    subject: &'static str,
    greeting: &'static str,
    intro: &'static str,
    meetings: &'static str,
    your_answer: &'static str,
    minutes_to_review: &'static str,
    minutes_to_approve: &'static str,
    action_items: &'static str,
    due: &'static str,
    overdue: &'static str,
    strategy_drafts: &'static str,
    version: &'static str,
    practices: &'static str,
    footer: &'static str,
    date_format: &'static str,
}

const IT: Words = Words {
    subject: "Tavolo: la tua settimana",
    greeting: "Gentile",
    intro: "ecco cosa ti aspetta nei tavoli di cui fai parte.",
    meetings: "Riunioni delle prossime due settimane",
    your_answer: "la tua risposta",
    minutes_to_review: "Verbali da rivedere",
    minutes_to_approve: "Verbali da approvare",
    action_items: "Azioni in scadenza o scadute",
    due: "scadenza",
    overdue: "scaduta",
    strategy_drafts: "Bozze di strategia aperte ai commenti",
    version: "versione",
    practices: "Buone prassi nuove o aggiornate in ciò che segui",
    footer: "Puoi scegliere il giorno e l'ora di questo riepilogo, o disattivarlo, dal tuo profilo",
    date_format: "%d/%m/%Y %H:%M",
};

const EN: Words = Words {
    subject: "Tavolo: your week",
    greeting: "Dear",
    intro: "here is what waits for you at your tables.",
    meetings: "Meetings of the coming two weeks",
    your_answer: "your answer",
    minutes_to_review: "Minutes to review",
    minutes_to_approve: "Minutes to approve",
    action_items: "Action items due or overdue",
    due: "due",
    overdue: "overdue",
    strategy_drafts: "Strategy drafts open for comments",
    version: "version",
    practices: "New or updated good practices in what you follow",
    footer: "You can choose the day and hour of this digest, or turn it off, on your profile",
    date_format: "%d %b %Y %H:%M",
};

fn answer_word(locale: Locale, rsvp: Rsvp) -> &'static str {
    match (locale, rsvp) {
        (Locale::It, Rsvp::Accepted) => "partecipo",
        (Locale::It, Rsvp::Tentative) => "forse",
        (Locale::It, Rsvp::Declined) => "non partecipo",
        (Locale::It, Rsvp::Delegated) => "delegata ad altri",
        (Locale::It, Rsvp::NeedsAction) => "da dare",
        (Locale::En, Rsvp::Accepted) => "attending",
        (Locale::En, Rsvp::Tentative) => "maybe",
        (Locale::En, Rsvp::Declined) => "not attending",
        (Locale::En, Rsvp::Delegated) => "delegated",
        (Locale::En, Rsvp::NeedsAction) => "still to give",
    }
}

/// A section: a heading and its lines, each with the address it links to.
struct Section {
    heading: &'static str,
    lines: Vec<(String, String)>,
}

/// The digest as text and HTML, times in the person's zone.
pub fn render_weekly_digest(
    locale: Locale,
    zone: chrono_tz::Tz,
    recipient: &str,
    digest: &WeeklyDigest,
    public_url: &str,
) -> Rendered {
    let w = match locale {
        Locale::It => &IT,
        Locale::En => &EN,
    };
    let when = |at: DateTime<Utc>| at.with_timezone(&zone).format(w.date_format).to_string();
    let meeting_url = |id: i64| format!("{public_url}/meetings/{id}");
    let today = Utc::now().with_timezone(&zone).date_naive();
    let sections = [
        Section {
            heading: w.meetings,
            lines: digest
                .meetings
                .iter()
                .map(|(m, i)| {
                    let line = format!(
                        "{} — {} — {}: {}",
                        m.title,
                        when(m.starts_at),
                        w.your_answer,
                        answer_word(locale, i.rsvp)
                    );
                    (line, meeting_url(m.id))
                })
                .collect(),
        },
        Section {
            heading: w.minutes_to_review,
            lines: meeting_lines(&digest.minutes_to_review, &when, &meeting_url),
        },
        Section {
            heading: w.minutes_to_approve,
            lines: meeting_lines(&digest.minutes_to_approve, &when, &meeting_url),
        },
        Section {
            heading: w.action_items,
            lines: digest
                .action_items
                .iter()
                .map(|a| {
                    let due = match a.due_date {
                        Some(date) if date < today => {
                            format!(" — {} ({})", date.format("%d/%m/%Y"), w.overdue)
                        }
                        Some(date) => format!(" — {} {}", w.due, date.format("%d/%m/%Y")),
                        None => String::new(),
                    };
                    (format!("{}{due}", a.title), meeting_url(a.meeting_id))
                })
                .collect(),
        },
        Section {
            heading: w.strategy_drafts,
            lines: digest
                .strategy_drafts
                .iter()
                .map(|v| {
                    let table = digest
                        .table_names
                        .get(&v.table_id)
                        .map_or("", String::as_str);
                    let line = format!("{table}: {} ({} {})", v.title, w.version, v.number);
                    (line, format!("{public_url}/tables/{}/strategy", v.table_id))
                })
                .collect(),
        },
        Section {
            heading: w.practices,
            lines: digest
                .practices
                .iter()
                .map(|p| (p.title.clone(), format!("{public_url}/practices/{}", p.id)))
                .collect(),
        },
    ];
    let profile = format!("{public_url}/profile");
    let mut text = format!("{} {recipient},\n{}\n", w.greeting, w.intro);
    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:Arial,sans-serif\"><p>{} {},<br>{}</p>",
        locale.as_str(),
        w.greeting,
        escape(recipient),
        w.intro
    );
    for section in sections.iter().filter(|s| !s.lines.is_empty()) {
        text.push_str(&format!("\n{}\n", section.heading));
        html.push_str(&format!(
            "<h2 style=\"font-size:1.1em\">{}</h2><ul>",
            section.heading
        ));
        for (line, url) in &section.lines {
            text.push_str(&format!("- {line}: {url}\n"));
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                escape(url),
                escape(line)
            ));
        }
        html.push_str("</ul>");
    }
    text.push_str(&format!("\n{}: {profile}\n", w.footer));
    html.push_str(&format!(
        "<p style=\"color:#555\"><a href=\"{}\">{}</a></p></body></html>",
        escape(&profile),
        w.footer
    ));
    Rendered {
        subject: w.subject.to_owned(),
        text,
        html,
    }
}

fn meeting_lines(
    meetings: &[tavolo_store::entity::meeting::Model],
    when: &impl Fn(DateTime<Utc>) -> String,
    url: &impl Fn(i64) -> String,
) -> Vec<(String, String)> {
    meetings
        .iter()
        .map(|m| (format!("{} — {}", m.title, when(m.starts_at)), url(m.id)))
        .collect()
}
