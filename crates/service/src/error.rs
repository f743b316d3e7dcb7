//! The one error type every service returns; the GraphQL layer maps each variant to an `extensions.code`.

use tavolo_domain::{InvalidValue, UnknownVariant};
use tavolo_store::sea_orm::{DbErr, SqlErr};

#[derive(Debug, Clone, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    Unauthenticated(String),
    #[error("you are not allowed to {0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
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
    /// Refused for a reason the person can act on, named so the web UI says it in their language
    /// (`extensions.reason`): a taken address, a weak password, an expired link, a deactivated account.
    #[error("{message}")]
    Refused {
        reason: Reason,
        field: Option<String>,
        message: String,
    },
    /// Never shown to the caller: logged with its cause, reported as a bare INTERNAL.
    #[error("internal error")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// The refusals of signing in and of account links that the web UI words itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The email and password do not match an account (or the address is unknown: the two are not told apart).
    WrongCredentials,
    /// The password was right but the account is deactivated.
    AccountDeactivated,
    /// Another person already uses the address.
    EmailTaken,
    /// The password breaks the rule (`Password::MIN` to `Password::MAX` characters, not the address itself).
    WeakPassword,
    /// The link was made by Tavolo but its time is over.
    LinkExpired,
    /// The link was already used, or replaced by a newer one, or withdrawn.
    LinkUsed,
    /// No such link: mistyped, cut short or made up.
    LinkUnknown,
    /// Activating an account needs the terms of use accepted.
    TermsNotAccepted,
    /// The installation already has its first administrator.
    AlreadySetUp,
    /// The one-time setup code does not match the one in the server's log.
    WrongSetupCode,
    /// Single sign-on found no account for the address and this installation does not create them.
    NoAccountForSignOn,
}

impl Reason {
    /// The text in `extensions.reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::WrongCredentials => "WRONG_CREDENTIALS",
            Reason::AccountDeactivated => "ACCOUNT_DEACTIVATED",
            Reason::EmailTaken => "EMAIL_TAKEN",
            Reason::WeakPassword => "WEAK_PASSWORD",
            Reason::LinkExpired => "LINK_EXPIRED",
            Reason::LinkUsed => "LINK_USED",
            Reason::LinkUnknown => "LINK_UNKNOWN",
            Reason::TermsNotAccepted => "TERMS_NOT_ACCEPTED",
            Reason::AlreadySetUp => "ALREADY_SET_UP",
            Reason::WrongSetupCode => "WRONG_SETUP_CODE",
            Reason::NoAccountForSignOn => "NO_ACCOUNT_FOR_SIGN_ON",
        }
    }

    /// Whether the refusal is about who the caller is (UNAUTHENTICATED) rather than about what they sent.
    pub fn is_authentication(self) -> bool {
        matches!(
            self,
            Reason::WrongCredentials | Reason::AccountDeactivated | Reason::NoAccountForSignOn
        )
    }
}

impl ServiceError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    pub fn refused(reason: Reason, field: Option<&str>, message: impl Into<String>) -> Self {
        Self::Refused {
            reason,
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }

    /// A password that breaks the rule, for `field`.
    pub fn weak_password(field: &str, rule: tavolo_domain::InvalidValue) -> Self {
        Self::refused(Reason::WeakPassword, Some(field), rule.0)
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

/// Names the input field a refused value came from.
pub trait FieldContext<T> {
    fn field(self, field: &str) -> ServiceResult<T>;
}

impl<T> FieldContext<T> for Result<T, InvalidValue> {
    fn field(self, field: &str) -> ServiceResult<T> {
        self.map_err(|e| ServiceError::validation(field, e.0))
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
            return Self::Conflict("this record already exists".into());
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
