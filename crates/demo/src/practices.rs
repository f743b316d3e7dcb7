//! The demo library: good practices of the seed projects (FA.SI, TEAMS, PASSI, S.PR.INT, S.T.O.R.I.A.), published by
//! the moderator, and one proposal still waiting for review, so a newcomer sees the library and the review at work.

use chrono::NaiveDate;
use tavolo_domain::{
    Actor, Evaluation, InstanceRole, PracticeLifecycle, PracticeVisibility, TargetGroup, Theme,
};
use tavolo_service::practices::PracticeInput;
use tavolo_service::{ServiceResult, Services};

/// One practice of the seeds and who proposes it.
struct Seed {
    author: &'static str,
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    themes: &'static [Theme],
    targets: &'static [TargetGroup],
    region: &'static str,
    territory: &'static str,
    project: &'static str,
    started: (i32, u32, u32),
    results: &'static str,
    visibility: PracticeVisibility,
    published: bool,
}

const SEEDS: &[Seed] = &[
    Seed {
        author: "francesca.neri@isis-lorena.example",
        title: "Sportelli di ascolto nelle scuole della Maremma",
        summary: "Uno sportello settimanale in ogni istituto superiore per studenti di Paesi terzi e le loro famiglie, con la mediazione linguistica e un referente del servizio sociale.",
        body: "Nato nel progetto **S.T.O.R.I.A.** (FAMI 821), lo sportello è aperto un pomeriggio a settimana in ogni istituto e riceve studenti e genitori.\n\n- accoglienza e orientamento alla scelta della scuola;\n- raccordo con i servizi sociali della Società della Salute;\n- incontri con le famiglie in presenza di un mediatore.",
        themes: &[Theme::Education, Theme::Mediation],
        targets: &[TargetGroup::Students, TargetGroup::FamiliesWithMinors],
        region: "Toscana",
        territory: "Grosseto",
        project: "FAMI 821 S.T.O.R.I.A.",
        started: (2024, 10, 1),
        results: "Nel primo anno 214 colloqui in 6 istituti; il 40 % con le famiglie.",
        visibility: PracticeVisibility::Public,
        published: true,
    },
    Seed {
        author: "chiara.ricci@uslsudest.example",
        title: "Équipe multiprofessionale per la presa in carico integrata",
        summary: "Un'équipe mobile di assistente sociale, mediatore, infermiere e operatore del lavoro che incontra le persone nei servizi del territorio e costruisce un piano comune.",
        body: "Dal progetto **FA.SI – Fare Sistema** (FAMI 2986) della Società della Salute Pistoiese: un *modello di presa in carico integrata* con una Équipe Mobile Territoriale che si sposta tra i servizi, invece di far spostare le persone.",
        themes: &[Theme::Reception, Theme::Health, Theme::Rights],
        targets: &[
            TargetGroup::ProtectionBeneficiaries,
            TargetGroup::IsolatedAreas,
        ],
        region: "Toscana",
        territory: "Pistoia",
        project: "FAMI 2986 FA.SI",
        started: (2020, 3, 1),
        results: "Piani condivisi per 160 nuclei; tempi di presa in carico dimezzati.",
        visibility: PracticeVisibility::Public,
        published: true,
    },
    Seed {
        author: "laura.santoro@coop-quadrifoglio.example",
        title: "Formazione congiunta degli operatori dei servizi pubblici",
        summary: "Moduli di formazione comuni per operatori di comuni, aziende sanitarie, centri per l'impiego e prefetture, sulle norme dell'immigrazione e sull'accoglienza agli sportelli.",
        body: "Dal progetto **TEAMS – Tuscany Empowerment Actions for Migrant System**: gli operatori di enti diversi si formano insieme, con casi reali portati dai loro sportelli, e restano in contatto in una comunità di pratica.",
        themes: &[Theme::Education, Theme::Participation],
        targets: &[TargetGroup::PublicOperators],
        region: "Toscana",
        territory: "Toscana",
        project: "TEAMS",
        started: (2019, 1, 15),
        results: "38 edizioni, 612 operatori formati di 94 enti.",
        visibility: PracticeVisibility::Public,
        published: true,
    },
    Seed {
        author: "amina.elidrissi@mediatori-maremma.example",
        title: "Mediazione interculturale negli sportelli comunali",
        summary: "Mediatori in turno negli sportelli anagrafe e servizi sociali dei comuni, su appuntamento e con un numero unico per le urgenze.",
        body: "Dal progetto **PASSI – Promozione dell'accesso ai servizi per l'integrazione** della Regione Umbria con dieci comuni: la mediazione entra negli uffici, non solo nei progetti.",
        themes: &[Theme::Mediation, Theme::Rights],
        targets: &[TargetGroup::Women, TargetGroup::FamiliesWithMinors],
        region: "Umbria",
        territory: "Perugia, Terni e altri otto comuni",
        project: "PASSI",
        started: (2019, 6, 1),
        results: "Accessi agli sportelli con mediatore raddoppiati in due anni.",
        visibility: PracticeVisibility::Network,
        published: true,
    },
    Seed {
        author: "chiara.ricci@uslsudest.example",
        title: "Protocollo sanitario per l'accesso ai servizi di salute",
        summary: "Un protocollo operativo tra prefettura, azienda sanitaria e terzo settore per l'iscrizione al servizio sanitario e i primi accessi, con un punto informativo in prefettura.",
        body: "Dal progetto **S.PR.INT** (capofila Prefettura BAT): protocolli operativi di carattere sanitario, scolastico e sociale e un *Polo Sociale per l'Inclusione* presso la prefettura.",
        themes: &[Theme::Health, Theme::Reception],
        targets: &[
            TargetGroup::AsylumSeekers,
            TargetGroup::ProtectionBeneficiaries,
        ],
        region: "Puglia",
        territory: "Barletta-Andria-Trani",
        project: "S.PR.INT",
        started: (2022, 2, 1),
        results: "Tempi di iscrizione al servizio sanitario da 45 a 12 giorni.",
        visibility: PracticeVisibility::Public,
        published: true,
    },
    Seed {
        author: "amina.elidrissi@mediatori-maremma.example",
        title: "Corso di italiano per madri con spazio bimbi",
        summary: "Un corso di italiano di livello A1–A2 in orario scolastico, con uno spazio per i bambini piccoli curato da volontarie.",
        body: "Proposta in attesa di valutazione: le madri con figli piccoli non frequentano i corsi serali; il corso si tiene al mattino nel CPIA con uno spazio bimbi accanto all'aula.",
        themes: &[Theme::Language],
        targets: &[TargetGroup::Women, TargetGroup::FamiliesWithMinors],
        region: "Toscana",
        territory: "Grosseto",
        project: "",
        started: (2025, 9, 15),
        results: "",
        visibility: PracticeVisibility::Network,
        published: false,
    },
];

/// Proposes each practice as its author, publishes those meant to be published as the moderator, and leaves the
/// last one waiting for review.
pub(crate) async fn seed_practices(
    services: &Services,
    person: &impl Fn(&str) -> i64,
) -> ServiceResult<Vec<(&'static str, i64)>> {
    let practices = services.practices();
    let mut seeded = Vec::with_capacity(SEEDS.len());
    for seed in SEEDS {
        let author = Actor::Person {
            id: person(seed.author),
            role: InstanceRole::User,
            by_token: false,
        };
        let (year, month, day) = seed.started;
        let input = PracticeInput {
            title: Some(seed.title.into()),
            summary: Some(seed.summary.into()),
            body: Some(seed.body.into()),
            themes: Some(seed.themes.to_vec()),
            target_groups: Some(seed.targets.to_vec()),
            region: Some(seed.region.into()),
            territory: Some(seed.territory.into()),
            language: Some("it".into()),
            start_date: NaiveDate::from_ymd_opt(year, month, day),
            practice_state: Some(PracticeLifecycle::Active),
            evaluation: Some(Evaluation::Internal),
            funding: Some("Fondo Asilo, Migrazione e Integrazione (FAMI)".into()),
            project_code: (!seed.project.is_empty()).then(|| seed.project.into()),
            results: (!seed.results.is_empty()).then(|| seed.results.into()),
            visibility: Some(seed.visibility),
            ..Default::default()
        };
        let created = practices.create(&author, input).await?;
        practices.submit(&author, created.id).await?;
        if seed.published {
            practices
                .publish(
                    &Actor::System,
                    created.id,
                    tavolo_service::practices::Eligibility::MET,
                )
                .await?;
        }
        seeded.push((seed.project, created.id));
    }
    Ok(seeded)
}
