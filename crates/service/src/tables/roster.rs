//! A table's roster: member organizations' seats, their delegates and the other roles (chair, secretariat,
//! observers), each in force from a date until ended.

#[allow(unused_imports)]
use super::*;
use crate::Reason;

impl TableService<'_> {
    /// Gives `organization_id` a seat at the table; an organization holds at most one seat in force per table.
    pub async fn add_seat(
        &self,
        actor: &Actor,
        table_id: i64,
        organization_id: i64,
    ) -> ServiceResult<seat::Model> {
        let table = self.table(actor, table_id).await?;
        self.authorize_manage(actor, table_id).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let Some(org) = organization::Entity::find_by_id(organization_id)
            .one(&txn)
            .await?
        else {
            return Err(ServiceError::validation(
                "organizationId",
                Reason::UnknownReference,
                format!("there is no organization {organization_id}"),
            ));
        };
        let held = active_seats()
            .filter(seat::Column::TableId.eq(table_id))
            .filter(seat::Column::OrganizationId.eq(organization_id))
            .count(&txn)
            .await?;
        if held > 0 {
            return Err(ServiceError::validation(
                "organizationId",
                Reason::AlreadyExists,
                format!("{} already holds a seat at this table", org.name),
            ));
        }
        let created = seat::ActiveModel {
            table_id: Set(table_id),
            organization_id: Set(organization_id),
            valid_from: Set(Utc::now()),
            valid_until: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!("gave {} a seat at '{}'", org.name, table.name);
        audit::record(
            &txn,
            actor,
            table_change("add_seat", "seat", created.id, table_id, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Ends a seat and, with it, the appointments of its delegates; the rows stay as history.
    pub async fn end_seat(&self, actor: &Actor, seat_id: i64) -> ServiceResult<seat::Model> {
        let seat = self.seat(actor, seat_id).await?;
        self.authorize_manage(actor, seat.table_id).await?;
        if seat.valid_until.is_some() {
            return Err(ServiceError::validation(
                "seatId",
                Reason::WrongState,
                "this seat has already ended",
            ));
        }
        let now = Utc::now();
        let txn = tavolo_store::begin_write(self.db).await?;
        membership::Entity::update_many()
            .col_expr(membership::Column::ValidUntil, Expr::value(now))
            .filter(membership::Column::SeatId.eq(seat_id))
            .filter(membership::Column::ValidUntil.is_null())
            .exec(&txn)
            .await?;
        let mut model = seat.clone().into_active_model();
        model.valid_until = Set(Some(now));
        let ended = model.update(&txn).await?;
        let summary = format!(
            "ended seat {seat_id} of organization {}",
            seat.organization_id
        );
        audit::record(
            &txn,
            actor,
            table_change("end_seat", "seat", seat_id, seat.table_id, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(ended)
    }

    /// Appoints a delegate to a seat; a new titular replaces the previous one, whose appointment is closed, not deleted.
    pub async fn appoint_delegate(
        &self,
        actor: &Actor,
        seat_id: i64,
        person_id: i64,
        kind: DelegateKind,
    ) -> ServiceResult<membership::Model> {
        let seat = self.seat(actor, seat_id).await?;
        let roles = self.authorize_manage(actor, seat.table_id).await?;
        if !policy::can_grant_role(actor, &roles, MembershipRole::Delegate, person_id) {
            return Err(ServiceError::forbidden("appoint yourself a delegate"));
        }
        if seat.valid_until.is_some() {
            return Err(ServiceError::validation(
                "seatId",
                Reason::WrongState,
                "this seat has ended",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let person = existing_person(&txn, person_id).await?;
        let current: Vec<membership::Model> = active_memberships()
            .filter(membership::Column::SeatId.eq(seat_id))
            .all(&txn)
            .await?;
        let same_kind = Some(kind);
        if current
            .iter()
            .any(|m| m.person_id == person_id && m.delegate_kind == same_kind)
        {
            return Err(ServiceError::validation(
                "personId",
                Reason::AlreadyExists,
                format!("{} already is {kind} delegate of this seat", person.name),
            ));
        }
        // Closed, not deleted: the previous titular (when a new one comes) and the person's own
        // other appointment (when a substitute becomes titular or the other way round).
        let replaced: Vec<i64> = current
            .iter()
            .filter(|m| {
                m.person_id == person_id
                    || (kind == DelegateKind::Titular && m.delegate_kind == same_kind)
            })
            .map(|m| m.id)
            .collect();
        let now = Utc::now();
        if !replaced.is_empty() {
            membership::Entity::update_many()
                .col_expr(membership::Column::ValidUntil, Expr::value(now))
                .filter(membership::Column::Id.is_in(replaced))
                .exec(&txn)
                .await?;
        }
        let created = membership::ActiveModel {
            table_id: Set(seat.table_id),
            person_id: Set(person_id),
            role: Set(MembershipRole::Delegate),
            seat_id: Set(Some(seat_id)),
            delegate_kind: Set(Some(kind)),
            valid_from: Set(now),
            valid_until: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!(
            "appointed {} as {} delegate of seat {seat_id}",
            person.name, kind
        );
        audit::record(
            &txn,
            actor,
            table_change(
                "appoint_delegate",
                "membership",
                created.id,
                seat.table_id,
                summary,
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Gives a person a role at the table; delegates go through `appoint_delegate`, because they speak for a seat.
    pub async fn add_membership(
        &self,
        actor: &Actor,
        table_id: i64,
        person_id: i64,
        role: MembershipRole,
    ) -> ServiceResult<membership::Model> {
        let table = self.table(actor, table_id).await?;
        let roles = self.authorize_manage(actor, table_id).await?;
        if !policy::can_grant_role(actor, &roles, role, person_id) {
            return Err(ServiceError::Forbidden(format!(
                "make this person {role} of the table"
            )));
        }
        if role == MembershipRole::Delegate {
            return Err(ServiceError::validation(
                "role",
                Reason::ChangedElsewhere,
                "delegates are appointed to a seat with appointDelegate",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let person = existing_person(&txn, person_id).await?;
        let duplicate = active_memberships()
            .filter(membership::Column::TableId.eq(table_id))
            .filter(membership::Column::PersonId.eq(person_id))
            .filter(membership::Column::Role.eq(role.as_str()))
            .count(&txn)
            .await?;
        if duplicate > 0 {
            return Err(ServiceError::validation(
                "personId",
                Reason::AlreadyExists,
                format!("{} already is {} of this table", person.name, role),
            ));
        }
        let created = membership::ActiveModel {
            table_id: Set(table_id),
            person_id: Set(person_id),
            role: Set(role),
            seat_id: Set(None),
            delegate_kind: Set(None),
            valid_from: Set(Utc::now()),
            valid_until: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!("made {} {} of '{}'", person.name, role, table.name);
        audit::record(
            &txn,
            actor,
            table_change(
                "add_membership",
                "membership",
                created.id,
                table_id,
                summary,
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Ends a role or a delegate appointment; the row stays as history.
    pub async fn end_membership(
        &self,
        actor: &Actor,
        membership_id: i64,
    ) -> ServiceResult<membership::Model> {
        let found = membership::Entity::find_by_id(membership_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("membership"))?;
        self.table(actor, found.table_id)
            .await
            .map_err(|_| ServiceError::not_found("membership"))?;
        let roles = self.authorize_manage(actor, found.table_id).await?;
        let role = found.role;
        if !policy::can_end_role(actor, &roles, role) {
            return Err(ServiceError::Forbidden(format!("end a {role} role")));
        }
        if !is_active(&found) {
            return Err(ServiceError::validation(
                "membershipId",
                Reason::WrongState,
                "this membership has already ended",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let table_id = found.table_id;
        let mut model = found.into_active_model();
        model.valid_until = Set(Some(Utc::now()));
        let ended = model.update(&txn).await?;
        let summary = format!("ended {} role of person {}", ended.role, ended.person_id);
        audit::record(
            &txn,
            actor,
            table_change(
                "end_membership",
                "membership",
                membership_id,
                table_id,
                summary,
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(ended)
    }
}
