//! Answers that calendar clients mail to the organizer's mailbox: each message judged against the meeting it names
//! (UID, SEQUENCE, attendee, sender) and then applied as the invitee's answer exactly once, kept as a proposal for
//! the secretariat (COUNTER), or kept aside with the reason it was not applied.

#[allow(unused_imports)]
use super::*;
use sea_orm::sea_query::ExprTrait;
use tavolo_calendar::reply::{CalendarReply, PartStat, ReplyError, ReplyMethod};
use tavolo_domain::{CalendarReplyIssue, CalendarReplyMethod, CalendarReplyOutcome};
use tavolo_store::entity::{calendar_reply, meeting_series};

const MAILBOX_LEASE: &str = "mailbox";
/// Long enough to cover one IDLE wait between renewals.
pub const MAILBOX_LEASE_SECONDS: i64 = 90;

/// One message read from the mailbox.
#[derive(Debug, Clone)]
pub struct IncomingReply {
    /// Its Message-ID, or a digest of its bytes: the same message read again is recognized.
    pub message_key: String,
    /// The From address, lower case; empty when the message had none.
    pub sender: String,
    pub received_at: DateTime<Utc>,
    /// Its calendar object, or why it could not be read.
    pub calendar: Result<CalendarReply, ReplyError>,
}

/// What recording a message did.
#[derive(Debug, Clone)]
pub struct RecordedReply {
    pub reply: calendar_reply::Model,
    /// False when the message had been handled before (by this process or another): nothing was written now.
    pub first_time: bool,
}

/// The judgement on one answer before anything is written.
struct Verdict {
    meeting: Option<meeting::Model>,
    invitation: Option<invitation::Model>,
    outcome: CalendarReplyOutcome,
    issue: Option<CalendarReplyIssue>,
    /// For an answer to a whole series: the later occurrences the same attendee is invited to, answered alike.
    following: Vec<(meeting::Model, invitation::Model)>,
}

impl Verdict {
    fn aside(
        issue: CalendarReplyIssue,
        meeting: Option<meeting::Model>,
        invitation: Option<invitation::Model>,
    ) -> Self {
        Self {
            meeting,
            invitation,
            outcome: CalendarReplyOutcome::SetAside,
            issue: Some(issue),
            following: Vec::new(),
        }
    }
}

impl MeetingService<'_> {
    /// Records one message from the organizer's mailbox. Only the mailbox reader (the system) calls this: the message
    /// itself is the credential, as a signed link is. A message already recorded is returned as it was.
    pub async fn record_calendar_reply(
        &self,
        actor: &Actor,
        incoming: IncomingReply,
    ) -> ServiceResult<RecordedReply> {
        if !matches!(actor, Actor::System) {
            return Err(ServiceError::forbidden("record answers from the mailbox"));
        }
        if let Some(reply) = self.reply_by_key(&incoming.message_key).await? {
            return Ok(RecordedReply {
                reply,
                first_time: false,
            });
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let verdict = judge(&txn, &incoming).await?;
        let row = reply_row(&incoming, &verdict);
        // The unique message key makes a second process's insert of the same message fail here, before it applies
        // anything; that process then finds the row the first one wrote.
        let reply = match row.insert(&txn).await {
            Ok(reply) => reply,
            Err(e) if matches!(ServiceError::from(e.clone()), ServiceError::Conflict(_)) => {
                drop(txn);
                let reply = self
                    .reply_by_key(&incoming.message_key)
                    .await?
                    .ok_or_else(|| ServiceError::Internal(e.to_string()))?;
                return Ok(RecordedReply {
                    reply,
                    first_time: false,
                });
            }
            Err(e) => return Err(e.into()),
        };
        if let (CalendarReplyOutcome::Applied, Ok(answer), Some(meeting), Some(invitation)) = (
            verdict.outcome,
            &incoming.calendar,
            &verdict.meeting,
            &verdict.invitation,
        ) {
            apply(&txn, meeting, invitation, answer).await?;
            for (meeting, invitation) in &verdict.following {
                apply(&txn, meeting, invitation, answer).await?;
            }
        }
        txn.commit().await?;
        Ok(RecordedReply {
            reply,
            first_time: true,
        })
    }

    /// Takes or renews the mailbox reader's lease for the process `holder`: of several servers on one database, one
    /// reads the mailbox at a time (the unique message key keeps answers single even if two ever overlap).
    pub async fn hold_mailbox(&self, holder: &str) -> ServiceResult<bool> {
        let txn = tavolo_store::begin_write(self.db).await?;
        let holds = tavolo_store::lease::acquire(
            &txn,
            MAILBOX_LEASE,
            holder,
            Duration::seconds(MAILBOX_LEASE_SECONDS),
        )
        .await?;
        txn.commit().await?;
        Ok(holds)
    }

    /// Gives the mailbox up at shutdown, so another server takes it over at once.
    pub async fn release_mailbox(&self, holder: &str) -> ServiceResult<()> {
        let txn = tavolo_store::begin_write(self.db).await?;
        tavolo_store::lease::release(&txn, MAILBOX_LEASE, holder).await?;
        Ok(txn.commit().await?)
    }

    async fn reply_by_key(&self, key: &str) -> ServiceResult<Option<calendar_reply::Model>> {
        Ok(calendar_reply::Entity::find()
            .filter(calendar_reply::Column::MessageKey.eq(key))
            .one(self.db)
            .await?)
    }

    /// The answers read from the mailbox for each of the meetings, newest first, for whoever runs their tables;
    /// none for anyone else.
    pub async fn calendar_replies(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<calendar_reply::Model>> {
        Ok(calendar_reply::Entity::find()
            .filter(calendar_reply::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(access::on_managed_meeting(
                actor,
                calendar_reply::Column::MeetingId,
            ))
            .order_by_desc(calendar_reply::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Answers kept aside that name no meeting (an unknown UID, a calendar that could not be read), newest first,
    /// at most `limit`: they belong to no table, so administrators see them.
    pub async fn unmatched_calendar_replies(
        &self,
        actor: &Actor,
        limit: u64,
    ) -> ServiceResult<Vec<calendar_reply::Model>> {
        if !policy::can_operate_instance(actor) {
            return Err(ServiceError::forbidden(
                "read the mailbox's unmatched answers",
            ));
        }
        Ok(calendar_reply::Entity::find()
            .filter(calendar_reply::Column::MeetingId.is_null())
            .order_by_desc(calendar_reply::Column::Id)
            .limit(limit)
            .all(self.db)
            .await?)
    }

    /// Marks a proposal or a kept-aside answer as seen, so it leaves the list of things to look at: whoever runs
    /// the meeting's table, or an administrator for one that names no meeting.
    pub async fn review_calendar_reply(
        &self,
        actor: &Actor,
        reply_id: i64,
    ) -> ServiceResult<calendar_reply::Model> {
        let found = calendar_reply::Entity::find_by_id(reply_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("calendar reply"))?;
        let meeting = match found.meeting_id {
            Some(meeting_id) => {
                let context = load(self.db, actor, meeting_id).await?;
                require_manage(actor, &context.roles)?;
                Some(context.meeting)
            }
            None if policy::can_operate_instance(actor) => None,
            None => return Err(ServiceError::not_found("calendar reply")),
        };
        if found.outcome == CalendarReplyOutcome::Applied {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "an applied answer needs no review",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = found.into_active_model();
        model.reviewed_at = Set(Some(Utc::now()));
        model.reviewed_by = Set(actor.person_id());
        let updated = model.update(&txn).await?;
        if let Some(meeting) = &meeting {
            let summary = format!(
                "marked the answer of {} from the mailbox as seen",
                updated.attendee_email.as_deref().unwrap_or(&updated.sender)
            );
            audit::record(
                &txn,
                actor,
                meeting_change("calendar_reply", meeting, summary),
            )
            .await?;
        }
        txn.commit().await?;
        Ok(updated)
    }
}

/// Decides what a message is worth, in the order a person would check: can it be read, which meeting, which
/// invitation, who sent it, which version it answers, whether the meeting still takes answers, what it says.
async fn judge(txn: &DatabaseTransaction, incoming: &IncomingReply) -> ServiceResult<Verdict> {
    let Ok(answer) = &incoming.calendar else {
        return Ok(Verdict::aside(CalendarReplyIssue::Malformed, None, None));
    };
    let (meeting, sequence) = match meeting::Entity::find()
        .filter(meeting::Column::CalendarUid.eq(answer.uid.as_str()))
        .one(txn)
        .await?
    {
        Some(meeting) => {
            let sequence = meeting.sequence;
            (meeting, sequence)
        }
        None => match series_occurrence(txn, answer).await? {
            Some(found) => found,
            None => return Ok(Verdict::aside(CalendarReplyIssue::UnknownEvent, None, None)),
        },
    };
    // Addresses are stored in lower case (`Email`), as the parser gives the attendee's.
    let invitation = invitation::Entity::find()
        .filter(invitation::Column::MeetingId.eq(meeting.id))
        .filter(invitation::Column::Email.eq(answer.attendee.email.as_str()))
        .one(txn)
        .await?;
    let Some(invitation) = invitation else {
        return Ok(Verdict::aside(
            CalendarReplyIssue::NotInvited,
            Some(meeting),
            None,
        ));
    };
    let issue = issue_of(incoming, answer, &meeting, sequence)?;
    if let Some(issue) = issue {
        return Ok(Verdict::aside(issue, Some(meeting), Some(invitation)));
    }
    let outcome = match answer.method {
        ReplyMethod::Counter => CalendarReplyOutcome::Proposal,
        ReplyMethod::Reply => CalendarReplyOutcome::Applied,
    };
    let following = match (meeting.series_id, answer.recurrence_id, answer.method) {
        (Some(series_id), None, ReplyMethod::Reply) => {
            later_invitations(txn, series_id, &meeting, &invitation.email).await?
        }
        _ => Vec::new(),
    };
    Ok(Verdict {
        meeting: Some(meeting),
        invitation: Some(invitation),
        outcome,
        issue: None,
        following,
    })
}

/// The occurrence an answer to a series concerns, with the series' SEQUENCE the answer is judged by: the one its
/// RECURRENCE-ID names, or, for the whole series, the first still to come the attendee is invited to (the first
/// still to come, or the last one, when none is: the verdict then says why).
async fn series_occurrence(
    txn: &DatabaseTransaction,
    answer: &CalendarReply,
) -> ServiceResult<Option<(meeting::Model, i32)>> {
    let Some(series) = meeting_series::Entity::find()
        .filter(meeting_series::Column::CalendarUid.eq(answer.uid.as_str()))
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let occurrences = meeting::Entity::find().filter(meeting::Column::SeriesId.eq(series.id));
    let found = match answer.recurrence_id {
        Some(recurrence_id) => {
            occurrences
                .filter(meeting::Column::RecurrenceId.eq(recurrence_id))
                .one(txn)
                .await?
        }
        None => {
            let all = occurrences
                .order_by_asc(meeting::Column::StartsAt)
                .all(txn)
                .await?;
            let invited: HashSet<i64> = invitation::Entity::find()
                .filter(invitation::Column::MeetingId.is_in(all.iter().map(|m| m.id)))
                .filter(invitation::Column::Email.eq(answer.attendee.email.as_str()))
                .all(txn)
                .await?
                .into_iter()
                .map(|i| i.meeting_id)
                .collect();
            let now = Utc::now();
            let open = |m: &&meeting::Model| {
                m.ends_at >= now
                    && matches!(m.status, MeetingStatus::Draft | MeetingStatus::Scheduled)
            };
            all.iter()
                .filter(open)
                .find(|m| invited.contains(&m.id))
                .or_else(|| all.iter().find(|m| open(m)))
                .or(all.last())
                .cloned()
        }
    };
    Ok(found.map(|meeting| (meeting, series.sequence)))
}

/// The same attendee's invitations to the occurrences after `meeting` that still take answers.
async fn later_invitations(
    txn: &DatabaseTransaction,
    series_id: i64,
    meeting: &meeting::Model,
    email: &str,
) -> ServiceResult<Vec<(meeting::Model, invitation::Model)>> {
    let later = meeting::Entity::find()
        .filter(meeting::Column::SeriesId.eq(series_id))
        .filter(meeting::Column::StartsAt.gt(meeting.starts_at))
        .filter(meeting::Column::Status.is_in([
            MeetingStatus::Draft.as_str(),
            MeetingStatus::Scheduled.as_str(),
        ]))
        .order_by_asc(meeting::Column::StartsAt)
        .all(txn)
        .await?;
    let invitations = invitation::Entity::find()
        .filter(invitation::Column::MeetingId.is_in(later.iter().map(|m| m.id)))
        .filter(invitation::Column::Email.eq(email))
        .all(txn)
        .await?;
    Ok(later
        .into_iter()
        .filter_map(|m| {
            let invitation = invitations.iter().find(|i| i.meeting_id == m.id)?.clone();
            Some((m, invitation))
        })
        .collect())
}

/// What stops an answer from the right invitee of a known meeting, if anything.
fn issue_of(
    incoming: &IncomingReply,
    answer: &CalendarReply,
    meeting: &meeting::Model,
    current: i32,
) -> ServiceResult<Option<CalendarReplyIssue>> {
    let sender = incoming.sender.as_str();
    if sender != answer.attendee.email && answer.sent_by.as_deref() != Some(sender) {
        return Ok(Some(CalendarReplyIssue::SenderMismatch));
    }
    // A client that leaves SEQUENCE out answers the version it was sent last: there is no earlier one to claim.
    match answer.sequence {
        Some(sequence) if sequence < current => {
            return Ok(Some(CalendarReplyIssue::OutdatedSequence));
        }
        Some(sequence) if sequence > current => {
            return Ok(Some(CalendarReplyIssue::UnknownSequence));
        }
        _ => {}
    }
    if !matches!(
        meeting.status,
        MeetingStatus::Draft | MeetingStatus::Scheduled
    ) {
        return Ok(Some(CalendarReplyIssue::MeetingClosed));
    }
    if answer.method == ReplyMethod::Counter {
        return Ok(None);
    }
    Ok(match (answer.partstat, &answer.delegated_to) {
        (PartStat::NeedsAction, _) => Some(CalendarReplyIssue::NoAnswer),
        (PartStat::Delegated, Some(to)) if to.email == answer.attendee.email => {
            Some(CalendarReplyIssue::SelfDelegation)
        }
        _ => None,
    })
}

fn reply_row(incoming: &IncomingReply, verdict: &Verdict) -> calendar_reply::ActiveModel {
    let answer = incoming.calendar.as_ref().ok();
    let method = match answer.map(|a| a.method) {
        Some(ReplyMethod::Counter) => CalendarReplyMethod::Counter,
        _ => CalendarReplyMethod::Reply,
    };
    calendar_reply::ActiveModel {
        message_key: Set(incoming.message_key.clone()),
        sender: Set(incoming.sender.clone()),
        received_at: Set(incoming.received_at),
        method: Set(method),
        uid: Set(answer.map(|a| a.uid.clone())),
        sequence: Set(answer.and_then(|a| a.sequence)),
        attendee_email: Set(answer.map(|a| a.attendee.email.clone())),
        partstat: Set(answer.and_then(|a| rsvp_of(a.partstat))),
        delegated_to_email: Set(answer
            .and_then(|a| a.delegated_to.as_ref())
            .map(|d| d.email.clone())),
        proposed_starts_at: Set(answer.and_then(|a| a.proposed).map(|p| p.0)),
        proposed_ends_at: Set(answer.and_then(|a| a.proposed).map(|p| p.1)),
        comment: Set(answer.and_then(|a| a.comment.clone())),
        meeting_id: Set(verdict.meeting.as_ref().map(|m| m.id)),
        invitation_id: Set(verdict.invitation.as_ref().map(|i| i.id)),
        outcome: Set(verdict.outcome),
        issue: Set(verdict.issue),
        detail: Set(incoming.calendar.as_ref().err().map(ToString::to_string)),
        reviewed_at: Set(None),
        reviewed_by: Set(None),
        ..Default::default()
    }
}

fn rsvp_of(partstat: PartStat) -> Option<Rsvp> {
    Some(match partstat {
        PartStat::Accepted => Rsvp::Accepted,
        PartStat::Tentative => Rsvp::Tentative,
        PartStat::Declined => Rsvp::Declined,
        PartStat::Delegated => Rsvp::Delegated,
        PartStat::NeedsAction => return None,
    })
}

/// Records the answer on the invitation, as an answer given in Tavolo would be: the mailed links retire, and a
/// delegation invites who goes instead.
async fn apply(
    txn: &DatabaseTransaction,
    meeting: &meeting::Model,
    invitation: &invitation::Model,
    answer: &CalendarReply,
) -> ServiceResult<()> {
    let Some(rsvp) = rsvp_of(answer.partstat) else {
        return Ok(());
    };
    let mut delegated_person = None;
    let delegated_email = match (rsvp, &answer.delegated_to) {
        (Rsvp::Delegated, Some(to)) => {
            let known = person::Entity::find()
                .filter(person::Column::Email.eq(to.email.as_str()))
                .one(txn)
                .await?;
            let name = known
                .as_ref()
                .map(|p| p.name.clone())
                .or_else(|| to.name.clone())
                .unwrap_or_else(|| to.email.clone());
            delegated_person = known.map(|p| p.id);
            invite_substitute(
                txn,
                &Actor::System,
                meeting,
                invitation.required,
                delegated_person,
                &to.email,
                &name,
            )
            .await?;
            Some(to.email.clone())
        }
        _ => None,
    };
    invitation::Entity::update_many()
        .col_expr(invitation::Column::Rsvp, Expr::value(rsvp.as_str()))
        .col_expr(
            invitation::Column::DelegatedToPersonId,
            Expr::value(delegated_person),
        )
        .col_expr(
            invitation::Column::DelegatedToEmail,
            Expr::value(delegated_email),
        )
        .col_expr(invitation::Column::RespondedAt, Expr::value(Utc::now()))
        .col_expr(
            invitation::Column::AnswerNonce,
            Expr::col(invitation::Column::AnswerNonce).add(1),
        )
        .filter(invitation::Column::Id.eq(invitation.id))
        .exec(txn)
        .await?;
    audit::record(
        txn,
        &Actor::System,
        meeting_change(
            "answer",
            meeting,
            format!("{} answered {rsvp} from their calendar", invitation.email),
        ),
    )
    .await?;
    Ok(())
}
