//! A single-use link mailed for an account change (confirming a new email address); only its hash is stored.

use sea_orm::entity::prelude::*;
use tavolo_domain::AccountLinkPurpose;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i64,
    /// What the link does (`AccountLinkPurpose`).
    pub purpose: AccountLinkPurpose,
    pub token_hash: String,
    /// For an email change: the address to confirm.
    pub new_email: Option<String>,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
