//! The good-practice library: practices with their facets, review state and visibility, revisions, discussion and adoptions.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GoodPractices {
    Table,
    Id,
    Title,
    Summary,
    Body,
    Themes,
    TargetGroups,
    Region,
    Territory,
    Language,
    StartDate,
    EndDate,
    PracticeState,
    Evaluation,
    Funding,
    ProjectCode,
    Results,
    Transferability,
    ContactName,
    ContactEmail,
    OrganizationId,
    Status,
    Visibility,
    ReviewNote,
    ReviewerId,
    AuthorId,
    PublishedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PracticeRevisions {
    Table,
    Id,
    PracticeId,
    Number,
    Content,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PracticeComments {
    Table,
    Id,
    PracticeId,
    ParentId,
    AuthorId,
    Body,
    Edited,
    Deleted,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PracticeAdoptions {
    Table,
    Id,
    PracticeId,
    PersonId,
    OrganizationId,
    Note,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(GoodPractices::Table)
                    .col(big_pk_auto(GoodPractices::Id))
                    .col(string_len(GoodPractices::Title, 200))
                    .col(text(GoodPractices::Summary))
                    .col(text(GoodPractices::Body))
                    // Facets with several values are stored as `|`-separated codes and filtered with LIKE on `|code|`.
                    .col(string_len(GoodPractices::Themes, 500))
                    .col(string_len(GoodPractices::TargetGroups, 500))
                    .col(string_len_null(GoodPractices::Region, 100))
                    .col(string_len_null(GoodPractices::Territory, 300))
                    .col(string_len(GoodPractices::Language, 8))
                    .col(date_null(GoodPractices::StartDate))
                    .col(date_null(GoodPractices::EndDate))
                    .col(string_len(GoodPractices::PracticeState, 16))
                    .col(string_len(GoodPractices::Evaluation, 16))
                    .col(string_len(GoodPractices::Funding, 300))
                    .col(string_len_null(GoodPractices::ProjectCode, 100))
                    .col(text_null(GoodPractices::Results))
                    .col(text_null(GoodPractices::Transferability))
                    .col(string_len_null(GoodPractices::ContactName, 200))
                    .col(string_len_null(GoodPractices::ContactEmail, 254))
                    .col(big_integer_null(GoodPractices::OrganizationId))
                    .col(string_len(GoodPractices::Status, 16))
                    .col(string_len(GoodPractices::Visibility, 16))
                    .col(text_null(GoodPractices::ReviewNote))
                    .col(big_integer_null(GoodPractices::ReviewerId))
                    .col(big_integer(GoodPractices::AuthorId))
                    .col(timestamp_with_time_zone_null(GoodPractices::PublishedAt))
                    .col(integer(GoodPractices::Version))
                    .col(timestamp_with_time_zone(GoodPractices::CreatedAt))
                    .col(timestamp_with_time_zone(GoodPractices::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("good_practices_status_idx")
                    .table(GoodPractices::Table)
                    .col(GoodPractices::Status)
                    .col(GoodPractices::Visibility)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PracticeRevisions::Table)
                    .col(big_pk_auto(PracticeRevisions::Id))
                    .col(big_integer(PracticeRevisions::PracticeId))
                    .col(integer(PracticeRevisions::Number))
                    .col(text(PracticeRevisions::Content))
                    .col(big_integer_null(PracticeRevisions::AuthorId))
                    .col(timestamp_with_time_zone(PracticeRevisions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PracticeRevisions::Table, PracticeRevisions::PracticeId)
                            .to(GoodPractices::Table, GoodPractices::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PracticeComments::Table)
                    .col(big_pk_auto(PracticeComments::Id))
                    .col(big_integer(PracticeComments::PracticeId))
                    .col(big_integer_null(PracticeComments::ParentId))
                    .col(big_integer(PracticeComments::AuthorId))
                    .col(text(PracticeComments::Body))
                    .col(boolean(PracticeComments::Edited))
                    .col(boolean(PracticeComments::Deleted))
                    .col(timestamp_with_time_zone(PracticeComments::CreatedAt))
                    .col(timestamp_with_time_zone(PracticeComments::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PracticeComments::Table, PracticeComments::PracticeId)
                            .to(GoodPractices::Table, GoodPractices::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PracticeAdoptions::Table)
                    .col(big_pk_auto(PracticeAdoptions::Id))
                    .col(big_integer(PracticeAdoptions::PracticeId))
                    .col(big_integer(PracticeAdoptions::PersonId))
                    .col(big_integer_null(PracticeAdoptions::OrganizationId))
                    .col(text_null(PracticeAdoptions::Note))
                    .col(timestamp_with_time_zone(PracticeAdoptions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PracticeAdoptions::Table, PracticeAdoptions::PracticeId)
                            .to(GoodPractices::Table, GoodPractices::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("practice_adoptions_person_key")
                    .table(PracticeAdoptions::Table)
                    .col(PracticeAdoptions::PracticeId)
                    .col(PracticeAdoptions::PersonId)
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
