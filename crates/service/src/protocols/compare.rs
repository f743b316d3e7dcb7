//! Line-by-line comparison of two versions of a protocol, section headings included.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tavolo_domain::Actor;
use tavolo_store::entity::{protocol_section, protocol_version};
use tavolo_store::sea_orm;

use super::{ProtocolService, load, readable_versions};
use crate::ServiceResult;
use crate::diff::{self, DiffLine};

/// A version's text as one Markdown document: each section a second-level heading and its body.
pub fn document(sections: &[protocol_section::Model]) -> String {
    sections
        .iter()
        .map(|s| format!("## {}\n\n{}\n", s.heading, s.body))
        .collect::<Vec<_>>()
        .join("\n")
}

impl ProtocolService<'_> {
    /// How version `to` differs from version `from`, among the versions the actor may read.
    pub async fn compare(
        &self,
        actor: &Actor,
        protocol_id: i64,
        from: i32,
        to: i32,
    ) -> ServiceResult<Vec<DiffLine>> {
        load(self.db, actor, protocol_id).await?;
        let versions = protocol_version::Entity::find()
            .filter(protocol_version::Column::ProtocolId.eq(protocol_id))
            .filter(protocol_version::Column::Number.is_in([from, to]))
            .filter(readable_versions(actor))
            .all(self.db)
            .await?;
        let sections = protocol_section::Entity::find()
            .filter(protocol_section::Column::VersionId.is_in(versions.iter().map(|v| v.id)))
            .order_by_asc(protocol_section::Column::Position)
            .all(self.db)
            .await?;
        let texts: Vec<(i32, String)> = versions
            .iter()
            .map(|v| {
                let own: Vec<_> = sections
                    .iter()
                    .filter(|s| s.version_id == v.id)
                    .cloned()
                    .collect();
                (v.number, document(&own))
            })
            .collect();
        diff::revisions(texts.iter().map(|(n, t)| (*n, t.as_str())), from, to)
    }
}
