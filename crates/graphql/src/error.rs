//! The one mapping from service errors to GraphQL errors with `extensions.code` (and `field` for validation).

use async_graphql::resolver_utils::EnumType;
use async_graphql::{Enum, Error, ErrorExtensions};
use tavolo_service::Reason;
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

/// The kinds of failure in `extensions.code`; listed in the schema so clients can word each one.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    Validation,
    Conflict,
    RateLimited,
    Unavailable,
    Internal,
}

/// The schema's name of a GraphQL enum value.
fn name_of<T: EnumType>(value: T) -> &'static str {
    T::items()
        .iter()
        .find(|item| item.value == value)
        .map(|item| item.name)
        .unwrap_or("INTERNAL")
}

impl From<ApiError> for Error {
    fn from(err: ApiError) -> Self {
        let (code, field) = match &err.0 {
            ServiceError::Unauthenticated(_) => (ErrorCode::Unauthenticated, None),
            ServiceError::Forbidden(_) => (ErrorCode::Forbidden, None),
            ServiceError::NotFound(_) => (ErrorCode::NotFound, None),
            ServiceError::Validation { field, problem } if problem.reason.is_authentication() => {
                (ErrorCode::Unauthenticated, field.clone())
            }
            ServiceError::Validation { field, .. } => (ErrorCode::Validation, field.clone()),
            ServiceError::Conflict(_) | ServiceError::Stale { .. } => (ErrorCode::Conflict, None),
            ServiceError::RateLimited { .. } => (ErrorCode::RateLimited, None),
            ServiceError::Unavailable(_) => (ErrorCode::Unavailable, None),
            ServiceError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (ErrorCode::Internal, None)
            }
        };
        let bounds = match &err.0 {
            ServiceError::Validation { problem, .. } | ServiceError::Conflict(problem) => {
                problem.bounds
            }
            _ => Default::default(),
        };
        Error::new(err.0.to_string()).extend_with(|_, ext| {
            ext.set("code", name_of(code));
            if let Some(field) = field {
                ext.set("field", field);
            }
            if let Some(reason) = err.0.reason() {
                ext.set("reason", name_of(reason));
            }
            if let Some(min) = bounds.min {
                ext.set("min", min);
            }
            if let Some(max) = bounds.max {
                ext.set("max", max);
            }
            match &err.0 {
                ServiceError::RateLimited { retry_after_secs } => {
                    ext.set("retryAfter", *retry_after_secs);
                }
                ServiceError::Stale {
                    current_version, ..
                } => ext.set("currentVersion", *current_version),
                _ => {}
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
            Reason::InvalidId,
            format!("'{}' is not a valid id", id.as_str()),
        ))
    })
}
