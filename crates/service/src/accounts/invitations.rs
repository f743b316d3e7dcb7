//! Bringing a person in: an account created without a password gets a single-use link, mailed in their language
//! through the outbox, to set a password and accept the terms of use; the invitation can be resent or withdrawn, and
//! opening it activates the account and signs the person in.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set,
};
use tavolo_domain::{
    ACTIVATION_DAYS, AccountLinkPurpose, AccountState, Actor, SignInMethod, policy,
};
use tavolo_store::entity::{account_link, person};
use tavolo_store::sea_orm;

use super::{
    AccountService, NewSession, change, check_password, ensure_active, hash_password, links,
    open_session,
};
use crate::access::runs_any_table;
use crate::audit;
use crate::directory::may_correct;
use crate::events::{self, Subject};
use crate::{Reason, ServiceError, ServiceResult};
use tavolo_domain::DomainEvent;

/// What a link shows its page before it is used: where it stands and, when valid, whose account it opens.
pub struct LinkView {
    pub state: super::LinkState,
    pub person: Option<person::Model>,
}

/// Issues the activation link of a person just created (or invited again) inside the caller's transaction, and the
/// event that mails it.
pub(crate) async fn invite(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    person: &person::Model,
) -> ServiceResult<()> {
    let secret = links::issue(
        txn,
        person.id,
        AccountLinkPurpose::Activation,
        Duration::days(ACTIVATION_DAYS),
        None,
    )
    .await?;
    // The mail worker needs the secret to write the link; it blanks the payload once the message is queued.
    let inviter = match actor.person_id() {
        Some(id) => person::Entity::find_by_id(id)
            .one(txn)
            .await?
            .map(|p| p.name),
        None => None,
    };
    events::publish(
        txn,
        actor,
        Subject::Account {
            person_id: person.id,
        },
        DomainEvent::AccountInvited {
            token: secret,
            invited_by: inviter,
        },
    )
    .await
}

/// Whether a person has an account they can use or have used: a password, or a first sign-in (single sign-on).
pub(crate) fn has_activated(person: &person::Model) -> bool {
    person.password_hash.is_some() || person.first_signed_in_at.is_some()
}

impl AccountService<'_> {
    /// Mails a fresh invitation to a person who has not activated their account; the earlier link stops working.
    /// For administrators, and for whoever brought the person in while running a table.
    pub async fn resend_invitation(
        &self,
        actor: &Actor,
        person_id: i64,
    ) -> ServiceResult<person::Model> {
        let person = self.invitable(actor, person_id).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        invite(&txn, actor, &person).await?;
        audit::record(
            &txn,
            actor,
            change(
                "resend_invitation",
                "person",
                person.id,
                format!("invited {} again", person.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(person)
    }

    /// Withdraws a pending invitation: its link stops working; the person stays in the directory, not activated.
    pub async fn withdraw_invitation(
        &self,
        actor: &Actor,
        person_id: i64,
    ) -> ServiceResult<person::Model> {
        let person = self.invitable(actor, person_id).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let ended = links::end_pending(&txn, person.id, AccountLinkPurpose::Activation).await?;
        if ended == 0 {
            return Err(ServiceError::conflict(
                Reason::WrongState,
                format!("{} has no pending invitation", person.email),
            ));
        }
        audit::record(
            &txn,
            actor,
            change(
                "withdraw_invitation",
                "person",
                person.id,
                format!("withdrew the invitation of {}", person.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(person)
    }

    async fn invitable(&self, actor: &Actor, person_id: i64) -> ServiceResult<person::Model> {
        let person = person::Entity::find_by_id(person_id)
            .one(self.db)
            .await?
            .filter(|_| policy::can_read_people(actor))
            .ok_or_else(|| ServiceError::not_found("person"))?;
        if !(actor.is_admin() || may_correct(self.db, actor, &person).await?) {
            return Err(ServiceError::forbidden("invite this person"));
        }
        if has_activated(&person) {
            return Err(ServiceError::conflict(
                Reason::WrongState,
                format!("{} has already activated their account", person.email),
            ));
        }
        if !person.active {
            return Err(ServiceError::conflict(
                Reason::WrongState,
                format!(
                    "{} is deactivated: reactivate the account first",
                    person.email
                ),
            ));
        }
        Ok(person)
    }

    /// Where a mailed link stands, for the page that opens it; the person is named only while the link is valid.
    pub async fn link_view(
        &self,
        token: &str,
        purpose: AccountLinkPurpose,
    ) -> ServiceResult<LinkView> {
        let (found, state) = links::find(self.db, token, purpose).await?;
        let person = match (found, state) {
            (Some(link), super::LinkState::Valid) => {
                person::Entity::find_by_id(link.person_id)
                    .one(self.db)
                    .await?
            }
            _ => None,
        };
        Ok(LinkView { state, person })
    }

    /// Opens an invitation: sets the password, records the accepted terms and signs the person in, once.
    pub async fn activate_account(
        &self,
        token: &str,
        password: &str,
        accept_terms: bool,
        user_agent: Option<&str>,
    ) -> ServiceResult<NewSession> {
        let person = links::person_of(self.db, token, AccountLinkPurpose::Activation).await?;
        ensure_active(&person)?;
        if !accept_terms {
            return Err(ServiceError::refused(
                Reason::TermsNotAccepted,
                Some("acceptTerms"),
                "accept the terms of use to activate your account",
            ));
        }
        check_password(password, "password", &person.email)?;
        let hash = hash_password(password.to_owned()).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        links::claim(&txn, token, AccountLinkPurpose::Activation).await?;
        let now = Utc::now();
        let mut model = person.into_active_model();
        model.password_hash = Set(Some(hash));
        model.terms_accepted_at = Set(Some(now));
        model.updated_at = Set(now);
        let person = model.update(&txn).await?;
        audit::record(
            &txn,
            &super::actor_of(&person, false),
            change(
                "activate_account",
                "person",
                person.id,
                format!("{} activated their account", person.email),
            ),
        )
        .await?;
        let session = open_session(&txn, person, SignInMethod::Password, user_agent).await?;
        txn.commit().await?;
        Ok(session)
    }

    /// Where each person's account stands, for those who bring people in (administrators and tables' runners);
    /// empty for anyone else.
    pub async fn account_states(
        &self,
        actor: &Actor,
        person_ids: &[i64],
    ) -> ServiceResult<HashMap<i64, AccountState>> {
        if !policy::can_manage_directory(actor, runs_any_table(self.db, actor).await?) {
            return Ok(HashMap::new());
        }
        let people = person::Entity::find()
            .filter(person::Column::Id.is_in(person_ids.iter().copied()))
            .all(self.db)
            .await?;
        let waiting: Vec<i64> = people
            .iter()
            .filter(|p| p.active && !has_activated(p))
            .map(|p| p.id)
            .collect();
        let invited: HashSet<i64> = if waiting.is_empty() {
            HashSet::new()
        } else {
            account_link::Entity::find()
                .select_only()
                .column(account_link::Column::PersonId)
                .filter(account_link::Column::PersonId.is_in(waiting))
                .filter(account_link::Column::Purpose.eq(AccountLinkPurpose::Activation))
                .filter(account_link::Column::UsedAt.is_null())
                .filter(account_link::Column::ExpiresAt.gt(Utc::now()))
                .into_tuple::<i64>()
                .all(self.db)
                .await?
                .into_iter()
                .collect()
        };
        Ok(people
            .iter()
            .map(|p| {
                let state = if !p.active {
                    AccountState::Deactivated
                } else if has_activated(p) {
                    AccountState::Active
                } else if invited.contains(&p.id) {
                    AccountState::Invited
                } else {
                    AccountState::NotActivated
                };
                (p.id, state)
            })
            .collect())
    }
}
