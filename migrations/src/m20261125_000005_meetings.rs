//! Meetings of a table: the meeting itself, its ordered agenda, invitations with answers, and attendance; plus the quorum rule on tables.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tables {
    Table,
    Id,
    QuorumPercent,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Seats {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
    TableId,
    Title,
    Description,
    StartsAt,
    EndsAt,
    TimeZone,
    MultiDay,
    Place,
    OnlineUrl,
    Status,
    CancelReason,
    CalendarUid,
    Sequence,
    AgendaVersion,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AgendaItems {
    Table,
    Id,
    MeetingId,
    Position,
    Title,
    Description,
    Presenter,
    PlannedMinutes,
    Documents,
    FollowUp,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    MeetingId,
    PersonId,
    Email,
    Name,
    Required,
    Rsvp,
    DelegatedToPersonId,
    DelegatedToEmail,
    RespondedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Attendances {
    Table,
    Id,
    MeetingId,
    PersonId,
    Status,
    SeatId,
    RecordedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Share of member organizations that must be present, in percent; 50 means "more than half".
        manager
            .alter_table(
                Table::alter()
                    .table(Tables::Table)
                    .add_column(integer(Tables::QuorumPercent).default(50))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Meetings::Table)
                    .col(big_pk_auto(Meetings::Id))
                    .col(big_integer(Meetings::TableId))
                    .col(string_len(Meetings::Title, 200))
                    .col(text_null(Meetings::Description))
                    .col(timestamp_with_time_zone(Meetings::StartsAt))
                    .col(timestamp_with_time_zone(Meetings::EndsAt))
                    .col(string_len(Meetings::TimeZone, 64))
                    .col(boolean(Meetings::MultiDay))
                    .col(string_len_null(Meetings::Place, 500))
                    .col(string_len_null(Meetings::OnlineUrl, 1000))
                    .col(string_len(Meetings::Status, 16))
                    .col(text_null(Meetings::CancelReason))
                    .col(string_len_uniq(Meetings::CalendarUid, 200))
                    .col(integer(Meetings::Sequence))
                    .col(integer(Meetings::AgendaVersion))
                    .col(timestamp_with_time_zone(Meetings::CreatedAt))
                    .col(timestamp_with_time_zone(Meetings::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Meetings::Table, Meetings::TableId)
                            .to(Tables::Table, Tables::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("meetings_table_start_idx")
                    .table(Meetings::Table)
                    .col(Meetings::TableId)
                    .col(Meetings::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AgendaItems::Table)
                    .col(big_pk_auto(AgendaItems::Id))
                    .col(big_integer(AgendaItems::MeetingId))
                    .col(integer(AgendaItems::Position))
                    .col(string_len(AgendaItems::Title, 300))
                    .col(text_null(AgendaItems::Description))
                    .col(string_len_null(AgendaItems::Presenter, 200))
                    .col(integer_null(AgendaItems::PlannedMinutes))
                    // Links to documents, one URL per line.
                    .col(text_null(AgendaItems::Documents))
                    .col(boolean(AgendaItems::FollowUp))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AgendaItems::Table, AgendaItems::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("agenda_items_meeting_idx")
                    .table(AgendaItems::Table)
                    .col(AgendaItems::MeetingId)
                    .col(AgendaItems::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(big_pk_auto(Invitations::Id))
                    .col(big_integer(Invitations::MeetingId))
                    .col(big_integer_null(Invitations::PersonId))
                    .col(string_len(Invitations::Email, 254))
                    .col(string_len(Invitations::Name, 200))
                    .col(boolean(Invitations::Required))
                    .col(string_len(Invitations::Rsvp, 16))
                    .col(big_integer_null(Invitations::DelegatedToPersonId))
                    .col(string_len_null(Invitations::DelegatedToEmail, 254))
                    .col(timestamp_with_time_zone_null(Invitations::RespondedAt))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invitations::Table, Invitations::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invitations::Table, Invitations::PersonId)
                            .to(People::Table, People::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("invitations_meeting_email_key")
                    .table(Invitations::Table)
                    .col(Invitations::MeetingId)
                    .col(Invitations::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attendances::Table)
                    .col(big_pk_auto(Attendances::Id))
                    .col(big_integer(Attendances::MeetingId))
                    .col(big_integer(Attendances::PersonId))
                    .col(string_len(Attendances::Status, 16))
                    .col(big_integer_null(Attendances::SeatId))
                    .col(timestamp_with_time_zone(Attendances::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Attendances::Table, Attendances::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Attendances::Table, Attendances::PersonId)
                            .to(People::Table, People::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Attendances::Table, Attendances::SeatId)
                            .to(Seats::Table, Seats::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("attendances_meeting_person_key")
                    .table(Attendances::Table)
                    .col(Attendances::MeetingId)
                    .col(Attendances::PersonId)
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
