//! Files attached to a protocol (annexes, forms, the signed scan): added and removed by whoever drafts it, read by
//! whoever may read the protocol. The same blob store, limits and checks as practices' attachments.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use tavolo_domain::Actor;
use tavolo_store::entity::protocol_file;
use tavolo_store::sea_orm;

use super::{ProtocolService, load, protocol_change, visible_protocols};
use crate::attachments::{storage_failed, store_and_record};
use crate::audit;
use crate::{ServiceError, ServiceResult};

/// More files than this on one protocol belong in a linked folder.
pub const FILES_PER_PROTOCOL: u64 = 30;

/// A file's bytes with what a response needs to serve them.
pub struct ProtocolDownload {
    pub file: protocol_file::Model,
    pub bytes: Vec<u8>,
}

/// The download address of a file; the name is there for browsers and is ignored by the server.
pub fn download_path(file: &protocol_file::Model) -> String {
    format!(
        "/protocol-files/{}/{}",
        file.id,
        tavolo_files::url_encoded(&file.file_name)
    )
}

impl ProtocolService<'_> {
    /// Stores a file on the protocol after checking its name, size, kind and content.
    pub async fn add_file(
        &self,
        actor: &Actor,
        protocol_id: i64,
        raw_name: &str,
        bytes: &[u8],
    ) -> ServiceResult<protocol_file::Model> {
        let context = load(self.db, actor, protocol_id).await?;
        context.require_edit(actor)?;
        let uploader = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let (name, kind) = self
            .files
            .policy
            .check(raw_name, bytes)
            .map_err(ServiceError::from)?;
        store_and_record(self.files, bytes, |key| async move {
            let txn = tavolo_store::begin_write(self.db).await?;
            let existing = protocol_file::Entity::find()
                .filter(protocol_file::Column::ProtocolId.eq(protocol_id))
                .count(&txn)
                .await?;
            if existing >= FILES_PER_PROTOCOL {
                return Err(ServiceError::too_many(
                    "file",
                    FILES_PER_PROTOCOL,
                    "files on a protocol",
                ));
            }
            let file = protocol_file::ActiveModel {
                protocol_id: Set(protocol_id),
                file_name: Set(name),
                media_type: Set(kind.media_type().to_owned()),
                size_bytes: Set(bytes.len() as i64),
                storage_key: Set(key),
                uploaded_by: Set(uploader),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let summary = format!(
                "attached '{}' to the protocol '{}'",
                file.file_name, context.protocol.title
            );
            audit::record(
                &txn,
                actor,
                protocol_change("attach", &context.protocol, summary),
            )
            .await?;
            txn.commit().await?;
            Ok(file)
        })
        .await
    }

    /// The files of these protocols the actor may read, oldest first: a DataLoader batch.
    pub async fn files(
        &self,
        actor: &Actor,
        protocol_ids: &[i64],
    ) -> ServiceResult<Vec<protocol_file::Model>> {
        let readable = self.protocols_by_ids(actor, protocol_ids).await?;
        Ok(protocol_file::Entity::find()
            .filter(protocol_file::Column::ProtocolId.is_in(readable.into_iter().map(|p| p.id)))
            .order_by_asc(protocol_file::Column::Id)
            .all(self.db)
            .await?)
    }

    /// A file the actor may read, or NOT_FOUND (whether it exists or is only hidden).
    async fn readable_file(&self, actor: &Actor, id: i64) -> ServiceResult<protocol_file::Model> {
        let missing = || ServiceError::not_found("file");
        let file = protocol_file::Entity::find_by_id(id)
            .one(self.db)
            .await?
            .ok_or_else(missing)?;
        let visible = tavolo_store::entity::protocol::Entity::find_by_id(file.protocol_id)
            .filter(visible_protocols(actor))
            .one(self.db)
            .await?;
        visible.map(|_| file).ok_or_else(missing)
    }

    pub async fn download(&self, actor: &Actor, id: i64) -> ServiceResult<ProtocolDownload> {
        let file = self.readable_file(actor, id).await?;
        let bytes = self
            .files
            .blobs
            .get(&file.storage_key)
            .await
            .map_err(storage_failed)?;
        Ok(ProtocolDownload { file, bytes })
    }

    /// Removes a file; its bytes go once that is committed.
    pub async fn remove_file(&self, actor: &Actor, id: i64) -> ServiceResult<protocol_file::Model> {
        let file = self.readable_file(actor, id).await?;
        let context = load(self.db, actor, file.protocol_id).await?;
        context.require_edit(actor)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        protocol_file::Entity::delete_by_id(file.id)
            .exec(&txn)
            .await?;
        let summary = format!(
            "removed '{}' from the protocol '{}'",
            file.file_name, context.protocol.title
        );
        audit::record(
            &txn,
            actor,
            protocol_change("detach", &context.protocol, summary),
        )
        .await?;
        txn.commit().await?;
        crate::attachments::drop_bytes(self.files, &file.storage_key).await;
        Ok(file)
    }
}
