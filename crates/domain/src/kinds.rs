//! Closed vocabularies of the domain, stored as snake_case strings and exposed as GraphQL enums.
//!
//! Each enum is also a sea-orm value type, so entities hold the enum itself: a row is read into a variant once, by
//! the store, and a stored text that names no variant is a decoding error there rather than a fallback in every
//! reader.

use std::fmt;
use std::str::FromStr;

/// Declares an enum whose variants map one-to-one to stable snake_case strings.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, async_graphql::Enum, sea_orm::DeriveValueType)]
        #[serde(rename_all = "snake_case")]
        #[sea_orm(value_type = "String")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text stored in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownVariant { kind: stringify!($name), value: s.to_owned() }),
                }
            }
        }
    };
}

/// A stored string that names no variant: only a corrupted row or a bad import produces it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} '{value}'")]
pub struct UnknownVariant {
    pub kind: &'static str,
    pub value: String,
}

string_enum!(
    /// What sort of body an organization is.
    OrganizationKind {
        Municipality => "municipality",
        HealthAuthority => "health_authority",
        SocialHealthConsortium => "social_health_consortium",
        Prefecture => "prefecture",
        PoliceHeadquarters => "police_headquarters",
        Region => "region",
        School => "school",
        AdultEducationCentre => "adult_education_centre",
        JobCentre => "job_centre",
        OtherPublicBody => "other_public_body",
        ThirdSector => "third_sector",
        MigrantAssociation => "migrant_association",
        Other => "other",
    }
);

string_enum!(
    /// What sort of table a table is.
    TableKind {
        InterinstitutionalTable => "interinstitutional_table",
        SteeringCommittee => "steering_committee",
        WorkingGroup => "working_group",
        FocusGroup => "focus_group",
        MultiprofessionalTeam => "multiprofessional_team",
    }
);

string_enum!(
    /// Who may see a table, its meetings and agenda.
    Visibility {
        Members => "members",
        Network => "network",
        Public => "public",
    }
);

string_enum!(
    /// A person's role on the whole instance, above any table.
    InstanceRole {
        Admin => "admin",
        Moderator => "moderator",
        User => "user",
    }
);

string_enum!(
    /// A person's role at one table.
    MembershipRole {
        Chair => "chair",
        Secretariat => "secretariat",
        Delegate => "delegate",
        Observer => "observer",
    }
);

string_enum!(
    /// Whether a delegate is the seat's titular or one of its substitutes.
    DelegateKind {
        Titular => "titular",
        Substitute => "substitute",
    }
);

string_enum!(
    /// The languages Tavolo speaks to its users.
    Locale {
        It => "it",
        En => "en",
    }
);

string_enum!(
    /// Where a meeting is in its life.
    MeetingStatus {
        Draft => "draft",
        Scheduled => "scheduled",
        Held => "held",
        Cancelled => "cancelled",
    }
);

string_enum!(
    /// Whether an invitee's presence is required or optional (iCalendar's REQ-PARTICIPANT / OPT-PARTICIPANT).
    InvitationRole {
        Required => "required",
        Optional => "optional",
    }
);

string_enum!(
    /// An invitee's answer (iCalendar's PARTSTAT).
    Rsvp {
        NeedsAction => "needs_action",
        Accepted => "accepted",
        Tentative => "tentative",
        Declined => "declined",
        Delegated => "delegated",
    }
);

string_enum!(
    /// Whether a person was at a meeting.
    AttendanceStatus {
        Present => "present",
        Absent => "absent",
        Excused => "excused",
    }
);

string_enum!(
    /// Where minutes are in their review.
    MinutesStatus {
        Draft => "draft",
        InReview => "in_review",
        Approved => "approved",
    }
);

string_enum!(
    /// How approved minutes were approved.
    ApprovalMethod {
        LaterMeeting => "later_meeting",
        WrittenProcedure => "written_procedure",
    }
);

string_enum!(
    /// What kind of save a minutes revision records.
    RevisionKind {
        Save => "save",
        Erratum => "erratum",
    }
);

string_enum!(
    /// What a decision came to.
    DecisionOutcome {
        Approved => "approved",
        Rejected => "rejected",
        Deferred => "deferred",
    }
);

string_enum!(
    /// Where a follow-up action stands.
    ActionItemStatus {
        Open => "open",
        InProgress => "in_progress",
        Done => "done",
        Dropped => "dropped",
    }
);

string_enum!(
    /// The kinds of notification a person can turn off.
    NotificationKind {
        MinutesInReview => "minutes_in_review",
        MinutesApproved => "minutes_approved",
        ActionItemAssigned => "action_item_assigned",
        ActionItemDueSoon => "action_item_due_soon",
        Reminder => "reminder",
        /// One mail a week with what waits for the person across their tables and the news in what they follow.
        WeeklyDigest => "weekly_digest",
    }
);

string_enum!(
    /// Where a good practice is in its review.
    PracticeStatus {
        Draft => "draft",
        Submitted => "submitted",
        Published => "published",
        Archived => "archived",
    }
);

string_enum!(
    /// Who may read a published practice: any signed-in user, or anyone.
    PracticeVisibility {
        Network => "network",
        Public => "public",
    }
);

string_enum!(
    /// Integration areas a practice works in.
    Theme {
        Employment => "employment",
        Education => "education",
        Language => "language",
        Housing => "housing",
        Health => "health",
        Rights => "rights",
        Participation => "participation",
        Reception => "reception",
        Mediation => "mediation",
    }
);

string_enum!(
    /// People a practice is for.
    TargetGroup {
        ProtectionBeneficiaries => "protection_beneficiaries",
        AsylumSeekers => "asylum_seekers",
        UnaccompaniedMinors => "unaccompanied_minors",
        Women => "women",
        Minors => "minors",
        FamiliesWithMinors => "families_with_minors",
        Elderly => "elderly",
        Students => "students",
        TraffickingVictims => "trafficking_victims",
        IsolatedAreas => "isolated_areas",
        PublicOperators => "public_operators",
    }
);

string_enum!(
    /// How a practice was evaluated.
    Evaluation {
        None => "none",
        Internal => "internal",
        External => "external",
    }
);

string_enum!(
    /// What of a meeting a file belongs to.
    MeetingFileTarget {
        AgendaItem => "agenda_item",
        Minutes => "minutes",
        Decision => "decision",
    }
);

string_enum!(
    /// Whether a practice goes on once its project's funding ends.
    Sustainability {
        Unknown => "unknown",
        Continues => "continues",
        Partly => "partly",
        Ends => "ends",
    }
);

string_enum!(
    /// The licence under which a practice's materials (attachments and links) may be reused.
    MaterialsLicence {
        Unspecified => "unspecified",
        CcBy => "cc_by",
        CcBySa => "cc_by_sa",
        Cc0 => "cc0",
        AllRightsReserved => "all_rights_reserved",
    }
);

string_enum!(
    /// Whether a practice still runs.
    PracticeLifecycle {
        Active => "active",
        Ended => "ended",
        Structural => "structural",
    }
);

string_enum!(
    /// What a person can follow in the good-practice library.
    FollowFacet {
        Theme => "theme",
        TargetGroup => "target_group",
        Region => "region",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_round_trips_through_its_text() {
        for kind in OrganizationKind::ALL {
            assert_eq!(kind.as_str().parse::<OrganizationKind>(), Ok(*kind));
        }
        for role in MembershipRole::ALL {
            assert_eq!(role.as_str().parse::<MembershipRole>(), Ok(*role));
        }
        assert!("chairman".parse::<MembershipRole>().is_err());
    }
}

string_enum!(
    /// Where a version of a table's strategy stands: drafted, awaiting approval, or approved and frozen.
    StrategyStatus {
        Draft => "draft",
        Submitted => "submitted",
        Approved => "approved",
    }
);

string_enum!(
    /// The three levels of a strategy: specific objective → action → activity.
    StrategyLevel {
        Objective => "objective",
        Action => "action",
        Activity => "activity",
    }
);

string_enum!(
    /// How far an activity has got.
    ActivityStatus {
        Planned => "planned",
        InProgress => "in_progress",
        Done => "done",
        Suspended => "suspended",
    }
);

string_enum!(
    /// What a strategy element can be linked to.
    StrategyLinkKind {
        Decision => "decision",
        AgendaItem => "agenda_item",
        ActionItem => "action_item",
        Practice => "practice",
        Protocol => "protocol",
    }
);

/// How long a link confirming a new email address stays good.
pub const EMAIL_CHANGE_HOURS: i64 = 24;
/// How long an invitation to activate an account stays good.
pub const ACTIVATION_DAYS: i64 = 7;
/// How long a password-reset link stays good.
pub const PASSWORD_RESET_MINUTES: i64 = 60;

string_enum!(
    /// What a single-use link mailed for an account does.
    AccountLinkPurpose {
        EmailChange => "email_change",
        Activation => "activation",
        PasswordReset => "password_reset",
    }
);

string_enum!(
    /// How a session was opened.
    SignInMethod {
        Password => "password",
        SingleSignOn => "single_sign_on",
    }
);

string_enum!(
    /// Where a person's account stands: invited people have a live link to set their password, people whose
    /// invitation expired or was withdrawn have neither a password nor a live link.
    AccountState {
        Active => "active",
        Invited => "invited",
        NotActivated => "not_activated",
        Deactivated => "deactivated",
    }
);

string_enum!(
    /// What an attendee's calendar sent back to the organizer's mailbox (iTIP REPLY or COUNTER).
    CalendarReplyMethod {
        Reply => "reply",
        Counter => "counter",
    }
);

string_enum!(
    /// What became of an answer read from the mailbox.
    CalendarReplyOutcome {
        /// Recorded as the invitee's answer.
        Applied => "applied",
        /// A proposal of another time, waiting for the secretariat.
        Proposal => "proposal",
        /// Not applied; `CalendarReplyIssue` says why.
        SetAside => "set_aside",
    }
);

string_enum!(
    /// Why an answer from the mailbox was kept aside instead of applied.
    CalendarReplyIssue {
        /// The calendar could not be read, or said nothing an answer must say.
        Malformed => "malformed",
        /// No meeting has the answer's UID.
        UnknownEvent => "unknown_event",
        /// The answer is to an earlier version of the meeting (a lower SEQUENCE): its time or place changed since.
        OutdatedSequence => "outdated_sequence",
        /// The answer names a version of the meeting that was never sent.
        UnknownSequence => "unknown_sequence",
        /// The attendee has no invitation to the meeting.
        NotInvited => "not_invited",
        /// The message came from neither the attendee nor who they let answer for them (`SENT-BY`).
        SenderMismatch => "sender_mismatch",
        /// The meeting was held or cancelled: it takes no more answers.
        MeetingClosed => "meeting_closed",
        /// The answer says neither yes, maybe, no nor who goes instead.
        NoAnswer => "no_answer",
        /// A delegation to the attendee themselves.
        SelfDelegation => "self_delegation",
    }
);

string_enum!(
    /// A day of the week (the weekly digest's).
    Weekday {
        Monday => "monday",
        Tuesday => "tuesday",
        Wednesday => "wednesday",
        Thursday => "thursday",
        Friday => "friday",
        Saturday => "saturday",
        Sunday => "sunday",
    }
);

impl Weekday {
    /// ISO 8601's number: Monday 1 … Sunday 7, as stored.
    pub fn iso_number(self) -> i32 {
        self.chrono().number_from_monday() as i32
    }

    /// The day of an ISO number; none outside 1–7.
    pub fn from_iso_number(number: i32) -> Option<Self> {
        let index = usize::try_from(number.checked_sub(1)?).ok()?;
        Self::ALL.get(index).copied()
    }

    pub fn chrono(self) -> chrono::Weekday {
        match self {
            Weekday::Monday => chrono::Weekday::Mon,
            Weekday::Tuesday => chrono::Weekday::Tue,
            Weekday::Wednesday => chrono::Weekday::Wed,
            Weekday::Thursday => chrono::Weekday::Thu,
            Weekday::Friday => chrono::Weekday::Fri,
            Weekday::Saturday => chrono::Weekday::Sat,
            Weekday::Sunday => chrono::Weekday::Sun,
        }
    }
}

string_enum!(
    /// On which days a series of meetings falls.
    RecurrencePattern {
        /// Every week (or every few weeks) on one or more weekdays.
        Weekly => "weekly",
        /// Every month on the first occurrence's day of the month (the 15th); months without it are skipped.
        MonthlyOnDay => "monthly_on_day",
        /// Every month on the first occurrence's weekday and its place in the month (the first Tuesday).
        MonthlyOnWeekday => "monthly_on_weekday",
        /// Every month on the last such weekday (the last Friday).
        MonthlyOnLastWeekday => "monthly_on_last_weekday",
    }
);

string_enum!(
    /// Where a series of meetings stands as a whole; each occurrence has its own `MeetingStatus` too.
    SeriesStatus {
        /// Being prepared: its occurrences are drafts, nobody has been told.
        Draft => "draft",
        /// Its invitations went out.
        Scheduled => "scheduled",
        /// Called off as a whole.
        Cancelled => "cancelled",
    }
);

string_enum!(
    /// Who may enrol in a course.
    CourseAudience {
        /// The operators of the organizations seated at the course's table, and the table's members.
        Table => "table",
        /// Anyone signed in to the network.
        Network => "network",
    }
);

string_enum!(
    /// Where a person stands in a course.
    EnrolmentStatus {
        /// Holds a place: invited to the sessions.
        Enrolled => "enrolled",
        /// The places were taken: first in line gets the next one that frees up.
        Waiting => "waiting",
        /// Gave up the place (or the wait).
        Withdrawn => "withdrawn",
    }
);

string_enum!(
    /// Where a version of an operational protocol stands.
    ProtocolStatus {
        /// Being written and commented by the table's members.
        Draft => "draft",
        /// Adopted by a decision of the table: frozen, signed by its parties, in force from its date.
        Adopted => "adopted",
    }
);

string_enum!(
    /// Where a protocol version stands today among its protocol's versions (computed, not stored).
    ProtocolStanding {
        /// Being written.
        Draft => "draft",
        /// Adopted, in force from a date still to come.
        Scheduled => "scheduled",
        /// Adopted and in force: the text that applies.
        InForce => "in_force",
        /// Adopted, then replaced by a newer version in force.
        Superseded => "superseded",
    }
);

string_enum!(
    /// What a questionnaire's question asks for.
    QuestionKind {
        /// One of its options.
        SingleChoice => "single_choice",
        /// Any of its options.
        MultipleChoice => "multiple_choice",
        /// A whole number on a scale (1 to 5 by default).
        Scale => "scale",
        /// A number, within bounds when given.
        Number => "number",
        /// A line of text.
        ShortText => "short_text",
        /// Paragraphs of text.
        LongText => "long_text",
    }
);

string_enum!(
    /// Who answers a questionnaire.
    QuestionnaireAudience {
        /// The people who hold a role at its table.
        Members => "members",
        /// The operators (people) of the organizations it names.
        Organizations => "organizations",
        /// Anyone with its public link, signed in or not.
        Public => "public",
    }
);

string_enum!(
    /// Where a questionnaire stands.
    QuestionnaireStatus {
        /// Being built: questions change, nobody answers.
        Draft => "draft",
        /// Taking answers until its end date.
        Open => "open",
        /// Closed early by its table: results only.
        Closed => "closed",
    }
);

string_enum!(
    /// Which figure of a question's results becomes a strategy indicator's measurement.
    QuestionStatistic {
        /// The mean of a scale's or number's answers.
        Mean => "mean",
        /// How many responses answered the question.
        Answered => "answered",
        /// The percentage of the question's respondents who chose one option.
        OptionShare => "option_share",
    }
);
