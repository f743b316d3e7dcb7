//! The demo's needs assessment, after S.PR.INT's tools: a public questionnaire on access to services, open for a
//! month, with a dozen responses so that its results have figures and charts.

use chrono::{Duration, Utc};
use tavolo_domain::{Actor, InstanceRole, QuestionKind, QuestionnaireAudience};
use tavolo_service::questionnaires::{
    AnswerInput, QuestionInput, QuestionnaireInput, SectionInput,
};
use tavolo_service::{ServiceResult, Services};

fn question(kind: QuestionKind, text: &str, required: bool, options: &[&str]) -> QuestionInput {
    QuestionInput {
        kind,
        text: text.into(),
        help: None,
        required,
        options: options.iter().map(|o| (*o).into()).collect(),
        scale_min: None,
        scale_max: None,
        number_min: (kind == QuestionKind::Number).then_some(0.0),
        number_max: (kind == QuestionKind::Number).then_some(80.0),
    }
}

const SERVICES: [&str; 5] = [
    "Sportello immigrazione del Comune",
    "Servizi sanitari (medico, consultorio)",
    "Scuola e corsi di italiano",
    "Centro per l'impiego",
    "Servizi sociali",
];

/// (services used, ease 1–5, years in Italy, what would help)
const RESPONSES: [(&[usize], f64, f64, &str); 12] = [
    (&[0, 1], 2.0, 3.0, "Orari di apertura anche il sabato."),
    (&[1, 2], 3.0, 5.0, "Un mediatore allo sportello."),
    (&[0, 3], 2.0, 1.0, "Informazioni in più lingue."),
    (&[1], 4.0, 10.0, ""),
    (&[2], 4.0, 2.0, "Corsi di italiano la sera."),
    (&[0, 1, 4], 1.0, 1.0, "Meno documenti da portare."),
    (&[3], 3.0, 7.0, ""),
    (&[1, 2], 5.0, 12.0, ""),
    (&[0], 2.0, 2.0, "Appuntamenti online."),
    (&[4], 3.0, 4.0, "Un unico sportello per tutto."),
    (&[1, 3], 4.0, 6.0, ""),
    (
        &[0, 2],
        3.0,
        3.0,
        "Informazioni sui documenti per la residenza.",
    ),
];

pub(crate) async fn seed_questionnaires(
    services: &Services,
    table_id: i64,
    person: &impl Fn(&str) -> i64,
) -> ServiceResult<()> {
    let secretariat = Actor::Person {
        id: person("marco.rossi@sds-grosseto.example"),
        role: InstanceRole::User,
        by_token: false,
    };
    let questionnaires = services.questionnaires();
    let created = questionnaires
        .create(
            &secretariat,
            table_id,
            QuestionnaireInput {
                title: Some("Rilevazione dei bisogni dei cittadini di Paesi terzi".into()),
                description: Some(
                    "Un questionario anonimo, costruito dal tavolo sul modello del progetto S.PR.INT, per capire quali \
                     servizi usate e che cosa li renderebbe più facili da raggiungere. Bastano cinque minuti."
                        .into(),
                ),
                audience: Some(QuestionnaireAudience::Public),
                ends_at: Some(Some(Utc::now() + Duration::days(30))),
                ..Default::default()
            },
        )
        .await?;
    let sections = vec![
        SectionInput {
            title: "I servizi che usi".into(),
            description: None,
            questions: vec![
                question(
                    QuestionKind::MultipleChoice,
                    "Quali servizi hai usato nell'ultimo anno?",
                    true,
                    &SERVICES,
                ),
                question(
                    QuestionKind::Scale,
                    "Quanto è stato facile ottenere ciò di cui avevi bisogno? (1 = molto difficile, 5 = molto facile)",
                    true,
                    &[],
                ),
            ],
        },
        SectionInput {
            title: "Su di te".into(),
            description: Some("Nessuna domanda chiede il tuo nome.".into()),
            questions: vec![
                question(
                    QuestionKind::Number,
                    "Da quanti anni vivi in Italia?",
                    false,
                    &[],
                ),
                question(
                    QuestionKind::LongText,
                    "Che cosa renderebbe i servizi più facili da usare?",
                    false,
                    &[],
                ),
            ],
        },
    ];
    questionnaires
        .save_structure(&secretariat, created.id, sections)
        .await?;
    let opened = questionnaires.open(&secretariat, created.id).await?;
    let token = opened.public_token.unwrap_or_default();
    let structure = questionnaires.public_structure(&token).await?;
    let ids: Vec<i64> = structure.questions.iter().map(|q| q.id).collect();
    let options: Vec<i64> = structure.options.iter().map(|o| o.id).collect();
    for (number, (used, ease, years, wish)) in RESPONSES.iter().enumerate() {
        let answers = vec![
            AnswerInput {
                question_id: ids[0],
                option_ids: used.iter().map(|i| options[*i]).collect(),
                ..Default::default()
            },
            AnswerInput {
                question_id: ids[1],
                number: Some(*ease),
                ..Default::default()
            },
            AnswerInput {
                question_id: ids[2],
                number: Some(*years),
                ..Default::default()
            },
            AnswerInput {
                question_id: ids[3],
                text: (!wish.is_empty()).then(|| (*wish).into()),
                ..Default::default()
            },
        ];
        // Each demo response as from its own address, as twelve people's phones would be.
        let address = format!("192.0.2.{}", number + 1);
        questionnaires
            .answer_public(&token, None, Some(&address), answers)
            .await?;
    }
    Ok(())
}
