//! Who is editing a meeting's minutes right now: a heartbeat from the editor's page, announced live to whoever has
//! the meeting open, so two people do not write over each other unawares. Nothing is stored.

#[allow(unused_imports)]
use super::*;
use crate::live::{LiveChange, LiveHub};

/// The live action an editing heartbeat carries.
pub const EDITING: &str = "editing";

impl MeetingService<'_> {
    /// Says the actor is editing the meeting's minutes (whoever may write them: those who run the table).
    pub async fn announce_editing(
        &self,
        actor: &Actor,
        live: &LiveHub,
        meeting_id: i64,
    ) -> ServiceResult<()> {
        let context = load(self.db, actor, meeting_id).await?;
        require_manage(actor, &context.roles)?;
        live.publish(
            self.db,
            LiveChange {
                entity_type: "meeting".into(),
                entity_id: meeting_id,
                table_id: Some(context.meeting.table_id),
                action: EDITING.into(),
                actor_id: actor.person_id(),
            },
        )
        .await
    }
}
