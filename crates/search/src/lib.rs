//! Full-text search over Tavolo's records: the documents and requests every engine shares, the domain's
//! synonyms, and the engines — tantivy on disk by default. Each document carries the access tokens of who may read
//! it and every query filters by the caller's tokens inside the engine, so totals, pages, facets and snippets never
//! show what the caller may not read.

#[cfg(test)]
mod conformance;
mod document;
mod engine;
mod highlight;
mod meili_engine;
mod synonyms;
mod tantivy_engine;

pub use document::{DocumentKind, SearchDocument};
pub use engine::{
    FacetCount, Hit, Readers, SearchEngine, SearchError, SearchRequest, SearchResults, SearchSort,
};
pub use meili_engine::MeiliEngine;
pub use synonyms::Synonyms;
pub use tantivy_engine::TantivyEngine;
