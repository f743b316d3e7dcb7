//! Decisions recorded in the minutes, from an agenda item, with their outcome and optional votes.

#[allow(unused_imports)]
use super::*;

impl MinutesService<'_> {
    pub async fn add_decision(
        &self,
        actor: &Actor,
        agenda_item_id: i64,
        input: DecisionInput,
    ) -> ServiceResult<decision::Model> {
        let item = agenda_item::Entity::find_by_id(agenda_item_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("agenda item"))?;
        let (context, current) = self
            .editable(
                actor,
                item.meeting_id,
                existing(self.db, item.meeting_id).await?.version,
            )
            .await?;
        let text = check_decision(&input)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let now = Utc::now();
        let created = decision::ActiveModel {
            meeting_id: Set(item.meeting_id),
            agenda_item_id: Set(agenda_item_id),
            text: Set(text),
            outcome: Set(input.outcome),
            votes_for: Set(input.votes_for),
            votes_against: Set(input.votes_against),
            votes_abstained: Set(input.votes_abstained),
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
        audit::record(
            &txn,
            actor,
            meeting_change(
                "decision",
                &context.meeting,
                format!(
                    "recorded a decision ({}) on '{}'",
                    input.outcome, item.title
                ),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    pub async fn update_decision(
        &self,
        actor: &Actor,
        decision_id: i64,
        input: DecisionInput,
    ) -> ServiceResult<decision::Model> {
        let found = decision::Entity::find_by_id(decision_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("decision"))?;
        let (context, current) = self
            .editable(
                actor,
                found.meeting_id,
                existing(self.db, found.meeting_id).await?.version,
            )
            .await?;
        let text = check_decision(&input)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = found.into_active_model();
        model.text = Set(text);
        model.outcome = Set(input.outcome);
        model.votes_for = Set(input.votes_for);
        model.votes_against = Set(input.votes_against);
        model.votes_abstained = Set(input.votes_abstained);
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        bump(
            &txn,
            actor,
            &current,
            current.version,
            RevisionKind::Save,
            None,
        )
        .await?;
        audit::record(
            &txn,
            actor,
            meeting_change(
                "decision",
                &context.meeting,
                format!("changed decision {decision_id}"),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }
}

/// The decision's text, trimmed, once text and votes are within bounds.
fn check_decision(input: &DecisionInput) -> ServiceResult<String> {
    let text = OptionalText::parse(Some(&input.text), DECISION_MAX)
        .field("text")?
        .ok_or_else(|| ServiceError::required("text"))?;
    for (value, field) in [
        (input.votes_for, "votesFor"),
        (input.votes_against, "votesAgainst"),
        (input.votes_abstained, "votesAbstained"),
    ] {
        if value.is_some_and(|v| !(0..=10_000).contains(&v)) {
            return Err(ServiceError::out_of_range(field, 0, 10000));
        }
    }
    Ok(text)
}

/// The decision that adopts a document of `table_id` (a strategy version, a protocol): one taken in a meeting of the
/// table, with the outcome "approved"; anything else is refused on `decisionId`.
pub(crate) async fn approving_decision(
    conn: &impl sea_orm::ConnectionTrait,
    table_id: i64,
    decision_id: i64,
) -> ServiceResult<decision::Model> {
    let refuse =
        |message: &str| ServiceError::validation("decisionId", Reason::UnknownReference, message);
    let decision = decision::Entity::find_by_id(decision_id)
        .one(conn)
        .await?
        .ok_or_else(|| refuse("no such decision"))?;
    let meeting = meeting::Entity::find_by_id(decision.meeting_id)
        .one(conn)
        .await?
        .ok_or_else(|| refuse("no such decision"))?;
    if meeting.table_id != table_id {
        return Err(refuse("the decision was taken by another table"));
    }
    if decision.outcome != DecisionOutcome::Approved {
        return Err(ServiceError::validation(
            "decisionId",
            Reason::WrongState,
            "the decision did not approve anything (its outcome is not 'approved')",
        ));
    }
    Ok(decision)
}
