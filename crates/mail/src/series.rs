//! Messages about meeting series: each invitee receives the series as one recurring calendar entry (the rule, the
//! occurrences cancelled or not theirs as EXDATE, the moved ones as RECURRENCE-ID overrides), again whole on every
//! change; an invitation to, or withdrawal from, one occurrence goes as that occurrence alone.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};
use tavolo_calendar::recurrence::{End, Pattern, Rule};
use tavolo_calendar::{Attendee, MeetingEvent, Method, Override, Party, SeriesEvent};
use tavolo_domain::{DomainEvent, Locale, MeetingStatus, SeriesStatus};
use tavolo_store::entity::{invitation, meeting, meeting_series, person, table};

use crate::dispatch::{calendar_event, organizer_of, partstat};
use crate::links::{AnswerLink, sign};
use crate::outbox::{Outgoing, queue};
use crate::templates::{MeetingFacts, Rendered, Subject, render};
use crate::{MailConfig, MailError};

/// The calendar entry of a series as one reader sees it: `seen` are the occurrences that are theirs (the others,
/// and those cancelled, are excluded); an occurrence that differs from the rule is an override.
pub fn series_calendar(
    series: &meeting_series::Model,
    seen: &[&meeting::Model],
    public_url: &str,
) -> Result<SeriesEvent, MailError> {
    let rule = tavolo_service::meetings::series_rule(series)
        .map_err(|e| MailError::Build(e.to_string()))?;
    let zone = series.time_zone.tz();
    let duration = chrono::Duration::minutes(i64::from(series.duration_minutes));
    let first = series.first_starts_at.with_timezone(&zone).naive_local();
    let starts = rule
        .expand(first, zone)
        .map_err(|e| MailError::Build(e.to_string()))?;
    let location = series.place.clone().or_else(|| series.online_url.clone());
    let mut excluded = Vec::new();
    let mut overrides = Vec::new();
    for start in starts {
        let occurrence = seen
            .iter()
            .find(|m| m.recurrence_id == Some(start) && m.status != MeetingStatus::Cancelled);
        let Some(occurrence) = occurrence else {
            excluded.push(start);
            continue;
        };
        let own_location = occurrence
            .place
            .clone()
            .or_else(|| occurrence.online_url.clone());
        let differs = occurrence.starts_at != start
            || occurrence.ends_at != start + duration
            || occurrence.title != series.title
            || own_location != location;
        if differs {
            overrides.push(Override {
                recurrence_id: start,
                event: calendar_event(occurrence, &[], public_url),
            });
        }
    }
    let url = format!("{public_url}/series/{}", series.id);
    let description = match &series.description {
        Some(text) => format!("{text}\n{url}"),
        None => url.clone(),
    };
    Ok(SeriesEvent {
        master: MeetingEvent {
            uid: series.calendar_uid.clone(),
            sequence: series.sequence,
            title: series.title.clone(),
            description,
            location,
            url: Some(url),
            starts_at: series.first_starts_at,
            ends_at: series.first_starts_at + duration,
            cancelled: series.status == SeriesStatus::Cancelled,
            last_modified: series.updated_at,
        },
        zone,
        rule,
        excluded,
        overrides,
    })
}

/// Expands an event about an occurrence of `series_id`; `false` when the event is not about the calendar (minutes,
/// action items), which the meeting's own messages then cover.
pub(crate) async fn dispatch(
    txn: &DatabaseTransaction,
    config: &MailConfig,
    what: &DomainEvent,
    occurrence: &meeting::Model,
    series_id: i64,
) -> Result<bool, MailError> {
    // An invitation to, or withdrawal from, one occurrence is that occurrence's own message.
    let calendar = matches!(
        what,
        DomainEvent::MeetingScheduled { .. }
            | DomainEvent::MeetingRescheduled { .. }
            | DomainEvent::MeetingCancelled { .. }
            | DomainEvent::SeriesScheduled { .. }
            | DomainEvent::SeriesRescheduled { .. }
            | DomainEvent::SeriesCancelled { .. }
    );
    if !calendar {
        return Ok(false);
    }
    let Some(mail) = SeriesMail::load(txn, config, series_id).await? else {
        return Ok(true);
    };
    // A series whose every occurrence is over needs no calendar traffic.
    if mail.occurrences.iter().all(|m| m.ends_at < Utc::now()) {
        return Ok(true);
    }
    match what {
        DomainEvent::MeetingScheduled { .. } | DomainEvent::SeriesScheduled { .. } => {
            mail.send_series(txn, "invitation", &Subject::Invitation)
                .await?
        }
        DomainEvent::MeetingCancelled { reason, .. } => {
            mail.send_series(txn, "update", &Subject::Update).await?;
            mail.withdraw_from_occurrence(txn, occurrence, reason.clone())
                .await?;
        }
        DomainEvent::SeriesCancelled { reason, .. } => {
            mail.cancel_series(txn, reason.clone()).await?;
        }
        DomainEvent::MeetingRescheduled { .. } | DomainEvent::SeriesRescheduled { .. } => {
            mail.send_series(txn, "update", &Subject::Update).await?
        }
        // Not about the calendar: returned above.
        _ => {}
    }
    Ok(true)
}

/// A series with everything its messages need.
struct SeriesMail<'a> {
    config: &'a MailConfig,
    series: meeting_series::Model,
    table: table::Model,
    occurrences: Vec<meeting::Model>,
    invitations: Vec<invitation::Model>,
    people: Vec<person::Model>,
    organizer: Party,
}

/// One person the series goes to, as their first invitation still to come names them.
struct Recipient<'m> {
    invitation: &'m invitation::Model,
}

impl<'a> SeriesMail<'a> {
    async fn load(
        txn: &DatabaseTransaction,
        config: &'a MailConfig,
        series_id: i64,
    ) -> Result<Option<Self>, MailError> {
        let Some(series) = meeting_series::Entity::find_by_id(series_id)
            .one(txn)
            .await?
        else {
            return Ok(None);
        };
        let Some(table) = table::Entity::find_by_id(series.table_id).one(txn).await? else {
            return Ok(None);
        };
        let occurrences = meeting::Entity::find()
            .filter(meeting::Column::SeriesId.eq(series.id))
            .order_by_asc(meeting::Column::StartsAt)
            .all(txn)
            .await?;
        let (invitations, people) =
            crate::dispatch::invitees_of(txn, occurrences.iter().map(|m| m.id)).await?;
        let organizer = organizer_of(&table, config);
        Ok(Some(Self {
            config,
            series,
            table,
            occurrences,
            invitations,
            people,
            organizer,
        }))
    }

    fn upcoming(&self) -> impl Iterator<Item = &meeting::Model> {
        let now = Utc::now();
        self.occurrences
            .iter()
            .filter(move |m| m.ends_at >= now && m.status == MeetingStatus::Scheduled)
    }

    fn invited(&self, meeting_id: i64, email: &str) -> Option<&invitation::Model> {
        self.invitations
            .iter()
            .find(|i| i.meeting_id == meeting_id && i.email == email)
    }

    /// Everyone invited to an occurrence still to come, once, with their invitation to the first of them.
    fn recipients(&self) -> Vec<Recipient<'_>> {
        let mut by_email: BTreeMap<&str, Recipient<'_>> = BTreeMap::new();
        for occurrence in self.upcoming() {
            for invitation in self
                .invitations
                .iter()
                .filter(|i| i.meeting_id == occurrence.id)
            {
                by_email
                    .entry(invitation.email.as_str())
                    .or_insert(Recipient { invitation });
            }
        }
        by_email.into_values().collect()
    }

    /// The occurrences that are `email`'s: those held or past (the series' record), and those to come they are
    /// invited to.
    fn seen_by(&self, email: &str) -> Vec<&meeting::Model> {
        let now = Utc::now();
        self.occurrences
            .iter()
            .filter(|m| m.ends_at < now || self.invited(m.id, email).is_some())
            .collect()
    }

    fn locale_of(&self, invitation: &invitation::Model) -> Locale {
        invitation
            .person_id
            .and_then(|id| self.people.iter().find(|p| p.id == id))
            .map(|p| p.locale)
            .unwrap_or(Locale::It)
    }

    fn facts(
        &self,
        locale: Locale,
        answer_links: Option<[String; 4]>,
    ) -> Result<MeetingFacts, MailError> {
        let rule = tavolo_service::meetings::series_rule(&self.series)
            .map_err(|e| MailError::Build(e.to_string()))?;
        Ok(MeetingFacts {
            table: self.table.name.clone(),
            title: self.series.title.clone(),
            when: describe(&self.series, &rule, self.upcoming().count(), locale),
            place: self.series.place.clone(),
            online_url: self.series.online_url.clone(),
            agenda: Vec::new(),
            url: format!("{}/series/{}", self.config.public_url, self.series.id),
            answer_links,
        })
    }

    /// Answer links that answer every occurrence still to come, through the first one's invitation.
    fn answer_links(&self, invitation: &invitation::Model, until: DateTime<Utc>) -> [String; 4] {
        ["accepted", "tentative", "declined", "delegated"].map(|rsvp| {
            let link = AnswerLink {
                invitation_id: invitation.id,
                nonce: invitation.answer_nonce,
                rsvp: rsvp.to_owned(),
                expires_at: until,
                series: rsvp != "delegated",
            };
            format!(
                "{}/answer/{}",
                self.config.public_url,
                sign(&link, &self.config.link_secret)
            )
        })
    }

    fn attendee(invitation: &invitation::Model, partstat: &str) -> Attendee {
        Attendee {
            party: Party {
                name: invitation.name.clone(),
                email: invitation.email.clone(),
            },
            required: invitation.required,
            partstat: partstat.to_owned(),
        }
    }

    /// The whole series (REQUEST) to everyone invited to an occurrence still to come.
    async fn send_series(
        &self,
        txn: &DatabaseTransaction,
        kind: &'static str,
        subject: &Subject,
    ) -> Result<(), MailError> {
        for recipient in self.recipients() {
            let invitation = recipient.invitation;
            let seen = self.seen_by(&invitation.email);
            let calendar_entry = series_calendar(&self.series, &seen, &self.config.public_url)?;
            let calendar = tavolo_calendar::series_invitation(
                Method::Request,
                &calendar_entry,
                &self.organizer,
                &Self::attendee(invitation, partstat(invitation.rsvp)),
                Utc::now(),
            );
            let first = self
                .occurrences
                .iter()
                .find(|m| m.id == invitation.meeting_id);
            let until = self
                .upcoming()
                .filter(|m| self.invited(m.id, &invitation.email).is_some())
                .map(|m| m.ends_at)
                .max()
                .or(first.map(|m| m.ends_at))
                .unwrap_or_else(Utc::now);
            let locale = self.locale_of(invitation);
            let facts = self.facts(locale, Some(self.answer_links(invitation, until)))?;
            let rendered = render(locale, subject, &invitation.name, &facts);
            queue(
                txn,
                letter(
                    kind,
                    invitation.meeting_id,
                    (&invitation.email, &invitation.name, Some(invitation.id)),
                    rendered,
                    (calendar, "REQUEST"),
                ),
            )
            .await?;
        }
        Ok(())
    }

    /// The series' end (CANCEL of its UID) to everyone invited to an occurrence that had not yet ended.
    async fn cancel_series(
        &self,
        txn: &DatabaseTransaction,
        reason: Option<String>,
    ) -> Result<(), MailError> {
        let now = Utc::now();
        let mut told: Vec<&str> = Vec::new();
        for occurrence in self.occurrences.iter().filter(|m| m.ends_at >= now) {
            for invitation in self
                .invitations
                .iter()
                .filter(|i| i.meeting_id == occurrence.id)
            {
                if told.contains(&invitation.email.as_str()) {
                    continue;
                }
                told.push(&invitation.email);
                let entry = series_calendar(&self.series, &[], &self.config.public_url)?;
                let calendar = tavolo_calendar::series_invitation(
                    Method::Cancel,
                    &entry,
                    &self.organizer,
                    &Self::attendee(invitation, "NEEDS-ACTION"),
                    now,
                );
                let locale = self.locale_of(invitation);
                let rendered = render(
                    locale,
                    &Subject::Cancellation {
                        reason: reason.clone(),
                    },
                    &invitation.name,
                    &self.facts(locale, None)?,
                );
                queue(
                    txn,
                    letter(
                        "cancellation",
                        invitation.meeting_id,
                        (&invitation.email, &invitation.name, Some(invitation.id)),
                        rendered,
                        (calendar, "CANCEL"),
                    ),
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Those invited to a cancelled occurrence and to nothing else still to come: its cancellation alone (the
    /// others see it go in the series' update).
    async fn withdraw_from_occurrence(
        &self,
        txn: &DatabaseTransaction,
        occurrence: &meeting::Model,
        reason: Option<String>,
    ) -> Result<(), MailError> {
        let recipients: Vec<&str> = self
            .recipients()
            .iter()
            .map(|r| r.invitation.email.as_str())
            .collect();
        for invitation in self
            .invitations
            .iter()
            .filter(|i| i.meeting_id == occurrence.id)
        {
            if recipients.contains(&invitation.email.as_str()) {
                continue;
            }
            crate::dispatch::withdraw(txn, self.config, occurrence.id, invitation, reason.clone())
                .await?;
        }
        Ok(())
    }
}

/// One message about the series or one of its meetings to one person: (address, name, their invitation).
fn letter(
    kind: &'static str,
    meeting_id: i64,
    (email, name, invitation_id): (&str, &str, Option<i64>),
    rendered: Rendered,
    calendar: (String, &'static str),
) -> Outgoing {
    Outgoing {
        kind,
        meeting_id: Some(meeting_id),
        invitation_id,
        recipient_email: email.to_owned(),
        recipient_name: name.to_owned(),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        calendar: Some(calendar),
    }
}

/// The series' rhythm in the reader's words: "ogni martedì, 10:00–12:00 (Europe/Rome), 12 incontri dal 05/01/2027".
fn describe(
    series: &meeting_series::Model,
    rule: &Rule,
    upcoming: usize,
    locale: Locale,
) -> String {
    let zone = series.time_zone.tz();
    let start = series.first_starts_at.with_timezone(&zone);
    let end = start + chrono::Duration::minutes(i64::from(series.duration_minutes));
    let italian = locale == Locale::It;
    let every = |unit_it: &str, units_it: &str, unit_en: &str| match (italian, rule.interval) {
        (true, 1) => format!("ogni {unit_it}"),
        (true, n) => format!("ogni {n} {units_it}"),
        (false, 1) => format!("every {unit_en}"),
        (false, n) => format!("every {n} {unit_en}s"),
    };
    let days = match &rule.pattern {
        Pattern::Weekly { weekdays } => {
            let names: Vec<&str> = weekdays.iter().map(|d| day_name(*d, italian)).collect();
            let on = if italian { "il" } else { "on" };
            format!(
                "{}, {on} {}",
                every("settimana", "settimane", "week"),
                names.join(", ")
            )
        }
        Pattern::MonthlyOnDay { day } => {
            let on = if italian { "il giorno" } else { "on day" };
            format!("{}, {on} {day}", every("mese", "mesi", "month"))
        }
        Pattern::MonthlyOnWeekday { ordinal, weekday } => {
            let place = match (italian, ordinal) {
                (true, -1) => "l'ultimo".to_owned(),
                (false, -1) => "the last".to_owned(),
                (true, n) => format!("il {n}°"),
                (false, n) => format!(
                    "the {}",
                    ["first", "second", "third", "fourth"][(*n as usize).clamp(1, 4) - 1]
                ),
            };
            format!(
                "{}, {place} {}",
                every("mese", "mesi", "month"),
                day_name(*weekday, italian)
            )
        }
    };
    let first_day = start.format("%d/%m/%Y");
    let span = match (rule.end, italian) {
        (End::Until(until), true) => format!(
            "dal {first_day} al {}",
            until.with_timezone(&zone).format("%d/%m/%Y")
        ),
        (End::Until(until), false) => format!(
            "from {first_day} until {}",
            until.with_timezone(&zone).format("%d/%m/%Y")
        ),
        (End::Count(count), true) => format!("{count} incontri dal {first_day}"),
        (End::Count(count), false) => format!("{count} meetings from {first_day}"),
    };
    let left = if italian {
        format!("{upcoming} ancora in programma")
    } else {
        format!("{upcoming} still to come")
    };
    format!(
        "{days}, {}–{} ({}), {span}; {left}",
        start.format("%H:%M"),
        end.format("%H:%M"),
        zone.name(),
    )
}

fn day_name(day: chrono::Weekday, italian: bool) -> &'static str {
    let index = day.num_days_from_monday() as usize;
    if italian {
        [
            "lunedì",
            "martedì",
            "mercoledì",
            "giovedì",
            "venerdì",
            "sabato",
            "domenica",
        ][index]
    } else {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][index]
    }
}
