//! Domain events: written in the transaction of the change they describe, for the mail and search workers to consume.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::Value;
use tavolo_domain::Actor;
use tavolo_store::entity::domain_event;
use tavolo_store::sea_orm;

use crate::ServiceResult;

/// What happened, as consumers know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    MeetingScheduled,
    MeetingRescheduled,
    MeetingCancelled,
    /// A whole series was called off: its calendar entry goes, with every occurrence.
    SeriesCancelled,
    AgendaChanged,
    InvitationAdded,
    InvitationRemoved,
    MinutesSentForReview,
    MinutesApproved,
    ActionItemAssigned,
    /// A person asked to move their account to a new address: a confirmation link for it, a notice for the old one.
    EmailChangeRequested,
    /// A person was invited to activate an account: the link to set a password.
    AccountInvited,
    /// A person asked to reset a forgotten password: the link to set a new one.
    PasswordResetRequested,
    /// A person's password changed (by them, or through a reset): a notice, in case it was not them.
    PasswordChanged,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::MeetingScheduled => "meeting_scheduled",
            EventKind::MeetingRescheduled => "meeting_rescheduled",
            EventKind::MeetingCancelled => "meeting_cancelled",
            EventKind::SeriesCancelled => "series_cancelled",
            EventKind::AgendaChanged => "agenda_changed",
            EventKind::InvitationAdded => "invitation_added",
            EventKind::InvitationRemoved => "invitation_removed",
            EventKind::MinutesSentForReview => "minutes_sent_for_review",
            EventKind::MinutesApproved => "minutes_approved",
            EventKind::ActionItemAssigned => "action_item_assigned",
            EventKind::EmailChangeRequested => "email_change_requested",
            EventKind::AccountInvited => "account_invited",
            EventKind::PasswordResetRequested => "password_reset_requested",
            EventKind::PasswordChanged => "password_changed",
        }
    }
}

/// One event about an entity of a meeting.
pub struct Event {
    pub kind: EventKind,
    pub table_id: i64,
    pub meeting_id: i64,
    pub entity_id: i64,
    pub payload: Value,
}

/// Writes `event` inside the caller's transaction: it exists exactly when the change does.
pub async fn publish(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    event: Event,
) -> ServiceResult<()> {
    domain_event::ActiveModel {
        kind: Set(event.kind.as_str().to_owned()),
        table_id: Set(Some(event.table_id)),
        meeting_id: Set(Some(event.meeting_id)),
        entity_id: Set(event.entity_id),
        actor_id: Set(actor.person_id()),
        payload: Set(event.payload.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Writes an event about a person's account (no table, no meeting) inside the caller's transaction.
pub async fn publish_account(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    kind: EventKind,
    person_id: i64,
    payload: Value,
) -> ServiceResult<()> {
    domain_event::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        table_id: Set(None),
        meeting_id: Set(None),
        entity_id: Set(person_id),
        actor_id: Set(actor.person_id()),
        payload: Set(payload.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
