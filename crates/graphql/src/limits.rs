//! Request-shape limits async-graphql does not have: a cap on aliases and repeated fields, so one request cannot
//! repeat a field (a sign-in, an expensive search) hundreds of times, under different names or the same; and the cost
//! of lists in the complexity limit.

use async_graphql::Positioned;
use async_graphql::parser::types::{Selection, SelectionSet};
use tavolo_service::{Bounds, Problem, Reason, ServiceError};

use crate::error::ApiError;

/// Aliased or repeated fields allowed in one document: the web UI's largest query uses a handful.
pub const MAX_ALIASES: usize = 30;

/// Refuses a query with more than [`MAX_ALIASES`] aliased fields or repetitions of a field in one selection (which
/// GraphQL merges into one answer, but which would otherwise slip past the alias cap), before it is executed. Not a schema extension:
/// any extension makes async-graphql route every field's resolution through it, a cost on every response. The
/// document is parsed once and kept in the request for the execution; a query that does not parse passes here
/// and is reported by the execution itself.
pub fn check_aliases(
    request: &mut async_graphql::Request,
) -> Result<(), async_graphql::ServerError> {
    let Ok(document) = request.parsed_query() else {
        return Ok(());
    };
    let sets = document
        .operations
        .iter()
        .map(|(_, op)| &op.node.selection_set)
        .chain(document.fragments.values().map(|f| &f.node.selection_set));
    let aliases: usize = sets.map(count_aliases).sum();
    if aliases <= MAX_ALIASES {
        return Ok(());
    }
    let error: async_graphql::Error = ApiError(ServiceError::invalid(
        "query",
        Problem::new(
            Reason::TooMany,
            format!(
                "the request uses {aliases} aliased or repeated fields; at most {MAX_ALIASES} are allowed"
            ),
        )
        .with_bounds(Bounds::max(MAX_ALIASES)),
    ))
    .into();
    Err(error.into_server_error(Default::default()))
}

/// Refuses a request carrying a NUL character in any string, in its variables or written in the document: no field
/// takes one, PostgreSQL cannot store one, and a rule forgetting to check would otherwise turn it into a 500.
pub fn check_strings(request: &async_graphql::Request) -> Result<(), async_graphql::ServerError> {
    let in_variables = request
        .variables
        .iter()
        .find(|(_, value)| holds_nul(value))
        .map(|(name, _)| name.to_string());
    let in_query = request.query.contains('\0') || request.query.contains("\\u0000");
    let field = match (in_variables, in_query) {
        (Some(name), _) => name,
        (None, true) => "query".to_owned(),
        (None, false) => return Ok(()),
    };
    let error: async_graphql::Error = ApiError(ServiceError::validation(
        &field,
        Reason::ControlCharacters,
        "must not contain NUL characters",
    ))
    .into();
    Err(error.into_server_error(Default::default()))
}

fn holds_nul(value: &async_graphql::Value) -> bool {
    match value {
        async_graphql::Value::String(text) => text.contains('\0'),
        async_graphql::Value::List(items) => items.iter().any(holds_nul),
        async_graphql::Value::Object(fields) => fields.values().any(holds_nul),
        _ => false,
    }
}

fn count_aliases(set: &Positioned<SelectionSet>) -> usize {
    let mut seen = std::collections::HashSet::new();
    set.node
        .items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                let field = &field.node;
                let extra = field.alias.is_some() || !seen.insert(field.name.node.as_str());
                usize::from(extra) + count_aliases(&field.selection_set)
            }
            Selection::InlineFragment(fragment) => count_aliases(&fragment.node.selection_set),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// What a list field costs in the complexity limit, per unit of what each element selects: a bounded estimate of a
/// list's length, so that nesting lists (a table's memberships, each person's memberships, each table's ...)
/// multiplies its cost instead of adding it.
pub const LIST_COST: usize = 10;
