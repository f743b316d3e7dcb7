//! Files on a meeting's agenda items, minutes and decisions: their metadata here, their bytes in the blob store
//! under `storage_key` (the same store, limits and checks as practices' attachments).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MeetingFiles {
    Table,
    Id,
    MeetingId,
    Target,
    TargetId,
    FileName,
    MediaType,
    SizeBytes,
    StorageKey,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
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
                    .table(MeetingFiles::Table)
                    .col(big_pk_auto(MeetingFiles::Id))
                    .col(big_integer(MeetingFiles::MeetingId))
                    .col(string_len(MeetingFiles::Target, 20))
                    .col(big_integer(MeetingFiles::TargetId))
                    .col(string_len(MeetingFiles::FileName, 200))
                    .col(string_len(MeetingFiles::MediaType, 120))
                    .col(big_integer(MeetingFiles::SizeBytes))
                    .col(string_len_uniq(MeetingFiles::StorageKey, 64))
                    .col(big_integer(MeetingFiles::UploadedBy))
                    .col(timestamp_with_time_zone(MeetingFiles::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MeetingFiles::Table, MeetingFiles::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MeetingFiles::Table, MeetingFiles::UploadedBy)
                            .to(People::Table, People::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("meeting_files_meeting")
                    .table(MeetingFiles::Table)
                    .col(MeetingFiles::MeetingId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MeetingFiles::Table).to_owned())
            .await
    }
}
