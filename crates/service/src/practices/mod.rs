//! The good-practice library: records with their facets, the review workflow (draft → submitted → published → archived),
//! visibility (network or public), revisions, discussion, adoptions, and browsing with facet counts.

mod counts;
mod pending;

pub use pending::PendingChanges;

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set,
};
use tavolo_domain::{
    Actor, Email, Evaluation, FollowFacet, Name, OptionalText, PracticeLifecycle, PracticeStatus,
    PracticeVisibility, TargetGroup, Theme,
};
use tavolo_store::entity::{
    good_practice, organization, person, practice_adoption, practice_comment, practice_follow,
    practice_revision,
};
use tavolo_store::sea_orm;

use crate::Reason;
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::{ServiceError, ServiceResult, rows_in};
pub(crate) use counts::LibraryCounts;
use counts::{Counts, CountsKey};

const SUMMARY_MAX: usize = 1_500;
const BODY_MAX: usize = 100_000;
const TEXT_MAX: usize = 20_000;
const COMMENT_MAX: usize = 10_000;

/// A practice's fields; on update `None` leaves a field as it is. Serialized as it stands when an author's edit of a
/// published practice waits for review.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PracticeInput {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub themes: Option<Vec<Theme>>,
    pub target_groups: Option<Vec<TargetGroup>>,
    pub region: Option<String>,
    pub territory: Option<String>,
    /// ISO 639-1 code of the content's language, e.g. `it`.
    pub language: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub practice_state: Option<PracticeLifecycle>,
    pub evaluation: Option<Evaluation>,
    pub funding: Option<String>,
    pub project_code: Option<String>,
    pub results: Option<String>,
    pub transferability: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub organization_id: Option<Option<i64>>,
    pub visibility: Option<PracticeVisibility>,
}

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
    practice.status == PracticeStatus::Published.as_str()
        && (practice.visibility == PracticeVisibility::Public.as_str() || actor.is_signed_in())
}

/// The same rule as a SQL condition, so lists and counts never include what the actor may not read.
fn readable_condition(actor: &Actor) -> Condition {
    if actor.is_moderator() {
        return Condition::all();
    }
    let published =
        Condition::all().add(good_practice::Column::Status.eq(PracticeStatus::Published.as_str()));
    let published = if actor.is_signed_in() {
        published
    } else {
        published.add(good_practice::Column::Visibility.eq(PracticeVisibility::Public.as_str()))
    };
    match actor.person_id() {
        Some(id) => Condition::any()
            .add(published)
            .add(good_practice::Column::AuthorId.eq(id)),
        None => published,
    }
}

fn codes<T: Copy>(values: &[T], text: impl Fn(T) -> &'static str) -> String {
    let mut codes: Vec<&str> = values.iter().map(|v| text(*v)).collect();
    codes.sort_unstable();
    codes.dedup();
    format!("|{}|", codes.join("|"))
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
            status: Set(PracticeStatus::Draft.as_str().to_owned()),
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
            None,
            "submit",
        )
        .await
    }

    /// A moderator publishes a submitted practice after checking it against the eligibility checklist.
    pub async fn publish(&self, actor: &Actor, id: i64) -> ServiceResult<good_practice::Model> {
        let existing = self.moderated(actor, id).await?;
        self.transition(
            actor,
            existing,
            PracticeStatus::Submitted,
            PracticeStatus::Published,
            None,
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
            Some(note),
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
            None,
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
        note: Option<String>,
        action: &'static str,
    ) -> ServiceResult<good_practice::Model> {
        if status_of(&existing)? != from {
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
        model.status = Set(to.as_str().to_owned());
        model.version = Set(existing.version + 1);
        model.updated_at = Set(Utc::now());
        if actor.is_moderator() && action != "submit" {
            model.reviewer_id = Set(actor.person_id());
        }
        if action == "send_back" || action == "publish" {
            model.review_note = Set(note);
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
            query = query
                .filter(good_practice::Column::Themes.contains(format!("|{}|", theme.as_str())));
        }
        if let Some(group) = filter.target_group {
            query = query.filter(
                good_practice::Column::TargetGroups.contains(format!("|{}|", group.as_str())),
            );
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

    /// Comments (and replies) on a published practice, by signed-in users.
    pub async fn comment(
        &self,
        actor: &Actor,
        practice_id: i64,
        parent_id: Option<i64>,
        body: &str,
    ) -> ServiceResult<practice_comment::Model> {
        let author = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in to comment".into()))?;
        let practice = self.practice(actor, practice_id).await?;
        if practice.status != PracticeStatus::Published.as_str() {
            return Err(ServiceError::validation(
                "practiceId",
                Reason::WrongState,
                format!(
                    "comments are for published practices (this one is {})",
                    practice.status
                ),
            ));
        }
        let body = OptionalText::parse(Some(body), COMMENT_MAX)
            .field("body")?
            .ok_or_else(|| ServiceError::required("body"))?;
        if let Some(parent) = parent_id {
            let found = practice_comment::Entity::find_by_id(parent)
                .one(self.db)
                .await?;
            if found.is_none_or(|c| c.practice_id != practice_id) {
                return Err(ServiceError::validation(
                    "parentId",
                    Reason::UnknownReference,
                    "is not a comment on this practice",
                ));
            }
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let now = Utc::now();
        let created = practice_comment::ActiveModel {
            practice_id: Set(practice_id),
            parent_id: Set(parent_id),
            author_id: Set(author),
            body: Set(body),
            edited: Set(false),
            deleted: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            change(
                "comment",
                &practice,
                format!("commented on practice '{}'", practice.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Edits (author) or deletes (author or moderator) a comment; both leave a visible mark.
    pub async fn change_comment(
        &self,
        actor: &Actor,
        comment_id: i64,
        body: Option<&str>,
    ) -> ServiceResult<practice_comment::Model> {
        let found = practice_comment::Entity::find_by_id(comment_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("comment"))?;
        let practice = self
            .practice(actor, found.practice_id)
            .await
            .map_err(|_| ServiceError::not_found("comment"))?;
        let own = actor.person_id() == Some(found.author_id);
        let deleting = body.is_none();
        if !(own || (deleting && actor.is_moderator())) {
            return Err(ServiceError::forbidden("change this comment"));
        }
        if found.deleted {
            return Err(ServiceError::validation(
                "id",
                Reason::WrongState,
                "this comment was deleted",
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = found.into_active_model();
        match body {
            Some(text) => {
                let text = OptionalText::parse(Some(text), COMMENT_MAX)
                    .field("body")?
                    .ok_or_else(|| ServiceError::required("body"))?;
                model.body = Set(text);
                model.edited = Set(true);
            }
            None => {
                model.body = Set(String::new());
                model.deleted = Set(true);
            }
        }
        model.updated_at = Set(Utc::now());
        let updated = model.update(&txn).await?;
        let summary = format!(
            "{} a comment on '{}'",
            if deleting { "deleted" } else { "edited" },
            practice.title
        );
        audit::record(&txn, actor, change("comment_change", &practice, summary)).await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// "Adopted in my service": once per person, with their organization and a note.
    pub async fn adopt(
        &self,
        actor: &Actor,
        practice_id: i64,
        note: Option<&str>,
    ) -> ServiceResult<practice_adoption::Model> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in to adopt a practice".into()))?;
        let practice = self.practice(actor, practice_id).await?;
        if practice.status != PracticeStatus::Published.as_str() {
            return Err(ServiceError::validation(
                "practiceId",
                Reason::WrongState,
                "only published practices can be adopted",
            ));
        }
        let note = OptionalText::parse(note, TEXT_MAX).field("note")?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let already = practice_adoption::Entity::find()
            .filter(practice_adoption::Column::PracticeId.eq(practice_id))
            .filter(practice_adoption::Column::PersonId.eq(person_id))
            .count(&txn)
            .await?;
        if already > 0 {
            return Err(ServiceError::validation(
                "practiceId",
                Reason::AlreadyExists,
                "you already adopted this practice",
            ));
        }
        let organization_id = person::Entity::find_by_id(person_id)
            .one(&txn)
            .await?
            .and_then(|p| p.organization_id);
        let created = practice_adoption::ActiveModel {
            practice_id: Set(practice_id),
            person_id: Set(person_id),
            organization_id: Set(organization_id),
            note: Set(note),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            change(
                "adopt",
                &practice,
                format!("adopted practice '{}'", practice.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
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
    let status = status_of(practice)?;
    if status == PracticeStatus::Archived {
        return Err(ServiceError::validation(
            "status",
            Reason::WrongState,
            "an archived practice cannot be edited",
        ));
    }
    Ok(status)
}

fn status_of(practice: &good_practice::Model) -> ServiceResult<PracticeStatus> {
    practice
        .status
        .parse()
        .map_err(|_| ServiceError::Internal("stored practice status is unknown".into()))
}

/// How many candidates `related` ranks.
const RELATED_CANDIDATES: u64 = 300;

/// Adoptions and standing comments of the practice on the current row, for ordering the library in SQL.
const ADOPTIONS_OF_ROW: &str = "(SELECT COUNT(*) FROM practice_adoptions WHERE practice_adoptions.practice_id = good_practices.id)";
const COMMENTS_OF_ROW: &str = "(SELECT COUNT(*) FROM practice_comments WHERE practice_comments.practice_id = good_practices.id AND NOT practice_comments.deleted)";

/// The total and the counts over every match, grouped in SQL: multi-valued columns (`|a|b|`) group by their
/// combination, which are few, and are split here. Every practice has exactly one language, so the language
/// counts add up to the total without a scan of its own.
async fn count_matches(
    db: &DatabaseConnection,
    matching: &Select<good_practice::Entity>,
) -> ServiceResult<Counts> {
    let facets = [
        ("theme", good_practice::Column::Themes),
        ("targetGroup", good_practice::Column::TargetGroups),
        ("region", good_practice::Column::Region),
        ("language", good_practice::Column::Language),
    ];
    let mut counts: BTreeMap<(&'static str, String), u64> = BTreeMap::new();
    for (facet, column) in facets {
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
            for value in value
                .iter()
                .flat_map(|v| v.split('|'))
                .filter(|v| !v.is_empty())
            {
                *counts.entry((facet, value.to_owned())).or_default() += n as u64;
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

/// Validates and applies the given fields; `existing` is the stored practice on update (for cross-field checks).
async fn apply(
    conn: &impl ConnectionTrait,
    model: &mut good_practice::ActiveModel,
    input: &PracticeInput,
    existing: Option<&good_practice::Model>,
) -> ServiceResult<()> {
    if let Some(raw) = input.title.as_deref() {
        model.title = Set(Name::parse(raw).field("title")?.into_inner());
    }
    if let Some(raw) = input.summary.as_deref() {
        let summary = OptionalText::parse(Some(raw), SUMMARY_MAX)
            .field("summary")?
            .ok_or_else(|| ServiceError::required("summary"))?;
        model.summary = Set(summary);
    }
    if let Some(raw) = input.body.as_deref() {
        if raw.chars().count() > BODY_MAX {
            return Err(ServiceError::too_long("body", BODY_MAX));
        }
        model.body = Set(raw.trim().to_owned());
    }
    if let Some(themes) = &input.themes {
        if themes.is_empty() {
            return Err(ServiceError::validation(
                "themes",
                Reason::Required,
                "choose at least one theme",
            ));
        }
        model.themes = Set(codes(themes, Theme::as_str));
    }
    if let Some(groups) = &input.target_groups {
        if groups.is_empty() {
            return Err(ServiceError::validation(
                "targetGroups",
                Reason::Required,
                "choose at least one target group",
            ));
        }
        model.target_groups = Set(codes(groups, TargetGroup::as_str));
    }
    if let Some(raw) = input.region.as_deref() {
        model.region = Set(OptionalText::parse(Some(raw), 100).field("region")?);
    }
    if let Some(raw) = input.territory.as_deref() {
        model.territory = Set(OptionalText::parse(Some(raw), 300).field("territory")?);
    }
    if let Some(raw) = input.language.as_deref() {
        let code = raw.trim().to_lowercase();
        if code.len() != 2 || !code.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(ServiceError::validation(
                "language",
                Reason::Malformed,
                "must be a two-letter language code such as it or en",
            ));
        }
        model.language = Set(code);
    }
    let start = input.start_date.or(existing.and_then(|e| e.start_date));
    let end = input.end_date.or(existing.and_then(|e| e.end_date));
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        return Err(ServiceError::validation(
            "endDate",
            Reason::EndBeforeStart,
            "must not be before the start",
        ));
    }
    if input.start_date.is_some() {
        model.start_date = Set(input.start_date);
    }
    if input.end_date.is_some() {
        model.end_date = Set(input.end_date);
    }
    if let Some(state) = input.practice_state {
        model.practice_state = Set(state.as_str().to_owned());
    }
    if let Some(evaluation) = input.evaluation {
        model.evaluation = Set(evaluation.as_str().to_owned());
    }
    if let Some(raw) = input.funding.as_deref() {
        model.funding = Set(OptionalText::parse(Some(raw), 300)
            .field("funding")?
            .unwrap_or_default());
    }
    if let Some(raw) = input.project_code.as_deref() {
        model.project_code = Set(OptionalText::parse(Some(raw), 100).field("projectCode")?);
    }
    if let Some(raw) = input.results.as_deref() {
        model.results = Set(OptionalText::parse(Some(raw), TEXT_MAX).field("results")?);
    }
    if let Some(raw) = input.transferability.as_deref() {
        model.transferability =
            Set(OptionalText::parse(Some(raw), TEXT_MAX).field("transferability")?);
    }
    if let Some(raw) = input.contact_name.as_deref() {
        model.contact_name = Set(OptionalText::parse(Some(raw), 200).field("contactName")?);
    }
    if let Some(raw) = input.contact_email.as_deref() {
        let email = match raw.trim() {
            "" => None,
            text => Some(Email::parse(text).field("contactEmail")?.into_inner()),
        };
        model.contact_email = Set(email);
    }
    if let Some(organization_id) = input.organization_id {
        if let Some(id) = organization_id
            && organization::Entity::find_by_id(id)
                .one(conn)
                .await?
                .is_none()
        {
            return Err(ServiceError::validation(
                "organizationId",
                Reason::UnknownReference,
                format!("there is no organization {id}"),
            ));
        }
        model.organization_id = Set(organization_id);
    }
    if let Some(visibility) = input.visibility {
        model.visibility = Set(visibility.as_str().to_owned());
    }
    Ok(())
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

/// One practice as open data: the documented columns of the JSON and CSV exports, and what an import accepts.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenPractice {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub body: String,
    pub themes: Vec<Theme>,
    pub target_groups: Vec<TargetGroup>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub territory: Option<String>,
    #[serde(default = "italian")]
    pub language: String,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    #[serde(default)]
    pub results: Option<String>,
    #[serde(default)]
    pub transferability: Option<String>,
    #[serde(default)]
    pub funding: String,
    #[serde(default)]
    pub project_code: Option<String>,
    #[serde(default)]
    pub contact_name: Option<String>,
    #[serde(default)]
    pub contact_email: Option<String>,
}

fn italian() -> String {
    "it".to_owned()
}

/// CSV columns, in order; documented in the README.
pub const CSV_COLUMNS: &[&str] = &[
    "title",
    "summary",
    "themes",
    "target_groups",
    "region",
    "territory",
    "language",
    "start_date",
    "end_date",
    "results",
    "funding",
    "project_code",
    "contact_name",
    "contact_email",
];

/// What an import did: how many records it published, and each rejected record with its reason.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub imported: usize,
    pub rejected: Vec<(usize, String)>,
}

impl PracticeService<'_> {
    /// Published public practices as open data, newest first.
    pub async fn open_data(&self) -> ServiceResult<Vec<OpenPractice>> {
        let rows = good_practice::Entity::find()
            .filter(good_practice::Column::Status.eq(PracticeStatus::Published.as_str()))
            .filter(good_practice::Column::Visibility.eq(PracticeVisibility::Public.as_str()))
            .order_by_desc(good_practice::Column::PublishedAt)
            .all(self.db)
            .await?;
        Ok(rows.iter().map(to_open).collect())
    }

    /// The open data as CSV (RFC 4180; several values joined with `|`).
    pub async fn open_data_csv(&self) -> ServiceResult<String> {
        let mut out = CSV_COLUMNS.join(",");
        out.push_str("\r\n");
        for p in self.open_data().await? {
            let join = |values: Vec<&str>| values.join("|");
            let fields = [
                p.title.clone(),
                p.summary.clone(),
                join(p.themes.iter().map(|t| t.as_str()).collect()),
                join(p.target_groups.iter().map(|t| t.as_str()).collect()),
                p.region.clone().unwrap_or_default(),
                p.territory.clone().unwrap_or_default(),
                p.language.clone(),
                p.start_date.map(|d| d.to_string()).unwrap_or_default(),
                p.end_date.map(|d| d.to_string()).unwrap_or_default(),
                p.results.clone().unwrap_or_default(),
                p.funding.clone(),
                p.project_code.clone().unwrap_or_default(),
                p.contact_name.clone().unwrap_or_default(),
                p.contact_email.clone().unwrap_or_default(),
            ];
            out.push_str(
                &fields
                    .iter()
                    .map(|f| crate::csv::cell(f))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
        }
        Ok(out)
    }

    /// Imports practices exported by another instance (moderators): every record is validated on its own and published
    /// as public in its own transaction; rejected records are reported with their reason and the rest still go in.
    pub async fn import(&self, actor: &Actor, json: &str) -> ServiceResult<ImportReport> {
        if !actor.is_moderator() {
            return Err(ServiceError::forbidden("import practices"));
        }
        let records: Vec<serde_json::Value> = serde_json::from_str(json).map_err(|e| {
            ServiceError::validation(
                "json",
                Reason::Malformed,
                format!("not a JSON array of practices: {e}"),
            )
        })?;
        let mut report = ImportReport::default();
        for (index, record) in records.into_iter().enumerate() {
            match self.import_one(actor, record).await {
                Ok(()) => report.imported += 1,
                Err(ServiceError::Internal(detail)) => return Err(ServiceError::Internal(detail)),
                Err(other) => report.rejected.push((index, other.to_string())),
            }
        }
        Ok(report)
    }

    async fn import_one(&self, actor: &Actor, record: serde_json::Value) -> ServiceResult<()> {
        let open: OpenPractice = serde_json::from_value(record)
            .map_err(|e| ServiceError::validation("record", Reason::Malformed, e.to_string()))?;
        let input = PracticeInput {
            title: Some(open.title),
            summary: Some(open.summary),
            body: Some(open.body),
            themes: Some(open.themes),
            target_groups: Some(open.target_groups),
            region: open.region,
            territory: open.territory,
            language: Some(open.language),
            start_date: open.start_date,
            end_date: open.end_date,
            results: open.results,
            transferability: open.transferability,
            funding: Some(open.funding),
            project_code: open.project_code,
            contact_name: open.contact_name,
            contact_email: open.contact_email,
            practice_state: Some(PracticeLifecycle::Active),
            evaluation: Some(Evaluation::None),
            visibility: Some(PracticeVisibility::Public),
            organization_id: None,
        };
        let author = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let now = Utc::now();
        let mut model = good_practice::ActiveModel {
            status: Set(PracticeStatus::Published.as_str().to_owned()),
            author_id: Set(author),
            reviewer_id: Set(Some(author)),
            published_at: Set(Some(now)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let txn = tavolo_store::begin_write(self.db).await?;
        apply(&txn, &mut model, &input, None).await?;
        let created = model.insert(&txn).await?;
        record_revision(&txn, actor, &created).await?;
        audit::record(
            &txn,
            actor,
            change(
                "import",
                &created,
                format!("imported practice '{}'", created.title),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}

fn to_open(p: &good_practice::Model) -> OpenPractice {
    OpenPractice {
        title: p.title.clone(),
        summary: p.summary.clone(),
        body: p.body.clone(),
        themes: p.themes.split('|').filter_map(|c| c.parse().ok()).collect(),
        target_groups: p
            .target_groups
            .split('|')
            .filter_map(|c| c.parse().ok())
            .collect(),
        region: p.region.clone(),
        territory: p.territory.clone(),
        language: p.language.clone(),
        start_date: p.start_date,
        end_date: p.end_date,
        results: p.results.clone(),
        transferability: p.transferability.clone(),
        funding: p.funding.clone(),
        project_code: p.project_code.clone(),
        contact_name: p.contact_name.clone(),
        contact_email: p.contact_email.clone(),
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
        let codes = |text: &str| {
            text.split('|')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let (themes, groups) = (codes(&practice.themes), codes(&practice.target_groups));
        if themes.is_empty() && groups.is_empty() {
            return Ok(Vec::new());
        }
        let mut shares_one = Condition::any();
        for theme in &themes {
            shares_one =
                shares_one.add(good_practice::Column::Themes.contains(format!("|{theme}|")));
        }
        for group in &groups {
            shares_one =
                shares_one.add(good_practice::Column::TargetGroups.contains(format!("|{group}|")));
        }
        // The newest few hundred sharing something are ranked: a big library is never read whole for a sidebar.
        let candidates = good_practice::Entity::find()
            .filter(readable_condition(actor))
            .filter(good_practice::Column::Status.eq(PracticeStatus::Published.as_str()))
            .filter(good_practice::Column::Id.ne(practice.id))
            .filter(shares_one)
            .order_by_desc(good_practice::Column::PublishedAt)
            .order_by_desc(good_practice::Column::Id)
            .limit(RELATED_CANDIDATES)
            .all(self.db)
            .await?;
        let mut scored: Vec<(usize, good_practice::Model)> = candidates
            .into_iter()
            .map(|p| {
                let shared = codes(&p.themes)
                    .iter()
                    .filter(|t| themes.contains(t))
                    .count()
                    + codes(&p.target_groups)
                        .iter()
                        .filter(|g| groups.contains(g))
                        .count();
                (shared, p)
            })
            .filter(|(shared, _)| *shared > 0)
            .collect();
        scored.sort_by_key(|(shared, _)| std::cmp::Reverse(*shared));
        Ok(scored.into_iter().take(limit).map(|(_, p)| p).collect())
    }
}

impl PracticeService<'_> {
    /// The actor's follows: (facet, value).
    pub async fn follows(&self, actor: &Actor) -> ServiceResult<Vec<practice_follow::Model>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        Ok(practice_follow::Entity::find()
            .filter(practice_follow::Column::PersonId.eq(person_id))
            .order_by_asc(practice_follow::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Follows (or stops following) a theme, target group or region; new and updated practices there come in the digest.
    pub async fn set_follow(
        &self,
        actor: &Actor,
        facet: FollowFacet,
        value: &str,
        following: bool,
    ) -> ServiceResult<Vec<practice_follow::Model>> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let value = value.trim();
        let known = match facet {
            FollowFacet::Theme => value.parse::<Theme>().is_ok(),
            FollowFacet::TargetGroup => value.parse::<TargetGroup>().is_ok(),
            FollowFacet::Region => OptionalText::parse(Some(value), 100).is_ok_and(|v| v.is_some()),
        };
        if !known {
            return Err(ServiceError::validation(
                "value",
                Reason::UnknownValue,
                format!("'{value}' is not a {facet} of the library"),
            ));
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        practice_follow::Entity::delete_many()
            .filter(practice_follow::Column::PersonId.eq(person_id))
            .filter(practice_follow::Column::Facet.eq(facet.as_str()))
            .filter(practice_follow::Column::Value.eq(value))
            .exec(&txn)
            .await?;
        if following {
            practice_follow::ActiveModel {
                person_id: Set(person_id),
                facet: Set(facet.as_str().to_owned()),
                value: Set(value.to_owned()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let summary = format!(
            "{} {facet} '{value}'",
            if following {
                "follows"
            } else {
                "stopped following"
            }
        );
        audit::record(
            &txn,
            actor,
            Change {
                action: "follow",
                entity_type: "person",
                entity_id: person_id,
                table_id: None,
                summary,
            },
        )
        .await?;
        txn.commit().await?;
        self.follows(actor).await
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
