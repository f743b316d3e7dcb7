//! Needs questionnaires: a questionnaire of a table (its audience, end date, public link and bound per address),
//! the organizations it is sent to, its sections, questions and options; responses (one per person, or per link
//! session for public ones, with a hash of the sender's address and nothing else about them) and their answers.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, owned_by};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Questionnaires {
    Table,
    Id,
    TableId,
    Title,
    Description,
    Audience,
    Status,
    EndsAt,
    PublicToken,
    PerAddressLimit,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum QuestionnaireOrganizations {
    Table,
    Id,
    QuestionnaireId,
    OrganizationId,
}

#[derive(DeriveIden)]
enum QuestionnaireSections {
    Table,
    Id,
    QuestionnaireId,
    Position,
    Title,
    Description,
}

#[derive(DeriveIden)]
enum QuestionnaireQuestions {
    Table,
    Id,
    QuestionnaireId,
    SectionId,
    Position,
    Kind,
    Text,
    Help,
    Required,
    ScaleMin,
    ScaleMax,
    NumberMin,
    NumberMax,
}

#[derive(DeriveIden)]
enum QuestionnaireOptions {
    Table,
    Id,
    QuestionId,
    Position,
    Label,
}

#[derive(DeriveIden)]
enum QuestionnaireResponses {
    Table,
    Id,
    QuestionnaireId,
    PersonId,
    ResponseKey,
    AddressHash,
    SubmittedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum QuestionnaireAnswers {
    Table,
    Id,
    ResponseId,
    QuestionId,
    OptionId,
    NumberValue,
    TextValue,
}

#[derive(DeriveIden)]
enum Tables {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Questionnaires::Table)
                    .col(big_pk_auto(Questionnaires::Id))
                    .col(big_integer(Questionnaires::TableId))
                    .col(string_len(Questionnaires::Title, 200))
                    .col(text_null(Questionnaires::Description))
                    .col(string_len(Questionnaires::Audience, 20))
                    .col(string_len(Questionnaires::Status, 20))
                    .col(timestamp_with_time_zone_null(Questionnaires::EndsAt))
                    .col(string_len_null(Questionnaires::PublicToken, 64).unique_key())
                    .col(integer(Questionnaires::PerAddressLimit))
                    .col(big_integer(Questionnaires::CreatedBy))
                    .col(timestamp_with_time_zone(Questionnaires::CreatedAt))
                    .col(timestamp_with_time_zone(Questionnaires::UpdatedAt))
                    .foreign_key(&mut owned_by(
                        (Questionnaires::Table, Questionnaires::TableId),
                        (Tables::Table, Tables::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuestionnaireOrganizations::Table)
                    .col(big_pk_auto(QuestionnaireOrganizations::Id))
                    .col(big_integer(QuestionnaireOrganizations::QuestionnaireId))
                    .col(big_integer(QuestionnaireOrganizations::OrganizationId))
                    .foreign_key(&mut owned_by(
                        (
                            QuestionnaireOrganizations::Table,
                            QuestionnaireOrganizations::QuestionnaireId,
                        ),
                        (Questionnaires::Table, Questionnaires::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuestionnaireSections::Table)
                    .col(big_pk_auto(QuestionnaireSections::Id))
                    .col(big_integer(QuestionnaireSections::QuestionnaireId))
                    .col(integer(QuestionnaireSections::Position))
                    .col(string_len(QuestionnaireSections::Title, 200))
                    .col(text_null(QuestionnaireSections::Description))
                    .foreign_key(&mut owned_by(
                        (
                            QuestionnaireSections::Table,
                            QuestionnaireSections::QuestionnaireId,
                        ),
                        (Questionnaires::Table, Questionnaires::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuestionnaireQuestions::Table)
                    .col(big_pk_auto(QuestionnaireQuestions::Id))
                    .col(big_integer(QuestionnaireQuestions::QuestionnaireId))
                    .col(big_integer(QuestionnaireQuestions::SectionId))
                    .col(integer(QuestionnaireQuestions::Position))
                    .col(string_len(QuestionnaireQuestions::Kind, 20))
                    .col(string_len(QuestionnaireQuestions::Text, 500))
                    .col(text_null(QuestionnaireQuestions::Help))
                    .col(boolean(QuestionnaireQuestions::Required))
                    .col(integer_null(QuestionnaireQuestions::ScaleMin))
                    .col(integer_null(QuestionnaireQuestions::ScaleMax))
                    .col(double_null(QuestionnaireQuestions::NumberMin))
                    .col(double_null(QuestionnaireQuestions::NumberMax))
                    .foreign_key(&mut owned_by(
                        (
                            QuestionnaireQuestions::Table,
                            QuestionnaireQuestions::SectionId,
                        ),
                        (QuestionnaireSections::Table, QuestionnaireSections::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuestionnaireOptions::Table)
                    .col(big_pk_auto(QuestionnaireOptions::Id))
                    .col(big_integer(QuestionnaireOptions::QuestionId))
                    .col(integer(QuestionnaireOptions::Position))
                    .col(string_len(QuestionnaireOptions::Label, 200))
                    .foreign_key(&mut owned_by(
                        (
                            QuestionnaireOptions::Table,
                            QuestionnaireOptions::QuestionId,
                        ),
                        (QuestionnaireQuestions::Table, QuestionnaireQuestions::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuestionnaireResponses::Table)
                    .col(big_pk_auto(QuestionnaireResponses::Id))
                    .col(big_integer(QuestionnaireResponses::QuestionnaireId))
                    .col(big_integer_null(QuestionnaireResponses::PersonId))
                    .col(string_len_null(QuestionnaireResponses::ResponseKey, 64).unique_key())
                    .col(string_len_null(QuestionnaireResponses::AddressHash, 64))
                    .col(timestamp_with_time_zone(
                        QuestionnaireResponses::SubmittedAt,
                    ))
                    .col(timestamp_with_time_zone(QuestionnaireResponses::UpdatedAt))
                    .foreign_key(&mut owned_by(
                        (
                            QuestionnaireResponses::Table,
                            QuestionnaireResponses::QuestionnaireId,
                        ),
                        (Questionnaires::Table, Questionnaires::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuestionnaireAnswers::Table)
                    .col(big_pk_auto(QuestionnaireAnswers::Id))
                    .col(big_integer(QuestionnaireAnswers::ResponseId))
                    .col(big_integer(QuestionnaireAnswers::QuestionId))
                    .col(big_integer_null(QuestionnaireAnswers::OptionId))
                    .col(double_null(QuestionnaireAnswers::NumberValue))
                    .col(text_null(QuestionnaireAnswers::TextValue))
                    .foreign_key(&mut owned_by(
                        (
                            QuestionnaireAnswers::Table,
                            QuestionnaireAnswers::ResponseId,
                        ),
                        (QuestionnaireResponses::Table, QuestionnaireResponses::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        let indexes = [
            index(
                "questionnaires_table",
                Questionnaires::Table,
                vec![Questionnaires::TableId.into_iden()],
                false,
            ),
            index(
                "questionnaire_organizations_once",
                QuestionnaireOrganizations::Table,
                vec![
                    QuestionnaireOrganizations::QuestionnaireId.into_iden(),
                    QuestionnaireOrganizations::OrganizationId.into_iden(),
                ],
                true,
            ),
            index(
                "questionnaire_sections_of",
                QuestionnaireSections::Table,
                vec![QuestionnaireSections::QuestionnaireId.into_iden()],
                false,
            ),
            index(
                "questionnaire_questions_of",
                QuestionnaireQuestions::Table,
                vec![QuestionnaireQuestions::QuestionnaireId.into_iden()],
                false,
            ),
            index(
                "questionnaire_options_of",
                QuestionnaireOptions::Table,
                vec![QuestionnaireOptions::QuestionId.into_iden()],
                false,
            ),
            index(
                "questionnaire_responses_person",
                QuestionnaireResponses::Table,
                vec![
                    QuestionnaireResponses::QuestionnaireId.into_iden(),
                    QuestionnaireResponses::PersonId.into_iden(),
                ],
                true,
            ),
            index(
                "questionnaire_responses_address",
                QuestionnaireResponses::Table,
                vec![
                    QuestionnaireResponses::QuestionnaireId.into_iden(),
                    QuestionnaireResponses::AddressHash.into_iden(),
                ],
                false,
            ),
            index(
                "questionnaire_answers_response",
                QuestionnaireAnswers::Table,
                vec![QuestionnaireAnswers::ResponseId.into_iden()],
                false,
            ),
            index(
                "questionnaire_answers_question",
                QuestionnaireAnswers::Table,
                vec![QuestionnaireAnswers::QuestionId.into_iden()],
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
            QuestionnaireAnswers::Table.into_iden(),
            QuestionnaireResponses::Table.into_iden(),
            QuestionnaireOptions::Table.into_iden(),
            QuestionnaireQuestions::Table.into_iden(),
            QuestionnaireSections::Table.into_iden(),
            QuestionnaireOrganizations::Table.into_iden(),
            Questionnaires::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
