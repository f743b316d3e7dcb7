//! Organizations and people: their GraphQL types, queries and mutations.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use chrono::{DateTime, Utc};
use tavolo_domain::{AccountState, InstanceRole, Locale, OrganizationKind};
use tavolo_service::directory::{OrganizationInput, PeopleFilter, PersonInput};
use tavolo_store::entity::{organization, person};

use crate::connection::{IdConnection, connection, page_request};
use crate::error::parse_id;
use crate::loaders::{
    AccountStateOfPerson, MembershipsOfPerson, OrganizationKey, PeopleOfOrganization,
};
use crate::tables::Membership;
use crate::{ApiResult, loader, parts};

/// A public body, third-sector organization or migrant association.
pub struct Organization(pub organization::Model);

#[Object]
impl Organization {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The organization's name, unique in the instance.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// What sort of body it is.
    async fn kind(&self) -> OrganizationKind {
        self.0.kind
    }
    /// Territory it serves, e.g. a municipality or social-health zone.
    async fn territory(&self) -> Option<&str> {
        self.0.territory.as_deref()
    }
    /// Institutional mailbox.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Switchboard or office phone.
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// Website.
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }
    /// People working for it (signed-in users only; empty for visitors).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn people(&self, ctx: &Context<'_>) -> ApiResult<Vec<Person>> {
        let rows = loader(ctx)?
            .load_one(PeopleOfOrganization(self.0.id))
            .await?;
        Ok(rows.unwrap_or_default().into_iter().map(Person).collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A person, with an account when they can sign in.
pub struct Person(pub person::Model);

#[Object]
impl Person {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Full name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Email address; hidden from visitors who are not signed in.
    async fn email(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let (services, actor) = parts(ctx)?;
        Ok(services.directory().visible_email(actor, &self.0))
    }
    /// The organization the person works for; hidden from visitors, who see names only.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let Some(id) = profile(ctx, &self.0)?.and_then(|p| p.organization_id) else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OrganizationKey(id))
            .await?
            .map(Organization))
    }
    /// Language of the interface and of the emails the person receives; hidden from visitors.
    async fn locale(&self, ctx: &Context<'_>) -> ApiResult<Option<Locale>> {
        Ok(profile(ctx, &self.0)?.map(|p| p.locale))
    }
    /// IANA time zone used to show times; hidden from visitors.
    async fn time_zone(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        Ok(profile(ctx, &self.0)?.map(|p| p.time_zone.name().to_owned()))
    }
    /// Role on the whole instance; hidden from visitors.
    async fn instance_role(&self, ctx: &Context<'_>) -> ApiResult<Option<InstanceRole>> {
        Ok(profile(ctx, &self.0)?.map(|p| p.instance_role))
    }
    /// Whether the account may sign in; hidden from visitors.
    async fn active(&self, ctx: &Context<'_>) -> ApiResult<Option<bool>> {
        Ok(profile(ctx, &self.0)?.map(|p| p.active))
    }
    /// Where the account stands (active, invited, not activated, deactivated); for administrators and those who
    /// run a table, null for anyone else.
    async fn account_state(&self, ctx: &Context<'_>) -> ApiResult<Option<AccountState>> {
        Ok(loader(ctx)?
            .load_one(AccountStateOfPerson(self.0.id))
            .await?)
    }
    /// Roles in force at the tables the caller may see.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn memberships(&self, ctx: &Context<'_>) -> ApiResult<Vec<Membership>> {
        let rows = loader(ctx)?
            .load_one(MembershipsOfPerson(self.0.id))
            .await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(Membership)
            .collect())
    }
}

/// The person's details when the caller may see more than the name.
fn profile<'p>(
    ctx: &Context<'_>,
    person: &'p person::Model,
) -> ApiResult<Option<&'p person::Model>> {
    let (services, actor) = parts(ctx)?;
    Ok(services.directory().profile(actor, person))
}

/// A new organization.
#[derive(InputObject)]
pub struct CreateOrganizationInput {
    name: String,
    kind: OrganizationKind,
    territory: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
}

/// Changes to an organization: omitted fields stay as they are, an empty string clears a text field.
#[derive(InputObject)]
pub struct UpdateOrganizationInput {
    name: Option<String>,
    kind: Option<OrganizationKind>,
    territory: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
}

/// A new person; without a password they are mailed an invitation to set their own (the usual way), with one they
/// can sign in straight away.
#[derive(InputObject)]
pub struct CreatePersonInput {
    name: String,
    email: String,
    organization_id: Option<ID>,
    locale: Option<Locale>,
    time_zone: Option<String>,
    instance_role: Option<InstanceRole>,
    password: Option<String>,
}

/// Changes to a person: omitted fields stay as they are; `organizationId: null` detaches them.
#[derive(InputObject)]
pub struct UpdatePersonInput {
    name: Option<String>,
    email: Option<String>,
    organization_id: MaybeUndefined<ID>,
    locale: Option<Locale>,
    time_zone: Option<String>,
    instance_role: Option<InstanceRole>,
    active: Option<bool>,
}

#[derive(Default)]
pub struct DirectoryQuery;

#[Object]
impl DirectoryQuery {
    /// Organizations, optionally those whose name contains `search`.
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        search: Option<String>,
    ) -> ApiResult<IdConnection<Organization>> {
        let (services, actor) = parts(ctx)?;
        let had_cursor = after.is_some();
        let page = services
            .directory()
            .organizations(actor, search.as_deref(), page_request(first, after)?)
            .await?;
        Ok(connection(page, had_cursor, |m| m.id, Organization))
    }

    async fn organization(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Organization> {
        let (services, actor) = parts(ctx)?;
        Ok(Organization(
            services
                .directory()
                .organization(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// People (signed-in users only), optionally of one organization, with one instance role, matching `search` in
    /// name or email, or (for administrators and those who run a table) in one account state.
    #[allow(clippy::too_many_arguments)]
    async fn people(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        search: Option<String>,
        organization_id: Option<ID>,
        instance_role: Option<InstanceRole>,
        account_state: Option<AccountState>,
    ) -> ApiResult<IdConnection<Person>> {
        let (services, actor) = parts(ctx)?;
        let had_cursor = after.is_some();
        let filter = PeopleFilter {
            organization_id: organization_id
                .map(|id| parse_id(&id, "organizationId"))
                .transpose()?,
            search,
            instance_role,
            account_state,
        };
        let page = services
            .directory()
            .people(actor, filter, page_request(first, after)?)
            .await?;
        Ok(connection(page, had_cursor, |m| m.id, Person))
    }

    async fn person(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Person> {
        let (services, actor) = parts(ctx)?;
        Ok(Person(
            services
                .directory()
                .person(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }
}

#[derive(Default)]
pub struct DirectoryMutation;

#[Object]
impl DirectoryMutation {
    /// Adds an organization to the directory (admins, and whoever runs a table).
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
    ) -> ApiResult<Organization> {
        let (services, actor) = parts(ctx)?;
        let input = OrganizationInput {
            name: Some(input.name),
            kind: Some(input.kind),
            territory: input.territory,
            email: input.email,
            phone: input.phone,
            website: input.website,
        };
        Ok(Organization(
            services
                .directory()
                .create_organization(actor, input)
                .await?,
        ))
    }

    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateOrganizationInput,
    ) -> ApiResult<Organization> {
        let (services, actor) = parts(ctx)?;
        let input = OrganizationInput {
            name: input.name,
            kind: input.kind,
            territory: input.territory,
            email: input.email,
            phone: input.phone,
            website: input.website,
        };
        Ok(Organization(
            services
                .directory()
                .update_organization(actor, parse_id(&id, "id")?, input)
                .await?,
        ))
    }

    /// Folds a duplicate organization into the one kept (administrators): its people, seats, delegates, practices,
    /// adoptions, action items and strategy elements move, and the duplicate goes.
    async fn merge_organizations(
        &self,
        ctx: &Context<'_>,
        kept_id: ID,
        duplicate_id: ID,
    ) -> ApiResult<Organization> {
        let (services, actor) = parts(ctx)?;
        let kept = parse_id(&kept_id, "keptId")?;
        let duplicate = parse_id(&duplicate_id, "duplicateId")?;
        Ok(Organization(
            services
                .directory()
                .merge_organizations(actor, kept, duplicate)
                .await?,
        ))
    }

    /// Adds a person (admins, and whoever runs a table); only admins give instance roles.
    async fn create_person(
        &self,
        ctx: &Context<'_>,
        input: CreatePersonInput,
    ) -> ApiResult<Person> {
        let (services, actor) = parts(ctx)?;
        let organization_id = input
            .organization_id
            .map(|id| parse_id(&id, "organizationId"))
            .transpose()?;
        let input = PersonInput {
            name: Some(input.name),
            email: Some(input.email),
            organization_id: Some(organization_id),
            locale: input.locale,
            time_zone: input.time_zone,
            instance_role: input.instance_role,
            active: None,
            password: input.password,
        };
        Ok(Person(
            services.directory().create_person(actor, input).await?,
        ))
    }

    async fn update_person(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdatePersonInput,
    ) -> ApiResult<Person> {
        let (services, actor) = parts(ctx)?;
        let organization_id = match input.organization_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(id) => Some(Some(parse_id(&id, "organizationId")?)),
        };
        let input = PersonInput {
            name: input.name,
            email: input.email,
            organization_id,
            locale: input.locale,
            time_zone: input.time_zone,
            instance_role: input.instance_role,
            active: input.active,
            password: None,
        };
        Ok(Person(
            services
                .directory()
                .update_person(actor, parse_id(&id, "id")?, input)
                .await?,
        ))
    }
}
