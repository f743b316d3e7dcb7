//! Hostile input, generated from the schema: every mutation receives, in every argument and every field of its input
//! objects, the values an attacker or a broken client sends (huge, negative and overflowing numbers, very long
//! strings, control characters, unknown and malformed ids). Whatever the mutation, the answer is a client error with
//! a code or a success, never a 5xx or an INTERNAL error, and a refused request writes nothing.

use std::collections::BTreeMap;

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};
use serde_json::{Value, json};
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, Client, TestApp};

use crate::directory::audit_total;

/// One way of being hostile: the value it gives each scalar type.
#[derive(Debug, Clone, Copy)]
enum Flavor {
    Huge,
    Negative,
    Overflowing,
    LongText,
    ControlCharacters,
    Nul,
    UnknownIds,
    MalformedIds,
}

const FLAVORS: [Flavor; 8] = [
    Flavor::Huge,
    Flavor::Negative,
    Flavor::Overflowing,
    Flavor::LongText,
    Flavor::ControlCharacters,
    Flavor::Nul,
    Flavor::UnknownIds,
    Flavor::MalformedIds,
];

/// Mutations that end the caller's own session: the walk would sign itself out.
const SKIPPED: &[&str] = &["logout"];

struct Schema {
    mutations: Vec<(String, Vec<(String, Type)>)>,
    inputs: BTreeMap<String, Vec<(String, Type)>>,
    enums: BTreeMap<String, String>,
}

fn schema() -> anyhow::Result<Schema> {
    let document = async_graphql::parser::parse_schema(tavolo_graphql::export_sdl())?;
    let mut schema = Schema {
        mutations: Vec::new(),
        inputs: BTreeMap::new(),
        enums: BTreeMap::new(),
    };
    for definition in document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let name = ty.node.name.node.to_string();
        match ty.node.kind {
            TypeKind::Object(object) if name == "Mutation" => {
                for field in object.fields {
                    let arguments = field
                        .node
                        .arguments
                        .iter()
                        .map(|a| (a.node.name.node.to_string(), a.node.ty.node.clone()))
                        .collect();
                    schema
                        .mutations
                        .push((field.node.name.node.to_string(), arguments));
                }
            }
            TypeKind::InputObject(input) => {
                let fields = input
                    .fields
                    .iter()
                    .map(|f| (f.node.name.node.to_string(), f.node.ty.node.clone()))
                    .collect();
                schema.inputs.insert(name, fields);
            }
            TypeKind::Enum(values) => {
                if let Some(first) = values.values.first() {
                    schema.enums.insert(name, first.node.value.node.to_string());
                }
            }
            _ => {}
        }
    }
    Ok(schema)
}

/// The long text goes into the first text of a request only, so the body stays under the server's 1 MiB limit and
/// the text reaches the rules (a larger body is refused whole, as `http.rs` checks).
const LONG_TEXT: usize = 1_000_000 - 48 * 1024;

fn value(schema: &Schema, ty: &Type, flavor: Flavor, depth: usize, long_left: &mut bool) -> Value {
    match &ty.base {
        BaseType::List(inner) => json!([value(schema, inner, flavor, depth, long_left)]),
        BaseType::Named(name) => scalar(schema, name.as_str(), flavor, depth, long_left),
    }
}

fn scalar(
    schema: &Schema,
    name: &str,
    flavor: Flavor,
    depth: usize,
    long_left: &mut bool,
) -> Value {
    if let Some(fields) = schema.inputs.get(name) {
        if depth > 3 {
            return Value::Null;
        }
        let object: serde_json::Map<String, Value> = fields
            .iter()
            .map(|(field, ty)| {
                (
                    field.clone(),
                    value(schema, ty, flavor, depth + 1, long_left),
                )
            })
            .collect();
        return Value::Object(object);
    }
    if let Some(first) = schema.enums.get(name) {
        return json!(first);
    }
    match (name, flavor) {
        ("Int", Flavor::Huge) => json!(i32::MAX),
        ("Int", Flavor::Negative) => json!(-1),
        ("Int", Flavor::Overflowing) => json!(i64::MAX),
        ("Int", _) => json!(i32::MIN),
        ("Float", Flavor::Negative) => json!(-1e308),
        ("Float", _) => json!(1e308),
        ("Boolean", _) => json!(true),
        ("ID", Flavor::UnknownIds) => json!("999999999"),
        ("ID", Flavor::MalformedIds) => json!("1; DROP TABLE people"),
        ("ID", Flavor::Overflowing) => json!("99999999999999999999999"),
        ("ID", Flavor::Negative) => json!("-1"),
        ("ID", _) => json!("0"),
        ("NaiveDate", Flavor::Huge) => json!("+262142-12-31"),
        ("NaiveDate", _) => json!("0000-02-30"),
        ("DateTime", _) => json!("9999-99-99T99:99:99Z"),
        (_, Flavor::LongText) if std::mem::take(long_left) => json!("a".repeat(LONG_TEXT)),
        (_, Flavor::LongText) => json!("a"),
        (_, Flavor::ControlCharacters) => {
            json!("Nome\u{1b}[31m\r\nBcc: x@evil.example\u{202e}\u{7}")
        }
        (_, Flavor::Nul) => json!("Nome\u{0}"),
        (_, Flavor::Huge) => json!("9".repeat(400)),
        _ => json!(""),
    }
}

fn type_text(ty: &Type) -> String {
    ty.to_string()
}

async fn hostile(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let schema = schema()?;
    assert!(
        schema.mutations.len() > 50,
        "the walk found only {} mutations",
        schema.mutations.len()
    );
    let mut failures = Vec::new();
    let mut requests = 0;
    let mut answers: BTreeMap<String, usize> = BTreeMap::new();
    for (mutation, arguments) in schema
        .mutations
        .iter()
        .filter(|(m, _)| !SKIPPED.contains(&m.as_str()))
    {
        for flavor in FLAVORS {
            let declared: Vec<String> = arguments
                .iter()
                .map(|(name, ty)| format!("${name}: {}", type_text(ty)))
                .collect();
            let passed: Vec<String> = arguments
                .iter()
                .map(|(name, _)| format!("{name}: ${name}"))
                .collect();
            let mut long_left = true;
            let variables: serde_json::Map<String, Value> = arguments
                .iter()
                .map(|(name, ty)| (name.clone(), value(&schema, ty, flavor, 0, &mut long_left)))
                .collect();
            let call = if passed.is_empty() {
                mutation.clone()
            } else {
                format!("{mutation}({})", passed.join(", "))
            };
            let head = if declared.is_empty() {
                String::new()
            } else {
                format!("({})", declared.join(", "))
            };
            let query = format!("mutation{head} {{ {call} {{ __typename }} }}");
            // Scalar results take no selection.
            let query_scalar = format!("mutation{head} {{ {call} }}");
            let before = audit_total(&admin).await?;
            let mut answer = send(&admin, &query, Value::Object(variables.clone())).await?;
            if is_selection_error(&answer.1) {
                answer = send(&admin, &query_scalar, Value::Object(variables)).await?;
            }
            requests += 1;
            let (status, body) = answer;
            let refused = body.get("errors").is_some();
            let code = if refused {
                body["errors"][0]["extensions"]["code"]
                    .as_str()
                    .unwrap_or("none")
                    .to_owned()
            } else {
                "ok".to_owned()
            };
            *answers.entry(code.clone()).or_default() += 1;
            if status >= 500 || body.to_string().contains("\"INTERNAL\"") {
                failures.push(format!("{mutation} {flavor:?}: {status} {}", cut(&body)));
                continue;
            }
            if refused && body["errors"][0]["extensions"]["code"].is_null() {
                failures.push(format!(
                    "{mutation} {flavor:?}: an error without a code: {}",
                    cut(&body)
                ));
            }
            // The web UI words a refusal by its reason: one without a reason would reach the page in English.
            if matches!(code.as_str(), "VALIDATION" | "CONFLICT")
                && body["errors"][0]["extensions"]["reason"].is_null()
            {
                failures.push(format!(
                    "{mutation} {flavor:?}: a refusal without a reason: {}",
                    cut(&body)
                ));
            }
            if refused && audit_total(&admin).await? != before {
                failures.push(format!(
                    "{mutation} {flavor:?}: refused, yet something was written"
                ));
            }
        }
    }
    // The server is still there and the caller still signed in.
    admin.gql("{ me { id } }", json!({})).await?.ok();
    assert!(requests > 300, "only {requests} hostile requests were sent");
    // The values must reach the rules, not only the parser: the services refused some and accepted some.
    for (code, least) in [("VALIDATION", 100), ("NOT_FOUND", 10), ("ok", 1)] {
        assert!(
            answers.get(code).is_some_and(|n| *n >= least),
            "{answers:?}"
        );
    }
    assert!(
        failures.is_empty(),
        "hostile input got through:\n{}",
        failures.join("\n")
    );
    Ok(())
}
on_both_databases!(hostile_input_never_breaks_or_half_writes, hostile);

async fn send(client: &Client, query: &str, variables: Value) -> anyhow::Result<(u16, Value)> {
    let answer = client.gql(query, variables).await?;
    Ok((answer.status, answer.body))
}

fn is_selection_error(body: &Value) -> bool {
    body["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("must not have a selection") || m.contains("__typename"))
}

fn cut(body: &Value) -> String {
    body.to_string().chars().take(400).collect()
}
