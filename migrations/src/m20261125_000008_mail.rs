//! The mail outbox, the dispatch mark on domain events, single-use answer links and per-meeting reminders.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    Kind,
    MeetingId,
    InvitationId,
    RecipientEmail,
    RecipientName,
    Subject,
    BodyText,
    BodyHtml,
    Calendar,
    CalendarMethod,
    Status,
    Attempts,
    LastError,
    NextAttemptAt,
    LockedUntil,
    LockedBy,
    SentAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DomainEvents {
    Table,
    DispatchedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    AnswerNonce,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    RemindersEnabled,
    ReminderHours,
    ReminderNote,
    ReminderSentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .col(big_pk_auto(MailOutbox::Id))
                    .col(string_len(MailOutbox::Kind, 32))
                    .col(big_integer_null(MailOutbox::MeetingId))
                    .col(big_integer_null(MailOutbox::InvitationId))
                    .col(string_len(MailOutbox::RecipientEmail, 254))
                    .col(string_len(MailOutbox::RecipientName, 200))
                    .col(string_len(MailOutbox::Subject, 500))
                    .col(text(MailOutbox::BodyText))
                    .col(text(MailOutbox::BodyHtml))
                    .col(text_null(MailOutbox::Calendar))
                    .col(string_len_null(MailOutbox::CalendarMethod, 16))
                    .col(string_len(MailOutbox::Status, 16))
                    .col(integer(MailOutbox::Attempts))
                    .col(text_null(MailOutbox::LastError))
                    .col(timestamp_with_time_zone(MailOutbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(MailOutbox::LockedUntil))
                    .col(string_len_null(MailOutbox::LockedBy, 64))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .col(timestamp_with_time_zone(MailOutbox::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("mail_outbox_due_idx")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::Status)
                    .col(MailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("mail_outbox_invitation_idx")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::InvitationId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(DomainEvents::Table)
                    .add_column(timestamp_with_time_zone_null(DomainEvents::DispatchedAt))
                    .to_owned(),
            )
            .await?;
        // Changed after every answer given by link, so a link works once.
        manager
            .alter_table(
                Table::alter()
                    .table(Invitations::Table)
                    .add_column(integer(Invitations::AnswerNonce).default(0))
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Meetings::RemindersEnabled)
                .boolean()
                .not_null()
                .default(true)
                .to_owned(),
            ColumnDef::new(Meetings::ReminderHours)
                .integer()
                .not_null()
                .default(24)
                .to_owned(),
            ColumnDef::new(Meetings::ReminderNote)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(Meetings::ReminderSentAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            // SQLite adds one column per ALTER TABLE.
            manager
                .alter_table(
                    Table::alter()
                        .table(Meetings::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
