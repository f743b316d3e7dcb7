//! When the "due soon" notice of an action item went out, so it goes once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActionItems {
    Table,
    DueNoticeSentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ActionItems::Table)
                    .add_column(timestamp_with_time_zone_null(ActionItems::DueNoticeSentAt))
                    .to_owned(),
            )
            .await
    }
}
