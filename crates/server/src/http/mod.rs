//! The axum application: `/graphql` (and `/graphql/ws` for subscriptions), `/healthz`, `/readyz`, `/metrics` and the web UI, with security headers on every response.

mod answers;
mod attachments;
mod auth;
mod exports;
mod feeds;
mod graphql;
mod live;
mod opendata;
mod ops;
mod sign_on;
mod web;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue};
use axum::routing::{get, post};
use tavolo_graphql::TavoloSchema;
use tavolo_service::Services;
use tavolo_store::Store;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::Config;

/// Largest GraphQL request body accepted.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub services: Services,
    /// The database itself, for the operations endpoints (health, metrics): every read of records goes through
    /// `services`, as the caller.
    pub store: Store,
    pub schema: TavoloSchema,
    pub metrics: Arc<Metrics>,
    /// Signs and checks answer links (and single sign-on's attempt cookies).
    pub link_secret: Arc<Vec<u8>>,
    /// The OpenID provider people may sign in through, when one is configured.
    pub sign_on: Option<tavolo_sign_on::Provider>,
    /// What the installation says of itself in the API (sign-on label, data controller).
    pub instance: Arc<tavolo_graphql::InstanceInfo>,
}

/// Counters exposed at `/metrics`.
#[derive(Debug, Default)]
pub struct Metrics {
    pub graphql_requests: AtomicU64,
    pub graphql_errors: AtomicU64,
    pub rejected_requests: AtomicU64,
}

impl AppState {
    pub fn new(config: Config, store: Store, services: Services, link_secret: Vec<u8>) -> Self {
        let schema = tavolo_graphql::build_schema(services.clone());
        let sign_on = config.oidc.as_ref().and_then(|oidc| {
            let settings = tavolo_sign_on::ProviderSettings {
                issuer: oidc.issuer.clone(),
                client_id: oidc.client_id.clone(),
                client_secret: oidc.client_secret.clone(),
                redirect_uri: format!("{}/auth/oidc/callback", config.public_url),
                email_claim: oidc.email_claim.clone(),
                trust_email: oidc.trust_email,
            };
            tavolo_sign_on::Provider::new(settings)
                .inspect_err(|err| tracing::error!(error = %err, "single sign-on is off"))
                .ok()
        });
        let instance = Arc::new(tavolo_graphql::InstanceInfo {
            single_sign_on: config
                .oidc
                .as_ref()
                .map(|oidc| oidc.label.clone().unwrap_or_default()),
            controller_name: config.controller_name.clone(),
            controller_email: config.controller_email.clone(),
            dpo_email: config.dpo_email.clone(),
        });
        Self {
            config: Arc::new(config),
            services,
            store,
            schema,
            metrics: Arc::default(),
            link_secret: Arc::new(link_secret),
            sign_on,
            instance,
        }
    }
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let upload_limit = usize::try_from(state.config.attachments.max_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(attachments::MULTIPART_OVERHEAD);
    Router::new()
        .route("/graphql", post(graphql::execute).get(graphql::graphiql))
        .route("/graphql/ws", get(live::subscribe))
        .route("/meetings/{id}/minutes.md", get(exports::minutes_markdown))
        .route("/meetings/{id}/minutes.html", get(exports::minutes_html))
        .route(
            "/courses/{id}/certificates/{person}",
            get(exports::certificate),
        )
        .route("/strategy/{file}", get(exports::strategy))
        .route(
            "/answer/{token}",
            get(answers::confirm).post(answers::record),
        )
        .route("/calendar/{file}", get(feeds::calendar))
        .route(
            "/practices/{id}/attachments",
            post(attachments::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/attachments/{id}/{name}", get(attachments::download))
        .route(
            "/meetings/{id}/files",
            post(attachments::upload_meeting_file).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/meeting-files/{id}/{name}",
            get(attachments::download_meeting_file),
        )
        .route(
            "/protocols/{id}/files",
            post(attachments::upload_protocol_file).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/protocol-files/{id}/{name}",
            get(attachments::download_protocol_file),
        )
        .route("/practices.json", get(opendata::practices_json))
        .route("/practices.csv", get(opendata::practices_csv))
        .route("/audit.csv", get(exports::audit_csv))
        .route("/auth/oidc/start", get(sign_on::start))
        .route("/auth/oidc/callback", get(sign_on::callback))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .fallback(web::serve)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("referrer-policy", "same-origin"))
        .layer(header("x-frame-options", "DENY"))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

fn header(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}

/// The HTTP status of a service error, for the endpoints beside `/graphql` (uploads, downloads, exports).
fn status_of(err: &tavolo_service::ServiceError) -> axum::http::StatusCode {
    use axum::http::StatusCode;
    use tavolo_service::ServiceError;
    match err {
        ServiceError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
        ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
        ServiceError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        ServiceError::Validation { problem, .. } if problem.reason.is_authentication() => {
            StatusCode::UNAUTHORIZED
        }
        ServiceError::Validation { .. } => StatusCode::BAD_REQUEST,
        ServiceError::Conflict(_) | ServiceError::Stale { .. } => StatusCode::CONFLICT,
        ServiceError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        ServiceError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A service error as a GraphQL-shaped body with its HTTP status, for answers outside a GraphQL execution.
fn service_error(err: tavolo_service::ServiceError) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = status_of(&err);
    let body = serde_json::json!({ "errors": [tavolo_graphql::server_error(err)] });
    (status, axum::Json(body)).into_response()
}
