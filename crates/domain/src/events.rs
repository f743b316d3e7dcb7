//! What happened, as the workers that act on it (mail, calendars) know it: one tagged enum whose variants carry their
//! own payload. It is stored as its tag (`kind`) and its payload (JSON), written by the service in the transaction
//! of the change and read back by the mail worker, both through this type.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::kinds::{ApprovalMethod, MeetingStatus};
use crate::values::TimeZoneName;

/// A meeting as it stood when the event happened: enough to describe it without reading it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSnapshot {
    pub id: i64,
    pub uid: String,
    pub sequence: i32,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: TimeZoneName,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub status: MeetingStatus,
}

/// A change that someone must be told about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    content = "payload",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum DomainEvent {
    /// Its invitations went out (or, recorded after the fact, it was written down).
    MeetingScheduled {
        meeting: MeetingSnapshot,
    },
    /// Its time, place or link changed.
    MeetingRescheduled {
        before: MeetingSnapshot,
        after: MeetingSnapshot,
    },
    MeetingCancelled {
        meeting: MeetingSnapshot,
        reason: Option<String>,
    },
    /// A series' invitations went out: calendars hold it as one entry, with every occurrence.
    SeriesScheduled {
        series: i64,
    },
    /// A series changed as a whole (its rule, time or place, or it was shortened).
    SeriesRescheduled {
        series: i64,
    },
    /// A whole series was called off: its calendar entry goes, with every occurrence.
    SeriesCancelled {
        series: i64,
        reason: Option<String>,
    },
    AgendaChanged {
        agenda_version: i32,
    },
    InvitationAdded {
        email: String,
    },
    InvitationRemoved {
        email: String,
        name: String,
        meeting: MeetingSnapshot,
    },
    MinutesSentForReview {
        version: i32,
    },
    MinutesApproved {
        method: ApprovalMethod,
    },
    ActionItemAssigned {
        title: String,
        assignee_person_id: Option<i64>,
        assignee_organization_id: Option<i64>,
        due_date: Option<NaiveDate>,
    },
    /// A person asked to move their account to a new address: a confirmation link for it, a notice for the old one.
    EmailChangeRequested {
        token: String,
        new_email: String,
        old_email: String,
    },
    /// A person was invited to activate an account: the link to set a password.
    AccountInvited {
        token: String,
        invited_by: Option<String>,
    },
    /// A person asked to reset a forgotten password: the link to set a new one.
    PasswordResetRequested {
        token: String,
    },
    /// A person's password changed (by them, or through a reset): a notice, in case it was not them.
    PasswordChanged {},
    /// A questionnaire opened for its table's members or named organizations' operators: each is asked to answer.
    QuestionnaireOpened {
        title: String,
        ends_at: Option<DateTime<Utc>>,
    },
}

/// A stored event that this type cannot read: a corrupted row, never a caller's mistake.
#[derive(Debug, thiserror::Error)]
#[error("stored {kind} event is unreadable: {reason}")]
pub struct UnreadableEvent {
    pub kind: String,
    pub reason: String,
}

impl DomainEvent {
    /// Its tag, as stored in `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            DomainEvent::MeetingScheduled { .. } => "meeting_scheduled",
            DomainEvent::MeetingRescheduled { .. } => "meeting_rescheduled",
            DomainEvent::MeetingCancelled { .. } => "meeting_cancelled",
            DomainEvent::SeriesScheduled { .. } => "series_scheduled",
            DomainEvent::SeriesRescheduled { .. } => "series_rescheduled",
            DomainEvent::SeriesCancelled { .. } => "series_cancelled",
            DomainEvent::AgendaChanged { .. } => "agenda_changed",
            DomainEvent::InvitationAdded { .. } => "invitation_added",
            DomainEvent::InvitationRemoved { .. } => "invitation_removed",
            DomainEvent::MinutesSentForReview { .. } => "minutes_sent_for_review",
            DomainEvent::MinutesApproved { .. } => "minutes_approved",
            DomainEvent::ActionItemAssigned { .. } => "action_item_assigned",
            DomainEvent::EmailChangeRequested { .. } => "email_change_requested",
            DomainEvent::AccountInvited { .. } => "account_invited",
            DomainEvent::PasswordResetRequested { .. } => "password_reset_requested",
            DomainEvent::PasswordChanged {} => "password_changed",
            DomainEvent::QuestionnaireOpened { .. } => "questionnaire_opened",
        }
    }

    /// Its payload as stored beside the tag. (Serializing it cannot fail: every field is a string, a number, a
    /// date or an enum.)
    pub fn payload(&self) -> String {
        let mut tagged = serde_json::to_value(self).unwrap_or_default();
        tagged
            .get_mut("payload")
            .map(serde_json::Value::take)
            .unwrap_or_default()
            .to_string()
    }

    /// The event a stored tag and payload describe.
    pub fn from_stored(kind: &str, payload: &str) -> Result<Self, UnreadableEvent> {
        let unreadable = |reason: String| UnreadableEvent {
            kind: kind.to_owned(),
            reason,
        };
        let payload: serde_json::Value =
            serde_json::from_str(payload).map_err(|e| unreadable(e.to_string()))?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "payload": payload }))
            .map_err(|e| unreadable(e.to_string()))
    }

    /// The same event without the secret a link carries, as it stays stored once the message has gone.
    pub fn without_secret(&self) -> Self {
        let mut kept = self.clone();
        match &mut kept {
            DomainEvent::EmailChangeRequested { token, .. }
            | DomainEvent::AccountInvited { token, .. }
            | DomainEvent::PasswordResetRequested { token } => token.clear(),
            _ => {}
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> MeetingSnapshot {
        MeetingSnapshot {
            id: 7,
            uid: "meeting-7@tavolo".into(),
            sequence: 2,
            title: "Seduta".into(),
            starts_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default(),
            ends_at: DateTime::from_timestamp(1_800_003_600, 0).unwrap_or_default(),
            time_zone: TimeZoneName::default(),
            place: Some("Sala A".into()),
            online_url: None,
            status: MeetingStatus::Scheduled,
        }
    }

    #[test]
    fn every_event_reads_back_from_its_tag_and_payload() {
        let events = [
            DomainEvent::MeetingScheduled {
                meeting: snapshot(),
            },
            DomainEvent::MeetingRescheduled {
                before: snapshot(),
                after: snapshot(),
            },
            DomainEvent::MeetingCancelled {
                meeting: snapshot(),
                reason: Some("Sciopero".into()),
            },
            DomainEvent::SeriesScheduled { series: 3 },
            DomainEvent::SeriesRescheduled { series: 3 },
            DomainEvent::SeriesCancelled {
                series: 3,
                reason: None,
            },
            DomainEvent::AgendaChanged { agenda_version: 4 },
            DomainEvent::InvitationAdded {
                email: "a@b.example".into(),
            },
            DomainEvent::InvitationRemoved {
                email: "a@b.example".into(),
                name: "A".into(),
                meeting: snapshot(),
            },
            DomainEvent::MinutesSentForReview { version: 2 },
            DomainEvent::MinutesApproved {
                method: ApprovalMethod::WrittenProcedure,
            },
            DomainEvent::ActionItemAssigned {
                title: "Censimento".into(),
                assignee_person_id: Some(5),
                assignee_organization_id: None,
                due_date: NaiveDate::from_ymd_opt(2027, 1, 31),
            },
            DomainEvent::EmailChangeRequested {
                token: "t".into(),
                new_email: "n@b.example".into(),
                old_email: "o@b.example".into(),
            },
            DomainEvent::AccountInvited {
                token: "t".into(),
                invited_by: Some("Marco".into()),
            },
            DomainEvent::PasswordResetRequested { token: "t".into() },
            DomainEvent::PasswordChanged {},
        ];
        for event in events {
            let read = DomainEvent::from_stored(event.kind(), &event.payload());
            assert_eq!(read.ok(), Some(event.clone()), "{}", event.kind());
        }
    }

    #[test]
    fn payloads_keep_their_camel_case_field_names() {
        let event = DomainEvent::AgendaChanged { agenda_version: 4 };
        assert_eq!(event.payload(), r#"{"agendaVersion":4}"#);
    }

    #[test]
    fn an_unknown_tag_or_a_missing_field_is_unreadable() {
        assert!(DomainEvent::from_stored("meeting_exploded", "{}").is_err());
        assert!(DomainEvent::from_stored("invitation_added", "{}").is_err());
        assert!(DomainEvent::from_stored("invitation_added", "not json").is_err());
    }

    #[test]
    fn the_secret_goes_and_the_rest_stays() {
        let event = DomainEvent::AccountInvited {
            token: "secret".into(),
            invited_by: Some("Marco".into()),
        };
        assert_eq!(
            event.without_secret(),
            DomainEvent::AccountInvited {
                token: String::new(),
                invited_by: Some("Marco".into()),
            }
        );
    }
}
