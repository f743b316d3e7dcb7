//! Indexes the load benchmark showed missing: the library's order (status, newest first) and the foreign keys
//! that DataLoaders and lists look rows up by (comments, revisions, invitations by person, minutes comments, audit events by kind).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (index name, table, columns).
const INDEXES: &[(&str, &str, &[&str])] = &[
    (
        "good_practices_published_idx",
        "good_practices",
        &["status", "published_at"],
    ),
    (
        "practice_comments_practice_idx",
        "practice_comments",
        &["practice_id"],
    ),
    (
        "practice_revisions_practice_idx",
        "practice_revisions",
        &["practice_id", "number"],
    ),
    ("invitations_person_idx", "invitations", &["person_id"]),
    (
        "minutes_comments_minutes_idx",
        "minutes_comments",
        &["minutes_id"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, columns) in INDEXES {
            let mut index = Index::create();
            index.name(*name).table(Alias::new(*table));
            for column in *columns {
                index.col(Alias::new(*column));
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }
}
