//! The HTTP edge: health, readiness, metrics, CSRF defences, GraphiQL on GET, security headers, limits and error shape.

use serde_json::{Value, json};
use tavolo_tests::{Backend, TestApp};

async fn edge(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", app.base_url);

    assert_eq!(http.get(url("/healthz")).send().await?.text().await?, "ok");
    assert_eq!(http.get(url("/readyz")).send().await?.status(), 200);
    let metrics = http.get(url("/metrics")).send().await?.text().await?;
    assert!(
        metrics.contains("# TYPE tavolo_db_statements_total counter"),
        "{metrics}"
    );
    assert!(metrics.contains("\ntavolo_mail_queued 0\n"), "{metrics}");

    // A cross-site form post cannot carry JSON: any other content type is refused before execution.
    let form = http
        .post(url("/graphql"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("query=mutation%20%7B%20logout%20%7D")
        .send()
        .await?;
    assert_eq!(form.status(), 403);
    let foreign = http
        .post(url("/graphql"))
        .header("origin", "https://evil.example")
        .json(&json!({ "query": "{ me { id } }" }))
        .send()
        .await?;
    assert_eq!(foreign.status(), 403);
    let body: Value = foreign.json().await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
    let same = http
        .post(url("/graphql"))
        .header("origin", &app.base_url)
        .json(&json!({ "query": "{ me { id } }" }))
        .send()
        .await?;
    assert_eq!(same.status(), 200);

    // GET never executes an operation; GraphiQL is off unless configured.
    let get = http
        .get(url("/graphql?query=mutation%20%7B%20logout%20%7D"))
        .send()
        .await?;
    assert_eq!(get.status(), 405);
    assert_eq!(get.headers()["allow"], "POST");
    assert_eq!(get.headers()["x-content-type-options"], "nosniff");

    let broken = http
        .post(url("/graphql"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await?;
    assert_eq!(broken.status(), 400);

    // Depth beyond the limit is refused as a whole.
    let deep = format!(
        "{{ tables {{ edges {{ node {}{}}} }} }}",
        "{ parent ".repeat(0),
        "parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } "
    );
    let response: Value = http
        .post(url("/graphql"))
        .json(&json!({ "query": deep }))
        .send()
        .await?
        .json()
        .await?;
    assert!(
        response["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("nested too deep"),
        "{response}"
    );

    // A body over the size limit is refused: the server answers 413 from the Content-Length and closes the
    // connection, so a client still sending may see the close before it reads the answer. Either way nothing
    // was executed, and the server goes on serving.
    // Its own client, keeping no connection: the server closes the one it answered 413 on, and a pooled client
    // could otherwise send the next request down it and read a broken pipe.
    let huge = "x".repeat(2 * 1024 * 1024);
    let once = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()?;
    match once
        .post(url("/graphql"))
        .json(&json!({ "query": huge }))
        .send()
        .await
    {
        Ok(too_big) => assert_eq!(too_big.status(), 413),
        // The close can surface while sending (a request error) or while reading (a body or decode error).
        Err(err) => assert!(!err.is_timeout() && !err.is_builder(), "{err:?}"),
    }
    assert_eq!(http.get(url("/healthz")).send().await?.status(), 200);

    // Unknown fields are a client error with a message, never a 500.
    let unknown: Value = http
        .post(url("/graphql"))
        .json(&json!({ "query": "{ secrets }" }))
        .send()
        .await?
        .json()
        .await?;
    assert!(unknown["errors"][0]["message"].as_str().is_some());
    Ok(())
}
on_both_databases!(http_edge_is_guarded, edge);
