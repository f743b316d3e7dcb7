//! Benchmark: the embedded search engine on disk, and Meilisearch when `MEILI_URL` names a server, with the same
//! 100,000 practices and 20,000 minutes items of generated Italian text, readers spread over 200 tables. Prints each
//! engine's indexing throughput and the p50/p95/p99 latency of a fixed query set (as a member of a few tables, typos
//! and prefixes included), and the queries on which the two engines found different numbers of documents.
//!
//! `cargo run --release -p tavolo-tests --bin bench-search` (`MEILI_URL=http://127.0.0.1:7700 MEILI_KEY=…` before it
//! for Meilisearch)

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use tavolo_search::{
    DocumentKind, MeiliEngine, Readers, SearchDocument, SearchEngine, SearchRequest, TantivyEngine,
};

const PRACTICES: usize = 100_000;
const MINUTES_ITEMS: usize = 20_000;
const BATCH: usize = 5_000;
const RUNS: usize = 30;

const SUBJECTS: &[&str] = &[
    "lo sportello comunale",
    "il servizio di mediazione interculturale",
    "l'équipe multiprofessionale",
    "il centro per l'impiego",
    "la scuola secondaria",
    "il CPIA",
    "l'azienda sanitaria",
    "la Prefettura",
    "l'associazione dei migranti",
    "la cooperativa sociale",
    "il consultorio familiare",
    "il progetto FAMI",
];
const VERBS: &[&str] = &[
    "accompagna",
    "orienta",
    "forma",
    "accoglie",
    "sostiene",
    "informa",
    "coinvolge",
    "segue",
    "mette in rete",
];
const OBJECTS: &[&str] = &[
    "le famiglie con minori",
    "i richiedenti asilo",
    "i minori stranieri non accompagnati",
    "le donne vittime di tratta",
    "gli studenti neoarrivati",
    "i titolari di protezione",
    "gli operatori dei servizi pubblici",
    "i giovani adulti",
];
const PLACES: &[&str] = &[
    "nella ricerca di un alloggio",
    "nell'iscrizione al servizio sanitario",
    "nel rinnovo del permesso di soggiorno",
    "nell'inserimento lavorativo",
    "nei corsi di lingua italiana",
    "nell'accesso ai servizi sociali",
    "nelle aree interne della zona",
    "negli sportelli di prossimità",
    "nella scuola dell'obbligo",
];
const TOWNS: &[&str] = &[
    "Grosseto",
    "Follonica",
    "Massa Marittima",
    "Orbetello",
    "Pistoia",
    "Perugia",
    "Terni",
    "Barletta",
];
const THEMES: &[&str] = &[
    "housing",
    "health",
    "employment",
    "education",
    "language",
    "rights",
    "mediation",
    "reception",
];
const QUERIES: &[&str] = &[
    "sportello alloggio",
    "mediazione interculturale",
    "permesso di soggiorno",
    "minori stranieri",
    "MSNA",
    "famiglie con minori",
    "inserimento lavorativo",
    "corsi di lingua",
    "prefettura",
    "scuola secondaria",
    "accompagna le famiglie",
    "operatori servizi pubblici",
    "richiedenti asilo Grosseto",
    "sportelo",
    "mediazone",
    "protez",
    "AMIF",
    "consultorio",
    "aree interne",
    "cooperativa sociale",
];

fn sentence(rng: &mut StdRng) -> String {
    let pick =
        |rng: &mut StdRng, list: &[&str]| list.choose(rng).copied().unwrap_or_default().to_owned();
    format!(
        "{} {} {} {} a {}.",
        pick(rng, SUBJECTS),
        pick(rng, VERBS),
        pick(rng, OBJECTS),
        pick(rng, PLACES),
        pick(rng, TOWNS)
    )
}

fn document(rng: &mut StdRng, index: usize) -> SearchDocument {
    let practice = index < PRACTICES;
    let table = rng.random_range(1..=200_i64);
    let body: Vec<String> = (0..rng.random_range(3..8)).map(|_| sentence(rng)).collect();
    let (kind, readers) = if practice {
        let readers = if rng.random_bool(0.6) {
            "public".to_owned()
        } else {
            "signed_in".to_owned()
        };
        (DocumentKind::Practice, vec![readers])
    } else {
        (
            DocumentKind::MinutesItem,
            vec![format!("table:{table}:members")],
        )
    };
    let title = sentence(rng);
    SearchDocument {
        id: format!("{}:{index}", kind.as_str()),
        scope: format!("{}:{index}", kind.as_str()),
        kind,
        title: title.trim_end_matches('.').chars().take(90).collect(),
        body: body.join(" "),
        url: format!("/x/{index}"),
        table_id: (!practice).then_some(table),
        date: Utc
            .timestamp_opt(1_600_000_000 + rng.random_range(0..200_000_000_i64), 0)
            .single()
            .unwrap_or_default(),
        themes: vec![THEMES.choose(rng).copied().unwrap_or_default().to_owned()],
        target_groups: Vec::new(),
        territory: TOWNS.choose(rng).map(|t| (*t).to_owned()),
        readers,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// One engine's figures on the corpus.
struct Figures {
    indexing: Duration,
    latencies: Vec<Duration>,
    /// Per query of the set, in order: how many documents matched (the last round's).
    totals: Vec<u64>,
}

/// Indexes the corpus (the same for every engine: the generator is seeded) and runs the query set.
async fn measure(engine: &dyn SearchEngine) -> anyhow::Result<Figures> {
    engine.clear().await?;
    let mut rng = StdRng::seed_from_u64(2026);
    let total = PRACTICES + MINUTES_ITEMS;
    let started = Instant::now();
    let mut index = 0;
    while index < total {
        let batch: Vec<SearchDocument> = (index..(index + BATCH).min(total))
            .map(|i| document(&mut rng, i))
            .collect();
        index += batch.len();
        engine.upsert(batch).await?;
    }
    let indexing = started.elapsed();
    let readers = Readers::Tokens(vec![
        "public".into(),
        "signed_in".into(),
        "table:3:members".into(),
        "table:17:members".into(),
        "table:42:members".into(),
    ]);
    let mut latencies = Vec::new();
    let mut totals = vec![0; QUERIES.len()];
    for run in 0..=RUNS {
        for (position, query) in QUERIES.iter().enumerate() {
            let request = SearchRequest::new(query, readers.clone());
            let started = Instant::now();
            let results = engine.search(request).await?;
            // The first round warms the caches and is not counted.
            if run > 0 {
                latencies.push(started.elapsed());
            }
            totals[position] = results.total;
        }
    }
    latencies.sort();
    Ok(Figures {
        indexing,
        latencies,
        totals,
    })
}

fn report(engine: &str, figures: &Figures) {
    let total = PRACTICES + MINUTES_ITEMS;
    let ms = |p| percentile(&figures.latencies, p).as_secs_f64() * 1000.0;
    println!(
        "{engine}: indexed {total} documents in {:.1} s ({:.0} documents/s); {} queries ({} distinct, {} with hits), first page of 20 with facets and snippets: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        figures.indexing.as_secs_f64(),
        total as f64 / figures.indexing.as_secs_f64(),
        figures.latencies.len(),
        QUERIES.len(),
        figures.totals.iter().filter(|t| **t > 0).count(),
        ms(0.50),
        ms(0.95),
        ms(0.99),
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let embedded = measure(&TantivyEngine::open(dir.path())?).await?;
    report("tantivy (embedded, on disk)", &embedded);
    // The production engine, when a server is at hand: its own index, so nothing else on the server is touched.
    let Ok(url) = std::env::var("MEILI_URL") else {
        println!("Meilisearch: not run (set MEILI_URL, and MEILI_KEY if the server has one)");
        return Ok(());
    };
    let key = std::env::var("MEILI_KEY").ok();
    let index = format!("tavolo_bench_search_{}", std::process::id());
    let meili = MeiliEngine::new(&url, key.as_deref(), &index)?;
    let figures = measure(&meili).await;
    meili.clear().await?;
    let figures = figures?;
    report("Meilisearch", &figures);
    let same = QUERIES
        .iter()
        .zip(embedded.totals.iter().zip(&figures.totals))
        .filter(|(_, (a, b))| a == b)
        .count();
    println!(
        "the two engines found as many documents for {same} of the {} queries",
        QUERIES.len()
    );
    for (query, (a, b)) in QUERIES
        .iter()
        .zip(embedded.totals.iter().zip(&figures.totals))
    {
        if a != b {
            println!("  {query:?}: tantivy {a}, Meilisearch {b}");
        }
    }
    Ok(())
}
