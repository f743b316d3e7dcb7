//! The good-practice library: GraphQL types, queries and mutations.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use tavolo_domain::{
    Evaluation, FollowFacet, PracticeLifecycle, PracticeStatus, PracticeVisibility, TargetGroup,
    Theme,
};
use tavolo_service::practices::{PracticeFilter, PracticeInput, PracticeSort as ServiceSort};
use tavolo_store::entity::{
    good_practice, practice_adoption, practice_attachment, practice_comment, practice_revision,
};

use crate::directory::{Organization, Person};
use crate::error::{parse_id, stored};
use crate::loaders::{
    AdoptionsOfPractice, AttachmentsOfPractice, CommentsOfPractice, OrganizationKey, PersonKey,
};
use crate::{ApiResult, loader, parts};

fn split<T: std::str::FromStr>(codes: &str) -> Vec<T> {
    codes.split('|').filter_map(|c| c.parse().ok()).collect()
}

/// A good practice (buona prassi).
pub struct GoodPractice(pub good_practice::Model);

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
    async fn themes(&self) -> Vec<Theme> {
        split(&self.0.themes)
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn target_groups(&self) -> Vec<TargetGroup> {
        split(&self.0.target_groups)
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
    async fn practice_state(&self) -> ApiResult<PracticeLifecycle> {
        stored(&self.0.practice_state, "practice state")
    }
    async fn evaluation(&self) -> ApiResult<Evaluation> {
        stored(&self.0.evaluation, "evaluation")
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
    async fn status(&self) -> ApiResult<PracticeStatus> {
        stored(&self.0.status, "practice status")
    }
    async fn visibility(&self) -> ApiResult<PracticeVisibility> {
        stored(&self.0.visibility, "practice visibility")
    }
    /// The moderator's note when the practice was sent back.
    async fn review_note(&self) -> Option<&str> {
        self.0.review_note.as_deref()
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

/// A file attached to a practice; uploaded with a multipart POST to `/practices/{id}/attachments`.
pub struct PracticeAttachment(pub practice_attachment::Model);

#[Object]
impl PracticeAttachment {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    async fn media_type(&self) -> &str {
        &self.0.media_type
    }
    async fn size_bytes(&self) -> i64 {
        self.0.size_bytes
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Where to download it; the download obeys the practice's visibility.
    async fn url(&self) -> String {
        tavolo_service::attachments::download_path(&self.0)
    }
    async fn uploaded_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.uploaded_by))
            .await?
            .map(Person))
    }
}

/// What an attachment may be, for upload forms.
#[derive(SimpleObject)]
pub struct AttachmentRules {
    max_bytes: u64,
    /// Accepted file-name extensions, e.g. `pdf`.
    accepted: Vec<String>,
    /// How many files one practice may have.
    per_practice: u64,
}

/// "Adopted in my service".
pub struct Adoption(pub practice_adoption::Model);

#[Object]
impl Adoption {
    async fn person(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.person_id))
            .await?
            .map(Person))
    }
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let Some(id) = self.0.organization_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OrganizationKey(id))
            .await?
            .map(Organization))
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A comment or reply on a practice.
pub struct PracticeComment(pub practice_comment::Model);

#[Object]
impl PracticeComment {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn parent_id(&self) -> Option<ID> {
        self.0.parent_id.map(|id| ID(id.to_string()))
    }
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.author_id))
            .await?
            .map(Person))
    }
    /// Empty once deleted.
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn edited(&self) -> bool {
        self.0.edited
    }
    async fn deleted(&self) -> bool {
        self.0.deleted
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A published state of a practice.
pub struct PracticeRevision(pub practice_revision::Model);

#[Object]
impl PracticeRevision {
    async fn number(&self) -> i32 {
        self.0.number
    }
    async fn content(&self) -> &str {
        &self.0.content
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

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

/// A practice's fields; on update omitted fields stay.
#[derive(InputObject)]
pub struct PracticeFields {
    title: Option<String>,
    summary: Option<String>,
    body: Option<String>,
    themes: Option<Vec<Theme>>,
    target_groups: Option<Vec<TargetGroup>>,
    region: Option<String>,
    territory: Option<String>,
    language: Option<String>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    practice_state: Option<PracticeLifecycle>,
    evaluation: Option<Evaluation>,
    funding: Option<String>,
    project_code: Option<String>,
    results: Option<String>,
    transferability: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    organization_id: Option<ID>,
    visibility: Option<PracticeVisibility>,
}

impl PracticeFields {
    fn into_input(self) -> ApiResult<PracticeInput> {
        Ok(PracticeInput {
            title: self.title,
            summary: self.summary,
            body: self.body,
            themes: self.themes,
            target_groups: self.target_groups,
            region: self.region,
            territory: self.territory,
            language: self.language,
            start_date: self.start_date,
            end_date: self.end_date,
            practice_state: self.practice_state,
            evaluation: self.evaluation,
            funding: self.funding,
            project_code: self.project_code,
            results: self.results,
            transferability: self.transferability,
            contact_name: self.contact_name,
            contact_email: self.contact_email,
            organization_id: self
                .organization_id
                .map(|id| parse_id(&id, "organizationId").map(Some))
                .transpose()?,
            visibility: self.visibility,
        })
    }
}

/// Something the caller follows in the library.
#[derive(SimpleObject)]
pub struct Follow {
    facet: FollowFacet,
    value: String,
}

fn follows(rows: Vec<tavolo_store::entity::practice_follow::Model>) -> Vec<Follow> {
    rows.into_iter()
        .filter_map(|f| {
            Some(Follow {
                facet: f.facet.parse().ok()?,
                value: f.value,
            })
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

    async fn publish_practice(&self, ctx: &Context<'_>, id: ID) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .publish(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// Sends a submitted practice back to its author with a note.
    async fn send_back_practice(
        &self,
        ctx: &Context<'_>,
        id: ID,
        note: String,
    ) -> ApiResult<GoodPractice> {
        let (services, actor) = parts(ctx)?;
        Ok(GoodPractice(
            services
                .practices()
                .send_back(actor, parse_id(&id, "id")?, &note)
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
}
