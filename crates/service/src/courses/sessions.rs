//! A course's sessions: meetings of the course's table that name it, with its enrolled people as invitees; from
//! there on they are meetings like any other (scheduling sends the calendar invitations, the attendance sheet,
//! files, cancellation).

use super::*;
use crate::meetings::{MeetingInput, meeting_change, new_meeting_row};

impl CourseService<'_> {
    /// Adds a draft session to a course, every enrolled person invited; the meeting page schedules it.
    pub async fn add_session(
        &self,
        actor: &Actor,
        course_id: i64,
        input: MeetingInput,
    ) -> ServiceResult<meeting::Model> {
        let context = load(self.db, actor, course_id).await?;
        context.require_manage(actor)?;
        if context.table.ended_at.is_some() {
            return Err(ServiceError::validation(
                "courseId",
                Reason::WrongState,
                "the course's table has ended: it takes no new sessions",
            ));
        }
        let mut row = new_meeting_row(&context.table, &input)?;
        row.course_id = Set(Some(context.course.id));
        let txn = tavolo_store::begin_write(self.db).await?;
        let created = row.insert(&txn).await?;
        let enrolled: Vec<i64> = course_enrolment::Entity::find()
            .filter(course_enrolment::Column::CourseId.eq(context.course.id))
            .filter(course_enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
            .all(&txn)
            .await?
            .into_iter()
            .map(|e| e.person_id)
            .collect();
        let people = person::Entity::find()
            .filter(person::Column::Id.is_in(enrolled))
            .filter(person::Column::Active.eq(true))
            .order_by_asc(person::Column::Name)
            .all(&txn)
            .await?;
        for person in &people {
            crate::meetings::insert_invitation(
                &txn,
                created.id,
                Some(person.id),
                &person.email,
                &person.name,
                tavolo_domain::InvitationRole::Required,
            )
            .await?;
        }
        audit::record(
            &txn,
            actor,
            meeting_change(
                "create",
                &created,
                format!(
                    "added session '{}' to course '{}'",
                    created.title, context.course.title
                ),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }
}
