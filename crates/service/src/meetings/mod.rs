//! Meetings of a table: their lifecycle (draft, scheduled, held, cancelled), agenda, invitations and answers, attendance and quorum.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tavolo_domain::{
    ActionItemStatus, Actor, AttendanceStatus, DecisionOutcome, DelegateKind, Email,
    InvitationRole, MeetingStatus, MembershipRole, MinutesStatus, Name, OptionalText, Rsvp,
    TableRoles, TimeZoneName, policy,
};
use tavolo_store::entity::{
    action_item, agenda_item, attendance, decision, invitation, mail_outbox, meeting, membership,
    minutes, person, seat, table,
};
use tavolo_store::sea_orm;

use crate::Reason;
use crate::access::{self, active_memberships, roles_at};
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::events::{self, Subject};
use crate::{ServiceError, ServiceResult, rows_in};
use tavolo_domain::{DomainEvent, MeetingSnapshot};

mod after_the_fact;
mod agenda;
mod answers;
mod attendance_sheet;
mod calendar_replies;
mod invitations;
mod minutes_presence;
mod report;
mod series;
mod times;

use agenda::add_follow_up_item;
pub use answers::LinkedInvitation;
pub use attendance_sheet::{Attendee, quorum_of};
pub use calendar_replies::{IncomingReply, RecordedReply};
pub(crate) use invitations::insert_invitation;
use invitations::{invite_substitute, invite_table};
pub use report::{AttendanceReport, AttendanceRow, start_of};
pub use series::stored_rule as series_rule;
pub use series::{MAX_INTERVAL, RecurrenceInput, SeriesChange, weekdays_of};
use times::{check_times, parse_url};
pub use times::{parse_local, to_utc};

const TEXT_MAX: usize = 20_000;

/// Fields of a meeting; on update `None` leaves a field as it is. Times are wall-clock times in `time_zone`.
#[derive(Debug, Clone, Default)]
pub struct MeetingInput {
    pub title: Option<String>,
    pub description: Option<String>,
    /// `YYYY-MM-DDTHH:MM` in the meeting's time zone.
    pub start: Option<String>,
    pub end: Option<String>,
    pub time_zone: Option<String>,
    pub multi_day: Option<bool>,
    pub place: Option<String>,
    pub online_url: Option<String>,
    /// Accept a start in the past (recording a meeting after the fact).
    pub allow_past: bool,
}

/// Fields of an agenda item; on update `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AgendaItemInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub presenter: Option<String>,
    pub planned_minutes: Option<i32>,
    /// Document links, one URL per entry.
    pub documents: Option<Vec<String>>,
}

/// Who to invite: a person with an account, or anyone by email.
#[derive(Debug, Clone)]
pub enum Invitee {
    Person(i64),
    /// A guest by address; with `offer_account`, an address without an account becomes a person invited to activate
    /// one.
    Email {
        email: String,
        name: String,
        offer_account: bool,
    },
}

/// The quorum of a meeting, counted per organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quorum {
    pub member_organizations: u32,
    pub present_organizations: u32,
    pub required: u32,
    pub percent: i32,
    pub reached: bool,
}

/// A meeting's title and time, for those who may know of it without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingHeading {
    pub id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub time_zone: TimeZoneName,
}

/// A meeting with what every rule about it needs: its table and the actor's roles there.
pub(crate) struct MeetingContext {
    pub meeting: meeting::Model,
    pub table: table::Model,
    pub roles: TableRoles,
}

pub struct MeetingService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl MeetingService<'_> {
    pub async fn meeting(&self, actor: &Actor, id: i64) -> ServiceResult<meeting::Model> {
        Ok(load(self.db, actor, id).await?.meeting)
    }

    /// A table's meetings the actor may see, in time order, optionally within `[from, to)`.
    pub async fn meetings_of_table(
        &self,
        actor: &Actor,
        table_id: i64,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> ServiceResult<Vec<meeting::Model>> {
        let table = visible_table(self.db, actor, table_id).await?;
        let mut query = meeting::Entity::find()
            .filter(meeting::Column::TableId.eq(table.id))
            .filter(access::visible_meetings(actor));
        if let Some(from) = from {
            query = query.filter(meeting::Column::EndsAt.gte(from));
        }
        if let Some(to) = to {
            query = query.filter(meeting::Column::StartsAt.lt(to));
        }
        Ok(query
            .order_by_asc(meeting::Column::StartsAt)
            .all(self.db)
            .await?)
    }

    /// The meetings among `ids` the actor may see.
    pub async fn meetings_by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<meeting::Model>> {
        Ok(meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(ids.iter().copied()))
            .filter(access::visible_meetings(actor))
            .order_by_asc(meeting::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The title and time of each meeting the actor may see, or that holds an action item assigned to them: what an
    /// assignee needs to place their item, without the rest of a meeting they may not read.
    pub async fn headings(&self, actor: &Actor, ids: &[i64]) -> ServiceResult<Vec<MeetingHeading>> {
        let mut shown = Condition::any().add(access::visible_meetings(actor));
        if let Some(person_id) = actor.person_id() {
            let assigned = sea_orm::sea_query::Query::select()
                .column(action_item::Column::MeetingId)
                .from(action_item::Entity)
                .and_where(action_item::Column::AssigneePersonId.eq(person_id))
                .to_owned();
            shown = shown.add(meeting::Column::Id.in_subquery(assigned));
        }
        Ok(meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(ids.iter().copied()))
            .filter(shown)
            .all(self.db)
            .await?
            .into_iter()
            .map(|m| MeetingHeading {
                id: m.id,
                title: m.title,
                starts_at: m.starts_at,
                time_zone: m.time_zone,
            })
            .collect())
    }

    /// The actor's upcoming meetings: those they are invited to, soonest first.
    pub async fn my_upcoming(&self, actor: &Actor) -> ServiceResult<Vec<meeting::Model>> {
        let Some(person_id) = actor.person_id() else {
            return Ok(Vec::new());
        };
        let invited: Vec<i64> = invitation::Entity::find()
            .filter(invitation::Column::PersonId.eq(person_id))
            .all(self.db)
            .await?
            .into_iter()
            .map(|i| i.meeting_id)
            .collect();
        Ok(meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(invited))
            .filter(meeting::Column::EndsAt.gte(Utc::now()))
            .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled))
            .order_by_asc(meeting::Column::StartsAt)
            .all(self.db)
            .await?)
    }

    /// Creates a draft meeting with the default invitations and, when the table has open follow-ups, a follow-up agenda item.
    pub async fn create_meeting(
        &self,
        actor: &Actor,
        table_id: i64,
        input: MeetingInput,
        invite_substitutes: bool,
    ) -> ServiceResult<meeting::Model> {
        let table = self.table_for_new_meeting(actor, table_id).await?;
        let row = new_meeting_row(&table, &input)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let created = row.insert(&txn).await?;
        add_follow_up_item(&txn, &created).await?;
        invite_table(&txn, &created, invite_substitutes).await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "create",
                &created,
                format!("created meeting '{}'", created.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// The table a new meeting goes to, once the actor may run it and it has not ended.
    async fn table_for_new_meeting(
        &self,
        actor: &Actor,
        table_id: i64,
    ) -> ServiceResult<table::Model> {
        let table = visible_table(self.db, actor, table_id).await?;
        let roles = roles_at(self.db, actor, table.id).await?;
        require_manage(actor, &roles)?;
        if table.ended_at.is_some() {
            return Err(ServiceError::validation(
                "tableId",
                Reason::WrongState,
                "this table has ended: it takes no new meetings",
            ));
        }
        Ok(table)
    }
}

/// A new draft meeting's row from the caller's fields, every one checked.
pub(crate) fn new_meeting_row(
    table: &table::Model,
    input: &MeetingInput,
) -> ServiceResult<meeting::ActiveModel> {
    let title = Name::parse(input.title.as_deref().unwrap_or_default())
        .field("title")?
        .into_inner();
    let time_zone = match input.time_zone.as_deref() {
        Some(raw) => TimeZoneName::parse(raw).field("timeZone")?,
        None => TimeZoneName::default(),
    };
    let start_text = input
        .start
        .as_deref()
        .ok_or_else(|| ServiceError::required("start"))?;
    let end_text = input
        .end
        .as_deref()
        .ok_or_else(|| ServiceError::required("end"))?;
    let starts_at = to_utc(parse_local(start_text, "start")?, time_zone, "start")?;
    let ends_at = to_utc(parse_local(end_text, "end")?, time_zone, "end")?;
    let multi_day = input.multi_day.unwrap_or(false);
    check_times(starts_at, ends_at, multi_day, input.allow_past)?;
    let now = Utc::now();
    Ok(meeting::ActiveModel {
        table_id: Set(table.id),
        title: Set(title),
        description: Set(
            OptionalText::parse(input.description.as_deref(), TEXT_MAX).field("description")?
        ),
        starts_at: Set(starts_at),
        ends_at: Set(ends_at),
        time_zone: Set(time_zone),
        multi_day: Set(multi_day),
        place: Set(OptionalText::parse(input.place.as_deref(), 500).field("place")?),
        online_url: Set(parse_url(input.online_url.as_deref(), "onlineUrl")?),
        status: Set(MeetingStatus::Draft),
        cancel_reason: Set(None),
        // Stable for the meeting's whole life: every calendar update and cancellation refers to it.
        calendar_uid: Set(format!("meeting-{}-{}@tavolo", table.id, uuid_like())),
        sequence: Set(0),
        agenda_version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
}

impl MeetingService<'_> {
    /// Edits a draft, or reschedules a scheduled meeting: a change of time, place or link raises the calendar SEQUENCE.
    pub async fn update_meeting(
        &self,
        actor: &Actor,
        id: i64,
        input: MeetingInput,
    ) -> ServiceResult<meeting::Model> {
        let context = load(self.db, actor, id).await?;
        require_manage(actor, &context.roles)?;
        let status = context.meeting.status;
        if !matches!(status, MeetingStatus::Draft | MeetingStatus::Scheduled) {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                format!("a {status} meeting cannot be changed"),
            ));
        }
        let before = context.meeting.clone();
        let time_zone = match input.time_zone.as_deref() {
            Some(raw) => TimeZoneName::parse(raw).field("timeZone")?,
            None => before.time_zone,
        };
        let local = |instant: DateTime<Utc>| instant.with_timezone(&time_zone.tz()).naive_local();
        let start_local = match input.start.as_deref() {
            Some(text) => parse_local(text, "start")?,
            None => local(before.starts_at),
        };
        let end_local = match input.end.as_deref() {
            Some(text) => parse_local(text, "end")?,
            None => local(before.ends_at),
        };
        let starts_at = to_utc(start_local, time_zone, "start")?;
        let ends_at = to_utc(end_local, time_zone, "end")?;
        let multi_day = input.multi_day.unwrap_or(before.multi_day);
        let time_changed = starts_at != before.starts_at || ends_at != before.ends_at;
        check_times(
            starts_at,
            ends_at,
            multi_day,
            input.allow_past || !time_changed,
        )?;
        let mut model = before.clone().into_active_model();
        if let Some(raw) = input.title.as_deref() {
            model.title = Set(Name::parse(raw).field("title")?.into_inner());
        }
        if let Some(raw) = input.description.as_deref() {
            model.description = Set(OptionalText::parse(Some(raw), TEXT_MAX).field("description")?);
        }
        let place = match input.place.as_deref() {
            Some(raw) => OptionalText::parse(Some(raw), 500).field("place")?,
            None => before.place.clone(),
        };
        let online_url = match input.online_url.as_deref() {
            Some(raw) => parse_url(Some(raw), "onlineUrl")?,
            None => before.online_url.clone(),
        };
        let moved = time_changed || place != before.place || online_url != before.online_url;
        model.starts_at = Set(starts_at);
        model.ends_at = Set(ends_at);
        model.time_zone = Set(time_zone);
        model.multi_day = Set(multi_day);
        model.place = Set(place);
        model.online_url = Set(online_url);
        if moved && status == MeetingStatus::Scheduled {
            model.sequence = Set(before.sequence + 1);
        }
        model.updated_at = Set(Utc::now());
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = model.update(&txn).await?;
        if moved && status == MeetingStatus::Scheduled {
            series::touch_series(&txn, &updated).await?;
            events::publish(
                &txn,
                actor,
                about(&updated, updated.id),
                DomainEvent::MeetingRescheduled {
                    before: snapshot(&before),
                    after: snapshot(&updated),
                },
            )
            .await?;
        }
        let summary = if moved && status == MeetingStatus::Scheduled {
            format!("rescheduled meeting '{}'", updated.title)
        } else {
            format!("updated meeting '{}'", updated.title)
        };
        audit::record(&txn, actor, meeting_change("update", &updated, summary)).await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Draft → scheduled: invitations go out (through the event) and the meeting appears in calendars.
    pub async fn schedule_meeting(
        &self,
        actor: &Actor,
        id: i64,
        allow_past: bool,
    ) -> ServiceResult<meeting::Model> {
        let context = load(self.db, actor, id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Draft],
            "only a draft meeting can be scheduled",
        )?;
        if context.meeting.starts_at < Utc::now() && !allow_past {
            return Err(ServiceError::validation(
                "start",
                Reason::InThePast,
                "is in the past: pass allowPast to schedule it anyway",
            ));
        }
        // Invitees receive a series whole: its meetings are convened together.
        if context.meeting.series_id.is_some() {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "this meeting belongs to a series: convene the series",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = set_status(&txn, context.meeting, MeetingStatus::Scheduled, None).await?;
        events::publish(
            &txn,
            actor,
            about(&updated, updated.id),
            DomainEvent::MeetingScheduled {
                meeting: snapshot(&updated),
            },
        )
        .await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "schedule",
                &updated,
                format!("scheduled meeting '{}'", updated.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Scheduled → held: the minutes can now be written.
    pub async fn mark_held(&self, actor: &Actor, id: i64) -> ServiceResult<meeting::Model> {
        let context = load(self.db, actor, id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Scheduled],
            "only a scheduled meeting can be marked as held",
        )?;
        if context.meeting.starts_at > Utc::now() {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "the meeting has not started yet",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = set_status(&txn, context.meeting, MeetingStatus::Held, None).await?;
        open_minutes(&txn, &updated).await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "mark_held",
                &updated,
                format!("meeting '{}' was held", updated.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Draft or scheduled → cancelled, with a reason; a held meeting stays on record.
    pub async fn cancel_meeting(
        &self,
        actor: &Actor,
        id: i64,
        reason: &str,
    ) -> ServiceResult<meeting::Model> {
        let context = load(self.db, actor, id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Draft, MeetingStatus::Scheduled],
            "a held or cancelled meeting cannot be cancelled",
        )?;
        let reason = OptionalText::parse(Some(reason), 2_000)
            .field("reason")?
            .ok_or_else(|| {
                ServiceError::validation(
                    "reason",
                    Reason::Required,
                    "say why the meeting is cancelled",
                )
            })?;
        let was_scheduled = context.meeting.status == MeetingStatus::Scheduled;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut updated = set_status(
            &txn,
            context.meeting,
            MeetingStatus::Cancelled,
            Some(reason.clone()),
        )
        .await?;
        if was_scheduled {
            let mut model = updated.into_active_model();
            model.sequence = Set(model.sequence.as_ref() + 1);
            updated = model.update(&txn).await?;
            series::touch_series(&txn, &updated).await?;
            events::publish(
                &txn,
                actor,
                about(&updated, updated.id),
                DomainEvent::MeetingCancelled {
                    meeting: snapshot(&updated),
                    reason: Some(reason.clone()),
                },
            )
            .await?;
        }
        audit::record(
            &txn,
            actor,
            meeting_change(
                "cancel",
                &updated,
                format!("cancelled meeting '{}': {reason}", updated.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }
}

/// Opens empty draft minutes for a meeting just held: holding a meeting is what starts its record.
async fn open_minutes(
    txn: &DatabaseTransaction,
    meeting: &meeting::Model,
) -> ServiceResult<minutes::Model> {
    let now = Utc::now();
    Ok(minutes::ActiveModel {
        meeting_id: Set(meeting.id),
        status: Set(MinutesStatus::Draft),
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

/// Loads a meeting the actor may see, with its table and the actor's roles; a hidden meeting is not found.
pub(crate) async fn load(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    meeting_id: i64,
) -> ServiceResult<MeetingContext> {
    let meeting = meeting::Entity::find_by_id(meeting_id)
        .filter(access::visible_meetings(actor))
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::not_found("meeting"))?;
    let table = table::Entity::find_by_id(meeting.table_id)
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::not_found("meeting"))?;
    let roles = roles_at(conn, actor, table.id).await?;
    Ok(MeetingContext {
        meeting,
        table,
        roles,
    })
}

async fn visible_table(
    conn: &DatabaseConnection,
    actor: &Actor,
    table_id: i64,
) -> ServiceResult<table::Model> {
    crate::tables::TableService { db: conn }
        .table(actor, table_id)
        .await
}

pub(crate) fn require_manage(actor: &Actor, roles: &TableRoles) -> ServiceResult<()> {
    if !actor.is_signed_in() {
        return Err(ServiceError::Unauthenticated("sign in first".into()));
    }
    if !policy::can_manage_meetings(actor, roles) {
        return Err(ServiceError::forbidden("manage this table's meetings"));
    }
    Ok(())
}

fn require_status(
    meeting: &meeting::Model,
    allowed: &[MeetingStatus],
    message: &str,
) -> ServiceResult<()> {
    if allowed.contains(&meeting.status) {
        return Ok(());
    }
    Err(ServiceError::validation(
        "status",
        Reason::WrongState,
        format!("{message} (the meeting is {})", meeting.status),
    ))
}

async fn set_status(
    txn: &DatabaseTransaction,
    meeting: meeting::Model,
    status: MeetingStatus,
    reason: Option<String>,
) -> ServiceResult<meeting::Model> {
    let mut model = meeting.into_active_model();
    model.status = Set(status);
    if reason.is_some() {
        model.cancel_reason = Set(reason);
    }
    model.updated_at = Set(Utc::now());
    Ok(model.update(txn).await?)
}

/// The meeting as its events describe it.
pub(crate) fn snapshot(meeting: &meeting::Model) -> MeetingSnapshot {
    MeetingSnapshot {
        id: meeting.id,
        uid: meeting.calendar_uid.clone(),
        sequence: meeting.sequence,
        title: meeting.title.clone(),
        starts_at: meeting.starts_at,
        ends_at: meeting.ends_at,
        time_zone: meeting.time_zone,
        place: meeting.place.clone(),
        online_url: meeting.online_url.clone(),
        status: meeting.status,
    }
}

/// Where an event about `entity_id` of `meeting` belongs.
pub(crate) fn about(meeting: &meeting::Model, entity_id: i64) -> Subject {
    Subject::Meeting {
        table_id: meeting.table_id,
        meeting_id: meeting.id,
        entity_id,
    }
}

pub(crate) fn meeting_change(
    action: &'static str,
    meeting: &meeting::Model,
    summary: String,
) -> Change<'static> {
    Change {
        action,
        entity_type: "meeting",
        entity_id: meeting.id,
        table_id: Some(meeting.table_id),
        summary,
    }
}

/// A random suffix for calendar UIDs: unique without a dependency on a UUID crate.
fn uuid_like() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quorum_counts_organizations() {
        assert!(quorum_of(10, 6, 50).reached);
        assert!(!quorum_of(10, 5, 50).reached);
        assert_eq!(quorum_of(3, 3, 100).required, 3);
        assert_eq!(quorum_of(9, 5, 50).required, 5);
        assert_eq!(quorum_of(12, 8, 67).required, 9);
        assert!(!quorum_of(0, 0, 50).reached);
    }

    #[test]
    fn daylight_saving_gaps_are_refused_and_overlaps_take_the_first() -> Result<(), String> {
        let rome = TimeZoneName::default();
        let gap = parse_local("2026-03-29T02:30", "start").map_err(|e| e.to_string())?;
        assert!(to_utc(gap, rome, "start").is_err());
        let overlap = parse_local("2026-10-25T02:30", "start").map_err(|e| e.to_string())?;
        let instant = to_utc(overlap, rome, "start").map_err(|e| e.to_string())?;
        assert_eq!(instant.to_rfc3339(), "2026-10-25T00:30:00+00:00");
        let summer = to_utc(
            parse_local("2026-07-01T10:00", "start").map_err(|e| e.to_string())?,
            rome,
            "start",
        )
        .map_err(|e| e.to_string())?;
        assert_eq!(summer.to_rfc3339(), "2026-07-01T08:00:00+00:00");
        Ok(())
    }
}
