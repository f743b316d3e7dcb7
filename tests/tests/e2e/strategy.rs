//! The local strategy through GraphQL: drafting the tree, members' comments, approval through a decision and the
//! freeze that follows, a new draft and its comparison, progress, links on both sides, exports, and bad input.

use serde_json::{Value, json};
use tavolo_domain::{Actor, DecisionOutcome, PracticeStatus, PracticeVisibility};
use tavolo_tests::fixtures::{self, Role, World};
use tavolo_tests::{Backend, Client, TestApp};

use crate::directory::audit_total;

const START: &str = "mutation($t: ID!) { startStrategyDraft(tableId: $t) { id number status } }";
const ADD: &str = "mutation($v: ID!, $l: StrategyLevel!, $p: ID, $i: StrategyElementInput!) { addStrategyElement(versionId: $v, level: $l, parentId: $p, input: $i) }";
const LINK: &str = "mutation($e: ID!, $k: StrategyLinkKind!, $t: ID!) { linkStrategyElement(elementId: $e, kind: $k, targetId: $t) }";
const TREE: &str = "query($v: ID!) { strategyVersion(id: $v) { status number elements { id key code title level version status parentId indicators { id current ratio history { value } } links { kind label path } comments { id body resolved author { name } } } } }";

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// Adds an element and returns its id.
async fn add(
    client: &Client,
    version: &str,
    level: &str,
    parent: Option<&str>,
    input: Value,
) -> anyhow::Result<String> {
    let added = client
        .gql(
            ADD,
            json!({ "v": version, "l": level, "p": parent, "i": input }),
        )
        .await?
        .ok();
    Ok(text(&added.data()["addStrategyElement"]))
}

async fn tree(client: &Client, version: &str) -> anyhow::Result<Value> {
    let response = client.gql(TREE, json!({ "v": version })).await?.ok();
    Ok(response.data()["strategyVersion"].clone())
}

fn element<'a>(tree: &'a Value, code: &str) -> &'a Value {
    tree["elements"]
        .as_array()
        .and_then(|all| all.iter().find(|e| e["code"] == code))
        .unwrap_or(&Value::Null)
}

async fn decision(app: &TestApp, world: &World, outcome: DecisionOutcome) -> anyhow::Result<i64> {
    fixtures::decision(&app.services, world, world.table.id, outcome).await
}

async fn drafting_to_approval(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let chair = app.signed_in(&world.person(Role::Chair).email).await?;
    let observer = app.signed_in(&world.person(Role::Observer).email).await?;
    let outsider = app.signed_in(&world.person(Role::User).email).await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let table = world.table.id.to_string();
    let org = world.organization.id.to_string();

    let started = secretariat.gql(START, json!({ "t": table })).await?.ok();
    assert_eq!(started.data()["startStrategyDraft"]["status"], "DRAFT");
    let v1 = text(&started.data()["startStrategyDraft"]["id"]);
    // Only one version is open at a time.
    secretariat
        .gql(START, json!({ "t": table }))
        .await?
        .assert_validation("tableId");

    let objective = add(
        &secretariat,
        &v1,
        "OBJECTIVE",
        None,
        json!({ "title": "Rafforzare la rete di governance territoriale" }),
    )
    .await?;
    let action = add(
        &secretariat,
        &v1,
        "ACTION",
        Some(&objective),
        json!({ "title": "Potenziamento della governance e della rete territoriale" }),
    )
    .await?;
    let tavolo = add(
        &secretariat,
        &v1,
        "ACTIVITY",
        Some(&action),
        json!({
            "title": "Potenziamento del Tavolo interistituzionale",
            "leadOrganizationId": org,
            "partnerIds": [org],
            "startDate": "2026-01-01",
            "endDate": "2027-06-30",
            "budgetEuros": 25000
        }),
    )
    .await?;
    let comunita = add(
        &secretariat,
        &v1,
        "ACTIVITY",
        Some(&action),
        json!({ "code": "1.1.3", "title": "Comunità di pratica tra operatori" }),
    )
    .await?;
    let draft = tree(&secretariat, &v1).await?;
    let codes: Vec<&str> = draft["elements"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(codes, ["1", "1.1", "1.1.1", "1.1.3"]);
    assert_eq!(element(&draft, "1.1.1")["status"], "PLANNED");

    // Members read the draft and comment; others do not see it; the secretariat resolves comments.
    let comment =
        "mutation($e: ID!, $b: String!) { commentStrategyElement(elementId: $e, body: $b) { id } }";
    let commented = observer
        .gql(
            comment,
            json!({ "e": tavolo, "b": "Inserire anche le associazioni migranti." }),
        )
        .await?
        .ok();
    let comment_id = text(&commented.data()["commentStrategyElement"]["id"]);
    assert_eq!(
        outsider.gql(TREE, json!({ "v": v1 })).await?.code(),
        Some("NOT_FOUND")
    );
    assert_eq!(
        outsider
            .gql(comment, json!({ "e": tavolo, "b": "x" }))
            .await?
            .code(),
        Some("NOT_FOUND")
    );
    let resolve = "mutation($c: ID!) { resolveStrategyComment(id: $c) { resolved } }";
    assert_eq!(
        observer
            .gql(resolve, json!({ "c": comment_id }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );
    secretariat
        .gql(resolve, json!({ "c": comment_id }))
        .await?
        .ok();
    assert_eq!(
        element(&tree(&observer, &v1).await?, "1.1.1")["comments"][0]["resolved"],
        true
    );

    // Indicators and progress.
    let indicator = secretariat
        .gql(
            "mutation($e: ID!) { addStrategyIndicator(elementId: $e, input: { name: \"Enti partecipanti\", unit: \"enti\", baseline: 4, target: 12 }) }",
            json!({ "e": tavolo }),
        )
        .await?
        .ok();
    let indicator = text(&indicator.data()["addStrategyIndicator"]);
    secretariat
        .gql("mutation($i: ID!) { recordIndicatorValue(indicatorId: $i, value: 8, on: \"2026-10-01\", note: \"Seduta di ottobre\") }", json!({ "i": indicator }))
        .await?
        .ok();
    secretariat
        .gql(
            "mutation($e: ID!) { recordActivityStatus(elementId: $e, status: IN_PROGRESS) }",
            json!({ "e": tavolo }),
        )
        .await?
        .ok();
    let draft = tree(&secretariat, &v1).await?;
    assert_eq!(element(&draft, "1.1.1")["status"], "IN_PROGRESS");
    assert_eq!(element(&draft, "1.1.1")["indicators"][0]["current"], 8.0);
    assert_eq!(element(&draft, "1.1.1")["indicators"][0]["ratio"], 0.5);

    // Links to a decision of the table and to a readable practice.
    let practice = fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Sportello casa",
        PracticeStatus::Published,
        PracticeVisibility::Public,
    )
    .await?;
    secretariat
        .gql(
            LINK,
            json!({ "e": comunita, "k": "PRACTICE", "t": practice.id.to_string() }),
        )
        .await?
        .ok();
    let approving = decision(&app, &world, DecisionOutcome::Approved).await?;
    secretariat
        .gql(
            LINK,
            json!({ "e": tavolo, "k": "DECISION", "t": approving.to_string() }),
        )
        .await?
        .ok();
    let approving_meeting = app
        .services
        .minutes()
        .decision(&Actor::System, approving)
        .await?
        .meeting_id;
    let agenda_item = app
        .services
        .meetings()
        .agendas(&Actor::System, &[approving_meeting])
        .await?[0]
        .id;
    secretariat
        .gql(
            LINK,
            json!({ "e": comunita, "k": "AGENDA_ITEM", "t": agenda_item.to_string() }),
        )
        .await?
        .ok();
    let draft = tree(&secretariat, &v1).await?;
    assert_eq!(
        element(&draft, "1.1.3")["links"][0]["label"],
        "Sportello casa"
    );
    assert_eq!(
        element(&draft, "1.1.3")["links"][0]["path"],
        format!("/practices/{}", practice.id)
    );
    assert_eq!(element(&draft, "1.1.1")["links"][0]["kind"], "DECISION");

    // Submission, approval by the chair through an approved decision, and the freeze.
    let submit = "mutation($v: ID!) { submitStrategy(versionId: $v) { status } }";
    secretariat.gql(submit, json!({ "v": v1 })).await?.ok();
    secretariat
        .gql(
            ADD,
            json!({ "v": v1, "l": "OBJECTIVE", "p": null, "i": { "title": "Tardi" } }),
        )
        .await?
        .assert_validation("status");
    let approve = "mutation($v: ID!, $d: ID!) { approveStrategy(versionId: $v, decisionId: $d) { status decision { id } } }";
    assert_eq!(
        secretariat
            .gql(approve, json!({ "v": v1, "d": approving.to_string() }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );
    let rejected = decision(&app, &world, DecisionOutcome::Rejected).await?;
    chair
        .gql(approve, json!({ "v": v1, "d": rejected.to_string() }))
        .await?
        .assert_validation("decisionId");
    let approved = chair
        .gql(approve, json!({ "v": v1, "d": approving.to_string() }))
        .await?
        .ok();
    assert_eq!(approved.data()["approveStrategy"]["status"], "APPROVED");
    assert_eq!(
        approved.data()["approveStrategy"]["decision"]["id"],
        approving.to_string()
    );
    let update = "mutation($e: ID!, $n: Int!) { updateStrategyElement(id: $e, expectedVersion: $n, input: { title: \"Cambiato\" }) }";
    secretariat
        .gql(update, json!({ "e": tavolo, "n": 1 }))
        .await?
        .assert_validation("status");
    observer
        .gql(comment, json!({ "e": tavolo, "b": "Ancora?" }))
        .await?
        .assert_validation("status");
    // Progress goes on in the approved version.
    secretariat
        .gql(
            "mutation($e: ID!) { recordActivityStatus(elementId: $e, status: DONE) }",
            json!({ "e": comunita }),
        )
        .await?
        .ok();

    // The decision shows the activity it created and the version it approved.
    let from_decision = chair
        .gql(
            "query($m: ID!) { meeting(id: $m) { agenda { strategyElements { code } } minutes { decisions { id strategyElements { code title } approvedStrategyVersions { number } } } } }",
            json!({ "m": approving_meeting.to_string() }),
        )
        .await?
        .ok();
    let decisions = from_decision.data()["meeting"]["minutes"]["decisions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let seen = decisions
        .iter()
        .find(|d| text(&d["id"]) == approving.to_string())
        .cloned()
        .unwrap_or_default();
    assert_eq!(seen["strategyElements"][0]["code"], "1.1.1");
    assert_eq!(seen["approvedStrategyVersions"][0]["number"], 1);
    assert_eq!(
        from_decision.data()["meeting"]["agenda"][0]["strategyElements"],
        json!([{ "code": "1.1.3" }])
    );
    let from_practice = outsider
        .gql(
            "query($p: ID!) { practice(id: $p) { strategyElements { code } } }",
            json!({ "p": practice.id.to_string() }),
        )
        .await?
        .ok();
    // The outsider may read the practice but not this members-only table's strategy.
    assert_eq!(
        from_practice.data()["practice"]["strategyElements"],
        json!([])
    );

    // A new draft starts from the approved version; its differences are listed element by element.
    let v2 = text(
        &secretariat
            .gql(START, json!({ "t": table }))
            .await?
            .ok()
            .data()["startStrategyDraft"]["id"],
    );
    let copy = tree(&secretariat, &v2).await?;
    assert_eq!(
        element(&copy, "1.1.1")["key"],
        element(&draft, "1.1.1")["key"]
    );
    assert_eq!(element(&copy, "1.1.3")["status"], "DONE");
    let copied_tavolo = text(&element(&copy, "1.1.1")["id"]);
    let copied_comunita = text(&element(&copy, "1.1.3")["id"]);
    secretariat
        .gql(update, json!({ "e": copied_tavolo, "n": 1 }))
        .await?
        .ok();
    secretariat
        .gql(
            "mutation($e: ID!) { removeStrategyElement(id: $e) }",
            json!({ "e": copied_comunita }),
        )
        .await?
        .ok();
    let new_action = text(&element(&copy, "1.1")["id"]);
    add(
        &secretariat,
        &v2,
        "ACTIVITY",
        Some(&new_action),
        json!({ "title": "Unità operativa a supporto del tavolo" }),
    )
    .await?;
    let comparison = observer
        .gql(
            "query($a: ID!, $b: ID!) { strategyComparison(fromId: $a, toId: $b) { code change fields { field before after } } }",
            json!({ "a": v1, "b": v2 }),
        )
        .await?
        .ok();
    let changes = comparison.data()["strategyComparison"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let summary: Vec<(String, String)> = changes
        .iter()
        .map(|c| (text(&c["code"]), text(&c["change"])))
        .collect();
    assert_eq!(
        summary,
        [
            ("1.1.1".to_owned(), "CHANGED".to_owned()),
            ("1.1.2".to_owned(), "ADDED".to_owned()),
            ("1.1.3".to_owned(), "REMOVED".to_owned()),
        ]
    );
    assert_eq!(
        changes[0]["fields"],
        json!([{ "field": "title", "before": "Potenziamento del Tavolo interistituzionale", "after": "Cambiato" }])
    );
    // The approved version is unchanged.
    assert_eq!(
        element(&tree(&observer, &v1).await?, "1.1.1")["title"],
        "Potenziamento del Tavolo interistituzionale"
    );

    // Progress per objective and action.
    let progress = observer
        .gql("query($v: ID!) { strategyVersion(id: $v) { progress { code planned inProgress done suspended ratio indicators measuredIndicators } } }", json!({ "v": v1 }))
        .await?
        .ok();
    assert_eq!(
        progress.data()["strategyVersion"]["progress"][0],
        json!({ "code": "1", "planned": 0, "inProgress": 1, "done": 1, "suspended": 0, "ratio": 0.5, "indicators": 1, "measuredIndicators": 1 })
    );

    // Exports in the seeds' layout, for members only on a members-only table.
    let markdown = observer
        .http()
        .get(format!("{}/strategy/{v1}.md", app.base_url))
        .send()
        .await?;
    assert_eq!(markdown.status(), 200);
    let markdown = markdown.text().await?;
    assert!(
        markdown.contains("| Obiettivo specifico | Azione | Attività |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("1.1.1) Potenziamento del Tavolo interistituzionale"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Enti partecipanti | enti | 4 | 12 | 8 |"),
        "{markdown}"
    );
    // The same version for an English reader: headings, states and the file's name in English.
    let english = observer
        .http()
        .get(format!("{}/strategy/{v1}.md?lang=en", app.base_url))
        .send()
        .await?;
    assert_eq!(english.status(), 200);
    let disposition = english
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(disposition.contains("strategy-"), "{disposition}");
    let english = english.text().await?;
    assert!(
        english.contains("| Specific objective | Action | Activities |"),
        "{english}"
    );
    assert!(english.contains("## Activities"), "{english}");
    assert!(!english.contains("Obiettivo specifico"), "{english}");
    let html = observer
        .http()
        .get(format!("{}/strategy/{v1}.html", app.base_url))
        .send()
        .await?;
    assert_eq!(html.status(), 200);
    assert!(html.text().await?.contains("<table>"));
    assert_eq!(
        outsider
            .http()
            .get(format!("{}/strategy/{v1}.md", app.base_url))
            .send()
            .await?
            .status(),
        404
    );

    // Versions: the outsider sees none of this members-only table's; members see both.
    let versions = "query($t: ID!) { strategyVersions(tableId: $t) { number status } }";
    assert_eq!(
        outsider.gql(versions, json!({ "t": table })).await?.code(),
        Some("NOT_FOUND")
    );
    let listed = observer.gql(versions, json!({ "t": table })).await?.ok();
    assert_eq!(
        listed.data()["strategyVersions"],
        json!([{ "number": 2, "status": "DRAFT" }, { "number": 1, "status": "APPROVED" }])
    );
    assert!(audit_total(&admin).await? > 0);
    Ok(())
}

on_both_databases!(
    strategy_is_drafted_commented_approved_and_compared,
    drafting_to_approval
);

async fn bad_input(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let v = text(
        &secretariat
            .gql(START, json!({ "t": world.table.id.to_string() }))
            .await?
            .ok()
            .data()["startStrategyDraft"]["id"],
    );
    let objective = add(
        &secretariat,
        &v,
        "OBJECTIVE",
        None,
        json!({ "title": "Obiettivo" }),
    )
    .await?;
    let action = add(
        &secretariat,
        &v,
        "ACTION",
        Some(&objective),
        json!({ "title": "Azione" }),
    )
    .await?;
    let activity = add(
        &secretariat,
        &v,
        "ACTIVITY",
        Some(&action),
        json!({ "title": "Attività" }),
    )
    .await?;
    // Everything the refusals below need exists before the snapshot they are checked against.
    let chair = app.signed_in(&world.person(Role::Chair).email).await?;
    let hidden = fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Bozza altrui",
        PracticeStatus::Draft,
        PracticeVisibility::Public,
    )
    .await?;
    let other = fixtures::meeting(&app.services, world.public_table.id, "Altro tavolo", 3).await?;
    let other_item = app
        .services
        .meetings()
        .add_agenda_item(
            &Actor::System,
            other.id,
            tavolo_service::meetings::AgendaItemInput {
                title: Some("Punto".into()),
                ..Default::default()
            },
            other.agenda_version,
        )
        .await?;
    let decided = decision(&app, &world, DecisionOutcome::Approved).await?;
    let linked = fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Prassi collegata",
        PracticeStatus::Published,
        PracticeVisibility::Public,
    )
    .await?;
    secretariat
        .gql(
            LINK,
            json!({ "e": activity, "k": "PRACTICE", "t": linked.id.to_string() }),
        )
        .await?
        .ok();
    let commented = chair
        .gql(
            "mutation($e: ID!) { commentStrategyElement(elementId: $e, body: \"Da chiarire\") { id } }",
            json!({ "e": activity }),
        )
        .await?
        .ok();
    let comment_id = text(&commented.data()["commentStrategyElement"]["id"]);
    let resolve = "mutation($c: ID!) { resolveStrategyComment(id: $c) { resolved } }";
    secretariat
        .gql(resolve, json!({ "c": comment_id }))
        .await?
        .ok();
    let elsewhere = app
        .services
        .strategy()
        .start_draft(&Actor::System, world.public_table.id, None)
        .await?;
    let before = tree(&secretariat, &v).await?;
    let audit_before = audit_total(&admin).await?;

    let attempt = |level: &'static str, parent: Option<String>, input: Value| {
        let secretariat = &secretariat;
        let v = v.clone();
        async move {
            secretariat
                .gql(ADD, json!({ "v": v, "l": level, "p": parent, "i": input }))
                .await
        }
    };
    attempt("ACTIVITY", None, json!({ "title": "Senza azione" }))
        .await?
        .assert_validation("parentId");
    attempt(
        "ACTIVITY",
        Some(objective.clone()),
        json!({ "title": "Sotto un obiettivo" }),
    )
    .await?
    .assert_validation("parentId");
    attempt(
        "ACTIVITY",
        Some(action.clone()),
        json!({ "code": "1.1.1", "title": "Doppione" }),
    )
    .await?
    .assert_validation("code");
    attempt(
        "ACTIVITY",
        Some(action.clone()),
        json!({ "code": "2.1", "title": "Codice altrui" }),
    )
    .await?
    .assert_validation("code");
    attempt(
        "OBJECTIVE",
        None,
        json!({ "code": "01", "title": "Zero iniziale" }),
    )
    .await?
    .assert_validation("code");
    attempt("ACTIVITY", Some(action.clone()), json!({ "title": "  " }))
        .await?
        .assert_validation("title");
    attempt(
        "ACTIVITY",
        Some(action.clone()),
        json!({ "title": "Date", "startDate": "2026-05-01", "endDate": "2026-01-01" }),
    )
    .await?
    .assert_validation("endDate");
    attempt(
        "ACTIVITY",
        Some(action.clone()),
        json!({ "title": "Budget", "budgetEuros": -1 }),
    )
    .await?
    .assert_validation("budgetEuros");
    attempt(
        "ACTIVITY",
        Some(action.clone()),
        json!({ "title": "Ente", "leadOrganizationId": "999999" }),
    )
    .await?
    .assert_validation("leadOrganizationId");
    let indicator = "mutation($e: ID!, $i: StrategyIndicatorInput!) { addStrategyIndicator(elementId: $e, input: $i) }";
    secretariat
        .gql(indicator, json!({ "e": activity, "i": { "name": "Sportelli", "unit": "n", "baseline": 3, "target": 3 } }))
        .await?
        .assert_validation("target");
    // A value of the wrong type never reaches the service.
    let wrong_type = secretariat
        .gql(indicator, json!({ "e": activity, "i": { "name": "Sportelli", "unit": "n", "baseline": "tre", "target": 5 } }))
        .await?;
    assert_eq!(wrong_type.code(), Some("VALIDATION"), "{}", wrong_type.body);
    let update = "mutation($e: ID!, $n: Int!, $i: StrategyElementInput!) { updateStrategyElement(id: $e, expectedVersion: $n, input: $i) }";
    assert_eq!(
        secretariat
            .gql(
                update,
                json!({ "e": activity, "n": 7, "i": { "title": "Vecchia versione" } })
            )
            .await?
            .code(),
        Some("CONFLICT")
    );
    secretariat
        .gql(
            update,
            json!({ "e": activity, "n": 1, "i": { "code": "1.1.1.1" } }),
        )
        .await?
        .assert_validation("code");
    // The same link twice, a comment resolved twice, a position past the end, reopening a draft, comparing with
    // another table's strategy.
    secretariat
        .gql(
            LINK,
            json!({ "e": activity, "k": "PRACTICE", "t": linked.id.to_string() }),
        )
        .await?
        .assert_validation("targetId");
    secretariat
        .gql(resolve, json!({ "c": comment_id }))
        .await?
        .assert_validation("id");
    secretariat
        .gql(
            "mutation($e: ID!) { moveStrategyElement(id: $e, position: 5) }",
            json!({ "e": activity }),
        )
        .await?
        .assert_validation("position");
    secretariat
        .gql(
            "mutation($v: ID!) { reopenStrategy(versionId: $v) { id } }",
            json!({ "v": v }),
        )
        .await?
        .assert_validation("status");
    admin
        .gql(
            "query($a: ID!, $b: ID!) { strategyComparison(fromId: $a, toId: $b) { code } }",
            json!({ "a": v, "b": elsewhere.id.to_string() }),
        )
        .await?
        .assert_validation("toId");
    // A practice the secretariat may not read cannot be linked.
    secretariat
        .gql(
            LINK,
            json!({ "e": activity, "k": "PRACTICE", "t": hidden.id.to_string() }),
        )
        .await?
        .assert_validation("targetId");
    // Nor a meeting's decision from another table.
    secretariat
        .gql(
            LINK,
            json!({ "e": activity, "k": "AGENDA_ITEM", "t": other_item.id.to_string() }),
        )
        .await?
        .assert_validation("targetId");
    let missing = secretariat
        .gql(
            "mutation($i: ID!) { recordIndicatorValue(indicatorId: $i, value: 1) }",
            json!({ "i": "999999" }),
        )
        .await?;
    assert_eq!(missing.code(), Some("NOT_FOUND"));
    secretariat
        .gql("mutation($e: ID!) { recordActivityStatus(elementId: $e, status: DONE, on: \"2999-01-01\") }", json!({ "e": activity }))
        .await?
        .assert_validation("on");
    secretariat
        .gql(
            "mutation($e: ID!) { recordActivityStatus(elementId: $e, status: DONE) }",
            json!({ "e": action }),
        )
        .await?
        .assert_validation("elementId");
    // Approving what was never submitted.
    chair
        .gql("mutation($v: ID!, $d: ID!) { approveStrategy(versionId: $v, decisionId: $d) { status } }", json!({ "v": v, "d": decided.to_string() }))
        .await?
        .assert_validation("status");

    // None of it wrote anything.
    assert_eq!(tree(&secretariat, &v).await?, before);
    assert_eq!(audit_total(&admin).await?, audit_before);
    Ok(())
}

on_both_databases!(bad_strategy_input_is_refused_and_writes_nothing, bad_input);
