//! The table's local strategy: versions (draft → submitted → approved and frozen, a new draft starting from the last
//! approved one), their tree of objectives → actions → activities with indicators, and around it the progress,
//! links, comments, comparisons and exports that the submodules own.

mod comments;
mod compare;
mod elements;
mod export;
mod links;
mod progress;

pub use compare::{ElementChange, FieldChange};
pub use elements::partner_ids;
pub use elements::{ElementInput, IndicatorInput};
pub use links::{DescribedLink, LinkedElement};
pub use progress::{IndicatorProgress, ProgressSummary, ratio};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use tavolo_domain::{Actor, StrategyStatus, TableRoles, policy};
use tavolo_store::entity::{strategy_element, strategy_indicator, strategy_version, table};
use tavolo_store::sea_orm;

use crate::Reason;
use crate::access::roles_at;
use crate::audit::{self, Change};
use crate::{ServiceError, ServiceResult};

const DEFAULT_TITLE: &str = "Strategia locale per l'integrazione";

pub struct StrategyService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

/// A table the actor may see, and their roles at it.
pub(crate) struct Access {
    pub table: table::Model,
    pub roles: TableRoles,
}

impl Access {
    fn may_read(&self, actor: &Actor, version: &strategy_version::Model) -> bool {
        version.status == StrategyStatus::Approved
            || policy::can_read_strategy_draft(actor, &self.roles)
    }

    fn require_edit(&self, actor: &Actor) -> ServiceResult<()> {
        if !actor.is_signed_in() {
            return Err(ServiceError::Unauthenticated("sign in first".into()));
        }
        if !policy::can_edit_strategy(actor, &self.roles) {
            return Err(ServiceError::forbidden("edit this table's strategy"));
        }
        Ok(())
    }
}

/// The table (if the actor may see it) with the actor's roles; a hidden table is not found.
pub(crate) async fn access(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    table_id: i64,
) -> ServiceResult<Access> {
    let table = table::Entity::find_by_id(table_id)
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::not_found("table"))?;
    let roles = roles_at(conn, actor, table.id).await?;
    if !policy::can_read_table(actor, table.visibility, &roles) {
        return Err(ServiceError::not_found("table"));
    }
    Ok(Access { table, roles })
}

/// The table whose strategy an indicator belongs to, if the indicator exists.
pub(crate) async fn indicator_table(
    conn: &impl ConnectionTrait,
    indicator_id: i64,
) -> ServiceResult<Option<i64>> {
    let Some(indicator) = strategy_indicator::Entity::find_by_id(indicator_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(element) = strategy_element::Entity::find_by_id(indicator.element_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    Ok(strategy_version::Entity::find_by_id(element.version_id)
        .one(conn)
        .await?
        .map(|v| v.table_id))
}

/// A new random key for an element or indicator, the same in every version that carries it.
pub(crate) fn new_key() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

fn change(
    action: &'static str,
    version: &strategy_version::Model,
    summary: String,
) -> Change<'static> {
    Change {
        action,
        entity_type: "strategy",
        entity_id: version.id,
        table_id: Some(version.table_id),
        summary,
    }
}

impl StrategyService<'_> {
    /// A version the actor may read, with their access to its table.
    pub(crate) async fn readable(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> ServiceResult<(strategy_version::Model, Access)> {
        let version = strategy_version::Entity::find_by_id(version_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("strategy version"))?;
        let access = access(self.db, actor, version.table_id)
            .await
            .map_err(|_| ServiceError::not_found("strategy version"))?;
        if !access.may_read(actor, &version) {
            return Err(ServiceError::not_found("strategy version"));
        }
        Ok((version, access))
    }

    /// A version the actor may change the content of: a draft, by whoever runs the table.
    pub(crate) async fn editable(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> ServiceResult<strategy_version::Model> {
        let (version, access) = self.readable(actor, version_id).await?;
        access.require_edit(actor)?;
        match version.status {
            StrategyStatus::Draft => Ok(version),
            StrategyStatus::Submitted => Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "this version is submitted for approval: reopen it to edit",
            )),
            StrategyStatus::Approved => Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "this version is approved and frozen: start a new draft to change the strategy",
            )),
        }
    }

    pub async fn version(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> ServiceResult<strategy_version::Model> {
        Ok(self.readable(actor, version_id).await?.0)
    }

    /// The table's versions the actor may read, newest first: approved ones for everyone who sees the table,
    /// the open one for its members.
    pub async fn versions(
        &self,
        actor: &Actor,
        table_id: i64,
    ) -> ServiceResult<Vec<strategy_version::Model>> {
        let access = access(self.db, actor, table_id).await?;
        let rows = strategy_version::Entity::find()
            .filter(strategy_version::Column::TableId.eq(table_id))
            .order_by_desc(strategy_version::Column::Number)
            .all(self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter(|v| access.may_read(actor, v))
            .collect())
    }

    /// Whether the actor may edit, approve and comment on this table's strategy, for the UI.
    pub async fn abilities(
        &self,
        actor: &Actor,
        table_id: i64,
    ) -> ServiceResult<(bool, bool, bool)> {
        let access = access(self.db, actor, table_id).await?;
        Ok((
            policy::can_edit_strategy(actor, &access.roles),
            policy::can_approve_strategy(actor, &access.roles),
            actor.is_signed_in() && policy::can_read_strategy_draft(actor, &access.roles),
        ))
    }

    /// Opens a new draft, copied from the last approved version (or empty for the first one).
    pub async fn start_draft(
        &self,
        actor: &Actor,
        table_id: i64,
        title: Option<&str>,
    ) -> ServiceResult<strategy_version::Model> {
        let access = access(self.db, actor, table_id).await?;
        access.require_edit(actor)?;
        let title = tavolo_domain::OptionalText::parse(title, 200)
            .map_err(|e| ServiceError::invalid("title", e.0))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let versions = strategy_version::Entity::find()
            .filter(strategy_version::Column::TableId.eq(table_id))
            .order_by_desc(strategy_version::Column::Number)
            .all(&txn)
            .await?;
        if let Some(open) = versions
            .iter()
            .find(|v| v.status != StrategyStatus::Approved)
        {
            return Err(ServiceError::validation(
                "tableId",
                Reason::WrongState,
                format!(
                    "version {} is still open: approve it or keep working on it",
                    open.number
                ),
            ));
        }
        let base = versions.first();
        let now = Utc::now();
        let draft = strategy_version::ActiveModel {
            table_id: Set(table_id),
            number: Set(base.map_or(1, |v| v.number + 1)),
            status: Set(StrategyStatus::Draft),
            title: Set(title
                .or_else(|| base.map(|v| v.title.clone()))
                .unwrap_or_else(|| DEFAULT_TITLE.to_owned())),
            based_on_id: Set(base.map(|v| v.id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if let Some(base) = base {
            copy_tree(&txn, base.id, draft.id).await?;
        }
        let summary = format!(
            "started draft {} of the strategy of '{}'",
            draft.number, access.table.name
        );
        audit::record(&txn, actor, change("start_draft", &draft, summary)).await?;
        txn.commit().await?;
        Ok(draft)
    }

    /// The draft goes to the chair for approval; nothing in it can change until it is approved or reopened.
    pub async fn submit(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> ServiceResult<strategy_version::Model> {
        let version = self.editable(actor, version_id).await?;
        let has_objective = strategy_element::Entity::find()
            .filter(strategy_element::Column::VersionId.eq(version.id))
            .one(self.db)
            .await?
            .is_some();
        if !has_objective {
            return Err(ServiceError::validation(
                "versionId",
                Reason::WrongState,
                "an empty strategy cannot be submitted",
            ));
        }
        self.set_status(actor, version, StrategyStatus::Submitted, None, "submit")
            .await
    }

    /// A submitted version goes back to being a draft.
    pub async fn reopen(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> ServiceResult<strategy_version::Model> {
        let (version, access) = self.readable(actor, version_id).await?;
        access.require_edit(actor)?;
        if version.status != StrategyStatus::Submitted {
            return Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "only a submitted version can be reopened",
            ));
        }
        self.set_status(actor, version, StrategyStatus::Draft, None, "reopen")
            .await
    }

    /// The chair records the table's approval: the decision (approved, taken in one of this table's meetings)
    /// that adopted the submitted version, which is frozen from then on.
    pub async fn approve(
        &self,
        actor: &Actor,
        version_id: i64,
        decision_id: i64,
    ) -> ServiceResult<strategy_version::Model> {
        let (version, access) = self.readable(actor, version_id).await?;
        if !actor.is_signed_in() {
            return Err(ServiceError::Unauthenticated("sign in first".into()));
        }
        if !policy::can_approve_strategy(actor, &access.roles) {
            return Err(ServiceError::forbidden("approve this table's strategy"));
        }
        if version.status != StrategyStatus::Submitted {
            return Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                "only a version submitted for approval can be approved",
            ));
        }
        crate::minutes::approving_decision(self.db, version.table_id, decision_id).await?;
        self.set_status(
            actor,
            version,
            StrategyStatus::Approved,
            Some(decision_id),
            "approve",
        )
        .await
    }

    async fn set_status(
        &self,
        actor: &Actor,
        version: strategy_version::Model,
        status: StrategyStatus,
        decision_id: Option<i64>,
        action: &'static str,
    ) -> ServiceResult<strategy_version::Model> {
        let txn = tavolo_store::begin_write(self.db).await?;
        // Re-read inside the write lock: two approvals or an approval racing a reopen must not both pass.
        let current = strategy_version::Entity::find_by_id(version.id)
            .one(&txn)
            .await?
            .ok_or_else(|| ServiceError::not_found("strategy version"))?;
        if current.status != version.status {
            return Err(ServiceError::conflict(
                Reason::WrongState,
                format!(
                    "the version is now {}: reload and try again",
                    current.status
                ),
            ));
        }
        let now = Utc::now();
        let mut model = current.into_active_model();
        model.status = Set(status);
        model.updated_at = Set(now);
        match status {
            StrategyStatus::Submitted => model.submitted_at = Set(Some(now)),
            StrategyStatus::Approved => {
                model.approved_at = Set(Some(now));
                model.approved_by = Set(actor.person_id());
                model.decision_id = Set(decision_id);
            }
            StrategyStatus::Draft => model.submitted_at = Set(None),
        }
        let updated = model.update(&txn).await?;
        let summary = format!(
            "strategy version {} is now {}",
            updated.number, updated.status
        );
        audit::record(&txn, actor, change(action, &updated, summary)).await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Versions approved by these decisions that the actor may read: the decision's side of the approval.
    pub async fn approved_by_decisions(
        &self,
        actor: &Actor,
        decision_ids: &[i64],
    ) -> ServiceResult<Vec<strategy_version::Model>> {
        let versions = strategy_version::Entity::find()
            .filter(strategy_version::Column::DecisionId.is_in(decision_ids.iter().copied()))
            .all(self.db)
            .await?;
        let mut readable = Vec::with_capacity(versions.len());
        for version in versions {
            let Ok(access) = access(self.db, actor, version.table_id).await else {
                continue;
            };
            if access.may_read(actor, &version) {
                readable.push(version);
            }
        }
        Ok(readable)
    }
}

/// Everything a version's page shows, loaded in a fixed number of queries whatever the tree's size.
#[derive(Debug, Clone)]
pub struct TreeView {
    pub version: strategy_version::Model,
    pub elements: Vec<strategy_element::Model>,
    pub indicators: Vec<strategy_indicator::Model>,
    /// Oldest first.
    pub progress: Vec<tavolo_store::entity::strategy_progress::Model>,
    pub links: Vec<DescribedLink>,
    pub comments: Vec<tavolo_store::entity::strategy_comment::Model>,
}

impl TreeView {
    /// An activity's latest recorded status (planned until one is recorded); none for objectives and actions.
    pub fn activity_status(
        &self,
        element: &strategy_element::Model,
    ) -> Option<tavolo_domain::ActivityStatus> {
        if element.level != tavolo_domain::StrategyLevel::Activity {
            return None;
        }
        let latest = self
            .progress
            .iter()
            .rev()
            .filter(|r| r.element_key == element.key && r.indicator_key.is_none())
            .find_map(|r| r.status);
        Some(latest.unwrap_or(tavolo_domain::ActivityStatus::Planned))
    }

    /// An indicator's measurements, oldest first.
    pub fn measurements<'a>(
        &'a self,
        indicator: &'a strategy_indicator::Model,
    ) -> impl Iterator<Item = &'a tavolo_store::entity::strategy_progress::Model> {
        self.progress
            .iter()
            .filter(move |r| r.indicator_key.as_deref() == Some(indicator.key.as_str()))
    }

    /// An indicator's latest measured value.
    pub fn current_value(&self, indicator: &strategy_indicator::Model) -> Option<f64> {
        self.progress
            .iter()
            .rev()
            .filter(|r| r.indicator_key.as_deref() == Some(indicator.key.as_str()))
            .find_map(|r| r.value)
    }
}

impl StrategyService<'_> {
    pub async fn tree_view(&self, actor: &Actor, version_id: i64) -> ServiceResult<TreeView> {
        let (version, _) = self.readable(actor, version_id).await?;
        let (elements, indicators) = elements::tree_of(self.db, version.id).await?;
        let keys: Vec<String> = elements.iter().map(|e| e.key.clone()).collect();
        let progress = self.progress_records(version.table_id, &keys).await?;
        let links = self.links_of(actor, version.table_id, &keys).await?;
        let comments = self.comments(actor, version.id).await?;
        Ok(TreeView {
            version,
            elements,
            indicators,
            progress,
            links,
            comments,
        })
    }
}

/// Copies a version's elements and indicators into another version, keeping their keys.
async fn copy_tree(conn: &impl ConnectionTrait, from: i64, to: i64) -> ServiceResult<()> {
    let (elements, indicators) = elements::tree_of(conn, from).await?;
    let now = Utc::now();
    for element in elements {
        let old_id = element.id;
        let mut copy = element.into_active_model();
        copy.id = sea_orm::ActiveValue::NotSet;
        copy.version_id = Set(to);
        copy.version = Set(1);
        copy.created_at = Set(now);
        copy.updated_at = Set(now);
        let copied = copy.insert(conn).await?;
        for indicator in indicators.iter().filter(|i| i.element_id == old_id) {
            let mut copy = indicator.clone().into_active_model();
            copy.id = sea_orm::ActiveValue::NotSet;
            copy.element_id = Set(copied.id);
            copy.insert(conn).await?;
        }
    }
    Ok(())
}
