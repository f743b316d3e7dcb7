//! Hours of a course: those it plans (its sessions not cancelled) and those each person attended (held sessions
//! where the attendance sheet has them present), and whether that earns a certificate.

use tavolo_domain::AttendanceStatus;
use tavolo_store::entity::attendance;

use super::*;

/// What one person attended of a course.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attended {
    pub minutes: i64,
    /// The held sessions they were present at, in time order.
    pub session_ids: Vec<i64>,
}

/// A course's hours: planned, and attended by each person present at least once.
#[derive(Debug, Clone, Default)]
pub struct CourseHours {
    pub planned_minutes: i64,
    pub share_required: i32,
    pub by_person: HashMap<i64, Attended>,
}

impl CourseHours {
    pub fn attended(&self, person_id: i64) -> Attended {
        self.by_person.get(&person_id).cloned().unwrap_or_default()
    }

    /// A certificate needs a place held (not a place in line, not given up) and the required share of the
    /// planned hours attended.
    pub fn earns_certificate(&self, enrolment: &course_enrolment::Model) -> bool {
        let attended = self.attended(enrolment.person_id).minutes;
        enrolment.status == EnrolmentStatus::Enrolled
            && self.planned_minutes > 0
            && attended * 100 >= i64::from(self.share_required) * self.planned_minutes
    }
}

impl CourseService<'_> {
    /// The hours of each course the actor may see; attended hours only of the people whose enrolments they read.
    pub async fn hours(
        &self,
        actor: &Actor,
        course_ids: &[i64],
    ) -> ServiceResult<HashMap<i64, CourseHours>> {
        let courses = self.courses_by_ids(actor, course_ids).await?;
        let readable = enrolment::Readable::of(self.db, actor, &courses).await?;
        let mut all = course_hours(self.db, &courses).await?;
        let enrolments = course_enrolment::Entity::find()
            .filter(course_enrolment::Column::CourseId.is_in(courses.iter().map(|c| c.id)))
            .all(self.db)
            .await?;
        for (course_id, hours) in &mut all {
            let shown: HashSet<i64> = enrolments
                .iter()
                .filter(|e| e.course_id == *course_id && readable.allows(actor, e))
                .map(|e| e.person_id)
                .collect();
            hours.by_person.retain(|person, _| shown.contains(person));
        }
        Ok(all)
    }
}

/// Hours of each of `courses`, for every person present (callers keep what their reader may see).
pub(crate) async fn course_hours(
    conn: &impl ConnectionTrait,
    courses: &[course::Model],
) -> ServiceResult<HashMap<i64, CourseHours>> {
    let sessions = meeting::Entity::find()
        .filter(meeting::Column::CourseId.is_in(courses.iter().map(|c| c.id)))
        .filter(meeting::Column::Status.ne(MeetingStatus::Cancelled))
        .order_by_asc(meeting::Column::StartsAt)
        .all(conn)
        .await?;
    let minutes = minutes_of(&sessions);
    let held: Vec<i64> = sessions
        .iter()
        .filter(|s| s.status == MeetingStatus::Held)
        .map(|s| s.id)
        .collect();
    let present = attendance::Entity::find()
        .filter(attendance::Column::MeetingId.is_in(held))
        .filter(attendance::Column::Status.eq(AttendanceStatus::Present))
        .all(conn)
        .await?;
    let mut all: HashMap<i64, CourseHours> = courses
        .iter()
        .map(|c| {
            (
                c.id,
                CourseHours {
                    share_required: c.certificate_share,
                    ..Default::default()
                },
            )
        })
        .collect();
    for session in &sessions {
        let Some(course_id) = session.course_id else {
            continue;
        };
        let Some(hours) = all.get_mut(&course_id) else {
            continue;
        };
        let length = minutes.get(&session.id).copied().unwrap_or_default();
        hours.planned_minutes += length;
        for row in present.iter().filter(|a| a.meeting_id == session.id) {
            let attended = hours.by_person.entry(row.person_id).or_default();
            attended.minutes += length;
            attended.session_ids.push(session.id);
        }
    }
    Ok(all)
}
