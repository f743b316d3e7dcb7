//! The rules of Tavolo: one service per area; each method authorizes, validates, runs one transaction (change + audit) and returns.

pub mod access;
pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod courses;
mod csv;

pub mod diff;
pub mod digest;
pub mod directory;
pub mod error;
pub mod events;
pub mod feeds;
pub mod live;

pub mod markdown;
pub mod meeting_files;
pub mod meetings;
pub mod minutes;
pub mod operations;
pub mod paging;
pub mod practices;
pub mod protocols;
pub mod questionnaires;
pub mod search;
pub mod strategy;
pub mod tables;
pub mod waiting;

pub use error::{ServiceError, ServiceResult};
pub use paging::{OffsetRequest, Page, PageRequest};
pub use tavolo_domain::{Bounds, Problem, Reason};

use std::sync::Arc;

use tavolo_files::{BlobStore, FilePolicy, FsBlobStore};
use tavolo_search::SearchEngine;
use tavolo_store::Store;
use tavolo_store::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Every row of `E` whose `column` is one of `keys`, ordered by `order`: the one query behind a DataLoader batch.
pub(crate) async fn rows_in<E, C, O>(
    db: &impl ConnectionTrait,
    column: C,
    keys: &[i64],
    order: O,
) -> ServiceResult<Vec<E::Model>>
where
    E: EntityTrait,
    C: ColumnTrait,
    O: ColumnTrait,
{
    Ok(E::find()
        .filter(column.is_in(keys.iter().copied()))
        .order_by_asc(order)
        .all(db)
        .await?)
}

/// Where uploaded files go and what an upload must be.
#[derive(Debug, Clone)]
pub struct Files {
    pub blobs: Arc<dyn BlobStore>,
    pub policy: FilePolicy,
}

impl Files {
    /// Files on disk under `root` with the given policy.
    pub fn on_disk(root: impl Into<std::path::PathBuf>, policy: FilePolicy) -> Self {
        Self {
            blobs: Arc::new(FsBlobStore::new(root)),
            policy,
        }
    }
}

/// Every service over one store; cheap to clone (the connection is a pool handle).
#[derive(Debug, Clone)]
pub struct Services {
    store: Store,
    pub files: Files,
    pub search_engine: Arc<dyn SearchEngine>,
    library_counts: practices::LibraryCounts,
    live: live::LiveHub,
}

impl Services {
    pub fn new(store: Store, files: Files, search_engine: Arc<dyn SearchEngine>) -> Self {
        Self {
            store,
            files,
            search_engine,
            library_counts: practices::LibraryCounts::default(),
            live: live::LiveHub::default(),
        }
    }

    /// This process's live changes, for subscriptions.
    pub fn live(&self) -> &live::LiveHub {
        &self.live
    }

    /// Follows committed changes into the live hub for as long as the process runs (spawn it once per process).
    pub fn follow_live_changes(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        self.live.clone().follow(self.store.db.clone())
    }

    pub fn search(&self) -> search::SearchService<'_> {
        search::SearchService {
            db: &self.store.db,
            engine: &self.search_engine,
        }
    }

    pub fn accounts(&self) -> accounts::AccountService<'_> {
        accounts::AccountService { db: &self.store.db }
    }

    pub fn directory(&self) -> directory::DirectoryService<'_> {
        directory::DirectoryService { db: &self.store.db }
    }

    pub fn digests(&self) -> digest::DigestService<'_> {
        digest::DigestService { db: &self.store.db }
    }

    pub fn tables(&self) -> tables::TableService<'_> {
        tables::TableService { db: &self.store.db }
    }

    pub fn courses(&self) -> courses::CourseService<'_> {
        courses::CourseService { db: &self.store.db }
    }

    pub fn meetings(&self) -> meetings::MeetingService<'_> {
        meetings::MeetingService { db: &self.store.db }
    }

    pub fn meeting_files(&self) -> meeting_files::MeetingFileService<'_> {
        meeting_files::MeetingFileService {
            db: &self.store.db,
            files: &self.files,
        }
    }

    pub fn minutes(&self) -> minutes::MinutesService<'_> {
        minutes::MinutesService { db: &self.store.db }
    }

    pub fn feeds(&self) -> feeds::FeedService<'_> {
        feeds::FeedService { db: &self.store.db }
    }

    pub fn practices(&self) -> practices::PracticeService<'_> {
        practices::PracticeService {
            db: &self.store.db,
            files: &self.files,
            counts: &self.library_counts,
        }
    }

    pub fn protocols(&self) -> protocols::ProtocolService<'_> {
        protocols::ProtocolService {
            db: &self.store.db,
            files: &self.files,
        }
    }

    pub fn questionnaires(&self) -> questionnaires::QuestionnaireService<'_> {
        questionnaires::QuestionnaireService { db: &self.store.db }
    }

    pub fn strategy(&self) -> strategy::StrategyService<'_> {
        strategy::StrategyService { db: &self.store.db }
    }

    pub fn operations(&self) -> operations::OperationsService<'_> {
        operations::OperationsService {
            db: &self.store.db,
            search: self.search(),
        }
    }

    pub fn waiting(&self) -> waiting::WaitingService<'_> {
        waiting::WaitingService { db: &self.store.db }
    }

    pub fn audit(&self) -> audit::AuditService<'_> {
        audit::AuditService { db: &self.store.db }
    }
}
