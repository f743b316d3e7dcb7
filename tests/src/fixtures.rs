//! A small world for tests: one person per role, a members-only table they sit at, and a public and a network table.

use tavolo_domain::{
    Actor, DelegateKind, InstanceRole, MembershipRole, OrganizationKind, TableKind, Visibility,
};
use tavolo_service::Services;
use tavolo_service::directory::{OrganizationInput, PersonInput};
use tavolo_service::tables::TableInput;
use tavolo_store::entity::{organization, person, table};

/// Every fixture account's password.
pub const PASSWORD: &str = "correct-horse-battery";

/// The roles of the permission matrix, each held by one person (or nobody, for the visitor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Anonymous,
    User,
    Moderator,
    Observer,
    Delegate,
    Secretariat,
    Chair,
    Admin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Anonymous,
        Role::User,
        Role::Moderator,
        Role::Observer,
        Role::Delegate,
        Role::Secretariat,
        Role::Chair,
        Role::Admin,
    ];

    pub fn email(self) -> Option<String> {
        (self != Role::Anonymous).then(|| format!("{self:?}@test.example").to_lowercase())
    }
}

pub struct World {
    pub organization: organization::Model,
    pub people: Vec<(Role, person::Model)>,
    /// Members-only table where observer, delegate, secretariat and chair hold their roles.
    pub table: table::Model,
    pub public_table: table::Model,
    pub network_table: table::Model,
}

impl World {
    pub fn person(&self, role: Role) -> &person::Model {
        let found = self.people.iter().find(|(r, _)| *r == role).map(|(_, p)| p);
        found.unwrap_or_else(|| panic!("no fixture person for {role:?}"))
    }
}

pub async fn organization(services: &Services, name: &str) -> anyhow::Result<organization::Model> {
    let input = OrganizationInput {
        name: Some(name.into()),
        kind: Some(OrganizationKind::Municipality),
        ..Default::default()
    };
    Ok(services
        .directory()
        .create_organization(&Actor::System, input)
        .await?)
}

pub async fn person(
    services: &Services,
    name: &str,
    email: &str,
    role: InstanceRole,
    organization_id: Option<i64>,
) -> anyhow::Result<person::Model> {
    let input = PersonInput {
        name: Some(name.into()),
        email: Some(email.into()),
        organization_id: Some(organization_id),
        instance_role: Some(role),
        password: Some(PASSWORD.into()),
        ..Default::default()
    };
    Ok(services
        .directory()
        .create_person(&Actor::System, input)
        .await?)
}

pub async fn table(
    services: &Services,
    name: &str,
    visibility: Visibility,
    parent_id: Option<i64>,
) -> anyhow::Result<table::Model> {
    let input = TableInput {
        name: Some(name.into()),
        kind: Some(TableKind::InterinstitutionalTable),
        visibility: Some(visibility),
        parent_id: Some(parent_id),
        ..Default::default()
    };
    Ok(services
        .tables()
        .create_table(&Actor::System, input)
        .await?)
}

pub async fn world(services: &Services) -> anyhow::Result<World> {
    let organization = organization(services, "Comune di Grosseto").await?;
    let mut people = Vec::new();
    for role in Role::ALL {
        let Some(email) = role.email() else { continue };
        let instance_role = match role {
            Role::Admin => InstanceRole::Admin,
            Role::Moderator => InstanceRole::Moderator,
            _ => InstanceRole::User,
        };
        people.push((
            role,
            person(
                services,
                &format!("{role:?} Rossi"),
                &email,
                instance_role,
                Some(organization.id),
            )
            .await?,
        ));
    }
    let world = World {
        organization,
        people,
        table: table(
            services,
            "Tavolo interistituzionale",
            Visibility::Members,
            None,
        )
        .await?,
        public_table: table(services, "Tavolo pubblico", Visibility::Public, None).await?,
        network_table: table(services, "Tavolo di rete", Visibility::Network, None).await?,
    };
    give_roles(services, &world, world.table.id).await?;
    Ok(world)
}

/// Seats the world's organization at `table_id` with the delegate as titular, and gives the observer,
/// secretariat and chair their roles there: the same roles the world's main table has.
pub async fn give_roles(services: &Services, world: &World, table_id: i64) -> anyhow::Result<()> {
    let tables = services.tables();
    let seat = tables
        .add_seat(&Actor::System, table_id, world.organization.id)
        .await?;
    tables
        .appoint_delegate(
            &Actor::System,
            seat.id,
            world.person(Role::Delegate).id,
            DelegateKind::Titular,
        )
        .await?;
    for (role, membership) in [
        (Role::Observer, MembershipRole::Observer),
        (Role::Secretariat, MembershipRole::Secretariat),
        (Role::Chair, MembershipRole::Chair),
    ] {
        tables
            .add_membership(&Actor::System, table_id, world.person(role).id, membership)
            .await?;
    }
    Ok(())
}

/// Another members-only table where the world's people hold the same roles as at its main table.
pub async fn table_with_roles(
    services: &Services,
    world: &World,
    name: &str,
) -> anyhow::Result<table::Model> {
    let created = table(services, name, Visibility::Members, None).await?;
    give_roles(services, world, created.id).await?;
    Ok(created)
}

/// A wall-clock time `days` from now (negative: in the past), as forms send it.
pub fn local_time(days: i64, hour: u32) -> String {
    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(days);
    format!("{}T{hour:02}:00", day.format("%Y-%m-%d"))
}

/// A draft meeting of `table_id`, `days` from now, 10:00–12:00 in Rome.
pub async fn meeting(
    services: &Services,
    table_id: i64,
    title: &str,
    days: i64,
) -> anyhow::Result<tavolo_store::entity::meeting::Model> {
    let input = tavolo_service::meetings::MeetingInput {
        title: Some(title.into()),
        start: Some(local_time(days, 10)),
        end: Some(local_time(days, 12)),
        allow_past: days < 0,
        ..Default::default()
    };
    Ok(services
        .meetings()
        .create_meeting(&Actor::System, table_id, input, false)
        .await?)
}

/// A meeting held yesterday, with one agenda item, open draft minutes and its delegates present.
pub async fn held_meeting(
    services: &Services,
    world: &World,
    title: &str,
) -> anyhow::Result<tavolo_store::entity::meeting::Model> {
    held_meeting_at(services, world, world.table.id, title).await
}

/// The same at another table where the world's people hold their roles (see `table_with_roles`).
pub async fn held_meeting_at(
    services: &Services,
    world: &World,
    table_id: i64,
    title: &str,
) -> anyhow::Result<tavolo_store::entity::meeting::Model> {
    let meetings = services.meetings();
    let draft = meeting(services, table_id, title, -1).await?;
    let item = tavolo_service::meetings::AgendaItemInput {
        title: Some("Strategia locale".into()),
        ..Default::default()
    };
    meetings
        .add_agenda_item(&Actor::System, draft.id, item, draft.agenda_version)
        .await?;
    meetings
        .schedule_meeting(&Actor::System, draft.id, true)
        .await?;
    meetings
        .record_attendance(
            &Actor::System,
            draft.id,
            tavolo_service::meetings::Attendee::Person(world.person(Role::Delegate).id),
            tavolo_domain::AttendanceStatus::Present,
            None,
        )
        .await?;
    Ok(meetings.mark_held(&Actor::System, draft.id).await?)
}

/// A practice by `author`, moved to `status` by the system (draft, submitted, published or archived).
pub async fn practice(
    services: &Services,
    author: &person::Model,
    title: &str,
    status: tavolo_domain::PracticeStatus,
    visibility: tavolo_domain::PracticeVisibility,
) -> anyhow::Result<tavolo_store::entity::good_practice::Model> {
    use tavolo_domain::{PracticeStatus, TargetGroup, Theme};
    let actor = Actor::Person {
        id: author.id,
        role: InstanceRole::User,
        by_token: false,
    };
    let input = tavolo_service::practices::PracticeInput {
        title: Some(title.into()),
        summary: Some("Uno sportello di orientamento all'abitare per famiglie con minori.".into()),
        body: Some("Lo sportello **accompagna** le famiglie.".into()),
        themes: Some(vec![Theme::Housing]),
        target_groups: Some(vec![TargetGroup::FamiliesWithMinors]),
        region: Some("Toscana".into()),
        visibility: Some(visibility),
        ..Default::default()
    };
    let practices = services.practices();
    let mut practice = practices.create(&actor, input).await?;
    if status == PracticeStatus::Draft {
        return Ok(practice);
    }
    practice = practices.submit(&actor, practice.id).await?;
    if status == PracticeStatus::Submitted {
        return Ok(practice);
    }
    practice = practices
        .publish(
            &Actor::System,
            practice.id,
            tavolo_service::practices::Eligibility::MET,
        )
        .await?;
    if status == PracticeStatus::Archived {
        practice = practices.archive(&Actor::System, practice.id).await?;
    }
    Ok(practice)
}

/// A session of `course_id` held yesterday (10:00–12:00), the world's user present.
pub async fn held_course_session(
    services: &Services,
    world: &World,
    course_id: i64,
) -> anyhow::Result<tavolo_store::entity::meeting::Model> {
    let input = tavolo_service::meetings::MeetingInput {
        title: Some("Sessione".into()),
        start: Some(local_time(-1, 10)),
        end: Some(local_time(-1, 12)),
        allow_past: true,
        ..Default::default()
    };
    let session = services
        .courses()
        .add_session(&Actor::System, course_id, input)
        .await?;
    let meetings = services.meetings();
    meetings
        .schedule_meeting(&Actor::System, session.id, true)
        .await?;
    meetings
        .record_attendance(
            &Actor::System,
            session.id,
            tavolo_service::meetings::Attendee::Person(world.person(Role::User).id),
            tavolo_domain::AttendanceStatus::Present,
            None,
        )
        .await?;
    Ok(meetings.mark_held(&Actor::System, session.id).await?)
}

/// A decision of `outcome` on the agenda of a meeting of `table_id` (where the world's people hold their roles),
/// held yesterday.
pub async fn decision(
    services: &Services,
    world: &World,
    table_id: i64,
    outcome: tavolo_domain::DecisionOutcome,
) -> anyhow::Result<i64> {
    let meeting = held_meeting_at(services, world, table_id, "Seduta del tavolo").await?;
    let agenda = services
        .meetings()
        .agendas(&Actor::System, &[meeting.id])
        .await?;
    let item = agenda
        .first()
        .ok_or_else(|| anyhow::anyhow!("the fixture meeting has no agenda"))?;
    let input = tavolo_service::minutes::DecisionInput {
        text: "Il tavolo approva il documento.".into(),
        outcome,
        votes_for: None,
        votes_against: None,
        votes_abstained: None,
    };
    Ok(services
        .minutes()
        .add_decision(&Actor::System, item.id, input)
        .await?
        .id)
}
