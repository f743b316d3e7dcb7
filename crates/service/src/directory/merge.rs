//! Merging a duplicate organization into the one kept: every record naming the duplicate (people, seats, practices,
//! adoptions, action items, strategy elements) names the kept one, then the duplicate goes. Where both sit at one
//! table, the duplicate's delegates and attendance move to the kept seat and the duplicate's seat goes.

#[allow(unused_imports)]
use super::*;

use super::organizations::org_change;
use crate::Reason;
use sea_orm::QuerySelect;
use sea_orm::sea_query::Expr;
use tavolo_store::entity::{
    action_item, attendance, good_practice, membership, practice_adoption, seat, strategy_element,
};

impl DirectoryService<'_> {
    /// Folds `duplicate_id` into `kept_id`; administrators only. Gives the kept organization.
    pub async fn merge_organizations(
        &self,
        actor: &Actor,
        kept_id: i64,
        duplicate_id: i64,
    ) -> ServiceResult<organization::Model> {
        if !policy::can_merge_organizations(actor) {
            return Err(ServiceError::forbidden("merge organizations"));
        }
        if kept_id == duplicate_id {
            return Err(ServiceError::validation(
                "duplicateId",
                Reason::SameRecord,
                "choose two different organizations",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let kept = organization::Entity::find_by_id(kept_id)
            .one(&txn)
            .await?
            .ok_or_else(|| ServiceError::not_found("organization"))?;
        let duplicate = organization::Entity::find_by_id(duplicate_id)
            .one(&txn)
            .await?
            .ok_or_else(|| ServiceError::not_found("organization"))?;
        merge_seats(&txn, kept.id, duplicate.id).await?;
        person::Entity::update_many()
            .col_expr(person::Column::OrganizationId, Expr::value(kept.id))
            .filter(person::Column::OrganizationId.eq(duplicate.id))
            .exec(&txn)
            .await?;
        let practices: Vec<i64> = good_practice::Entity::find()
            .select_only()
            .column(good_practice::Column::Id)
            .filter(good_practice::Column::OrganizationId.eq(duplicate.id))
            .into_tuple()
            .all(&txn)
            .await?;
        good_practice::Entity::update_many()
            .col_expr(good_practice::Column::OrganizationId, Expr::value(kept.id))
            .filter(good_practice::Column::OrganizationId.eq(duplicate.id))
            .exec(&txn)
            .await?;
        practice_adoption::Entity::update_many()
            .col_expr(
                practice_adoption::Column::OrganizationId,
                Expr::value(kept.id),
            )
            .filter(practice_adoption::Column::OrganizationId.eq(duplicate.id))
            .exec(&txn)
            .await?;
        action_item::Entity::update_many()
            .col_expr(
                action_item::Column::AssigneeOrganizationId,
                Expr::value(kept.id),
            )
            .filter(action_item::Column::AssigneeOrganizationId.eq(duplicate.id))
            .exec(&txn)
            .await?;
        strategy_element::Entity::update_many()
            .col_expr(
                strategy_element::Column::LeadOrganizationId,
                Expr::value(kept.id),
            )
            .filter(strategy_element::Column::LeadOrganizationId.eq(duplicate.id))
            .exec(&txn)
            .await?;
        merge_partners(&txn, kept.id, duplicate.id).await?;
        organization::Entity::delete_by_id(duplicate.id)
            .exec(&txn)
            .await?;
        let summary = format!(
            "merged organization '{}' into '{}'",
            duplicate.name, kept.name
        );
        audit::record(&txn, actor, org_change("merge", &kept, summary)).await?;
        // Each moved practice is recorded so that the search index shows the kept name.
        for practice in practices {
            audit::record(
                &txn,
                actor,
                Change {
                    action: "merge_organization",
                    entity_type: "good_practice",
                    entity_id: practice,
                    table_id: None,
                    summary: format!("now implemented by '{}'", kept.name),
                },
            )
            .await?;
        }
        txn.commit().await?;
        Ok(kept)
    }
}

/// Strategy elements list partners as `|3|7|`: the duplicate's id becomes the kept one's, once.
async fn merge_partners(
    conn: &impl ConnectionTrait,
    kept_id: i64,
    duplicate_id: i64,
) -> ServiceResult<()> {
    let naming = strategy_element::Entity::find()
        .filter(strategy_element::Column::PartnerIds.contains(format!("|{duplicate_id}|")))
        .all(conn)
        .await?;
    for element in naming {
        let mut ids: Vec<i64> = element
            .partner_ids
            .split('|')
            .filter_map(|id| id.parse().ok())
            .map(|id| if id == duplicate_id { kept_id } else { id })
            .collect();
        ids.dedup();
        ids.sort_unstable();
        ids.dedup();
        let partners = if ids.is_empty() {
            String::new()
        } else {
            format!(
                "|{}|",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join("|")
            )
        };
        strategy_element::Entity::update_many()
            .col_expr(strategy_element::Column::PartnerIds, Expr::value(partners))
            .filter(strategy_element::Column::Id.eq(element.id))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Moves the duplicate's seats to the kept organization; where the kept one already sits at the table, the
/// duplicate's delegates and attendance move to that seat and the duplicate's seat goes.
async fn merge_seats(
    conn: &impl ConnectionTrait,
    kept_id: i64,
    duplicate_id: i64,
) -> ServiceResult<()> {
    let kept_seats = seat::Entity::find()
        .filter(seat::Column::OrganizationId.eq(kept_id))
        .filter(seat::Column::ValidUntil.is_null())
        .all(conn)
        .await?;
    let duplicate_seats = seat::Entity::find()
        .filter(seat::Column::OrganizationId.eq(duplicate_id))
        .all(conn)
        .await?;
    for duplicate in duplicate_seats {
        let shared = kept_seats
            .iter()
            .find(|kept| kept.table_id == duplicate.table_id && duplicate.valid_until.is_none());
        let Some(kept) = shared else {
            seat::Entity::update_many()
                .col_expr(seat::Column::OrganizationId, Expr::value(kept_id))
                .filter(seat::Column::Id.eq(duplicate.id))
                .exec(conn)
                .await?;
            continue;
        };
        membership::Entity::update_many()
            .col_expr(membership::Column::SeatId, Expr::value(kept.id))
            .filter(membership::Column::SeatId.eq(duplicate.id))
            .exec(conn)
            .await?;
        attendance::Entity::update_many()
            .col_expr(attendance::Column::SeatId, Expr::value(kept.id))
            .filter(attendance::Column::SeatId.eq(duplicate.id))
            .exec(conn)
            .await?;
        seat::Entity::delete_by_id(duplicate.id).exec(conn).await?;
    }
    Ok(())
}
