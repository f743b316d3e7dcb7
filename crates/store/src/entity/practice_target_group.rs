//! One target group of a good practice (a practice has one or more).

use sea_orm::entity::prelude::*;
use tavolo_domain::TargetGroup;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_target_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub practice_id: i64,
    pub target_group: TargetGroup,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
