//! Notifications a person turned off, one row per kind.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NotificationMutes {
    Table,
    Id,
    PersonId,
    Kind,
    CreatedAt,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NotificationMutes::Table)
                    .col(big_pk_auto(NotificationMutes::Id))
                    .col(big_integer(NotificationMutes::PersonId))
                    .col(string_len(NotificationMutes::Kind, 32))
                    .col(timestamp_with_time_zone(NotificationMutes::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(NotificationMutes::Table, NotificationMutes::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("notification_mutes_key")
                    .table(NotificationMutes::Table)
                    .col(NotificationMutes::PersonId)
                    .col(NotificationMutes::Kind)
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
