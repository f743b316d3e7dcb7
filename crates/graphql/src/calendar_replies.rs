//! Answers read from the organizer's mailbox: on the meeting they concern (for whoever runs its table), those that
//! name no meeting (for administrators), and marking a proposal or a kept-aside answer as seen.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use tavolo_domain::{CalendarReplyIssue, CalendarReplyMethod, CalendarReplyOutcome, Rsvp};
use tavolo_service::ServiceError;
use tavolo_store::entity::calendar_reply;

use crate::error::parse_id;
use crate::{ApiError, ApiResult, parts};

/// At most this many unmatched answers in one list.
const MAX_UNMATCHED: i32 = 200;

/// An answer a calendar client mailed to Tavolo, and what became of it.
pub struct CalendarReply(pub calendar_reply::Model);

#[Object]
impl CalendarReply {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// An answer, or a proposal of another time.
    async fn method(&self) -> CalendarReplyMethod {
        self.0.method
    }
    async fn outcome(&self) -> CalendarReplyOutcome {
        self.0.outcome
    }
    /// Why it was kept aside.
    async fn issue(&self) -> Option<CalendarReplyIssue> {
        self.0.issue
    }
    /// What the parser said of a calendar it could not read.
    async fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }
    /// The message's From address.
    async fn sender(&self) -> &str {
        &self.0.sender
    }
    /// The attendee the answer is for.
    async fn attendee_email(&self) -> Option<&str> {
        self.0.attendee_email.as_deref()
    }
    /// What they answered.
    async fn answer(&self) -> Option<Rsvp> {
        self.0.partstat
    }
    async fn delegated_to_email(&self) -> Option<&str> {
        self.0.delegated_to_email.as_deref()
    }
    /// The time a proposal suggests, when the client said it as an instant.
    async fn proposed_starts_at(&self) -> Option<DateTime<Utc>> {
        self.0.proposed_starts_at
    }
    async fn proposed_ends_at(&self) -> Option<DateTime<Utc>> {
        self.0.proposed_ends_at
    }
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// The version of the meeting it answers (iCalendar SEQUENCE), when the client said.
    async fn sequence(&self) -> Option<i32> {
        self.0.sequence
    }
    async fn received_at(&self) -> DateTime<Utc> {
        self.0.received_at
    }
    /// When someone who runs the table marked it as seen.
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.reviewed_at
    }
    async fn meeting_id(&self) -> Option<ID> {
        self.0.meeting_id.map(|id| ID(id.to_string()))
    }
}

#[derive(Default)]
pub struct CalendarReplyQuery;

#[Object]
impl CalendarReplyQuery {
    /// Answers from the mailbox that name no meeting Tavolo knows, or could not be read: administrators.
    async fn unmatched_calendar_replies(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 50)] first: i32,
    ) -> ApiResult<Vec<CalendarReply>> {
        let (services, actor) = parts(ctx)?;
        if !(1..=MAX_UNMATCHED).contains(&first) {
            return Err(ApiError(ServiceError::out_of_range(
                "first",
                1,
                MAX_UNMATCHED,
            )));
        }
        Ok(services
            .meetings()
            .unmatched_calendar_replies(actor, first.unsigned_abs().into())
            .await?
            .into_iter()
            .map(CalendarReply)
            .collect())
    }
}

#[derive(Default)]
pub struct CalendarReplyMutation;

#[Object]
impl CalendarReplyMutation {
    /// Marks a proposal or a kept-aside answer as seen (whoever runs the meeting's table; administrators for one
    /// that names no meeting).
    async fn review_calendar_reply(&self, ctx: &Context<'_>, id: ID) -> ApiResult<CalendarReply> {
        let (services, actor) = parts(ctx)?;
        Ok(CalendarReply(
            services
                .meetings()
                .review_calendar_reply(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }
}
