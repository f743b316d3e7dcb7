//! The library as open data: the documented JSON and CSV columns, and the import of records in the same shape.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use tavolo_domain::{
    Actor, Evaluation, MaterialsLicence, PracticeLifecycle, PracticeStatus, PracticeVisibility,
    Sustainability, TargetGroup, Theme,
};
use tavolo_store::entity::good_practice::{self, PracticeIndicator};
use tavolo_store::sea_orm;

use super::facets::{self, Facets};
use super::{PracticeInput, PracticeService, apply, change, record_revision, save_facets};
use crate::Reason;
use crate::audit;
use crate::{ServiceError, ServiceResult};

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
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub people_reached: Option<i32>,
    #[serde(default)]
    pub budget_euros: Option<i64>,
    #[serde(default)]
    pub partners: Option<String>,
    #[serde(default)]
    pub lessons_learned: Option<String>,
    #[serde(default = "unknown")]
    pub sustainability: Sustainability,
    #[serde(default = "unspecified")]
    pub materials_licence: MaterialsLicence,
    #[serde(default)]
    pub indicators: Vec<PracticeIndicator>,
}

fn unknown() -> Sustainability {
    Sustainability::Unknown
}

fn unspecified() -> MaterialsLicence {
    MaterialsLicence::Unspecified
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
    "keywords",
    "people_reached",
    "budget_euros",
    "sustainability",
    "materials_licence",
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
            .filter(good_practice::Column::Status.eq(PracticeStatus::Published))
            .filter(good_practice::Column::Visibility.eq(PracticeVisibility::Public))
            .order_by_desc(good_practice::Column::PublishedAt)
            .all(self.db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
        let mut facets = facets::of(self.db, &ids).await?;
        Ok(rows
            .iter()
            .map(|p| to_open(p, facets.remove(&p.id).unwrap_or_default()))
            .collect())
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
                p.keywords.join("|"),
                p.people_reached.map(|n| n.to_string()).unwrap_or_default(),
                p.budget_euros.map(|n| n.to_string()).unwrap_or_default(),
                p.sustainability.as_str().to_owned(),
                p.materials_licence.as_str().to_owned(),
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
            keywords: Some(open.keywords),
            people_reached: Some(open.people_reached),
            budget_euros: Some(open.budget_euros),
            partners: open.partners,
            lessons_learned: open.lessons_learned,
            sustainability: Some(open.sustainability),
            materials_licence: Some(open.materials_licence),
            indicators: Some(open.indicators),
        };
        let author = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        let now = Utc::now();
        let mut model = good_practice::ActiveModel {
            status: Set(PracticeStatus::Published),
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
        save_facets(&txn, created.id, &input).await?;
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

fn to_open(p: &good_practice::Model, facets: Facets) -> OpenPractice {
    OpenPractice {
        title: p.title.clone(),
        summary: p.summary.clone(),
        body: p.body.clone(),
        themes: facets.themes,
        target_groups: facets.target_groups,
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
        keywords: p.keyword_list(),
        people_reached: p.people_reached,
        budget_euros: p.budget_euros,
        partners: p.partners.clone(),
        lessons_learned: p.lessons_learned.clone(),
        sustainability: p.sustainability,
        materials_licence: p.materials_licence,
        indicators: p.indicators.0.clone(),
    }
}
