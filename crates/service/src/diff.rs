//! Line-by-line comparison of two texts (revisions of minutes or of a practice).

use similar::{ChangeTag, TextDiff};

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
