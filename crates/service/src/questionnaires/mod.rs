//! Needs questionnaires of a table: built by whoever runs it (sections and questions), opened to the table's members,
//! to named organizations' operators or to a public link until an end date, answered once per person (or per link
//! session, with a bound per address) and editable until the end; results per question, a CSV of the raw answers
//! without personal data, and a result recorded as a strategy indicator's measurement.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tavolo_domain::{
    Actor, Name, OptionalText, QuestionnaireAudience, QuestionnaireStatus, TableRoles, policy,
};
use tavolo_store::entity::{
    organization, person, questionnaire, questionnaire_organization, questionnaire_question, seat,
};
use tavolo_store::sea_orm;

use crate::access::{self, roles_at, tables_of};
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::{Reason, ServiceError, ServiceResult};

mod answering;
mod results;
mod structure;

pub use answering::{AnswerInput, PublicAnswer};
pub use results::{QuestionResult, Results};
pub use structure::{QuestionInput, SectionInput, Structure};

const DESCRIPTION_MAX: usize = 10_000;
/// A listing returns at most this many questionnaires.
pub const LIST_MAX: u64 = 500;
/// Bounds of the responses a public link takes from one address.
pub const PER_ADDRESS_DEFAULT: i32 = 5;
pub const PER_ADDRESS_MAX: i32 = 1_000;

/// A questionnaire's settings; on update `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct QuestionnaireInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub audience: Option<QuestionnaireAudience>,
    /// `Some(None)` removes the end date (not for public questionnaires once open).
    pub ends_at: Option<Option<DateTime<Utc>>>,
    /// The organizations whose operators answer, for that audience.
    pub organization_ids: Option<Vec<i64>>,
    pub per_address_limit: Option<i32>,
}

pub struct QuestionnaireService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

/// A questionnaire with the actor's roles at its table.
pub(crate) struct Context {
    pub questionnaire: questionnaire::Model,
    pub roles: TableRoles,
}

impl Context {
    fn may_manage(&self, actor: &Actor) -> bool {
        actor.is_signed_in() && policy::can_manage_questionnaires(actor, &self.roles)
    }

    fn require_manage(&self, actor: &Actor) -> ServiceResult<()> {
        access::require_signed_in(actor)?;
        if self.may_manage(actor) {
            return Ok(());
        }
        Err(ServiceError::forbidden("run this table's questionnaires"))
    }
}

/// The questionnaire, if the actor runs its table or is among those asked to answer it (once it is open).
pub(crate) async fn load(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: i64,
) -> ServiceResult<Context> {
    let missing = || ServiceError::not_found("questionnaire");
    let questionnaire = questionnaire::Entity::find_by_id(id)
        .filter(visible(actor))
        .one(conn)
        .await?
        .ok_or_else(missing)?;
    let roles = roles_at(conn, actor, questionnaire.table_id).await?;
    Ok(Context {
        questionnaire,
        roles,
    })
}

/// The people asked to answer, as SQL: members of the table, or operators of the named organizations; public
/// questionnaires are reached through their link, not listed.
fn asked(actor: &Actor) -> Condition {
    let Some(person_id) = actor.person_id() else {
        return Condition::any();
    };
    let members = Condition::all()
        .add(questionnaire::Column::Audience.eq(QuestionnaireAudience::Members))
        .add(questionnaire::Column::TableId.in_subquery(tables_of(actor, &[])));
    let own_organization = Query::select()
        .column(person::Column::OrganizationId)
        .from(person::Entity)
        .and_where(person::Column::Id.eq(person_id))
        .to_owned();
    let named = Query::select()
        .column(questionnaire_organization::Column::QuestionnaireId)
        .from(questionnaire_organization::Entity)
        .and_where(questionnaire_organization::Column::OrganizationId.in_subquery(own_organization))
        .to_owned();
    let organizations = Condition::all()
        .add(questionnaire::Column::Audience.eq(QuestionnaireAudience::Organizations))
        .add(questionnaire::Column::Id.in_subquery(named));
    Condition::all()
        .add(questionnaire::Column::Status.ne(QuestionnaireStatus::Draft))
        .add(Condition::any().add(members).add(organizations))
}

/// What the actor may see, as SQL: everything of the tables they run, and what they are asked to answer.
pub(crate) fn visible(actor: &Actor) -> Condition {
    if actor.is_admin() {
        return Condition::all();
    }
    let run = Condition::all().add(questionnaire::Column::TableId.in_subquery(tables_of(
        actor,
        &[
            tavolo_domain::MembershipRole::Chair,
            tavolo_domain::MembershipRole::Secretariat,
        ],
    )));
    Condition::any().add(run).add(asked(actor))
}

/// Whether answers are taken now; a refusal names `field`, the argument the caller reached the questionnaire by.
pub(crate) fn taking_answers(
    questionnaire: &questionnaire::Model,
    field: &str,
) -> ServiceResult<()> {
    if questionnaire.status != QuestionnaireStatus::Open {
        return Err(ServiceError::validation(
            field,
            Reason::WrongState,
            "the questionnaire is not open for answers",
        ));
    }
    if questionnaire.ends_at.is_some_and(|end| end <= Utc::now()) {
        return Err(ServiceError::validation(
            field,
            Reason::DeadlinePassed,
            "the questionnaire's end date has passed",
        ));
    }
    Ok(())
}

pub(crate) fn questionnaire_change(
    action: &'static str,
    questionnaire: &questionnaire::Model,
    summary: String,
) -> Change<'static> {
    Change {
        action,
        entity_type: "questionnaire",
        entity_id: questionnaire.id,
        table_id: Some(questionnaire.table_id),
        summary,
    }
}

impl QuestionnaireService<'_> {
    pub async fn questionnaire(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<questionnaire::Model> {
        Ok(load(self.db, actor, id).await?.questionnaire)
    }

    /// The questionnaires among `ids` the actor may see: a DataLoader batch.
    pub async fn by_ids(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<questionnaire::Model>> {
        Ok(questionnaire::Entity::find()
            .filter(questionnaire::Column::Id.is_in(ids.iter().copied()))
            .filter(visible(actor))
            .all(self.db)
            .await?)
    }

    /// The questionnaires the actor may see (of one table, or everywhere), newest first.
    pub async fn questionnaires(
        &self,
        actor: &Actor,
        table_id: Option<i64>,
    ) -> ServiceResult<Vec<questionnaire::Model>> {
        let mut query = questionnaire::Entity::find().filter(visible(actor));
        if let Some(table_id) = table_id {
            query = query.filter(questionnaire::Column::TableId.eq(table_id));
        }
        Ok(query
            .order_by_desc(questionnaire::Column::CreatedAt)
            .order_by_desc(questionnaire::Column::Id)
            .limit(LIST_MAX)
            .all(self.db)
            .await?)
    }

    /// Whether the actor runs the questionnaire (builds it, opens it, reads its results).
    pub async fn can_manage(&self, actor: &Actor, id: i64) -> ServiceResult<bool> {
        Ok(load(self.db, actor, id).await?.may_manage(actor))
    }

    /// The organizations a questionnaire is sent to.
    pub async fn organizations(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<(i64, organization::Model)>> {
        let visible: Vec<i64> = self
            .by_ids(actor, ids)
            .await?
            .into_iter()
            .map(|q| q.id)
            .collect();
        let named = questionnaire_organization::Entity::find()
            .filter(questionnaire_organization::Column::QuestionnaireId.is_in(visible))
            .all(self.db)
            .await?;
        let organizations = organization::Entity::find()
            .filter(organization::Column::Id.is_in(named.iter().map(|n| n.organization_id)))
            .all(self.db)
            .await?;
        Ok(named
            .iter()
            .filter_map(|n| {
                let found = organizations.iter().find(|o| o.id == n.organization_id)?;
                Some((n.questionnaire_id, found.clone()))
            })
            .collect())
    }

    /// A new questionnaire of a table, in draft.
    pub async fn create(
        &self,
        actor: &Actor,
        table_id: i64,
        input: QuestionnaireInput,
    ) -> ServiceResult<questionnaire::Model> {
        let access = crate::strategy::access(self.db, actor, table_id).await?;
        access::require_signed_in(actor)?;
        if !policy::can_manage_questionnaires(actor, &access.roles) {
            return Err(ServiceError::forbidden("run this table's questionnaires"));
        }
        let created_by = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let title = Name::parse(input.title.as_deref().unwrap_or_default())
            .field("title")?
            .into_inner();
        let now = Utc::now();
        let row = questionnaire::ActiveModel {
            table_id: Set(table_id),
            title: Set(title),
            description: Set(None),
            audience: Set(QuestionnaireAudience::Members),
            status: Set(QuestionnaireStatus::Draft),
            ends_at: Set(None),
            public_token: Set(None),
            per_address_limit: Set(PER_ADDRESS_DEFAULT),
            created_by: Set(created_by),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let txn = tavolo_store::begin_write(self.db).await?;
        let created = row.insert(&txn).await?;
        let updated = self.apply(&txn, created, input, true).await?;
        let summary = format!("created the questionnaire '{}'", updated.title);
        audit::record(
            &txn,
            actor,
            questionnaire_change("create", &updated, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Changes a questionnaire's settings: all of them while in draft; the title, description and end date once
    /// open.
    pub async fn update(
        &self,
        actor: &Actor,
        id: i64,
        input: QuestionnaireInput,
    ) -> ServiceResult<questionnaire::Model> {
        let context = load(self.db, actor, id).await?;
        context.require_manage(actor)?;
        let draft = context.questionnaire.status == QuestionnaireStatus::Draft;
        if !draft && (input.audience.is_some() || input.organization_ids.is_some()) {
            return Err(ServiceError::validation(
                "audience",
                Reason::WrongState,
                "who answers is settled once the questionnaire is open",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let updated = self
            .apply(&txn, context.questionnaire, input, draft)
            .await?;
        let summary = format!("changed the questionnaire '{}'", updated.title);
        audit::record(
            &txn,
            actor,
            questionnaire_change("update", &updated, summary),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    async fn apply(
        &self,
        conn: &impl ConnectionTrait,
        current: questionnaire::Model,
        input: QuestionnaireInput,
        draft: bool,
    ) -> ServiceResult<questionnaire::Model> {
        let id = current.id;
        let table_id = current.table_id;
        let mut row = current.into_active_model();
        if let Some(title) = &input.title {
            row.title = Set(Name::parse(title).field("title")?.into_inner());
        }
        if let Some(description) = &input.description {
            row.description =
                Set(OptionalText::parse(Some(description), DESCRIPTION_MAX).field("description")?);
        }
        if let Some(audience) = input.audience {
            row.audience = Set(audience);
        }
        if let Some(ends_at) = input.ends_at {
            if ends_at.is_some_and(|end| end <= Utc::now()) {
                return Err(ServiceError::validation(
                    "endsAt",
                    Reason::InThePast,
                    "the end date must be in the future",
                ));
            }
            row.ends_at = Set(ends_at);
        }
        if let Some(limit) = input.per_address_limit {
            if !(1..=PER_ADDRESS_MAX).contains(&limit) {
                return Err(ServiceError::out_of_range(
                    "perAddressLimit",
                    1,
                    PER_ADDRESS_MAX,
                ));
            }
            row.per_address_limit = Set(limit);
        }
        if let Some(ids) = input.organization_ids.filter(|_| draft) {
            self.name_organizations(conn, id, table_id, &ids).await?;
        }
        row.updated_at = Set(Utc::now());
        Ok(row.update(conn).await?)
    }

    /// Replaces the organizations a questionnaire is sent to: organizations seated at the table today.
    async fn name_organizations(
        &self,
        conn: &impl ConnectionTrait,
        id: i64,
        table_id: i64,
        ids: &[i64],
    ) -> ServiceResult<()> {
        if ids.len() > 200 {
            return Err(ServiceError::too_many(
                "organizationIds",
                200,
                "organizations",
            ));
        }
        let unique: HashSet<i64> = ids.iter().copied().collect();
        let seated: HashSet<i64> = access::active_seats()
            .filter(seat::Column::TableId.eq(table_id))
            .filter(seat::Column::OrganizationId.is_in(unique.iter().copied()))
            .all(conn)
            .await?
            .into_iter()
            .map(|s| s.organization_id)
            .collect();
        if seated.len() != unique.len() {
            return Err(ServiceError::validation(
                "organizationIds",
                Reason::UnknownReference,
                "questionnaires go to organizations seated at the table",
            ));
        }
        questionnaire_organization::Entity::delete_many()
            .filter(questionnaire_organization::Column::QuestionnaireId.eq(id))
            .exec(conn)
            .await?;
        for organization_id in unique {
            questionnaire_organization::ActiveModel {
                questionnaire_id: Set(id),
                organization_id: Set(organization_id),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
        Ok(())
    }

    /// Opens a draft for answers: it needs a question, an end date to come for a public link (whose token is made
    /// now), and at least one organization for that audience.
    pub async fn open(&self, actor: &Actor, id: i64) -> ServiceResult<questionnaire::Model> {
        let context = load(self.db, actor, id).await?;
        context.require_manage(actor)?;
        let current = context.questionnaire;
        if current.status != QuestionnaireStatus::Draft {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "only a draft is opened",
            ));
        }
        let has_question = questionnaire_question::Entity::find()
            .filter(questionnaire_question::Column::QuestionnaireId.eq(id))
            .one(self.db)
            .await?
            .is_some();
        if !has_question {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "a questionnaire without questions cannot be opened",
            ));
        }
        if current.ends_at.is_some_and(|end| end <= Utc::now()) {
            return Err(ServiceError::validation(
                "endsAt",
                Reason::InThePast,
                "the end date has passed",
            ));
        }
        if current.audience == QuestionnaireAudience::Public && current.ends_at.is_none() {
            return Err(ServiceError::required("endsAt"));
        }
        if current.audience == QuestionnaireAudience::Organizations {
            let named = questionnaire_organization::Entity::find()
                .filter(questionnaire_organization::Column::QuestionnaireId.eq(id))
                .one(self.db)
                .await?;
            if named.is_none() {
                return Err(ServiceError::required("organizationIds"));
            }
        }
        let public = current.audience == QuestionnaireAudience::Public;
        let mut row = current.into_active_model();
        row.status = Set(QuestionnaireStatus::Open);
        if public {
            row.public_token = Set(Some(hex::encode(rand::random::<[u8; 24]>())));
        }
        self.save_status(actor, row, "open").await
    }

    /// Those asked to answer hear of it: written with the opening, mailed by the worker. A public link is shared by
    /// its runners instead.
    async fn announce(
        &self,
        conn: &impl ConnectionTrait,
        actor: &Actor,
        opened: &questionnaire::Model,
    ) -> ServiceResult<()> {
        if opened.audience == QuestionnaireAudience::Public {
            return Ok(());
        }
        crate::events::publish(
            conn,
            actor,
            crate::events::Subject::Table {
                table_id: opened.table_id,
                entity_id: opened.id,
            },
            tavolo_domain::DomainEvent::QuestionnaireOpened {
                title: opened.title.clone(),
                ends_at: opened.ends_at,
            },
        )
        .await
    }

    /// Stops taking answers before the end date.
    pub async fn close(&self, actor: &Actor, id: i64) -> ServiceResult<questionnaire::Model> {
        let context = load(self.db, actor, id).await?;
        context.require_manage(actor)?;
        if context.questionnaire.status != QuestionnaireStatus::Open {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "only an open questionnaire is closed",
            ));
        }
        let mut row = context.questionnaire.into_active_model();
        row.status = Set(QuestionnaireStatus::Closed);
        self.save_status(actor, row, "close").await
    }

    async fn save_status(
        &self,
        actor: &Actor,
        mut row: questionnaire::ActiveModel,
        action: &'static str,
    ) -> ServiceResult<questionnaire::Model> {
        row.updated_at = Set(Utc::now());
        let txn = tavolo_store::begin_write(self.db).await?;
        let saved = row.update(&txn).await?;
        if action == "open" {
            self.announce(&txn, actor, &saved).await?;
        }
        let summary = format!(
            "the questionnaire '{}' is now {}",
            saved.title, saved.status
        );
        audit::record(&txn, actor, questionnaire_change(action, &saved, summary)).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Whether the actor is among those asked to answer (and may now): for the answer form.
    pub async fn may_answer(&self, actor: &Actor, id: i64) -> ServiceResult<bool> {
        let asked = questionnaire::Entity::find_by_id(id)
            .filter(asked(actor))
            .one(self.db)
            .await?;
        Ok(asked.is_some_and(|q| taking_answers(&q, "id").is_ok()))
    }
}
