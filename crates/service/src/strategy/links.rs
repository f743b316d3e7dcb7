//! Links between strategy elements and the table's decisions, agenda items, action items and protocols, and good
//! practices.
//! A link hangs on the element's key, so it holds in every version; both sides can list it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tavolo_domain::{Actor, StrategyLinkKind, StrategyStatus, policy};
use tavolo_store::entity::{
    action_item, agenda_item, decision, good_practice, meeting, protocol, strategy_element,
    strategy_link, strategy_version,
};
use tavolo_store::sea_orm;

use super::{StrategyService, access, change};
use crate::Reason;
use crate::audit;
use crate::{ServiceError, ServiceResult};

/// A link with what the UI shows of its target: a label and where it lives.
#[derive(Debug, Clone)]
pub struct DescribedLink {
    pub link: strategy_link::Model,
    pub label: String,
    /// The web page of the target, e.g. `/meetings/4`.
    pub path: String,
}

/// A link seen from its target: the element it comes from, in the newest version the actor may read.
#[derive(Debug, Clone)]
pub struct LinkedElement {
    pub link: strategy_link::Model,
    pub element: strategy_element::Model,
}

fn shortened(text: &str) -> String {
    const MAX: usize = 120;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

impl StrategyService<'_> {
    /// Links an element to a target of the same table (or to a practice the actor may read).
    pub async fn link(
        &self,
        actor: &Actor,
        element_id: i64,
        kind: StrategyLinkKind,
        target_id: i64,
    ) -> ServiceResult<strategy_link::Model> {
        let (element, version, access) = self.readable_element(actor, element_id).await?;
        access.require_edit(actor)?;
        self.check_target(actor, version.table_id, kind, target_id)
            .await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let existing = strategy_link::Entity::find()
            .filter(strategy_link::Column::TableId.eq(version.table_id))
            .filter(strategy_link::Column::ElementKey.eq(element.key.as_str()))
            .filter(strategy_link::Column::TargetKind.eq(kind.as_str()))
            .filter(strategy_link::Column::TargetId.eq(target_id))
            .one(&txn)
            .await?;
        if existing.is_some() {
            return Err(ServiceError::validation(
                "targetId",
                Reason::AlreadyExists,
                "the element is already linked to it",
            ));
        }
        let created_by = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let link = strategy_link::ActiveModel {
            table_id: Set(version.table_id),
            element_key: Set(element.key.clone()),
            target_kind: Set(kind),
            target_id: Set(target_id),
            created_by: Set(created_by),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!("linked {} to {} {}", element.code, kind.as_str(), target_id);
        audit::record(&txn, actor, change("link", &version, summary)).await?;
        txn.commit().await?;
        Ok(link)
    }

    pub async fn unlink(&self, actor: &Actor, link_id: i64) -> ServiceResult<strategy_link::Model> {
        let link = strategy_link::Entity::find_by_id(link_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("link"))?;
        let access = access(self.db, actor, link.table_id)
            .await
            .map_err(|_| ServiceError::not_found("link"))?;
        access.require_edit(actor)?;
        let version = strategy_version::Entity::find()
            .filter(strategy_version::Column::TableId.eq(link.table_id))
            .order_by_desc(strategy_version::Column::Number)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("link"))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        strategy_link::Entity::delete_by_id(link.id)
            .exec(&txn)
            .await?;
        let summary = format!(
            "removed the link to {} {}",
            link.target_kind, link.target_id
        );
        audit::record(&txn, actor, change("unlink", &version, summary)).await?;
        txn.commit().await?;
        Ok(link)
    }

    /// A target must exist, belong to the table (practices are the library's) and be readable by the actor.
    async fn check_target(
        &self,
        actor: &Actor,
        table_id: i64,
        kind: StrategyLinkKind,
        target_id: i64,
    ) -> ServiceResult<()> {
        let missing = || {
            ServiceError::validation(
                "targetId",
                Reason::UnknownReference,
                format!("no such {} in this table", kind.as_str()),
            )
        };
        let meeting_id = match kind {
            StrategyLinkKind::Practice => {
                return self
                    .practices_readable(actor, target_id)
                    .await
                    .map_err(|_| {
                        ServiceError::validation(
                            "targetId",
                            Reason::UnknownReference,
                            "no such practice",
                        )
                    });
            }
            StrategyLinkKind::Protocol => {
                let protocol = crate::protocols::load(self.db, actor, target_id).await.ok();
                return match protocol {
                    Some(context) if context.protocol.table_id == table_id => Ok(()),
                    _ => Err(missing()),
                };
            }
            StrategyLinkKind::Decision => decision::Entity::find_by_id(target_id)
                .one(self.db)
                .await?
                .map(|d| d.meeting_id),
            StrategyLinkKind::AgendaItem => agenda_item::Entity::find_by_id(target_id)
                .one(self.db)
                .await?
                .map(|a| a.meeting_id),
            StrategyLinkKind::ActionItem => action_item::Entity::find_by_id(target_id)
                .one(self.db)
                .await?
                .map(|a| a.meeting_id),
        };
        let meeting = match meeting_id {
            Some(id) => meeting::Entity::find_by_id(id).one(self.db).await?,
            None => None,
        };
        match meeting {
            Some(meeting) if meeting.table_id == table_id => Ok(()),
            _ => Err(missing()),
        }
    }

    async fn practices_readable(&self, actor: &Actor, practice_id: i64) -> ServiceResult<()> {
        let practice = good_practice::Entity::find_by_id(practice_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("practice"))?;
        if crate::practices::readable(actor, &practice) {
            return Ok(());
        }
        Err(ServiceError::not_found("practice"))
    }

    /// The links of these elements of a table whose targets the actor may read, oldest first, each with a label and
    /// page of its target. Links hang on element keys, shared by every version, so a link added in a draft also
    /// reaches the approved version: what a reader may not read is neither labelled nor listed.
    pub async fn links_of(
        &self,
        actor: &Actor,
        table_id: i64,
        element_keys: &[String],
    ) -> ServiceResult<Vec<DescribedLink>> {
        let links = strategy_link::Entity::find()
            .filter(strategy_link::Column::TableId.eq(table_id))
            .filter(strategy_link::Column::ElementKey.is_in(element_keys.iter().cloned()))
            .order_by_asc(strategy_link::Column::Id)
            .all(self.db)
            .await?;
        self.describe(actor, links).await
    }

    /// Labels for the links whose targets the actor may read, a few queries per kind of target.
    async fn describe(
        &self,
        actor: &Actor,
        links: Vec<strategy_link::Model>,
    ) -> ServiceResult<Vec<DescribedLink>> {
        let ids = |kind: StrategyLinkKind| -> Vec<i64> {
            links
                .iter()
                .filter(|l| l.target_kind == kind)
                .map(|l| l.target_id)
                .collect()
        };
        let mut labels: BTreeMap<(&str, i64), (String, String)> = BTreeMap::new();
        let decisions = decision::Entity::find()
            .filter(decision::Column::Id.is_in(ids(StrategyLinkKind::Decision)))
            .all(self.db)
            .await?;
        let action_items = action_item::Entity::find()
            .filter(action_item::Column::Id.is_in(ids(StrategyLinkKind::ActionItem)))
            .all(self.db)
            .await?;
        let agenda_items = agenda_item::Entity::find()
            .filter(agenda_item::Column::Id.is_in(ids(StrategyLinkKind::AgendaItem)))
            .all(self.db)
            .await?;
        let linked_meetings: Vec<i64> = decisions
            .iter()
            .map(|d| d.meeting_id)
            .chain(action_items.iter().map(|a| a.meeting_id))
            .chain(agenda_items.iter().map(|a| a.meeting_id))
            .collect();
        let minutes_readable = meeting_ids_in(
            self.db,
            &linked_meetings,
            meeting::Column::Id.in_subquery(crate::minutes::meetings_with_readable_minutes(actor)),
        )
        .await?;
        let meetings_visible = meeting_ids_in(
            self.db,
            &linked_meetings,
            crate::access::visible_meetings(actor).into(),
        )
        .await?;
        for d in decisions
            .into_iter()
            .filter(|d| minutes_readable.contains(&d.meeting_id))
        {
            labels.insert(
                ("decision", d.id),
                (shortened(&d.text), format!("/meetings/{}", d.meeting_id)),
            );
        }
        for a in agenda_items
            .into_iter()
            .filter(|a| meetings_visible.contains(&a.meeting_id))
        {
            labels.insert(
                ("agenda_item", a.id),
                (shortened(&a.title), format!("/meetings/{}", a.meeting_id)),
            );
        }
        for a in action_items
            .into_iter()
            .filter(|a| minutes_readable.contains(&a.meeting_id))
        {
            labels.insert(
                ("action_item", a.id),
                (shortened(&a.title), format!("/meetings/{}", a.meeting_id)),
            );
        }
        for p in good_practice::Entity::find()
            .filter(good_practice::Column::Id.is_in(ids(StrategyLinkKind::Practice)))
            .all(self.db)
            .await?
            .into_iter()
            .filter(|p| crate::practices::readable(actor, p))
        {
            labels.insert(
                ("practice", p.id),
                (shortened(&p.title), format!("/practices/{}", p.id)),
            );
        }
        for p in protocol::Entity::find()
            .filter(protocol::Column::Id.is_in(ids(StrategyLinkKind::Protocol)))
            .filter(crate::protocols::visible_protocols(actor))
            .all(self.db)
            .await?
        {
            labels.insert(
                ("protocol", p.id),
                (shortened(&p.title), format!("/protocols/{}", p.id)),
            );
        }
        Ok(links
            .into_iter()
            .filter_map(|link| {
                let (label, path) = labels
                    .get(&(link.target_kind.as_str(), link.target_id))?
                    .clone();
                Some(DescribedLink { link, label, path })
            })
            .collect())
    }

    /// Seen from targets: the elements linked to each of them, in the newest version of each table's strategy
    /// that the actor may read. Targets gone from every readable version are left out.
    pub async fn linked_elements(
        &self,
        actor: &Actor,
        kind: StrategyLinkKind,
        target_ids: &[i64],
    ) -> ServiceResult<Vec<LinkedElement>> {
        let links = strategy_link::Entity::find()
            .filter(strategy_link::Column::TargetKind.eq(kind.as_str()))
            .filter(strategy_link::Column::TargetId.is_in(target_ids.iter().copied()))
            .order_by_asc(strategy_link::Column::Id)
            .all(self.db)
            .await?;
        let tables: BTreeSet<i64> = links.iter().map(|l| l.table_id).collect();
        let mut newest: BTreeMap<i64, i64> = BTreeMap::new();
        for table_id in tables {
            let Ok(access) = access(self.db, actor, table_id).await else {
                continue;
            };
            let may_read_drafts = policy::can_read_strategy_draft(actor, &access.roles);
            let mut versions = strategy_version::Entity::find()
                .filter(strategy_version::Column::TableId.eq(table_id))
                .all(self.db)
                .await?;
            versions.retain(|v| may_read_drafts || v.status == StrategyStatus::Approved);
            if let Some(version) = versions.iter().max_by_key(|v| v.number) {
                newest.insert(table_id, version.id);
            }
        }
        let elements = strategy_element::Entity::find()
            .filter(strategy_element::Column::VersionId.is_in(newest.values().copied()))
            .filter(
                strategy_element::Column::Key.is_in(links.iter().map(|l| l.element_key.clone())),
            )
            .all(self.db)
            .await?;
        Ok(links
            .into_iter()
            .filter_map(|link| {
                let version_id = newest.get(&link.table_id)?;
                let element = elements
                    .iter()
                    .find(|e| e.version_id == *version_id && e.key == link.element_key)?
                    .clone();
                Some(LinkedElement { link, element })
            })
            .collect())
    }
}

/// The meetings among `ids` that meet `condition`.
async fn meeting_ids_in(
    conn: &impl ConnectionTrait,
    ids: &[i64],
    condition: sea_orm::sea_query::SimpleExpr,
) -> ServiceResult<BTreeSet<i64>> {
    Ok(meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(ids.iter().copied()))
        .filter(condition)
        .select_only()
        .column(meeting::Column::Id)
        .into_tuple::<i64>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}
