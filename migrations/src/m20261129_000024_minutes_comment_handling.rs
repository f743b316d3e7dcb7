//! Review comments on minutes are marked handled (by whoever runs the table or chairs it), so the chair approves
//! knowing which observations are still open.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MinutesComments {
    Table,
    HandledAt,
    HandledBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(MinutesComments::Table)
                    .add_column(timestamp_with_time_zone_null(MinutesComments::HandledAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(MinutesComments::Table)
                    .add_column(big_integer_null(MinutesComments::HandledBy))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [MinutesComments::HandledBy, MinutesComments::HandledAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(MinutesComments::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
