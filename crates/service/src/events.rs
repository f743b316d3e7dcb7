//! Domain events: written in the transaction of the change they describe, for the mail worker to consume.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use tavolo_domain::{Actor, DomainEvent};
use tavolo_store::entity::domain_event;
use tavolo_store::sea_orm;

use crate::ServiceResult;

/// Where an event belongs: a meeting of a table (and the entity it concerns), another record of a table, or a person's
/// account.
pub enum Subject {
    Meeting {
        table_id: i64,
        meeting_id: i64,
        entity_id: i64,
    },
    Account {
        person_id: i64,
    },
    /// A record of a table that no meeting holds (a questionnaire).
    Table {
        table_id: i64,
        entity_id: i64,
    },
}

/// Writes `event` inside the caller's transaction: it exists exactly when the change does.
pub async fn publish(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    subject: Subject,
    event: DomainEvent,
) -> ServiceResult<()> {
    let (table_id, meeting_id, entity_id) = match subject {
        Subject::Meeting {
            table_id,
            meeting_id,
            entity_id,
        } => (Some(table_id), Some(meeting_id), entity_id),
        Subject::Account { person_id } => (None, None, person_id),
        Subject::Table {
            table_id,
            entity_id,
        } => (Some(table_id), None, entity_id),
    };
    domain_event::ActiveModel {
        kind: Set(event.kind().to_owned()),
        table_id: Set(table_id),
        meeting_id: Set(meeting_id),
        entity_id: Set(entity_id),
        actor_id: Set(actor.person_id()),
        payload: Set(event.payload()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
