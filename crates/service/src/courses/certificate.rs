//! The certificate of attendance: a printable page in the person's language, with the sessions attended and the
//! hours, for those who attended the course's required share of hours.

use std::fmt::Write;

use tavolo_domain::Locale;
use tavolo_store::entity::organization;

use super::*;
use crate::markdown::{html_escape, printable_html};

struct Words {
    title: &'static str,
    attended: &'static str,
    organized_by: &'static str,
    hours_of: &'static str,
    date: &'static str,
    session: &'static str,
    hours: &'static str,
    issued: &'static str,
}

fn words(locale: Locale) -> Words {
    match locale {
        Locale::It => Words {
            title: "Attestato di partecipazione",
            attended: "ha partecipato al corso",
            organized_by: "organizzato da",
            hours_of: "ore frequentate su",
            date: "Data",
            session: "Sessione",
            hours: "Ore",
            issued: "Rilasciato il",
        },
        Locale::En => Words {
            title: "Certificate of attendance",
            attended: "attended the course",
            organized_by: "organized by",
            hours_of: "hours attended of",
            date: "Date",
            session: "Session",
            hours: "Hours",
            issued: "Issued on",
        },
    }
}

/// Hours as people read them: `7,5` in Italian, `7.5` in English.
pub(crate) fn hours_text(minutes: i64, locale: Locale) -> String {
    let text = format!("{:.1}", minutes as f64 / 60.0);
    let text = text.strip_suffix(".0").map(str::to_owned).unwrap_or(text);
    match locale {
        Locale::It => text.replace('.', ","),
        Locale::En => text,
    }
}

impl CourseService<'_> {
    /// The certificate of `person_id` for a course, for that person, whoever runs the course's table and the
    /// delegates of the person's organization; refused until the person has attended the required share.
    pub async fn certificate_html(
        &self,
        actor: &Actor,
        course_id: i64,
        person_id: i64,
    ) -> ServiceResult<String> {
        access::require_signed_in(actor)?;
        let context = load(self.db, actor, course_id).await?;
        let course = &context.course;
        let enrolment = course_enrolment::Entity::find()
            .filter(course_enrolment::Column::CourseId.eq(course.id))
            .filter(course_enrolment::Column::PersonId.eq(person_id))
            // Only a place held has a certificate; a place in line or given up is no enrolment to certify.
            .filter(course_enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
            .one(self.db)
            .await?;
        let readable =
            enrolment::Readable::of(self.db, actor, std::slice::from_ref(course)).await?;
        let Some(enrolment) = enrolment.filter(|e| readable.allows(actor, e)) else {
            return Err(ServiceError::not_found("enrolment"));
        };
        let hours = hours::course_hours(self.db, std::slice::from_ref(course))
            .await?
            .remove(&course.id)
            .unwrap_or_default();
        if !hours.earns_certificate(&enrolment) {
            return Err(ServiceError::conflict(
                Reason::NotEnoughHours,
                format!(
                    "a certificate needs {} % of the course's hours attended",
                    course.certificate_share
                ),
            ));
        }
        let person = person::Entity::find_by_id(person_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("person"))?;
        let organization = match enrolment.organization_id {
            Some(id) => organization::Entity::find_by_id(id).one(self.db).await?,
            None => None,
        };
        let attended = hours.attended(person_id);
        let sessions = meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(attended.session_ids.iter().copied()))
            .order_by_asc(meeting::Column::StartsAt)
            .all(self.db)
            .await?;
        Ok(render(Certificate {
            locale: person.locale,
            person: &person.name,
            organization: organization.as_ref().map(|o| o.name.as_str()),
            course: &course.title,
            table: &context.table.name,
            attended_minutes: attended.minutes,
            planned_minutes: hours.planned_minutes,
            sessions: &sessions,
        }))
    }
}

struct Certificate<'a> {
    locale: Locale,
    person: &'a str,
    organization: Option<&'a str>,
    course: &'a str,
    table: &'a str,
    attended_minutes: i64,
    planned_minutes: i64,
    sessions: &'a [meeting::Model],
}

fn render(c: Certificate<'_>) -> String {
    let w = words(c.locale);
    let mut body = format!(
        "<h1>{}</h1>\n<p><strong>{}</strong>",
        w.title,
        html_escape(c.person)
    );
    if let Some(organization) = c.organization {
        let _ = write!(body, " ({})", html_escape(organization));
    }
    let _ = write!(
        body,
        " {} <strong>{}</strong>, {} {}: <strong>{} {} {}</strong>.</p>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        w.attended,
        html_escape(c.course),
        w.organized_by,
        html_escape(c.table),
        hours_text(c.attended_minutes, c.locale),
        w.hours_of,
        hours_text(c.planned_minutes, c.locale),
        w.date,
        w.session,
        w.hours,
    );
    for session in c.sessions {
        let day = session
            .starts_at
            .with_timezone(&session.time_zone.tz())
            .format(match c.locale {
                Locale::It => "%d/%m/%Y",
                Locale::En => "%Y-%m-%d",
            });
        let minutes = (session.ends_at - session.starts_at).num_minutes();
        let _ = writeln!(
            body,
            "<tr><td>{day}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&session.title),
            hours_text(minutes, c.locale)
        );
    }
    let today = Utc::now()
        .with_timezone(&chrono_tz::Europe::Rome)
        .format(match c.locale {
            Locale::It => "%d/%m/%Y",
            Locale::En => "%Y-%m-%d",
        });
    let _ = write!(body, "</table>\n<p>{} {today}</p>", w.issued);
    printable_html(&format!("{} — {}", w.title, c.course), c.locale, &body)
}
