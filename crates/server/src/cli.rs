//! The command line: `serve`, `migrate`, `create-admin`, `seed-demo`, `export-schema`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tavolo_demo::{DEMO_ADMIN, DEMO_PASSWORD, seed_demo};
use tavolo_domain::{Actor, InstanceRole};
use tavolo_search::{MeiliEngine, SearchEngine, TantivyEngine};
use tavolo_service::directory::PersonInput;
use tavolo_service::{Files, Services};
use tavolo_store::Store;

use tavolo_inbox::MailboxReader;
use tavolo_mail::MailConfig;
use tavolo_mail::worker::Mailer;

use crate::{AppState, Config, router};

/// The mail settings the worker needs, from the server's configuration.
pub fn mail_config(config: &Config, link_secret: Vec<u8>) -> MailConfig {
    MailConfig {
        from_name: "Tavolo".to_owned(),
        from_email: config.mail_from.clone(),
        smtp_url: config.smtp_url.clone(),
        outbox_dir: config.mail_dir(),
        public_url: config.public_url.clone(),
        link_secret,
    }
}

#[derive(Parser)]
#[command(
    name = "tavolo",
    version,
    about = "Tavolo: the workspace of an interinstitutional table, its operational unit and its community of practice"
)]
struct Cli {
    /// TOML configuration file (also TAVOLO_CONFIG); environment variables TAVOLO_* override it.
    #[arg(long, global = true, env = "TAVOLO_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the API and web UI.
    Serve {
        /// Load the demo dataset first when the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator account.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The password (at least 10 characters); better passed as TAVOLO_ADMIN_PASSWORD.
        #[arg(long, env = "TAVOLO_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Load the demo dataset into an empty database.
    SeedDemo,
    /// Rebuild the search index from the database.
    Reindex,
    /// Copy the SQLite database and the attachments into a new folder (safe while the server runs).
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup folder into an empty data directory.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// Write the GraphQL schema (SDL) to a file.
    ExportSchema {
        #[arg(long, default_value = "schema/schema.graphql")]
        out: PathBuf,
    },
}

pub fn main() -> ExitCode {
    init_logging();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("tavolo: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("tavolo: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::ExportSchema { out } = &cli.command {
        std::fs::write(out, tavolo_graphql::export_sdl())
            .with_context(|| format!("cannot write {}", out.display()))?;
        println!("wrote {}", out.display());
        return Ok(());
    }
    let config = Config::load(cli.config.as_deref())?;
    // Restoring happens before anything opens (and so creates) the database.
    if let Command::Restore { from } = &cli.command {
        let files = crate::backup::restore(&config, from)?;
        println!(
            "restored {} and {files} attachment files; the search index is rebuilt at the next start",
            from.display()
        );
        return Ok(());
    }
    let (store, services) = open(&config).await?;
    match cli.command {
        Command::Serve { demo } => {
            if demo {
                seed(&services).await?;
            }
            serve(config, store, services).await
        }
        Command::Migrate => {
            println!("database is up to date");
            Ok(())
        }
        Command::CreateAdmin {
            email,
            name,
            password,
        } => {
            let input = PersonInput {
                name: Some(name),
                email: Some(email),
                instance_role: Some(InstanceRole::Admin),
                password: Some(password),
                ..Default::default()
            };
            let admin = services
                .directory()
                .create_person(&Actor::System, input)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("created administrator {} <{}>", admin.name, admin.email);
            Ok(())
        }
        Command::SeedDemo => seed(&services).await,
        Command::Backup { out } => {
            let files = crate::backup::backup(&config, &store, &out).await?;
            println!(
                "backup written to {} (database and {files} attachment files)",
                out.display()
            );
            Ok(())
        }
        Command::Restore { .. } => Ok(()),
        Command::Reindex => {
            let scopes = services
                .search()
                .reindex()
                .await
                .map_err(|e| anyhow::anyhow!("reindex failed: {e}"))?;
            println!("search index rebuilt: {scopes} records and what hangs on them");
            Ok(())
        }
        Command::ExportSchema { .. } => Ok(()),
    }
}

/// Connects and migrates: every command that touches the database runs on the current schema. The store is for the
/// operations that work on the database as a whole (backup, the mail worker, health); records go through the services.
async fn open(config: &Config) -> anyhow::Result<(Store, Services)> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create {}", config.data_dir.display()))?;
    let store = Store::connect(&config.database_url)
        .await
        .context("cannot open the database")?;
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    let files = Files::on_disk(config.attachment_dir(), config.attachments.clone());
    // An embedded index that is not there (first start, or deleted) is rebuilt by replaying the audit log.
    let fresh_index = config.meili_url.is_none() && !config.search_dir().exists();
    let engine: Arc<dyn SearchEngine> = match &config.meili_url {
        Some(url) => Arc::new(
            MeiliEngine::new(url, config.meili_key.as_deref(), &config.meili_index)
                .map_err(|e| anyhow::anyhow!("Meilisearch: {e}"))?,
        ),
        None => Arc::new(
            TantivyEngine::open(&config.search_dir())
                .map_err(|e| anyhow::anyhow!("cannot open the search index: {e}"))?,
        ),
    };
    let services = Services::new(store.clone(), files, engine);
    if fresh_index {
        services
            .search()
            .restart_from_scratch()
            .await
            .map_err(|e| anyhow::anyhow!("cannot reset the search cursor: {e}"))?;
    }
    Ok((store, services))
}

async fn seed(services: &Services) -> anyhow::Result<()> {
    let summary = seed_demo(services)
        .await
        .map_err(|e| anyhow::anyhow!("seeding failed: {e}"))?;
    if summary.seeded {
        println!(
            "Demo data loaded: {} organizations, {} people, {} tables, {} good practices.",
            summary.organizations, summary.people, summary.tables, summary.practices
        );
    }
    println!(
        "Demo accounts: {DEMO_ADMIN} (administrator), marco.rossi@sds-grosseto.example (secretariat), password '{DEMO_PASSWORD}'."
    );
    Ok(())
}

async fn serve(config: Config, store: Store, services: Services) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    println!(
        "Tavolo is running at {} (listening on {})",
        config.public_url, config.listen
    );
    let link_secret = config.link_secret()?;
    let mailer = Mailer::new(store.db.clone(), mail_config(&config, link_secret.clone()))
        .map_err(|e| anyhow::anyhow!("mail: {e}"))?;
    match &config.smtp_url {
        Some(_) => println!("Mail goes out through the configured SMTP server."),
        None => println!(
            "No SMTP server configured: mail is written to {}",
            config.mail_dir().display()
        ),
    }
    tokio::spawn(mailer.run(std::time::Duration::from_secs(2)));
    if let Some(code) = services.accounts().setup_code().await? {
        println!(
            "First run: nobody administers this installation yet. Open {}/setup and give the setup code {code}",
            config.public_url
        );
    }
    let holder = process_name();
    tokio::spawn(follow_changes(services.clone(), holder.clone()));
    tokio::spawn(services.follow_live_changes());
    let mailbox = config.imap.clone().map(|imap| {
        println!(
            "Calendar answers are read from {}@{} ({}).",
            imap.user, imap.host, imap.mailbox
        );
        std::sync::Arc::new(MailboxReader::new(services.clone(), imap))
    });
    if let Some(reader) = &mailbox {
        tokio::spawn(std::sync::Arc::clone(reader).run(std::time::Duration::from_secs(30)));
    }
    let app = router(AppState::new(config, store, services.clone(), link_secret));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    if let Some(reader) = &mailbox {
        reader.stop().await;
    }
    if let Err(err) = services.search().stop_following(&holder).await {
        tracing::warn!(error = %err, "cannot hand over the indexer's lease");
    }
    Ok(())
}

/// Names this process among the servers sharing a database: host, process id and a random part.
fn process_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    format!(
        "{}-{}-{:08x}",
        host.trim(),
        std::process::id(),
        rand::random::<u32>()
    )
}

/// Keeps the search index current: applies the audit log's new events every second, in whichever process holds the
/// indexer's lease; while the engine is failing the events wait in the log, and are applied once it is back.
async fn follow_changes(services: Services, holder: String) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut ticks: u64 = 0;
    loop {
        interval.tick().await;
        // Synonyms edited in another process reach this one within half a minute.
        if ticks.is_multiple_of(30)
            && let Err(err) = services.search().load_synonyms().await
        {
            tracing::warn!(error = %err, "cannot load the search synonyms");
        }
        ticks += 1;
        loop {
            match services.search().follow(&holder, 500).await {
                Ok(0) => break,
                Ok(_) => continue,
                Err(err) => {
                    tracing::warn!(error = %err, "search index is behind");
                    break;
                }
            }
        }
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("TAVOLO_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
