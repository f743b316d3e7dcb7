//! A meeting that already took place, recorded in one step: created held with its agenda, the table's usual
//! invitees and who was present, its draft minutes open to write. No invitation is mailed: the meeting is over.

use super::attendance_sheet::own_seat;
#[allow(unused_imports)]
use super::*;

/// More agenda items than this are not a meeting's agenda.
const AGENDA_MAX: usize = 50;
/// More people present than this are not a table's meeting.
const PRESENT_MAX: usize = 1_000;

impl MeetingService<'_> {
    pub async fn record_held_meeting(
        &self,
        actor: &Actor,
        table_id: i64,
        input: MeetingInput,
        agenda: &[String],
        present: &[i64],
    ) -> ServiceResult<meeting::Model> {
        let table = self.table_for_new_meeting(actor, table_id).await?;
        let input = MeetingInput {
            allow_past: true,
            ..input
        };
        let mut row = new_meeting_row(&table, &input)?;
        if matches!(&row.ends_at, sea_orm::ActiveValue::Set(end) if *end > Utc::now()) {
            return Err(ServiceError::validation(
                "end",
                Reason::InTheFuture,
                "a meeting recorded after the fact has already ended",
            ));
        }
        let titles = agenda_titles(agenda)?;
        if present.len() > PRESENT_MAX {
            return Err(ServiceError::too_many(
                "presentPersonIds",
                PRESENT_MAX as u64,
                "people",
            ));
        }
        row.status = Set(MeetingStatus::Scheduled);
        let txn = tavolo_store::begin_write(self.db).await?;
        let created = row.insert(&txn).await?;
        for (position, title) in (0..).zip(titles) {
            agenda_item::ActiveModel {
                meeting_id: Set(created.id),
                position: Set(position),
                title: Set(title),
                follow_up: Set(false),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        invite_table(&txn, &created, false).await?;
        // Calendars and search learn of it as of any scheduled meeting; the mail worker sends nothing, it is over.
        events::publish(
            &txn,
            actor,
            about(&created, created.id),
            DomainEvent::MeetingScheduled {
                meeting: snapshot(&created),
            },
        )
        .await?;
        mark_present(&txn, &created, present).await?;
        let held = set_status(&txn, created, MeetingStatus::Held, None).await?;
        open_minutes(&txn, &held).await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "record_held",
                &held,
                format!("recorded meeting '{}' after the fact", held.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(held)
    }
}

/// The agenda's titles, each a name: at least one, at most `AGENDA_MAX`.
fn agenda_titles(agenda: &[String]) -> ServiceResult<Vec<String>> {
    if agenda.len() > AGENDA_MAX {
        return Err(too_many_items());
    }
    let titles: Vec<String> = agenda
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| Name::parse(t).field("agenda").map(Name::into_inner))
        .collect::<ServiceResult<_>>()?;
    if titles.is_empty() {
        return Err(ServiceError::required("agenda"));
    }
    Ok(titles)
}

fn too_many_items() -> ServiceError {
    ServiceError::too_many("agenda", AGENDA_MAX as u64, "items")
}

/// Marks present each of `present`, who must be among the meeting's invitees, on the seat they hold.
async fn mark_present(
    txn: &DatabaseTransaction,
    meeting: &meeting::Model,
    present: &[i64],
) -> ServiceResult<()> {
    let invited: HashSet<i64> = invitation::Entity::find()
        .filter(invitation::Column::MeetingId.eq(meeting.id))
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|i| i.person_id)
        .collect();
    let wanted: BTreeSet<i64> = present.iter().copied().collect();
    for person_id in wanted {
        if !invited.contains(&person_id) {
            return Err(ServiceError::validation(
                "presentPersonIds",
                Reason::UnknownReference,
                format!("person {person_id} is not among this meeting's invitees"),
            ));
        }
        attendance::ActiveModel {
            meeting_id: Set(meeting.id),
            person_id: Set(person_id),
            status: Set(AttendanceStatus::Present),
            seat_id: Set(own_seat(txn, meeting.table_id, person_id).await?),
            recorded_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}
