//! Guessing passwords: every attempt at a password (sign-in, password change, email change) is counted before any
//! hashing, atomically, so parallel attempts cannot slip past the limit; and hashing itself is bounded, since each
//! hash holds about 19 MiB.

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, QuerySelect, Set};
use tavolo_store::entity::login_throttle;
use tavolo_store::sea_orm;

use super::AccountService;
use crate::{ServiceError, ServiceResult};

/// Attempts at one address's password allowed within the window before it is locked.
pub const LOGIN_FAILURES: i32 = 5;
const LOGIN_WINDOW_MINUTES: i64 = 15;
const LOGIN_LOCK_MINUTES: i64 = 15;

/// Password hashes computed at once in this process; more wait their turn.
const CONCURRENT_HASHES: usize = 4;

static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(CONCURRENT_HASHES);

/// Runs a password hash (or verification) on the blocking pool, at most `CONCURRENT_HASHES` at a time.
pub(crate) async fn bounded<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> ServiceResult<T> {
    let _turn = HASHING
        .acquire()
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

impl AccountService<'_> {
    /// Counts an attempt at the password of `email` before it is checked: the attempt is a failure until
    /// `clear_attempts` says otherwise. Past `LOGIN_FAILURES` within `LOGIN_WINDOW_MINUTES`, the address is locked for
    /// `LOGIN_LOCK_MINUTES` and the attempt refused, saying when to try again. Unknown addresses count the same, so the
    /// answer says nothing about who has an account. The row is locked while it is counted (on SQLite the write
    /// transaction already is), so parallel attempts are counted one after another.
    pub(super) async fn reserve_attempt(&self, email: &str) -> ServiceResult<()> {
        let now = Utc::now();
        let txn = tavolo_store::begin_write(self.db).await?;
        login_throttle::Entity::insert(login_throttle::ActiveModel {
            email: Set(email.to_owned()),
            failures: Set(0),
            window_started_at: Set(now),
            locked_until: Set(None),
        })
        .on_conflict_do_nothing()
        .exec(&txn)
        .await?;
        let current = login_throttle::Entity::find_by_id(email.to_owned())
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or_else(|| ServiceError::Internal("sign-in counter vanished".into()))?;
        if let Some(until) = current.locked_until.filter(|until| *until > now) {
            txn.commit().await?;
            return Err(locked(until - now));
        }
        let window_open = current.locked_until.is_none()
            && now - current.window_started_at < Duration::minutes(LOGIN_WINDOW_MINUTES);
        let (failures, started) = if window_open {
            (current.failures, current.window_started_at)
        } else {
            (0, now)
        };
        let mut row = current.into_active_model();
        if failures >= LOGIN_FAILURES {
            let lock = Duration::minutes(LOGIN_LOCK_MINUTES);
            row.failures = Set(0);
            row.locked_until = Set(Some(now + lock));
            row.update(&txn).await?;
            txn.commit().await?;
            return Err(locked(lock));
        }
        row.failures = Set(failures + 1);
        row.window_started_at = Set(started);
        row.locked_until = Set(None);
        row.update(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The right password was given: the attempts counted so far are forgotten.
    pub(super) async fn clear_attempts(
        &self,
        conn: &impl sea_orm::ConnectionTrait,
        email: &str,
    ) -> ServiceResult<()> {
        login_throttle::Entity::delete_by_id(email.to_owned())
            .exec(conn)
            .await?;
        Ok(())
    }
}

fn locked(remaining: Duration) -> ServiceError {
    ServiceError::RateLimited {
        retry_after_secs: remaining.num_seconds().max(1),
    }
}
