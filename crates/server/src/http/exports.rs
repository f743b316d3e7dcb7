//! Downloads that are documents rather than API answers: minutes as Markdown and as a printable HTML page.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tavolo_service::ServiceError;

use super::AppState;
use super::auth::identify;

pub async fn minutes_markdown(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(meeting_id): Path<i64>,
) -> Response {
    export(&state, &headers, meeting_id, Format::Markdown).await
}

pub async fn minutes_html(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(meeting_id): Path<i64>,
) -> Response {
    export(&state, &headers, meeting_id, Format::Html).await
}

enum Format {
    Markdown,
    Html,
}

async fn export(
    state: &AppState,
    headers: &HeaderMap,
    meeting_id: i64,
    format: Format,
) -> Response {
    let caller = match identify(&state.services, headers).await {
        Ok(caller) => caller,
        Err(err) => return error(err),
    };
    let minutes = state.services.minutes();
    let result = match format {
        Format::Markdown => minutes
            .markdown(&caller.actor, meeting_id)
            .await
            .map(|text| (text, "text/markdown; charset=utf-8", "md")),
        Format::Html => minutes
            .printable_html(&caller.actor, meeting_id)
            .await
            .map(|text| (text, "text/html; charset=utf-8", "html")),
    };
    match result {
        Ok((body, content_type, extension)) => {
            let mut response = (StatusCode::OK, body).into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            // The page carries only our own inline style: nothing else may load or run.
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
                ),
            );
            if let Ok(value) = HeaderValue::from_str(&format!(
                "inline; filename=\"verbale-{meeting_id}.{extension}\""
            )) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(err) => error(err),
    }
}

fn error(err: ServiceError) -> Response {
    let status = match &err {
        ServiceError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
        ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
        ServiceError::Validation { .. }
        | ServiceError::Conflict(_)
        | ServiceError::Stale { .. } => StatusCode::BAD_REQUEST,
        ServiceError::Internal(detail) => {
            tracing::error!(%detail, "export failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
        }
    };
    (status, err.to_string()).into_response()
}
