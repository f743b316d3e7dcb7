//! The weekly digest of what waits for a person across their tables: the day (ISO weekday, Monday 1) and hour, in
//! the person's time zone, it goes out, and the next instant it is due, claimed by the process that sends it. The
//! practice digest it replaces was muted as `practice_digest`: those mutes now mute the weekly digest.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum People {
    Table,
    DigestWeekday,
    DigestHour,
    DigestDueAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            integer(People::DigestWeekday).default(1).to_owned(),
            integer(People::DigestHour).default(8).to_owned(),
            timestamp_with_time_zone_null(People::DigestDueAt),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(People::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE notification_mutes SET kind = 'weekly_digest' WHERE kind = 'practice_digest'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE notification_mutes SET kind = 'practice_digest' WHERE kind = 'weekly_digest'",
            )
            .await?;
        for column in [
            People::DigestDueAt,
            People::DigestHour,
            People::DigestWeekday,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(People::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
