//! The good-practice library's totals and facet counts, kept per filter until the next practice change. Counting
//! means reading every match, which a big library cannot afford on every page; practice changes are rare, and each
//! one writes an audit event in its transaction, so the newest such event tells every process when counts are stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use tavolo_domain::{TargetGroup, Theme};
use tavolo_store::entity::audit_event;
use tavolo_store::sea_orm;

use super::PracticeFilter;
use crate::ServiceResult;

/// Kept entries; past this many the cache starts over (filters are few in practice: facets times a search box).
const CAPACITY: usize = 512;

/// Totals and facet counts of published practices, as everyone signed in (or everyone, when not) sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub total: u64,
    /// (facet, value, count), e.g. ("theme", "housing", 3).
    pub facets: Vec<(&'static str, String, u64)>,
}

/// What the counts depend on: the filter and whether the caller is signed in (network practices).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CountsKey {
    signed_in: bool,
    theme: Option<Theme>,
    target_group: Option<TargetGroup>,
    region: Option<String>,
    language: Option<String>,
    search: Option<String>,
}

impl CountsKey {
    pub fn new(signed_in: bool, filter: &PracticeFilter) -> Self {
        Self {
            signed_in,
            theme: filter.theme,
            target_group: filter.target_group,
            region: filter.region.clone(),
            language: filter.language.clone(),
            search: filter.search.clone(),
        }
    }
}

/// Shared by every request of a process; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct LibraryCounts {
    entries: Arc<Mutex<HashMap<CountsKey, (i64, Counts)>>>,
    /// Held while counting: requests that miss together wait for one count (and mostly find it) instead of all
    /// scanning the library at once and emptying the connection pool.
    counting: Arc<tokio::sync::Mutex<()>>,
}

impl LibraryCounts {
    /// The counts for `key` at `version`, counted by `count` when missing, one count at a time.
    pub async fn get_or_count<F, Fut>(
        &self,
        key: CountsKey,
        version: i64,
        count: F,
    ) -> ServiceResult<Counts>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = ServiceResult<Counts>>,
    {
        if let Some(counts) = self.get(&key, version) {
            return Ok(counts);
        }
        let _turn = self.counting.lock().await;
        if let Some(counts) = self.get(&key, version) {
            return Ok(counts);
        }
        let counts = count().await?;
        self.put(key, version, counts.clone());
        Ok(counts)
    }

    /// The counts for `key` if they were taken at `version`.
    fn get(&self, key: &CountsKey, version: i64) -> Option<Counts> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|(at, _)| *at == version)
            .map(|(_, counts)| counts.clone())
    }

    fn put(&self, key: CountsKey, version: i64, counts: Counts) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(key, (version, counts));
    }
}

/// The library's version: the newest audit event about a practice (0 before any).
pub async fn version(db: &DatabaseConnection) -> ServiceResult<i64> {
    let newest: Option<i64> = audit_event::Entity::find()
        .select_only()
        .column_as(audit_event::Column::Id.max(), "newest")
        .filter(audit_event::Column::EntityType.eq("good_practice"))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok(newest.unwrap_or(0))
}
