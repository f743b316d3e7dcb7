//! A practice's themes and target groups as rows of their own, one per code, moved out of the `|a|b|` text columns
//! that were filtered with LIKE and split by every reader: a facet filter is now an indexed lookup and facet counts
//! one GROUP BY.

use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GoodPractices {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum PracticeThemes {
    Table,
    Id,
    PracticeId,
    Theme,
}

#[derive(DeriveIden, Clone, Copy)]
enum PracticeTargetGroups {
    Table,
    Id,
    PracticeId,
    TargetGroup,
}

/// Rows inserted per statement while moving the codes over (well under either database's parameter limit).
const BATCH: usize = 400;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        facet_table(
            manager,
            PracticeThemes::Table,
            PracticeThemes::Id,
            PracticeThemes::PracticeId,
            PracticeThemes::Theme,
        )
        .await?;
        facet_table(
            manager,
            PracticeTargetGroups::Table,
            PracticeTargetGroups::Id,
            PracticeTargetGroups::PracticeId,
            PracticeTargetGroups::TargetGroup,
        )
        .await?;
        move_codes(
            manager,
            "themes",
            PracticeThemes::Table,
            [PracticeThemes::PracticeId, PracticeThemes::Theme],
        )
        .await?;
        move_codes(
            manager,
            "target_groups",
            PracticeTargetGroups::Table,
            [
                PracticeTargetGroups::PracticeId,
                PracticeTargetGroups::TargetGroup,
            ],
        )
        .await?;
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE good_practices DROP COLUMN themes")
            .await?;
        db.execute_unprepared("ALTER TABLE good_practices DROP COLUMN target_groups")
            .await?;
        Ok(())
    }
}

/// One row per (practice, code), unique, reachable from the code (filters) and from the practice (readers).
async fn facet_table(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + Copy + 'static,
    id: impl IntoIden + 'static,
    practice: impl IntoIden + Copy + 'static,
    code: impl IntoIden + Copy + 'static,
) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(table)
                .col(big_pk_auto(id))
                .col(big_integer(practice))
                .col(string_len(code, 40))
                .foreign_key(
                    ForeignKey::create()
                        .from(table, practice)
                        .to(GoodPractices::Table, GoodPractices::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    let name = table.into_iden().to_string();
    manager
        .create_index(
            Index::create()
                .name(format!("{name}_practice_key"))
                .table(table)
                .col(practice)
                .col(code)
                .unique()
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name(format!("{name}_code_idx"))
                .table(table)
                .col(code)
                .col(practice)
                .to_owned(),
        )
        .await
}

/// Copies each practice's `|a|b|` codes from `column` into `table`'s (practice, code) `columns`.
async fn move_codes<C: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    column: &str,
    table: impl IntoIden + Copy + 'static,
    columns: [C; 2],
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            format!("SELECT id, {column} FROM good_practices"),
        ))
        .await?;
    let mut pairs = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let codes: String = row.try_get("", column)?;
        let mut seen = Vec::new();
        for value in codes.split('|').filter(|c| !c.is_empty()) {
            if !seen.contains(&value) {
                seen.push(value);
                pairs.push((id, value.to_owned()));
            }
        }
    }
    for chunk in pairs.chunks(BATCH) {
        let mut insert = Query::insert();
        insert.into_table(table).columns(columns);
        for (id, value) in chunk {
            insert
                .values([(*id).into(), value.clone().into()])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        manager.exec_stmt(insert).await?;
    }
    Ok(())
}
