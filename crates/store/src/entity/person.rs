//! A person, with an account when a password hash is set.

use sea_orm::entity::prelude::*;
use tavolo_domain::{InstanceRole, Locale, TimeZoneName};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub email: String,
    pub organization_id: Option<i64>,
    pub locale: Locale,
    pub time_zone: TimeZoneName,
    pub instance_role: InstanceRole,
    pub password_hash: Option<String>,
    pub active: bool,
    /// When the person last got the weekly digest: its news of practices start there.
    pub last_digest_at: Option<DateTimeUtc>,
    /// The ISO weekday (Monday 1 … Sunday 7) the weekly digest goes out, in the person's time zone.
    pub digest_weekday: i32,
    /// The hour (0–23) it goes out.
    pub digest_hour: i32,
    /// The next instant the digest is due; none until the first pass schedules it.
    pub digest_due_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Who brought the person in (none for the system, seeding and imports).
    pub created_by: Option<i64>,
    /// When the person first signed in: until then, whoever created them may still correct their record.
    pub first_signed_in_at: Option<DateTimeUtc>,
    /// When the person accepted the terms of use, activating their account.
    pub terms_accepted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
