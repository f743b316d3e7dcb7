//! A file on a meeting's agenda item, minutes or decision; the bytes are in the blob store under `storage_key`.

use sea_orm::entity::prelude::*;
use tavolo_domain::MeetingFileTarget;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    /// A `MeetingFileTarget` code: what of the meeting the file belongs to.
    pub target: MeetingFileTarget,
    /// The agenda item's or decision's id; the meeting's for its minutes.
    pub target_id: i64,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
    pub uploaded_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
