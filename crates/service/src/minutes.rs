//! Minutes of a held meeting: notes per agenda item, decisions and action items, the review workflow (draft → in review → approved), revisions, errata, comparison and export.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use tavolo_domain::{
    ActionItemStatus, Actor, ApprovalMethod, AttendanceStatus, DecisionOutcome, MeetingStatus,
    MinutesStatus, OptionalText, RevisionKind, policy,
};
use tavolo_store::entity::{
    action_item, agenda_item, attendance, decision, meeting, minutes, minutes_comment,
    minutes_note, minutes_revision, organization, person, table,
};
use tavolo_store::sea_orm;

use crate::error::FieldContext;
use crate::events::{self, EventKind};
use crate::markdown::to_safe_html;
use crate::meetings::{self, MeetingContext, load, meeting_change, meeting_event, status_of};
use crate::{ServiceError, ServiceResult, access, audit, rows_in};

const NOTE_MAX: usize = 100_000;
const DECISION_MAX: usize = 20_000;

/// A decision's fields.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub text: String,
    pub outcome: DecisionOutcome,
    pub votes_for: Option<i32>,
    pub votes_against: Option<i32>,
    pub votes_abstained: Option<i32>,
}

/// A new action item.
#[derive(Debug, Clone, Default)]
pub struct ActionItemInput {
    pub title: String,
    pub decision_id: Option<i64>,
    pub assignee_person_id: Option<i64>,
    pub assignee_organization_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
}

pub use crate::diff::{DiffChange, DiffLine};

/// Everything the minutes say, gathered for rendering.
struct Record {
    context: MeetingContext,
    minutes: minutes::Model,
    agenda: Vec<agenda_item::Model>,
    notes: Vec<minutes_note::Model>,
    decisions: Vec<decision::Model>,
    actions: Vec<action_item::Model>,
    present: Vec<String>,
    absent: Vec<String>,
    people: Vec<person::Model>,
    organizations: Vec<organization::Model>,
}

/// Opens empty draft minutes for a meeting just held.
pub(crate) async fn create_for(
    txn: &DatabaseTransaction,
    meeting: &meeting::Model,
) -> ServiceResult<minutes::Model> {
    let now = Utc::now();
    Ok(minutes::ActiveModel {
        meeting_id: Set(meeting.id),
        status: Set(MinutesStatus::Draft.as_str().to_owned()),
        version: Set(1),
        approved_at: Set(None),
        approved_by: Set(None),
        approval_method: Set(None),
        approval_note: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

pub struct MinutesService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl MinutesService<'_> {
    /// The minutes of a meeting when the actor may read them: approved minutes follow the table's visibility, others are for its delegates and runners.
    pub async fn minutes(
        &self,
        actor: &Actor,
        meeting_id: i64,
    ) -> ServiceResult<Option<minutes::Model>> {
        let context = load(self.db, actor, meeting_id).await?;
        let Some(found) = minutes::Entity::find()
            .filter(minutes::Column::MeetingId.eq(meeting_id))
            .one(self.db)
            .await?
        else {
            return Ok(None);
        };
        Ok(readable(actor, &context, &found).then_some(found))
    }

    /// The minutes of each of `meeting_ids` that the actor may read, in one query.
    pub async fn minutes_of_meetings(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<minutes::Model>> {
        Ok(minutes::Entity::find()
            .filter(minutes::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(readable_minutes(actor))
            .all(self.db)
            .await?)
    }

    /// The notes of the minutes the actor may read.
    pub async fn notes(
        &self,
        actor: &Actor,
        minutes_ids: &[i64],
    ) -> ServiceResult<Vec<minutes_note::Model>> {
        Ok(minutes_note::Entity::find()
            .filter(minutes_note::Column::MinutesId.is_in(minutes_ids.iter().copied()))
            .filter(minutes_note::Column::MinutesId.in_subquery(readable_minutes_ids(actor)))
            .order_by_asc(minutes_note::Column::Id)
            .all(self.db)
            .await?)
    }

    /// One decision, for whoever may read the minutes it is part of.
    pub async fn decision(
        &self,
        actor: &Actor,
        decision_id: i64,
    ) -> ServiceResult<decision::Model> {
        let found = decision::Entity::find_by_id(decision_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("decision"))?;
        // Readability only: the rest of the minutes is not needed.
        self.readable_minutes(actor, found.meeting_id)
            .await
            .map_err(|_| ServiceError::not_found("decision"))?;
        Ok(found)
    }

    /// The decisions of the meetings whose minutes the actor may read.
    pub async fn decisions(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<decision::Model>> {
        Ok(decision::Entity::find()
            .filter(decision::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(decision::Column::MeetingId.in_subquery(meetings_with_readable_minutes(actor)))
            .order_by_asc(decision::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The action items of the meetings whose minutes the actor may read.
    pub async fn action_items_of_meetings(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<action_item::Model>> {
        Ok(action_item::Entity::find()
            .filter(action_item::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(
                action_item::Column::MeetingId.in_subquery(meetings_with_readable_minutes(actor)),
            )
            .order_by_asc(action_item::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The review thread, for those who may read minutes before approval: once approved, the minutes stand alone.
    pub async fn comments(
        &self,
        actor: &Actor,
        minutes_ids: &[i64],
    ) -> ServiceResult<Vec<minutes_comment::Model>> {
        let drafts_readable = Query::select()
            .column(minutes::Column::Id)
            .from(minutes::Entity)
            .and_where(
                minutes::Column::MeetingId
                    .in_subquery(access::meetings_with_readable_drafts(actor)),
            )
            .to_owned();
        Ok(minutes_comment::Entity::find()
            .filter(minutes_comment::Column::MinutesId.is_in(minutes_ids.iter().copied()))
            .filter(minutes_comment::Column::MinutesId.in_subquery(drafts_readable))
            .order_by_asc(minutes_comment::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The revisions of the minutes the actor may read: every one for those who may read unapproved minutes; for the
    /// others, the approved text and the errata after it, never the drafts before.
    pub async fn revisions(
        &self,
        actor: &Actor,
        minutes_ids: &[i64],
    ) -> ServiceResult<Vec<minutes_revision::Model>> {
        let readable = minutes::Entity::find()
            .filter(minutes::Column::Id.is_in(minutes_ids.iter().copied()))
            .filter(readable_minutes(actor))
            .all(self.db)
            .await?;
        let whole: HashSet<i64> = meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(readable.iter().map(|m| m.meeting_id)))
            .filter(meeting::Column::Id.in_subquery(access::meetings_with_readable_drafts(actor)))
            .select_only()
            .column(meeting::Column::Id)
            .into_tuple::<i64>()
            .all(self.db)
            .await?
            .into_iter()
            .collect();
        let rows = rows_in::<minutes_revision::Entity, _, _>(
            self.db,
            minutes_revision::Column::MinutesId,
            &readable.iter().map(|m| m.id).collect::<Vec<_>>(),
            minutes_revision::Column::Number,
        )
        .await?;
        let first_shown: HashMap<i64, i32> = readable
            .iter()
            .map(|m| {
                let first = match m.approved_at {
                    Some(approved_at) if !whole.contains(&m.meeting_id) => {
                        approved_revision(&rows, m.id, approved_at)
                    }
                    _ => 0,
                };
                (m.id, first)
            })
            .collect();
        Ok(rows
            .into_iter()
            .filter(|r| {
                first_shown
                    .get(&r.minutes_id)
                    .is_some_and(|first| r.number >= *first)
            })
            .collect())
    }

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
        if status(&current)? != MinutesStatus::Draft {
            return Err(ServiceError::validation(
                "status",
                "only draft minutes can be sent for review",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = set_status(&txn, &current, expected_version, MinutesStatus::InReview).await?;
        events::publish(
            &txn,
            actor,
            meeting_event(
                EventKind::MinutesSentForReview,
                &context.meeting,
                updated.id,
                json!({ "version": updated.version }),
            ),
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
        match status(&current)? {
            MinutesStatus::InReview => {}
            MinutesStatus::Draft => {
                return Err(ServiceError::validation(
                    "status",
                    "draft minutes must be sent for review before approval",
                ));
            }
            MinutesStatus::Approved => {
                return Err(ServiceError::validation(
                    "status",
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
        updated.approval_method = Set(Some(method.as_str().to_owned()));
        updated.approval_note = Set(note);
        let approved = updated.update(&txn).await?;
        events::publish(
            &txn,
            actor,
            meeting_event(
                EventKind::MinutesApproved,
                &context.meeting,
                approved.id,
                json!({ "method": method.as_str() }),
            ),
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
        if status(&current)? != MinutesStatus::Approved {
            return Err(ServiceError::validation(
                "status",
                "errata are for approved minutes; edit the draft instead",
            ));
        }
        let reason = OptionalText::parse(Some(reason), 2_000)
            .field("reason")?
            .ok_or_else(|| ServiceError::validation("reason", "say what the erratum corrects"))?;
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
        if status(&current)? != MinutesStatus::InReview {
            return Err(ServiceError::validation(
                "status",
                "comments are taken while the minutes are in review",
            ));
        }
        let body = OptionalText::parse(Some(body), 10_000)
            .field("body")?
            .ok_or_else(|| ServiceError::validation("body", "must not be empty"))?;
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

    pub async fn add_decision(
        &self,
        actor: &Actor,
        agenda_item_id: i64,
        input: DecisionInput,
    ) -> ServiceResult<decision::Model> {
        let item = agenda_item::Entity::find_by_id(agenda_item_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("agenda item"))?;
        let (context, current) = self
            .editable(
                actor,
                item.meeting_id,
                existing(self.db, item.meeting_id).await?.version,
            )
            .await?;
        let text = check_decision(&input)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let now = Utc::now();
        let created = decision::ActiveModel {
            meeting_id: Set(item.meeting_id),
            agenda_item_id: Set(agenda_item_id),
            text: Set(text),
            outcome: Set(input.outcome.as_str().to_owned()),
            votes_for: Set(input.votes_for),
            votes_against: Set(input.votes_against),
            votes_abstained: Set(input.votes_abstained),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        bump(
            &txn,
            actor,
            &current,
            current.version,
            RevisionKind::Save,
            None,
        )
        .await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "decision",
                &context.meeting,
                format!(
                    "recorded a decision ({}) on '{}'",
                    input.outcome, item.title
                ),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    pub async fn update_decision(
        &self,
        actor: &Actor,
        decision_id: i64,
        input: DecisionInput,
    ) -> ServiceResult<decision::Model> {
        let found = decision::Entity::find_by_id(decision_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("decision"))?;
        let (context, current) = self
            .editable(
                actor,
                found.meeting_id,
                existing(self.db, found.meeting_id).await?.version,
            )
            .await?;
        let text = check_decision(&input)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = found.into_active_model();
        model.text = Set(text);
        model.outcome = Set(input.outcome.as_str().to_owned());
        model.votes_for = Set(input.votes_for);
        model.votes_against = Set(input.votes_against);
        model.votes_abstained = Set(input.votes_abstained);
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        bump(
            &txn,
            actor,
            &current,
            current.version,
            RevisionKind::Save,
            None,
        )
        .await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "decision",
                &context.meeting,
                format!("changed decision {decision_id}"),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Adds an action item from a held meeting; its due date cannot precede the meeting.
    pub async fn add_action_item(
        &self,
        actor: &Actor,
        meeting_id: i64,
        input: ActionItemInput,
    ) -> ServiceResult<action_item::Model> {
        let (context, current) = self
            .editable(
                actor,
                meeting_id,
                existing(self.db, meeting_id).await?.version,
            )
            .await?;
        let title = tavolo_domain::Name::parse(&input.title)
            .field("title")?
            .into_inner();
        let meeting_day = context
            .meeting
            .starts_at
            .with_timezone(&meeting_zone(&context.meeting))
            .date_naive();
        if input.due_date.is_some_and(|due| due < meeting_day) {
            return Err(ServiceError::validation(
                "dueDate",
                "cannot be before the meeting",
            ));
        }
        if input.assignee_person_id.is_some() && input.assignee_organization_id.is_some() {
            return Err(ServiceError::validation(
                "assigneeOrganizationId",
                "assign to a person or an organization, not both",
            ));
        }
        if let Some(id) = input.assignee_person_id
            && person::Entity::find_by_id(id).one(self.db).await?.is_none()
        {
            return Err(ServiceError::validation(
                "assigneePersonId",
                format!("there is no person {id}"),
            ));
        }
        if let Some(id) = input.assignee_organization_id
            && organization::Entity::find_by_id(id)
                .one(self.db)
                .await?
                .is_none()
        {
            return Err(ServiceError::validation(
                "assigneeOrganizationId",
                format!("there is no organization {id}"),
            ));
        }
        if let Some(id) = input.decision_id {
            let found = decision::Entity::find_by_id(id).one(self.db).await?;
            if found.is_none_or(|d| d.meeting_id != meeting_id) {
                return Err(ServiceError::validation(
                    "decisionId",
                    "is not a decision of this meeting",
                ));
            }
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let now = Utc::now();
        let created = action_item::ActiveModel {
            table_id: Set(context.table.id),
            meeting_id: Set(meeting_id),
            decision_id: Set(input.decision_id),
            title: Set(title),
            assignee_person_id: Set(input.assignee_person_id),
            assignee_organization_id: Set(input.assignee_organization_id),
            due_date: Set(input.due_date),
            status: Set(ActionItemStatus::Open.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        bump(
            &txn,
            actor,
            &current,
            current.version,
            RevisionKind::Save,
            None,
        )
        .await?;
        if created.assignee_person_id.is_some() || created.assignee_organization_id.is_some() {
            let payload = json!({ "title": created.title, "assigneePersonId": created.assignee_person_id, "assigneeOrganizationId": created.assignee_organization_id, "dueDate": created.due_date });
            events::publish(
                &txn,
                actor,
                meeting_event(
                    EventKind::ActionItemAssigned,
                    &context.meeting,
                    created.id,
                    payload,
                ),
            )
            .await?;
        }
        audit::record(
            &txn,
            actor,
            meeting_change(
                "action_item",
                &context.meeting,
                format!("added action item '{}'", created.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Moves an action item along (open, in progress, done, dropped): its assignee or whoever runs the table.
    pub async fn update_action_item(
        &self,
        actor: &Actor,
        id: i64,
        status: ActionItemStatus,
    ) -> ServiceResult<action_item::Model> {
        let found = action_item::Entity::find_by_id(id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("action item"))?;
        let assigned = actor.person_id().is_some() && found.assignee_person_id == actor.person_id();
        // The assignee may not read the meeting (a members-only table they do not sit at), yet their item is theirs.
        if !assigned {
            load(self.db, actor, found.meeting_id)
                .await
                .map_err(|_| ServiceError::not_found("action item"))?;
        }
        let roles = access::roles_at(self.db, actor, found.table_id).await?;
        if !policy::can_update_action_item(actor, &roles, assigned) {
            return Err(ServiceError::forbidden("update this action item"));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = found.into_active_model();
        model.status = Set(status.as_str().to_owned());
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        let summary = format!("action item '{}' is now {status}", updated.title);
        audit::record(
            &txn,
            actor,
            audit::Change {
                action: "action_item_status",
                entity_type: "action_item",
                entity_id: id,
                table_id: Some(updated.table_id),
                summary,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// The actor's action items, not yet done or dropped; `overdue_only` keeps those past their due date.
    pub async fn my_action_items(
        &self,
        actor: &Actor,
        overdue_only: bool,
    ) -> ServiceResult<Vec<action_item::Model>> {
        let Some(person_id) = actor.person_id() else {
            return Err(ServiceError::Unauthenticated("sign in first".into()));
        };
        let mut query = action_item::Entity::find()
            .filter(action_item::Column::AssigneePersonId.eq(person_id))
            .filter(action_item::Column::Status.is_in([
                ActionItemStatus::Open.as_str(),
                ActionItemStatus::InProgress.as_str(),
            ]));
        if overdue_only {
            query = query.filter(action_item::Column::DueDate.lt(Utc::now().date_naive()));
        }
        Ok(query
            .order_by_asc(action_item::Column::DueDate)
            .order_by_asc(action_item::Column::Id)
            .all(self.db)
            .await?)
    }

    /// A table's action items (for those who may read its unapproved minutes), optionally one status or overdue only.
    pub async fn table_action_items(
        &self,
        actor: &Actor,
        table_id: i64,
        status: Option<ActionItemStatus>,
        overdue_only: bool,
    ) -> ServiceResult<Vec<action_item::Model>> {
        let table = crate::tables::TableService { db: self.db }
            .table(actor, table_id)
            .await?;
        let roles = crate::access::roles_at(self.db, actor, table.id).await?;
        if !policy::can_read_unapproved_minutes(actor, &roles) {
            return Err(ServiceError::forbidden("see this table's action items"));
        }
        let mut query =
            action_item::Entity::find().filter(action_item::Column::TableId.eq(table_id));
        if let Some(status) = status {
            query = query.filter(action_item::Column::Status.eq(status.as_str()));
        }
        if overdue_only {
            query = query
                .filter(action_item::Column::DueDate.lt(Utc::now().date_naive()))
                .filter(action_item::Column::Status.is_in([
                    ActionItemStatus::Open.as_str(),
                    ActionItemStatus::InProgress.as_str(),
                ]));
        }
        Ok(query
            .order_by_asc(action_item::Column::DueDate)
            .order_by_asc(action_item::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Line-by-line differences between two revisions of a meeting's minutes.
    pub async fn compare(
        &self,
        actor: &Actor,
        meeting_id: i64,
        from: i32,
        to: i32,
    ) -> ServiceResult<Vec<DiffLine>> {
        let current = self
            .minutes(actor, meeting_id)
            .await?
            .ok_or_else(|| ServiceError::not_found("minutes"))?;
        let revisions = self.revisions(actor, &[current.id]).await?;
        crate::diff::revisions(
            revisions.iter().map(|r| (r.number, r.content.as_str())),
            from,
            to,
        )
    }

    /// The minutes as Markdown: table, date, place, attendance, items with notes, decisions and action items.
    pub async fn markdown(&self, actor: &Actor, meeting_id: i64) -> ServiceResult<String> {
        let record = self.record(actor, meeting_id).await?;
        Ok(render_markdown(&record))
    }

    /// The minutes as a printable HTML page.
    pub async fn printable_html(&self, actor: &Actor, meeting_id: i64) -> ServiceResult<String> {
        let record = self.record(actor, meeting_id).await?;
        Ok(crate::markdown::printable_page(
            &format!("Verbale — {}", record.context.meeting.title),
            &render_markdown(&record),
        ))
    }

    /// Renders one note as sanitized HTML.
    pub fn note_html(&self, body: &str) -> String {
        to_safe_html(body)
    }

    async fn record(&self, actor: &Actor, meeting_id: i64) -> ServiceResult<Record> {
        let (context, minutes) = self.readable_minutes(actor, meeting_id).await?;
        gather(self.db, context, minutes).await
    }

    /// A meeting's minutes row, if the actor may read it; hidden minutes are not found.
    async fn readable_minutes(
        &self,
        actor: &Actor,
        meeting_id: i64,
    ) -> ServiceResult<(MeetingContext, minutes::Model)> {
        let context = load(self.db, actor, meeting_id).await?;
        let minutes = minutes::Entity::find()
            .filter(minutes::Column::MeetingId.eq(meeting_id))
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("minutes"))?;
        if !readable(actor, &context, &minutes) {
            return Err(ServiceError::not_found("minutes"));
        }
        Ok((context, minutes))
    }

    /// The meeting and its minutes, when the actor may change them now: held meeting, minutes not approved, the version they saw.
    async fn editable(
        &self,
        actor: &Actor,
        meeting_id: i64,
        expected_version: i32,
    ) -> ServiceResult<(MeetingContext, minutes::Model)> {
        let context = load(self.db, actor, meeting_id).await?;
        meetings::require_manage(actor, &context.roles)?;
        if status_of(&context.meeting)? != MeetingStatus::Held {
            return Err(ServiceError::validation(
                "status",
                "minutes are written once the meeting is held",
            ));
        }
        let current = existing(self.db, meeting_id).await?;
        if status(&current)? == MinutesStatus::Approved {
            return Err(ServiceError::validation(
                "status",
                "approved minutes are immutable: record an erratum instead",
            ));
        }
        check_version(&current, expected_version)?;
        Ok((context, current))
    }
}

/// An action item still to do whose due date has passed.
pub fn is_overdue(item: &action_item::Model, today: NaiveDate) -> bool {
    let open = item.status == ActionItemStatus::Open.as_str()
        || item.status == ActionItemStatus::InProgress.as_str();
    open && item.due_date.is_some_and(|due| due < today)
}

/// The SQL form of `readable`: minutes of a meeting the actor may see, approved or readable before approval.
fn readable_minutes(actor: &Actor) -> Condition {
    Condition::all()
        .add(minutes::Column::MeetingId.in_subquery(access::visible_meeting_ids(actor)))
        .add(
            Condition::any()
                .add(minutes::Column::Status.eq(MinutesStatus::Approved.as_str()))
                .add(
                    minutes::Column::MeetingId
                        .in_subquery(access::meetings_with_readable_drafts(actor)),
                ),
        )
}

fn readable_minutes_ids(actor: &Actor) -> SelectStatement {
    Query::select()
        .column(minutes::Column::Id)
        .from(minutes::Entity)
        .cond_where(readable_minutes(actor))
        .to_owned()
}

/// The meetings whose minutes (and so decisions and action items) the actor may read, as a subquery.
pub(crate) fn meetings_with_readable_minutes(actor: &Actor) -> SelectStatement {
    Query::select()
        .column(minutes::Column::MeetingId)
        .from(minutes::Entity)
        .cond_where(readable_minutes(actor))
        .to_owned()
}

fn readable(actor: &Actor, context: &MeetingContext, minutes: &minutes::Model) -> bool {
    is_approved(minutes) || policy::can_read_unapproved_minutes(actor, &context.roles)
}

fn is_approved(minutes: &minutes::Model) -> bool {
    minutes.status == MinutesStatus::Approved.as_str()
}

/// The number of the revision the chair approved: the last one saved before approval.
fn approved_revision(
    revisions: &[minutes_revision::Model],
    minutes_id: i64,
    approved_at: chrono::DateTime<Utc>,
) -> i32 {
    revisions
        .iter()
        .filter(|r| r.minutes_id == minutes_id && r.created_at <= approved_at)
        .map(|r| r.number)
        .max()
        .unwrap_or(0)
}

async fn existing(conn: &impl ConnectionTrait, meeting_id: i64) -> ServiceResult<minutes::Model> {
    minutes::Entity::find()
        .filter(minutes::Column::MeetingId.eq(meeting_id))
        .one(conn)
        .await?
        .ok_or_else(|| {
            ServiceError::validation(
                "meetingId",
                "this meeting has no minutes yet: mark it as held first",
            )
        })
}

fn status(minutes: &minutes::Model) -> ServiceResult<MinutesStatus> {
    minutes
        .status
        .parse()
        .map_err(|_| ServiceError::Internal("stored minutes status is unknown".into()))
}

fn check_version(minutes: &minutes::Model, expected: i32) -> ServiceResult<()> {
    if minutes.version != expected {
        return Err(ServiceError::stale("the minutes", minutes.version));
    }
    Ok(())
}

fn meeting_zone(meeting: &meeting::Model) -> chrono_tz::Tz {
    meeting.time_zone.parse().unwrap_or(chrono_tz::Europe::Rome)
}

async fn ensure_item_of(
    conn: &impl ConnectionTrait,
    item_id: i64,
    meeting_id: i64,
    field: &str,
) -> ServiceResult<()> {
    let item = agenda_item::Entity::find_by_id(item_id).one(conn).await?;
    if item.is_none_or(|i| i.meeting_id != meeting_id) {
        return Err(ServiceError::validation(
            field,
            format!("agenda item {item_id} is not on this meeting's agenda"),
        ));
    }
    Ok(())
}

/// The decision's text, trimmed, once text and votes are within bounds.
fn check_decision(input: &DecisionInput) -> ServiceResult<String> {
    let text = OptionalText::parse(Some(&input.text), DECISION_MAX)
        .field("text")?
        .ok_or_else(|| ServiceError::validation("text", "must not be empty"))?;
    for (value, field) in [
        (input.votes_for, "votesFor"),
        (input.votes_against, "votesAgainst"),
        (input.votes_abstained, "votesAbstained"),
    ] {
        if value.is_some_and(|v| !(0..=10_000).contains(&v)) {
            return Err(ServiceError::validation(
                field,
                "must be between 0 and 10000",
            ));
        }
    }
    Ok(text)
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
            return Err(ServiceError::validation(
                "body",
                format!("must be at most {NOTE_MAX} characters"),
            ));
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
async fn bump(
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
    let number = crate::minutes::next_revision_number(txn, updated.id).await?;
    minutes_revision::ActiveModel {
        minutes_id: Set(updated.id),
        number: Set(number),
        kind: Set(kind.as_str().to_owned()),
        reason: Set(reason),
        content: Set(render_markdown(&record)),
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

async fn gather(
    conn: &impl ConnectionTrait,
    context: MeetingContext,
    minutes: minutes::Model,
) -> ServiceResult<Record> {
    let meeting_id = context.meeting.id;
    let agenda = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .order_by_asc(agenda_item::Column::Position)
        .all(conn)
        .await?;
    let notes = minutes_note::Entity::find()
        .filter(minutes_note::Column::MinutesId.eq(minutes.id))
        .all(conn)
        .await?;
    let decisions = decision::Entity::find()
        .filter(decision::Column::MeetingId.eq(meeting_id))
        .order_by_asc(decision::Column::Id)
        .all(conn)
        .await?;
    let actions = action_item::Entity::find()
        .filter(action_item::Column::MeetingId.eq(meeting_id))
        .order_by_asc(action_item::Column::Id)
        .all(conn)
        .await?;
    let attendances = attendance::Entity::find()
        .filter(attendance::Column::MeetingId.eq(meeting_id))
        .all(conn)
        .await?;
    let mut person_ids: Vec<i64> = attendances.iter().map(|a| a.person_id).collect();
    person_ids.extend(actions.iter().filter_map(|a| a.assignee_person_id));
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(person_ids))
        .order_by_asc(person::Column::Name)
        .all(conn)
        .await?;
    let organizations = organization::Entity::find()
        .filter(
            organization::Column::Id
                .is_in(actions.iter().filter_map(|a| a.assignee_organization_id)),
        )
        .all(conn)
        .await?;
    let name_of = |id: i64| {
        people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let by_status = |status: AttendanceStatus| {
        let mut names: Vec<String> = attendances
            .iter()
            .filter(|a| a.status == status.as_str())
            .map(|a| name_of(a.person_id))
            .collect();
        names.sort();
        names
    };
    let present = by_status(AttendanceStatus::Present);
    let mut absent = by_status(AttendanceStatus::Absent);
    absent.extend(
        by_status(AttendanceStatus::Excused)
            .into_iter()
            .map(|n| format!("{n} (giustificato)")),
    );
    Ok(Record {
        context,
        minutes,
        agenda,
        notes,
        decisions,
        actions,
        present,
        absent,
        people,
        organizations,
    })
}

fn outcome_label(outcome: &str) -> &'static str {
    match outcome.parse::<DecisionOutcome>() {
        Ok(DecisionOutcome::Approved) => "approvata",
        Ok(DecisionOutcome::Rejected) => "respinta",
        Ok(DecisionOutcome::Deferred) => "rinviata",
        Err(_) => "",
    }
}

/// The minutes as one Markdown document, in Italian (the language of the record); revisions store exactly this.
fn render_markdown(record: &Record) -> String {
    let meeting = &record.context.meeting;
    let zone = meeting_zone(meeting);
    let start = meeting.starts_at.with_timezone(&zone);
    let end = meeting.ends_at.with_timezone(&zone);
    let mut out = format!("# Verbale — {}\n\n", meeting.title);
    out.push_str(&format!("**Tavolo:** {}  \n", record.context.table.name));
    out.push_str(&format!(
        "**Data:** {} dalle {} alle {} ({})  \n",
        start.format("%d/%m/%Y"),
        start.format("%H:%M"),
        end.format("%H:%M"),
        zone.name()
    ));
    if let Some(place) = &meeting.place {
        out.push_str(&format!("**Luogo:** {place}  \n"));
    }
    if let Some(url) = &meeting.online_url {
        out.push_str(&format!("**Collegamento:** {url}  \n"));
    }
    out.push_str(&format!(
        "**Stato del verbale:** {}\n\n",
        match record.minutes.status.as_str() {
            "approved" => "approvato",
            "in_review" => "in revisione",
            _ => "bozza",
        }
    ));
    out.push_str("## Presenze\n\n");
    out.push_str(&format!(
        "Presenti: {}\n\n",
        if record.present.is_empty() {
            "—".to_owned()
        } else {
            record.present.join(", ")
        }
    ));
    if !record.absent.is_empty() {
        out.push_str(&format!("Assenti: {}\n\n", record.absent.join(", ")));
    }
    for (index, item) in record.agenda.iter().enumerate() {
        out.push_str(&format!("## {}. {}\n\n", index + 1, item.title));
        if let Some(note) = record
            .notes
            .iter()
            .find(|n| n.agenda_item_id == item.id)
            .filter(|n| !n.body.trim().is_empty())
        {
            out.push_str(note.body.trim());
            out.push_str("\n\n");
        }
        for decision in record
            .decisions
            .iter()
            .filter(|d| d.agenda_item_id == item.id)
        {
            out.push_str(&format!(
                "**Decisione ({}):** {}",
                outcome_label(&decision.outcome),
                decision.text.trim()
            ));
            if let (Some(yes), Some(no), Some(abstained)) = (
                decision.votes_for,
                decision.votes_against,
                decision.votes_abstained,
            ) {
                out.push_str(&format!(
                    " — favorevoli {yes}, contrari {no}, astenuti {abstained}"
                ));
            }
            out.push_str("\n\n");
        }
    }
    if !record.actions.is_empty() {
        out.push_str(
            "## Azioni di follow-up\n\n| Azione | Assegnata a | Scadenza |\n|---|---|---|\n",
        );
        for action in &record.actions {
            let assignee = action
                .assignee_person_id
                .and_then(|id| {
                    record
                        .people
                        .iter()
                        .find(|p| p.id == id)
                        .map(|p| p.name.clone())
                })
                .or_else(|| {
                    action.assignee_organization_id.and_then(|id| {
                        record
                            .organizations
                            .iter()
                            .find(|o| o.id == id)
                            .map(|o| o.name.clone())
                    })
                })
                .unwrap_or_else(|| "—".to_owned());
            let due = action
                .due_date
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_else(|| "—".to_owned());
            out.push_str(&format!(
                "| {} | {assignee} | {due} |\n",
                action.title.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    out
}
