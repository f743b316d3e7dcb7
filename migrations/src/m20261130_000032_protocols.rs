//! Operational protocols: a protocol of a table, its numbered versions (a draft, then adopted by a decision and in
//! force from a date), each version's Markdown sections and the organizations named to sign it (with who signed for
//! each, and when), members' comments on a draft's sections, the practices it links to and its attached files.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, owned_by};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Protocols {
    Table,
    Id,
    TableId,
    Title,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProtocolVersions {
    Table,
    Id,
    ProtocolId,
    Number,
    Status,
    BasedOnId,
    DecisionId,
    AdoptedAt,
    AdoptedBy,
    InForceFrom,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProtocolSections {
    Table,
    Id,
    VersionId,
    Key,
    Position,
    Heading,
    Body,
}

#[derive(DeriveIden)]
enum ProtocolSignatories {
    Table,
    Id,
    VersionId,
    OrganizationId,
    SignedBy,
    SignedAt,
}

#[derive(DeriveIden)]
enum ProtocolComments {
    Table,
    Id,
    VersionId,
    SectionKey,
    AuthorId,
    Body,
    ResolvedAt,
    ResolvedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProtocolPractices {
    Table,
    Id,
    ProtocolId,
    PracticeId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProtocolFiles {
    Table,
    Id,
    ProtocolId,
    FileName,
    MediaType,
    SizeBytes,
    StorageKey,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Tables {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum GoodPractices {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Protocols::Table)
                    .col(big_pk_auto(Protocols::Id))
                    .col(big_integer(Protocols::TableId))
                    .col(string_len(Protocols::Title, 200))
                    .col(big_integer(Protocols::CreatedBy))
                    .col(timestamp_with_time_zone(Protocols::CreatedAt))
                    .col(timestamp_with_time_zone(Protocols::UpdatedAt))
                    .foreign_key(&mut owned_by(
                        (Protocols::Table, Protocols::TableId),
                        (Tables::Table, Tables::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProtocolVersions::Table)
                    .col(big_pk_auto(ProtocolVersions::Id))
                    .col(big_integer(ProtocolVersions::ProtocolId))
                    .col(integer(ProtocolVersions::Number))
                    .col(string_len(ProtocolVersions::Status, 20))
                    .col(big_integer_null(ProtocolVersions::BasedOnId))
                    .col(big_integer_null(ProtocolVersions::DecisionId))
                    .col(timestamp_with_time_zone_null(ProtocolVersions::AdoptedAt))
                    .col(big_integer_null(ProtocolVersions::AdoptedBy))
                    .col(date_null(ProtocolVersions::InForceFrom))
                    .col(timestamp_with_time_zone(ProtocolVersions::CreatedAt))
                    .col(timestamp_with_time_zone(ProtocolVersions::UpdatedAt))
                    .foreign_key(&mut owned_by(
                        (ProtocolVersions::Table, ProtocolVersions::ProtocolId),
                        (Protocols::Table, Protocols::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProtocolSections::Table)
                    .col(big_pk_auto(ProtocolSections::Id))
                    .col(big_integer(ProtocolSections::VersionId))
                    .col(string_len(ProtocolSections::Key, 32))
                    .col(integer(ProtocolSections::Position))
                    .col(string_len(ProtocolSections::Heading, 200))
                    .col(text(ProtocolSections::Body))
                    .foreign_key(&mut owned_by(
                        (ProtocolSections::Table, ProtocolSections::VersionId),
                        (ProtocolVersions::Table, ProtocolVersions::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProtocolSignatories::Table)
                    .col(big_pk_auto(ProtocolSignatories::Id))
                    .col(big_integer(ProtocolSignatories::VersionId))
                    .col(big_integer(ProtocolSignatories::OrganizationId))
                    .col(big_integer_null(ProtocolSignatories::SignedBy))
                    .col(timestamp_with_time_zone_null(ProtocolSignatories::SignedAt))
                    .foreign_key(&mut owned_by(
                        (ProtocolSignatories::Table, ProtocolSignatories::VersionId),
                        (ProtocolVersions::Table, ProtocolVersions::Id),
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ProtocolSignatories::Table,
                                ProtocolSignatories::OrganizationId,
                            )
                            .to(Organizations::Table, Organizations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProtocolComments::Table)
                    .col(big_pk_auto(ProtocolComments::Id))
                    .col(big_integer(ProtocolComments::VersionId))
                    .col(string_len(ProtocolComments::SectionKey, 32))
                    .col(big_integer(ProtocolComments::AuthorId))
                    .col(text(ProtocolComments::Body))
                    .col(timestamp_with_time_zone_null(ProtocolComments::ResolvedAt))
                    .col(big_integer_null(ProtocolComments::ResolvedBy))
                    .col(timestamp_with_time_zone(ProtocolComments::CreatedAt))
                    .foreign_key(&mut owned_by(
                        (ProtocolComments::Table, ProtocolComments::VersionId),
                        (ProtocolVersions::Table, ProtocolVersions::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProtocolPractices::Table)
                    .col(big_pk_auto(ProtocolPractices::Id))
                    .col(big_integer(ProtocolPractices::ProtocolId))
                    .col(big_integer(ProtocolPractices::PracticeId))
                    .col(big_integer(ProtocolPractices::CreatedBy))
                    .col(timestamp_with_time_zone(ProtocolPractices::CreatedAt))
                    .foreign_key(&mut owned_by(
                        (ProtocolPractices::Table, ProtocolPractices::ProtocolId),
                        (Protocols::Table, Protocols::Id),
                    ))
                    .foreign_key(&mut owned_by(
                        (ProtocolPractices::Table, ProtocolPractices::PracticeId),
                        (GoodPractices::Table, GoodPractices::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProtocolFiles::Table)
                    .col(big_pk_auto(ProtocolFiles::Id))
                    .col(big_integer(ProtocolFiles::ProtocolId))
                    .col(string_len(ProtocolFiles::FileName, 255))
                    .col(string_len(ProtocolFiles::MediaType, 100))
                    .col(big_integer(ProtocolFiles::SizeBytes))
                    .col(string_len_uniq(ProtocolFiles::StorageKey, 64))
                    .col(big_integer(ProtocolFiles::UploadedBy))
                    .col(timestamp_with_time_zone(ProtocolFiles::CreatedAt))
                    .foreign_key(&mut owned_by(
                        (ProtocolFiles::Table, ProtocolFiles::ProtocolId),
                        (Protocols::Table, Protocols::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        let indexes = [
            index(
                "protocols_table",
                Protocols::Table,
                vec![Protocols::TableId.into_iden()],
                false,
            ),
            index(
                "protocol_versions_number",
                ProtocolVersions::Table,
                vec![
                    ProtocolVersions::ProtocolId.into_iden(),
                    ProtocolVersions::Number.into_iden(),
                ],
                true,
            ),
            index(
                "protocol_versions_decision",
                ProtocolVersions::Table,
                vec![ProtocolVersions::DecisionId.into_iden()],
                false,
            ),
            index(
                "protocol_sections_version",
                ProtocolSections::Table,
                vec![ProtocolSections::VersionId.into_iden()],
                false,
            ),
            index(
                "protocol_signatories_once",
                ProtocolSignatories::Table,
                vec![
                    ProtocolSignatories::VersionId.into_iden(),
                    ProtocolSignatories::OrganizationId.into_iden(),
                ],
                true,
            ),
            index(
                "protocol_comments_version",
                ProtocolComments::Table,
                vec![ProtocolComments::VersionId.into_iden()],
                false,
            ),
            index(
                "protocol_practices_once",
                ProtocolPractices::Table,
                vec![
                    ProtocolPractices::ProtocolId.into_iden(),
                    ProtocolPractices::PracticeId.into_iden(),
                ],
                true,
            ),
            index(
                "protocol_practices_practice",
                ProtocolPractices::Table,
                vec![ProtocolPractices::PracticeId.into_iden()],
                false,
            ),
            index(
                "protocol_files_protocol",
                ProtocolFiles::Table,
                vec![ProtocolFiles::ProtocolId.into_iden()],
                false,
            ),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ProtocolFiles::Table.into_iden(),
            ProtocolPractices::Table.into_iden(),
            ProtocolComments::Table.into_iden(),
            ProtocolSignatories::Table.into_iden(),
            ProtocolSections::Table.into_iden(),
            ProtocolVersions::Table.into_iden(),
            Protocols::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
