//! Minutes of a held meeting: notes per agenda item, decisions and action items, the review workflow (draft → in review → approved), revisions, errata, comparison and export.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tavolo_domain::{
    ActionItemStatus, Actor, ApprovalMethod, AttendanceStatus, DecisionOutcome, Locale,
    MeetingStatus, MinutesStatus, OptionalText, RevisionKind, policy,
};
use tavolo_store::entity::{
    action_item, agenda_item, attendance, decision, meeting, minutes, minutes_comment,
    minutes_note, minutes_revision, organization, person, table,
};
use tavolo_store::sea_orm;

use crate::Reason;
use crate::error::FieldContext;
use crate::events;
use crate::markdown::to_safe_html;
use crate::meetings::{self, MeetingContext, about, load, meeting_change};
use crate::{ServiceError, ServiceResult, access, audit, rows_in};
use tavolo_domain::DomainEvent;

mod action_items;
mod decisions;
mod export;
mod reads;
mod workflow;

pub use action_items::is_overdue;
pub(crate) use decisions::approving_decision;
use export::{gather, render_markdown};
pub(crate) use reads::meetings_with_readable_minutes;
use workflow::bump;

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

pub struct MinutesService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl MinutesService<'_> {
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
        if context.meeting.status != MeetingStatus::Held {
            return Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "minutes are written once the meeting is held",
            ));
        }
        let current = existing(self.db, meeting_id).await?;
        if current.status == MinutesStatus::Approved {
            return Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "approved minutes are immutable: record an erratum instead",
            ));
        }
        check_version(&current, expected_version)?;
        Ok((context, current))
    }
}

fn readable(actor: &Actor, context: &MeetingContext, minutes: &minutes::Model) -> bool {
    is_approved(minutes) || policy::can_read_unapproved_minutes(actor, &context.roles)
}

fn is_approved(minutes: &minutes::Model) -> bool {
    minutes.status == MinutesStatus::Approved
}

async fn existing(conn: &impl ConnectionTrait, meeting_id: i64) -> ServiceResult<minutes::Model> {
    minutes::Entity::find()
        .filter(minutes::Column::MeetingId.eq(meeting_id))
        .one(conn)
        .await?
        .ok_or_else(|| {
            ServiceError::validation(
                "meetingId",
                Reason::WrongState,
                "this meeting has no minutes yet: mark it as held first",
            )
        })
}

fn check_version(minutes: &minutes::Model, expected: i32) -> ServiceResult<()> {
    if minutes.version != expected {
        return Err(ServiceError::stale("the minutes", minutes.version));
    }
    Ok(())
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
            Reason::UnknownReference,
            format!("agenda item {item_id} is not on this meeting's agenda"),
        ));
    }
    Ok(())
}
