//! Single sign-on's two browser stops: `/auth/oidc/start` seals a fresh attempt into a short-lived cookie and sends
//! the browser to the provider; `/auth/oidc/callback` opens the attempt, has the provider's answer checked, turns
//! the identity into a session and returns to the page the person came from. Failures go back to the sign-in page
//! with a reason the web UI words in the person's language.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use tavolo_domain::Locale;
use tavolo_service::accounts::VerifiedIdentity;
use tavolo_service::{Reason, ServiceError};
use tavolo_sign_on::{ATTEMPT_COOKIE, ATTEMPT_MINUTES, Attempt, SignOnError};

use super::AppState;
use super::auth::cookie;

#[derive(Deserialize)]
pub struct StartParams {
    return_to: Option<String>,
}

#[derive(Deserialize)]
pub struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

pub async fn start(State(state): State<AppState>, Query(params): Query<StartParams>) -> Response {
    let Some(provider) = &state.sign_on else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let attempt = Attempt::new(params.return_to.as_deref().unwrap_or("/"));
    let url = match provider.authorization_url(&attempt).await {
        Ok(url) => url,
        Err(err) => return failed(&err.to_string(), "provider", None),
    };
    let cookie = attempt_cookie(
        &attempt.seal(&state.link_secret),
        ATTEMPT_MINUTES * 60,
        state.config.secure_cookies(),
    );
    redirect(&url, [cookie])
}

pub async fn callback(
    State(state): State<AppState>,
    Query(params): Query<CallbackParams>,
    headers: HeaderMap,
) -> Response {
    let Some(provider) = &state.sign_on else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let secure = state.config.secure_cookies();
    let clear = attempt_cookie("", 0, secure);
    let sealed = cookie(&headers, ATTEMPT_COOKIE).unwrap_or_default();
    let attempt = match Attempt::open(&sealed, &state.link_secret, Utc::now()) {
        Ok(attempt) => attempt,
        Err(err) => return failed(&err.to_string(), "attempt", Some(&clear)),
    };
    if let Some(error) = params.error {
        return failed(&error, "refused", Some(&clear));
    }
    let (Some(code), Some(returned_state)) = (params.code, params.state) else {
        return failed("no code in the callback", "refused", Some(&clear));
    };
    let claims = match provider.finish(&attempt, &returned_state, &code).await {
        Ok(claims) => claims,
        Err(err) => {
            let kind = match err {
                SignOnError::Provider(_) => "provider",
                SignOnError::Attempt(_) => "attempt",
                SignOnError::Refused(_) => "refused",
                SignOnError::Token(_) => "token",
            };
            return failed(&err.to_string(), kind, Some(&clear));
        }
    };
    let identity = VerifiedIdentity {
        issuer: claims.issuer,
        subject: claims.subject,
        email: claims.email,
        email_verified: claims.email_verified,
        name: claims.name,
        locale: claims.locale.as_deref().and_then(locale_of),
    };
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let create = state
        .config
        .oidc
        .as_ref()
        .is_some_and(|oidc| oidc.create_accounts);
    match state
        .services
        .accounts()
        .sign_on(identity, create, agent)
        .await
    {
        Ok(session) => {
            let cookie = tavolo_graphql::session_cookie(&session, secure);
            redirect(&attempt.return_to, [clear, cookie])
        }
        Err(ServiceError::Validation { problem, .. }) => {
            let kind = match problem.reason {
                Reason::AccountDeactivated => "deactivated",
                _ => "no_account",
            };
            failed(&problem.message, kind, Some(&clear))
        }
        Err(err) => failed(&err.to_string(), "provider", Some(&clear)),
    }
}

/// `it`, `en` and their regional forms (`it-IT`, `en_GB`).
fn locale_of(tag: &str) -> Option<Locale> {
    match tag.get(..2)?.to_ascii_lowercase().as_str() {
        "it" => Some(Locale::It),
        "en" => Some(Locale::En),
        _ => None,
    }
}

fn attempt_cookie(value: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{ATTEMPT_COOKIE}={value}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    )
}

fn redirect(to: &str, cookies: impl IntoIterator<Item = String>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(to) {
        headers.insert(header::LOCATION, location);
    }
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Back to the sign-in page, which says what went wrong, clearing the attempt's cookie when there is one; the detail
/// goes to the log only.
fn failed(detail: &str, kind: &str, clear: Option<&str>) -> Response {
    tracing::warn!(%detail, kind, "single sign-on failed");
    redirect(&format!("/login?signOn={kind}"), clear.map(str::to_owned))
}
