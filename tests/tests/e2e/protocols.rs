//! Operational protocols over GraphQL: drafting in sections with the organizations named to sign, members'
//! comments, adoption by the chair through an approved decision, signatures by each organization's delegate, the
//! public reading of a public table's protocols, revisions with their line comparison and standings, links to
//! strategy activities and practices, files, search; bad input refused with nothing written.

use serde_json::{Value, json};
use tavolo_domain::{
    Actor, DecisionOutcome, DelegateKind, InstanceRole, PracticeStatus, PracticeVisibility,
    StrategyLevel,
};
use tavolo_store::entity::{protocol_section, protocol_signatory};
use tavolo_store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tavolo_tests::client::Client;
use tavolo_tests::fixtures::{self, Role, World};
use tavolo_tests::{Backend, TestApp};

const SAVE: &str = "mutation($v: ID!, $i: ProtocolDraftFields!) { saveProtocolDraft(versionId: $v, input: $i) {
    id number status sections { key heading body } signatories { organization { id name } signed } } }";
const ADOPT: &str = "mutation($v: ID!, $d: ID!, $f: NaiveDate!) { adoptProtocol(versionId: $v, decisionId: $d, inForceFrom: $f) {
    number status standing inForceFrom decision { id } } }";
const SIGN: &str = "mutation($v: ID!, $o: ID!) { signProtocol(versionId: $v, organizationId: $o) {
    signed signedBy { name } organization { name } } }";
const READ: &str = "query($id: ID!) { protocol(id: $id) { title canEdit canAdopt
    inForce { number standing sections { heading } signatories { signed signedBy { name } organization { id } } comments { body } }
    draft { id number sections { key heading } comments { body sectionKey } }
    versions { number standing } } }";

async fn as_role(app: &TestApp, role: Role) -> anyhow::Result<Client> {
    match role.email() {
        Some(email) => app.signed_in(&email).await,
        None => Ok(app.client()),
    }
}

/// A second organization seated at `table_id`, with its own titular delegate: (organization id, delegate's email).
async fn second_organization(app: &TestApp, table_id: i64) -> anyhow::Result<(i64, String)> {
    let organization = fixtures::organization(&app.services, "Azienda USL Toscana sud est").await?;
    let delegate = fixtures::person(
        &app.services,
        "Chiara Ricci",
        "chiara.ricci@usl.example",
        InstanceRole::User,
        Some(organization.id),
    )
    .await?;
    let tables = app.services.tables();
    let seat = tables
        .add_seat(&Actor::System, table_id, organization.id)
        .await?;
    tables
        .appoint_delegate(&Actor::System, seat.id, delegate.id, DelegateKind::Titular)
        .await?;
    Ok((organization.id, delegate.email))
}

fn date(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

async fn read(client: &Client, id: &Value) -> anyhow::Result<Value> {
    let response = client.gql(READ, json!({ "id": id })).await?.ok();
    Ok(response.data()["protocol"].clone())
}

async fn section_count(app: &TestApp) -> anyhow::Result<u64> {
    Ok(protocol_section::Entity::find()
        .count(&app.db.store.db)
        .await?)
}

/// A public table where the world's people hold their roles, with a protocol drafted in two sections and named to
/// be signed by the world's organization and a second one; returns the protocol's id, the draft's id and the second
/// organization with its delegate.
struct Drafted {
    table_id: i64,
    protocol: Value,
    draft: Value,
    second: (i64, String),
}

async fn drafted(app: &TestApp, world: &World) -> anyhow::Result<Drafted> {
    let table_id = world.public_table.id;
    fixtures::give_roles(&app.services, world, table_id).await?;
    let second = second_organization(app, table_id).await?;
    let secretariat = as_role(app, Role::Secretariat).await?;
    let created = secretariat
        .gql(
            "mutation($t: ID!) { createProtocol(tableId: $t, title: \"Protocollo operativo sanitario\") { id draft { id number } } }",
            json!({ "t": table_id.to_string() }),
        )
        .await?
        .ok();
    let protocol = created.data()["createProtocol"]["id"].clone();
    let draft_id = created.data()["createProtocol"]["draft"]["id"].clone();
    assert_eq!(created.data()["createProtocol"]["draft"]["number"], 1);
    let input = json!({
        "sections": [
            { "heading": "Finalità", "body": "Accesso tempestivo al servizio sanitario." },
            { "heading": "Impegni delle parti", "body": "- Lo sportello apre il martedì.\n- La mediazione è su appuntamento." },
        ],
        "signatoryIds": [world.organization.id.to_string(), second.0.to_string()],
    });
    let saved = secretariat
        .gql(SAVE, json!({ "v": draft_id, "i": input }))
        .await?
        .ok();
    let draft = saved.data()["saveProtocolDraft"].clone();
    assert_eq!(
        draft["sections"].as_array().map(Vec::len),
        Some(2),
        "{draft}"
    );
    Ok(Drafted {
        table_id,
        protocol,
        draft,
        second,
    })
}

async fn drafting_adoption_and_signatures(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let Drafted {
        table_id,
        protocol,
        draft,
        second,
    } = drafted(&app, &world).await?;
    let draft_id = draft["id"].clone();
    let secretariat = as_role(&app, Role::Secretariat).await?;
    let anonymous = app.client();

    // A draft is the members' only, even at a public table.
    let hidden = anonymous.gql(READ, json!({ "id": protocol })).await?;
    assert_eq!(hidden.code(), Some("NOT_FOUND"), "{}", hidden.body);
    let observer = as_role(&app, Role::Observer).await?;
    let seen = read(&observer, &protocol).await?;
    assert_eq!(seen["draft"]["number"], 1);
    assert_eq!(seen["canEdit"], false);

    // Bad drafts are refused on their field and write nothing.
    let before = section_count(&app).await?;
    let first_key = draft["sections"][0]["key"].clone();
    for (input, field, reason) in [
        (
            json!({ "sections": [{ "heading": "  ", "body": "x" }] }),
            "sections.0.heading",
            "REQUIRED",
        ),
        (
            json!({ "sections": [{ "key": "nessuna", "heading": "Finalità" }] }),
            "sections.0.key",
            "UNKNOWN_REFERENCE",
        ),
        (
            json!({ "sections": [{ "key": first_key, "heading": "A" }, { "key": first_key, "heading": "B" }] }),
            "sections.1.key",
            "SAME_RECORD",
        ),
        (
            json!({ "signatoryIds": [fixtures::organization(&app.services, "Ente non seduto").await?.id.to_string()] }),
            "signatoryIds",
            "UNKNOWN_REFERENCE",
        ),
        (json!({ "title": "x".repeat(201) }), "title", "TOO_LONG"),
    ] {
        let refused = secretariat
            .gql(SAVE, json!({ "v": draft_id, "i": input }))
            .await?;
        refused.assert_refused(field, reason);
    }
    assert_eq!(section_count(&app).await?, before);
    let delegate = as_role(&app, Role::Delegate).await?;
    let forbidden = delegate
        .gql(SAVE, json!({ "v": draft_id, "i": { "title": "Altro" } }))
        .await?;
    assert_eq!(forbidden.code(), Some("FORBIDDEN"), "{}", forbidden.body);

    // A member comments on a section; the comment follows the section through a save that keeps its key.
    let comment = "mutation($v: ID!, $k: String!, $b: String!) { commentOnProtocol(versionId: $v, sectionKey: $k, body: $b) { id sectionKey } }";
    let second_key = draft["sections"][1]["key"].clone();
    observer
        .gql(
            comment,
            json!({ "v": draft_id, "k": second_key, "b": "Aggiungere gli orari del giovedì." }),
        )
        .await?
        .ok();
    let unknown = observer
        .gql(comment, json!({ "v": draft_id, "k": "nessuna", "b": "?" }))
        .await?;
    unknown.assert_refused("sectionKey", "UNKNOWN_REFERENCE");
    let signed_out = anonymous
        .gql(comment, json!({ "v": draft_id, "k": second_key, "b": "?" }))
        .await?;
    assert_eq!(signed_out.code(), Some("NOT_FOUND"), "{}", signed_out.body);
    let kept = json!({ "sections": [
        { "key": first_key, "heading": "Finalità", "body": "Accesso tempestivo al servizio sanitario." },
        { "key": second_key, "heading": "Impegni delle parti", "body": "- Lo sportello apre il martedì e il giovedì.\n- La mediazione è su appuntamento." },
    ] });
    secretariat
        .gql(SAVE, json!({ "v": draft_id, "i": kept }))
        .await?
        .ok();
    let seen = read(&observer, &protocol).await?;
    assert_eq!(seen["draft"]["comments"][0]["sectionKey"], second_key);

    // Adoption is the chair's, through an approved decision of this table, from a plausible date.
    let approved =
        fixtures::decision(&app.services, &world, table_id, DecisionOutcome::Approved).await?;
    let rejected =
        fixtures::decision(&app.services, &world, table_id, DecisionOutcome::Rejected).await?;
    let elsewhere = fixtures::decision(
        &app.services,
        &world,
        world.table.id,
        DecisionOutcome::Approved,
    )
    .await?;
    let adopt = |decision: i64, from: String| json!({ "v": draft_id, "d": decision.to_string(), "f": from });
    let by_secretariat = secretariat.gql(ADOPT, adopt(approved, date(-1))).await?;
    assert_eq!(
        by_secretariat.code(),
        Some("FORBIDDEN"),
        "{}",
        by_secretariat.body
    );
    let chair = as_role(&app, Role::Chair).await?;
    chair
        .gql(ADOPT, adopt(rejected, date(-1)))
        .await?
        .assert_refused("decisionId", "WRONG_STATE");
    chair
        .gql(ADOPT, adopt(elsewhere, date(-1)))
        .await?
        .assert_refused("decisionId", "UNKNOWN_REFERENCE");
    chair
        .gql(ADOPT, adopt(approved, "1900-01-01".into()))
        .await?
        .assert_refused("inForceFrom", "OUT_OF_RANGE");
    let adopted = chair.gql(ADOPT, adopt(approved, date(-1))).await?.ok();
    let adopted = &adopted.data()["adoptProtocol"];
    assert_eq!(adopted["status"], "ADOPTED");
    assert_eq!(adopted["standing"], "IN_FORCE");
    assert_eq!(adopted["decision"]["id"], approved.to_string());
    chair
        .gql(ADOPT, adopt(approved, date(-1)))
        .await?
        .assert_refused("versionId", "WRONG_STATE");
    secretariat
        .gql(SAVE, json!({ "v": draft_id, "i": { "title": "Cambiato" } }))
        .await?
        .assert_refused("versionId", "WRONG_STATE");

    // Public now: a visitor reads the text and who is to sign, not the members' comments.
    let public = read(&anonymous, &protocol).await?;
    assert_eq!(public["inForce"]["number"], 1);
    assert_eq!(
        public["inForce"]["sections"][1]["heading"],
        "Impegni delle parti"
    );
    assert_eq!(public["inForce"]["comments"], json!([]));
    assert_eq!(public["draft"], Value::Null);

    // Signatures: a delegate for their own organization, once; nobody for an organization they do not represent.
    let own = world.organization.id.to_string();
    let other = second.0.to_string();
    let sign = |organization: &str| json!({ "v": draft_id, "o": organization });
    let signed = delegate.gql(SIGN, sign(&own)).await?.ok();
    assert_eq!(
        signed.data()["signProtocol"]["signedBy"]["name"],
        "Delegate Rossi"
    );
    delegate
        .gql(SIGN, sign(&own))
        .await?
        .assert_refused("organizationId", "ALREADY_EXISTS");
    let not_theirs = delegate.gql(SIGN, sign(&other)).await?;
    assert_eq!(not_theirs.code(), Some("FORBIDDEN"), "{}", not_theirs.body);
    let not_a_delegate = secretariat.gql(SIGN, sign(&other)).await?;
    assert_eq!(
        not_a_delegate.code(),
        Some("FORBIDDEN"),
        "{}",
        not_a_delegate.body
    );
    let unnamed = fixtures::organization(&app.services, "Ente non firmatario").await?;
    delegate
        .gql(SIGN, sign(&unnamed.id.to_string()))
        .await?
        .assert_refused("organizationId", "UNKNOWN_REFERENCE");
    let anonymous_sign = anonymous.gql(SIGN, sign(&own)).await?;
    assert_eq!(
        anonymous_sign.code(),
        Some("UNAUTHENTICATED"),
        "{}",
        anonymous_sign.body
    );
    let usl = app.signed_in(&second.1).await?;
    usl.gql(SIGN, sign(&other)).await?.ok();
    let signatures = read(&anonymous, &protocol).await?["inForce"]["signatories"].clone();
    assert_eq!(
        signatures
            .as_array()
            .map(|all| all.iter().filter(|s| s["signed"] == true).count()),
        Some(2),
        "{signatures}"
    );
    let stored = protocol_signatory::Entity::find()
        .filter(protocol_signatory::Column::SignedAt.is_not_null())
        .count(&app.db.store.db)
        .await?;
    assert_eq!(stored, 2);
    Ok(())
}

on_both_databases!(
    drafting_adoption_and_signatures_on,
    drafting_adoption_and_signatures
);

async fn revisions_links_files_and_search(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let Drafted {
        table_id,
        protocol,
        draft,
        ..
    } = drafted(&app, &world).await?;
    let secretariat = as_role(&app, Role::Secretariat).await?;
    let chair = as_role(&app, Role::Chair).await?;
    let anonymous = app.client();
    let approved =
        fixtures::decision(&app.services, &world, table_id, DecisionOutcome::Approved).await?;
    let adopt = |version: &Value, from: String| json!({ "v": version, "d": approved.to_string(), "f": from });
    chair.gql(ADOPT, adopt(&draft["id"], date(-30))).await?.ok();

    // A revision starts from the adopted text; only one draft at a time.
    let revise = "mutation($p: ID!) { startProtocolRevision(protocolId: $p) { id number status sections { key heading body } signatories { organization { id } signed } } }";
    let revision = secretariat
        .gql(revise, json!({ "p": protocol }))
        .await?
        .ok();
    let revision = revision.data()["startProtocolRevision"].clone();
    assert_eq!(revision["number"], 2);
    assert_eq!(revision["sections"], draft["sections"]);
    assert_eq!(revision["signatories"].as_array().map(Vec::len), Some(2));
    secretariat
        .gql(revise, json!({ "p": protocol }))
        .await?
        .assert_refused("protocolId", "WRONG_STATE");
    let mut sections = revision["sections"].clone();
    sections[1]["body"] = json!(
        "- Lo sportello apre il martedì.\n- La mediazione è su appuntamento.\n- Un punto informativo in prefettura."
    );
    secretariat
        .gql(
            SAVE,
            json!({ "v": revision["id"], "i": { "sections": sections } }),
        )
        .await?
        .ok();
    let scheduled = chair
        .gql(ADOPT, adopt(&revision["id"], date(7)))
        .await?
        .ok();
    assert_eq!(scheduled.data()["adoptProtocol"]["standing"], "SCHEDULED");
    let public = read(&anonymous, &protocol).await?;
    assert_eq!(
        public["inForce"]["number"], 1,
        "the first version stays in force until the second's date"
    );
    assert_eq!(
        public["versions"],
        json!([{ "number": 2, "standing": "SCHEDULED" }, { "number": 1, "standing": "IN_FORCE" }])
    );
    let compare = "query($id: ID!, $a: Int!, $b: Int!) { protocol(id: $id) { comparison(from: $a, to: $b) { change text } } }";
    let lines = anonymous
        .gql(compare, json!({ "id": protocol, "a": 1, "b": 2 }))
        .await?
        .ok();
    let lines = lines.data()["protocol"]["comparison"].clone();
    assert!(
        lines.as_array().is_some_and(|all| all.iter().any(
            |l| l["change"] == "ADDED" && l["text"] == "- Un punto informativo in prefettura."
        )),
        "{lines}"
    );
    assert!(
        lines.as_array().is_some_and(|all| all
            .iter()
            .any(|l| l["change"] == "SAME" && l["text"] == "## Impegni delle parti")),
        "{lines}"
    );
    anonymous
        .gql(compare, json!({ "id": protocol, "a": 1, "b": 9 }))
        .await?
        .assert_refused("to", "UNKNOWN_REFERENCE");

    // Links: a strategy activity of the table, a readable practice; each side lists the other.
    let strategy = app.services.strategy();
    let strategy_draft = strategy.start_draft(&Actor::System, table_id, None).await?;
    let objective = strategy
        .add_element(
            &Actor::System,
            strategy_draft.id,
            StrategyLevel::Objective,
            None,
            titled("Accesso ai servizi"),
        )
        .await?;
    let action = strategy
        .add_element(
            &Actor::System,
            strategy_draft.id,
            StrategyLevel::Action,
            Some(objective.id),
            titled("Sportelli"),
        )
        .await?;
    let activity = strategy
        .add_element(
            &Actor::System,
            strategy_draft.id,
            StrategyLevel::Activity,
            Some(action.id),
            titled("Sportello sanitario"),
        )
        .await?;
    let link = "mutation($e: ID!, $t: ID!) { linkStrategyElement(elementId: $e, kind: PROTOCOL, targetId: $t) }";
    secretariat
        .gql(link, json!({ "e": activity.id.to_string(), "t": protocol }))
        .await?
        .ok();
    let hidden_table = fixtures::table_with_roles(&app.services, &world, "Altro tavolo").await?;
    let foreign = app
        .services
        .protocols()
        .create(
            &person_actor(&world, Role::Secretariat),
            hidden_table.id,
            "Protocollo di un altro tavolo",
        )
        .await?
        .0;
    secretariat
        .gql(
            link,
            json!({ "e": activity.id.to_string(), "t": foreign.id.to_string() }),
        )
        .await?
        .assert_refused("targetId", "UNKNOWN_REFERENCE");
    let practice = fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Sportello salute",
        PracticeStatus::Published,
        PracticeVisibility::Public,
    )
    .await?;
    let link_practice = "mutation($p: ID!, $x: ID!) { linkProtocolPractice(protocolId: $p, practiceId: $x) { practices { title } } }";
    let linked = secretariat
        .gql(
            link_practice,
            json!({ "p": protocol, "x": practice.id.to_string() }),
        )
        .await?
        .ok();
    assert_eq!(
        linked.data()["linkProtocolPractice"]["practices"][0]["title"],
        "Sportello salute"
    );
    secretariat
        .gql(
            link_practice,
            json!({ "p": protocol, "x": practice.id.to_string() }),
        )
        .await?
        .assert_refused("practiceId", "ALREADY_EXISTS");
    let both_sides = "query($id: ID!, $x: ID!) { protocol(id: $id) { strategyElements { title } practices { title } } practice(id: $x) { protocols { title } } }";
    let sides = secretariat
        .gql(
            both_sides,
            json!({ "id": protocol, "x": practice.id.to_string() }),
        )
        .await?
        .ok();
    assert_eq!(
        sides.data()["protocol"]["strategyElements"][0]["title"],
        "Sportello sanitario"
    );
    assert_eq!(
        sides.data()["practice"]["protocols"][0]["title"],
        "Protocollo operativo sanitario"
    );

    // Files: uploaded by whoever drafts it, read by whoever reads it.
    let path = format!("/protocols/{}/files", protocol.as_str().unwrap_or_default());
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let refused = anonymous
        .upload(&path, "file", "allegato.pdf", pdf.clone())
        .await?;
    assert_eq!(refused.code(), Some("UNAUTHENTICATED"), "{}", refused.body);
    let delegate = as_role(&app, Role::Delegate).await?;
    let not_editor = delegate
        .upload(&path, "file", "allegato.pdf", pdf.clone())
        .await?;
    assert_eq!(not_editor.code(), Some("FORBIDDEN"), "{}", not_editor.body);
    let stored = secretariat
        .upload(&path, "file", "Allegato A.pdf", pdf.clone())
        .await?;
    assert_eq!(stored.status, 201, "{}", stored.body);
    let url = stored.body["file"]["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let download = anonymous
        .http()
        .get(format!("{}{url}", app.base_url))
        .send()
        .await?;
    assert_eq!(download.status().as_u16(), 200);
    assert_eq!(download.bytes().await?.to_vec(), pdf);
    let files = read_files(&anonymous, &protocol).await?;
    assert_eq!(files, json!([{ "fileName": "Allegato A.pdf" }]));

    // Search: the adopted text for everyone, the draft's for members only.
    app.services.search().catch_up(10_000).await?;
    let search = "query($q: String!) { search(query: $q) { hits { __typename ... on ProtocolHit { title url } } } }";
    let found = anonymous
        .gql(search, json!({ "q": "sportello martedì" }))
        .await?
        .ok();
    let hits = found.data()["search"]["hits"].clone();
    assert!(
        hits.as_array()
            .is_some_and(|all| all.iter().any(|h| h["__typename"] == "ProtocolHit")),
        "{hits}"
    );
    app.services
        .protocols()
        .create(
            &person_actor(&world, Role::Secretariat),
            table_id,
            "Protocollo riservato ancora in bozza",
        )
        .await?;
    app.services.search().catch_up(10_000).await?;
    let draft_only = anonymous
        .gql(search, json!({ "q": "riservato bozza" }))
        .await?
        .ok();
    assert_eq!(draft_only.data()["search"]["hits"], json!([]));
    let observer = as_role(&app, Role::Observer).await?;
    let for_members = observer
        .gql(search, json!({ "q": "riservato bozza" }))
        .await?
        .ok();
    assert!(
        for_members.data()["search"]["hits"]
            .as_array()
            .is_some_and(|all| !all.is_empty()),
        "{}",
        for_members.body
    );
    Ok(())
}

on_both_databases!(
    revisions_links_files_and_search_on,
    revisions_links_files_and_search
);

fn person_actor(world: &World, role: Role) -> Actor {
    Actor::Person {
        id: world.person(role).id,
        role: InstanceRole::User,
        by_token: false,
    }
}

fn titled(title: &str) -> tavolo_service::strategy::ElementInput {
    tavolo_service::strategy::ElementInput {
        title: Some(title.into()),
        ..Default::default()
    }
}

async fn read_files(client: &Client, protocol: &Value) -> anyhow::Result<Value> {
    let files = client
        .gql(
            "query($id: ID!) { protocol(id: $id) { files { fileName } } }",
            json!({ "id": protocol }),
        )
        .await?
        .ok();
    Ok(files.data()["protocol"]["files"].clone())
}

/// A members-only table's protocols stay its members', adopted or not.
async fn members_only_table(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let protocols = app.services.protocols();
    let (protocol, draft) = protocols
        .create(
            &person_actor(&world, Role::Secretariat),
            world.table.id,
            "Protocollo riservato",
        )
        .await?;
    let input = tavolo_service::protocols::DraftInput {
        sections: Some(vec![tavolo_service::protocols::SectionInput {
            key: None,
            heading: "Finalità".into(),
            body: "Testo.".into(),
        }]),
        signatory_ids: Some(vec![world.organization.id]),
        ..Default::default()
    };
    protocols
        .save_draft(&person_actor(&world, Role::Secretariat), draft.id, input)
        .await?;
    let decision = fixtures::decision(
        &app.services,
        &world,
        world.table.id,
        DecisionOutcome::Approved,
    )
    .await?;
    protocols
        .adopt(
            &person_actor(&world, Role::Chair),
            draft.id,
            decision,
            chrono::Utc::now().date_naive(),
        )
        .await?;
    let id = json!(protocol.id.to_string());
    for (role, sees) in [
        (Role::Anonymous, false),
        (Role::User, false),
        (Role::Moderator, false),
        (Role::Observer, true),
        (Role::Delegate, true),
        (Role::Admin, true),
    ] {
        let client = as_role(&app, role).await?;
        let response = client.gql(READ, json!({ "id": id })).await?;
        assert_eq!(response.is_ok(), sees, "{role:?}: {}", response.body);
        let listed = client
            .gql(
                "query($t: ID!) { protocols(tableId: $t) { id } }",
                json!({ "t": world.table.id.to_string() }),
            )
            .await?;
        let count = listed.data()["protocols"].as_array().map_or(0, Vec::len);
        assert_eq!(count, usize::from(sees), "{role:?}: {}", listed.body);
    }
    Ok(())
}

on_both_databases!(members_only_table_on, members_only_table);
