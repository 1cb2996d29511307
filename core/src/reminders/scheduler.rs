//! The loop every bot replica runs: write what fell due into the outbox,
//! claim and send it, then sleep until the next due instant, a `NOTIFY`
//! (a reminder set, moved or cleared), or the slow fallback poll.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
    time::Duration,
};

use sqlx::postgres::PgListener;

use super::{
    Courier, DeliveryError, agenda,
    message::{self, LATE_AFTER},
    outbox::{self, Claimed, Kind, NewRow, Outcome},
    quiet,
};
use crate::{
    Core,
    agent::ToolContext,
    chat::Reply,
    linking::Platform,
    shutdown::Stop,
    time::{SignedDuration, Timestamp, parse_zone, storage},
};

/// The channel the `tasks` trigger notifies.
pub const CHANNEL: &str = "tasklink_reminders";

/// After this, a missed notification is not sent at all.
const TOO_LATE: SignedDuration = SignedDuration::from_secs(24 * 60 * 60);
/// During a long burst, reminders that fell due since are written to the
/// outbox this often (each time is a query over the due tasks).
const MATERIALISE_EVERY: Duration = Duration::from_secs(1);
/// Rows whose send ended are recorded at least this often (and whenever
/// half a batch has ended).
const FINISH_EVERY: Duration = Duration::from_millis(100);
/// A send that failed for now is tried this many times in all.
const MAX_ATTEMPTS: i32 = 5;

/// How the scheduler runs; the defaults suit production.
#[derive(Clone, Debug)]
pub struct Settings {
    /// How long a claimed row is this replica's; renewed every third of it
    /// while the send goes on, so a replica that dies mid-send loses its
    /// rows to another one (or its restart) after at most this.
    pub lease: Duration,
    /// Rows in flight (claimed and being sent) at most; more are claimed
    /// whenever half of them are done. Enough to keep a courier's pacer busy
    /// at ~1,000 sends a second while each row's queries and HTTP request
    /// take tens of milliseconds; the leases are renewed while they wait.
    pub batch: usize,
    /// Checks the database this often even when nothing woke it.
    pub fallback_poll: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            lease: Duration::from_secs(10),
            batch: 64,
            fallback_poll: Duration::from_secs(60),
        }
    }
}

/// Runs the scheduler with [`Settings::default`] until `stop`.
pub async fn run(core: Core, couriers: Vec<Arc<dyn Courier>>, stop: Stop) {
    run_with(core, couriers, Settings::default(), stop).await;
}

/// Runs the scheduler until `stop`: a batch being sent is finished first
/// (each send is bounded by its courier).
pub async fn run_with(core: Core, couriers: Vec<Arc<dyn Courier>>, settings: Settings, stop: Stop) {
    let couriers: HashMap<Platform, Arc<dyn Courier>> =
        couriers.into_iter().map(|c| (c.platform(), c)).collect();
    let scheduler = Arc::new(Scheduler {
        core,
        couriers,
        settings,
    });
    let mut listener: Option<PgListener> = None;
    let stopping = stop.requested();
    tokio::pin!(stopping);
    tracing::info!(platforms = ?scheduler.couriers.keys().collect::<Vec<_>>(), "reminders: scheduler started");
    'scheduling: loop {
        if listener.is_none() {
            listener = listen(&scheduler.core).await;
        }
        let next = tokio::select! {
            biased;
            () = &mut stopping => break 'scheduling,
            next = scheduler.pass() => next,
        };
        let wait = match next {
            Ok(Some(at)) => {
                let now = scheduler.core.clock.now();
                let secs = at.duration_since(now).as_secs_f64().max(0.0);
                Duration::from_secs_f64(secs).min(scheduler.settings.fallback_poll)
            }
            Ok(None) => scheduler.settings.fallback_poll,
            Err(error) => {
                tracing::error!(error.cause_chain = ?error, "reminders: a pass failed; trying again shortly");
                Duration::from_secs(1)
            }
        };
        if wait.is_zero() {
            continue;
        }
        // Until the next due instant, a notification for something later
        // changes nothing: it is read and the wait goes on.
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            tokio::select! {
                biased;
                () = &mut stopping => break 'scheduling,
                () = tokio::time::sleep_until(deadline) => break,
                woke = wake(&mut listener) => match woke {
                    Some(payloads) => {
                        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
                        let now = scheduler.core.clock.now();
                        let horizon = now.checked_add(left).unwrap_or(now);
                        if payloads.iter().any(|p| wakes_before(p, horizon)) {
                            break;
                        }
                    }
                    None => {
                        listener = None;
                        break;
                    }
                },
            }
        }
    }
    tracing::info!("reminders: scheduler stopped");
}

/// Subscribes to the wake-up channel; `None` (logged) leaves the timer and
/// the fallback poll to do the work until the next try.
async fn listen(core: &Core) -> Option<PgListener> {
    let listening = async {
        let mut listener = PgListener::connect_with(&core.db).await?;
        listener.listen(CHANNEL).await?;
        Ok::<_, sqlx::Error>(listener)
    };
    match listening.await {
        Ok(listener) => Some(listener),
        Err(error) => {
            tracing::warn!(error.cause_chain = ?error, "reminders: cannot LISTEN; relying on timers");
            None
        }
    }
}

/// Waits for a notification, then takes any others already queued (a burst
/// of changes is one wake-up): their payloads, or `None` when the connection
/// failed.
async fn wake(listener: &mut Option<PgListener>) -> Option<Vec<String>> {
    let Some(l) = listener else {
        return std::future::pending().await;
    };
    match l.recv().await {
        Ok(first) => {
            let mut payloads = vec![first.payload().to_owned()];
            while let Some(next) = l.next_buffered() {
                payloads.push(next.payload().to_owned());
            }
            Some(payloads)
        }
        Err(error) => {
            tracing::warn!(error.cause_chain = ?error, "reminders: LISTEN connection lost");
            None
        }
    }
}

/// Whether a notification must wake the scheduler, which would otherwise
/// wake at `horizon`: a reminder's instant (Unix seconds, from the `tasks`
/// trigger) only when it comes before that; anything else (the empty
/// payload: settings, the chat's outbox messages) always.
fn wakes_before(payload: &str, horizon: Timestamp) -> bool {
    let Ok(secs) = payload.parse::<f64>() else {
        return true;
    };
    #[allow(clippy::cast_possible_truncation)]
    let micros = (secs * 1e6).round() as i64;
    match Timestamp::from_microsecond(micros) {
        Ok(at) => at < horizon,
        Err(_) => true,
    }
}

struct Scheduler {
    core: Core,
    couriers: HashMap<Platform, Arc<dyn Courier>>,
    settings: Settings,
}

impl Scheduler {
    /// Writes what fell due, sends everything claimable, and returns the
    /// next instant something falls due.
    async fn pass(self: &Arc<Self>) -> Result<Option<Timestamp>, sqlx::Error> {
        let db = &self.core.db;
        let now = self.core.clock.now();
        while self.materialise_reminders(now).await? {}
        let next_agenda = agenda::materialise(db, now).await?;
        let lease = SignedDuration::try_from(self.settings.lease).unwrap_or(SignedDuration::from_secs(10));
        self.drain(lease).await?;
        let next = outbox::next_due(db, self.core.clock.now()).await?;
        Ok(match (next, next_agenda) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        })
    }

    /// Claims and sends everything claimable as a pipeline: up to `batch`
    /// rows in flight, topped up whenever half of them are done, so a paced
    /// burst never waits for the slowest send of a batch before the next
    /// claim. A claim that fails stops the claiming; the sends in flight
    /// finish first (dropping one mid-request could send it twice).
    async fn drain(self: &Arc<Self>, lease: SignedDuration) -> Result<(), sqlx::Error> {
        let db = &self.core.db;
        let batch = self.settings.batch.max(1);
        // Tasks, not futures polled here: the sends must go on (and give
        // their pool connections back) while this loop waits for a claim.
        let mut in_flight = tokio::task::JoinSet::new();
        // Claimed and not yet recorded as finished (in flight, or ended and
        // waiting for the next batch of marks): their leases are renewed.
        let mut held: HashSet<i64> = HashSet::new();
        // Rows whose send ended, recorded together (one statement a batch).
        let mut ended: Vec<(i64, Outcome)> = Vec::new();
        let mut record = tokio::time::interval(FINISH_EVERY);
        record.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The last claim came back short: claim again only once all are done.
        let mut short = false;
        let mut failure = None;
        let mut materialised = tokio::time::Instant::now();
        // While this replica lives, its leases do not run out under a slow
        // send (a paced burst, a 429's wait); a dead one's do.
        let mut renew = tokio::time::interval(self.settings.lease / 3);
        renew.tick().await;
        loop {
            if failure.is_none() && in_flight.len() <= batch / 2 && (!short || in_flight.is_empty()) {
                // A row whose end is not recorded yet must not come back in
                // this claim should its lease run out meanwhile (a stalled
                // replica, a clock moved on): record the ends first.
                self.record(&mut ended, &mut held).await;
                let now = self.core.clock.now();
                let (idle, want) = (in_flight.is_empty(), batch - in_flight.len());
                let claimed = async {
                    // Reminders falling due during a long (paced) burst join
                    // it rather than wait for the burst to end.
                    if idle || materialised.elapsed() >= MATERIALISE_EVERY {
                        while self.materialise_reminders(now).await? {}
                        materialised = tokio::time::Instant::now();
                    }
                    let rows = outbox::claim(db, now, lease, want as i64).await?;
                    Ok::<_, sqlx::Error>((want, rows))
                };
                match claimed.await {
                    Ok((want, rows)) => {
                        short = rows.len() < want;
                        if rows.is_empty() && in_flight.is_empty() {
                            break;
                        }
                        for row in rows {
                            held.insert(row.id);
                            let this = Arc::clone(self);
                            in_flight.spawn(async move {
                                let outcome = match this.send(&row).await {
                                    Ok(outcome) => Some(outcome),
                                    Err(error) => {
                                        // The lease runs out and the row is tried again.
                                        tracing::error!(row = row.id, error.cause_chain = ?error, "reminders: sending a row failed");
                                        None
                                    }
                                };
                                (row.id, outcome)
                            });
                        }
                    }
                    Err(error) => failure = Some(error),
                }
            }
            if in_flight.is_empty() {
                break;
            }
            if ended.len() >= batch / 2 {
                self.record(&mut ended, &mut held).await;
            }
            tokio::select! {
                Some(done) = in_flight.join_next() => {
                    match done {
                        Ok((id, Some(outcome))) => ended.push((id, outcome)),
                        // Its lease runs out and it is tried again.
                        Ok((id, None)) => {
                            held.remove(&id);
                        }
                        // A send that panicked: its row's lease runs out and it is tried again.
                        Err(error) => tracing::error!(error.cause_chain = ?error, "reminders: a send task failed"),
                    }
                }
                _ = record.tick(), if !ended.is_empty() => self.record(&mut ended, &mut held).await,
                _ = renew.tick() => {
                    let now = self.core.clock.now();
                    let ids: Vec<i64> = held.iter().copied().collect();
                    if let Err(error) = outbox::renew(db, &ids, now.checked_add(lease).unwrap_or(now)).await {
                        tracing::warn!(error.cause_chain = ?error, "reminders: renewing a lease failed");
                    }
                }
            }
        }
        self.record(&mut ended, &mut held).await;
        failure.map_or(Ok(()), Err)
    }

    /// Records the rows whose send ended, in one statement. When that fails
    /// they stay held until their leases run out and are tried again (a sent
    /// one may then go twice: the price of not marking each send alone).
    async fn record(&self, ended: &mut Vec<(i64, Outcome)>, held: &mut HashSet<i64>) {
        if ended.is_empty() {
            return;
        }
        if let Err(error) = outbox::finish(&self.core.db, ended, self.core.clock.now()).await {
            tracing::error!(rows = ended.len(), error.cause_chain = ?error, "reminders: recording sends failed");
        }
        for (id, _) in ended.drain(..) {
            held.remove(&id);
        }
    }

    /// Writes a page of due reminders; `true` when there may be more.
    async fn materialise_reminders(&self, now: Timestamp) -> Result<bool, sqlx::Error> {
        const PAGE: i64 = 1000;
        let due = outbox::due_reminders(&self.core.db, now, PAGE).await?;
        let full = due.len() as i64 == PAGE;
        let rows: Vec<NewRow> = due
            .into_iter()
            .map(|r| {
                let at = storage::timestamp_from_chrono(r.remind_at);
                let zone = parse_zone(&r.timezone).unwrap_or(crate::time::TimeZone::UTC);
                // Only a reminder of a date-only task waits for quiet hours to end.
                let due_at = if r.due_has_time {
                    at
                } else {
                    quiet::hold(at, &zone, quiet::from_stored(r.quiet).as_ref())
                };
                NewRow {
                    kind: Kind::Reminder,
                    user: r.user,
                    occurrence: outbox::reminder_key(r.task_id, r.remind_at),
                    task_id: Some(r.task_id),
                    remind_at: Some(at),
                    due_at,
                    skipped: (now.duration_since(due_at) > TOO_LATE).then_some("more than 24 hours late"),
                }
            })
            .collect();
        outbox::insert(&self.core.db, &rows).await?;
        Ok(full)
    }

    /// Sends one claimed row; how it ended is recorded with others.
    async fn send(&self, row: &Claimed) -> Result<Outcome, sqlx::Error> {
        let outcome = self.attempt(row).await?;
        match &outcome {
            Outcome::Sent(platform) => {
                tracing::info!(row = row.id, kind = ?row.kind, platform = platform.as_str(), "reminders: sent")
            }
            other => tracing::info!(row = row.id, kind = ?row.kind, outcome = ?other, "reminders: not sent"),
        }
        Ok(outcome)
    }

    async fn attempt(&self, row: &Claimed) -> Result<Outcome, sqlx::Error> {
        let db = &self.core.db;
        let now = self.core.clock.now();
        let lateness = now.duration_since(row.due_at);
        if lateness > TOO_LATE {
            return Ok(Outcome::Skipped("more than 24 hours late"));
        }
        if row.expires_at.is_some_and(|at| at <= now) {
            return Ok(Outcome::Skipped("expired"));
        }
        if !row.linked {
            return Ok(Outcome::Skipped("no linked chat account"));
        }
        let Some(message) = self.compose(row, now, lateness > LATE_AFTER).await? else {
            return Ok(Outcome::Skipped(match row.kind {
                Kind::Agenda => "nothing on the agenda",
                _ => "the reminder was moved, cleared or its task finished",
            }));
        };
        let mut refusals = Vec::new();
        for (link, to) in &row.recipients {
            let Some(courier) = self.couriers.get(&to.platform) else {
                continue;
            };
            match courier.deliver(to, &message).await {
                Ok(()) => return Ok(Outcome::Sent(to.platform)),
                Err(DeliveryError::Unreachable(why)) => {
                    tracing::warn!(
                        row = row.id,
                        platform = to.platform.as_str(),
                        why,
                        "reminders: platform refuses this person; marked unreachable"
                    );
                    outbox::mark_unreachable(db, *link, self.core.clock.now()).await?;
                    refusals.push(format!("{}: {why}", to.platform.as_str()));
                }
                Err(DeliveryError::Rejected(why)) => {
                    tracing::warn!(
                        row = row.id,
                        platform = to.platform.as_str(),
                        why,
                        "reminders: the platform rejected the message; not retried"
                    );
                    refusals.push(format!("{}: {why}", to.platform.as_str()));
                }
                Err(DeliveryError::Failed(why)) => return Ok(self.retry(row, why)),
            }
        }
        Ok(if refusals.is_empty() {
            if row.recipients.is_empty() {
                // Every linked account refused before (until the person writes again).
                return Ok(Outcome::Undelivered(
                    "every linked chat account refuses messages".to_owned(),
                ));
            }
            // Linked, but only on platforms this replica does not serve.
            self.retry(row, "no reachable platform served by this replica".to_owned())
        } else {
            Outcome::Undelivered(refusals.join("; "))
        })
    }

    fn retry(&self, row: &Claimed, why: String) -> Outcome {
        if row.attempts >= MAX_ATTEMPTS {
            return Outcome::Undelivered(why);
        }
        let backoff = SignedDuration::from_secs(5 << row.attempts.clamp(0, 6));
        let at = self.core.clock.now().checked_add(backoff).unwrap_or(row.due_at);
        Outcome::Retry(at, why)
    }

    /// The message, or `None` when it should not be sent after all.
    async fn compose(&self, row: &Claimed, now: Timestamp, late: bool) -> Result<Option<Reply>, sqlx::Error> {
        let db = &self.core.db;
        let mut reply = match row.kind {
            Kind::Message => return Ok(row.body.clone().map(Reply::text)),
            Kind::Agenda => {
                let ctx = ToolContext::load(db, row.user, now).await?;
                match agenda::message(&ctx).await? {
                    Some(reply) => reply,
                    None => return Ok(None),
                }
            }
            Kind::Reminder => {
                let Some(task) = &row.task else {
                    return Ok(None);
                };
                // Moved (snoozed, edited) or cleared since it was written: the
                // row for its new time, if any, is the one to send.
                if task.completed || task.remind_at != row.remind_at {
                    return Ok(None);
                }
                let zone = parse_zone(&row.timezone).unwrap_or(crate::time::TimeZone::UTC);
                message::reminder(task, &zone, row.due_at)
            }
        };
        if late {
            let first_line_end = reply.text.find('\n').unwrap_or(reply.text.len());
            reply.text.insert_str(first_line_end, " (late)");
        }
        Ok(Some(reply))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_earlier_reminder_or_an_empty_payload_wakes_the_scheduler() {
        let horizon: Timestamp = "2026-11-27T03:00:00Z".parse().unwrap();
        let secs = horizon.as_second();
        // The `tasks` trigger's payload: `extract(epoch …)::text`.
        assert!(wakes_before(&format!("{}.250000", secs - 1), horizon));
        assert!(wakes_before(&format!("{}", secs - 3600), horizon));
        assert!(!wakes_before(&format!("{secs}"), horizon));
        assert!(!wakes_before(&format!("{}.5", secs + 60), horizon));
        // Settings, the chat's outbox messages and anything unreadable.
        assert!(wakes_before("", horizon));
        assert!(wakes_before("2026-11-27 02:59:00+00", horizon));
        assert!(wakes_before("1e300", horizon));
    }
}
