//! Upgrades: a database at the previous release's schema, holding data, migrates forward to this one with nothing
//! lost, and the application works on it. (Every other test starts from an empty database.)

use std::sync::Arc;

use tavolo_domain::{Actor, PracticeStatus, PracticeVisibility};
use tavolo_files::FilePolicy;
use tavolo_migrations::{Migrator, MigratorTrait};
use tavolo_search::TantivyEngine;
use tavolo_service::practices::{PracticeFilter, PracticeSort};
use tavolo_service::{Files, OffsetRequest, Services};
use tavolo_store::Store;
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, postgres};

/// Migrations the previous release (stop 10, commit ef211fa) had applied.
const PREVIOUS_RELEASE: u32 = 18;

async fn upgrade(backend: Backend) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = match backend {
        Backend::Sqlite => format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display()),
        Backend::Postgres => postgres::fresh_database().await?,
    };
    let store = Store::connect(&url).await?;
    Migrator::up(&store.db, Some(PREVIOUS_RELEASE)).await?;
    assert!(
        !Migrator::get_pending_migrations(&store.db)
            .await?
            .is_empty()
    );
    let services = Services::new(
        store.clone(),
        Files::on_disk(dir.path().join("attachments"), FilePolicy::default()),
        Arc::new(TantivyEngine::in_memory()?),
    );
    // What the previous release would have held: people, tables with roles, a meeting, a published practice.
    let world = fixtures::world(&services).await?;
    let meeting = fixtures::meeting(
        &services,
        world.table.id,
        "Seduta prima dell'aggiornamento",
        5,
    )
    .await?;
    let practice = fixtures::practice(
        &services,
        world.person(Role::User),
        "Sportello di ascolto",
        PracticeStatus::Published,
        PracticeVisibility::Network,
    )
    .await?;

    store.migrate().await?;
    assert!(
        Migrator::get_pending_migrations(&store.db)
            .await?
            .is_empty()
    );
    let kept = services
        .meetings()
        .meeting(&Actor::System, meeting.id)
        .await?;
    assert_eq!(kept.title, meeting.title);
    let delegate = Actor::Person {
        id: world.person(Role::Delegate).id,
        role: tavolo_domain::InstanceRole::User,
    };
    let library = services
        .practices()
        .list(
            &delegate,
            &PracticeFilter::default(),
            PracticeSort::Newest,
            OffsetRequest::new(20, 0)?,
        )
        .await?;
    assert_eq!(
        library.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![practice.id]
    );
    // What the new migrations brought works on the upgraded database.
    assert!(
        tavolo_store::lease::acquire(
            &store.db,
            "upgrade-check",
            "test",
            chrono::Duration::seconds(5)
        )
        .await?
    );
    Ok(())
}
on_both_databases!(the_previous_release_upgrades_with_its_data, upgrade);
