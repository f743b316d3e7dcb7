//! The good practices a protocol refers to: linked and unlinked by whoever drafts it, listed for whoever may read
//! both the protocol and the practice.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use tavolo_domain::Actor;
use tavolo_store::entity::{good_practice, protocol_practice};
use tavolo_store::sea_orm;

use super::{ProtocolService, load, protocol_change, visible_protocols};
use crate::audit;
use crate::{Reason, ServiceError, ServiceResult};

/// The most practices one protocol links to.
pub const PRACTICES_PER_PROTOCOL: usize = 50;

/// A practice seen from a protocol.
#[derive(Debug, Clone)]
pub struct LinkedPractice {
    pub protocol_id: i64,
    pub practice: good_practice::Model,
}

impl ProtocolService<'_> {
    pub async fn link_practice(
        &self,
        actor: &Actor,
        protocol_id: i64,
        practice_id: i64,
    ) -> ServiceResult<()> {
        let context = load(self.db, actor, protocol_id).await?;
        context.require_edit(actor)?;
        let practice = good_practice::Entity::find_by_id(practice_id)
            .one(self.db)
            .await?
            .filter(|p| crate::practices::readable(actor, p))
            .ok_or_else(|| {
                ServiceError::validation("practiceId", Reason::UnknownReference, "no such practice")
            })?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let linked = protocol_practice::Entity::find()
            .filter(protocol_practice::Column::ProtocolId.eq(protocol_id))
            .all(&txn)
            .await?;
        if linked.iter().any(|l| l.practice_id == practice_id) {
            return Err(ServiceError::validation(
                "practiceId",
                Reason::AlreadyExists,
                "the protocol already refers to this practice",
            ));
        }
        if linked.len() >= PRACTICES_PER_PROTOCOL {
            return Err(ServiceError::too_many(
                "practiceId",
                PRACTICES_PER_PROTOCOL as u64,
                "practices on a protocol",
            ));
        }
        protocol_practice::ActiveModel {
            protocol_id: Set(protocol_id),
            practice_id: Set(practice_id),
            created_by: Set(actor.person_id().unwrap_or_default()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!(
            "linked the protocol '{}' to the practice '{}'",
            context.protocol.title, practice.title
        );
        audit::record(
            &txn,
            actor,
            protocol_change("link", &context.protocol, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn unlink_practice(
        &self,
        actor: &Actor,
        protocol_id: i64,
        practice_id: i64,
    ) -> ServiceResult<()> {
        let context = load(self.db, actor, protocol_id).await?;
        context.require_edit(actor)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let removed = protocol_practice::Entity::delete_many()
            .filter(protocol_practice::Column::ProtocolId.eq(protocol_id))
            .filter(protocol_practice::Column::PracticeId.eq(practice_id))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            return Err(ServiceError::validation(
                "practiceId",
                Reason::UnknownReference,
                "the protocol does not refer to this practice",
            ));
        }
        let summary = format!(
            "removed a practice from the protocol '{}'",
            context.protocol.title
        );
        audit::record(
            &txn,
            actor,
            protocol_change("unlink", &context.protocol, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The practices these protocols refer to, for whoever may read both: a DataLoader batch.
    pub async fn practices_of(
        &self,
        actor: &Actor,
        protocol_ids: &[i64],
    ) -> ServiceResult<Vec<LinkedPractice>> {
        let readable: Vec<i64> = self
            .protocols_by_ids(actor, protocol_ids)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        let links = protocol_practice::Entity::find()
            .filter(protocol_practice::Column::ProtocolId.is_in(readable))
            .order_by_asc(protocol_practice::Column::Id)
            .all(self.db)
            .await?;
        let practices: HashMap<i64, good_practice::Model> = good_practice::Entity::find()
            .filter(good_practice::Column::Id.is_in(links.iter().map(|l| l.practice_id)))
            .all(self.db)
            .await?
            .into_iter()
            .filter(|p| crate::practices::readable(actor, p))
            .map(|p| (p.id, p))
            .collect();
        Ok(links
            .into_iter()
            .filter_map(|link| {
                Some(LinkedPractice {
                    protocol_id: link.protocol_id,
                    practice: practices.get(&link.practice_id)?.clone(),
                })
            })
            .collect())
    }

    /// The protocols that refer to these practices, for whoever may read them: the practice's side of the link.
    pub async fn protocols_citing(
        &self,
        actor: &Actor,
        practice_ids: &[i64],
    ) -> ServiceResult<Vec<(i64, tavolo_store::entity::protocol::Model)>> {
        let links = protocol_practice::Entity::find()
            .filter(protocol_practice::Column::PracticeId.is_in(practice_ids.iter().copied()))
            .all(self.db)
            .await?;
        let protocols = tavolo_store::entity::protocol::Entity::find()
            .filter(
                tavolo_store::entity::protocol::Column::Id
                    .is_in(links.iter().map(|l| l.protocol_id)),
            )
            .filter(visible_protocols(actor))
            .order_by_asc(tavolo_store::entity::protocol::Column::Title)
            .all(self.db)
            .await?;
        Ok(links
            .iter()
            .flat_map(|link| {
                protocols
                    .iter()
                    .filter(|p| p.id == link.protocol_id)
                    .map(|p| (link.practice_id, p.clone()))
            })
            .collect())
    }
}
