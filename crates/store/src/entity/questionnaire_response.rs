//! One response to a questionnaire: a person's (members and organizations), or a public link session's, known only
//! by a hash of its secret key and a hash of the address it came from.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questionnaire_responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub questionnaire_id: i64,
    pub person_id: Option<i64>,
    /// SHA-256 of the link session's key, which only the respondent's browser holds.
    pub response_key: Option<String>,
    /// SHA-256 of the public link's token and the sender's address: counts responses per address, names no one.
    pub address_hash: Option<String>,
    pub submitted_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
