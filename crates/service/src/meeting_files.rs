//! Files on a meeting's agenda items, minutes and decisions: added and removed by whoever runs the table, read by
//! whoever may read what they belong to (the meeting for agenda files, its minutes for minutes and decision files,
//! so a members-only table's files stay its members'). The same blob store, limits and checks as practices'.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use tavolo_domain::{Actor, MeetingFileTarget, MeetingStatus, MinutesStatus};
use tavolo_store::entity::{agenda_item, decision, meeting_file, minutes};
use tavolo_store::sea_orm;

use crate::attachments::{storage_failed, store_and_record};
use crate::meetings::{load, meeting_change, require_manage};
use crate::minutes::meetings_with_readable_minutes;
use crate::{Reason, ServiceError, ServiceResult, access, audit};

/// More files than this on one meeting belong in a linked folder.
pub const FILES_PER_MEETING: u64 = 50;

pub struct MeetingFileService<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) files: &'a crate::Files,
}

/// A file's bytes with what a response needs to serve them.
pub struct MeetingDownload {
    pub file: meeting_file::Model,
    pub bytes: Vec<u8>,
}

/// The download address of a file; the name is there for browsers and is ignored by the server.
pub fn download_path(file: &meeting_file::Model) -> String {
    format!(
        "/meeting-files/{}/{}",
        file.id,
        tavolo_files::url_encoded(&file.file_name)
    )
}

/// Rows the actor may read: agenda files of the meetings they may see, minutes and decision files of the meetings
/// whose minutes they may read.
fn readable(actor: &Actor) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(meeting_file::Column::Target.eq(MeetingFileTarget::AgendaItem))
                .add(access::on_visible_meeting(
                    actor,
                    meeting_file::Column::MeetingId,
                )),
        )
        .add(
            Condition::all()
                .add(meeting_file::Column::Target.ne(MeetingFileTarget::AgendaItem))
                .add(
                    meeting_file::Column::MeetingId
                        .in_subquery(meetings_with_readable_minutes(actor)),
                ),
        )
}

impl MeetingFileService<'_> {
    /// The files of the given meetings that the actor may read, oldest first: one query for a DataLoader batch.
    pub async fn files(
        &self,
        actor: &Actor,
        meeting_ids: &[i64],
    ) -> ServiceResult<Vec<meeting_file::Model>> {
        Ok(meeting_file::Entity::find()
            .filter(meeting_file::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .filter(readable(actor))
            .order_by_asc(meeting_file::Column::Id)
            .all(self.db)
            .await?)
    }

    /// Stores a file and attaches it to an agenda item, the minutes or a decision of the meeting, after checking its
    /// name, size, kind and content. Minutes and decision files are added while the minutes are not yet approved.
    pub async fn add(
        &self,
        actor: &Actor,
        meeting_id: i64,
        target: MeetingFileTarget,
        target_id: i64,
        raw_name: &str,
        bytes: &[u8],
    ) -> ServiceResult<meeting_file::Model> {
        let context = load(self.db, actor, meeting_id).await?;
        require_manage(actor, &context.roles)?;
        let uploader = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        if context.meeting.status == MeetingStatus::Cancelled {
            return Err(ServiceError::validation(
                "meetingId",
                Reason::WrongState,
                "a cancelled meeting takes no files",
            ));
        }
        let target_id = self.check_target(meeting_id, target, target_id).await?;
        let (name, kind) = self
            .files
            .policy
            .check(raw_name, bytes)
            .map_err(ServiceError::from)?;
        store_and_record(self.files, bytes, |key| {
            let row = meeting_file::ActiveModel {
                meeting_id: Set(meeting_id),
                target: Set(target),
                target_id: Set(target_id),
                file_name: Set(name),
                media_type: Set(kind.media_type().to_owned()),
                size_bytes: Set(bytes.len() as i64),
                storage_key: Set(key),
                uploaded_by: Set(uploader),
                created_at: Set(Utc::now()),
                ..Default::default()
            };
            self.record(actor, &context.meeting, row)
        })
        .await
    }

    /// The target's id once it is known to belong to the meeting (and, for the minutes' files, while they change).
    async fn check_target(
        &self,
        meeting_id: i64,
        target: MeetingFileTarget,
        target_id: i64,
    ) -> ServiceResult<i64> {
        let unknown = || {
            ServiceError::validation(
                "targetId",
                Reason::UnknownReference,
                "is not part of this meeting",
            )
        };
        match target {
            MeetingFileTarget::AgendaItem => {
                let item = agenda_item::Entity::find_by_id(target_id)
                    .one(self.db)
                    .await?;
                if item.is_none_or(|i| i.meeting_id != meeting_id) {
                    return Err(unknown());
                }
                return Ok(target_id);
            }
            MeetingFileTarget::Decision => {
                let found = decision::Entity::find_by_id(target_id).one(self.db).await?;
                if found.is_none_or(|d| d.meeting_id != meeting_id) {
                    return Err(unknown());
                }
            }
            MeetingFileTarget::Minutes => {}
        }
        let current = minutes::Entity::find()
            .filter(minutes::Column::MeetingId.eq(meeting_id))
            .one(self.db)
            .await?
            .ok_or_else(|| {
                ServiceError::validation(
                    "target",
                    Reason::WrongState,
                    "this meeting has no minutes yet: mark it as held first",
                )
            })?;
        if current.status == MinutesStatus::Approved {
            return Err(ServiceError::validation(
                "target",
                Reason::WrongState,
                "approved minutes are immutable: record an erratum instead",
            ));
        }
        Ok(if target == MeetingFileTarget::Minutes {
            meeting_id
        } else {
            target_id
        })
    }

    async fn record(
        &self,
        actor: &Actor,
        meeting: &tavolo_store::entity::meeting::Model,
        row: meeting_file::ActiveModel,
    ) -> ServiceResult<meeting_file::Model> {
        let txn = tavolo_store::begin_write(self.db).await?;
        let existing = meeting_file::Entity::find()
            .filter(meeting_file::Column::MeetingId.eq(meeting.id))
            .count(&txn)
            .await?;
        if existing >= FILES_PER_MEETING {
            return Err(ServiceError::too_many(
                "file",
                FILES_PER_MEETING,
                "files on a meeting",
            ));
        }
        let file = row.insert(&txn).await?;
        let summary = format!("attached '{}' to '{}'", file.file_name, meeting.title);
        audit::record(&txn, actor, meeting_change("attach", meeting, summary)).await?;
        txn.commit().await?;
        Ok(file)
    }

    /// A file the actor may read, or NOT_FOUND (whether it exists or is only hidden).
    async fn readable_file(&self, actor: &Actor, id: i64) -> ServiceResult<meeting_file::Model> {
        meeting_file::Entity::find_by_id(id)
            .filter(readable(actor))
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("file"))
    }

    /// The file, for whoever may read what it belongs to.
    pub async fn download(&self, actor: &Actor, id: i64) -> ServiceResult<MeetingDownload> {
        let file = self.readable_file(actor, id).await?;
        let bytes = self
            .files
            .blobs
            .get(&file.storage_key)
            .await
            .map_err(storage_failed)?;
        Ok(MeetingDownload { file, bytes })
    }

    /// Removes a file (whoever runs the table; not from approved minutes); its bytes go once that is committed.
    pub async fn remove(&self, actor: &Actor, id: i64) -> ServiceResult<meeting_file::Model> {
        let file = self.readable_file(actor, id).await?;
        let context = load(self.db, actor, file.meeting_id).await?;
        require_manage(actor, &context.roles)?;
        let target = file.target;
        if target != MeetingFileTarget::AgendaItem {
            self.check_target(file.meeting_id, target, file.target_id)
                .await?;
        }
        let txn = tavolo_store::begin_write(self.db).await?;
        meeting_file::Entity::delete_by_id(file.id)
            .exec(&txn)
            .await?;
        let summary = format!(
            "removed '{}' from '{}'",
            file.file_name, context.meeting.title
        );
        audit::record(
            &txn,
            actor,
            meeting_change("detach", &context.meeting, summary),
        )
        .await?;
        txn.commit().await?;
        crate::attachments::drop_bytes(self.files, &file.storage_key).await;
        Ok(file)
    }
}
