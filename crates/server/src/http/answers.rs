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
        Ok(linked) if link.rsvp == "delegated" => {
            let words = words(linked.locale);
            let body = format!(
                "<p>{}</p>{}",
                escape(&summary(&linked)),
                delegate_form(linked.locale, None)
            );
            page(StatusCode::OK, linked.locale, words.title, &body)
        }
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
    body: String,
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
    if link.rsvp == "delegated" {
        return delegate(&state, &link, &body).await;
    }
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
        .answer_by_link(link.invitation_id, link.nonce, rsvp, link.series)
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

/// Sends someone else: the form's name and address become the substitute's invitation.
async fn delegate(state: &AppState, link: &tavolo_mail::links::AnswerLink, body: &str) -> Response {
    let field = |name: &str| {
        form_urlencoded::parse(body.as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default()
    };
    let (name, email) = (field("name"), field("email"));
    let answered = state
        .services
        .meetings()
        .delegate_by_link(link.invitation_id, link.nonce, &name, &email)
        .await;
    match answered {
        Ok(linked) => {
            let words = words(linked.locale);
            let body = format!(
                "<p role=\"status\">{} «{}»: {}.</p><p>{}</p>",
                words.recorded,
                answer_label(&link.rsvp, linked.locale),
                escape(&email.trim().to_lowercase()),
                escape(&summary(&linked))
            );
            page(StatusCode::OK, linked.locale, words.title, &body)
        }
        Err(ServiceError::Validation { field, problem }) => {
            // A slip in the form: the page comes back with the reason beside the form, nothing recorded.
            let Ok(linked) = state
                .services
                .meetings()
                .linked_invitation(link.invitation_id, link.nonce)
                .await
            else {
                return refused(ServiceError::Validation { field, problem });
            };
            let words = words(linked.locale);
            let reason = form_refusal(problem.reason, linked.locale);
            let body = format!(
                "<p>{}</p>{}",
                escape(&summary(&linked)),
                delegate_form(linked.locale, Some(reason))
            );
            page(StatusCode::BAD_REQUEST, linked.locale, words.title, &body)
        }
        Err(err) => refused(err),
    }
}

/// The form asking who goes instead, with a refusal above it when the last attempt was refused.
fn delegate_form(locale: Locale, refusal: Option<&str>) -> String {
    let (intro, name, email, send) = match locale {
        Locale::It => (
            "Chi partecipa al tuo posto? Riceverà la convocazione.",
            "Nome e cognome",
            "Email",
            "Invia la delega",
        ),
        Locale::En => (
            "Who goes in your place? They will receive the invitation.",
            "Full name",
            "Email",
            "Send the delegation",
        ),
    };
    let error = refusal
        .map(|text| {
            format!(
                "<p role=\"alert\" style=\"color:#a00\">{}</p>",
                escape(text)
            )
        })
        .unwrap_or_default();
    format!(
        "{error}<form method=\"post\"><p>{intro}</p><p><label for=\"name\">{name}</label><br><input id=\"name\" name=\"name\" required maxlength=\"200\" autocomplete=\"name\"></p><p><label for=\"email\">{email}</label><br><input id=\"email\" name=\"email\" type=\"email\" required maxlength=\"254\" autocomplete=\"email\"></p><button type=\"submit\">{send}</button></form>"
    )
}

fn form_refusal(reason: Reason, locale: Locale) -> &'static str {
    match (reason, locale) {
        (Reason::SelfDelegation, Locale::It) => "Indica una persona diversa da te.",
        (Reason::SelfDelegation, Locale::En) => "Name someone other than yourself.",
        (Reason::NotAnEmail, Locale::It) => "L'indirizzo email non è valido.",
        (Reason::NotAnEmail, Locale::En) => "The email address is not valid.",
        (_, Locale::It) => "Indica nome e indirizzo email di chi partecipa al tuo posto.",
        (_, Locale::En) => "Give the name and email address of who goes in your place.",
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
    let start = linked
        .meeting
        .starts_at
        .with_timezone(&linked.meeting.time_zone.tz());
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
        ("delegated", Locale::It) => "Mando un'altra persona",
        ("delegated", Locale::En) => "I send someone else",
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
