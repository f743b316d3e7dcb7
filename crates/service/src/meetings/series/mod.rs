//! Recurring meetings: a series made from a rule in the table's time zone, each occurrence a meeting of its own
//! (agenda, invitations, attendance, minutes), scheduled together, changed or cancelled as a whole, from one
//! occurrence on, or one at a time through the ordinary meeting operations.

#[allow(unused_imports)]
use super::*;
use sea_orm::sea_query::ExprTrait;
use tavolo_domain::SeriesStatus;
use tavolo_store::entity::meeting_series;

mod changes;
mod rule;

pub use changes::SeriesChange;
pub use rule::stored as stored_rule;
pub use rule::{MAX_INTERVAL, RecurrenceInput, weekdays_of};

impl MeetingService<'_> {
    /// A series the actor may see (one of its occurrences is visible to them).
    pub async fn series(&self, actor: &Actor, id: i64) -> ServiceResult<meeting_series::Model> {
        meeting_series::Entity::find_by_id(id)
            .filter(access::visible_series(actor))
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("meeting series"))
    }

    /// The series among `ids` the actor may see.
    pub async fn series_by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<meeting_series::Model>> {
        Ok(meeting_series::Entity::find()
            .filter(meeting_series::Column::Id.is_in(ids.iter().copied()))
            .filter(access::visible_series(actor))
            .all(self.db)
            .await?)
    }

    /// The occurrences of each series the actor may see, in the rule's order.
    pub async fn occurrences(
        &self,
        actor: &Actor,
        series_ids: &[i64],
    ) -> ServiceResult<Vec<meeting::Model>> {
        Ok(meeting::Entity::find()
            .filter(meeting::Column::SeriesId.is_in(series_ids.iter().copied()))
            .filter(access::visible_meetings(actor))
            .order_by_asc(meeting::Column::RecurrenceId)
            .order_by_asc(meeting::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Creates a draft series and its occurrences, each a draft meeting with the table's default invitations; the
    /// open follow-ups go on the first one's agenda.
    pub async fn create_series(
        &self,
        actor: &Actor,
        table_id: i64,
        input: MeetingInput,
        recurrence: RecurrenceInput,
        invite_substitutes: bool,
    ) -> ServiceResult<meeting_series::Model> {
        let table = self.table_for_new_meeting(actor, table_id).await?;
        if input.multi_day == Some(true) {
            return Err(ServiceError::validation(
                "multiDay",
                Reason::LongerThanADay,
                "a series repeats meetings of at most a day",
            ));
        }
        let base = new_meeting_row(&table, &input)?;
        let zone = *base.time_zone.as_ref();
        let first = parse_local(input.start.as_deref().unwrap_or_default(), "start")?;
        let checked = rule::check(&recurrence, first, zone)?;
        let starts = rule::expand(&checked.rule, first, zone)?;
        let duration = *base.ends_at.as_ref() - *base.starts_at.as_ref();
        let now = Utc::now();
        let series = meeting_series::ActiveModel {
            table_id: Set(table.id),
            calendar_uid: Set(format!("series-{}-{}@tavolo", table.id, uuid_like())),
            sequence: Set(0),
            status: Set(SeriesStatus::Draft),
            title: base.title.clone(),
            description: base.description.clone(),
            place: base.place.clone(),
            online_url: base.online_url.clone(),
            time_zone: Set(zone),
            first_starts_at: base.starts_at.clone(),
            duration_minutes: Set(duration.num_minutes() as i32),
            pattern: Set(recurrence.pattern),
            weekdays: Set(checked.weekdays),
            interval: Set(checked.rule.interval as i32),
            until_at: Set(match checked.rule.end {
                tavolo_calendar::recurrence::End::Until(until) => Some(until),
                tavolo_calendar::recurrence::End::Count(_) => None,
            }),
            occurrence_count: Set(match checked.rule.end {
                tavolo_calendar::recurrence::End::Count(count) => Some(count as i32),
                tavolo_calendar::recurrence::End::Until(_) => None,
            }),
            cancel_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let txn = tavolo_store::begin_write(self.db).await?;
        let series = series.insert(&txn).await?;
        for (index, start) in starts.iter().enumerate() {
            let mut row = base.clone();
            row.starts_at = Set(*start);
            row.ends_at = Set(*start + duration);
            row.series_id = Set(Some(series.id));
            row.recurrence_id = Set(Some(*start));
            // Each occurrence keeps a UID of its own (meetings' UIDs are unique); calendars only ever see the series'.
            row.calendar_uid = Set(format!("{}-{}", series.calendar_uid, index + 1));
            let created = row.insert(&txn).await?;
            if index == 0 {
                add_follow_up_item(&txn, &created).await?;
            }
            invite_table(&txn, &created, invite_substitutes).await?;
        }
        audit::record(
            &txn,
            actor,
            series_change(
                "create",
                &series,
                format!(
                    "created the series '{}' of {} meetings",
                    series.title,
                    starts.len()
                ),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(series)
    }

    /// Draft → scheduled: every draft occurrence is scheduled and each invitee receives the series as one calendar
    /// entry.
    pub async fn schedule_series(
        &self,
        actor: &Actor,
        id: i64,
        allow_past: bool,
    ) -> ServiceResult<meeting_series::Model> {
        let (series, _) = self.managed_series(actor, id).await?;
        if series.status != SeriesStatus::Draft {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "only a draft series can be scheduled",
            ));
        }
        if series.first_starts_at < Utc::now() && !allow_past {
            return Err(ServiceError::validation(
                "start",
                Reason::InThePast,
                "the first meeting is in the past: pass allowPast to schedule the series anyway",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        meeting::Entity::update_many()
            .col_expr(
                meeting::Column::Status,
                Expr::value(MeetingStatus::Scheduled.as_str()),
            )
            .col_expr(meeting::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(meeting::Column::SeriesId.eq(series.id))
            .filter(meeting::Column::Status.eq(MeetingStatus::Draft))
            .exec(&txn)
            .await?;
        let mut model = series.into_active_model();
        model.status = Set(SeriesStatus::Scheduled);
        model.updated_at = Set(Utc::now());
        let series = model.update(&txn).await?;
        announce(&txn, actor, &series, SeriesAnnouncement::Scheduled).await?;
        audit::record(
            &txn,
            actor,
            series_change(
                "schedule",
                &series,
                format!("scheduled the series '{}'", series.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(series)
    }

    /// A series the actor runs the table of, with its table.
    async fn managed_series(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<(meeting_series::Model, table::Model)> {
        let series = self.series(actor, id).await?;
        let table = visible_table(self.db, actor, series.table_id).await?;
        let roles = roles_at(self.db, actor, table.id).await?;
        require_manage(actor, &roles)?;
        Ok((series, table))
    }
}

/// What became of a series as a whole, for `announce`.
pub(super) enum SeriesAnnouncement {
    Scheduled,
    Rescheduled,
    Cancelled,
}

/// Tells the mail worker the series' calendar changed: the event names one occurrence (the first still to come, or
/// the last one), through which the worker finds the series and writes it whole.
async fn announce(
    txn: &DatabaseTransaction,
    actor: &Actor,
    series: &meeting_series::Model,
    change: SeriesAnnouncement,
) -> ServiceResult<()> {
    let occurrences = meeting::Entity::find()
        .filter(meeting::Column::SeriesId.eq(series.id))
        .order_by_asc(meeting::Column::StartsAt)
        .all(txn)
        .await?;
    let now = Utc::now();
    let Some(named) = occurrences
        .iter()
        .find(|m| m.ends_at >= now)
        .or(occurrences.last())
    else {
        return Ok(());
    };
    let event = match change {
        SeriesAnnouncement::Scheduled => DomainEvent::SeriesScheduled { series: series.id },
        SeriesAnnouncement::Rescheduled => DomainEvent::SeriesRescheduled { series: series.id },
        SeriesAnnouncement::Cancelled => DomainEvent::SeriesCancelled {
            series: series.id,
            reason: series.cancel_reason.clone(),
        },
    };
    events::publish(txn, actor, about(named, series.id), event).await
}

/// Raises the series' SEQUENCE after one of its occurrences changed: calendars hold the series as one entry, and
/// ignore a message that does not supersede the one they have.
pub(super) async fn touch_series(
    txn: &DatabaseTransaction,
    meeting: &meeting::Model,
) -> ServiceResult<()> {
    let Some(series_id) = meeting.series_id else {
        return Ok(());
    };
    meeting_series::Entity::update_many()
        .col_expr(
            meeting_series::Column::Sequence,
            Expr::col(meeting_series::Column::Sequence).add(1),
        )
        .col_expr(meeting_series::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(meeting_series::Column::Id.eq(series_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// The same answer on the invitee's invitations to the occurrences after `meeting` that still take answers.
pub(super) async fn answer_following(
    txn: &DatabaseTransaction,
    meeting: &meeting::Model,
    email: &str,
    rsvp: Rsvp,
) -> ServiceResult<()> {
    let Some(series_id) = meeting.series_id else {
        return Ok(());
    };
    let later = sea_orm::sea_query::Query::select()
        .column(meeting::Column::Id)
        .from(meeting::Entity)
        .and_where(meeting::Column::SeriesId.eq(series_id))
        .and_where(meeting::Column::StartsAt.gt(meeting.starts_at))
        .and_where(meeting::Column::Status.is_in([
            MeetingStatus::Draft.as_str(),
            MeetingStatus::Scheduled.as_str(),
        ]))
        .to_owned();
    invitation::Entity::update_many()
        .col_expr(invitation::Column::Rsvp, Expr::value(rsvp.as_str()))
        .col_expr(invitation::Column::RespondedAt, Expr::value(Utc::now()))
        .col_expr(
            invitation::Column::AnswerNonce,
            Expr::col(invitation::Column::AnswerNonce).add(1),
        )
        .filter(invitation::Column::Email.eq(email))
        .filter(invitation::Column::MeetingId.in_subquery(later))
        .exec(txn)
        .await?;
    Ok(())
}

fn series_change(
    action: &'static str,
    series: &meeting_series::Model,
    summary: String,
) -> Change<'static> {
    Change {
        action,
        entity_type: "meeting_series",
        entity_id: series.id,
        table_id: Some(series.table_id),
        summary,
    }
}
