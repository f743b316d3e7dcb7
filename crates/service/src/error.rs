//! The one error type every service returns; the GraphQL layer maps each variant to an `extensions.code`.

use tavolo_domain::{Bounds, InvalidValue, Problem, Reason, UnknownVariant};
use tavolo_store::sea_orm::{DbErr, SqlErr};

#[derive(Debug, Clone, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    Unauthenticated(String),
    #[error("you are not allowed to {0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(String),
    /// Refused for a reason the person can act on, named so the web UI says it in their language
    /// (`extensions.reason`): a missing or too long value, a taken address, an expired link, a deactivated account.
    #[error("{}{problem}", field.as_deref().map(|f| format!("{f}: ")).unwrap_or_default())]
    Validation {
        field: Option<String>,
        problem: Problem,
    },
    /// The record's state refuses the change (already done, ended, moved on meanwhile).
    #[error("{0}")]
    Conflict(Problem),
    /// A save based on an old version: nothing was written; the caller reloads `current_version`.
    #[error(
        "{what} was changed by someone else meanwhile (now at version {current_version}): reload and try again"
    )]
    Stale { what: String, current_version: i32 },
    /// Too many failed attempts: nothing is tried until `retry_after_secs` have passed.
    #[error("too many failed attempts: try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: i64 },
    /// A resource the service needs is out of reach or out of room (the database restarting, a full disk):
    /// nothing was written, and the same request may succeed later without anyone's help.
    #[error("{0}")]
    Unavailable(String),
    /// Never shown to the caller: logged with its cause, reported as a bare INTERNAL.
    #[error("internal error")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl ServiceError {
    /// `field`'s value is refused for `reason`.
    pub fn validation(field: &str, reason: Reason, message: impl Into<String>) -> Self {
        Self::invalid(field, Problem::new(reason, message))
    }

    pub fn invalid(field: &str, problem: Problem) -> Self {
        Self::Validation {
            field: Some(field.to_owned()),
            problem,
        }
    }

    /// `field` (when one is to blame) is refused for `reason`.
    pub fn refused(reason: Reason, field: Option<&str>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.map(str::to_owned),
            problem: Problem::new(reason, message),
        }
    }

    pub fn required(field: &str) -> Self {
        Self::invalid(field, Problem::required())
    }

    pub fn out_of_range(field: &str, min: impl Into<i64>, max: impl Into<i64>) -> Self {
        Self::invalid(field, Problem::out_of_range(min, max))
    }

    pub fn too_long(field: &str, max: usize) -> Self {
        Self::invalid(field, Problem::too_long(max))
    }

    /// More than `max` items in `field` ("at most 20 attachments"), with the bound for the reader's wording.
    pub fn too_many(field: &str, max: u64, what: &str) -> Self {
        Self::invalid(
            field,
            Problem::new(Reason::TooMany, format!("at most {max} {what}"))
                .with_bounds(Bounds::max(max)),
        )
    }

    /// The record's state refuses the change.
    pub fn conflict(reason: Reason, message: impl Into<String>) -> Self {
        Self::Conflict(Problem::new(reason, message))
    }

    /// A password that breaks the rule, for `field`.
    pub fn weak_password(field: &str, rule: tavolo_domain::InvalidValue) -> Self {
        Self::invalid(
            field,
            Problem {
                reason: Reason::WeakPassword,
                ..rule.0
            },
        )
    }

    /// The reason the web UI words, when the error has one.
    pub fn reason(&self) -> Option<Reason> {
        match self {
            Self::Validation { problem, .. } | Self::Conflict(problem) => Some(problem.reason),
            Self::Stale { .. } => Some(Reason::Stale),
            Self::RateLimited { .. } => Some(Reason::Locked),
            _ => None,
        }
    }

    pub fn forbidden(what: &str) -> Self {
        Self::Forbidden(what.to_owned())
    }

    pub fn stale(what: &str, current_version: i32) -> Self {
        Self::Stale {
            what: what.to_owned(),
            current_version,
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::NotFound(what.to_owned())
    }
}

/// A file the policy refuses, as a refusal of the `file` field.
impl From<tavolo_files::FileRefusal> for ServiceError {
    fn from(refusal: tavolo_files::FileRefusal) -> Self {
        use tavolo_files::FileRefusal;
        let (reason, bounds) = match &refusal {
            FileRefusal::Empty => (Reason::FileEmpty, Bounds::NONE),
            FileRefusal::TooLarge { limit_bytes } => {
                (Reason::FileTooLarge, Bounds::max(*limit_bytes))
            }
            FileRefusal::KindNotAllowed { .. } => (Reason::FileTypeRefused, Bounds::NONE),
            FileRefusal::ContentMismatch { .. } => (Reason::FileContentMismatch, Bounds::NONE),
            FileRefusal::BadName => (Reason::FileNameRefused, Bounds::NONE),
        };
        Self::invalid(
            "file",
            Problem::new(reason, refusal.to_string()).with_bounds(bounds),
        )
    }
}

/// Names the input field a refused value came from.
pub trait FieldContext<T> {
    fn field(self, field: &str) -> ServiceResult<T>;
}

impl<T> FieldContext<T> for Result<T, InvalidValue> {
    fn field(self, field: &str) -> ServiceResult<T> {
        self.map_err(|e| ServiceError::invalid(field, e.0))
    }
}

/// A stored value that names no variant is a corrupted row, never the caller's mistake.
impl From<UnknownVariant> for ServiceError {
    fn from(err: UnknownVariant) -> Self {
        Self::Internal(err.to_string())
    }
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        // A unique index caught a race the service's own check could not see.
        if let Some(SqlErr::UniqueConstraintViolation(_)) = err.sql_err() {
            return Self::conflict(Reason::AlreadyExists, "this record already exists");
        }
        if unreachable(&err) {
            tracing::warn!(error = %err, "database unreachable");
            return Self::Unavailable("the database cannot be reached: try again shortly".into());
        }
        Self::Internal(err.to_string())
    }
}

/// Whether `err` says the database is out of reach (restarting, failing over, the pool unable to connect) rather
/// than that a statement was wrong.
fn unreachable(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx};
    let runtime = match err {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(runtime) | DbErr::Exec(runtime) | DbErr::Query(runtime) => runtime,
        _ => return false,
    };
    let RuntimeErr::SqlxError(sqlx_err) = runtime else {
        return false;
    };
    match sqlx_err.as_ref() {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Tls(_) => true,
        // PostgreSQL's classes 57 (operator intervention: shutdown, starting up) and 08 (connection exception).
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("57P") || code.starts_with("08")),
        _ => false,
    }
}
