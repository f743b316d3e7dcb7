//! Changing one's email address: confirmed by a single-use link mailed to the new address, with a notice to the old
//! one, so that nobody (a table's runner included) can move someone else's mail and sign-in elsewhere.

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use tavolo_domain::{AccountLinkPurpose, Actor, EMAIL_CHANGE_HOURS, Email};
use tavolo_store::entity::person;
use tavolo_store::sea_orm;

use super::{AccountService, change, links};
use crate::Reason;
use crate::audit;
use crate::directory::ensure_unique_email;
use crate::error::FieldContext;
use crate::events::{self, Subject};
use crate::{ServiceError, ServiceResult};
use tavolo_domain::DomainEvent;

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
                Reason::AlreadyExists,
                "is already your address",
            ));
        }
        ensure_unique_email(self.db, &email, None, "newEmail").await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let secret = links::issue(
            &txn,
            person.id,
            AccountLinkPurpose::EmailChange,
            Duration::hours(EMAIL_CHANGE_HOURS),
            Some(email.as_str()),
        )
        .await?;
        // The mail worker needs the secret to write the link; it blanks the payload once the messages are queued.
        events::publish(
            &txn,
            actor,
            Subject::Account {
                person_id: person.id,
            },
            DomainEvent::EmailChangeRequested {
                token: secret.clone(),
                new_email: email.as_str().to_owned(),
                old_email: person.email.clone(),
            },
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
        let txn = tavolo_store::begin_write(self.db).await?;
        let link = links::claim(&txn, token, AccountLinkPurpose::EmailChange).await?;
        let email = Email::parse(link.new_email.as_deref().unwrap_or_default())
            .map_err(|_| links::refusal(crate::Reason::LinkUnknown))?;
        ensure_unique_email(&txn, &email, None, "newEmail").await?;
        let person = person::Entity::find_by_id(link.person_id)
            .one(&txn)
            .await?
            .ok_or_else(|| links::refusal(crate::Reason::LinkUnknown))?;
        let old = person.email.clone();
        let mut model: person::ActiveModel = person.into();
        model.email = Set(email.as_str().to_owned());
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        audit::record(
            &txn,
            &super::actor_of(&updated, false),
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
