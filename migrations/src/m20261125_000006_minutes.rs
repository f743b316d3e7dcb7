//! Minutes of a meeting with their notes per agenda item, revisions, review comments, decisions and action items.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tables {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Minutes {
    Table,
    Id,
    MeetingId,
    Status,
    Version,
    ApprovedAt,
    ApprovedBy,
    ApprovalMethod,
    ApprovalNote,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MinutesNotes {
    Table,
    Id,
    MinutesId,
    AgendaItemId,
    Body,
}

#[derive(DeriveIden)]
enum MinutesRevisions {
    Table,
    Id,
    MinutesId,
    Number,
    Kind,
    Reason,
    Content,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MinutesComments {
    Table,
    Id,
    MinutesId,
    AgendaItemId,
    ParentId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Decisions {
    Table,
    Id,
    MeetingId,
    AgendaItemId,
    Text,
    Outcome,
    VotesFor,
    VotesAgainst,
    VotesAbstained,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ActionItems {
    Table,
    Id,
    TableId,
    MeetingId,
    DecisionId,
    Title,
    AssigneePersonId,
    AssigneeOrganizationId,
    DueDate,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Minutes::Table)
                    .col(big_pk_auto(Minutes::Id))
                    .col(big_integer_uniq(Minutes::MeetingId))
                    .col(string_len(Minutes::Status, 16))
                    .col(integer(Minutes::Version))
                    .col(timestamp_with_time_zone_null(Minutes::ApprovedAt))
                    .col(big_integer_null(Minutes::ApprovedBy))
                    .col(string_len_null(Minutes::ApprovalMethod, 32))
                    .col(text_null(Minutes::ApprovalNote))
                    .col(timestamp_with_time_zone(Minutes::CreatedAt))
                    .col(timestamp_with_time_zone(Minutes::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Minutes::Table, Minutes::MeetingId)
                            .to(Meetings::Table, Meetings::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MinutesNotes::Table)
                    .col(big_pk_auto(MinutesNotes::Id))
                    .col(big_integer(MinutesNotes::MinutesId))
                    .col(big_integer(MinutesNotes::AgendaItemId))
                    .col(text(MinutesNotes::Body))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MinutesNotes::Table, MinutesNotes::MinutesId)
                            .to(Minutes::Table, Minutes::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("minutes_notes_item_key")
                    .table(MinutesNotes::Table)
                    .col(MinutesNotes::MinutesId)
                    .col(MinutesNotes::AgendaItemId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MinutesRevisions::Table)
                    .col(big_pk_auto(MinutesRevisions::Id))
                    .col(big_integer(MinutesRevisions::MinutesId))
                    .col(integer(MinutesRevisions::Number))
                    .col(string_len(MinutesRevisions::Kind, 16))
                    .col(text_null(MinutesRevisions::Reason))
                    // The whole minutes as Markdown at that revision: what is compared and exported.
                    .col(text(MinutesRevisions::Content))
                    .col(big_integer_null(MinutesRevisions::AuthorId))
                    .col(timestamp_with_time_zone(MinutesRevisions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MinutesRevisions::Table, MinutesRevisions::MinutesId)
                            .to(Minutes::Table, Minutes::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("minutes_revisions_number_key")
                    .table(MinutesRevisions::Table)
                    .col(MinutesRevisions::MinutesId)
                    .col(MinutesRevisions::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MinutesComments::Table)
                    .col(big_pk_auto(MinutesComments::Id))
                    .col(big_integer(MinutesComments::MinutesId))
                    .col(big_integer_null(MinutesComments::AgendaItemId))
                    .col(big_integer_null(MinutesComments::ParentId))
                    .col(big_integer(MinutesComments::AuthorId))
                    .col(text(MinutesComments::Body))
                    .col(timestamp_with_time_zone(MinutesComments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MinutesComments::Table, MinutesComments::MinutesId)
                            .to(Minutes::Table, Minutes::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Decisions::Table)
                    .col(big_pk_auto(Decisions::Id))
                    .col(big_integer(Decisions::MeetingId))
                    .col(big_integer(Decisions::AgendaItemId))
                    .col(text(Decisions::Text))
                    .col(string_len(Decisions::Outcome, 16))
                    .col(integer_null(Decisions::VotesFor))
                    .col(integer_null(Decisions::VotesAgainst))
                    .col(integer_null(Decisions::VotesAbstained))
                    .col(timestamp_with_time_zone(Decisions::CreatedAt))
                    .col(timestamp_with_time_zone(Decisions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Decisions::Table, Decisions::MeetingId)
                            .to(Meetings::Table, Meetings::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("decisions_meeting_idx")
                    .table(Decisions::Table)
                    .col(Decisions::MeetingId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActionItems::Table)
                    .col(big_pk_auto(ActionItems::Id))
                    .col(big_integer(ActionItems::TableId))
                    .col(big_integer(ActionItems::MeetingId))
                    .col(big_integer_null(ActionItems::DecisionId))
                    .col(string_len(ActionItems::Title, 300))
                    .col(big_integer_null(ActionItems::AssigneePersonId))
                    .col(big_integer_null(ActionItems::AssigneeOrganizationId))
                    .col(date_null(ActionItems::DueDate))
                    .col(string_len(ActionItems::Status, 16))
                    .col(timestamp_with_time_zone(ActionItems::CreatedAt))
                    .col(timestamp_with_time_zone(ActionItems::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActionItems::Table, ActionItems::TableId)
                            .to(Tables::Table, Tables::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActionItems::Table, ActionItems::MeetingId)
                            .to(Meetings::Table, Meetings::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("action_items_table_status_idx")
                    .table(ActionItems::Table)
                    .col(ActionItems::TableId)
                    .col(ActionItems::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("action_items_assignee_idx")
                    .table(ActionItems::Table)
                    .col(ActionItems::AssigneePersonId)
                    .to_owned(),
            )
            .await
    }
}
