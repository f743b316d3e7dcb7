//! Training courses for the services' operators: a course of a table (for its member organizations or the whole
//! network) with places, an enrolment deadline and the share of hours that earns a certificate; its sessions are
//! meetings that name the course; enrolments hold each person's place (enrolled, waiting or withdrawn) and the
//! organization they came from.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    TableId,
    Title,
    Description,
    Audience,
    Places,
    EnrolmentDeadline,
    CertificateShare,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CourseEnrolments {
    Table,
    Id,
    CourseId,
    PersonId,
    OrganizationId,
    Status,
    EnrolledBy,
    RequestedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Tables {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    CourseId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Courses::Table)
                    .col(big_pk_auto(Courses::Id))
                    .col(big_integer(Courses::TableId))
                    .col(string_len(Courses::Title, 200))
                    .col(text_null(Courses::Description))
                    .col(string_len(Courses::Audience, 20))
                    .col(integer_null(Courses::Places))
                    .col(timestamp_with_time_zone_null(Courses::EnrolmentDeadline))
                    .col(integer(Courses::CertificateShare))
                    .col(big_integer(Courses::CreatedBy))
                    .col(timestamp_with_time_zone(Courses::CreatedAt))
                    .col(timestamp_with_time_zone(Courses::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Courses::Table, Courses::TableId)
                            .to(Tables::Table, Tables::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("courses_table")
                    .table(Courses::Table)
                    .col(Courses::TableId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseEnrolments::Table)
                    .col(big_pk_auto(CourseEnrolments::Id))
                    .col(big_integer(CourseEnrolments::CourseId))
                    .col(big_integer(CourseEnrolments::PersonId))
                    .col(big_integer_null(CourseEnrolments::OrganizationId))
                    .col(string_len(CourseEnrolments::Status, 20))
                    .col(big_integer(CourseEnrolments::EnrolledBy))
                    .col(timestamp_with_time_zone(CourseEnrolments::RequestedAt))
                    .col(timestamp_with_time_zone(CourseEnrolments::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CourseEnrolments::Table, CourseEnrolments::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CourseEnrolments::Table, CourseEnrolments::PersonId)
                            .to(People::Table, People::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("course_enrolments_once")
                    .table(CourseEnrolments::Table)
                    .col(CourseEnrolments::CourseId)
                    .col(CourseEnrolments::PersonId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("course_enrolments_person")
                    .table(CourseEnrolments::Table)
                    .col(CourseEnrolments::PersonId)
                    .to_owned(),
            )
            .await?;
        // SQLite adds no foreign key to an existing table: the service keeps `course_id` pointing at a course.
        manager
            .alter_table(
                Table::alter()
                    .table(Meetings::Table)
                    .add_column(big_integer_null(Meetings::CourseId).to_owned())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("meetings_course")
                    .table(Meetings::Table)
                    .col(Meetings::CourseId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("meetings_course")
                    .table(Meetings::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Meetings::Table)
                    .drop_column(Meetings::CourseId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(CourseEnrolments::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Courses::Table).to_owned())
            .await
    }
}
