//! The caller's own sessions: the list the profile shows (where and when each was opened and last seen), and signing
//! out one of them or every other.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tavolo_domain::Actor;
use tavolo_store::entity::session;
use tavolo_store::sea_orm;

use super::{AccountService, change, digest};
use crate::audit;
use crate::{ServiceError, ServiceResult};

/// A session as its owner sees it.
pub struct SessionView {
    pub session: session::Model,
    /// Whether it is the session of the request asking.
    pub current: bool,
}

impl AccountService<'_> {
    /// The caller's open sessions, most recently seen first.
    pub async fn my_sessions(
        &self,
        actor: &Actor,
        current_secret: Option<&str>,
    ) -> ServiceResult<Vec<SessionView>> {
        let person_id = own_person(actor)?;
        let current = current_secret.map(digest);
        let rows = session::Entity::find()
            .filter(session::Column::PersonId.eq(person_id))
            .filter(session::Column::RevokedAt.is_null())
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .order_by_desc(session::Column::LastSeenAt)
            .order_by_desc(session::Column::Id)
            .all(self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|session| SessionView {
                current: current.as_deref() == Some(session.token_hash.as_str()),
                session,
            })
            .collect())
    }

    /// Signs out one of the caller's sessions (on another device, say).
    pub async fn end_session(&self, actor: &Actor, session_id: i64) -> ServiceResult<()> {
        let person_id = own_person(actor)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let ended = session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(Utc::now()))
            .filter(session::Column::Id.eq(session_id))
            .filter(session::Column::PersonId.eq(person_id))
            .filter(session::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if ended.rows_affected == 0 {
            return Err(ServiceError::not_found("session"));
        }
        audit::record(
            &txn,
            actor,
            change(
                "end_session",
                "session",
                session_id,
                "signed out a session".into(),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Signs out every session of the caller but the one asking; returns how many ended.
    pub async fn end_other_sessions(
        &self,
        actor: &Actor,
        current_secret: Option<&str>,
    ) -> ServiceResult<u64> {
        let person_id = own_person(actor)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut others = session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(Utc::now()))
            .filter(session::Column::PersonId.eq(person_id))
            .filter(session::Column::RevokedAt.is_null());
        if let Some(secret) = current_secret {
            others = others.filter(session::Column::TokenHash.ne(digest(secret)));
        }
        let ended = others.exec(&txn).await?.rows_affected;
        audit::record(
            &txn,
            actor,
            change(
                "end_other_sessions",
                "person",
                person_id,
                format!("signed out {ended} other sessions"),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(ended)
    }
}

/// Sessions are their owner's business, reached from a browser session (never an API token, which could otherwise
/// sign its owner out everywhere).
fn own_person(actor: &Actor) -> ServiceResult<i64> {
    let person_id = actor
        .person_id()
        .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
    if actor.is_by_token() {
        return Err(ServiceError::forbidden(
            "manage sessions with an API token: sign in with your password",
        ));
    }
    Ok(person_id)
}
