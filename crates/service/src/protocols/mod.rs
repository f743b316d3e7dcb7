//! Operational protocols of a table: a protocol and its numbered versions (a draft written in sections and commented
//! by the members, adopted by a decision of the table, in force from a date, revised in a new draft), the
//! organizations named to sign each version and their signatures, its links to practices and its files.

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tavolo_domain::{Actor, Name, ProtocolStanding, ProtocolStatus, TableRoles, policy};
use tavolo_store::entity::{protocol, protocol_section, protocol_signatory, protocol_version};
use tavolo_store::sea_orm;

use crate::access::{self, readable_table_ids, tables_of};
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::{Reason, ServiceError, ServiceResult};

mod comments;
mod compare;
mod draft;
mod files;
mod practices;
mod signatures;

pub use compare::document;
pub use draft::{DraftInput, SectionInput};
pub use files::{ProtocolDownload, download_path};
pub use practices::LinkedPractice;

/// A table lists at most this many protocols.
pub const LIST_MAX: u64 = 500;

pub struct ProtocolService<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) files: &'a crate::Files,
}

/// A protocol with what every rule about it needs: the actor's roles at its table.
pub(crate) struct ProtocolContext {
    pub protocol: protocol::Model,
    pub roles: TableRoles,
}

impl ProtocolContext {
    fn may_read_drafts(&self, actor: &Actor) -> bool {
        policy::can_read_protocol_draft(actor, &self.roles)
    }

    fn may_read(&self, actor: &Actor, version: &protocol_version::Model) -> bool {
        version.status == ProtocolStatus::Adopted || self.may_read_drafts(actor)
    }

    fn may_edit(&self, actor: &Actor) -> bool {
        actor.is_signed_in() && policy::can_edit_protocols(actor, &self.roles)
    }

    fn require_edit(&self, actor: &Actor) -> ServiceResult<()> {
        access::require_signed_in(actor)?;
        if self.may_edit(actor) {
            return Ok(());
        }
        Err(ServiceError::forbidden("draft this table's protocols"))
    }
}

/// What the actor may do with a protocol, for the UI.
#[derive(Debug, Clone, Copy)]
pub struct Abilities {
    pub edit: bool,
    pub adopt: bool,
    pub comment: bool,
}

/// The protocol if the actor may see it: its table is readable, and it has an adopted version or the actor may read
/// drafts. A protocol hidden from the actor is not found.
pub(crate) async fn load(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    protocol_id: i64,
) -> ServiceResult<ProtocolContext> {
    let missing = || ServiceError::not_found("protocol");
    let protocol = protocol::Entity::find_by_id(protocol_id)
        .one(conn)
        .await?
        .ok_or_else(missing)?;
    let access = crate::strategy::access(conn, actor, protocol.table_id)
        .await
        .map_err(|_| missing())?;
    let context = ProtocolContext {
        protocol,
        roles: access.roles,
    };
    if context.may_read_drafts(actor) {
        return Ok(context);
    }
    let adopted = protocol_version::Entity::find()
        .filter(protocol_version::Column::ProtocolId.eq(protocol_id))
        .filter(protocol_version::Column::Status.eq(ProtocolStatus::Adopted))
        .one(conn)
        .await?;
    if adopted.is_none() {
        return Err(missing());
    }
    Ok(context)
}

/// The protocols of the tables in `tables`, as a subquery.
fn protocols_at(tables: SelectStatement) -> SelectStatement {
    Query::select()
        .column(protocol::Column::Id)
        .from(protocol::Entity)
        .and_where(protocol::Column::TableId.in_subquery(tables))
        .to_owned()
}

/// The SQL form of the reading rule for versions: adopted ones of readable tables for everyone, drafts for the
/// table's members.
pub(crate) fn readable_versions(actor: &Actor) -> Condition {
    let drafts = if actor.is_admin() {
        Condition::all()
    } else {
        Condition::all().add(
            protocol_version::Column::ProtocolId.in_subquery(protocols_at(tables_of(actor, &[]))),
        )
    };
    Condition::all()
        .add(
            protocol_version::Column::ProtocolId
                .in_subquery(protocols_at(readable_table_ids(actor))),
        )
        .add(
            Condition::any()
                .add(protocol_version::Column::Status.eq(ProtocolStatus::Adopted))
                .add(drafts),
        )
}

/// The SQL form of `load`'s rule: protocols with a version the actor may read.
pub(crate) fn visible_protocols(actor: &Actor) -> Condition {
    let with_readable_version = Query::select()
        .column(protocol_version::Column::ProtocolId)
        .from(protocol_version::Entity)
        .cond_where(readable_versions(actor))
        .to_owned();
    Condition::all().add(protocol::Column::Id.in_subquery(with_readable_version))
}

/// Where each adopted version stands today among its protocol's versions: the newest one in force supersedes the
/// older ones, and one whose date is still to come waits for it.
pub fn standing(
    version: &protocol_version::Model,
    siblings: &[protocol_version::Model],
    today: NaiveDate,
) -> ProtocolStanding {
    let in_force = |v: &protocol_version::Model| {
        v.status == ProtocolStatus::Adopted && v.in_force_from.is_some_and(|from| from <= today)
    };
    if version.status == ProtocolStatus::Draft {
        return ProtocolStanding::Draft;
    }
    if !in_force(version) {
        return ProtocolStanding::Scheduled;
    }
    let newer_in_force = siblings
        .iter()
        .any(|v| v.protocol_id == version.protocol_id && v.number > version.number && in_force(v));
    if newer_in_force {
        ProtocolStanding::Superseded
    } else {
        ProtocolStanding::InForce
    }
}

pub(crate) fn protocol_change(
    action: &'static str,
    protocol: &protocol::Model,
    summary: String,
) -> Change<'static> {
    Change {
        action,
        entity_type: "protocol",
        entity_id: protocol.id,
        table_id: Some(protocol.table_id),
        summary,
    }
}

impl ProtocolService<'_> {
    /// A protocol the actor may see.
    pub async fn protocol(&self, actor: &Actor, id: i64) -> ServiceResult<protocol::Model> {
        Ok(load(self.db, actor, id).await?.protocol)
    }

    /// The protocols among `ids` the actor may see: the batch form of `protocol`.
    pub async fn protocols_by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<protocol::Model>> {
        Ok(protocol::Entity::find()
            .filter(protocol::Column::Id.is_in(ids.iter().copied()))
            .filter(visible_protocols(actor))
            .all(self.db)
            .await?)
    }

    /// A table's protocols the actor may see, by title (at most `LIST_MAX`).
    pub async fn protocols(
        &self,
        actor: &Actor,
        table_id: i64,
    ) -> ServiceResult<Vec<protocol::Model>> {
        crate::strategy::access(self.db, actor, table_id).await?;
        Ok(protocol::Entity::find()
            .filter(protocol::Column::TableId.eq(table_id))
            .filter(visible_protocols(actor))
            .order_by_asc(protocol::Column::Title)
            .order_by_asc(protocol::Column::Id)
            .limit(LIST_MAX)
            .all(self.db)
            .await?)
    }

    /// The versions of these protocols the actor may read, newest first: one query for a DataLoader batch.
    pub async fn versions(
        &self,
        actor: &Actor,
        protocol_ids: &[i64],
    ) -> ServiceResult<Vec<protocol_version::Model>> {
        Ok(protocol_version::Entity::find()
            .filter(protocol_version::Column::ProtocolId.is_in(protocol_ids.iter().copied()))
            .filter(readable_versions(actor))
            .order_by_desc(protocol_version::Column::Number)
            .all(self.db)
            .await?)
    }

    /// A version the actor may read, with its protocol's context.
    pub(crate) async fn readable(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> ServiceResult<(protocol_version::Model, ProtocolContext)> {
        let missing = || ServiceError::not_found("protocol version");
        let version = protocol_version::Entity::find_by_id(version_id)
            .one(self.db)
            .await?
            .ok_or_else(missing)?;
        let context = load(self.db, actor, version.protocol_id)
            .await
            .map_err(|_| missing())?;
        if !context.may_read(actor, &version) {
            return Err(missing());
        }
        Ok((version, context))
    }

    pub async fn abilities(&self, actor: &Actor, protocol_id: i64) -> ServiceResult<Abilities> {
        let context = load(self.db, actor, protocol_id).await?;
        Ok(Abilities {
            edit: context.may_edit(actor),
            adopt: actor.is_signed_in() && policy::can_adopt_protocol(actor, &context.roles),
            comment: actor.is_signed_in() && context.may_read_drafts(actor),
        })
    }

    /// A new protocol of the table, with an empty first draft.
    pub async fn create(
        &self,
        actor: &Actor,
        table_id: i64,
        title: &str,
    ) -> ServiceResult<(protocol::Model, protocol_version::Model)> {
        let access = crate::strategy::access(self.db, actor, table_id).await?;
        access::require_signed_in(actor)?;
        if !policy::can_edit_protocols(actor, &access.roles) {
            return Err(ServiceError::forbidden("draft this table's protocols"));
        }
        let title = Name::parse(title).field("title")?.into_inner();
        let created_by = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let now = Utc::now();
        let protocol = protocol::ActiveModel {
            table_id: Set(table_id),
            title: Set(title),
            created_by: Set(created_by),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let draft = new_version(&txn, protocol.id, 1, None).await?;
        let summary = format!("started the protocol '{}'", protocol.title);
        audit::record(&txn, actor, protocol_change("create", &protocol, summary)).await?;
        txn.commit().await?;
        Ok((protocol, draft))
    }

    /// A new draft copied from the newest adopted version (its sections and the organizations named to sign), while
    /// no other draft is open.
    pub async fn start_revision(
        &self,
        actor: &Actor,
        protocol_id: i64,
    ) -> ServiceResult<protocol_version::Model> {
        let context = load(self.db, actor, protocol_id).await?;
        context.require_edit(actor)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let versions = protocol_version::Entity::find()
            .filter(protocol_version::Column::ProtocolId.eq(protocol_id))
            .order_by_desc(protocol_version::Column::Number)
            .all(&txn)
            .await?;
        if let Some(open) = versions.iter().find(|v| v.status == ProtocolStatus::Draft) {
            return Err(ServiceError::validation(
                "protocolId",
                Reason::WrongState,
                format!(
                    "version {} is still a draft: adopt it or keep working on it",
                    open.number
                ),
            ));
        }
        let base = versions
            .first()
            .ok_or_else(|| ServiceError::not_found("protocol"))?;
        let draft = new_version(&txn, protocol_id, base.number + 1, Some(base.id)).await?;
        copy_version(&txn, base.id, draft.id).await?;
        let summary = format!(
            "started version {} of the protocol '{}'",
            draft.number, context.protocol.title
        );
        audit::record(
            &txn,
            actor,
            protocol_change("revise", &context.protocol, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(draft)
    }

    /// The chair records the decision (approved, in one of this table's meetings) that adopted a draft, and the date
    /// from which it is in force; the version is frozen from then on and open to its signatories.
    pub async fn adopt(
        &self,
        actor: &Actor,
        version_id: i64,
        decision_id: i64,
        in_force_from: NaiveDate,
    ) -> ServiceResult<protocol_version::Model> {
        let (version, context) = self.readable(actor, version_id).await?;
        access::require_signed_in(actor)?;
        if !policy::can_adopt_protocol(actor, &context.roles) {
            return Err(ServiceError::forbidden("adopt this table's protocols"));
        }
        check_date(in_force_from)?;
        crate::minutes::approving_decision(self.db, context.protocol.table_id, decision_id).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        // Re-read inside the write lock: two adoptions, or an adoption racing an edit, must not both pass.
        let current = protocol_version::Entity::find_by_id(version.id)
            .one(&txn)
            .await?
            .ok_or_else(|| ServiceError::not_found("protocol version"))?;
        if current.status != ProtocolStatus::Draft {
            return Err(ServiceError::validation(
                "versionId",
                Reason::WrongState,
                "this version is already adopted",
            ));
        }
        require_content(&txn, current.id).await?;
        let now = Utc::now();
        let mut model = current.into_active_model();
        model.status = Set(ProtocolStatus::Adopted);
        model.decision_id = Set(Some(decision_id));
        model.adopted_at = Set(Some(now));
        model.adopted_by = Set(actor.person_id());
        model.in_force_from = Set(Some(in_force_from));
        model.updated_at = Set(now);
        let adopted = model.update(&txn).await?;
        let summary = format!(
            "adopted version {} of the protocol '{}', in force from {in_force_from}",
            adopted.number, context.protocol.title
        );
        audit::record(
            &txn,
            actor,
            protocol_change("adopt", &context.protocol, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(adopted)
    }

    /// The adopted versions these decisions approved, for whoever may read them: the decision's side of adoption.
    pub async fn adopted_by_decisions(
        &self,
        actor: &Actor,
        decision_ids: &[i64],
    ) -> ServiceResult<Vec<protocol_version::Model>> {
        Ok(protocol_version::Entity::find()
            .filter(protocol_version::Column::DecisionId.is_in(decision_ids.iter().copied()))
            .filter(readable_versions(actor))
            .all(self.db)
            .await?)
    }
}

/// A protocol can be in force from a date between 2000 and 2100: anything else is a typing mistake.
fn check_date(date: NaiveDate) -> ServiceResult<()> {
    use chrono::Datelike;
    if (2000..=2100).contains(&date.year()) {
        return Ok(());
    }
    Err(ServiceError::out_of_range("inForceFrom", 2000, 2100))
}

/// A version is adopted with at least one section and one organization to sign it.
async fn require_content(conn: &impl ConnectionTrait, version_id: i64) -> ServiceResult<()> {
    let section = protocol_section::Entity::find()
        .filter(protocol_section::Column::VersionId.eq(version_id))
        .one(conn)
        .await?;
    if section.is_none() {
        return Err(ServiceError::validation(
            "versionId",
            Reason::WrongState,
            "an empty protocol cannot be adopted: write its sections first",
        ));
    }
    let signatory = protocol_signatory::Entity::find()
        .filter(protocol_signatory::Column::VersionId.eq(version_id))
        .one(conn)
        .await?;
    if signatory.is_none() {
        return Err(ServiceError::validation(
            "versionId",
            Reason::WrongState,
            "name the organizations that sign the protocol before adopting it",
        ));
    }
    Ok(())
}

async fn new_version(
    conn: &impl ConnectionTrait,
    protocol_id: i64,
    number: i32,
    based_on_id: Option<i64>,
) -> ServiceResult<protocol_version::Model> {
    let now = Utc::now();
    Ok(protocol_version::ActiveModel {
        protocol_id: Set(protocol_id),
        number: Set(number),
        status: Set(ProtocolStatus::Draft),
        based_on_id: Set(based_on_id),
        decision_id: Set(None),
        adopted_at: Set(None),
        adopted_by: Set(None),
        in_force_from: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// Copies a version's sections (keeping their keys) and the organizations named to sign it, without signatures.
async fn copy_version(conn: &impl ConnectionTrait, from: i64, to: i64) -> ServiceResult<()> {
    let sections = protocol_section::Entity::find()
        .filter(protocol_section::Column::VersionId.eq(from))
        .all(conn)
        .await?;
    for section in sections {
        protocol_section::ActiveModel {
            version_id: Set(to),
            key: Set(section.key),
            position: Set(section.position),
            heading: Set(section.heading),
            body: Set(section.body),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    let organizations: Vec<i64> = protocol_signatory::Entity::find()
        .filter(protocol_signatory::Column::VersionId.eq(from))
        .select_only()
        .column(protocol_signatory::Column::OrganizationId)
        .into_tuple()
        .all(conn)
        .await?;
    draft::name_signatories(conn, to, &organizations).await
}
