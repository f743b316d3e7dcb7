//! A practice's record: the fields an author fills in, each validated and bounded before it reaches the store.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use tavolo_domain::{
    Email, Evaluation, Name, OptionalText, PracticeLifecycle, PracticeVisibility, TargetGroup,
    Theme,
};
use tavolo_store::entity::{good_practice, organization};
use tavolo_store::sea_orm;

use crate::Reason;
use crate::error::FieldContext;
use crate::{ServiceError, ServiceResult};

const SUMMARY_MAX: usize = 1_500;
const BODY_MAX: usize = 100_000;
pub(super) const TEXT_MAX: usize = 20_000;

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

/// Validates and applies the given fields; `existing` is the stored practice on update (for cross-field checks).
pub(super) async fn apply(
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

pub(super) fn codes<T: Copy>(values: &[T], text: impl Fn(T) -> &'static str) -> String {
    let mut codes: Vec<&str> = values.iter().map(|v| text(*v)).collect();
    codes.sort_unstable();
    codes.dedup();
    format!("|{}|", codes.join("|"))
}
