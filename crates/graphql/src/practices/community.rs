//! What hangs on a practice: its files, adoptions, discussion and published revisions.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use tavolo_store::entity::{
    practice_adoption, practice_attachment, practice_comment, practice_revision,
};

use crate::directory::{Organization, Person};
use crate::loaders::{OrganizationKey, PersonKey};
use crate::{ApiResult, loader};

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
    pub(super) max_bytes: u64,
    /// Accepted file-name extensions, e.g. `pdf`.
    pub(super) accepted: Vec<String>,
    /// How many files one practice may have.
    pub(super) per_practice: u64,
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
