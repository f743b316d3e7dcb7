//! What waits for a person, across their tables: invitations to answer, minutes to review (as a delegate or one who
//! runs the table) or to approve (as chair), strategy versions submitted for their approval, practices to review
//! (moderators), and their action items due within a week or overdue. It follows the person's own roles: an
//! administrator's power to act anywhere is not work waiting for them.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tavolo_domain::{
    Actor, MeetingStatus, MembershipRole, MinutesStatus, PracticeStatus, Rsvp, StrategyStatus,
    TableRoles,
};
use tavolo_store::entity::{
    action_item, good_practice, invitation, meeting, minutes, strategy_version,
};
use tavolo_store::sea_orm;

use crate::ServiceResult;
use crate::access::{require_signed_in, roles_everywhere};

/// Rows of one kind shown at most; the count says how many there are in all.
pub const WAITING_MAX: u64 = 20;
/// How far ahead an action item counts as due.
const DUE_WITHIN_DAYS: i64 = 7;

/// One kind of work waiting, and how many of it there are (the list holds at most `WAITING_MAX`).
pub struct Waiting<M> {
    pub total: u64,
    pub items: Vec<M>,
}

/// Everything that waits for the person.
pub struct WaitingForMe {
    pub invitations: Waiting<invitation::Model>,
    pub minutes_to_review: Waiting<meeting::Model>,
    pub minutes_to_approve: Waiting<meeting::Model>,
    pub strategies_to_approve: Waiting<strategy_version::Model>,
    pub practices_to_review: Waiting<good_practice::Model>,
    pub action_items_due: Waiting<action_item::Model>,
}

pub struct WaitingService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

fn capped<M>(mut rows: Vec<M>) -> Waiting<M> {
    let total = rows.len() as u64;
    rows.truncate(WAITING_MAX as usize);
    Waiting { total, items: rows }
}

impl WaitingService<'_> {
    pub async fn for_me(&self, actor: &Actor) -> ServiceResult<WaitingForMe> {
        require_signed_in(actor)?;
        let person_id = actor.person_id().unwrap_or_default();
        let (chaired, reviewing) = review_tables(&roles_everywhere(self.db, actor).await?);
        Ok(WaitingForMe {
            invitations: capped(self.invitations(person_id).await?),
            minutes_to_review: capped(self.minutes_in_review(&reviewing).await?),
            minutes_to_approve: capped(self.minutes_in_review(&chaired).await?),
            strategies_to_approve: capped(self.submitted_strategies(&chaired).await?),
            practices_to_review: capped(self.practices_to_review(actor).await?),
            action_items_due: capped(self.action_items_due(person_id).await?),
        })
    }

    /// Invitations of the person's still to answer, to scheduled meetings that have not begun, soonest first.
    async fn invitations(&self, person_id: i64) -> ServiceResult<Vec<invitation::Model>> {
        let upcoming: Vec<i64> = meeting::Entity::find()
            .select_only()
            .column(meeting::Column::Id)
            .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled))
            .filter(meeting::Column::StartsAt.gt(Utc::now()))
            .order_by_asc(meeting::Column::StartsAt)
            .into_tuple()
            .all(self.db)
            .await?;
        let mut rows = invitation::Entity::find()
            .filter(invitation::Column::PersonId.eq(person_id))
            .filter(invitation::Column::Rsvp.eq(Rsvp::NeedsAction))
            .filter(invitation::Column::MeetingId.is_in(upcoming.iter().copied()))
            .all(self.db)
            .await?;
        rows.sort_by_key(|row| upcoming.iter().position(|id| *id == row.meeting_id));
        Ok(rows)
    }

    /// Meetings of `tables` whose minutes are in review, oldest first.
    pub(crate) async fn minutes_in_review(
        &self,
        tables: &[i64],
    ) -> ServiceResult<Vec<meeting::Model>> {
        if tables.is_empty() {
            return Ok(Vec::new());
        }
        let in_review: Vec<i64> = minutes::Entity::find()
            .select_only()
            .column(minutes::Column::MeetingId)
            .filter(minutes::Column::Status.eq(MinutesStatus::InReview))
            .into_tuple()
            .all(self.db)
            .await?;
        Ok(meeting::Entity::find()
            .filter(meeting::Column::TableId.is_in(tables.iter().copied()))
            .filter(meeting::Column::Id.is_in(in_review))
            .order_by_asc(meeting::Column::StartsAt)
            .all(self.db)
            .await?)
    }

    async fn submitted_strategies(
        &self,
        tables: &[i64],
    ) -> ServiceResult<Vec<strategy_version::Model>> {
        if tables.is_empty() {
            return Ok(Vec::new());
        }
        Ok(strategy_version::Entity::find()
            .filter(strategy_version::Column::TableId.is_in(tables.iter().copied()))
            .filter(strategy_version::Column::Status.eq(StrategyStatus::Submitted))
            .order_by_asc(strategy_version::Column::SubmittedAt)
            .all(self.db)
            .await?)
    }

    /// Proposals submitted for review, and edits of published practices waiting for a moderator, oldest first.
    async fn practices_to_review(&self, actor: &Actor) -> ServiceResult<Vec<good_practice::Model>> {
        if !actor.is_moderator() {
            return Ok(Vec::new());
        }
        Ok(good_practice::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(good_practice::Column::Status.eq(PracticeStatus::Submitted))
                    .add(good_practice::Column::PendingEdit.is_not_null()),
            )
            .order_by_asc(good_practice::Column::UpdatedAt)
            .all(self.db)
            .await?)
    }

    /// The person's open action items due within a week or overdue, the most pressing first.
    pub(crate) async fn action_items_due(
        &self,
        person_id: i64,
    ) -> ServiceResult<Vec<action_item::Model>> {
        let horizon = (Utc::now() + Duration::days(DUE_WITHIN_DAYS)).date_naive();
        Ok(action_item::Entity::find()
            .filter(action_item::Column::AssigneePersonId.eq(person_id))
            .filter(action_item::Column::Status.is_in([
                tavolo_domain::ActionItemStatus::Open.as_str(),
                tavolo_domain::ActionItemStatus::InProgress.as_str(),
            ]))
            .filter(action_item::Column::DueDate.lte(horizon))
            .order_by_asc(action_item::Column::DueDate)
            .all(self.db)
            .await?)
    }
}

/// Of the tables where a person holds roles, those where they approve minutes (as chair), and those where they
/// review them (as a delegate or one who runs the table, without chairing it).
pub(crate) fn review_tables(roles: &HashMap<i64, TableRoles>) -> (Vec<i64>, Vec<i64>) {
    let tables_where = |wanted: &dyn Fn(&TableRoles) -> bool| -> Vec<i64> {
        roles
            .iter()
            .filter(|(_, r)| wanted(r))
            .map(|(table, _)| *table)
            .collect()
    };
    let chaired = tables_where(&|r| r.has(MembershipRole::Chair));
    let reviewing = tables_where(&|r| {
        !r.has(MembershipRole::Chair) && (r.has(MembershipRole::Delegate) || r.runs_table())
    });
    (chaired, reviewing)
}
