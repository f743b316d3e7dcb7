//! The demo's training: PASSI's course on intercultural mediation for the services' operators, open to the network,
//! two sessions held (three operators present at both, so their certificates are ready) and one to come.

use tavolo_domain::{Actor, AttendanceStatus, CourseAudience, InstanceRole};
use tavolo_service::courses::CourseInput;
use tavolo_service::meetings::{Attendee, MeetingInput};
use tavolo_service::{ServiceResult, Services};

const ENROLLED: [&str; 3] = [
    "elena.ferri@sds-grosseto.example",
    "paolo.conti@isis-lorena.example",
    "silvia.moretti@prefettura-grosseto.example",
];

pub(crate) async fn seed_courses(
    services: &Services,
    table_id: i64,
    person: &impl Fn(&str) -> i64,
) -> ServiceResult<()> {
    let secretariat = Actor::Person {
        id: person("marco.rossi@sds-grosseto.example"),
        role: InstanceRole::User,
        by_token: false,
    };
    let courses = services.courses();
    let meetings = services.meetings();
    let course = courses
        .create_course(
            &secretariat,
            table_id,
            CourseInput {
                title: Some("La mediazione interculturale nei servizi".into()),
                description: Some(
                    "Percorso di formazione e aggiornamento per gli operatori dei servizi pubblici e del privato \
                     sociale (progetto PASSI): il ruolo del mediatore, il lavoro in équipe con i servizi \
                     socio-sanitari, casi di studio della zona."
                        .into(),
                ),
                audience: Some(CourseAudience::Network),
                places: Some(Some(25)),
                certificate_share: Some(60),
                ..Default::default()
            },
        )
        .await?;
    for email in ENROLLED {
        courses
            .enrol(&secretariat, course.id, Some(person(email)))
            .await?;
    }
    let day = |offset: i64| {
        (chrono::Utc::now().date_naive() + chrono::Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    for (title, offset) in [
        ("Modulo 1 — Il ruolo del mediatore interculturale", -21),
        ("Modulo 2 — Mediazione e servizi socio-sanitari", -14),
        ("Modulo 3 — Casi di studio della zona", 10),
    ] {
        let session = courses
            .add_session(
                &secretariat,
                course.id,
                MeetingInput {
                    title: Some(title.into()),
                    start: Some(format!("{}T14:30", day(offset))),
                    end: Some(format!("{}T16:30", day(offset))),
                    place: Some("Aula formazione della Società della Salute, Grosseto".into()),
                    allow_past: offset < 0,
                    ..Default::default()
                },
            )
            .await?;
        meetings
            .schedule_meeting(&secretariat, session.id, offset < 0)
            .await?;
        if offset > 0 {
            continue;
        }
        for email in ENROLLED {
            meetings
                .record_attendance(
                    &secretariat,
                    session.id,
                    Attendee::Person(person(email)),
                    AttendanceStatus::Present,
                    None,
                )
                .await?;
        }
        meetings.mark_held(&secretariat, session.id).await?;
    }
    Ok(())
}
