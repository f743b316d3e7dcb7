//! Single-use links mailed for account changes (activating an invited account, resetting a password, confirming a new
//! address): issued with a random secret of which only the hash is stored, replaced by a newer one of the same
//! purpose, claimed exactly once.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use tavolo_domain::AccountLinkPurpose;
use tavolo_store::entity::{account_link, person};
use tavolo_store::sea_orm;

use super::{digest, random_secret};
use crate::{Reason, ServiceError, ServiceResult};

/// Where a link stands, as the page that opens it tells the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Valid,
    Expired,
    Used,
    Unknown,
}

impl LinkState {
    /// Why a link cannot be used, `None` for a valid one.
    pub fn reason(self) -> Option<Reason> {
        match self {
            LinkState::Valid => None,
            LinkState::Expired => Some(Reason::LinkExpired),
            LinkState::Used => Some(Reason::LinkUsed),
            LinkState::Unknown => Some(Reason::LinkUnknown),
        }
    }
}

/// The refusal of a link that cannot be used.
pub(super) fn refusal(reason: Reason) -> ServiceError {
    let message = match reason {
        Reason::LinkExpired => "this link has expired: ask for a new one",
        Reason::LinkUsed => "this link was already used, withdrawn or replaced by a newer one",
        _ => "this link is not valid: check it was copied whole",
    };
    ServiceError::refused(reason, Some("token"), message)
}

/// Issues a new link of `purpose` for the person, valid `lifetime`, ending any earlier one of the same purpose; returns
/// the secret for the message and never stores it.
pub(super) async fn issue(
    conn: &impl ConnectionTrait,
    person_id: i64,
    purpose: AccountLinkPurpose,
    lifetime: Duration,
    new_email: Option<&str>,
) -> ServiceResult<String> {
    end_pending(conn, person_id, purpose).await?;
    let secret = random_secret("");
    let now = Utc::now();
    account_link::ActiveModel {
        person_id: Set(person_id),
        purpose: Set(purpose),
        token_hash: Set(digest(&secret)),
        new_email: Set(new_email.map(str::to_owned)),
        expires_at: Set(now + lifetime),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(secret)
}

/// Ends the person's links of `purpose` still waiting: only the newest counts, and a withdrawn one counts none.
pub(super) async fn end_pending(
    conn: &impl ConnectionTrait,
    person_id: i64,
    purpose: AccountLinkPurpose,
) -> ServiceResult<u64> {
    let ended = account_link::Entity::update_many()
        .col_expr(account_link::Column::UsedAt, Expr::value(Utc::now()))
        .filter(account_link::Column::PersonId.eq(person_id))
        .filter(account_link::Column::Purpose.eq(purpose.as_str()))
        .filter(account_link::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(ended.rows_affected)
}

/// The link behind `token` for `purpose`, and where it stands.
pub(super) async fn find(
    conn: &impl ConnectionTrait,
    token: &str,
    purpose: AccountLinkPurpose,
) -> ServiceResult<(Option<account_link::Model>, LinkState)> {
    let found = account_link::Entity::find()
        .filter(account_link::Column::TokenHash.eq(digest(token)))
        .filter(account_link::Column::Purpose.eq(purpose.as_str()))
        .one(conn)
        .await?;
    let state = match &found {
        None => LinkState::Unknown,
        Some(link) if link.used_at.is_some() => LinkState::Used,
        Some(link) if link.expires_at <= Utc::now() => LinkState::Expired,
        Some(_) => LinkState::Valid,
    };
    Ok((found, state))
}

/// The person a valid link of `purpose` is for, or the refusal saying why the link cannot be used.
pub(super) async fn person_of(
    conn: &impl ConnectionTrait,
    token: &str,
    purpose: AccountLinkPurpose,
) -> ServiceResult<person::Model> {
    let (found, state) = find(conn, token, purpose).await?;
    if let Some(reason) = state.reason() {
        return Err(refusal(reason));
    }
    let person = match found {
        Some(link) => person::Entity::find_by_id(link.person_id).one(conn).await?,
        None => None,
    };
    person.ok_or_else(|| refusal(Reason::LinkUnknown))
}

/// Claims the link behind `token` inside the caller's transaction: it works once, even when two requests race.
pub(super) async fn claim(
    conn: &impl ConnectionTrait,
    token: &str,
    purpose: AccountLinkPurpose,
) -> ServiceResult<account_link::Model> {
    let (found, state) = find(conn, token, purpose).await?;
    if let Some(reason) = state.reason() {
        return Err(refusal(reason));
    }
    let link = found.ok_or_else(|| ServiceError::Internal("valid link vanished".into()))?;
    let claimed = account_link::Entity::update_many()
        .col_expr(account_link::Column::UsedAt, Expr::value(Utc::now()))
        .filter(account_link::Column::Id.eq(link.id))
        .filter(account_link::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(refusal(Reason::LinkUsed));
    }
    Ok(link)
}

/// Links of `purpose` made for the person since `since`: how password resets are throttled per address.
pub(super) async fn issued_since(
    conn: &impl ConnectionTrait,
    person_id: i64,
    purpose: AccountLinkPurpose,
    since: DateTime<Utc>,
) -> ServiceResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(account_link::Entity::find()
        .filter(account_link::Column::PersonId.eq(person_id))
        .filter(account_link::Column::Purpose.eq(purpose.as_str()))
        .filter(account_link::Column::CreatedAt.gt(since))
        .count(conn)
        .await?)
}
