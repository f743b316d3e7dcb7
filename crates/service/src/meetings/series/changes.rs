//! Changing or cancelling a series as a whole, or from one occurrence on ("this and following"): the series is then
//! split in two at that occurrence, the earlier part ending before it, as calendar programs do themselves.

#[allow(unused_imports)]
use super::*;
use chrono::NaiveTime;

/// What a change of the series sets; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct SeriesChange {
    pub title: Option<String>,
    pub description: Option<String>,
    pub place: Option<String>,
    pub online_url: Option<String>,
    /// The wall-clock start (`HH:MM`) of every occurrence concerned, in the series' time zone.
    pub start_time: Option<String>,
    /// The wall-clock end (`HH:MM`), after the start.
    pub end_time: Option<String>,
}

/// The checked change.
struct Checked {
    title: Option<String>,
    description: Option<Option<String>>,
    place: Option<Option<String>>,
    online_url: Option<Option<String>>,
    times: Option<(NaiveTime, NaiveTime)>,
}

impl MeetingService<'_> {
    /// Changes the series' occurrences still to come (all of them, or those from `from_meeting_id` on, which then
    /// become a series of their own); held and past occurrences keep their record. Invitees receive the new series.
    pub async fn update_series(
        &self,
        actor: &Actor,
        id: i64,
        change: SeriesChange,
        from_meeting_id: Option<i64>,
    ) -> ServiceResult<meeting_series::Model> {
        let (series, _) = self.managed_series(actor, id).await?;
        if series.status == SeriesStatus::Cancelled {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "a cancelled series cannot be changed",
            ));
        }
        let checked = check_change(&change, &series)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let (earlier, target) = match split_point(&txn, &series, from_meeting_id).await? {
            Some(from) => {
                let (earlier, later) = split(&txn, series, &from).await?;
                (Some(earlier), later)
            }
            None => (None, series),
        };
        // A series just split off starts at SEQUENCE 0: its invitation is its first message.
        let target = apply(&txn, target, &checked, earlier.is_none()).await?;
        let scheduled = target.status == SeriesStatus::Scheduled;
        if let Some(earlier) = &earlier
            && scheduled
        {
            announce(&txn, actor, earlier, SeriesAnnouncement::Rescheduled).await?;
        }
        if scheduled {
            let kind = if earlier.is_some() {
                SeriesAnnouncement::Scheduled
            } else {
                SeriesAnnouncement::Rescheduled
            };
            announce(&txn, actor, &target, kind).await?;
        }
        let summary = match &earlier {
            Some(_) => format!("changed the series '{}' from one meeting on", target.title),
            None => format!("changed the series '{}'", target.title),
        };
        audit::record(&txn, actor, series_change("update", &target, summary)).await?;
        txn.commit().await?;
        Ok(target)
    }

    /// Cancels the series' occurrences still to come, all of them (the series is then cancelled) or those from
    /// `from_meeting_id` on (the series then ends before it); held occurrences stay on record.
    pub async fn cancel_series(
        &self,
        actor: &Actor,
        id: i64,
        reason: &str,
        from_meeting_id: Option<i64>,
    ) -> ServiceResult<meeting_series::Model> {
        let (series, _) = self.managed_series(actor, id).await?;
        let status = series.status;
        if status == SeriesStatus::Cancelled {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "the series is already cancelled",
            ));
        }
        let reason = OptionalText::parse(Some(reason), 2_000)
            .field("reason")?
            .ok_or_else(|| {
                ServiceError::validation(
                    "reason",
                    Reason::Required,
                    "say why the meetings are cancelled",
                )
            })?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let from = split_point(&txn, &series, from_meeting_id).await?;
        let mut cancelled = meeting::Entity::update_many()
            .col_expr(
                meeting::Column::Status,
                Expr::value(MeetingStatus::Cancelled.as_str()),
            )
            .col_expr(meeting::Column::CancelReason, Expr::value(reason.clone()))
            .col_expr(meeting::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(meeting::Column::SeriesId.eq(series.id))
            .filter(meeting::Column::Status.is_in([
                MeetingStatus::Draft.as_str(),
                MeetingStatus::Scheduled.as_str(),
            ]))
            .filter(meeting::Column::EndsAt.gte(Utc::now()));
        if let Some(from) = &from {
            cancelled = cancelled.filter(meeting::Column::RecurrenceId.gte(from.recurrence_id));
        }
        cancelled.exec(&txn).await?;
        let mut model = series.clone().into_active_model();
        match &from {
            Some(from) => {
                model.until_at = Set(Some(last_start_before(&series, from)?));
                model.occurrence_count = Set(None);
            }
            None => {
                model.status = Set(SeriesStatus::Cancelled);
                model.cancel_reason = Set(Some(reason.clone()));
            }
        }
        model.sequence = Set(series.sequence + 1);
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        if status == SeriesStatus::Scheduled {
            let kind = match from {
                Some(_) => SeriesAnnouncement::Rescheduled,
                None => SeriesAnnouncement::Cancelled,
            };
            announce(&txn, actor, &updated, kind).await?;
        }
        audit::record(
            &txn,
            actor,
            series_change(
                "cancel",
                &updated,
                format!(
                    "cancelled meetings of the series '{}': {reason}",
                    updated.title
                ),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }
}

fn check_change(change: &SeriesChange, series: &meeting_series::Model) -> ServiceResult<Checked> {
    let title = match change.title.as_deref() {
        Some(raw) => Some(Name::parse(raw).field("title")?.into_inner()),
        None => None,
    };
    let description = match change.description.as_deref() {
        Some(raw) => Some(OptionalText::parse(Some(raw), TEXT_MAX).field("description")?),
        None => None,
    };
    let place = match change.place.as_deref() {
        Some(raw) => Some(OptionalText::parse(Some(raw), 500).field("place")?),
        None => None,
    };
    let online_url = match change.online_url.as_deref() {
        Some(raw) => Some(parse_url(Some(raw), "onlineUrl")?),
        None => None,
    };
    let times = match (change.start_time.as_deref(), change.end_time.as_deref()) {
        (None, None) => None,
        (start, end) => {
            let zone = series.time_zone;
            let current_start = series.first_starts_at.with_timezone(&zone.tz()).time();
            let current_end = current_start + Duration::minutes(i64::from(series.duration_minutes));
            let start = start
                .map(|t| parse_time(t, "startTime"))
                .transpose()?
                .unwrap_or(current_start);
            let end = end
                .map(|t| parse_time(t, "endTime"))
                .transpose()?
                .unwrap_or(current_end);
            if end <= start {
                return Err(ServiceError::validation(
                    "endTime",
                    Reason::EndBeforeStart,
                    "must be after the start",
                ));
            }
            Some((start, end))
        }
    };
    Ok(Checked {
        title,
        description,
        place,
        online_url,
        times,
    })
}

fn parse_time(text: &str, field: &str) -> ServiceResult<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        ServiceError::validation(
            field,
            Reason::NotADateTime,
            format!("'{}' is not a time like 10:30", text.trim()),
        )
    })
}

/// The occurrence a "this and following" change starts at; none when the change concerns the whole series (no
/// occurrence named, or the first one).
async fn split_point(
    txn: &DatabaseTransaction,
    series: &meeting_series::Model,
    from_meeting_id: Option<i64>,
) -> ServiceResult<Option<meeting::Model>> {
    let Some(meeting_id) = from_meeting_id else {
        return Ok(None);
    };
    let from = meeting::Entity::find_by_id(meeting_id)
        .filter(meeting::Column::SeriesId.eq(series.id))
        .one(txn)
        .await?
        .ok_or_else(|| {
            ServiceError::validation(
                "fromMeetingId",
                Reason::UnknownReference,
                format!("meeting {meeting_id} is not an occurrence of this series"),
            )
        })?;
    let first = from
        .recurrence_id
        .is_some_and(|r| r <= series.first_starts_at);
    Ok((!first).then_some(from))
}

/// The start the rule gave the last occurrence before `from`.
fn last_start_before(
    series: &meeting_series::Model,
    from: &meeting::Model,
) -> ServiceResult<DateTime<Utc>> {
    let boundary = from
        .recurrence_id
        .ok_or_else(|| ServiceError::Internal("an occurrence without its rule's start".into()))?;
    let zone = series.time_zone;
    let rule = stored_rule(series)?;
    let first = series
        .first_starts_at
        .with_timezone(&zone.tz())
        .naive_local();
    rule::expand(&rule, first, zone)?
        .into_iter()
        .rfind(|start| *start < boundary)
        .ok_or_else(|| ServiceError::Internal("a split before the series' first occurrence".into()))
}

/// Splits a series at `from`: the earlier part ends before it (UNTIL), the occurrences from it on go to a new
/// series with its own UID that carries the rest of the rule.
async fn split(
    txn: &DatabaseTransaction,
    series: meeting_series::Model,
    from: &meeting::Model,
) -> ServiceResult<(meeting_series::Model, meeting_series::Model)> {
    let boundary = from
        .recurrence_id
        .ok_or_else(|| ServiceError::Internal("an occurrence without its rule's start".into()))?;
    let until = last_start_before(&series, from)?;
    let zone = series.time_zone;
    let first = series
        .first_starts_at
        .with_timezone(&zone.tz())
        .naive_local();
    let before = rule::expand(&stored_rule(&series)?, first, zone)?
        .into_iter()
        .filter(|start| *start < boundary)
        .count() as i32;
    let now = Utc::now();
    let mut later = series.clone().into_active_model();
    later.id = sea_orm::ActiveValue::NotSet;
    later.calendar_uid = Set(format!("series-{}-{}@tavolo", series.table_id, uuid_like()));
    later.sequence = Set(0);
    later.first_starts_at = Set(boundary);
    later.occurrence_count = Set(series.occurrence_count.map(|count| count - before));
    later.created_at = Set(now);
    later.updated_at = Set(now);
    let later = later.insert(txn).await?;
    meeting::Entity::update_many()
        .col_expr(meeting::Column::SeriesId, Expr::value(later.id))
        .filter(meeting::Column::SeriesId.eq(series.id))
        .filter(meeting::Column::RecurrenceId.gte(boundary))
        .exec(txn)
        .await?;
    let mut earlier = series.clone().into_active_model();
    earlier.until_at = Set(Some(until));
    earlier.occurrence_count = Set(None);
    earlier.sequence = Set(series.sequence + 1);
    earlier.updated_at = Set(now);
    Ok((earlier.update(txn).await?, later))
}

/// Applies a change to a series and to its occurrences still to come; a new time moves every occurrence to that
/// time on its own day, and the rule's starts (RECURRENCE-ID) of all of them with it.
async fn apply(
    txn: &DatabaseTransaction,
    series: meeting_series::Model,
    change: &Checked,
    raise_sequence: bool,
) -> ServiceResult<meeting_series::Model> {
    let zone = series.time_zone;
    let tz = zone.tz();
    let occurrences = meeting::Entity::find()
        .filter(meeting::Column::SeriesId.eq(series.id))
        .all(txn)
        .await?;
    let now = Utc::now();
    let at_time = |instant: DateTime<Utc>, time: NaiveTime, field: &str| {
        let local = instant.with_timezone(&tz).date_naive().and_time(time);
        to_utc(local, zone, field)
    };
    let mut model = series.clone().into_active_model();
    if let Some((start, end)) = change.times {
        let first = at_time(series.first_starts_at, start, "startTime")?;
        // The new time must exist on every day of the rule, moved or not.
        let rule = stored_rule(&series)?;
        rule::expand(&rule, first.with_timezone(&tz).naive_local(), zone)?;
        model.first_starts_at = Set(first);
        model.duration_minutes = Set((end - start).num_minutes() as i32);
    }
    for occurrence in occurrences {
        let open = matches!(
            occurrence.status,
            MeetingStatus::Draft | MeetingStatus::Scheduled
        ) && occurrence.ends_at >= now;
        let mut row = occurrence.clone().into_active_model();
        if let Some((start, end)) = change.times {
            if let Some(recurrence_id) = occurrence.recurrence_id {
                row.recurrence_id = Set(Some(at_time(recurrence_id, start, "startTime")?));
            }
            if open {
                let starts_at = at_time(occurrence.starts_at, start, "startTime")?;
                row.starts_at = Set(starts_at);
                row.ends_at = Set(starts_at + (end - start));
            }
        }
        if open {
            if let Some(title) = &change.title {
                row.title = Set(title.clone());
            }
            if let Some(description) = &change.description {
                row.description = Set(description.clone());
            }
            if let Some(place) = &change.place {
                row.place = Set(place.clone());
            }
            if let Some(online_url) = &change.online_url {
                row.online_url = Set(online_url.clone());
            }
        }
        if row.is_changed() {
            row.updated_at = Set(now);
            row.update(txn).await?;
        }
    }
    if let Some(title) = &change.title {
        model.title = Set(title.clone());
    }
    if let Some(description) = &change.description {
        model.description = Set(description.clone());
    }
    if let Some(place) = &change.place {
        model.place = Set(place.clone());
    }
    if let Some(online_url) = &change.online_url {
        model.online_url = Set(online_url.clone());
    }
    if raise_sequence {
        model.sequence = Set(series.sequence + 1);
    }
    model.updated_at = Set(now);
    Ok(model.update(txn).await?)
}
