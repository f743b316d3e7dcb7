//! The local strategy: versions per table, their element tree (objective → action → activity) with indicators,
//! and what lives across versions: progress records, links and comments.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StrategyVersions {
    Table,
    Id,
    TableId,
    Number,
    Status,
    Title,
    BasedOnId,
    DecisionId,
    SubmittedAt,
    ApprovedAt,
    ApprovedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StrategyElements {
    Table,
    Id,
    VersionId,
    Key,
    Level,
    ParentKey,
    Code,
    Position,
    Title,
    Description,
    LeadOrganizationId,
    PartnerIds,
    StartDate,
    EndDate,
    BudgetEuros,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StrategyIndicators {
    Table,
    Id,
    ElementId,
    Key,
    Name,
    Unit,
    Baseline,
    Target,
    Position,
}

#[derive(DeriveIden)]
enum StrategyProgress {
    Table,
    Id,
    TableId,
    ElementKey,
    IndicatorKey,
    Status,
    Value,
    RecordedOn,
    Note,
    RecordedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StrategyLinks {
    Table,
    Id,
    TableId,
    ElementKey,
    TargetKind,
    TargetId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StrategyComments {
    Table,
    Id,
    VersionId,
    ElementId,
    AuthorId,
    Body,
    Edited,
    Deleted,
    ResolvedAt,
    ResolvedBy,
    CreatedAt,
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
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Decisions {
    Table,
    Id,
}

fn fk(
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
    cascade: bool,
) -> ForeignKeyCreateStatement {
    let mut key = ForeignKey::create();
    key.from(from.0, from.1).to(to.0, to.1);
    if cascade {
        key.on_delete(ForeignKeyAction::Cascade);
    }
    key.to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden + 'static,
    columns: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(Alias::new(*column));
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use StrategyVersions as V;
        manager
            .create_table(
                Table::create()
                    .table(V::Table)
                    .col(big_pk_auto(V::Id))
                    .col(big_integer(V::TableId))
                    .col(integer(V::Number))
                    .col(string_len(V::Status, 16))
                    .col(string_len(V::Title, 200))
                    .col(big_integer_null(V::BasedOnId))
                    .col(big_integer_null(V::DecisionId))
                    .col(timestamp_with_time_zone_null(V::SubmittedAt))
                    .col(timestamp_with_time_zone_null(V::ApprovedAt))
                    .col(big_integer_null(V::ApprovedBy))
                    .col(timestamp_with_time_zone(V::CreatedAt))
                    .col(timestamp_with_time_zone(V::UpdatedAt))
                    .foreign_key(&mut fk(
                        (V::Table, V::TableId),
                        (Tables::Table, Tables::Id),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        (V::Table, V::DecisionId),
                        (Decisions::Table, Decisions::Id),
                        false,
                    ))
                    .foreign_key(&mut fk(
                        (V::Table, V::ApprovedBy),
                        (People::Table, People::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "strategy_versions_number",
                V::Table,
                &["table_id", "number"],
                true,
            ))
            .await?;

        use StrategyElements as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(big_pk_auto(E::Id))
                    .col(big_integer(E::VersionId))
                    .col(string_len(E::Key, 32))
                    .col(string_len(E::Level, 16))
                    .col(string_len_null(E::ParentKey, 32))
                    .col(string_len(E::Code, 32))
                    .col(integer(E::Position))
                    .col(string_len(E::Title, 300))
                    .col(text_null(E::Description))
                    .col(big_integer_null(E::LeadOrganizationId))
                    .col(string_len(E::PartnerIds, 1000))
                    .col(date_null(E::StartDate))
                    .col(date_null(E::EndDate))
                    .col(big_integer_null(E::BudgetEuros))
                    .col(integer(E::Version))
                    .col(timestamp_with_time_zone(E::CreatedAt))
                    .col(timestamp_with_time_zone(E::UpdatedAt))
                    .foreign_key(&mut fk((E::Table, E::VersionId), (V::Table, V::Id), true))
                    .foreign_key(&mut fk(
                        (E::Table, E::LeadOrganizationId),
                        (Organizations::Table, Organizations::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "strategy_elements_code",
                E::Table,
                &["version_id", "code"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "strategy_elements_key",
                E::Table,
                &["version_id", "key"],
                true,
            ))
            .await?;

        use StrategyIndicators as I;
        manager
            .create_table(
                Table::create()
                    .table(I::Table)
                    .col(big_pk_auto(I::Id))
                    .col(big_integer(I::ElementId))
                    .col(string_len(I::Key, 32))
                    .col(string_len(I::Name, 200))
                    .col(string_len(I::Unit, 50))
                    .col(double(I::Baseline))
                    .col(double(I::Target))
                    .col(integer(I::Position))
                    .foreign_key(&mut fk((I::Table, I::ElementId), (E::Table, E::Id), true))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "strategy_indicators_element",
                I::Table,
                &["element_id"],
                false,
            ))
            .await?;

        use StrategyProgress as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(big_pk_auto(P::Id))
                    .col(big_integer(P::TableId))
                    .col(string_len(P::ElementKey, 32))
                    .col(string_len_null(P::IndicatorKey, 32))
                    .col(string_len_null(P::Status, 16))
                    .col(double_null(P::Value))
                    .col(date(P::RecordedOn))
                    .col(text_null(P::Note))
                    .col(big_integer(P::RecordedBy))
                    .col(timestamp_with_time_zone(P::CreatedAt))
                    .foreign_key(&mut fk(
                        (P::Table, P::TableId),
                        (Tables::Table, Tables::Id),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        (P::Table, P::RecordedBy),
                        (People::Table, People::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "strategy_progress_element",
                P::Table,
                &["table_id", "element_key"],
                false,
            ))
            .await?;

        use StrategyLinks as L;
        manager
            .create_table(
                Table::create()
                    .table(L::Table)
                    .col(big_pk_auto(L::Id))
                    .col(big_integer(L::TableId))
                    .col(string_len(L::ElementKey, 32))
                    .col(string_len(L::TargetKind, 16))
                    .col(big_integer(L::TargetId))
                    .col(big_integer(L::CreatedBy))
                    .col(timestamp_with_time_zone(L::CreatedAt))
                    .foreign_key(&mut fk(
                        (L::Table, L::TableId),
                        (Tables::Table, Tables::Id),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        (L::Table, L::CreatedBy),
                        (People::Table, People::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "strategy_links_unique",
                L::Table,
                &["table_id", "element_key", "target_kind", "target_id"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "strategy_links_target",
                L::Table,
                &["target_kind", "target_id"],
                false,
            ))
            .await?;

        use StrategyComments as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(big_pk_auto(C::Id))
                    .col(big_integer(C::VersionId))
                    .col(big_integer(C::ElementId))
                    .col(big_integer(C::AuthorId))
                    .col(text(C::Body))
                    .col(boolean(C::Edited))
                    .col(boolean(C::Deleted))
                    .col(timestamp_with_time_zone_null(C::ResolvedAt))
                    .col(big_integer_null(C::ResolvedBy))
                    .col(timestamp_with_time_zone(C::CreatedAt))
                    .col(timestamp_with_time_zone(C::UpdatedAt))
                    .foreign_key(&mut fk((C::Table, C::VersionId), (V::Table, V::Id), true))
                    .foreign_key(&mut fk((C::Table, C::ElementId), (E::Table, E::Id), true))
                    .foreign_key(&mut fk(
                        (C::Table, C::AuthorId),
                        (People::Table, People::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "strategy_comments_version",
                C::Table,
                &["version_id"],
                false,
            ))
            .await
    }
}
