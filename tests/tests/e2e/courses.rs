//! Training courses over GraphQL: who sees and enrols (self, a delegate for their organization's operators, the
//! secretariat for anyone), places and the waiting list, the deadline, sessions' invitations following a place,
//! hours from the attendance sheet, the certificate page in the person's language, the training report and its
//! CSV, search; bad input refused with nothing written.

use serde_json::{Value, json};
use tavolo_domain::{InstanceRole, Locale};
use tavolo_store::entity::{course_enrolment, invitation, person};
use tavolo_store::sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use tavolo_tests::client::Client;
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, TestApp};

const CREATE: &str = "mutation($t: ID!, $i: CourseFields!) { createCourse(tableId: $t, input: $i) {
    id title audience places certificateShare enrolledCount waitingCount } }";
const ENROL: &str = "mutation($c: ID!, $p: ID) { enrol(courseId: $c, personId: $p) {
    id status waitingPosition person { name } } }";
const SESSION: &str =
    "mutation($c: ID!, $i: MeetingFields!) { addCourseSession(courseId: $c, input: $i) {
    id status course { id } } }";

async fn as_role(app: &TestApp, role: Role) -> anyhow::Result<Client> {
    match role.email() {
        Some(email) => app.signed_in(&email).await,
        None => Ok(app.client()),
    }
}

async fn create(client: &Client, table_id: i64, input: Value) -> anyhow::Result<Value> {
    let created = client
        .gql(CREATE, json!({ "t": table_id.to_string(), "i": input }))
        .await?
        .ok();
    Ok(created.data()["createCourse"].clone())
}

/// A session `days` from now, 09:00–`end`:00 in Rome; scheduled (past ones too) when asked.
async fn session(
    client: &Client,
    course: &Value,
    title: &str,
    days: i64,
    end: u32,
    schedule: bool,
) -> anyhow::Result<String> {
    let input = json!({ "title": title, "start": fixtures::local_time(days, 9),
        "end": fixtures::local_time(days, end), "allowPast": days < 0 });
    let added = client
        .gql(SESSION, json!({ "c": course["id"], "i": input }))
        .await?
        .ok();
    let id = added.data()["addCourseSession"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        added.data()["addCourseSession"]["course"]["id"],
        course["id"]
    );
    if schedule {
        client
            .gql(
                "mutation($id: ID!) { scheduleMeeting(id: $id, allowPast: true) { status } }",
                json!({ "id": id }),
            )
            .await?
            .ok();
    }
    Ok(id)
}

async fn enrol(client: &Client, course: &Value, person: Option<i64>) -> anyhow::Result<Value> {
    let response = client
        .gql(
            ENROL,
            json!({ "c": course["id"], "p": person.map(|p| p.to_string()) }),
        )
        .await?;
    Ok(response.body)
}

async fn invitations_of(app: &TestApp, person_id: i64, meetings: &[&str]) -> anyhow::Result<u64> {
    let ids: Vec<i64> = meetings.iter().filter_map(|m| m.parse().ok()).collect();
    Ok(invitation::Entity::find()
        .filter(invitation::Column::PersonId.eq(person_id))
        .filter(invitation::Column::MeetingId.is_in(ids))
        .count(&app.db.store.db)
        .await?)
}

/// The course as `client` reads it: counts, the enrolments they may read and their own.
async fn seen(client: &Client, course: &Value) -> anyhow::Result<Value> {
    let query = "query($id: ID!) { course(id: $id) { enrolledCount waitingCount
        enrolments { status person { email } } myEnrolment { status } } }";
    let body = client
        .gql(query, json!({ "id": course["id"] }))
        .await?
        .ok()
        .body;
    Ok(body["data"]["course"].clone())
}

async fn enrolments(app: &TestApp) -> anyhow::Result<u64> {
    Ok(course_enrolment::Entity::find()
        .count(&app.db.store.db)
        .await?)
}

/// An operator of another organization, not seated at the world's table.
async fn outsider(app: &TestApp) -> anyhow::Result<person::Model> {
    let other = fixtures::organization(&app.services, "Cooperativa Altrove").await?;
    fixtures::person(
        &app.services,
        "Olga Altrove",
        "olga@altrove.example",
        InstanceRole::User,
        Some(other.id),
    )
    .await
}

async fn places_and_waiting_list(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = as_role(&app, Role::Secretariat).await?;
    let deadline = (chrono::Utc::now() + chrono::Duration::days(20)).to_rfc3339();
    let course = create(
        &secretariat,
        world.table.id,
        json!({ "title": "Mediazione interculturale nei servizi", "places": 2,
                "enrolmentDeadline": deadline, "description": "Corso per operatori dei servizi." }),
    )
    .await?;
    assert_eq!(course["audience"], "TABLE");
    assert_eq!(course["certificateShare"], 75);
    let first = session(&secretariat, &course, "Prima sessione", 5, 13, true).await?;
    let second = session(&secretariat, &course, "Seconda sessione", 12, 13, false).await?;

    // Who sees the course: the table's members and the operators of the organizations seated there, not others.
    let query = "query($id: ID!) { course(id: $id) { title canEnrol } }";
    for (role, sees) in [
        (Role::Anonymous, false),
        (Role::User, true),
        (Role::Observer, true),
        (Role::Delegate, true),
    ] {
        let client = as_role(&app, role).await?;
        let response = client.gql(query, json!({ "id": course["id"] })).await?;
        assert_eq!(response.is_ok(), sees, "{role:?}: {}", response.body);
    }
    let olga = outsider(&app).await?;
    let olga_client = app.signed_in(&olga.email).await?;
    let hidden = olga_client
        .gql(query, json!({ "id": course["id"] }))
        .await?;
    assert_eq!(hidden.code(), Some("NOT_FOUND"), "{}", hidden.body);

    // The operator enrols themself: a place, and invitations to both sessions (the scheduled one by calendar).
    let user = as_role(&app, Role::User).await?;
    let enrolled = enrol(&user, &course, None).await?;
    assert_eq!(
        enrolled["data"]["enrol"]["status"], "ENROLLED",
        "{enrolled}"
    );
    let user_id = world.person(Role::User).id;
    assert_eq!(invitations_of(&app, user_id, &[&first, &second]).await?, 2);
    let again = enrol(&user, &course, None).await?;
    assert_eq!(
        again["errors"][0]["extensions"]["reason"], "ALREADY_EXISTS",
        "{again}"
    );

    // The observer (a member) takes the second place; the delegate enrols a colleague, who waits.
    let observer = as_role(&app, Role::Observer).await?;
    let second_place = enrol(&observer, &course, None).await?;
    assert_eq!(
        second_place["data"]["enrol"]["status"], "ENROLLED",
        "{second_place}"
    );
    let delegate = as_role(&app, Role::Delegate).await?;
    let moderator_id = world.person(Role::Moderator).id;
    let waiting = enrol(&delegate, &course, Some(moderator_id)).await?;
    assert_eq!(waiting["data"]["enrol"]["status"], "WAITING", "{waiting}");
    assert_eq!(waiting["data"]["enrol"]["waitingPosition"], 1);
    assert_eq!(
        invitations_of(&app, moderator_id, &[&first, &second]).await?,
        0
    );

    // A delegate speaks only for their own organization; an outsider cannot enrol in a table's course.
    let refused = enrol(&delegate, &course, Some(olga.id)).await?;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    let outsider_refused = enrol(&olga_client, &course, None).await?;
    assert_eq!(
        outsider_refused["errors"][0]["extensions"]["code"],
        "NOT_FOUND"
    );

    // What each reads of the enrolments: the secretariat all, the delegate their organization's, the user their own.
    assert_eq!(
        seen(&secretariat, &course).await?["enrolments"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert_eq!(
        seen(&delegate, &course).await?["enrolments"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let own = seen(&user, &course).await?;
    assert_eq!(own["enrolments"].as_array().map(Vec::len), Some(1));
    assert_eq!(own["myEnrolment"]["status"], "ENROLLED");
    assert_eq!(
        (own["enrolledCount"].clone(), own["waitingCount"].clone()),
        (json!(2), json!(1))
    );

    // The user withdraws: their invitations go, the one waiting gets the place and the invitations.
    let enrolment_id = enrolled["data"]["enrol"]["id"].clone();
    user.gql(
        "mutation($id: ID!) { withdrawEnrolment(id: $id) { status } }",
        json!({ "id": enrolment_id }),
    )
    .await?
    .ok();
    assert_eq!(invitations_of(&app, user_id, &[&first, &second]).await?, 0);
    assert_eq!(
        invitations_of(&app, moderator_id, &[&first, &second]).await?,
        2
    );
    let promoted = seen(&secretariat, &course).await?;
    assert_eq!(
        (
            promoted["enrolledCount"].clone(),
            promoted["waitingCount"].clone()
        ),
        (json!(2), json!(0))
    );
    let twice = user
        .gql(
            "mutation($id: ID!) { withdrawEnrolment(id: $id) { status } }",
            json!({ "id": enrolment_id }),
        )
        .await?;
    assert_eq!(twice.reason(), Some("WRONG_STATE"), "{}", twice.body);

    // Bad input: each refused on its field, nothing written.
    let before = enrolments(&app).await?;
    for (input, field, reason) in [
        (json!({ "places": 0 }), "places", "OUT_OF_RANGE"),
        (json!({ "places": 2_000_000_000 }), "places", "OUT_OF_RANGE"),
        (
            json!({ "certificateShare": 101 }),
            "certificateShare",
            "OUT_OF_RANGE",
        ),
        (json!({ "title": "  " }), "title", "REQUIRED"),
    ] {
        let response = secretariat
            .gql(
                "mutation($id: ID!, $i: CourseFields!) { updateCourse(id: $id, input: $i) { id } }",
                json!({ "id": course["id"], "i": input }),
            )
            .await?;
        response.assert_refused(field, reason);
    }
    let not_a_runner = delegate
        .gql(
            "mutation($id: ID!) { updateCourse(id: $id, input: { places: 50 }) { id } }",
            json!({ "id": course["id"] }),
        )
        .await?;
    assert_eq!(
        not_a_runner.code(),
        Some("FORBIDDEN"),
        "{}",
        not_a_runner.body
    );

    // A person search longer than 200 characters is refused on its field.
    let long_search = secretariat
        .gql(
            "query($id: ID!, $s: String!) { course(id: $id) { enrolablePeople(search: $s) { id } } }",
            json!({ "id": course["id"], "s": "x".repeat(201) }),
        )
        .await?;
    long_search.assert_refused("search", "TOO_LONG");

    // Past the deadline: refused, nothing written.
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    secretariat
        .gql(
            "mutation($id: ID!, $d: DateTime) { updateCourse(id: $id, input: { enrolmentDeadline: $d }) { id } }",
            json!({ "id": course["id"], "d": past }),
        )
        .await?
        .ok();
    let late = enrol(&user, &course, None).await?;
    assert_eq!(
        late["errors"][0]["extensions"]["reason"], "DEADLINE_PASSED",
        "{late}"
    );
    assert_eq!(
        late["errors"][0]["extensions"]["field"], "courseId",
        "{late}"
    );
    assert_eq!(enrolments(&app).await?, before);
    Ok(())
}

on_both_databases!(places_and_waiting_list_on, places_and_waiting_list);

/// A network course with two held sessions and one to come: hours from the attendance sheet, the certificate for
/// who attended enough (in their language), the report.
async fn hours_certificate_and_report(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = as_role(&app, Role::Secretariat).await?;
    let course = create(
        &secretariat,
        world.table.id,
        json!({ "title": "Accoglienza e diritti", "audience": "NETWORK", "certificateShare": 60 }),
    )
    .await?;
    let olga = outsider(&app).await?;
    // An English-speaking operator of another organization enrols in the network course.
    let mut english = olga.clone().into_active_model();
    english.locale = Set(Locale::En);
    english.update(&app.db.store.db).await?;
    let olga_client = app.signed_in(&olga.email).await?;
    assert_eq!(
        enrol(&olga_client, &course, None).await?["data"]["enrol"]["status"],
        "ENROLLED"
    );
    let observer = as_role(&app, Role::Observer).await?;
    enrol(&observer, &course, None).await?;
    assert!(
        app.client()
            .gql(
                "query($id: ID!) { course(id: $id) { id } }",
                json!({ "id": course["id"] })
            )
            .await?
            .code()
            == Some("NOT_FOUND"),
        "a network course is for signed-in people"
    );

    let held: Vec<String> = vec![
        session(&secretariat, &course, "Modulo 1", -6, 12, true).await?,
        session(&secretariat, &course, "Modulo 2", -3, 12, true).await?,
    ];
    session(&secretariat, &course, "Modulo 3", 4, 12, true).await?;
    let observer_id = world.person(Role::Observer).id;
    for (meeting, people) in [
        (&held[0], vec![olga.id, observer_id]),
        (&held[1], vec![olga.id]),
    ] {
        for person in people {
            secretariat
                .gql(
                    "mutation($m: ID!, $p: ID!) { recordAttendance(meetingId: $m, personId: $p, status: PRESENT) { status } }",
                    json!({ "m": meeting, "p": person.to_string() }),
                )
                .await?
                .ok();
        }
        secretariat
            .gql(
                "mutation($id: ID!) { markMeetingHeld(id: $id) { status } }",
                json!({ "id": meeting }),
            )
            .await?
            .ok();
    }

    // Olga: 6 of 9 hours (67 %, above 60 %); the observer 3 of 9.
    let mine = "query($id: ID!) { course(id: $id) { plannedHours myEnrolment {
        hoursAttended sessionsAttended certificateEarned certificateUrl } } }";
    let olga_view = olga_client
        .gql(mine, json!({ "id": course["id"] }))
        .await?
        .ok();
    let course_view = &olga_view.data()["course"];
    assert_eq!(course_view["plannedHours"], 9.0);
    assert_eq!(course_view["myEnrolment"]["hoursAttended"], 6.0);
    assert_eq!(course_view["myEnrolment"]["sessionsAttended"], 2);
    assert_eq!(course_view["myEnrolment"]["certificateEarned"], true);
    let url = course_view["myEnrolment"]["certificateUrl"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        url,
        format!(
            "/courses/{}/certificates/{}",
            course["id"].as_str().unwrap_or_default(),
            olga.id
        )
    );
    let page = olga_client
        .http()
        .get(format!("{}{url}", app.base_url))
        .send()
        .await?;
    assert_eq!(page.status(), 200);
    let text = page.text().await?;
    assert!(text.contains("<html lang=\"en\">"), "{text}");
    assert!(text.contains("Certificate of attendance"), "{text}");
    assert!(text.contains("6 hours attended of 9"), "{text}");
    assert!(text.contains("Modulo 1") && text.contains("Modulo 2") && !text.contains("Modulo 3"));

    let observer_view = observer
        .gql(mine, json!({ "id": course["id"] }))
        .await?
        .ok();
    assert_eq!(
        observer_view.data()["course"]["myEnrolment"]["certificateEarned"],
        false
    );
    assert_eq!(
        observer_view.data()["course"]["myEnrolment"]["certificateUrl"],
        Value::Null
    );
    let observer_path = format!(
        "{}/courses/{}/certificates/{observer_id}",
        app.base_url,
        course["id"].as_str().unwrap_or_default()
    );
    let not_yet = observer.http().get(&observer_path).send().await?;
    assert_eq!(not_yet.status(), 409, "{}", not_yet.text().await?);
    // Nobody else reads Olga's certificate; the secretariat does.
    let olga_path = format!("{}{url}", app.base_url);
    assert_eq!(observer.http().get(&olga_path).send().await?.status(), 404);
    assert_eq!(
        app.client().http().get(&olga_path).send().await?.status(),
        401
    );
    let by_secretariat = secretariat.http().get(&olga_path).send().await?;
    assert_eq!(by_secretariat.status(), 200);

    // The training report: two sessions, two people, 9 person-hours; per organization; the Italian CSV.
    let from = (chrono::Utc::now() - chrono::Duration::days(30))
        .date_naive()
        .to_string();
    let to = chrono::Utc::now().date_naive().to_string();
    let report = "query($t: ID!, $f: NaiveDate!, $to: NaiveDate!) { trainingReport(tableId: $t, from: $f, to: $to) {
        courses sessions peopleTrained organizationsTrained personHours
        rows { title sessions sessionHours peopleTrained personHours }
        organizations { name peopleTrained personHours } csv(locale: IT) } }";
    let variables = json!({ "t": world.table.id.to_string(), "f": from, "to": to });
    let figures = secretariat.gql(report, variables.clone()).await?.ok();
    let figures = &figures.data()["trainingReport"];
    assert_eq!(figures["courses"], 1);
    assert_eq!(figures["sessions"], 2);
    assert_eq!(figures["peopleTrained"], 2);
    assert_eq!(figures["organizationsTrained"], 2);
    assert_eq!(figures["personHours"], 9.0);
    assert_eq!(figures["rows"][0]["sessionHours"], 6.0);
    let organizations = figures["organizations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        organizations.contains(
            &json!({ "name": "Cooperativa Altrove", "peopleTrained": 1, "personHours": 6.0 })
        ),
        "{organizations:?}"
    );
    assert!(
        organizations.contains(
            &json!({ "name": "Comune di Grosseto", "peopleTrained": 1, "personHours": 3.0 })
        ),
        "{organizations:?}"
    );
    assert_eq!(
        figures["csv"],
        "corso;sessioni;ore_sessioni;persone_formate;enti;ore_persona\r\n\"Accoglienza e diritti\";2;6,00;2;2;9,00\r\ntotale;2;6,00;2;2;9,00\r\n"
    );
    let delegate = as_role(&app, Role::Delegate).await?;
    let refused = delegate.gql(report, variables.clone()).await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    let backwards = secretariat
        .gql(
            report,
            json!({ "t": world.table.id.to_string(), "f": to, "to": from }),
        )
        .await?;
    backwards.assert_refused("to", "END_BEFORE_START");

    // Search finds the course for the network, not for visitors.
    app.services.search().catch_up(10_000).await?;
    let search = "query { search(query: \"accoglienza diritti\") { hits { __typename ... on CourseHit { title url } } } }";
    let found = olga_client.gql(search, json!({})).await?.ok();
    assert!(
        found.data()["search"]["hits"]
            .as_array()
            .is_some_and(|hits| hits.iter().any(|h| h["__typename"] == "CourseHit")),
        "{}",
        found.body
    );
    let anonymous = app.client().gql(search, json!({})).await?.ok();
    assert_eq!(anonymous.data()["search"]["hits"], json!([]));
    Ok(())
}

on_both_databases!(
    hours_certificate_and_report_on,
    hours_certificate_and_report
);
