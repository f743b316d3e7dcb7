//! Browsing the library: filters, sorting, facet counts, follows and the root queries.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use tavolo_domain::{FollowFacet, PracticeStatus, TargetGroup, Theme};
use tavolo_service::practices::{PracticeFilter, PracticeSort as ServiceSort};

use super::*;
use crate::error::parse_id;
use crate::{ApiResult, parts};

/// A facet value and how many matching practices have it.
#[derive(SimpleObject)]
pub struct FacetCount {
    /// theme, targetGroup, region or language.
    facet: String,
    value: String,
    count: u64,
}

/// A page of the library.
#[derive(SimpleObject)]
pub struct PracticePage {
    items: Vec<GoodPractice>,
    total_count: u64,
    facets: Vec<FacetCount>,
}

/// How the library is ordered.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum PracticeSort {
    Newest,
    MostAdopted,
    MostDiscussed,
}

/// Narrowing the library by facets and words.
#[derive(InputObject, Default)]
pub struct PracticeFilterInput {
    theme: Option<Theme>,
    target_group: Option<TargetGroup>,
    region: Option<String>,
    language: Option<String>,
    search: Option<String>,
    /// Authors see their own drafts and submissions, moderators everything; published by default.
    status: Option<PracticeStatus>,
}

/// Something the caller follows in the library.
#[derive(SimpleObject)]
pub struct Follow {
    facet: FollowFacet,
    value: String,
}

pub(super) fn follows(rows: Vec<tavolo_store::entity::practice_follow::Model>) -> Vec<Follow> {
    rows.into_iter()
        .map(|f| Follow {
            facet: f.facet,
            value: f.value,
        })
        .collect()
}

#[derive(Default)]
pub struct PracticeQuery;

#[Object]
impl PracticeQuery {
    /// The library: what the caller may read, filtered and sorted, with facet counts over every match.
    async fn practices(
        &self,
        ctx: &Context<'_>,
        filter: Option<PracticeFilterInput>,
        #[graphql(default_with = "PracticeSort::Newest")] sort: PracticeSort,
        #[graphql(default = 20)] first: i32,
        #[graphql(default = 0)] offset: i32,
    ) -> ApiResult<PracticePage> {
        let (services, actor) = parts(ctx)?;
        let window = tavolo_service::OffsetRequest::new(first, offset)?;
        let filter = filter.unwrap_or_default();
        let filter = PracticeFilter {
            theme: filter.theme,
            target_group: filter.target_group,
            region: filter.region,
            language: filter.language,
            search: filter.search,
            status: filter.status,
        };
        let sort = match sort {
            PracticeSort::Newest => ServiceSort::Newest,
            PracticeSort::MostAdopted => ServiceSort::MostAdopted,
            PracticeSort::MostDiscussed => ServiceSort::MostDiscussed,
        };
        let page = services
            .practices()
            .list(actor, &filter, sort, window)
            .await?;
        Ok(PracticePage {
            items: page.items.into_iter().map(GoodPractice).collect(),
            total_count: page.total,
            facets: page
                .facets
                .into_iter()
                .map(|(facet, value, count)| FacetCount {
                    facet: facet.to_owned(),
                    value,
                    count,
                })
                .collect(),
        })
    }

    /// Line differences between two published revisions of a practice.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn practice_diff(
        &self,
        ctx: &Context<'_>,
        practice_id: ID,
        from: i32,
        to: i32,
    ) -> ApiResult<Vec<crate::minutes::DiffLine>> {
        let (services, actor) = parts(ctx)?;
        let lines = services
            .practices()
            .compare(actor, parse_id(&practice_id, "practiceId")?, from, to)
            .await?;
        Ok(lines
            .into_iter()
            .map(crate::minutes::DiffLine::from)
            .collect())
    }

    /// What an attachment may be (size, types), for upload forms.
    async fn attachment_rules(&self, ctx: &Context<'_>) -> ApiResult<AttachmentRules> {
        let (services, _) = parts(ctx)?;
        let policy = &services.files.policy;
        Ok(AttachmentRules {
            max_bytes: policy.max_bytes,
            accepted: policy.accepted().into_iter().map(str::to_owned).collect(),
            per_practice: tavolo_service::attachments::ATTACHMENTS_PER_PRACTICE,
        })
    }

    /// The themes, target groups and regions the caller follows (their weekly digest).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn my_follows(&self, ctx: &Context<'_>) -> ApiResult<Vec<Follow>> {
        let (services, actor) = parts(ctx)?;
        Ok(follows(services.practices().follows(actor).await?))
    }

    async fn practice(&self, ctx: &Context<'_>, id: ID) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .practice(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }
}
