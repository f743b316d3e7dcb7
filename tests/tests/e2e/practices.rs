//! The good-practice library through GraphQL: review workflow, visibility, discussion, adoption, facets and bad input.

use serde_json::{Value, json};
use tavolo_domain::{PracticeStatus, PracticeVisibility};
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, TestApp};

use crate::directory::audit_total;

const CREATE: &str =
    "mutation($i: PracticeFields!) { createPractice(input: $i) { id status version visibility } }";
const READ: &str = "query($id: ID!) { practice(id: $id) { title status reviewNote bodyHtml adoptionCount commentCount comments { body edited deleted author { name } } adoptions { note organization { name } } revisions { number } } }";

fn id(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

fn valid() -> Value {
    json!({
        "title": "Sportello casa per famiglie con minori",
        "summary": "Uno sportello comunale accompagna le famiglie nella ricerca di un alloggio.",
        "body": "Come funziona: **colloqui** settimanali. <script>alert(1)</script>",
        "themes": ["HOUSING", "RIGHTS"],
        "targetGroups": ["FAMILIES_WITH_MINORS"],
        "region": "Toscana",
        "territory": "Comune di Grosseto",
        "visibility": "PUBLIC",
        "contactEmail": "casa@comune-grosseto.example",
        "startDate": "2024-01-15",
        "endDate": "2026-06-30"
    })
}

async fn workflow(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let operator = app.signed_in(&world.person(Role::User).email).await?;
    let moderator = app.signed_in(&world.person(Role::Moderator).email).await?;
    let colleague = app.signed_in(&world.person(Role::Observer).email).await?;
    let visitor = app.client();

    let created = operator.gql(CREATE, json!({ "i": valid() })).await?.ok();
    let practice = id(&created.data()["createPractice"]["id"]);
    assert_eq!(created.data()["createPractice"]["status"], "DRAFT");
    // A draft is its author's and the moderators'.
    assert_eq!(
        visitor.gql(READ, json!({ "id": practice })).await?.code(),
        Some("NOT_FOUND")
    );
    assert_eq!(
        colleague.gql(READ, json!({ "id": practice })).await?.code(),
        Some("NOT_FOUND")
    );
    moderator.gql(READ, json!({ "id": practice })).await?.ok();

    let step =
        |name: &str| format!("mutation($id: ID!) {{ {name}(id: $id) {{ status reviewNote }} }}");
    let publish = |met: bool| {
        format!(
            "mutation($id: ID!) {{ publishPractice(id: $id, criteria: {{ context: true, duration: {met}, transferable: true }}) {{ status reviewNote reviewer {{ name }} eligibility {{ context duration transferable }} }} }}"
        )
    };
    moderator
        .gql(&publish(true), json!({ "id": practice }))
        .await?
        .assert_validation("status");
    operator
        .gql(&step("submitPractice"), json!({ "id": practice }))
        .await?
        .ok();
    assert_eq!(
        operator
            .gql(&publish(true), json!({ "id": practice }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );
    let back = "mutation($id: ID!, $n: String!) { sendBackPractice(id: $id, note: $n, criteria: { context: true, duration: false, transferable: true }) { status reviewNote eligibility { duration } } }";
    moderator
        .gql(back, json!({ "id": practice, "n": " " }))
        .await?
        .assert_validation("note");
    let sent_back = moderator
        .gql(
            back,
            json!({ "id": practice, "n": "Manca l'evidenza dei risultati" }),
        )
        .await?
        .ok();
    assert_eq!(sent_back.data()["sendBackPractice"]["status"], "DRAFT");
    assert_eq!(
        sent_back.data()["sendBackPractice"]["eligibility"]["duration"],
        false
    );
    let version = operator
        .gql(
            "query($id: ID!) { practice(id: $id) { version } }",
            json!({ "id": practice }),
        )
        .await?
        .ok()
        .data()["practice"]["version"]
        .as_i64()
        .unwrap_or_default();
    let edit = "mutation($id: ID!, $v: Int!, $i: PracticeFields!) { updatePractice(id: $id, expectedVersion: $v, input: $i) { version results } }";
    operator.gql(edit, json!({ "id": practice, "v": version, "i": { "results": "120 famiglie accompagnate, 35 alloggi trovati" } })).await?.ok();
    let stale = operator
        .gql(
            edit,
            json!({ "id": practice, "v": version, "i": { "results": "x" } }),
        )
        .await?;
    assert_eq!(stale.code(), Some("CONFLICT"));
    operator
        .gql(&step("submitPractice"), json!({ "id": practice }))
        .await?
        .ok();
    // A practice failing a criterion is sent back, never published.
    let unmet = moderator
        .gql(&publish(false), json!({ "id": practice }))
        .await?;
    unmet.assert_validation("criteria");
    assert_eq!(unmet.reason(), Some("CRITERIA_NOT_MET"));
    let published = moderator
        .gql(&publish(true), json!({ "id": practice }))
        .await?
        .ok();
    let review = &published.data()["publishPractice"];
    assert_eq!(review["status"], "PUBLISHED");
    assert_eq!(
        review["reviewer"]["name"].as_str(),
        Some(world.person(Role::Moderator).name.as_str())
    );
    assert_eq!(
        review["eligibility"],
        json!({ "context": true, "duration": true, "transferable": true })
    );

    // Published and public: anyone reads it; the Markdown comes out sanitized.
    let public = visitor.gql(READ, json!({ "id": practice })).await?.ok();
    let html = public.data()["practice"]["bodyHtml"]
        .as_str()
        .unwrap_or_default();
    assert!(
        html.contains("<strong>colloqui</strong>") && !html.contains("<script"),
        "{html}"
    );
    assert_eq!(
        public.data()["practice"]["revisions"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // A network practice is for signed-in users only, in the list and its counts as in the page.
    let network = fixtures::practice(
        &app.services,
        world.person(Role::Delegate),
        "Mediazione in pronto soccorso",
        PracticeStatus::Published,
        PracticeVisibility::Network,
    )
    .await?;
    assert_eq!(
        visitor
            .gql(READ, json!({ "id": network.id.to_string() }))
            .await?
            .code(),
        Some("NOT_FOUND")
    );
    colleague
        .gql(READ, json!({ "id": network.id.to_string() }))
        .await?
        .ok();
    let list = "query($f: PracticeFilterInput) { practices(filter: $f) { totalCount items { title } facets { facet value count } } }";
    assert_eq!(
        visitor.gql(list, json!({})).await?.ok().data()["practices"]["totalCount"],
        1
    );
    let all = colleague.gql(list, json!({})).await?.ok();
    assert_eq!(all.data()["practices"]["totalCount"], 2);
    let facets = all.data()["practices"]["facets"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        facets.contains(&json!({ "facet": "theme", "value": "housing", "count": 2 })),
        "{facets:?}"
    );
    assert!(
        facets.contains(&json!({ "facet": "theme", "value": "rights", "count": 1 })),
        "{facets:?}"
    );
    let related = colleague
        .gql(
            "query($id: ID!) { practice(id: $id) { related { title } } }",
            json!({ "id": practice }),
        )
        .await?
        .ok();
    assert_eq!(
        related.data()["practice"]["related"],
        json!([{ "title": "Mediazione in pronto soccorso" }]),
        "shares the housing theme"
    );
    let hidden = visitor
        .gql(
            "query($id: ID!) { practice(id: $id) { related { title } } }",
            json!({ "id": practice }),
        )
        .await?
        .ok();
    assert_eq!(
        hidden.data()["practice"]["related"],
        json!([]),
        "a network practice is not related for visitors"
    );
    let rights = colleague
        .gql(list, json!({ "f": { "theme": "RIGHTS" } }))
        .await?
        .ok();
    assert_eq!(
        rights.data()["practices"]["items"],
        json!([{ "title": "Sportello casa per famiglie con minori" }])
    );

    // Discussion and adoption.
    let comment = "mutation($p: ID!, $b: String!, $r: ID) { commentPractice(practiceId: $p, body: $b, parentId: $r) { id } }";
    let first = colleague
        .gql(
            comment,
            json!({ "p": practice, "b": "Funziona anche nei comuni piccoli?" }),
        )
        .await?
        .ok();
    let first_id = id(&first.data()["commentPractice"]["id"]);
    operator
        .gql(
            comment,
            json!({ "p": practice, "b": "Sì, con un operatore a tempo parziale.", "r": first_id }),
        )
        .await?
        .ok();
    colleague
        .gql(comment, json!({ "p": practice, "b": "" }))
        .await?
        .assert_validation("body");
    assert_eq!(
        visitor
            .gql(comment, json!({ "p": practice, "b": "anonimo" }))
            .await?
            .code(),
        Some("UNAUTHENTICATED")
    );
    colleague.gql("mutation($id: ID!) { editPracticeComment(id: $id, body: \"Funziona anche nei piccoli comuni?\") { edited } }", json!({ "id": first_id })).await?.ok();
    let delete = "mutation($id: ID!) { deletePracticeComment(id: $id) { deleted body } }";
    assert_eq!(
        operator
            .gql(delete, json!({ "id": first_id }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );
    moderator.gql(delete, json!({ "id": first_id })).await?.ok();
    let adopt = "mutation($p: ID!, $n: String) { adoptPractice(practiceId: $p, note: $n) { note organization { name } } }";
    let adopted = colleague
        .gql(adopt, json!({ "p": practice, "n": "Avviato a Follonica" }))
        .await?
        .ok();
    assert_eq!(
        adopted.data()["adoptPractice"]["organization"]["name"],
        "Comune di Grosseto"
    );
    colleague
        .gql(adopt, json!({ "p": practice }))
        .await?
        .assert_validation("practiceId");
    let read = colleague.gql(READ, json!({ "id": practice })).await?.ok();
    let practice_data = &read.data()["practice"];
    assert_eq!(practice_data["adoptionCount"], 1);
    assert_eq!(practice_data["commentCount"], 1);
    assert_eq!(practice_data["comments"][0]["deleted"], true);
    assert_eq!(practice_data["comments"][0]["body"], "");
    let adopted_first = colleague
        .gql(
            "{ practices(sort: MOST_ADOPTED) { items { title adoptionCount } } }",
            json!({}),
        )
        .await?
        .ok();
    assert_eq!(
        adopted_first.data()["practices"]["items"][0]["adoptionCount"],
        1
    );

    // Editing a published practice keeps it published; the author's edit waits for a moderator (trust.rs), whose
    // acceptance records a revision that can be compared.
    let version = moderator
        .gql(
            "query($id: ID!) { practice(id: $id) { version } }",
            json!({ "id": practice }),
        )
        .await?
        .ok()
        .data()["practice"]["version"]
        .as_i64()
        .unwrap_or_default();
    let edit = "mutation($id: ID!, $v: Int!, $i: PracticeFields!) { updatePractice(id: $id, expectedVersion: $v, input: $i) { status } }";
    let edited = operator.gql(edit, json!({ "id": practice, "v": version, "i": { "body": "Come funziona: **colloqui** settimanali e visite a domicilio." } })).await?.ok();
    assert_eq!(edited.data()["updatePractice"]["status"], "PUBLISHED");
    moderator
        .gql(
            "mutation($id: ID!, $v: Int!) { acceptPracticeChanges(id: $id, expectedVersion: $v) { id } }",
            json!({ "id": practice, "v": version + 1 }),
        )
        .await?
        .ok();
    let diff = visitor
        .gql(
            "query($p: ID!) { practiceDiff(practiceId: $p, from: 1, to: 2) { change text } }",
            json!({ "p": practice }),
        )
        .await?
        .ok();
    let lines = diff.data()["practiceDiff"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        lines.iter().any(|l| l["change"] == "ADDED"
            && l["text"]
                .as_str()
                .unwrap_or_default()
                .contains("visite a domicilio")),
        "{lines:?}"
    );
    visitor
        .gql(
            "query($p: ID!) { practiceDiff(practiceId: $p, from: 1, to: 9) { text } }",
            json!({ "p": practice }),
        )
        .await?
        .assert_validation("to");

    // Archived practices take no more comments.
    moderator
        .gql(&step("archivePractice"), json!({ "id": practice }))
        .await?
        .ok();
    moderator
        .gql(comment, json!({ "p": practice, "b": "Ancora attivo?" }))
        .await?
        .assert_validation("practiceId");
    Ok(())
}
on_both_databases!(
    practices_go_from_draft_to_published_and_are_discussed,
    workflow
);

async fn invalid(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let operator = app.signed_in(&world.person(Role::User).email).await?;
    let admin = app.signed_in("admin@test.example").await?;
    let before = audit_total(&admin).await?;
    let with = |key: &str, value: Value| {
        let mut input = valid();
        input[key] = value;
        input
    };
    let thirteen: Vec<String> = (0..13).map(|n| format!("parola {n}")).collect();
    let cases: Vec<(Value, &str, &str)> = vec![
        (with("title", json!("")), "title", "REQUIRED"),
        (with("summary", json!("  ")), "summary", "REQUIRED"),
        (with("themes", json!([])), "themes", "REQUIRED"),
        (with("targetGroups", json!([])), "targetGroups", "REQUIRED"),
        (
            with("endDate", json!("2023-01-01")),
            "endDate",
            "END_BEFORE_START",
        ),
        (
            with("contactEmail", json!("casa@")),
            "contactEmail",
            "NOT_AN_EMAIL",
        ),
        (with("language", json!("ita")), "language", "MALFORMED"),
        (with("body", json!("x".repeat(100_001))), "body", "TOO_LONG"),
        (
            with("organizationId", json!("424242")),
            "organizationId",
            "UNKNOWN_REFERENCE",
        ),
        (
            with("peopleReached", json!(-1)),
            "peopleReached",
            "OUT_OF_RANGE",
        ),
        (
            with("budgetEuros", json!(10_000_000_001_i64)),
            "budgetEuros",
            "OUT_OF_RANGE",
        ),
        (with("keywords", json!(thirteen)), "keywords", "TOO_MANY"),
        (
            with("keywords", json!(["casa|lavoro"])),
            "keywords",
            "MALFORMED",
        ),
        (
            with("partners", json!("p".repeat(2_001))),
            "partners",
            "TOO_LONG",
        ),
        (
            with("indicators", json!([{ "name": " ", "unit": "famiglie" }])),
            "indicators.name",
            "REQUIRED",
        ),
        (
            with("indicators", json!([{ "name": "Famiglie", "unit": "" }])),
            "indicators.unit",
            "REQUIRED",
        ),
        (
            with(
                "indicators",
                json!([{ "name": "Famiglie", "unit": "n", "target": 1e13 }]),
            ),
            "indicators.target",
            "NOT_A_NUMBER",
        ),
    ];
    for (input, field, reason) in cases {
        operator
            .gql(CREATE, json!({ "i": input }))
            .await?
            .assert_refused(field, reason);
    }
    // A count's refusal carries its bound, for the reader's wording ("at most 12").
    let too_many = operator
        .gql(CREATE, json!({ "i": with("keywords", json!(thirteen)) }))
        .await?;
    assert_eq!(too_many.body["errors"][0]["extensions"]["max"], 12);
    // An unknown theme is refused by the schema itself, with the same code.
    let unknown = operator
        .gql(CREATE, json!({ "i": with("themes", json!(["ASTROLOGY"])) }))
        .await?;
    assert_eq!(unknown.code(), Some("VALIDATION"), "{}", unknown.body);
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused practice wrote something"
    );
    assert_eq!(
        app.client()
            .gql(CREATE, json!({ "i": valid() }))
            .await?
            .code(),
        Some("UNAUTHENTICATED")
    );
    Ok(())
}
on_both_databases!(invalid_practices_are_refused, invalid);

/// The record's means, evidence and reuse fields: written, read back, cleared with null, and kept through an
/// author's edit that waits for review; an adoption can be withdrawn.
async fn record(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let operator = app.signed_in(&world.person(Role::User).email).await?;
    let colleague = app.signed_in(&world.person(Role::Observer).email).await?;
    let mut input = valid();
    input["keywords"] = json!(["alloggio", " Alloggio ", "mediazione", ""]);
    input["peopleReached"] = json!(120);
    input["budgetEuros"] = json!(45_000);
    input["partners"] = json!("Caritas diocesana, ASL Toscana sud est");
    input["lessonsLearned"] = json!("Serve un mediatore presente al primo colloquio.");
    input["sustainability"] = json!("CONTINUES");
    input["materialsLicence"] = json!("CC_BY_SA");
    input["indicators"] = json!([{ "name": "Famiglie accompagnate", "unit": "famiglie", "baseline": 0, "target": 100, "achieved": 120, "source": "Relazione finale" }]);
    let created = operator.gql(CREATE, json!({ "i": input })).await?.ok();
    let practice = id(&created.data()["createPractice"]["id"]);
    let read = "query($id: ID!) { practice(id: $id) { version keywords peopleReached budgetEuros partners lessonsLearned sustainability materialsLicence indicators { name unit baseline target achieved source } } }";
    let stored = operator.gql(read, json!({ "id": practice })).await?.ok();
    let record = &stored.data()["practice"];
    assert_eq!(record["keywords"], json!(["alloggio", "mediazione"]));
    assert_eq!(record["peopleReached"], 120);
    assert_eq!(record["budgetEuros"], 45_000);
    assert_eq!(record["sustainability"], "CONTINUES");
    assert_eq!(record["materialsLicence"], "CC_BY_SA");
    assert_eq!(record["indicators"][0]["achieved"], 120.0);
    assert_eq!(record["indicators"][0]["source"], "Relazione finale");

    // Null clears a number; leaving a field out keeps it.
    let edit = "mutation($id: ID!, $v: Int!, $i: PracticeFields!) { updatePractice(id: $id, expectedVersion: $v, input: $i) { version budgetEuros peopleReached } }";
    let cleared = operator
        .gql(
            edit,
            json!({ "id": practice, "v": record["version"], "i": { "budgetEuros": null } }),
        )
        .await?
        .ok();
    assert!(cleared.data()["updatePractice"]["budgetEuros"].is_null());
    assert_eq!(cleared.data()["updatePractice"]["peopleReached"], 120);

    // Published, then edited by its author: the clearing waits for review and survives being stored as JSON.
    let moderator = app.signed_in(&world.person(Role::Moderator).email).await?;
    let submit = "mutation($id: ID!) { submitPractice(id: $id) { version } }";
    operator.gql(submit, json!({ "id": practice })).await?.ok();
    let publish = "mutation($id: ID!) { publishPractice(id: $id, criteria: { context: true, duration: true, transferable: true }) { version } }";
    let published = moderator
        .gql(publish, json!({ "id": practice }))
        .await?
        .ok();
    let version = &published.data()["publishPractice"]["version"];
    let pending = operator
        .gql(
            edit,
            json!({ "id": practice, "v": version, "i": { "peopleReached": null } }),
        )
        .await?
        .ok();
    let waiting = operator.gql(read, json!({ "id": practice })).await?.ok();
    assert_eq!(waiting.data()["practice"]["peopleReached"], 120);
    let accept = "mutation($id: ID!, $v: Int!) { acceptPracticeChanges(id: $id, expectedVersion: $v) { version } }";
    moderator
        .gql(
            accept,
            json!({ "id": practice, "v": pending.data()["updatePractice"]["version"] }),
        )
        .await?
        .ok();
    let accepted = operator.gql(read, json!({ "id": practice })).await?.ok();
    assert!(accepted.data()["practice"]["peopleReached"].is_null());
    assert_eq!(accepted.data()["practice"]["materialsLicence"], "CC_BY_SA");

    // Adopting, then withdrawing: the count follows; withdrawing twice finds nothing.
    let adopt =
        "mutation($p: ID!) { adoptPractice(practiceId: $p, note: \"Da noi dal 2025\") { note } }";
    let withdraw = "mutation($p: ID!) { withdrawAdoption(practiceId: $p) }";
    let count = "query($id: ID!) { practice(id: $id) { adoptionCount } }";
    colleague.gql(adopt, json!({ "p": practice })).await?.ok();
    let adopted = colleague.gql(count, json!({ "id": practice })).await?.ok();
    assert_eq!(adopted.data()["practice"]["adoptionCount"], 1);
    colleague
        .gql(withdraw, json!({ "p": practice }))
        .await?
        .ok();
    let withdrawn = colleague.gql(count, json!({ "id": practice })).await?.ok();
    assert_eq!(withdrawn.data()["practice"]["adoptionCount"], 0);
    assert_eq!(
        colleague
            .gql(withdraw, json!({ "p": practice }))
            .await?
            .code(),
        Some("NOT_FOUND")
    );
    Ok(())
}
on_both_databases!(the_whole_record_is_kept_and_adoptions_withdrawn, record);

async fn open_data(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Sportello \"casa\", Grosseto",
        PracticeStatus::Published,
        PracticeVisibility::Public,
    )
    .await?;
    fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Prassi di rete",
        PracticeStatus::Published,
        PracticeVisibility::Network,
    )
    .await?;
    fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Bozza",
        PracticeStatus::Draft,
        PracticeVisibility::Public,
    )
    .await?;
    let http = reqwest::Client::new();

    // Only published public practices leave the instance.
    let json: Value = http
        .get(format!("{}/practices.json", app.base_url))
        .send()
        .await?
        .json()
        .await?;
    let records = json.as_array().cloned().unwrap_or_default();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["title"], "Sportello \"casa\", Grosseto");
    assert_eq!(records[0]["themes"], json!(["housing"]));
    let csv = http
        .get(format!("{}/practices.csv", app.base_url))
        .send()
        .await?
        .text()
        .await?;
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some(
            "title,summary,themes,target_groups,region,territory,language,start_date,end_date,results,funding,project_code,contact_name,contact_email,keywords,people_reached,budget_euros,sustainability,materials_licence"
        )
    );
    assert!(
        lines
            .next()
            .unwrap_or_default()
            .starts_with("\"Sportello \"\"casa\"\", Grosseto\","),
        "{csv}"
    );

    // Another instance imports the export plus broken records: each bad one is reported, the rest go in.
    let mut import = records.clone();
    import.push(
        json!({ "title": "", "summary": "x", "themes": ["health"], "targetGroups": ["women"] }),
    );
    import.push(json!({ "title": "Tema ignoto", "summary": "x", "themes": ["astrology"], "targetGroups": ["women"] }));
    import.push(json!({ "title": "Senza destinatari", "summary": "x", "themes": ["health"], "targetGroups": [] }));
    import.push(json!({ "title": "Mediazione al pronto soccorso", "summary": "Mediatori in turno.", "themes": ["health", "mediation"], "targetGroups": ["women"], "region": "Umbria" }));
    let other = TestApp::start(backend).await?;
    let other_world = fixtures::world(&other.services).await?;
    let moderator = other
        .signed_in(&other_world.person(Role::Moderator).email)
        .await?;
    let mutation = "mutation($j: String!) { importPractices(json: $j) { imported rejected { index reason } } }";
    let report = moderator
        .gql(mutation, json!({ "j": Value::Array(import).to_string() }))
        .await?
        .ok();
    let report = &report.data()["importPractices"];
    assert_eq!(report["imported"], 2);
    let rejected = report["rejected"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        rejected
            .iter()
            .map(|r| r["index"].as_u64().unwrap_or(99))
            .collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert!(
        rejected[0]["reason"]
            .as_str()
            .unwrap_or_default()
            .starts_with("title:"),
        "{rejected:?}"
    );
    assert!(
        rejected[1]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("astrology"),
        "{rejected:?}"
    );
    assert!(
        rejected[2]["reason"]
            .as_str()
            .unwrap_or_default()
            .starts_with("targetGroups:"),
        "{rejected:?}"
    );
    let listed = other
        .client()
        .gql("{ practices { totalCount } }", json!({}))
        .await?
        .ok();
    assert_eq!(
        listed.data()["practices"]["totalCount"],
        2,
        "imported practices are published and public"
    );
    moderator
        .gql(mutation, json!({ "j": "{not json" }))
        .await?
        .assert_validation("json");
    let user = other
        .signed_in(&other_world.person(Role::User).email)
        .await?;
    assert_eq!(
        user.gql(mutation, json!({ "j": "[]" })).await?.code(),
        Some("FORBIDDEN")
    );
    Ok(())
}
on_both_databases!(open_data_exports_and_imports_with_a_report, open_data);
