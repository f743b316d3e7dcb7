//! Progress of the strategy while it is carried out: dated status changes of activities and measured values of
//! indicators, kept on the elements' keys so that they span versions; and the per-objective and per-action summary.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use tavolo_domain::{ActivityStatus, Actor, OptionalText, StrategyLevel};
use tavolo_store::entity::{strategy_element, strategy_indicator, strategy_progress};
use tavolo_store::sea_orm;

use super::elements::tree_of;
use super::{StrategyService, change};
use crate::Reason;
use crate::audit;
use crate::error::FieldContext;
use crate::{ServiceError, ServiceResult};

/// An indicator with its latest measured value and how far it has come from baseline to target (0 to 1).
#[derive(Debug, Clone)]
pub struct IndicatorProgress {
    pub indicator: strategy_indicator::Model,
    pub element_code: String,
    pub current: Option<f64>,
    pub ratio: Option<f64>,
}

/// An objective or action: its activities by status and the progress of the indicators beneath it.
#[derive(Debug, Clone)]
pub struct ProgressSummary {
    pub element: strategy_element::Model,
    pub activities: BTreeMap<&'static str, u64>,
    pub indicators: Vec<IndicatorProgress>,
    /// The mean of its indicators' ratios, when any has a value.
    pub ratio: Option<f64>,
}

/// How far `current` has come from `baseline` to `target`, clamped to 0..1; the target never equals the baseline.
pub fn ratio(baseline: f64, target: f64, current: f64) -> f64 {
    ((current - baseline) / (target - baseline)).clamp(0.0, 1.0)
}

impl StrategyService<'_> {
    /// Records an activity's new status (any version: progress is not content), dated `on` (today by default).
    pub async fn record_status(
        &self,
        actor: &Actor,
        element_id: i64,
        status: ActivityStatus,
        on: Option<NaiveDate>,
        note: Option<&str>,
    ) -> ServiceResult<strategy_progress::Model> {
        let (element, version, access) = self.readable_element(actor, element_id).await?;
        access.require_edit(actor)?;
        if element.level != StrategyLevel::Activity {
            return Err(ServiceError::validation(
                "elementId",
                Reason::WrongState,
                "only activities have a status",
            ));
        }
        let row = progress_row(actor, version.table_id, &element.key, None, on, note)?;
        let row = strategy_progress::ActiveModel {
            status: Set(Some(status)),
            ..row
        };
        let summary = format!("activity {} is now {}", element.code, status.as_str());
        self.save_progress(actor, &version, row, summary).await
    }

    /// Records a measured value of an indicator, dated `on` (today by default).
    pub async fn record_measurement(
        &self,
        actor: &Actor,
        indicator_id: i64,
        value: f64,
        on: Option<NaiveDate>,
        note: Option<&str>,
    ) -> ServiceResult<strategy_progress::Model> {
        let indicator = self.indicator(indicator_id).await?;
        let (element, version, access) = self.readable_element(actor, indicator.element_id).await?;
        access.require_edit(actor)?;
        if !value.is_finite() {
            return Err(ServiceError::validation(
                "value",
                Reason::NotANumber,
                "must be a finite number",
            ));
        }
        let row = progress_row(
            actor,
            version.table_id,
            &element.key,
            Some(&indicator.key),
            on,
            note,
        )?;
        let row = strategy_progress::ActiveModel {
            value: Set(Some(value)),
            ..row
        };
        let summary = format!(
            "indicator '{}' of {} measured {value}",
            indicator.name, element.code
        );
        self.save_progress(actor, &version, row, summary).await
    }

    async fn save_progress(
        &self,
        actor: &Actor,
        version: &tavolo_store::entity::strategy_version::Model,
        row: strategy_progress::ActiveModel,
        summary: String,
    ) -> ServiceResult<strategy_progress::Model> {
        let txn = tavolo_store::begin_write(self.db).await?;
        let saved = row.insert(&txn).await?;
        audit::record(&txn, actor, change("record_progress", version, summary)).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Every progress record of these elements of a table, oldest first (by date, then by entry); for callers that
    /// have checked the version is readable.
    pub(crate) async fn progress_records(
        &self,
        table_id: i64,
        element_keys: &[String],
    ) -> ServiceResult<Vec<strategy_progress::Model>> {
        Ok(strategy_progress::Entity::find()
            .filter(strategy_progress::Column::TableId.eq(table_id))
            .filter(strategy_progress::Column::ElementKey.is_in(element_keys.iter().cloned()))
            .order_by_asc(strategy_progress::Column::RecordedOn)
            .order_by_asc(strategy_progress::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Per objective and action of a version: activities by status and indicator progress.
    pub async fn progress(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> ServiceResult<Vec<ProgressSummary>> {
        let (version, _) = self.readable(actor, version_id).await?;
        let (elements, indicators) = tree_of(self.db, version.id).await?;
        let keys: Vec<String> = elements.iter().map(|e| e.key.clone()).collect();
        let records = self.progress_records(version.table_id, &keys).await?;
        let latest = Latest::from(&records);
        let measured: Vec<IndicatorProgress> = indicators
            .into_iter()
            .map(|indicator| {
                let current = latest.values.get(indicator.key.as_str()).copied();
                let element_code = elements
                    .iter()
                    .find(|e| e.id == indicator.element_id)
                    .map(|e| e.code.clone())
                    .unwrap_or_default();
                IndicatorProgress {
                    ratio: current.map(|c| ratio(indicator.baseline, indicator.target, c)),
                    current,
                    element_code,
                    indicator,
                }
            })
            .collect();
        Ok(elements
            .iter()
            .filter(|e| e.level != StrategyLevel::Activity)
            .map(|element| summarize(element, &elements, &measured, &latest))
            .collect())
    }
}

fn progress_row(
    actor: &Actor,
    table_id: i64,
    element_key: &str,
    indicator_key: Option<&str>,
    on: Option<NaiveDate>,
    note: Option<&str>,
) -> ServiceResult<strategy_progress::ActiveModel> {
    let today = Utc::now().date_naive();
    let on = on.unwrap_or(today);
    if on > today {
        return Err(ServiceError::validation(
            "on",
            Reason::InTheFuture,
            "progress cannot be recorded in the future",
        ));
    }
    let recorded_by = actor
        .person_id()
        .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
    Ok(strategy_progress::ActiveModel {
        table_id: Set(table_id),
        element_key: Set(element_key.to_owned()),
        indicator_key: Set(indicator_key.map(str::to_owned)),
        status: Set(None),
        value: Set(None),
        recorded_on: Set(on),
        note: Set(OptionalText::parse(note, 2_000).field("note")?),
        recorded_by: Set(recorded_by),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
}

/// The latest status of each activity and the latest value of each indicator, by key.
pub(crate) struct Latest<'a> {
    pub statuses: BTreeMap<&'a str, ActivityStatus>,
    pub values: BTreeMap<&'a str, f64>,
}

impl<'a> Latest<'a> {
    /// From records ordered oldest first: later ones win.
    pub fn from(records: &'a [strategy_progress::Model]) -> Self {
        let mut statuses = BTreeMap::new();
        let mut values = BTreeMap::new();
        for record in records {
            if let Some(status) = record.status {
                statuses.insert(record.element_key.as_str(), status);
            }
            if let (Some(key), Some(value)) = (record.indicator_key.as_deref(), record.value) {
                values.insert(key, value);
            }
        }
        Self { statuses, values }
    }

    pub fn status(&self, element_key: &str) -> ActivityStatus {
        self.statuses
            .get(element_key)
            .copied()
            .unwrap_or(ActivityStatus::Planned)
    }
}

/// Everything under an element, itself included.
fn subtree<'e>(
    root: &'e strategy_element::Model,
    all: &'e [strategy_element::Model],
) -> Vec<&'e strategy_element::Model> {
    let mut found = vec![root];
    let mut index = 0;
    while index < found.len() {
        let key = found[index].key.as_str();
        found.extend(all.iter().filter(|e| e.parent_key.as_deref() == Some(key)));
        index += 1;
    }
    found
}

fn summarize(
    element: &strategy_element::Model,
    all: &[strategy_element::Model],
    measured: &[IndicatorProgress],
    latest: &Latest<'_>,
) -> ProgressSummary {
    let beneath = subtree(element, all);
    let mut activities: BTreeMap<&'static str, u64> = ActivityStatus::ALL
        .iter()
        .map(|s| (s.as_str(), 0))
        .collect();
    for activity in beneath
        .iter()
        .filter(|e| e.level == StrategyLevel::Activity)
    {
        let status = latest.status(&activity.key);
        if let Some(count) = activities
            .iter_mut()
            .find(|(k, _)| **k == status.as_str())
            .map(|(_, c)| c)
        {
            *count += 1;
        }
    }
    let indicators: Vec<IndicatorProgress> = measured
        .iter()
        .filter(|m| beneath.iter().any(|e| e.id == m.indicator.element_id))
        .cloned()
        .collect();
    let ratios: Vec<f64> = indicators.iter().filter_map(|i| i.ratio).collect();
    let ratio = (!ratios.is_empty()).then(|| ratios.iter().sum::<f64>() / ratios.len() as f64);
    ProgressSummary {
        element: element.clone(),
        activities,
        indicators,
        ratio,
    }
}

#[cfg(test)]
mod tests {
    use super::ratio;

    #[test]
    fn progress_runs_from_baseline_to_target_either_way() {
        assert_eq!(ratio(10.0, 20.0, 15.0), 0.5);
        assert_eq!(ratio(10.0, 20.0, 25.0), 1.0);
        assert_eq!(ratio(10.0, 20.0, 5.0), 0.0);
        // A falling target: waiting days from 30 down to 10.
        assert_eq!(ratio(30.0, 10.0, 20.0), 0.5);
    }
}
