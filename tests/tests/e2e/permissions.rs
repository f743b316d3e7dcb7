//! The permission matrix of `shared/design/domain.md`, table-driven: every role tries every operation; allowed ones succeed, refused ones fail with a permission code and write nothing.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use tavolo_domain::{Actor, InstanceRole, MembershipRole};
use tavolo_tests::fixtures::{self, Role, World};
use tavolo_tests::{Backend, Client, TestApp};

use crate::directory::audit_total;

use Role::*;

const SIGNED_IN: &[Role] = &[
    User,
    Moderator,
    Observer,
    Delegate,
    Secretariat,
    Chair,
    Admin,
];
const RUNNERS: &[Role] = &[Secretariat, Chair, Admin];

/// Per-role things an operation may need, so that every role's attempt is independent.
#[derive(Default)]
struct Targets {
    organization: BTreeMap<String, String>,
    person: BTreeMap<String, String>,
    seat: BTreeMap<String, String>,
    membership: BTreeMap<String, String>,
}

struct Operation {
    /// Root fields this operation exercises.
    fields: &'static [&'static str],
    allowed: &'static [Role],
    request: fn(&World, &Targets, Role) -> (String, Value),
}

fn key(role: Role) -> String {
    format!("{role:?}")
}

fn operations() -> Vec<Operation> {
    vec![
        Operation {
            fields: &["table", "tables"],
            allowed: &[
                Anonymous,
                User,
                Moderator,
                Observer,
                Delegate,
                Secretariat,
                Chair,
                Admin,
            ],
            request: |w, _, _| {
                (
                    "query($id: ID!) { table(id: $id) { name seats { id } } }".into(),
                    json!({ "id": w.public_table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["table"],
            allowed: SIGNED_IN,
            request: |w, _, _| {
                (
                    "query($id: ID!) { table(id: $id) { name } }".into(),
                    json!({ "id": w.network_table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["table"],
            allowed: &[Observer, Delegate, Secretariat, Chair, Admin],
            request: |w, _, _| {
                (
                    "query($id: ID!) { table(id: $id) { name memberships { role } } }".into(),
                    json!({ "id": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["organizations", "organization"],
            allowed: &[
                Anonymous,
                User,
                Moderator,
                Observer,
                Delegate,
                Secretariat,
                Chair,
                Admin,
            ],
            request: |w, _, _| {
                ("query($id: ID!) { organization(id: $id) { name } organizations { totalCount } }".into(), json!({ "id": w.organization.id.to_string() }))
            },
        },
        Operation {
            fields: &["people", "person"],
            allowed: SIGNED_IN,
            request: |w, _, _| {
                (
                    "query($id: ID!) { person(id: $id) { name email } people { totalCount } }"
                        .into(),
                    json!({ "id": w.person(Chair).id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["createOrganization"],
            allowed: RUNNERS,
            request: |_, _, role| {
                ("mutation($n: String!) { createOrganization(input: { name: $n, kind: THIRD_SECTOR }) { id } }".into(), json!({ "n": format!("Associazione {role:?}") }))
            },
        },
        Operation {
            fields: &["updateOrganization"],
            allowed: RUNNERS,
            request: |w, _, role| {
                ("mutation($id: ID!, $t: String!) { updateOrganization(id: $id, input: { territory: $t }) { id } }".into(), json!({ "id": w.organization.id.to_string(), "t": format!("Zona {role:?}") }))
            },
        },
        Operation {
            fields: &["createPerson"],
            allowed: RUNNERS,
            request: |_, _, role| {
                ("mutation($e: String!) { createPerson(input: { name: \"Nuova Persona\", email: $e }) { id } }".into(), json!({ "e": format!("new-{role:?}@test.example") }))
            },
        },
        Operation {
            fields: &["createPerson"],
            allowed: &[Admin],
            request: |_, _, role| {
                ("mutation($e: String!) { createPerson(input: { name: \"Moderatrice\", email: $e, instanceRole: MODERATOR }) { id } }".into(), json!({ "e": format!("mod-{role:?}@test.example") }))
            },
        },
        Operation {
            fields: &["updatePerson"],
            allowed: &[Delegate, Secretariat, Chair, Admin],
            request: |w, _, role| {
                ("mutation($id: ID!, $n: String!) { updatePerson(id: $id, input: { name: $n }) { id } }".into(), json!({ "id": w.person(Delegate).id.to_string(), "n": format!("Delegate {role:?}") }))
            },
        },
        Operation {
            fields: &["updateTable"],
            allowed: RUNNERS,
            request: |w, _, role| {
                ("mutation($id: ID!, $d: String!) { updateTable(id: $id, input: { description: $d }) { id } }".into(), json!({ "id": w.table.id.to_string(), "d": format!("by {role:?}") }))
            },
        },
        Operation {
            fields: &["createTable"],
            allowed: &[Admin],
            request: |_, _, role| {
                ("mutation($n: String!) { createTable(input: { name: $n, kind: INTERINSTITUTIONAL_TABLE }) { id } }".into(), json!({ "n": format!("Tavolo {role:?}") }))
            },
        },
        Operation {
            fields: &["createTable"],
            allowed: RUNNERS,
            request: |w, _, role| {
                ("mutation($n: String!, $p: ID!) { createTable(input: { name: $n, kind: WORKING_GROUP, parentId: $p }) { id } }".into(), json!({ "n": format!("Gruppo {role:?}"), "p": w.table.id.to_string() }))
            },
        },
        Operation {
            fields: &["addSeat"],
            allowed: RUNNERS,
            request: |w, t, role| {
                ("mutation($t: ID!, $o: ID!) { addSeat(tableId: $t, organizationId: $o) { id } }".into(), json!({ "t": w.table.id.to_string(), "o": t.organization[&key(role)] }))
            },
        },
        Operation {
            fields: &["addMembership"],
            allowed: RUNNERS,
            request: |w, t, role| {
                ("mutation($t: ID!, $p: ID!) { addMembership(tableId: $t, personId: $p, role: OBSERVER) { id } }".into(), json!({ "t": w.table.id.to_string(), "p": t.person[&key(role)] }))
            },
        },
        Operation {
            fields: &["appointDelegate"],
            allowed: RUNNERS,
            request: |_, t, role| {
                ("mutation($s: ID!, $p: ID!) { appointDelegate(seatId: $s, personId: $p, kind: SUBSTITUTE) { id } }".into(), json!({ "s": t.seat[&key(role)], "p": t.person[&key(role)] }))
            },
        },
        Operation {
            fields: &["endSeat"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($s: ID!) { endSeat(seatId: $s) { id } }".into(),
                    json!({ "s": t.seat[&key(role)] }),
                )
            },
        },
        Operation {
            fields: &["endMembership"],
            allowed: RUNNERS,
            request: |_, t, role| {
                (
                    "mutation($m: ID!) { endMembership(membershipId: $m) { id } }".into(),
                    json!({ "m": t.membership[&key(role)] }),
                )
            },
        },
        Operation {
            fields: &["auditEvents"],
            allowed: RUNNERS,
            request: |w, _, _| {
                (
                    "query($t: ID!) { auditEvents(tableId: $t) { totalCount } }".into(),
                    json!({ "t": w.table.id.to_string() }),
                )
            },
        },
        Operation {
            fields: &["auditEvents"],
            allowed: &[Admin],
            request: |_, _, _| ("{ auditEvents { totalCount } }".into(), json!({})),
        },
        Operation {
            fields: &["createApiToken", "myApiTokens"],
            allowed: SIGNED_IN,
            request: |_, _, _| {
                (
                    "mutation { createApiToken(name: \"Integrazione\") { secret } }".into(),
                    json!({}),
                )
            },
        },
    ]
}

/// Operations whose rule is "only on yourself" and that `accounts.rs` tests on their own.
const SELF_SERVICE: &[&str] = &[
    "me",
    "login",
    "logout",
    "changePassword",
    "revokeApiToken",
    "myApiTokens",
];

async fn matrix(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let mut targets = Targets::default();
    let tables = app.services.tables();
    for role in Role::ALL {
        let org = fixtures::organization(&app.services, &format!("Ente {role:?}")).await?;
        targets.organization.insert(key(role), org.id.to_string());
        let email = format!("target-{role:?}@test.example").to_lowercase();
        let person =
            fixtures::person(&app.services, "Target", &email, InstanceRole::User, None).await?;
        targets.person.insert(key(role), person.id.to_string());
        let seated = fixtures::organization(&app.services, &format!("Sede {role:?}")).await?;
        let seat = tables
            .add_seat(&Actor::System, world.table.id, seated.id)
            .await?;
        targets.seat.insert(key(role), seat.id.to_string());
        let email = format!("former-{role:?}@test.example").to_lowercase();
        let former =
            fixtures::person(&app.services, "Former", &email, InstanceRole::User, None).await?;
        let membership = tables
            .add_membership(
                &Actor::System,
                world.table.id,
                former.id,
                MembershipRole::Observer,
            )
            .await?;
        targets
            .membership
            .insert(key(role), membership.id.to_string());
    }
    let mut clients = Vec::new();
    for role in Role::ALL {
        let client = match role.email() {
            Some(email) => app.signed_in(&email).await?,
            None => app.client(),
        };
        clients.push((role, client));
    }
    let admin: &Client = clients
        .iter()
        .find(|(r, _)| *r == Admin)
        .map(|(_, c)| c)
        .ok_or_else(|| anyhow::anyhow!("no admin"))?;

    let mut failures = Vec::new();
    for (index, operation) in operations().iter().enumerate() {
        for (role, client) in &clients {
            let (query, variables) = (operation.request)(&world, &targets, *role);
            let before = audit_total(admin).await?;
            let response = client.gql(&query, variables).await?;
            let allowed = operation.allowed.contains(role);
            let outcome = if response.is_ok() {
                "allowed"
            } else if matches!(
                response.code(),
                Some("FORBIDDEN" | "UNAUTHENTICATED" | "NOT_FOUND")
            ) {
                "refused"
            } else {
                "failed"
            };
            let expected = if allowed { "allowed" } else { "refused" };
            if outcome != expected {
                failures.push(format!(
                    "#{index} {:?} as {role:?}: expected {expected}, got {outcome}: {}",
                    operation.fields, response.body
                ));
            }
            if !allowed && audit_total(admin).await? != before {
                failures.push(format!(
                    "#{index} {:?} as {role:?}: refused but wrote to the audit log",
                    operation.fields
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "permission matrix violations:\n{}",
        failures.join("\n")
    );
    Ok(())
}
on_both_databases!(every_role_against_every_operation, matrix);

/// A new query or mutation without a row in the matrix (or an explicit exemption) fails here.
#[test]
fn matrix_covers_every_root_field() -> anyhow::Result<()> {
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

    let document = async_graphql::parser::parse_schema(tavolo_graphql::export_sdl())?;
    let mut root_fields = BTreeSet::new();
    for definition in document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = ty.node;
        if !matches!(ty.name.node.as_str(), "Query" | "Mutation") {
            continue;
        }
        if let TypeKind::Object(object) = ty.kind {
            root_fields.extend(
                object
                    .fields
                    .into_iter()
                    .map(|f| f.node.name.node.to_string()),
            );
        }
    }
    let covered: BTreeSet<String> = operations()
        .iter()
        .flat_map(|op| op.fields.iter())
        .chain(SELF_SERVICE)
        .map(|f| (*f).to_owned())
        .collect();
    let missing: Vec<_> = root_fields.difference(&covered).collect();
    assert!(
        root_fields.len() > 10,
        "could not read the root fields from the SDL"
    );
    assert!(
        missing.is_empty(),
        "root fields without a permission rule in the matrix: {missing:?}"
    );
    Ok(())
}
