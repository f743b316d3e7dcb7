//! Which notifications a person receives.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use tavolo_domain::{Actor, NotificationKind};
use tavolo_store::entity::notification_mute;
use tavolo_store::sea_orm;

use super::{AccountService, change};
use crate::audit;
use crate::{ServiceError, ServiceResult};

impl AccountService<'_> {
    /// Every notification kind with whether the actor receives it.
    pub async fn notification_settings(
        &self,
        actor: &Actor,
    ) -> ServiceResult<Vec<(NotificationKind, bool)>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let muted: Vec<NotificationKind> = notification_mute::Entity::find()
            .filter(notification_mute::Column::PersonId.eq(person_id))
            .all(self.db)
            .await?
            .into_iter()
            .map(|m| m.kind)
            .collect();
        Ok(NotificationKind::ALL
            .iter()
            .map(|kind| (*kind, !muted.contains(kind)))
            .collect())
    }

    /// Turns one kind of notification on or off for the actor.
    pub async fn set_notification(
        &self,
        actor: &Actor,
        kind: NotificationKind,
        enabled: bool,
    ) -> ServiceResult<Vec<(NotificationKind, bool)>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        notification_mute::Entity::delete_many()
            .filter(notification_mute::Column::PersonId.eq(person_id))
            .filter(notification_mute::Column::Kind.eq(kind.as_str()))
            .exec(&txn)
            .await?;
        if !enabled {
            notification_mute::ActiveModel {
                person_id: Set(person_id),
                kind: Set(kind),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let summary = format!(
            "{} notifications {}",
            kind,
            if enabled { "on" } else { "off" }
        );
        audit::record(
            &txn,
            actor,
            change("notifications", "person", person_id, summary),
        )
        .await?;
        txn.commit().await?;
        self.notification_settings(actor).await
    }
}
