//! API tokens for integrations: created by a person signed in with a password (never by another token), shown once,
//! stored as a hash, expiring and revocable; all of them end with a password change.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use tavolo_domain::{Actor, Name, policy};
use tavolo_store::entity::api_token;
use tavolo_store::sea_orm;

use super::{API_TOKEN_PREFIX, AccountService, NewApiToken, change, digest, random_secret};
use crate::audit;
use crate::error::FieldContext;
use crate::{ServiceError, ServiceResult};

impl AccountService<'_> {
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
        expires_in_days: Option<i32>,
    ) -> ServiceResult<NewApiToken> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        if !policy::can_create_api_token(actor) {
            return Err(ServiceError::forbidden(
                "create API tokens with an API token: sign in with your password",
            ));
        }
        let name = Name::parse(name).field("name")?.into_inner();
        let expires_at = match expires_in_days {
            None => None,
            Some(days) if (1..=3650).contains(&days) => {
                Some(Utc::now() + Duration::days(i64::from(days)))
            }
            Some(_) => {
                return Err(ServiceError::out_of_range("expiresInDays", 1, 3650));
            }
        };
        let secret = random_secret(API_TOKEN_PREFIX);
        let txn = tavolo_store::begin_write(self.db).await?;
        let token = api_token::ActiveModel {
            name: Set(name.clone()),
            token_hash: Set(digest(&secret)),
            person_id: Set(person_id),
            created_at: Set(Utc::now()),
            expires_at: Set(expires_at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            change(
                "create_api_token",
                "api_token",
                token.id,
                format!("created API token '{name}'"),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(NewApiToken { secret, token })
    }

    pub async fn revoke_api_token(
        &self,
        actor: &Actor,
        token_id: i64,
    ) -> ServiceResult<api_token::Model> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let token = api_token::Entity::find_by_id(token_id)
            .one(self.db)
            .await?
            .filter(|t| t.person_id == person_id || actor.is_admin())
            .ok_or_else(|| ServiceError::not_found("API token"))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut active = token.clone().into_active_model();
        active.revoked_at = Set(Some(Utc::now()));
        let token = active.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            change(
                "revoke_api_token",
                "api_token",
                token.id,
                format!("revoked API token '{}'", token.name),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(token)
    }

    pub async fn api_tokens_of(&self, actor: &Actor) -> ServiceResult<Vec<api_token::Model>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        Ok(api_token::Entity::find()
            .filter(api_token::Column::PersonId.eq(person_id))
            .order_by_desc(api_token::Column::Id)
            .all(self.db)
            .await?)
    }
}
