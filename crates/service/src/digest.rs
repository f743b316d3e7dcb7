//! The weekly digest: when it is due for a person (a weekday and an hour in their own time zone, right across
//! daylight-saving changes), the schedule they choose, and what it says — their meetings of the coming two weeks with
//! their answer, minutes to review or approve, action items due or overdue, strategy drafts open for comments at
//! their tables, and the practices published or updated in what they follow.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use tavolo_domain::{Actor, FollowFacet, MeetingStatus, PracticeStatus, StrategyStatus, Weekday};
use tavolo_store::entity::{
    action_item, good_practice, invitation, meeting, person, practice_follow, strategy_version,
    table,
};
use tavolo_store::sea_orm;

use crate::access::roles_everywhere;
use crate::audit::{self, Change};
use crate::practices::Facets;
use crate::waiting::{WaitingService, review_tables};
use crate::{ServiceError, ServiceResult};

/// How far ahead the digest looks for meetings.
pub const MEETINGS_AHEAD_DAYS: i64 = 14;
/// At most this many people are handled in one pass; the rest wait for the next.
pub const DUE_BATCH: u64 = 200;

/// When a person's digest goes out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSchedule {
    pub weekday: Weekday,
    pub hour: i32,
    /// The next time it is due; none before the mail worker first schedules it.
    pub next_at: Option<DateTime<Utc>>,
}

/// What one person's digest says; empty sections are left out, and an empty digest is not sent.
#[derive(Debug, Default)]
pub struct WeeklyDigest {
    /// Their invitations to meetings of the coming two weeks, soonest first, with each meeting.
    pub meetings: Vec<(meeting::Model, invitation::Model)>,
    pub minutes_to_review: Vec<meeting::Model>,
    pub minutes_to_approve: Vec<meeting::Model>,
    /// Their open action items due within a week or overdue.
    pub action_items: Vec<action_item::Model>,
    /// Draft strategy versions at tables where they may comment on them.
    pub strategy_drafts: Vec<strategy_version::Model>,
    /// Practices published or updated since their last digest in a theme, target group or region they follow.
    pub practices: Vec<good_practice::Model>,
    /// The names of the tables the sections mention.
    pub table_names: HashMap<i64, String>,
}

impl WeeklyDigest {
    pub fn is_empty(&self) -> bool {
        self.meetings.is_empty()
            && self.minutes_to_review.is_empty()
            && self.minutes_to_approve.is_empty()
            && self.action_items.is_empty()
            && self.strategy_drafts.is_empty()
            && self.practices.is_empty()
    }
}

/// The first instant after `after` that falls on `weekday` at `hour`:00 in `zone`. An hour the clocks skip that day
/// (spring forward) becomes the first instant after the gap; an hour they repeat (fall back) is its first occurrence.
pub fn next_due(
    weekday: Weekday,
    hour: i32,
    zone: chrono_tz::Tz,
    after: DateTime<Utc>,
) -> DateTime<Utc> {
    let hour = u32::try_from(hour.clamp(0, 23)).unwrap_or(0);
    let mut date = after.with_timezone(&zone).date_naive();
    // Eight days always reach the same weekday of the next week.
    for _ in 0..8 {
        if date.weekday() == weekday.chrono()
            && let Some(at) = local_instant(zone, date, hour)
            && at > after
        {
            return at;
        }
        date = date.succ_opt().unwrap_or(date);
    }
    after + Duration::days(7)
}

fn local_instant(zone: chrono_tz::Tz, date: NaiveDate, hour: u32) -> Option<DateTime<Utc>> {
    let naive = date.and_hms_opt(hour, 0, 0)?;
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Some(at.with_timezone(&Utc)),
        // In the gap: the wall clock jumps past this hour, so the digest goes at the first instant after it.
        LocalResult::None => zone
            .from_local_datetime(&(naive + Duration::hours(1)))
            .earliest()
            .map(|at| at.with_timezone(&Utc)),
    }
}

/// The next instant a person's digest is due after `after`, by their schedule and time zone.
pub fn next_due_for(person: &person::Model, after: DateTime<Utc>) -> DateTime<Utc> {
    let weekday = Weekday::from_iso_number(person.digest_weekday).unwrap_or(Weekday::Monday);
    next_due(weekday, person.digest_hour, person.time_zone.tz(), after)
}

pub struct DigestService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl<'a> DigestService<'a> {
    /// Over a bare connection: the mail worker has no other service to reach.
    pub fn over(db: &'a DatabaseConnection) -> Self {
        Self { db }
    }
}

impl DigestService<'_> {
    /// The caller's own schedule.
    pub async fn schedule(&self, actor: &Actor) -> ServiceResult<DigestSchedule> {
        let person = self.me(actor).await?;
        Ok(schedule_of(&person))
    }

    /// Sets the day and hour (0–23, in the caller's time zone) of the caller's digest; the next one is due then.
    pub async fn set_schedule(
        &self,
        actor: &Actor,
        weekday: Weekday,
        hour: i32,
    ) -> ServiceResult<DigestSchedule> {
        if !(0..=23).contains(&hour) {
            return Err(ServiceError::out_of_range("hour", 0, 23));
        }
        let found = self.me(actor).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        let mut model = found.into_active_model();
        model.digest_weekday = Set(weekday.iso_number());
        model.digest_hour = Set(hour);
        let mut updated = model.update(&txn).await?;
        let next = next_due_for(&updated, Utc::now());
        let mut model = updated.into_active_model();
        model.digest_due_at = Set(Some(next));
        updated = model.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            Change {
                action: "digest_schedule",
                entity_type: "person",
                entity_id: updated.id,
                table_id: None,
                summary: format!("weekly digest on {weekday} at {hour}:00"),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(schedule_of(&updated))
    }

    async fn me(&self, actor: &Actor) -> ServiceResult<person::Model> {
        let person_id = actor
            .person_id()
            .ok_or_else(|| ServiceError::Unauthenticated("sign in first".into()))?;
        person::Entity::find_by_id(person_id)
            .one(self.db)
            .await?
            .ok_or_else(|| ServiceError::not_found("person"))
    }

    /// People whose digest is due at `now` (or was never scheduled): active, and who have used Tavolo at least
    /// once — contacts without an account never asked for mail. The mail worker alone asks.
    pub async fn due(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> ServiceResult<Vec<person::Model>> {
        require_system(actor)?;
        Ok(person::Entity::find()
            .filter(person::Column::Active.eq(true))
            .filter(person::Column::FirstSignedInAt.is_not_null())
            .filter(
                Condition::any()
                    .add(person::Column::DigestDueAt.is_null())
                    .add(person::Column::DigestDueAt.lte(now)),
            )
            .order_by_asc(person::Column::Id)
            .limit(DUE_BATCH)
            .all(self.db)
            .await?)
    }

    /// What the person's digest says at `now`, with practices news since `since`. The mail worker alone asks; the
    /// contents follow the person's own roles, as their "waiting for me" does.
    pub async fn contents(
        &self,
        actor: &Actor,
        person: &person::Model,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> ServiceResult<WeeklyDigest> {
        require_system(actor)?;
        let reader = Actor::Person {
            id: person.id,
            role: person.instance_role,
            by_token: false,
        };
        let waiting = WaitingService { db: self.db };
        // One reading of the person's roles serves the minutes sections and the strategy drafts.
        let roles = roles_everywhere(self.db, &reader).await?;
        let (chaired, reviewing) = review_tables(&roles);
        let member_tables: Vec<i64> = roles
            .iter()
            .filter(|(_, r)| r.is_member())
            .map(|(table, _)| *table)
            .collect();
        let mut digest = WeeklyDigest {
            meetings: self.upcoming(person.id, now).await?,
            minutes_to_review: waiting.minutes_in_review(&reviewing).await?,
            minutes_to_approve: waiting.minutes_in_review(&chaired).await?,
            action_items: waiting.action_items_due(person.id).await?,
            strategy_drafts: self.drafts(&member_tables).await?,
            practices: self.followed_news(person.id, since).await?,
            table_names: HashMap::new(),
        };
        let tables: Vec<i64> = digest.strategy_drafts.iter().map(|v| v.table_id).collect();
        digest.table_names = table::Entity::find()
            .filter(table::Column::Id.is_in(tables))
            .all(self.db)
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        Ok(digest)
    }

    async fn upcoming(
        &self,
        person_id: i64,
        now: DateTime<Utc>,
    ) -> ServiceResult<Vec<(meeting::Model, invitation::Model)>> {
        let invitations = invitation::Entity::find()
            .filter(invitation::Column::PersonId.eq(person_id))
            .all(self.db)
            .await?;
        let meetings = meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(invitations.iter().map(|i| i.meeting_id)))
            .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled))
            .filter(meeting::Column::StartsAt.gte(now))
            .filter(meeting::Column::StartsAt.lt(now + Duration::days(MEETINGS_AHEAD_DAYS)))
            .order_by_asc(meeting::Column::StartsAt)
            .all(self.db)
            .await?;
        Ok(meetings
            .into_iter()
            .filter_map(|m| {
                let invitation = invitations.iter().find(|i| i.meeting_id == m.id)?.clone();
                Some((m, invitation))
            })
            .collect())
    }

    async fn drafts(&self, tables: &[i64]) -> ServiceResult<Vec<strategy_version::Model>> {
        Ok(strategy_version::Entity::find()
            .filter(strategy_version::Column::TableId.is_in(tables.iter().copied()))
            .filter(strategy_version::Column::Status.eq(StrategyStatus::Draft))
            .order_by_asc(strategy_version::Column::TableId)
            .all(self.db)
            .await?)
    }

    async fn followed_news(
        &self,
        person_id: i64,
        since: DateTime<Utc>,
    ) -> ServiceResult<Vec<good_practice::Model>> {
        let follows = practice_follow::Entity::find()
            .filter(practice_follow::Column::PersonId.eq(person_id))
            .all(self.db)
            .await?;
        if follows.is_empty() {
            return Ok(Vec::new());
        }
        let news = good_practice::Entity::find()
            .filter(good_practice::Column::Status.eq(PracticeStatus::Published))
            .filter(good_practice::Column::UpdatedAt.gte(since))
            .order_by_desc(good_practice::Column::UpdatedAt)
            .all(self.db)
            .await?;
        let ids: Vec<i64> = news.iter().map(|p| p.id).collect();
        let facets = crate::practices::facets_of(self.db, &ids).await?;
        let none = Facets::default();
        Ok(news
            .into_iter()
            .filter(|p| {
                let of = facets.get(&p.id).unwrap_or(&none);
                follows.iter().any(|f| match f.facet {
                    FollowFacet::Theme => of.themes.iter().any(|t| t.as_str() == f.value),
                    FollowFacet::TargetGroup => {
                        of.target_groups.iter().any(|g| g.as_str() == f.value)
                    }
                    FollowFacet::Region => p.region.as_deref() == Some(f.value.as_str()),
                })
            })
            .collect())
    }
}

fn require_system(actor: &Actor) -> ServiceResult<()> {
    if matches!(actor, Actor::System) {
        Ok(())
    } else {
        Err(ServiceError::forbidden("read other people's digests"))
    }
}

fn schedule_of(person: &person::Model) -> DigestSchedule {
    DigestSchedule {
        weekday: Weekday::from_iso_number(person.digest_weekday).unwrap_or(Weekday::Monday),
        hour: person.digest_hour,
        next_at: person.digest_due_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn falls_on_the_weekday_and_hour_in_the_zone() {
        let rome = chrono_tz::Europe::Rome;
        // Sunday 29 November 2026, 20:00 UTC: next Monday 08:00 in Rome is 07:00 UTC.
        let after = utc("2026-11-29T20:00:00Z");
        assert_eq!(
            next_due(Weekday::Monday, 8, rome, after),
            utc("2026-11-30T07:00:00Z")
        );
        // Exactly at the due instant, the next one is a week later.
        assert_eq!(
            next_due(Weekday::Monday, 8, rome, utc("2026-11-30T07:00:00Z")),
            utc("2026-12-07T07:00:00Z")
        );
        let tokyo = chrono_tz::Asia::Tokyo;
        assert_eq!(
            next_due(Weekday::Friday, 18, tokyo, after),
            utc("2026-12-04T09:00:00Z")
        );
    }

    #[test]
    fn keeps_the_wall_clock_across_daylight_saving_changes() {
        let rome = chrono_tz::Europe::Rome;
        // Clocks go forward on Sunday 28 March 2027: Monday 08:00 is 07:00 UTC before, 06:00 UTC after.
        assert_eq!(
            next_due(Weekday::Monday, 8, rome, utc("2027-03-23T00:00:00Z")),
            utc("2027-03-29T06:00:00Z")
        );
        // 02:00 does not exist that Sunday in Rome: the digest goes at 03:00 local (01:00 UTC).
        assert_eq!(
            next_due(Weekday::Sunday, 2, rome, utc("2027-03-27T12:00:00Z")),
            utc("2027-03-28T01:00:00Z")
        );
        // 02:00 happens twice on Sunday 31 October 2027: the first one (00:00 UTC).
        assert_eq!(
            next_due(Weekday::Sunday, 2, rome, utc("2027-10-30T12:00:00Z")),
            utc("2027-10-31T00:00:00Z")
        );
    }
}
