//! Domain events became one typed enum (`tavolo_domain::DomainEvent`) whose payload shape follows from its kind.
//! Events still waiting for the mail worker when the upgrade runs are rewritten into those shapes, so none is lost:
//! a series' announcement gets its own kind (it was a meeting kind whose payload named the series), a scheduled
//! meeting's snapshot moves under `meeting`, and a changed password's empty payload becomes an empty object.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DomainEvents {
    Table,
    Id,
    Kind,
    Payload,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let rows = db
            .query_all_raw(Statement::from_string(
                manager.get_database_backend(),
                "SELECT id, kind, payload FROM domain_events WHERE dispatched_at IS NULL",
            ))
            .await?;
        for row in rows {
            let id: i64 = row.try_get("", "id")?;
            let kind: String = row.try_get("", "kind")?;
            let payload: String = row.try_get("", "payload")?;
            let Some((kind, payload)) = typed(&kind, &payload) else {
                continue;
            };
            let update = Query::update()
                .table(DomainEvents::Table)
                .value(DomainEvents::Kind, kind)
                .value(DomainEvents::Payload, payload)
                .and_where(Expr::col(DomainEvents::Id).eq(id))
                .to_owned();
            manager.exec_stmt(update).await?;
        }
        Ok(())
    }
}

/// The typed kind and payload of a waiting event stored the old way; `None` when it already has them.
fn typed(kind: &str, payload: &str) -> Option<(String, String)> {
    let value: Value = serde_json::from_str(payload).unwrap_or(Value::Null);
    let series = value.get("series").cloned();
    let (kind, value) = match (kind, series) {
        ("meeting_scheduled", Some(series)) => ("series_scheduled", json!({ "series": series })),
        ("meeting_rescheduled", Some(series)) => {
            ("series_rescheduled", json!({ "series": series }))
        }
        ("meeting_scheduled", None) if value.get("uid").is_some() => {
            ("meeting_scheduled", json!({ "meeting": value }))
        }
        ("password_changed", _) if !value.is_object() => ("password_changed", json!({})),
        _ => return None,
    };
    Some((kind.to_owned(), value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::typed;

    #[test]
    fn old_shapes_take_the_typed_ones() {
        assert_eq!(
            typed("meeting_scheduled", r#"{"series":4,"reason":null}"#),
            Some(("series_scheduled".into(), r#"{"series":4}"#.into()))
        );
        assert_eq!(
            typed("meeting_rescheduled", r#"{"series":4,"reason":null}"#),
            Some(("series_rescheduled".into(), r#"{"series":4}"#.into()))
        );
        assert_eq!(
            typed("meeting_scheduled", r#"{"id":1,"uid":"m-1"}"#),
            Some((
                "meeting_scheduled".into(),
                r#"{"meeting":{"id":1,"uid":"m-1"}}"#.into()
            ))
        );
        assert_eq!(
            typed("password_changed", "null"),
            Some(("password_changed".into(), "{}".into()))
        );
    }

    #[test]
    fn typed_shapes_stay() {
        assert_eq!(typed("meeting_scheduled", r#"{"meeting":{"id":1}}"#), None);
        assert_eq!(
            typed("invitation_added", r#"{"email":"a@b.example"}"#),
            None
        );
        assert_eq!(
            typed("series_cancelled", r#"{"series":4,"reason":"x"}"#),
            None
        );
        assert_eq!(typed("password_changed", "{}"), None);
    }
}
