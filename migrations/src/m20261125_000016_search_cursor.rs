//! How far the search index has followed the audit log, which every write transaction appends to: the durable
//! queue of changes the index catches up on.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchCursor {
    Table,
    Id,
    LastEventId,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchCursor::Table)
                    .col(integer(SearchCursor::Id).primary_key())
                    .col(big_integer(SearchCursor::LastEventId))
                    .col(timestamp_with_time_zone(SearchCursor::UpdatedAt))
                    .to_owned(),
            )
            .await
    }
}
