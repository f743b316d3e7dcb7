//! One search over everything the caller may read: typed hits (a union over the kinds) with snippets, facet
//! counts and the total.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, Union};
use chrono::{DateTime, Utc};
use tavolo_domain::{TargetGroup, Theme};
use tavolo_search::{DocumentKind, Hit, SearchRequest, SearchSort};
use tavolo_service::OffsetRequest;

use crate::error::parse_id;
use crate::{ApiResult, parts};

/// The kinds of record a search finds.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "DocumentKind")]
pub enum SearchKind {
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

#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchOrder {
    #[default]
    Relevance,
    Newest,
}

/// Narrowing a search by its facets.
#[derive(InputObject, Default)]
pub struct SearchFilter {
    kinds: Option<Vec<SearchKind>>,
    table_id: Option<ID>,
    theme: Option<Theme>,
    target_group: Option<TargetGroup>,
    territory: Option<String>,
    year: Option<i32>,
}

/// Declares the hit type of one kind: the same fields, a distinct GraphQL type for the union.
macro_rules! hit_type {
    ($($name:ident),+) => {$(
        /// A search result.
        #[derive(SimpleObject)]
        pub struct $name {
            /// The record's id (a practice's, a decision's, ...).
            id: ID,
            title: String,
            /// The web page that shows it.
            url: String,
            /// Escaped text around the match, matched words in `<mark>`.
            snippet: String,
            date: DateTime<Utc>,
            table_id: Option<ID>,
        }
        impl From<Hit> for $name {
            fn from(hit: Hit) -> Self {
                Self {
                    id: ID(hit.id.rsplit(':').next().unwrap_or_default().to_owned()),
                    title: hit.title,
                    url: hit.url,
                    snippet: hit.snippet,
                    date: hit.date,
                    table_id: hit.table_id.map(|t| ID(t.to_string())),
                }
            }
        }
    )+};
}

hit_type!(
    PracticeHit,
    MeetingHit,
    AgendaItemHit,
    MinutesItemHit,
    DecisionHit,
    ActionItemHit,
    StrategyElementHit,
    CommentHit,
    CourseHit,
    ProtocolHit,
    QuestionnaireHit
);

#[derive(Union)]
pub enum SearchHit {
    Practice(PracticeHit),
    Meeting(MeetingHit),
    AgendaItem(AgendaItemHit),
    MinutesItem(MinutesItemHit),
    Decision(DecisionHit),
    ActionItem(ActionItemHit),
    StrategyElement(StrategyElementHit),
    Comment(CommentHit),
    Course(CourseHit),
    Protocol(ProtocolHit),
    Questionnaire(QuestionnaireHit),
}

impl From<Hit> for SearchHit {
    fn from(hit: Hit) -> Self {
        match hit.kind {
            DocumentKind::Practice => Self::Practice(hit.into()),
            DocumentKind::Meeting => Self::Meeting(hit.into()),
            DocumentKind::AgendaItem => Self::AgendaItem(hit.into()),
            DocumentKind::MinutesItem => Self::MinutesItem(hit.into()),
            DocumentKind::Decision => Self::Decision(hit.into()),
            DocumentKind::ActionItem => Self::ActionItem(hit.into()),
            DocumentKind::StrategyElement => Self::StrategyElement(hit.into()),
            DocumentKind::Comment => Self::Comment(hit.into()),
            DocumentKind::Course => Self::Course(hit.into()),
            DocumentKind::Protocol => Self::Protocol(hit.into()),
            DocumentKind::Questionnaire => Self::Questionnaire(hit.into()),
        }
    }
}

/// A facet value and how many of the caller's matches have it.
#[derive(SimpleObject)]
pub struct SearchFacet {
    /// `kind`, `table`, `theme`, `targetGroup`, `territory` or `year`.
    facet: String,
    value: String,
    count: u64,
}

#[derive(SimpleObject)]
pub struct SearchPage {
    total: u64,
    hits: Vec<SearchHit>,
    facets: Vec<SearchFacet>,
}

#[derive(Default)]
pub struct SearchMutation;

#[Object]
impl SearchMutation {
    /// Replaces the search synonyms (administrators): each group lists interchangeable terms, e.g.
    /// `["FAMI", "AMIF"]`.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn set_search_synonyms(
        &self,
        ctx: &Context<'_>,
        groups: Vec<Vec<String>>,
    ) -> ApiResult<Vec<Vec<String>>> {
        let (services, actor) = parts(ctx)?;
        Ok(services.search().set_synonyms(actor, groups).await?)
    }
}

#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// The synonym groups searches use.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn search_synonyms(&self, ctx: &Context<'_>) -> ApiResult<Vec<Vec<String>>> {
        let (services, _) = parts(ctx)?;
        Ok(services.search().synonyms().await?)
    }

    /// Searches everything the caller may read. Words match by stem, with typos (one from five letters, two from
    /// nine), the last as a prefix, and the domain's synonyms (FAMI = AMIF, MSNA, ...). A query without words
    /// (empty, spaces or punctuation) returns the newest documents.
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        filter: Option<SearchFilter>,
        #[graphql(default)] order: SearchOrder,
        #[graphql(default = 20)] first: i32,
        #[graphql(default = 0)] offset: i32,
    ) -> ApiResult<SearchPage> {
        let (services, actor) = parts(ctx)?;
        let window = OffsetRequest::new(first, offset)?;
        let filter = filter.unwrap_or_default();
        let mut request = SearchRequest::new(&query, tavolo_search::Readers::Tokens(Vec::new()));
        request.kinds = filter
            .kinds
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect();
        request.table_id = filter
            .table_id
            .map(|t| parse_id(&t, "tableId"))
            .transpose()?;
        request.theme = filter.theme.map(|t| t.as_str().to_owned());
        request.target_group = filter.target_group.map(|g| g.as_str().to_owned());
        request.territory = filter.territory;
        request.year = filter.year;
        request.sort = match order {
            SearchOrder::Relevance => SearchSort::Relevance,
            SearchOrder::Newest => SearchSort::Newest,
        };
        request.first = window.first as usize;
        request.offset = window.offset as usize;
        let results = services.search().search(actor, request).await?;
        Ok(SearchPage {
            total: results.total,
            hits: results.hits.into_iter().map(SearchHit::from).collect(),
            facets: results
                .facets
                .into_iter()
                .flat_map(|(facet, values)| {
                    values.into_iter().map(move |v| SearchFacet {
                        facet: facet.to_owned(),
                        value: v.value,
                        count: v.count,
                    })
                })
                .collect(),
        })
    }
}
