//! What readers do with a published practice: discuss it (comments, replies, edits, removals), adopt it in their
//! own service or withdraw the adoption, and follow the library's facets.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use tavolo_domain::{Actor, FollowFacet, OptionalText, PracticeStatus, TargetGroup, Theme};
use tavolo_store::entity::{person, practice_adoption, practice_comment, practice_follow};
use tavolo_store::sea_orm;

use super::record::TEXT_MAX;
use super::{PracticeService, change};
use crate::Reason;
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::{ServiceError, ServiceResult};

const COMMENT_MAX: usize = 10_000;

impl PracticeService<'_> {
    /// Comments (and replies) on a published practice, by signed-in users.
    pub async fn comment(
        &self,
        actor: &Actor,
        practice_id: i64,
        parent_id: Option<i64>,
        body: &str,
    ) -> ServiceResult<practice_comment::Model> {
        let author = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in to comment".into()))?;
        let practice = self.practice(actor, practice_id).await?;
        if practice.status != PracticeStatus::Published {
            return Err(ServiceError::validation(
                "practiceId",
                Reason::WrongState,
                format!(
                    "comments are for published practices (this one is {})",
                    practice.status
                ),
            ));
        }
        let body = OptionalText::parse(Some(body), COMMENT_MAX)
            .field("body")?
            .ok_or_else(|| ServiceError::required("body"))?;
        if let Some(parent) = parent_id {
            let found = practice_comment::Entity::find_by_id(parent)
                .one(self.db)
                .await?;
            if found.is_none_or(|c| c.practice_id != practice_id) {
                return Err(ServiceError::validation(
                    "parentId",
                    Reason::UnknownReference,
                    "is not a comment on this practice",
                ));
            }
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let now = Utc::now();
        let created = practice_comment::ActiveModel {
            practice_id: Set(practice_id),
            parent_id: Set(parent_id),
            author_id: Set(author),
            body: Set(body),
            edited: Set(false),
            deleted: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            change(
                "comment",
                &practice,
                format!("commented on practice '{}'", practice.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Edits (author) or deletes (author or moderator) a comment; both leave a visible mark.
    pub async fn change_comment(
        &self,
        actor: &Actor,
        comment_id: i64,
        body: Option<&str>,
    ) -> ServiceResult<practice_comment::Model> {
        let found = practice_comment::Entity::find_by_id(comment_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("comment"))?;
        let practice = self
            .practice(actor, found.practice_id)
            .await
            .map_err(|_| ServiceError::not_found("comment"))?;
        let own = actor.person_id() == Some(found.author_id);
        let deleting = body.is_none();
        if !(own || (deleting && actor.is_moderator())) {
            return Err(ServiceError::forbidden("change this comment"));
        }
        if found.deleted {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "this comment was deleted",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = found.into_active_model();
        match body {
            Some(text) => {
                let text = OptionalText::parse(Some(text), COMMENT_MAX)
                    .field("body")?
                    .ok_or_else(|| ServiceError::required("body"))?;
                model.body = Set(text);
                model.edited = Set(true);
            }
            None => {
                model.body = Set(String::new());
                model.deleted = Set(true);
            }
        }
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        let summary = format!(
            "{} a comment on '{}'",
            if deleting { "deleted" } else { "edited" },
            practice.title
        );
        audit::record(&txn, actor, change("comment_change", &practice, summary)).await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Withdraws the actor's adoption of a practice ("we no longer use it"): the row goes, the audit keeps it.
    pub async fn withdraw_adoption(&self, actor: &Actor, practice_id: i64) -> ServiceResult<()> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let practice = self.practice(actor, practice_id).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let removed = practice_adoption::Entity::delete_many()
            .filter(practice_adoption::Column::PracticeId.eq(practice_id))
            .filter(practice_adoption::Column::PersonId.eq(person_id))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            return Err(ServiceError::not_found("adoption"));
        }
        audit::record(
            &txn,
            actor,
            change(
                "withdraw_adoption",
                &practice,
                format!("withdrew the adoption of practice '{}'", practice.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// "Adopted in my service": once per person, with their organization and a note.
    pub async fn adopt(
        &self,
        actor: &Actor,
        practice_id: i64,
        note: Option<&str>,
    ) -> ServiceResult<practice_adoption::Model> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in to adopt a practice".into()))?;
        let practice = self.practice(actor, practice_id).await?;
        if practice.status != PracticeStatus::Published {
            return Err(ServiceError::validation(
                "practiceId",
                Reason::WrongState,
                "only published practices can be adopted",
            ));
        }
        let note = OptionalText::parse(note, TEXT_MAX).field("note")?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let already = practice_adoption::Entity::find()
            .filter(practice_adoption::Column::PracticeId.eq(practice_id))
            .filter(practice_adoption::Column::PersonId.eq(person_id))
            .count(&txn)
            .await?;
        if already > 0 {
            return Err(ServiceError::validation(
                "practiceId",
                Reason::AlreadyExists,
                "you already adopted this practice",
            ));
        }
        let organization_id = person::Entity::find_by_id(person_id)
            .one(&txn)
            .await?
            .and_then(|p| p.organization_id);
        let created = practice_adoption::ActiveModel {
            practice_id: Set(practice_id),
            person_id: Set(person_id),
            organization_id: Set(organization_id),
            note: Set(note),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            change(
                "adopt",
                &practice,
                format!("adopted practice '{}'", practice.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }
}

impl PracticeService<'_> {
    /// The actor's follows: (facet, value).
    pub async fn follows(&self, actor: &Actor) -> ServiceResult<Vec<practice_follow::Model>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        Ok(practice_follow::Entity::find()
            .filter(practice_follow::Column::PersonId.eq(person_id))
            .order_by_asc(practice_follow::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Follows (or stops following) a theme, target group or region; new and updated practices there come in the digest.
    pub async fn set_follow(
        &self,
        actor: &Actor,
        facet: FollowFacet,
        value: &str,
        following: bool,
    ) -> ServiceResult<Vec<practice_follow::Model>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let value = value.trim();
        let known = match facet {
            FollowFacet::Theme => value.parse::<Theme>().is_ok(),
            FollowFacet::TargetGroup => value.parse::<TargetGroup>().is_ok(),
            FollowFacet::Region => OptionalText::parse(Some(value), 100).is_ok_and(|v| v.is_some()),
        };
        if !known {
            return Err(ServiceError::validation(
                "value",
                Reason::UnknownValue,
                format!("'{value}' is not a {facet} of the library"),
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        practice_follow::Entity::delete_many()
            .filter(practice_follow::Column::PersonId.eq(person_id))
            .filter(practice_follow::Column::Facet.eq(facet.as_str()))
            .filter(practice_follow::Column::Value.eq(value))
            .exec(&txn)
            .await?;
        if following {
            practice_follow::ActiveModel {
                person_id: Set(person_id),
                facet: Set(facet),
                value: Set(value.to_owned()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let summary = format!(
            "{} {facet} '{value}'",
            if following {
                "follows"
            } else {
                "stopped following"
            }
        );
        audit::record(
            &txn,
            actor,
            Change {
                action: "follow",
                entity_type: "person",
                entity_id: person_id,
                table_id: None,
                summary,
            },
        )
        .await?;
        txn.commit().await?;
        self.follows(actor).await
    }
}
