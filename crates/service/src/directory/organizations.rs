//! Organizations: public facts any caller may read; created and changed by administrators and by whoever runs a
//! table where they sit.

#[allow(unused_imports)]
use super::*;
use crate::Reason;

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
        let kind = input.kind.ok_or_else(|| ServiceError::required("kind"))?;
        let txn = tavolo_store::begin_write(self.db).await?;
        ensure_unique_organization_name(&txn, &name, None).await?;
        let now = Utc::now();
        let mut model = organization::ActiveModel {
            name: Set(name),
            kind: Set(kind),
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
            model.kind = Set(kind);
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
                Reason::NotAUrl,
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
            Reason::AlreadyExists,
            format!("an organization named '{name}' already exists"),
        ));
    }
    Ok(())
}
pub(super) fn org_change(
    action: &'static str,
    org: &organization::Model,
    summary: String,
) -> Change<'static> {
    Change {
        action,
        entity_type: "organization",
        entity_id: org.id,
        table_id: None,
        summary,
    }
}
