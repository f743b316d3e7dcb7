//! The conformance suite every engine passes: the same documents, the same queries, the same results, the
//! permission cases included. The embedded engine runs it always; other engines when their server is reachable.

use chrono::{TimeZone, Utc};

use crate::{
    DocumentKind, Readers, SearchDocument, SearchEngine, SearchError, SearchRequest, SearchSort,
};

fn document(
    id: &str,
    kind: DocumentKind,
    title: &str,
    body: &str,
    readers: &[&str],
    year: i32,
    month: u32,
) -> SearchDocument {
    SearchDocument {
        id: id.to_owned(),
        scope: id.to_owned(),
        kind,
        title: title.to_owned(),
        body: body.to_owned(),
        url: format!("/{id}"),
        table_id: None,
        date: Utc
            .with_ymd_and_hms(year, month, 1, 9, 0, 0)
            .single()
            .unwrap_or_default(),
        themes: Vec::new(),
        target_groups: Vec::new(),
        territory: None,
        readers: readers.iter().map(|r| (*r).to_owned()).collect(),
    }
}

pub(crate) fn corpus() -> Vec<SearchDocument> {
    let mut housing = document(
        "practice:1",
        DocumentKind::Practice,
        "Sportello casa per famiglie con minori",
        "Uno sportello comunale accompagna le famiglie con minori nella ricerca di un alloggio.",
        &["public"],
        2026,
        3,
    );
    housing.themes = vec!["housing".into()];
    housing.target_groups = vec!["families_with_minors".into()];
    housing.territory = Some("Grosseto".into());
    let mut decision = document(
        "decision:2",
        DocumentKind::Decision,
        "Sportelli nelle scuole",
        "Il tavolo decide di aprire gli sportelli di prossimità nelle scuole di Follonica.",
        &["table:3:members"],
        2026,
        10,
    );
    decision.table_id = Some(3);
    let mut minutes = document(
        "minutes_item:3",
        DocumentKind::MinutesItem,
        "Seduta di ottobre: progetti in corso",
        "Si discute del progetto FAMI e dei minori stranieri non accompagnati ospitati nel CAS di Grosseto.",
        &["table:3:minutes"],
        2026,
        10,
    );
    minutes.table_id = Some(3);
    let mut mediation = document(
        "practice:4",
        DocumentKind::Practice,
        "Mediazione interculturale negli ospedali",
        "Mediatori culturali presenti nei reparti dell'azienda sanitaria, su chiamata.",
        &["signed_in"],
        2025,
        6,
    );
    mediation.themes = vec!["health".into(), "mediation".into()];
    let mut meeting = document(
        "meeting:5",
        DocumentKind::Meeting,
        "Seduta plenaria di avvio",
        "Insediamento del tavolo e regole di funzionamento.",
        &["public"],
        2025,
        12,
    );
    meeting.table_id = Some(7);
    vec![housing, decision, minutes, mediation, meeting]
}

fn visitor() -> Readers {
    Readers::Tokens(vec!["public".into()])
}

fn member() -> Readers {
    Readers::Tokens(vec![
        "public".into(),
        "signed_in".into(),
        "table:3:members".into(),
        "table:3:minutes".into(),
    ])
}

fn outsider() -> Readers {
    Readers::Tokens(vec!["public".into(), "signed_in".into()])
}

async fn ids(
    engine: &dyn SearchEngine,
    request: SearchRequest,
) -> Result<Vec<String>, SearchError> {
    Ok(engine
        .search(request)
        .await?
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect())
}

/// Runs every case against `engine`, which must start empty.
pub(crate) async fn run(engine: &dyn SearchEngine) -> Result<(), SearchError> {
    engine.upsert(corpus()).await?;

    // Words, stems and accents.
    assert_eq!(
        ids(engine, SearchRequest::new("sportello", visitor())).await?,
        ["practice:1"]
    );
    assert_eq!(
        ids(engine, SearchRequest::new("sportelli scuole", member())).await?,
        ["decision:2"]
    );
    assert_eq!(
        ids(engine, SearchRequest::new("prossimita", member())).await?,
        ["decision:2"]
    );
    // Typos, and the last word as a prefix while typing.
    assert_eq!(
        ids(engine, SearchRequest::new("sportelo casa", visitor())).await?,
        ["practice:1"]
    );
    assert_eq!(
        ids(engine, SearchRequest::new("accompagnatti", member()))
            .await?
            .first()
            .map(String::as_str),
        Some("minutes_item:3")
    );
    assert_eq!(
        ids(engine, SearchRequest::new("mediaz", outsider())).await?,
        ["practice:4"]
    );
    // Synonyms and acronyms, both ways.
    assert_eq!(
        ids(engine, SearchRequest::new("AMIF", member())).await?,
        ["minutes_item:3"]
    );
    assert_eq!(
        ids(engine, SearchRequest::new("MSNA", member())).await?,
        ["minutes_item:3"]
    );
    assert_eq!(
        ids(engine, SearchRequest::new("ASL", outsider())).await?,
        ["practice:4"]
    );

    // Permissions inside the engine: totals, facets and hits never include what the caller may not read.
    let hidden = engine
        .search(SearchRequest::new("sportelli scuole", outsider()))
        .await?;
    assert_eq!(hidden.total, 0);
    assert!(hidden.hits.is_empty());
    let found = engine
        .search(SearchRequest::new("sportell", visitor()))
        .await?;
    assert_eq!(found.total, 1);
    let kinds = &found.facets["kind"];
    assert_eq!(kinds.len(), 1);
    assert_eq!((kinds[0].value.as_str(), kinds[0].count), ("practice", 1));
    assert!(
        found.hits[0].snippet.contains("<mark>"),
        "{}",
        found.hits[0].snippet
    );
    assert!(
        ids(
            engine,
            SearchRequest::new("sportello", Readers::Tokens(Vec::new()))
        )
        .await?
        .is_empty()
    );
    assert_eq!(
        engine
            .search(SearchRequest::new("", Readers::All))
            .await?
            .total,
        5
    );

    // Facet filters and counts.
    let mut health = SearchRequest::new("", outsider());
    health.theme = Some("health".into());
    assert_eq!(ids(engine, health).await?, ["practice:4"]);
    let mut decisions = SearchRequest::new("sportelli", member());
    decisions.kinds = vec![DocumentKind::Decision];
    assert_eq!(ids(engine, decisions).await?, ["decision:2"]);
    let mut year = SearchRequest::new("", member());
    year.year = Some(2025);
    let mut older = ids(engine, year).await?;
    older.sort();
    assert_eq!(older, ["meeting:5", "practice:4"]);
    let counted = engine.search(SearchRequest::new("", member())).await?;
    let table3 = counted.facets["table"]
        .iter()
        .find(|f| f.value == "3")
        .map(|f| f.count);
    assert_eq!(table3, Some(2));

    // No words: the newest documents; punctuation only counts as no words.
    assert_eq!(
        ids(engine, SearchRequest::new("", visitor())).await?,
        ["practice:1", "meeting:5"]
    );
    assert_eq!(
        ids(engine, SearchRequest::new(" ?! \"(", visitor())).await?,
        ["practice:1", "meeting:5"]
    );
    let mut newest = SearchRequest::new("seduta", member());
    newest.sort = SearchSort::Newest;
    assert_eq!(ids(engine, newest).await?, ["minutes_item:3", "meeting:5"]);

    // Pages.
    let mut second = SearchRequest::new("", visitor());
    second.first = 1;
    second.offset = 1;
    let page = engine.search(second).await?;
    assert_eq!((page.total, page.hits.len()), (2, 1));
    assert_eq!(page.hits[0].id, "meeting:5");

    // Bad requests are the caller's errors.
    let long = SearchRequest::new(&"parola ".repeat(100), visitor());
    assert!(matches!(
        engine.search(long).await,
        Err(SearchError::Invalid { field: "query", .. })
    ));
    let mut huge = SearchRequest::new("casa", visitor());
    huge.first = SearchRequest::MAX_PAGE + 1;
    assert!(matches!(
        engine.search(huge).await,
        Err(SearchError::Invalid { field: "first", .. })
    ));

    // Updates replace, deletes remove.
    let mut renamed = corpus().remove(0);
    renamed.title = "Sportello abitare".into();
    engine.upsert(vec![renamed]).await?;
    let hits = engine
        .search(SearchRequest::new("abitare", visitor()))
        .await?;
    assert_eq!(
        (hits.total, hits.hits[0].title.as_str()),
        (1, "Sportello abitare")
    );
    engine.delete(vec!["practice:1".into()]).await?;
    assert!(
        ids(engine, SearchRequest::new("sportello", visitor()))
            .await?
            .is_empty()
    );
    // A scope is replaced whole: the meeting's old agenda item leaves, the new one arrives.
    let mut item = document(
        "agenda_item:8",
        DocumentKind::AgendaItem,
        "Calendario delle sedute",
        "",
        &["public"],
        2026,
        1,
    );
    item.scope = "meeting:5".into();
    engine
        .replace_scope("meeting:5".into(), vec![item.clone()])
        .await?;
    item.id = "agenda_item:9".into();
    item.title = "Bilancio sociale".into();
    engine.replace_scope("meeting:5".into(), vec![item]).await?;
    assert!(
        ids(engine, SearchRequest::new("calendario", visitor()))
            .await?
            .is_empty()
    );
    assert_eq!(
        ids(engine, SearchRequest::new("bilancio", visitor())).await?,
        ["agenda_item:9"]
    );
    engine.clear().await?;
    assert_eq!(
        engine
            .search(SearchRequest::new("", Readers::All))
            .await?
            .total,
        0
    );
    Ok(())
}

#[tokio::test]
async fn the_embedded_engine_conforms() -> Result<(), SearchError> {
    let engine = crate::TantivyEngine::in_memory()?;
    run(&engine).await
}

#[tokio::test]
async fn the_embedded_engine_keeps_its_index_on_disk() -> Result<(), SearchError> {
    let dir = tempfile::tempdir().map_err(|e| SearchError::Engine(e.to_string()))?;
    let engine = crate::TantivyEngine::open(dir.path())?;
    engine.upsert(corpus()).await?;
    drop(engine);
    let reopened = crate::TantivyEngine::open(dir.path())?;
    assert_eq!(
        reopened
            .search(SearchRequest::new("", Readers::All))
            .await?
            .total,
        5
    );
    Ok(())
}

/// Runs the suite against a Meilisearch server: `MEILI_URL` (and `MEILI_KEY` when it has one). Ignored unless asked
/// for with `--ignored`, and then it fails without a server rather than pass.
#[tokio::test]
#[ignore = "needs a Meilisearch server: MEILI_URL=http://127.0.0.1:7700 cargo test -p tavolo-search -- --ignored"]
async fn meilisearch_conforms() -> Result<(), SearchError> {
    let url = std::env::var("MEILI_URL")
        .map_err(|_| SearchError::Engine("MEILI_URL is not set".into()))?;
    let key = std::env::var("MEILI_KEY").ok();
    let uid = format!(
        "tavolo_conformance_{}",
        chrono::Utc::now().timestamp_micros()
    );
    let engine = crate::MeiliEngine::new(&url, key.as_deref(), &uid)?;
    let outcome = run(&engine).await;
    engine.drop_index().await?;
    outcome
}
