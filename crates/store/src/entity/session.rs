//! A browser session: the cookie carries the secret, the row its SHA-256.

use sea_orm::entity::prelude::*;
use tavolo_domain::SignInMethod;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub token_hash: String,
    pub person_id: i64,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    /// The browser that opened it, as it named itself (cut to 300 characters).
    pub user_agent: Option<String>,
    /// The last request seen with it, to the minute.
    pub last_seen_at: Option<DateTimeUtc>,
    /// How the person signed in (`SignInMethod`).
    pub method: SignInMethod,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
