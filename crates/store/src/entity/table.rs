//! A table: interinstitutional table, steering committee, working or focus group, multiprofessional team.

use sea_orm::entity::prelude::*;
use tavolo_domain::{TableKind, Visibility};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tables")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub kind: TableKind,
    pub territory: Option<String>,
    pub description: Option<String>,
    pub parent_id: Option<i64>,
    pub visibility: Visibility,
    /// Share of member organizations (percent) that must be present for quorum.
    pub quorum_percent: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the table ended its work: it keeps its records and takes no new meetings.
    pub ended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
