//! Files on a meeting's agenda items, minutes and decisions: the GraphQL type and its removal. Uploads and
//! downloads are plain HTTP (`POST /meetings/{id}/files`, `GET /meeting-files/{id}/{name}`).

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use tavolo_domain::MeetingFileTarget;
use tavolo_store::entity::meeting_file;

use crate::directory::Person;
use crate::error::parse_id;
use crate::loaders::PersonKey;
use crate::{ApiResult, loader, parts};

/// A file on an agenda item, the minutes or a decision of a meeting.
pub struct MeetingFile(pub meeting_file::Model);

#[Object]
impl MeetingFile {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What of the meeting it belongs to.
    async fn target(&self) -> MeetingFileTarget {
        self.0.target
    }
    /// The agenda item's or decision's id; the meeting's for the minutes' files.
    async fn target_id(&self) -> ID {
        ID(self.0.target_id.to_string())
    }
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    async fn media_type(&self) -> &str {
        &self.0.media_type
    }
    async fn size_bytes(&self) -> i64 {
        self.0.size_bytes
    }
    /// Where to download it (signed in as someone who may read what it belongs to).
    async fn url(&self) -> String {
        tavolo_service::meeting_files::download_path(&self.0)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn uploaded_by(&self, ctx: &Context<'_>) -> ApiResult<Option<crate::directory::Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.uploaded_by))
            .await?
            .map(Person))
    }
}

#[derive(Default)]
pub struct MeetingFileMutation;

#[Object]
impl MeetingFileMutation {
    /// Removes a file from a meeting (whoever runs the table; not from approved minutes).
    async fn remove_meeting_file(&self, ctx: &Context<'_>, id: ID) -> ApiResult<MeetingFile> {
        let (services, actor) = parts(ctx)?;
        Ok(MeetingFile(
            services
                .meeting_files()
                .remove(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }
}
