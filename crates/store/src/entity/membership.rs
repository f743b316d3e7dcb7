//! A person's role at a table over a period; delegates hold it through a seat.

use sea_orm::Condition;
use sea_orm::entity::prelude::*;
use tavolo_domain::{DelegateKind, MembershipRole};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub table_id: i64,
    pub person_id: i64,
    pub role: MembershipRole,
    pub seat_id: Option<i64>,
    pub delegate_kind: Option<DelegateKind>,
    pub valid_from: DateTimeUtc,
    pub valid_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Memberships in force at `now`: begun and not yet ended. The one definition lists, checks and mail all use.
pub fn in_force(now: DateTimeUtc) -> Condition {
    Condition::all().add(Column::ValidFrom.lte(now)).add(
        Condition::any()
            .add(Column::ValidUntil.is_null())
            .add(Column::ValidUntil.gt(now)),
    )
}
