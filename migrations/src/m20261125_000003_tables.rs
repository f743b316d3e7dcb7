//! Tables, the seats member organizations hold at them, and people's roles (memberships) with their history.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tables {
    Table,
    Id,
    Name,
    Kind,
    Territory,
    Description,
    ParentId,
    Visibility,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Seats {
    Table,
    Id,
    TableId,
    OrganizationId,
    ValidFrom,
    ValidUntil,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    Id,
    TableId,
    PersonId,
    Role,
    SeatId,
    DelegateKind,
    ValidFrom,
    ValidUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tables::Table)
                    .col(big_pk_auto(Tables::Id))
                    .col(string_len(Tables::Name, 200))
                    .col(string_len(Tables::Kind, 40))
                    .col(string_len_null(Tables::Territory, 200))
                    .col(text_null(Tables::Description))
                    .col(big_integer_null(Tables::ParentId))
                    .col(string_len(Tables::Visibility, 16))
                    .col(timestamp_with_time_zone(Tables::CreatedAt))
                    .col(timestamp_with_time_zone(Tables::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Tables::Table, Tables::ParentId)
                            .to(Tables::Table, Tables::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("tables_parent_idx")
                    .table(Tables::Table)
                    .col(Tables::ParentId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Seats::Table)
                    .col(big_pk_auto(Seats::Id))
                    .col(big_integer(Seats::TableId))
                    .col(big_integer(Seats::OrganizationId))
                    .col(timestamp_with_time_zone(Seats::ValidFrom))
                    .col(timestamp_with_time_zone_null(Seats::ValidUntil))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Seats::Table, Seats::TableId)
                            .to(Tables::Table, Tables::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Seats::Table, Seats::OrganizationId)
                            .to(Organizations::Table, Organizations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("seats_table_idx")
                    .table(Seats::Table)
                    .col(Seats::TableId)
                    .col(Seats::OrganizationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .col(big_pk_auto(Memberships::Id))
                    .col(big_integer(Memberships::TableId))
                    .col(big_integer(Memberships::PersonId))
                    .col(string_len(Memberships::Role, 16))
                    .col(big_integer_null(Memberships::SeatId))
                    .col(string_len_null(Memberships::DelegateKind, 16))
                    .col(timestamp_with_time_zone(Memberships::ValidFrom))
                    .col(timestamp_with_time_zone_null(Memberships::ValidUntil))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::TableId)
                            .to(Tables::Table, Tables::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::PersonId)
                            .to(People::Table, People::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::SeatId)
                            .to(Seats::Table, Seats::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("memberships_table_idx")
                    .table(Memberships::Table)
                    .col(Memberships::TableId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("memberships_person_idx")
                    .table(Memberships::Table)
                    .col(Memberships::PersonId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("memberships_seat_idx")
                    .table(Memberships::Table)
                    .col(Memberships::SeatId)
                    .to_owned(),
            )
            .await
    }
}
