//! The reading loop: one pass takes every message not yet looked at, records the answers, then moves each out of
//! the inbox (handled or set aside) or marks it as not an answer; between passes it waits with IDLE or polls.

use std::time::Duration;

use chrono::Utc;
use futures_util::TryStreamExt;
use tavolo_domain::{Actor, CalendarReplyOutcome};
use tavolo_service::Services;

use crate::config::{ImapConfig, InboxError};
use crate::connection::{Session, open};
use crate::message::{ReadMessage, read_message};

/// The keyword that marks a message as read and not an answer, so no pass fetches it again; the message itself
/// stays in the inbox for whoever reads the mailbox by hand.
const NOT_AN_ANSWER: &str = "$TavoloNotAnAnswer";

/// Messages fetched per round trip.
const BATCH: usize = 50;

/// How long one IDLE waits before the lease is renewed (the server may also end it sooner with news).
const IDLE_WAIT: Duration = Duration::from_secs(25);

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PassReport {
    /// Answers recorded on their invitation.
    pub applied: usize,
    /// Proposals of another time, waiting for the secretariat.
    pub proposals: usize,
    /// Answers kept aside with a reason.
    pub set_aside: usize,
    /// Messages recorded by an earlier pass or another process, now only moved.
    pub seen_before: usize,
    /// Messages that carry no answer, left in the inbox.
    pub other: usize,
    /// Messages whose recording failed this time; they stay in the inbox for the next pass.
    pub failed: usize,
}

/// Reads the organizer's mailbox for one server process.
pub struct MailboxReader {
    services: Services,
    config: ImapConfig,
    /// Names this process in the mailbox lease.
    holder: String,
}

/// Where each message of a batch goes once recorded.
#[derive(Default)]
struct Sorted {
    handled: Vec<u32>,
    aside: Vec<u32>,
    other: Vec<u32>,
}

impl MailboxReader {
    pub fn new(services: Services, config: ImapConfig) -> Self {
        let holder = format!(
            "{}-{}",
            std::process::id(),
            hex::encode(rand::random::<[u8; 6]>())
        );
        Self {
            services,
            config,
            holder,
        }
    }

    /// One pass (the `read-mailbox` command, tests): connects, reads every new message, logs out. `None` when
    /// another process holds the mailbox and is reading it; the lease is given back after the pass.
    pub async fn run_once(&self) -> Result<Option<PassReport>, InboxError> {
        let meetings = self.services.meetings();
        if !meetings.hold_mailbox(&self.holder).await? {
            return Ok(None);
        }
        let report = self.connected_pass().await;
        meetings.release_mailbox(&self.holder).await?;
        report.map(Some)
    }

    async fn connected_pass(&self) -> Result<PassReport, InboxError> {
        let mut session = open(&self.config).await?;
        let report = self.pass(&mut session).await;
        let _ = session.logout().await;
        report
    }

    /// Runs until the process ends: while this process holds the mailbox lease it keeps one session, passes
    /// over the inbox, and waits for news with IDLE where the server offers it, otherwise every `interval`.
    pub async fn run(self: std::sync::Arc<Self>, interval: Duration) {
        loop {
            match self.services.meetings().hold_mailbox(&self.holder).await {
                Ok(true) => {
                    if let Err(err) = self.serve(interval).await {
                        tracing::warn!(error = %err, "reading the mailbox failed");
                    }
                }
                Ok(false) => {}
                Err(err) => tracing::warn!(error = %err, "mailbox lease"),
            }
            tokio::time::sleep(interval).await;
        }
    }

    /// Gives the mailbox up (at shutdown).
    pub async fn stop(&self) {
        let _ = self.services.meetings().release_mailbox(&self.holder).await;
    }

    async fn serve(&self, interval: Duration) -> Result<(), InboxError> {
        let mut session = open(&self.config).await?;
        let idle = session.capabilities().await?.has_str("IDLE");
        loop {
            let report = self.pass(&mut session).await?;
            if report != PassReport::default() {
                tracing::info!(?report, "mailbox pass");
            }
            if !self.services.meetings().hold_mailbox(&self.holder).await? {
                let _ = session.logout().await;
                return Ok(());
            }
            session = if idle {
                wait_for_news(session).await?
            } else {
                tokio::time::sleep(interval).await;
                session
            };
        }
    }

    async fn pass(&self, session: &mut Session) -> Result<PassReport, InboxError> {
        let can_move = self.prepare(session).await?;
        let mut uids: Vec<u32> = session
            .uid_search(format!("UNKEYWORD {NOT_AN_ANSWER}"))
            .await?
            .into_iter()
            .collect();
        uids.sort_unstable();
        let mut report = PassReport::default();
        for chunk in uids.chunks(BATCH) {
            let fetched = fetch(session, chunk).await?;
            let sorted = self.record(fetched, &mut report).await;
            let flag = Step::Flag;
            let handled = Step::Move(&self.config.handled_folder, can_move);
            let aside = Step::Move(&self.config.aside_folder, can_move);
            for (uids, step) in [
                (&sorted.other, flag),
                (&sorted.handled, handled),
                (&sorted.aside, aside),
            ] {
                step.run_tolerant(session, uids).await?;
            }
        }
        Ok(report)
    }

    /// Records each message's answer; a message whose recording fails stays where it is, for the next pass.
    async fn record(&self, fetched: Vec<(u32, Vec<u8>)>, report: &mut PassReport) -> Sorted {
        let mut sorted = Sorted::default();
        for (uid, raw) in fetched {
            let incoming = match read_message(&raw, Utc::now()) {
                ReadMessage::Other => {
                    report.other += 1;
                    sorted.other.push(uid);
                    continue;
                }
                ReadMessage::Answer(incoming) => *incoming,
            };
            let recorded = match self
                .services
                .meetings()
                .record_calendar_reply(&Actor::System, incoming)
                .await
            {
                Ok(recorded) => recorded,
                Err(err) => {
                    tracing::warn!(uid, error = %err, "answer from the mailbox not recorded");
                    report.failed += 1;
                    continue;
                }
            };
            let set_aside = recorded.reply.outcome == CalendarReplyOutcome::SetAside;
            match (recorded.first_time, recorded.reply.outcome) {
                (false, _) => report.seen_before += 1,
                (true, CalendarReplyOutcome::Applied) => report.applied += 1,
                (true, CalendarReplyOutcome::Proposal) => report.proposals += 1,
                (true, _) => report.set_aside += 1,
            }
            if set_aside {
                sorted.aside.push(uid);
            } else {
                sorted.handled.push(uid);
            }
        }
        sorted
    }

    /// Makes sure both folders exist and opens the inbox; says whether the server can MOVE.
    async fn prepare(&self, session: &mut Session) -> Result<bool, InboxError> {
        for folder in [&self.config.handled_folder, &self.config.aside_folder] {
            if folder_exists(session, folder).await? {
                continue;
            }
            // Another process may create it in between: that is as good.
            if let Err(err) = session.create(folder).await
                && !folder_exists(session, folder).await?
            {
                return Err(err.into());
            }
        }
        session.select(&self.config.mailbox).await?;
        Ok(session.capabilities().await?.has_str("MOVE"))
    }
}

async fn folder_exists(session: &mut Session, folder: &str) -> Result<bool, InboxError> {
    let found: Vec<_> = session
        .list(None, Some(folder))
        .await?
        .try_collect()
        .await?;
    Ok(!found.is_empty())
}

/// What happens to messages once recorded.
#[derive(Clone, Copy)]
enum Step<'a> {
    /// Marked as not an answer, left in the inbox.
    Flag,
    /// Moved to the folder: MOVE where the server offers it, otherwise copy, mark deleted and expunge just those.
    Move(&'a str, bool),
}

impl Step<'_> {
    /// Runs the step on all of `uids`; if some were meanwhile moved by another reader, on each that is left.
    async fn run_tolerant(self, session: &mut Session, uids: &[u32]) -> Result<(), InboxError> {
        if uids.is_empty() {
            return Ok(());
        }
        match self.run(session, &uid_set(uids)).await {
            Err(err) if gone(&err) => {}
            other => return other.map_err(Into::into),
        }
        for uid in uids {
            match self.run(session, &uid.to_string()).await {
                Err(err) if gone(&err) => {}
                other => other?,
            }
        }
        Ok(())
    }

    async fn run(self, session: &mut Session, set: &str) -> async_imap::error::Result<()> {
        match self {
            Step::Flag => {
                let flags = format!("+FLAGS.SILENT ({NOT_AN_ANSWER})");
                session
                    .uid_store(set, flags)
                    .await?
                    .try_collect::<Vec<_>>()
                    .await?;
            }
            Step::Move(folder, true) => session.uid_mv(set, folder).await?,
            Step::Move(folder, false) => {
                session.uid_copy(set, folder).await?;
                session
                    .uid_store(set, "+FLAGS.SILENT (\\Deleted)")
                    .await?
                    .try_collect::<Vec<_>>()
                    .await?;
                session
                    .uid_expunge(set)
                    .await?
                    .try_collect::<Vec<_>>()
                    .await?;
            }
        }
        Ok(())
    }
}

/// Whether the server refused because messages of the set no longer exist (another reader moved them).
fn gone(err: &async_imap::error::Error) -> bool {
    matches!(err, async_imap::error::Error::No(text) if text.contains("EXPUNGEISSUED"))
}

/// The raw messages of a batch; those another reader moved meanwhile are skipped.
async fn fetch(session: &mut Session, uids: &[u32]) -> Result<Vec<(u32, Vec<u8>)>, InboxError> {
    match fetch_set(session, &uid_set(uids)).await {
        Err(err) if gone(&err) => {}
        other => return other.map_err(Into::into),
    }
    let mut fetched = Vec::new();
    for uid in uids {
        match fetch_set(session, &uid.to_string()).await {
            Ok(one) => fetched.extend(one),
            Err(err) if gone(&err) => {}
            Err(err) => return Err(err.into()),
        }
    }
    Ok(fetched)
}

async fn fetch_set(
    session: &mut Session,
    set: &str,
) -> async_imap::error::Result<Vec<(u32, Vec<u8>)>> {
    session
        .uid_fetch(set, "(UID BODY.PEEK[])")
        .await?
        .try_filter_map(|fetch| async move { Ok(fetch.uid.zip(fetch.body().map(<[u8]>::to_vec))) })
        .try_collect()
        .await
}

/// Waits in IDLE until the server reports something or `IDLE_WAIT` passes, and gives the session back.
async fn wait_for_news(session: Session) -> Result<Session, InboxError> {
    let mut handle = session.idle();
    handle.init().await?;
    let (news, _stop) = handle.wait_with_timeout(IDLE_WAIT);
    news.await?;
    Ok(handle.done().await?)
}

fn uid_set(uids: &[u32]) -> String {
    uids.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
