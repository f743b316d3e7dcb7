//! Who was present, absent or excused, the seat they represented, and the quorum counted per organization.

#[allow(unused_imports)]
use super::*;
use crate::Reason;

/// Who is marked on the sheet: a person of the directory, or an invitation (a guest invited by address alone).
#[derive(Debug, Clone, Copy)]
pub enum Attendee {
    Person(i64),
    Invitation(i64),
}

impl MeetingService<'_> {
    /// The attendance sheets of the meetings whose participants the actor may see.
    pub async fn attendances(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<attendance::Model>> {
        Ok(attendance::Entity::find()
            .filter(attendance::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(access::on_meeting_with_visible_participants(
                actor,
                attendance::Column::MeetingId,
            ))
            .order_by_asc(attendance::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Attendance rows of meetings already checked by the caller.
    pub(super) async fn attendance_rows(
        &self,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<attendance::Model>> {
        rows_in::<attendance::Entity, _, _>(
            self.db,
            attendance::Column::MeetingId,
            meeting_ids,
            attendance::Column::Id,
        )
        .await
    }

    /// Records (or corrects) whether someone was there; the seat defaults to the one they are a delegate of, and
    /// a substitute says which seat they stood in for. A guest invited by address alone enters the directory as a
    /// contact without an account (nothing is mailed), so the register, the reports and the quorum count them.
    pub async fn record_attendance(
        &self,
        actor: &Actor,
        meeting_id: i64,
        attendee: Attendee,
        status: AttendanceStatus,
        seat_id: Option<i64>,
    ) -> ServiceResult<attendance::Model> {
        let context = load(self.db, actor, meeting_id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Scheduled, MeetingStatus::Held],
            "attendance is kept for scheduled and held meetings",
        )?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let person =
            match attendee {
                Attendee::Person(id) => person::Entity::find_by_id(id)
                    .one(&txn)
                    .await?
                    .ok_or_else(|| {
                        ServiceError::validation(
                            "personId",
                            Reason::UnknownReference,
                            format!("there is no person {id}"),
                        )
                    })?,
                Attendee::Invitation(id) => guest_person(&txn, actor, meeting_id, id).await?,
            };
        let person_id = person.id;
        let seat_id = match seat_id {
            Some(id) => {
                let seat = seat::Entity::find_by_id(id).one(&txn).await?;
                if seat.is_none_or(|s| s.table_id != context.table.id) {
                    return Err(ServiceError::validation(
                        "seatId",
                        Reason::UnknownReference,
                        "is not a seat of this meeting's table",
                    ));
                }
                Some(id)
            }
            None => own_seat(&txn, context.table.id, person_id).await?,
        };
        let existing = attendance::Entity::find()
            .filter(attendance::Column::MeetingId.eq(meeting_id))
            .filter(attendance::Column::PersonId.eq(person_id))
            .one(&txn)
            .await?;
        let saved = match existing {
            Some(row) => {
                let mut model = row.into_active_model();
                model.status = Set(status);
                model.seat_id = Set(seat_id);
                model.recorded_at = Set(Utc::now());
                model.update(&txn).await?
            }
            None => {
                attendance::ActiveModel {
                    meeting_id: Set(meeting_id),
                    person_id: Set(person_id),
                    status: Set(status),
                    seat_id: Set(seat_id),
                    recorded_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        };
        audit::record(
            &txn,
            actor,
            meeting_change(
                "attendance",
                &context.meeting,
                format!("{} marked {status}", person.name),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Organizations count as present when one of their delegates is; the share needed comes from the table.
    pub async fn quorum(&self, actor: &Actor, meeting_id: i64) -> ServiceResult<Quorum> {
        let context = load(self.db, actor, meeting_id).await?;
        // Members are the seats not ended before the meeting began: a seat registered later than a
        // meeting recorded after the fact still counts, since the register lags reality.
        let member_seats: HashSet<i64> = seat::Entity::find()
            .filter(seat::Column::TableId.eq(context.table.id))
            .all(self.db)
            .await?
            .into_iter()
            .filter(|s| {
                s.valid_until
                    .is_none_or(|until| until > context.meeting.starts_at)
            })
            .map(|s| s.id)
            .collect();
        let present: BTreeSet<i64> = self
            .attendance_rows(&[meeting_id])
            .await?
            .into_iter()
            .filter(|a| a.status == AttendanceStatus::Present)
            .filter_map(|a| a.seat_id)
            .filter(|id| member_seats.contains(id))
            .collect();
        Ok(quorum_of(
            member_seats.len() as u32,
            present.len() as u32,
            context.table.quorum_percent,
        ))
    }
}

/// Quorum is more than `percent`% of the member organizations (50 = an absolute majority), and never more than all of them.
pub fn quorum_of(member_organizations: u32, present_organizations: u32, percent: i32) -> Quorum {
    let percent = percent.clamp(1, 100);
    let required = (member_organizations * percent as u32 / 100 + 1).min(member_organizations);
    Quorum {
        member_organizations,
        present_organizations,
        required,
        percent,
        reached: member_organizations > 0 && present_organizations >= required,
    }
}

/// The person behind an invitation: its invitee, or for a guest invited by address alone the directory's person
/// with that address, created as a contact without an account (no password, no activation mail) and linked to the
/// invitation.
async fn guest_person(
    txn: &DatabaseTransaction,
    actor: &Actor,
    meeting_id: i64,
    invitation_id: i64,
) -> ServiceResult<person::Model> {
    let unknown = || {
        ServiceError::validation(
            "invitationId",
            Reason::UnknownReference,
            "is not an invitation to this meeting",
        )
    };
    let found = invitation::Entity::find_by_id(invitation_id)
        .one(txn)
        .await?
        .filter(|i| i.meeting_id == meeting_id)
        .ok_or_else(unknown)?;
    if let Some(id) = found.person_id {
        return person::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or_else(unknown);
    }
    let existing = person::Entity::find()
        .filter(person::Column::Email.eq(found.email.as_str()))
        .one(txn)
        .await?;
    let person = match existing {
        Some(person) => person,
        None => {
            let now = Utc::now();
            person::ActiveModel {
                name: Set(if found.name.trim().is_empty() {
                    found.email.clone()
                } else {
                    found.name.clone()
                }),
                email: Set(found.email.clone()),
                locale: Set(tavolo_domain::Locale::It),
                time_zone: Set(TimeZoneName::default()),
                instance_role: Set(tavolo_domain::InstanceRole::User),
                password_hash: Set(None),
                active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                created_by: Set(actor.person_id()),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    let mut linked = found.into_active_model();
    linked.person_id = Set(Some(person.id));
    linked.update(txn).await?;
    Ok(person)
}

/// The seat a person holds at a table as one of its delegates, if any: the one they represent by default.
pub(super) async fn own_seat(
    txn: &DatabaseTransaction,
    table_id: i64,
    person_id: i64,
) -> ServiceResult<Option<i64>> {
    Ok(active_memberships()
        .filter(membership::Column::TableId.eq(table_id))
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::SeatId.is_not_null())
        .one(txn)
        .await?
        .and_then(|m| m.seat_id))
}
