//! The caller's weekly digest: on which day and at what hour (in their time zone) it goes out. Turning it off is a
//! notification setting (`WEEKLY_DIGEST`).

use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};
use tavolo_domain::Weekday;
use tavolo_service::digest::DigestSchedule as Schedule;

use crate::{ApiResult, parts};

/// When the caller's weekly digest goes out.
#[derive(SimpleObject)]
pub struct DigestSchedule {
    pub day: Weekday,
    /// 0–23, in the caller's time zone.
    pub hour: i32,
    /// The next time it is due (none before the mail worker first schedules it).
    pub next_at: Option<DateTime<Utc>>,
}

impl From<Schedule> for DigestSchedule {
    fn from(schedule: Schedule) -> Self {
        Self {
            day: schedule.weekday,
            hour: schedule.hour,
            next_at: schedule.next_at,
        }
    }
}

#[derive(Default)]
pub struct DigestQuery;

#[Object]
impl DigestQuery {
    /// The caller's weekly digest schedule.
    async fn my_digest_schedule(&self, ctx: &Context<'_>) -> ApiResult<DigestSchedule> {
        let (services, actor) = parts(ctx)?;
        Ok(services.digests().schedule(actor).await?.into())
    }
}

#[derive(Default)]
pub struct DigestMutation;

#[Object]
impl DigestMutation {
    /// Sets the day and hour (0–23, in the caller's time zone) of the caller's weekly digest.
    async fn set_digest_schedule(
        &self,
        ctx: &Context<'_>,
        day: Weekday,
        hour: i32,
    ) -> ApiResult<DigestSchedule> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .digests()
            .set_schedule(actor, day, hour)
            .await?
            .into())
    }
}
