//! The local strategy: GraphQL types, queries and mutations over the strategy service.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use tavolo_domain::{ActivityStatus, StrategyLevel, StrategyLinkKind, StrategyStatus};
use tavolo_service::strategy::{
    DescribedLink, ElementChange, ElementInput, IndicatorInput, ProgressSummary, TreeView,
};
use tavolo_store::entity::{
    strategy_comment, strategy_element, strategy_indicator, strategy_progress, strategy_version,
};

use crate::directory::{Organization, Person};
use crate::error::parse_id;
use crate::loaders::{OrganizationKey, PersonKey};
use crate::minutes::Decision;
use crate::{ApiResult, loader, parts};

fn id(value: i64) -> ID {
    ID(value.to_string())
}

/// One version of a table's local strategy.
pub struct StrategyVersion(pub strategy_version::Model);

#[Object]
impl StrategyVersion {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn table_id(&self) -> ID {
        id(self.0.table_id)
    }
    /// 1, 2, ... per table.
    async fn number(&self) -> i32 {
        self.0.number
    }
    async fn status(&self) -> StrategyStatus {
        self.0.status
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The decision that approved it.
    async fn decision(&self, ctx: &Context<'_>) -> ApiResult<Option<Decision>> {
        let Some(decision_id) = self.0.decision_id else {
            return Ok(None);
        };
        let (services, actor) = parts(ctx)?;
        Ok(services
            .minutes()
            .decision(actor, decision_id)
            .await
            .ok()
            .map(Decision))
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.approved_at
    }
    async fn approved_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(person_id) = self.0.approved_by else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(PersonKey(person_id))
            .await?
            .map(Person))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The whole tree in depth-first order (objective, its actions, each followed by its activities), with
    /// indicators, progress, links and comments: one version at a time, not for lists.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn elements(&self, ctx: &Context<'_>) -> ApiResult<Vec<StrategyElement>> {
        let (services, actor) = parts(ctx)?;
        let view = Arc::new(services.strategy().tree_view(actor, self.0.id).await?);
        Ok((0..view.elements.len())
            .map(|index| StrategyElement {
                view: view.clone(),
                index,
            })
            .collect())
    }
    /// Progress per objective and action (one version at a time, not for lists).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn progress(&self, ctx: &Context<'_>) -> ApiResult<Vec<StrategyProgress>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .strategy()
            .progress(actor, self.0.id)
            .await?
            .into_iter()
            .map(StrategyProgress)
            .collect())
    }
    /// The version as Markdown and as a printable page.
    async fn markdown_url(&self) -> String {
        format!("/strategy/{}.md", self.0.id)
    }
    async fn html_url(&self) -> String {
        format!("/strategy/{}.html", self.0.id)
    }
}

/// An objective, action or activity of one version.
pub struct StrategyElement {
    view: Arc<TreeView>,
    index: usize,
}

impl StrategyElement {
    fn model(&self) -> &strategy_element::Model {
        &self.view.elements[self.index]
    }
    fn records(&self) -> impl Iterator<Item = &strategy_progress::Model> {
        let key = self.model().key.clone();
        self.view
            .progress
            .iter()
            .filter(move |r| r.element_key == key && r.indicator_key.is_none())
    }
}

#[Object]
impl StrategyElement {
    async fn id(&self) -> ID {
        id(self.model().id)
    }
    /// The same element in every version.
    async fn key(&self) -> &str {
        &self.model().key
    }
    async fn level(&self) -> StrategyLevel {
        self.model().level
    }
    async fn code(&self) -> &str {
        &self.model().code
    }
    async fn title(&self) -> &str {
        &self.model().title
    }
    async fn description(&self) -> Option<&str> {
        self.model().description.as_deref()
    }
    async fn parent_id(&self) -> Option<ID> {
        let parent_key = self.model().parent_key.as_deref()?;
        self.view
            .elements
            .iter()
            .find(|e| e.key == parent_key)
            .map(|e| id(e.id))
    }
    /// Order among its siblings, from 0.
    async fn position(&self) -> i32 {
        self.model().position
    }
    async fn lead_organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let Some(org) = self.model().lead_organization_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OrganizationKey(org))
            .await?
            .map(Organization))
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn partners(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        let keys: Vec<OrganizationKey> = tavolo_service::strategy::partner_ids(self.model())
            .into_iter()
            .map(OrganizationKey)
            .collect();
        let found = loader(ctx)?.load_many(keys.clone()).await?;
        Ok(keys
            .iter()
            .filter_map(|k| found.get(k).cloned().map(Organization))
            .collect())
    }
    async fn start_date(&self) -> Option<NaiveDate> {
        self.model().start_date
    }
    async fn end_date(&self) -> Option<NaiveDate> {
        self.model().end_date
    }
    async fn budget_euros(&self) -> Option<i64> {
        self.model().budget_euros
    }
    /// Version to send back with every edit (optimistic locking).
    async fn version(&self) -> i32 {
        self.model().version
    }
    /// An activity's latest status (planned until one is recorded); none for objectives and actions.
    async fn status(&self) -> Option<ActivityStatus> {
        self.view.activity_status(self.model())
    }
    /// Status changes, oldest first.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn status_history(&self) -> Vec<ProgressRecord> {
        self.records().cloned().map(ProgressRecord).collect()
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn indicators(&self) -> Vec<StrategyIndicator> {
        let element_id = self.model().id;
        self.view
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.element_id == element_id)
            .map(|(index, _)| StrategyIndicator {
                view: self.view.clone(),
                index,
            })
            .collect()
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn links(&self) -> Vec<StrategyLink> {
        let key = &self.model().key;
        self.view
            .links
            .iter()
            .filter(|l| &l.link.element_key == key)
            .cloned()
            .map(StrategyLink)
            .collect()
    }
    /// Members' comments on it in this version (empty for non-members).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn comments(&self) -> Vec<StrategyComment> {
        let element_id = self.model().id;
        self.view
            .comments
            .iter()
            .filter(|c| c.element_id == element_id)
            .cloned()
            .map(StrategyComment)
            .collect()
    }
}

/// How an element's progress is measured.
pub struct StrategyIndicator {
    view: Arc<TreeView>,
    index: usize,
}

impl StrategyIndicator {
    fn indicator(&self) -> &strategy_indicator::Model {
        &self.view.indicators[self.index]
    }
}

#[Object]
impl StrategyIndicator {
    async fn id(&self) -> ID {
        id(self.indicator().id)
    }
    async fn name(&self) -> &str {
        &self.indicator().name
    }
    async fn unit(&self) -> &str {
        &self.indicator().unit
    }
    async fn baseline(&self) -> f64 {
        self.indicator().baseline
    }
    async fn target(&self) -> f64 {
        self.indicator().target
    }
    /// The latest measured value.
    async fn current(&self) -> Option<f64> {
        self.view.current_value(self.indicator())
    }
    /// How far the latest value has come from baseline to target, 0 to 1.
    async fn ratio(&self) -> Option<f64> {
        let indicator = self.indicator();
        let current = self.view.current_value(indicator)?;
        Some(tavolo_service::strategy::ratio(
            indicator.baseline,
            indicator.target,
            current,
        ))
    }
    /// Measurements, oldest first.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn history(&self) -> Vec<ProgressRecord> {
        self.view
            .measurements(self.indicator())
            .cloned()
            .map(ProgressRecord)
            .collect()
    }
}

/// A dated status change or measurement.
pub struct ProgressRecord(strategy_progress::Model);

#[Object]
impl ProgressRecord {
    async fn recorded_on(&self) -> NaiveDate {
        self.0.recorded_on
    }
    async fn status(&self) -> Option<ActivityStatus> {
        self.0.status
    }
    async fn value(&self) -> Option<f64> {
        self.0.value
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn recorded_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.recorded_by))
            .await?
            .map(Person))
    }
}

/// A link from an element to a decision, agenda item, action item or practice.
pub struct StrategyLink(DescribedLink);

#[Object]
impl StrategyLink {
    async fn id(&self) -> ID {
        id(self.0.link.id)
    }
    async fn kind(&self) -> StrategyLinkKind {
        self.0.link.target_kind
    }
    async fn target_id(&self) -> ID {
        id(self.0.link.target_id)
    }
    /// What the target is called (a decision's text, shortened).
    async fn label(&self) -> &str {
        &self.0.label
    }
    /// The web page of the target.
    async fn path(&self) -> &str {
        &self.0.path
    }
}

/// A member's comment on an element of an open version.
pub struct StrategyComment(strategy_comment::Model);

#[Object]
impl StrategyComment {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn element_id(&self) -> ID {
        id(self.0.element_id)
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.author_id))
            .await?
            .map(Person))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn resolved(&self) -> bool {
        self.0.resolved_at.is_some()
    }
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
}

/// An objective or action with its activities by status and its indicators' progress.
pub struct StrategyProgress(ProgressSummary);

#[Object]
impl StrategyProgress {
    async fn element_id(&self) -> ID {
        id(self.0.element.id)
    }
    async fn code(&self) -> &str {
        &self.0.element.code
    }
    async fn title(&self) -> &str {
        &self.0.element.title
    }
    async fn level(&self) -> StrategyLevel {
        self.0.element.level
    }
    async fn planned(&self) -> u64 {
        self.count(ActivityStatus::Planned)
    }
    async fn in_progress(&self) -> u64 {
        self.count(ActivityStatus::InProgress)
    }
    async fn done(&self) -> u64 {
        self.count(ActivityStatus::Done)
    }
    async fn suspended(&self) -> u64 {
        self.count(ActivityStatus::Suspended)
    }
    /// The mean progress of its indicators that have a value, 0 to 1.
    async fn ratio(&self) -> Option<f64> {
        self.0.ratio
    }
    /// Indicators beneath it with a value.
    async fn measured_indicators(&self) -> usize {
        self.0
            .indicators
            .iter()
            .filter(|i| i.current.is_some())
            .count()
    }
    async fn indicators(&self) -> usize {
        self.0.indicators.len()
    }
}

impl StrategyProgress {
    fn count(&self, status: ActivityStatus) -> u64 {
        self.0.activities.get(status.as_str()).copied().unwrap_or(0)
    }
}

/// One field that differs between two versions.
#[derive(SimpleObject)]
pub struct FieldChange {
    field: String,
    before: Option<String>,
    after: Option<String>,
}

/// An element added, removed or changed between two versions.
pub struct StrategyChange(ElementChange);

#[Object]
impl StrategyChange {
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn level(&self) -> StrategyLevel {
        self.0.level
    }
    /// ADDED, REMOVED or CHANGED.
    async fn change(&self) -> String {
        self.0.change.to_uppercase()
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn fields(&self) -> Vec<FieldChange> {
        self.0
            .fields
            .iter()
            .map(|f| FieldChange {
                field: f.field.clone(),
                before: f.before.clone(),
                after: f.after.clone(),
            })
            .collect()
    }
}

/// A strategy element seen from something it links to (a decision, a practice): in the newest version of the
/// table's strategy the caller may read.
pub struct LinkedStrategyElement(pub tavolo_service::strategy::LinkedElement);

#[Object]
impl LinkedStrategyElement {
    async fn table_id(&self) -> ID {
        id(self.0.link.table_id)
    }
    async fn version_id(&self) -> ID {
        id(self.0.element.version_id)
    }
    async fn element_id(&self) -> ID {
        id(self.0.element.id)
    }
    async fn code(&self) -> &str {
        &self.0.element.code
    }
    async fn title(&self) -> &str {
        &self.0.element.title
    }
    async fn level(&self) -> StrategyLevel {
        self.0.element.level
    }
}

/// The strategy elements linked to one target, through its batched loader: decisions and practices share it.
pub(crate) async fn linked_elements<K>(
    ctx: &Context<'_>,
    key: K,
) -> ApiResult<Vec<LinkedStrategyElement>>
where
    K: Send + Sync + Clone + Eq + std::hash::Hash + 'static,
    crate::TavoloLoader: async_graphql::dataloader::Loader<
            K,
            Value = Vec<tavolo_service::strategy::LinkedElement>,
            Error = tavolo_service::ServiceError,
        >,
{
    let rows = loader(ctx)?.load_one(key).await?;
    Ok(rows
        .unwrap_or_default()
        .into_iter()
        .map(LinkedStrategyElement)
        .collect())
}

/// What the caller may do with a table's strategy, for the UI.
#[derive(SimpleObject)]
pub struct StrategyAbilities {
    can_edit: bool,
    can_approve: bool,
    can_comment: bool,
}

/// An element's fields; on update, absent fields stay as they are and null clears them.
#[derive(InputObject, Default)]
pub struct StrategyElementInput {
    /// e.g. `1.2`; by default the next free code under the parent.
    code: Option<String>,
    title: Option<String>,
    description: Option<String>,
    lead_organization_id: MaybeUndefined<ID>,
    partner_ids: Option<Vec<ID>>,
    start_date: MaybeUndefined<NaiveDate>,
    end_date: MaybeUndefined<NaiveDate>,
    budget_euros: MaybeUndefined<i64>,
}

fn maybe<T, U>(
    value: MaybeUndefined<T>,
    convert: impl FnOnce(T) -> ApiResult<U>,
) -> ApiResult<Option<Option<U>>> {
    Ok(match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(convert(v)?)),
    })
}

impl StrategyElementInput {
    fn into_service(self) -> ApiResult<ElementInput> {
        Ok(ElementInput {
            code: self.code,
            title: self.title,
            description: self.description,
            lead_organization_id: maybe(self.lead_organization_id, |id| {
                parse_id(&id, "leadOrganizationId")
            })?,
            partner_ids: self
                .partner_ids
                .map(|ids| ids.iter().map(|id| parse_id(id, "partnerIds")).collect())
                .transpose()?,
            start_date: maybe(self.start_date, Ok)?,
            end_date: maybe(self.end_date, Ok)?,
            budget_euros: maybe(self.budget_euros, Ok)?,
        })
    }
}

/// An indicator's fields; on update, absent fields stay as they are.
#[derive(InputObject, Default)]
pub struct StrategyIndicatorInput {
    name: Option<String>,
    unit: Option<String>,
    baseline: Option<f64>,
    target: Option<f64>,
}

impl From<StrategyIndicatorInput> for IndicatorInput {
    fn from(input: StrategyIndicatorInput) -> Self {
        Self {
            name: input.name,
            unit: input.unit,
            baseline: input.baseline,
            target: input.target,
        }
    }
}

#[derive(Default)]
pub struct StrategyQuery;

#[Object]
impl StrategyQuery {
    /// A table's strategy versions the caller may read, newest first.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn strategy_versions(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
    ) -> ApiResult<Vec<StrategyVersion>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .strategy()
            .versions(actor, parse_id(&table_id, "tableId")?)
            .await?
            .into_iter()
            .map(StrategyVersion)
            .collect())
    }

    async fn strategy_version(&self, ctx: &Context<'_>, id: ID) -> ApiResult<StrategyVersion> {
        let (services, actor) = parts(ctx)?;
        Ok(StrategyVersion(
            services
                .strategy()
                .version(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// What changed, element by element, from one version to another of the same table's strategy.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn strategy_comparison(
        &self,
        ctx: &Context<'_>,
        from_id: ID,
        to_id: ID,
    ) -> ApiResult<Vec<StrategyChange>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .strategy()
            .compare(
                actor,
                parse_id(&from_id, "fromId")?,
                parse_id(&to_id, "toId")?,
            )
            .await?
            .into_iter()
            .map(StrategyChange)
            .collect())
    }

    async fn strategy_abilities(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
    ) -> ApiResult<StrategyAbilities> {
        let (services, actor) = parts(ctx)?;
        let (can_edit, can_approve, can_comment) = services
            .strategy()
            .abilities(actor, parse_id(&table_id, "tableId")?)
            .await?;
        Ok(StrategyAbilities {
            can_edit,
            can_approve,
            can_comment,
        })
    }
}

#[derive(Default)]
pub struct StrategyMutation;

#[Object]
impl StrategyMutation {
    /// Opens a new draft, copied from the last approved version.
    async fn start_strategy_draft(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        title: Option<String>,
    ) -> ApiResult<StrategyVersion> {
        let (services, actor) = parts(ctx)?;
        Ok(StrategyVersion(
            services
                .strategy()
                .start_draft(actor, parse_id(&table_id, "tableId")?, title.as_deref())
                .await?,
        ))
    }

    async fn submit_strategy(
        &self,
        ctx: &Context<'_>,
        version_id: ID,
    ) -> ApiResult<StrategyVersion> {
        let (services, actor) = parts(ctx)?;
        Ok(StrategyVersion(
            services
                .strategy()
                .submit(actor, parse_id(&version_id, "versionId")?)
                .await?,
        ))
    }

    async fn reopen_strategy(
        &self,
        ctx: &Context<'_>,
        version_id: ID,
    ) -> ApiResult<StrategyVersion> {
        let (services, actor) = parts(ctx)?;
        Ok(StrategyVersion(
            services
                .strategy()
                .reopen(actor, parse_id(&version_id, "versionId")?)
                .await?,
        ))
    }

    /// Records the decision (approved, in one of the table's meetings) that adopted a submitted version.
    async fn approve_strategy(
        &self,
        ctx: &Context<'_>,
        version_id: ID,
        decision_id: ID,
    ) -> ApiResult<StrategyVersion> {
        let (services, actor) = parts(ctx)?;
        Ok(StrategyVersion(
            services
                .strategy()
                .approve(
                    actor,
                    parse_id(&version_id, "versionId")?,
                    parse_id(&decision_id, "decisionId")?,
                )
                .await?,
        ))
    }

    async fn add_strategy_element(
        &self,
        ctx: &Context<'_>,
        version_id: ID,
        level: StrategyLevel,
        parent_id: Option<ID>,
        input: StrategyElementInput,
    ) -> ApiResult<ID> {
        let (services, actor) = parts(ctx)?;
        let parent_id = parent_id.map(|p| parse_id(&p, "parentId")).transpose()?;
        let element = services
            .strategy()
            .add_element(
                actor,
                parse_id(&version_id, "versionId")?,
                level,
                parent_id,
                input.into_service()?,
            )
            .await?;
        Ok(id(element.id))
    }

    async fn update_strategy_element(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: StrategyElementInput,
    ) -> ApiResult<ID> {
        let (services, actor) = parts(ctx)?;
        let element = services
            .strategy()
            .update_element(
                actor,
                parse_id(&id, "id")?,
                expected_version,
                input.into_service()?,
            )
            .await?;
        Ok(self::id(element.id))
    }

    /// Moves an element among its siblings (0 is first).
    async fn move_strategy_element(
        &self,
        ctx: &Context<'_>,
        id: ID,
        position: i32,
    ) -> ApiResult<ID> {
        let (services, actor) = parts(ctx)?;
        services
            .strategy()
            .move_element(actor, parse_id(&id, "id")?, position)
            .await?;
        Ok(id)
    }

    /// Removes an element and everything under it.
    async fn remove_strategy_element(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ID> {
        let (services, actor) = parts(ctx)?;
        services
            .strategy()
            .remove_element(actor, parse_id(&id, "id")?)
            .await?;
        Ok(id)
    }

    async fn add_strategy_indicator(
        &self,
        ctx: &Context<'_>,
        element_id: ID,
        input: StrategyIndicatorInput,
    ) -> ApiResult<ID> {
        let (services, actor) = parts(ctx)?;
        let indicator = services
            .strategy()
            .add_indicator(actor, parse_id(&element_id, "elementId")?, input.into())
            .await?;
        Ok(id(indicator.id))
    }

    async fn update_strategy_indicator(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: StrategyIndicatorInput,
    ) -> ApiResult<ID> {
        let (services, actor) = parts(ctx)?;
        services
            .strategy()
            .update_indicator(actor, parse_id(&id, "id")?, input.into())
            .await?;
        Ok(id)
    }

    async fn remove_strategy_indicator(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ID> {
        let (services, actor) = parts(ctx)?;
        services
            .strategy()
            .remove_indicator(actor, parse_id(&id, "id")?)
            .await?;
        Ok(id)
    }

    /// Records an activity's status (in any version: progress is not content), dated today unless `on`.
    async fn record_activity_status(
        &self,
        ctx: &Context<'_>,
        element_id: ID,
        status: ActivityStatus,
        on: Option<NaiveDate>,
        note: Option<String>,
    ) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        services
            .strategy()
            .record_status(
                actor,
                parse_id(&element_id, "elementId")?,
                status,
                on,
                note.as_deref(),
            )
            .await?;
        Ok(true)
    }

    /// Records a measured value of an indicator, dated today unless `on`.
    async fn record_indicator_value(
        &self,
        ctx: &Context<'_>,
        indicator_id: ID,
        value: f64,
        on: Option<NaiveDate>,
        note: Option<String>,
    ) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        services
            .strategy()
            .record_measurement(
                actor,
                parse_id(&indicator_id, "indicatorId")?,
                value,
                on,
                note.as_deref(),
            )
            .await?;
        Ok(true)
    }

    async fn link_strategy_element(
        &self,
        ctx: &Context<'_>,
        element_id: ID,
        kind: StrategyLinkKind,
        target_id: ID,
    ) -> ApiResult<ID> {
        let (services, actor) = parts(ctx)?;
        let link = services
            .strategy()
            .link(
                actor,
                parse_id(&element_id, "elementId")?,
                kind,
                parse_id(&target_id, "targetId")?,
            )
            .await?;
        Ok(id(link.id))
    }

    async fn unlink_strategy_element(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ID> {
        let (services, actor) = parts(ctx)?;
        services
            .strategy()
            .unlink(actor, parse_id(&id, "id")?)
            .await?;
        Ok(id)
    }

    async fn comment_strategy_element(
        &self,
        ctx: &Context<'_>,
        element_id: ID,
        body: String,
    ) -> ApiResult<StrategyComment> {
        let (services, actor) = parts(ctx)?;
        Ok(StrategyComment(
            services
                .strategy()
                .comment(actor, parse_id(&element_id, "elementId")?, &body)
                .await?,
        ))
    }

    async fn resolve_strategy_comment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> ApiResult<StrategyComment> {
        let (services, actor) = parts(ctx)?;
        Ok(StrategyComment(
            services
                .strategy()
                .resolve_comment(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }
}
