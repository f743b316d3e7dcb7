//! Places in a course: enrolling oneself or one's organization's operators, the waiting list, withdrawing, and the
//! sessions' invitations that follow a place.

use sea_orm::{DatabaseTransaction, PaginatorTrait, TryIntoModel};
use tavolo_domain::{DomainEvent, InvitationRole, Rsvp};
use tavolo_store::entity::invitation;

use super::*;
use crate::events;
use crate::meetings::{about, insert_invitation, snapshot};

impl CourseService<'_> {
    /// The enrolments of each course the actor may see: all of them for whoever runs the course's table, those of
    /// the organizations they speak for to delegates, and everyone's own. In the order places were asked for.
    pub async fn enrolments(
        &self,
        actor: &Actor,
        course_ids: &[i64],
    ) -> ServiceResult<Vec<course_enrolment::Model>> {
        let courses = self.courses_by_ids(actor, course_ids).await?;
        if courses.is_empty() {
            return Ok(Vec::new());
        }
        let readable = Readable::of(self.db, actor, &courses).await?;
        Ok(course_enrolment::Entity::find()
            .filter(course_enrolment::Column::CourseId.is_in(courses.iter().map(|c| c.id)))
            .order_by_asc(course_enrolment::Column::RequestedAt)
            .order_by_asc(course_enrolment::Column::Id)
            .all(self.db)
            .await?
            .into_iter()
            .filter(|e| readable.allows(actor, e))
            .collect())
    }

    /// Enrols `person_id` (the actor when none): a place while there are places, otherwise a place in line. The
    /// person is invited to the sessions still to come.
    pub async fn enrol(
        &self,
        actor: &Actor,
        course_id: i64,
        person_id: Option<i64>,
    ) -> ServiceResult<course_enrolment::Model> {
        access::require_signed_in(actor)?;
        let context = load(self.db, actor, course_id).await?;
        let me = actor.person_id().unwrap_or_default();
        let person = person::Entity::find_by_id(person_id.unwrap_or(me))
            .filter(person::Column::Active.eq(true))
            .one(self.db)
            .await?
            .ok_or_else(|| {
                ServiceError::validation(
                    "personId",
                    Reason::UnknownReference,
                    "there is no such active person",
                )
            })?;
        self.require_may_enrol(actor, &context, &person).await?;
        let course = &context.course;
        if deadline_passed(course) {
            return Err(ServiceError::validation(
                "courseId",
                Reason::DeadlinePassed,
                "the enrolment deadline has passed",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let existing = course_enrolment::Entity::find()
            .filter(course_enrolment::Column::CourseId.eq(course.id))
            .filter(course_enrolment::Column::PersonId.eq(person.id))
            .one(&txn)
            .await?;
        if existing.as_ref().is_some_and(|e| is_active(e.status)) {
            return Err(ServiceError::validation(
                "personId",
                Reason::AlreadyExists,
                format!("{} is already enrolled or waiting", person.name),
            ));
        }
        let status = if has_free_place(&txn, course).await? {
            EnrolmentStatus::Enrolled
        } else {
            EnrolmentStatus::Waiting
        };
        let now = Utc::now();
        let mut row = match existing {
            Some(found) => found.into_active_model(),
            None => course_enrolment::ActiveModel {
                course_id: Set(course.id),
                person_id: Set(person.id),
                ..Default::default()
            },
        };
        row.organization_id = Set(person.organization_id);
        row.status = Set(status);
        row.enrolled_by = Set(me);
        row.requested_at = Set(now);
        row.updated_at = Set(now);
        let saved = row.save(&txn).await?.try_into_model()?;
        if status == EnrolmentStatus::Enrolled {
            invite_to_upcoming(&txn, actor, course.id, &person).await?;
        }
        audit::record(
            &txn,
            actor,
            course_change(
                "enrol",
                course,
                format!("{} {status} in '{}'", person.name, course.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Gives up a place or a place in line; the first in line then gets the place.
    pub async fn withdraw(
        &self,
        actor: &Actor,
        enrolment_id: i64,
    ) -> ServiceResult<course_enrolment::Model> {
        access::require_signed_in(actor)?;
        let found = course_enrolment::Entity::find_by_id(enrolment_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("enrolment"))?;
        let context = load(self.db, actor, found.course_id).await?;
        let readable = Readable::of(self.db, actor, std::slice::from_ref(&context.course)).await?;
        if !readable.allows(actor, &found) {
            return Err(ServiceError::not_found("enrolment"));
        }
        if found.status == EnrolmentStatus::Withdrawn {
            return Err(ServiceError::conflict(
                Reason::WrongState,
                "this place was already given up",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let held_place = found.status == EnrolmentStatus::Enrolled;
        let mut row = found.clone().into_active_model();
        row.status = Set(EnrolmentStatus::Withdrawn);
        row.updated_at = Set(Utc::now());
        let saved = row.update(&txn).await?;
        if held_place {
            uninvite_from_upcoming(&txn, actor, context.course.id, found.person_id).await?;
        }
        fill_places(&txn, actor, &context.course).await?;
        audit::record(
            &txn,
            actor,
            course_change(
                "withdraw",
                &context.course,
                format!(
                    "person {} withdrew from '{}'",
                    found.person_id, context.course.title
                ),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Places taken and the line of each course the actor may see: counts, not who.
    pub async fn places(
        &self,
        actor: &Actor,
        course_ids: &[i64],
    ) -> ServiceResult<HashMap<i64, Places>> {
        let courses = self.courses_by_ids(actor, course_ids).await?;
        let mut all: HashMap<i64, Places> =
            courses.iter().map(|c| (c.id, Places::default())).collect();
        let rows = course_enrolment::Entity::find()
            .filter(course_enrolment::Column::CourseId.is_in(courses.iter().map(|c| c.id)))
            .filter(course_enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
            .order_by_asc(course_enrolment::Column::RequestedAt)
            .order_by_asc(course_enrolment::Column::Id)
            .all(self.db)
            .await?;
        for row in rows {
            let Some(places) = all.get_mut(&row.course_id) else {
                continue;
            };
            match row.status {
                EnrolmentStatus::Enrolled => places.enrolled += 1,
                EnrolmentStatus::Waiting => places.waiting.push(row.id),
                EnrolmentStatus::Withdrawn => {}
            }
        }
        Ok(all)
    }

    /// Whether the actor may enrol themself in the course now.
    pub async fn may_enrol_self(&self, actor: &Actor, course_id: i64) -> ServiceResult<bool> {
        let Some(me) = actor.person_id() else {
            return Ok(false);
        };
        let context = load(self.db, actor, course_id).await?;
        if deadline_passed(&context.course) {
            return Ok(false);
        }
        let active = course_enrolment::Entity::find()
            .filter(course_enrolment::Column::CourseId.eq(course_id))
            .filter(course_enrolment::Column::PersonId.eq(me))
            .filter(course_enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
            .count(self.db)
            .await?;
        if active > 0 {
            return Ok(false);
        }
        let Some(person) = person::Entity::find_by_id(me).one(self.db).await? else {
            return Ok(false);
        };
        Ok(context.may_manage(actor) || self.belongs(&context, &person).await?)
    }

    /// Active people the actor may enrol whose name or address contains `search` (at most 20): anyone for whoever
    /// runs the table, the people of the organizations they speak for for delegates, nobody for others.
    pub async fn enrolable_people(
        &self,
        actor: &Actor,
        course_id: i64,
        search: &str,
    ) -> ServiceResult<Vec<person::Model>> {
        let context = load(self.db, actor, course_id).await?;
        let mut query = person::Entity::find().filter(person::Column::Active.eq(true));
        if !context.may_manage(actor) {
            let spoken_for = DelegateSeats::of(self.db, actor)
                .await?
                .for_course(&context.course);
            if spoken_for.is_empty() {
                return Ok(Vec::new());
            }
            query = query.filter(person::Column::OrganizationId.is_in(spoken_for));
        }
        let search = search.trim();
        if search.chars().count() > 200 {
            return Err(ServiceError::invalid(
                "search",
                tavolo_domain::Problem::too_long(200),
            ));
        }
        if !search.is_empty() {
            query = query.filter(
                Condition::any()
                    .add(person::Column::Name.contains(search))
                    .add(person::Column::Email.contains(search.to_lowercase())),
            );
        }
        Ok(query
            .order_by_asc(person::Column::Name)
            .limit(20)
            .all(self.db)
            .await?)
    }

    /// People enrol themselves where they belong (a network course, or a table's course when they are members of
    /// the table or work for an organization seated there); delegates enrol their organization's people; whoever
    /// runs the table enrols anyone.
    async fn require_may_enrol(
        &self,
        actor: &Actor,
        context: &CourseContext,
        person: &person::Model,
    ) -> ServiceResult<()> {
        if context.may_manage(actor) {
            return Ok(());
        }
        if Some(person.id) == actor.person_id() {
            if self.belongs(context, person).await? {
                return Ok(());
            }
            return Err(ServiceError::forbidden(
                "enrol in a course for the organizations of another table",
            ));
        }
        let spoken_for = DelegateSeats::of(self.db, actor)
            .await?
            .for_course(&context.course);
        if person
            .organization_id
            .is_some_and(|org| spoken_for.contains(&org))
        {
            return Ok(());
        }
        Err(ServiceError::forbidden(
            "enrol people of an organization you do not represent",
        ))
    }

    /// Whether `person` is among a course's audience.
    async fn belongs(
        &self,
        context: &CourseContext,
        person: &person::Model,
    ) -> ServiceResult<bool> {
        if context.course.audience == CourseAudience::Network || context.roles.is_member() {
            return Ok(true);
        }
        let Some(organization_id) = person.organization_id else {
            return Ok(false);
        };
        let seated = access::active_seats()
            .filter(seat::Column::TableId.eq(context.table.id))
            .filter(seat::Column::OrganizationId.eq(organization_id))
            .count(self.db)
            .await?;
        Ok(seated > 0)
    }
}

/// A course's places taken and its line (enrolment ids, next first).
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub enrolled: i32,
    pub waiting: Vec<i64>,
}

/// Which enrolments of some courses the actor reads.
pub(crate) struct Readable {
    managed: HashSet<i64>,
    spoken_for: HashMap<i64, HashSet<i64>>,
}

impl Readable {
    pub(crate) async fn of(
        conn: &impl ConnectionTrait,
        actor: &Actor,
        courses: &[course::Model],
    ) -> ServiceResult<Self> {
        let table_ids: Vec<i64> = courses.iter().map(|c| c.table_id).collect();
        let roles = access::roles_at_tables(conn, actor, &table_ids).await?;
        let seats = DelegateSeats::of(conn, actor).await?;
        let mut managed = HashSet::new();
        let mut spoken_for = HashMap::new();
        for course in courses {
            let at_table = roles.get(&course.table_id).cloned().unwrap_or_default();
            if policy::can_manage_courses(actor, &at_table) {
                managed.insert(course.id);
            } else {
                spoken_for.insert(course.id, seats.for_course(course));
            }
        }
        Ok(Self {
            managed,
            spoken_for,
        })
    }

    pub(crate) fn allows(&self, actor: &Actor, enrolment: &course_enrolment::Model) -> bool {
        self.managed.contains(&enrolment.course_id)
            || Some(enrolment.person_id) == actor.person_id()
            || enrolment.organization_id.is_some_and(|org| {
                self.spoken_for
                    .get(&enrolment.course_id)
                    .is_some_and(|orgs| orgs.contains(&org))
            })
    }
}

async fn has_free_place(txn: &DatabaseTransaction, course: &course::Model) -> ServiceResult<bool> {
    let Some(places) = course.places else {
        return Ok(true);
    };
    let taken = course_enrolment::Entity::find()
        .filter(course_enrolment::Column::CourseId.eq(course.id))
        .filter(course_enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
        .count(txn)
        .await?;
    Ok(taken < u64::try_from(places).unwrap_or_default())
}

/// Gives free places to those waiting, first come first served.
pub(crate) async fn fill_places(
    txn: &DatabaseTransaction,
    actor: &Actor,
    course: &course::Model,
) -> ServiceResult<()> {
    let waiting = course_enrolment::Entity::find()
        .filter(course_enrolment::Column::CourseId.eq(course.id))
        .filter(course_enrolment::Column::Status.eq(EnrolmentStatus::Waiting))
        .order_by_asc(course_enrolment::Column::RequestedAt)
        .order_by_asc(course_enrolment::Column::Id)
        .all(txn)
        .await?;
    for next in waiting {
        if !has_free_place(txn, course).await? {
            break;
        }
        let person_id = next.person_id;
        let mut row = next.into_active_model();
        row.status = Set(EnrolmentStatus::Enrolled);
        row.updated_at = Set(Utc::now());
        row.update(txn).await?;
        if let Some(person) = person::Entity::find_by_id(person_id).one(txn).await? {
            invite_to_upcoming(txn, actor, course.id, &person).await?;
        }
    }
    Ok(())
}

/// The course's sessions still being prepared or to come, which a place's invitations follow.
async fn upcoming_sessions(
    txn: &DatabaseTransaction,
    course_id: i64,
) -> ServiceResult<Vec<meeting::Model>> {
    Ok(meeting::Entity::find()
        .filter(meeting::Column::CourseId.eq(course_id))
        .filter(meeting::Column::Status.is_in([
            MeetingStatus::Draft.as_str(),
            MeetingStatus::Scheduled.as_str(),
        ]))
        .filter(meeting::Column::StartsAt.gt(Utc::now()))
        .all(txn)
        .await?)
}

/// Invites `person` to the sessions to come they are not invited to yet; scheduled ones send a calendar invitation.
pub(crate) async fn invite_to_upcoming(
    txn: &DatabaseTransaction,
    actor: &Actor,
    course_id: i64,
    person: &person::Model,
) -> ServiceResult<()> {
    for session in upcoming_sessions(txn, course_id).await? {
        let invited = invitation::Entity::find()
            .filter(invitation::Column::MeetingId.eq(session.id))
            .filter(
                Condition::any()
                    .add(invitation::Column::PersonId.eq(person.id))
                    .add(invitation::Column::Email.eq(&person.email)),
            )
            .count(txn)
            .await?;
        if invited > 0 {
            continue;
        }
        let created = insert_invitation(
            txn,
            session.id,
            Some(person.id),
            &person.email,
            &person.name,
            InvitationRole::Required,
        )
        .await?;
        if session.status == MeetingStatus::Scheduled {
            events::publish(
                txn,
                actor,
                about(&session, created.id),
                DomainEvent::InvitationAdded {
                    email: person.email.clone(),
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// Withdraws `person_id`'s invitations to the sessions to come; scheduled ones send a cancellation.
async fn uninvite_from_upcoming(
    txn: &DatabaseTransaction,
    actor: &Actor,
    course_id: i64,
    person_id: i64,
) -> ServiceResult<()> {
    for session in upcoming_sessions(txn, course_id).await? {
        let invitations = invitation::Entity::find()
            .filter(invitation::Column::MeetingId.eq(session.id))
            .filter(invitation::Column::PersonId.eq(person_id))
            .all(txn)
            .await?;
        for found in invitations {
            invitation::Entity::delete_by_id(found.id).exec(txn).await?;
            if session.status == MeetingStatus::Scheduled && found.rsvp != Rsvp::Declined {
                events::publish(
                    txn,
                    actor,
                    about(&session, found.id),
                    DomainEvent::InvitationRemoved {
                        email: found.email.clone(),
                        name: found.name.clone(),
                        meeting: snapshot(&session),
                    },
                )
                .await?;
            }
        }
    }
    Ok(())
}
