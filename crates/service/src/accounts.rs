//! Accounts: password hashing (argon2id), server-side sessions, API tokens and turning a credential into an `Actor`.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use sha2::{Digest, Sha256};
use tavolo_domain::{Actor, Email, InstanceRole, Name, NotificationKind, Password};
use tavolo_store::entity::{api_token, login_throttle, notification_mute, person, session};
use tavolo_store::sea_orm;

use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::{ServiceError, ServiceResult};

/// How long a browser session lasts without signing in again.
pub const SESSION_LIFETIME_DAYS: i64 = 14;
const API_TOKEN_PREFIX: &str = "tvl_";

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

/// Failed sign-ins of one address allowed within the window before it is locked.
pub const LOGIN_FAILURES: i32 = 5;
const LOGIN_WINDOW_MINUTES: i64 = 15;
const LOGIN_LOCK_MINUTES: i64 = 15;

pub struct AccountService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl AccountService<'_> {
    /// Checks email and password and opens a session; the same error for an unknown email and a wrong password.
    /// Refuses an address locked by too many failures, saying when to try again.
    async fn check_throttle(&self, email: &str) -> ServiceResult<()> {
        let now = Utc::now();
        let locked_until = login_throttle::Entity::find_by_id(email.to_owned())
            .one(self.db)
            .await?
            .and_then(|t| t.locked_until)
            .filter(|until| *until > now);
        match locked_until {
            Some(until) => Err(ServiceError::RateLimited {
                retry_after_secs: (until - now).num_seconds().max(1),
            }),
            None => Ok(()),
        }
    }

    /// Counts a failed sign-in; the `LOGIN_FAILURES`th within `LOGIN_WINDOW_MINUTES` locks the address for
    /// `LOGIN_LOCK_MINUTES`. Unknown addresses count the same, so the answer says nothing about who has an account.
    async fn record_failure(&self, email: &str) -> ServiceResult<()> {
        let now = Utc::now();
        let txn = tavolo_store::begin_write(self.db).await?;
        let current = login_throttle::Entity::find_by_id(email.to_owned())
            .one(&txn)
            .await?;
        let window_open = current
            .as_ref()
            .is_some_and(|t| now - t.window_started_at < Duration::minutes(LOGIN_WINDOW_MINUTES));
        let (failures, started) = match &current {
            Some(t) if window_open => (t.failures + 1, t.window_started_at),
            _ => (1, now),
        };
        let locked_until =
            (failures >= LOGIN_FAILURES).then(|| now + Duration::minutes(LOGIN_LOCK_MINUTES));
        let row = login_throttle::ActiveModel {
            email: Set(email.to_owned()),
            failures: Set(if locked_until.is_some() { 0 } else { failures }),
            window_started_at: Set(started),
            locked_until: Set(locked_until),
        };
        if current.is_some() {
            row.update(&txn).await?;
        } else {
            row.insert(&txn).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    pub async fn login(&self, email: &str, password: &str) -> ServiceResult<NewSession> {
        let refused = || ServiceError::Unauthenticated("wrong email or password".into());
        let Ok(email) = Email::parse(email) else {
            return Err(refused());
        };
        // Checked before the password hash: a locked address costs no hashing, known or not.
        self.check_throttle(email.as_str()).await?;
        let found = person::Entity::find()
            .filter(person::Column::Email.eq(email.as_str()))
            .one(self.db)
            .await?;
        let stored_hash = found.as_ref().and_then(|p| p.password_hash.clone());
        let valid = verify_password(password.to_owned(), stored_hash).await?;
        let person = match found {
            Some(person) if valid && person.active => person,
            _ => {
                self.record_failure(email.as_str()).await?;
                return Err(refused());
            }
        };
        let secret = random_secret("");
        let expires_at = Utc::now() + Duration::days(SESSION_LIFETIME_DAYS);
        let txn = tavolo_store::begin_write(self.db).await?;
        session::ActiveModel {
            token_hash: Set(digest(&secret)),
            person_id: Set(person.id),
            created_at: Set(Utc::now()),
            expires_at: Set(expires_at),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let actor = Actor::Person {
            id: person.id,
            role: role_of(&person),
        };
        audit::record(
            &txn,
            &actor,
            change(
                "login",
                "person",
                person.id,
                format!("{} signed in", person.email),
            ),
        )
        .await?;
        login_throttle::Entity::delete_by_id(email.as_str().to_owned())
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(NewSession {
            secret,
            expires_at,
            person,
        })
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
        if found.revoked_at.is_some() || found.expires_at <= Utc::now() {
            return Ok(None);
        }
        self.active_actor(found.person_id).await
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
        self.active_actor(person_id).await
    }

    async fn active_actor(&self, person_id: i64) -> ServiceResult<Option<Actor>> {
        let person = person::Entity::find_by_id(person_id).one(self.db).await?;
        Ok(person.filter(|p| p.active).map(|p| Actor::Person {
            id: p.id,
            role: role_of(&p),
        }))
    }

    /// Changes the actor's own password after checking the current one; other sessions are revoked.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
        keep_session: Option<&str>,
    ) -> ServiceResult<()> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let person = person::Entity::find_by_id(person_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("person"))?;
        if !verify_password(current.to_owned(), person.password_hash.clone()).await? {
            return Err(ServiceError::validation(
                "currentPassword",
                "is not your current password",
            ));
        }
        Password::check(new).field("newPassword")?;
        let hash = hash_password(new.to_owned()).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut active = person.clone().into_active_model();
        active.password_hash = Set(Some(hash));
        active.updated_at = Set(Utc::now());
        active.update(&txn).await?;
        // A changed password must lock out whoever else knew the old one.
        let mut others = session::Entity::update_many()
            .col_expr(
                session::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(Utc::now()),
            )
            .filter(session::Column::PersonId.eq(person_id))
            .filter(session::Column::RevokedAt.is_null());
        if let Some(keep) = keep_session {
            others = others.filter(session::Column::TokenHash.ne(digest(keep)));
        }
        others.exec(&txn).await?;
        audit::record(
            &txn,
            actor,
            change(
                "change_password",
                "person",
                person_id,
                format!("{} changed their password", person.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(())
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
        Password::check(new).field("password")?;
        let hash = hash_password(new.to_owned()).await?;
        let person = person::Entity::find_by_id(person_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("person"))?;
        let mut active = person.into_active_model();
        active.password_hash = Set(Some(hash));
        active.update(self.db).await?;
        Ok(())
    }

    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
        expires_in_days: Option<i32>,
    ) -> ServiceResult<NewApiToken> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let name = Name::parse(name).field("name")?.into_inner();
        let expires_at = match expires_in_days {
            None => None,
            Some(days) if (1..=3650).contains(&days) => {
                Some(Utc::now() + Duration::days(i64::from(days)))
            }
            Some(_) => {
                return Err(ServiceError::validation(
                    "expiresInDays",
                    "must be between 1 and 3650",
                ));
            }
        };
        let secret = random_secret(API_TOKEN_PREFIX);
        let txn = tavolo_store::begin_write(self.db).await?;
        let token = api_token::ActiveModel {
            name: Set(name.clone()),
            token_hash: Set(digest(&secret)),
            person_id: Set(person_id),
            created_at: Set(Utc::now()),
            expires_at: Set(expires_at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            change(
                "create_api_token",
                "api_token",
                token.id,
                format!("created API token '{name}'"),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(NewApiToken { secret, token })
    }

    pub async fn revoke_api_token(
        &self,
        actor: &Actor,
        token_id: i64,
    ) -> ServiceResult<api_token::Model> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let token = api_token::Entity::find_by_id(token_id)
            .one(self.db)
            .await?
            .filter(|t| t.person_id == person_id || actor.is_admin())
            .ok_or_else(|| ServiceError::not_found("API token"))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut active = token.clone().into_active_model();
        active.revoked_at = Set(Some(Utc::now()));
        let token = active.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            change(
                "revoke_api_token",
                "api_token",
                token.id,
                format!("revoked API token '{}'", token.name),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(token)
    }

    pub async fn api_tokens_of(&self, actor: &Actor) -> ServiceResult<Vec<api_token::Model>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        Ok(api_token::Entity::find()
            .filter(api_token::Column::PersonId.eq(person_id))
            .order_by_desc(api_token::Column::Id)
            .all(self.db)
            .await?)
    }
}

fn change(
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

pub(crate) fn role_of(person: &person::Model) -> InstanceRole {
    person.instance_role.parse().unwrap_or(InstanceRole::User)
}

/// Hashes with argon2id on the blocking pool: a hash takes tens of milliseconds of CPU.
pub(crate) async fn hash_password(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| ServiceError::Internal(e.to_string()))?
}

/// Verifies on the blocking pool; without a stored hash it still spends the time, so timing does not tell whether an account exists.
async fn verify_password(password: String, stored: Option<String>) -> ServiceResult<bool> {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$ZZzHcD2WxpA5F4lKZUqSBDAr4PG4VdyW7U0xsX8aEKM";
    tokio::task::spawn_blocking(move || {
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
    .map_err(|e| ServiceError::Internal(e.to_string()))
}

fn random_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// Secrets are stored only as their SHA-256: a leaked database opens no session.
fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

impl AccountService<'_> {
    /// Every notification kind with whether the actor receives it.
    pub async fn notification_settings(
        &self,
        actor: &Actor,
    ) -> ServiceResult<Vec<(NotificationKind, bool)>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let muted: Vec<String> = notification_mute::Entity::find()
            .filter(notification_mute::Column::PersonId.eq(person_id))
            .all(self.db)
            .await?
            .into_iter()
            .map(|m| m.kind)
            .collect();
        Ok(NotificationKind::ALL
            .iter()
            .map(|kind| (*kind, !muted.iter().any(|m| m == kind.as_str())))
            .collect())
    }

    /// Turns one kind of notification on or off for the actor.
    pub async fn set_notification(
        &self,
        actor: &Actor,
        kind: NotificationKind,
        enabled: bool,
    ) -> ServiceResult<Vec<(NotificationKind, bool)>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        notification_mute::Entity::delete_many()
            .filter(notification_mute::Column::PersonId.eq(person_id))
            .filter(notification_mute::Column::Kind.eq(kind.as_str()))
            .exec(&txn)
            .await?;
        if !enabled {
            notification_mute::ActiveModel {
                person_id: Set(person_id),
                kind: Set(kind.as_str().to_owned()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let summary = format!(
            "{} notifications {}",
            kind,
            if enabled { "on" } else { "off" }
        );
        audit::record(
            &txn,
            actor,
            change("notifications", "person", person_id, summary),
        )
        .await?;
        txn.commit().await?;
        self.notification_settings(actor).await
    }
}
