//! "Waiting for me": each person sees the work their own roles give them, across tables, and it leaves the list once
//! done; nobody sees another's.

use serde_json::{Value, json};
use tavolo_domain::{Actor, PracticeStatus, PracticeVisibility};
use tavolo_service::minutes::ActionItemInput;
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{Backend, TestApp};

const WAITING: &str = "{ waitingForMe { total invitations { total items { id meeting { title } } } minutesToReview { total items { title } } minutesToApprove { total items { title } } strategiesToApprove { total } practicesToReview { total items { title } } actionItemsDue { total items { title } } } }";

async fn waiting(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let held = fixtures::held_meeting(&app.services, &world, "Plenaria di marzo").await?;
    app.services
        .minutes()
        .add_action_item(
            &Actor::System,
            held.id,
            ActionItemInput {
                title: "Mappare gli sportelli".into(),
                decision_id: None,
                assignee_person_id: Some(world.person(Role::Delegate).id),
                assignee_organization_id: None,
                due_date: Some(chrono::Utc::now().date_naive() + chrono::Duration::days(3)),
            },
        )
        .await?;
    let version = app
        .services
        .minutes()
        .minutes(&Actor::System, held.id)
        .await?
        .map(|m| m.version)
        .unwrap_or_default();
    app.services
        .minutes()
        .send_for_review(&Actor::System, held.id, version)
        .await?;
    let upcoming =
        fixtures::meeting(&app.services, world.table.id, "Plenaria di maggio", 20).await?;
    app.services
        .meetings()
        .schedule_meeting(&Actor::System, upcoming.id, false)
        .await?;
    fixtures::practice(
        &app.services,
        world.person(Role::User),
        "Sportello casa",
        PracticeStatus::Submitted,
        PracticeVisibility::Public,
    )
    .await?;

    let of = |role: Role| world.person(role).email.clone();
    let delegate = app.signed_in(&of(Role::Delegate)).await?;
    let mine = delegate.gql(WAITING, json!({})).await?.ok();
    let w = &mine.data()["waitingForMe"];
    assert_eq!(
        w["minutesToReview"]["items"],
        json!([{ "title": "Plenaria di marzo" }])
    );
    assert_eq!(w["minutesToApprove"]["total"], 0);
    assert_eq!(
        w["invitations"]["items"][0]["meeting"]["title"],
        "Plenaria di maggio"
    );
    assert_eq!(
        w["actionItemsDue"]["items"],
        json!([{ "title": "Mappare gli sportelli" }])
    );
    assert_eq!(
        w["practicesToReview"]["total"], 0,
        "a delegate is no moderator"
    );
    assert_eq!(w["total"], 3);

    let chair = app.signed_in(&of(Role::Chair)).await?;
    let chairs = chair.gql(WAITING, json!({})).await?.ok();
    let w = &chairs.data()["waitingForMe"];
    assert_eq!(
        w["minutesToApprove"]["items"],
        json!([{ "title": "Plenaria di marzo" }])
    );
    assert_eq!(
        w["minutesToReview"]["total"], 0,
        "the chair approves rather than reviews"
    );
    assert_eq!(w["actionItemsDue"]["total"], 0, "another's action item");

    let moderator = app.signed_in(&of(Role::Moderator)).await?;
    let moderates = moderator.gql(WAITING, json!({})).await?.ok();
    let w = &moderates.data()["waitingForMe"];
    assert_eq!(
        w["practicesToReview"]["items"],
        json!([{ "title": "Sportello casa" }])
    );
    assert_eq!(w["minutesToReview"]["total"], 0, "no role at the table");

    // An administrator without roles at the table has nothing of it waiting.
    let admin = app.signed_in(&of(Role::Admin)).await?;
    let admins = admin.gql(WAITING, json!({})).await?.ok();
    assert_eq!(
        admins.data()["waitingForMe"]["minutesToApprove"]["total"],
        0
    );

    // Answering takes the invitation off the list.
    let invitation = mine.data()["waitingForMe"]["invitations"]["items"][0]["id"].clone();
    delegate
        .gql(
            "mutation($id: ID!) { answerInvitation(id: $id, rsvp: ACCEPTED) { id } }",
            json!({ "id": invitation }),
        )
        .await?
        .ok();
    let after = delegate.gql(WAITING, json!({})).await?.ok();
    assert_eq!(after.data()["waitingForMe"]["invitations"]["total"], 0);

    let visitor = app.client().gql(WAITING, json!({})).await?;
    assert_eq!(visitor.code(), Some("UNAUTHENTICATED"));
    assert_eq!(visitor.body["data"], Value::Null);
    Ok(())
}
on_both_databases!(each_person_sees_what_waits_for_them, waiting);
