//! `tavolo backup` and `tavolo restore` for the embedded setup: a consistent copy of the SQLite database (taken
//! with `VACUUM INTO`, safe while the server runs) and of the attachments, into a folder; restored into an empty
//! data directory. PostgreSQL installations use `pg_dump`/`pg_restore` (see the README).

use std::path::{Path, PathBuf};

use anyhow::Context;
use tavolo_store::Store;
use tavolo_store::sea_orm::ConnectionTrait;

use crate::Config;

const DATABASE_FILE: &str = "tavolo.db";
const ATTACHMENTS: &str = "attachments";

fn sqlite_path(config: &Config) -> anyhow::Result<PathBuf> {
    tavolo_store::sqlite_file(&config.database_url)
        .map(PathBuf::from)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "backup and restore handle the embedded SQLite database; for PostgreSQL use pg_dump and pg_restore (see the README)"
            )
        })
}

fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<u64> {
    if !from.exists() {
        return Ok(0);
    }
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    let mut copied = 0;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copied += copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// Writes `<out>/tavolo.db` and `<out>/attachments/`; `out` must not exist yet.
pub async fn backup(config: &Config, store: &Store, out: &Path) -> anyhow::Result<u64> {
    sqlite_path(config)?;
    anyhow::ensure!(
        !out.exists(),
        "{} already exists: choose a new folder",
        out.display()
    );
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let file = out.join(DATABASE_FILE);
    let quoted = file.display().to_string().replace('\'', "''");
    store
        .db
        .execute_unprepared(&format!("VACUUM INTO '{quoted}'"))
        .await
        .context("cannot copy the database")?;
    copy_tree(&config.attachment_dir(), &out.join(ATTACHMENTS))
}

/// Puts a backup in place of an empty installation: refuses to overwrite an existing database. The search index
/// is left out and rebuilt from the restored database at the next start.
pub fn restore(config: &Config, from: &Path) -> anyhow::Result<u64> {
    let target = sqlite_path(config)?;
    let source = from.join(DATABASE_FILE);
    anyhow::ensure!(
        source.exists(),
        "{} is not a Tavolo backup (no {DATABASE_FILE})",
        from.display()
    );
    anyhow::ensure!(
        !target.exists(),
        "{} already exists: restore into an empty data directory, or move it away first",
        target.display()
    );
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::copy(&source, &target)
        .with_context(|| format!("cannot write {}", target.display()))?;
    let search = config.search_dir();
    if search.exists() {
        std::fs::remove_dir_all(&search)
            .with_context(|| format!("cannot clear {}", search.display()))?;
    }
    copy_tree(&from.join(ATTACHMENTS), &config.attachment_dir())
}
