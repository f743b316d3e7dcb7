//! Writing the library: records, the review workflow, discussion, adoptions, follows and imports.

use async_graphql::{Context, ID, Object, SimpleObject};
use tavolo_domain::FollowFacet;

use super::*;
use crate::error::parse_id;
use crate::{ApiResult, parts};

/// One record an import refused.
#[derive(SimpleObject)]
pub struct ImportRejection {
    /// Position of the record in the array, from 0.
    index: usize,
    reason: String,
}

/// What an import did.
#[derive(SimpleObject)]
pub struct ImportReport {
    imported: usize,
    rejected: Vec<ImportRejection>,
}

#[derive(Default)]
pub struct PracticeMutation;

#[Object]
impl PracticeMutation {
    /// Proposes a practice, as a draft.
    async fn create_practice(
        &self,
        ctx: &Context<'_>,
        input: PracticeFields,
    ) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .create(actor, input.into_input()?)
                .await?,
        ))
    }

    async fn update_practice(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: PracticeFields,
        expected_version: i32,
    ) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .update(
                    actor,
                    parse_id(&id, "id")?,
                    input.into_input()?,
                    expected_version,
                )
                .await?,
        ))
    }

    async fn submit_practice(&self, ctx: &Context<'_>, id: ID) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .submit(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// Publishes an author's edit waiting for review (moderators).
    async fn accept_practice_changes(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
    ) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .accept_changes(actor, parse_id(&id, "id")?, expected_version)
                .await?,
        ))
    }

    /// Drops an edit waiting for review (a moderator refusing it, or its author withdrawing it).
    async fn discard_practice_changes(&self, ctx: &Context<'_>, id: ID) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .discard_changes(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    async fn publish_practice(
        &self,
        ctx: &Context<'_>,
        id: ID,
        criteria: Eligibility,
    ) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .publish(actor, parse_id(&id, "id")?, criteria.into())
                .await?,
        ))
    }

    /// Sends a submitted practice back to its author with a note.
    async fn send_back_practice(
        &self,
        ctx: &Context<'_>,
        id: ID,
        note: String,
        criteria: Eligibility,
    ) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .send_back(actor, parse_id(&id, "id")?, &note, criteria.into())
                .await?,
        ))
    }

    async fn archive_practice(&self, ctx: &Context<'_>, id: ID) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .archive(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    async fn comment_practice(
        &self,
        ctx: &Context<'_>,
        practice_id: ID,
        body: String,
        parent_id: Option<ID>,
    ) -> ApiResult<PracticeComment> {
        let (services, actor) = parts(ctx)?;
        let parent = parent_id.map(|id| parse_id(&id, "parentId")).transpose()?;
        Ok(PracticeComment(
            services
                .practices()
                .comment(actor, parse_id(&practice_id, "practiceId")?, parent, &body)
                .await?,
        ))
    }

    async fn edit_practice_comment(
        &self,
        ctx: &Context<'_>,
        id: ID,
        body: String,
    ) -> ApiResult<PracticeComment> {
        let (services, actor) = parts(ctx)?;
        Ok(PracticeComment(
            services
                .practices()
                .change_comment(actor, parse_id(&id, "id")?, Some(&body))
                .await?,
        ))
    }

    async fn delete_practice_comment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> ApiResult<PracticeComment> {
        let (services, actor) = parts(ctx)?;
        Ok(PracticeComment(
            services
                .practices()
                .change_comment(actor, parse_id(&id, "id")?, None)
                .await?,
        ))
    }

    /// Imports a JSON array in the open-data format (moderators): each record is checked on its own, published as
    /// public, or reported with its reason.
    async fn import_practices(&self, ctx: &Context<'_>, json: String) -> ApiResult<ImportReport> {
        let (services, actor) = parts(ctx)?;
        let report = services.practices().import(actor, &json).await?;
        Ok(ImportReport {
            imported: report.imported,
            rejected: report
                .rejected
                .into_iter()
                .map(|(index, reason)| ImportRejection { index, reason })
                .collect(),
        })
    }

    /// Follows or stops following a theme (e.g. `housing`), target group (`women`) or region (`Toscana`).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn set_follow(
        &self,
        ctx: &Context<'_>,
        facet: FollowFacet,
        value: String,
        following: bool,
    ) -> ApiResult<Vec<Follow>> {
        let (services, actor) = parts(ctx)?;
        Ok(follows(
            services
                .practices()
                .set_follow(actor, facet, &value, following)
                .await?,
        ))
    }

    /// Removes a file from a practice (its author or a moderator, until the practice is archived).
    async fn remove_practice_attachment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> ApiResult<PracticeAttachment> {
        let (services, actor) = parts(ctx)?;
        Ok(PracticeAttachment(
            services
                .practices()
                .remove_attachment(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// "Adopted in my service", with a note.
    async fn adopt_practice(
        &self,
        ctx: &Context<'_>,
        practice_id: ID,
        note: Option<String>,
    ) -> ApiResult<Adoption> {
        let (services, actor) = parts(ctx)?;
        Ok(Adoption(
            services
                .practices()
                .adopt(
                    actor,
                    parse_id(&practice_id, "practiceId")?,
                    note.as_deref(),
                )
                .await?,
        ))
    }

    /// Withdraws the caller's adoption of a practice.
    async fn withdraw_adoption(&self, ctx: &Context<'_>, practice_id: ID) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        services
            .practices()
            .withdraw_adoption(actor, parse_id(&practice_id, "practiceId")?)
            .await?;
        Ok(true)
    }
}
