//! Reading tables and who sits at them, for one caller: single reads, lists and the batches behind the loaders.

#[allow(unused_imports)]
use super::*;

impl TableService<'_> {
    /// A table the actor may read; a hidden table is reported as not found, so its existence is not revealed.
    pub async fn table(&self, actor: &Actor, id: i64) -> ServiceResult<table::Model> {
        table::Entity::find_by_id(id)
            .filter(visible_tables(actor))
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("table"))
    }

    /// Tables the actor may read, optionally only the top-level ones or the children of one table.
    pub async fn tables(
        &self,
        actor: &Actor,
        parent: ParentFilter,
        page: PageRequest,
    ) -> ServiceResult<Page<table::Model>> {
        let mut query = table::Entity::find().filter(visible_tables(actor));
        query = match parent {
            ParentFilter::Any => query,
            ParentFilter::TopLevel => query.filter(table::Column::ParentId.is_null()),
            ParentFilter::Of(id) => query.filter(table::Column::ParentId.eq(id)),
        };
        paginate(self.db, query, table::Column::Id, page).await
    }

    pub async fn tables_by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<table::Model>> {
        Ok(table::Entity::find()
            .filter(table::Column::Id.is_in(ids.iter().copied()))
            .filter(visible_tables(actor))
            .all(self.db)
            .await?)
    }

    /// Readable children of each of `parent_ids`.
    pub async fn children_of(
        &self,
        actor: &Actor,
        parent_ids: &[i64],
    ) -> ServiceResult<Vec<table::Model>> {
        Ok(table::Entity::find()
            .filter(table::Column::ParentId.is_in(parent_ids.iter().copied()))
            .filter(visible_tables(actor))
            .order_by_asc(table::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The seats in force at each of `table_ids` the actor may read.
    pub async fn seats_of_tables(
        &self,
        actor: &Actor,
        table_ids: &[i64],
    ) -> ServiceResult<Vec<seat::Model>> {
        Ok(active_seats()
            .filter(seat::Column::TableId.is_in(table_ids.iter().copied()))
            .filter(seat::Column::TableId.in_subquery(readable_table_ids(actor)))
            .order_by_asc(seat::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The seats with these ids at tables the actor may read.
    pub async fn seats_by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<seat::Model>> {
        Ok(seat::Entity::find()
            .filter(seat::Column::Id.is_in(ids.iter().copied()))
            .filter(seat::Column::TableId.in_subquery(readable_table_ids(actor)))
            .order_by_asc(seat::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Keeps the delegate appointments in force, or all of them as history.
    pub fn delegates_in_force(
        &self,
        appointments: Vec<membership::Model>,
        include_ended: bool,
    ) -> Vec<membership::Model> {
        appointments
            .into_iter()
            .filter(|m| include_ended || is_active(m))
            .collect()
    }

    /// The memberships in force at each of `table_ids` the actor may read.
    pub async fn memberships_of_tables(
        &self,
        actor: &Actor,
        table_ids: &[i64],
    ) -> ServiceResult<Vec<membership::Model>> {
        Ok(active_memberships()
            .filter(membership::Column::TableId.is_in(table_ids.iter().copied()))
            .filter(membership::Column::TableId.in_subquery(readable_table_ids(actor)))
            .order_by_asc(membership::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Every delegate appointment of each seat at a table the actor may read, ended ones included: the history of
    /// who represented whom.
    pub async fn delegates_of_seats(
        &self,
        actor: &Actor,
        seat_ids: &[i64],
    ) -> ServiceResult<Vec<membership::Model>> {
        Ok(membership::Entity::find()
            .filter(membership::Column::SeatId.is_in(seat_ids.iter().copied()))
            .filter(membership::Column::TableId.in_subquery(readable_table_ids(actor)))
            .order_by_asc(membership::Column::ValidFrom)
            .order_by_asc(membership::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Each person's memberships in force, limited to tables the actor may read; nothing for visitors, who see
    /// people's names only.
    pub async fn memberships_of_people(
        &self,
        actor: &Actor,
        person_ids: &[i64],
    ) -> ServiceResult<Vec<membership::Model>> {
        if !policy::can_read_people(actor) {
            return Ok(Vec::new());
        }
        Ok(active_memberships()
            .filter(membership::Column::PersonId.is_in(person_ids.iter().copied()))
            .filter(membership::Column::TableId.in_subquery(readable_table_ids(actor)))
            .order_by_asc(membership::Column::Id)
            .all(self.db)
            .await?)
    }

    /// The actor's roles at each table, for `Table.myRoles` in lists.
    pub async fn my_roles(
        &self,
        actor: &Actor,
        table_ids: &[i64],
    ) -> ServiceResult<Vec<membership::Model>> {
        let Some(person_id) = actor.person_id() else {
            return Ok(Vec::new());
        };
        Ok(active_memberships()
            .filter(membership::Column::PersonId.eq(person_id))
            .filter(membership::Column::TableId.is_in(table_ids.iter().copied()))
            .all(self.db)
            .await?)
    }
}
