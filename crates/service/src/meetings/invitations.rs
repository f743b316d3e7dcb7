//! Who is invited to a meeting, their answers (in the app), and the default invitations of a table.

#[allow(unused_imports)]
use super::*;
use crate::Reason;

impl MeetingService<'_> {
    /// The invitations of each meeting the actor may see: all of them for the table's members, otherwise only the
    /// actor's own.
    pub async fn invitations(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<invitation::Model>> {
        let mut shown = Condition::any().add(access::on_meeting_with_visible_participants(
            actor,
            invitation::Column::MeetingId,
        ));
        if let Some(person_id) = actor.person_id() {
            shown = shown.add(
                Condition::all()
                    .add(invitation::Column::PersonId.eq(person_id))
                    .add(access::on_visible_meeting(
                        actor,
                        invitation::Column::MeetingId,
                    )),
            );
        }
        Ok(invitation::Entity::find()
            .filter(invitation::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(shown)
            .order_by_asc(invitation::Column::Id)
            .all(self.db)
            .await?)
    }

    pub async fn invite(
        &self,
        actor: &Actor,
        meeting_id: i64,
        invitee: Invitee,
        role: InvitationRole,
    ) -> ServiceResult<invitation::Model> {
        let context = load(self.db, actor, meeting_id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Draft, MeetingStatus::Scheduled],
            "invitations to a held or cancelled meeting cannot change",
        )?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let (person_id, email, name, field) = match invitee {
            Invitee::Person(id) => {
                let person = person::Entity::find_by_id(id)
                    .one(&txn)
                    .await?
                    .ok_or_else(|| {
                        ServiceError::validation(
                            "personId",
                            Reason::UnknownReference,
                            format!("there is no person {id}"),
                        )
                    })?;
                (Some(person.id), person.email, person.name, "personId")
            }
            Invitee::Email {
                email,
                name,
                offer_account,
            } => {
                let email = Email::parse(&email).field("email")?;
                let name = Name::parse(&name).field("name")?.into_inner();
                // An address that belongs to an account is that person's invitation.
                let owner = person::Entity::find()
                    .filter(person::Column::Email.eq(email.as_str()))
                    .one(&txn)
                    .await?;
                let owner = match owner {
                    Some(person) => Some(person),
                    None if offer_account => {
                        Some(offer_account_to(&txn, actor, &email, &name).await?)
                    }
                    None => None,
                };
                (owner.map(|p| p.id), email.into_inner(), name, "email")
            }
        };
        let duplicate = invitation::Entity::find()
            .filter(invitation::Column::MeetingId.eq(meeting_id))
            .filter(invitation::Column::Email.eq(&email))
            .count(&txn)
            .await?;
        if duplicate > 0 {
            return Err(ServiceError::validation(
                field,
                Reason::AlreadyExists,
                format!("{email} is already invited"),
            ));
        }
        let created = insert_invitation(&txn, meeting_id, person_id, &email, &name, role).await?;
        if context.meeting.status == MeetingStatus::Scheduled {
            events::publish(
                &txn,
                actor,
                about(&context.meeting, created.id),
                DomainEvent::InvitationAdded {
                    email: email.clone(),
                },
            )
            .await?;
        }
        audit::record(
            &txn,
            actor,
            meeting_change(
                "invite",
                &context.meeting,
                format!("invited {name} <{email}> to '{}'", context.meeting.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Withdraws an invitation; a scheduled meeting's invitee then receives a cancellation.
    pub async fn remove_invitation(
        &self,
        actor: &Actor,
        invitation_id: i64,
    ) -> ServiceResult<invitation::Model> {
        let found = self.invitation(invitation_id).await?;
        let context = load(self.db, actor, found.meeting_id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Draft, MeetingStatus::Scheduled],
            "invitations to a held or cancelled meeting cannot change",
        )?;
        let txn = tavolo_store::begin_write(self.db).await?;
        invitation::Entity::delete_by_id(invitation_id)
            .exec(&txn)
            .await?;
        if context.meeting.status == MeetingStatus::Scheduled {
            events::publish(
                &txn,
                actor,
                about(&context.meeting, invitation_id),
                DomainEvent::InvitationRemoved {
                    email: found.email.clone(),
                    name: found.name.clone(),
                    meeting: snapshot(&context.meeting),
                },
            )
            .await?;
        }
        audit::record(
            &txn,
            actor,
            meeting_change(
                "uninvite",
                &context.meeting,
                format!("withdrew the invitation of {}", found.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(found)
    }

    /// The invitee answers; delegating names who goes instead, and that person is invited.
    pub async fn answer_invitation(
        &self,
        actor: &Actor,
        invitation_id: i64,
        rsvp: Rsvp,
        delegate_to: Option<i64>,
    ) -> ServiceResult<invitation::Model> {
        let found = self.invitation(invitation_id).await?;
        if actor.person_id().is_none() || found.person_id != actor.person_id() {
            return Err(ServiceError::forbidden("answer someone else's invitation"));
        }
        let meeting = meeting::Entity::find_by_id(found.meeting_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("meeting"))?;
        require_status(
            &meeting,
            &[MeetingStatus::Scheduled, MeetingStatus::Draft],
            "this meeting no longer takes answers",
        )?;
        if rsvp == Rsvp::NeedsAction {
            return Err(ServiceError::validation(
                "rsvp",
                Reason::Malformed,
                "choose accepted, tentative, declined or delegated",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut delegated_to_email = None;
        if rsvp == Rsvp::Delegated {
            let delegate_id = delegate_to.ok_or_else(|| {
                ServiceError::validation(
                    "delegateToPersonId",
                    Reason::Required,
                    "say who goes instead",
                )
            })?;
            let delegate = person::Entity::find_by_id(delegate_id)
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    ServiceError::validation(
                        "delegateToPersonId",
                        Reason::UnknownReference,
                        format!("there is no person {delegate_id}"),
                    )
                })?;
            if Some(delegate.id) == found.person_id {
                return Err(ServiceError::validation(
                    "delegateToPersonId",
                    Reason::SelfDelegation,
                    "delegate to someone else",
                ));
            }
            invite_substitute(
                &txn,
                actor,
                &meeting,
                found.required,
                Some(delegate.id),
                &delegate.email,
                &delegate.name,
            )
            .await?;
            delegated_to_email = Some(delegate.email);
        }
        // An answer given here retires the links already mailed: they would answer again for the person.
        let nonce = found.answer_nonce;
        let mut model = found.into_active_model();
        model.answer_nonce = Set(nonce + 1);
        model.rsvp = Set(rsvp);
        model.delegated_to_person_id = Set(if rsvp == Rsvp::Delegated {
            delegate_to
        } else {
            None
        });
        model.delegated_to_email = Set(delegated_to_email);
        model.responded_at = Set(Some(Utc::now()));
        let updated = model.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "answer",
                &meeting,
                format!("{} answered {rsvp} to '{}'", updated.email, meeting.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    async fn invitation(&self, invitation_id: i64) -> ServiceResult<invitation::Model> {
        invitation::Entity::find_by_id(invitation_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("invitation"))
    }
}

/// Invites whoever goes in an invitee's place, with the same role, unless they are invited already; for a scheduled
/// meeting the calendar invitation goes to them through the outbox, in the same transaction.
pub(super) async fn invite_substitute(
    txn: &DatabaseTransaction,
    actor: &Actor,
    meeting: &meeting::Model,
    required: bool,
    person_id: Option<i64>,
    email: &str,
    name: &str,
) -> ServiceResult<()> {
    let meeting_id = meeting.id;
    let already = invitation::Entity::find()
        .filter(invitation::Column::MeetingId.eq(meeting_id))
        .filter(invitation::Column::Email.eq(email))
        .count(txn)
        .await?;
    if already > 0 {
        return Ok(());
    }
    let role = if required {
        InvitationRole::Required
    } else {
        InvitationRole::Optional
    };
    let created = insert_invitation(txn, meeting_id, person_id, email, name, role).await?;
    if meeting.status == MeetingStatus::Scheduled {
        events::publish(
            txn,
            actor,
            about(meeting, created.id),
            DomainEvent::InvitationAdded {
                email: email.to_owned(),
            },
        )
        .await?;
    }
    Ok(())
}

pub(crate) async fn insert_invitation(
    txn: &DatabaseTransaction,
    meeting_id: i64,
    person_id: Option<i64>,
    email: &str,
    name: &str,
    role: InvitationRole,
) -> ServiceResult<invitation::Model> {
    Ok(invitation::ActiveModel {
        meeting_id: Set(meeting_id),
        person_id: Set(person_id),
        email: Set(email.to_owned()),
        name: Set(name.to_owned()),
        required: Set(role == InvitationRole::Required),
        rsvp: Set(Rsvp::NeedsAction),
        delegated_to_person_id: Set(None),
        delegated_to_email: Set(None),
        responded_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// The default invitations: chair, secretariat and titular delegates (required), substitutes when asked (optional).
pub(super) async fn invite_table(
    txn: &DatabaseTransaction,
    meeting: &meeting::Model,
    invite_substitutes: bool,
) -> ServiceResult<()> {
    let memberships = active_memberships()
        .filter(membership::Column::TableId.eq(meeting.table_id))
        .order_by_asc(membership::Column::Id)
        .all(txn)
        .await?;
    let mut chosen: Vec<(i64, InvitationRole)> = Vec::new();
    for m in &memberships {
        let role = match (m.role, m.delegate_kind) {
            (MembershipRole::Chair | MembershipRole::Secretariat, _) => InvitationRole::Required,
            (MembershipRole::Delegate, Some(DelegateKind::Titular)) => InvitationRole::Required,
            (MembershipRole::Delegate, Some(DelegateKind::Substitute)) if invite_substitutes => {
                InvitationRole::Optional
            }
            _ => continue,
        };
        match chosen.iter_mut().find(|(id, _)| *id == m.person_id) {
            Some(existing) if role == InvitationRole::Required => existing.1 = role,
            Some(_) => {}
            None => chosen.push((m.person_id, role)),
        }
    }
    let ids: Vec<i64> = chosen.iter().map(|(id, _)| *id).collect();
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .all(txn)
        .await?;
    for (person_id, role) in chosen {
        if let Some(person) = people
            .iter()
            .find(|p| p.id == person_id)
            .filter(|p| p.active)
        {
            insert_invitation(
                txn,
                meeting.id,
                Some(person.id),
                &person.email,
                &person.name,
                role,
            )
            .await?;
        }
    }
    Ok(())
}

/// Brings a guest in as a person invited to activate an account, for those who may bring people in (whoever runs
/// the meeting's table does).
async fn offer_account_to(
    conn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    email: &Email,
    name: &str,
) -> ServiceResult<person::Model> {
    if !policy::can_manage_directory(actor, crate::access::runs_any_table(conn, actor).await?) {
        return Err(ServiceError::forbidden("offer accounts"));
    }
    crate::directory::insert_person(
        conn,
        actor,
        crate::directory::NewPerson {
            name: name.to_owned(),
            email: email.clone(),
            organization_id: None,
            locale: tavolo_domain::Locale::It,
            time_zone: tavolo_domain::TimeZoneName::default(),
            instance_role: tavolo_domain::InstanceRole::User,
            password_hash: None,
            active: true,
        },
    )
    .await
}
