//! Downloads that are documents rather than API answers: minutes and strategy versions as Markdown and as
//! printable HTML pages, and the audit log as CSV.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tavolo_domain::Locale;
use tavolo_service::ServiceError;
use tavolo_service::audit::AuditFilter;

use super::AppState;
use super::auth::identify;

/// `?lang=it|en`: the language of a document; Italian, the record's own, by default.
#[derive(Deserialize)]
pub struct Language {
    lang: Option<String>,
}

impl Language {
    fn locale(&self) -> Locale {
        match self.lang.as_deref() {
            Some("en") => Locale::En,
            _ => Locale::It,
        }
    }
}

pub async fn minutes_markdown(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(meeting_id): Path<i64>,
    Query(language): Query<Language>,
) -> Response {
    export(
        &state,
        &headers,
        meeting_id,
        Format::Markdown,
        language.locale(),
    )
    .await
}

pub async fn minutes_html(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(meeting_id): Path<i64>,
    Query(language): Query<Language>,
) -> Response {
    export(
        &state,
        &headers,
        meeting_id,
        Format::Html,
        language.locale(),
    )
    .await
}

/// `/strategy/{id}.md` or `/strategy/{id}.html`: a version of a table's strategy.
pub async fn strategy(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(language): Query<Language>,
) -> Response {
    let locale = language.locale();
    let (id, format) = match file.rsplit_once('.') {
        Some((id, "md")) => (id, Format::Markdown),
        Some((id, "html")) => (id, Format::Html),
        _ => return error(ServiceError::not_found("document")),
    };
    let Ok(version_id) = id.parse::<i64>() else {
        return error(ServiceError::not_found("strategy version"));
    };
    let caller = match identify(&state.services, &headers).await {
        Ok(caller) => caller,
        Err(err) => return error(err),
    };
    let strategy = state.services.strategy();
    let body = match format {
        Format::Markdown => strategy.markdown(&caller.actor, version_id, locale).await,
        Format::Html => {
            strategy
                .printable_html(&caller.actor, version_id, locale)
                .await
        }
    };
    let name = match locale {
        Locale::It => "strategia",
        Locale::En => "strategy",
    };
    match body {
        Ok(body) => document(body, &format, &format!("{name}-{version_id}")),
        Err(err) => error(err),
    }
}

/// `/courses/{id}/certificates/{person}`: a certificate of attendance, a printable page in the person's language.
pub async fn certificate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((course_id, person_id)): Path<(i64, i64)>,
) -> Response {
    let caller = match identify(&state.services, &headers).await {
        Ok(caller) => caller,
        Err(err) => return error(err),
    };
    match state
        .services
        .courses()
        .certificate_html(&caller.actor, course_id, person_id)
        .await
    {
        Ok(body) => document(
            body,
            &Format::Html,
            &format!("attestato-{course_id}-{person_id}"),
        ),
        Err(err) => error(err),
    }
}

enum Format {
    Markdown,
    Html,
}

/// `/audit.csv`'s query: the filters of the `auditEvents` query.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditParams {
    table_id: Option<i64>,
    person_id: Option<i64>,
    action: Option<String>,
    entity_type: Option<String>,
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
}

/// `/audit.csv`: the audit log as the caller may read it, filtered, for a spreadsheet.
pub async fn audit_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<AuditParams>,
) -> Response {
    let caller = match identify(&state.services, &headers).await {
        Ok(caller) => caller,
        Err(err) => return error(err),
    };
    let filter = AuditFilter {
        table_id: params.table_id,
        actor_id: params.person_id,
        action: params.action,
        entity_type: params.entity_type,
        from: params.from,
        until: params.until,
    };
    match state
        .services
        .audit()
        .export_csv(&caller.actor, &filter)
        .await
    {
        Ok(body) => download(
            body,
            "text/csv; charset=utf-8",
            "attachment; filename=\"registro-attivita.csv\"",
        ),
        Err(err) => error(err),
    }
}

async fn export(
    state: &AppState,
    headers: &HeaderMap,
    meeting_id: i64,
    format: Format,
    locale: Locale,
) -> Response {
    let caller = match identify(&state.services, headers).await {
        Ok(caller) => caller,
        Err(err) => return error(err),
    };
    let minutes = state.services.minutes();
    let result = match format {
        Format::Markdown => minutes.markdown(&caller.actor, meeting_id, locale).await,
        Format::Html => {
            minutes
                .printable_html(&caller.actor, meeting_id, locale)
                .await
        }
    };
    let name = match locale {
        Locale::It => "verbale",
        Locale::En => "minutes",
    };
    match result {
        Ok(body) => document(body, &format, &format!("{name}-{meeting_id}")),
        Err(err) => error(err),
    }
}

/// A document response, shown in the browser.
fn document(body: String, format: &Format, name: &str) -> Response {
    let (content_type, extension) = match format {
        Format::Markdown => ("text/markdown; charset=utf-8", "md"),
        Format::Html => ("text/html; charset=utf-8", "html"),
    };
    download(
        body,
        content_type,
        &format!("inline; filename=\"{name}.{extension}\""),
    )
}

/// A file response: its type, never cached, nothing but our inline style allowed to load or run.
fn download(body: String, content_type: &'static str, disposition: &str) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    if let Ok(value) = HeaderValue::from_str(disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn error(err: ServiceError) -> Response {
    if let ServiceError::Internal(detail) = &err {
        tracing::error!(%detail, "export failed");
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    }
    (super::status_of(&err), err.to_string()).into_response()
}
