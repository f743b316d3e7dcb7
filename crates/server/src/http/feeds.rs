//! Calendar subscriptions: `GET /calendar/<token>.ics` for Google Calendar, Outlook and Thunderbird.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use tavolo_mail::dispatch::calendar_event;
use tavolo_mail::series::series_calendar;

use super::AppState;

pub async fn calendar(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let content = match state.services.feeds().content(token).await {
        Ok(content) => content,
        Err(_) => {
            return (
                StatusCode::NOT_FOUND,
                "this calendar address is unknown or was replaced",
            )
                .into_response();
        }
    };
    let in_series = |meeting: &tavolo_store::entity::meeting::Model| {
        meeting
            .series_id
            .is_some_and(|id| content.series.iter().any(|s| s.id == id))
    };
    let events: Vec<_> = content
        .meetings
        .iter()
        .filter(|meeting| !in_series(meeting))
        .map(|meeting| {
            let agenda: Vec<String> = content
                .agendas
                .iter()
                .filter(|i| i.meeting_id == meeting.id)
                .map(|i| i.title.clone())
                .collect();
            calendar_event(meeting, &agenda, &state.config.public_url)
        })
        .collect();
    // A series whose rule cannot be read again (a damaged row) is left out rather than the whole feed refused.
    let series: Vec<_> = content
        .series
        .iter()
        .filter_map(|series| {
            let seen: Vec<_> = content
                .meetings
                .iter()
                .filter(|m| m.series_id == Some(series.id))
                .collect();
            series_calendar(series, &seen, &state.config.public_url).ok()
        })
        .collect();
    let body = tavolo_calendar::feed(&content.name, &events, &series, Utc::now());
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        body,
    )
        .into_response()
}
