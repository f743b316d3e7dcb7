//! Differences between two versions of a strategy, element by element: added, removed, or changed fields
//! (indicators included), matching elements by their key so renumbering shows as a changed code.

use std::collections::BTreeMap;

use tavolo_domain::{Actor, StrategyLevel};
use tavolo_store::entity::{strategy_element, strategy_indicator};

use super::StrategyService;
use super::elements::{partner_ids, tree_of};
use crate::Reason;
use crate::{ServiceError, ServiceResult};

/// One field that differs, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// An element present in either version: added, removed, or with the fields that changed.
#[derive(Debug, Clone)]
pub struct ElementChange {
    pub key: String,
    pub code: String,
    pub title: String,
    pub level: StrategyLevel,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    pub fields: Vec<FieldChange>,
}

type Tree = (Vec<strategy_element::Model>, Vec<strategy_indicator::Model>);

/// The comparable fields of an element, as text, indicators included.
fn fields(element: &strategy_element::Model, tree: &Tree) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut put = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            out.insert(name.to_owned(), value);
        }
    };
    put("code", Some(element.code.clone()));
    put("title", Some(element.title.clone()));
    put("description", element.description.clone());
    put(
        "parent",
        element.parent_key.as_ref().and_then(|key| {
            tree.0
                .iter()
                .find(|e| &e.key == key)
                .map(|p| p.code.clone())
        }),
    );
    put(
        "leadOrganizationId",
        element.lead_organization_id.map(|id| id.to_string()),
    );
    let partners = partner_ids(element);
    put(
        "partnerIds",
        (!partners.is_empty()).then(|| {
            partners
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }),
    );
    put("startDate", element.start_date.map(|d| d.to_string()));
    put("endDate", element.end_date.map(|d| d.to_string()));
    put("budgetEuros", element.budget_euros.map(|b| b.to_string()));
    for indicator in tree.1.iter().filter(|i| i.element_id == element.id) {
        put(
            &format!("indicator:{}", indicator.name),
            Some(format!(
                "{} → {} {}",
                indicator.baseline, indicator.target, indicator.unit
            )),
        );
    }
    out
}

fn field_changes(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> Vec<FieldChange> {
    let mut names: Vec<&String> = before.keys().chain(after.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|name| before.get(*name) != after.get(*name))
        .map(|name| FieldChange {
            field: name.clone(),
            before: before.get(name).cloned(),
            after: after.get(name).cloned(),
        })
        .collect()
}

/// The differences from `old` to `new`, in the order of the new tree, removed elements last.
pub(crate) fn differences(old: &Tree, new: &Tree) -> Vec<ElementChange> {
    let entry = |element: &strategy_element::Model, change, fields| ElementChange {
        key: element.key.clone(),
        code: element.code.clone(),
        title: element.title.clone(),
        level: element.level,
        change,
        fields,
    };
    let mut changes = Vec::new();
    for element in &new.0 {
        let after = fields(element, new);
        match old.0.iter().find(|e| e.key == element.key) {
            None => changes.push(entry(
                element,
                "added",
                field_changes(&BTreeMap::new(), &after),
            )),
            Some(previous) => {
                let diff = field_changes(&fields(previous, old), &after);
                if !diff.is_empty() {
                    changes.push(entry(element, "changed", diff));
                }
            }
        }
    }
    for element in old
        .0
        .iter()
        .filter(|e| !new.0.iter().any(|n| n.key == e.key))
    {
        changes.push(entry(
            element,
            "removed",
            field_changes(&fields(element, old), &BTreeMap::new()),
        ));
    }
    changes
}

impl StrategyService<'_> {
    /// What changed from one version of a table's strategy to another.
    pub async fn compare(
        &self,
        actor: &Actor,
        from_id: i64,
        to_id: i64,
    ) -> ServiceResult<Vec<ElementChange>> {
        let (from, _) = self.readable(actor, from_id).await?;
        let (to, _) = self.readable(actor, to_id).await?;
        if from.table_id != to.table_id {
            return Err(ServiceError::validation(
                "toId",
                Reason::UnknownReference,
                "both versions must be of the same table's strategy",
            ));
        }
        let old = tree_of(self.db, from.id).await?;
        let new = tree_of(self.db, to.id).await?;
        Ok(differences(&old, &new))
    }
}
