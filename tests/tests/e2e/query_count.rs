//! DataLoaders keep a page of tables with seats, organizations, delegates and members at a constant number of SQL statements.

use serde_json::json;
use tavolo_domain::{Actor, DelegateKind, InstanceRole, MembershipRole, Visibility};
use tavolo_tests::fixtures;
use tavolo_tests::{Backend, Client, GqlResponse, TestApp};

/// The fewest statements a request costs over three runs, with its last response. A busy machine can split a
/// DataLoader's batch in two (the window closes before a sibling asks), never merge a query per row away, so the
/// minimum is the request's own cost.
async fn cost(
    app: &TestApp,
    client: &Client,
    query: &str,
    variables: serde_json::Value,
) -> anyhow::Result<(u64, GqlResponse)> {
    app.stop_following().await;
    let mut fewest = u64::MAX;
    let mut last = None;
    for _ in 0..3 {
        let before = app.statements();
        let response = client.gql(query, variables.clone()).await?.ok();
        fewest = fewest.min(app.statements() - before);
        last = Some(response);
    }
    let response = last.ok_or_else(|| anyhow::anyhow!("no run"))?;
    Ok((fewest, response))
}

const PAGE: &str = "query($f: Int) { tables(first: $f) { totalCount edges { node { name parent { name } children { name } myRoles seats { organization { name people { name } } delegates { delegateKind person { name organization { name } } } } memberships { role person { name email } organization { name } } } } } }";

async fn constant(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let services = &app.services;
    let viewer = fixtures::person(
        services,
        "Viewer",
        "viewer@test.example",
        InstanceRole::User,
        None,
    )
    .await?;
    let orgs = [
        fixtures::organization(services, "Comune A").await?,
        fixtures::organization(services, "Comune B").await?,
        fixtures::organization(services, "Comune C").await?,
    ];
    let mut delegates = Vec::new();
    for (index, org) in orgs.iter().enumerate() {
        let email = format!("delegate{index}@test.example");
        delegates.push(
            fixtures::person(
                services,
                &format!("Delegato {index}"),
                &email,
                InstanceRole::User,
                Some(org.id),
            )
            .await?,
        );
    }
    let tables = services.tables();
    let mut parent = None;
    for n in 0..50 {
        let table = fixtures::table(
            services,
            &format!("Tavolo {n:02}"),
            Visibility::Network,
            parent,
        )
        .await?;
        parent = parent.or(Some(table.id));
        for (org, delegate) in orgs.iter().zip(&delegates) {
            let seat = tables.add_seat(&Actor::System, table.id, org.id).await?;
            tables
                .appoint_delegate(&Actor::System, seat.id, delegate.id, DelegateKind::Titular)
                .await?;
        }
        tables
            .add_membership(
                &Actor::System,
                table.id,
                viewer.id,
                MembershipRole::Observer,
            )
            .await?;
    }
    let client = app.signed_in("viewer@test.example").await?;

    let mut costs = Vec::new();
    for first in [5, 50] {
        let (spent, response) = cost(&app, &client, PAGE, json!({ "f": first })).await?;
        costs.push(spent);
        let edges = response.data()["tables"]["edges"].as_array().map(Vec::len);
        assert_eq!(edges, Some(first));
        let seats = &response.data()["tables"]["edges"][first - 1]["node"]["seats"];
        assert_eq!(seats.as_array().map(Vec::len), Some(3));
        assert_eq!(
            seats[0]["delegates"][0]["person"]["organization"]["name"],
            "Comune A"
        );
    }
    // Loaders batch by a time window, so a kind loaded at several depths (people as members, as
    // delegates and as an organization's people; organizations likewise) is one batch or a few
    // depending on timing: 15 to 18 statements for either page size on an idle machine, a few more
    // on a loaded one. One query per row on any relation would add at least 45 statements to the
    // page of 50, far beyond that jitter.
    assert!(
        costs[1].abs_diff(costs[0]) <= 8,
        "a page of 50 costs more statements than a page of 5: {costs:?}"
    );
    assert!(
        costs[1] <= 26,
        "a page of tables costs {} statements",
        costs[1]
    );
    Ok(())
}
on_both_databases!(a_page_of_tables_costs_constant_queries, constant);

const MEETINGS: &str = "query($t: ID!) { meetings(tableId: $t) { title table { name } agenda { title } invitations { name rsvp person { name organization { name } } } attendance { status person { name } organization { name } } minutes { status notes { body html } decisions { text } actionItems { title assigneePerson { name } } comments { body author { name } } revisions { number author { name } } } } }";

async fn meetings(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(fixtures::Role::Secretariat).email)
        .await?;
    let variables = json!({ "t": world.table.id.to_string() });
    let mut costs = Vec::new();
    for (count, more) in [(2, 2), (8, 6)] {
        for n in 0..more {
            let held =
                fixtures::held_meeting(&app.services, &world, &format!("Seduta {n}")).await?;
            let item = app
                .services
                .meetings()
                .agendas(&Actor::System, &[held.id])
                .await?[0]
                .id;
            app.services
                .minutes()
                .save(&Actor::System, held.id, vec![(item, "Note".into())], 1)
                .await?;
        }
        let (spent, response) = cost(&app, &secretariat, MEETINGS, variables.clone()).await?;
        costs.push(spent);
        assert_eq!(
            response.data()["meetings"].as_array().map(Vec::len),
            Some(count)
        );
        assert_eq!(
            response.data()["meetings"][count - 1]["minutes"]["revisions"][0]["number"],
            1
        );
    }
    // Same jitter as for tables: two depths load people, and their batches sometimes merge.
    eprintln!("tables page costs {costs:?}");
    assert!(
        costs[1].abs_diff(costs[0]) <= 2,
        "8 meetings cost more statements than 2: {costs:?}"
    );
    assert!(
        costs[1] <= 30,
        "a list of meetings costs {} statements",
        costs[1]
    );
    Ok(())
}
on_both_databases!(
    a_list_of_meetings_with_minutes_costs_constant_queries,
    meetings
);

const STRATEGY: &str = "query($v: ID!) { strategyVersion(id: $v) { elements { code title status leadOrganization { name } partners { name } indicators { name current history { value recordedBy { name } } } links { label } comments { body author { name } } } progress { code done ratio } } }";

async fn strategy(backend: Backend) -> anyhow::Result<()> {
    use tavolo_domain::{ActivityStatus, StrategyLevel};
    use tavolo_service::strategy::{ElementInput, IndicatorInput};

    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(fixtures::Role::Secretariat).email)
        .await?;
    let chair = Actor::Person {
        id: world.person(fixtures::Role::Chair).id,
        role: InstanceRole::User,
        by_token: false,
    };
    let strategy = app.services.strategy();
    let draft = strategy
        .start_draft(&Actor::System, world.table.id, None)
        .await?;
    let variables = json!({ "v": draft.id.to_string() });
    let mut costs = Vec::new();
    for objectives in [1, 5] {
        while strategy.tree(&Actor::System, draft.id).await?.0.len() < objectives * 4 {
            let input = |title: &str| ElementInput {
                title: Some(title.into()),
                lead_organization_id: Some(Some(world.organization.id)),
                partner_ids: Some(vec![world.organization.id]),
                ..Default::default()
            };
            let objective = strategy
                .add_element(
                    &chair,
                    draft.id,
                    StrategyLevel::Objective,
                    None,
                    input("Obiettivo"),
                )
                .await?;
            let action = strategy
                .add_element(
                    &chair,
                    draft.id,
                    StrategyLevel::Action,
                    Some(objective.id),
                    input("Azione"),
                )
                .await?;
            for title in ["Prima attività", "Seconda attività"] {
                let activity = strategy
                    .add_element(
                        &chair,
                        draft.id,
                        StrategyLevel::Activity,
                        Some(action.id),
                        input(title),
                    )
                    .await?;
                let indicator = IndicatorInput {
                    name: Some("Persone raggiunte".into()),
                    unit: Some("persone".into()),
                    baseline: Some(0.0),
                    target: Some(100.0),
                };
                let indicator = strategy
                    .add_indicator(&chair, activity.id, indicator)
                    .await?;
                strategy
                    .record_measurement(&chair, indicator.id, 40.0, None, None)
                    .await?;
                strategy
                    .record_status(&chair, activity.id, ActivityStatus::Done, None, None)
                    .await?;
                strategy.comment(&chair, activity.id, "Va bene").await?;
            }
        }
        let (spent, response) = cost(&app, &secretariat, STRATEGY, variables.clone()).await?;
        costs.push(spent);
        assert_eq!(
            response.data()["strategyVersion"]["elements"]
                .as_array()
                .map(Vec::len),
            Some(objectives * 4)
        );
    }
    eprintln!("tables page costs {costs:?}");
    assert!(
        costs[1].abs_diff(costs[0]) <= 2,
        "20 elements cost more statements than 4: {costs:?}"
    );
    Ok(())
}
on_both_databases!(a_strategy_version_costs_constant_queries, strategy);

const SERIES: &str = "query($t: ID!) { meetings(tableId: $t) { title series { title rrule occurrences { title series { title } invitations { name } } } } }";

/// Meetings of several series, each naming its series and that series' meetings: one batch per level.
async fn series(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(fixtures::Role::Secretariat).email)
        .await?;
    let variables = json!({ "t": world.table.id.to_string() });
    let mut costs = Vec::new();
    for (total, more) in [(1, 1), (4, 3)] {
        for n in 0..more {
            let input = tavolo_service::meetings::MeetingInput {
                title: Some(format!("Serie {n}")),
                start: Some(fixtures::local_time(10 + n, 10)),
                end: Some(fixtures::local_time(10 + n, 11)),
                ..Default::default()
            };
            let recurrence = tavolo_service::meetings::RecurrenceInput {
                pattern: tavolo_domain::RecurrencePattern::Weekly,
                interval: None,
                weekdays: Vec::new(),
                until: None,
                count: Some(3),
            };
            app.services
                .meetings()
                .create_series(&Actor::System, world.table.id, input, recurrence, false)
                .await?;
        }
        let (spent, response) = cost(&app, &secretariat, SERIES, variables.clone()).await?;
        costs.push(spent);
        assert_eq!(
            response.data()["meetings"].as_array().map(Vec::len),
            Some(total * 3)
        );
        assert_eq!(
            response.data()["meetings"][0]["series"]["occurrences"]
                .as_array()
                .map(Vec::len),
            Some(3)
        );
    }
    eprintln!("tables page costs {costs:?}");
    assert!(
        costs[1].abs_diff(costs[0]) <= 2,
        "12 meetings of 4 series cost more statements than 3 of one: {costs:?}"
    );
    Ok(())
}
on_both_databases!(meetings_of_several_series_cost_constant_queries, series);

const COURSES: &str = "query($t: ID!) { courses(tableId: $t) { title table { name } sessions { title }
    enrolledCount waitingCount plannedHours myEnrolment { status }
    enrolments { status waitingPosition hoursAttended certificateEarned person { name } organization { name } } } }";

/// A table's courses with their sessions, places, hours and enrolments: the same statements for 3 courses as for
/// 30, for whoever runs the table and for a delegate who reads their organization's enrolments.
async fn courses(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let services = &app.services;
    let world = fixtures::world(services).await?;
    let few = fixtures::table_with_roles(services, &world, "Pochi corsi").await?;
    let many = fixtures::table_with_roles(services, &world, "Molti corsi").await?;
    let courses = services.courses();
    for (table, count) in [(&few, 3), (&many, 30)] {
        for n in 0..count {
            let course = courses
                .create_course(
                    &Actor::System,
                    table.id,
                    tavolo_service::courses::CourseInput {
                        title: Some(format!("Corso {n}")),
                        places: Some(Some(1)),
                        ..Default::default()
                    },
                )
                .await?;
            for role in [fixtures::Role::User, fixtures::Role::Moderator] {
                courses
                    .enrol(&Actor::System, course.id, Some(world.person(role).id))
                    .await?;
            }
            fixtures::held_course_session(services, &world, course.id).await?;
        }
    }
    for role in [fixtures::Role::Secretariat, fixtures::Role::Delegate] {
        let client = app.signed_in(&role.email().unwrap_or_default()).await?;
        let mut costs = Vec::new();
        for (table, count) in [(&few, 3), (&many, 30)] {
            let (statements, response) =
                cost(&app, &client, COURSES, json!({ "t": table.id.to_string() })).await?;
            let listed = response.data()["courses"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(listed.len(), count);
            assert_eq!(
                listed[0]["enrolments"].as_array().map(Vec::len),
                Some(2),
                "{role:?}"
            );
            assert_eq!(listed[0]["enrolments"][0]["hoursAttended"], 2.0, "{role:?}");
            assert_eq!(listed[0]["enrolments"][1]["waitingPosition"], 1, "{role:?}");
            costs.push(statements);
        }
        // A statement per course and relation would add 27 × 6 = 162.
        assert!(costs[1] <= costs[0] + 8, "{role:?}: {costs:?}");
        assert!(costs[1] <= 40, "{role:?}: {costs:?}");
    }
    Ok(())
}

on_both_databases!(a_page_of_courses_costs_constant_queries, courses);

const PROTOCOLS: &str = "query($t: ID!) { protocols(tableId: $t) { title table { name }
    inForce { number standing sections { heading } signatories { signed organization { name } signedBy { name } } comments { body } }
    draft { number } practices { title } files { fileName } strategyElements { code } } }";

/// A table's protocols with their version in force, its sections and signatures, and their links: the same
/// statements for 3 protocols as for 30.
async fn protocols(backend: Backend) -> anyhow::Result<()> {
    use tavolo_service::protocols::{DraftInput, SectionInput};

    let app = TestApp::start(backend).await?;
    let services = &app.services;
    let world = fixtures::world(services).await?;
    let person = |role: fixtures::Role| Actor::Person {
        id: world.person(role).id,
        role: tavolo_domain::InstanceRole::User,
        by_token: false,
    };
    let (secretariat, chair, delegate) = (
        person(fixtures::Role::Secretariat),
        person(fixtures::Role::Chair),
        person(fixtures::Role::Delegate),
    );
    let few = fixtures::table_with_roles(services, &world, "Pochi protocolli").await?;
    let many = fixtures::table_with_roles(services, &world, "Molti protocolli").await?;
    let protocols = services.protocols();
    let today = chrono::Utc::now().date_naive();
    for (table, count) in [(&few, 3), (&many, 30)] {
        let decision = fixtures::decision(
            services,
            &world,
            table.id,
            tavolo_domain::DecisionOutcome::Approved,
        )
        .await?;
        for n in 0..count {
            let (protocol, draft) = protocols
                .create(&secretariat, table.id, &format!("Protocollo {n}"))
                .await?;
            let input = DraftInput {
                sections: Some(
                    ["Finalità", "Impegni"]
                        .iter()
                        .map(|heading| SectionInput {
                            key: None,
                            heading: (*heading).into(),
                            body: "Testo.".into(),
                        })
                        .collect(),
                ),
                signatory_ids: Some(vec![world.organization.id]),
                ..Default::default()
            };
            protocols.save_draft(&secretariat, draft.id, input).await?;
            protocols.adopt(&chair, draft.id, decision, today).await?;
            protocols
                .sign(&delegate, draft.id, world.organization.id)
                .await?;
            protocols.start_revision(&secretariat, protocol.id).await?;
        }
    }
    for role in [fixtures::Role::Secretariat, fixtures::Role::Delegate] {
        let client = app.signed_in(&role.email().unwrap_or_default()).await?;
        let mut costs = Vec::new();
        for (table, count) in [(&few, 3), (&many, 30)] {
            let (statements, response) = cost(
                &app,
                &client,
                PROTOCOLS,
                json!({ "t": table.id.to_string() }),
            )
            .await?;
            let listed = response.data()["protocols"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(listed.len(), count);
            assert_eq!(
                listed[0]["inForce"]["sections"].as_array().map(Vec::len),
                Some(2)
            );
            assert_eq!(
                listed[0]["inForce"]["signatories"][0]["signedBy"]["name"],
                "Delegate Rossi"
            );
            assert_eq!(listed[0]["draft"]["number"], 2, "{role:?}");
            costs.push(statements);
        }
        // A statement per protocol and relation would add 27 × 8 = 216.
        assert!(costs[1] <= costs[0] + 8, "{role:?}: {costs:?}");
        assert!(costs[1] <= 40, "{role:?}: {costs:?}");
    }
    Ok(())
}

on_both_databases!(a_page_of_protocols_costs_constant_queries, protocols);

const QUESTIONNAIRES: &str =
    "query($t: ID!) { questionnaires(tableId: $t) { title status table { name }
    organizations { name } sections { title questions { text options { label } } } } }";

/// A table's questionnaires with their questions and organizations: the same statements for 3 as for 30.
async fn questionnaires(backend: Backend) -> anyhow::Result<()> {
    use tavolo_domain::{QuestionKind, QuestionnaireAudience};
    use tavolo_service::questionnaires::{QuestionInput, QuestionnaireInput, SectionInput};

    let app = TestApp::start(backend).await?;
    let services = &app.services;
    let world = fixtures::world(services).await?;
    let secretariat = Actor::Person {
        id: world.person(fixtures::Role::Secretariat).id,
        role: tavolo_domain::InstanceRole::User,
        by_token: false,
    };
    let few = fixtures::table_with_roles(services, &world, "Pochi questionari").await?;
    let many = fixtures::table_with_roles(services, &world, "Molti questionari").await?;
    let questionnaires = services.questionnaires();
    for (table, count) in [(&few, 3), (&many, 30)] {
        for n in 0..count {
            let input = QuestionnaireInput {
                title: Some(format!("Questionario {n}")),
                audience: Some(QuestionnaireAudience::Organizations),
                organization_ids: Some(vec![world.organization.id]),
                ..Default::default()
            };
            let created = questionnaires.create(&secretariat, table.id, input).await?;
            let question = QuestionInput {
                kind: QuestionKind::SingleChoice,
                text: "Scelta".into(),
                help: None,
                required: true,
                options: vec!["Sì".into(), "No".into()],
                scale_min: None,
                scale_max: None,
                number_min: None,
                number_max: None,
            };
            let section = SectionInput {
                title: "Sezione".into(),
                description: None,
                questions: vec![question],
            };
            questionnaires
                .save_structure(&secretariat, created.id, vec![section])
                .await?;
            questionnaires.open(&secretariat, created.id).await?;
        }
    }
    for role in [fixtures::Role::Secretariat, fixtures::Role::User] {
        let client = app.signed_in(&role.email().unwrap_or_default()).await?;
        let mut costs = Vec::new();
        for (table, count) in [(&few, 3), (&many, 30)] {
            let (statements, response) = cost(
                &app,
                &client,
                QUESTIONNAIRES,
                json!({ "t": table.id.to_string() }),
            )
            .await?;
            let listed = response.data()["questionnaires"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(listed.len(), count, "{role:?}");
            assert_eq!(
                listed[0]["sections"][0]["questions"][0]["options"][1]["label"],
                "No"
            );
            costs.push(statements);
        }
        // A statement per questionnaire and relation would add 27 × 3 = 81.
        assert!(costs[1] <= costs[0] + 8, "{role:?}: {costs:?}");
        assert!(costs[1] <= 30, "{role:?}: {costs:?}");
    }
    Ok(())
}

on_both_databases!(
    a_page_of_questionnaires_costs_constant_queries,
    questionnaires
);
