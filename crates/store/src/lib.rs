//! Storage: sea-orm entities, the connection to SQLite or PostgreSQL with its statement counter, and migrations at start; no rules.

pub mod entity;
pub mod lease;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, ExecResult, QueryResult, SqliteTransactionMode, Statement, TransactionOptions,
    TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

pub use sea_orm;

/// Counts every SQL statement the connection runs: feeds `/metrics` and the query-count tests.
#[derive(Debug, Clone, Default)]
pub struct StatementCounter(Arc<AtomicU64>);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn bump(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// An open database with its counter.
#[derive(Debug, Clone)]
pub struct Store {
    pub db: DatabaseConnection,
    pub statements: StatementCounter,
}

impl Store {
    /// Opens `url` (creating an SQLite file's folder when needed) and counts its statements.
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        if let Some(parent) = sqlite_file(url).and_then(|path| std::path::Path::new(path).parent())
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
        }
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(if url.starts_with("sqlite") { 8 } else { 20 })
            .min_connections(1)
            .connect_timeout(Duration::from_secs(10))
            // While the database is down (a restart, a failover) requests fail within seconds instead of queueing
            // for half a minute; the pool reconnects by itself once it is back.
            .acquire_timeout(Duration::from_secs(5))
            .sqlx_logging(false)
            // sqlx pings a connection on every checkout by default: a round trip before each statement, since every
            // statement checks one out. Under load a connection goes back out within milliseconds and is not pinged;
            // one that has sat idle for a second is, so connections left broken by a database restart or a dropped
            // link are replaced before a request meets them.
            .test_before_acquire_if_idle_for(Duration::from_secs(1))
            // On every connection of the pool, not just the first: the database file mapped into memory (reads
            // skip a copy through the kernel for each page, which was most of a meeting page's time on a large
            // file) and a 16 MiB page cache per connection instead of 2 MiB; waits for a lock up to 10 s.
            .map_sqlx_sqlite_opts(|sqlite| {
                sqlite
                    .busy_timeout(Duration::from_secs(10))
                    .pragma("mmap_size", "1073741824")
                    .pragma("cache_size", "-16384")
            });
        let mut db = Database::connect(options).await?;
        let statements = StatementCounter::default();
        let counter = statements.clone();
        db.set_metric_callback(move |info| {
            tracing::trace!(target: "tavolo::sql", elapsed = ?info.elapsed, failed = info.failed, sql = %info.statement.sql);
            counter.bump();
        });
        if db.get_database_backend() == DbBackend::Sqlite {
            // WAL lets readers proceed while one writer commits; it is kept in the file, so once is enough.
            db.execute_unprepared("PRAGMA journal_mode=WAL;").await?;
        }
        Ok(Self { db, statements })
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        tavolo_migrations::Migrator::up(&self.db, None).await
    }

    /// A cheap round trip for `/readyz`.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.db.ping().await
    }
}

/// Starts a transaction that will write. On SQLite it waits for this process's write turn first, then takes the
/// write lock at once (`BEGIN IMMEDIATE`): writers queue in order instead of each polling SQLite's lock with growing
/// sleeps, which under load left some waiting for seconds, and none fails on a lock upgrade midway.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    let turn = if db.get_database_backend() == DbBackend::Sqlite {
        let gate = SQLITE_WRITE_TURN.clone();
        Some(
            gate.acquire_owned()
                .await
                .map_err(|e| DbErr::Custom(format!("write turn: {e}")))?,
        )
    } else {
        None
    };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(WriteTxn { txn, _turn: turn })
}

/// One writer at a time per process on SQLite (which allows one writer anyway). A process serves one database;
/// tests with several share the turn, which only orders their writes.
static SQLITE_WRITE_TURN: std::sync::LazyLock<Arc<tokio::sync::Semaphore>> =
    std::sync::LazyLock::new(|| Arc::new(tokio::sync::Semaphore::new(1)));

/// A write transaction holding its write turn until it commits, rolls back or is dropped.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

/// The file behind an `sqlite:` URL, unless it is in memory.
/// The file path of a SQLite URL, if it names a file.
pub fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && !path.contains(":memory:")).then_some(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_file_is_found_in_urls() {
        assert_eq!(
            super::sqlite_file("sqlite://data/tavolo.db?mode=rwc"),
            Some("data/tavolo.db")
        );
        assert_eq!(super::sqlite_file("sqlite::memory:"), None);
        assert_eq!(super::sqlite_file("postgres://x"), None);
    }
}
