//! Answers by the signed link of an email, reminders, and the delivery state of each invitation's messages.

#[allow(unused_imports)]
use super::*;
use crate::Reason;

/// An invitation seen through an answer link, with what the confirmation page shows.
pub struct LinkedInvitation {
    pub invitation: invitation::Model,
    pub meeting: meeting::Model,
    pub table: table::Model,
    /// The invitee's language.
    pub locale: tavolo_domain::Locale,
}

impl MeetingService<'_> {
    /// The invitation an answer link names, if the link is still good (same nonce); no sign-in needed, the signed link is the credential.
    pub async fn linked_invitation(
        &self,
        invitation_id: i64,
        nonce: i32,
    ) -> ServiceResult<LinkedInvitation> {
        let found = invitation::Entity::find_by_id(invitation_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("invitation"))?;
        if found.answer_nonce != nonce {
            return Err(ServiceError::conflict(
                Reason::LinkUsed,
                "this link has already been used",
            ));
        }
        let meeting = meeting::Entity::find_by_id(found.meeting_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("meeting"))?;
        let table = table::Entity::find_by_id(meeting.table_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("table"))?;
        let locale = match found.person_id {
            Some(id) => person::Entity::find_by_id(id)
                .one(self.db)
                .await?
                .map(|p| p.locale),
            None => None,
        };
        Ok(LinkedInvitation {
            invitation: found,
            meeting,
            table,
            locale: locale.unwrap_or(tavolo_domain::Locale::It),
        })
    }

    /// Records an answer given by link; the nonce moves on in the same statement, so the link cannot be used again.
    /// A link sent with a whole series (`whole_series`) answers the invitee's later occurrences too.
    pub async fn answer_by_link(
        &self,
        invitation_id: i64,
        nonce: i32,
        rsvp: Rsvp,
        whole_series: bool,
    ) -> ServiceResult<LinkedInvitation> {
        let linked = self.linked_invitation(invitation_id, nonce).await?;
        require_status(
            &linked.meeting,
            &[MeetingStatus::Draft, MeetingStatus::Scheduled],
            "this meeting no longer takes answers",
        )?;
        if !matches!(rsvp, Rsvp::Accepted | Rsvp::Tentative | Rsvp::Declined) {
            return Err(ServiceError::validation(
                "rsvp",
                Reason::Malformed,
                "a link answers accepted, tentative or declined",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        if whole_series {
            super::series::answer_following(&txn, &linked.meeting, &linked.invitation.email, rsvp)
                .await?;
        }
        let answer = invitation::Entity::update_many()
            .col_expr(invitation::Column::Rsvp, Expr::value(rsvp.as_str()));
        let summary = format!("{} answered {rsvp} by link", linked.invitation.email);
        self.record_link_answer(txn, &linked, nonce, answer, summary)
            .await
    }

    /// Writes a link's answer once: the nonce moves on in the same statement (a second use finds nothing to
    /// update and is refused), then the audit line, then the invitation as it now stands.
    async fn record_link_answer(
        &self,
        txn: tavolo_store::WriteTxn,
        linked: &LinkedInvitation,
        nonce: i32,
        answer: sea_orm::UpdateMany<invitation::Entity>,
        summary: String,
    ) -> ServiceResult<LinkedInvitation> {
        let invitation_id = linked.invitation.id;
        let updated = answer
            .col_expr(invitation::Column::RespondedAt, Expr::value(Utc::now()))
            .col_expr(invitation::Column::AnswerNonce, Expr::value(nonce + 1))
            .filter(invitation::Column::Id.eq(invitation_id))
            .filter(invitation::Column::AnswerNonce.eq(nonce))
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(ServiceError::conflict(
                Reason::LinkUsed,
                "this link has already been used",
            ));
        }
        audit::record(
            &txn,
            &Actor::Anonymous,
            meeting_change("answer", &linked.meeting, summary),
        )
        .await?;
        txn.commit().await?;
        self.linked_invitation(invitation_id, nonce + 1).await
    }

    /// Delegates by link: the invitee names who goes instead (by address, since nobody is signed in to pick from
    /// the directory); a person of the directory with that address is linked, and the substitute is invited.
    pub async fn delegate_by_link(
        &self,
        invitation_id: i64,
        nonce: i32,
        name: &str,
        email: &str,
    ) -> ServiceResult<LinkedInvitation> {
        let linked = self.linked_invitation(invitation_id, nonce).await?;
        require_status(
            &linked.meeting,
            &[MeetingStatus::Draft, MeetingStatus::Scheduled],
            "this meeting no longer takes answers",
        )?;
        let name = Name::parse(name).field("name")?.into_inner();
        let email = Email::parse(email).field("email")?.into_inner();
        if email == linked.invitation.email {
            return Err(ServiceError::validation(
                "email",
                Reason::SelfDelegation,
                "delegate to someone else",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let known = person::Entity::find()
            .filter(person::Column::Email.eq(email.as_str()))
            .one(&txn)
            .await?;
        let substitute_name = known.as_ref().map_or(name.as_str(), |p| p.name.as_str());
        invite_substitute(
            &txn,
            &Actor::Anonymous,
            &linked.meeting,
            linked.invitation.required,
            known.as_ref().map(|p| p.id),
            &email,
            substitute_name,
        )
        .await?;
        let answer = invitation::Entity::update_many()
            .col_expr(
                invitation::Column::Rsvp,
                Expr::value(Rsvp::Delegated.as_str()),
            )
            .col_expr(
                invitation::Column::DelegatedToPersonId,
                Expr::value(known.as_ref().map(|p| p.id)),
            )
            .col_expr(
                invitation::Column::DelegatedToEmail,
                Expr::value(email.as_str()),
            );
        let summary = format!(
            "{} sent {email} in their place by link",
            linked.invitation.email
        );
        self.record_link_answer(txn, &linked, nonce, answer, summary)
            .await
    }

    /// Turns reminders on or off, sets how many hours before the meeting they go, and a note for them.
    pub async fn set_reminders(
        &self,
        actor: &Actor,
        meeting_id: i64,
        enabled: bool,
        hours: i32,
        note: Option<&str>,
    ) -> ServiceResult<meeting::Model> {
        let context = load(self.db, actor, meeting_id).await?;
        require_manage(actor, &context.roles)?;
        if !(1..=24 * 14).contains(&hours) {
            return Err(ServiceError::out_of_range("hours", 1, 336));
        }
        let note = OptionalText::parse(note, 2_000).field("note")?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = context.meeting.into_active_model();
        model.reminders_enabled = Set(enabled);
        model.reminder_hours = Set(hours);
        model.reminder_note = Set(note);
        // A new timing earns a new reminder.
        model.reminder_sent_at = Set(None);
        let updated = model.update(&txn).await?;
        let summary = if enabled {
            format!("reminders {hours} h before '{}'", updated.title)
        } else {
            format!("reminders off for '{}'", updated.title)
        };
        audit::record(&txn, actor, meeting_change("reminders", &updated, summary)).await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// The latest message about each invitation of a meeting (queued, sent or failed), for those who run its table;
    /// empty for everyone else.
    pub async fn deliveries(
        &self,
        actor: &Actor,
        meeting_id: i64,
    ) -> ServiceResult<Vec<mail_outbox::Model>> {
        let context = load(self.db, actor, meeting_id).await?;
        if !policy::can_manage_meetings(actor, &context.roles) {
            return Ok(Vec::new());
        }
        let invitations = invitation::Entity::find()
            .filter(invitation::Column::MeetingId.eq(meeting_id))
            .select_only()
            .column(invitation::Column::Id)
            .into_tuple::<i64>()
            .all(self.db)
            .await?;
        self.latest_messages(&invitations).await
    }

    /// The latest message about each of the invitations, already checked by the caller.
    async fn latest_messages(
        &self,
        invitation_ids: &[i64],
    ) -> ServiceResult<Vec<mail_outbox::Model>> {
        let rows = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::InvitationId.is_in(invitation_ids.iter().copied()))
            .order_by_desc(mail_outbox::Column::Id)
            .all(self.db)
            .await?;
        let mut latest: Vec<mail_outbox::Model> = Vec::new();
        for row in rows {
            if !latest.iter().any(|r| r.invitation_id == row.invitation_id) {
                latest.push(row);
            }
        }
        Ok(latest)
    }

    /// Sends the latest message about an invitation again.
    pub async fn resend_invitation(
        &self,
        actor: &Actor,
        invitation_id: i64,
    ) -> ServiceResult<mail_outbox::Model> {
        let found = invitation::Entity::find_by_id(invitation_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("invitation"))?;
        let context = load(self.db, actor, found.meeting_id).await?;
        require_manage(actor, &context.roles)?;
        let latest = self
            .latest_messages(&[invitation_id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                ServiceError::validation(
                    "id",
                    Reason::WrongState,
                    "nothing was sent for this invitation yet: schedule the meeting first",
                )
            })?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let requeued = crate::operations::requeue(&txn, latest).await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "resend",
                &context.meeting,
                format!("sent the invitation of {} again", found.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(requeued)
    }
}
