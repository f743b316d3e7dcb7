//! A practice's record: the fields an author fills in, each validated and bounded before it reaches the store.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use tavolo_domain::{
    Email, Evaluation, MaterialsLicence, Name, OptionalText, PracticeLifecycle, PracticeVisibility,
    Sustainability, TargetGroup, Theme,
};
use tavolo_store::entity::good_practice::{Indicators, PracticeIndicator};
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
    #[serde(default, deserialize_with = "present")]
    pub organization_id: Option<Option<i64>>,
    pub visibility: Option<PracticeVisibility>,
    pub keywords: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    pub people_reached: Option<Option<i32>>,
    #[serde(default, deserialize_with = "present")]
    pub budget_euros: Option<Option<i64>>,
    pub partners: Option<String>,
    pub lessons_learned: Option<String>,
    pub sustainability: Option<Sustainability>,
    pub materials_licence: Option<MaterialsLicence>,
    pub indicators: Option<Vec<PracticeIndicator>>,
}

/// A field that was sent, even as `null` (which clears it): `Some(None)`, where serde's default would say `None`
/// and an author's waiting edit would lose the clearing.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}

const KEYWORDS_MAX: usize = 12;
const KEYWORD_MAX: usize = 50;
const PEOPLE_REACHED_MAX: i32 = 100_000_000;
const BUDGET_MAX: i64 = 10_000_000_000;
const INDICATORS_MAX: usize = 20;
/// Indicator figures beyond this are typing slips, not measurements.
const FIGURE_MAX: f64 = 1e12;

/// Validates and applies the given fields; `existing` is the stored practice on update (for cross-field checks).
/// Themes and target groups are checked here and written by `save_facets` once the practice has its id.
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
    if input.themes.as_ref().is_some_and(Vec::is_empty) {
        return Err(ServiceError::validation(
            "themes",
            Reason::Required,
            "choose at least one theme",
        ));
    }
    if input.target_groups.as_ref().is_some_and(Vec::is_empty) {
        return Err(ServiceError::validation(
            "targetGroups",
            Reason::Required,
            "choose at least one target group",
        ));
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
        model.practice_state = Set(state);
    }
    if let Some(evaluation) = input.evaluation {
        model.evaluation = Set(evaluation);
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
        model.visibility = Set(visibility);
    }
    apply_reach(model, input)
}

/// The fields of the record's means, evidence and reuse.
fn apply_reach(model: &mut good_practice::ActiveModel, input: &PracticeInput) -> ServiceResult<()> {
    if let Some(keywords) = &input.keywords {
        model.keywords = Set(keyword_codes(keywords)?);
    }
    if let Some(reached) = input.people_reached {
        if let Some(n) = reached
            && !(0..=PEOPLE_REACHED_MAX).contains(&n)
        {
            return Err(ServiceError::out_of_range(
                "peopleReached",
                0,
                PEOPLE_REACHED_MAX,
            ));
        }
        model.people_reached = Set(reached);
    }
    if let Some(budget) = input.budget_euros {
        if let Some(n) = budget
            && !(0..=BUDGET_MAX).contains(&n)
        {
            return Err(ServiceError::out_of_range("budgetEuros", 0, BUDGET_MAX));
        }
        model.budget_euros = Set(budget);
    }
    if let Some(raw) = input.partners.as_deref() {
        model.partners = Set(OptionalText::parse(Some(raw), 2_000).field("partners")?);
    }
    if let Some(raw) = input.lessons_learned.as_deref() {
        model.lessons_learned =
            Set(OptionalText::parse(Some(raw), TEXT_MAX).field("lessonsLearned")?);
    }
    if let Some(sustainability) = input.sustainability {
        model.sustainability = Set(sustainability);
    }
    if let Some(licence) = input.materials_licence {
        model.materials_licence = Set(licence);
    }
    if let Some(indicators) = &input.indicators {
        model.indicators = Set(Indicators(checked_indicators(indicators)?));
    }
    Ok(())
}

/// Keywords as stored: trimmed, blanks dropped, repeated ones (ignoring case) once, `|a|b|`.
fn keyword_codes(keywords: &[String]) -> ServiceResult<String> {
    let mut kept: Vec<String> = Vec::new();
    for raw in keywords {
        let Some(word) = OptionalText::parse(Some(raw), KEYWORD_MAX).field("keywords")? else {
            continue;
        };
        if word.contains('|') || word.contains('\n') {
            return Err(ServiceError::validation(
                "keywords",
                Reason::Malformed,
                "a keyword is one line without '|'",
            ));
        }
        if !kept.iter().any(|k| k.to_lowercase() == word.to_lowercase()) {
            kept.push(word);
        }
    }
    if kept.len() > KEYWORDS_MAX {
        return Err(ServiceError::too_many(
            "keywords",
            KEYWORDS_MAX as u64,
            "keywords",
        ));
    }
    Ok(if kept.is_empty() {
        String::new()
    } else {
        format!("|{}|", kept.join("|"))
    })
}

fn checked_indicators(indicators: &[PracticeIndicator]) -> ServiceResult<Vec<PracticeIndicator>> {
    if indicators.len() > INDICATORS_MAX {
        return Err(ServiceError::too_many(
            "indicators",
            INDICATORS_MAX as u64,
            "indicators",
        ));
    }
    indicators.iter().map(checked_indicator).collect()
}

fn checked_indicator(indicator: &PracticeIndicator) -> ServiceResult<PracticeIndicator> {
    let name = Name::parse(&indicator.name).field("indicators.name")?;
    let unit = OptionalText::parse(Some(&indicator.unit), 50)
        .field("indicators.unit")?
        .ok_or_else(|| ServiceError::required("indicators.unit"))?;
    for (value, field) in [
        (indicator.baseline, "indicators.baseline"),
        (indicator.target, "indicators.target"),
        (indicator.achieved, "indicators.achieved"),
    ] {
        if value.is_some_and(|v| !v.is_finite() || v.abs() > FIGURE_MAX) {
            return Err(ServiceError::validation(
                field,
                Reason::NotANumber,
                "must be a number of sensible size",
            ));
        }
    }
    Ok(PracticeIndicator {
        name: name.into_inner(),
        unit,
        baseline: indicator.baseline,
        target: indicator.target,
        achieved: indicator.achieved,
        source: OptionalText::parse(indicator.source.as_deref(), 300).field("indicators.source")?,
    })
}

/// Writes the themes and target groups the input gives to the saved practice `practice_id`.
pub(super) async fn save_facets(
    conn: &impl ConnectionTrait,
    practice_id: i64,
    input: &PracticeInput,
) -> ServiceResult<()> {
    super::facets::replace(
        conn,
        practice_id,
        input.themes.as_deref(),
        input.target_groups.as_deref(),
    )
    .await
}
