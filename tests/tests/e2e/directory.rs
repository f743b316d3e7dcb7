//! Organizations and people through GraphQL: creation, update, and every bad input refused with nothing written.

use serde_json::{Value, json};
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, Client, TestApp};

const CREATE_ORG: &str = "mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id name kind email } }";
const CREATE_PERSON: &str = "mutation($i: CreatePersonInput!) { createPerson(input: $i) { id name email organization { name } } }";

/// Rows in the audit log: every write adds one, so an unchanged total means nothing was written.
pub async fn audit_total(admin: &Client) -> anyhow::Result<u64> {
    let response = admin
        .gql("{ auditEvents(first: 1) { totalCount } }", json!({}))
        .await?
        .ok();
    Ok(response.data()["auditEvents"]["totalCount"]
        .as_u64()
        .unwrap_or_default())
}

async fn organizations(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    fixtures::world(&app.services).await?;
    let admin = app.signed_in("admin@test.example").await?;

    let created = admin
        .gql(CREATE_ORG, json!({ "i": { "name": "  Prefettura di Grosseto ", "kind": "PREFECTURE", "email": "Protocollo@Prefettura.example" } }))
        .await?
        .ok();
    assert_eq!(
        created.data()["createOrganization"]["name"],
        "Prefettura di Grosseto"
    );
    assert_eq!(
        created.data()["createOrganization"]["email"],
        "protocollo@prefettura.example"
    );
    let id = created.data()["createOrganization"]["id"].clone();

    let before = audit_total(&admin).await?;
    let long = "x".repeat(201);
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "name": "", "kind": "SCHOOL" }), "name"),
        (json!({ "name": "   ", "kind": "SCHOOL" }), "name"),
        (json!({ "name": long, "kind": "SCHOOL" }), "name"),
        (
            json!({ "name": "Prefettura di Grosseto", "kind": "PREFECTURE" }),
            "name",
        ),
        (
            json!({ "name": "CPIA 1", "kind": "ADULT_EDUCATION_CENTRE", "email": "cpia@" }),
            "email",
        ),
        (
            json!({ "name": "CPIA 1", "kind": "ADULT_EDUCATION_CENTRE", "website": "javascript:alert(1)" }),
            "website",
        ),
    ];
    for (input, field) in cases {
        admin
            .gql(CREATE_ORG, json!({ "i": input }))
            .await?
            .assert_validation(field);
    }
    let rename = "mutation($id: ID!, $i: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $i) { name territory } }";
    admin
        .gql(rename, json!({ "id": id, "i": { "name": "" } }))
        .await?
        .assert_validation("name");
    let unknown = admin
        .gql(rename, json!({ "id": "999999", "i": { "name": "X" } }))
        .await?;
    assert_eq!(unknown.code(), Some("NOT_FOUND"));
    let malformed = admin
        .gql(rename, json!({ "id": "abc", "i": { "name": "X" } }))
        .await?;
    malformed.assert_validation("id");
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused input wrote something"
    );

    let updated = admin
        .gql(
            rename,
            json!({ "id": id, "i": { "territory": "Provincia di Grosseto" } }),
        )
        .await?
        .ok();
    assert_eq!(
        updated.data()["updateOrganization"]["territory"],
        "Provincia di Grosseto"
    );
    assert_eq!(audit_total(&admin).await?, before + 1);

    let search = app
        .client()
        .gql(
            "{ organizations(search: \"Prefettura\") { totalCount edges { node { name } } } }",
            json!({}),
        )
        .await?
        .ok();
    assert_eq!(search.data()["organizations"]["totalCount"], 1);
    Ok(())
}
on_both_databases!(organizations_are_validated, organizations);

async fn people(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let admin = app.signed_in("admin@test.example").await?;
    let org = world.organization.id.to_string();

    let created = admin
        .gql(CREATE_PERSON, json!({ "i": { "name": "Sara Mancini", "email": "Sara.Mancini@CPIA.example", "organizationId": org } }))
        .await?
        .ok();
    assert_eq!(
        created.data()["createPerson"]["email"],
        "sara.mancini@cpia.example"
    );
    assert_eq!(
        created.data()["createPerson"]["organization"]["name"],
        "Comune di Grosseto"
    );

    let before = audit_total(&admin).await?;
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "name": "", "email": "a@b.example" }), "name"),
        (json!({ "name": "A", "email": "not-an-email" }), "email"),
        (json!({ "name": "A", "email": "a@b" }), "email"),
        (
            json!({ "name": "A", "email": "SARA.MANCINI@cpia.example" }),
            "email",
        ),
        (
            json!({ "name": "A", "email": "a@b.example", "organizationId": "424242" }),
            "organizationId",
        ),
        (
            json!({ "name": "A", "email": "a@b.example", "organizationId": "x1" }),
            "organizationId",
        ),
        (
            json!({ "name": "A", "email": "a@b.example", "timeZone": "Europe/Grosseto" }),
            "timeZone",
        ),
        (
            json!({ "name": "A", "email": "a@b.example", "password": "short" }),
            "password",
        ),
    ];
    for (input, field) in cases {
        admin
            .gql(CREATE_PERSON, json!({ "i": input }))
            .await?
            .assert_validation(field);
    }
    assert_eq!(
        audit_total(&admin).await?,
        before,
        "a refused input wrote something"
    );

    // People are for signed-in users; their email is never shown to visitors.
    let visitor = app
        .client()
        .gql("{ people { totalCount } }", json!({}))
        .await?;
    assert_eq!(visitor.code(), Some("UNAUTHENTICATED"));
    let public = app
        .client()
        .gql(
            "query($id: ID!) { table(id: $id) { name } }",
            json!({ "id": world.public_table.id.to_string() }),
        )
        .await?
        .ok();
    assert_eq!(public.data()["table"]["name"], "Tavolo pubblico");

    // A person edits their own profile; another user cannot.
    let user = app.signed_in(&world.person(Role::User).email).await?;
    let me = world.person(Role::User).id.to_string();
    let edit = "mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { name locale timeZone } }";
    let own = user
        .gql(
            edit,
            json!({ "id": me, "i": { "locale": "EN", "timeZone": "Europe/London" } }),
        )
        .await?
        .ok();
    assert_eq!(own.data()["updatePerson"]["locale"], "EN");
    let other = world.person(Role::Moderator).id.to_string();
    let refused = user
        .gql(edit, json!({ "id": other, "i": { "name": "Hacked" } }))
        .await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"));
    let promote = user
        .gql(edit, json!({ "id": me, "i": { "instanceRole": "ADMIN" } }))
        .await?;
    assert_eq!(promote.code(), Some("FORBIDDEN"));
    Ok(())
}
on_both_databases!(people_are_validated, people);
