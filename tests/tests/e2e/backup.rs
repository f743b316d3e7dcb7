//! `tavolo backup` and `tavolo restore` on the embedded setup: a backup taken while the app runs, restored into an
//! empty data directory, holds the same rows in every table and the same attachment files; misuse is refused.

use tavolo_domain::{Actor, InstanceRole, PracticeStatus, PracticeVisibility};
use tavolo_server::backup;
use tavolo_store::Store;
use tavolo_store::sea_orm::{ConnectionTrait, DbBackend, Statement};
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, TestApp};

/// Every table's row count, by table name.
async fn counts(store: &Store) -> anyhow::Result<Vec<(String, i64)>> {
    let tables = store
        .db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        ))
        .await?;
    let mut counts = Vec::new();
    for row in tables {
        let name: String = row.try_get("", "name")?;
        let count = store
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!("SELECT COUNT(*) AS n FROM \"{name}\""),
            ))
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or_default();
        counts.push((name, count));
    }
    Ok(counts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_restores_to_the_same_records_and_files() -> anyhow::Result<()> {
    let app = TestApp::start(Backend::Sqlite).await?;
    let world = fixtures::world(&app.services).await?;
    let author = world.person(Role::User);
    let practice = fixtures::practice(
        &app.services,
        author,
        "Sportello casa",
        PracticeStatus::Draft,
        PracticeVisibility::Public,
    )
    .await?;
    let actor = Actor::Person {
        id: author.id,
        role: InstanceRole::User,
        by_token: false,
    };
    let attachment = app
        .services
        .practices()
        .attach(&actor, practice.id, "relazione.pdf", b"%PDF-1.7 relazione")
        .await?;
    fixtures::held_meeting(&app.services, &world, "Seduta").await?;

    let folder = tempfile::tempdir()?;
    let out = folder.path().join("backup");
    assert_eq!(backup::backup(&app.config, &app.db.store, &out).await?, 1);
    // A second backup into the same folder is refused rather than mixed in.
    assert!(
        backup::backup(&app.config, &app.db.store, &out)
            .await
            .is_err()
    );

    let target = tempfile::tempdir()?;
    let mut restored = app.config.clone();
    restored.data_dir = target.path().to_path_buf();
    restored.database_url = format!(
        "sqlite://{}?mode=rwc",
        target.path().join("tavolo.db").display()
    );
    assert_eq!(backup::restore(&restored, &out)?, 1);
    let store = Store::connect(&restored.database_url).await?;
    store.migrate().await?;
    assert_eq!(counts(&store).await?, counts(&app.db.store).await?);
    let original = std::fs::read(
        app.data_dir
            .path()
            .join("attachments")
            .join(&attachment.storage_key[..2])
            .join(&attachment.storage_key),
    )?;
    let copy = std::fs::read(
        target
            .path()
            .join("attachments")
            .join(&attachment.storage_key[..2])
            .join(&attachment.storage_key),
    )?;
    assert_eq!(copy, original);

    // Restoring over an existing database is refused; so is a folder that is not a backup, and PostgreSQL.
    assert!(backup::restore(&restored, &out).is_err());
    let mut fresh = restored.clone();
    fresh.database_url = format!(
        "sqlite://{}?mode=rwc",
        folder.path().join("other.db").display()
    );
    assert!(backup::restore(&fresh, folder.path()).is_err());
    let mut postgres = app.config.clone();
    postgres.database_url = "postgres://tavolo@localhost/tavolo".into();
    let refused = backup::backup(&postgres, &app.db.store, &folder.path().join("pg")).await;
    assert!(refused.is_err_and(|e| e.to_string().contains("pg_dump")));
    Ok(())
}
