//! The tree of a strategy draft: adding, editing, moving and removing objectives, actions and activities, with
//! their codes (1, 1.1, 1.1.2) checked against their parent and unique in the version, and their indicators.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use tavolo_domain::{Actor, OptionalText, StrategyLevel};
use tavolo_store::entity::{organization, strategy_element, strategy_indicator, strategy_version};
use tavolo_store::sea_orm;

use super::{StrategyService, change, new_key};
use crate::Reason;
use crate::audit;
use crate::error::FieldContext;
use crate::{ServiceError, ServiceResult};

const TITLE_MAX: usize = 300;
const DESCRIPTION_MAX: usize = 20_000;

/// An element's fields; on update `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ElementInput {
    pub code: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub lead_organization_id: Option<Option<i64>>,
    pub partner_ids: Option<Vec<i64>>,
    pub start_date: Option<Option<NaiveDate>>,
    pub end_date: Option<Option<NaiveDate>>,
    pub budget_euros: Option<Option<i64>>,
}

/// An indicator's fields; on update `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct IndicatorInput {
    pub name: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
}

/// The level an element under `parent` must have: objectives at the top, actions under objectives, activities
/// under actions.
fn check_parent(
    level: StrategyLevel,
    parent: Option<&strategy_element::Model>,
) -> ServiceResult<()> {
    let parent_level = parent.map(|p| p.level);
    let expected = match level {
        StrategyLevel::Objective => None,
        StrategyLevel::Action => Some(StrategyLevel::Objective),
        StrategyLevel::Activity => Some(StrategyLevel::Action),
    };
    if parent_level == expected {
        return Ok(());
    }
    let message = match level {
        StrategyLevel::Objective => "an objective has no parent",
        StrategyLevel::Action => "an action belongs to an objective",
        StrategyLevel::Activity => "an activity belongs to an action",
    };
    Err(ServiceError::validation(
        "parentId",
        Reason::WrongLevel,
        message,
    ))
}

/// A code is its parent's code and a number (`1.2` under `1`), or a number for an objective.
fn check_code(code: &str, parent: Option<&strategy_element::Model>) -> ServiceResult<()> {
    let last = match parent {
        Some(parent) => code.strip_prefix(&format!("{}.", parent.code)),
        None => Some(code),
    };
    let well_formed = last.is_some_and(|n| {
        !n.is_empty()
            && n.len() <= 3
            && n.bytes().all(|b| b.is_ascii_digit())
            && !n.starts_with('0')
    });
    if well_formed {
        return Ok(());
    }
    let expected = parent.map_or("a number, e.g. 2".to_owned(), |p| {
        format!("'{}.' and a number, e.g. {}.1", p.code, p.code)
    });
    Err(ServiceError::validation(
        "code",
        Reason::Malformed,
        format!("'{code}' is not a valid code here: it must be {expected}"),
    ))
}

/// The next free code under a parent: one more than the highest sibling number.
fn next_code(
    parent: Option<&strategy_element::Model>,
    siblings: &[strategy_element::Model],
) -> String {
    let highest = siblings
        .iter()
        .filter_map(|s| s.code.rsplit('.').next()?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    match parent {
        Some(parent) => format!("{}.{}", parent.code, highest + 1),
        None => (highest + 1).to_string(),
    }
}

fn partner_codes(ids: &[i64]) -> String {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let joined: Vec<String> = ids.iter().map(i64::to_string).collect();
    if joined.is_empty() {
        return String::new();
    }
    format!("|{}|", joined.join("|"))
}

/// The partner ids stored as `|3|7|`.
pub fn partner_ids(element: &strategy_element::Model) -> Vec<i64> {
    element
        .partner_ids
        .split('|')
        .filter_map(|id| id.parse().ok())
        .collect()
}

async fn siblings(
    conn: &impl ConnectionTrait,
    version_id: i64,
    parent_key: Option<&str>,
) -> ServiceResult<Vec<strategy_element::Model>> {
    let query =
        strategy_element::Entity::find().filter(strategy_element::Column::VersionId.eq(version_id));
    let query = match parent_key {
        Some(key) => query.filter(strategy_element::Column::ParentKey.eq(key)),
        None => query.filter(strategy_element::Column::ParentKey.is_null()),
    };
    Ok(query
        .order_by_asc(strategy_element::Column::Position)
        .all(conn)
        .await?)
}

async fn code_taken(
    conn: &impl ConnectionTrait,
    version_id: i64,
    code: &str,
    except: Option<i64>,
) -> ServiceResult<()> {
    let mut query = strategy_element::Entity::find()
        .filter(strategy_element::Column::VersionId.eq(version_id))
        .filter(strategy_element::Column::Code.eq(code));
    if let Some(id) = except {
        query = query.filter(strategy_element::Column::Id.ne(id));
    }
    if let Some(other) = query.one(conn).await? {
        return Err(ServiceError::validation(
            "code",
            Reason::AlreadyExists,
            format!("code {code} is already used by '{}'", other.title),
        ));
    }
    Ok(())
}

async fn check_organizations(
    conn: &impl ConnectionTrait,
    input: &ElementInput,
) -> ServiceResult<()> {
    if let Some(Some(id)) = input.lead_organization_id
        && organization::Entity::find_by_id(id)
            .one(conn)
            .await?
            .is_none()
    {
        return Err(ServiceError::validation(
            "leadOrganizationId",
            Reason::UnknownReference,
            "no such organization",
        ));
    }
    if let Some(ids) = &input.partner_ids {
        let found = organization::Entity::find()
            .filter(organization::Column::Id.is_in(ids.iter().copied()))
            .all(conn)
            .await?;
        if let Some(missing) = ids.iter().find(|id| !found.iter().any(|o| o.id == **id)) {
            return Err(ServiceError::validation(
                "partnerIds",
                Reason::UnknownReference,
                format!("no organization has id {missing}"),
            ));
        }
    }
    Ok(())
}

/// Writes the plain fields of the input onto the model, validated.
fn apply(
    model: &mut strategy_element::ActiveModel,
    input: &ElementInput,
    existing: Option<&strategy_element::Model>,
) -> ServiceResult<()> {
    if let Some(raw) = input.title.as_deref() {
        let title = OptionalText::parse(Some(raw), TITLE_MAX)
            .field("title")?
            .ok_or_else(|| ServiceError::required("title"))?;
        model.title = Set(title);
    }
    if let Some(raw) = input.description.as_deref() {
        model.description =
            Set(OptionalText::parse(Some(raw), DESCRIPTION_MAX).field("description")?);
    }
    if let Some(lead) = input.lead_organization_id {
        model.lead_organization_id = Set(lead);
    }
    if let Some(ids) = &input.partner_ids {
        model.partner_ids = Set(partner_codes(ids));
    }
    if let Some(start) = input.start_date {
        model.start_date = Set(start);
    }
    if let Some(end) = input.end_date {
        model.end_date = Set(end);
    }
    if let Some(budget) = input.budget_euros {
        if budget.is_some_and(|b| b < 0) {
            return Err(ServiceError::validation(
                "budgetEuros",
                Reason::Negative,
                "must not be negative",
            ));
        }
        model.budget_euros = Set(budget);
    }
    let start = input
        .start_date
        .unwrap_or_else(|| existing.and_then(|e| e.start_date));
    let end = input
        .end_date
        .unwrap_or_else(|| existing.and_then(|e| e.end_date));
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        return Err(ServiceError::validation(
            "endDate",
            Reason::EndBeforeStart,
            "ends before it starts",
        ));
    }
    Ok(())
}

fn check_indicator(name: &str, unit: &str, baseline: f64, target: f64) -> ServiceResult<()> {
    if name.trim().is_empty() {
        return Err(ServiceError::required("name"));
    }
    if name.chars().count() > 200 {
        return Err(ServiceError::too_long("name", 200));
    }
    if unit.trim().is_empty() {
        return Err(ServiceError::required("unit"));
    }
    if unit.chars().count() > 50 {
        return Err(ServiceError::too_long("unit", 50));
    }
    if !baseline.is_finite() {
        return Err(ServiceError::validation(
            "baseline",
            Reason::NotANumber,
            "must be a finite number",
        ));
    }
    if !target.is_finite() {
        return Err(ServiceError::validation(
            "target",
            Reason::NotANumber,
            "must be a finite number",
        ));
    }
    if target == baseline {
        return Err(ServiceError::validation(
            "target",
            Reason::SameAsBaseline,
            "must differ from the baseline, or progress towards it cannot be measured",
        ));
    }
    Ok(())
}

impl StrategyService<'_> {
    async fn element(&self, element_id: i64) -> ServiceResult<strategy_element::Model> {
        strategy_element::Entity::find_by_id(element_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("strategy element"))
    }

    /// An element of a draft the actor may edit, with its version.
    pub(crate) async fn editable_element(
        &self,
        actor: &Actor,
        element_id: i64,
    ) -> ServiceResult<(strategy_element::Model, strategy_version::Model)> {
        let element = self.element(element_id).await?;
        let version = self
            .editable(actor, element.version_id)
            .await
            .map_err(|err| match err {
                ServiceError::NotFound(_) => ServiceError::not_found("strategy element"),
                other => other,
            })?;
        Ok((element, version))
    }

    /// An element the actor may read, with its version.
    pub(crate) async fn readable_element(
        &self,
        actor: &Actor,
        element_id: i64,
    ) -> ServiceResult<(
        strategy_element::Model,
        strategy_version::Model,
        super::Access,
    )> {
        let element = self.element(element_id).await?;
        let (version, access) = self
            .readable(actor, element.version_id)
            .await
            .map_err(|_| ServiceError::not_found("strategy element"))?;
        Ok((element, version, access))
    }

    /// The whole tree of a version, ordered by code; with its indicators.
    pub async fn tree(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> ServiceResult<(Vec<strategy_element::Model>, Vec<strategy_indicator::Model>)> {
        self.readable(actor, version_id).await?;
        tree_of(self.db, version_id).await
    }

    /// Adds an objective (no parent), an action (under an objective) or an activity (under an action).
    pub async fn add_element(
        &self,
        actor: &Actor,
        version_id: i64,
        level: StrategyLevel,
        parent_id: Option<i64>,
        input: ElementInput,
    ) -> ServiceResult<strategy_element::Model> {
        let version = self.editable(actor, version_id).await?;
        let parent = match parent_id {
            Some(id) => Some(
                self.element(id)
                    .await
                    .ok()
                    .filter(|p| p.version_id == version.id)
                    .ok_or_else(|| {
                        ServiceError::validation(
                            "parentId",
                            Reason::UnknownReference,
                            "no such element in this version",
                        )
                    })?,
            ),
            None => None,
        };
        check_parent(level, parent.as_ref())?;
        if input.title.is_none() {
            return Err(ServiceError::required("title"));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        check_organizations(&txn, &input).await?;
        let parent_key = parent.as_ref().map(|p| p.key.clone());
        let siblings = siblings(&txn, version.id, parent_key.as_deref()).await?;
        let code = match input
            .code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(code) => code.to_owned(),
            None => next_code(parent.as_ref(), &siblings),
        };
        check_code(&code, parent.as_ref())?;
        code_taken(&txn, version.id, &code, None).await?;
        let now = Utc::now();
        let mut model = strategy_element::ActiveModel {
            version_id: Set(version.id),
            key: Set(new_key()),
            level: Set(level),
            parent_key: Set(parent_key),
            code: Set(code),
            position: Set(siblings.len() as i32),
            description: Set(None),
            lead_organization_id: Set(None),
            partner_ids: Set(String::new()),
            start_date: Set(None),
            end_date: Set(None),
            budget_euros: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(&mut model, &input, None)?;
        let element = model.insert(&txn).await?;
        let summary = format!(
            "added {} {} '{}'",
            element.level, element.code, element.title
        );
        audit::record(&txn, actor, change("add_element", &version, summary)).await?;
        txn.commit().await?;
        Ok(element)
    }

    /// Edits an element of a draft; a new code is carried down to its descendants' codes.
    pub async fn update_element(
        &self,
        actor: &Actor,
        element_id: i64,
        expected_version: i32,
        input: ElementInput,
    ) -> ServiceResult<strategy_element::Model> {
        let (existing, version) = self.editable_element(actor, element_id).await?;
        if existing.version != expected_version {
            return Err(ServiceError::stale("the element", existing.version));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        check_organizations(&txn, &input).await?;
        let mut model = existing.clone().into_active_model();
        apply(&mut model, &input, Some(&existing))?;
        let new_code = input
            .code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty() && *c != existing.code);
        if let Some(code) = new_code {
            let parent = match &existing.parent_key {
                Some(key) => {
                    strategy_element::Entity::find()
                        .filter(strategy_element::Column::VersionId.eq(version.id))
                        .filter(strategy_element::Column::Key.eq(key.as_str()))
                        .one(&txn)
                        .await?
                }
                None => None,
            };
            check_code(code, parent.as_ref())?;
            code_taken(&txn, version.id, code, Some(existing.id)).await?;
            model.code = Set(code.to_owned());
            recode_descendants(&txn, version.id, &existing.code, code).await?;
        }
        model.version = Set(existing.version + 1);
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        let summary = format!(
            "edited {} {} '{}'",
            updated.level, updated.code, updated.title
        );
        audit::record(&txn, actor, change("update_element", &version, summary)).await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Moves an element to `position` among its siblings (0 is first); codes stay as they are.
    pub async fn move_element(
        &self,
        actor: &Actor,
        element_id: i64,
        position: i32,
    ) -> ServiceResult<Vec<strategy_element::Model>> {
        let (element, version) = self.editable_element(actor, element_id).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut order = siblings(&txn, version.id, element.parent_key.as_deref()).await?;
        if position < 0 || position as usize >= order.len() {
            return Err(ServiceError::out_of_range(
                "position",
                0,
                order.len().saturating_sub(1) as i64,
            ));
        }
        order.retain(|s| s.id != element.id);
        order.insert(position as usize, element.clone());
        let mut moved = Vec::with_capacity(order.len());
        for (index, sibling) in order.into_iter().enumerate() {
            let mut model = sibling.into_active_model();
            model.position = Set(index as i32);
            moved.push(model.update(&txn).await?);
        }
        let summary = format!(
            "moved {} {} to position {}",
            element.level,
            element.code,
            position + 1
        );
        audit::record(&txn, actor, change("move_element", &version, summary)).await?;
        txn.commit().await?;
        Ok(moved)
    }

    /// Removes an element of a draft with everything under it.
    pub async fn remove_element(
        &self,
        actor: &Actor,
        element_id: i64,
    ) -> ServiceResult<strategy_element::Model> {
        let (element, version) = self.editable_element(actor, element_id).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let (all, _) = tree_of(&txn, version.id).await?;
        let mut doomed = vec![element.key.clone()];
        let mut index = 0;
        while index < doomed.len() {
            let key = doomed[index].clone();
            doomed.extend(
                all.iter()
                    .filter(|e| e.parent_key.as_deref() == Some(key.as_str()))
                    .map(|e| e.key.clone()),
            );
            index += 1;
        }
        strategy_element::Entity::delete_many()
            .filter(strategy_element::Column::VersionId.eq(version.id))
            .filter(strategy_element::Column::Key.is_in(doomed.clone()))
            .exec(&txn)
            .await?;
        let remaining = siblings(&txn, version.id, element.parent_key.as_deref()).await?;
        for (index, sibling) in remaining.into_iter().enumerate() {
            if sibling.position != index as i32 {
                let mut model = sibling.into_active_model();
                model.position = Set(index as i32);
                model.update(&txn).await?;
            }
        }
        let summary = format!(
            "removed {} {} '{}' and {} element(s) under it",
            element.level,
            element.code,
            element.title,
            doomed.len() - 1
        );
        audit::record(&txn, actor, change("remove_element", &version, summary)).await?;
        txn.commit().await?;
        Ok(element)
    }

    pub async fn add_indicator(
        &self,
        actor: &Actor,
        element_id: i64,
        input: IndicatorInput,
    ) -> ServiceResult<strategy_indicator::Model> {
        let (element, version) = self.editable_element(actor, element_id).await?;
        let name = input.name.unwrap_or_default();
        let unit = input.unit.unwrap_or_default();
        let baseline = input.baseline.unwrap_or(0.0);
        let target = input
            .target
            .ok_or_else(|| ServiceError::required("target"))?;
        check_indicator(&name, &unit, baseline, target)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let existing = strategy_indicator::Entity::find()
            .filter(strategy_indicator::Column::ElementId.eq(element.id))
            .all(&txn)
            .await?;
        let indicator = strategy_indicator::ActiveModel {
            element_id: Set(element.id),
            key: Set(new_key()),
            name: Set(name.trim().to_owned()),
            unit: Set(unit.trim().to_owned()),
            baseline: Set(baseline),
            target: Set(target),
            position: Set(existing.len() as i32),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let summary = format!("added indicator '{}' to {}", indicator.name, element.code);
        audit::record(&txn, actor, change("add_indicator", &version, summary)).await?;
        txn.commit().await?;
        Ok(indicator)
    }

    pub async fn update_indicator(
        &self,
        actor: &Actor,
        indicator_id: i64,
        input: IndicatorInput,
    ) -> ServiceResult<strategy_indicator::Model> {
        let existing = self.indicator(indicator_id).await?;
        let (element, version) = self.editable_element(actor, existing.element_id).await?;
        let name = input.name.unwrap_or_else(|| existing.name.clone());
        let unit = input.unit.unwrap_or_else(|| existing.unit.clone());
        let baseline = input.baseline.unwrap_or(existing.baseline);
        let target = input.target.unwrap_or(existing.target);
        check_indicator(&name, &unit, baseline, target)?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = existing.into_active_model();
        model.name = Set(name.trim().to_owned());
        model.unit = Set(unit.trim().to_owned());
        model.baseline = Set(baseline);
        model.target = Set(target);
        let updated = model.update(&txn).await?;
        let summary = format!("edited indicator '{}' of {}", updated.name, element.code);
        audit::record(&txn, actor, change("update_indicator", &version, summary)).await?;
        txn.commit().await?;
        Ok(updated)
    }

    pub async fn remove_indicator(
        &self,
        actor: &Actor,
        indicator_id: i64,
    ) -> ServiceResult<strategy_indicator::Model> {
        let existing = self.indicator(indicator_id).await?;
        let (element, version) = self.editable_element(actor, existing.element_id).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        strategy_indicator::Entity::delete_by_id(existing.id)
            .exec(&txn)
            .await?;
        let summary = format!(
            "removed indicator '{}' from {}",
            existing.name, element.code
        );
        audit::record(&txn, actor, change("remove_indicator", &version, summary)).await?;
        txn.commit().await?;
        Ok(existing)
    }

    pub(crate) async fn indicator(
        &self,
        indicator_id: i64,
    ) -> ServiceResult<strategy_indicator::Model> {
        strategy_indicator::Entity::find_by_id(indicator_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("indicator"))
    }
}

/// A version's elements (ordered by level, then parent, then position) and their indicators: two queries.
pub(crate) async fn tree_of(
    conn: &impl ConnectionTrait,
    version_id: i64,
) -> ServiceResult<(Vec<strategy_element::Model>, Vec<strategy_indicator::Model>)> {
    let elements = strategy_element::Entity::find()
        .filter(strategy_element::Column::VersionId.eq(version_id))
        .order_by_asc(strategy_element::Column::Position)
        .order_by_asc(strategy_element::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i64> = elements.iter().map(|e| e.id).collect();
    let indicators = strategy_indicator::Entity::find()
        .filter(strategy_indicator::Column::ElementId.is_in(ids))
        .order_by_asc(strategy_indicator::Column::Position)
        .order_by_asc(strategy_indicator::Column::Id)
        .all(conn)
        .await?;
    Ok((ordered(elements), indicators))
}

/// Depth-first order: each element followed by its children in their positions.
fn ordered(elements: Vec<strategy_element::Model>) -> Vec<strategy_element::Model> {
    fn visit(
        parent: Option<&str>,
        pool: &[strategy_element::Model],
        out: &mut Vec<strategy_element::Model>,
    ) {
        for element in pool.iter().filter(|e| e.parent_key.as_deref() == parent) {
            out.push(element.clone());
            visit(Some(&element.key), pool, out);
        }
    }
    let mut out = Vec::with_capacity(elements.len());
    visit(None, &elements, &mut out);
    out
}

/// Renames `old.` to `new.` at the start of every descendant's code.
async fn recode_descendants(
    conn: &impl ConnectionTrait,
    version_id: i64,
    old: &str,
    new: &str,
) -> ServiceResult<()> {
    let prefix = format!("{old}.");
    let descendants = strategy_element::Entity::find()
        .filter(strategy_element::Column::VersionId.eq(version_id))
        .filter(strategy_element::Column::Code.starts_with(prefix.as_str()))
        .all(conn)
        .await?;
    for descendant in descendants {
        let code = format!("{new}.{}", &descendant.code[prefix.len()..]);
        code_taken(conn, version_id, &code, Some(descendant.id)).await?;
        let mut model = descendant.into_active_model();
        model.code = Set(code);
        model.update(conn).await?;
    }
    Ok(())
}
