//! Answer by link, without signing in: GET shows what the link will do and asks to confirm, POST records it once.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use tavolo_domain::{Locale, Rsvp};
use tavolo_mail::links::{LinkError, verify};
use tavolo_mail::templates::escape;
use tavolo_service::ServiceError;
use tavolo_service::meetings::LinkedInvitation;

use super::AppState;
use super::auth::check_same_origin_form;
use tavolo_service::Reason;

pub async fn confirm(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let link = match verify(&token, &state.link_secret, Utc::now()) {
        Ok(link) => link,
        Err(err) => return link_refused(err),
    };
    match state
        .services
        .meetings()
        .linked_invitation(link.invitation_id, link.nonce)
        .await
    {
        Ok(linked) => {
            let words = words(linked.locale);
            let body = format!(
                "<p>{}</p><form method=\"post\"><button type=\"submit\">{} «{}»</button></form>",
                escape(&summary(&linked)),
                words.confirm,
                answer_label(&link.rsvp, linked.locale)
            );
            page(StatusCode::OK, linked.locale, words.title, &body)
        }
        Err(err) => refused(err),
    }
}

pub async fn record(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    if check_same_origin_form(&headers, &state.config.public_url).is_err() {
        return page(
            StatusCode::FORBIDDEN,
            Locale::It,
            "Tavolo",
            "<p>Richiesta non valida. / Invalid request.</p>",
        );
    }
    let link = match verify(&token, &state.link_secret, Utc::now()) {
        Ok(link) => link,
        Err(err) => return link_refused(err),
    };
    let Ok(rsvp) = link.rsvp.parse::<Rsvp>() else {
        return refused(ServiceError::validation(
            "rsvp",
            Reason::Malformed,
            "unknown answer",
        ));
    };
    match state
        .services
        .meetings()
        .answer_by_link(link.invitation_id, link.nonce, rsvp)
        .await
    {
        Ok(linked) => {
            let words = words(linked.locale);
            let body = format!(
                "<p role=\"status\">{} «{}».</p><p>{}</p>",
                words.recorded,
                answer_label(&link.rsvp, linked.locale),
                escape(&summary(&linked))
            );
            page(StatusCode::OK, linked.locale, words.title, &body)
        }
        Err(err) => refused(err),
    }
}

fn link_refused(err: LinkError) -> Response {
    let text = match err {
        LinkError::Invalid => "Il collegamento non è valido. / This link is not valid.",
        LinkError::Expired => {
            "Il collegamento è scaduto: rispondi da Tavolo. / This link has expired: answer in Tavolo."
        }
    };
    page(
        StatusCode::BAD_REQUEST,
        Locale::It,
        "Tavolo",
        &format!("<p>{text}</p>"),
    )
}

fn refused(err: ServiceError) -> Response {
    let (status, text) = match err {
        ServiceError::NotFound(_) => (
            StatusCode::GONE,
            "Questo invito non esiste più. / This invitation no longer exists.",
        ),
        ServiceError::Conflict(_) => (
            StatusCode::CONFLICT,
            "Questo collegamento è già stato usato: per cambiare risposta usa Tavolo o il messaggio più recente. / This link has already been used.",
        ),
        ServiceError::Validation { .. } => (
            StatusCode::CONFLICT,
            "La riunione non accetta più risposte. / The meeting no longer takes answers.",
        ),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Errore interno. / Internal error.",
        ),
    };
    page(status, Locale::It, "Tavolo", &format!("<p>{text}</p>"))
}

fn summary(linked: &LinkedInvitation) -> String {
    let zone: chrono_tz::Tz = linked
        .meeting
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::Europe::Rome);
    let start = linked.meeting.starts_at.with_timezone(&zone);
    format!(
        "{} — {} — {}, {}",
        linked.table.name,
        linked.meeting.title,
        start.format("%d/%m/%Y %H:%M"),
        linked.invitation.name
    )
}

struct Words {
    title: &'static str,
    confirm: &'static str,
    recorded: &'static str,
}

fn words(locale: Locale) -> Words {
    match locale {
        Locale::It => Words {
            title: "Risposta alla convocazione",
            confirm: "Conferma la risposta",
            recorded: "Risposta registrata",
        },
        Locale::En => Words {
            title: "Answer to the invitation",
            confirm: "Confirm the answer",
            recorded: "Answer recorded",
        },
    }
}

fn answer_label(rsvp: &str, locale: Locale) -> &'static str {
    match (rsvp, locale) {
        ("accepted", Locale::It) => "Partecipo",
        ("tentative", Locale::It) => "Forse",
        ("declined", Locale::It) => "Non partecipo",
        ("accepted", Locale::En) => "Accept",
        ("tentative", Locale::En) => "Maybe",
        _ => "Decline",
    }
}

fn page(status: StatusCode, locale: Locale, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><style>body{{font-family:'Titillium Web',Arial,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}}button{{background:#06c;color:#fff;border:0;padding:.6rem 1.2rem;font-size:1rem;border-radius:4px}}</style></head><body><main><h1>{title}</h1>{body}</main></body></html>",
        locale.as_str()
    );
    (status, [(header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")], Html(html)).into_response()
}
