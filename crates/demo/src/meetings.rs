//! The demo's meetings: the plenary's first session with approved minutes and the next one scheduled, the steering
//! committee's members-only session, a working group's session whose minutes wait in review, and its fortnightly
//! series.

use tavolo_domain::Actor;
use tavolo_service::{ServiceResult, Services};

/// Decisions of the plenary's first session that other demo records name.
pub(crate) struct Decisions {
    pub strategy: i64,
    pub protocols: i64,
}

/// Last month's plenary (held, minutes approved, with decisions and action items) and next month's (scheduled).
/// Returns the decisions that approved the strategy's first version and the protocols.
pub(crate) async fn seed_meetings(
    services: &Services,
    table_id: i64,
    person: &impl Fn(&str) -> i64,
) -> ServiceResult<Decisions> {
    use tavolo_domain::{ApprovalMethod, AttendanceStatus, DecisionOutcome};
    use tavolo_service::meetings::{AgendaItemInput, Attendee, MeetingInput};
    use tavolo_service::minutes::{ActionItemInput, DecisionInput};

    let system = Actor::System;
    let meetings = services.meetings();
    let minutes = services.minutes();
    let day = |offset: i64| {
        (chrono::Utc::now().date_naive() + chrono::Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    let item = |title: &str, presenter: &str, planned: i32| AgendaItemInput {
        title: Some(title.into()),
        presenter: Some(presenter.into()),
        planned_minutes: Some(planned),
        ..Default::default()
    };
    let past = meetings
        .create_meeting(
            &system,
            table_id,
            MeetingInput {
                title: Some("Seduta plenaria di avvio".into()),
                description: Some(
                    "Insediamento del tavolo e avvio dei lavori sulla strategia locale.".into(),
                ),
                start: Some(format!("{}T10:00", day(-30))),
                end: Some(format!("{}T12:30", day(-30))),
                place: Some("Sala riunioni della Società della Salute, Grosseto".into()),
                allow_past: true,
                ..Default::default()
            },
            false,
        )
        .await?;
    let first = meetings
        .add_agenda_item(
            &system,
            past.id,
            item(
                "Insediamento del tavolo e regole di funzionamento",
                "Giulia Bianchi",
                30,
            ),
            1,
        )
        .await?;
    let second = meetings
        .add_agenda_item(
            &system,
            past.id,
            item(
                "Mappatura dei servizi per i cittadini di Paesi terzi",
                "Marco Rossi",
                60,
            ),
            2,
        )
        .await?;
    meetings.schedule_meeting(&system, past.id, true).await?;
    for email in [
        "giulia.bianchi@sds-grosseto.example",
        "marco.rossi@sds-grosseto.example",
        "francesca.neri@isis-lorena.example",
        "roberto.galli@prefettura-grosseto.example",
        "chiara.ricci@uslsudest.example",
        "valentina.greco@comune-grosseto.example",
        "mamadou.diop@senegalesi-maremma.example",
        "laura.santoro@coop-quadrifoglio.example",
        "elena.ferri@sds-grosseto.example",
        "martina.lombardi@comune-follonica.example",
        "sara.mancini@cpia-grosseto.example",
        "michele.fontana@caritas-grosseto.example",
        "amina.elidrissi@mediatori-maremma.example",
    ] {
        meetings
            .record_attendance(
                &system,
                past.id,
                Attendee::Person(person(email)),
                AttendanceStatus::Present,
                None,
            )
            .await?;
    }
    meetings
        .record_attendance(
            &system,
            past.id,
            Attendee::Person(person("andrea.fabbri@questura-grosseto.example")),
            AttendanceStatus::Excused,
            None,
        )
        .await?;
    meetings.mark_held(&system, past.id).await?;
    minutes
        .save(&system, past.id, vec![
            (first.id, "La presidente illustra le finalità del tavolo previste dal progetto FAMI S.T.O.R.I.A. e propone un calendario di sedute bimestrali.".into()),
            (second.id, "La segreteria presenta la prima mappatura dei servizi. Il Comune di Grosseto e l'ASL segnalano la necessità di **mediazione interculturale** agli sportelli.".into()),
        ], 1)
        .await?;
    minutes
        .add_decision(&system, first.id, DecisionInput { text: "Il tavolo approva le regole di funzionamento e il calendario bimestrale delle sedute.".into(), outcome: DecisionOutcome::Approved, votes_for: Some(8), votes_against: Some(0), votes_abstained: Some(0) })
        .await?;
    let approval = minutes
        .add_decision(
            &system,
            first.id,
            DecisionInput {
                text:
                    "Il tavolo approva la prima versione della strategia locale per l'integrazione."
                        .into(),
                outcome: DecisionOutcome::Approved,
                votes_for: Some(10),
                votes_against: Some(0),
                votes_abstained: Some(0),
            },
        )
        .await?;
    let protocols = minutes
        .add_decision(
            &system,
            second.id,
            DecisionInput {
                text: "Il tavolo adotta i protocolli operativi sanitario e scolastico, sul modello del progetto S.PR.INT, e ne affida la firma ai delegati degli enti."
                    .into(),
                outcome: DecisionOutcome::Approved,
                votes_for: Some(10),
                votes_against: Some(0),
                votes_abstained: Some(1),
            },
        )
        .await?;
    minutes
        .add_decision(
            &system,
            second.id,
            DecisionInput {
                text: "L'approvazione della mappatura definitiva è rinviata alla prossima seduta."
                    .into(),
                outcome: DecisionOutcome::Deferred,
                votes_for: None,
                votes_against: None,
                votes_abstained: None,
            },
        )
        .await?;
    minutes
        .add_action_item(
            &system,
            past.id,
            ActionItemInput {
                title: "Completare la mappatura degli sportelli nei comuni dell'Amiata".into(),
                assignee_person_id: Some(person("marco.rossi@sds-grosseto.example")),
                due_date: chrono::NaiveDate::parse_from_str(&day(20), "%Y-%m-%d").ok(),
                ..Default::default()
            },
        )
        .await?;
    let version = minutes
        .minutes(&system, past.id)
        .await?
        .map(|m| m.version)
        .unwrap_or(1);
    let reviewed = minutes.send_for_review(&system, past.id, version).await?;
    minutes
        .approve(
            &system,
            past.id,
            ApprovalMethod::WrittenProcedure,
            Some("Approvato con procedura scritta"),
            reviewed.version,
        )
        .await?;

    let next = meetings
        .create_meeting(
            &system,
            table_id,
            MeetingInput {
                title: Some("Seconda seduta plenaria".into()),
                start: Some(format!("{}T10:00", day(21))),
                end: Some(format!("{}T12:00", day(21))),
                place: Some("Sala riunioni della Società della Salute, Grosseto".into()),
                online_url: Some("https://videoconferenza.example/tavolo-grosseto".into()),
                ..Default::default()
            },
            true,
        )
        .await?;
    meetings
        .add_agenda_item(
            &system,
            next.id,
            item("Mappatura definitiva dei servizi", "Marco Rossi", 45),
            next.agenda_version,
        )
        .await?;
    meetings.schedule_meeting(&system, next.id, false).await?;
    Ok(Decisions {
        strategy: approval.id,
        protocols: protocols.id,
    })
}

/// A meeting of the members-only steering committee, with its minutes: what only its members can find.
pub(crate) async fn seed_steering_meeting(services: &Services, table_id: i64) -> ServiceResult<()> {
    use tavolo_domain::{ApprovalMethod, DecisionOutcome};
    use tavolo_service::meetings::{AgendaItemInput, MeetingInput};
    use tavolo_service::minutes::DecisionInput;

    let system = Actor::System;
    let meetings = services.meetings();
    let minutes = services.minutes();
    let day = (chrono::Utc::now().date_naive() - chrono::Duration::days(12)).format("%Y-%m-%d");
    let meeting = meetings
        .create_meeting(
            &system,
            table_id,
            MeetingInput {
                title: Some("Cabina di regia: avanzamento del progetto".into()),
                start: Some(format!("{day}T15:00")),
                end: Some(format!("{day}T16:30")),
                place: Some("Prefettura di Grosseto".into()),
                allow_past: true,
                ..Default::default()
            },
            false,
        )
        .await?;
    let item = meetings
        .add_agenda_item(
            &system,
            meeting.id,
            AgendaItemInput {
                title: Some("Sportelli nelle scuole".into()),
                ..Default::default()
            },
            meeting.agenda_version,
        )
        .await?;
    meetings.schedule_meeting(&system, meeting.id, true).await?;
    meetings.mark_held(&system, meeting.id).await?;
    let saved = minutes
        .save(
            &system,
            meeting.id,
            vec![(item.id, "La dirigente scolastica riferisce sulla sperimentazione degli sportelli di ascolto per studenti e famiglie.".into())],
            1,
        )
        .await?;
    minutes
        .add_decision(
            &system,
            item.id,
            DecisionInput {
                text: "La cabina di regia approva l'apertura degli sportelli di ascolto nelle scuole superiori di Follonica.".into(),
                outcome: DecisionOutcome::Approved,
                votes_for: None,
                votes_against: None,
                votes_abstained: None,
            },
        )
        .await?;
    let version = minutes
        .minutes(&system, meeting.id)
        .await?
        .map_or(saved.version, |m| m.version);
    let reviewed = minutes
        .send_for_review(&system, meeting.id, version)
        .await?;
    minutes
        .approve(
            &system,
            meeting.id,
            ApprovalMethod::WrittenProcedure,
            None,
            reviewed.version,
        )
        .await?;
    Ok(())
}

/// A meeting of the health working group, held last week, whose minutes wait in review: its delegates see them to
/// review and its chair to approve, so a newcomer finds the review workflow with content.
pub(crate) async fn seed_working_group_meeting(
    services: &Services,
    table_id: i64,
    person: &impl Fn(&str) -> i64,
) -> ServiceResult<()> {
    use tavolo_domain::{AttendanceStatus, DecisionOutcome};
    use tavolo_service::meetings::{AgendaItemInput, Attendee, MeetingInput};
    use tavolo_service::minutes::DecisionInput;

    let system = Actor::System;
    let meetings = services.meetings();
    let minutes = services.minutes();
    let day = (chrono::Utc::now().date_naive() - chrono::Duration::days(6)).format("%Y-%m-%d");
    let meeting = meetings
        .create_meeting(
            &system,
            table_id,
            MeetingInput {
                title: Some("Gruppo Salute: accesso ai servizi sanitari".into()),
                description: Some(
                    "Iscrizione al Servizio sanitario regionale, codici STP/ENI e mediazione nei consultori.".into(),
                ),
                start: Some(format!("{day}T09:30")),
                end: Some(format!("{day}T11:30")),
                place: Some("Casa della Salute di Grosseto, sala 2".into()),
                allow_past: true,
                ..Default::default()
            },
            false,
        )
        .await?;
    let mut items = Vec::new();
    let titles = [
        "Iscrizione al Servizio sanitario e codici STP/ENI",
        "Mediazione interculturale nei consultori",
    ];
    // Each added item moves the agenda to its next version.
    for (title, version) in titles.into_iter().zip(meeting.agenda_version..) {
        let added = meetings
            .add_agenda_item(
                &system,
                meeting.id,
                AgendaItemInput {
                    title: Some(title.into()),
                    ..Default::default()
                },
                version,
            )
            .await?;
        items.push(added.id);
    }
    meetings.schedule_meeting(&system, meeting.id, true).await?;
    for email in [
        "luca.marchetti@uslsudest.example",
        "michele.fontana@caritas-grosseto.example",
        "amina.elidrissi@mediatori-maremma.example",
    ] {
        meetings
            .record_attendance(
                &system,
                meeting.id,
                Attendee::Person(person(email)),
                AttendanceStatus::Present,
                None,
            )
            .await?;
    }
    meetings.mark_held(&system, meeting.id).await?;
    minutes
        .save(
            &system,
            meeting.id,
            vec![
                (items[0], "L'ASL illustra la procedura per il codice STP. La Caritas segnala tempi di attesa lunghi allo sportello anagrafe sanitaria.".into()),
                (items[1], "L'associazione dei mediatori propone una presenza settimanale nei consultori di Grosseto e Follonica.".into()),
            ],
            1,
        )
        .await?;
    minutes
        .add_decision(
            &system,
            items[1],
            DecisionInput {
                text: "Il gruppo propone al tavolo una sperimentazione di sei mesi della mediazione nei consultori.".into(),
                outcome: DecisionOutcome::Approved,
                votes_for: Some(3),
                votes_against: Some(0),
                votes_abstained: Some(0),
            },
        )
        .await?;
    let version = minutes
        .minutes(&system, meeting.id)
        .await?
        .map_or(1, |m| m.version);
    minutes
        .send_for_review(&system, meeting.id, version)
        .await?;
    Ok(())
}

/// The health working group meets every other week from ten days on, six times: a series convened at once.
pub(crate) async fn seed_working_group_series(
    services: &Services,
    table_id: i64,
) -> ServiceResult<()> {
    use tavolo_domain::RecurrencePattern;
    use tavolo_service::meetings::{MeetingInput, RecurrenceInput};

    let day = (chrono::Utc::now().date_naive() + chrono::Duration::days(10)).format("%Y-%m-%d");
    let meetings = services.meetings();
    let series = meetings
        .create_series(
            &Actor::System,
            table_id,
            MeetingInput {
                title: Some("Gruppo Salute: incontro quindicinale".into()),
                start: Some(format!("{day}T15:00")),
                end: Some(format!("{day}T16:30")),
                place: Some("Casa della Salute di Grosseto, sala 2".into()),
                ..Default::default()
            },
            RecurrenceInput {
                pattern: RecurrencePattern::Weekly,
                interval: Some(2),
                weekdays: Vec::new(),
                until: None,
                count: Some(6),
            },
            false,
        )
        .await?;
    meetings
        .schedule_series(&Actor::System, series.id, false)
        .await?;
    Ok(())
}
