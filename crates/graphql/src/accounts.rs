//! Signing in and out, the caller's own account, password change and API tokens.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use tavolo_domain::NotificationKind;
use tavolo_service::accounts::{NewSession, SESSION_LIFETIME_DAYS};
use tavolo_store::entity::{api_token, calendar_feed};

use crate::loaders::TableKey;
use crate::tables::Table;

use crate::directory::Person;
use crate::error::parse_id;
use crate::{ApiError, ApiResult, RequestContext, loader, parts};

/// The cookie that carries the session secret.
pub const SESSION_COOKIE: &str = "tavolo_session";

/// A bearer token for integrations; its secret is shown only when created.
pub struct ApiToken(pub api_token::Model);

#[Object]
impl ApiToken {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What the token is for.
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }
}

/// A calendar subscription address (iCalendar), secret: whoever has it sees the meetings.
pub struct CalendarFeed(pub calendar_feed::Model);

#[Object]
impl CalendarFeed {
    /// The table whose meetings it shows; null for all the caller's meetings.
    async fn table(&self, ctx: &Context<'_>) -> ApiResult<Option<Table>> {
        let Some(id) = self.0.table_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(TableKey(id)).await?.map(Table))
    }
    /// The address to subscribe to, relative to Tavolo's own (`/calendar/<token>.ics`).
    async fn path(&self) -> String {
        format!("/calendar/{}.ics", self.0.token)
    }
}

/// Whether the caller receives one kind of notification.
#[derive(SimpleObject)]
pub struct NotificationSetting {
    kind: NotificationKind,
    enabled: bool,
}

fn settings(rows: Vec<(NotificationKind, bool)>) -> Vec<NotificationSetting> {
    rows.into_iter()
        .map(|(kind, enabled)| NotificationSetting { kind, enabled })
        .collect()
}

/// A token just created, with the secret to send as `Authorization: Bearer <secret>`.
#[derive(SimpleObject)]
pub struct CreatedApiToken {
    token: ApiToken,
    /// Shown once: store it now.
    secret: String,
}

pub(crate) fn request_context<'a>(ctx: &Context<'a>) -> ApiResult<&'a RequestContext> {
    ctx.data::<RequestContext>()
        .map_err(|_| ApiError::internal("request context missing"))
}

/// The cookie of a session just opened.
pub fn session_cookie(session: &NewSession, secure: bool) -> String {
    cookie(&session.secret, SESSION_LIFETIME_DAYS * 86_400, secure)
}

fn cookie(value: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    )
}

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in person, or null for a visitor.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let (services, actor) = parts(ctx)?;
        let Some(id) = actor.person_id() else {
            return Ok(None);
        };
        Ok(Some(Person(services.directory().person(actor, id).await?)))
    }

    /// The caller's calendar subscriptions: all their meetings, then one per table where they hold a role.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn my_calendar_feeds(&self, ctx: &Context<'_>) -> ApiResult<Vec<CalendarFeed>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .feeds()
            .my_feeds(actor)
            .await?
            .into_iter()
            .map(CalendarFeed)
            .collect())
    }

    /// Every kind of notification with whether the caller receives it.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn my_notification_settings(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<NotificationSetting>> {
        let (services, actor) = parts(ctx)?;
        Ok(settings(
            services.accounts().notification_settings(actor).await?,
        ))
    }

    /// The caller's API tokens, newest first.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn my_api_tokens(&self, ctx: &Context<'_>) -> ApiResult<Vec<ApiToken>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .accounts()
            .api_tokens_of(actor)
            .await?
            .into_iter()
            .map(ApiToken)
            .collect())
    }
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Signs in and sets the session cookie (HttpOnly, SameSite=Lax).
    async fn login(&self, ctx: &Context<'_>, email: String, password: String) -> ApiResult<Person> {
        let (services, _) = parts(ctx)?;
        let request = request_context(ctx)?;
        let session = services
            .accounts()
            .login(&email, &password, request.user_agent.as_deref())
            .await?;
        ctx.insert_http_header(
            "Set-Cookie",
            session_cookie(&session, request.secure_cookies),
        );
        Ok(Person(session.person))
    }

    /// Replaces a calendar address (all meetings without `tableId`, or one table's): the old one stops working.
    async fn rotate_calendar_feed(
        &self,
        ctx: &Context<'_>,
        table_id: Option<ID>,
    ) -> ApiResult<CalendarFeed> {
        let (services, actor) = parts(ctx)?;
        let table_id = table_id.map(|id| parse_id(&id, "tableId")).transpose()?;
        Ok(CalendarFeed(
            services.feeds().rotate(actor, table_id).await?,
        ))
    }

    /// Turns one kind of notification on or off for the caller.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn set_notification(
        &self,
        ctx: &Context<'_>,
        kind: NotificationKind,
        enabled: bool,
    ) -> ApiResult<Vec<NotificationSetting>> {
        let (services, actor) = parts(ctx)?;
        Ok(settings(
            services
                .accounts()
                .set_notification(actor, kind, enabled)
                .await?,
        ))
    }

    /// Revokes the current session and clears the cookie.
    async fn logout(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let (services, _) = parts(ctx)?;
        let request = request_context(ctx)?;
        if let Some(secret) = request.session_secret.as_deref() {
            services.accounts().logout(secret).await?;
        }
        ctx.insert_http_header("Set-Cookie", cookie("", 0, request.secure_cookies));
        Ok(true)
    }

    /// Asks to move the caller's account to a new email address (after their current password): a link to confirm
    /// goes to the new address and a notice to the old one; nothing changes until the link is opened.
    async fn request_email_change(
        &self,
        ctx: &Context<'_>,
        new_email: String,
        current_password: String,
    ) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        services
            .accounts()
            .request_email_change(actor, &new_email, &current_password)
            .await?;
        Ok(true)
    }

    /// Confirms a new email address with the token of the link mailed to it; works signed out.
    async fn confirm_email_change(&self, ctx: &Context<'_>, token: String) -> ApiResult<bool> {
        let (services, _) = parts(ctx)?;
        services.accounts().confirm_email_change(&token).await?;
        Ok(true)
    }

    /// Changes the caller's password; every other session of theirs and every API token is revoked.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        let keep = request_context(ctx)?.session_secret.as_deref();
        services
            .accounts()
            .change_password(actor, &current_password, &new_password, keep)
            .await?;
        Ok(true)
    }

    /// Creates an API token for integrations, optionally expiring after some days.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        name: String,
        expires_in_days: Option<i32>,
    ) -> ApiResult<CreatedApiToken> {
        let (services, actor) = parts(ctx)?;
        let created = services
            .accounts()
            .create_api_token(actor, &name, expires_in_days)
            .await?;
        Ok(CreatedApiToken {
            token: ApiToken(created.token),
            secret: created.secret,
        })
    }

    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ApiToken> {
        let (services, actor) = parts(ctx)?;
        Ok(ApiToken(
            services
                .accounts()
                .revoke_api_token(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }
}
