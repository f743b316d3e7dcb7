//! Answers read from the organizer's mailbox (iMIP REPLY and COUNTER): one row per message, applied or kept aside
//! with a reason, its key unique so that a message read twice (by two processes, or after a crash before it was
//! moved out of the inbox) is applied once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CalendarReplies {
    Table,
    Id,
    MessageKey,
    Sender,
    ReceivedAt,
    Method,
    Uid,
    Sequence,
    AttendeeEmail,
    Partstat,
    DelegatedToEmail,
    ProposedStartsAt,
    ProposedEndsAt,
    Comment,
    MeetingId,
    InvitationId,
    Outcome,
    Issue,
    Detail,
    ReviewedAt,
    ReviewedBy,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Invitations {
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
                    .table(CalendarReplies::Table)
                    .col(big_pk_auto(CalendarReplies::Id))
                    .col(string_len_uniq(CalendarReplies::MessageKey, 200))
                    .col(string_len(CalendarReplies::Sender, 320))
                    .col(timestamp_with_time_zone(CalendarReplies::ReceivedAt))
                    .col(string_len(CalendarReplies::Method, 20))
                    .col(string_len_null(CalendarReplies::Uid, 255))
                    .col(integer_null(CalendarReplies::Sequence))
                    .col(string_len_null(CalendarReplies::AttendeeEmail, 320))
                    .col(string_len_null(CalendarReplies::Partstat, 20))
                    .col(string_len_null(CalendarReplies::DelegatedToEmail, 320))
                    .col(timestamp_with_time_zone_null(
                        CalendarReplies::ProposedStartsAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        CalendarReplies::ProposedEndsAt,
                    ))
                    .col(text_null(CalendarReplies::Comment))
                    .col(big_integer_null(CalendarReplies::MeetingId))
                    .col(big_integer_null(CalendarReplies::InvitationId))
                    .col(string_len(CalendarReplies::Outcome, 20))
                    .col(string_len_null(CalendarReplies::Issue, 40))
                    .col(text_null(CalendarReplies::Detail))
                    .col(timestamp_with_time_zone_null(CalendarReplies::ReviewedAt))
                    .col(big_integer_null(CalendarReplies::ReviewedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CalendarReplies::Table, CalendarReplies::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CalendarReplies::Table, CalendarReplies::InvitationId)
                            .to(Invitations::Table, Invitations::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CalendarReplies::Table, CalendarReplies::ReviewedBy)
                            .to(People::Table, People::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("calendar_replies_meeting")
                    .table(CalendarReplies::Table)
                    .col(CalendarReplies::MeetingId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CalendarReplies::Table).to_owned())
            .await
    }
}
