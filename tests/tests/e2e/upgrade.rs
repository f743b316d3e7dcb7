//! Upgrades: a database at the previous release's schema, holding data, migrates forward to this one with nothing
//! lost, and the application works on it. (Every other test starts from an empty database.)

use std::sync::Arc;

use tavolo_domain::{Actor, DomainEvent, PracticeStatus, PracticeVisibility, TargetGroup, Theme};
use tavolo_files::FilePolicy;
use tavolo_migrations::{Migrator, MigratorTrait};
use tavolo_search::TantivyEngine;
use tavolo_service::practices::{Facets, PracticeFilter, PracticeSort};
use tavolo_service::{Files, OffsetRequest, Services};
use tavolo_store::Store;
use tavolo_store::entity::domain_event;
use tavolo_store::sea_orm::{ConnectionTrait, EntityTrait};
use tavolo_tests::fixtures;
use tavolo_tests::{Backend, postgres};

/// Migrations the previous release (stop 11, commit 2861a54) had applied.
const PREVIOUS_RELEASE: u32 = 20;

/// What the previous release held, written as its schema had it (today's entities carry columns it lacked): an
/// organization, a person, a members-only table where the person is an observer, a published practice whose
/// themes and target groups were `|`-separated codes, and two events the mail worker had not read yet, in the loose
/// shapes events had before they were typed.
const PREVIOUS_DATA: &[&str] = &[
    "INSERT INTO organizations (id, name, kind, created_at, updated_at) VALUES (1, 'Comune di Grosseto', 'municipality', '2026-10-01T09:00:00+00:00', '2026-10-01T09:00:00+00:00')",
    "INSERT INTO people (id, name, email, organization_id, locale, time_zone, instance_role, active, created_at, updated_at) VALUES (1, 'Giulia Bianchi', 'giulia@test.example', 1, 'it', 'Europe/Rome', 'user', TRUE, '2026-10-01T09:00:00+00:00', '2026-10-01T09:00:00+00:00')",
    "INSERT INTO tables (id, name, kind, visibility, created_at, updated_at) VALUES (1, 'Tavolo interistituzionale', 'interinstitutional_table', 'members', '2026-10-01T09:00:00+00:00', '2026-10-01T09:00:00+00:00')",
    "INSERT INTO memberships (id, table_id, person_id, role, valid_from) VALUES (1, 1, 1, 'observer', '2026-10-01T09:00:00+00:00')",
    r#"INSERT INTO domain_events (kind, table_id, meeting_id, entity_id, payload, created_at) VALUES ('meeting_scheduled', 1, 9, 9, '{"id":9,"uid":"meeting-9@tavolo","sequence":0,"title":"Seduta","startsAt":"2026-10-20T08:00:00Z","endsAt":"2026-10-20T10:00:00Z","timeZone":"Europe/Rome","place":null,"onlineUrl":null,"status":"scheduled"}', '2026-10-01T09:00:00+00:00')"#,
    "INSERT INTO domain_events (kind, entity_id, payload, created_at) VALUES ('password_changed', 1, 'null', '2026-10-01T09:00:00+00:00')",
    "INSERT INTO good_practices (id, title, summary, body, themes, target_groups, language, practice_state, evaluation, funding, status, visibility, author_id, published_at, version, created_at, updated_at) VALUES (1, 'Mediatori nelle scuole', 'Mediatori culturali a fianco degli insegnanti', '', '|education|mediation|', '|minors|women|minors|', 'it', 'active', 'internal', 'FAMI', 'published', 'network', 1, '2026-10-02T09:00:00+00:00', 1, '2026-10-02T09:00:00+00:00', '2026-10-02T09:00:00+00:00')",
];

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
    for statement in PREVIOUS_DATA {
        store.db.execute_unprepared(statement).await?;
    }
    if backend == Backend::Postgres {
        // Rows inserted with their ids leave the sequences behind; the previous release's own inserts moved them.
        for table in [
            "organizations",
            "people",
            "tables",
            "memberships",
            "good_practices",
        ] {
            store
                .db
                .execute_unprepared(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                ))
                .await?;
        }
    }
    store.migrate().await?;
    assert!(
        Migrator::get_pending_migrations(&store.db)
            .await?
            .is_empty()
    );
    let services = Services::new(
        store.clone(),
        Files::on_disk(dir.path().join("attachments"), FilePolicy::default()),
        Arc::new(TantivyEngine::in_memory()?),
    );
    // The person is there, with nobody recorded as having brought them in and no first sign-in yet.
    let person = services.directory().person(&Actor::System, 1).await?;
    assert_eq!(person.email, "giulia@test.example");
    assert_eq!((person.created_by, person.first_signed_in_at), (None, None));
    let observer = Actor::Person {
        id: person.id,
        role: tavolo_domain::InstanceRole::User,
        by_token: false,
    };
    // Their role still opens the members-only table, and the application writes on the upgraded database.
    let table = services.tables().table(&observer, 1).await?;
    assert_eq!(table.name, "Tavolo interistituzionale");
    let meeting = fixtures::meeting(&services, table.id, "Seduta dopo l'aggiornamento", 5).await?;
    let seen = services.meetings().meeting(&observer, meeting.id).await?;
    assert_eq!(seen.title, "Seduta dopo l'aggiornamento");
    let practice = fixtures::practice(
        &services,
        &person,
        "Sportello di ascolto",
        PracticeStatus::Published,
        PracticeVisibility::Network,
    )
    .await?;
    let library = services
        .practices()
        .list(
            &observer,
            &PracticeFilter::default(),
            PracticeSort::Newest,
            OffsetRequest::new(20, 0)?,
        )
        .await?;
    assert_eq!(
        library.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![practice.id, 1]
    );
    // The old practice's codes became rows (each once), and the library filters and counts by them.
    let facets = services.practices().facets(&observer, &[1]).await?;
    assert_eq!(
        facets.get(&1),
        Some(&Facets {
            themes: vec![Theme::Education, Theme::Mediation],
            target_groups: vec![TargetGroup::Minors, TargetGroup::Women],
        })
    );
    let mediation = services
        .practices()
        .list(
            &observer,
            &PracticeFilter {
                theme: Some(Theme::Mediation),
                ..Default::default()
            },
            PracticeSort::Newest,
            OffsetRequest::new(20, 0)?,
        )
        .await?;
    assert_eq!(
        mediation.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![1]
    );
    assert!(
        mediation
            .facets
            .contains(&("targetGroup", "women".to_owned(), 1)),
        "{:?}",
        mediation.facets
    );
    // The waiting events read as typed events, the meeting's with its snapshot.
    let waiting = domain_event::Entity::find().all(&store.db).await?;
    let read: Vec<DomainEvent> = waiting
        .iter()
        .map(|e| DomainEvent::from_stored(&e.kind, &e.payload))
        .collect::<Result<_, _>>()?;
    assert!(
        matches!(
            &read[..],
            [
                DomainEvent::MeetingScheduled { meeting },
                DomainEvent::PasswordChanged {}
            ] if meeting.uid == "meeting-9@tavolo" && meeting.time_zone.name() == "Europe/Rome"
        ),
        "{read:?}"
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
