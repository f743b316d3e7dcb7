//! Demo data drawn from the seeds: the Grosseto-area table of the S.T.O.R.I.A. project, its steering committee, two working groups and their people, and the library's good practices.

mod courses;
mod meetings;
mod practices;
mod protocols;
mod questionnaires;

use tavolo_domain::{
    Actor, DelegateKind, InstanceRole, Locale, MembershipRole, OrganizationKind as Org, TableKind,
    Visibility,
};
use tavolo_store::entity::organization;

use tavolo_service::directory::{OrganizationInput, PersonInput};
use tavolo_service::tables::TableInput;
use tavolo_service::{PageRequest, ServiceResult, Services};

/// The password of every demo account, printed by the run command.
pub const DEMO_PASSWORD: &str = "tavolo-demo-2026";
/// The demo administrator.
pub const DEMO_ADMIN: &str = "admin@tavolo.example";

const TERRITORY: &str = "Zona Amiata Grossetana, Colline Metallifere e Grossetana";

const ORGANIZATIONS: &[(&str, Org, &str)] = &[
    (
        "Società della Salute Amiata Grossetana, Colline Metallifere e Grossetana",
        Org::SocialHealthConsortium,
        "segreteria@sds-grosseto.example",
    ),
    (
        "ISIS Leopoldo II di Lorena",
        Org::School,
        "segreteria@isis-lorena.example",
    ),
    (
        "Prefettura di Grosseto",
        Org::Prefecture,
        "protocollo@prefettura-grosseto.example",
    ),
    (
        "Questura di Grosseto",
        Org::PoliceHeadquarters,
        "immigrazione@questura-grosseto.example",
    ),
    (
        "Azienda USL Toscana sud est",
        Org::HealthAuthority,
        "urp@uslsudest.example",
    ),
    (
        "Comune di Grosseto",
        Org::Municipality,
        "sociale@comune-grosseto.example",
    ),
    (
        "Comune di Follonica",
        Org::Municipality,
        "sociale@comune-follonica.example",
    ),
    (
        "Comune di Massa Marittima",
        Org::Municipality,
        "sociale@comune-massamarittima.example",
    ),
    (
        "Comune di Arcidosso",
        Org::Municipality,
        "sociale@comune-arcidosso.example",
    ),
    (
        "CPIA 1 Grosseto",
        Org::AdultEducationCentre,
        "segreteria@cpia-grosseto.example",
    ),
    (
        "Centro per l'impiego di Grosseto",
        Org::JobCentre,
        "cpi.grosseto@regione-toscana.example",
    ),
    (
        "Caritas diocesana di Grosseto",
        Org::ThirdSector,
        "info@caritas-grosseto.example",
    ),
    (
        "Cooperativa sociale Il Quadrifoglio",
        Org::ThirdSector,
        "info@coop-quadrifoglio.example",
    ),
    (
        "Associazione Mediatori Interculturali Maremma",
        Org::ThirdSector,
        "info@mediatori-maremma.example",
    ),
    (
        "Associazione Senegalesi della Maremma",
        Org::MigrantAssociation,
        "info@senegalesi-maremma.example",
    ),
    (
        "Associazione Donne dal Mondo Grosseto",
        Org::MigrantAssociation,
        "info@donnedalmondo.example",
    ),
];

/// (name, email, organization index, locale)
const PEOPLE: &[(&str, &str, usize, Locale)] = &[
    (
        "Giulia Bianchi",
        "giulia.bianchi@sds-grosseto.example",
        0,
        Locale::It,
    ),
    (
        "Marco Rossi",
        "marco.rossi@sds-grosseto.example",
        0,
        Locale::It,
    ),
    (
        "Elena Ferri",
        "elena.ferri@sds-grosseto.example",
        0,
        Locale::It,
    ),
    (
        "Francesca Neri",
        "francesca.neri@isis-lorena.example",
        1,
        Locale::It,
    ),
    (
        "Paolo Conti",
        "paolo.conti@isis-lorena.example",
        1,
        Locale::It,
    ),
    (
        "Roberto Galli",
        "roberto.galli@prefettura-grosseto.example",
        2,
        Locale::It,
    ),
    (
        "Silvia Moretti",
        "silvia.moretti@prefettura-grosseto.example",
        2,
        Locale::It,
    ),
    (
        "Andrea Fabbri",
        "andrea.fabbri@questura-grosseto.example",
        3,
        Locale::It,
    ),
    (
        "Chiara Ricci",
        "chiara.ricci@uslsudest.example",
        4,
        Locale::It,
    ),
    (
        "Luca Marchetti",
        "luca.marchetti@uslsudest.example",
        4,
        Locale::It,
    ),
    (
        "Valentina Greco",
        "valentina.greco@comune-grosseto.example",
        5,
        Locale::It,
    ),
    (
        "Stefano Bruni",
        "stefano.bruni@comune-grosseto.example",
        5,
        Locale::It,
    ),
    (
        "Martina Lombardi",
        "martina.lombardi@comune-follonica.example",
        6,
        Locale::It,
    ),
    (
        "Davide Serra",
        "davide.serra@comune-massamarittima.example",
        7,
        Locale::It,
    ),
    (
        "Anna Vitale",
        "anna.vitale@comune-arcidosso.example",
        8,
        Locale::It,
    ),
    (
        "Sara Mancini",
        "sara.mancini@cpia-grosseto.example",
        9,
        Locale::It,
    ),
    (
        "Giorgio Costa",
        "giorgio.costa@regione-toscana.example",
        10,
        Locale::It,
    ),
    (
        "Don Michele Fontana",
        "michele.fontana@caritas-grosseto.example",
        11,
        Locale::It,
    ),
    (
        "Laura Santoro",
        "laura.santoro@coop-quadrifoglio.example",
        12,
        Locale::It,
    ),
    (
        "Amina El Idrissi",
        "amina.elidrissi@mediatori-maremma.example",
        13,
        Locale::En,
    ),
    (
        "Mamadou Diop",
        "mamadou.diop@senegalesi-maremma.example",
        14,
        Locale::En,
    ),
    (
        "Fatou Ndiaye",
        "fatou.ndiaye@senegalesi-maremma.example",
        14,
        Locale::It,
    ),
    (
        "Olena Kovalenko",
        "olena.kovalenko@donnedalmondo.example",
        15,
        Locale::En,
    ),
    (
        "Irene Barbieri",
        "irene.barbieri@coop-quadrifoglio.example",
        12,
        Locale::It,
    ),
];

/// What `seed_demo` did.
pub struct DemoSummary {
    pub seeded: bool,
    pub organizations: usize,
    pub people: usize,
    pub tables: usize,
    pub practices: usize,
}

/// Loads the demo dataset into an empty database; a database that already has organizations is left alone.
pub async fn seed_demo(services: &Services) -> ServiceResult<DemoSummary> {
    let system = Actor::System;
    let existing = services
        .directory()
        .organizations(&system, None, PageRequest::new(Some(1), None)?)
        .await?;
    if existing.total > 0 {
        return Ok(DemoSummary {
            seeded: false,
            organizations: 0,
            people: 0,
            tables: 0,
            practices: 0,
        });
    }
    let directory = services.directory();
    let mut orgs = Vec::new();
    for (name, kind, email) in ORGANIZATIONS {
        let input = OrganizationInput {
            name: Some((*name).into()),
            kind: Some(*kind),
            territory: Some(TERRITORY.into()),
            email: Some((*email).into()),
            ..Default::default()
        };
        orgs.push(directory.create_organization(&system, input).await?);
    }
    let admin = directory
        .create_person(
            &system,
            person_input(
                "Amministrazione Tavolo",
                DEMO_ADMIN,
                None,
                Locale::It,
                InstanceRole::Admin,
            ),
        )
        .await?;
    let mut people = vec![admin];
    for (index, (name, email, org, locale)) in PEOPLE.iter().enumerate() {
        let role = if index == 2 {
            InstanceRole::Moderator
        } else {
            InstanceRole::User
        };
        people.push(
            directory
                .create_person(
                    &system,
                    person_input(name, email, Some(orgs[*org].id), *locale, role),
                )
                .await?,
        );
    }
    let person = |email: &str| {
        people
            .iter()
            .find(|p| p.email == email)
            .map(|p| p.id)
            .unwrap_or_default()
    };

    let tables = services.tables();
    let main = tables
        .create_table(&system, table_input(
            "Tavolo interistituzionale per l'integrazione dei cittadini di Paesi terzi",
            TableKind::InterinstitutionalTable,
            None,
            Visibility::Public,
            "Coordina i servizi pubblici e privati rivolti ai cittadini di Paesi terzi della zona ed elabora la strategia locale per l'integrazione (progetto FAMI S.T.O.R.I.A., attività 1.1).",
        ))
        .await?;
    let steering = tables
        .create_table(
            &system,
            table_input(
                "Cabina di regia",
                TableKind::SteeringCommittee,
                Some(main.id),
                Visibility::Members,
                "Indirizzo e monitoraggio del progetto: capofila, partner e Prefettura.",
            ),
        )
        .await?;
    let school = tables
        .create_table(&system, table_input(
            "Gruppo di lavoro Scuola e formazione",
            TableKind::WorkingGroup,
            Some(main.id),
            Visibility::Network,
            "Sportelli di prossimità nelle scuole, corsi di italiano L2 con il CPIA, orientamento degli studenti neoarrivati.",
        ))
        .await?;
    let health = tables
        .create_table(&system, table_input(
            "Gruppo di lavoro Salute e servizi sociali",
            TableKind::WorkingGroup,
            Some(main.id),
            Visibility::Network,
            "Accesso ai servizi sanitari e sociali, mediazione interculturale, presa in carico multiprofessionale delle vulnerabilità.",
        ))
        .await?;

    // Seats and titular delegates at the main table: every organization, with its first person as titular.
    for (index, org) in orgs.iter().enumerate() {
        let seat = tables.add_seat(&system, main.id, org.id).await?;
        let delegates: Vec<&(&str, &str, usize, Locale)> =
            PEOPLE.iter().filter(|p| p.2 == index).collect();
        // The Società della Salute's first two people run the table (chair, secretariat); its third sits as its delegate.
        let skip = if index == 0 { 2 } else { 0 };
        for (position, (_, email, _, _)) in delegates.iter().skip(skip).enumerate() {
            let kind = if position == 0 {
                DelegateKind::Titular
            } else {
                DelegateKind::Substitute
            };
            tables
                .appoint_delegate(&system, seat.id, person(email), kind)
                .await?;
        }
    }
    tables
        .add_membership(
            &system,
            main.id,
            person("giulia.bianchi@sds-grosseto.example"),
            MembershipRole::Chair,
        )
        .await?;
    tables
        .add_membership(
            &system,
            main.id,
            person("marco.rossi@sds-grosseto.example"),
            MembershipRole::Secretariat,
        )
        .await?;
    tables
        .add_membership(
            &system,
            main.id,
            person("giorgio.costa@regione-toscana.example"),
            MembershipRole::Observer,
        )
        .await?;

    for (table_id, orgs_at, chair) in [
        (
            steering.id,
            vec![0, 1, 2],
            "giulia.bianchi@sds-grosseto.example",
        ),
        (
            school.id,
            vec![1, 9, 5, 13],
            "francesca.neri@isis-lorena.example",
        ),
        (
            health.id,
            vec![4, 0, 11, 13, 15],
            "chiara.ricci@uslsudest.example",
        ),
    ] {
        for org_index in orgs_at {
            let seat = tables
                .add_seat(&system, table_id, orgs[org_index].id)
                .await?;
            if let Some((_, email, _, _)) = PEOPLE
                .iter()
                .rev()
                .find(|p| p.2 == org_index && p.1 != chair)
            {
                tables
                    .appoint_delegate(&system, seat.id, person(email), DelegateKind::Titular)
                    .await?;
            }
        }
        tables
            .add_membership(&system, table_id, person(chair), MembershipRole::Chair)
            .await?;
        tables
            .add_membership(
                &system,
                table_id,
                person("marco.rossi@sds-grosseto.example"),
                MembershipRole::Secretariat,
            )
            .await?;
    }
    let decisions = meetings::seed_meetings(services, main.id, &person).await?;
    meetings::seed_steering_meeting(services, steering.id).await?;
    meetings::seed_working_group_meeting(services, health.id, &person).await?;
    meetings::seed_working_group_series(services, health.id).await?;
    let secretariat = Actor::Person {
        id: person("marco.rossi@sds-grosseto.example"),
        role: InstanceRole::User,
        by_token: false,
    };
    seed_strategy(services, main.id, decisions.strategy, &secretariat, &orgs).await?;
    courses::seed_courses(services, main.id, &person).await?;
    let practices = practices::seed_practices(services, &person).await?;
    let links = protocols::ProtocolLinks {
        decision_id: decisions.protocols,
        practice_id: practices
            .iter()
            .find(|(project, _)| *project == "S.PR.INT")
            .map(|(_, id)| *id),
    };
    protocols::seed_protocols(services, main.id, links, &orgs, &person).await?;
    questionnaires::seed_questionnaires(services, main.id, &person).await?;
    Ok(DemoSummary {
        seeded: true,
        organizations: orgs.len(),
        people: people.len(),
        tables: 4,
        practices: practices.len(),
    })
}

fn person_input(
    name: &str,
    email: &str,
    organization_id: Option<i64>,
    locale: Locale,
    role: InstanceRole,
) -> PersonInput {
    PersonInput {
        name: Some(name.into()),
        email: Some(email.into()),
        organization_id: Some(organization_id),
        locale: Some(locale),
        instance_role: Some(role),
        password: Some(DEMO_PASSWORD.into()),
        ..Default::default()
    }
}

fn table_input(
    name: &str,
    kind: TableKind,
    parent_id: Option<i64>,
    visibility: Visibility,
    description: &str,
) -> TableInput {
    TableInput {
        name: Some(name.into()),
        kind: Some(kind),
        territory: Some(TERRITORY.into()),
        description: Some(description.into()),
        parent_id: Some(parent_id),
        visibility: Some(visibility),
        quorum_percent: Some(50),
    }
}

/// The strategy of S.T.O.R.I.A. (objective → action → activities), approved by the plenary, with progress.
const STRATEGY: &[(&str, &str, &[&str])] = &[
    (
        "Rafforzare la rete di governance territoriale tra enti pubblici e privati, fondata sulla centralità della persona e sul coinvolgimento delle associazioni migranti",
        "Potenziamento della governance e della rete territoriale",
        &[
            "Potenziamento del Tavolo interistituzionale per l'elaborazione di una strategia locale per l'integrazione",
            "Creazione di una comunità di pratica per lo scambio di prassi e modelli di successo tra gli operatori",
            "Costituzione di un'unità operativa a supporto del tavolo",
        ],
    ),
    (
        "Migliorare la capacità di risposta dei servizi ai bisogni dei cittadini di Paesi terzi, qualificando le competenze degli operatori pubblici",
        "Capacity building dei servizi",
        &[
            "Percorso di formazione e aggiornamento per gli operatori dei servizi pubblici",
            "Costituzione di un'équipe multiprofessionale per la presa in carico delle vulnerabilità",
        ],
    ),
    (
        "Facilitare l'accesso alla rete dei servizi pubblici, raggiungendo anche donne, minori e chi vive nelle aree più periferiche della zona",
        "Potenziamento degli sportelli e interventi di prossimità",
        &[
            "Consolidamento del servizio info.immigrati",
            "Attivazione di sportelli di prossimità nelle scuole e nelle aree periferiche",
            "Piattaforma multilingue con le procedure e la mappa dei servizi",
        ],
    ),
    (
        "Comunicare e diffondere gli obiettivi, i risultati e le buone pratiche del progetto",
        "Comunicazione e disseminazione",
        &[
            "Materiali di informazione e disseminazione",
            "Conferenze stampa e diffusione sui canali istituzionali",
            "Evento finale di restituzione",
        ],
    ),
];

async fn seed_strategy(
    services: &Services,
    table_id: i64,
    approval: i64,
    secretariat: &Actor,
    orgs: &[organization::Model],
) -> ServiceResult<()> {
    use tavolo_domain::{ActivityStatus, StrategyLevel};
    use tavolo_service::strategy::{ElementInput, IndicatorInput};

    let system = Actor::System;
    let strategy = services.strategy();
    let draft = strategy.start_draft(&system, table_id, None).await?;
    let titled = |title: &str, lead: Option<usize>| ElementInput {
        title: Some(title.into()),
        lead_organization_id: Some(lead.and_then(|i| orgs.get(i)).map(|o| o.id)),
        ..Default::default()
    };
    let mut activities = Vec::new();
    for (objective, action, steps) in STRATEGY {
        let objective = strategy
            .add_element(
                &system,
                draft.id,
                StrategyLevel::Objective,
                None,
                titled(objective, None),
            )
            .await?;
        let action = strategy
            .add_element(
                &system,
                draft.id,
                StrategyLevel::Action,
                Some(objective.id),
                titled(action, Some(0)),
            )
            .await?;
        for step in *steps {
            let activity = strategy
                .add_element(
                    &system,
                    draft.id,
                    StrategyLevel::Activity,
                    Some(action.id),
                    titled(step, Some(0)),
                )
                .await?;
            activities.push(activity);
        }
    }
    // Indicators and progress on some activities: (index, name, unit, baseline, target, current, status).
    let progress = [
        (
            0,
            "Enti che partecipano al tavolo",
            "enti",
            6.0,
            16.0,
            12.0,
            ActivityStatus::InProgress,
        ),
        (
            2,
            "Sedute supportate dall'unità operativa",
            "sedute",
            0.0,
            6.0,
            2.0,
            ActivityStatus::Done,
        ),
        (
            3,
            "Operatori formati",
            "persone",
            0.0,
            120.0,
            45.0,
            ActivityStatus::InProgress,
        ),
        (
            6,
            "Sportelli di prossimità attivi",
            "sportelli",
            0.0,
            5.0,
            2.0,
            ActivityStatus::InProgress,
        ),
    ];
    for (index, name, unit, baseline, target, current, status) in progress {
        let Some(activity) = activities.get(index) else {
            continue;
        };
        let input = IndicatorInput {
            name: Some(name.into()),
            unit: Some(unit.into()),
            baseline: Some(baseline),
            target: Some(target),
        };
        let indicator = strategy.add_indicator(&system, activity.id, input).await?;
        strategy
            .record_measurement(
                secretariat,
                indicator.id,
                current,
                None,
                Some("Rilevazione della segreteria"),
            )
            .await?;
        strategy
            .record_status(secretariat, activity.id, status, None, None)
            .await?;
    }
    strategy.submit(&system, draft.id).await?;
    strategy.approve(&system, draft.id, approval).await?;
    Ok(())
}
