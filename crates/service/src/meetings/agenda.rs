//! The agenda of a meeting: ordered items edited with optimistic locking, the follow-up item a new meeting opens with.

#[allow(unused_imports)]
use super::*;

impl MeetingService<'_> {
    /// The agenda of each meeting the actor may see, in order.
    pub async fn agendas(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<agenda_item::Model>> {
        Ok(agenda_item::Entity::find()
            .filter(agenda_item::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(access::on_visible_meeting(
                actor,
                agenda_item::Column::MeetingId,
            ))
            .order_by_asc(agenda_item::Column::Position)
            .all(self.db)
            .await?)
    }

    pub async fn add_agenda_item(
        &self,
        actor: &Actor,
        meeting_id: i64,
        input: AgendaItemInput,
        expected_version: i32,
    ) -> ServiceResult<agenda_item::Model> {
        let context = self
            .editable_agenda(actor, meeting_id, expected_version)
            .await?;
        let title = Name::parse(input.title.as_deref().unwrap_or_default())
            .field("title")?
            .into_inner();
        let txn = tavolo_store::begin_write(self.db).await?;
        let position = agenda_item::Entity::find()
            .filter(agenda_item::Column::MeetingId.eq(meeting_id))
            .count(&txn)
            .await? as i32;
        let mut model = agenda_item::ActiveModel {
            meeting_id: Set(meeting_id),
            position: Set(position),
            title: Set(title),
            follow_up: Set(false),
            ..Default::default()
        };
        apply_agenda_fields(&mut model, &input)?;
        let created = model.insert(&txn).await?;
        bump_agenda(
            &txn,
            actor,
            &context.meeting,
            expected_version,
            format!("added agenda item '{}'", created.title),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    pub async fn update_agenda_item(
        &self,
        actor: &Actor,
        item_id: i64,
        input: AgendaItemInput,
        expected_version: i32,
    ) -> ServiceResult<agenda_item::Model> {
        let item = self.agenda_item(item_id).await?;
        let context = self
            .editable_agenda(actor, item.meeting_id, expected_version)
            .await?;
        let mut model = item.into_active_model();
        if let Some(raw) = input.title.as_deref() {
            model.title = Set(Name::parse(raw).field("title")?.into_inner());
        }
        apply_agenda_fields(&mut model, &input)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = model.update(&txn).await?;
        bump_agenda(
            &txn,
            actor,
            &context.meeting,
            expected_version,
            format!("changed agenda item '{}'", updated.title),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Moves an item to `position` (0-based), shifting the others.
    pub async fn move_agenda_item(
        &self,
        actor: &Actor,
        item_id: i64,
        position: i32,
        expected_version: i32,
    ) -> ServiceResult<Vec<agenda_item::Model>> {
        let item = self.agenda_item(item_id).await?;
        let context = self
            .editable_agenda(actor, item.meeting_id, expected_version)
            .await?;
        let mut items = self.agendas(actor, &[item.meeting_id]).await?;
        if position < 0 || position as usize >= items.len() {
            return Err(ServiceError::out_of_range(
                "position",
                0,
                items.len().saturating_sub(1) as i64,
            ));
        }
        let from = items
            .iter()
            .position(|i| i.id == item_id)
            .unwrap_or_default();
        let moved = items.remove(from);
        items.insert(position as usize, moved);
        let txn = tavolo_store::begin_write(self.db).await?;
        renumber(&txn, &items).await?;
        bump_agenda(
            &txn,
            actor,
            &context.meeting,
            expected_version,
            format!(
                "moved agenda item '{}' to position {}",
                item.title,
                position + 1
            ),
        )
        .await?;
        txn.commit().await?;
        self.agendas(actor, &[item.meeting_id]).await
    }

    pub async fn remove_agenda_item(
        &self,
        actor: &Actor,
        item_id: i64,
        expected_version: i32,
    ) -> ServiceResult<Vec<agenda_item::Model>> {
        let item = self.agenda_item(item_id).await?;
        let context = self
            .editable_agenda(actor, item.meeting_id, expected_version)
            .await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        agenda_item::Entity::delete_by_id(item_id)
            .exec(&txn)
            .await?;
        let remaining: Vec<agenda_item::Model> = self
            .agendas(actor, &[item.meeting_id])
            .await?
            .into_iter()
            .filter(|i| i.id != item_id)
            .collect();
        renumber(&txn, &remaining).await?;
        bump_agenda(
            &txn,
            actor,
            &context.meeting,
            expected_version,
            format!("removed agenda item '{}'", item.title),
        )
        .await?;
        txn.commit().await?;
        self.agendas(actor, &[item.meeting_id]).await
    }

    async fn agenda_item(&self, item_id: i64) -> ServiceResult<agenda_item::Model> {
        agenda_item::Entity::find_by_id(item_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("agenda item"))
    }

    /// The agenda may change while the meeting is not held or cancelled, by whoever runs the table, from the version they saw.
    async fn editable_agenda(
        &self,
        actor: &Actor,
        meeting_id: i64,
        expected_version: i32,
    ) -> ServiceResult<MeetingContext> {
        let context = load(self.db, actor, meeting_id).await?;
        require_manage(actor, &context.roles)?;
        require_status(
            &context.meeting,
            &[MeetingStatus::Draft, MeetingStatus::Scheduled],
            "the agenda of a held or cancelled meeting cannot change",
        )?;
        if context.meeting.agenda_version != expected_version {
            return Err(ServiceError::stale(
                "the agenda",
                context.meeting.agenda_version,
            ));
        }
        Ok(context)
    }
}

pub(super) fn apply_agenda_fields(
    model: &mut agenda_item::ActiveModel,
    input: &AgendaItemInput,
) -> ServiceResult<()> {
    if let Some(raw) = input.description.as_deref() {
        model.description = Set(OptionalText::parse(Some(raw), TEXT_MAX).field("description")?);
    }
    if let Some(raw) = input.presenter.as_deref() {
        model.presenter = Set(OptionalText::parse(Some(raw), 200).field("presenter")?);
    }
    if let Some(minutes) = input.planned_minutes {
        if !(1..=600).contains(&minutes) {
            return Err(ServiceError::out_of_range("plannedMinutes", 1, 600));
        }
        model.planned_minutes = Set(Some(minutes));
    }
    if let Some(documents) = &input.documents {
        let mut links = Vec::new();
        for link in documents.iter().map(|d| d.trim()).filter(|d| !d.is_empty()) {
            links.push(parse_url(Some(link), "documents")?.unwrap_or_default());
        }
        model.documents = Set((!links.is_empty()).then(|| links.join("\n")));
    }
    Ok(())
}

pub(super) async fn renumber(
    txn: &DatabaseTransaction,
    items: &[agenda_item::Model],
) -> ServiceResult<()> {
    for (position, item) in items.iter().enumerate() {
        if item.position != position as i32 {
            agenda_item::Entity::update_many()
                .col_expr(agenda_item::Column::Position, Expr::value(position as i32))
                .filter(agenda_item::Column::Id.eq(item.id))
                .exec(txn)
                .await?;
        }
    }
    Ok(())
}

/// Raises the agenda version, failing if someone else raised it since `expected` (the check-and-set is atomic).
pub(super) async fn bump_agenda(
    txn: &DatabaseTransaction,
    actor: &Actor,
    meeting: &meeting::Model,
    expected: i32,
    summary: String,
) -> ServiceResult<()> {
    let result = meeting::Entity::update_many()
        .col_expr(meeting::Column::AgendaVersion, Expr::value(expected + 1))
        .filter(meeting::Column::Id.eq(meeting.id))
        .filter(meeting::Column::AgendaVersion.eq(expected))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ServiceError::stale("the agenda", expected + 1));
    }
    if meeting.status == MeetingStatus::Scheduled {
        events::publish(
            txn,
            actor,
            about(meeting, meeting.id),
            DomainEvent::AgendaChanged {
                agenda_version: expected + 1,
            },
        )
        .await?;
    }
    audit::record(txn, actor, meeting_change("agenda", meeting, summary)).await
}

pub(super) async fn add_follow_up_item(
    txn: &DatabaseTransaction,
    meeting: &meeting::Model,
) -> ServiceResult<()> {
    let open = action_item::Entity::find()
        .filter(action_item::Column::TableId.eq(meeting.table_id))
        .filter(action_item::Column::Status.is_in([
            ActionItemStatus::Open.as_str(),
            ActionItemStatus::InProgress.as_str(),
        ]))
        .order_by_asc(action_item::Column::DueDate)
        .all(txn)
        .await?;
    let earlier_meetings: Vec<i64> = meeting::Entity::find()
        .filter(meeting::Column::TableId.eq(meeting.table_id))
        .filter(meeting::Column::Id.ne(meeting.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let deferred = decision::Entity::find()
        .filter(decision::Column::MeetingId.is_in(earlier_meetings))
        .filter(decision::Column::Outcome.eq(DecisionOutcome::Deferred))
        .all(txn)
        .await?;
    if open.is_empty() && deferred.is_empty() {
        return Ok(());
    }
    let mut description = String::new();
    for item in &open {
        let due = item
            .due_date
            .map(|d| format!(" (scadenza {})", d.format("%d/%m/%Y")))
            .unwrap_or_default();
        description.push_str(&format!("- Azione: {}{due}\n", item.title));
    }
    for decision in &deferred {
        description.push_str(&format!(
            "- Decisione rinviata: {}\n",
            first_line(&decision.text)
        ));
    }
    agenda_item::ActiveModel {
        meeting_id: Set(meeting.id),
        position: Set(0),
        title: Set("Seguito delle azioni aperte e delle decisioni rinviate".to_owned()),
        description: Set(Some(description)),
        presenter: Set(None),
        planned_minutes: Set(None),
        documents: Set(None),
        follow_up: Set(true),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}
