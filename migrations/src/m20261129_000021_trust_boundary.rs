//! What the trust boundary needs stored: who created each person and when they first signed in (a table's runners
//! edit only people they brought in who have not signed in yet); single-use links mailed for account changes
//! (confirming a new email address); an author's edit of a published practice waiting for a moderator.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum People {
    Table,
    CreatedBy,
    FirstSignedInAt,
}

#[derive(DeriveIden)]
enum GoodPractices {
    Table,
    PendingEdit,
    PendingBy,
    PendingSince,
}

#[derive(DeriveIden)]
enum AccountLinks {
    Table,
    Id,
    PersonId,
    Purpose,
    TokenHash,
    NewEmail,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .add_column(big_integer_null(People::CreatedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .add_column(timestamp_with_time_zone_null(People::FirstSignedInAt))
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(GoodPractices::PendingEdit)
                .text()
                .null()
                .to_owned(),
            big_integer_null(GoodPractices::PendingBy),
            timestamp_with_time_zone_null(GoodPractices::PendingSince),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(GoodPractices::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AccountLinks::Table)
                    .col(big_pk_auto(AccountLinks::Id))
                    .col(big_integer(AccountLinks::PersonId))
                    .col(string_len(AccountLinks::Purpose, 40))
                    .col(string_len(AccountLinks::TokenHash, 64).unique_key())
                    .col(string_len_null(AccountLinks::NewEmail, 320))
                    .col(timestamp_with_time_zone(AccountLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AccountLinks::UsedAt))
                    .col(timestamp_with_time_zone(AccountLinks::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("account_links_person_idx")
                    .table(AccountLinks::Table)
                    .col(AccountLinks::PersonId)
                    .to_owned(),
            )
            .await
    }
}
