//! Search as the caller: their access tokens, the request to the engine, and the indexer that follows the audit
//! log — written in the same transaction as every change — to keep the index current, catching up after outages.

mod documents;

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use tavolo_domain::{Actor, MembershipRole};
use tavolo_search::{Readers, SearchEngine, SearchError, SearchRequest, SearchResults, Synonyms};
use tavolo_store::entity::{
    action_item, audit_event, course, good_practice, meeting, membership, protocol, questionnaire,
    search_cursor, search_synonym, strategy_version,
};
use tavolo_store::{lease, sea_orm};

pub use documents::Scope;
use documents::{minutes_readers, table_members};

use crate::{Bounds, Problem, Reason};
use crate::{ServiceError, ServiceResult};

pub struct SearchService<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) engine: &'a Arc<dyn SearchEngine>,
}

impl From<SearchError> for ServiceError {
    fn from(err: SearchError) -> Self {
        match err {
            SearchError::Invalid {
                field,
                max,
                message,
            } => {
                let reason = if field == "query" {
                    Reason::TooLong
                } else {
                    Reason::OutOfRange
                };
                let bounds = if field == "query" {
                    Bounds::max(max)
                } else {
                    Bounds::range(0, max)
                };
                ServiceError::invalid(field, Problem::new(reason, message).with_bounds(bounds))
            }
            SearchError::Engine(detail) => ServiceError::Internal(detail),
        }
    }
}

impl SearchService<'_> {
    /// The access tokens of the caller; administrators read everything.
    pub async fn readers(&self, actor: &Actor) -> ServiceResult<Readers> {
        if actor.is_admin() {
            return Ok(Readers::All);
        }
        let mut tokens = vec!["public".to_owned()];
        let Some(person_id) = actor.person_id() else {
            return Ok(Readers::Tokens(tokens));
        };
        tokens.push("signed_in".into());
        tokens.push(format!("person:{person_id}"));
        if actor.is_moderator() {
            tokens.push("moderators".into());
        }
        let roles = membership::Entity::find()
            .filter(membership::Column::PersonId.eq(person_id))
            .filter(membership::in_force(Utc::now()))
            .all(self.db)
            .await?;
        let mut tables = BTreeSet::new();
        for role in roles {
            tables.insert((role.table_id, false));
            let reads_minutes = matches!(
                role.role,
                MembershipRole::Delegate | MembershipRole::Secretariat | MembershipRole::Chair
            );
            if reads_minutes {
                tables.insert((role.table_id, true));
            }
        }
        for (table_id, minutes) in tables {
            tokens.push(if minutes {
                minutes_readers(table_id)
            } else {
                table_members(table_id)
            });
        }
        Ok(Readers::Tokens(tokens))
    }

    /// Searches what the caller may read: the engine filters by their tokens, so counts and pages are theirs.
    pub async fn search(
        &self,
        actor: &Actor,
        mut request: SearchRequest,
    ) -> ServiceResult<SearchResults> {
        request.readers = self.readers(actor).await?;
        Ok(self.engine.search(request).await?)
    }

    /// Changes not yet in the index.
    pub async fn pending(&self) -> ServiceResult<u64> {
        let last = last_event(self.db).await?;
        let done = cursor(self.db).await?;
        Ok(last.saturating_sub(done) as u64)
    }

    /// Brings the index up to date with up to `batch` audit events; returns how many were applied. When the engine
    /// fails, the cursor stays where it was and the same events are applied next time.
    pub async fn catch_up(&self, batch: u64) -> ServiceResult<usize> {
        let from = cursor(self.db).await?;
        let events = audit_event::Entity::find()
            .filter(audit_event::Column::Id.gt(from))
            .order_by_asc(audit_event::Column::Id)
            .limit(batch)
            .all(self.db)
            .await?;
        if events.is_empty() {
            return Ok(0);
        }
        let mut scopes = BTreeSet::new();
        for event in &events {
            scopes.extend(self.scopes_of(event).await?);
        }
        self.rebuild(scopes.into_iter().collect()).await?;
        let safe = settled_up_to(from, &events, Utc::now());
        if safe > from {
            set_cursor(self.db, safe).await?;
        }
        Ok(events.len())
    }

    /// One turn of the indexer in a process named `holder`: only the holder of the indexer's lease applies events,
    /// so several servers on one database index each change once; the others let go of the engine's writer.
    pub async fn follow(&self, holder: &str, batch: u64) -> ServiceResult<usize> {
        let txn = tavolo_store::begin_write(self.db).await?;
        let holds = lease::acquire(
            &txn,
            INDEXER_LEASE,
            holder,
            Duration::seconds(INDEXER_LEASE_SECONDS),
        )
        .await?;
        txn.commit().await?;
        if !holds {
            self.engine.stand_down().await?;
            return Ok(0);
        }
        self.catch_up(batch).await
    }

    /// Hands the indexer's lease over at shutdown.
    pub async fn stop_following(&self, holder: &str) -> ServiceResult<()> {
        let txn = tavolo_store::begin_write(self.db).await?;
        lease::release(&txn, INDEXER_LEASE, holder).await?;
        Ok(txn.commit().await?)
    }

    /// Makes the indexer replay the whole audit log: for an index that was lost or is new.
    pub async fn restart_from_scratch(&self) -> ServiceResult<()> {
        set_cursor(self.db, 0).await
    }

    /// Empties the index and rebuilds it from the database.
    pub async fn reindex(&self) -> ServiceResult<usize> {
        let last = last_event(self.db).await?;
        self.engine.clear().await?;
        let mut scopes = Vec::new();
        let every = Condition::all();
        scopes.extend(
            ids_of::<good_practice::Entity>(self.db, good_practice::Column::Id, every.clone())
                .await?
                .into_iter()
                .map(Scope::Practice),
        );
        scopes.extend(
            ids_of::<meeting::Entity>(self.db, meeting::Column::Id, every.clone())
                .await?
                .into_iter()
                .map(Scope::Meeting),
        );
        scopes.extend(
            ids_of::<course::Entity>(self.db, course::Column::Id, every.clone())
                .await?
                .into_iter()
                .map(Scope::Course),
        );
        scopes.extend(
            ids_of::<protocol::Entity>(self.db, protocol::Column::Id, every.clone())
                .await?
                .into_iter()
                .map(Scope::Protocol),
        );
        scopes.extend(
            ids_of::<questionnaire::Entity>(self.db, questionnaire::Column::Id, every)
                .await?
                .into_iter()
                .map(Scope::Questionnaire),
        );
        let tables: BTreeSet<i64> = strategy_version::Entity::find()
            .select_only()
            .column(strategy_version::Column::TableId)
            .into_tuple::<i64>()
            .all(self.db)
            .await?
            .into_iter()
            .collect();
        scopes.extend(tables.into_iter().map(Scope::Strategy));
        let count = scopes.len();
        self.rebuild(scopes).await?;
        set_cursor(self.db, last).await?;
        Ok(count)
    }

    /// Reads the scopes' documents and replaces them in the engine, a bounded number of scopes per engine write.
    async fn rebuild(&self, scopes: Vec<Scope>) -> ServiceResult<()> {
        for chunk in scopes.chunks(REBUILD_CHUNK) {
            let mut replacements = Vec::with_capacity(chunk.len());
            for scope in chunk {
                replacements.push((scope.key(), documents::documents(self.db, *scope).await?));
            }
            self.engine.replace_scopes(replacements).await?;
        }
        Ok(())
    }

    /// Which documents an audited change touches.
    async fn scopes_of(&self, event: &audit_event::Model) -> ServiceResult<Vec<Scope>> {
        Ok(match event.entity_type.as_str() {
            "good_practice" => vec![Scope::Practice(event.entity_id)],
            "meeting" => vec![Scope::Meeting(event.entity_id)],
            "course" => vec![Scope::Course(event.entity_id)],
            "protocol" => vec![Scope::Protocol(event.entity_id)],
            "questionnaire" => vec![Scope::Questionnaire(event.entity_id)],
            "action_item" => action_item::Entity::find_by_id(event.entity_id)
                .one(self.db)
                .await?
                .map(|a| vec![Scope::Meeting(a.meeting_id)])
                .unwrap_or_default(),
            "strategy" => event.table_id.map(Scope::Strategy).into_iter().collect(),
            // A table's visibility decides who reads its meetings, courses, protocols and strategy.
            "table" => {
                let table = event.entity_id;
                let mut scopes = vec![Scope::Strategy(table)];
                let of_table =
                    |column: sea_orm::sea_query::SimpleExpr| Condition::all().add(column);
                scopes.extend(
                    ids_of::<course::Entity>(
                        self.db,
                        course::Column::Id,
                        of_table(course::Column::TableId.eq(table)),
                    )
                    .await?
                    .into_iter()
                    .map(Scope::Course),
                );
                scopes.extend(
                    ids_of::<protocol::Entity>(
                        self.db,
                        protocol::Column::Id,
                        of_table(protocol::Column::TableId.eq(table)),
                    )
                    .await?
                    .into_iter()
                    .map(Scope::Protocol),
                );
                scopes.extend(
                    ids_of::<questionnaire::Entity>(
                        self.db,
                        questionnaire::Column::Id,
                        of_table(questionnaire::Column::TableId.eq(table)),
                    )
                    .await?
                    .into_iter()
                    .map(Scope::Questionnaire),
                );
                scopes.extend(
                    ids_of::<meeting::Entity>(
                        self.db,
                        meeting::Column::Id,
                        of_table(meeting::Column::TableId.eq(table)),
                    )
                    .await?
                    .into_iter()
                    .map(Scope::Meeting),
                );
                scopes
            }
            _ => Vec::new(),
        })
    }
}

/// The ids of the rows of `E` that meet `condition`.
async fn ids_of<E: EntityTrait>(
    db: &DatabaseConnection,
    id: E::Column,
    condition: Condition,
) -> ServiceResult<Vec<i64>> {
    Ok(E::find()
        .filter(condition)
        .select_only()
        .column(id)
        .into_tuple::<i64>()
        .all(db)
        .await?)
}

async fn last_event(db: &DatabaseConnection) -> ServiceResult<i64> {
    Ok(audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Id)
        .one(db)
        .await?
        .map_or(0, |e| e.id))
}

/// Scopes written to the engine at once: one commit each, with their documents held in memory meanwhile.
const REBUILD_CHUNK: usize = 200;

/// The indexer's lease: renewed every turn, taken over this long after its holder stopped.
const INDEXER_LEASE: &str = "search-indexer";
const INDEXER_LEASE_SECONDS: i64 = 10;
/// An id missing from the log for this long belongs to a transaction that rolled back, not one still running.
const GAP_GRACE_SECONDS: i64 = 10;

/// How far the cursor may move after `events` (ordered by id, all after `from`). On PostgreSQL ids come from a
/// sequence when a transaction inserts, not when it commits: a missing id may still appear, so the cursor stops
/// before it until it is old enough to be a rollback. The events past it are applied again next turn (harmless).
fn settled_up_to(from: i64, events: &[audit_event::Model], now: chrono::DateTime<Utc>) -> i64 {
    let mut safe = from;
    for event in events {
        let after_gap = event.id != safe + 1;
        if after_gap && event.created_at > now - Duration::seconds(GAP_GRACE_SECONDS) {
            break;
        }
        safe = event.id;
    }
    safe
}

async fn cursor(db: &DatabaseConnection) -> ServiceResult<i64> {
    Ok(search_cursor::Entity::find_by_id(1)
        .one(db)
        .await?
        .map_or(0, |c| c.last_event_id))
}

/// Moves the cursor, as a write transaction like every other, so it takes its turn instead of polling the lock.
async fn set_cursor(db: &DatabaseConnection, last: i64) -> ServiceResult<()> {
    let txn = tavolo_store::begin_write(db).await?;
    let row = search_cursor::ActiveModel {
        id: Set(1),
        last_event_id: Set(last),
        updated_at: Set(Utc::now()),
    };
    if search_cursor::Entity::find_by_id(1)
        .one(&txn)
        .await?
        .is_some()
    {
        row.update(&txn).await?;
    } else {
        row.insert(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

const SYNONYM_GROUPS_MAX: usize = 300;
const SYNONYM_CHARS_MAX: usize = 100;

impl SearchService<'_> {
    /// The synonym groups in force: the administrators' when they saved some, the built-in ones otherwise.
    pub async fn synonyms(&self) -> ServiceResult<Vec<Vec<String>>> {
        let rows = search_synonym::Entity::find()
            .order_by_asc(search_synonym::Column::Position)
            .all(self.db)
            .await?;
        if rows.is_empty() {
            return Ok(Synonyms::default().groups());
        }
        Ok(rows
            .into_iter()
            .map(|r| r.members.split('|').map(str::to_owned).collect())
            .collect())
    }

    /// Gives the engine the stored synonyms (at start, and when another process changed them).
    pub async fn load_synonyms(&self) -> ServiceResult<()> {
        let groups = self.synonyms().await?;
        self.engine.set_synonyms(Synonyms::new(groups)).await?;
        Ok(())
    }

    /// Administrators replace the whole list; each group needs two members or more.
    pub async fn set_synonyms(
        &self,
        actor: &Actor,
        groups: Vec<Vec<String>>,
    ) -> ServiceResult<Vec<Vec<String>>> {
        if !actor.is_admin() {
            return Err(ServiceError::forbidden("edit the search synonyms"));
        }
        if groups.len() > SYNONYM_GROUPS_MAX {
            return Err(ServiceError::too_many(
                "groups",
                SYNONYM_GROUPS_MAX as u64,
                "groups",
            ));
        }
        let mut cleaned = Vec::new();
        for (index, group) in groups.iter().enumerate() {
            let members: Vec<String> = group
                .iter()
                .map(|m| m.trim().to_owned())
                .filter(|m| !m.is_empty())
                .collect();
            if members.len() < 2 {
                return Err(ServiceError::validation(
                    "groups",
                    Reason::Malformed,
                    format!("group {} needs at least two terms", index + 1),
                ));
            }
            if let Some(long) = members
                .iter()
                .find(|m| m.chars().count() > SYNONYM_CHARS_MAX || m.contains('|'))
            {
                return Err(ServiceError::validation(
                    "groups",
                    Reason::Malformed,
                    format!("'{long}' is too long or contains '|'"),
                ));
            }
            cleaned.push(members);
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        search_synonym::Entity::delete_many().exec(&txn).await?;
        for (position, members) in cleaned.iter().enumerate() {
            search_synonym::ActiveModel {
                position: Set(position as i32),
                members: Set(members.join("|")),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        crate::audit::record(
            &txn,
            actor,
            crate::audit::Change {
                action: "set_synonyms",
                entity_type: "search_synonyms",
                entity_id: 0,
                table_id: None,
                summary: format!("saved {} search synonym groups", cleaned.len()),
            },
        )
        .await?;
        txn.commit().await?;
        self.engine
            .set_synonyms(Synonyms::new(cleaned.clone()))
            .await?;
        Ok(cleaned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i64, age_seconds: i64, now: chrono::DateTime<Utc>) -> audit_event::Model {
        audit_event::Model {
            id,
            actor_id: None,
            action: "test".into(),
            entity_type: "test".into(),
            entity_id: 0,
            table_id: None,
            summary: String::new(),
            created_at: now - Duration::seconds(age_seconds),
        }
    }

    #[test]
    fn the_cursor_waits_at_a_recent_gap_and_passes_an_old_one() {
        let now = Utc::now();
        let contiguous = [event(5, 0, now), event(6, 0, now)];
        assert_eq!(settled_up_to(4, &contiguous, now), 6);
        // Id 6 may belong to a transaction still running: stop before it.
        let recent_gap = [event(5, 0, now), event(7, 1, now), event(8, 1, now)];
        assert_eq!(settled_up_to(4, &recent_gap, now), 5);
        // After the grace it was a rollback: move on.
        let old_gap = [event(5, 60, now), event(7, 60, now), event(8, 0, now)];
        assert_eq!(settled_up_to(4, &old_gap, now), 8);
        assert_eq!(settled_up_to(4, &[], now), 4);
    }
}
