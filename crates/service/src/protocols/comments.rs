//! Members' comments on the sections of a protocol draft; whoever drafts the protocol resolves them.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use tavolo_domain::{Actor, OptionalText, ProtocolStatus, policy};
use tavolo_store::entity::{protocol, protocol_comment, protocol_section, protocol_version};
use tavolo_store::sea_orm;

use super::{ProtocolService, protocol_change};
use crate::access::roles_at_tables;
use crate::audit;
use crate::error::FieldContext;
use crate::{Reason, ServiceError, ServiceResult};

const COMMENT_MAX: usize = 10_000;

impl ProtocolService<'_> {
    /// A member comments on a section of a draft.
    pub async fn comment(
        &self,
        actor: &Actor,
        version_id: i64,
        section_key: &str,
        body: &str,
    ) -> ServiceResult<protocol_comment::Model> {
        let (version, context) = self.readable(actor, version_id).await?;
        let author_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        if !context.may_read_drafts(actor) {
            return Err(ServiceError::forbidden("comment on this table's protocols"));
        }
        if version.status != ProtocolStatus::Draft {
            return Err(ServiceError::validation(
                "versionId",
                Reason::WrongState,
                "this version is adopted: comments are taken while a draft is open",
            ));
        }
        let section = protocol_section::Entity::find()
            .filter(protocol_section::Column::VersionId.eq(version.id))
            .filter(protocol_section::Column::Key.eq(section_key))
            .one(self.db)
            .await?
            .ok_or_else(|| {
                ServiceError::validation(
                    "sectionKey",
                    Reason::UnknownReference,
                    "no such section in this draft",
                )
            })?;
        let body = OptionalText::parse(Some(body), COMMENT_MAX)
            .field("body")?
            .ok_or_else(|| ServiceError::required("body"))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let comment = protocol_comment::ActiveModel {
            version_id: Set(version.id),
            section_key: Set(section.key),
            author_id: Set(author_id),
            body: Set(body),
            resolved_at: Set(None),
            resolved_by: Set(None),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!(
            "commented on '{}' in the protocol '{}'",
            section.heading, context.protocol.title
        );
        audit::record(
            &txn,
            actor,
            protocol_change("comment", &context.protocol, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(comment)
    }

    /// Whoever drafts the protocol marks a comment as dealt with.
    pub async fn resolve_comment(
        &self,
        actor: &Actor,
        comment_id: i64,
    ) -> ServiceResult<protocol_comment::Model> {
        let missing = || ServiceError::not_found("comment");
        let comment = protocol_comment::Entity::find_by_id(comment_id)
            .one(self.db)
            .await?
            .ok_or_else(missing)?;
        let (_, context) = self
            .readable(actor, comment.version_id)
            .await
            .map_err(|_| missing())?;
        if !context.may_read_drafts(actor) {
            return Err(missing());
        }
        context.require_edit(actor)?;
        if comment.resolved_at.is_some() {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "the comment is already resolved",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = comment.into_active_model();
        model.resolved_at = Set(Some(Utc::now()));
        model.resolved_by = Set(actor.person_id());
        let resolved = model.update(&txn).await?;
        let summary = format!(
            "resolved a comment on the protocol '{}'",
            context.protocol.title
        );
        audit::record(
            &txn,
            actor,
            protocol_change("resolve_comment", &context.protocol, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(resolved)
    }

    /// The comments on these versions, oldest first: the members' working discussion, so none for anyone else even
    /// once the version is adopted and public.
    pub async fn comments(
        &self,
        actor: &Actor,
        version_ids: &[i64],
    ) -> ServiceResult<Vec<protocol_comment::Model>> {
        let readable = self.readable_version_ids(actor, version_ids).await?;
        let versions = protocol_version::Entity::find()
            .filter(protocol_version::Column::Id.is_in(readable))
            .all(self.db)
            .await?;
        let protocols: HashMap<i64, i64> = protocol::Entity::find()
            .filter(protocol::Column::Id.is_in(versions.iter().map(|v| v.protocol_id)))
            .all(self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.table_id))
            .collect();
        let tables: Vec<i64> = protocols.values().copied().collect();
        let roles = roles_at_tables(self.db, actor, &tables).await?;
        let discussed: Vec<i64> = versions
            .iter()
            .filter(|v| {
                let table = protocols.get(&v.protocol_id);
                let held = table
                    .and_then(|t| roles.get(t))
                    .cloned()
                    .unwrap_or_default();
                policy::can_read_protocol_draft(actor, &held)
            })
            .map(|v| v.id)
            .collect();
        Ok(protocol_comment::Entity::find()
            .filter(protocol_comment::Column::VersionId.is_in(discussed))
            .order_by_asc(protocol_comment::Column::Id)
            .all(self.db)
            .await?)
    }
}
