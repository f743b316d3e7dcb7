//! What is indexed: one document per record a search can land on, with its facets and its readers.

use chrono::{DateTime, Utc};

/// The kinds of record a search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentKind {
    Practice,
    Meeting,
    AgendaItem,
    MinutesItem,
    Decision,
    ActionItem,
    StrategyElement,
    Comment,
    Course,
    Protocol,
    Questionnaire,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 11] = [
        Self::Practice,
        Self::Meeting,
        Self::AgendaItem,
        Self::MinutesItem,
        Self::Decision,
        Self::ActionItem,
        Self::StrategyElement,
        Self::Comment,
        Self::Course,
        Self::Protocol,
        Self::Questionnaire,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Practice => "practice",
            Self::Meeting => "meeting",
            Self::AgendaItem => "agenda_item",
            Self::MinutesItem => "minutes_item",
            Self::Decision => "decision",
            Self::ActionItem => "action_item",
            Self::StrategyElement => "strategy_element",
            Self::Comment => "comment",
            Self::Course => "course",
            Self::Protocol => "protocol",
            Self::Questionnaire => "questionnaire",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One searchable record. `readers` are access tokens (e.g. `public`, `signed_in`, `table:3:members`): a caller
/// finds the document when they hold one of them.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDocument {
    /// Unique across kinds, e.g. `decision:12`.
    pub id: String,
    /// The record whose change rebuilds this document, e.g. `meeting:4` for its agenda, minutes and decisions:
    /// rebuilding a scope replaces all of its documents, so removed records leave the index too.
    pub scope: String,
    pub kind: DocumentKind,
    pub title: String,
    pub body: String,
    /// Where the web UI shows it.
    pub url: String,
    pub table_id: Option<i64>,
    pub date: DateTime<Utc>,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
    pub territory: Option<String>,
    pub readers: Vec<String>,
}
