//! Coming in and getting back in: invitations to an account and their activation, password reset, the first
//! administrator of a new installation, what a mailed link says before it is used, and the caller's sessions.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use tavolo_domain::{AccountLinkPurpose, Locale, SignInMethod};
use tavolo_service::accounts::{FirstAdministrator, LinkState, NewSession, SessionView};

use crate::accounts::{request_context, session_cookie};
use crate::directory::Person;
use crate::error::parse_id;
use crate::{ApiResult, parts};

/// Where a mailed link stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum AccountLinkState {
    Valid,
    Expired,
    Used,
    Unknown,
}

/// What the page opening a mailed link shows before it is used.
#[derive(SimpleObject)]
pub struct AccountLink {
    state: AccountLinkState,
    /// The name of the person whose account it opens, while the link is valid.
    person_name: Option<String>,
    /// Their address, while the link is valid.
    email: Option<String>,
}

/// How a newcomer may come in on this installation.
#[derive(SimpleObject)]
pub struct Instance {
    /// Nobody administers the installation yet: the web UI offers to create the first administrator.
    needs_first_administrator: bool,
    /// The label of the single sign-on button, when the installation has an OpenID provider.
    single_sign_on: Option<String>,
    /// The body responsible for the data (privacy notice, accessibility statement), when configured.
    controller_name: Option<String>,
    controller_email: Option<String>,
    /// The data protection officer's address, when configured.
    dpo_email: Option<String>,
}

/// One of the caller's open sessions.
pub struct Session(SessionView);

#[Object]
impl Session {
    async fn id(&self) -> ID {
        ID(self.0.session.id.to_string())
    }
    /// Whether this is the session asking.
    async fn current(&self) -> bool {
        self.0.current
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.session.created_at
    }
    /// The last request seen with it, to the minute.
    async fn last_seen_at(&self) -> Option<DateTime<Utc>> {
        self.0.session.last_seen_at
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.session.expires_at
    }
    /// The browser that opened it, as it named itself.
    async fn user_agent(&self) -> Option<&str> {
        self.0.session.user_agent.as_deref()
    }
    async fn method(&self) -> SignInMethod {
        self.0.session.method
    }
}

/// The first administrator of a new installation.
#[derive(InputObject)]
pub struct FirstAdministratorInput {
    /// The one-time code the server printed in its log.
    code: String,
    name: String,
    email: String,
    password: String,
    locale: Option<Locale>,
    time_zone: Option<String>,
}

/// Sets the session cookie of a session just opened and gives its person.
fn signed_in(ctx: &Context<'_>, session: NewSession) -> ApiResult<Person> {
    let secure = request_context(ctx)?.secure_cookies;
    ctx.insert_http_header("Set-Cookie", session_cookie(&session, secure));
    Ok(Person(session.person))
}

#[derive(Default)]
pub struct OnboardingQuery;

#[Object]
impl OnboardingQuery {
    /// How a newcomer may come in: whether the first administrator is still to be created, and single sign-on.
    async fn instance(&self, ctx: &Context<'_>) -> ApiResult<Instance> {
        let (services, _) = parts(ctx)?;
        let info = &request_context(ctx)?.instance;
        Ok(Instance {
            needs_first_administrator: services.accounts().needs_first_administrator().await?,
            single_sign_on: info.single_sign_on.clone(),
            controller_name: info.controller_name.clone(),
            controller_email: info.controller_email.clone(),
            dpo_email: info.dpo_email.clone(),
        })
    }

    /// Where a mailed link (an invitation, a password reset, an address confirmation) stands; the link's token is the
    /// credential, so this works signed out.
    async fn account_link(
        &self,
        ctx: &Context<'_>,
        token: String,
        purpose: AccountLinkPurpose,
    ) -> ApiResult<AccountLink> {
        let (services, _) = parts(ctx)?;
        let view = services.accounts().link_view(&token, purpose).await?;
        Ok(AccountLink {
            state: view.state.into(),
            person_name: view.person.as_ref().map(|p| p.name.clone()),
            email: view.person.map(|p| p.email),
        })
    }

    /// The caller's open sessions, most recently seen first.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn my_sessions(&self, ctx: &Context<'_>) -> ApiResult<Vec<Session>> {
        let (services, actor) = parts(ctx)?;
        let current = request_context(ctx)?.session_secret.as_deref();
        Ok(services
            .accounts()
            .my_sessions(actor, current)
            .await?
            .into_iter()
            .map(Session)
            .collect())
    }
}

#[derive(Default)]
pub struct OnboardingMutation;

#[Object]
impl OnboardingMutation {
    /// Activates an invited account with the token of the mailed link: sets the password, records the accepted terms
    /// of use and signs the person in.
    async fn activate_account(
        &self,
        ctx: &Context<'_>,
        token: String,
        password: String,
        accept_terms: bool,
    ) -> ApiResult<Person> {
        let (services, _) = parts(ctx)?;
        let agent = request_context(ctx)?.user_agent.clone();
        let session = services
            .accounts()
            .activate_account(&token, &password, accept_terms, agent.as_deref())
            .await?;
        signed_in(ctx, session)
    }

    /// Mails a password-reset link to the address when it has an account; the answer is the same either way.
    async fn request_password_reset(&self, ctx: &Context<'_>, email: String) -> ApiResult<bool> {
        let (services, _) = parts(ctx)?;
        services.accounts().request_password_reset(&email).await?;
        Ok(true)
    }

    /// Sets a new password with the token of a reset link; every session and API token of the person ends.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        token: String,
        new_password: String,
    ) -> ApiResult<bool> {
        let (services, _) = parts(ctx)?;
        services
            .accounts()
            .reset_password(&token, &new_password)
            .await?;
        Ok(true)
    }

    /// Mails a fresh invitation to a person who has not activated their account; the earlier link stops working.
    async fn resend_account_invitation(
        &self,
        ctx: &Context<'_>,
        person_id: ID,
    ) -> ApiResult<Person> {
        let (services, actor) = parts(ctx)?;
        let id = parse_id(&person_id, "personId")?;
        Ok(Person(
            services.accounts().resend_invitation(actor, id).await?,
        ))
    }

    /// Withdraws a pending invitation: its link stops working.
    async fn withdraw_account_invitation(
        &self,
        ctx: &Context<'_>,
        person_id: ID,
    ) -> ApiResult<Person> {
        let (services, actor) = parts(ctx)?;
        let id = parse_id(&person_id, "personId")?;
        Ok(Person(
            services.accounts().withdraw_invitation(actor, id).await?,
        ))
    }

    /// Creates the first administrator of a new installation with the code from the server's log, and signs them in.
    async fn create_first_administrator(
        &self,
        ctx: &Context<'_>,
        input: FirstAdministratorInput,
    ) -> ApiResult<Person> {
        let (services, _) = parts(ctx)?;
        let agent = request_context(ctx)?.user_agent.clone();
        let admin = FirstAdministrator {
            name: input.name,
            email: input.email,
            password: input.password,
            locale: input.locale.unwrap_or(Locale::It),
            time_zone: input.time_zone,
        };
        let session = services
            .accounts()
            .create_first_administrator(&input.code, admin, agent.as_deref())
            .await?;
        signed_in(ctx, session)
    }

    /// Signs out one of the caller's sessions.
    async fn end_session(&self, ctx: &Context<'_>, id: ID) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        services
            .accounts()
            .end_session(actor, parse_id(&id, "id")?)
            .await?;
        Ok(true)
    }

    /// Signs out every session of the caller but this one; gives how many ended.
    async fn end_other_sessions(&self, ctx: &Context<'_>) -> ApiResult<i32> {
        let (services, actor) = parts(ctx)?;
        let current = request_context(ctx)?.session_secret.as_deref();
        let ended = services
            .accounts()
            .end_other_sessions(actor, current)
            .await?;
        Ok(i32::try_from(ended).unwrap_or(i32::MAX))
    }
}

impl From<LinkState> for AccountLinkState {
    fn from(state: LinkState) -> Self {
        match state {
            LinkState::Valid => Self::Valid,
            LinkState::Expired => Self::Expired,
            LinkState::Used => Self::Used,
            LinkState::Unknown => Self::Unknown,
        }
    }
}
