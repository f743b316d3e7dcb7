//! Files attached to good practices: their metadata here, their bytes in the blob store under `storage_key`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PracticeAttachments {
    Table,
    Id,
    PracticeId,
    FileName,
    MediaType,
    SizeBytes,
    StorageKey,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GoodPractices {
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
                    .table(PracticeAttachments::Table)
                    .col(big_pk_auto(PracticeAttachments::Id))
                    .col(big_integer(PracticeAttachments::PracticeId))
                    .col(string_len(PracticeAttachments::FileName, 200))
                    .col(string_len(PracticeAttachments::MediaType, 120))
                    .col(big_integer(PracticeAttachments::SizeBytes))
                    .col(string_len_uniq(PracticeAttachments::StorageKey, 64))
                    .col(big_integer(PracticeAttachments::UploadedBy))
                    .col(timestamp_with_time_zone(PracticeAttachments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PracticeAttachments::Table, PracticeAttachments::PracticeId)
                            .to(GoodPractices::Table, GoodPractices::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PracticeAttachments::Table, PracticeAttachments::UploadedBy)
                            .to(People::Table, People::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("practice_attachments_practice")
                    .table(PracticeAttachments::Table)
                    .col(PracticeAttachments::PracticeId)
                    .to_owned(),
            )
            .await
    }
}
