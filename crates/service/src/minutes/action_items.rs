//! Action items: from a meeting or decision, assigned to a person or an organization, followed up to done.

#[allow(unused_imports)]
use super::*;
use crate::Reason;

impl MinutesService<'_> {
    /// Adds an action item from a held meeting; its due date cannot precede the meeting.
    pub async fn add_action_item(
        &self,
        actor: &Actor,
        meeting_id: i64,
        input: ActionItemInput,
    ) -> ServiceResult<action_item::Model> {
        let (context, current) = self
            .editable(
                actor,
                meeting_id,
                existing(self.db, meeting_id).await?.version,
            )
            .await?;
        let title = tavolo_domain::Name::parse(&input.title)
            .field("title")?
            .into_inner();
        let meeting_day = context
            .meeting
            .starts_at
            .with_timezone(&context.meeting.time_zone.tz())
            .date_naive();
        if input.due_date.is_some_and(|due| due < meeting_day) {
            return Err(ServiceError::validation(
                "dueDate",
                Reason::EndBeforeStart,
                "cannot be before the meeting",
            ));
        }
        if input.assignee_person_id.is_some() && input.assignee_organization_id.is_some() {
            return Err(ServiceError::validation(
                "assigneeOrganizationId",
                Reason::Required,
                "assign to a person or an organization, not both",
            ));
        }
        if let Some(id) = input.assignee_person_id
            && person::Entity::find_by_id(id).one(self.db).await?.is_none()
        {
            return Err(ServiceError::validation(
                "assigneePersonId",
                Reason::UnknownReference,
                format!("there is no person {id}"),
            ));
        }
        if let Some(id) = input.assignee_organization_id
            && organization::Entity::find_by_id(id)
                .one(self.db)
                .await?
                .is_none()
        {
            return Err(ServiceError::validation(
                "assigneeOrganizationId",
                Reason::UnknownReference,
                format!("there is no organization {id}"),
            ));
        }
        if let Some(id) = input.decision_id {
            let found = decision::Entity::find_by_id(id).one(self.db).await?;
            if found.is_none_or(|d| d.meeting_id != meeting_id) {
                return Err(ServiceError::validation(
                    "decisionId",
                    Reason::UnknownReference,
                    "is not a decision of this meeting",
                ));
            }
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let now = Utc::now();
        let created = action_item::ActiveModel {
            table_id: Set(context.table.id),
            meeting_id: Set(meeting_id),
            decision_id: Set(input.decision_id),
            title: Set(title),
            assignee_person_id: Set(input.assignee_person_id),
            assignee_organization_id: Set(input.assignee_organization_id),
            due_date: Set(input.due_date),
            status: Set(ActionItemStatus::Open),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        bump(
            &txn,
            actor,
            &current,
            current.version,
            RevisionKind::Save,
            None,
        )
        .await?;
        if created.assignee_person_id.is_some() || created.assignee_organization_id.is_some() {
            events::publish(
                &txn,
                actor,
                about(&context.meeting, created.id),
                DomainEvent::ActionItemAssigned {
                    title: created.title.clone(),
                    assignee_person_id: created.assignee_person_id,
                    assignee_organization_id: created.assignee_organization_id,
                    due_date: created.due_date,
                },
            )
            .await?;
        }
        audit::record(
            &txn,
            actor,
            meeting_change(
                "action_item",
                &context.meeting,
                format!("added action item '{}'", created.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Moves an action item along (open, in progress, done, dropped): its assignee or whoever runs the table.
    pub async fn update_action_item(
        &self,
        actor: &Actor,
        id: i64,
        status: ActionItemStatus,
    ) -> ServiceResult<action_item::Model> {
        let found = action_item::Entity::find_by_id(id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("action item"))?;
        let assigned = actor.person_id().is_some() && found.assignee_person_id == actor.person_id();
        // The assignee may not read the meeting (a members-only table they do not sit at), yet their item is theirs.
        if !assigned {
            load(self.db, actor, found.meeting_id)
                .await
                .map_err(|_| ServiceError::not_found("action item"))?;
        }
        let roles = access::roles_at(self.db, actor, found.table_id).await?;
        if !policy::can_update_action_item(actor, &roles, assigned) {
            return Err(ServiceError::forbidden("update this action item"));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = found.into_active_model();
        model.status = Set(status);
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        let summary = format!("action item '{}' is now {status}", updated.title);
        audit::record(
            &txn,
            actor,
            audit::Change {
                action: "action_item_status",
                entity_type: "action_item",
                entity_id: id,
                table_id: Some(updated.table_id),
                summary,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// The actor's action items, not yet done or dropped; `overdue_only` keeps those past their due date.
    pub async fn my_action_items(
        &self,
        actor: &Actor,
        overdue_only: bool,
    ) -> ServiceResult<Vec<action_item::Model>> {
        let Some(person_id) = actor.person_id() else {
            return Err(ServiceError::Unauthenticated("sign in first".into()));
        };
        let mut query = action_item::Entity::find()
            .filter(action_item::Column::AssigneePersonId.eq(person_id))
            .filter(action_item::Column::Status.is_in([
                ActionItemStatus::Open.as_str(),
                ActionItemStatus::InProgress.as_str(),
            ]));
        if overdue_only {
            query = query.filter(action_item::Column::DueDate.lt(Utc::now().date_naive()));
        }
        Ok(query
            .order_by_asc(action_item::Column::DueDate)
            .order_by_asc(action_item::Column::Id)
            .all(self.db)
            .await?)
    }

    /// A table's action items (for those who may read its unapproved minutes), optionally one status or overdue only.
    pub async fn table_action_items(
        &self,
        actor: &Actor,
        table_id: i64,
        status: Option<ActionItemStatus>,
        overdue_only: bool,
    ) -> ServiceResult<Vec<action_item::Model>> {
        let table = crate::tables::TableService { db: self.db }
            .table(actor, table_id)
            .await?;
        let roles = crate::access::roles_at(self.db, actor, table.id).await?;
        if !policy::can_read_unapproved_minutes(actor, &roles) {
            return Err(ServiceError::forbidden("see this table's action items"));
        }
        let mut query =
            action_item::Entity::find().filter(action_item::Column::TableId.eq(table_id));
        if let Some(status) = status {
            query = query.filter(action_item::Column::Status.eq(status.as_str()));
        }
        if overdue_only {
            query = query
                .filter(action_item::Column::DueDate.lt(Utc::now().date_naive()))
                .filter(action_item::Column::Status.is_in([
                    ActionItemStatus::Open.as_str(),
                    ActionItemStatus::InProgress.as_str(),
                ]));
        }
        Ok(query
            .order_by_asc(action_item::Column::DueDate)
            .order_by_asc(action_item::Column::Id)
            .all(self.db)
            .await?)
    }
}

/// An action item still to do whose due date has passed.
pub fn is_overdue(item: &action_item::Model, today: NaiveDate) -> bool {
    let open = item.status == ActionItemStatus::Open || item.status == ActionItemStatus::InProgress;
    open && item.due_date.is_some_and(|due| due < today)
}
