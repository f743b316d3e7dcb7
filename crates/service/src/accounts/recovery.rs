//! Recovering access alone: a password-reset link mailed to the address (single use, within the hour), the same
//! answer whether or not the address has an account, throttled per address; a reset ends every session and API token
//! and tells the person by mail.

use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tavolo_domain::{AccountLinkPurpose, Actor, Email, PASSWORD_RESET_MINUTES};
use tavolo_store::entity::person;
use tavolo_store::sea_orm;

use super::{
    AccountService, change, check_password, ensure_active, hash_password, invitations, links,
    store_password,
};
use crate::ServiceResult;
use crate::audit;
use crate::events::{self, Subject};
use tavolo_domain::DomainEvent;

/// Reset links one address may be sent within an hour; more requests are answered the same and send nothing.
pub const RESETS_PER_HOUR: u64 = 3;

impl AccountService<'_> {
    /// Mails a reset link to `email` when it belongs to an active account (a fresh invitation when the account was
    /// never activated); answers the same in every case, so the answer tells nobody who has an account.
    pub async fn request_password_reset(&self, email: &str) -> ServiceResult<()> {
        let Ok(email) = Email::parse(email) else {
            return Ok(());
        };
        let Some(person) = person::Entity::find()
            .filter(person::Column::Email.eq(email.as_str()))
            .filter(person::Column::Active.eq(true))
            .one(self.db)
            .await?
        else {
            return Ok(());
        };
        let txn = tavolo_store::begin_write(self.db).await?;
        let since = Utc::now() - Duration::hours(1);
        let purpose = if invitations::has_activated(&person) {
            AccountLinkPurpose::PasswordReset
        } else {
            AccountLinkPurpose::Activation
        };
        if links::issued_since(&txn, person.id, purpose, since).await? >= RESETS_PER_HOUR {
            tracing::info!(person = person.id, "password reset throttled");
            return Ok(());
        }
        let system = Actor::System;
        if purpose == AccountLinkPurpose::Activation {
            invitations::invite(&txn, &system, &person).await?;
        } else {
            let secret = links::issue(
                &txn,
                person.id,
                purpose,
                Duration::minutes(PASSWORD_RESET_MINUTES),
                None,
            )
            .await?;
            // The mail worker needs the secret to write the link; it blanks the payload once the message is queued.
            events::publish(
                &txn,
                &system,
                Subject::Account {
                    person_id: person.id,
                },
                DomainEvent::PasswordResetRequested {
                    token: secret.clone(),
                },
            )
            .await?;
        }
        audit::record(
            &txn,
            &system,
            change(
                "request_password_reset",
                "person",
                person.id,
                format!("a password reset was asked for {}", person.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Sets a new password with a reset link, once; every session and API token of the person ends, and they are
    /// told by mail. The person signs in afresh with the new password.
    pub async fn reset_password(&self, token: &str, new_password: &str) -> ServiceResult<()> {
        let person = links::person_of(self.db, token, AccountLinkPurpose::PasswordReset).await?;
        ensure_active(&person)?;
        check_password(new_password, "newPassword", &person.email)?;
        let hash = hash_password(new_password.to_owned()).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        links::claim(&txn, token, AccountLinkPurpose::PasswordReset).await?;
        let owner = super::actor_of(&person, false);
        store_password(&txn, &owner, &person, hash, None).await?;
        audit::record(
            &txn,
            &owner,
            change(
                "reset_password",
                "person",
                person.id,
                format!("{} reset their password", person.email),
            ),
        )
        .await?;
        txn.commit().await?;
        self.clear_attempts(self.db, &person.email).await?;
        Ok(())
    }
}
