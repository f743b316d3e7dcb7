//! Request-shape limits async-graphql does not have: a cap on aliases, so one request cannot repeat a field (a
//! sign-in, an expensive search) hundreds of times under different names.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ErrorExtensions, Positioned, ServerResult, Variables};

/// Aliased fields allowed in one document: the web UI's largest query uses a handful.
pub const MAX_ALIASES: usize = 30;

/// Refuses documents with more than [`MAX_ALIASES`] aliased fields before validation or execution.
pub struct AliasLimit;

impl ExtensionFactory for AliasLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AliasLimit)
    }
}

#[async_trait::async_trait]
impl Extension for AliasLimit {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let sets = document
            .operations
            .iter()
            .map(|(_, op)| &op.node.selection_set)
            .chain(document.fragments.values().map(|f| &f.node.selection_set));
        let aliases: usize = sets.map(count_aliases).sum();
        if aliases > MAX_ALIASES {
            let error = async_graphql::Error::new(format!(
                "the request uses {aliases} aliases; at most {MAX_ALIASES} are allowed"
            ))
            .extend_with(|_, e| e.set("code", "VALIDATION"));
            return Err(error.into_server_error(Default::default()));
        }
        Ok(document)
    }
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
