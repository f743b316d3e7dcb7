//! The embedded engine: a tantivy index on disk (or in memory for tests) with Italian and English analysis,
//! synonyms, typo tolerance, prefix matching for the last word, facet counts and snippets.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenStream,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

use crate::highlight::{Matcher, SNIPPET_BUDGET, snippet, typos_for};
use crate::{
    DocumentKind, FacetCount, Hit, Readers, SearchDocument, SearchEngine, SearchError,
    SearchRequest, SearchResults, SearchSort, Synonyms,
};

const ITALIAN: &str = "tavolo_it";
const ENGLISH: &str = "tavolo_en";
const WRITER_HEAP: usize = 50_000_000;
const FACETS: [(&str, &str); 6] = [
    ("kind", "kind"),
    ("table", "table"),
    ("theme", "theme"),
    ("target_group", "targetGroup"),
    ("territory", "territory"),
    ("year", "year"),
];

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    scope: Field,
    kind: Field,
    title: Field,
    body: Field,
    english: Field,
    url: Field,
    table: Field,
    date: Field,
    readers: Field,
    facets: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |analyzer: &str, stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        scope: builder.add_text_field("scope", STRING),
        kind: builder.add_text_field("kind", STRING | STORED),
        title: builder.add_text_field("title", text(ITALIAN, true)),
        body: builder.add_text_field("body", text(ITALIAN, true)),
        english: builder.add_text_field("english", text(ENGLISH, false)),
        url: builder.add_text_field("url", STORED),
        table: builder.add_i64_field("table", STORED),
        date: builder.add_i64_field("date", STORED | FAST),
        readers: builder.add_text_field("readers", STRING),
        facets: builder.add_facet_field("facets", FacetOptions::default()),
    };
    (builder.build(), fields)
}

fn analyzer(language: Language) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match StopWordFilter::new(language) {
        Some(stop_words) => builder
            .filter(stop_words)
            .filter(Stemmer::new(language))
            .build(),
        None => builder.filter(Stemmer::new(language)).build(),
    }
}

fn engine_error(err: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(err.to_string())
}

/// The tantivy engine; cheap to clone.
#[derive(Clone)]
pub struct TantivyEngine {
    index: Index,
    reader: IndexReader,
    /// Taken on the first write, so commands that only read (or nothing) never hold the index's write lock.
    writer: Arc<Mutex<Option<IndexWriter>>>,
    fields: Fields,
    synonyms: Arc<Mutex<Synonyms>>,
}

impl std::fmt::Debug for TantivyEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TantivyEngine").finish_non_exhaustive()
    }
}

impl TantivyEngine {
    /// The index in `dir`, created when missing; an index of an older layout is rebuilt empty (a reindex fills it).
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(engine_error)?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(engine_error)?;
        let index = match Index::open_or_create(directory, schema.clone()) {
            Ok(index) => index,
            Err(_) => {
                std::fs::remove_dir_all(dir).map_err(engine_error)?;
                std::fs::create_dir_all(dir).map_err(engine_error)?;
                Index::create_in_dir(dir, schema).map_err(engine_error)?
            }
        };
        Self::with_index(index, fields)
    }

    /// An index in memory, for tests.
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), fields)
    }

    fn with_index(index: Index, fields: Fields) -> Result<Self, SearchError> {
        index
            .tokenizers()
            .register(ITALIAN, analyzer(Language::Italian));
        index
            .tokenizers()
            .register(ENGLISH, analyzer(Language::English));
        let reader = index
            .reader_builder()
            // Commits of this process reload at once (see `write`); those of another process sharing the directory
            // (the indexer's lease moved there) are picked up when its meta file changes.
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(engine_error)?;
        Ok(Self {
            index,
            reader,
            writer: Arc::new(Mutex::new(None)),
            fields,
            synonyms: Arc::new(Mutex::new(Synonyms::default())),
        })
    }

    fn to_tantivy(&self, document: &SearchDocument) -> TantivyDocument {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &document.id);
        doc.add_text(f.scope, &document.scope);
        doc.add_text(f.kind, document.kind.as_str());
        doc.add_text(f.title, &document.title);
        doc.add_text(f.body, &document.body);
        doc.add_text(f.english, format!("{}\n{}", document.title, document.body));
        doc.add_text(f.url, &document.url);
        if let Some(table) = document.table_id {
            doc.add_i64(f.table, table);
        }
        doc.add_i64(f.date, document.date.timestamp());
        for reader in &document.readers {
            doc.add_text(f.readers, reader);
        }
        let mut facet = |name: &str, value: &str| {
            doc.add_facet(f.facets, Facet::from_path([name, value]));
        };
        facet("kind", document.kind.as_str());
        if let Some(table) = document.table_id {
            facet("table", &table.to_string());
        }
        for theme in &document.themes {
            facet("theme", theme);
        }
        for group in &document.target_groups {
            facet("target_group", group);
        }
        if let Some(territory) = &document.territory {
            facet("territory", territory);
        }
        facet("year", &document.date.year().to_string());
        doc
    }

    fn write(
        &self,
        change: impl FnOnce(&mut IndexWriter, Fields) -> tantivy::Result<()>,
    ) -> Result<(), SearchError> {
        let mut writer = self
            .writer
            .lock()
            .map_err(|_| SearchError::Engine("the index writer was poisoned".into()))?;
        let writer = match writer.as_mut() {
            Some(writer) => writer,
            None => writer.insert(self.index.writer(WRITER_HEAP).map_err(engine_error)?),
        };
        change(writer, self.fields).map_err(engine_error)?;
        writer.commit().map_err(engine_error)?;
        self.reader.reload().map_err(engine_error)
    }

    /// The words of a clause alternative as analyzed terms of one field.
    fn terms(&self, field: Field, words: &[String]) -> Result<Vec<String>, SearchError> {
        let mut analyzer = self
            .index
            .tokenizer_for_field(field)
            .map_err(engine_error)?;
        let joined = words.join(" ");
        let mut stream = analyzer.token_stream(&joined);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(stream.token().text.clone());
        }
        Ok(terms)
    }

    /// The query for the words: every clause must match in some field, through one of its alternatives;
    /// each term matches exactly, with typos by its length, and the very last as a prefix.
    fn text_query(
        &self,
        text: &str,
        matcher: &mut Matcher,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        let synonyms = self
            .synonyms
            .lock()
            .map_err(|_| SearchError::Engine("synonyms poisoned".into()))?
            .clone();
        let clauses = synonyms.clauses(text);
        let f = self.fields;
        let mut musts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // A word repeated in the query adds nothing but work: each clause is queried once (the last, typed as a
        // prefix, always).
        let mut seen = std::collections::HashSet::new();
        for (index, clause) in clauses.iter().enumerate() {
            let last_clause = index + 1 == clauses.len();
            if !seen.insert(clause) && !last_clause {
                continue;
            }
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for words in clause {
                for (field, boost) in [(f.title, 2.0), (f.body, 1.0), (f.english, 0.5)] {
                    let terms = self.terms(field, words)?;
                    if terms.is_empty() {
                        continue;
                    }
                    let mut all: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    for (position, term) in terms.iter().enumerate() {
                        let prefix =
                            last_clause && position + 1 == terms.len() && clause.len() == 1;
                        all.push((Occur::Must, term_query(field, term, prefix)));
                        if field == f.body {
                            matcher.add_term(term, prefix);
                        }
                    }
                    let alternative: Box<dyn Query> = Box::new(BooleanQuery::new(all));
                    alternatives
                        .push((Occur::Should, Box::new(BoostQuery::new(alternative, boost))));
                }
            }
            // A clause of stop words only ("di", "the") constrains nothing.
            if !alternatives.is_empty() {
                musts.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        if musts.is_empty() {
            return Ok(None);
        }
        Ok(Some(Box::new(BooleanQuery::new(musts))))
    }

    fn facet_term(&self, name: &str, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_facet(self.fields.facets, &Facet::from_path([name, value])),
            IndexRecordOption::Basic,
        ))
    }

    fn filters(&self, request: &SearchRequest) -> Vec<(Occur, Box<dyn Query>)> {
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Readers::Tokens(tokens) = &request.readers {
            let any: Vec<(Occur, Box<dyn Query>)> = tokens
                .iter()
                .map(|token| {
                    let term = Term::from_field_text(self.fields.readers, token);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            filters.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if !request.kinds.is_empty() {
            let any = request
                .kinds
                .iter()
                .map(|kind| (Occur::Should, self.facet_term("kind", kind.as_str())))
                .collect();
            filters.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        let exact = [
            ("table", request.table_id.map(|t| t.to_string())),
            ("theme", request.theme.clone()),
            ("target_group", request.target_group.clone()),
            ("territory", request.territory.clone()),
            ("year", request.year.map(|y| y.to_string())),
        ];
        for (name, value) in exact {
            if let Some(value) = value {
                filters.push((Occur::Must, self.facet_term(name, &value)));
            }
        }
        filters
    }

    fn run(&self, request: SearchRequest) -> Result<SearchResults, SearchError> {
        request.check()?;
        if matches!(&request.readers, Readers::Tokens(tokens) if tokens.is_empty()) {
            return Ok(SearchResults::default());
        }
        let mut matcher = Matcher::default();
        let text = self.text_query(&request.text, &mut matcher)?;
        let browsing = text.is_none();
        let mut parts = self.filters(&request);
        parts.push((Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery))));
        let query = BooleanQuery::new(parts);
        let searcher = self.reader.searcher();
        let mut facets = FacetCollector::for_field("facets");
        for (name, _) in FACETS {
            facets.add_facet(Facet::from_path([name]));
        }
        let limit = request.first.max(1);
        let top = TopDocs::with_limit(limit).and_offset(request.offset);
        let (addresses, total, counts): (Vec<DocAddress>, usize, _) =
            if browsing || request.sort == SearchSort::Newest {
                let (found, total, counts) = searcher
                    .search(
                        &query,
                        &(
                            top.order_by_fast_field::<i64>("date", Order::Desc),
                            Count,
                            facets,
                        ),
                    )
                    .map_err(engine_error)?;
                (found.into_iter().map(|(_, a)| a).collect(), total, counts)
            } else {
                let (found, total, counts) = searcher
                    .search(&query, &(top.order_by_score(), Count, facets))
                    .map_err(engine_error)?;
                (found.into_iter().map(|(_, a)| a).collect(), total, counts)
            };
        let mut analyzer = self
            .index
            .tokenizer_for_field(self.fields.body)
            .map_err(engine_error)?;
        matcher.deadline = Some(std::time::Instant::now() + SNIPPET_BUDGET);
        let mut hits = Vec::new();
        for address in addresses.into_iter().take(request.first) {
            let doc: TantivyDocument = searcher.doc(address).map_err(engine_error)?;
            hits.push(self.hit(&doc, &mut analyzer, &matcher));
        }
        let mut facet_counts = BTreeMap::new();
        for (name, label) in FACETS {
            let values: Vec<FacetCount> = counts
                .get(Facet::from_path([name]))
                .map(|(facet, count)| FacetCount {
                    value: facet
                        .to_path()
                        .last()
                        .map(|s| (*s).to_owned())
                        .unwrap_or_default(),
                    count,
                })
                .collect();
            facet_counts.insert(label, values);
        }
        Ok(SearchResults {
            total: total as u64,
            hits,
            facets: facet_counts,
        })
    }

    fn hit(&self, doc: &TantivyDocument, analyzer: &mut TextAnalyzer, matcher: &Matcher) -> Hit {
        let f = self.fields;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let body = text(f.body);
        let title = text(f.title);
        let source = if body.is_empty() { &title } else { &body };
        Hit {
            id: text(f.id),
            kind: DocumentKind::parse(&text(f.kind)).unwrap_or(DocumentKind::Practice),
            snippet: snippet(analyzer, source, matcher),
            title,
            url: text(f.url),
            table_id: doc.get_first(f.table).and_then(|v| v.as_i64()),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_i64())
                .and_then(|ts| DateTime::<Utc>::from_timestamp(ts, 0))
                .unwrap_or_default(),
        }
    }
}

/// A term matching exactly, with typos by its length, or (for the word being typed) as a prefix.
fn term_query(field: Field, text: &str, prefix: bool) -> Box<dyn Query> {
    let term = Term::from_field_text(field, text);
    let typos = typos_for(text);
    let exact: Box<dyn Query> =
        Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
    let mut any: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Should, Box::new(BoostQuery::new(exact, 2.0)))];
    if typos > 0 {
        any.push((
            Occur::Should,
            Box::new(FuzzyTermQuery::new(term.clone(), typos, true)),
        ));
    }
    if prefix {
        any.push((
            Occur::Should,
            Box::new(FuzzyTermQuery::new_prefix(term, 0, true)),
        ));
    }
    Box::new(BooleanQuery::new(any))
}

#[async_trait]
impl SearchEngine for TantivyEngine {
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError> {
        let engine = self.clone();
        tokio::task::spawn_blocking(move || {
            let prepared: Vec<(String, TantivyDocument)> = documents
                .iter()
                .map(|d| (d.id.clone(), engine.to_tantivy(d)))
                .collect();
            engine.write(|writer, f| {
                for (id, doc) in prepared {
                    writer.delete_term(Term::from_field_text(f.id, &id));
                    writer.add_document(doc)?;
                }
                Ok(())
            })
        })
        .await
        .map_err(engine_error)?
    }

    async fn replace_scope(
        &self,
        scope: String,
        documents: Vec<SearchDocument>,
    ) -> Result<(), SearchError> {
        self.replace_scopes(vec![(scope, documents)]).await
    }

    async fn replace_scopes(
        &self,
        scopes: Vec<(String, Vec<SearchDocument>)>,
    ) -> Result<(), SearchError> {
        let engine = self.clone();
        tokio::task::spawn_blocking(move || {
            let prepared: Vec<(String, Vec<TantivyDocument>)> = scopes
                .iter()
                .map(|(scope, documents)| {
                    let docs = documents.iter().map(|d| engine.to_tantivy(d)).collect();
                    (scope.clone(), docs)
                })
                .collect();
            engine.write(|writer, f| {
                for (scope, docs) in prepared {
                    writer.delete_term(Term::from_field_text(f.scope, &scope));
                    for doc in docs {
                        writer.add_document(doc)?;
                    }
                }
                Ok(())
            })
        })
        .await
        .map_err(engine_error)?
    }

    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        let engine = self.clone();
        tokio::task::spawn_blocking(move || {
            engine.write(|writer, f| {
                for id in ids {
                    writer.delete_term(Term::from_field_text(f.id, &id));
                }
                Ok(())
            })
        })
        .await
        .map_err(engine_error)?
    }

    async fn clear(&self) -> Result<(), SearchError> {
        let engine = self.clone();
        tokio::task::spawn_blocking(move || {
            engine.write(|writer, _| writer.delete_all_documents().map(|_| ()))
        })
        .await
        .map_err(engine_error)?
    }

    async fn set_synonyms(&self, synonyms: Synonyms) -> Result<(), SearchError> {
        let mut current = self
            .synonyms
            .lock()
            .map_err(|_| SearchError::Engine("synonyms poisoned".into()))?;
        *current = synonyms;
        Ok(())
    }

    async fn stand_down(&self) -> Result<(), SearchError> {
        let writer = self
            .writer
            .lock()
            .map_err(|_| SearchError::Engine("the index writer was poisoned".into()))?
            .take();
        // Every write committed already; dropping the writer waits for its merge threads, so off the runtime.
        if let Some(writer) = writer {
            tokio::task::spawn_blocking(move || drop(writer))
                .await
                .map_err(engine_error)?;
        }
        Ok(())
    }

    async fn search(&self, request: SearchRequest) -> Result<SearchResults, SearchError> {
        let engine = self.clone();
        tokio::task::spawn_blocking(move || engine.run(request))
            .await
            .map_err(engine_error)?
    }
}
