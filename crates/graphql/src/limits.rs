//! Request-shape limits async-graphql does not have: a cap on aliases, so one request cannot repeat a field (a
//! sign-in, an expensive search) hundreds of times under different names.

use async_graphql::parser::types::{Selection, SelectionSet};
use async_graphql::{ErrorExtensions, Positioned};

/// Aliased fields allowed in one document: the web UI's largest query uses a handful.
pub const MAX_ALIASES: usize = 30;

/// Refuses a query with more than [`MAX_ALIASES`] aliased fields, before it is executed. Not a schema extension:
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
    let error = async_graphql::Error::new(format!(
        "the request uses {aliases} aliases; at most {MAX_ALIASES} are allowed"
    ))
    .extend_with(|_, e| e.set("code", "VALIDATION"));
    Err(error.into_server_error(Default::default()))
}

fn count_aliases(set: &Positioned<SelectionSet>) -> usize {
    set.node
        .items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some()) + count_aliases(&field.node.selection_set)
            }
            Selection::InlineFragment(fragment) => count_aliases(&fragment.node.selection_set),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}
