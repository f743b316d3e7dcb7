//! The weekly digest against a real SMTP server: scheduled by each person's day, hour and time zone, sent once per
//! person and week with two mail workers at work, only when something waits, never to who turned it off.

use chrono::{Duration, Utc};
use serde_json::json;
use tavolo_domain::{Actor, NotificationKind};
use tavolo_service::meetings::MeetingInput;
use tavolo_store::entity::{action_item, person};
use tavolo_store::sea_orm::sea_query::Expr;
use tavolo_store::sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::smtp::SmtpServer;
use tavolo_tests::{Backend, TestApp};

async fn person_of(app: &TestApp, email: &str) -> anyhow::Result<person::Model> {
    person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(&app.db.store.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no person {email}"))
}

async fn weekly_digest(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let meetings = app.services.meetings();
    let meeting = meetings
        .create_meeting(
            &Actor::System,
            world.table.id,
            MeetingInput {
                title: Some("Seduta del tavolo sanità".into()),
                start: Some(fixtures::local_time(5, 10)),
                end: Some(fixtures::local_time(5, 12)),
                ..Default::default()
            },
            false,
        )
        .await?;
    meetings
        .schedule_meeting(&Actor::System, meeting.id, false)
        .await?;
    let chair = world.person(Role::Chair);
    action_item::ActiveModel {
        table_id: Set(world.table.id),
        meeting_id: Set(meeting.id),
        title: Set("Inviare il censimento dei servizi".into()),
        assignee_person_id: Set(Some(chair.id)),
        due_date: Set(Some((Utc::now() - Duration::days(2)).date_naive())),
        status: Set(tavolo_domain::ActionItemStatus::Open),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db.store.db)
    .await?;

    app.services
        .strategy()
        .start_draft(&Actor::System, world.table.id, Some("Strategia 2027–2029"))
        .await?;

    // Digests go to people who have used Tavolo; each signs in once.
    let mut clients = Vec::new();
    for role in [Role::Chair, Role::Secretariat, Role::Delegate, Role::User] {
        let email = role.email().unwrap_or_default();
        clients.push((role, app.signed_in(&email).await?));
    }
    let client = |role: Role| {
        clients
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| c)
            .ok_or_else(|| anyhow::anyhow!("no client for {role:?}"))
    };
    // The delegate turns the digest off; the chair wants it on Wednesdays at 18 in their zone.
    client(Role::Delegate)?
        .gql(
            "mutation($k: NotificationKind!) { setNotification(kind: $k, enabled: false) { kind } }",
            json!({ "k": "WEEKLY_DIGEST" }),
        )
        .await?
        .ok();
    let set = "mutation($d: Weekday!, $h: Int!) { setDigestSchedule(day: $d, hour: $h) { day hour nextAt } }";
    let chosen = client(Role::Chair)?
        .gql(set, json!({ "d": "WEDNESDAY", "h": 18 }))
        .await?
        .ok();
    let next_at = chosen.data()["setDigestSchedule"]["nextAt"]
        .as_str()
        .map(|t| t.to_owned())
        .unwrap_or_default();
    let next_at = chrono::DateTime::parse_from_rfc3339(&next_at)?;
    let in_rome = next_at.with_timezone(&chrono_tz::Europe::Rome);
    assert_eq!(
        (in_rome.format("%a %H:%M").to_string()),
        "Wed 18:00",
        "{next_at}"
    );
    client(Role::Chair)?
        .gql(set, json!({ "d": "MONDAY", "h": 24 }))
        .await?
        .assert_refused("hour", "OUT_OF_RANGE");

    // The first pass schedules everyone not yet scheduled and sends nothing.
    let mailer = app.mailer(&smtp.url())?;
    let first = mailer
        .run_once()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    assert_eq!(first.digests, 0);
    let secretariat = person_of(&app, "secretariat@test.example").await?;
    let due = secretariat
        .digest_due_at
        .ok_or_else(|| anyhow::anyhow!("not scheduled"))?;
    assert_eq!(
        due.with_timezone(&chrono_tz::Europe::Rome)
            .format("%a %H:%M")
            .to_string(),
        "Mon 08:00"
    );

    // A week later, as it were: everyone is due. Two workers at once, as two processes.
    person::Entity::update_many()
        .col_expr(
            person::Column::DigestDueAt,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .exec(&app.db.store.db)
        .await?;
    let second = app.mailer_on(app.db.store.db.clone(), &smtp.url())?;
    let (a, b) = tokio::join!(mailer.run_once(), second.run_once());
    let (a, b) = (
        a.map_err(|e| anyhow::anyhow!("{e}"))?,
        b.map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    let received = smtp.received()?;
    let digests: Vec<_> = received
        .iter()
        .filter(|m| m["subject"] == "Tavolo: la tua settimana")
        .collect();
    let recipients: Vec<&str> = digests.iter().filter_map(|m| m["to"].as_str()).collect();
    assert_eq!(a.digests + b.digests, digests.len(), "{recipients:?}");
    assert_eq!(digests.len(), 2, "chair and secretariat: {recipients:?}");
    assert!(recipients.iter().any(|r| r.contains("chair@test.example")));
    assert!(
        recipients
            .iter()
            .any(|r| r.contains("secretariat@test.example"))
    );
    let to_chair = digests
        .iter()
        .find(|m| m["to"].as_str().is_some_and(|t| t.contains("chair@")))
        .ok_or_else(|| anyhow::anyhow!("no digest to the chair"))?;
    let text = to_chair["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("Riunioni delle prossime due settimane"),
        "{text}"
    );
    assert!(text.contains("Seduta del tavolo sanità"), "{text}");
    assert!(text.contains("la tua risposta: da dare"), "{text}");
    assert!(text.contains("Inviare il censimento dei servizi"), "{text}");
    assert!(text.contains("(scaduta)"), "{text}");
    assert!(
        text.contains("Bozze di strategia aperte ai commenti"),
        "{text}"
    );
    assert!(text.contains("Strategia 2027–2029"), "{text}");
    assert!(
        !text.contains("Buone prassi"),
        "an empty section is left out: {text}"
    );

    // Nothing more this week: each due date moved a week on, in the person's own schedule.
    let again = mailer
        .run_once()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    assert_eq!(again.digests, 0);
    let chair_now = person_of(&app, "chair@test.example").await?;
    let next = chair_now
        .digest_due_at
        .ok_or_else(|| anyhow::anyhow!("not rescheduled"))?;
    assert!(next > Utc::now() + Duration::days(1));
    assert_eq!(
        next.with_timezone(&chrono_tz::Europe::Rome)
            .format("%a %H:%M")
            .to_string(),
        "Wed 18:00"
    );
    let muted = app
        .services
        .accounts()
        .notification_settings(&Actor::Person {
            id: world.person(Role::Delegate).id,
            role: tavolo_domain::InstanceRole::User,
            by_token: false,
        })
        .await?;
    assert!(muted.contains(&(NotificationKind::WeeklyDigest, false)));
    let schedule = client(Role::Chair)?
        .gql("{ myDigestSchedule { day hour } }", json!({}))
        .await?
        .ok();
    assert_eq!(
        schedule.data()["myDigestSchedule"],
        json!({ "day": "WEDNESDAY", "hour": 18 })
    );
    Ok(())
}

on_both_databases!(weekly, weekly_digest);
