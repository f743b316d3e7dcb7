//! Line-by-line comparison of two texts (revisions of minutes or of a practice).

use similar::{ChangeTag, TextDiff};

use crate::Reason;
use crate::{ServiceError, ServiceResult};

/// One line of a comparison between two revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub change: DiffChange,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffChange {
    Same,
    Added,
    Removed,
}

pub fn lines(old: &str, new: &str) -> Vec<DiffLine> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| DiffLine {
            change: match change.tag() {
                ChangeTag::Equal => DiffChange::Same,
                ChangeTag::Insert => DiffChange::Added,
                ChangeTag::Delete => DiffChange::Removed,
            },
            text: change.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

/// Compares revision `from` with revision `to` among `(number, content)` pairs; an unknown number is refused on its field.
pub fn revisions<'a>(
    all: impl Iterator<Item = (i32, &'a str)> + Clone,
    from: i32,
    to: i32,
) -> ServiceResult<Vec<DiffLine>> {
    let pick = |number: i32, field: &str| {
        all.clone()
            .find(|(n, _)| *n == number)
            .map(|(_, content)| content)
            .ok_or_else(|| {
                ServiceError::validation(
                    field,
                    Reason::UnknownReference,
                    format!("there is no revision {number}"),
                )
            })
    };
    Ok(lines(pick(from, "from")?, pick(to, "to")?))
}
