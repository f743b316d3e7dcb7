//! Needs questionnaires over GraphQL: building (bad questions refused on their field, nothing written), who sees and
//! answers (members, named organizations' operators, a public link), answers checked against their questions and
//! editable until the end, the bound per address, the end date, results and the CSV without personal data, a result
//! recorded as a strategy indicator's measurement, search.

use serde_json::{Value, json};
use tavolo_domain::{Actor, InstanceRole, StrategyLevel};
use tavolo_store::entity::{
    mail_outbox, questionnaire, questionnaire_question, questionnaire_response,
};
use tavolo_store::sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, PaginatorTrait, Set};
use tavolo_tests::client::Client;
use tavolo_tests::fixtures::{self, Role, World};
use tavolo_tests::{Backend, TestApp};

const CREATE: &str = "mutation($t: ID!, $i: QuestionnaireFields!) { createQuestionnaire(tableId: $t, input: $i) { id status audience } }";
const SAVE: &str = "mutation($id: ID!, $s: [QuestionnaireSectionFields!]!) { saveQuestionnaireQuestions(id: $id, sections: $s) {
    sections { questions { id kind options { id label } } } } }";
const OPEN: &str = "mutation($id: ID!) { openQuestionnaire(id: $id) { status publicPath } }";
const ANSWER: &str = "mutation($id: ID!, $a: [AnswerFields!]!) { answerQuestionnaire(id: $id, answers: $a) { myAnswers { questionId optionId number text } } }";
const PUBLIC_ANSWER: &str = "mutation($t: String!, $k: String, $a: [AnswerFields!]!) { answerPublicQuestionnaire(token: $t, responseKey: $k, answers: $a) { responseKey } }";
const RESULTS: &str = "query($id: ID!) { questionnaire(id: $id) { results { responses questions { questionId answered mean options { label count } distribution { value count } texts } } answersCsv(locale: IT) } }";

async fn as_role(app: &TestApp, role: Role) -> anyhow::Result<Client> {
    match role.email() {
        Some(email) => app.signed_in(&email).await,
        None => Ok(app.client()),
    }
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339()
}

/// One section: a required single choice, a required 1–5 scale, a number from 0 to 100 and a short text.
fn sections() -> Value {
    json!([{ "title": "Accesso ai servizi", "questions": [
        { "kind": "SINGLE_CHOICE", "text": "Hai usato lo sportello?", "required": true, "options": ["Sì", "No"] },
        { "kind": "SCALE", "text": "Quanto è stato facile?", "required": true },
        { "kind": "NUMBER", "text": "Quante volte?", "numberMin": 0, "numberMax": 100 },
        { "kind": "SHORT_TEXT", "text": "Un suggerimento" },
    ] }])
}

/// A questionnaire of `table_id` for `audience`, built and opened by the secretariat: its id and questions.
async fn opened(
    secretariat: &Client,
    table_id: i64,
    input: Value,
) -> anyhow::Result<(Value, Vec<Value>, Value)> {
    let created = secretariat
        .gql(CREATE, json!({ "t": table_id.to_string(), "i": input }))
        .await?
        .ok();
    let id = created.data()["createQuestionnaire"]["id"].clone();
    let saved = secretariat
        .gql(SAVE, json!({ "id": id, "s": sections() }))
        .await?
        .ok();
    let questions = saved.data()["saveQuestionnaireQuestions"]["sections"][0]["questions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let open = secretariat.gql(OPEN, json!({ "id": id })).await?.ok();
    Ok((id, questions, open.data()["openQuestionnaire"].clone()))
}

/// Answers to the four questions: the option at `choice`, the scale's `ease`, a count and a text.
fn answers(questions: &[Value], choice: usize, ease: f64) -> Value {
    json!([
        { "questionId": questions[0]["id"], "optionIds": [questions[0]["options"][choice]["id"]] },
        { "questionId": questions[1]["id"], "number": ease },
        { "questionId": questions[2]["id"], "number": 3 },
        { "questionId": questions[3]["id"], "text": "Più orari" },
    ])
}

async fn question_count(app: &TestApp) -> anyhow::Result<u64> {
    Ok(questionnaire_question::Entity::find()
        .count(&app.db.store.db)
        .await?)
}

async fn response_count(app: &TestApp) -> anyhow::Result<u64> {
    Ok(questionnaire_response::Entity::find()
        .count(&app.db.store.db)
        .await?)
}

async fn members_build_answer_and_results(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = as_role(&app, Role::Secretariat).await?;
    let table = world.table.id.to_string();
    let delegate = as_role(&app, Role::Delegate).await?;
    let refused = delegate
        .gql(CREATE, json!({ "t": table, "i": { "title": "Bisogni" } }))
        .await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);

    // Bad questions are refused on their field, and nothing is written.
    let created = secretariat
        .gql(CREATE, json!({ "t": table, "i": { "title": "Bisogni", "audience": "MEMBERS", "endsAt": in_days(10) } }))
        .await?
        .ok();
    let id = created.data()["createQuestionnaire"]["id"].clone();
    for (question, field, reason) in [
        (
            json!({ "kind": "SINGLE_CHOICE", "text": "Scelta", "options": ["Solo una"] }),
            "sections.0.questions.0.options",
            "TOO_FEW",
        ),
        (
            json!({ "kind": "SCALE", "text": "Scala", "scaleMax": 20 }),
            "sections.0.questions.0.scaleMax",
            "OUT_OF_RANGE",
        ),
        (
            json!({ "kind": "SHORT_TEXT", "text": "  " }),
            "sections.0.questions.0.text",
            "REQUIRED",
        ),
        (
            json!({ "kind": "NUMBER", "text": "Numero", "numberMin": 10, "numberMax": 1 }),
            "sections.0.questions.0.numberMax",
            "END_BEFORE_START",
        ),
    ] {
        let sections = json!([{ "title": "Sezione", "questions": [question] }]);
        secretariat
            .gql(SAVE, json!({ "id": id, "s": sections }))
            .await?
            .assert_refused(field, reason);
    }
    assert_eq!(question_count(&app).await?, 0);
    let observer = as_role(&app, Role::Observer).await?;
    let draft = observer
        .gql(
            "query($id: ID!) { questionnaire(id: $id) { title } }",
            json!({ "id": id }),
        )
        .await?;
    assert_eq!(
        draft.code(),
        Some("NOT_FOUND"),
        "a draft is its table's runners': {}",
        draft.body
    );
    let empty = secretariat.gql(OPEN, json!({ "id": id })).await?;
    empty.assert_refused("id", "WRONG_STATE");

    let (id, questions, _) = opened(
        &secretariat,
        world.table.id,
        json!({ "title": "Rilevazione dei bisogni", "audience": "MEMBERS", "endsAt": in_days(10) }),
    )
    .await?;
    secretariat
        .gql(SAVE, json!({ "id": id, "s": sections() }))
        .await?
        .assert_refused("id", "WRONG_STATE");

    // Opening it asks the table's members by mail, each once.
    let _ = app.mailer("smtp://127.0.0.1:9")?.run_once().await;
    let mut asked: Vec<String> = mail_outbox::Entity::find()
        .all(&app.db.store.db)
        .await?
        .into_iter()
        .filter(|m| m.subject.contains("Rilevazione dei bisogni"))
        .map(|m| m.recipient_email)
        .collect();
    asked.sort();
    assert_eq!(
        asked,
        [
            "chair@test.example",
            "delegate@test.example",
            "observer@test.example",
            "secretariat@test.example"
        ]
    );

    // Answers are checked against their questions; a required one left out refuses the whole response.
    let before = response_count(&app).await?;
    let mut missing = answers(&questions, 0, 4.0);
    missing.as_array_mut().map(|all| all.remove(1));
    let required = format!(
        "answers.{}",
        questions[1]["id"].as_str().unwrap_or_default()
    );
    observer
        .gql(ANSWER, json!({ "id": id, "a": missing }))
        .await?
        .assert_refused(&required, "REQUIRED");
    observer
        .gql(
            ANSWER,
            json!({ "id": id, "a": answers(&questions, 0, 9.0) }),
        )
        .await?
        .assert_refused(&required, "OUT_OF_RANGE");
    let mut foreign = answers(&questions, 0, 4.0);
    foreign[0]["optionIds"] = json!(["999999"]);
    let choice = format!(
        "answers.{}",
        questions[0]["id"].as_str().unwrap_or_default()
    );
    observer
        .gql(ANSWER, json!({ "id": id, "a": foreign }))
        .await?
        .assert_refused(&choice, "UNKNOWN_REFERENCE");
    let mut two = answers(&questions, 0, 4.0);
    two[0]["optionIds"] = json!([
        questions[0]["options"][0]["id"],
        questions[0]["options"][1]["id"]
    ]);
    observer
        .gql(ANSWER, json!({ "id": id, "a": two }))
        .await?
        .assert_refused(&choice, "TOO_MANY");
    assert_eq!(response_count(&app).await?, before);

    // Members answer once each, and change their answer until the end.
    let saved = observer
        .gql(
            ANSWER,
            json!({ "id": id, "a": answers(&questions, 0, 2.0) }),
        )
        .await?
        .ok();
    assert_eq!(
        saved.data()["answerQuestionnaire"]["myAnswers"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    observer
        .gql(
            ANSWER,
            json!({ "id": id, "a": answers(&questions, 1, 3.0) }),
        )
        .await?
        .ok();
    delegate
        .gql(
            ANSWER,
            json!({ "id": id, "a": answers(&questions, 0, 5.0) }),
        )
        .await?
        .ok();
    assert_eq!(response_count(&app).await?, 2);
    let user = as_role(&app, Role::User).await?;
    let outsider = user
        .gql(
            ANSWER,
            json!({ "id": id, "a": answers(&questions, 0, 5.0) }),
        )
        .await?;
    assert_eq!(outsider.code(), Some("NOT_FOUND"), "{}", outsider.body);

    // Results and the CSV for whoever runs the table, naming nobody.
    let results = secretariat.gql(RESULTS, json!({ "id": id })).await?.ok();
    let questionnaire = &results.data()["questionnaire"];
    assert_eq!(questionnaire["results"]["responses"], 2);
    let choice_result = &questionnaire["results"]["questions"][0];
    assert_eq!(
        choice_result["options"],
        json!([{ "label": "Sì", "count": 1 }, { "label": "No", "count": 1 }])
    );
    assert_eq!(questionnaire["results"]["questions"][1]["mean"], 4.0);
    assert_eq!(
        questionnaire["results"]["questions"][1]["distribution"],
        json!([{ "value": 3.0, "count": 1 }, { "value": 5.0, "count": 1 }])
    );
    let csv = questionnaire["answersCsv"].as_str().unwrap_or_default();
    assert!(
        csv.starts_with("\"Risposta\";\"Data\";\"Hai usato lo sportello?\""),
        "{csv}"
    );
    assert!(csv.contains("\"No\";\"3\";\"3\";\"Più orari\""), "{csv}");
    assert!(
        !csv.contains("test.example") && !csv.contains("Rossi"),
        "{csv}"
    );
    let not_theirs = observer.gql(RESULTS, json!({ "id": id })).await?;
    assert_eq!(not_theirs.code(), Some("FORBIDDEN"), "{}", not_theirs.body);

    // A result becomes a measurement of one of the table's indicators.
    let indicator = indicator(&app, &world).await?;
    let record = "mutation($q: ID!, $i: ID!, $s: QuestionStatistic!, $o: ID) { recordQuestionnaireResult(questionId: $q, indicatorId: $i, statistic: $s, optionId: $o) }";
    secretariat
        .gql(record, json!({ "q": questions[0]["id"], "i": indicator.to_string(), "s": "OPTION_SHARE", "o": questions[0]["options"][0]["id"] }))
        .await?
        .ok();
    secretariat
        .gql(
            record,
            json!({ "q": questions[0]["id"], "i": indicator.to_string(), "s": "MEAN" }),
        )
        .await?
        .assert_refused("statistic", "WRONG_STATE");
    let recorded = tavolo_store::entity::strategy_progress::Entity::find()
        .all(&app.db.store.db)
        .await?;
    assert_eq!(
        recorded.iter().filter_map(|r| r.value).collect::<Vec<_>>(),
        vec![50.0]
    );
    let by_observer = observer
        .gql(
            record,
            json!({ "q": questions[1]["id"], "i": indicator.to_string(), "s": "MEAN" }),
        )
        .await?;
    assert_eq!(
        by_observer.code(),
        Some("FORBIDDEN"),
        "{}",
        by_observer.body
    );

    // Closed: no more answers.
    secretariat
        .gql(
            "mutation($id: ID!) { closeQuestionnaire(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await?
        .ok();
    observer
        .gql(
            ANSWER,
            json!({ "id": id, "a": answers(&questions, 0, 2.0) }),
        )
        .await?
        .assert_refused("id", "WRONG_STATE");
    Ok(())
}

on_both_databases!(
    members_build_answer_and_results_on,
    members_build_answer_and_results
);

/// An indicator of an activity in a strategy draft of the world's table.
async fn indicator(app: &TestApp, world: &World) -> anyhow::Result<i64> {
    use tavolo_service::strategy::{ElementInput, IndicatorInput};
    let strategy = app.services.strategy();
    let draft = strategy
        .start_draft(&Actor::System, world.table.id, None)
        .await?;
    let titled = |title: &str| ElementInput {
        title: Some(title.into()),
        ..Default::default()
    };
    let objective = strategy
        .add_element(
            &Actor::System,
            draft.id,
            StrategyLevel::Objective,
            None,
            titled("Accesso"),
        )
        .await?;
    let action = strategy
        .add_element(
            &Actor::System,
            draft.id,
            StrategyLevel::Action,
            Some(objective.id),
            titled("Sportelli"),
        )
        .await?;
    let input = IndicatorInput {
        name: Some("Persone che usano lo sportello".into()),
        unit: Some("%".into()),
        baseline: Some(20.0),
        target: Some(60.0),
    };
    Ok(strategy
        .add_indicator(&Actor::System, action.id, input)
        .await?
        .id)
}

async fn organizations_audience(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = as_role(&app, Role::Secretariat).await?;
    let input = json!({ "title": "Qualità dell'accoglienza", "audience": "ORGANIZATIONS", "endsAt": in_days(5),
        "organizationIds": [world.organization.id.to_string()] });
    let (id, questions, _) = opened(&secretariat, world.table.id, input).await?;
    // The world's organization's operator (not a member of the table) is asked; someone of another organization is not.
    let user = as_role(&app, Role::User).await?;
    user.gql(
        ANSWER,
        json!({ "id": id, "a": answers(&questions, 0, 3.0) }),
    )
    .await?
    .ok();
    let listed = user
        .gql("{ questionnaires { id canAnswer } }", json!({}))
        .await?
        .ok();
    assert_eq!(
        listed.data()["questionnaires"],
        json!([{ "id": id, "canAnswer": true }])
    );
    let other = fixtures::organization(&app.services, "Altro ente").await?;
    fixtures::person(
        &app.services,
        "Olga",
        "olga@altrove.example",
        InstanceRole::User,
        Some(other.id),
    )
    .await?;
    let olga = app.signed_in("olga@altrove.example").await?;
    let hidden = olga
        .gql(
            ANSWER,
            json!({ "id": id, "a": answers(&questions, 0, 3.0) }),
        )
        .await?;
    assert_eq!(hidden.code(), Some("NOT_FOUND"), "{}", hidden.body);
    // Only organizations seated at the table are named.
    let created = secretariat.gql(CREATE, json!({ "t": world.table.id.to_string(), "i": { "title": "Altro", "audience": "ORGANIZATIONS",
        "organizationIds": [other.id.to_string()] } })).await?;
    created.assert_refused("organizationIds", "UNKNOWN_REFERENCE");
    Ok(())
}

on_both_databases!(organizations_audience_on, organizations_audience);

async fn public_link(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    fixtures::give_roles(&app.services, &world, world.public_table.id).await?;
    let secretariat = as_role(&app, Role::Secretariat).await?;
    let created = secretariat
        .gql(CREATE, json!({ "t": world.public_table.id.to_string(), "i": { "title": "Bisogni della zona", "audience": "PUBLIC", "perAddressLimit": 2 } }))
        .await?
        .ok();
    let id = created.data()["createQuestionnaire"]["id"].clone();
    secretariat
        .gql(SAVE, json!({ "id": id, "s": sections() }))
        .await?
        .ok();
    secretariat
        .gql(OPEN, json!({ "id": id }))
        .await?
        .assert_refused("endsAt", "REQUIRED");
    secretariat
        .gql("mutation($id: ID!, $e: DateTime) { updateQuestionnaire(id: $id, input: { endsAt: $e }) { id } }", json!({ "id": id, "e": in_days(3) }))
        .await?
        .ok();
    let opened = secretariat.gql(OPEN, json!({ "id": id })).await?.ok();
    let path = opened.data()["openQuestionnaire"]["publicPath"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let token = path.trim_start_matches("/q/").to_owned();
    assert!(token.len() >= 32, "{path}");

    // Anyone with the link reads it and answers; the key that comes back changes the same response.
    let visitor = app.client();
    let read = visitor
        .gql("query($t: String!) { publicQuestionnaire(token: $t) { title open sections { questions { id kind options { id } } } } }", json!({ "t": token }))
        .await?
        .ok();
    let questions = read.data()["publicQuestionnaire"]["sections"][0]["questions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(read.data()["publicQuestionnaire"]["open"], true);
    let first = visitor
        .gql(
            PUBLIC_ANSWER,
            json!({ "t": token, "a": answers(&questions, 0, 2.0) }),
        )
        .await?
        .ok();
    let key = first.data()["answerPublicQuestionnaire"]["responseKey"].clone();
    visitor
        .gql(
            PUBLIC_ANSWER,
            json!({ "t": token, "k": key, "a": answers(&questions, 1, 4.0) }),
        )
        .await?
        .ok();
    assert_eq!(response_count(&app).await?, 1);
    let mine = visitor
        .gql("query($t: String!, $k: String!) { publicQuestionnaire(token: $t) { answers(responseKey: $k) { number } } }", json!({ "t": token, "k": key }))
        .await?
        .ok();
    assert!(mine.body.to_string().contains("4.0"), "{}", mine.body);

    // The bound per address: a second response from this address is taken, a third refused and not written.
    visitor
        .gql(
            PUBLIC_ANSWER,
            json!({ "t": token, "a": answers(&questions, 0, 3.0) }),
        )
        .await?
        .ok();
    let flooded = visitor
        .gql(
            PUBLIC_ANSWER,
            json!({ "t": token, "a": answers(&questions, 0, 3.0) }),
        )
        .await?;
    flooded.assert_refused("token", "TOO_MANY");
    assert_eq!(response_count(&app).await?, 2);
    let unknown = visitor
        .gql(PUBLIC_ANSWER, json!({ "t": "nessuno", "a": [] }))
        .await?;
    assert_eq!(unknown.code(), Some("NOT_FOUND"), "{}", unknown.body);
    let by_id = visitor
        .gql(
            "query($id: ID!) { questionnaire(id: $id) { title } }",
            json!({ "id": id }),
        )
        .await?;
    assert_eq!(
        by_id.code(),
        Some("NOT_FOUND"),
        "the link is the way in: {}",
        by_id.body
    );

    // Search: its table's runners find it, a visitor does not.
    app.services.search().catch_up(10_000).await?;
    let search = "query { search(query: \"Bisogni della zona\") { hits { __typename ... on QuestionnaireHit { title } } } }";
    let found = secretariat.gql(search, json!({})).await?.ok();
    assert!(
        found.body.to_string().contains("QuestionnaireHit"),
        "{}",
        found.body
    );
    let anonymous = visitor.gql(search, json!({})).await?.ok();
    assert_eq!(anonymous.data()["search"]["hits"], json!([]));

    // After the end date nothing more is taken, not even a change.
    let stored = questionnaire::Entity::find_by_id(id.as_str().unwrap_or_default().parse::<i64>()?)
        .one(&app.db.store.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no questionnaire"))?;
    let mut ended = stored.into_active_model();
    ended.ends_at = Set(Some(chrono::Utc::now() - chrono::Duration::hours(1)));
    ended.update(&app.db.store.db).await?;
    let late = visitor
        .gql(
            PUBLIC_ANSWER,
            json!({ "t": token, "k": key, "a": answers(&questions, 0, 3.0) }),
        )
        .await?;
    late.assert_refused("token", "DEADLINE_PASSED");
    Ok(())
}

on_both_databases!(public_link_on, public_link);
