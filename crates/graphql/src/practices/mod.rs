//! The good-practice library: GraphQL types, queries and mutations.

mod community;
mod inputs;
mod mutations;
mod query;

pub use community::*;
pub use inputs::*;
pub use mutations::*;
pub use query::*;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use tavolo_domain::{
    Evaluation, MaterialsLicence, PracticeLifecycle, PracticeStatus, PracticeVisibility,
    Sustainability, TargetGroup, Theme,
};
use tavolo_service::practices::Facets;
use tavolo_store::entity::good_practice;

use crate::directory::{Organization, Person};
use crate::loaders::{
    AdoptionsOfPractice, AttachmentsOfPractice, CommentsOfPractice, FacetsOfPractice,
    OrganizationKey, PersonKey,
};
use crate::{ApiResult, loader, parts};

/// A good practice (buona prassi).
pub struct GoodPractice(pub good_practice::Model);

impl GoodPractice {
    async fn facets(&self, ctx: &Context<'_>) -> ApiResult<Facets> {
        Ok(loader(ctx)?
            .load_one(FacetsOfPractice(self.0.id))
            .await?
            .unwrap_or_default())
    }
}

#[Object]
impl GoodPractice {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// 75–100 words on what it is and what it achieved.
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    /// How it works, in Markdown.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// The description rendered and sanitized.
    async fn body_html(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let (services, _) = parts(ctx)?;
        Ok(services.practices().body_html(&self.0))
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> ApiResult<Vec<Theme>> {
        Ok(self.facets(ctx).await?.themes)
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn target_groups(&self, ctx: &Context<'_>) -> ApiResult<Vec<TargetGroup>> {
        Ok(self.facets(ctx).await?.target_groups)
    }
    async fn region(&self) -> Option<&str> {
        self.0.region.as_deref()
    }
    async fn territory(&self) -> Option<&str> {
        self.0.territory.as_deref()
    }
    /// Language of the content (ISO 639-1).
    async fn language(&self) -> &str {
        &self.0.language
    }
    async fn start_date(&self) -> Option<NaiveDate> {
        self.0.start_date
    }
    async fn end_date(&self) -> Option<NaiveDate> {
        self.0.end_date
    }
    async fn practice_state(&self) -> PracticeLifecycle {
        self.0.practice_state
    }
    async fn evaluation(&self) -> Evaluation {
        self.0.evaluation
    }
    /// Funding sources, e.g. "FAMI 2021-2027".
    async fn funding(&self) -> &str {
        &self.0.funding
    }
    async fn project_code(&self) -> Option<&str> {
        self.0.project_code.as_deref()
    }
    async fn results(&self) -> Option<&str> {
        self.0.results.as_deref()
    }
    async fn transferability(&self) -> Option<&str> {
        self.0.transferability.as_deref()
    }
    async fn contact_name(&self) -> Option<&str> {
        self.0.contact_name.as_deref()
    }
    async fn contact_email(&self) -> Option<&str> {
        self.0.contact_email.as_deref()
    }
    /// The implementing organization.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let Some(id) = self.0.organization_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OrganizationKey(id))
            .await?
            .map(Organization))
    }
    async fn status(&self) -> PracticeStatus {
        self.0.status
    }
    async fn visibility(&self) -> PracticeVisibility {
        self.0.visibility
    }
    /// The moderator's note when the practice was sent back.
    async fn review_note(&self) -> Option<&str> {
        self.0.review_note.as_deref()
    }
    /// The moderator who last published it or sent it back.
    async fn reviewer(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(id) = self.0.reviewer_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(PersonKey(id)).await?.map(Person))
    }
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.reviewed_at
    }
    /// The eligibility checklist of the last review; null until a moderator reviews it.
    async fn eligibility(&self) -> Option<Eligibility> {
        Some(Eligibility {
            context: self.0.criteria_context?,
            duration: self.0.criteria_duration?,
            transferable: self.0.criteria_transferable?,
        })
    }
    /// Free keywords, in the author's order.
    async fn keywords(&self) -> Vec<String> {
        self.0.keyword_list()
    }
    async fn people_reached(&self) -> Option<i32> {
        self.0.people_reached
    }
    /// Whole euros.
    async fn budget_euros(&self) -> Option<i64> {
        self.0.budget_euros
    }
    /// Partner organizations and their part.
    async fn partners(&self) -> Option<&str> {
        self.0.partners.as_deref()
    }
    async fn lessons_learned(&self) -> Option<&str> {
        self.0.lessons_learned.as_deref()
    }
    async fn sustainability(&self) -> Sustainability {
        self.0.sustainability
    }
    async fn materials_licence(&self) -> MaterialsLicence {
        self.0.materials_licence
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn indicators(&self) -> Vec<PracticeIndicator> {
        self.0
            .indicators
            .0
            .iter()
            .cloned()
            .map(PracticeIndicator)
            .collect()
    }
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.author_id))
            .await?
            .map(Person))
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    /// Version to send back with every edit (optimistic locking).
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// An author's edit of the published practice waiting for a moderator (for its author, whoever proposed it and
    /// the moderators); the fields above stay the published ones until it is accepted.
    async fn pending_changes(&self, ctx: &Context<'_>) -> ApiResult<Option<PendingChanges>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .practices()
            .pending_changes(actor, &self.0)
            .map(PendingChanges))
    }
    /// Who adopted it in their service.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn adoptions(&self, ctx: &Context<'_>) -> ApiResult<Vec<Adoption>> {
        let rows = loader(ctx)?
            .load_one(AdoptionsOfPractice(self.0.id))
            .await?;
        Ok(rows.unwrap_or_default().into_iter().map(Adoption).collect())
    }
    async fn adoption_count(&self, ctx: &Context<'_>) -> ApiResult<usize> {
        Ok(loader(ctx)?
            .load_one(AdoptionsOfPractice(self.0.id))
            .await?
            .map_or(0, |rows| rows.len()))
    }
    /// The discussion, oldest first; deleted comments keep their place without their text.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn comments(&self, ctx: &Context<'_>) -> ApiResult<Vec<PracticeComment>> {
        let rows = loader(ctx)?.load_one(CommentsOfPractice(self.0.id)).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(PracticeComment)
            .collect())
    }
    async fn comment_count(&self, ctx: &Context<'_>) -> ApiResult<usize> {
        Ok(loader(ctx)?
            .load_one(CommentsOfPractice(self.0.id))
            .await?
            .map_or(0, |rows| rows.iter().filter(|c| !c.deleted).count()))
    }
    /// Up to five published practices sharing themes or target groups (one practice at a time, not for lists).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn related(&self, ctx: &Context<'_>) -> ApiResult<Vec<GoodPractice>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .practices()
            .related(actor, &self.0, 5)
            .await?
            .into_iter()
            .map(GoodPractice)
            .collect())
    }
    /// Strategy elements that build on it.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn strategy_elements(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::strategy::LinkedStrategyElement>> {
        crate::strategy::linked_elements(ctx, crate::loaders::StrategyLinksOfPractice(self.0.id))
            .await
    }
    /// The operational protocols that refer to it, among those the caller may see.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn protocols(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::protocols::Protocol>> {
        let rows = loader(ctx)?
            .load_one(crate::loaders::ProtocolsCitingPractice(self.0.id))
            .await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(crate::protocols::Protocol)
            .collect())
    }
    /// Files attached to it, oldest first.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn attachments(&self, ctx: &Context<'_>) -> ApiResult<Vec<PracticeAttachment>> {
        let rows = loader(ctx)?
            .load_one(AttachmentsOfPractice(self.0.id))
            .await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(PracticeAttachment)
            .collect())
    }
    /// Published states, from 1 (one practice at a time, not for lists).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn revisions(&self, ctx: &Context<'_>) -> ApiResult<Vec<PracticeRevision>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .practices()
            .revisions(actor, &[self.0.id])
            .await?
            .into_iter()
            .map(PracticeRevision)
            .collect())
    }
}

/// An edit of a published practice waiting for a moderator.
pub struct PendingChanges(tavolo_service::practices::PendingChanges);

#[Object]
impl PendingChanges {
    /// Who proposed it.
    async fn by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(id) = self.0.by else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(crate::loaders::PersonKey(id))
            .await?
            .map(Person))
    }
    async fn since(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.since
    }
}

/// A measure of a practice's results: what, in which unit, from where to where, and where the figure comes from.
pub struct PracticeIndicator(good_practice::PracticeIndicator);

#[Object]
impl PracticeIndicator {
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn unit(&self) -> &str {
        &self.0.unit
    }
    async fn baseline(&self) -> Option<f64> {
        self.0.baseline
    }
    async fn target(&self) -> Option<f64> {
        self.0.target
    }
    async fn achieved(&self) -> Option<f64> {
        self.0.achieved
    }
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
}

/// The eligibility criteria a moderator checks a practice against (the European Website on Integration's).
#[derive(SimpleObject, InputObject, Clone, Copy)]
#[graphql(input_name = "EligibilityInput")]
pub struct Eligibility {
    /// Context, objectives and activities are clearly described.
    context: bool,
    /// It has been running for at least a year.
    duration: bool,
    /// There is evidence it can be transferred elsewhere.
    transferable: bool,
}

impl From<Eligibility> for tavolo_service::practices::Eligibility {
    fn from(e: Eligibility) -> Self {
        Self {
            context: e.context,
            duration: e.duration,
            transferable: e.transferable,
        }
    }
}
