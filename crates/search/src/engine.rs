//! The one interface every search engine implements, and the request and result shapes they share.

use std::collections::BTreeMap;

use async_trait::async_trait;

use crate::{DocumentKind, SearchDocument, Synonyms};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The request itself is unusable (too long, a page too large); the caller's to fix.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        /// The largest accepted value (characters of a query, rows of a page).
        max: usize,
        message: String,
    },
    /// The engine failed or is unreachable; the index catches up once it is back.
    #[error("search engine: {0}")]
    Engine(String),
}

/// Whose documents a query may see: every document (administrators), or those carrying one of these tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readers {
    All,
    Tokens(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchSort {
    #[default]
    Relevance,
    Newest,
}

/// A query: words (empty for the newest documents), filters on facets, the caller's readers and a page.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub text: String,
    pub readers: Readers,
    pub kinds: Vec<DocumentKind>,
    pub table_id: Option<i64>,
    pub theme: Option<String>,
    pub target_group: Option<String>,
    pub territory: Option<String>,
    pub year: Option<i32>,
    pub sort: SearchSort,
    pub first: usize,
    pub offset: usize,
}

impl SearchRequest {
    pub const MAX_PAGE: usize = 100;
    pub const MAX_QUERY_CHARS: usize = 500;
    /// How deep a caller may page: engines reserve room for `offset + first` hits, so the sum is bounded.
    pub const MAX_WINDOW: usize = 10_000;

    pub fn new(text: &str, readers: Readers) -> Self {
        Self {
            text: text.to_owned(),
            readers,
            kinds: Vec::new(),
            table_id: None,
            theme: None,
            target_group: None,
            territory: None,
            year: None,
            sort: SearchSort::default(),
            first: 20,
            offset: 0,
        }
    }

    /// Bounds every engine enforces the same way.
    pub fn check(&self) -> Result<(), SearchError> {
        if self.text.chars().count() > Self::MAX_QUERY_CHARS {
            return Err(SearchError::Invalid {
                field: "query",
                max: Self::MAX_QUERY_CHARS,
                message: format!("must be at most {} characters", Self::MAX_QUERY_CHARS),
            });
        }
        if self.first > Self::MAX_PAGE {
            return Err(SearchError::Invalid {
                field: "first",
                max: Self::MAX_PAGE,
                message: format!("must be at most {}", Self::MAX_PAGE),
            });
        }
        if self.offset.saturating_add(self.first) > Self::MAX_WINDOW {
            return Err(SearchError::Invalid {
                field: "offset",
                max: Self::MAX_WINDOW.saturating_sub(self.first),
                message: format!(
                    "offset and first together must be at most {}",
                    Self::MAX_WINDOW
                ),
            });
        }
        Ok(())
    }
}

/// One result: the document's identity and display, and a snippet with the matches in `<mark>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub kind: DocumentKind,
    pub title: String,
    pub url: String,
    pub table_id: Option<i64>,
    pub date: chrono::DateTime<chrono::Utc>,
    /// Escaped text with `<mark>` around matched words.
    pub snippet: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    pub total: u64,
    pub hits: Vec<Hit>,
    /// Counts over every match the caller may read, by facet (`kind`, `table`, `theme`, `targetGroup`,
    /// `territory`, `year`).
    pub facets: BTreeMap<&'static str, Vec<FacetCount>>,
}

#[async_trait]
pub trait SearchEngine: Send + Sync + std::fmt::Debug {
    /// Adds or replaces documents (by id).
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError>;
    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError>;
    /// Replaces every document of a scope with these, at once.
    async fn replace_scope(
        &self,
        scope: String,
        documents: Vec<SearchDocument>,
    ) -> Result<(), SearchError>;
    /// Replaces several scopes' documents; engines that commit (the embedded one) do it in one commit, which is
    /// what keeps indexing up with a burst of changes.
    async fn replace_scopes(
        &self,
        scopes: Vec<(String, Vec<SearchDocument>)>,
    ) -> Result<(), SearchError> {
        for (scope, documents) in scopes {
            self.replace_scope(scope, documents).await?;
        }
        Ok(())
    }
    /// Removes every document (before a rebuild).
    async fn clear(&self) -> Result<(), SearchError>;
    async fn search(&self, request: SearchRequest) -> Result<SearchResults, SearchError>;
    /// Replaces the synonyms the next queries use.
    async fn set_synonyms(&self, synonyms: Synonyms) -> Result<(), SearchError>;
    /// Lets go of anything that keeps other processes from writing (the embedded engine's writer lock), once this
    /// process no longer holds the indexer's lease. Engines behind a server have nothing to let go of.
    async fn stand_down(&self) -> Result<(), SearchError> {
        Ok(())
    }
}
