//! Recurring meetings over GraphQL and by mail: a weekly series across the change to summer time, one occurrence
//! moved and one cancelled, "this and following" changed, the feed; every calendar expanded by independent parsers
//! (Python's `icalendar` with `recurring-ical-events`) and compared with Tavolo's own occurrences. Bad rules refused
//! with nothing written; answers to the whole series and to one occurrence.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use tavolo_calendar::reply::parse_reply;
use tavolo_domain::{Actor, CalendarReplyIssue, CalendarReplyOutcome};
use tavolo_service::meetings::IncomingReply;
use tavolo_store::entity::{invitation, meeting, meeting_series};
use tavolo_store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tavolo_tests::client::Client;
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::smtp::SmtpServer;
use tavolo_tests::{Backend, TestApp};

const CREATE: &str =
    "mutation($table: ID!, $input: MeetingFields!, $recurrence: RecurrenceFields!) {
    createMeetingSeries(tableId: $table, input: $input, recurrence: $recurrence) {
        id rrule status startTime endTime until count weekdays
        occurrences { id startsAt endsAt localStart status recurrenceId series { id } }
    } }";

/// Tuesdays 10:00–12:00 in Rome from 16 March 2027, six times: the clocks go forward on 28 March.
fn tuesdays() -> Value {
    json!({
        "input": {"title": "Tavolo settimanale", "start": "2027-03-16T10:00", "end": "2027-03-16T12:00",
                  "place": "Sala consiliare"},
        "recurrence": {"pattern": "WEEKLY", "count": 6}
    })
}

async fn schedule(client: &Client, id: &Value) -> anyhow::Result<()> {
    client
        .gql(
            "mutation($id: ID!) { scheduleMeetingSeries(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await?
        .ok();
    Ok(())
}

async fn create(client: &Client, table_id: i64, mut variables: Value) -> anyhow::Result<Value> {
    variables["table"] = json!(table_id.to_string());
    let created = client.gql(CREATE, variables).await?.ok();
    Ok(created.data()["createMeetingSeries"].clone())
}

/// Tavolo's occurrences that still take place, as (start, end) in UTC.
async fn taking_place(
    app: &TestApp,
    series_ids: &[i64],
) -> anyhow::Result<BTreeSet<(String, String)>> {
    let rows = meeting::Entity::find()
        .filter(meeting::Column::SeriesId.is_in(series_ids.iter().copied()))
        .filter(meeting::Column::Status.ne("cancelled"))
        .all(&app.db.store.db)
        .await?;
    Ok(rows
        .iter()
        .map(|m| (m.starts_at.to_rfc3339(), m.ends_at.to_rfc3339()))
        .collect())
}

/// What the independent expansion of one message or feed series says takes place.
fn expanded(occurrences: &Value) -> BTreeSet<(String, String)> {
    occurrences
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            (
                o["start"].as_str().unwrap_or_default().to_owned(),
                o["end"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn to<'a>(messages: &'a [Value], email: &str) -> Vec<&'a Value> {
    messages
        .iter()
        .filter(|m| m["attendee"] == json!(format!("mailto:{email}")))
        .collect()
}

/// The one message to a reader about `uid` at `sequence`: mailbox order is not sending order.
fn version<'a>(messages: &[&'a Value], uid: &Value, sequence: i64) -> anyhow::Result<&'a Value> {
    let found: Vec<&Value> = messages
        .iter()
        .copied()
        .filter(|m| &m["uid"] == uid && m["sequence"] == json!(sequence))
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        _ => anyhow::bail!(
            "{} messages for {uid} at SEQUENCE {sequence}: {messages:?}",
            found.len()
        ),
    }
}

/// An RRULE's parts, in any order.
fn parts(rrule: &Value) -> BTreeSet<String> {
    rrule
        .as_str()
        .unwrap_or_default()
        .split(';')
        .map(str::to_owned)
        .collect()
}

async fn series_by_mail_and_feed(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let smtp = SmtpServer::start()?;
    let mailer = app.mailer(&smtp.url())?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let delegate_email = world.person(Role::Delegate).email.clone();

    let series = create(&secretariat, world.table.id, tuesdays()).await?;
    assert_eq!(series["rrule"], "FREQ=WEEKLY;BYDAY=TU;WKST=MO;COUNT=6");
    assert_eq!(
        (series["startTime"].clone(), series["endTime"].clone()),
        (json!("10:00"), json!("12:00"))
    );
    assert_eq!(series["weekdays"], json!(["TUESDAY"]));
    let occurrences = series["occurrences"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let starts: Vec<&str> = occurrences
        .iter()
        .filter_map(|o| o["startsAt"].as_str())
        .collect();
    // 10:00 in Rome is 09:00 UTC before the change and 08:00 UTC after it.
    assert_eq!(
        starts,
        [
            "2027-03-16T09:00:00+00:00",
            "2027-03-23T09:00:00+00:00",
            "2027-03-30T08:00:00+00:00",
            "2027-04-06T08:00:00+00:00",
            "2027-04-13T08:00:00+00:00",
            "2027-04-20T08:00:00+00:00"
        ]
    );
    assert!(
        occurrences
            .iter()
            .all(|o| o["status"] == "DRAFT" && o["series"]["id"] == series["id"])
    );
    let series_id: i64 = series["id"].as_str().unwrap_or_default().parse()?;
    let ids: Vec<String> = occurrences
        .iter()
        .map(|o| o["id"].as_str().unwrap_or_default().to_owned())
        .collect();

    // Scheduling: one message per invitee carrying the whole series, not one per occurrence.
    mailer.run_once().await?;
    assert!(smtp.received()?.is_empty(), "a draft series sends nothing");
    schedule(&secretariat, &series["id"]).await?;
    mailer.run_once().await?;
    let received = smtp.received()?;
    let invitees = invitation::Entity::find()
        .filter(invitation::Column::MeetingId.eq(ids[0].parse::<i64>()?))
        .count(&app.db.store.db)
        .await? as usize;
    assert_eq!(received.len(), invitees, "{received:?}");
    let expected = taking_place(&app, &[series_id]).await?;
    assert_eq!(expected.len(), 6);
    for message in &received {
        assert_eq!(message["problems"], json!([]), "{message}");
        assert_eq!(message["method"], "REQUEST");
        assert_eq!(message["tzid"], "Europe/Rome");
        assert_eq!(
            parts(&message["rrule"]),
            parts(&json!("FREQ=WEEKLY;BYDAY=TU;WKST=MO;COUNT=6"))
        );
        assert_eq!(expanded(&message["occurrences"]), expected, "{message}");
    }

    // A guest invited to the second meeting alone receives that meeting alone: the series' UID and its
    // RECURRENCE-ID, which calendar programs file under the series.
    let guest = tavolo_service::meetings::Invitee::Email {
        email: "ospite@esterni.example".into(),
        name: "Ospite Esterno".into(),
        offer_account: false,
    };
    app.services
        .meetings()
        .invite(
            &Actor::System,
            ids[1].parse()?,
            guest,
            tavolo_domain::InvitationRole::Optional,
        )
        .await?;
    mailer.run_once().await?;
    let received = smtp.received()?;
    let to_guest = to(&received, "ospite@esterni.example");
    assert_eq!(to_guest.len(), 1, "{received:?}");
    assert_eq!(to_guest[0]["problems"], json!([]), "{}", to_guest[0]);
    assert_eq!(to_guest[0]["uid"], received[0]["uid"]);
    assert_eq!(to_guest[0]["recurrence_id"], "2027-03-23T09:00:00+00:00");
    assert_eq!(to_guest[0]["dtstart"], "2027-03-23T09:00:00+00:00");
    assert!(to_guest[0].get("rrule").is_none(), "{}", to_guest[0]);

    // One occurrence moved to Wednesday afternoon, another cancelled: one update each, with the override and the
    // EXDATE, and the independent expansion still equals Tavolo's occurrences.
    secretariat
        .gql(
            "mutation($id: ID!) { updateMeeting(id: $id, input: {start: \"2027-03-31T15:00\", end: \"2027-03-31T17:00\"}) { id } }",
            json!({"id": ids[2]}),
        )
        .await?
        .ok();
    mailer.run_once().await?;
    secretariat
        .gql(
            "mutation($id: ID!) { cancelMeeting(id: $id, reason: \"Festività\") { status } }",
            json!({"id": ids[3]}),
        )
        .await?
        .ok();
    mailer.run_once().await?;
    let received = smtp.received()?;
    let last = to(&received, &delegate_email);
    assert_eq!(last.len(), 3, "invitation, the move, the cancellation");
    let uid = last[0]["uid"].clone();
    let latest = version(&last, &uid, 2)?;
    assert_eq!(latest["overrides"], 1);
    let expected = taking_place(&app, &[series_id]).await?;
    assert_eq!(expected.len(), 5);
    assert!(expected.contains(&(
        "2027-03-31T13:00:00+00:00".to_owned(),
        "2027-03-31T15:00:00+00:00".to_owned()
    )));
    assert_eq!(expanded(&latest["occurrences"]), expected, "{latest}");

    // This and following, from the fifth: the series splits; the earlier part ends (UNTIL), the later one is a
    // series of its own at 09:00.
    let later = secretariat
        .gql(
            "mutation($id: ID!, $from: ID!) { updateMeetingSeries(id: $id, fromMeetingId: $from,
                input: {startTime: \"09:00\", endTime: \"11:00\"}) { id rrule occurrences { startsAt } } }",
            json!({"id": series["id"], "from": ids[4]}),
        )
        .await?
        .ok();
    let later = later.data()["updateMeetingSeries"].clone();
    assert_ne!(later["id"], series["id"]);
    assert_eq!(later["rrule"], "FREQ=WEEKLY;BYDAY=TU;WKST=MO;COUNT=2");
    assert_eq!(
        later["occurrences"][0]["startsAt"],
        "2027-04-13T07:00:00+00:00"
    );
    let later_id: i64 = later["id"].as_str().unwrap_or_default().parse()?;
    let earlier = meeting_series::Entity::find_by_id(series_id)
        .one(&app.db.store.db)
        .await?;
    assert!(
        earlier.and_then(|s| s.until_at).is_some(),
        "the earlier part now ends by date"
    );
    mailer.run_once().await?;
    let received = smtp.received()?;
    let mine = to(&received, &delegate_email);
    assert_eq!(mine.len(), 5);
    let earlier_expected = taking_place(&app, &[series_id]).await?;
    let later_expected = taking_place(&app, &[later_id]).await?;
    assert_eq!((earlier_expected.len(), later_expected.len()), (3, 2));
    let ended = version(&mine, &uid, 3)?;
    assert_eq!(ended["problems"], json!([]), "{ended}");
    assert!(
        ended["rrule"]
            .as_str()
            .unwrap_or_default()
            .contains("UNTIL="),
        "{ended}"
    );
    assert_eq!(expanded(&ended["occurrences"]), earlier_expected, "{ended}");
    let new_uid = mine
        .iter()
        .map(|m| m["uid"].clone())
        .find(|u| *u != uid)
        .ok_or_else(|| anyhow::anyhow!("no message about the later series"))?;
    let begun = version(&mine, &new_uid, 0)?;
    assert_eq!(begun["problems"], json!([]), "{begun}");
    assert_eq!(expanded(&begun["occurrences"]), later_expected, "{begun}");

    // The table's feed: each series one recurring entry, expanded to exactly what takes place.
    let delegate = app.signed_in(&delegate_email).await?;
    let feeds = delegate
        .gql("{ myCalendarFeeds { path table { id } } }", json!({}))
        .await?
        .ok();
    for feed in feeds.data()["myCalendarFeeds"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let path = feed["path"].as_str().unwrap_or_default();
        let body = reqwest::get(format!("{}{path}", app.base_url))
            .await?
            .text()
            .await?;
        let parsed = tavolo_tests::smtp::parse_feed(&body)?;
        assert_eq!(parsed["problems"], json!([]), "{parsed}");
        let mut all = BTreeSet::new();
        for occurrences in parsed["series"]
            .as_object()
            .into_iter()
            .flat_map(|s| s.values())
        {
            all.extend(expanded(occurrences));
        }
        let mut expected = earlier_expected.clone();
        expected.extend(later_expected.clone());
        assert_eq!(all, expected, "{parsed}");
    }

    // Cancelling the later series as a whole: a CANCEL of its UID.
    secretariat
        .gql(
            "mutation($id: ID!) { cancelMeetingSeries(id: $id, reason: \"Fine del progetto\") { status } }",
            json!({"id": later["id"]}),
        )
        .await?
        .ok();
    mailer.run_once().await?;
    let received = smtp.received()?;
    let mine = to(&received, &delegate_email);
    assert_eq!(mine.len(), 6);
    let cancelled = version(&mine, &new_uid, 1)?;
    assert_eq!(cancelled["method"], "CANCEL");
    assert_eq!(cancelled["status"], "CANCELLED");
    assert_eq!(cancelled["problems"], json!([]), "{cancelled}");
    assert!(taking_place(&app, &[later_id]).await?.is_empty());
    Ok(())
}
on_both_databases!(
    a_series_travels_as_one_calendar_entry,
    series_by_mail_and_feed
);

async fn bad_rules(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let before = meeting::Entity::find().count(&app.db.store.db).await?;
    let table = world.table.id.to_string();
    let attempt = |input: Value, recurrence: Value| {
        let secretariat = &secretariat;
        let table = table.clone();
        async move {
            secretariat
                .gql(
                    CREATE,
                    json!({"table": table, "input": input, "recurrence": recurrence}),
                )
                .await
        }
    };
    let tuesday = json!({"title": "Serie", "start": "2027-03-16T10:00", "end": "2027-03-16T12:00"});
    attempt(tuesday.clone(), json!({"pattern": "WEEKLY", "count": 501}))
        .await?
        .assert_validation("recurrence.count");
    // Every Tuesday for 20 years is over 1,000 meetings.
    let too_many = attempt(
        tuesday.clone(),
        json!({"pattern": "WEEKLY", "until": "2047-03-16"}),
    )
    .await?;
    too_many.assert_refused("recurrence", "TOO_MANY");
    attempt(
        tuesday.clone(),
        json!({"pattern": "WEEKLY", "until": "2027-03-01"}),
    )
    .await?
    .assert_refused("recurrence.until", "NO_OCCURRENCE");
    attempt(
        tuesday.clone(),
        json!({"pattern": "WEEKLY", "weekdays": ["MONDAY"], "count": 3}),
    )
    .await?
    .assert_refused("start", "NOT_ON_PATTERN");
    attempt(
        tuesday.clone(),
        json!({"pattern": "MONTHLY_ON_LAST_WEEKDAY", "count": 3}),
    )
    .await?
    .assert_refused("start", "NOT_ON_PATTERN");
    attempt(
        tuesday.clone(),
        json!({"pattern": "WEEKLY", "interval": 13, "count": 3}),
    )
    .await?
    .assert_refused("recurrence.interval", "OUT_OF_RANGE");
    attempt(
        tuesday.clone(),
        json!({"pattern": "WEEKLY", "count": 3, "until": "2027-06-01"}),
    )
    .await?
    .assert_validation("recurrence.count");
    attempt(tuesday.clone(), json!({"pattern": "WEEKLY"}))
        .await?
        .assert_refused("recurrence.until", "REQUIRED");
    // Sundays at 02:30: on 28 March 2027 the clocks skip from 02:00 to 03:00.
    let sunday = json!({"title": "Serie", "start": "2027-03-07T02:30", "end": "2027-03-07T04:00"});
    attempt(sunday, json!({"pattern": "WEEKLY", "count": 5}))
        .await?
        .assert_refused("start", "NO_SUCH_LOCAL_TIME");
    assert_eq!(
        meeting::Entity::find().count(&app.db.store.db).await?,
        before,
        "nothing written"
    );
    assert_eq!(
        meeting_series::Entity::find()
            .count(&app.db.store.db)
            .await?,
        0
    );

    // Only who runs the table creates a series; one who cannot see the table does not learn of it.
    let delegate = app.signed_in(&world.person(Role::Delegate).email).await?;
    let refused = delegate
        .gql(CREATE, json!({"table": table, "input": tuesday, "recurrence": {"pattern": "WEEKLY", "count": 2}}))
        .await?;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    let series = create(&secretariat, world.table.id, tuesdays()).await?;
    // A series' meetings are convened together: one alone is refused.
    secretariat
        .gql(
            "mutation($id: ID!) { scheduleMeeting(id: $id) { id } }",
            json!({"id": series["occurrences"][0]["id"]}),
        )
        .await?
        .assert_refused("id", "WRONG_STATE");
    let query = "query($id: ID!) { meetingSeries(id: $id) { title occurrences { id } } }";
    for outsider in [
        app.client(),
        app.signed_in(&world.person(Role::User).email).await?,
    ] {
        let hidden = outsider.gql(query, json!({"id": series["id"]})).await?;
        assert_eq!(hidden.code(), Some("NOT_FOUND"), "{}", hidden.body);
    }
    schedule(&secretariat, &series["id"]).await?;
    let seen = delegate.gql(query, json!({"id": series["id"]})).await?.ok();
    assert_eq!(
        seen.data()["meetingSeries"]["occurrences"]
            .as_array()
            .map(Vec::len),
        Some(6)
    );
    let cancel = secretariat
        .gql(
            "mutation($id: ID!) { cancelMeetingSeries(id: $id, reason: \"x\", fromMeetingId: \"999999\") { id } }",
            json!({"id": series["id"]}),
        )
        .await?;
    cancel.assert_refused("fromMeetingId", "UNKNOWN_REFERENCE");
    Ok(())
}
on_both_databases!(
    bad_series_are_refused_and_hidden_ones_stay_hidden,
    bad_rules
);

/// A calendar client's REPLY to the series, or to one occurrence of it.
fn reply(
    uid: &str,
    sequence: i32,
    email: &str,
    partstat: &str,
    recurrence_id: Option<&str>,
) -> String {
    let recurrence = recurrence_id
        .map(|r| format!("RECURRENCE-ID;TZID=Europe/Rome:{r}\r\n"))
        .unwrap_or_default();
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n{recurrence}\
         SEQUENCE:{sequence}\r\nDTSTAMP:20270301T100000Z\r\nATTENDEE;PARTSTAT={partstat}:mailto:{email}\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

async fn answers(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let series = create(&secretariat, world.table.id, tuesdays()).await?;
    schedule(&secretariat, &series["id"]).await?;
    let series_id: i64 = series["id"].as_str().unwrap_or_default().parse()?;
    let stored = meeting_series::Entity::find_by_id(series_id)
        .one(&app.db.store.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no series"))?;
    let email = world.person(Role::Delegate).email.clone();
    let meetings = app.services.meetings();
    // One message from the delegate's calendar program, by its Message-ID.
    let send = |key: &str, partstat: &str, recurrence_id: Option<&str>| {
        let incoming = IncomingReply {
            message_key: key.to_owned(),
            sender: email.clone(),
            received_at: chrono::Utc::now(),
            calendar: parse_reply(&reply(
                &stored.calendar_uid,
                0,
                &email,
                partstat,
                recurrence_id,
            )),
        };
        meetings.record_calendar_reply(&Actor::System, incoming)
    };
    let answers = || async {
        let occurrences = meeting::Entity::find()
            .filter(meeting::Column::SeriesId.eq(series_id))
            .all(&app.db.store.db)
            .await?;
        let mut rows = Vec::new();
        for occurrence in &occurrences {
            let found = invitation::Entity::find()
                .filter(invitation::Column::MeetingId.eq(occurrence.id))
                .filter(invitation::Column::Email.eq(email.as_str()))
                .one(&app.db.store.db)
                .await?;
            rows.push((
                occurrence.starts_at,
                found.map_or("none", |i| i.rsvp.as_str()),
            ));
        }
        rows.sort();
        anyhow::Ok(rows.into_iter().map(|(_, rsvp)| rsvp).collect::<Vec<_>>())
    };
    // Accepting the series in a calendar client answers every occurrence.
    let whole = send("<a@client>", "ACCEPTED", None).await?;
    assert_eq!(
        whole.reply.outcome,
        CalendarReplyOutcome::Applied,
        "{:?}",
        whole.reply
    );
    assert_eq!(answers().await?, vec!["accepted"; 6]);
    // Declining one occurrence (named by its RECURRENCE-ID, 10:00 Rome time on 6 April) answers that one only.
    let one = send("<b@client>", "DECLINED", Some("20270406T100000")).await?;
    assert_eq!(
        one.reply.outcome,
        CalendarReplyOutcome::Applied,
        "{:?}",
        one.reply
    );
    assert_eq!(
        answers().await?,
        [
            "accepted", "accepted", "accepted", "declined", "accepted", "accepted"
        ]
    );
    // An occurrence the series never had, and an older SEQUENCE after a change, are kept aside.
    let unknown = send("<c@client>", "DECLINED", Some("20270407T100000")).await?;
    assert_eq!(unknown.reply.issue, Some(CalendarReplyIssue::UnknownEvent));
    secretariat
        .gql(
            "mutation($id: ID!) { updateMeetingSeries(id: $id, input: {place: \"Sala B\"}) { id } }",
            json!({"id": series["id"]}),
        )
        .await?
        .ok();
    let outdated = send("<d@client>", "DECLINED", None).await?;
    assert_eq!(
        outdated.reply.issue,
        Some(CalendarReplyIssue::OutdatedSequence)
    );
    assert_eq!(
        answers().await?,
        [
            "accepted", "accepted", "accepted", "declined", "accepted", "accepted"
        ]
    );
    Ok(())
}
on_both_databases!(answers_to_a_series_and_to_one_occurrence, answers);

/// Every pattern a series can have, across both daylight-saving changes, expanded by the independent parser from the
/// table's feed and compared with the meetings Tavolo made.
async fn patterns(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let cases = [
        // 29 January 2027 is the month's last Friday; a year of them crosses both changes.
        (
            "2027-01-29T17:30",
            json!({"pattern": "MONTHLY_ON_LAST_WEEKDAY", "count": 12}),
            12,
        ),
        // The 31st: months without one are skipped.
        (
            "2027-01-31T09:00",
            json!({"pattern": "MONTHLY_ON_DAY", "until": "2027-12-31"}),
            7,
        ),
        // The first Tuesday, every other month.
        (
            "2027-02-02T15:00",
            json!({"pattern": "MONTHLY_ON_WEEKDAY", "interval": 2, "count": 6}),
            6,
        ),
        // Mondays and Thursdays every other week, until the autumn change is past.
        (
            "2027-03-01T08:15",
            json!({"pattern": "WEEKLY", "interval": 2, "weekdays": ["MONDAY", "THURSDAY"], "until": "2027-11-15"}),
            38,
        ),
    ];
    let mut ids = Vec::new();
    for (start, recurrence, expected) in cases {
        let (day, time) = start.split_once('T').unwrap_or_default();
        let end = format!("{day}T{}", if time == "17:30" { "19:00" } else { "23:00" });
        let variables = json!({
            "input": {"title": format!("Serie {start}"), "start": start, "end": end},
            "recurrence": recurrence,
        });
        let series = create(&secretariat, world.table.id, variables).await?;
        assert_eq!(
            series["occurrences"].as_array().map(Vec::len),
            Some(expected),
            "{series}"
        );
        schedule(&secretariat, &series["id"]).await?;
        ids.push(series["id"].as_str().unwrap_or_default().parse::<i64>()?);
    }
    let feeds = secretariat
        .gql("{ myCalendarFeeds { path table { id } } }", json!({}))
        .await?
        .ok();
    let table_feed = feeds.data()["myCalendarFeeds"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["table"]["id"] == json!(world.table.id.to_string()))
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("no feed of the table"))?;
    let path = table_feed["path"].as_str().unwrap_or_default();
    let body = reqwest::get(format!("{}{path}", app.base_url))
        .await?
        .text()
        .await?;
    let parsed = tavolo_tests::smtp::parse_feed(&body)?;
    assert_eq!(parsed["problems"], json!([]), "{parsed}");
    for id in ids {
        let stored = meeting_series::Entity::find_by_id(id)
            .one(&app.db.store.db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no series {id}"))?;
        let independent = expanded(&parsed["series"][&stored.calendar_uid]);
        assert_eq!(independent, taking_place(&app, &[id]).await?, "series {id}");
    }
    Ok(())
}
on_both_databases!(
    every_pattern_agrees_with_the_independent_expansion,
    patterns
);
