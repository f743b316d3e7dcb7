//! The one mapping from service errors to GraphQL errors with `extensions.code` (and `field` for validation).

use async_graphql::{Error, ErrorExtensions};
use tavolo_service::ServiceError;

/// Wraps `ServiceError` without implementing `Display`, so that nothing but a mapped error can leave a resolver.
#[derive(Debug, Clone)]
pub struct ApiError(pub ServiceError);

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn internal(detail: &str) -> Self {
        Self(ServiceError::Internal(detail.to_owned()))
    }
}

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        Self(err)
    }
}

/// A stored value naming no variant: a corrupted row, reported as INTERNAL.
impl From<tavolo_domain::UnknownVariant> for ApiError {
    fn from(err: tavolo_domain::UnknownVariant) -> Self {
        Self(err.into())
    }
}

impl From<ApiError> for Error {
    fn from(err: ApiError) -> Self {
        let (code, field) = match &err.0 {
            ServiceError::Unauthenticated(_) => ("UNAUTHENTICATED", None),
            ServiceError::Forbidden(_) => ("FORBIDDEN", None),
            ServiceError::NotFound(_) => ("NOT_FOUND", None),
            ServiceError::Validation { field, .. } => ("VALIDATION", Some(field.clone())),
            ServiceError::Conflict(_) | ServiceError::Stale { .. } => ("CONFLICT", None),
            ServiceError::RateLimited { .. } => ("RATE_LIMITED", None),
            ServiceError::Unavailable(_) => ("UNAVAILABLE", None),
            ServiceError::Refused { reason, field, .. } if reason.is_authentication() => {
                ("UNAUTHENTICATED", field.clone())
            }
            ServiceError::Refused { field, .. } => ("VALIDATION", field.clone()),
            ServiceError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                ("INTERNAL", None)
            }
        };
        Error::new(err.0.to_string()).extend_with(|_, ext| {
            ext.set("code", code);
            if let Some(field) = field {
                ext.set("field", field);
            }
            match &err.0 {
                ServiceError::RateLimited { retry_after_secs } => {
                    ext.set("reason", "LOCKED");
                    ext.set("retryAfter", *retry_after_secs);
                }
                ServiceError::Refused { reason, .. } => ext.set("reason", reason.as_str()),
                _ => {}
            }
            if let ServiceError::Stale {
                current_version, ..
            } = &err.0
            {
                ext.set("currentVersion", *current_version);
            }
        })
    }
}

/// A service error shaped as one entry of a GraphQL `errors` array, for HTTP endpoints beside `/graphql` (uploads).
pub fn server_error(err: ServiceError) -> async_graphql::ServerError {
    let error = Error::from(ApiError(err));
    let mut server_error = async_graphql::ServerError::new(error.message, None);
    server_error.extensions = error.extensions;
    server_error
}

/// Parses a GraphQL `ID` argument, naming the argument when it is not one of ours.
pub fn parse_id(id: &async_graphql::ID, field: &str) -> ApiResult<i64> {
    id.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        ApiError(ServiceError::validation(
            field,
            format!("'{}' is not a valid id", id.as_str()),
        ))
    })
}

/// Parses a value the store wrote; failing means a corrupted row, never the caller's fault.
pub(crate) fn stored<T: std::str::FromStr>(text: &str, what: &str) -> ApiResult<T> {
    text.parse()
        .map_err(|_| ApiError::internal(&format!("stored {what} is unknown")))
}
