//! An author's edit of a published practice: held back until a moderator accepts it, so that nothing reaches the
//! library (a public practice's open data included) without review; the published text stays meanwhile.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use tavolo_domain::Actor;
use tavolo_store::entity::good_practice;
use tavolo_store::sea_orm;

use super::record::{apply, save_facets};
use super::{PracticeInput, PracticeService, change, record_revision};
use crate::Reason;
use crate::audit;
use crate::{ServiceError, ServiceResult};

/// That an edit waits for review, for its author and the moderators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingChanges {
    pub by: Option<i64>,
    pub since: DateTime<Utc>,
}

impl PracticeService<'_> {
    /// Holds the author's edit of a published practice for a moderator. It is checked now, as if applied, so that a
    /// moderator never meets an edit that cannot be applied; a newer edit replaces a waiting one.
    pub(super) async fn propose(
        &self,
        actor: &Actor,
        existing: good_practice::Model,
        input: PracticeInput,
    ) -> ServiceResult<good_practice::Model> {
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut check = existing.clone().into_active_model();
        apply(&txn, &mut check, &input, Some(&existing)).await?;
        let edit =
            serde_json::to_string(&input).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let mut model = existing.clone().into_active_model();
        model.pending_edit = Set(Some(edit));
        model.pending_by = Set(actor.person_id());
        model.pending_since = Set(Some(Utc::now()));
        model.version = Set(existing.version + 1);
        let updated = model.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            change(
                "propose_changes",
                &updated,
                format!("proposed changes to practice '{}'", updated.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// A moderator publishes the waiting edit: it becomes the practice's text and a new revision.
    pub async fn accept_changes(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i32,
    ) -> ServiceResult<good_practice::Model> {
        let existing = self.moderated(actor, id).await?;
        if existing.version != expected_version {
            return Err(ServiceError::stale("the practice", existing.version));
        }
        let Some(edit) = existing.pending_edit.as_deref() else {
            return Err(nothing_waiting());
        };
        let input: PracticeInput =
            serde_json::from_str(edit).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = existing.clone().into_active_model();
        apply(&txn, &mut model, &input, Some(&existing)).await?;
        clear(&mut model);
        model.version = Set(existing.version + 1);
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        save_facets(&txn, updated.id, &input).await?;
        record_revision(&txn, actor, &updated).await?;
        audit::record(
            &txn,
            actor,
            change(
                "accept_changes",
                &updated,
                format!("published the proposed changes to '{}'", updated.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Drops the waiting edit: a moderator refusing it, or its author withdrawing it.
    pub async fn discard_changes(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<good_practice::Model> {
        let existing = self.practice(actor, id).await?;
        let own = existing.pending_by.is_some() && existing.pending_by == actor.person_id();
        if !(own || actor.is_moderator()) {
            return Err(ServiceError::forbidden("discard these changes"));
        }
        if existing.pending_edit.is_none() {
            return Err(nothing_waiting());
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = existing.clone().into_active_model();
        clear(&mut model);
        model.version = Set(existing.version + 1);
        let updated = model.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            change(
                "discard_changes",
                &updated,
                format!("discarded the proposed changes to '{}'", updated.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// That an edit of this practice waits for review, for its author, whoever proposed it and the moderators.
    pub fn pending_changes(
        &self,
        actor: &Actor,
        practice: &good_practice::Model,
    ) -> Option<PendingChanges> {
        let since = practice.pending_since?;
        let involved = actor.is_moderator()
            || actor.person_id() == Some(practice.author_id)
            || (practice.pending_by.is_some() && actor.person_id() == practice.pending_by);
        involved.then_some(PendingChanges {
            by: practice.pending_by,
            since,
        })
    }
}

fn clear(model: &mut good_practice::ActiveModel) {
    model.pending_edit = Set(None);
    model.pending_by = Set(None);
    model.pending_since = Set(None);
}

fn nothing_waiting() -> ServiceError {
    ServiceError::validation(
        "id",
        Reason::WrongState,
        "no changes to this practice wait for review",
    )
}
