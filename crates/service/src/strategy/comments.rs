//! Members' comments on the elements of an open version (draft or submitted); the secretariat resolves them.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use tavolo_domain::{Actor, OptionalText, StrategyStatus, policy};
use tavolo_store::entity::strategy_comment;
use tavolo_store::sea_orm;

use super::{StrategyService, change};
use crate::Reason;
use crate::audit;
use crate::error::FieldContext;
use crate::{ServiceError, ServiceResult};

const COMMENT_MAX: usize = 10_000;

impl StrategyService<'_> {
    /// A member comments on an element while its version is open.
    pub async fn comment(
        &self,
        actor: &Actor,
        element_id: i64,
        body: &str,
    ) -> ServiceResult<strategy_comment::Model> {
        let (element, version, access) = self.readable_element(actor, element_id).await?;
        let author_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        if !policy::can_read_strategy_draft(actor, &access.roles) {
            return Err(ServiceError::forbidden("comment on this table's strategy"));
        }
        if version.status == StrategyStatus::Approved {
            return Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "this version is approved: comments are taken while a draft is open",
            ));
        }
        let body = OptionalText::parse(Some(body), COMMENT_MAX)
            .field("body")?
            .ok_or_else(|| ServiceError::required("body"))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let now = Utc::now();
        let comment = strategy_comment::ActiveModel {
            version_id: Set(version.id),
            element_id: Set(element.id),
            author_id: Set(author_id),
            body: Set(body),
            edited: Set(false),
            deleted: Set(false),
            resolved_at: Set(None),
            resolved_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!("commented on {} '{}'", element.code, element.title);
        audit::record(&txn, actor, change("comment", &version, summary)).await?;
        txn.commit().await?;
        Ok(comment)
    }

    /// Whoever edits the strategy marks a comment as dealt with.
    pub async fn resolve_comment(
        &self,
        actor: &Actor,
        comment_id: i64,
    ) -> ServiceResult<strategy_comment::Model> {
        let comment = strategy_comment::Entity::find_by_id(comment_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("comment"))?;
        let (version, access) = self
            .readable(actor, comment.version_id)
            .await
            .map_err(|_| ServiceError::not_found("comment"))?;
        access.require_edit(actor)?;
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
        let summary = format!("resolved a comment on strategy version {}", version.number);
        audit::record(&txn, actor, change("resolve_comment", &version, summary)).await?;
        txn.commit().await?;
        Ok(resolved)
    }

    /// The comments on a version, oldest first: the members' working discussion, so empty for anyone else even
    /// once the version is approved and public.
    pub async fn comments(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> ServiceResult<Vec<strategy_comment::Model>> {
        let (_, access) = self.readable(actor, version_id).await?;
        if !policy::can_read_strategy_draft(actor, &access.roles) {
            return Ok(Vec::new());
        }
        Ok(strategy_comment::Entity::find()
            .filter(strategy_comment::Column::VersionId.eq(version_id))
            .order_by_asc(strategy_comment::Column::Id)
            .all(self.db)
            .await?)
    }
}
