//! Accounts: password hashing (argon2id), server-side sessions, API tokens and turning a credential into an `Actor`.

mod email_change;
mod invitations;
mod links;
mod notifications;
mod recovery;
mod sessions;
mod setup;
mod sign_on;
mod throttle;
mod tokens;

pub use invitations::LinkView;
pub(crate) use invitations::invite;
pub use links::LinkState;
pub use sessions::SessionView;
pub use setup::FirstAdministrator;
pub use setup::SETUP_CODE_ATTEMPTS_KEY;
pub use sign_on::VerifiedIdentity;
pub use throttle::LOGIN_FAILURES;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};
use sha2::{Digest, Sha256};
use tavolo_domain::{Actor, Email, Password, SignInMethod};
use tavolo_store::entity::{api_token, person, session};
use tavolo_store::sea_orm;

use crate::audit::{self, Change};
use crate::events::{self, Subject};
use crate::{Reason, ServiceError, ServiceResult};
use tavolo_domain::DomainEvent;

/// How long a browser session lasts without signing in again.
pub const SESSION_LIFETIME_DAYS: i64 = 14;
pub(super) const API_TOKEN_PREFIX: &str = "tvl_";

/// A session just opened: the secret goes into the cookie and is never stored.
pub struct NewSession {
    pub secret: String,
    pub expires_at: DateTime<Utc>,
    pub person: person::Model,
}

/// An API token just created: the secret is shown once.
pub struct NewApiToken {
    pub secret: String,
    pub token: api_token::Model,
}

/// How stale an API token's `last_used_at` may get before a request refreshes it.
const LAST_USED_GRANULARITY_SECS: i64 = 60;

pub struct AccountService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl AccountService<'_> {
    /// Checks email and password and opens a session; the same error for an unknown email and a wrong password.
    /// Refuses an address locked by too many attempts, saying when to try again; a deactivated account is named as
    /// such only to whoever gave its right password.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        user_agent: Option<&str>,
    ) -> ServiceResult<NewSession> {
        let refused =
            || ServiceError::refused(Reason::WrongCredentials, None, "wrong email or password");
        let Ok(email) = Email::parse(email) else {
            return Err(refused());
        };
        // Counted before the password hash: a locked address costs no hashing, known or not.
        self.reserve_attempt(email.as_str()).await?;
        let found = person::Entity::find()
            .filter(person::Column::Email.eq(email.as_str()))
            .one(self.db)
            .await?;
        let stored_hash = found.as_ref().and_then(|p| p.password_hash.clone());
        let valid = verify_password(password.to_owned(), stored_hash).await?;
        let person = match found {
            Some(person) if valid => person,
            _ => return Err(refused()),
        };
        self.clear_attempts(self.db, email.as_str()).await?;
        ensure_active(&person)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let session = open_session(&txn, person, SignInMethod::Password, user_agent).await?;
        txn.commit().await?;
        Ok(session)
    }

    /// Revokes the session behind `secret`; revoking an already closed session is not an error.
    pub async fn logout(&self, secret: &str) -> ServiceResult<()> {
        let Some(found) = session::Entity::find()
            .filter(session::Column::TokenHash.eq(digest(secret)))
            .filter(session::Column::RevokedAt.is_null())
            .one(self.db)
            .await?
        else {
            return Ok(());
        };
        let mut active = found.into_active_model();
        active.revoked_at = Set(Some(Utc::now()));
        active.update(self.db).await?;
        Ok(())
    }

    /// The person behind a session cookie, or `None` when it is unknown, expired or revoked.
    pub async fn actor_for_session(&self, secret: &str) -> ServiceResult<Option<Actor>> {
        let Some(found) = session::Entity::find()
            .filter(session::Column::TokenHash.eq(digest(secret)))
            .one(self.db)
            .await?
        else {
            return Ok(None);
        };
        let now = Utc::now();
        if found.revoked_at.is_some() || found.expires_at <= now {
            return Ok(None);
        }
        let person_id = found.person_id;
        if found
            .last_seen_at
            .is_none_or(|at| at < now - Duration::seconds(LAST_USED_GRANULARITY_SECS))
        {
            let mut active = found.into_active_model();
            active.last_seen_at = Set(Some(now));
            active.update(self.db).await?;
        }
        self.active_actor(person_id, false).await
    }

    /// The person behind a bearer token, or `None` when it is unknown, expired or revoked.
    pub async fn actor_for_api_token(&self, secret: &str) -> ServiceResult<Option<Actor>> {
        if !secret.starts_with(API_TOKEN_PREFIX) {
            return Ok(None);
        }
        let Some(found) = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(digest(secret)))
            .one(self.db)
            .await?
        else {
            return Ok(None);
        };
        let expired = found.expires_at.is_some_and(|at| at <= Utc::now());
        if found.revoked_at.is_some() || expired {
            return Ok(None);
        }
        let person_id = found.person_id;
        // "Last used" to the minute is enough, and spares a write (a lock on SQLite) on every request.
        let now = Utc::now();
        if found
            .last_used_at
            .is_none_or(|at| at < now - Duration::seconds(LAST_USED_GRANULARITY_SECS))
        {
            let mut active = found.into_active_model();
            active.last_used_at = Set(Some(now));
            active.update(self.db).await?;
        }
        self.active_actor(person_id, true).await
    }

    async fn active_actor(&self, person_id: i64, by_token: bool) -> ServiceResult<Option<Actor>> {
        let person = person::Entity::find_by_id(person_id).one(self.db).await?;
        Ok(person.filter(|p| p.active).map(|p| actor_of(&p, by_token)))
    }

    /// Changes the actor's own password after checking the current one (throttled like a sign-in); the other
    /// sessions and every API token are revoked, since whoever knew the old password may have made them.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
        keep_session: Option<&str>,
    ) -> ServiceResult<()> {
        let person = self.confirm_password(actor, current).await?;
        check_password(new, "newPassword", &person.email)?;
        let hash = hash_password(new.to_owned()).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        store_password(&txn, actor, &person, hash, keep_session).await?;
        audit::record(
            &txn,
            actor,
            change(
                "change_password",
                "person",
                person.id,
                format!("{} changed their password", person.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The actor's own record once they have given their current password; each try counts towards the sign-in
    /// limit of their address, so a stolen session cannot guess the password at leisure. Tokens cannot do this.
    pub(crate) async fn confirm_password(
        &self,
        actor: &Actor,
        current: &str,
    ) -> ServiceResult<person::Model> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        if actor.is_by_token() {
            return Err(ServiceError::forbidden(
                "do this with an API token: sign in with your password",
            ));
        }
        let person = person::Entity::find_by_id(person_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("person"))?;
        self.reserve_attempt(&person.email).await?;
        if !verify_password(current.to_owned(), person.password_hash.clone()).await? {
            return Err(ServiceError::validation(
                "currentPassword",
                Reason::WrongCurrentPassword,
                "is not your current password",
            ));
        }
        self.clear_attempts(self.db, &person.email).await?;
        Ok(person)
    }

    /// Sets a password without knowing the old one: the command line's `create-admin` and seeding only.
    pub async fn set_password(
        &self,
        actor: &Actor,
        person_id: i64,
        new: &str,
    ) -> ServiceResult<()> {
        if !matches!(actor, Actor::System) {
            return Err(ServiceError::forbidden("set another person's password"));
        }
        let person = person::Entity::find_by_id(person_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("person"))?;
        check_password(new, "password", &person.email)?;
        let hash = hash_password(new.to_owned()).await?;
        let mut active = person.into_active_model();
        active.password_hash = Set(Some(hash));
        active.update(self.db).await?;
        Ok(())
    }
}

pub(super) fn change(
    action: &'static str,
    entity_type: &'static str,
    entity_id: i64,
    summary: String,
) -> Change<'static> {
    Change {
        action,
        entity_type,
        entity_id,
        table_id: None,
        summary,
    }
}

/// The actor a person's own credential stands for.
pub(crate) fn actor_of(person: &person::Model, by_token: bool) -> Actor {
    Actor::Person {
        id: person.id,
        role: person.instance_role,
        by_token,
    }
}

/// The password rule, checked before anything is hashed: `Password`'s length, and not the address itself.
pub(crate) fn check_password(raw: &str, field: &str, email: &str) -> ServiceResult<()> {
    Password::check(raw).map_err(|rule| ServiceError::weak_password(field, rule))?;
    let local = email.split('@').next().unwrap_or_default();
    if raw.eq_ignore_ascii_case(email) || raw.eq_ignore_ascii_case(local) {
        return Err(ServiceError::refused(
            Reason::WeakPassword,
            Some(field),
            "must not be your email address",
        ));
    }
    Ok(())
}

fn ensure_active(person: &person::Model) -> ServiceResult<()> {
    if person.active {
        return Ok(());
    }
    Err(ServiceError::refused(
        Reason::AccountDeactivated,
        None,
        "this account is deactivated: ask an administrator of Tavolo",
    ))
}

/// Opens a session for `person` inside the caller's transaction and records the sign-in.
pub(super) async fn open_session(
    txn: &impl sea_orm::ConnectionTrait,
    person: person::Model,
    method: SignInMethod,
    user_agent: Option<&str>,
) -> ServiceResult<NewSession> {
    let secret = random_secret("");
    let now = Utc::now();
    let expires_at = now + Duration::days(SESSION_LIFETIME_DAYS);
    let user_agent = user_agent.map(|agent| {
        agent
            .chars()
            .filter(|c| !c.is_control())
            .take(300)
            .collect::<String>()
    });
    session::ActiveModel {
        token_hash: Set(digest(&secret)),
        person_id: Set(person.id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        user_agent: Set(user_agent),
        last_seen_at: Set(Some(now)),
        method: Set(method),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        &actor_of(&person, false),
        change(
            "login",
            "person",
            person.id,
            format!("{} signed in ({method})", person.email),
        ),
    )
    .await?;
    if person.first_signed_in_at.is_none() {
        person::Entity::update_many()
            .col_expr(
                person::Column::FirstSignedInAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(person::Column::Id.eq(person.id))
            .exec(txn)
            .await?;
    }
    Ok(NewSession {
        secret,
        expires_at,
        person,
    })
}

/// Stores a new password hash, ends every other credential (whoever knew the old password may have made them) and
/// tells the person by mail.
pub(super) async fn store_password(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    person: &person::Model,
    hash: String,
    keep_session: Option<&str>,
) -> ServiceResult<()> {
    let mut active = person.clone().into_active_model();
    active.password_hash = Set(Some(hash));
    active.updated_at = Set(Utc::now());
    active.update(txn).await?;
    revoke_credentials(txn, person.id, keep_session).await?;
    events::publish(
        txn,
        actor,
        Subject::Account {
            person_id: person.id,
        },
        DomainEvent::PasswordChanged {},
    )
    .await
}

/// Revokes every session of a person but `keep_session`, and every API token: what a changed password or a
/// deactivation ends.
pub(crate) async fn revoke_credentials(
    conn: &impl sea_orm::ConnectionTrait,
    person_id: i64,
    keep_session: Option<&str>,
) -> ServiceResult<()> {
    let now = sea_orm::sea_query::Expr::value(Utc::now());
    let mut sessions = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, now.clone())
        .filter(session::Column::PersonId.eq(person_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep_session {
        sessions = sessions.filter(session::Column::TokenHash.ne(digest(keep)));
    }
    sessions.exec(conn).await?;
    api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, now)
        .filter(api_token::Column::PersonId.eq(person_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Hashes with argon2id on the blocking pool: a hash takes tens of milliseconds of CPU.
pub(crate) async fn hash_password(password: String) -> ServiceResult<String> {
    throttle::bounded(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(e.to_string()))
    })
    .await?
}

/// Verifies on the blocking pool; without a stored hash it still spends the time, so timing does not tell whether an account exists.
async fn verify_password(password: String, stored: Option<String>) -> ServiceResult<bool> {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$ZZzHcD2WxpA5F4lKZUqSBDAr4PG4VdyW7U0xsX8aEKM";
    throttle::bounded(move || {
        let hash_text = stored.as_deref().unwrap_or(DUMMY);
        let Ok(hash) = PasswordHash::new(hash_text) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
            && stored.is_some()
    })
    .await
}

pub(super) fn random_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// Secrets are stored only as their SHA-256: a leaked database opens no session.
pub(super) fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}
