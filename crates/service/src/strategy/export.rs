//! A version of the strategy as a document: Markdown and printable HTML in the seeds' layout (objective | action |
//! activities), followed by the activities' details and indicators with their latest values.

use std::fmt::Write;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tavolo_domain::{Actor, StrategyLevel};
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

fn status_label(status: &str) -> &'static str {
    match status {
        "in_progress" => "in corso",
        "done" => "conclusa",
        "suspended" => "sospesa",
        _ => "programmata",
    }
}

impl StrategyService<'_> {
    pub async fn markdown(&self, actor: &Actor, version_id: i64) -> ServiceResult<String> {
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
                .map_or_else(|| format!("ente {id}"), |o| o.name.clone())
        };
        let children = |parent: &strategy_element::Model| -> Vec<&strategy_element::Model> {
            elements
                .iter()
                .filter(|e| e.parent_key.as_deref() == Some(parent.key.as_str()))
                .collect()
        };
        let mut out = String::new();
        let state = match (version.status.as_str(), version.approved_at) {
            ("approved", Some(at)) => format!("approvata il {}", at.format("%d/%m/%Y")),
            ("submitted", _) => "inviata per l'approvazione".to_owned(),
            _ => "bozza".to_owned(),
        };
        let _ = writeln!(out, "# {}\n", version.title);
        let _ = writeln!(
            out,
            "**{}** — versione {} ({state})\n",
            access.table.name, version.number
        );
        let _ = writeln!(
            out,
            "| Obiettivo specifico | Azione | Attività |\n|---|---|---|"
        );
        for objective in elements
            .iter()
            .filter(|e| e.level == StrategyLevel::Objective.as_str())
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
        let _ = writeln!(out, "\n## Attività\n");
        for activity in elements
            .iter()
            .filter(|e| e.level == StrategyLevel::Activity.as_str())
        {
            let _ = writeln!(out, "### {} {}\n", activity.code, activity.title);
            if let Some(description) = &activity.description {
                let _ = writeln!(out, "{description}\n");
            }
            let _ = writeln!(
                out,
                "- Stato: {}",
                status_label(latest.status(&activity.key))
            );
            if let Some(lead) = activity.lead_organization_id {
                let _ = writeln!(out, "- Ente capofila: {}", org_name(lead));
            }
            let partners: Vec<String> = partner_ids(activity).into_iter().map(org_name).collect();
            if !partners.is_empty() {
                let _ = writeln!(out, "- Partner: {}", partners.join(", "));
            }
            if activity.start_date.is_some() || activity.end_date.is_some() {
                let date = |d: Option<chrono::NaiveDate>| {
                    d.map_or("…".to_owned(), |d| d.format("%d/%m/%Y").to_string())
                };
                let _ = writeln!(
                    out,
                    "- Periodo: {} – {}",
                    date(activity.start_date),
                    date(activity.end_date)
                );
            }
            if let Some(budget) = activity.budget_euros {
                let _ = writeln!(out, "- Budget: {budget} €");
            }
            let own: Vec<_> = indicators
                .iter()
                .filter(|i| i.element_id == activity.id)
                .collect();
            if !own.is_empty() {
                let _ = writeln!(
                    out,
                    "\n| Indicatore | Unità | Valore di partenza | Obiettivo | Valore attuale |\n|---|---|---|---|---|"
                );
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

    pub async fn printable_html(&self, actor: &Actor, version_id: i64) -> ServiceResult<String> {
        let version = self.version(actor, version_id).await?;
        let markdown = self.markdown(actor, version_id).await?;
        Ok(crate::markdown::printable_page(
            &format!("{} — versione {}", version.title, version.number),
            &markdown,
        ))
    }
}
