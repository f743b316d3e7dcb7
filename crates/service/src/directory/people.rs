//! People and their accounts in the directory: who may read, create and correct them, and the batch reads behind
//! the loaders.

#[allow(unused_imports)]
use super::*;
use crate::Reason;

impl DirectoryService<'_> {
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

    /// People, for signed-in users only, newest last, narrowed by `filter`; the account state filter is for those who
    /// bring people in (administrators and tables' runners), who are the ones who see it.
    pub async fn people(
        &self,
        actor: &Actor,
        filter: PeopleFilter,
        page: PageRequest,
    ) -> ServiceResult<Page<person::Model>> {
        if !policy::can_read_people(actor) {
            return Err(ServiceError::Unauthenticated(
                "sign in to see people".into(),
            ));
        }
        let mut query = person::Entity::find();
        if let Some(org) = filter.organization_id {
            query = query.filter(person::Column::OrganizationId.eq(org));
        }
        if let Some(text) = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let lowered = text.to_lowercase();
            query = query.filter(
                sea_orm::Condition::any()
                    .add(person::Column::Name.contains(text))
                    .add(person::Column::Email.contains(&lowered)),
            );
        }
        if let Some(role) = filter.instance_role {
            query = query.filter(person::Column::InstanceRole.eq(role.as_str()));
        }
        if let Some(state) = filter.account_state {
            if !policy::can_manage_directory(actor, runs_any_table(self.db, actor).await?) {
                return Err(ServiceError::forbidden("filter people by account state"));
            }
            query = query.filter(account_state_condition(state));
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
            crate::accounts::check_password(password, "password", email.as_str())?;
        }
        let password_hash = match input.password {
            Some(password) => Some(crate::accounts::hash_password(password).await?),
            None => None,
        };
        let txn = tavolo_store::begin_write(self.db).await?;
        let created = insert_person(
            &txn,
            actor,
            NewPerson {
                name,
                email,
                organization_id: input.organization_id.flatten(),
                locale: input.locale.unwrap_or(Locale::It),
                time_zone,
                instance_role: input.instance_role.unwrap_or(InstanceRole::User),
                password_hash,
                active: input.active.unwrap_or(true),
            },
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
        let brought_in = may_correct(self.db, actor, &existing).await?;
        let is_user = existing.instance_role == InstanceRole::User;
        if !policy::can_edit_person(actor, id, brought_in, is_user) {
            return Err(ServiceError::forbidden("change this person"));
        }
        if input.email.is_some() && !policy::can_set_email(actor) {
            if actor.person_id() == Some(id) {
                return Err(ServiceError::validation(
                    "email",
                    Reason::ChangedElsewhere,
                    "confirm a new address with requestEmailChange: a link goes to it",
                ));
            }
            return Err(ServiceError::forbidden("change this person's email"));
        }
        let admin_only = input.instance_role.is_some() || input.active.is_some();
        let demotes_self = input.active == Some(false)
            || input
                .instance_role
                .is_some_and(|role| role != InstanceRole::Admin);
        if actor.is_admin() && actor.person_id() == Some(id) && demotes_self {
            // Another administrator must do it, so an installation never loses its last one by a slip.
            return Err(ServiceError::validation(
                if input.active.is_some() {
                    "active"
                } else {
                    "instanceRole"
                },
                Reason::SelfDemotion,
                "you cannot deactivate yourself or give up your own administrator role",
            ));
        }
        if admin_only && !policy::can_change_instance_role(actor) {
            return Err(ServiceError::forbidden(
                "change instance roles or deactivate accounts",
            ));
        }
        if input.password.is_some() {
            return Err(ServiceError::validation(
                "password",
                Reason::ChangedElsewhere,
                "use changePassword to change a password",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let digest = (existing.digest_weekday, existing.digest_hour);
        let mut model = existing.into_active_model();
        if let Some(raw) = input.name.as_deref() {
            model.name = Set(Name::parse(raw).field("name")?.into_inner());
        }
        if let Some(raw) = input.email.as_deref() {
            let email = Email::parse(raw).field("email")?;
            ensure_unique_email(&txn, &email, Some(id), "email").await?;
            model.email = Set(email.into_inner());
        }
        if let Some(organization_id) = input.organization_id {
            ensure_organization_exists(&txn, organization_id).await?;
            model.organization_id = Set(organization_id);
        }
        if let Some(locale) = input.locale {
            model.locale = Set(locale);
        }
        if let Some(raw) = input.time_zone.as_deref() {
            let zone = TimeZoneName::parse(raw).field("timeZone")?;
            // The weekly digest keeps its wall-clock day and hour in the new zone.
            let weekday = tavolo_domain::Weekday::from_iso_number(digest.0)
                .unwrap_or(tavolo_domain::Weekday::Monday);
            let next = crate::digest::next_due(weekday, digest.1, zone.tz(), Utc::now());
            model.digest_due_at = Set(Some(next));
            model.time_zone = Set(zone);
        }
        if let Some(role) = input.instance_role {
            model.instance_role = Set(role);
        }
        if let Some(active) = input.active {
            model.active = Set(active);
        }
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        if input.active == Some(false) {
            // Deactivation ends what the person holds, so a later reactivation revives no forgotten session.
            crate::accounts::revoke_credentials(&txn, updated.id, None).await?;
        }
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
}

/// A person to insert, already checked.
pub(crate) struct NewPerson {
    pub name: String,
    pub email: Email,
    pub organization_id: Option<i64>,
    pub locale: Locale,
    pub time_zone: TimeZoneName,
    pub instance_role: InstanceRole,
    /// Without one (and active), the person is mailed an invitation to set their own.
    pub password_hash: Option<String>,
    pub active: bool,
}

/// Inserts a person inside the caller's transaction, with its audit row and, when they have no password, the
/// invitation to activate their account: what `create_person` does, and what inviting a guest to a meeting with an
/// account offered does.
pub(crate) async fn insert_person(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    new: NewPerson,
) -> ServiceResult<person::Model> {
    ensure_unique_email(conn, &new.email, None, "email").await?;
    ensure_organization_exists(conn, new.organization_id).await?;
    let invite = new.password_hash.is_none() && new.active;
    let now = Utc::now();
    let created = person::ActiveModel {
        name: Set(new.name),
        email: Set(new.email.into_inner()),
        organization_id: Set(new.organization_id),
        locale: Set(new.locale),
        time_zone: Set(new.time_zone),
        instance_role: Set(new.instance_role),
        password_hash: Set(new.password_hash),
        active: Set(new.active),
        created_by: Set(actor.person_id()),
        first_signed_in_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    audit::record(
        conn,
        actor,
        person_change(
            "create",
            &created,
            format!("created person '{}' <{}>", created.name, created.email),
        ),
    )
    .await?;
    if invite {
        crate::accounts::invite(conn, actor, &created).await?;
    }
    Ok(created)
}

/// What a list of people is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    pub organization_id: Option<i64>,
    /// A piece of the name or of the address.
    pub search: Option<String>,
    pub instance_role: Option<InstanceRole>,
    pub account_state: Option<AccountState>,
}

/// People whose account is in `state`, as `AccountService::account_states` tells it, in SQL.
fn account_state_condition(state: AccountState) -> sea_orm::Condition {
    use sea_orm::Condition;
    use sea_orm::sea_query::Query;
    let activated = Condition::any()
        .add(person::Column::PasswordHash.is_not_null())
        .add(person::Column::FirstSignedInAt.is_not_null());
    let invitations = Query::select()
        .column(account_link::Column::PersonId)
        .from(account_link::Entity)
        .and_where(account_link::Column::Purpose.eq(AccountLinkPurpose::Activation))
        .and_where(account_link::Column::UsedAt.is_null())
        .and_where(account_link::Column::ExpiresAt.gt(Utc::now()))
        .to_owned();
    let live_invitation = person::Column::Id.in_subquery(invitations.clone());
    let no_live_invitation = person::Column::Id.not_in_subquery(invitations);
    let active = person::Column::Active.eq(true);
    match state {
        AccountState::Deactivated => Condition::all().add(person::Column::Active.eq(false)),
        AccountState::Active => Condition::all().add(active).add(activated),
        AccountState::Invited => Condition::all()
            .add(active)
            .add(activated.not())
            .add(live_invitation),
        AccountState::NotActivated => Condition::all()
            .add(active)
            .add(activated.not())
            .add(no_live_invitation),
    }
}

/// Whether the actor brought this person in and may still correct their record: they run a table, created the
/// person, and the person has not signed in yet.
pub(crate) async fn may_correct(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    person: &person::Model,
) -> ServiceResult<bool> {
    Ok(person.created_by.is_some()
        && person.created_by == actor.person_id()
        && person.first_signed_in_at.is_none()
        && runs_any_table(conn, actor).await?)
}

/// Refuses an address another person already uses, naming `field`.
pub(crate) async fn ensure_unique_email(
    conn: &impl ConnectionTrait,
    email: &Email,
    except: Option<i64>,
    field: &str,
) -> ServiceResult<()> {
    let mut query = person::Entity::find().filter(person::Column::Email.eq(email.as_str()));
    if let Some(id) = except {
        query = query.filter(person::Column::Id.ne(id));
    }
    if query.count(conn).await? > 0 {
        return Err(ServiceError::refused(
            crate::Reason::EmailTaken,
            Some(field),
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
            Reason::UnknownReference,
            format!("there is no organization {id}"),
        ));
    }
    Ok(())
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
