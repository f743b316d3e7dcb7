//! Writing a protocol draft: its title, its sections (kept by key, so comments follow them) and the member
//! organizations named to sign it, saved together.

use std::collections::HashSet;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use tavolo_domain::{Actor, Name, ProtocolStatus};
use tavolo_store::entity::{protocol_section, protocol_signatory, protocol_version, seat};
use tavolo_store::sea_orm;

use super::{ProtocolService, protocol_change};
use crate::access::active_seats;
use crate::audit;
use crate::error::FieldContext;
use crate::{Reason, ServiceError, ServiceResult};

/// The most sections a protocol has.
pub const SECTIONS_MAX: usize = 100;
/// The longest a section's text may be.
pub const SECTION_BODY_MAX: usize = 50_000;
/// The most organizations named to sign one protocol.
pub const SIGNATORIES_MAX: usize = 100;

/// A section as written; `key` names a section already in the draft (to keep its comments), none for a new one.
#[derive(Debug, Clone, Default)]
pub struct SectionInput {
    pub key: Option<String>,
    pub heading: String,
    pub body: String,
}

/// A draft's fields; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct DraftInput {
    pub title: Option<String>,
    /// The whole list, in order.
    pub sections: Option<Vec<SectionInput>>,
    /// The member organizations that are to sign it.
    pub signatory_ids: Option<Vec<i64>>,
}

impl ProtocolService<'_> {
    /// Saves a draft's title, sections and signatories: all or nothing.
    pub async fn save_draft(
        &self,
        actor: &Actor,
        version_id: i64,
        input: DraftInput,
    ) -> ServiceResult<protocol_version::Model> {
        let (version, context) = self.readable(actor, version_id).await?;
        context.require_edit(actor)?;
        require_draft(&version)?;
        let title = input
            .title
            .map(|t| Name::parse(&t).field("title").map(Name::into_inner))
            .transpose()?;
        let existing = self.sections(actor, &[version.id]).await?;
        let sections = input
            .sections
            .map(|s| checked_sections(s, &existing))
            .transpose()?;
        if let Some(ids) = &input.signatory_ids {
            self.check_signatories(context.protocol.table_id, ids)
                .await?;
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        // Re-read inside the write lock: an adoption may have frozen the draft meanwhile.
        let current = protocol_version::Entity::find_by_id(version.id)
            .one(&txn)
            .await?
            .ok_or_else(|| ServiceError::not_found("protocol version"))?;
        require_draft(&current)?;
        let now = Utc::now();
        if let Some(title) = title {
            let mut protocol = context.protocol.clone().into_active_model();
            protocol.title = Set(title);
            protocol.updated_at = Set(now);
            protocol.update(&txn).await?;
        }
        if let Some(sections) = sections {
            protocol_section::Entity::delete_many()
                .filter(protocol_section::Column::VersionId.eq(version.id))
                .exec(&txn)
                .await?;
            for (position, (key, section)) in sections.into_iter().enumerate() {
                protocol_section::ActiveModel {
                    version_id: Set(version.id),
                    key: Set(key),
                    position: Set(position as i32),
                    heading: Set(section.heading),
                    body: Set(section.body),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        if let Some(ids) = input.signatory_ids {
            protocol_signatory::Entity::delete_many()
                .filter(protocol_signatory::Column::VersionId.eq(version.id))
                .exec(&txn)
                .await?;
            name_signatories(&txn, version.id, &ids).await?;
        }
        let mut model = current.into_active_model();
        model.updated_at = Set(now);
        let saved = model.update(&txn).await?;
        let summary = format!(
            "edited draft {} of the protocol '{}'",
            saved.number, context.protocol.title
        );
        audit::record(
            &txn,
            actor,
            protocol_change("edit", &context.protocol, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// The sections of these versions, in order, for the versions the actor may read: a DataLoader batch.
    pub async fn sections(
        &self,
        actor: &Actor,
        version_ids: &[i64],
    ) -> ServiceResult<Vec<protocol_section::Model>> {
        let readable = self.readable_version_ids(actor, version_ids).await?;
        Ok(protocol_section::Entity::find()
            .filter(protocol_section::Column::VersionId.is_in(readable))
            .order_by_asc(protocol_section::Column::VersionId)
            .order_by_asc(protocol_section::Column::Position)
            .all(self.db)
            .await?)
    }

    /// Which of `version_ids` the actor may read.
    pub(crate) async fn readable_version_ids(
        &self,
        actor: &Actor,
        version_ids: &[i64],
    ) -> ServiceResult<Vec<i64>> {
        use sea_orm::QuerySelect;
        Ok(protocol_version::Entity::find()
            .filter(protocol_version::Column::Id.is_in(version_ids.iter().copied()))
            .filter(super::readable_versions(actor))
            .select_only()
            .column(protocol_version::Column::Id)
            .into_tuple()
            .all(self.db)
            .await?)
    }

    /// Signatories are organizations seated at the table today, each named once.
    async fn check_signatories(&self, table_id: i64, ids: &[i64]) -> ServiceResult<()> {
        if ids.len() > SIGNATORIES_MAX {
            return Err(ServiceError::too_many(
                "signatoryIds",
                SIGNATORIES_MAX as u64,
                "organizations",
            ));
        }
        let unique: HashSet<i64> = ids.iter().copied().collect();
        if unique.len() != ids.len() {
            return Err(ServiceError::validation(
                "signatoryIds",
                Reason::SameRecord,
                "an organization is named twice",
            ));
        }
        let seated: HashSet<i64> = active_seats()
            .filter(seat::Column::TableId.eq(table_id))
            .filter(seat::Column::OrganizationId.is_in(unique.iter().copied()))
            .all(self.db)
            .await?
            .into_iter()
            .map(|s| s.organization_id)
            .collect();
        if seated.len() != unique.len() {
            return Err(ServiceError::validation(
                "signatoryIds",
                Reason::UnknownReference,
                "only organizations seated at the table sign its protocols",
            ));
        }
        Ok(())
    }
}

fn require_draft(version: &protocol_version::Model) -> ServiceResult<()> {
    if version.status == ProtocolStatus::Draft {
        return Ok(());
    }
    Err(ServiceError::validation(
        "versionId",
        Reason::WrongState,
        "this version is adopted and frozen: start a new version to change the protocol",
    ))
}

/// Each section checked on its own field (`sections.2.heading`), paired with its key: the given one when it names a
/// section of the draft, a new one otherwise.
fn checked_sections(
    sections: Vec<SectionInput>,
    existing: &[protocol_section::Model],
) -> ServiceResult<Vec<(String, SectionInput)>> {
    if sections.len() > SECTIONS_MAX {
        return Err(ServiceError::too_many(
            "sections",
            SECTIONS_MAX as u64,
            "sections",
        ));
    }
    let known: HashSet<&str> = existing.iter().map(|s| s.key.as_str()).collect();
    let mut used = HashSet::new();
    let mut checked = Vec::with_capacity(sections.len());
    for (index, section) in sections.into_iter().enumerate() {
        let field = |name: &str| format!("sections.{index}.{name}");
        let heading = Name::parse(&section.heading)
            .field(&field("heading"))?
            .into_inner();
        let body = tavolo_domain::OptionalText::parse(Some(&section.body), SECTION_BODY_MAX)
            .field(&field("body"))?
            .unwrap_or_default();
        let key = match section.key {
            Some(key) if known.contains(key.as_str()) => key,
            Some(_) => {
                return Err(ServiceError::validation(
                    &field("key"),
                    Reason::UnknownReference,
                    "no such section in this draft",
                ));
            }
            None => crate::strategy::new_key(),
        };
        if !used.insert(key.clone()) {
            return Err(ServiceError::validation(
                &field("key"),
                Reason::SameRecord,
                "the same section is given twice",
            ));
        }
        checked.push((
            key,
            SectionInput {
                key: None,
                heading,
                body,
            },
        ));
    }
    Ok(checked)
}

/// Names the organizations that are to sign a version.
pub(super) async fn name_signatories(
    conn: &impl ConnectionTrait,
    version_id: i64,
    organization_ids: &[i64],
) -> ServiceResult<()> {
    for organization_id in organization_ids {
        protocol_signatory::ActiveModel {
            version_id: Set(version_id),
            organization_id: Set(*organization_id),
            signed_by: Set(None),
            signed_at: Set(None),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}
