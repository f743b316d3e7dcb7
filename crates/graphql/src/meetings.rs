//! Meetings, their agenda, invitations, attendance and quorum: GraphQL types, queries and mutations.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use tavolo_domain::{AttendanceStatus, InvitationRole, MeetingStatus, Rsvp};
use tavolo_service::meetings::{
    AgendaItemInput, AttendanceReport as ReportModel, Attendee, Invitee, MeetingInput,
    Quorum as QuorumModel,
};
use tavolo_store::entity::{agenda_item, attendance, invitation, meeting};

use crate::directory::{Organization, Person};
use crate::error::parse_id;
use crate::loaders::{
    AgendaOfMeeting, AttendanceOfMeeting, InvitationsOfMeeting, MeetingKey, MinutesOfMeeting,
    OrganizationKey, PersonKey, SeatKey, SeriesKey, TableKey,
};
use crate::minutes::Minutes;
use crate::series::MeetingSeries;
use crate::tables::Table;
use crate::{ApiResult, loader, parts};
use tavolo_service::{Reason, ServiceError};

/// A meeting of a table.
pub struct Meeting(pub meeting::Model);

impl Meeting {
    fn local(&self, instant: DateTime<Utc>) -> String {
        instant
            .with_timezone(&self.0.time_zone.tz())
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    }
}

#[Object]
impl Meeting {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Start as an instant (UTC).
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }
    /// End as an instant (UTC).
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }
    /// Start as wall-clock time in the meeting's time zone, `YYYY-MM-DDTHH:MM`.
    async fn local_start(&self) -> String {
        self.local(self.0.starts_at)
    }
    /// End as wall-clock time in the meeting's time zone.
    async fn local_end(&self) -> String {
        self.local(self.0.ends_at)
    }
    /// IANA time zone of the meeting.
    async fn time_zone(&self) -> &str {
        self.0.time_zone.name()
    }
    /// Whether the meeting may last longer than a day.
    async fn multi_day(&self) -> bool {
        self.0.multi_day
    }
    async fn place(&self) -> Option<&str> {
        self.0.place.as_deref()
    }
    /// Link to join online.
    async fn online_url(&self) -> Option<&str> {
        self.0.online_url.as_deref()
    }
    async fn status(&self) -> MeetingStatus {
        self.0.status
    }
    /// Why the meeting was cancelled.
    async fn cancel_reason(&self) -> Option<&str> {
        self.0.cancel_reason.as_deref()
    }
    /// The calendar UID, stable across updates and cancellation.
    async fn calendar_uid(&self) -> &str {
        &self.0.calendar_uid
    }
    /// The calendar SEQUENCE, raised on every change of time, place or link once scheduled.
    async fn sequence(&self) -> i32 {
        self.0.sequence
    }
    /// Version of the agenda, to send back with every agenda change (optimistic locking).
    async fn agenda_version(&self) -> i32 {
        self.0.agenda_version
    }
    async fn table(&self, ctx: &Context<'_>) -> ApiResult<Option<Table>> {
        Ok(loader(ctx)?
            .load_one(TableKey(self.0.table_id))
            .await?
            .map(Table))
    }
    /// The series this meeting is an occurrence of.
    async fn series(&self, ctx: &Context<'_>) -> ApiResult<Option<MeetingSeries>> {
        let Some(id) = self.0.series_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(SeriesKey(id))
            .await?
            .map(MeetingSeries))
    }
    /// For a training session: its course.
    async fn course(&self, ctx: &Context<'_>) -> ApiResult<Option<crate::courses::Course>> {
        let Some(id) = self.0.course_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(crate::loaders::CourseKey(id))
            .await?
            .map(crate::courses::Course))
    }
    /// For an occurrence: the start its series' rule gave it (iCalendar RECURRENCE-ID), which stays when it is moved.
    async fn recurrence_id(&self) -> Option<DateTime<Utc>> {
        self.0.recurrence_id
    }
    /// The agenda, in order.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn agenda(&self, ctx: &Context<'_>) -> ApiResult<Vec<AgendaItem>> {
        let rows = loader(ctx)?.load_one(AgendaOfMeeting(self.0.id)).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(AgendaItem)
            .collect())
    }
    /// Everyone invited, with their answers.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn invitations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Invitation>> {
        let rows = loader(ctx)?
            .load_one(InvitationsOfMeeting(self.0.id))
            .await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(Invitation)
            .collect())
    }
    /// The caller's own invitation, if any.
    async fn my_invitation(&self, ctx: &Context<'_>) -> ApiResult<Option<Invitation>> {
        let (_, actor) = parts(ctx)?;
        let Some(me) = actor.person_id() else {
            return Ok(None);
        };
        let rows = loader(ctx)?
            .load_one(InvitationsOfMeeting(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .find(|i| i.person_id == Some(me))
            .map(Invitation))
    }
    /// Whether invitees get a reminder before the meeting.
    async fn reminders_enabled(&self) -> bool {
        self.0.reminders_enabled
    }
    /// Hours before the start that reminders go out.
    async fn reminder_hours(&self) -> i32 {
        self.0.reminder_hours
    }
    /// A note the reminder carries.
    async fn reminder_note(&self) -> Option<&str> {
        self.0.reminder_note.as_deref()
    }
    /// The latest message sent about each invitation, for those who run the table (empty for others; one meeting at a time).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn deliveries(&self, ctx: &Context<'_>) -> ApiResult<Vec<Delivery>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .meetings()
            .deliveries(actor, self.0.id)
            .await?
            .into_iter()
            .map(Delivery)
            .collect())
    }
    /// Who was present, absent or excused.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn attendance(&self, ctx: &Context<'_>) -> ApiResult<Vec<Attendance>> {
        let rows = loader(ctx)?
            .load_one(AttendanceOfMeeting(self.0.id))
            .await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(Attendance)
            .collect())
    }
    /// Quorum counted per organization from the table's rule (one meeting at a time: not for lists).
    async fn quorum(&self, ctx: &Context<'_>) -> ApiResult<Quorum> {
        let (services, actor) = parts(ctx)?;
        Ok(Quorum::from(
            services.meetings().quorum(actor, self.0.id).await?,
        ))
    }
    /// Files on its agenda items (for whoever sees the meeting), minutes and decisions (for whoever may read the
    /// minutes); each says what it belongs to.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn files(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::meeting_files::MeetingFile>> {
        Ok(loader(ctx)?
            .load_one(crate::loaders::FilesOfMeeting(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(crate::meeting_files::MeetingFile)
            .collect())
    }
    /// What calendar clients mailed back about it (answers applied, proposals of another time, answers kept aside
    /// and why), newest first: for whoever runs the table, empty for everyone else.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn calendar_replies(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::calendar_replies::CalendarReply>> {
        Ok(loader(ctx)?
            .load_one(crate::loaders::CalendarRepliesOfMeeting(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(crate::calendar_replies::CalendarReply)
            .collect())
    }
    /// The minutes, once the meeting is held and when the caller may read them.
    async fn minutes(&self, ctx: &Context<'_>) -> ApiResult<Option<Minutes>> {
        Ok(loader(ctx)?
            .load_one(MinutesOfMeeting(self.0.id))
            .await?
            .map(Minutes))
    }
}

/// One item of an agenda.
pub struct AgendaItem(pub agenda_item::Model);

#[Object]
impl AgendaItem {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Strategy elements linked to it.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn strategy_elements(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::strategy::LinkedStrategyElement>> {
        crate::strategy::linked_elements(ctx, crate::loaders::StrategyLinksOfAgendaItem(self.0.id))
            .await
    }
    /// Place in the agenda, from 0.
    async fn position(&self) -> i32 {
        self.0.position
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Who presents the item.
    async fn presenter(&self) -> Option<&str> {
        self.0.presenter.as_deref()
    }
    /// Minutes planned for the item.
    async fn planned_minutes(&self) -> Option<i32> {
        self.0.planned_minutes
    }
    /// Links to documents.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn documents(&self) -> Vec<&str> {
        self.0
            .documents
            .as_deref()
            .map(|d| d.lines().collect())
            .unwrap_or_default()
    }
    /// Whether this item carries the table's open action items and deferred decisions.
    async fn follow_up(&self) -> bool {
        self.0.follow_up
    }
}

/// An invitation to a meeting and its answer.
pub struct Invitation(pub invitation::Model);

#[Object]
impl Invitation {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The meeting it invites to, when the caller may see it.
    async fn meeting(&self, ctx: &Context<'_>) -> ApiResult<Option<Meeting>> {
        Ok(loader(ctx)?
            .load_one(MeetingKey(self.0.meeting_id))
            .await?
            .map(Meeting))
    }
    /// The invitee's account, when they have one.
    async fn person(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(id) = self.0.person_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(PersonKey(id)).await?.map(Person))
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The invitee's address; hidden from visitors.
    async fn email(&self, ctx: &Context<'_>) -> ApiResult<Option<&str>> {
        let (_, actor) = parts(ctx)?;
        Ok(tavolo_domain::policy::can_see_contact(actor).then_some(self.0.email.as_str()))
    }
    async fn role(&self) -> InvitationRole {
        if self.0.required {
            InvitationRole::Required
        } else {
            InvitationRole::Optional
        }
    }
    async fn rsvp(&self) -> Rsvp {
        self.0.rsvp
    }
    /// Who goes instead, when the invitee delegated.
    async fn delegated_to(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(id) = self.0.delegated_to_person_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(PersonKey(id)).await?.map(Person))
    }
    async fn responded_at(&self) -> Option<DateTime<Utc>> {
        self.0.responded_at
    }
}

/// The latest message about an invitation: waiting, sent, or failed with the reason.
pub struct Delivery(pub tavolo_store::entity::mail_outbox::Model);

#[Object]
impl Delivery {
    async fn invitation_id(&self) -> Option<ID> {
        self.0.invitation_id.map(|id| ID(id.to_string()))
    }
    /// invitation, update, cancellation or reminder.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// queued, sent or failed.
    async fn status(&self) -> &str {
        &self.0.status
    }
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// Why the last attempt failed.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
}

/// A person's attendance at a meeting.
pub struct Attendance(pub attendance::Model);

#[Object]
impl Attendance {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn person(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.person_id))
            .await?
            .map(Person))
    }
    async fn status(&self) -> AttendanceStatus {
        self.0.status
    }
    /// The seat the person represented (their own, or another's as a substitute).
    async fn seat_id(&self) -> Option<ID> {
        self.0.seat_id.map(|id| ID(id.to_string()))
    }
    /// The organization whose seat the person represented.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let Some(seat_id) = self.0.seat_id else {
            return Ok(None);
        };
        let Some(seat) = loader(ctx)?.load_one(SeatKey(seat_id)).await? else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OrganizationKey(seat.organization_id))
            .await?
            .map(Organization))
    }
}

/// Quorum of a meeting, counted per member organization.
#[derive(SimpleObject)]
pub struct Quorum {
    /// Organizations holding a seat at the time of the meeting.
    member_organizations: u32,
    /// Member organizations with at least one delegate present.
    present_organizations: u32,
    /// Organizations needed: more than `percent`% of the members.
    required: u32,
    percent: i32,
    reached: bool,
}

impl From<QuorumModel> for Quorum {
    fn from(q: QuorumModel) -> Self {
        Self {
            member_organizations: q.member_organizations,
            present_organizations: q.present_organizations,
            required: q.required,
            percent: q.percent,
            reached: q.reached,
        }
    }
}

/// Attendance over a period, for project reporting.
pub struct AttendanceReport(ReportModel);

#[Object]
impl AttendanceReport {
    /// Sessions held in the period.
    async fn sessions(&self) -> u32 {
        self.0.sessions
    }
    /// Distinct people present at least once.
    async fn people_reached(&self) -> u32 {
        self.0.people_reached
    }
    /// Distinct organizations present through a delegate at least once.
    async fn organizations_reached(&self) -> u32 {
        self.0.organizations_reached
    }
    /// Hours of meetings held.
    async fn hours(&self) -> f64 {
        self.0.hours
    }
    /// One row per session.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn rows(&self) -> Vec<AttendanceReportRow> {
        self.0
            .rows
            .iter()
            .map(|r| AttendanceReportRow {
                meeting_id: ID(r.meeting.id.to_string()),
                title: r.meeting.title.clone(),
                starts_at: r.meeting.starts_at,
                hours: r.hours,
                people_present: r.people_present,
                organizations_present: r.organizations_present,
            })
            .collect()
    }
    /// The report as CSV: `date,title,hours,people_present,organizations_present`, then a totals row. With
    /// `locale: IT`, what Italian spreadsheets expect: semicolons, decimal comma, Italian headers.
    async fn csv(&self, locale: Option<tavolo_domain::Locale>) -> String {
        self.0.to_csv(locale)
    }
}

/// One session of an attendance report.
#[derive(SimpleObject)]
pub struct AttendanceReportRow {
    meeting_id: ID,
    title: String,
    starts_at: DateTime<Utc>,
    hours: f64,
    people_present: u32,
    organizations_present: u32,
}

/// A meeting's fields; times are wall-clock `YYYY-MM-DDTHH:MM` in `timeZone` (default Europe/Rome).
#[derive(InputObject)]
pub struct MeetingFields {
    title: Option<String>,
    description: Option<String>,
    start: Option<String>,
    end: Option<String>,
    time_zone: Option<String>,
    multi_day: Option<bool>,
    place: Option<String>,
    online_url: Option<String>,
    /// Accept a start in the past (recording a meeting after the fact).
    #[graphql(default = false)]
    allow_past: bool,
}

impl From<MeetingFields> for MeetingInput {
    fn from(f: MeetingFields) -> Self {
        Self {
            title: f.title,
            description: f.description,
            start: f.start,
            end: f.end,
            time_zone: f.time_zone,
            multi_day: f.multi_day,
            place: f.place,
            online_url: f.online_url,
            allow_past: f.allow_past,
        }
    }
}

/// An agenda item's fields; on update omitted fields stay.
#[derive(InputObject)]
pub struct AgendaItemFields {
    title: Option<String>,
    description: Option<String>,
    presenter: Option<String>,
    planned_minutes: Option<i32>,
    documents: Option<Vec<String>>,
}

impl From<AgendaItemFields> for AgendaItemInput {
    fn from(f: AgendaItemFields) -> Self {
        Self {
            title: f.title,
            description: f.description,
            presenter: f.presenter,
            planned_minutes: f.planned_minutes,
            documents: f.documents,
        }
    }
}

/// Who to invite: `personId`, or `email` with `name` for someone without an account.
#[derive(InputObject)]
pub struct InviteeInput {
    person_id: Option<ID>,
    email: Option<String>,
    name: Option<String>,
    #[graphql(default_with = "InvitationRole::Required")]
    role: InvitationRole,
    /// For a guest by address without an account: bring them in too, with a mail inviting them to activate one.
    #[graphql(default)]
    offer_account: bool,
}

#[derive(Default)]
pub struct MeetingQuery;

#[Object]
impl MeetingQuery {
    async fn meeting(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Meeting> {
        let (services, actor) = parts(ctx)?;
        Ok(Meeting(
            services
                .meetings()
                .meeting(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// A table's meetings in time order, optionally only those overlapping `[from, to)`.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> ApiResult<Vec<Meeting>> {
        let (services, actor) = parts(ctx)?;
        let rows = services
            .meetings()
            .meetings_of_table(actor, parse_id(&table_id, "tableId")?, from, to)
            .await?;
        Ok(rows.into_iter().map(Meeting).collect())
    }

    /// Attendance totals of a table's held meetings between two dates (inclusive), with a CSV export.
    async fn attendance_report(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ApiResult<AttendanceReport> {
        let (services, actor) = parts(ctx)?;
        Ok(AttendanceReport(
            services
                .meetings()
                .attendance_report(actor, parse_id(&table_id, "tableId")?, from, to)
                .await?,
        ))
    }

    /// Scheduled meetings the caller is invited to that have not ended yet.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn my_upcoming_meetings(&self, ctx: &Context<'_>) -> ApiResult<Vec<Meeting>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .meetings()
            .my_upcoming(actor)
            .await?
            .into_iter()
            .map(Meeting)
            .collect())
    }
}

#[derive(Default)]
pub struct MeetingMutation;

#[Object]
impl MeetingMutation {
    /// Creates a draft meeting, inviting the chair, secretariat and titular delegates (and substitutes on request).
    async fn create_meeting(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        input: MeetingFields,
        #[graphql(default = false)] invite_substitutes: bool,
    ) -> ApiResult<Meeting> {
        let (services, actor) = parts(ctx)?;
        let created = services
            .meetings()
            .create_meeting(
                actor,
                parse_id(&table_id, "tableId")?,
                input.into(),
                invite_substitutes,
            )
            .await?;
        Ok(Meeting(created))
    }

    /// Records a meeting that already took place in one step: held, with its agenda (one title per item), the
    /// table's usual invitees, who among them was present, and draft minutes to write. Nothing is mailed.
    async fn record_held_meeting(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        input: MeetingFields,
        agenda: Vec<String>,
        present_person_ids: Vec<ID>,
    ) -> ApiResult<Meeting> {
        let (services, actor) = parts(ctx)?;
        let present = present_person_ids
            .iter()
            .map(|id| parse_id(id, "presentPersonIds"))
            .collect::<ApiResult<Vec<i64>>>()?;
        let recorded = services
            .meetings()
            .record_held_meeting(
                actor,
                parse_id(&table_id, "tableId")?,
                input.into(),
                &agenda,
                &present,
            )
            .await?;
        Ok(Meeting(recorded))
    }

    /// Edits a draft or reschedules a scheduled meeting.
    async fn update_meeting(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: MeetingFields,
    ) -> ApiResult<Meeting> {
        let (services, actor) = parts(ctx)?;
        Ok(Meeting(
            services
                .meetings()
                .update_meeting(actor, parse_id(&id, "id")?, input.into())
                .await?,
        ))
    }

    async fn schedule_meeting(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default = false)] allow_past: bool,
    ) -> ApiResult<Meeting> {
        let (services, actor) = parts(ctx)?;
        Ok(Meeting(
            services
                .meetings()
                .schedule_meeting(actor, parse_id(&id, "id")?, allow_past)
                .await?,
        ))
    }

    async fn mark_meeting_held(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Meeting> {
        let (services, actor) = parts(ctx)?;
        Ok(Meeting(
            services
                .meetings()
                .mark_held(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    async fn cancel_meeting(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
    ) -> ApiResult<Meeting> {
        let (services, actor) = parts(ctx)?;
        Ok(Meeting(
            services
                .meetings()
                .cancel_meeting(actor, parse_id(&id, "id")?, &reason)
                .await?,
        ))
    }

    /// Appends an item; `expectedVersion` is the agenda version the editor saw.
    async fn add_agenda_item(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        input: AgendaItemFields,
        expected_version: i32,
    ) -> ApiResult<AgendaItem> {
        let (services, actor) = parts(ctx)?;
        let item = services
            .meetings()
            .add_agenda_item(
                actor,
                parse_id(&meeting_id, "meetingId")?,
                input.into(),
                expected_version,
            )
            .await?;
        Ok(AgendaItem(item))
    }

    async fn update_agenda_item(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: AgendaItemFields,
        expected_version: i32,
    ) -> ApiResult<AgendaItem> {
        let (services, actor) = parts(ctx)?;
        let item = services
            .meetings()
            .update_agenda_item(actor, parse_id(&id, "id")?, input.into(), expected_version)
            .await?;
        Ok(AgendaItem(item))
    }

    /// Moves an item to `position` (from 0); returns the whole agenda.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn move_agenda_item(
        &self,
        ctx: &Context<'_>,
        id: ID,
        position: i32,
        expected_version: i32,
    ) -> ApiResult<Vec<AgendaItem>> {
        let (services, actor) = parts(ctx)?;
        let items = services
            .meetings()
            .move_agenda_item(actor, parse_id(&id, "id")?, position, expected_version)
            .await?;
        Ok(items.into_iter().map(AgendaItem).collect())
    }

    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn remove_agenda_item(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
    ) -> ApiResult<Vec<AgendaItem>> {
        let (services, actor) = parts(ctx)?;
        let items = services
            .meetings()
            .remove_agenda_item(actor, parse_id(&id, "id")?, expected_version)
            .await?;
        Ok(items.into_iter().map(AgendaItem).collect())
    }

    /// Invites a person or anyone by email.
    async fn invite(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        invitee: InviteeInput,
    ) -> ApiResult<Invitation> {
        let (services, actor) = parts(ctx)?;
        let who = match (invitee.person_id, invitee.email) {
            (Some(id), _) => Invitee::Person(parse_id(&id, "personId")?),
            (None, Some(email)) => Invitee::Email {
                email,
                name: invitee.name.unwrap_or_default(),
                offer_account: invitee.offer_account,
            },
            (None, None) => {
                return Err(tavolo_service::ServiceError::validation(
                    "email",
                    Reason::Required,
                    "give a personId or an email",
                )
                .into());
            }
        };
        let created = services
            .meetings()
            .invite(
                actor,
                parse_id(&meeting_id, "meetingId")?,
                who,
                invitee.role,
            )
            .await?;
        Ok(Invitation(created))
    }

    async fn remove_invitation(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Invitation> {
        let (services, actor) = parts(ctx)?;
        Ok(Invitation(
            services
                .meetings()
                .remove_invitation(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// The invitee's answer; DELEGATED needs `delegateToPersonId`.
    async fn answer_invitation(
        &self,
        ctx: &Context<'_>,
        id: ID,
        rsvp: Rsvp,
        delegate_to_person_id: Option<ID>,
    ) -> ApiResult<Invitation> {
        let (services, actor) = parts(ctx)?;
        let delegate = delegate_to_person_id
            .map(|id| parse_id(&id, "delegateToPersonId"))
            .transpose()?;
        Ok(Invitation(
            services
                .meetings()
                .answer_invitation(actor, parse_id(&id, "id")?, rsvp, delegate)
                .await?,
        ))
    }

    /// Turns reminders on or off, sets how many hours before they go (default 24) and an optional note.
    async fn set_meeting_reminders(
        &self,
        ctx: &Context<'_>,
        id: ID,
        enabled: bool,
        #[graphql(default = 24)] hours: i32,
        note: Option<String>,
    ) -> ApiResult<Meeting> {
        let (services, actor) = parts(ctx)?;
        Ok(Meeting(
            services
                .meetings()
                .set_reminders(actor, parse_id(&id, "id")?, enabled, hours, note.as_deref())
                .await?,
        ))
    }

    /// Sends the latest message about an invitation again (after a failure, or on request).
    async fn resend_invitation(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Delivery> {
        let (services, actor) = parts(ctx)?;
        Ok(Delivery(
            services
                .meetings()
                .resend_invitation(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// Records whether someone was present: a person (`personId`), or a guest invited by address alone
    /// (`invitationId`, who enters the directory as a contact without an account). The seat defaults to the one
    /// they are a delegate of; give `seatId` for a substitute standing in for another seat.
    async fn record_attendance(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        person_id: Option<ID>,
        invitation_id: Option<ID>,
        status: AttendanceStatus,
        seat_id: Option<ID>,
    ) -> ApiResult<Attendance> {
        let (services, actor) = parts(ctx)?;
        let seat = seat_id.map(|id| parse_id(&id, "seatId")).transpose()?;
        let attendee = match (person_id, invitation_id) {
            (Some(id), None) => Attendee::Person(parse_id(&id, "personId")?),
            (None, Some(id)) => Attendee::Invitation(parse_id(&id, "invitationId")?),
            _ => {
                return Err(ServiceError::validation(
                    "personId",
                    Reason::Required,
                    "give a personId or an invitationId",
                )
                .into());
            }
        };
        let saved = services
            .meetings()
            .record_attendance(
                actor,
                parse_id(&meeting_id, "meetingId")?,
                attendee,
                status,
                seat,
            )
            .await?;
        Ok(Attendance(saved))
    }
}
