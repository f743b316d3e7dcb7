//! Calendar subscription feeds: a person's secret addresses (all their meetings, or one table's) and what each shows.

use chrono::Utc;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use tavolo_domain::{Actor, MeetingStatus};
use tavolo_store::entity::{calendar_feed, invitation, meeting, person};
use tavolo_store::sea_orm;

use crate::{ServiceError, ServiceResult};

/// What a feed shows: its title and its meetings.
pub struct FeedContent {
    pub name: String,
    pub meetings: Vec<meeting::Model>,
    /// The agendas of those meetings, as their owner may read them.
    pub agendas: Vec<tavolo_store::entity::agenda_item::Model>,
    /// The series some of those meetings are occurrences of: calendars show each as one recurring entry.
    pub series: Vec<tavolo_store::entity::meeting_series::Model>,
}

pub struct FeedService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl FeedService<'_> {
    /// The actor's feed for `table_id` (or for all their meetings), created on first request.
    pub async fn feed(
        &self,
        actor: &Actor,
        table_id: Option<i64>,
    ) -> ServiceResult<calendar_feed::Model> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        if let Some(id) = table_id {
            crate::tables::TableService { db: self.db }
                .table(actor, id)
                .await?;
        }
        if let Some(existing) = self.find(person_id, table_id).await? {
            return Ok(existing);
        }
        Ok(calendar_feed::ActiveModel {
            person_id: Set(person_id),
            table_id: Set(table_id),
            token: Set(token()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(self.db)
        .await?)
    }

    /// The actor's feeds: all their meetings first, then one per table where they hold a role (created on first request).
    pub async fn my_feeds(&self, actor: &Actor) -> ServiceResult<Vec<calendar_feed::Model>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let mut tables: Vec<i64> = crate::access::active_memberships()
            .filter(tavolo_store::entity::membership::Column::PersonId.eq(person_id))
            .all(self.db)
            .await?
            .into_iter()
            .map(|m| m.table_id)
            .collect();
        tables.sort_unstable();
        tables.dedup();
        let mut feeds = vec![self.feed(actor, None).await?];
        for table_id in tables {
            feeds.push(self.feed(actor, Some(table_id)).await?);
        }
        Ok(feeds)
    }

    /// A new secret address: the old one stops working at once.
    pub async fn rotate(
        &self,
        actor: &Actor,
        table_id: Option<i64>,
    ) -> ServiceResult<calendar_feed::Model> {
        let current = self.feed(actor, table_id).await?;
        let mut model = current.into_active_model();
        model.token = Set(token());
        model.created_at = Set(Utc::now());
        Ok(model.update(self.db).await?)
    }

    async fn find(
        &self,
        person_id: i64,
        table_id: Option<i64>,
    ) -> ServiceResult<Option<calendar_feed::Model>> {
        let mut query =
            calendar_feed::Entity::find().filter(calendar_feed::Column::PersonId.eq(person_id));
        query = match table_id {
            Some(id) => query.filter(calendar_feed::Column::TableId.eq(id)),
            None => query.filter(calendar_feed::Column::TableId.is_null()),
        };
        Ok(query.one(self.db).await?)
    }

    /// What a token shows, read as its owner today: an unknown token, an inactive owner or a table they may no longer
    /// see shows nothing. Drafts never appear; cancelled meetings stay, marked cancelled, so calendars drop them.
    pub async fn content(&self, token: &str) -> ServiceResult<FeedContent> {
        let feed = calendar_feed::Entity::find()
            .filter(calendar_feed::Column::Token.eq(token))
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("calendar"))?;
        let owner = person::Entity::find_by_id(feed.person_id)
            .one(self.db)
            .await?
            .filter(|p| p.active)
            .ok_or_else(|| ServiceError::not_found("calendar"))?;
        let actor = Actor::Person {
            id: owner.id,
            role: owner.instance_role,
            by_token: false,
        };
        let (name, meetings) = self.meetings_of(&feed, &owner, &actor).await?;
        let ids: Vec<i64> = meetings.iter().map(|m| m.id).collect();
        let service = crate::meetings::MeetingService { db: self.db };
        let agendas = service.agendas(&actor, &ids).await?;
        let series_ids: Vec<i64> = meetings.iter().filter_map(|m| m.series_id).collect();
        let series = service.series_by_ids(&actor, &series_ids).await?;
        Ok(FeedContent {
            name,
            meetings,
            agendas,
            series,
        })
    }

    /// A feed's name and meetings, read as its owner.
    async fn meetings_of(
        &self,
        feed: &calendar_feed::Model,
        owner: &person::Model,
        actor: &Actor,
    ) -> ServiceResult<(String, Vec<meeting::Model>)> {
        let not_draft = meeting::Column::Status.ne(MeetingStatus::Draft);
        match feed.table_id {
            Some(table_id) => {
                let table = crate::tables::TableService { db: self.db }
                    .table(actor, table_id)
                    .await
                    .map_err(|_| ServiceError::not_found("calendar"))?;
                let meetings = meeting::Entity::find()
                    .filter(meeting::Column::TableId.eq(table_id))
                    .filter(not_draft)
                    .order_by_asc(meeting::Column::StartsAt)
                    .all(self.db)
                    .await?;
                Ok((table.name, meetings))
            }
            None => {
                let invited: Vec<i64> = invitation::Entity::find()
                    .filter(invitation::Column::PersonId.eq(owner.id))
                    .all(self.db)
                    .await?
                    .into_iter()
                    .map(|i| i.meeting_id)
                    .collect();
                let meetings = meeting::Entity::find()
                    .filter(meeting::Column::Id.is_in(invited))
                    .filter(not_draft)
                    .order_by_asc(meeting::Column::StartsAt)
                    .all(self.db)
                    .await?;
                Ok((format!("Tavolo — {}", owner.name), meetings))
            }
        }
    }
}

fn token() -> String {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}
