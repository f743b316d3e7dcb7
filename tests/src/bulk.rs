//! A large, realistic dataset written straight into the tables in batches, for the load benchmark: tables with
//! seats and delegates, two years of meetings with agendas, invitations, minutes and decisions, and a big
//! good-practice library. Nothing here goes through the services, so it takes seconds, not hours.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait,
    Set,
};
use tavolo_domain::{
    ApprovalMethod, AttendanceStatus, DecisionOutcome, DelegateKind, Evaluation, InstanceRole,
    Locale, MeetingStatus, MembershipRole, MinutesStatus, OrganizationKind, PracticeLifecycle,
    PracticeStatus, PracticeVisibility, Rsvp, TableKind, TargetGroup, Theme, TimeZoneName,
    Visibility,
};
use tavolo_store::entity::{
    agenda_item, attendance, decision, good_practice, invitation, meeting, membership, minutes,
    minutes_note, organization, person, practice_target_group, practice_theme, seat, table,
};
use tavolo_store::sea_orm;

/// How much to generate.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub tables: usize,
    pub organizations_per_table: usize,
    pub people: usize,
    pub meetings: usize,
    pub practices: usize,
}

impl Scale {
    /// The size the production-readiness issue names: 50 tables, 5,000 people, 20,000 meetings, 100,000 practices.
    pub const FULL: Scale = Scale {
        tables: 50,
        organizations_per_table: 10,
        people: 5_000,
        meetings: 20_000,
        practices: 100_000,
    };
    /// A tenth, for a quick look.
    pub const SMALL: Scale = Scale {
        tables: 10,
        organizations_per_table: 10,
        people: 500,
        meetings: 2_000,
        practices: 10_000,
    };
}

/// What was generated: ids are 1..=n in insertion order, the database being empty before.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub tables: usize,
    pub meetings: usize,
    pub practices: usize,
    pub rows: u64,
    /// The person who holds the secretariat of every table (the benchmark's caller).
    pub secretary_id: i64,
}

const BATCH: usize = 500;
const AGENDA_PER_MEETING: usize = 3;
const REGIONS: &[&str] = &[
    "Toscana",
    "Lazio",
    "Lombardia",
    "Piemonte",
    "Emilia-Romagna",
    "Veneto",
    "Campania",
    "Puglia",
    "Sicilia",
    "Sardegna",
    "Liguria",
    "Marche",
    "Umbria",
    "Abruzzo",
    "Calabria",
    "Basilicata",
];
const THEMES: &[Theme] = &[
    Theme::Employment,
    Theme::Education,
    Theme::Language,
    Theme::Housing,
    Theme::Health,
    Theme::Rights,
    Theme::Participation,
    Theme::Reception,
    Theme::Mediation,
];
const GROUPS: &[TargetGroup] = &[
    TargetGroup::ProtectionBeneficiaries,
    TargetGroup::AsylumSeekers,
    TargetGroup::UnaccompaniedMinors,
    TargetGroup::Women,
    TargetGroup::Minors,
    TargetGroup::FamiliesWithMinors,
    TargetGroup::Students,
    TargetGroup::PublicOperators,
];
const TOPICS: &[&str] = &[
    "strategia locale",
    "sportello di orientamento",
    "mediazione interculturale",
    "inserimento lavorativo",
    "corsi di lingua italiana",
    "accesso ai servizi sanitari",
    "ricerca di alloggio",
    "minori stranieri non accompagnati",
    "rete territoriale",
    "formazione degli operatori",
];

/// Inserts `models` in batches; returns how many.
async fn insert_all<A>(db: &DatabaseConnection, models: Vec<A>) -> Result<u64, sea_orm::DbErr>
where
    A: ActiveModelTrait + Send,
{
    let count = models.len() as u64;
    let mut models = models.into_iter().peekable();
    while models.peek().is_some() {
        let batch: Vec<A> = models.by_ref().take(BATCH).collect();
        A::Entity::insert_many(batch)
            .exec_without_returning(db)
            .await?;
    }
    Ok(count)
}

/// One to `max` different values of `from`.
fn some_of<T: Copy>(rng: &mut StdRng, from: &[T], max: usize) -> Vec<T> {
    let n = rng.random_range(1..=max);
    from.choose_multiple(rng, n).copied().collect()
}

/// Fills an empty, migrated database.
pub async fn seed(db: &DatabaseConnection, scale: Scale) -> anyhow::Result<Dataset> {
    anyhow::ensure!(
        meeting::Entity::find().count(db).await? == 0,
        "the benchmark seeds an empty database only"
    );
    let mut rng = StdRng::seed_from_u64(2026);
    let now = Utc::now();
    let organizations = scale.tables * scale.organizations_per_table;
    let mut rows = 0;

    rows += insert_all(
        db,
        (1..=organizations)
            .map(|i| organization::ActiveModel {
                name: Set(format!("Ente {i}")),
                kind: Set([
                    OrganizationKind::Municipality,
                    OrganizationKind::ThirdSector,
                    OrganizationKind::School,
                    OrganizationKind::HealthAuthority,
                ][i % 4]),
                territory: Set(Some(REGIONS[i % REGIONS.len()].into())),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .collect(),
    )
    .await?;
    rows += insert_all(
        db,
        (1..=scale.people)
            .map(|i| person::ActiveModel {
                name: Set(format!("Persona {i}")),
                email: Set(format!("persona{i}@bench.example")),
                organization_id: Set(Some(((i - 1) % organizations + 1) as i64)),
                locale: Set(Locale::It),
                time_zone: Set(TimeZoneName::default()),
                instance_role: Set(InstanceRole::User),
                password_hash: Set(None),
                active: Set(true),
                last_digest_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .collect(),
    )
    .await?;
    rows += insert_all(
        db,
        (1..=scale.tables)
            .map(|i| table::ActiveModel {
                name: Set(format!("Tavolo interistituzionale {i}")),
                kind: Set(TableKind::InterinstitutionalTable),
                territory: Set(Some(REGIONS[i % REGIONS.len()].into())),
                description: Set(Some(
                    "Tavolo per la strategia locale di integrazione".into(),
                )),
                parent_id: Set(None),
                visibility: Set(
                    [Visibility::Members, Visibility::Network, Visibility::Public][i % 3],
                ),
                quorum_percent: Set(50),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .collect(),
    )
    .await?;

    // Table t has seats for organizations (t-1)*k+1..=t*k. People are spread over organizations round-robin, so
    // person o is organization o's first: its titular delegate. Person 1 runs the secretariat of every table.
    anyhow::ensure!(
        scale.people >= organizations,
        "fewer people than organizations"
    );
    let secretary_id = 1;
    let since = now - Duration::days(730);
    let mut seats = Vec::new();
    let mut memberships = Vec::new();
    for t in 1..=scale.tables {
        for k in 1..=scale.organizations_per_table {
            let org = (t - 1) * scale.organizations_per_table + k;
            seats.push(seat::ActiveModel {
                table_id: Set(t as i64),
                organization_id: Set(org as i64),
                valid_from: Set(since),
                valid_until: Set(None),
                ..Default::default()
            });
            memberships.push(membership::ActiveModel {
                table_id: Set(t as i64),
                person_id: Set(org as i64),
                role: Set(MembershipRole::Delegate),
                seat_id: Set(Some(seats.len() as i64)),
                delegate_kind: Set(Some(DelegateKind::Titular)),
                valid_from: Set(since),
                valid_until: Set(None),
                ..Default::default()
            });
        }
        memberships.push(membership::ActiveModel {
            table_id: Set(t as i64),
            person_id: Set(secretary_id),
            role: Set(MembershipRole::Secretariat),
            seat_id: Set(None),
            delegate_kind: Set(None),
            valid_from: Set(since),
            valid_until: Set(None),
            ..Default::default()
        });
    }
    rows += insert_all(db, seats).await?;
    rows += insert_all(db, memberships).await?;

    rows += seed_meetings(db, &mut rng, scale, now).await?;
    rows += seed_practices(db, &mut rng, scale, now).await?;
    check_dense_ids(db).await?;
    // Planner statistics as a database in service has them (PostgreSQL's autovacuum would gather them a while
    // after a bulk load; SQLite only on request).
    db.execute_unprepared("ANALYZE").await?;
    Ok(Dataset {
        tables: scale.tables,
        meetings: scale.meetings,
        practices: scale.practices,
        rows,
        secretary_id,
    })
}

/// Meetings spread over two years around today (past ones held, with approved minutes and a decision), each with
/// an agenda and its table's delegates and secretariat invited.
async fn seed_meetings(
    db: &DatabaseConnection,
    rng: &mut StdRng,
    scale: Scale,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let mut rows = 0;
    let mut meetings = Vec::with_capacity(scale.meetings);
    let mut starts = Vec::with_capacity(scale.meetings);
    for m in 1..=scale.meetings {
        let table_id = ((m - 1) % scale.tables + 1) as i64;
        let start = now + Duration::hours(rng.random_range(-365 * 24..365 * 24));
        let held = start < now;
        starts.push((table_id, held));
        let topic = TOPICS.choose(rng).copied().unwrap_or("strategia");
        meetings.push(meeting::ActiveModel {
            table_id: Set(table_id),
            title: Set(format!("Seduta {m}: {topic}")),
            description: Set(Some(format!(
                "Ordine del giorno sulla {topic} e sulle azioni del tavolo."
            ))),
            starts_at: Set(start),
            ends_at: Set(start + Duration::hours(2)),
            time_zone: Set(TimeZoneName::default()),
            multi_day: Set(false),
            place: Set(Some("Sala consiliare".into())),
            online_url: Set(None),
            status: Set(if held {
                MeetingStatus::Held
            } else {
                MeetingStatus::Scheduled
            }),
            cancel_reason: Set(None),
            calendar_uid: Set(format!("bench-{m}@tavolo.example")),
            sequence: Set(0),
            agenda_version: Set(1),
            reminders_enabled: Set(false),
            reminder_hours: Set(48),
            reminder_note: Set(None),
            reminder_sent_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    rows += insert_all(db, meetings).await?;

    let mut agenda = Vec::new();
    let mut invitations = Vec::new();
    let mut attendances = Vec::new();
    for (index, (table_id, held)) in starts.iter().enumerate() {
        let meeting_id = index as i64 + 1;
        for position in 0..AGENDA_PER_MEETING {
            let topic = TOPICS.choose(rng).copied().unwrap_or("strategia");
            agenda.push(agenda_item::ActiveModel {
                meeting_id: Set(meeting_id),
                position: Set(position as i32),
                title: Set(format!("Punto {}: {topic}", position + 1)),
                description: Set(Some(format!("Discussione su {topic}."))),
                presenter: Set(None),
                planned_minutes: Set(Some(30)),
                documents: Set(None),
                follow_up: Set(false),
                ..Default::default()
            });
        }
        let first_org = (*table_id as usize - 1) * scale.organizations_per_table + 1;
        let invitees = (first_org..first_org + scale.organizations_per_table)
            .map(|org| org as i64)
            // The secretary (person 1) is also table 1's first delegate: one invitation each.
            .chain((first_org != 1).then_some(1));
        for person_id in invitees {
            if *held {
                attendances.push(attendance::ActiveModel {
                    meeting_id: Set(meeting_id),
                    person_id: Set(person_id),
                    status: Set(AttendanceStatus::Present),
                    seat_id: Set(None),
                    recorded_at: Set(now),
                    ..Default::default()
                });
            }
            invitations.push(invitation::ActiveModel {
                meeting_id: Set(meeting_id),
                person_id: Set(Some(person_id)),
                email: Set(format!("persona{person_id}@bench.example")),
                name: Set(format!("Persona {person_id}")),
                required: Set(true),
                rsvp: Set(Rsvp::Accepted),
                delegated_to_person_id: Set(None),
                delegated_to_email: Set(None),
                responded_at: Set(None),
                created_at: Set(now),
                answer_nonce: Set(0),
                ..Default::default()
            });
        }
    }
    rows += insert_all(db, agenda).await?;
    rows += insert_all(db, invitations).await?;
    rows += insert_all(db, attendances).await?;

    let mut all_minutes = Vec::new();
    let mut notes = Vec::new();
    let mut decisions = Vec::new();
    for (index, (_, held)) in starts.iter().enumerate() {
        if !held {
            continue;
        }
        let meeting_id = index as i64 + 1;
        all_minutes.push(minutes::ActiveModel {
            meeting_id: Set(meeting_id),
            status: Set(MinutesStatus::Approved),
            version: Set(1),
            approved_at: Set(Some(now)),
            approved_by: Set(Some(1)),
            approval_method: Set(Some(ApprovalMethod::WrittenProcedure)),
            approval_note: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        let minutes_id = all_minutes.len() as i64;
        let first_item = (meeting_id - 1) * AGENDA_PER_MEETING as i64 + 1;
        for item in 0..AGENDA_PER_MEETING as i64 {
            notes.push(minutes_note::ActiveModel {
                minutes_id: Set(minutes_id),
                agenda_item_id: Set(first_item + item),
                body: Set("Il tavolo discute il punto e concorda le **azioni** da svolgere entro il mese.".into()),
                ..Default::default()
            });
        }
        decisions.push(decision::ActiveModel {
            meeting_id: Set(meeting_id),
            agenda_item_id: Set(first_item),
            text: Set("Il tavolo approva la proposta della segreteria.".into()),
            outcome: Set(DecisionOutcome::Approved),
            votes_for: Set(None),
            votes_against: Set(None),
            votes_abstained: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    rows += insert_all(db, all_minutes).await?;
    rows += insert_all(db, notes).await?;
    rows += insert_all(db, decisions).await?;
    Ok(rows)
}

async fn seed_practices(
    db: &DatabaseConnection,
    rng: &mut StdRng,
    scale: Scale,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let practices = (1..=scale.practices)
        .map(|p| {
            let topic = TOPICS.choose(rng).copied().unwrap_or("rete");
            let region = REGIONS.choose(rng).copied().unwrap_or("Toscana");
            // Every tenth is a draft only its author reads.
            let published = p % 10 != 0;
            good_practice::ActiveModel {
                title: Set(format!("Pratica {p}: {topic} a {region}")),
                summary: Set(format!("Come il servizio di {topic} accompagna le persone nel territorio.")),
                body: Set(format!("## Contesto\n\nIl progetto lavora su {topic} con la rete dei servizi.\n\n## Risultati\n\nPiù persone raggiunte.")),
                region: Set(Some(region.into())),
                territory: Set(None),
                language: Set("it".into()),
                start_date: Set(None),
                end_date: Set(None),
                practice_state: Set(PracticeLifecycle::Active),
                evaluation: Set(Evaluation::Internal),
                funding: Set("FAMI".into()),
                project_code: Set(None),
                results: Set(None),
                transferability: Set(None),
                contact_name: Set(None),
                contact_email: Set(None),
                organization_id: Set(None),
                status: Set(if published { PracticeStatus::Published } else { PracticeStatus::Draft }),
                visibility: Set(if p % 2 == 0 { PracticeVisibility::Public } else { PracticeVisibility::Network }),
                review_note: Set(None),
                reviewer_id: Set(None),
                author_id: Set(rng.random_range(1..=scale.people as i64)),
                published_at: Set(published.then(|| now - Duration::minutes(p as i64))),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    let mut rows = insert_all(db, practices).await?;
    // Ids are 1..=n (checked after seeding), so practice `p` is row `p`.
    let (mut themes, mut groups) = (Vec::new(), Vec::new());
    for p in 1..=scale.practices as i64 {
        themes.extend(some_of(rng, THEMES, 3).into_iter().map(|theme| {
            practice_theme::ActiveModel {
                practice_id: Set(p),
                theme: Set(theme),
                ..Default::default()
            }
        }));
        groups.extend(some_of(rng, GROUPS, 2).into_iter().map(|group| {
            practice_target_group::ActiveModel {
                practice_id: Set(p),
                target_group: Set(group),
                ..Default::default()
            }
        }));
    }
    rows += insert_all(db, themes).await?;
    rows += insert_all(db, groups).await?;
    Ok(rows)
}

/// The benchmark refers to rows by position (the database was empty and no explicit ids were given, so sequences
/// stay right for later inserts): checks that ids are indeed 1..=n.
async fn check_dense_ids(db: &DatabaseConnection) -> anyhow::Result<()> {
    let backend = db.get_database_backend();
    for name in ["meetings", "good_practices", "tables"] {
        let sql = format!("SELECT COUNT(*) = MAX(id) AS dense FROM {name}");
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(backend, sql))
            .await?
            .ok_or_else(|| anyhow::anyhow!("no row"))?;
        let dense: bool = match backend {
            DbBackend::Sqlite => row.try_get::<i32>("", "dense")? == 1,
            _ => row.try_get("", "dense")?,
        };
        anyhow::ensure!(dense, "{name} ids are not 1..=n");
    }
    Ok(())
}
