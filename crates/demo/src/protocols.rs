//! The demo's operational protocols, after S.PR.INT's health, school and social protocols: the health protocol
//! adopted, revised and adopted again (two of its four organizations have signed the version in force), the school
//! protocol adopted and awaiting its signatures, the social protocol still a draft under discussion.

use chrono::{Duration, NaiveDate, Utc};
use tavolo_domain::{Actor, InstanceRole, StrategyLinkKind};
use tavolo_service::protocols::{DraftInput, SectionInput};
use tavolo_service::{ServiceResult, Services};
use tavolo_store::entity::organization;

/// What the demo's protocols refer to: the decision that adopted them and the practice the health protocol cites.
pub(crate) struct ProtocolLinks {
    pub decision_id: i64,
    pub practice_id: Option<i64>,
}

fn sections(texts: &[(&str, &str)]) -> Vec<SectionInput> {
    texts
        .iter()
        .map(|(heading, body)| SectionInput {
            key: None,
            heading: (*heading).into(),
            body: (*body).into(),
        })
        .collect()
}

const HEALTH: &[(&str, &str)] = &[
    (
        "Finalità",
        "Il protocollo impegna i firmatari a garantire ai cittadini di Paesi terzi l'accesso tempestivo al Servizio sanitario nazionale: iscrizione, scelta del medico di base e primi accessi ai servizi.",
    ),
    (
        "Impegni delle parti",
        "- L'Azienda USL apre uno sportello dedicato il martedì e il giovedì mattina.\n- La Prefettura segnala le persone accolte nei centri entro 5 giorni dall'arrivo.\n- La Società della Salute mette a disposizione la mediazione interculturale su appuntamento.",
    ),
    (
        "Monitoraggio",
        "Il tavolo verifica ogni sei mesi i tempi di iscrizione al servizio sanitario.",
    ),
];

const HEALTH_REVISED: &[(&str, &str)] = &[
    (
        "Finalità",
        "Il protocollo impegna i firmatari a garantire ai cittadini di Paesi terzi l'accesso tempestivo al Servizio sanitario nazionale: iscrizione, scelta del medico di base e primi accessi ai servizi.",
    ),
    (
        "Impegni delle parti",
        "- L'Azienda USL apre uno sportello dedicato il martedì e il giovedì mattina e un punto informativo in Prefettura il primo lunedì del mese.\n- La Prefettura segnala le persone accolte nei centri entro 3 giorni dall'arrivo.\n- La Società della Salute mette a disposizione la mediazione interculturale su appuntamento.\n- Il Comune di Grosseto rilascia la residenza anagrafica ai richiedenti asilo secondo le indicazioni del tavolo.",
    ),
    (
        "Monitoraggio",
        "Il tavolo verifica ogni sei mesi i tempi di iscrizione al servizio sanitario e il numero di accessi con mediazione.",
    ),
];

const SCHOOL: &[(&str, &str)] = &[
    (
        "Finalità",
        "Accogliere gli studenti neoarrivati e le loro famiglie, orientarli alla scuola adatta e sostenere l'apprendimento dell'italiano L2.",
    ),
    (
        "Accoglienza e iscrizione",
        "La scuola convoca la famiglia entro 10 giorni dalla domanda, con un mediatore se serve. Il CPIA valuta il livello di italiano degli studenti con più di 16 anni.",
    ),
    (
        "Sportelli di prossimità",
        "Gli sportelli di prossimità nelle scuole sono aperti una mattina alla settimana per studenti, famiglie e docenti.",
    ),
];

const SOCIAL: &[(&str, &str)] = &[
    (
        "Finalità",
        "Una presa in carico condivisa tra servizi sociali dei comuni, Società della Salute e terzo settore per le persone più vulnerabili.",
    ),
    (
        "Équipe multiprofessionale",
        "L'équipe si riunisce ogni due settimane e decide il progetto individuale con la persona.",
    ),
];

pub(crate) async fn seed_protocols(
    services: &Services,
    table_id: i64,
    links: ProtocolLinks,
    orgs: &[organization::Model],
    person: &impl Fn(&str) -> i64,
) -> ServiceResult<()> {
    let as_person = |email: &str| Actor::Person {
        id: person(email),
        role: InstanceRole::User,
        by_token: false,
    };
    let secretariat = as_person("marco.rossi@sds-grosseto.example");
    let chair = as_person("giulia.bianchi@sds-grosseto.example");
    let protocols = services.protocols();
    let today = Utc::now().date_naive();
    let org = |index: usize| orgs[index].id;
    let draft = |title: Option<&str>, texts: &[(&str, &str)], signatories: Vec<i64>| DraftInput {
        title: title.map(str::to_owned),
        sections: Some(sections(texts)),
        signatory_ids: Some(signatories),
    };
    let adopt = |version_id: i64, days_ago: i64| {
        let from: NaiveDate = today - Duration::days(days_ago);
        protocols.adopt(&chair, version_id, links.decision_id, from)
    };

    // Health: adopted, revised, adopted again; the newer version's first two signatures.
    let (health, first) = protocols
        .create(&secretariat, table_id, "Protocollo operativo sanitario")
        .await?;
    let health_parties = vec![org(4), org(2), org(0), org(5)];
    protocols
        .save_draft(
            &secretariat,
            first.id,
            draft(None, HEALTH, health_parties.clone()),
        )
        .await?;
    adopt(first.id, 150).await?;
    let second = protocols.start_revision(&secretariat, health.id).await?;
    protocols
        .save_draft(
            &secretariat,
            second.id,
            draft(None, HEALTH_REVISED, health_parties),
        )
        .await?;
    adopt(second.id, 20).await?;
    for (email, index) in [
        ("chiara.ricci@uslsudest.example", 4),
        ("elena.ferri@sds-grosseto.example", 0),
    ] {
        protocols
            .sign(&as_person(email), second.id, org(index))
            .await?;
    }
    if let Some(practice_id) = links.practice_id {
        protocols
            .link_practice(&secretariat, health.id, practice_id)
            .await?;
    }

    // School: adopted, waiting for its four signatures.
    let (school, first) = protocols
        .create(&secretariat, table_id, "Protocollo operativo scolastico")
        .await?;
    protocols
        .save_draft(
            &secretariat,
            first.id,
            draft(None, SCHOOL, vec![org(1), org(9), org(5), org(0)]),
        )
        .await?;
    adopt(first.id, 5).await?;
    link_to_activity(
        services,
        &secretariat,
        table_id,
        school.id,
        "sportelli di prossimità",
    )
    .await?;

    // Social: a draft under discussion.
    let (_, first) = protocols
        .create(
            &secretariat,
            table_id,
            "Protocollo operativo per la presa in carico sociale",
        )
        .await?;
    let saved = protocols
        .save_draft(
            &secretariat,
            first.id,
            draft(None, SOCIAL, vec![org(0), org(5), org(11)]),
        )
        .await?;
    let key = protocols
        .sections(&secretariat, &[saved.id])
        .await?
        .into_iter()
        .nth(1)
        .map(|s| s.key);
    if let Some(key) = key {
        protocols
            .comment(
                &as_person("michele.fontana@caritas-grosseto.example"),
                saved.id,
                &key,
                "Proponiamo di invitare all'équipe anche gli enti del terzo settore che seguono la persona.",
            )
            .await?;
    }
    Ok(())
}

/// Links the protocol to the activity of the table's newest strategy whose title mentions `words`.
async fn link_to_activity(
    services: &Services,
    actor: &Actor,
    table_id: i64,
    protocol_id: i64,
    words: &str,
) -> ServiceResult<()> {
    let strategy = services.strategy();
    let Some(version) = strategy.versions(actor, table_id).await?.into_iter().next() else {
        return Ok(());
    };
    let tree = strategy.tree_view(actor, version.id).await?;
    let activity = tree
        .elements
        .iter()
        .find(|e| e.title.to_lowercase().contains(words));
    if let Some(activity) = activity {
        strategy
            .link(actor, activity.id, StrategyLinkKind::Protocol, protocol_id)
            .await?;
    }
    Ok(())
}
