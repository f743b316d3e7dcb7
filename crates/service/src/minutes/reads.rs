//! Reading minutes and their parts (notes, decisions, action items, the review thread, revisions), each for
//! whoever may read it: batch reads filter in SQL by the same rule as a single read.

#[allow(unused_imports)]
use super::*;

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
            .and_where(access::on_meeting_with_readable_drafts(
                actor,
                minutes::Column::MeetingId,
            ))
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
            .filter(access::on_meeting_with_readable_drafts(
                actor,
                meeting::Column::Id,
            ))
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
}

/// The SQL form of `readable`: minutes of a meeting the actor may see, approved or readable before approval.
fn readable_minutes(actor: &Actor) -> Condition {
    Condition::all()
        .add(access::on_visible_meeting(
            actor,
            minutes::Column::MeetingId,
        ))
        .add(
            Condition::any()
                .add(minutes::Column::Status.eq(MinutesStatus::Approved))
                .add(access::on_meeting_with_readable_drafts(
                    actor,
                    minutes::Column::MeetingId,
                )),
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
