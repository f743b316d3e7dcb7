//! What callers send to write a practice: its record's fields and the moderator's checklist.

use async_graphql::{ID, InputObject, MaybeUndefined};
use chrono::NaiveDate;
use tavolo_domain::{
    Evaluation, MaterialsLicence, PracticeLifecycle, PracticeVisibility, Sustainability,
    TargetGroup, Theme,
};
use tavolo_service::practices::PracticeInput;

use crate::ApiResult;
use crate::error::parse_id;

/// A practice's fields; on update omitted fields stay.
#[derive(InputObject)]
pub struct PracticeFields {
    title: Option<String>,
    summary: Option<String>,
    body: Option<String>,
    themes: Option<Vec<Theme>>,
    target_groups: Option<Vec<TargetGroup>>,
    region: Option<String>,
    territory: Option<String>,
    language: Option<String>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    practice_state: Option<PracticeLifecycle>,
    evaluation: Option<Evaluation>,
    funding: Option<String>,
    project_code: Option<String>,
    results: Option<String>,
    transferability: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    /// The implementing organization; null clears it.
    organization_id: MaybeUndefined<ID>,
    visibility: Option<PracticeVisibility>,
    /// Free keywords (at most 12, each at most 50 characters); the list replaces the stored one.
    keywords: Option<Vec<String>>,
    /// Null clears it.
    people_reached: MaybeUndefined<i32>,
    /// Whole euros; null clears it.
    budget_euros: MaybeUndefined<i64>,
    partners: Option<String>,
    lessons_learned: Option<String>,
    sustainability: Option<Sustainability>,
    materials_licence: Option<MaterialsLicence>,
    /// At most 20; the list replaces the stored one.
    indicators: Option<Vec<PracticeIndicatorInput>>,
}

/// One measure of a practice's results.
#[derive(InputObject)]
pub struct PracticeIndicatorInput {
    name: String,
    unit: String,
    baseline: Option<f64>,
    target: Option<f64>,
    achieved: Option<f64>,
    source: Option<String>,
}

/// `Some(None)` for an explicit null, `None` when the field was left out.
fn sent<T, U>(
    value: MaybeUndefined<T>,
    map: impl FnOnce(T) -> ApiResult<U>,
) -> ApiResult<Option<Option<U>>> {
    match value {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(v) => map(v).map(|u| Some(Some(u))),
    }
}

impl PracticeFields {
    pub(super) fn into_input(self) -> ApiResult<PracticeInput> {
        Ok(PracticeInput {
            title: self.title,
            summary: self.summary,
            body: self.body,
            themes: self.themes,
            target_groups: self.target_groups,
            region: self.region,
            territory: self.territory,
            language: self.language,
            start_date: self.start_date,
            end_date: self.end_date,
            practice_state: self.practice_state,
            evaluation: self.evaluation,
            funding: self.funding,
            project_code: self.project_code,
            results: self.results,
            transferability: self.transferability,
            contact_name: self.contact_name,
            contact_email: self.contact_email,
            organization_id: sent(self.organization_id, |id| parse_id(&id, "organizationId"))?,
            visibility: self.visibility,
            keywords: self.keywords,
            people_reached: sent(self.people_reached, Ok)?,
            budget_euros: sent(self.budget_euros, Ok)?,
            partners: self.partners,
            lessons_learned: self.lessons_learned,
            sustainability: self.sustainability,
            materials_licence: self.materials_licence,
            indicators: self.indicators.map(|list| {
                list.into_iter()
                    .map(|i| tavolo_store::entity::good_practice::PracticeIndicator {
                        name: i.name,
                        unit: i.unit,
                        baseline: i.baseline,
                        target: i.target,
                        achieved: i.achieved,
                        source: i.source,
                    })
                    .collect()
            }),
        })
    }
}
