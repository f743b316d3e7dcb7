//! End-to-end tests: the application over HTTP on SQLite and on a throwaway PostgreSQL; one module per area.

/// Declares one test per backend from an async body taking the `Backend`.
macro_rules! on_both_databases {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() -> anyhow::Result<()> {
                super::$body(tavolo_tests::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() -> anyhow::Result<()> {
                super::$body(tavolo_tests::Backend::Postgres).await
            }
        }
    };
}

mod accounts;
mod attachments;
mod backup;
mod directory;
mod http;
mod mail;
mod meetings;
mod permissions;
mod practices;
mod query_count;
mod schema;
mod search;
mod security;
mod strategy;
mod tables;
mod upgrade;
