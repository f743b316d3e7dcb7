//! Tables, seats, delegates and memberships: the workflow, history, audit, pagination and every bad input refused with nothing written.

use serde_json::json;
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, TestApp};

use crate::directory::audit_total;

const CREATE_TABLE: &str =
    "mutation($i: CreateTableInput!) { createTable(input: $i) { id name parent { id } } }";
const UPDATE_TABLE: &str = "mutation($id: ID!, $i: UpdateTableInput!) { updateTable(id: $id, input: $i) { id parent { id } } }";
const ADD_SEAT: &str = "mutation($t: ID!, $o: ID!) { addSeat(tableId: $t, organizationId: $o) { id organization { name } } }";
const APPOINT: &str = "mutation($s: ID!, $p: ID!, $k: DelegateKind!) { appointDelegate(seatId: $s, personId: $p, kind: $k) { id delegateKind person { name } organization { name } } }";
const ADD_MEMBER: &str = "mutation($t: ID!, $p: ID!, $r: MembershipRole!) { addMembership(tableId: $t, personId: $p, role: $r) { id role } }";

fn id(value: &serde_json::Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

async fn hierarchy(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let admin = app.signed_in("admin@test.example").await?;
    let chair = app.signed_in(&world.person(Role::Chair).email).await?;
    let table = world.table.id.to_string();

    // The chair creates a working group under their table, and a sub-group under it.
    let group = chair
        .gql(
            CREATE_TABLE,
            json!({ "i": { "name": "Gruppo Scuola", "kind": "WORKING_GROUP", "parentId": table } }),
        )
        .await?
        .ok();
    let group_id = id(&group.data()["createTable"]["id"]);
    let sub = admin
        .gql(
            CREATE_TABLE,
            json!({ "i": { "name": "Focus MSNA", "kind": "FOCUS_GROUP", "parentId": group_id } }),
        )
        .await?
        .ok();
    let sub_id = id(&sub.data()["createTable"]["id"]);

    let before = audit_total(&admin).await?;
    admin
        .gql(
            UPDATE_TABLE,
            json!({ "id": table, "i": { "parentId": sub_id } }),
        )
        .await?
        .assert_validation("parentId");
    admin
        .gql(
            UPDATE_TABLE,
            json!({ "id": table, "i": { "parentId": table } }),
        )
        .await?
        .assert_validation("parentId");
    admin
        .gql(
            UPDATE_TABLE,
            json!({ "id": group_id, "i": { "parentId": "987654" } }),
        )
        .await?
        .assert_validation("parentId");
    admin
        .gql(
            CREATE_TABLE,
            json!({ "i": { "name": "Orfano", "kind": "WORKING_GROUP", "parentId": "987654" } }),
        )
        .await?
        .assert_validation("parentId");
    admin
        .gql(
            CREATE_TABLE,
            json!({ "i": { "name": " ", "kind": "WORKING_GROUP" } }),
        )
        .await?
        .assert_validation("name");
    let long = "d".repeat(5001);
    admin
        .gql(
            CREATE_TABLE,
            json!({ "i": { "name": "Lungo", "kind": "WORKING_GROUP", "description": long } }),
        )
        .await?
        .assert_validation("description");
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused input wrote something"
    );

    // Moving a group is allowed when it makes no cycle.
    let moved = admin
        .gql(
            UPDATE_TABLE,
            json!({ "id": sub_id, "i": { "parentId": table } }),
        )
        .await?
        .ok();
    assert_eq!(moved.data()["updateTable"]["parent"]["id"], json!(table));
    let children = chair
        .gql(
            "query($id: ID!) { table(id: $id) { children { name } } }",
            json!({ "id": table }),
        )
        .await?
        .ok();
    assert_eq!(
        children.data()["table"]["children"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    Ok(())
}
on_both_databases!(table_hierarchy_refuses_cycles, hierarchy);

async fn seats(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let admin = app.signed_in("admin@test.example").await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let table = world.table.id.to_string();
    let prefettura = fixtures::organization(&app.services, "Prefettura di Grosseto")
        .await?
        .id
        .to_string();
    let titular = world.person(Role::User).id.to_string();
    let substitute = world.person(Role::Moderator).id.to_string();

    let seat = secretariat
        .gql(ADD_SEAT, json!({ "t": table, "o": prefettura }))
        .await?
        .ok();
    let seat_id = id(&seat.data()["addSeat"]["id"]);
    let appointed = secretariat
        .gql(
            APPOINT,
            json!({ "s": seat_id, "p": titular, "k": "TITULAR" }),
        )
        .await?
        .ok();
    assert_eq!(
        appointed.data()["appointDelegate"]["organization"]["name"],
        "Prefettura di Grosseto"
    );
    secretariat
        .gql(
            APPOINT,
            json!({ "s": seat_id, "p": substitute, "k": "SUBSTITUTE" }),
        )
        .await?
        .ok();

    let before = audit_total(&admin).await?;
    secretariat
        .gql(ADD_SEAT, json!({ "t": table, "o": prefettura }))
        .await?
        .assert_validation("organizationId");
    secretariat
        .gql(ADD_SEAT, json!({ "t": table, "o": "55555" }))
        .await?
        .assert_validation("organizationId");
    secretariat
        .gql(
            APPOINT,
            json!({ "s": seat_id, "p": titular, "k": "TITULAR" }),
        )
        .await?
        .assert_validation("personId");
    secretariat
        .gql(
            APPOINT,
            json!({ "s": seat_id, "p": "77777", "k": "TITULAR" }),
        )
        .await?
        .assert_validation("personId");
    let observer = world.person(Role::Observer).id.to_string();
    secretariat
        .gql(
            ADD_MEMBER,
            json!({ "t": table, "p": observer, "r": "OBSERVER" }),
        )
        .await?
        .assert_validation("personId");
    secretariat
        .gql(
            ADD_MEMBER,
            json!({ "t": table, "p": titular, "r": "DELEGATE" }),
        )
        .await?
        .assert_validation("role");
    secretariat
        .gql(
            ADD_MEMBER,
            json!({ "t": table, "p": "77777", "r": "OBSERVER" }),
        )
        .await?
        .assert_validation("personId");
    let missing = secretariat
        .gql(ADD_SEAT, json!({ "t": "88888", "o": prefettura }))
        .await?;
    assert_eq!(missing.code(), Some("NOT_FOUND"));
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused input wrote something"
    );

    // A new titular replaces the old one; the history keeps both.
    secretariat
        .gql(
            APPOINT,
            json!({ "s": seat_id, "p": substitute, "k": "TITULAR" }),
        )
        .await?
        .ok();
    let query = "query($id: ID!) { table(id: $id) { seats { id organization { name } delegates { delegateKind person { name } } history: delegates(includeEnded: true) { person { name } validUntil } } } }";
    let seats = secretariat.gql(query, json!({ "id": table })).await?.ok();
    let prefettura_seat = seats.data()["table"]["seats"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["id"] == json!(seat_id)))
        .cloned()
        .unwrap_or_default();
    let delegates = prefettura_seat["delegates"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let titulars: Vec<_> = delegates
        .iter()
        .filter(|d| d["delegateKind"] == "TITULAR")
        .collect();
    assert_eq!(titulars.len(), 1, "{delegates:?}");
    assert_eq!(titulars[0]["person"]["name"], "Moderator Rossi");
    let history = prefettura_seat["history"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(history.len(), 3);
    assert!(
        history
            .iter()
            .any(|d| d["person"]["name"] == "User Rossi" && !d["validUntil"].is_null())
    );

    // Ending the seat ends its delegates; the audit log tells the story.
    secretariat
        .gql(
            "mutation($s: ID!) { endSeat(seatId: $s) { validUntil } }",
            json!({ "s": seat_id }),
        )
        .await?
        .ok();
    let again = secretariat
        .gql(
            "mutation($s: ID!) { endSeat(seatId: $s) { validUntil } }",
            json!({ "s": seat_id }),
        )
        .await?;
    again.assert_validation("seatId");
    let roles = app.signed_in(&world.person(Role::User).email).await?;
    let mine = roles
        .gql("{ me { memberships { role } } }", json!({}))
        .await?
        .ok();
    assert_eq!(mine.data()["me"]["memberships"], json!([]));
    let audit = secretariat
        .gql("query($t: ID!) { auditEvents(tableId: $t, first: 100) { edges { node { action summary actor { name } } } } }", json!({ "t": table }))
        .await?
        .ok();
    let actions: Vec<String> = audit.data()["auditEvents"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .map(|e| e["node"]["action"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    for expected in ["end_seat", "appoint_delegate", "add_seat"] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} missing from {actions:?}"
        );
    }
    assert_eq!(
        audit.data()["auditEvents"]["edges"][0]["node"]["actor"]["name"],
        "Secretariat Rossi"
    );
    Ok(())
}
on_both_databases!(seats_keep_delegate_history, seats);

async fn pagination(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    fixtures::world(&app.services).await?;
    let admin = app.signed_in("admin@test.example").await?;
    let query = "query($f: Int, $a: String) { tables(first: $f, after: $a) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { name } } } }";
    let first = admin.gql(query, json!({ "f": 2 })).await?.ok();
    let page = &first.data()["tables"];
    assert_eq!(page["totalCount"], 3);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let second = admin
        .gql(query, json!({ "f": 2, "a": page["pageInfo"]["endCursor"] }))
        .await?
        .ok();
    assert_eq!(
        second.data()["tables"]["edges"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(second.data()["tables"]["pageInfo"]["hasNextPage"], false);
    assert_eq!(second.data()["tables"]["pageInfo"]["hasPreviousPage"], true);
    admin
        .gql(query, json!({ "f": 101 }))
        .await?
        .assert_validation("first");
    admin
        .gql(query, json!({ "f": -1 }))
        .await?
        .assert_validation("first");
    admin
        .gql(query, json!({ "f": 2, "a": "not-a-cursor" }))
        .await?
        .assert_validation("after");
    // Visitors see only the public table, in the count as in the page.
    let visitor = app.client().gql(query, json!({ "f": 10 })).await?.ok();
    assert_eq!(visitor.data()["tables"]["totalCount"], 1);
    assert_eq!(
        visitor.data()["tables"]["edges"][0]["node"]["name"],
        "Tavolo pubblico"
    );
    Ok(())
}
on_both_databases!(lists_are_paged_and_filtered, pagination);
