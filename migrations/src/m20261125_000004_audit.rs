//! The audit log: one row per change, written in the same transaction as the change.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    ActorId,
    Action,
    EntityType,
    EntityId,
    TableId,
    Summary,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(big_pk_auto(AuditEvents::Id))
                    // No foreign key: the log outlives what it describes.
                    .col(big_integer_null(AuditEvents::ActorId))
                    .col(string_len(AuditEvents::Action, 64))
                    .col(string_len(AuditEvents::EntityType, 64))
                    .col(big_integer(AuditEvents::EntityId))
                    .col(big_integer_null(AuditEvents::TableId))
                    .col(text(AuditEvents::Summary))
                    .col(timestamp_with_time_zone(AuditEvents::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_events_table_idx")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::TableId)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await
    }
}
