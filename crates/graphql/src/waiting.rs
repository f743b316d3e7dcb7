//! What waits for the caller across their tables, for the home page and the header's count.

use async_graphql::{Context, Object, OutputType, SimpleObject};

use crate::meetings::{Invitation, Meeting};
use crate::minutes::ActionItem;
use crate::practices::GoodPractice;
use crate::strategy::StrategyVersion;
use crate::{ApiResult, parts};
use tavolo_service::waiting::Waiting;

/// One kind of work waiting: how many in all, and the first of them.
#[derive(SimpleObject)]
#[graphql(concrete(name = "WaitingInvitations", params(Invitation)))]
#[graphql(concrete(name = "WaitingMeetings", params(Meeting)))]
#[graphql(concrete(name = "WaitingStrategies", params(StrategyVersion)))]
#[graphql(concrete(name = "WaitingPractices", params(GoodPractice)))]
#[graphql(concrete(name = "WaitingActionItems", params(ActionItem)))]
pub struct WaitingList<T: OutputType> {
    total: i32,
    /// At most twenty, the most pressing first.
    items: Vec<T>,
}

fn list<M, T: OutputType>(waiting: Waiting<M>, wrap: impl Fn(M) -> T) -> WaitingList<T> {
    WaitingList {
        total: i32::try_from(waiting.total).unwrap_or(i32::MAX),
        items: waiting.items.into_iter().map(wrap).collect(),
    }
}

/// Everything waiting for the caller.
#[derive(SimpleObject)]
pub struct WaitingForMe {
    /// Everything together, for the header's badge.
    total: i32,
    /// Invitations still to answer, to scheduled meetings ahead.
    invitations: WaitingList<Invitation>,
    /// Meetings whose minutes are in review at tables where the caller is a delegate or runs the table.
    minutes_to_review: WaitingList<Meeting>,
    /// Meetings whose minutes wait for the caller's approval as chair.
    minutes_to_approve: WaitingList<Meeting>,
    /// Strategy versions submitted for the caller's approval as chair.
    strategies_to_approve: WaitingList<StrategyVersion>,
    /// Practices proposed, or edited after publication, waiting for a moderator.
    practices_to_review: WaitingList<GoodPractice>,
    /// The caller's open action items due within a week or overdue.
    action_items_due: WaitingList<ActionItem>,
}

#[derive(Default)]
pub struct WaitingQuery;

#[Object]
impl WaitingQuery {
    /// What waits for the caller across their tables (signed-in people only).
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn waiting_for_me(&self, ctx: &Context<'_>) -> ApiResult<WaitingForMe> {
        let (services, actor) = parts(ctx)?;
        let waiting = services.waiting().for_me(actor).await?;
        let total = [
            waiting.invitations.total,
            waiting.minutes_to_review.total,
            waiting.minutes_to_approve.total,
            waiting.strategies_to_approve.total,
            waiting.practices_to_review.total,
            waiting.action_items_due.total,
        ]
        .iter()
        .sum::<u64>();
        Ok(WaitingForMe {
            total: i32::try_from(total).unwrap_or(i32::MAX),
            invitations: list(waiting.invitations, Invitation),
            minutes_to_review: list(waiting.minutes_to_review, Meeting),
            minutes_to_approve: list(waiting.minutes_to_approve, Meeting),
            strategies_to_approve: list(waiting.strategies_to_approve, StrategyVersion),
            practices_to_review: list(waiting.practices_to_review, GoodPractice),
            action_items_due: list(waiting.action_items_due, ActionItem),
        })
    }
}
