//! The rest of the good-practice record (domain.md's template): keywords, people reached, budget, partners, lessons
//! learned, sustainability, the materials' licence and the evidence's indicators; and the moderator's eligibility
//! checklist, kept with the review.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GoodPractices {
    Table,
    Keywords,
    PeopleReached,
    BudgetEuros,
    Partners,
    LessonsLearned,
    Sustainability,
    MaterialsLicence,
    Indicators,
    CriteriaContext,
    CriteriaDuration,
    CriteriaTransferable,
    ReviewedAt,
}

fn columns() -> Vec<ColumnDef> {
    vec![
        string(GoodPractices::Keywords).default("").to_owned(),
        integer_null(GoodPractices::PeopleReached),
        big_integer_null(GoodPractices::BudgetEuros),
        text_null(GoodPractices::Partners),
        text_null(GoodPractices::LessonsLearned),
        string(GoodPractices::Sustainability)
            .default("unknown")
            .to_owned(),
        string(GoodPractices::MaterialsLicence)
            .default("unspecified")
            .to_owned(),
        json(GoodPractices::Indicators).default("[]").to_owned(),
        boolean_null(GoodPractices::CriteriaContext),
        boolean_null(GoodPractices::CriteriaDuration),
        boolean_null(GoodPractices::CriteriaTransferable),
        timestamp_with_time_zone_null(GoodPractices::ReviewedAt),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters a table one column at a time.
        for mut column in columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(GoodPractices::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(GoodPractices::Table)
                        .drop_column(column.get_column_name())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
