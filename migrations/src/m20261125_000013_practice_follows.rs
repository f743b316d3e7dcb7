//! Following themes, target groups or regions of the good-practice library, and when each person last got the digest.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PracticeFollows {
    Table,
    Id,
    PersonId,
    Facet,
    Value,
    CreatedAt,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    LastDigestAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PracticeFollows::Table)
                    .col(big_pk_auto(PracticeFollows::Id))
                    .col(big_integer(PracticeFollows::PersonId))
                    .col(string_len(PracticeFollows::Facet, 16))
                    .col(string_len(PracticeFollows::Value, 100))
                    .col(timestamp_with_time_zone(PracticeFollows::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PracticeFollows::Table, PracticeFollows::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("practice_follows_key")
                    .table(PracticeFollows::Table)
                    .col(PracticeFollows::PersonId)
                    .col(PracticeFollows::Facet)
                    .col(PracticeFollows::Value)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .add_column(timestamp_with_time_zone_null(People::LastDigestAt))
                    .to_owned(),
            )
            .await
    }
}
