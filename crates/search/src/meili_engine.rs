//! The production engine: a Meilisearch server through `meilisearch-sdk`. Index settings (searchable, filterable
//! and sortable attributes, Italian and English, synonyms) are applied on connect; every task is awaited and a
//! failed one is an error, never silence.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use meilisearch_sdk::client::Client;
use meilisearch_sdk::documents::DocumentDeletionQuery;
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::settings::{LocalizedAttributes, Settings};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;

use crate::{
    DocumentKind, FacetCount, Hit, Readers, SearchDocument, SearchEngine, SearchError,
    SearchRequest, SearchResults, SearchSort, Synonyms,
};

/// Marks Meilisearch puts around matches; replaced by `<mark>` once the rest of the text is escaped.
const PRE: &str = "\u{1}";
const POST: &str = "\u{2}";
const TASK_TIMEOUT: Duration = Duration::from_secs(120);
/// (Meilisearch attribute, facet name in results).
const FACETS: [(&str, &str); 6] = [
    ("kind", "kind"),
    ("table_id", "table"),
    ("themes", "theme"),
    ("target_groups", "targetGroup"),
    ("territory", "territory"),
    ("year", "year"),
];

#[derive(Debug, Serialize, Deserialize)]
struct MeiliDocument {
    /// Meilisearch ids allow letters, digits, `-` and `_`: `decision:12` becomes `decision-12`.
    key: String,
    id: String,
    scope: String,
    kind: String,
    title: String,
    body: String,
    url: String,
    table_id: Option<i64>,
    date: i64,
    year: i32,
    themes: Vec<String>,
    target_groups: Vec<String>,
    territory: Option<String>,
    readers: Vec<String>,
}

impl From<&SearchDocument> for MeiliDocument {
    fn from(d: &SearchDocument) -> Self {
        Self {
            key: key(&d.id),
            id: d.id.clone(),
            scope: d.scope.clone(),
            kind: d.kind.as_str().to_owned(),
            title: d.title.clone(),
            body: d.body.clone(),
            url: d.url.clone(),
            table_id: d.table_id,
            date: d.date.timestamp(),
            year: d.date.year(),
            themes: d.themes.clone(),
            target_groups: d.target_groups.clone(),
            territory: d.territory.clone(),
            readers: d.readers.clone(),
        }
    }
}

fn key(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn failed(err: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(err.to_string())
}

/// A filter value as a quoted Meilisearch string.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace(PRE, "<mark>")
        .replace(POST, "</mark>")
}

#[derive(Debug, Clone)]
pub struct MeiliEngine {
    client: Client,
    index: Index,
    ready: Arc<OnceCell<()>>,
}

/// Each member of a group maps to the others, as Meilisearch wants.
fn synonym_map(synonyms: &Synonyms) -> HashMap<String, Vec<String>> {
    let mut map = HashMap::new();
    for group in synonyms.groups() {
        for member in &group {
            let others = group.iter().filter(|m| *m != member).cloned().collect();
            map.insert(member.clone(), others);
        }
    }
    map
}

impl MeiliEngine {
    /// A client for the server; nothing is sent until the first use, so a server that is down at start only
    /// delays the index (changes wait in the database's log).
    pub fn new(url: &str, api_key: Option<&str>, index_uid: &str) -> Result<Self, SearchError> {
        let client = Client::new(url, api_key).map_err(failed)?;
        Ok(Self {
            index: client.index(index_uid),
            client,
            ready: Arc::new(OnceCell::new()),
        })
    }

    /// Creates the index when missing and applies its settings, once per process, waiting for each task.
    async fn ready(&self) -> Result<(), SearchError> {
        self.ready
            .get_or_try_init(|| async {
                let created = self
                    .client
                    .create_index(&self.index.uid, Some("key"))
                    .await
                    .map_err(failed)?;
                // An index that already exists is what a restart finds: its creation task fails harmlessly.
                let _ = created
                    .wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
                    .await;
                let settings = Settings::new()
                    .with_searchable_attributes(["title", "body"])
                    .with_filterable_attributes([
                        "readers",
                        "kind",
                        "table_id",
                        "themes",
                        "target_groups",
                        "territory",
                        "year",
                        "scope",
                    ])
                    .with_sortable_attributes(["date"])
                    .with_localized_attributes([LocalizedAttributes {
                        locales: vec!["ita".into(), "eng".into()],
                        attribute_patterns: vec!["title".into(), "body".into()],
                    }])
                    .with_synonyms(synonym_map(&Synonyms::default()));
                self.wait(self.index.set_settings(&settings).await).await
            })
            .await
            .map(|_| ())
    }

    /// Deletes the index (tests use one index per run).
    pub async fn drop_index(self) -> Result<(), SearchError> {
        let task = self.client.delete_index(&self.index.uid).await;
        self.wait(task).await
    }

    async fn wait(
        &self,
        task: Result<TaskInfo, meilisearch_sdk::errors::Error>,
    ) -> Result<(), SearchError> {
        let task = task.map_err(failed)?;
        match task
            .wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
            .await
            .map_err(failed)?
        {
            Task::Failed { content } => Err(SearchError::Engine(content.error.to_string())),
            _ => Ok(()),
        }
    }

    fn filter(request: &SearchRequest) -> Option<String> {
        let mut parts = Vec::new();
        match &request.readers {
            Readers::All => {}
            Readers::Tokens(tokens) => {
                let list: Vec<String> = tokens.iter().map(|t| quoted(t)).collect();
                parts.push(format!("readers IN [{}]", list.join(", ")));
            }
        }
        if !request.kinds.is_empty() {
            let list: Vec<String> = request.kinds.iter().map(|k| quoted(k.as_str())).collect();
            parts.push(format!("kind IN [{}]", list.join(", ")));
        }
        if let Some(table) = request.table_id {
            parts.push(format!("table_id = {table}"));
        }
        for (attribute, value) in [
            ("themes", &request.theme),
            ("target_groups", &request.target_group),
            ("territory", &request.territory),
        ] {
            if let Some(value) = value {
                parts.push(format!("{attribute} = {}", quoted(value)));
            }
        }
        if let Some(year) = request.year {
            parts.push(format!("year = {year}"));
        }
        (!parts.is_empty()).then(|| parts.join(" AND "))
    }
}

/// The words of a query, or nothing when it has none (punctuation only): Meilisearch then lists everything.
fn words(text: &str) -> String {
    crate::synonyms::words(text).join(" ")
}

#[async_trait]
impl SearchEngine for MeiliEngine {
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError> {
        self.ready().await?;
        let documents: Vec<MeiliDocument> = documents.iter().map(MeiliDocument::from).collect();
        self.wait(self.index.add_or_replace(&documents, Some("key")).await)
            .await
    }

    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        self.ready().await?;
        let keys: Vec<String> = ids.iter().map(|id| key(id)).collect();
        self.wait(self.index.delete_documents(&keys).await).await
    }

    async fn replace_scope(
        &self,
        scope: String,
        documents: Vec<SearchDocument>,
    ) -> Result<(), SearchError> {
        self.ready().await?;
        let filter = format!("scope = {}", quoted(&scope));
        let mut deletion = DocumentDeletionQuery::new(&self.index);
        deletion.with_filter(&filter);
        self.wait(self.index.delete_documents_with(&deletion).await)
            .await?;
        if documents.is_empty() {
            return Ok(());
        }
        self.upsert(documents).await
    }

    async fn clear(&self) -> Result<(), SearchError> {
        self.ready().await?;
        self.wait(self.index.delete_all_documents().await).await
    }

    async fn search(&self, request: SearchRequest) -> Result<SearchResults, SearchError> {
        request.check()?;
        if matches!(&request.readers, Readers::Tokens(tokens) if tokens.is_empty()) {
            return Ok(SearchResults::default());
        }
        self.ready().await?;
        let text = words(&request.text);
        let filter = Self::filter(&request);
        let facets: Vec<&str> = FACETS.iter().map(|(attribute, _)| *attribute).collect();
        let newest = ["date:desc"];
        let mut query = self.index.search();
        query
            .with_query(&text)
            .with_offset(request.offset)
            .with_limit(request.first)
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_facets(Selectors::Some(&facets))
            .with_attributes_to_crop(Selectors::Some(&[("body", Some(30))]))
            .with_attributes_to_highlight(Selectors::Some(&["body", "title"]))
            .with_highlight_pre_tag(PRE)
            .with_highlight_post_tag(POST);
        if text.is_empty() || request.sort == SearchSort::Newest {
            query.with_sort(&newest);
        }
        if let Some(filter) = &filter {
            query.with_filter(filter);
        }
        let results = query.execute::<MeiliDocument>().await.map_err(failed)?;
        let hits = results
            .hits
            .into_iter()
            .map(|hit| {
                let formatted = hit.formatted_result.as_ref();
                let body = formatted
                    .and_then(|f| f.get("body"))
                    .and_then(|b| b.as_str())
                    .filter(|b| !b.is_empty())
                    .or_else(|| {
                        formatted
                            .and_then(|f| f.get("title"))
                            .and_then(|t| t.as_str())
                    })
                    .unwrap_or_default();
                let d = hit.result;
                Hit {
                    kind: DocumentKind::parse(&d.kind).unwrap_or(DocumentKind::Practice),
                    snippet: escape(body),
                    id: d.id,
                    title: d.title,
                    url: d.url,
                    table_id: d.table_id,
                    date: DateTime::<Utc>::from_timestamp(d.date, 0).unwrap_or_default(),
                }
            })
            .collect();
        let distribution = results.facet_distribution.unwrap_or_default();
        let mut facets = BTreeMap::new();
        for (attribute, name) in FACETS {
            let mut values: Vec<FacetCount> = distribution
                .get(attribute)
                .map(|counts| {
                    counts
                        .iter()
                        .map(|(value, count)| FacetCount {
                            value: value.clone(),
                            count: *count as u64,
                        })
                        .collect()
                })
                .unwrap_or_default();
            values.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
            facets.insert(name, values);
        }
        Ok(SearchResults {
            total: results
                .estimated_total_hits
                .or(results.total_hits)
                .unwrap_or(0) as u64,
            hits,
            facets,
        })
    }

    async fn set_synonyms(&self, synonyms: Synonyms) -> Result<(), SearchError> {
        self.ready().await?;
        self.wait(self.index.set_synonyms(&synonym_map(&synonyms)).await)
            .await
    }
}
