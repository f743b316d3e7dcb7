//! Authentication at the edge: a bearer token or session cookie becomes an `Actor`; cross-site requests are refused.

use axum::http::{HeaderMap, header};
use tavolo_domain::Actor;
use tavolo_graphql::SESSION_COOKIE;
use tavolo_service::{ServiceError, Services};

/// Who is calling, and the session secret when a cookie carried one.
pub struct Caller {
    pub actor: Actor,
    pub session_secret: Option<String>,
    /// The cookie named a session that no longer exists: the response clears it.
    pub stale_cookie: bool,
}

/// An invalid bearer token is an error, never silently anonymous; a stale cookie just means signed out.
pub async fn identify(services: &Services, headers: &HeaderMap) -> Result<Caller, ServiceError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let text = value.to_str().unwrap_or_default();
        let Some(secret) = text.strip_prefix("Bearer ").map(str::trim) else {
            return Err(ServiceError::Unauthenticated(
                "the Authorization header must be 'Bearer <token>'".into(),
            ));
        };
        return match services.accounts().actor_for_api_token(secret).await? {
            Some(actor) => Ok(Caller {
                actor,
                session_secret: None,
                stale_cookie: false,
            }),
            None => Err(ServiceError::Unauthenticated(
                "the API token is unknown, expired or revoked".into(),
            )),
        };
    }
    let Some(secret) = session_cookie(headers) else {
        return Ok(Caller {
            actor: Actor::Anonymous,
            session_secret: None,
            stale_cookie: false,
        });
    };
    match services.accounts().actor_for_session(&secret).await? {
        Some(actor) => Ok(Caller {
            actor,
            session_secret: Some(secret),
            stale_cookie: false,
        }),
        None => Ok(Caller {
            actor: Actor::Anonymous,
            session_secret: None,
            stale_cookie: true,
        }),
    }
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
}

/// The value of the cookie `name`, when the request carries it non-empty.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// State may change only through a JSON POST from our own origin: a cross-site form cannot send JSON without a preflight we never grant.
pub fn check_same_origin(headers: &HeaderMap, public_url: &str) -> Result<(), &'static str> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("application/json")
    {
        return Err("requests to /graphql must have Content-Type: application/json");
    }
    check_same_origin_form(headers, public_url)
}

/// A form on one of our own pages (answer links): a foreign Origin or a cross-site fetch is refused. The Origin is
/// compared with the configured public URL, never with the request's own `Host`, which whoever sends the request
/// chooses.
pub fn check_same_origin_form(headers: &HeaderMap, public_url: &str) -> Result<(), &'static str> {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return Err("cross-site requests are not accepted");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    if origin.eq_ignore_ascii_case(public_url.trim_end_matches('/')) {
        return Ok(());
    }
    Err("the request's Origin is not this server's public URL")
}
