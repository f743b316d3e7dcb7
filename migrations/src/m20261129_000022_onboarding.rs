//! What people coming in on their own need stored: when a person accepted the terms of use, what each session was
//! opened from and when it was last seen (the profile's session list), the single sign-on identities linked to each
//! person, instance-wide facts set once (the first administrator), and when a table ended.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum People {
    Table,
    TermsAcceptedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    UserAgent,
    LastSeenAt,
    Method,
}

#[derive(DeriveIden)]
enum Tables {
    Table,
    EndedAt,
}

#[derive(DeriveIden)]
enum ExternalIdentities {
    Table,
    Id,
    PersonId,
    Issuer,
    Subject,
    Email,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum InstanceFacts {
    Table,
    Key,
    Value,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .add_column(timestamp_with_time_zone_null(People::TermsAcceptedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Tables::Table)
                    .add_column(timestamp_with_time_zone_null(Tables::EndedAt))
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite alters a table one column at a time.
        for column in [
            string_len_null(Sessions::UserAgent, 300),
            timestamp_with_time_zone_null(Sessions::LastSeenAt),
            string_len(Sessions::Method, 20)
                .default("password")
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Sessions::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ExternalIdentities::Table)
                    .col(big_pk_auto(ExternalIdentities::Id))
                    .col(big_integer(ExternalIdentities::PersonId))
                    .col(string_len(ExternalIdentities::Issuer, 500))
                    .col(string_len(ExternalIdentities::Subject, 255))
                    .col(string_len(ExternalIdentities::Email, 320))
                    .col(timestamp_with_time_zone(ExternalIdentities::CreatedAt))
                    .col(timestamp_with_time_zone(ExternalIdentities::LastUsedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("external_identities_subject_idx")
                    .table(ExternalIdentities::Table)
                    .col(ExternalIdentities::Issuer)
                    .col(ExternalIdentities::Subject)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("external_identities_person_idx")
                    .table(ExternalIdentities::Table)
                    .col(ExternalIdentities::PersonId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InstanceFacts::Table)
                    .col(string_len(InstanceFacts::Key, 100).primary_key())
                    .col(text(InstanceFacts::Value))
                    .col(timestamp_with_time_zone(InstanceFacts::CreatedAt))
                    .to_owned(),
            )
            .await
    }
}
