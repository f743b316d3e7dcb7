//! Operations endpoints: liveness, readiness (the database answers) and Prometheus metrics.

use std::fmt::Write;
use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use super::AppState;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(error = %err, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let mut text = String::new();
    let counters = [
        (
            "tavolo_graphql_requests_total",
            "GraphQL requests received.",
            state.metrics.graphql_requests.load(Ordering::Relaxed),
        ),
        (
            "tavolo_graphql_errors_total",
            "GraphQL responses carrying errors.",
            state.metrics.graphql_errors.load(Ordering::Relaxed),
        ),
        (
            "tavolo_rejected_requests_total",
            "Requests refused before execution (CSRF, content type).",
            state.metrics.rejected_requests.load(Ordering::Relaxed),
        ),
        (
            "tavolo_db_statements_total",
            "SQL statements run.",
            state.store.statements.get(),
        ),
    ];
    for (name, help, value) in counters {
        // Writing into a String cannot fail.
        let _ = write!(
            text,
            "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n"
        );
    }
    // How far the search index is behind the database, in changes; absent when the database cannot say.
    if let Ok(pending) = state.services.search().pending().await {
        let name = "tavolo_search_pending_changes";
        let _ = write!(
            text,
            "# HELP {name} Changes not yet applied to the search index.\n# TYPE {name} gauge\n{name} {pending}\n"
        );
    }
    if let Ok((queued, failed)) = tavolo_mail::outbox::backlog(&state.store.db).await {
        for (name, help, value) in [
            (
                "tavolo_mail_queued",
                "Messages waiting to be sent (due or retrying).",
                queued,
            ),
            (
                "tavolo_mail_failed",
                "Messages given up on after their attempts.",
                failed,
            ),
        ] {
            let _ = write!(
                text,
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n"
            );
        }
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}
