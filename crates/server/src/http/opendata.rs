//! Open data: published public practices as JSON and CSV, for anyone (the columns are documented in the README).

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;

pub async fn practices_json(State(state): State<AppState>) -> Response {
    match state.services.practices().open_data().await {
        Ok(practices) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "inline; filename=\"buone-prassi.json\"",
                ),
            ],
            axum::Json(practices),
        )
            .into_response(),
        Err(err) => failed(err),
    }
}

pub async fn practices_csv(State(state): State<AppState>) -> Response {
    match state.services.practices().open_data_csv().await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"buone-prassi.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Err(err) => failed(err),
    }
}

fn failed(err: tavolo_service::ServiceError) -> Response {
    tracing::error!(error = %err, "open data export failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}
