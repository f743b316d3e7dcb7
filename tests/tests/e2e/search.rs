//! Search through GraphQL: typos, synonyms and snippets over minutes, decisions and practices; what each role
//! finds (and does not); bad queries; and an engine outage the index catches up on from the audit log.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use serde_json::{Value, json};
use tavolo_domain::{Actor, DecisionOutcome, PracticeStatus, PracticeVisibility};
use tavolo_search::{
    SearchDocument, SearchEngine, SearchError, SearchRequest, SearchResults, TantivyEngine,
};
use tavolo_service::Services;
use tavolo_service::minutes::DecisionInput;
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, Client, TestApp};

const SEARCH: &str = "query($q: String!, $f: SearchFilter, $n: Int! = 20) { search(query: $q, filter: $f, first: $n) { total facets { facet value count } hits { __typename ... on DecisionHit { id title snippet url } ... on MinutesItemHit { id snippet } ... on PracticeHit { id title } ... on MeetingHit { id } ... on AgendaItemHit { id } } } }";

async fn search(client: &Client, query: &str, filter: Value) -> anyhow::Result<Value> {
    let response = client
        .gql(SEARCH, json!({ "q": query, "f": filter }))
        .await?
        .ok();
    Ok(response.data()["search"].clone())
}

fn kinds(page: &Value) -> Vec<String> {
    let mut kinds: Vec<String> = page["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["__typename"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    kinds.sort();
    kinds
}

async fn finds_what_each_may_read(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let meeting = fixtures::held_meeting(&app.services, &world, "Seduta di novembre").await?;
    let item = app
        .services
        .meetings()
        .agendas(&Actor::System, &[meeting.id])
        .await?[0]
        .id;
    app.services
        .minutes()
        .save(&Actor::System, meeting.id, vec![(item, "Si discute degli sportelli di prossimità nelle scuole di Follonica e del progetto FAMI.".into())], 1)
        .await?;
    let decision = app
        .services
        .minutes()
        .add_decision(
            &Actor::System,
            item,
            DecisionInput {
                text: "Il tavolo decide di aprire gli sportelli nelle scuole.".into(),
                outcome: DecisionOutcome::Approved,
                votes_for: None,
                votes_against: None,
                votes_abstained: None,
            },
        )
        .await?;
    let author = world.person(Role::User);
    fixtures::practice(
        &app.services,
        author,
        "Sportello scuola e famiglia",
        PracticeStatus::Published,
        PracticeVisibility::Public,
    )
    .await?;
    fixtures::practice(
        &app.services,
        author,
        "Sportello ancora in bozza",
        PracticeStatus::Draft,
        PracticeVisibility::Public,
    )
    .await?;
    app.services.search().catch_up(10_000).await?;
    assert_eq!(app.services.search().pending().await?, 0);

    // A delegate reads the minutes in draft: a typo still finds the decision and the minutes item.
    let delegate = app.signed_in(&world.person(Role::Delegate).email).await?;
    let found = search(
        &delegate,
        "sportelli scuolle",
        json!({ "kinds": ["DECISION", "MINUTES_ITEM"] }),
    )
    .await?;
    assert_eq!(kinds(&found), ["DecisionHit", "MinutesItemHit"]);
    let decision_hit = found["hits"]
        .as_array()
        .and_then(|h| h.iter().find(|h| h["__typename"] == "DecisionHit"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(decision_hit["id"], decision.id.to_string());
    assert_eq!(decision_hit["url"], format!("/meetings/{}", meeting.id));
    assert!(
        decision_hit["snippet"]
            .as_str()
            .unwrap_or_default()
            .contains("<mark>"),
        "{decision_hit}"
    );
    // Synonyms: the minutes say FAMI.
    assert_eq!(
        kinds(&search(&delegate, "AMIF", json!(null)).await?),
        ["MinutesItemHit"]
    );

    // An observer sees the meeting and its agenda, not minutes still in draft.
    let observer = app.signed_in(&world.person(Role::Observer).email).await?;
    let seen = search(
        &observer,
        "sportelli",
        json!({ "kinds": ["DECISION", "MINUTES_ITEM"] }),
    )
    .await?;
    assert_eq!(seen["total"], 0);
    // Someone outside the members-only table finds none of it, not even in the counts; the public practice, yes.
    let outsider = app.signed_in(&world.person(Role::Moderator).email).await?;
    let outside = search(&outsider, "sportelli scuole", json!(null)).await?;
    assert_eq!(kinds(&outside), ["PracticeHit"], "{outside}");
    assert_eq!(
        search(&outsider, "bozza", json!(null)).await?["total"],
        1,
        "moderators see drafts"
    );
    let visitor = app.client();
    let public = search(&visitor, "sportello", json!(null)).await?;
    assert_eq!(public["total"], 1);
    assert_eq!(public["hits"][0]["title"], "Sportello scuola e famiglia");
    let facets = public["facets"].as_array().cloned().unwrap_or_default();
    assert!(
        facets
            .iter()
            .all(|f| !(f["facet"] == "kind" && f["value"] == "decision")),
        "{facets:?}"
    );
    // The draft practice is its author's.
    let own = app.signed_in(&author.email).await?;
    assert_eq!(search(&own, "bozza", json!(null)).await?["total"], 1);

    // Bad queries: clear errors or sensible results, never a 500.
    delegate
        .gql(SEARCH, json!({ "q": "parola ".repeat(100) }))
        .await?
        .assert_validation("query");
    delegate
        .gql(SEARCH, json!({ "q": "casa", "n": 101 }))
        .await?
        .assert_validation("first");
    delegate
        .gql(SEARCH, json!({ "q": "casa", "n": -1 }))
        .await?
        .assert_validation("first");
    let punctuation = search(&visitor, "?!;", json!(null)).await?;
    assert_eq!(
        punctuation["total"], 1,
        "no words: the newest documents the visitor may read"
    );
    assert_eq!(
        search(&delegate, "\"sportelli", json!(null)).await?["total"]
            .as_u64()
            .map(|t| t > 0),
        Some(true)
    );
    assert_eq!(
        search(&delegate, "sportelli", json!({ "tableId": "999999" })).await?["total"],
        0
    );
    let unknown_kind = delegate
        .gql(SEARCH, json!({ "q": "x", "f": { "kinds": ["NOPE"] } }))
        .await?;
    assert_eq!(
        unknown_kind.code(),
        Some("VALIDATION"),
        "{}",
        unknown_kind.body
    );

    // Administrators edit the synonyms; a bad list is refused whole.
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let set = "mutation($g: [[String!]!]!) { setSearchSynonyms(groups: $g) }";
    admin
        .gql(set, json!({ "g": [["Follonica"]] }))
        .await?
        .assert_validation("groups");
    assert_eq!(
        delegate
            .gql(set, json!({ "g": [["golfo", "Follonica"]] }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );
    // Neither refusal wrote anything: the built-in list is still in force.
    let untouched = delegate.gql("{ searchSynonyms }", json!({})).await?.ok();
    assert_eq!(untouched.data()["searchSynonyms"][0][0], "fami");
    assert!(search(&delegate, "golfo", json!(null)).await?["total"] == 0);
    admin
        .gql(
            set,
            json!({ "g": [["golfo", "Follonica"], ["FAMI", "AMIF"]] }),
        )
        .await?
        .ok();
    assert_eq!(
        kinds(&search(&delegate, "golfo", json!({ "kinds": ["MINUTES_ITEM"] })).await?),
        ["MinutesItemHit"]
    );
    let listed = delegate.gql("{ searchSynonyms }", json!({})).await?.ok();
    assert_eq!(
        listed.data()["searchSynonyms"][0],
        json!(["golfo", "Follonica"])
    );

    // A rebuild from the database finds the same.
    let scopes = app.services.search().reindex().await?;
    assert!(scopes >= 3);
    assert_eq!(
        kinds(
            &search(
                &delegate,
                "sportelli scuolle",
                json!({ "kinds": ["DECISION", "MINUTES_ITEM"] })
            )
            .await?
        ),
        ["DecisionHit", "MinutesItemHit"]
    );
    Ok(())
}

on_both_databases!(
    search_finds_what_each_caller_may_read,
    finds_what_each_may_read
);

/// The real embedded engine behind a switch that makes it unreachable.
#[derive(Debug)]
struct Switchable {
    inner: TantivyEngine,
    down: AtomicBool,
}

impl Switchable {
    fn check(&self) -> Result<(), SearchError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(SearchError::Engine("connection refused".into()));
        }
        Ok(())
    }
}

#[async_trait]
impl SearchEngine for Switchable {
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError> {
        self.check()?;
        self.inner.upsert(documents).await
    }
    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        self.check()?;
        self.inner.delete(ids).await
    }
    async fn replace_scope(
        &self,
        scope: String,
        documents: Vec<SearchDocument>,
    ) -> Result<(), SearchError> {
        self.check()?;
        self.inner.replace_scope(scope, documents).await
    }
    async fn clear(&self) -> Result<(), SearchError> {
        self.check()?;
        self.inner.clear().await
    }
    async fn search(&self, request: SearchRequest) -> Result<SearchResults, SearchError> {
        self.check()?;
        self.inner.search(request).await
    }
    async fn set_synonyms(&self, synonyms: tavolo_search::Synonyms) -> Result<(), SearchError> {
        self.inner.set_synonyms(synonyms).await
    }
}

async fn outage(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let engine = Arc::new(Switchable {
        inner: TantivyEngine::in_memory()?,
        down: AtomicBool::new(true),
    });
    let services = Services::new(
        app.db.store.clone(),
        app.services.files.clone(),
        engine.clone(),
    );
    // While the engine is down, writes succeed and wait in the log.
    fixtures::practice(
        &services,
        world.person(Role::User),
        "Mediazione linguistica a chiamata",
        PracticeStatus::Published,
        PracticeVisibility::Public,
    )
    .await?;
    assert!(services.search().catch_up(1_000).await.is_err());
    let waiting = services.search().pending().await?;
    assert!(waiting > 0);
    let mut request = SearchRequest::new("mediazione", tavolo_search::Readers::All);
    request.first = 5;
    assert!(
        services
            .search()
            .search(&Actor::System, request.clone())
            .await
            .is_err()
    );
    // Back up: the index catches up on everything that happened meanwhile.
    engine.down.store(false, Ordering::SeqCst);
    assert_eq!(services.search().catch_up(1_000).await?, waiting as usize);
    assert_eq!(services.search().pending().await?, 0);
    let found = services.search().search(&Actor::System, request).await?;
    assert_eq!(found.total, 1);
    assert_eq!(found.hits[0].title, "Mediazione linguistica a chiamata");
    Ok(())
}

on_both_databases!(the_index_catches_up_after_an_engine_outage, outage);
