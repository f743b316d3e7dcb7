//! Training courses for the services' operators: a course of a table, its sessions (meetings that name it), who
//! holds a place or waits for one, hours attended, certificates and the training report.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tavolo_domain::{
    Actor, CourseAudience, EnrolmentStatus, MeetingStatus, Name, OptionalText, TableRoles, policy,
};
use tavolo_store::entity::{course, course_enrolment, meeting, person, seat, table};
use tavolo_store::sea_orm;

use crate::access::{self, DelegateSeats, roles_at};
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::{Reason, ServiceError, ServiceResult};

mod certificate;
mod enrolment;
mod hours;
mod report;
mod sessions;

pub use enrolment::Places;
pub use hours::{Attended, CourseHours};
pub use report::{OrganizationTraining, TrainingReport, TrainingRow};

const DESCRIPTION_MAX: usize = 20_000;
/// The most places a course may offer.
pub const MAX_PLACES: i32 = 10_000;
/// A course listing returns at most this many courses.
pub const LIST_MAX: u64 = 500;

/// Fields of a course; on update `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct CourseInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub audience: Option<CourseAudience>,
    /// `Some(None)` removes the limit.
    pub places: Option<Option<i32>>,
    /// `Some(None)` removes the deadline.
    pub enrolment_deadline: Option<Option<DateTime<Utc>>>,
    /// Percent of the hours that earns a certificate (1–100).
    pub certificate_share: Option<i32>,
}

/// A course with what every rule about it needs: its table and the actor's roles there.
pub(crate) struct CourseContext {
    pub course: course::Model,
    pub table: table::Model,
    pub roles: TableRoles,
}

impl CourseContext {
    fn may_manage(&self, actor: &Actor) -> bool {
        policy::can_manage_courses(actor, &self.roles)
    }

    fn require_manage(&self, actor: &Actor) -> ServiceResult<()> {
        access::require_signed_in(actor)?;
        if self.may_manage(actor) {
            return Ok(());
        }
        Err(ServiceError::forbidden("run this table's courses"))
    }
}

pub struct CourseService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl CourseService<'_> {
    /// A course the actor may see.
    pub async fn course(&self, actor: &Actor, id: i64) -> ServiceResult<course::Model> {
        Ok(load(self.db, actor, id).await?.course)
    }

    /// The courses among `ids` the actor may see: the batch form of `course`.
    pub async fn courses_by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<course::Model>> {
        Ok(course::Entity::find()
            .filter(course::Column::Id.is_in(ids.iter().copied()))
            .filter(visible_courses(actor))
            .all(self.db)
            .await?)
    }

    /// The courses the actor may see, of one table or of all, newest first (at most `LIST_MAX`).
    pub async fn courses(
        &self,
        actor: &Actor,
        table_id: Option<i64>,
    ) -> ServiceResult<Vec<course::Model>> {
        let mut query = course::Entity::find().filter(visible_courses(actor));
        if let Some(table_id) = table_id {
            query = query.filter(course::Column::TableId.eq(table_id));
        }
        Ok(query
            .order_by_desc(course::Column::CreatedAt)
            .order_by_desc(course::Column::Id)
            .limit(LIST_MAX)
            .all(self.db)
            .await?)
    }

    /// Whether the actor runs the course's table (and so its sessions, enrolments and report).
    pub async fn can_manage(&self, actor: &Actor, course_id: i64) -> ServiceResult<bool> {
        Ok(load(self.db, actor, course_id).await?.may_manage(actor))
    }

    /// A new course of `table_id`, run by whoever runs the table.
    pub async fn create_course(
        &self,
        actor: &Actor,
        table_id: i64,
        input: CourseInput,
    ) -> ServiceResult<course::Model> {
        access::require_signed_in(actor)?;
        let table = crate::tables::TableService { db: self.db }
            .table(actor, table_id)
            .await?;
        let roles = roles_at(self.db, actor, table.id).await?;
        if !policy::can_manage_courses(actor, &roles) {
            return Err(ServiceError::forbidden("run this table's courses"));
        }
        if table.ended_at.is_some() {
            return Err(ServiceError::validation(
                "tableId",
                Reason::WrongState,
                "this table has ended: it takes no new courses",
            ));
        }
        let now = Utc::now();
        let mut row = course::ActiveModel {
            table_id: Set(table.id),
            audience: Set(CourseAudience::Table),
            certificate_share: Set(75),
            created_by: Set(actor.person_id().unwrap_or_default()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        if input.title.is_none() {
            return Err(ServiceError::required("title"));
        }
        apply(&mut row, input)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let created = row.insert(&txn).await?;
        audit::record(
            &txn,
            actor,
            course_change(
                "create",
                &created,
                format!("created course '{}'", created.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Changes a course. More places give the next in line theirs.
    pub async fn update_course(
        &self,
        actor: &Actor,
        id: i64,
        input: CourseInput,
    ) -> ServiceResult<course::Model> {
        let context = load(self.db, actor, id).await?;
        context.require_manage(actor)?;
        let mut row = context.course.clone().into_active_model();
        apply(&mut row, input)?;
        row.updated_at = Set(Utc::now());
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = row.update(&txn).await?;
        enrolment::fill_places(&txn, actor, &updated).await?;
        audit::record(
            &txn,
            actor,
            course_change(
                "update",
                &updated,
                format!("changed course '{}'", updated.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// The sessions of each course the actor may see, in time order.
    pub async fn sessions(
        &self,
        actor: &Actor,
        course_ids: &[i64],
    ) -> ServiceResult<Vec<meeting::Model>> {
        Ok(meeting::Entity::find()
            .filter(meeting::Column::CourseId.is_in(course_ids.iter().copied()))
            .filter(access::visible_meetings(actor))
            .order_by_asc(meeting::Column::StartsAt)
            .all(self.db)
            .await?)
    }
}

/// Sets the given fields on `row`, each one checked.
fn apply(row: &mut course::ActiveModel, input: CourseInput) -> ServiceResult<()> {
    if let Some(title) = input.title {
        row.title = Set(Name::parse(&title).field("title")?.into_inner());
    }
    if let Some(description) = input.description {
        row.description =
            Set(OptionalText::parse(Some(&description), DESCRIPTION_MAX).field("description")?);
    }
    if let Some(audience) = input.audience {
        row.audience = Set(audience);
    }
    if let Some(places) = input.places {
        if places.is_some_and(|n| !(1..=MAX_PLACES).contains(&n)) {
            return Err(ServiceError::invalid(
                "places",
                tavolo_domain::Problem::out_of_range(1, MAX_PLACES),
            ));
        }
        row.places = Set(places);
    }
    if let Some(deadline) = input.enrolment_deadline {
        row.enrolment_deadline = Set(deadline);
    }
    if let Some(share) = input.certificate_share {
        if !(1..=100).contains(&share) {
            return Err(ServiceError::invalid(
                "certificateShare",
                tavolo_domain::Problem::out_of_range(1, 100),
            ));
        }
        row.certificate_share = Set(share);
    }
    Ok(())
}

/// Loads a course the actor may see, with its table and the actor's roles; a hidden course is not found.
pub(crate) async fn load(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    course_id: i64,
) -> ServiceResult<CourseContext> {
    let course = course::Entity::find_by_id(course_id)
        .filter(visible_courses(actor))
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::not_found("course"))?;
    let table = table::Entity::find_by_id(course.table_id)
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::not_found("course"))?;
    let roles = roles_at(conn, actor, table.id).await?;
    Ok(CourseContext {
        course,
        table,
        roles,
    })
}

/// The courses the actor may see: those of the tables they may read, the network's once signed in, those of the
/// tables where their organization holds a seat (its operators are the audience), and those they hold a place in.
pub(crate) fn visible_courses(actor: &Actor) -> Condition {
    if actor.is_admin() {
        return Condition::all();
    }
    let mut any = Condition::any()
        .add(course::Column::TableId.in_subquery(access::readable_table_ids(actor)));
    if actor.is_signed_in() {
        any = any.add(course::Column::Audience.eq(CourseAudience::Network));
    }
    if let Some(person_id) = actor.person_id() {
        let mine = Query::select()
            .column(course_enrolment::Column::CourseId)
            .from(course_enrolment::Entity)
            .and_where(course_enrolment::Column::PersonId.eq(person_id))
            .to_owned();
        any = any.add(course::Column::Id.in_subquery(mine));
        let own_organization = Query::select()
            .column(person::Column::OrganizationId)
            .from(person::Entity)
            .and_where(person::Column::Id.eq(person_id))
            .to_owned();
        let seated_at = Query::select()
            .column(seat::Column::TableId)
            .from(seat::Entity)
            .and_where(seat::Column::OrganizationId.in_subquery(own_organization))
            .cond_where(seat::in_force(Utc::now()))
            .to_owned();
        any = any.add(course::Column::TableId.in_subquery(seated_at));
    }
    any
}

impl DelegateSeats {
    /// The organizations the actor speaks for in `course`: at its table for a table's course, at any table for a
    /// network course.
    pub(crate) fn for_course(&self, course: &course::Model) -> HashSet<i64> {
        self.0
            .iter()
            .filter(|(table, _)| {
                course.audience == CourseAudience::Network || *table == course.table_id
            })
            .map(|(_, organization)| *organization)
            .collect()
    }
}

/// The duration of each session in minutes, by meeting id.
pub(crate) fn minutes_of(sessions: &[meeting::Model]) -> HashMap<i64, i64> {
    sessions
        .iter()
        .map(|s| (s.id, (s.ends_at - s.starts_at).num_minutes().max(0)))
        .collect()
}

/// Whether the course's enrolment deadline has passed.
pub(crate) fn deadline_passed(course: &course::Model) -> bool {
    course.enrolment_deadline.is_some_and(|d| d < Utc::now())
}

pub(crate) fn course_change(
    action: &'static str,
    course: &course::Model,
    summary: String,
) -> Change<'static> {
    Change {
        action,
        entity_type: "course",
        entity_id: course.id,
        table_id: Some(course.table_id),
        summary,
    }
}

/// Whether an enrolment holds or waits for a place.
pub(crate) fn is_active(status: EnrolmentStatus) -> bool {
    status != EnrolmentStatus::Withdrawn
}
