//! Why a request was refused, named once: the API sends the name (`extensions.reason`) and every client words it
//! in its reader's language, so no English sentence of the server reaches an Italian screen.

use std::fmt;

/// The closed list of refusals, in the schema as `ErrorReason`; a web test fails when one has no words in either
/// language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
#[graphql(name = "ErrorReason")]
pub enum Reason {
    // Signing in and account links.
    /// The email and password do not match an account (or the address is unknown: the two are not told apart).
    WrongCredentials,
    /// The password was right but the account is deactivated.
    AccountDeactivated,
    /// Another person already uses the address.
    EmailTaken,
    /// The password breaks the rule (`Password::MIN` to `Password::MAX` characters).
    WeakPassword,
    /// The current password given to change it is not the account's.
    WrongCurrentPassword,
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
    /// Too many failed attempts: wait `retryAfter` seconds.
    Locked,

    // A value the caller typed.
    /// Nothing was given where something is needed.
    Required,
    /// Longer than `max` characters.
    TooLong,
    /// Shorter than `min` characters.
    TooShort,
    /// A control character (a NUL, a terminal escape) where only text belongs.
    ControlCharacters,
    NotAnEmail,
    NotATimeZone,
    /// A web address must start with https:// or http://.
    NotAUrl,
    /// Not a date and time such as 2026-03-29T10:00.
    NotADateTime,
    /// A local time that the clocks skip (the spring change to summer time).
    NoSuchLocalTime,
    /// A repeat rule that gives no meeting at all (it ends before its first date).
    NoOccurrence,
    /// The first meeting's date is not one the chosen repeat falls on (a Wednesday for "every Tuesday").
    NotOnPattern,
    /// Not a finite number.
    NotANumber,
    /// Outside `min`..=`max`.
    OutOfRange,
    Negative,
    /// An end before its start (a meeting, a period, a range of dates).
    EndBeforeStart,
    /// A meeting longer than a day that is not marked as lasting several days.
    LongerThanADay,
    /// A date already past where a future one is needed.
    InThePast,
    /// The time to do this is over (a course's enrolment deadline).
    DeadlinePassed,
    /// A certificate of attendance needs more of the course's hours attended.
    NotEnoughHours,
    /// A date still to come where a past one is needed.
    InTheFuture,
    /// Not a well-formed identifier or list cursor.
    InvalidId,
    /// The identifier names nothing this request may use (no such person, not on this agenda, not of this table).
    UnknownReference,
    /// A value outside the list of accepted ones.
    UnknownValue,
    /// The record already exists (already invited, already a member, a name already taken).
    AlreadyExists,
    /// A value with the wrong shape (a code, a language, an uploaded body).
    Malformed,
    /// More than `max` items.
    TooMany,
    /// Fewer than `min` items.
    TooFew,
    /// The same record given twice where two different ones are needed.
    SameRecord,
    /// An indicator's target equal to its baseline measures nothing.
    SameAsBaseline,
    /// Delegating attendance to oneself.
    SelfDelegation,
    /// A table placed under itself or one of its own groups.
    TableCycle,
    /// A strategy element under a parent of the wrong level (an activity under an objective).
    WrongLevel,
    /// An administrator deactivating themself or giving up their own role (another one must do it).
    SelfDemotion,
    /// A practice is published only when it meets every eligibility criterion.
    CriteriaNotMet,
    /// Nested deeper than `max` levels.
    TooDeep,
    /// This change is made elsewhere (a password with changePassword, an address with requestEmailChange).
    ChangedElsewhere,

    // Files.
    FileEmpty,
    /// Larger than `max` bytes.
    FileTooLarge,
    FileTypeRefused,
    /// The content is not what the file's extension says.
    FileContentMismatch,
    /// The file needs a name with an extension.
    FileNameRefused,

    // The record's state.
    /// The record's state does not allow this (approved minutes, a cancelled meeting, a submitted version):
    /// usually someone else moved it meanwhile.
    WrongState,
    /// A save based on a version someone else has replaced meanwhile.
    Stale,
}

impl Reason {
    /// Whether the refusal is about who the caller is (UNAUTHENTICATED) rather than about what they sent.
    pub fn is_authentication(self) -> bool {
        matches!(
            self,
            Reason::WrongCredentials | Reason::AccountDeactivated | Reason::NoAccountForSignOn
        )
    }
}

/// The numbers a refusal's wording needs ("at most 200 characters"), sent beside the reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bounds {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl Bounds {
    pub const NONE: Bounds = Bounds {
        min: None,
        max: None,
    };

    pub fn max(max: impl TryInto<i64>) -> Self {
        Self {
            min: None,
            max: max.try_into().ok(),
        }
    }

    pub fn min(min: impl TryInto<i64>) -> Self {
        Self {
            min: min.try_into().ok(),
            max: None,
        }
    }

    pub fn range(min: impl TryInto<i64>, max: impl TryInto<i64>) -> Self {
        Self {
            min: min.try_into().ok(),
            max: max.try_into().ok(),
        }
    }
}

/// A refusal: its reason, the numbers its wording needs, and an English sentence for API callers and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub reason: Reason,
    pub bounds: Bounds,
    pub message: String,
}

impl Problem {
    pub fn new(reason: Reason, message: impl Into<String>) -> Self {
        Self {
            reason,
            bounds: Bounds::NONE,
            message: message.into(),
        }
    }

    pub fn with_bounds(mut self, bounds: Bounds) -> Self {
        self.bounds = bounds;
        self
    }

    pub fn required() -> Self {
        Self::new(Reason::Required, "is required")
    }

    pub fn too_long(max: usize) -> Self {
        Self::new(Reason::TooLong, format!("must be at most {max} characters"))
            .with_bounds(Bounds::max(max))
    }

    pub fn out_of_range(min: impl Into<i64>, max: impl Into<i64>) -> Self {
        let (min, max) = (min.into(), max.into());
        Self::new(
            Reason::OutOfRange,
            format!("must be between {min} and {max}"),
        )
        .with_bounds(Bounds::range(min, max))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
