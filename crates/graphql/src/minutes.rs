//! Minutes, decisions, action items, review comments and revisions: GraphQL types, queries and mutations.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use tavolo_domain::{
    ActionItemStatus, ApprovalMethod, DecisionOutcome, MinutesStatus, RevisionKind,
};
use tavolo_service::minutes::{
    ActionItemInput, DecisionInput, DiffChange as ServiceDiffChange, DiffLine as ServiceDiffLine,
};
use tavolo_store::entity::{
    action_item, decision, minutes, minutes_comment, minutes_note, minutes_revision,
};

use crate::directory::{Organization, Person};
use crate::error::parse_id;
use crate::loaders::{
    ActionItemsOfMeeting, CommentsOfMinutes, DecisionsOfMeeting, MeetingKey, NotesOfMinutes,
    OrganizationKey, PersonKey, RevisionsOfMinutes,
};
use crate::meetings::Meeting;
use crate::{ApiResult, loader, parts};

/// The minutes of a meeting.
pub struct Minutes(pub minutes::Model);

#[Object]
impl Minutes {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn status(&self) -> MinutesStatus {
        self.0.status
    }
    /// Version to send back with every change (optimistic locking).
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.approved_at
    }
    async fn approved_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(id) = self.0.approved_by else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(PersonKey(id)).await?.map(Person))
    }
    async fn approval_method(&self) -> Option<ApprovalMethod> {
        self.0.approval_method
    }
    async fn approval_note(&self) -> Option<&str> {
        self.0.approval_note.as_deref()
    }
    /// Notes per agenda item.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn notes(&self, ctx: &Context<'_>) -> ApiResult<Vec<MinutesNote>> {
        let rows = loader(ctx)?.load_one(NotesOfMinutes(self.0.id)).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(MinutesNote)
            .collect())
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn decisions(&self, ctx: &Context<'_>) -> ApiResult<Vec<Decision>> {
        let rows = loader(ctx)?
            .load_one(DecisionsOfMeeting(self.0.meeting_id))
            .await?;
        Ok(rows.unwrap_or_default().into_iter().map(Decision).collect())
    }
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn action_items(&self, ctx: &Context<'_>) -> ApiResult<Vec<ActionItem>> {
        let rows = loader(ctx)?
            .load_one(ActionItemsOfMeeting(self.0.meeting_id))
            .await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(ActionItem)
            .collect())
    }
    /// Review comments and answers, oldest first.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn comments(&self, ctx: &Context<'_>) -> ApiResult<Vec<MinutesComment>> {
        let rows = loader(ctx)?.load_one(CommentsOfMinutes(self.0.id)).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(MinutesComment)
            .collect())
    }
    /// Every saved state, from 1.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn revisions(&self, ctx: &Context<'_>) -> ApiResult<Vec<MinutesRevision>> {
        let rows = loader(ctx)?.load_one(RevisionsOfMinutes(self.0.id)).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(MinutesRevision)
            .collect())
    }
    /// The whole minutes as Markdown (table, date, place, attendance, items, decisions, action items), in `locale`
    /// (Italian by default); one document at a time, not for lists.
    async fn markdown(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "tavolo_domain::Locale::It")] locale: tavolo_domain::Locale,
    ) -> ApiResult<String> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .minutes()
            .markdown(actor, self.0.meeting_id, locale)
            .await?)
    }
}

/// The notes on one agenda item.
pub struct MinutesNote(pub minutes_note::Model);

#[Object]
impl MinutesNote {
    async fn agenda_item_id(&self) -> ID {
        ID(self.0.agenda_item_id.to_string())
    }
    /// Markdown as written.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// Rendered and sanitized HTML.
    async fn html(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let (services, _) = parts(ctx)?;
        Ok(services.minutes().note_html(&self.0.body))
    }
}

/// A decision on an agenda item.
pub struct Decision(pub decision::Model);

#[Object]
impl Decision {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Strategy elements linked to this decision (those it created or changed).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn strategy_elements(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::strategy::LinkedStrategyElement>> {
        crate::strategy::linked_elements(ctx, crate::loaders::StrategyLinksOfDecision(self.0.id))
            .await
    }
    /// Strategy versions this decision approved.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn approved_strategy_versions(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::strategy::StrategyVersion>> {
        let rows = loader(ctx)?
            .load_one(crate::loaders::StrategyApprovedBy(self.0.id))
            .await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(crate::strategy::StrategyVersion)
            .collect())
    }
    /// Protocol versions this decision adopted.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn adopted_protocol_versions(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::protocols::ProtocolVersion>> {
        let rows = loader(ctx)?
            .load_one(crate::loaders::ProtocolAdoptedBy(self.0.id))
            .await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(crate::protocols::ProtocolVersion)
            .collect())
    }
    async fn agenda_item_id(&self) -> ID {
        ID(self.0.agenda_item_id.to_string())
    }
    async fn text(&self) -> &str {
        &self.0.text
    }
    async fn outcome(&self) -> DecisionOutcome {
        self.0.outcome
    }
    async fn votes_for(&self) -> Option<i32> {
        self.0.votes_for
    }
    async fn votes_against(&self) -> Option<i32> {
        self.0.votes_against
    }
    async fn votes_abstained(&self) -> Option<i32> {
        self.0.votes_abstained
    }
}

/// A follow-up action from a meeting.
pub struct ActionItem(pub action_item::Model);

#[Object]
impl ActionItem {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Strategy elements linked to it.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn strategy_elements(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::strategy::LinkedStrategyElement>> {
        crate::strategy::linked_elements(ctx, crate::loaders::StrategyLinksOfActionItem(self.0.id))
            .await
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn status(&self) -> ActionItemStatus {
        self.0.status
    }
    async fn due_date(&self) -> Option<NaiveDate> {
        self.0.due_date
    }
    /// Past its due date and neither done nor dropped.
    async fn overdue(&self) -> bool {
        tavolo_service::minutes::is_overdue(&self.0, Utc::now().date_naive())
    }
    async fn assignee_person(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(id) = self.0.assignee_person_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(PersonKey(id)).await?.map(Person))
    }
    async fn assignee_organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let Some(id) = self.0.assignee_organization_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OrganizationKey(id))
            .await?
            .map(Organization))
    }
    async fn decision_id(&self) -> Option<ID> {
        self.0.decision_id.map(|id| ID(id.to_string()))
    }
    /// The meeting it came from, for those who may read it.
    async fn meeting(&self, ctx: &Context<'_>) -> ApiResult<Option<Meeting>> {
        Ok(loader(ctx)?
            .load_one(MeetingKey(self.0.meeting_id))
            .await?
            .map(Meeting))
    }
    /// The title of the meeting it came from: shown to its assignee even where the meeting itself is not.
    async fn meeting_title(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        Ok(self.heading(ctx).await?.map(|h| h.title))
    }
    /// When the meeting it came from started, likewise.
    async fn meeting_starts_at(&self, ctx: &Context<'_>) -> ApiResult<Option<DateTime<Utc>>> {
        Ok(self.heading(ctx).await?.map(|h| h.starts_at))
    }
}

impl ActionItem {
    async fn heading(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Option<tavolo_service::meetings::MeetingHeading>> {
        Ok(loader(ctx)?
            .load_one(crate::loaders::MeetingHeadingKey(self.0.meeting_id))
            .await?)
    }
}

/// A review comment, or an answer to one (`parentId`).
pub struct MinutesComment(pub minutes_comment::Model);

#[Object]
impl MinutesComment {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn agenda_item_id(&self) -> Option<ID> {
        self.0.agenda_item_id.map(|id| ID(id.to_string()))
    }
    async fn parent_id(&self) -> Option<ID> {
        self.0.parent_id.map(|id| ID(id.to_string()))
    }
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.author_id))
            .await?
            .map(Person))
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Whether whoever runs or chairs the table marked it handled.
    async fn handled(&self) -> bool {
        self.0.handled_at.is_some()
    }
    async fn handled_at(&self) -> Option<DateTime<Utc>> {
        self.0.handled_at
    }
    async fn handled_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(id) = self.0.handled_by else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(PersonKey(id)).await?.map(Person))
    }
}

/// A saved state of the minutes.
pub struct MinutesRevision(pub minutes_revision::Model);

#[Object]
impl MinutesRevision {
    async fn number(&self) -> i32 {
        self.0.number
    }
    async fn kind(&self) -> RevisionKind {
        self.0.kind
    }
    /// For errata: what was corrected.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(id) = self.0.author_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(PersonKey(id)).await?.map(Person))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The minutes as Markdown at this revision.
    async fn content(&self) -> &str {
        &self.0.content
    }
}

/// How a line differs between two revisions.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum DiffChange {
    Same,
    Added,
    Removed,
}

/// One line of a comparison.
#[derive(SimpleObject)]
pub struct DiffLine {
    change: DiffChange,
    text: String,
}

impl From<ServiceDiffLine> for DiffLine {
    fn from(line: ServiceDiffLine) -> Self {
        let change = match line.change {
            ServiceDiffChange::Same => DiffChange::Same,
            ServiceDiffChange::Added => DiffChange::Added,
            ServiceDiffChange::Removed => DiffChange::Removed,
        };
        Self {
            change,
            text: line.text,
        }
    }
}

/// Notes for one agenda item.
#[derive(InputObject)]
pub struct NoteInput {
    agenda_item_id: ID,
    body: String,
}

fn notes(input: Vec<NoteInput>) -> ApiResult<Vec<(i64, String)>> {
    input
        .into_iter()
        .map(|n| Ok((parse_id(&n.agenda_item_id, "agendaItemId")?, n.body)))
        .collect()
}

/// A decision's fields.
#[derive(InputObject)]
pub struct DecisionFields {
    text: String,
    outcome: DecisionOutcome,
    votes_for: Option<i32>,
    votes_against: Option<i32>,
    votes_abstained: Option<i32>,
}

impl From<DecisionFields> for DecisionInput {
    fn from(f: DecisionFields) -> Self {
        Self {
            text: f.text,
            outcome: f.outcome,
            votes_for: f.votes_for,
            votes_against: f.votes_against,
            votes_abstained: f.votes_abstained,
        }
    }
}

/// A new action item: assign it to a person or an organization.
#[derive(InputObject)]
pub struct ActionItemFields {
    title: String,
    decision_id: Option<ID>,
    assignee_person_id: Option<ID>,
    assignee_organization_id: Option<ID>,
    due_date: Option<NaiveDate>,
}

#[derive(Default)]
pub struct MinutesQuery;

#[Object]
impl MinutesQuery {
    /// The caller's open action items; `overdueOnly` keeps those past due.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn my_action_items(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] overdue_only: bool,
    ) -> ApiResult<Vec<ActionItem>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .minutes()
            .my_action_items(actor, overdue_only)
            .await?
            .into_iter()
            .map(ActionItem)
            .collect())
    }

    /// A table's action items, optionally of one status or overdue only.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn action_items(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        status: Option<ActionItemStatus>,
        #[graphql(default = false)] overdue_only: bool,
    ) -> ApiResult<Vec<ActionItem>> {
        let (services, actor) = parts(ctx)?;
        let rows = services
            .minutes()
            .table_action_items(actor, parse_id(&table_id, "tableId")?, status, overdue_only)
            .await?;
        Ok(rows.into_iter().map(ActionItem).collect())
    }

    /// Line differences between two revisions of a meeting's minutes.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn minutes_diff(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        from: i32,
        to: i32,
    ) -> ApiResult<Vec<DiffLine>> {
        let (services, actor) = parts(ctx)?;
        let lines = services
            .minutes()
            .compare(actor, parse_id(&meeting_id, "meetingId")?, from, to)
            .await?;
        Ok(lines.into_iter().map(DiffLine::from).collect())
    }
}

#[derive(Default)]
pub struct MinutesMutation;

#[Object]
impl MinutesMutation {
    /// Saves notes from the version the editor saw; a stale version is a CONFLICT carrying `currentVersion`.
    async fn save_minutes(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        notes: Vec<NoteInput>,
        expected_version: i32,
    ) -> ApiResult<Minutes> {
        let (services, actor) = parts(ctx)?;
        let saved = services
            .minutes()
            .save(
                actor,
                parse_id(&meeting_id, "meetingId")?,
                self::notes(notes)?,
                expected_version,
            )
            .await?;
        Ok(Minutes(saved))
    }

    async fn send_minutes_for_review(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        expected_version: i32,
    ) -> ApiResult<Minutes> {
        let (services, actor) = parts(ctx)?;
        Ok(Minutes(
            services
                .minutes()
                .send_for_review(actor, parse_id(&meeting_id, "meetingId")?, expected_version)
                .await?,
        ))
    }

    /// The chair approves minutes in review, saying whether at a later meeting or by written procedure.
    async fn approve_minutes(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        method: ApprovalMethod,
        note: Option<String>,
        expected_version: i32,
    ) -> ApiResult<Minutes> {
        let (services, actor) = parts(ctx)?;
        let approved = services
            .minutes()
            .approve(
                actor,
                parse_id(&meeting_id, "meetingId")?,
                method,
                note.as_deref(),
                expected_version,
            )
            .await?;
        Ok(Minutes(approved))
    }

    /// Corrects approved minutes with an erratum revision and its reason.
    async fn add_minutes_erratum(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        notes: Vec<NoteInput>,
        reason: String,
        expected_version: i32,
    ) -> ApiResult<Minutes> {
        let (services, actor) = parts(ctx)?;
        let saved = services
            .minutes()
            .erratum(
                actor,
                parse_id(&meeting_id, "meetingId")?,
                self::notes(notes)?,
                &reason,
                expected_version,
            )
            .await?;
        Ok(Minutes(saved))
    }

    /// Comments on minutes in review, optionally on one item or in answer to a comment.
    async fn comment_minutes(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        body: String,
        agenda_item_id: Option<ID>,
        parent_id: Option<ID>,
    ) -> ApiResult<MinutesComment> {
        let (services, actor) = parts(ctx)?;
        let item = agenda_item_id
            .map(|id| parse_id(&id, "agendaItemId"))
            .transpose()?;
        let parent = parent_id.map(|id| parse_id(&id, "parentId")).transpose()?;
        let created = services
            .minutes()
            .comment(
                actor,
                parse_id(&meeting_id, "meetingId")?,
                item,
                parent,
                &body,
            )
            .await?;
        Ok(MinutesComment(created))
    }

    /// Marks a review comment handled, or open again (whoever runs or chairs the table, while in review).
    async fn set_minutes_comment_handled(
        &self,
        ctx: &Context<'_>,
        id: ID,
        handled: bool,
    ) -> ApiResult<MinutesComment> {
        let (services, actor) = parts(ctx)?;
        Ok(MinutesComment(
            services
                .minutes()
                .set_comment_handled(actor, parse_id(&id, "id")?, handled)
                .await?,
        ))
    }

    async fn add_decision(
        &self,
        ctx: &Context<'_>,
        agenda_item_id: ID,
        input: DecisionFields,
    ) -> ApiResult<Decision> {
        let (services, actor) = parts(ctx)?;
        Ok(Decision(
            services
                .minutes()
                .add_decision(
                    actor,
                    parse_id(&agenda_item_id, "agendaItemId")?,
                    input.into(),
                )
                .await?,
        ))
    }

    async fn update_decision(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: DecisionFields,
    ) -> ApiResult<Decision> {
        let (services, actor) = parts(ctx)?;
        Ok(Decision(
            services
                .minutes()
                .update_decision(actor, parse_id(&id, "id")?, input.into())
                .await?,
        ))
    }

    async fn add_action_item(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        input: ActionItemFields,
    ) -> ApiResult<ActionItem> {
        let (services, actor) = parts(ctx)?;
        let input = ActionItemInput {
            title: input.title,
            decision_id: input
                .decision_id
                .map(|id| parse_id(&id, "decisionId"))
                .transpose()?,
            assignee_person_id: input
                .assignee_person_id
                .map(|id| parse_id(&id, "assigneePersonId"))
                .transpose()?,
            assignee_organization_id: input
                .assignee_organization_id
                .map(|id| parse_id(&id, "assigneeOrganizationId"))
                .transpose()?,
            due_date: input.due_date,
        };
        Ok(ActionItem(
            services
                .minutes()
                .add_action_item(actor, parse_id(&meeting_id, "meetingId")?, input)
                .await?,
        ))
    }

    /// Moves an action item along: its assignee or whoever runs the table.
    async fn update_action_item_status(
        &self,
        ctx: &Context<'_>,
        id: ID,
        status: ActionItemStatus,
    ) -> ApiResult<ActionItem> {
        let (services, actor) = parts(ctx)?;
        Ok(ActionItem(
            services
                .minutes()
                .update_action_item(actor, parse_id(&id, "id")?, status)
                .await?,
        ))
    }
}
