//! Test harness (dev-only): databases on SQLite and a throwaway PostgreSQL cluster, the app served on a free port, a GraphQL client and fixtures.

pub mod bulk;
pub mod client;
pub mod fixtures;
pub mod imap;
pub mod live;
pub mod postgres;
pub mod process;
pub mod smtp;

use std::sync::Arc;

use tavolo_files::FilePolicy;
use tavolo_server::{AppState, Config};
use tavolo_service::{Files, Services};
use tavolo_store::Store;
use tempfile::TempDir;

pub use client::{Client, GqlResponse};

/// Declares one test per backend (a module with `sqlite` and `postgres` tests) from an async body taking the
/// `Backend`; test crates import it with `#[macro_use] extern crate tavolo_tests;`.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() -> anyhow::Result<()> {
                super::$body($crate::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() -> anyhow::Result<()> {
                super::$body($crate::Backend::Postgres).await
            }
        }
    };
}

/// The key that signs answer links in tests.
pub const LINK_SECRET: &str = "test-link-secret";

/// The two storage backends every database test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A migrated, empty database on one backend; dropped with the value for SQLite, with the cluster for PostgreSQL.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<TempDir>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> anyhow::Result<Self> {
        let (url, dir) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir()?;
                let url = format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("tavolo.db").display()
                );
                (url, Some(dir))
            }
            Backend::Postgres => (postgres::fresh_database().await?, None),
        };
        let mut db = Self::at(&url).await?;
        db._dir = dir;
        Ok(db)
    }

    /// Migrates the database at `url` (one the test made itself).
    pub async fn at(url: &str) -> anyhow::Result<Self> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(Self {
            store,
            url: url.to_owned(),
            _dir: None,
        })
    }
}

/// The application served over HTTP on 127.0.0.1 and a free port, as users and integrations reach it.
pub struct TestApp {
    pub base_url: String,
    pub services: Services,
    pub db: Arc<TestDb>,
    /// The app's data directory (attachments live under it).
    pub data_dir: TempDir,
    /// The configuration the app runs with.
    pub config: Config,
    server: tokio::task::JoinHandle<()>,
    follower: tokio::task::JoinHandle<()>,
}

/// The attachment size limit in tests: small, so refusing an oversized file costs little.
pub const ATTACHMENT_LIMIT: u64 = 256 * 1024;

impl TestApp {
    pub async fn start(backend: Backend) -> anyhow::Result<Self> {
        Self::serve(Arc::new(TestDb::new(backend).await?)).await
    }

    pub async fn serve(db: Arc<TestDb>) -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let base_url = format!("http://{address}");
        let data_dir = tempfile::tempdir()?;
        let config = Config {
            listen: address,
            public_url: base_url.clone(),
            database_url: db.url.clone(),
            data_dir: data_dir.path().to_path_buf(),
            // Wide enough that a busy two-core machine running a debug build never splits a level's batch.
            loader_window: std::time::Duration::from_millis(40),
            mail_from: "tavolo@test.example".into(),
            smtp_url: None,
            imap: None,
            secret_key: Some(LINK_SECRET.into()),
            attachments: FilePolicy {
                max_bytes: ATTACHMENT_LIMIT,
                ..FilePolicy::default()
            },
            meili_url: None,
            meili_index: "tavolo".into(),
            meili_key: None,
            graphiql: false,
            forwarded_for: false,
            oidc: None,
            controller_name: None,
            controller_email: None,
            dpo_email: None,
        };
        let files = Files::on_disk(config.attachment_dir(), config.attachments.clone());
        let engine = tavolo_search::TantivyEngine::in_memory()?;
        let services = Services::new(db.store.clone(), files, std::sync::Arc::new(engine));
        let app = tavolo_server::router(AppState::new(
            config.clone(),
            db.store.clone(),
            services.clone(),
            LINK_SECRET.as_bytes().to_vec(),
        ));
        // Subscriptions hear of committed changes as the server process would.
        let follower = tokio::spawn(services.follow_live_changes());
        let server = tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await;
        });
        Ok(Self {
            base_url,
            services,
            db,
            data_dir,
            config,
            server,
            follower,
        })
    }

    /// A client with its own cookie jar, signed out.
    pub fn client(&self) -> Client {
        Client::new(&self.base_url)
    }

    /// A client signed in as `email` with the fixtures' password.
    pub async fn signed_in(&self, email: &str) -> anyhow::Result<Client> {
        let client = self.client();
        client.login(email, fixtures::PASSWORD).await?;
        Ok(client)
    }

    /// SQL statements the app has run so far.
    /// Stops following committed changes for live updates: its polling would otherwise run statements in the middle of
    /// a request whose statements are being counted (more of them on a loaded machine, where a request takes longer).
    pub async fn stop_following(&self) {
        self.follower.abort();
        // The task ends at its next await: leave it time to finish the statement it may be running.
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    pub fn statements(&self) -> u64 {
        self.db.store.statements.get()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
        self.follower.abort();
    }
}

impl TestApp {
    /// A mail worker over this app's database, sending to `smtp_url`.
    pub fn mailer(&self, smtp_url: &str) -> anyhow::Result<tavolo_mail::worker::Mailer> {
        self.mailer_on(self.db.store.db.clone(), smtp_url)
    }

    /// A mail worker over another connection to the same database: what a second process would be.
    pub fn mailer_on(
        &self,
        db: tavolo_store::sea_orm::DatabaseConnection,
        smtp_url: &str,
    ) -> anyhow::Result<tavolo_mail::worker::Mailer> {
        let config = tavolo_mail::MailConfig {
            from_name: "Tavolo".into(),
            from_email: "tavolo@test.example".into(),
            smtp_url: Some(smtp_url.to_owned()),
            outbox_dir: std::env::temp_dir(),
            public_url: self.base_url.clone(),
            link_secret: LINK_SECRET.as_bytes().to_vec(),
        };
        tavolo_mail::worker::Mailer::new(db, config).map_err(|e| anyhow::anyhow!("{e}"))
    }
}
