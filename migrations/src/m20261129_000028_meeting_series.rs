//! Recurring meetings: a series holds the rule (pattern, interval, end) in its time zone and what its occurrences
//! share; each occurrence is a meeting of its own (agenda, invitations, attendance, minutes) that names its series
//! and the start the rule gave it (`recurrence_id`, the iCalendar RECURRENCE-ID), which stays when it is moved.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MeetingSeries {
    Table,
    Id,
    TableId,
    CalendarUid,
    Sequence,
    Status,
    Title,
    Description,
    Place,
    OnlineUrl,
    TimeZone,
    FirstStartsAt,
    DurationMinutes,
    Pattern,
    Weekdays,
    Interval,
    UntilAt,
    OccurrenceCount,
    CancelReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Tables {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    SeriesId,
    RecurrenceId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MeetingSeries::Table)
                    .col(big_pk_auto(MeetingSeries::Id))
                    .col(big_integer(MeetingSeries::TableId))
                    .col(string_len_uniq(MeetingSeries::CalendarUid, 200))
                    .col(integer(MeetingSeries::Sequence))
                    .col(string_len(MeetingSeries::Status, 20))
                    .col(string_len(MeetingSeries::Title, 200))
                    .col(text_null(MeetingSeries::Description))
                    .col(string_len_null(MeetingSeries::Place, 500))
                    .col(string_len_null(MeetingSeries::OnlineUrl, 1000))
                    .col(string_len(MeetingSeries::TimeZone, 64))
                    .col(timestamp_with_time_zone(MeetingSeries::FirstStartsAt))
                    .col(integer(MeetingSeries::DurationMinutes))
                    .col(string_len(MeetingSeries::Pattern, 40))
                    .col(integer(MeetingSeries::Weekdays))
                    .col(integer(MeetingSeries::Interval))
                    .col(timestamp_with_time_zone_null(MeetingSeries::UntilAt))
                    .col(integer_null(MeetingSeries::OccurrenceCount))
                    .col(text_null(MeetingSeries::CancelReason))
                    .col(timestamp_with_time_zone(MeetingSeries::CreatedAt))
                    .col(timestamp_with_time_zone(MeetingSeries::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MeetingSeries::Table, MeetingSeries::TableId)
                            .to(Tables::Table, Tables::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // SQLite adds no foreign key to an existing table: the service keeps `series_id` pointing at a series.
        for mut column in [
            big_integer_null(Meetings::SeriesId).to_owned(),
            timestamp_with_time_zone_null(Meetings::RecurrenceId).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Meetings::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("meetings_series")
                    .table(Meetings::Table)
                    .col(Meetings::SeriesId)
                    .col(Meetings::RecurrenceId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("meetings_series")
                    .table(Meetings::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Meetings::RecurrenceId, Meetings::SeriesId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Meetings::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(MeetingSeries::Table).to_owned())
            .await
    }
}
