//! Changing one's email address: confirmed by a single-use link mailed to the new address, with a notice to the old
//! one, so that nobody (a table's runner included) can move someone else's mail and sign-in elsewhere.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;
use tavolo_domain::{AccountLinkPurpose, Actor, EMAIL_CHANGE_HOURS, Email};
use tavolo_store::entity::{account_link, person};
use tavolo_store::sea_orm;

use super::{AccountService, change, digest, random_secret};
use crate::audit;
use crate::error::FieldContext;
use crate::events::{self, EventKind};
use crate::{ServiceError, ServiceResult};

impl AccountService<'_> {
    /// Asks to move the actor's account to `new_email`, after their current password: a link to confirm goes to the
    /// new address, a notice to the old one; nothing changes until the link is opened. A newer request replaces an
    /// older one.
    pub async fn request_email_change(
        &self,
        actor: &Actor,
        new_email: &str,
        current_password: &str,
    ) -> ServiceResult<()> {
        let email = Email::parse(new_email).field("newEmail")?;
        let person = self.confirm_password(actor, current_password).await?;
        if email.as_str() == person.email {
            return Err(ServiceError::validation(
                "newEmail",
                "is already your address",
            ));
        }
        ensure_free(self.db, &email).await?;
        let secret = random_secret("");
        let now = Utc::now();
        let txn = tavolo_store::begin_write(self.db).await?;
        end_pending(&txn, person.id).await?;
        account_link::ActiveModel {
            person_id: Set(person.id),
            purpose: Set(AccountLinkPurpose::EmailChange.as_str().to_owned()),
            token_hash: Set(digest(&secret)),
            new_email: Set(Some(email.as_str().to_owned())),
            expires_at: Set(now + Duration::hours(EMAIL_CHANGE_HOURS)),
            used_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        // The mail worker needs the secret to write the link; it blanks the payload once the messages are queued.
        events::publish_account(
            &txn,
            actor,
            EventKind::EmailChangeRequested,
            person.id,
            json!({ "token": secret, "newEmail": email.as_str(), "oldEmail": person.email }),
        )
        .await?;
        audit::record(
            &txn,
            actor,
            change(
                "request_email_change",
                "person",
                person.id,
                format!("{} asked to change their address to {email}", person.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Opens a confirmation link: the account moves to the new address, once. The link is the credential (it may be
    /// opened signed out); an unknown, used, replaced or expired link changes nothing.
    pub async fn confirm_email_change(&self, token: &str) -> ServiceResult<person::Model> {
        let invalid = || ServiceError::validation("token", "this link is no longer valid");
        let now = Utc::now();
        let link = account_link::Entity::find()
            .filter(account_link::Column::TokenHash.eq(digest(token)))
            .filter(account_link::Column::Purpose.eq(AccountLinkPurpose::EmailChange.as_str()))
            .one(self.db)
            .await?
            .filter(|l| l.used_at.is_none() && l.expires_at > now)
            .ok_or_else(invalid)?;
        let email =
            Email::parse(link.new_email.as_deref().unwrap_or_default()).map_err(|_| invalid())?;
        ensure_free(self.db, &email).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let claimed = account_link::Entity::update_many()
            .col_expr(account_link::Column::UsedAt, Expr::value(now))
            .filter(account_link::Column::Id.eq(link.id))
            .filter(account_link::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            return Err(invalid());
        }
        let person = person::Entity::find_by_id(link.person_id)
            .one(&txn)
            .await?
            .ok_or_else(invalid)?;
        let old = person.email.clone();
        let mut model: person::ActiveModel = person.into();
        model.email = Set(email.as_str().to_owned());
        model.updated_at = Set(now);
        let updated = model.update(&txn).await?;
        let owner = Actor::Person {
            id: updated.id,
            role: super::role_of(&updated),
            by_token: false,
        };
        audit::record(
            &txn,
            &owner,
            change(
                "confirm_email_change",
                "person",
                updated.id,
                format!("{old} moved their account to {}", updated.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }
}

/// Ends the person's links still waiting for an email change: only the newest request counts.
async fn end_pending(conn: &impl sea_orm::ConnectionTrait, person_id: i64) -> ServiceResult<()> {
    account_link::Entity::update_many()
        .col_expr(account_link::Column::UsedAt, Expr::value(Utc::now()))
        .filter(account_link::Column::PersonId.eq(person_id))
        .filter(account_link::Column::Purpose.eq(AccountLinkPurpose::EmailChange.as_str()))
        .filter(account_link::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

async fn ensure_free(conn: &impl sea_orm::ConnectionTrait, email: &Email) -> ServiceResult<()> {
    let taken = person::Entity::find()
        .filter(person::Column::Email.eq(email.as_str()))
        .count(conn)
        .await?;
    if taken > 0 {
        return Err(ServiceError::validation(
            "newEmail",
            format!("{email} is already used by another person"),
        ));
    }
    Ok(())
}
