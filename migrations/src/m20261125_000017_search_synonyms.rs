//! The search synonyms administrators edit (FAMI = AMIF, ...): one row per group, members joined by `|`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchSynonyms {
    Table,
    Id,
    Position,
    Members,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchSynonyms::Table)
                    .col(big_pk_auto(SearchSynonyms::Id))
                    .col(integer(SearchSynonyms::Position))
                    .col(text(SearchSynonyms::Members))
                    .to_owned(),
            )
            .await
    }
}
