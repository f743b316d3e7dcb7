//! The good-practice library: records with their facets, the review workflow (draft → submitted → published → archived),
//! visibility (network or public), revisions, discussion, adoptions, and browsing with facet counts.

mod community;
mod counts;
mod facets;
mod open_data;
mod pending;
mod record;

pub use facets::Facets;
pub(crate) use facets::of as facets_of;
pub use open_data::{CSV_COLUMNS, ImportReport, OpenPractice};
pub use pending::PendingChanges;
pub use record::PracticeInput;
use record::{TEXT_MAX, apply, save_facets};

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, Order, QueryFilter, QueryOrder, QuerySelect, Select, Set,
};
use tavolo_domain::{
    Actor, Evaluation, OptionalText, PracticeLifecycle, PracticeStatus, PracticeVisibility,
    TargetGroup, Theme,
};
use tavolo_store::entity::{good_practice, practice_adoption, practice_comment, practice_revision};
use tavolo_store::sea_orm;

use crate::Reason;
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::{ServiceError, ServiceResult, rows_in};
pub(crate) use counts::LibraryCounts;
use counts::{Counts, CountsKey};

/// How the library is narrowed.
#[derive(Debug, Clone, Default)]
pub struct PracticeFilter {
    pub theme: Option<Theme>,
    pub target_group: Option<TargetGroup>,
    pub region: Option<String>,
    pub language: Option<String>,
    pub search: Option<String>,
    /// Only these states (moderators and authors); published by default.
    pub status: Option<PracticeStatus>,
}

/// How the library is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PracticeSort {
    #[default]
    Newest,
    MostAdopted,
    MostDiscussed,
}

/// A page of the library with facet counts over everything that matches.
pub struct PracticeList {
    pub items: Vec<good_practice::Model>,
    pub total: u64,
    /// (facet, value, count), e.g. ("theme", "housing", 3).
    pub facets: Vec<(&'static str, String, u64)>,
}

/// The eligibility checklist a moderator fills in when reviewing (domain.md's selection criteria).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eligibility {
    /// Context, objectives and activities are clearly described.
    pub context: bool,
    /// It has been running for at least a year.
    pub duration: bool,
    /// There is evidence that it can be transferred elsewhere.
    pub transferable: bool,
}

impl Eligibility {
    /// Every criterion met: what the demo and imports of already selected practices carry.
    pub const MET: Eligibility = Eligibility {
        context: true,
        duration: true,
        transferable: true,
    };

    pub fn all_met(self) -> bool {
        self.context && self.duration && self.transferable
    }
}

/// What a review step records: the moderator's note and checklist; nothing for the author's own steps.
#[derive(Debug, Default)]
struct Review {
    note: Option<String>,
    criteria: Option<Eligibility>,
}

impl Review {
    fn by_moderator(note: Option<String>, criteria: Eligibility) -> Self {
        Self {
            note,
            criteria: Some(criteria),
        }
    }
}

pub struct PracticeService<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) files: &'a crate::Files,
    pub(crate) counts: &'a LibraryCounts,
}

/// Who may read a practice: published ones by visibility, the rest by their author and the moderators.
pub(crate) fn readable(actor: &Actor, practice: &good_practice::Model) -> bool {
    if actor.is_moderator() || actor.person_id() == Some(practice.author_id) {
        return true;
    }
    practice.status == PracticeStatus::Published
        && (practice.visibility == PracticeVisibility::Public || actor.is_signed_in())
}

/// The same rule as a SQL condition, so lists and counts never include what the actor may not read.
fn readable_condition(actor: &Actor) -> Condition {
    if actor.is_moderator() {
        return Condition::all();
    }
    let published =
        Condition::all().add(good_practice::Column::Status.eq(PracticeStatus::Published));
    let published = if actor.is_signed_in() {
        published
    } else {
        published.add(good_practice::Column::Visibility.eq(PracticeVisibility::Public))
    };
    match actor.person_id() {
        Some(id) => Condition::any()
            .add(published)
            .add(good_practice::Column::AuthorId.eq(id)),
        None => published,
    }
}

impl PracticeService<'_> {
    pub async fn practice(&self, actor: &Actor, id: i64) -> ServiceResult<good_practice::Model> {
        good_practice::Entity::find_by_id(id)
            .one(self.db)
            .await?
            .filter(|p| readable(actor, p))
            .ok_or_else(|| ServiceError::not_found("practice"))
    }

    /// Any signed-in user proposes a practice; it starts as a draft they can edit.
    pub async fn create(
        &self,
        actor: &Actor,
        input: PracticeInput,
    ) -> ServiceResult<good_practice::Model> {
        let author = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in to propose a practice".into()))?;
        let now = Utc::now();
        let mut model = good_practice::ActiveModel {
            status: Set(PracticeStatus::Draft),
            author_id: Set(author),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let required = PracticeInput {
            title: Some(input.title.clone().unwrap_or_default()),
            summary: Some(input.summary.clone().unwrap_or_default()),
            body: Some(input.body.clone().unwrap_or_default()),
            themes: Some(input.themes.clone().unwrap_or_default()),
            target_groups: Some(input.target_groups.clone().unwrap_or_default()),
            language: Some(input.language.clone().unwrap_or_else(|| "it".into())),
            practice_state: Some(input.practice_state.unwrap_or(PracticeLifecycle::Active)),
            evaluation: Some(input.evaluation.unwrap_or(Evaluation::None)),
            funding: Some(input.funding.clone().unwrap_or_default()),
            visibility: Some(input.visibility.unwrap_or(PracticeVisibility::Network)),
            ..input
        };
        let txn = tavolo_store::begin_write(self.db).await?;
        apply(&txn, &mut model, &required, None).await?;
        let created = model.insert(&txn).await?;
        save_facets(&txn, created.id, &required).await?;
        audit::record(
            &txn,
            actor,
            change(
                "create",
                &created,
                format!("proposed practice '{}'", created.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// The author edits while it is a draft or submitted; moderators at any time (a published practice stays
    /// published and the edit is kept as a revision). An author's edit of a published practice waits for a moderator
    /// (see `pending`).
    pub async fn update(
        &self,
        actor: &Actor,
        id: i64,
        input: PracticeInput,
        expected_version: i32,
    ) -> ServiceResult<good_practice::Model> {
        let existing = self.practice(actor, id).await?;
        let status = editable(actor, &existing)?;
        if existing.version != expected_version {
            return Err(ServiceError::stale("the practice", existing.version));
        }
        if status == PracticeStatus::Published && !actor.is_moderator() {
            return self.propose(actor, existing, input).await;
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = existing.clone().into_active_model();
        apply(&txn, &mut model, &input, Some(&existing)).await?;
        model.version = Set(existing.version + 1);
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        save_facets(&txn, updated.id, &input).await?;
        if status == PracticeStatus::Published {
            record_revision(&txn, actor, &updated).await?;
        }
        audit::record(
            &txn,
            actor,
            change(
                "update",
                &updated,
                format!("edited practice '{}'", updated.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// The author sends a draft for review.
    pub async fn submit(&self, actor: &Actor, id: i64) -> ServiceResult<good_practice::Model> {
        let existing = self.practice(actor, id).await?;
        if actor.person_id() != Some(existing.author_id) && !actor.is_moderator() {
            return Err(ServiceError::forbidden("submit this practice"));
        }
        self.transition(
            actor,
            existing,
            PracticeStatus::Draft,
            PracticeStatus::Submitted,
            Review::default(),
            "submit",
        )
        .await
    }

    /// A moderator publishes a submitted practice after checking it against the eligibility checklist, every
    /// criterion of which it must meet.
    pub async fn publish(
        &self,
        actor: &Actor,
        id: i64,
        criteria: Eligibility,
    ) -> ServiceResult<good_practice::Model> {
        let existing = self.moderated(actor, id).await?;
        if !criteria.all_met() {
            return Err(ServiceError::validation(
                "criteria",
                Reason::CriteriaNotMet,
                "a practice is published when it meets every eligibility criterion: send it back instead",
            ));
        }
        self.transition(
            actor,
            existing,
            PracticeStatus::Submitted,
            PracticeStatus::Published,
            Review::by_moderator(None, criteria),
            "publish",
        )
        .await
    }

    /// A moderator sends a submitted practice back to its author with a note.
    pub async fn send_back(
        &self,
        actor: &Actor,
        id: i64,
        note: &str,
        criteria: Eligibility,
    ) -> ServiceResult<good_practice::Model> {
        let existing = self.moderated(actor, id).await?;
        let note = OptionalText::parse(Some(note), TEXT_MAX)
            .field("note")?
            .ok_or_else(|| {
                ServiceError::validation("note", Reason::Required, "tell the author what to change")
            })?;
        self.transition(
            actor,
            existing,
            PracticeStatus::Submitted,
            PracticeStatus::Draft,
            Review::by_moderator(Some(note), criteria),
            "send_back",
        )
        .await
    }

    /// A moderator retires a published practice.
    pub async fn archive(&self, actor: &Actor, id: i64) -> ServiceResult<good_practice::Model> {
        let existing = self.moderated(actor, id).await?;
        self.transition(
            actor,
            existing,
            PracticeStatus::Published,
            PracticeStatus::Archived,
            Review::default(),
            "archive",
        )
        .await
    }

    async fn moderated(&self, actor: &Actor, id: i64) -> ServiceResult<good_practice::Model> {
        let existing = self.practice(actor, id).await?;
        if !actor.is_moderator() {
            return Err(ServiceError::forbidden("moderate practices"));
        }
        Ok(existing)
    }

    async fn transition(
        &self,
        actor: &Actor,
        existing: good_practice::Model,
        from: PracticeStatus,
        to: PracticeStatus,
        review: Review,
        action: &'static str,
    ) -> ServiceResult<good_practice::Model> {
        if existing.status != from {
            return Err(ServiceError::validation(
                "status",
                Reason::WrongState,
                format!(
                    "only a {from} practice can go to {to} (this one is {})",
                    existing.status
                ),
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = existing.clone().into_active_model();
        model.status = Set(to);
        model.version = Set(existing.version + 1);
        model.updated_at = Set(Utc::now());
        if actor.is_moderator() && action != "submit" {
            model.reviewer_id = Set(actor.person_id());
        }
        if let Some(criteria) = review.criteria {
            model.review_note = Set(review.note);
            model.criteria_context = Set(Some(criteria.context));
            model.criteria_duration = Set(Some(criteria.duration));
            model.criteria_transferable = Set(Some(criteria.transferable));
            model.reviewed_at = Set(Some(Utc::now()));
        }
        if to == PracticeStatus::Published && existing.published_at.is_none() {
            model.published_at = Set(Some(Utc::now()));
        }
        let updated = model.update(&txn).await?;
        if to == PracticeStatus::Published {
            record_revision(&txn, actor, &updated).await?;
        }
        audit::record(
            &txn,
            actor,
            change(
                action,
                &updated,
                format!("practice '{}' is now {to}", updated.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// The library: what the actor may read, filtered by facets and words, sorted, with facet counts over all matches.
    pub async fn list(
        &self,
        actor: &Actor,
        filter: &PracticeFilter,
        sort: PracticeSort,
        window: crate::OffsetRequest,
    ) -> ServiceResult<PracticeList> {
        let mut query = good_practice::Entity::find().filter(readable_condition(actor));
        let status = filter.status.unwrap_or(PracticeStatus::Published);
        query = query.filter(good_practice::Column::Status.eq(status.as_str()));
        if let Some(theme) = filter.theme {
            query = query.filter(facets::with_theme(theme));
        }
        if let Some(group) = filter.target_group {
            query = query.filter(facets::with_target_group(group));
        }
        if let Some(region) = filter.region.as_deref().filter(|r| !r.is_empty()) {
            query = query.filter(good_practice::Column::Region.eq(region));
        }
        if let Some(language) = filter.language.as_deref().filter(|l| !l.is_empty()) {
            query = query.filter(good_practice::Column::Language.eq(language));
        }
        if let Some(text) = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            query = query.filter(
                Condition::any()
                    .add(good_practice::Column::Title.contains(text))
                    .add(good_practice::Column::Summary.contains(text)),
            );
        }
        let Counts { total, facets } = self.counts_of(actor, filter, status, &query).await?;
        let ordered = match sort {
            PracticeSort::Newest => query,
            PracticeSort::MostAdopted => query.order_by(Expr::cust(ADOPTIONS_OF_ROW), Order::Desc),
            PracticeSort::MostDiscussed => query.order_by(Expr::cust(COMMENTS_OF_ROW), Order::Desc),
        };
        let items = ordered
            .order_by_desc(good_practice::Column::PublishedAt)
            .order_by_desc(good_practice::Column::Id)
            .offset(window.offset)
            .limit(window.first)
            .all(self.db)
            .await?;
        Ok(PracticeList {
            items,
            total,
            facets,
        })
    }

    /// Total and facet counts of the matches. Published matches look the same to every signed-in caller (and to
    /// every anonymous one), so theirs are kept until the next practice change; other states are counted each time.
    async fn counts_of(
        &self,
        actor: &Actor,
        filter: &PracticeFilter,
        status: PracticeStatus,
        matching: &Select<good_practice::Entity>,
    ) -> ServiceResult<Counts> {
        if status != PracticeStatus::Published {
            return count_matches(self.db, matching).await;
        }
        let key = CountsKey::new(actor.is_signed_in(), filter);
        // Read before counting: a change landing in between makes the next request count again, never the reverse.
        let version = counts::version(self.db).await?;
        self.counts
            .get_or_count(key, version, || count_matches(self.db, matching))
            .await
    }

    /// The practices among `ids` the actor may read, as one query.
    async fn readable_ids(&self, actor: &Actor, ids: &[i64]) -> ServiceResult<Vec<i64>> {
        Ok(good_practice::Entity::find()
            .filter(good_practice::Column::Id.is_in(ids.iter().copied()))
            .filter(readable_condition(actor))
            .select_only()
            .column(good_practice::Column::Id)
            .into_tuple()
            .all(self.db)
            .await?)
    }

    /// The themes and target groups of each practice the actor may read, by id.
    pub async fn facets(
        &self,
        actor: &Actor,
        practice_ids: &[i64],
    ) -> ServiceResult<std::collections::HashMap<i64, Facets>> {
        let readable = self.readable_ids(actor, practice_ids).await?;
        facets::of(self.db, &readable).await
    }

    /// Who adopted each practice the actor may read.
    pub async fn adoptions(
        &self,
        actor: &Actor,
        practice_ids: &[i64],
    ) -> ServiceResult<Vec<practice_adoption::Model>> {
        self.rows_of_readable::<practice_adoption::Entity, _, _>(
            actor,
            practice_ids,
            practice_adoption::Column::PracticeId,
            practice_adoption::Column::Id,
        )
        .await
    }

    /// The discussion of each practice the actor may read.
    pub async fn comments(
        &self,
        actor: &Actor,
        practice_ids: &[i64],
    ) -> ServiceResult<Vec<practice_comment::Model>> {
        self.rows_of_readable::<practice_comment::Entity, _, _>(
            actor,
            practice_ids,
            practice_comment::Column::PracticeId,
            practice_comment::Column::Id,
        )
        .await
    }

    /// The published states of each practice the actor may read.
    pub async fn revisions(
        &self,
        actor: &Actor,
        practice_ids: &[i64],
    ) -> ServiceResult<Vec<practice_revision::Model>> {
        self.rows_of_readable::<practice_revision::Entity, _, _>(
            actor,
            practice_ids,
            practice_revision::Column::PracticeId,
            practice_revision::Column::Number,
        )
        .await
    }

    /// The rows of `E` hanging (by `column`) on the practices among `practice_ids` the actor may read.
    pub(crate) async fn rows_of_readable<E, C, O>(
        &self,
        actor: &Actor,
        practice_ids: &[i64],
        column: C,
        order: O,
    ) -> ServiceResult<Vec<E::Model>>
    where
        E: EntityTrait,
        C: ColumnTrait,
        O: ColumnTrait,
    {
        let readable = self.readable_ids(actor, practice_ids).await?;
        rows_in::<E, _, _>(self.db, column, &readable, order).await
    }

    /// Renders a practice's description to sanitized HTML.
    pub fn body_html(&self, practice: &good_practice::Model) -> String {
        crate::markdown::to_safe_html(&practice.body)
    }
}

/// The author edits (text and attachments) until the practice is archived; moderators too. Returns its status.
pub(crate) fn editable(
    actor: &Actor,
    practice: &good_practice::Model,
) -> ServiceResult<PracticeStatus> {
    let own = actor.person_id() == Some(practice.author_id);
    if !(own || actor.is_moderator()) {
        return Err(ServiceError::forbidden("edit this practice"));
    }
    let status = practice.status;
    if status == PracticeStatus::Archived {
        return Err(ServiceError::validation(
            "status",
            Reason::WrongState,
            "an archived practice cannot be edited",
        ));
    }
    Ok(status)
}

/// How many candidates `related` ranks.
const RELATED_CANDIDATES: u64 = 300;

/// Adoptions and standing comments of the practice on the current row, for ordering the library in SQL.
const ADOPTIONS_OF_ROW: &str = "(SELECT COUNT(*) FROM practice_adoptions WHERE practice_adoptions.practice_id = good_practices.id)";
const COMMENTS_OF_ROW: &str = "(SELECT COUNT(*) FROM practice_comments WHERE practice_comments.practice_id = good_practices.id AND NOT practice_comments.deleted)";

/// The total and the counts over every match, each facet one GROUP BY. Every practice has exactly one language, so
/// the language counts add up to the total without a scan of its own.
async fn count_matches(
    db: &DatabaseConnection,
    matching: &Select<good_practice::Entity>,
) -> ServiceResult<Counts> {
    let mut counts: BTreeMap<(&'static str, String), u64> = BTreeMap::new();
    let (themes, groups) = facets::counts(db, matching).await?;
    for (theme, n) in themes {
        counts.insert(("theme", theme.as_str().to_owned()), n);
    }
    for (group, n) in groups {
        counts.insert(("targetGroup", group.as_str().to_owned()), n);
    }
    for (facet, column) in [
        ("region", good_practice::Column::Region),
        ("language", good_practice::Column::Language),
    ] {
        let groups: Vec<(Option<String>, i64)> = matching
            .clone()
            .select_only()
            .column(column)
            .column_as(good_practice::Column::Id.count(), "n")
            .group_by(column)
            .into_tuple()
            .all(db)
            .await?;
        for (value, n) in groups {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                *counts.entry((facet, value)).or_default() += u64::try_from(n).unwrap_or_default();
            }
        }
    }
    let total = counts
        .iter()
        .filter(|((facet, _), _)| *facet == "language")
        .map(|(_, count)| count)
        .sum();
    let facets = counts
        .into_iter()
        .map(|((facet, value), count)| (facet, value, count))
        .collect();
    Ok(Counts { total, facets })
}

/// Keeps the published text as a numbered revision.
async fn record_revision(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    practice: &good_practice::Model,
) -> ServiceResult<()> {
    let last = practice_revision::Entity::find()
        .filter(practice_revision::Column::PracticeId.eq(practice.id))
        .order_by_desc(practice_revision::Column::Number)
        .one(conn)
        .await?;
    let content = format!(
        "# {}\n\n{}\n\n{}\n",
        practice.title, practice.summary, practice.body
    );
    practice_revision::ActiveModel {
        practice_id: Set(practice.id),
        number: Set(last.map_or(1, |r| r.number + 1)),
        content: Set(content),
        author_id: Set(actor.person_id()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

pub(crate) fn change(
    action: &'static str,
    practice: &good_practice::Model,
    summary: String,
) -> Change<'static> {
    Change {
        action,
        entity_type: "good_practice",
        entity_id: practice.id,
        table_id: None,
        summary,
    }
}

impl PracticeService<'_> {
    /// Up to `limit` other practices the actor may read that share themes or target groups, the most shared first.
    pub async fn related(
        &self,
        actor: &Actor,
        practice: &good_practice::Model,
        limit: usize,
    ) -> ServiceResult<Vec<good_practice::Model>> {
        let own = facets::of(self.db, &[practice.id])
            .await?
            .remove(&practice.id)
            .unwrap_or_default();
        if own.themes.is_empty() && own.target_groups.is_empty() {
            return Ok(Vec::new());
        }
        // The newest few hundred sharing something are ranked: a big library is never read whole for a sidebar.
        let candidates = good_practice::Entity::find()
            .filter(readable_condition(actor))
            .filter(good_practice::Column::Status.eq(PracticeStatus::Published))
            .filter(good_practice::Column::Id.ne(practice.id))
            .filter(facets::sharing(&own))
            .order_by_desc(good_practice::Column::PublishedAt)
            .order_by_desc(good_practice::Column::Id)
            .limit(RELATED_CANDIDATES)
            .all(self.db)
            .await?;
        let ids: Vec<i64> = candidates.iter().map(|p| p.id).collect();
        let theirs = facets::of(self.db, &ids).await?;
        let mut scored: Vec<(usize, good_practice::Model)> = candidates
            .into_iter()
            .map(|p| {
                let shared = theirs.get(&p.id).map_or(0, |f| f.shared_with(&own));
                (shared, p)
            })
            .filter(|(shared, _)| *shared > 0)
            .collect();
        scored.sort_by_key(|(shared, _)| std::cmp::Reverse(*shared));
        Ok(scored.into_iter().take(limit).map(|(_, p)| p).collect())
    }
}

impl PracticeService<'_> {
    /// Line differences between two published revisions of a practice the actor may read.
    pub async fn compare(
        &self,
        actor: &Actor,
        practice_id: i64,
        from: i32,
        to: i32,
    ) -> ServiceResult<Vec<crate::diff::DiffLine>> {
        let practice = self.practice(actor, practice_id).await?;
        let revisions = self.revisions(actor, &[practice.id]).await?;
        crate::diff::revisions(
            revisions.iter().map(|r| (r.number, r.content.as_str())),
            from,
            to,
        )
    }
}
