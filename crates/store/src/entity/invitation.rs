//! An invitation to a meeting, for a person with an account or anyone by email.

use sea_orm::entity::prelude::*;
use tavolo_domain::Rsvp;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    pub person_id: Option<i64>,
    pub email: String,
    pub name: String,
    pub required: bool,
    pub rsvp: Rsvp,
    pub delegated_to_person_id: Option<i64>,
    pub delegated_to_email: Option<String>,
    pub responded_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Part of every answer link; raised after an answer by link so each link works once.
    pub answer_nonce: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
