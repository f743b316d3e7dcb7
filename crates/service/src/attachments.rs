//! Files attached to good practices: added and removed by whoever may edit the practice, downloaded by whoever may
//! read it. Bytes go to the blob store before the row is written, so a row always has its file.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tavolo_domain::{Actor, PracticeStatus, PracticeVisibility};
use tavolo_files::BlobError;
use tavolo_store::entity::{good_practice, practice_attachment};
use tavolo_store::sea_orm;

use crate::audit;
use crate::practices::{PracticeService, change, editable};
use crate::{ServiceError, ServiceResult};

/// More files than this on one practice belong in a linked folder.
pub const ATTACHMENTS_PER_PRACTICE: u64 = 20;

/// An attachment's bytes with what a response needs to serve them.
pub struct Download {
    pub attachment: practice_attachment::Model,
    pub bytes: Vec<u8>,
    /// Readable without an account, so caches may keep it.
    pub public: bool,
}

/// The download address of an attachment; the name is there for browsers and is ignored by the server.
pub fn download_path(attachment: &practice_attachment::Model) -> String {
    format!(
        "/attachments/{}/{}",
        attachment.id,
        tavolo_files::url_encoded(&attachment.file_name)
    )
}

/// Puts `bytes` in the blob store and hands their key to `record`; when recording fails the file would be
/// unreachable, so it goes too.
pub(crate) async fn store_and_record<T, F, Fut>(
    files: &crate::Files,
    bytes: &[u8],
    record: F,
) -> ServiceResult<T>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ServiceResult<T>>,
{
    let key = files.blobs.put(bytes).await.map_err(storage_failed)?;
    let recorded = record(key.clone()).await;
    if recorded.is_err()
        && let Err(err) = files.blobs.delete(&key).await
    {
        tracing::warn!(error = %err, key, "could not remove the file of a refused upload");
    }
    recorded
}

/// Deletes the bytes of a file whose row is gone (committed): a failure leaves an orphan in the blob store, which
/// is logged, never the caller's error.
pub(crate) async fn drop_bytes(files: &crate::Files, key: &str) {
    if let Err(err) = files.blobs.delete(key).await {
        tracing::warn!(error = %err, key, "a removed file left its bytes behind");
    }
}

pub(crate) fn storage_failed(err: BlobError) -> ServiceError {
    match err {
        BlobError::Full => ServiceError::Unavailable(
            "the attachment storage is full: nothing was stored; an administrator must free space"
                .into(),
        ),
        other => ServiceError::Internal(format!("attachment storage: {other}")),
    }
}

impl PracticeService<'_> {
    /// Stores a file and attaches it to the practice, after checking its name, size, kind and content.
    pub async fn attach(
        &self,
        actor: &Actor,
        practice_id: i64,
        raw_name: &str,
        bytes: &[u8],
    ) -> ServiceResult<practice_attachment::Model> {
        let practice = self.practice(actor, practice_id).await?;
        editable(actor, &practice)?;
        let (name, kind) = self
            .files
            .policy
            .check(raw_name, bytes)
            .map_err(ServiceError::from)?;
        store_and_record(self.files, bytes, |key| {
            let row = practice_attachment::ActiveModel {
                practice_id: Set(practice.id),
                file_name: Set(name),
                media_type: Set(kind.media_type().to_owned()),
                size_bytes: Set(bytes.len() as i64),
                storage_key: Set(key),
                uploaded_by: Set(actor.person_id().unwrap_or(practice.author_id)),
                created_at: Set(Utc::now()),
                ..Default::default()
            };
            self.record_attachment(actor, &practice, row)
        })
        .await
    }

    async fn record_attachment(
        &self,
        actor: &Actor,
        practice: &good_practice::Model,
        row: practice_attachment::ActiveModel,
    ) -> ServiceResult<practice_attachment::Model> {
        let txn = tavolo_store::begin_write(self.db).await?;
        let existing = practice_attachment::Entity::find()
            .filter(practice_attachment::Column::PracticeId.eq(practice.id))
            .count(&txn)
            .await?;
        if existing >= ATTACHMENTS_PER_PRACTICE {
            return Err(ServiceError::too_many(
                "file",
                ATTACHMENTS_PER_PRACTICE,
                "attachments on a practice",
            ));
        }
        let attachment = row.insert(&txn).await?;
        let summary = format!(
            "attached '{}' to practice '{}'",
            attachment.file_name, practice.title
        );
        audit::record(&txn, actor, change("attach", practice, summary)).await?;
        txn.commit().await?;
        Ok(attachment)
    }

    /// The attachments of the practices the actor may read, oldest first: two queries for a DataLoader batch.
    pub async fn attachments(
        &self,
        actor: &Actor,
        practice_ids: &[i64],
    ) -> ServiceResult<Vec<practice_attachment::Model>> {
        self.rows_of_readable::<practice_attachment::Entity, _, _>(
            actor,
            practice_ids,
            practice_attachment::Column::PracticeId,
            practice_attachment::Column::Id,
        )
        .await
    }

    /// An attachment and its practice, if the actor may read the practice; otherwise it does not exist for them.
    async fn readable_attachment(
        &self,
        actor: &Actor,
        attachment_id: i64,
    ) -> ServiceResult<(practice_attachment::Model, good_practice::Model)> {
        let attachment = practice_attachment::Entity::find_by_id(attachment_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("attachment"))?;
        let practice = self
            .practice(actor, attachment.practice_id)
            .await
            .map_err(|_| ServiceError::not_found("attachment"))?;
        Ok((attachment, practice))
    }

    /// The file, for whoever may read its practice.
    pub async fn download(&self, actor: &Actor, attachment_id: i64) -> ServiceResult<Download> {
        let (attachment, practice) = self.readable_attachment(actor, attachment_id).await?;
        let bytes = self
            .files
            .blobs
            .get(&attachment.storage_key)
            .await
            .map_err(storage_failed)?;
        let public = practice.status == PracticeStatus::Published
            && practice.visibility == PracticeVisibility::Public;
        Ok(Download {
            attachment,
            bytes,
            public,
        })
    }

    /// Removes an attachment; its file is deleted once the removal is committed.
    pub async fn remove_attachment(
        &self,
        actor: &Actor,
        attachment_id: i64,
    ) -> ServiceResult<practice_attachment::Model> {
        let (attachment, practice) = self.readable_attachment(actor, attachment_id).await?;
        editable(actor, &practice)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        practice_attachment::Entity::delete_by_id(attachment.id)
            .exec(&txn)
            .await?;
        let summary = format!(
            "removed '{}' from practice '{}'",
            attachment.file_name, practice.title
        );
        audit::record(&txn, actor, change("detach", &practice, summary)).await?;
        txn.commit().await?;
        drop_bytes(self.files, &attachment.storage_key).await;
        Ok(attachment)
    }
}
