//! Signing an adopted protocol: each organization named in the version signs once, through a delegate (titular or
//! substitute) of its seat at the protocol's table; the signature records who signed and when.

use std::collections::HashSet;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tavolo_domain::{Actor, ProtocolStanding, ProtocolStatus};
use tavolo_store::entity::{organization, protocol_signatory, protocol_version};
use tavolo_store::sea_orm;

use super::{ProtocolService, protocol_change, standing};
use crate::access::{self, DelegateSeats};
use crate::audit;
use crate::{Reason, ServiceError, ServiceResult};

impl ProtocolService<'_> {
    /// A delegate signs an adopted version (in force or about to be) for the organization they represent.
    pub async fn sign(
        &self,
        actor: &Actor,
        version_id: i64,
        organization_id: i64,
    ) -> ServiceResult<protocol_signatory::Model> {
        let (version, context) = self.readable(actor, version_id).await?;
        access::require_signed_in(actor)?;
        let signer = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        self.require_signable(&version).await?;
        let signatory = protocol_signatory::Entity::find()
            .filter(protocol_signatory::Column::VersionId.eq(version.id))
            .filter(protocol_signatory::Column::OrganizationId.eq(organization_id))
            .one(self.db)
            .await?
            .ok_or_else(|| {
                ServiceError::validation(
                    "organizationId",
                    Reason::UnknownReference,
                    "the organization is not among those named to sign this protocol",
                )
            })?;
        let represented = DelegateSeats::of(self.db, actor)
            .await?
            .at_table(context.protocol.table_id);
        if !represented.contains(&organization_id) {
            return Err(ServiceError::forbidden(
                "sign for this organization: only its delegates at the table may",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let now = Utc::now();
        // Signs only if nobody has meanwhile: the first of two delegates signing at once wins.
        let updated = protocol_signatory::Entity::update_many()
            .col_expr(protocol_signatory::Column::SignedBy, Expr::value(signer))
            .col_expr(protocol_signatory::Column::SignedAt, Expr::value(now))
            .filter(protocol_signatory::Column::Id.eq(signatory.id))
            .filter(protocol_signatory::Column::SignedAt.is_null())
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(ServiceError::validation(
                "organizationId",
                Reason::AlreadyExists,
                "the organization has already signed this version",
            ));
        }
        let name = organization::Entity::find_by_id(organization_id)
            .one(&txn)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        let summary = format!(
            "signed version {} of the protocol '{}' for {name}",
            version.number, context.protocol.title
        );
        audit::record(
            &txn,
            actor,
            protocol_change("sign", &context.protocol, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(protocol_signatory::Model {
            signed_by: Some(signer),
            signed_at: Some(now),
            ..signatory
        })
    }

    /// Signatures go on adopted versions that are not superseded.
    async fn require_signable(&self, version: &protocol_version::Model) -> ServiceResult<()> {
        if version.status != ProtocolStatus::Adopted {
            return Err(ServiceError::validation(
                "versionId",
                Reason::WrongState,
                "a draft is signed once the table has adopted it",
            ));
        }
        let siblings = protocol_version::Entity::find()
            .filter(protocol_version::Column::ProtocolId.eq(version.protocol_id))
            .all(self.db)
            .await?;
        if standing(version, &siblings, Utc::now().date_naive()) == ProtocolStanding::Superseded {
            return Err(ServiceError::validation(
                "versionId",
                Reason::WrongState,
                "a newer version of the protocol is in force: sign that one",
            ));
        }
        Ok(())
    }

    /// The organizations named to sign these versions, with their signatures, for the versions the actor may read.
    pub async fn signatories(
        &self,
        actor: &Actor,
        version_ids: &[i64],
    ) -> ServiceResult<Vec<protocol_signatory::Model>> {
        let readable = self.readable_version_ids(actor, version_ids).await?;
        Ok(protocol_signatory::Entity::find()
            .filter(protocol_signatory::Column::VersionId.is_in(readable))
            .order_by_asc(protocol_signatory::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The organizations the actor may sign this version for now: named, not yet signed, represented by them.
    pub async fn signable_for(&self, actor: &Actor, version_id: i64) -> ServiceResult<Vec<i64>> {
        let (version, context) = self.readable(actor, version_id).await?;
        if !actor.is_signed_in() || self.require_signable(&version).await.is_err() {
            return Ok(Vec::new());
        }
        let represented: HashSet<i64> = DelegateSeats::of(self.db, actor)
            .await?
            .at_table(context.protocol.table_id);
        Ok(self
            .signatories(actor, &[version.id])
            .await?
            .into_iter()
            .filter(|s| s.signed_at.is_none() && represented.contains(&s.organization_id))
            .map(|s| s.organization_id)
            .collect())
    }
}
