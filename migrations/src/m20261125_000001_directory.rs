//! Organizations and people: the directory every table draws its members from.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    Name,
    Kind,
    Territory,
    Email,
    Phone,
    Website,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    Name,
    Email,
    OrganizationId,
    Locale,
    TimeZone,
    InstanceRole,
    PasswordHash,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organizations::Table)
                    .col(big_pk_auto(Organizations::Id))
                    .col(string_len(Organizations::Name, 200))
                    .col(string_len(Organizations::Kind, 40))
                    .col(string_len_null(Organizations::Territory, 200))
                    .col(string_len_null(Organizations::Email, 254))
                    .col(string_len_null(Organizations::Phone, 50))
                    .col(string_len_null(Organizations::Website, 500))
                    .col(timestamp_with_time_zone(Organizations::CreatedAt))
                    .col(timestamp_with_time_zone(Organizations::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // Two bodies with the same name would be indistinguishable in every list and export.
        manager
            .create_index(
                Index::create()
                    .name("organizations_name_key")
                    .table(Organizations::Table)
                    .col(Organizations::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(big_pk_auto(People::Id))
                    .col(string_len(People::Name, 200))
                    .col(string_len(People::Email, 254))
                    .col(big_integer_null(People::OrganizationId))
                    .col(string_len(People::Locale, 8))
                    .col(string_len(People::TimeZone, 64))
                    .col(string_len(People::InstanceRole, 16))
                    .col(string_len_null(People::PasswordHash, 200))
                    .col(boolean(People::Active))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .col(timestamp_with_time_zone(People::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(People::Table, People::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("people_email_key")
                    .table(People::Table)
                    .col(People::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("people_organization_idx")
                    .table(People::Table)
                    .col(People::OrganizationId)
                    .to_owned(),
            )
            .await
    }
}
