//! Single sign-on: an identity vouched for by the installation's OpenID provider (checked by the server's OpenID
//! Connect client) becomes a session, linked to the person it was linked to before, else to the person with the
//! address the provider verified, else to an account created for it when the installation allows.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use tavolo_domain::{
    AccountLinkPurpose, Email, InstanceRole, Locale, Name, SignInMethod, TimeZoneName,
};
use tavolo_store::entity::{external_identity, person};
use tavolo_store::sea_orm;

use super::{AccountService, NewSession, change, ensure_active, links, open_session};
use crate::audit;
use crate::{Reason, ServiceError, ServiceResult};

/// What the OpenID provider vouched for in a validated ID token.
#[derive(Debug, Clone)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    /// The address in the configured claim, if any.
    pub email: Option<String>,
    /// Whether the provider says it verified that address (`email_verified`).
    pub email_verified: bool,
    pub name: Option<String>,
    pub locale: Option<Locale>,
}

impl AccountService<'_> {
    /// Signs in the person behind a verified identity, linking or creating the account on first use.
    pub async fn sign_on(
        &self,
        identity: VerifiedIdentity,
        create_accounts: bool,
        user_agent: Option<&str>,
    ) -> ServiceResult<NewSession> {
        let txn = tavolo_store::begin_write(self.db).await?;
        let linked = external_identity::Entity::find()
            .filter(external_identity::Column::Issuer.eq(&identity.issuer))
            .filter(external_identity::Column::Subject.eq(&identity.subject))
            .one(&txn)
            .await?;
        let person = match linked {
            Some(link) => {
                let person_id = link.person_id;
                let mut seen = link.into_active_model();
                seen.last_used_at = Set(Utc::now());
                seen.update(&txn).await?;
                person::Entity::find_by_id(person_id)
                    .one(&txn)
                    .await?
                    .ok_or_else(|| ServiceError::not_found("person"))?
            }
            None => link_identity(&txn, &identity, create_accounts).await?,
        };
        ensure_active(&person)?;
        // An invited person who comes in through the provider needs the invitation no more.
        links::end_pending(&txn, person.id, AccountLinkPurpose::Activation).await?;
        let session = open_session(&txn, person, SignInMethod::SingleSignOn, user_agent).await?;
        txn.commit().await?;
        Ok(session)
    }
}

/// The person a first-time identity belongs to: the one with the verified address, or a new account.
async fn link_identity(
    txn: &impl sea_orm::ConnectionTrait,
    identity: &VerifiedIdentity,
    create_accounts: bool,
) -> ServiceResult<person::Model> {
    let no_account =
        |message: &str| ServiceError::refused(Reason::NoAccountForSignOn, None, message.to_owned());
    let email = identity
        .email
        .as_deref()
        .filter(|_| identity.email_verified)
        .and_then(|raw| Email::parse(raw).ok())
        .ok_or_else(|| no_account("the provider did not vouch for an email address"))?;
    let existing = person::Entity::find()
        .filter(person::Column::Email.eq(email.as_str()))
        .one(txn)
        .await?;
    let now = Utc::now();
    let person = match existing {
        Some(person) => person,
        None if create_accounts => {
            let name = identity
                .name
                .as_deref()
                .and_then(|raw| Name::parse(raw).ok())
                .map(|name| name.into_inner())
                .unwrap_or_else(|| {
                    email
                        .as_str()
                        .split('@')
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                });
            person::ActiveModel {
                name: Set(name),
                email: Set(email.as_str().to_owned()),
                organization_id: Set(None),
                locale: Set(identity.locale.unwrap_or(Locale::It)),
                time_zone: Set(TimeZoneName::default()),
                instance_role: Set(InstanceRole::User),
                password_hash: Set(None),
                active: Set(true),
                created_by: Set(None),
                first_signed_in_at: Set(None),
                terms_accepted_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
        None => {
            return Err(no_account(
                "there is no account for this address: ask an administrator for an invitation",
            ));
        }
    };
    external_identity::ActiveModel {
        person_id: Set(person.id),
        issuer: Set(identity.issuer.clone()),
        subject: Set(identity.subject.clone()),
        email: Set(email.as_str().to_owned()),
        created_at: Set(now),
        last_used_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        &super::actor_of(&person, false),
        change(
            "link_sign_on",
            "person",
            person.id,
            format!(
                "{} linked a sign-on identity of {}",
                person.email, identity.issuer
            ),
        ),
    )
    .await?;
    Ok(person)
}
