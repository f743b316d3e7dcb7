//! The domain-event outbox: one row per event, written in the transaction of the change; mail and search consume it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DomainEvents {
    Table,
    Id,
    Kind,
    TableId,
    MeetingId,
    EntityId,
    ActorId,
    Payload,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DomainEvents::Table)
                    .col(big_pk_auto(DomainEvents::Id))
                    .col(string_len(DomainEvents::Kind, 64))
                    .col(big_integer_null(DomainEvents::TableId))
                    .col(big_integer_null(DomainEvents::MeetingId))
                    .col(big_integer(DomainEvents::EntityId))
                    .col(big_integer_null(DomainEvents::ActorId))
                    // JSON: what a consumer needs without reading the change back (old and new times, assignee, ...).
                    .col(text(DomainEvents::Payload))
                    .col(timestamp_with_time_zone(DomainEvents::CreatedAt))
                    .to_owned(),
            )
            .await
    }
}
