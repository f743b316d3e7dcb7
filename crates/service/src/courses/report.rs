//! The training report over a period, for project reporting: per course the sessions held, people and
//! organizations trained and person-hours; per organization its people and hours; and both as CSV.

use chrono::{Duration, NaiveDate};
use tavolo_domain::{AttendanceStatus, Locale};
use tavolo_store::entity::{attendance, organization};

use super::*;
use crate::meetings::start_of;

/// One course in a training report.
#[derive(Debug, Clone)]
pub struct TrainingRow {
    pub course: course::Model,
    pub sessions: u32,
    /// Hours of the sessions held.
    pub session_hours: f64,
    pub people_trained: u32,
    pub organizations_trained: u32,
    /// Sum over people of the hours each attended.
    pub person_hours: f64,
}

/// One organization in a training report: its people trained and their hours.
#[derive(Debug, Clone)]
pub struct OrganizationTraining {
    pub organization: Option<organization::Model>,
    pub people_trained: u32,
    pub person_hours: f64,
}

/// Training over a period.
#[derive(Debug, Clone, Default)]
pub struct TrainingReport {
    pub rows: Vec<TrainingRow>,
    pub organizations: Vec<OrganizationTraining>,
    pub courses: u32,
    pub sessions: u32,
    pub people_trained: u32,
    pub organizations_trained: u32,
    pub person_hours: f64,
}

impl CourseService<'_> {
    /// Sessions of the table's courses held in `[from, to]` (dates in the sessions' zone), with who attended.
    pub async fn training_report(
        &self,
        actor: &Actor,
        table_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ServiceResult<TrainingReport> {
        access::require_signed_in(actor)?;
        let table = crate::tables::TableService { db: self.db }
            .table(actor, table_id)
            .await?;
        if !policy::can_manage_courses(actor, &roles_at(self.db, actor, table.id).await?) {
            return Err(ServiceError::forbidden("read this table's training report"));
        }
        if to < from {
            return Err(ServiceError::validation(
                "to",
                Reason::EndBeforeStart,
                "must not be before from",
            ));
        }
        let courses = course::Entity::find()
            .filter(course::Column::TableId.eq(table.id))
            .order_by_asc(course::Column::Id)
            .all(self.db)
            .await?;
        let held: Vec<meeting::Model> = meeting::Entity::find()
            .filter(meeting::Column::CourseId.is_in(courses.iter().map(|c| c.id)))
            .filter(meeting::Column::Status.eq(MeetingStatus::Held))
            .filter(meeting::Column::StartsAt.gte(start_of(from) - Duration::days(1)))
            .filter(meeting::Column::StartsAt.lt(start_of(to) + Duration::days(2)))
            .all(self.db)
            .await?
            .into_iter()
            .filter(|m| {
                let day = m.starts_at.with_timezone(&m.time_zone.tz()).date_naive();
                day >= from && day <= to
            })
            .collect();
        let present = attendance::Entity::find()
            .filter(attendance::Column::MeetingId.is_in(held.iter().map(|m| m.id)))
            .filter(attendance::Column::Status.eq(AttendanceStatus::Present))
            .all(self.db)
            .await?;
        let organization_of = self.organizations_of(&courses, &present).await?;
        let minutes = minutes_of(&held);
        let mut report = TrainingReport::default();
        // Per organization: its people and their minutes (people without one are counted apart, under `None`).
        let mut per_organization: HashMap<Option<i64>, (HashSet<i64>, i64)> = HashMap::new();
        for course in courses {
            let sessions: Vec<&meeting::Model> = held
                .iter()
                .filter(|m| m.course_id == Some(course.id))
                .collect();
            if sessions.is_empty() {
                continue;
            }
            let mut people = HashSet::new();
            let mut organizations = HashSet::new();
            let mut person_minutes = 0;
            for session in &sessions {
                let length = minutes.get(&session.id).copied().unwrap_or_default();
                for row in present.iter().filter(|a| a.meeting_id == session.id) {
                    people.insert(row.person_id);
                    person_minutes += length;
                    let organization = organization_of
                        .get(&(course.id, row.person_id))
                        .copied()
                        .flatten();
                    organizations.extend(organization);
                    let entry = per_organization.entry(organization).or_default();
                    entry.0.insert(row.person_id);
                    entry.1 += length;
                }
            }
            report.rows.push(TrainingRow {
                sessions: sessions.len() as u32,
                session_hours: sessions
                    .iter()
                    .map(|s| minutes.get(&s.id).copied().unwrap_or_default())
                    .sum::<i64>() as f64
                    / 60.0,
                people_trained: people.len() as u32,
                organizations_trained: organizations.len() as u32,
                person_hours: person_minutes as f64 / 60.0,
                course,
            });
        }
        let named: Vec<i64> = per_organization.keys().flatten().copied().collect();
        let organizations = organization::Entity::find()
            .filter(organization::Column::Id.is_in(named))
            .all(self.db)
            .await?;
        let mut by_organization: Vec<OrganizationTraining> = per_organization
            .iter()
            .map(|(id, (people, minutes))| OrganizationTraining {
                organization: id.and_then(|id| organizations.iter().find(|o| o.id == id).cloned()),
                people_trained: people.len() as u32,
                person_hours: *minutes as f64 / 60.0,
            })
            .collect();
        by_organization.sort_by(|a, b| {
            let name = |o: &OrganizationTraining| o.organization.as_ref().map(|o| o.name.clone());
            (name(a).is_none(), name(a)).cmp(&(name(b).is_none(), name(b)))
        });
        let all_people: HashSet<i64> = present.iter().map(|a| a.person_id).collect();
        report.courses = report.rows.len() as u32;
        report.sessions = report.rows.iter().map(|r| r.sessions).sum();
        report.people_trained = all_people.len() as u32;
        report.organizations_trained = by_organization
            .iter()
            .filter(|o| o.organization.is_some())
            .count() as u32;
        report.person_hours = report.rows.iter().map(|r| r.person_hours).sum();
        report.organizations = by_organization;
        Ok(report)
    }

    /// Each present person's organization for a course: the one they enrolled from, else their current one.
    async fn organizations_of(
        &self,
        courses: &[course::Model],
        present: &[attendance::Model],
    ) -> ServiceResult<HashMap<(i64, i64), Option<i64>>> {
        let enrolments = course_enrolment::Entity::find()
            .filter(course_enrolment::Column::CourseId.is_in(courses.iter().map(|c| c.id)))
            .all(self.db)
            .await?;
        let people = person::Entity::find()
            .filter(person::Column::Id.is_in(present.iter().map(|a| a.person_id)))
            .all(self.db)
            .await?;
        let mut found = HashMap::new();
        for course in courses {
            for person in &people {
                let enrolled_from = enrolments
                    .iter()
                    .find(|e| e.course_id == course.id && e.person_id == person.id)
                    .and_then(|e| e.organization_id);
                found.insert(
                    (course.id, person.id),
                    enrolled_from.or(person.organization_id),
                );
            }
        }
        Ok(found)
    }
}

impl TrainingReport {
    /// One row per course and a totals row; Italian readers get what their spreadsheets open as columns
    /// (semicolons, decimal comma), others the documented machine format.
    pub fn to_csv(&self, reader: Option<Locale>) -> String {
        let italian = reader == Some(Locale::It);
        let (separator, header, total) = if italian {
            (
                ";",
                "corso;sessioni;ore_sessioni;persone_formate;enti;ore_persona",
                "totale",
            )
        } else {
            (
                ",",
                "course,sessions,session_hours,people_trained,organizations,person_hours",
                "total",
            )
        };
        let number = |h: f64| crate::csv::decimal(h, italian);
        let mut out = format!("{header}\r\n");
        for row in &self.rows {
            let cells = [
                crate::csv::cell(&row.course.title),
                row.sessions.to_string(),
                number(row.session_hours),
                row.people_trained.to_string(),
                row.organizations_trained.to_string(),
                number(row.person_hours),
            ];
            out.push_str(&cells.join(separator));
            out.push_str("\r\n");
        }
        let totals = [
            total.to_owned(),
            self.sessions.to_string(),
            number(self.rows.iter().map(|r| r.session_hours).sum()),
            self.people_trained.to_string(),
            self.organizations_trained.to_string(),
            number(self.person_hours),
        ];
        out.push_str(&totals.join(separator));
        out.push_str("\r\n");
        out
    }

    /// One row per organization: its people trained and their hours.
    pub fn organizations_csv(&self, reader: Option<Locale>) -> String {
        let italian = reader == Some(Locale::It);
        let (separator, header, none) = if italian {
            (";", "ente;persone_formate;ore_persona", "senza ente")
        } else {
            (
                ",",
                "organization,people_trained,person_hours",
                "no organization",
            )
        };
        let mut out = format!("{header}\r\n");
        for row in &self.organizations {
            let name = row.organization.as_ref().map_or(none, |o| o.name.as_str());
            let cells = [
                crate::csv::cell(name),
                row.people_trained.to_string(),
                crate::csv::decimal(row.person_hours, italian),
            ];
            out.push_str(&cells.join(separator));
            out.push_str("\r\n");
        }
        out
    }
}
