//! The outbox: queue a message (inside the caller's transaction), claim due messages under a lease so that several
//! processes never send one twice, and record each attempt with exponential backoff.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use tavolo_store::entity::mail_outbox;

use crate::MailError;

/// A message to queue.
pub struct Outgoing {
    pub kind: &'static str,
    pub meeting_id: Option<i64>,
    pub invitation_id: Option<i64>,
    pub recipient_email: String,
    pub recipient_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The calendar object and its METHOD, for invitations.
    pub calendar: Option<(String, &'static str)>,
}

/// After this many failed attempts a message is given up on and shown as failed.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claim holds a message before another process may take it over (a crashed sender's lease expires).
const LEASE_SECONDS: i64 = 120;

pub async fn queue(
    conn: &impl ConnectionTrait,
    message: Outgoing,
) -> Result<mail_outbox::Model, MailError> {
    let now = Utc::now();
    let (calendar, method) = match message.calendar {
        Some((text, method)) => (Some(text), Some(method.to_owned())),
        None => (None, None),
    };
    Ok(mail_outbox::ActiveModel {
        kind: Set(message.kind.to_owned()),
        meeting_id: Set(message.meeting_id),
        invitation_id: Set(message.invitation_id),
        recipient_email: Set(message.recipient_email),
        recipient_name: Set(message.recipient_name),
        subject: Set(message.subject),
        body_text: Set(message.text),
        body_html: Set(message.html),
        calendar: Set(calendar),
        calendar_method: Set(method),
        status: Set("queued".to_owned()),
        attempts: Set(0),
        last_error: Set(None),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        locked_by: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

fn claimable(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(mail_outbox::Column::Status.eq("queued"))
        .add(mail_outbox::Column::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(mail_outbox::Column::LockedUntil.is_null())
                .add(mail_outbox::Column::LockedUntil.lt(now)),
        )
}

/// Claims up to `limit` due messages for `worker`. The conditions are repeated outside the subquery so that PostgreSQL
/// re-checks them on a row another process locked meanwhile: each message goes to exactly one claimant.
pub async fn claim(
    conn: &impl ConnectionTrait,
    worker: &str,
    limit: u64,
) -> Result<Vec<mail_outbox::Model>, MailError> {
    let now = Utc::now();
    let due = Query::select()
        .column(mail_outbox::Column::Id)
        .from(mail_outbox::Entity)
        .cond_where(claimable(now))
        .order_by(mail_outbox::Column::Id, sea_orm::Order::Asc)
        .limit(limit)
        .to_owned();
    mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::LockedUntil,
            Expr::value(now + Duration::seconds(LEASE_SECONDS)),
        )
        .col_expr(mail_outbox::Column::LockedBy, Expr::value(worker))
        .filter(mail_outbox::Column::Id.in_subquery(due))
        .filter(claimable(now))
        .exec(conn)
        .await?;
    Ok(mail_outbox::Entity::find()
        .filter(mail_outbox::Column::LockedBy.eq(worker))
        .filter(mail_outbox::Column::Status.eq("queued"))
        .filter(mail_outbox::Column::LockedUntil.gt(now))
        .order_by_asc(mail_outbox::Column::Id)
        .all(conn)
        .await?)
}

pub async fn mark_sent(
    conn: &impl ConnectionTrait,
    row: mail_outbox::Model,
) -> Result<(), MailError> {
    let attempts = row.attempts + 1;
    let mut model: mail_outbox::ActiveModel = row.into();
    model.status = Set("sent".to_owned());
    model.attempts = Set(attempts);
    model.sent_at = Set(Some(Utc::now()));
    model.locked_until = Set(None);
    model.update(conn).await?;
    Ok(())
}

/// Records a failed attempt: a permanent refusal or too many attempts end it, anything else is retried later.
pub async fn mark_failed(
    conn: &impl ConnectionTrait,
    row: mail_outbox::Model,
    error: &MailError,
) -> Result<(), MailError> {
    let attempts = row.attempts + 1;
    let give_up = matches!(
        error,
        MailError::Permanent(_) | MailError::Address(_) | MailError::Build(_)
    ) || attempts >= MAX_ATTEMPTS;
    let mut model: mail_outbox::ActiveModel = row.into();
    model.attempts = Set(attempts);
    model.last_error = Set(Some(error.to_string()));
    model.locked_until = Set(None);
    if give_up {
        model.status = Set("failed".to_owned());
    } else {
        model.next_attempt_at = Set(Utc::now() + backoff(attempts));
    }
    model.update(conn).await?;
    Ok(())
}

/// 30 s, 1 min, 2 min, … capped at one hour.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 8) - 1;
    Duration::seconds((30_i64 << exponent).min(3_600))
}

/// Puts a failed or sent message back in the queue (the secretariat's "resend").
pub async fn requeue(conn: &impl ConnectionTrait, id: i64) -> Result<(), MailError> {
    mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value("queued"))
        .col_expr(mail_outbox::Column::Attempts, Expr::value(0))
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(Utc::now()))
        .col_expr(
            mail_outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(mail_outbox::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Messages waiting to go out and messages given up on, for monitoring.
pub async fn backlog(conn: &impl ConnectionTrait) -> Result<(u64, u64), MailError> {
    let count = |status: &'static str| {
        mail_outbox::Entity::find()
            .filter(mail_outbox::Column::Status.eq(status))
            .count(conn)
    };
    Ok((count("queued").await?, count("failed").await?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(super::backoff(1).num_seconds(), 30);
        assert_eq!(super::backoff(2).num_seconds(), 60);
        assert_eq!(super::backoff(8).num_seconds(), 3_600);
    }
}
