//! Training courses: the course, its sessions and enrolments, hours and certificates, the training report.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use tavolo_domain::{CourseAudience, EnrolmentStatus, Locale};
use tavolo_service::courses::{CourseInput, TrainingReport as Report};
use tavolo_store::entity::{course, course_enrolment};

use crate::directory::{Organization, Person};
use crate::error::parse_id;
use crate::loaders::{
    CourseKey, EnrolmentsOfCourse, HoursOfCourse, OrganizationKey, PersonKey, PlacesOfCourse,
    SessionsOfCourse, TableKey,
};
use crate::meetings::{Meeting, MeetingFields};
use crate::tables::Table;
use crate::{ApiResult, loader, parts};

/// A course for the services' operators, run by a table's secretariat; its sessions are meetings.
pub struct Course(pub course::Model);

#[Object]
impl Course {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Who may enrol: the table's organizations or the whole network.
    async fn audience(&self) -> CourseAudience {
        self.0.audience
    }
    /// Places offered; none means no limit.
    async fn places(&self) -> Option<i32> {
        self.0.places
    }
    async fn enrolment_deadline(&self) -> Option<DateTime<Utc>> {
        self.0.enrolment_deadline
    }
    /// Percent of the course's hours that earns a certificate of attendance.
    async fn certificate_share(&self) -> i32 {
        self.0.certificate_share
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn table(&self, ctx: &Context<'_>) -> ApiResult<Option<Table>> {
        Ok(loader(ctx)?
            .load_one(TableKey(self.0.table_id))
            .await?
            .map(Table))
    }
    /// The sessions the caller may see, in time order.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn sessions(&self, ctx: &Context<'_>) -> ApiResult<Vec<Meeting>> {
        Ok(loader(ctx)?
            .load_one(SessionsOfCourse(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Meeting)
            .collect())
    }
    /// Hours of the sessions not cancelled.
    async fn planned_hours(&self, ctx: &Context<'_>) -> ApiResult<f64> {
        let hours = loader(ctx)?.load_one(HoursOfCourse(self.0.id)).await?;
        Ok(hours.map_or(0.0, |h| h.planned_minutes as f64 / 60.0))
    }
    /// Places taken.
    async fn enrolled_count(&self, ctx: &Context<'_>) -> ApiResult<i32> {
        let places = loader(ctx)?.load_one(PlacesOfCourse(self.0.id)).await?;
        Ok(places.map_or(0, |p| p.enrolled))
    }
    /// People waiting for a place.
    async fn waiting_count(&self, ctx: &Context<'_>) -> ApiResult<i32> {
        let places = loader(ctx)?.load_one(PlacesOfCourse(self.0.id)).await?;
        Ok(places.map_or(0, |p| p.waiting.len() as i32))
    }
    /// The enrolments the caller may read: all for whoever runs the table, their organization's for delegates,
    /// otherwise their own.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn enrolments(&self, ctx: &Context<'_>) -> ApiResult<Vec<Enrolment>> {
        Ok(loader(ctx)?
            .load_one(EnrolmentsOfCourse(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Enrolment)
            .collect())
    }
    /// The caller's own enrolment, if they have one.
    async fn my_enrolment(&self, ctx: &Context<'_>) -> ApiResult<Option<Enrolment>> {
        let (_, actor) = parts(ctx)?;
        let Some(me) = actor.person_id() else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(EnrolmentsOfCourse(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .find(|e| e.person_id == me)
            .map(Enrolment))
    }
    /// Whether the caller runs the course (its sessions, enrolments and report).
    async fn can_manage(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        Ok(services.courses().can_manage(actor, self.0.id).await?)
    }
    /// Whether the caller may enrol themself now (among the audience, before the deadline, not enrolled yet).
    async fn can_enrol(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        Ok(services.courses().may_enrol_self(actor, self.0.id).await?)
    }
    /// People the caller may enrol whose name or address contains `search` (at most 20): anyone active for
    /// whoever runs the table, the people of the organizations they represent for delegates.
    async fn enrolable_people(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] search: String,
    ) -> ApiResult<Vec<Person>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .courses()
            .enrolable_people(actor, self.0.id, &search)
            .await?
            .into_iter()
            .map(Person)
            .collect())
    }
}

/// A person's place in a course.
pub struct Enrolment(pub course_enrolment::Model);

#[Object]
impl Enrolment {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn status(&self) -> EnrolmentStatus {
        self.0.status
    }
    /// When the place was asked for.
    async fn requested_at(&self) -> DateTime<Utc> {
        self.0.requested_at
    }
    async fn course(&self, ctx: &Context<'_>) -> ApiResult<Option<Course>> {
        Ok(loader(ctx)?
            .load_one(CourseKey(self.0.course_id))
            .await?
            .map(Course))
    }
    async fn person(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.person_id))
            .await?
            .map(Person))
    }
    /// The organization the person enrolled from.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let Some(id) = self.0.organization_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OrganizationKey(id))
            .await?
            .map(Organization))
    }
    /// Who enrolled them: themself, their organization's delegate or the secretariat.
    async fn enrolled_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.enrolled_by))
            .await?
            .map(Person))
    }
    /// For someone waiting: their place in line (1 is next).
    async fn waiting_position(&self, ctx: &Context<'_>) -> ApiResult<Option<i32>> {
        if self.0.status != EnrolmentStatus::Waiting {
            return Ok(None);
        }
        let places = loader(ctx)?
            .load_one(PlacesOfCourse(self.0.course_id))
            .await?;
        Ok(places.and_then(|p| {
            p.waiting
                .iter()
                .position(|id| *id == self.0.id)
                .map(|i| i as i32 + 1)
        }))
    }
    /// Hours attended: held sessions where the attendance sheet has them present.
    async fn hours_attended(&self, ctx: &Context<'_>) -> ApiResult<f64> {
        let hours = loader(ctx)?
            .load_one(HoursOfCourse(self.0.course_id))
            .await?;
        Ok(hours.map_or(0.0, |h| h.attended(self.0.person_id).minutes as f64 / 60.0))
    }
    /// Held sessions they were present at.
    async fn sessions_attended(&self, ctx: &Context<'_>) -> ApiResult<i32> {
        let hours = loader(ctx)?
            .load_one(HoursOfCourse(self.0.course_id))
            .await?;
        Ok(hours.map_or(0, |h| h.attended(self.0.person_id).session_ids.len() as i32))
    }
    /// Whether they attended enough of the course's hours for a certificate.
    async fn certificate_earned(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        self.earned(ctx).await
    }
    /// The printable certificate of attendance (in the person's language), once earned.
    async fn certificate_url(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        if !self.earned(ctx).await? {
            return Ok(None);
        }
        Ok(Some(format!(
            "/courses/{}/certificates/{}",
            self.0.course_id, self.0.person_id
        )))
    }
}

impl Enrolment {
    async fn earned(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let hours = loader(ctx)?
            .load_one(HoursOfCourse(self.0.course_id))
            .await?;
        Ok(hours.is_some_and(|h| h.earns_certificate(&self.0)))
    }
}

/// A course's fields; on update omitted fields stay, and `places` or `enrolmentDeadline` set to null remove the
/// limit.
#[derive(InputObject)]
pub struct CourseFields {
    title: Option<String>,
    description: Option<String>,
    audience: Option<CourseAudience>,
    /// 1–10000; null for no limit.
    places: MaybeUndefined<i32>,
    enrolment_deadline: MaybeUndefined<DateTime<Utc>>,
    /// Percent of the hours that earns a certificate (1–100, default 75).
    certificate_share: Option<i32>,
}

pub(crate) fn maybe<T>(value: MaybeUndefined<T>) -> Option<Option<T>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

impl From<CourseFields> for CourseInput {
    fn from(f: CourseFields) -> Self {
        Self {
            title: f.title,
            description: f.description,
            audience: f.audience,
            places: maybe(f.places),
            enrolment_deadline: maybe(f.enrolment_deadline),
            certificate_share: f.certificate_share,
        }
    }
}

/// Training over a period: per course, per organization, totals and CSV.
pub struct TrainingReport(Report);

#[Object]
impl TrainingReport {
    /// Courses with a session held in the period.
    async fn courses(&self) -> u32 {
        self.0.courses
    }
    async fn sessions(&self) -> u32 {
        self.0.sessions
    }
    /// Distinct people present at least once.
    async fn people_trained(&self) -> u32 {
        self.0.people_trained
    }
    /// Distinct organizations whose people were present.
    async fn organizations_trained(&self) -> u32 {
        self.0.organizations_trained
    }
    /// Sum over people of the hours each attended.
    async fn person_hours(&self) -> f64 {
        self.0.person_hours
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn rows(&self) -> Vec<TrainingReportRow> {
        self.0
            .rows
            .iter()
            .map(|r| TrainingReportRow {
                course_id: ID(r.course.id.to_string()),
                title: r.course.title.clone(),
                sessions: r.sessions,
                session_hours: r.session_hours,
                people_trained: r.people_trained,
                organizations_trained: r.organizations_trained,
                person_hours: r.person_hours,
            })
            .collect()
    }
    /// Per organization (the one each person enrolled from); people without one are a row without a name.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn organizations(&self) -> Vec<OrganizationTrainingRow> {
        self.0
            .organizations
            .iter()
            .map(|o| OrganizationTrainingRow {
                organization_id: o.organization.as_ref().map(|o| ID(o.id.to_string())),
                name: o.organization.as_ref().map(|o| o.name.clone()),
                people_trained: o.people_trained,
                person_hours: o.person_hours,
            })
            .collect()
    }
    /// Per course: `course,sessions,session_hours,people_trained,organizations,person_hours`, then totals. With
    /// `locale: IT`, semicolons, decimal comma and Italian headers.
    async fn csv(&self, locale: Option<Locale>) -> String {
        self.0.to_csv(locale)
    }
    /// Per organization: `organization,people_trained,person_hours`.
    async fn organizations_csv(&self, locale: Option<Locale>) -> String {
        self.0.organizations_csv(locale)
    }
}

/// One course of a training report.
#[derive(SimpleObject)]
pub struct TrainingReportRow {
    course_id: ID,
    title: String,
    sessions: u32,
    session_hours: f64,
    people_trained: u32,
    organizations_trained: u32,
    person_hours: f64,
}

/// One organization of a training report.
#[derive(SimpleObject)]
pub struct OrganizationTrainingRow {
    organization_id: Option<ID>,
    name: Option<String>,
    people_trained: u32,
    person_hours: f64,
}

#[derive(Default)]
pub struct CourseQuery;

#[Object]
impl CourseQuery {
    async fn course(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Course> {
        let (services, actor) = parts(ctx)?;
        Ok(Course(
            services
                .courses()
                .course(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// The courses the caller may see, of one table or all, newest first (at most 500).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn courses(&self, ctx: &Context<'_>, table_id: Option<ID>) -> ApiResult<Vec<Course>> {
        let (services, actor) = parts(ctx)?;
        let table_id = table_id.map(|id| parse_id(&id, "tableId")).transpose()?;
        Ok(services
            .courses()
            .courses(actor, table_id)
            .await?
            .into_iter()
            .map(Course)
            .collect())
    }

    /// Training given by a table's courses between two dates (inclusive), for whoever runs the table.
    async fn training_report(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ApiResult<TrainingReport> {
        let (services, actor) = parts(ctx)?;
        Ok(TrainingReport(
            services
                .courses()
                .training_report(actor, parse_id(&table_id, "tableId")?, from, to)
                .await?,
        ))
    }
}

#[derive(Default)]
pub struct CourseMutation;

#[Object]
impl CourseMutation {
    /// A new course of a table, run by whoever runs the table.
    async fn create_course(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        input: CourseFields,
    ) -> ApiResult<Course> {
        let (services, actor) = parts(ctx)?;
        Ok(Course(
            services
                .courses()
                .create_course(actor, parse_id(&table_id, "tableId")?, input.into())
                .await?,
        ))
    }

    /// Changes a course; more places go to those waiting, first come first served.
    async fn update_course(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: CourseFields,
    ) -> ApiResult<Course> {
        let (services, actor) = parts(ctx)?;
        Ok(Course(
            services
                .courses()
                .update_course(actor, parse_id(&id, "id")?, input.into())
                .await?,
        ))
    }

    /// Adds a draft session (a meeting of the course's table) with every enrolled person invited; scheduling it
    /// sends the calendar invitations.
    async fn add_course_session(
        &self,
        ctx: &Context<'_>,
        course_id: ID,
        input: MeetingFields,
    ) -> ApiResult<Meeting> {
        let (services, actor) = parts(ctx)?;
        Ok(Meeting(
            services
                .courses()
                .add_session(actor, parse_id(&course_id, "courseId")?, input.into())
                .await?,
        ))
    }

    /// Enrols the caller, or `personId` (by their organization's delegate or whoever runs the table): a place, or
    /// a place in line when the places are taken. Refused after the enrolment deadline.
    async fn enrol(
        &self,
        ctx: &Context<'_>,
        course_id: ID,
        person_id: Option<ID>,
    ) -> ApiResult<Enrolment> {
        let (services, actor) = parts(ctx)?;
        let person_id = person_id.map(|id| parse_id(&id, "personId")).transpose()?;
        Ok(Enrolment(
            services
                .courses()
                .enrol(actor, parse_id(&course_id, "courseId")?, person_id)
                .await?,
        ))
    }

    /// Gives up a place (the first in line gets it) or a place in line.
    async fn withdraw_enrolment(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Enrolment> {
        let (services, actor) = parts(ctx)?;
        Ok(Enrolment(
            services
                .courses()
                .withdraw(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }
}
