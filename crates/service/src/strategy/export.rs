//! A version of the strategy as a document: Markdown and printable HTML in the seeds' layout (objective | action |
//! activities), followed by the activities' details and indicators with their latest values, in the reader's
//! language (the content stays as written; the headings, states and figures follow the reader).

use std::fmt::Write;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tavolo_domain::{ActivityStatus, Actor, Locale, StrategyLevel};
use tavolo_store::entity::{organization, strategy_element};
use tavolo_store::sea_orm;

use super::StrategyService;
use super::elements::{partner_ids, tree_of};
use super::progress::Latest;
use crate::ServiceResult;

/// Text safe inside a Markdown table cell: no pipes or line breaks to break the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// The document's own words in one language.
struct Words {
    version: &'static str,
    approved_on: &'static str,
    submitted: &'static str,
    draft: &'static str,
    columns: &'static str,
    activities: &'static str,
    status: &'static str,
    lead: &'static str,
    partners: &'static str,
    period: &'static str,
    budget: &'static str,
    indicators: &'static str,
    organization: &'static str,
    /// planned, in progress, done, suspended
    states: [&'static str; 4],
}

const ITALIAN: Words = Words {
    version: "versione",
    approved_on: "approvata il",
    submitted: "inviata per l'approvazione",
    draft: "bozza",
    columns: "| Obiettivo specifico | Azione | Attività |",
    activities: "Attività",
    status: "Stato",
    lead: "Ente capofila",
    partners: "Partner",
    period: "Periodo",
    budget: "Budget",
    indicators: "| Indicatore | Unità | Valore di partenza | Obiettivo | Valore attuale |",
    organization: "ente",
    states: ["programmata", "in corso", "conclusa", "sospesa"],
};

const ENGLISH: Words = Words {
    version: "version",
    approved_on: "approved on",
    submitted: "submitted for approval",
    draft: "draft",
    columns: "| Specific objective | Action | Activities |",
    activities: "Activities",
    status: "Status",
    lead: "Lead organization",
    partners: "Partners",
    period: "Period",
    budget: "Budget",
    indicators: "| Indicator | Unit | Baseline | Target | Current value |",
    organization: "organization",
    states: ["planned", "in progress", "done", "suspended"],
};

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::It => &ITALIAN,
        Locale::En => &ENGLISH,
    }
}

fn status_label(status: ActivityStatus, words: &Words) -> &'static str {
    match status {
        ActivityStatus::Planned => words.states[0],
        ActivityStatus::InProgress => words.states[1],
        ActivityStatus::Done => words.states[2],
        ActivityStatus::Suspended => words.states[3],
    }
}

/// Whole euros with the reader's thousands separator: 45.000 € or €45,000.
fn euros(amount: i64, locale: Locale) -> String {
    let digits = amount.unsigned_abs().to_string();
    let separator = if locale == Locale::It { '.' } else { ',' };
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    let sign = if amount < 0 { "-" } else { "" };
    match locale {
        Locale::It => format!("{sign}{grouped} €"),
        Locale::En => format!("{sign}€{grouped}"),
    }
}

/// A date as its readers write it: 29/11/2026 or 29 Nov 2026.
fn day(date: chrono::NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::It => date.format("%d/%m/%Y").to_string(),
        Locale::En => date.format("%-d %b %Y").to_string(),
    }
}

impl StrategyService<'_> {
    pub async fn markdown(
        &self,
        actor: &Actor,
        version_id: i64,
        locale: Locale,
    ) -> ServiceResult<String> {
        let w = words(locale);
        let (version, access) = self.readable(actor, version_id).await?;
        let (elements, indicators) = tree_of(self.db, version.id).await?;
        let keys: Vec<String> = elements.iter().map(|e| e.key.clone()).collect();
        let records = self.progress_records(version.table_id, &keys).await?;
        let latest = Latest::from(&records);
        let org_ids: Vec<i64> = elements
            .iter()
            .flat_map(|e| e.lead_organization_id.into_iter().chain(partner_ids(e)))
            .collect();
        let organizations = organization::Entity::find()
            .filter(organization::Column::Id.is_in(org_ids))
            .all(self.db)
            .await?;
        let org_name = |id: i64| {
            organizations
                .iter()
                .find(|o| o.id == id)
                .map_or_else(|| format!("{} {id}", w.organization), |o| o.name.clone())
        };
        let children = |parent: &strategy_element::Model| -> Vec<&strategy_element::Model> {
            elements
                .iter()
                .filter(|e| e.parent_key.as_deref() == Some(parent.key.as_str()))
                .collect()
        };
        let mut out = String::new();
        let state = match (version.status.as_str(), version.approved_at) {
            ("approved", Some(at)) => format!("{} {}", w.approved_on, day(at.date_naive(), locale)),
            ("submitted", _) => w.submitted.to_owned(),
            _ => w.draft.to_owned(),
        };
        let _ = writeln!(out, "# {}\n", version.title);
        let _ = writeln!(
            out,
            "**{}** — {} {} ({state})\n",
            access.table.name, w.version, version.number
        );
        let _ = writeln!(out, "{}\n|---|---|---|", w.columns);
        for objective in elements
            .iter()
            .filter(|e| e.level == StrategyLevel::Objective)
        {
            let actions = children(objective);
            let objective_cell = cell(&format!("{}) {}", objective.code, objective.title));
            if actions.is_empty() {
                let _ = writeln!(out, "| {objective_cell} | | |");
            }
            for action in actions {
                let activities: Vec<String> = children(action)
                    .iter()
                    .map(|a| cell(&format!("{}) {}", a.code, a.title)))
                    .collect();
                let _ = writeln!(
                    out,
                    "| {objective_cell} | {} | {} |",
                    cell(&format!("{}. {}", action.code, action.title)),
                    activities.join("<br>")
                );
            }
        }
        let _ = writeln!(out, "\n## {}\n", w.activities);
        for activity in elements
            .iter()
            .filter(|e| e.level == StrategyLevel::Activity)
        {
            let _ = writeln!(out, "### {} {}\n", activity.code, activity.title);
            if let Some(description) = &activity.description {
                let _ = writeln!(out, "{description}\n");
            }
            let _ = writeln!(
                out,
                "- {}: {}",
                w.status,
                status_label(latest.status(&activity.key), w)
            );
            if let Some(lead) = activity.lead_organization_id {
                let _ = writeln!(out, "- {}: {}", w.lead, org_name(lead));
            }
            let partners: Vec<String> = partner_ids(activity).into_iter().map(org_name).collect();
            if !partners.is_empty() {
                let _ = writeln!(out, "- {}: {}", w.partners, partners.join(", "));
            }
            if activity.start_date.is_some() || activity.end_date.is_some() {
                let date =
                    |d: Option<chrono::NaiveDate>| d.map_or("…".to_owned(), |d| day(d, locale));
                let _ = writeln!(
                    out,
                    "- {}: {} – {}",
                    w.period,
                    date(activity.start_date),
                    date(activity.end_date)
                );
            }
            if let Some(budget) = activity.budget_euros {
                let _ = writeln!(out, "- {}: {}", w.budget, euros(budget, locale));
            }
            let own: Vec<_> = indicators
                .iter()
                .filter(|i| i.element_id == activity.id)
                .collect();
            if !own.is_empty() {
                let _ = writeln!(out, "\n{}\n|---|---|---|---|---|", w.indicators);
                for indicator in own {
                    let current = latest
                        .values
                        .get(indicator.key.as_str())
                        .map_or("—".to_owned(), f64::to_string);
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} | {current} |",
                        cell(&indicator.name),
                        cell(&indicator.unit),
                        indicator.baseline,
                        indicator.target
                    );
                }
            }
            out.push('\n');
        }
        Ok(out)
    }

    pub async fn printable_html(
        &self,
        actor: &Actor,
        version_id: i64,
        locale: Locale,
    ) -> ServiceResult<String> {
        let version = self.version(actor, version_id).await?;
        let markdown = self.markdown(actor, version_id, locale).await?;
        Ok(crate::markdown::printable_page(
            &format!(
                "{} — {} {}",
                version.title,
                words(locale).version,
                version.number
            ),
            &markdown,
        ))
    }
}
