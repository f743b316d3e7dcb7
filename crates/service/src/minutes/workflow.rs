//! The minutes' workflow: saves as numbered revisions with optimistic locking, review, approval, errata, and the
//! review comments.

#[allow(unused_imports)]
use super::*;
use crate::Reason;

impl MinutesService<'_> {
    /// Saves the notes of some agenda items from the version the editor saw; every save is a revision.
    pub async fn save(
        &self,
        actor: &Actor,
        meeting_id: i64,
        notes: Vec<(i64, String)>,
        expected_version: i32,
    ) -> ServiceResult<minutes::Model> {
        let (context, current) = self.editable(actor, meeting_id, expected_version).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        write_notes(&txn, &context, &current, notes).await?;
        let saved = bump(
            &txn,
            actor,
            &current,
            expected_version,
            RevisionKind::Save,
            None,
        )
        .await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "minutes_save",
                &context.meeting,
                format!("saved the minutes of '{}'", context.meeting.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Draft → in review: delegates may now read and comment.
    pub async fn send_for_review(
        &self,
        actor: &Actor,
        meeting_id: i64,
        expected_version: i32,
    ) -> ServiceResult<minutes::Model> {
        let (context, current) = self.editable(actor, meeting_id, expected_version).await?;
        if current.status != MinutesStatus::Draft {
            return Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "only draft minutes can be sent for review",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = set_status(&txn, &current, expected_version, MinutesStatus::InReview).await?;
        events::publish(
            &txn,
            actor,
            about(&context.meeting, updated.id),
            DomainEvent::MinutesSentForReview {
                version: updated.version,
            },
        )
        .await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "minutes_review",
                &context.meeting,
                format!("sent the minutes of '{}' for review", context.meeting.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// In review → approved, by the chair, saying how; approved minutes never change again except by erratum.
    pub async fn approve(
        &self,
        actor: &Actor,
        meeting_id: i64,
        method: ApprovalMethod,
        note: Option<&str>,
        expected_version: i32,
    ) -> ServiceResult<minutes::Model> {
        let context = load(self.db, actor, meeting_id).await?;
        if !policy::can_approve_minutes(actor, &context.roles) {
            return Err(ServiceError::forbidden("approve minutes"));
        }
        let current = existing(self.db, meeting_id).await?;
        check_version(&current, expected_version)?;
        match current.status {
            MinutesStatus::InReview => {}
            MinutesStatus::Draft => {
                return Err(ServiceError::validation(
                    "status",
                    Reason::WrongState,
                    "draft minutes must be sent for review before approval",
                ));
            }
            MinutesStatus::Approved => {
                return Err(ServiceError::validation(
                    "status",
                    Reason::WrongState,
                    "these minutes are already approved",
                ));
            }
        }
        let note = OptionalText::parse(note, 2_000).field("note")?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut updated = set_status(&txn, &current, expected_version, MinutesStatus::Approved)
            .await?
            .into_active_model();
        updated.approved_at = Set(Some(Utc::now()));
        updated.approved_by = Set(actor.person_id());
        updated.approval_method = Set(Some(method));
        updated.approval_note = Set(note);
        let approved = updated.update(&txn).await?;
        events::publish(
            &txn,
            actor,
            about(&context.meeting, approved.id),
            DomainEvent::MinutesApproved { method },
        )
        .await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "minutes_approve",
                &context.meeting,
                format!(
                    "approved the minutes of '{}' ({method})",
                    context.meeting.title
                ),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(approved)
    }

    /// A correction to approved minutes: a new revision marked as erratum, with its reason.
    pub async fn erratum(
        &self,
        actor: &Actor,
        meeting_id: i64,
        notes: Vec<(i64, String)>,
        reason: &str,
        expected_version: i32,
    ) -> ServiceResult<minutes::Model> {
        let context = load(self.db, actor, meeting_id).await?;
        meetings::require_manage(actor, &context.roles)?;
        let current = existing(self.db, meeting_id).await?;
        check_version(&current, expected_version)?;
        if current.status != MinutesStatus::Approved {
            return Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "errata are for approved minutes; edit the draft instead",
            ));
        }
        let reason = OptionalText::parse(Some(reason), 2_000)
            .field("reason")?
            .ok_or_else(|| {
                ServiceError::validation(
                    "reason",
                    Reason::Required,
                    "say what the erratum corrects",
                )
            })?;
        let txn = tavolo_store::begin_write(self.db).await?;
        write_notes(&txn, &context, &current, notes).await?;
        let saved = bump(
            &txn,
            actor,
            &current,
            expected_version,
            RevisionKind::Erratum,
            Some(reason.clone()),
        )
        .await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "minutes_erratum",
                &context.meeting,
                format!(
                    "erratum to the minutes of '{}': {reason}",
                    context.meeting.title
                ),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// A review comment (or an answer to one) while the minutes are in review.
    pub async fn comment(
        &self,
        actor: &Actor,
        meeting_id: i64,
        agenda_item_id: Option<i64>,
        parent_id: Option<i64>,
        body: &str,
    ) -> ServiceResult<minutes_comment::Model> {
        let context = load(self.db, actor, meeting_id).await?;
        let author = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        if !policy::can_read_unapproved_minutes(actor, &context.roles) {
            return Err(ServiceError::forbidden("comment on these minutes"));
        }
        let current = existing(self.db, meeting_id).await?;
        if current.status != MinutesStatus::InReview {
            return Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "comments are taken while the minutes are in review",
            ));
        }
        let body = OptionalText::parse(Some(body), 10_000)
            .field("body")?
            .ok_or_else(|| ServiceError::required("body"))?;
        if let Some(item) = agenda_item_id {
            ensure_item_of(self.db, item, meeting_id, "agendaItemId").await?;
        }
        if let Some(parent) = parent_id {
            let found = minutes_comment::Entity::find_by_id(parent)
                .one(self.db)
                .await?;
            if found.is_none_or(|c| c.minutes_id != current.id) {
                return Err(ServiceError::validation(
                    "parentId",
                    Reason::UnknownReference,
                    "is not a comment on these minutes",
                ));
            }
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let created = minutes_comment::ActiveModel {
            minutes_id: Set(current.id),
            agenda_item_id: Set(agenda_item_id),
            parent_id: Set(parent_id),
            author_id: Set(author),
            body: Set(body),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "minutes_comment",
                &context.meeting,
                format!("commented on the minutes of '{}'", context.meeting.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Marks a review comment handled (or open again), while the minutes are in review.
    pub async fn set_comment_handled(
        &self,
        actor: &Actor,
        comment_id: i64,
        handled: bool,
    ) -> ServiceResult<minutes_comment::Model> {
        let found = minutes_comment::Entity::find_by_id(comment_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("comment"))?;
        let current = minutes::Entity::find_by_id(found.minutes_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("comment"))?;
        let context = load(self.db, actor, current.meeting_id)
            .await
            .map_err(|_| ServiceError::not_found("comment"))?;
        if !policy::can_read_unapproved_minutes(actor, &context.roles) {
            return Err(ServiceError::not_found("comment"));
        }
        if !policy::can_handle_minutes_comments(actor, &context.roles) {
            return Err(ServiceError::forbidden("mark review comments handled"));
        }
        if current.status != MinutesStatus::InReview {
            return Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "comments are handled while the minutes are in review",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = found.into_active_model();
        model.handled_at = Set(handled.then(Utc::now));
        model.handled_by = Set(if handled { actor.person_id() } else { None });
        let updated = model.update(&txn).await?;
        let state = if handled { "handled" } else { "open again" };
        audit::record(
            &txn,
            actor,
            meeting_change(
                "minutes_comment_handled",
                &context.meeting,
                format!(
                    "a review comment on the minutes of '{}' is {state}",
                    context.meeting.title
                ),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }
}

/// Replaces the notes of the given agenda items (each must belong to the meeting).
async fn write_notes(
    txn: &DatabaseTransaction,
    context: &MeetingContext,
    current: &minutes::Model,
    notes: Vec<(i64, String)>,
) -> ServiceResult<()> {
    for (item_id, body) in notes {
        ensure_item_of(txn, item_id, context.meeting.id, "agendaItemId").await?;
        if body.chars().count() > NOTE_MAX {
            return Err(ServiceError::too_long("body", NOTE_MAX));
        }
        let found = minutes_note::Entity::find()
            .filter(minutes_note::Column::MinutesId.eq(current.id))
            .filter(minutes_note::Column::AgendaItemId.eq(item_id))
            .one(txn)
            .await?;
        match found {
            Some(note) => {
                let mut model = note.into_active_model();
                model.body = Set(body);
                model.update(txn).await?;
            }
            None => {
                minutes_note::ActiveModel {
                    minutes_id: Set(current.id),
                    agenda_item_id: Set(item_id),
                    body: Set(body),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
            }
        }
    }
    Ok(())
}

/// Raises the minutes' version (atomically, from `expected`) and stores the new state as a revision.
pub(super) async fn bump(
    txn: &DatabaseTransaction,
    actor: &Actor,
    current: &minutes::Model,
    expected: i32,
    kind: RevisionKind,
    reason: Option<String>,
) -> ServiceResult<minutes::Model> {
    let result = minutes::Entity::update_many()
        .col_expr(minutes::Column::Version, Expr::value(expected + 1))
        .col_expr(minutes::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(minutes::Column::Id.eq(current.id))
        .filter(minutes::Column::Version.eq(expected))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ServiceError::stale("the minutes", expected + 1));
    }
    let updated = minutes::Entity::find_by_id(current.id)
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("minutes"))?;
    let meeting = meeting::Entity::find_by_id(updated.meeting_id)
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("meeting"))?;
    let table = table::Entity::find_by_id(meeting.table_id)
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("table"))?;
    let context = MeetingContext {
        meeting,
        table,
        roles: tavolo_domain::TableRoles::none(),
    };
    let record = gather(txn, context, updated.clone()).await?;
    let number = next_revision_number(txn, updated.id).await?;
    minutes_revision::ActiveModel {
        minutes_id: Set(updated.id),
        number: Set(number),
        kind: Set(kind),
        reason: Set(reason),
        content: Set(render_markdown(&record, Locale::It)),
        author_id: Set(actor.person_id()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(updated)
}

async fn next_revision_number(conn: &impl ConnectionTrait, minutes_id: i64) -> ServiceResult<i32> {
    let last = minutes_revision::Entity::find()
        .filter(minutes_revision::Column::MinutesId.eq(minutes_id))
        .order_by_desc(minutes_revision::Column::Number)
        .one(conn)
        .await?;
    Ok(last.map_or(1, |r| r.number + 1))
}

async fn set_status(
    txn: &DatabaseTransaction,
    current: &minutes::Model,
    expected: i32,
    status: MinutesStatus,
) -> ServiceResult<minutes::Model> {
    let result = minutes::Entity::update_many()
        .col_expr(minutes::Column::Status, Expr::value(status.as_str()))
        .col_expr(minutes::Column::Version, Expr::value(expected + 1))
        .col_expr(minutes::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(minutes::Column::Id.eq(current.id))
        .filter(minutes::Column::Version.eq(expected))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ServiceError::stale("the minutes", expected + 1));
    }
    minutes::Entity::find_by_id(current.id)
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("minutes"))
}
