//! Subscriptions over WebSocket (the graphql-ws protocol): a meeting's changes, a strategy version's changes and
//! the caller's "waiting for me" counts. Each is refused like the query that reads the same thing, checked again
//! while it runs (the session still open, the record still visible), and a connection holds a bounded number.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_graphql::{Context, ID, SimpleObject, Subscription};
use futures_util::Stream;
use tavolo_domain::Actor;
use tavolo_service::{ServiceError, Services};
use tokio::sync::broadcast::error::RecvError;

use crate::error::parse_id;
use crate::{ApiError, ApiResult, RequestContext, parts};

/// At most this many subscriptions open at once on one connection.
pub const MAX_PER_CONNECTION: usize = 20;
/// How often a running subscription checks that its session is open and its record still visible.
const RECHECK: Duration = Duration::from_secs(3);
/// The "waiting for me" counts are computed again at most this often.
const COUNTS_EVERY: Duration = Duration::from_secs(2);

/// The open subscriptions of one connection.
#[derive(Debug, Clone, Default)]
pub struct ConnectionSlots(Arc<AtomicUsize>);

/// One subscription's place among its connection's; given back when the subscription ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl ConnectionSlots {
    fn take(&self) -> ApiResult<Slot> {
        let before = self.0.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(self.0.clone());
        if before >= MAX_PER_CONNECTION {
            return Err(ApiError(ServiceError::too_many(
                "subscriptions",
                MAX_PER_CONNECTION as u64,
                "subscriptions on one connection",
            )));
        }
        Ok(slot)
    }
}

/// Something changed in a meeting: its agenda, invitations and answers, attendance, minutes or decisions.
#[derive(SimpleObject, Clone)]
pub struct MeetingLiveChange {
    pub meeting_id: ID,
    /// What was done, as the audit log names it (`agenda`, `answer`, `attendance`, `minutes_save`, …).
    pub action: String,
    /// Who did it, when a person did.
    pub by_person_id: Option<ID>,
}

/// Something changed in a strategy version: its elements, indicators, comments or state.
#[derive(SimpleObject, Clone)]
pub struct StrategyVersionChange {
    pub version_id: ID,
    pub action: String,
    pub by_person_id: Option<ID>,
}

/// How much of each kind of work waits for the caller.
#[derive(SimpleObject, Clone, PartialEq, Eq)]
pub struct WaitingCounts {
    pub invitations: i32,
    pub minutes_to_review: i32,
    pub minutes_to_approve: i32,
    pub strategies_to_approve: i32,
    pub practices_to_review: i32,
    pub action_items_due: i32,
    pub total: i32,
}

/// What a running subscription needs to check itself again.
struct Watch {
    services: Services,
    actor: Actor,
    session: Option<String>,
    _slot: Slot,
}

impl Watch {
    fn start(ctx: &Context<'_>) -> ApiResult<Self> {
        let (services, actor) = parts(ctx)?;
        let slots = ctx
            .data::<ConnectionSlots>()
            .map_err(|_| ApiError::internal("subscriptions need a WebSocket connection"))?;
        let session = ctx
            .data::<RequestContext>()
            .ok()
            .and_then(|c| c.session_secret.clone());
        Ok(Self {
            services: services.clone(),
            actor: *actor,
            session,
            _slot: slots.take()?,
        })
    }

    /// Whether the session the subscription was opened with is still open, as the same person.
    async fn session_open(&self) -> bool {
        let Some(secret) = &self.session else {
            // API tokens and visitors have no session to end.
            return true;
        };
        matches!(
            self.services.accounts().actor_for_session(secret).await,
            Ok(Some(actor)) if actor.person_id() == self.actor.person_id()
        )
    }
}

fn id(value: Option<i64>) -> Option<ID> {
    value.map(|v| ID(v.to_string()))
}

#[derive(Default)]
pub struct LiveMutation;

#[async_graphql::Object]
impl LiveMutation {
    /// Says the caller is editing the meeting's minutes now (send it every 15 seconds while editing): whoever has
    /// the meeting open hears `editing` with the caller's id. Those who run the table.
    async fn announce_editing(&self, ctx: &Context<'_>, meeting_id: ID) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        let id_value = parse_id(&meeting_id, "meetingId")?;
        services
            .meetings()
            .announce_editing(actor, services.live(), id_value)
            .await?;
        Ok(true)
    }
}

#[derive(Default)]
pub struct LiveSubscription;

#[Subscription]
impl LiveSubscription {
    /// Each change of a meeting the caller may see, as it is committed: refetch what it names.
    async fn meeting_changes(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
    ) -> Result<impl Stream<Item = MeetingLiveChange> + use<>, ApiError> {
        let (services, actor) = parts(ctx)?;
        let id_value = parse_id(&meeting_id, "meetingId")?;
        services.meetings().meeting(actor, id_value).await?;
        let watch = Watch::start(ctx)?;
        let record = Record {
            entity_type: "meeting",
            id: id_value,
            readable: |services: Services, actor: Actor, id: i64| -> Readable {
                Box::pin(async move { services.meetings().meeting(&actor, id).await.is_ok() })
            },
        };
        Ok(follow(watch, record, move |action, by_person_id| {
            MeetingLiveChange {
                meeting_id: meeting_id.clone(),
                action,
                by_person_id,
            }
        }))
    }

    /// Each change of a strategy version the caller may read, as it is committed.
    async fn strategy_changes(
        &self,
        ctx: &Context<'_>,
        version_id: ID,
    ) -> Result<impl Stream<Item = StrategyVersionChange> + use<>, ApiError> {
        let (services, actor) = parts(ctx)?;
        let id_value = parse_id(&version_id, "versionId")?;
        services.strategy().version(actor, id_value).await?;
        let watch = Watch::start(ctx)?;
        let record = Record {
            entity_type: "strategy",
            id: id_value,
            readable: |services: Services, actor: Actor, id: i64| -> Readable {
                Box::pin(async move { services.strategy().version(&actor, id).await.is_ok() })
            },
        };
        Ok(follow(watch, record, move |action, by_person_id| {
            StrategyVersionChange {
                version_id: version_id.clone(),
                action,
                by_person_id,
            }
        }))
    }

    /// The caller's "waiting for me" counts now, and again whenever they change.
    async fn waiting_counts(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = WaitingCounts> + use<>, ApiError> {
        let (services, actor) = parts(ctx)?;
        let first = counts(services, actor).await?;
        let watch = Watch::start(ctx)?;
        let mut changes = services.live().subscribe();
        Ok(async_stream::stream! {
            let mut last = first.clone();
            yield first;
            let mut recheck = tokio::time::interval(COUNTS_EVERY);
            recheck.tick().await;
            let mut dirty = false;
            loop {
                tokio::select! {
                    received = changes.recv() => match received {
                        Ok(_) | Err(RecvError::Lagged(_)) => dirty = true,
                        Err(RecvError::Closed) => break,
                    },
                    _ = recheck.tick() => {
                        if !watch.session_open().await {
                            break;
                        }
                        if !dirty {
                            continue;
                        }
                        dirty = false;
                        let Ok(now) = counts(&watch.services, &watch.actor).await else { break };
                        if now != last {
                            last = now.clone();
                            yield now;
                        }
                    }
                }
            }
        })
    }
}

/// Whether the caller may still read the record a subscription follows.
type Readable = std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send>>;

/// The record a subscription follows: the audit log's name for its kind, its id, and the read that decides whether
/// the caller may still see it.
struct Record {
    entity_type: &'static str,
    id: i64,
    readable: fn(Services, Actor, i64) -> Readable,
}

/// The changes of one record as events (`resync` when the subscriber fell too far behind to know which), until
/// the record stops being readable or the session ends.
fn follow<T: Send + 'static>(
    watch: Watch,
    record: Record,
    event: impl Fn(String, Option<ID>) -> T + Send + 'static,
) -> impl Stream<Item = T> {
    let mut changes = watch.services.live().subscribe();
    async_stream::stream! {
        let mut recheck = tokio::time::interval(RECHECK);
        recheck.tick().await;
        loop {
            tokio::select! {
                received = changes.recv() => match received {
                    Ok(change) if change.entity_type == record.entity_type && change.entity_id == record.id => {
                        yield event(change.action, id(change.actor_id));
                    }
                    Ok(_) => {}
                    Err(RecvError::Lagged(_)) => yield event("resync".into(), None),
                    Err(RecvError::Closed) => break,
                },
                _ = recheck.tick() => {
                    let readable = (record.readable)(watch.services.clone(), watch.actor, record.id).await;
                    if !readable || !watch.session_open().await {
                        break;
                    }
                }
            }
        }
    }
}

async fn counts(services: &Services, actor: &Actor) -> ApiResult<WaitingCounts> {
    let waiting = services.waiting().for_me(actor).await?;
    let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
    let parts = [
        waiting.invitations.total,
        waiting.minutes_to_review.total,
        waiting.minutes_to_approve.total,
        waiting.strategies_to_approve.total,
        waiting.practices_to_review.total,
        waiting.action_items_due.total,
    ];
    Ok(WaitingCounts {
        invitations: count(parts[0]),
        minutes_to_review: count(parts[1]),
        minutes_to_approve: count(parts[2]),
        strategies_to_approve: count(parts[3]),
        practices_to_review: count(parts[4]),
        action_items_due: count(parts[5]),
        total: count(parts.iter().sum()),
    })
}
