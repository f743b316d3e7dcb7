//! Meetings of a table: their lifecycle (draft, scheduled, held, cancelled), agenda, invitations and answers, attendance and quorum.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;
use tavolo_domain::{
    ActionItemStatus, Actor, AttendanceStatus, DecisionOutcome, DelegateKind, Email,
    InvitationRole, MeetingStatus, MembershipRole, Name, OptionalText, Rsvp, TableRoles,
    TimeZoneName, policy,
};
use tavolo_store::entity::{
    action_item, agenda_item, attendance, decision, invitation, mail_outbox, meeting, membership,
    person, seat, table,
};
use tavolo_store::sea_orm;

use crate::access::{self, active_memberships, roles_at};
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::events::{self, Event, EventKind};
use crate::{ServiceError, ServiceResult, rows_in};

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
    Email { email: String, name: String },
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
    pub time_zone: String,
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
            .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled.as_str()))
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
        let table = visible_table(self.db, actor, table_id).await?;
        let roles = roles_at(self.db, actor, table.id).await?;
        require_manage(actor, &roles)?;
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
            .ok_or_else(|| ServiceError::validation("start", "is required"))?;
        let end_text = input
            .end
            .as_deref()
            .ok_or_else(|| ServiceError::validation("end", "is required"))?;
        let starts_at = to_utc(parse_local(start_text, "start")?, time_zone, "start")?;
        let ends_at = to_utc(parse_local(end_text, "end")?, time_zone, "end")?;
        let multi_day = input.multi_day.unwrap_or(false);
        check_times(starts_at, ends_at, multi_day, input.allow_past)?;
        let now = Utc::now();
        let txn = tavolo_store::begin_write(self.db).await?;
        let created = meeting::ActiveModel {
            table_id: Set(table.id),
            title: Set(title),
            description: Set(
                OptionalText::parse(input.description.as_deref(), TEXT_MAX).field("description")?
            ),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
            time_zone: Set(time_zone.name().to_owned()),
            multi_day: Set(multi_day),
            place: Set(OptionalText::parse(input.place.as_deref(), 500).field("place")?),
            online_url: Set(parse_url(input.online_url.as_deref(), "onlineUrl")?),
            status: Set(MeetingStatus::Draft.as_str().to_owned()),
            cancel_reason: Set(None),
            // Stable for the meeting's whole life: every calendar update and cancellation refers to it.
            calendar_uid: Set(format!("meeting-{}-{}@tavolo", table.id, uuid_like())),
            sequence: Set(0),
            agenda_version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
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

    /// Edits a draft, or reschedules a scheduled meeting: a change of time, place or link raises the calendar SEQUENCE.
    pub async fn update_meeting(
        &self,
        actor: &Actor,
        id: i64,
        input: MeetingInput,
    ) -> ServiceResult<meeting::Model> {
        let context = load(self.db, actor, id).await?;
        require_manage(actor, &context.roles)?;
        let status = status_of(&context.meeting)?;
        if !matches!(status, MeetingStatus::Draft | MeetingStatus::Scheduled) {
            return Err(ServiceError::validation(
                "id",
                format!("a {status} meeting cannot be changed"),
            ));
        }
        let before = context.meeting.clone();
        let time_zone = match input.time_zone.as_deref() {
            Some(raw) => TimeZoneName::parse(raw).field("timeZone")?,
            None => TimeZoneName::parse(&before.time_zone).field("timeZone")?,
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
        model.time_zone = Set(time_zone.name().to_owned());
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
            let payload = json!({ "before": snapshot(&before), "after": snapshot(&updated) });
            events::publish(
                &txn,
                actor,
                meeting_event(EventKind::MeetingRescheduled, &updated, updated.id, payload),
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
                "is in the past: pass allowPast to schedule it anyway",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = set_status(&txn, context.meeting, MeetingStatus::Scheduled, None).await?;
        events::publish(
            &txn,
            actor,
            meeting_event(
                EventKind::MeetingScheduled,
                &updated,
                updated.id,
                snapshot(&updated),
            ),
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
                "the meeting has not started yet",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = set_status(&txn, context.meeting, MeetingStatus::Held, None).await?;
        crate::minutes::create_for(&txn, &updated).await?;
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
                ServiceError::validation("reason", "say why the meeting is cancelled")
            })?;
        let was_scheduled = status_of(&context.meeting)? == MeetingStatus::Scheduled;
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
            let payload = json!({ "meeting": snapshot(&updated), "reason": reason });
            events::publish(
                &txn,
                actor,
                meeting_event(EventKind::MeetingCancelled, &updated, updated.id, payload),
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

    // ----- agenda -----

    /// The agenda of each meeting the actor may see, in order.
    pub async fn agendas(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<agenda_item::Model>> {
        Ok(agenda_item::Entity::find()
            .filter(agenda_item::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(agenda_item::Column::MeetingId.in_subquery(access::visible_meeting_ids(actor)))
            .order_by_asc(agenda_item::Column::Position)
            .all(self.db)
            .await?)
    }

    pub async fn add_agenda_item(
        &self,
        actor: &Actor,
        meeting_id: i64,
        input: AgendaItemInput,
        expected_version: i32,
    ) -> ServiceResult<agenda_item::Model> {
        let context = self
            .editable_agenda(actor, meeting_id, expected_version)
            .await?;
        let title = Name::parse(input.title.as_deref().unwrap_or_default())
            .field("title")?
            .into_inner();
        let txn = tavolo_store::begin_write(self.db).await?;
        let position = agenda_item::Entity::find()
            .filter(agenda_item::Column::MeetingId.eq(meeting_id))
            .count(&txn)
            .await? as i32;
        let mut model = agenda_item::ActiveModel {
            meeting_id: Set(meeting_id),
            position: Set(position),
            title: Set(title),
            follow_up: Set(false),
            ..Default::default()
        };
        apply_agenda_fields(&mut model, &input)?;
        let created = model.insert(&txn).await?;
        bump_agenda(
            &txn,
            actor,
            &context.meeting,
            expected_version,
            format!("added agenda item '{}'", created.title),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    pub async fn update_agenda_item(
        &self,
        actor: &Actor,
        item_id: i64,
        input: AgendaItemInput,
        expected_version: i32,
    ) -> ServiceResult<agenda_item::Model> {
        let item = self.agenda_item(item_id).await?;
        let context = self
            .editable_agenda(actor, item.meeting_id, expected_version)
            .await?;
        let mut model = item.into_active_model();
        if let Some(raw) = input.title.as_deref() {
            model.title = Set(Name::parse(raw).field("title")?.into_inner());
        }
        apply_agenda_fields(&mut model, &input)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = model.update(&txn).await?;
        bump_agenda(
            &txn,
            actor,
            &context.meeting,
            expected_version,
            format!("changed agenda item '{}'", updated.title),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Moves an item to `position` (0-based), shifting the others.
    pub async fn move_agenda_item(
        &self,
        actor: &Actor,
        item_id: i64,
        position: i32,
        expected_version: i32,
    ) -> ServiceResult<Vec<agenda_item::Model>> {
        let item = self.agenda_item(item_id).await?;
        let context = self
            .editable_agenda(actor, item.meeting_id, expected_version)
            .await?;
        let mut items = self.agendas(actor, &[item.meeting_id]).await?;
        if position < 0 || position as usize >= items.len() {
            return Err(ServiceError::validation(
                "position",
                format!("must be between 0 and {}", items.len().saturating_sub(1)),
            ));
        }
        let from = items
            .iter()
            .position(|i| i.id == item_id)
            .unwrap_or_default();
        let moved = items.remove(from);
        items.insert(position as usize, moved);
        let txn = tavolo_store::begin_write(self.db).await?;
        renumber(&txn, &items).await?;
        bump_agenda(
            &txn,
            actor,
            &context.meeting,
            expected_version,
            format!(
                "moved agenda item '{}' to position {}",
                item.title,
                position + 1
            ),
        )
        .await?;
        txn.commit().await?;
        self.agendas(actor, &[item.meeting_id]).await
    }

    pub async fn remove_agenda_item(
        &self,
        actor: &Actor,
        item_id: i64,
        expected_version: i32,
    ) -> ServiceResult<Vec<agenda_item::Model>> {
        let item = self.agenda_item(item_id).await?;
        let context = self
            .editable_agenda(actor, item.meeting_id, expected_version)
            .await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        agenda_item::Entity::delete_by_id(item_id)
            .exec(&txn)
            .await?;
        let remaining: Vec<agenda_item::Model> = self
            .agendas(actor, &[item.meeting_id])
            .await?
            .into_iter()
            .filter(|i| i.id != item_id)
            .collect();
        renumber(&txn, &remaining).await?;
        bump_agenda(
            &txn,
            actor,
            &context.meeting,
            expected_version,
            format!("removed agenda item '{}'", item.title),
        )
        .await?;
        txn.commit().await?;
        self.agendas(actor, &[item.meeting_id]).await
    }

    async fn agenda_item(&self, item_id: i64) -> ServiceResult<agenda_item::Model> {
        agenda_item::Entity::find_by_id(item_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("agenda item"))
    }

    /// The agenda may change while the meeting is not held or cancelled, by whoever runs the table, from the version they saw.
    async fn editable_agenda(
        &self,
        actor: &Actor,
        meeting_id: i64,
        expected_version: i32,
    ) -> ServiceResult<MeetingContext> {
        let context = load(self.db, actor, meeting_id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Draft, MeetingStatus::Scheduled],
            "the agenda of a held or cancelled meeting cannot change",
        )?;
        if context.meeting.agenda_version != expected_version {
            return Err(ServiceError::stale(
                "the agenda",
                context.meeting.agenda_version,
            ));
        }
        Ok(context)
    }

    // ----- invitations -----

    /// The invitations of each meeting the actor may see: all of them for the table's members, otherwise only the
    /// actor's own.
    pub async fn invitations(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<invitation::Model>> {
        let mut shown = Condition::any().add(
            invitation::Column::MeetingId
                .in_subquery(access::meetings_with_visible_participants(actor)),
        );
        if let Some(person_id) = actor.person_id() {
            shown = shown.add(
                Condition::all()
                    .add(invitation::Column::PersonId.eq(person_id))
                    .add(
                        invitation::Column::MeetingId
                            .in_subquery(access::visible_meeting_ids(actor)),
                    ),
            );
        }
        Ok(invitation::Entity::find()
            .filter(invitation::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(shown)
            .order_by_asc(invitation::Column::Id)
            .all(self.db)
            .await?)
    }

    pub async fn invite(
        &self,
        actor: &Actor,
        meeting_id: i64,
        invitee: Invitee,
        role: InvitationRole,
    ) -> ServiceResult<invitation::Model> {
        let context = load(self.db, actor, meeting_id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Draft, MeetingStatus::Scheduled],
            "invitations to a held or cancelled meeting cannot change",
        )?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let (person_id, email, name, field) = match invitee {
            Invitee::Person(id) => {
                let person = person::Entity::find_by_id(id)
                    .one(&txn)
                    .await?
                    .ok_or_else(|| {
                        ServiceError::validation("personId", format!("there is no person {id}"))
                    })?;
                (Some(person.id), person.email, person.name, "personId")
            }
            Invitee::Email { email, name } => {
                let email = Email::parse(&email).field("email")?.into_inner();
                let name = Name::parse(&name).field("name")?.into_inner();
                // An address that belongs to an account is that person's invitation.
                let owner = person::Entity::find()
                    .filter(person::Column::Email.eq(&email))
                    .one(&txn)
                    .await?;
                (owner.map(|p| p.id), email, name, "email")
            }
        };
        let duplicate = invitation::Entity::find()
            .filter(invitation::Column::MeetingId.eq(meeting_id))
            .filter(invitation::Column::Email.eq(&email))
            .count(&txn)
            .await?;
        if duplicate > 0 {
            return Err(ServiceError::validation(
                field,
                format!("{email} is already invited"),
            ));
        }
        let created = insert_invitation(&txn, meeting_id, person_id, &email, &name, role).await?;
        if status_of(&context.meeting)? == MeetingStatus::Scheduled {
            events::publish(
                &txn,
                actor,
                meeting_event(
                    EventKind::InvitationAdded,
                    &context.meeting,
                    created.id,
                    json!({ "email": email }),
                ),
            )
            .await?;
        }
        audit::record(
            &txn,
            actor,
            meeting_change(
                "invite",
                &context.meeting,
                format!("invited {name} <{email}> to '{}'", context.meeting.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Withdraws an invitation; a scheduled meeting's invitee then receives a cancellation.
    pub async fn remove_invitation(
        &self,
        actor: &Actor,
        invitation_id: i64,
    ) -> ServiceResult<invitation::Model> {
        let found = self.invitation(invitation_id).await?;
        let context = load(self.db, actor, found.meeting_id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Draft, MeetingStatus::Scheduled],
            "invitations to a held or cancelled meeting cannot change",
        )?;
        let txn = tavolo_store::begin_write(self.db).await?;
        invitation::Entity::delete_by_id(invitation_id)
            .exec(&txn)
            .await?;
        if status_of(&context.meeting)? == MeetingStatus::Scheduled {
            let payload = json!({ "email": found.email, "name": found.name, "meeting": snapshot(&context.meeting) });
            events::publish(
                &txn,
                actor,
                meeting_event(
                    EventKind::InvitationRemoved,
                    &context.meeting,
                    invitation_id,
                    payload,
                ),
            )
            .await?;
        }
        audit::record(
            &txn,
            actor,
            meeting_change(
                "uninvite",
                &context.meeting,
                format!("withdrew the invitation of {}", found.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(found)
    }

    /// The invitee answers; delegating names who goes instead, and that person is invited.
    pub async fn answer_invitation(
        &self,
        actor: &Actor,
        invitation_id: i64,
        rsvp: Rsvp,
        delegate_to: Option<i64>,
    ) -> ServiceResult<invitation::Model> {
        let found = self.invitation(invitation_id).await?;
        if actor.person_id().is_none() || found.person_id != actor.person_id() {
            return Err(ServiceError::forbidden("answer someone else's invitation"));
        }
        let meeting = meeting::Entity::find_by_id(found.meeting_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("meeting"))?;
        require_status(
            &meeting,
            &[MeetingStatus::Scheduled, MeetingStatus::Draft],
            "this meeting no longer takes answers",
        )?;
        if rsvp == Rsvp::NeedsAction {
            return Err(ServiceError::validation(
                "rsvp",
                "choose accepted, tentative, declined or delegated",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut delegated_to_email = None;
        if rsvp == Rsvp::Delegated {
            let delegate_id = delegate_to.ok_or_else(|| {
                ServiceError::validation("delegateToPersonId", "say who goes instead")
            })?;
            let delegate = person::Entity::find_by_id(delegate_id)
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    ServiceError::validation(
                        "delegateToPersonId",
                        format!("there is no person {delegate_id}"),
                    )
                })?;
            if Some(delegate.id) == found.person_id {
                return Err(ServiceError::validation(
                    "delegateToPersonId",
                    "delegate to someone else",
                ));
            }
            let already = invitation::Entity::find()
                .filter(invitation::Column::MeetingId.eq(meeting.id))
                .filter(invitation::Column::Email.eq(&delegate.email))
                .count(&txn)
                .await?;
            if already == 0 {
                let role = if found.required {
                    InvitationRole::Required
                } else {
                    InvitationRole::Optional
                };
                insert_invitation(
                    &txn,
                    meeting.id,
                    Some(delegate.id),
                    &delegate.email,
                    &delegate.name,
                    role,
                )
                .await?;
            }
            delegated_to_email = Some(delegate.email);
        }
        // An answer given here retires the links already mailed: they would answer again for the person.
        let nonce = found.answer_nonce;
        let mut model = found.into_active_model();
        model.answer_nonce = Set(nonce + 1);
        model.rsvp = Set(rsvp.as_str().to_owned());
        model.delegated_to_person_id = Set(if rsvp == Rsvp::Delegated {
            delegate_to
        } else {
            None
        });
        model.delegated_to_email = Set(delegated_to_email);
        model.responded_at = Set(Some(Utc::now()));
        let updated = model.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "answer",
                &meeting,
                format!("{} answered {rsvp} to '{}'", updated.email, meeting.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    async fn invitation(&self, invitation_id: i64) -> ServiceResult<invitation::Model> {
        invitation::Entity::find_by_id(invitation_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("invitation"))
    }

    // ----- attendance -----

    /// The attendance sheets of the meetings whose participants the actor may see.
    pub async fn attendances(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<attendance::Model>> {
        Ok(attendance::Entity::find()
            .filter(attendance::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(
                attendance::Column::MeetingId
                    .in_subquery(access::meetings_with_visible_participants(actor)),
            )
            .order_by_asc(attendance::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Attendance rows of meetings already checked by the caller.
    async fn attendance_rows(&self, meeting_ids: &[i64]) -> ServiceResult<Vec<attendance::Model>> {
        rows_in::<attendance::Entity, _, _>(
            self.db,
            attendance::Column::MeetingId,
            meeting_ids,
            attendance::Column::Id,
        )
        .await
    }

    /// Records (or corrects) whether a person was there; the seat defaults to the one they are a delegate of.
    pub async fn record_attendance(
        &self,
        actor: &Actor,
        meeting_id: i64,
        person_id: i64,
        status: AttendanceStatus,
        seat_id: Option<i64>,
    ) -> ServiceResult<attendance::Model> {
        let context = load(self.db, actor, meeting_id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Scheduled, MeetingStatus::Held],
            "attendance is kept for scheduled and held meetings",
        )?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let person = person::Entity::find_by_id(person_id)
            .one(&txn)
            .await?
            .ok_or_else(|| {
                ServiceError::validation("personId", format!("there is no person {person_id}"))
            })?;
        let seat_id = match seat_id {
            Some(id) => {
                let seat = seat::Entity::find_by_id(id).one(&txn).await?;
                if seat.is_none_or(|s| s.table_id != context.table.id) {
                    return Err(ServiceError::validation(
                        "seatId",
                        "is not a seat of this meeting's table",
                    ));
                }
                Some(id)
            }
            None => active_memberships()
                .filter(membership::Column::TableId.eq(context.table.id))
                .filter(membership::Column::PersonId.eq(person_id))
                .filter(membership::Column::SeatId.is_not_null())
                .one(&txn)
                .await?
                .and_then(|m| m.seat_id),
        };
        let existing = attendance::Entity::find()
            .filter(attendance::Column::MeetingId.eq(meeting_id))
            .filter(attendance::Column::PersonId.eq(person_id))
            .one(&txn)
            .await?;
        let saved = match existing {
            Some(row) => {
                let mut model = row.into_active_model();
                model.status = Set(status.as_str().to_owned());
                model.seat_id = Set(seat_id);
                model.recorded_at = Set(Utc::now());
                model.update(&txn).await?
            }
            None => {
                attendance::ActiveModel {
                    meeting_id: Set(meeting_id),
                    person_id: Set(person_id),
                    status: Set(status.as_str().to_owned()),
                    seat_id: Set(seat_id),
                    recorded_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        };
        audit::record(
            &txn,
            actor,
            meeting_change(
                "attendance",
                &context.meeting,
                format!("{} marked {status}", person.name),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Organizations count as present when one of their delegates is; the share needed comes from the table.
    pub async fn quorum(&self, actor: &Actor, meeting_id: i64) -> ServiceResult<Quorum> {
        let context = load(self.db, actor, meeting_id).await?;
        // Members are the seats not ended before the meeting began: a seat registered later than a
        // meeting recorded after the fact still counts, since the register lags reality.
        let member_seats: HashSet<i64> = seat::Entity::find()
            .filter(seat::Column::TableId.eq(context.table.id))
            .all(self.db)
            .await?
            .into_iter()
            .filter(|s| {
                s.valid_until
                    .is_none_or(|until| until > context.meeting.starts_at)
            })
            .map(|s| s.id)
            .collect();
        let present: BTreeSet<i64> = self
            .attendance_rows(&[meeting_id])
            .await?
            .into_iter()
            .filter(|a| a.status == AttendanceStatus::Present.as_str())
            .filter_map(|a| a.seat_id)
            .filter(|id| member_seats.contains(id))
            .collect();
        Ok(quorum_of(
            member_seats.len() as u32,
            present.len() as u32,
            context.table.quorum_percent,
        ))
    }
}

/// Quorum is more than `percent`% of the member organizations (50 = an absolute majority), and never more than all of them.
pub fn quorum_of(member_organizations: u32, present_organizations: u32, percent: i32) -> Quorum {
    let percent = percent.clamp(1, 100);
    let required = (member_organizations * percent as u32 / 100 + 1).min(member_organizations);
    Quorum {
        member_organizations,
        present_organizations,
        required,
        percent,
        reached: member_organizations > 0 && present_organizations >= required,
    }
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

pub(crate) fn status_of(meeting: &meeting::Model) -> ServiceResult<MeetingStatus> {
    meeting
        .status
        .parse()
        .map_err(|_| ServiceError::Internal("stored meeting status is unknown".into()))
}

fn require_status(
    meeting: &meeting::Model,
    allowed: &[MeetingStatus],
    message: &str,
) -> ServiceResult<()> {
    if allowed.contains(&status_of(meeting)?) {
        return Ok(());
    }
    Err(ServiceError::validation(
        "status",
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
    model.status = Set(status.as_str().to_owned());
    if reason.is_some() {
        model.cancel_reason = Set(reason);
    }
    model.updated_at = Set(Utc::now());
    Ok(model.update(txn).await?)
}

/// Parses a wall-clock time as typed in a form: `YYYY-MM-DDTHH:MM` (seconds optional).
pub fn parse_local(text: &str, field: &str) -> ServiceResult<NaiveDateTime> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| {
            ServiceError::validation(
                field,
                format!("'{text}' is not a date and time like 2026-03-29T10:00"),
            )
        })
}

/// A wall-clock time in `zone` as an instant; a time skipped by a daylight-saving change is refused, a repeated one means its first occurrence.
pub fn to_utc(
    local: NaiveDateTime,
    zone: TimeZoneName,
    field: &str,
) -> ServiceResult<DateTime<Utc>> {
    match zone.tz().from_local_datetime(&local) {
        LocalResult::Single(time) => Ok(time.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(ServiceError::validation(
            field,
            format!(
                "{local} does not exist in {}: the clocks skip it",
                zone.name()
            ),
        )),
    }
}

fn check_times(
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    multi_day: bool,
    allow_past: bool,
) -> ServiceResult<()> {
    if ends_at <= starts_at {
        return Err(ServiceError::validation("end", "must be after the start"));
    }
    if !multi_day && ends_at - starts_at > Duration::hours(24) {
        return Err(ServiceError::validation(
            "end",
            "a meeting longer than a day must be marked multi-day",
        ));
    }
    if starts_at < Utc::now() && !allow_past {
        return Err(ServiceError::validation(
            "start",
            "is in the past: pass allowPast to record a past meeting",
        ));
    }
    Ok(())
}

fn parse_url(raw: Option<&str>, field: &str) -> ServiceResult<Option<String>> {
    let url = OptionalText::parse(raw, 1_000).field(field)?;
    if url
        .as_deref()
        .is_some_and(|u| !(u.starts_with("https://") || u.starts_with("http://")))
    {
        return Err(ServiceError::validation(
            field,
            "must start with https:// or http://",
        ));
    }
    Ok(url)
}

fn apply_agenda_fields(
    model: &mut agenda_item::ActiveModel,
    input: &AgendaItemInput,
) -> ServiceResult<()> {
    if let Some(raw) = input.description.as_deref() {
        model.description = Set(OptionalText::parse(Some(raw), TEXT_MAX).field("description")?);
    }
    if let Some(raw) = input.presenter.as_deref() {
        model.presenter = Set(OptionalText::parse(Some(raw), 200).field("presenter")?);
    }
    if let Some(minutes) = input.planned_minutes {
        if !(1..=600).contains(&minutes) {
            return Err(ServiceError::validation(
                "plannedMinutes",
                "must be between 1 and 600",
            ));
        }
        model.planned_minutes = Set(Some(minutes));
    }
    if let Some(documents) = &input.documents {
        let mut links = Vec::new();
        for link in documents.iter().map(|d| d.trim()).filter(|d| !d.is_empty()) {
            links.push(parse_url(Some(link), "documents")?.unwrap_or_default());
        }
        model.documents = Set((!links.is_empty()).then(|| links.join("\n")));
    }
    Ok(())
}

async fn renumber(txn: &DatabaseTransaction, items: &[agenda_item::Model]) -> ServiceResult<()> {
    for (position, item) in items.iter().enumerate() {
        if item.position != position as i32 {
            agenda_item::Entity::update_many()
                .col_expr(agenda_item::Column::Position, Expr::value(position as i32))
                .filter(agenda_item::Column::Id.eq(item.id))
                .exec(txn)
                .await?;
        }
    }
    Ok(())
}

/// Raises the agenda version, failing if someone else raised it since `expected` (the check-and-set is atomic).
async fn bump_agenda(
    txn: &DatabaseTransaction,
    actor: &Actor,
    meeting: &meeting::Model,
    expected: i32,
    summary: String,
) -> ServiceResult<()> {
    let result = meeting::Entity::update_many()
        .col_expr(meeting::Column::AgendaVersion, Expr::value(expected + 1))
        .filter(meeting::Column::Id.eq(meeting.id))
        .filter(meeting::Column::AgendaVersion.eq(expected))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ServiceError::stale("the agenda", expected + 1));
    }
    if status_of(meeting)? == MeetingStatus::Scheduled {
        events::publish(
            txn,
            actor,
            meeting_event(
                EventKind::AgendaChanged,
                meeting,
                meeting.id,
                json!({ "agendaVersion": expected + 1 }),
            ),
        )
        .await?;
    }
    audit::record(txn, actor, meeting_change("agenda", meeting, summary)).await
}

async fn insert_invitation(
    txn: &DatabaseTransaction,
    meeting_id: i64,
    person_id: Option<i64>,
    email: &str,
    name: &str,
    role: InvitationRole,
) -> ServiceResult<invitation::Model> {
    Ok(invitation::ActiveModel {
        meeting_id: Set(meeting_id),
        person_id: Set(person_id),
        email: Set(email.to_owned()),
        name: Set(name.to_owned()),
        required: Set(role == InvitationRole::Required),
        rsvp: Set(Rsvp::NeedsAction.as_str().to_owned()),
        delegated_to_person_id: Set(None),
        delegated_to_email: Set(None),
        responded_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// The default invitations: chair, secretariat and titular delegates (required), substitutes when asked (optional).
async fn invite_table(
    txn: &DatabaseTransaction,
    meeting: &meeting::Model,
    invite_substitutes: bool,
) -> ServiceResult<()> {
    let memberships = active_memberships()
        .filter(membership::Column::TableId.eq(meeting.table_id))
        .order_by_asc(membership::Column::Id)
        .all(txn)
        .await?;
    let mut chosen: Vec<(i64, InvitationRole)> = Vec::new();
    for m in &memberships {
        let role = match (
            m.role.parse::<MembershipRole>(),
            m.delegate_kind.as_deref().map(str::parse::<DelegateKind>),
        ) {
            (Ok(MembershipRole::Chair | MembershipRole::Secretariat), _) => {
                InvitationRole::Required
            }
            (Ok(MembershipRole::Delegate), Some(Ok(DelegateKind::Titular))) => {
                InvitationRole::Required
            }
            (Ok(MembershipRole::Delegate), Some(Ok(DelegateKind::Substitute)))
                if invite_substitutes =>
            {
                InvitationRole::Optional
            }
            _ => continue,
        };
        match chosen.iter_mut().find(|(id, _)| *id == m.person_id) {
            Some(existing) if role == InvitationRole::Required => existing.1 = role,
            Some(_) => {}
            None => chosen.push((m.person_id, role)),
        }
    }
    let ids: Vec<i64> = chosen.iter().map(|(id, _)| *id).collect();
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .all(txn)
        .await?;
    for (person_id, role) in chosen {
        if let Some(person) = people
            .iter()
            .find(|p| p.id == person_id)
            .filter(|p| p.active)
        {
            insert_invitation(
                txn,
                meeting.id,
                Some(person.id),
                &person.email,
                &person.name,
                role,
            )
            .await?;
        }
    }
    Ok(())
}

/// When the table has open action items or deferred decisions, the new agenda opens with them, so nothing decided is forgotten.
async fn add_follow_up_item(
    txn: &DatabaseTransaction,
    meeting: &meeting::Model,
) -> ServiceResult<()> {
    let open = action_item::Entity::find()
        .filter(action_item::Column::TableId.eq(meeting.table_id))
        .filter(action_item::Column::Status.is_in([
            ActionItemStatus::Open.as_str(),
            ActionItemStatus::InProgress.as_str(),
        ]))
        .order_by_asc(action_item::Column::DueDate)
        .all(txn)
        .await?;
    let earlier_meetings: Vec<i64> = meeting::Entity::find()
        .filter(meeting::Column::TableId.eq(meeting.table_id))
        .filter(meeting::Column::Id.ne(meeting.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let deferred = decision::Entity::find()
        .filter(decision::Column::MeetingId.is_in(earlier_meetings))
        .filter(decision::Column::Outcome.eq(DecisionOutcome::Deferred.as_str()))
        .all(txn)
        .await?;
    if open.is_empty() && deferred.is_empty() {
        return Ok(());
    }
    let mut description = String::new();
    for item in &open {
        let due = item
            .due_date
            .map(|d| format!(" (scadenza {})", d.format("%d/%m/%Y")))
            .unwrap_or_default();
        description.push_str(&format!("- Azione: {}{due}\n", item.title));
    }
    for decision in &deferred {
        description.push_str(&format!(
            "- Decisione rinviata: {}\n",
            first_line(&decision.text)
        ));
    }
    agenda_item::ActiveModel {
        meeting_id: Set(meeting.id),
        position: Set(0),
        title: Set("Seguito delle azioni aperte e delle decisioni rinviate".to_owned()),
        description: Set(Some(description)),
        presenter: Set(None),
        planned_minutes: Set(None),
        documents: Set(None),
        follow_up: Set(true),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// What consumers of meeting events need to build a calendar entry without reading the meeting back.
pub(crate) fn snapshot(meeting: &meeting::Model) -> serde_json::Value {
    json!({
        "id": meeting.id,
        "uid": meeting.calendar_uid,
        "sequence": meeting.sequence,
        "title": meeting.title,
        "startsAt": meeting.starts_at,
        "endsAt": meeting.ends_at,
        "timeZone": meeting.time_zone,
        "place": meeting.place,
        "onlineUrl": meeting.online_url,
        "status": meeting.status,
    })
}

pub(crate) fn meeting_event(
    kind: EventKind,
    meeting: &meeting::Model,
    entity_id: i64,
    payload: serde_json::Value,
) -> Event {
    Event {
        kind,
        table_id: meeting.table_id,
        meeting_id: meeting.id,
        entity_id,
        payload,
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

/// A date for reports: the first instant of `date` in UTC.
pub fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// One held meeting in an attendance report.
#[derive(Debug, Clone)]
pub struct AttendanceRow {
    pub meeting: meeting::Model,
    pub hours: f64,
    pub people_present: u32,
    pub organizations_present: u32,
}

/// Attendance over a period, for project reporting.
#[derive(Debug, Clone)]
pub struct AttendanceReport {
    pub rows: Vec<AttendanceRow>,
    pub sessions: u32,
    /// Distinct people present at least once.
    pub people_reached: u32,
    /// Distinct organizations present (through a delegate) at least once.
    pub organizations_reached: u32,
    pub hours: f64,
}

impl AttendanceReport {
    /// The report as CSV (comma-separated, RFC 4180 quoting), one row per session and a totals row.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("date,title,hours,people_present,organizations_present\r\n");
        for row in &self.rows {
            let zone: chrono_tz::Tz = row
                .meeting
                .time_zone
                .parse()
                .unwrap_or(chrono_tz::Europe::Rome);
            let date = row
                .meeting
                .starts_at
                .with_timezone(&zone)
                .format("%Y-%m-%d");
            out.push_str(&format!(
                "{date},{},{:.2},{},{}\r\n",
                crate::csv::cell(&row.meeting.title),
                row.hours,
                row.people_present,
                row.organizations_present
            ));
        }
        out.push_str(&format!(
            "total,{},{:.2},{},{}\r\n",
            crate::csv::cell(&format!("{} sessions", self.sessions)),
            self.hours,
            self.people_reached,
            self.organizations_reached
        ));
        out
    }
}

impl MeetingService<'_> {
    /// Sessions held in `[from, to]` (dates in the meetings' zone), with people and organizations reached and hours.
    pub async fn attendance_report(
        &self,
        actor: &Actor,
        table_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ServiceResult<AttendanceReport> {
        let table = visible_table(self.db, actor, table_id).await?;
        require_manage(actor, &roles_at(self.db, actor, table.id).await?)?;
        if to < from {
            return Err(ServiceError::validation("to", "must not be before from"));
        }
        let held = meeting::Entity::find()
            .filter(meeting::Column::TableId.eq(table.id))
            .filter(meeting::Column::Status.eq(MeetingStatus::Held.as_str()))
            .filter(meeting::Column::StartsAt.gte(start_of(from) - Duration::days(1)))
            .filter(meeting::Column::StartsAt.lt(start_of(to) + Duration::days(2)))
            .order_by_asc(meeting::Column::StartsAt)
            .all(self.db)
            .await?;
        let held: Vec<meeting::Model> = held
            .into_iter()
            .filter(|m| {
                let zone: chrono_tz::Tz = m.time_zone.parse().unwrap_or(chrono_tz::Europe::Rome);
                let day = m.starts_at.with_timezone(&zone).date_naive();
                day >= from && day <= to
            })
            .collect();
        let ids: Vec<i64> = held.iter().map(|m| m.id).collect();
        let present: Vec<attendance::Model> = self
            .attendance_rows(&ids)
            .await?
            .into_iter()
            .filter(|a| a.status == AttendanceStatus::Present.as_str())
            .collect();
        let seat_ids: Vec<i64> = present.iter().filter_map(|a| a.seat_id).collect();
        let seats = seat::Entity::find()
            .filter(seat::Column::Id.is_in(seat_ids))
            .all(self.db)
            .await?;
        let organization_of = |seat_id: Option<i64>| {
            seat_id
                .and_then(|id| seats.iter().find(|s| s.id == id))
                .map(|s| s.organization_id)
        };
        let mut rows = Vec::new();
        for meeting in held {
            let here: Vec<&attendance::Model> = present
                .iter()
                .filter(|a| a.meeting_id == meeting.id)
                .collect();
            let organizations: BTreeSet<i64> = here
                .iter()
                .filter_map(|a| organization_of(a.seat_id))
                .collect();
            let hours = (meeting.ends_at - meeting.starts_at).num_minutes() as f64 / 60.0;
            rows.push(AttendanceRow {
                meeting,
                hours,
                people_present: here.len() as u32,
                organizations_present: organizations.len() as u32,
            });
        }
        let people: BTreeSet<i64> = present.iter().map(|a| a.person_id).collect();
        let organizations: BTreeSet<i64> = present
            .iter()
            .filter_map(|a| organization_of(a.seat_id))
            .collect();
        Ok(AttendanceReport {
            sessions: rows.len() as u32,
            hours: rows.iter().map(|r| r.hours).sum(),
            people_reached: people.len() as u32,
            organizations_reached: organizations.len() as u32,
            rows,
        })
    }
}

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
            return Err(ServiceError::Conflict(
                "this link has already been used".into(),
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
                .and_then(|p| p.locale.parse().ok()),
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
    pub async fn answer_by_link(
        &self,
        invitation_id: i64,
        nonce: i32,
        rsvp: Rsvp,
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
                "a link answers accepted, tentative or declined",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = invitation::Entity::update_many()
            .col_expr(invitation::Column::Rsvp, Expr::value(rsvp.as_str()))
            .col_expr(invitation::Column::RespondedAt, Expr::value(Utc::now()))
            .col_expr(invitation::Column::AnswerNonce, Expr::value(nonce + 1))
            .filter(invitation::Column::Id.eq(invitation_id))
            .filter(invitation::Column::AnswerNonce.eq(nonce))
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(ServiceError::Conflict(
                "this link has already been used".into(),
            ));
        }
        let summary = format!("{} answered {rsvp} by link", linked.invitation.email);
        audit::record(
            &txn,
            &Actor::Anonymous,
            meeting_change("answer", &linked.meeting, summary),
        )
        .await?;
        txn.commit().await?;
        self.linked_invitation(invitation_id, nonce + 1).await
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
            return Err(ServiceError::validation(
                "hours",
                "must be between 1 and 336 (two weeks)",
            ));
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
                    "nothing was sent for this invitation yet: schedule the meeting first",
                )
            })?;
        if latest.status == "queued" {
            return Err(ServiceError::validation(
                "id",
                "the message is already waiting to be sent",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = latest.into_active_model();
        model.status = Set("queued".to_owned());
        model.attempts = Set(0);
        model.next_attempt_at = Set(Utc::now());
        model.locked_until = Set(None);
        let requeued = model.update(&txn).await?;
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
