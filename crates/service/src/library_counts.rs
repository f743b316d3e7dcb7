//! The good-practice library's totals and facet counts, kept per filter until the next practice change. Counting
//! means reading every match, which a big library cannot afford on every page; practice changes are rare, and each
//! one writes an audit event in its transaction, so the newest such event tells every process when counts are stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use tavolo_domain::{TargetGroup, Theme};
use tavolo_store::entity::audit_event;
use tavolo_store::sea_orm;

use crate::ServiceResult;
use crate::practices::PracticeFilter;

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
pub struct LibraryCounts(Arc<Mutex<HashMap<CountsKey, (i64, Counts)>>>);

impl LibraryCounts {
    /// The counts for `key` if they were taken at `version`.
    pub fn get(&self, key: &CountsKey, version: i64) -> Option<Counts> {
        let entries = self.0.lock().ok()?;
        entries
            .get(key)
            .filter(|(at, _)| *at == version)
            .map(|(_, counts)| counts.clone())
    }

    pub fn put(&self, key: CountsKey, version: i64, counts: Counts) {
        let Ok(mut entries) = self.0.lock() else {
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
