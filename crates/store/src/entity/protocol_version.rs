//! A numbered version of a protocol: a draft, then adopted by a decision of the table and in force from a date.

use sea_orm::entity::prelude::*;
use tavolo_domain::ProtocolStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "protocol_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub protocol_id: i64,
    pub number: i32,
    pub status: ProtocolStatus,
    /// The adopted version a revision started from.
    pub based_on_id: Option<i64>,
    /// The decision that approved it.
    pub decision_id: Option<i64>,
    pub adopted_at: Option<DateTimeUtc>,
    pub adopted_by: Option<i64>,
    pub in_force_from: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
