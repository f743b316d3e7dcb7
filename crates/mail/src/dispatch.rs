//! Turns domain events into messages: invitations, updates and cancellations (iMIP) to each invitee, reminders, and
//! notifications about minutes, action items and questionnaires to answer. Each event is marked dispatched in the
//! transaction that queues its messages, so it is expanded exactly once even with several processes.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use tavolo_calendar::{Attendee, MeetingEvent, Method, Override, Party};
use tavolo_domain::{
    ActionItemStatus, DomainEvent, Locale, MeetingFileTarget, MeetingStatus, MembershipRole,
    NotificationKind, Rsvp,
};
use tavolo_store::entity::{
    action_item, agenda_item, domain_event, invitation, meeting, meeting_file, meeting_series,
    membership, notification_mute, person, table,
};

use crate::links::{AnswerLink, sign};
use crate::outbox::{Outgoing, queue};
use crate::templates::{MeetingFacts, Subject, render};
use crate::{MailConfig, MailError};

/// Expands every event not yet dispatched; returns how many it expanded.
pub async fn dispatch_pending(
    db: &DatabaseConnection,
    config: &MailConfig,
) -> Result<usize, MailError> {
    let pending = domain_event::Entity::find()
        .filter(domain_event::Column::DispatchedAt.is_null())
        .order_by_asc(domain_event::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    let mut dispatched = 0;
    for event in pending {
        let txn = tavolo_store::begin_write(db).await?;
        let claimed = domain_event::Entity::update_many()
            .col_expr(domain_event::Column::DispatchedAt, Expr::value(Utc::now()))
            .filter(domain_event::Column::Id.eq(event.id))
            .filter(domain_event::Column::DispatchedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let read = DomainEvent::from_stored(&event.kind, &event.payload)
            .map_err(|e| MailError::Build(e.to_string()));
        let expanded = match read {
            Ok(what) => expand(&txn, config, &event, &what).await,
            Err(err) => Err(err),
        };
        match expanded {
            Ok(()) => {}
            Err(MailError::Database(err)) => return Err(MailError::Database(err)),
            // An event that can never become a message (its meeting is gone, say) must not block the queue.
            Err(err) => {
                tracing::warn!(event = event.id, kind = %event.kind, error = %err, "event produced no message")
            }
        }
        txn.commit().await?;
        dispatched += 1;
    }
    Ok(dispatched)
}

async fn expand(
    txn: &DatabaseTransaction,
    config: &MailConfig,
    event: &domain_event::Model,
    what: &DomainEvent,
) -> Result<(), MailError> {
    if event.meeting_id.is_none() && event.table_id.is_none() {
        return account_messages(txn, config, event, what).await;
    }
    if let DomainEvent::QuestionnaireOpened { title, ends_at } = what {
        return crate::questionnaire::announce(txn, config, event, title, *ends_at).await;
    }
    let Some(meeting_id) = event.meeting_id else {
        return Ok(());
    };
    // An occurrence of a series: calendars hold the series as one entry, which its messages carry whole.
    if let Some(occurrence) = meeting::Entity::find_by_id(meeting_id).one(txn).await?
        && let Some(series_id) = occurrence.series_id
        && crate::series::dispatch(txn, config, what, &occurrence, series_id).await?
    {
        return Ok(());
    }
    let Some(context) = Context::load(txn, config, meeting_id).await? else {
        return Ok(());
    };
    // A meeting recorded after the fact needs no calendar traffic; its minutes still concern the members.
    let over = context.meeting.ends_at < Utc::now();
    match what {
        DomainEvent::MeetingScheduled { .. }
        | DomainEvent::MeetingRescheduled { .. }
        | DomainEvent::MeetingCancelled { .. }
        | DomainEvent::InvitationAdded { .. }
        | DomainEvent::InvitationRemoved { .. }
            if over =>
        {
            Ok(())
        }
        DomainEvent::MeetingScheduled { .. } => {
            context
                .invite_all(txn, "invitation", Subject::Invitation)
                .await
        }
        DomainEvent::MeetingRescheduled { .. } => {
            context.invite_all(txn, "update", Subject::Update).await
        }
        DomainEvent::MeetingCancelled { reason, .. } => {
            context.cancel_all(txn, reason.clone()).await
        }
        DomainEvent::InvitationAdded { .. } => {
            let found = invitation::Entity::find_by_id(event.entity_id)
                .one(txn)
                .await?;
            match found {
                Some(invitation) => {
                    context
                        .invite(txn, &invitation, "invitation", &Subject::Invitation)
                        .await
                }
                None => Ok(()),
            }
        }
        DomainEvent::InvitationRemoved { email, name, .. } => {
            let locale = locale_of_email(txn, email).await?;
            context
                .cancel_one(txn, None, email, name, locale, None)
                .await
        }
        DomainEvent::MinutesSentForReview { .. } => {
            context.notify_members(txn, Subject::MinutesInReview).await
        }
        DomainEvent::MinutesApproved { .. } => {
            context.notify_members(txn, Subject::MinutesApproved).await
        }
        DomainEvent::ActionItemAssigned {
            title,
            assignee_person_id: Some(person_id),
            due_date,
            ..
        } => {
            let Some(assignee) = person::Entity::find_by_id(*person_id).one(txn).await? else {
                return Ok(());
            };
            let subject = Subject::ActionItemAssigned {
                title: title.clone(),
                due: due_date.map(|d| d.to_string()),
            };
            context.notify(txn, &assignee, &subject).await
        }
        // Agenda edits change no time, place or link: calendars keep their entry, the meeting page shows the agenda.
        _ => Ok(()),
    }
}

/// Messages about a person's account: the invitation, the reset link, the notice of a changed password, the
/// confirmation link to a new address and the notice to the old one. An event carrying a link's secret carries it for
/// this moment only: its payload is blanked in the same transaction, so the secret stays nowhere but in the message.
async fn account_messages(
    txn: &DatabaseTransaction,
    config: &MailConfig,
    event: &domain_event::Model,
    what: &DomainEvent,
) -> Result<(), MailError> {
    domain_event::Entity::update_many()
        .col_expr(
            domain_event::Column::Payload,
            Expr::value(what.without_secret().payload()),
        )
        .filter(domain_event::Column::Id.eq(event.id))
        .exec(txn)
        .await?;
    let Some(person) = person::Entity::find_by_id(event.entity_id).one(txn).await? else {
        return Ok(());
    };
    let locale = person.locale;
    let base = config.public_url.trim_end_matches('/');
    let messages = match what {
        DomainEvent::AccountInvited { token, invited_by } => vec![(
            person.email.clone(),
            crate::account::invitation(
                locale,
                &person.name,
                invited_by.as_deref(),
                &format!("{base}/account/activate/{token}"),
            ),
        )],
        DomainEvent::PasswordResetRequested { token } => vec![(
            person.email.clone(),
            crate::account::password_reset(
                locale,
                &person.name,
                &format!("{base}/account/reset/{token}"),
            ),
        )],
        DomainEvent::PasswordChanged {} => vec![(
            person.email.clone(),
            crate::account::password_changed(locale, &person.name),
        )],
        DomainEvent::EmailChangeRequested {
            token,
            new_email,
            old_email,
        } => {
            let url = format!("{base}/account/email/{token}");
            vec![
                (
                    new_email.to_owned(),
                    crate::account::email_confirmation(locale, &person.name, new_email, &url),
                ),
                (
                    old_email.to_owned(),
                    crate::account::email_change_notice(locale, &person.name, new_email),
                ),
            ]
        }
        _ => Vec::new(),
    };
    for (address, rendered) in messages {
        let outgoing = Outgoing {
            kind: "account",
            meeting_id: None,
            invitation_id: None,
            recipient_email: address,
            recipient_name: person.name.clone(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            calendar: None,
        };
        queue(txn, outgoing).await?;
    }
    Ok(())
}

/// Queues reminders for meetings whose reminder time has come, once per meeting.
pub async fn queue_reminders(
    db: &DatabaseConnection,
    config: &MailConfig,
) -> Result<usize, MailError> {
    let now = Utc::now();
    let candidates = meeting::Entity::find()
        .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled))
        .filter(meeting::Column::RemindersEnabled.eq(true))
        .filter(meeting::Column::ReminderSentAt.is_null())
        .filter(meeting::Column::StartsAt.gt(now))
        .filter(meeting::Column::StartsAt.lte(now + Duration::days(31)))
        .all(db)
        .await?;
    let mut queued = 0;
    for meeting in candidates
        .into_iter()
        .filter(|m| m.starts_at - Duration::hours(i64::from(m.reminder_hours)) <= now)
    {
        let txn = tavolo_store::begin_write(db).await?;
        let claimed = meeting::Entity::update_many()
            .col_expr(meeting::Column::ReminderSentAt, Expr::value(now))
            .filter(meeting::Column::Id.eq(meeting.id))
            .filter(meeting::Column::ReminderSentAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        if let Some(context) = Context::load(&txn, config, meeting.id).await? {
            let subject = Subject::Reminder {
                note: meeting.reminder_note.clone(),
            };
            for invitation in context
                .invitations
                .iter()
                .filter(|i| matches!(i.rsvp, Rsvp::Accepted | Rsvp::NeedsAction))
            {
                if let Some(person_id) = invitation.person_id
                    && muted(&txn, person_id, NotificationKind::Reminder).await?
                {
                    continue;
                }
                context
                    .invite(&txn, invitation, "reminder", &subject)
                    .await?;
                queued += 1;
            }
        }
        txn.commit().await?;
    }
    Ok(queued)
}

/// A meeting with everything its messages need.
struct Context<'a> {
    config: &'a MailConfig,
    meeting: meeting::Model,
    table: table::Model,
    agenda: Vec<String>,
    invitations: Vec<invitation::Model>,
    people: Vec<person::Model>,
    organizer: Party,
    /// The series the meeting is an occurrence of.
    series: Option<meeting_series::Model>,
}

impl<'a> Context<'a> {
    async fn load(
        txn: &impl ConnectionTrait,
        config: &'a MailConfig,
        meeting_id: i64,
    ) -> Result<Option<Self>, MailError> {
        let Some(meeting) = meeting::Entity::find_by_id(meeting_id).one(txn).await? else {
            return Ok(None);
        };
        let Some(table) = table::Entity::find_by_id(meeting.table_id).one(txn).await? else {
            return Ok(None);
        };
        let files = meeting_file::Entity::find()
            .filter(meeting_file::Column::MeetingId.eq(meeting_id))
            .filter(meeting_file::Column::Target.eq(MeetingFileTarget::AgendaItem))
            .order_by_asc(meeting_file::Column::Id)
            .all(txn)
            .await?;
        // Each item with its files' addresses: the invitee opens them signed in, under the meeting's visibility.
        let agenda = agenda_item::Entity::find()
            .filter(agenda_item::Column::MeetingId.eq(meeting_id))
            .order_by_asc(agenda_item::Column::Position)
            .all(txn)
            .await?
            .into_iter()
            .map(|item| {
                let links: Vec<String> = files
                    .iter()
                    .filter(|f| f.target_id == item.id)
                    .map(|f| {
                        format!(
                            "{} <{}/meeting-files/{}/{}>",
                            f.file_name,
                            config.public_url,
                            f.id,
                            tavolo_files::url_encoded(&f.file_name)
                        )
                    })
                    .collect();
                if links.is_empty() {
                    item.title
                } else {
                    format!("{} — {}", item.title, links.join(", "))
                }
            })
            .collect();
        let (invitations, people) = invitees_of(txn, [meeting_id]).await?;
        let organizer = organizer_of(&table, config);
        let series = match meeting.series_id {
            Some(id) => meeting_series::Entity::find_by_id(id).one(txn).await?,
            None => None,
        };
        Ok(Some(Self {
            config,
            meeting,
            table,
            agenda,
            invitations,
            people,
            organizer,
            series,
        }))
    }

    fn locale_of(&self, invitation: &invitation::Model) -> Locale {
        invitation
            .person_id
            .and_then(|id| self.people.iter().find(|p| p.id == id))
            .map(|p| p.locale)
            .unwrap_or(Locale::It)
    }

    fn url(&self) -> String {
        format!("{}/meetings/{}", self.config.public_url, self.meeting.id)
    }

    fn facts(&self, answer_links: Option<[String; 4]>) -> MeetingFacts {
        MeetingFacts {
            table: self.table.name.clone(),
            title: self.meeting.title.clone(),
            when: when_of(&self.meeting),
            place: self.meeting.place.clone(),
            online_url: self.meeting.online_url.clone(),
            agenda: self.agenda.clone(),
            url: self.url(),
            answer_links,
        }
    }

    fn calendar_event(&self) -> MeetingEvent {
        calendar_event(&self.meeting, &self.agenda, &self.config.public_url)
    }

    /// The calendar object for one attendee: the meeting's own, or for an occurrence of a series that occurrence
    /// alone under the series' UID with its RECURRENCE-ID, as calendars hold it (a withdrawal's raised SEQUENCE
    /// raised on the series' too).
    fn calendar(
        &self,
        method: Method,
        event: &MeetingEvent,
        attendee: &Attendee,
    ) -> Result<String, MailError> {
        let Some(series) = &self.series else {
            return Ok(tavolo_calendar::invitation(
                method,
                event,
                &self.organizer,
                attendee,
                Utc::now(),
            ));
        };
        let mut entry =
            crate::series::series_calendar(series, &[&self.meeting], &self.config.public_url)?;
        entry.master.sequence += event.sequence - self.meeting.sequence;
        let occurrence = Override {
            recurrence_id: self.meeting.recurrence_id.unwrap_or(self.meeting.starts_at),
            event: event.clone(),
        };
        Ok(tavolo_calendar::occurrence_invitation(
            method,
            &entry,
            &occurrence,
            &self.organizer,
            attendee,
            Utc::now(),
        ))
    }

    fn answer_links(&self, invitation: &invitation::Model) -> [String; 4] {
        let expires_at: DateTime<Utc> = self.meeting.ends_at;
        ["accepted", "tentative", "declined", "delegated"].map(|rsvp| {
            let link = AnswerLink {
                invitation_id: invitation.id,
                nonce: invitation.answer_nonce,
                rsvp: rsvp.to_owned(),
                expires_at,
                series: false,
            };
            format!(
                "{}/answer/{}",
                self.config.public_url,
                sign(&link, &self.config.link_secret)
            )
        })
    }

    async fn invite_all(
        &self,
        txn: &DatabaseTransaction,
        kind: &'static str,
        subject: Subject,
    ) -> Result<(), MailError> {
        for invitation in &self.invitations {
            self.invite(txn, invitation, kind, &subject).await?;
        }
        Ok(())
    }

    /// A REQUEST (invitation, update or reminder) to one invitee, with their own answer links.
    async fn invite(
        &self,
        txn: &DatabaseTransaction,
        invitation: &invitation::Model,
        kind: &'static str,
        subject: &Subject,
    ) -> Result<(), MailError> {
        let locale = self.locale_of(invitation);
        let rendered = render(
            locale,
            subject,
            &invitation.name,
            &self.facts(Some(self.answer_links(invitation))),
        );
        let attendee = Attendee {
            party: Party {
                name: invitation.name.clone(),
                email: invitation.email.clone(),
            },
            required: invitation.required,
            partstat: partstat(invitation.rsvp).to_owned(),
        };
        let calendar = self.calendar(Method::Request, &self.calendar_event(), &attendee)?;
        let outgoing = Outgoing {
            kind,
            meeting_id: Some(self.meeting.id),
            invitation_id: Some(invitation.id),
            recipient_email: invitation.email.clone(),
            recipient_name: invitation.name.clone(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            calendar: Some((calendar, "REQUEST")),
        };
        queue(txn, outgoing).await.map(|_| ())
    }

    async fn cancel_all(
        &self,
        txn: &DatabaseTransaction,
        reason: Option<String>,
    ) -> Result<(), MailError> {
        for invitation in &self.invitations {
            let locale = self.locale_of(invitation);
            self.cancel_one(
                txn,
                Some(invitation),
                &invitation.email,
                &invitation.name,
                locale,
                reason.clone(),
            )
            .await?;
        }
        Ok(())
    }

    /// A CANCEL, same UID and a higher SEQUENCE: to everyone when the meeting is cancelled, to one person when uninvited.
    async fn cancel_one(
        &self,
        txn: &DatabaseTransaction,
        invitation: Option<&invitation::Model>,
        email: &str,
        name: &str,
        locale: Locale,
        reason: Option<String>,
    ) -> Result<(), MailError> {
        if email.is_empty() {
            return Ok(());
        }
        let mut event = self.calendar_event();
        event.cancelled = true;
        if self.meeting.status != MeetingStatus::Cancelled {
            // Uninviting one person: the meeting's own SEQUENCE stays, this copy must still supersede the invitation.
            event.sequence += 1;
        }
        let attendee = Attendee {
            party: Party {
                name: name.to_owned(),
                email: email.to_owned(),
            },
            required: invitation.is_none_or(|i| i.required),
            partstat: "NEEDS-ACTION".to_owned(),
        };
        let calendar = self.calendar(Method::Cancel, &event, &attendee)?;
        let rendered = render(
            locale,
            &Subject::Cancellation { reason },
            name,
            &self.facts(None),
        );
        let outgoing = Outgoing {
            kind: "cancellation",
            meeting_id: Some(self.meeting.id),
            invitation_id: invitation.map(|i| i.id),
            recipient_email: email.to_owned(),
            recipient_name: name.to_owned(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            calendar: Some((calendar, "CANCEL")),
        };
        queue(txn, outgoing).await.map(|_| ())
    }

    /// Tells the table's delegates, secretariat and chair (once each) about the minutes.
    async fn notify_members(
        &self,
        txn: &DatabaseTransaction,
        subject: Subject,
    ) -> Result<(), MailError> {
        let now = Utc::now();
        let members = membership::Entity::find()
            .filter(membership::Column::TableId.eq(self.table.id))
            .filter(membership::in_force(now))
            .filter(membership::Column::Role.is_in([
                MembershipRole::Delegate.as_str(),
                MembershipRole::Chair.as_str(),
                MembershipRole::Secretariat.as_str(),
            ]))
            .all(txn)
            .await?;
        let mut ids: Vec<i64> = members.iter().map(|m| m.person_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let people = person::Entity::find()
            .filter(person::Column::Id.is_in(ids))
            .filter(person::Column::Active.eq(true))
            .all(txn)
            .await?;
        for person in &people {
            self.notify(txn, person, &subject).await?;
        }
        Ok(())
    }

    async fn notify(
        &self,
        txn: &DatabaseTransaction,
        person: &person::Model,
        subject: &Subject,
    ) -> Result<(), MailError> {
        let kind = match subject {
            Subject::MinutesInReview => Some(NotificationKind::MinutesInReview),
            Subject::MinutesApproved => Some(NotificationKind::MinutesApproved),
            Subject::ActionItemAssigned { .. } => Some(NotificationKind::ActionItemAssigned),
            Subject::ActionItemDueSoon { .. } => Some(NotificationKind::ActionItemDueSoon),
            _ => None,
        };
        if let Some(kind) = kind
            && muted(txn, person.id, kind).await?
        {
            return Ok(());
        }
        let locale = person.locale;
        let rendered = render(locale, subject, &person.name, &self.facts(None));
        let outgoing = Outgoing {
            kind: "notification",
            meeting_id: Some(self.meeting.id),
            invitation_id: None,
            recipient_email: person.email.clone(),
            recipient_name: person.name.clone(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            calendar: None,
        };
        queue(txn, outgoing).await.map(|_| ())
    }
}

/// The invitations of the meetings, in order, and the people among the invitees (for their language).
pub(crate) async fn invitees_of(
    txn: &impl ConnectionTrait,
    meeting_ids: impl IntoIterator<Item = i64>,
) -> Result<(Vec<invitation::Model>, Vec<person::Model>), MailError> {
    let invitations = invitation::Entity::find()
        .filter(invitation::Column::MeetingId.is_in(meeting_ids))
        .order_by_asc(invitation::Column::Id)
        .all(txn)
        .await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(invitations.iter().filter_map(|i| i.person_id)))
        .all(txn)
        .await?;
    Ok((invitations, people))
}

/// A meeting's time as messages write it: "16/12/2026 10:00–12:00 (Europe/Rome)".
pub(crate) fn when_of(meeting: &meeting::Model) -> String {
    let zone = meeting.time_zone.tz();
    let start = meeting.starts_at.with_timezone(&zone);
    let end = meeting.ends_at.with_timezone(&zone);
    if start.date_naive() == end.date_naive() {
        format!(
            "{} {}–{} ({})",
            start.format("%d/%m/%Y"),
            start.format("%H:%M"),
            end.format("%H:%M"),
            zone.name()
        )
    } else {
        format!(
            "{} – {} ({})",
            start.format("%d/%m/%Y %H:%M"),
            end.format("%d/%m/%Y %H:%M"),
            zone.name()
        )
    }
}

/// Withdraws one invitee from one meeting: a CANCEL of that meeting (for an occurrence, of it alone).
pub(crate) async fn withdraw(
    txn: &DatabaseTransaction,
    config: &MailConfig,
    meeting_id: i64,
    invitation: &invitation::Model,
    reason: Option<String>,
) -> Result<(), MailError> {
    let Some(context) = Context::load(txn, config, meeting_id).await? else {
        return Ok(());
    };
    let locale = context.locale_of(invitation);
    context
        .cancel_one(
            txn,
            Some(invitation),
            &invitation.email,
            &invitation.name,
            locale,
            reason,
        )
        .await
}

/// The calendar's ORGANIZER is the installation's mailbox, the one Tavolo reads for replies, named after the table's
/// secretariat: calendar clients then send answers back to Tavolo, and the secretariat gets answer buttons like
/// every other invitee instead of an organizer's copy.
pub(crate) fn organizer_of(table: &table::Model, config: &MailConfig) -> Party {
    Party {
        name: format!("Segreteria — {}", table.name),
        email: config.from_email.clone(),
    }
}

pub(crate) async fn locale_of_email(
    txn: &impl ConnectionTrait,
    email: &str,
) -> Result<Locale, MailError> {
    let found = person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(txn)
        .await?;
    Ok(found.map(|p| p.locale).unwrap_or(Locale::It))
}

pub(crate) fn partstat(rsvp: Rsvp) -> &'static str {
    match rsvp {
        Rsvp::Accepted => "ACCEPTED",
        Rsvp::Tentative => "TENTATIVE",
        Rsvp::Declined => "DECLINED",
        Rsvp::Delegated => "DELEGATED",
        Rsvp::NeedsAction => "NEEDS-ACTION",
    }
}

/// A meeting as a calendar event: the agenda and the meeting's address in DESCRIPTION, the place (or link) as LOCATION.
pub fn calendar_event(
    meeting: &meeting::Model,
    agenda: &[String],
    public_url: &str,
) -> MeetingEvent {
    let url = format!("{public_url}/meetings/{}", meeting.id);
    let mut description = String::new();
    for (index, item) in agenda.iter().enumerate() {
        description.push_str(&format!("{}. {item}\n", index + 1));
    }
    description.push_str(&url);
    MeetingEvent {
        uid: meeting.calendar_uid.clone(),
        sequence: meeting.sequence,
        title: meeting.title.clone(),
        description,
        location: meeting.place.clone().or_else(|| meeting.online_url.clone()),
        url: Some(url),
        starts_at: meeting.starts_at,
        ends_at: meeting.ends_at,
        cancelled: meeting.status == MeetingStatus::Cancelled,
        last_modified: meeting.updated_at,
    }
}

/// Whether the person turned this kind of notification off.
pub(crate) async fn muted(
    txn: &impl ConnectionTrait,
    person_id: i64,
    kind: NotificationKind,
) -> Result<bool, MailError> {
    let found = notification_mute::Entity::find()
        .filter(notification_mute::Column::PersonId.eq(person_id))
        .filter(notification_mute::Column::Kind.eq(kind.as_str()))
        .one(txn)
        .await?;
    Ok(found.is_some())
}

/// How many days before its due date an open action item's assignee is reminded of it.
pub const DUE_SOON_DAYS: i64 = 2;

/// Tells assignees about their open action items due within `DUE_SOON_DAYS`, once per item.
pub async fn queue_due_soon(
    db: &DatabaseConnection,
    config: &MailConfig,
) -> Result<usize, MailError> {
    let today = Utc::now().date_naive();
    let due = action_item::Entity::find()
        .filter(
            action_item::Column::Status
                .is_in([ActionItemStatus::Open, ActionItemStatus::InProgress]),
        )
        .filter(action_item::Column::DueNoticeSentAt.is_null())
        .filter(action_item::Column::AssigneePersonId.is_not_null())
        .filter(action_item::Column::DueDate.gte(today))
        .filter(action_item::Column::DueDate.lte(today + Duration::days(DUE_SOON_DAYS)))
        .all(db)
        .await?;
    let mut queued = 0;
    for item in due {
        let txn = tavolo_store::begin_write(db).await?;
        let claimed = action_item::Entity::update_many()
            .col_expr(
                action_item::Column::DueNoticeSentAt,
                Expr::value(Utc::now()),
            )
            .filter(action_item::Column::Id.eq(item.id))
            .filter(action_item::Column::DueNoticeSentAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let assignee = match item.assignee_person_id {
            Some(id) => person::Entity::find_by_id(id).one(&txn).await?,
            None => None,
        };
        if let (Some(assignee), Some(context)) = (
            assignee,
            Context::load(&txn, config, item.meeting_id).await?,
        ) {
            let due = item
                .due_date
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default();
            context
                .notify(
                    &txn,
                    &assignee,
                    &Subject::ActionItemDueSoon {
                        title: item.title.clone(),
                        due,
                    },
                )
                .await?;
            queued += 1;
        }
        txn.commit().await?;
    }
    Ok(queued)
}
