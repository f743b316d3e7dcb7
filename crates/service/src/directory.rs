//! The directory: organizations and people (accounts), who may create and change them, and batch reads for loaders.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use tavolo_domain::{
    Actor, Email, InstanceRole, Locale, Name, OptionalText, OrganizationKind, Password,
    TimeZoneName, policy,
};
use tavolo_store::entity::{organization, person};
use tavolo_store::sea_orm;

use crate::access::{require_signed_in, runs_a_table_seating, runs_any_table};
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::paging::paginate;
use crate::{Page, PageRequest, ServiceError, ServiceResult, rows_in};

/// Fields of an organization; on update, `None` leaves a field as it is and an empty string clears it.
#[derive(Debug, Clone, Default)]
pub struct OrganizationInput {
    pub name: Option<String>,
    pub kind: Option<OrganizationKind>,
    pub territory: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
}

/// Fields of a person; on update, `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct PersonInput {
    pub name: Option<String>,
    pub email: Option<String>,
    /// `Some(None)` detaches the person from their organization.
    pub organization_id: Option<Option<i64>>,
    pub locale: Option<Locale>,
    pub time_zone: Option<String>,
    pub instance_role: Option<InstanceRole>,
    pub active: Option<bool>,
    /// Only on creation: an initial password, so the person can sign in.
    pub password: Option<String>,
}

pub struct DirectoryService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl DirectoryService<'_> {
    pub async fn organization(
        &self,
        _actor: &Actor,
        id: i64,
    ) -> ServiceResult<organization::Model> {
        organization::Entity::find_by_id(id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("organization"))
    }

    /// Organizations are public facts: any caller may list them, optionally by a piece of the name.
    pub async fn organizations(
        &self,
        _actor: &Actor,
        search: Option<&str>,
        page: PageRequest,
    ) -> ServiceResult<Page<organization::Model>> {
        let mut query = organization::Entity::find();
        if let Some(text) = search.map(str::trim).filter(|t| !t.is_empty()) {
            query = query.filter(organization::Column::Name.contains(text));
        }
        paginate(self.db, query, organization::Column::Id, page).await
    }

    /// Organizations by id. They are public facts (they sit at public tables), so every caller gets them; the actor
    /// is taken so that this read goes through the policy like every other.
    pub async fn organizations_by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<organization::Model>> {
        if !policy::can_read_organizations(actor) {
            return Ok(Vec::new());
        }
        rows_in::<organization::Entity, _, _>(
            self.db,
            organization::Column::Id,
            ids,
            organization::Column::Id,
        )
        .await
    }

    pub async fn create_organization(
        &self,
        actor: &Actor,
        input: OrganizationInput,
    ) -> ServiceResult<organization::Model> {
        self.authorize_directory(actor).await?;
        let name = Name::parse(input.name.as_deref().unwrap_or_default())
            .field("name")?
            .into_inner();
        let kind = input
            .kind
            .ok_or_else(|| ServiceError::validation("kind", "is required"))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        ensure_unique_organization_name(&txn, &name, None).await?;
        let now = Utc::now();
        let mut model = organization::ActiveModel {
            name: Set(name),
            kind: Set(kind.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply_organization_contacts(&mut model, &input)?;
        let created = model.insert(&txn).await?;
        audit::record(
            &txn,
            actor,
            org_change(
                "create",
                &created,
                format!("created organization '{}'", created.name),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    pub async fn update_organization(
        &self,
        actor: &Actor,
        id: i64,
        input: OrganizationInput,
    ) -> ServiceResult<organization::Model> {
        let existing = self.organization(actor, id).await?;
        require_signed_in(actor)?;
        let runs_its_table = runs_a_table_seating(self.db, actor, id).await?;
        if !policy::can_edit_organization(actor, runs_its_table) {
            return Err(ServiceError::forbidden("change this organization"));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = existing.into_active_model();
        if let Some(raw) = input.name.as_deref() {
            let name = Name::parse(raw).field("name")?.into_inner();
            ensure_unique_organization_name(&txn, &name, Some(id)).await?;
            model.name = Set(name);
        }
        if let Some(kind) = input.kind {
            model.kind = Set(kind.as_str().to_owned());
        }
        apply_organization_contacts(&mut model, &input)?;
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            org_change(
                "update",
                &updated,
                format!("updated organization '{}'", updated.name),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    pub async fn person(&self, actor: &Actor, id: i64) -> ServiceResult<person::Model> {
        if !policy::can_read_people(actor) {
            return Err(ServiceError::Unauthenticated(
                "sign in to see people".into(),
            ));
        }
        person::Entity::find_by_id(id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("person"))
    }

    /// People, for signed-in users only; optionally those of one organization or matching a piece of name or email.
    pub async fn people(
        &self,
        actor: &Actor,
        organization_id: Option<i64>,
        search: Option<&str>,
        page: PageRequest,
    ) -> ServiceResult<Page<person::Model>> {
        if !policy::can_read_people(actor) {
            return Err(ServiceError::Unauthenticated(
                "sign in to see people".into(),
            ));
        }
        let mut query = person::Entity::find();
        if let Some(org) = organization_id {
            query = query.filter(person::Column::OrganizationId.eq(org));
        }
        if let Some(text) = search.map(str::trim).filter(|t| !t.is_empty()) {
            let lowered = text.to_lowercase();
            query = query.filter(
                sea_orm::Condition::any()
                    .add(person::Column::Name.contains(text))
                    .add(person::Column::Email.contains(&lowered)),
            );
        }
        paginate(self.db, query, person::Column::Id, page).await
    }

    /// People by id, as reached from records the actor could read (a delegate, an author). Visitors get them too,
    /// but see only their names: what else a person shows goes through `profile`.
    pub async fn people_by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<person::Model>> {
        if !policy::can_read_people_names(actor) {
            return Ok(Vec::new());
        }
        rows_in::<person::Entity, _, _>(self.db, person::Column::Id, ids, person::Column::Id).await
    }

    /// A person's details beyond the name (organization, language, time zone, instance role, account state), for
    /// those who may read people; visitors get `None`.
    pub fn profile<'p>(
        &self,
        actor: &Actor,
        person: &'p person::Model,
    ) -> Option<&'p person::Model> {
        policy::can_read_people(actor).then_some(person)
    }

    pub async fn people_of_organizations(
        &self,
        actor: &Actor,
        organization_ids: &[i64],
    ) -> ServiceResult<Vec<person::Model>> {
        if !policy::can_read_people(actor) {
            return Ok(Vec::new());
        }
        rows_in::<person::Entity, _, _>(
            self.db,
            person::Column::OrganizationId,
            organization_ids,
            person::Column::Name,
        )
        .await
    }

    /// A person's email, for those who may see contacts.
    pub fn visible_email(&self, actor: &Actor, person: &person::Model) -> Option<String> {
        policy::can_see_contact(actor).then(|| person.email.clone())
    }

    pub async fn create_person(
        &self,
        actor: &Actor,
        input: PersonInput,
    ) -> ServiceResult<person::Model> {
        self.authorize_directory(actor).await?;
        if input.instance_role.is_some_and(|r| r != InstanceRole::User)
            && !policy::can_change_instance_role(actor)
        {
            return Err(ServiceError::forbidden("give instance roles"));
        }
        let name = Name::parse(input.name.as_deref().unwrap_or_default())
            .field("name")?
            .into_inner();
        let email = Email::parse(input.email.as_deref().unwrap_or_default()).field("email")?;
        let time_zone = match input.time_zone.as_deref() {
            Some(raw) => TimeZoneName::parse(raw).field("timeZone")?,
            None => TimeZoneName::default(),
        };
        if let Some(password) = input.password.as_deref() {
            Password::check(password).field("password")?;
        }
        let password_hash = match input.password {
            Some(password) => Some(crate::accounts::hash_password(password).await?),
            None => None,
        };
        let txn = tavolo_store::begin_write(self.db).await?;
        ensure_unique_email(&txn, &email, None).await?;
        let organization_id = input.organization_id.flatten();
        ensure_organization_exists(&txn, organization_id).await?;
        let now = Utc::now();
        let created = person::ActiveModel {
            name: Set(name),
            email: Set(email.into_inner()),
            organization_id: Set(organization_id),
            locale: Set(input.locale.unwrap_or(Locale::It).as_str().to_owned()),
            time_zone: Set(time_zone.name().to_owned()),
            instance_role: Set(input
                .instance_role
                .unwrap_or(InstanceRole::User)
                .as_str()
                .to_owned()),
            password_hash: Set(password_hash),
            active: Set(input.active.unwrap_or(true)),
            created_by: Set(actor.person_id()),
            first_signed_in_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            person_change(
                "create",
                &created,
                format!("created person '{}' <{}>", created.name, created.email),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    pub async fn update_person(
        &self,
        actor: &Actor,
        id: i64,
        input: PersonInput,
    ) -> ServiceResult<person::Model> {
        let existing = self.person(actor, id).await?;
        let brought_in = existing.created_by.is_some()
            && existing.created_by == actor.person_id()
            && existing.first_signed_in_at.is_none()
            && runs_any_table(self.db, actor).await?;
        let is_user = existing.instance_role == InstanceRole::User.as_str();
        if !policy::can_edit_person(actor, id, brought_in, is_user) {
            return Err(ServiceError::forbidden("change this person"));
        }
        if input.email.is_some() && !policy::can_set_email(actor) {
            if actor.person_id() == Some(id) {
                return Err(ServiceError::validation(
                    "email",
                    "confirm a new address with requestEmailChange: a link goes to it",
                ));
            }
            return Err(ServiceError::forbidden("change this person's email"));
        }
        let admin_only = input.instance_role.is_some() || input.active.is_some();
        if admin_only && !policy::can_change_instance_role(actor) {
            return Err(ServiceError::forbidden(
                "change instance roles or deactivate accounts",
            ));
        }
        if input.password.is_some() {
            return Err(ServiceError::validation(
                "password",
                "use changePassword to change a password",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = existing.into_active_model();
        if let Some(raw) = input.name.as_deref() {
            model.name = Set(Name::parse(raw).field("name")?.into_inner());
        }
        if let Some(raw) = input.email.as_deref() {
            let email = Email::parse(raw).field("email")?;
            ensure_unique_email(&txn, &email, Some(id)).await?;
            model.email = Set(email.into_inner());
        }
        if let Some(organization_id) = input.organization_id {
            ensure_organization_exists(&txn, organization_id).await?;
            model.organization_id = Set(organization_id);
        }
        if let Some(locale) = input.locale {
            model.locale = Set(locale.as_str().to_owned());
        }
        if let Some(raw) = input.time_zone.as_deref() {
            model.time_zone = Set(TimeZoneName::parse(raw)
                .field("timeZone")?
                .name()
                .to_owned());
        }
        if let Some(role) = input.instance_role {
            model.instance_role = Set(role.as_str().to_owned());
        }
        if let Some(active) = input.active {
            model.active = Set(active);
        }
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            person_change(
                "update",
                &updated,
                format!("updated person '{}'", updated.name),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    async fn authorize_directory(&self, actor: &Actor) -> ServiceResult<()> {
        require_signed_in(actor)?;
        let runs_any = runs_any_table(self.db, actor).await?;
        if !policy::can_manage_directory(actor, runs_any) {
            return Err(ServiceError::forbidden("manage organizations and accounts"));
        }
        Ok(())
    }
}

fn apply_organization_contacts(
    model: &mut organization::ActiveModel,
    input: &OrganizationInput,
) -> ServiceResult<()> {
    if let Some(raw) = input.territory.as_deref() {
        model.territory = Set(OptionalText::parse(Some(raw), 200).field("territory")?);
    }
    if let Some(raw) = input.email.as_deref() {
        let email = match raw.trim() {
            "" => None,
            text => Some(Email::parse(text).field("email")?.into_inner()),
        };
        model.email = Set(email);
    }
    if let Some(raw) = input.phone.as_deref() {
        model.phone = Set(OptionalText::parse(Some(raw), 50).field("phone")?);
    }
    if let Some(raw) = input.website.as_deref() {
        let website = OptionalText::parse(Some(raw), 500).field("website")?;
        if website
            .as_deref()
            .is_some_and(|w| !(w.starts_with("https://") || w.starts_with("http://")))
        {
            return Err(ServiceError::validation(
                "website",
                "must start with https:// or http://",
            ));
        }
        model.website = Set(website);
    }
    Ok(())
}

async fn ensure_unique_organization_name(
    conn: &impl ConnectionTrait,
    name: &str,
    except: Option<i64>,
) -> ServiceResult<()> {
    let mut query = organization::Entity::find().filter(organization::Column::Name.eq(name));
    if let Some(id) = except {
        query = query.filter(organization::Column::Id.ne(id));
    }
    if query.count(conn).await? > 0 {
        return Err(ServiceError::validation(
            "name",
            format!("an organization named '{name}' already exists"),
        ));
    }
    Ok(())
}

async fn ensure_unique_email(
    conn: &impl ConnectionTrait,
    email: &Email,
    except: Option<i64>,
) -> ServiceResult<()> {
    let mut query = person::Entity::find().filter(person::Column::Email.eq(email.as_str()));
    if let Some(id) = except {
        query = query.filter(person::Column::Id.ne(id));
    }
    if query.count(conn).await? > 0 {
        return Err(ServiceError::validation(
            "email",
            format!("{email} is already used by another person"),
        ));
    }
    Ok(())
}

async fn ensure_organization_exists(
    conn: &impl ConnectionTrait,
    id: Option<i64>,
) -> ServiceResult<()> {
    let Some(id) = id else { return Ok(()) };
    if organization::Entity::find_by_id(id).count(conn).await? == 0 {
        return Err(ServiceError::validation(
            "organizationId",
            format!("there is no organization {id}"),
        ));
    }
    Ok(())
}

fn org_change(action: &'static str, org: &organization::Model, summary: String) -> Change<'static> {
    Change {
        action,
        entity_type: "organization",
        entity_id: org.id,
        table_id: None,
        summary,
    }
}

fn person_change(action: &'static str, person: &person::Model, summary: String) -> Change<'static> {
    Change {
        action,
        entity_type: "person",
        entity_id: person.id,
        table_id: None,
        summary,
    }
}
