//! Pacing of proactive sends (reminders, daily agendas) under a platform's
//! global limit: at most `per_second` sends a second after a small burst
//! (GCRA, the token bucket's arithmetic form).
//!
//! The limit is the bot's, whatever the number of replicas: [`Budget`] keeps
//! it in Postgres (core's `reminders::budget`), shared by every replica, and
//! falls back to a [`Pacer`] in this process while the database cannot be
//! reached. One [`Budget`] per platform and process, owned by that
//! platform's courier; replies to people chatting never go through it, so a
//! burst of 10,000 reminders cannot delay a chat reply. Replies are
//! [`Budget::charge`]d to it instead: they never wait, and the proactive
//! sends of every replica leave room for them under the bot-wide limit.
//!
//! Waiting costs nothing per waiter: [`Pacer::acquire`] reserves the next
//! free slot under a lock and sleeps until it, so slots go out in the order
//! they were asked for and no waiter wakes up for a slot it does not get.
//!
//! A send refused with 429 waits its own `retry_after` (see
//! [`capped_retry_after`]) and then acquires again; the other sends go on.
//! When the platform says the whole bot is over its limit (Discord's
//! `"global": true`, or repeated 429s on Telegram), [`Pacer::pause`] holds
//! every send not yet made, keeping their order and spacing.

use std::{
    num::NonZeroU32,
    sync::{
        Arc, Mutex, Weak,
        atomic::{AtomicBool, AtomicU32, Ordering},
    },
    time::Duration,
};

use sqlx::PgPool;
use tasklink_core::{linking::Platform, reminders::budget};
use tokio::{sync::Notify, time::Instant};

/// A 429 asking for a longer wait than this is waited only this long: the
/// send is then tried again (and the courier's retry bound ends it).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// The wait a 429 asks for, within [`MAX_RETRY_AFTER`] and at least 50 ms.
pub fn capped_retry_after(asked: Duration) -> Duration {
    asked.clamp(Duration::from_millis(50), MAX_RETRY_AFTER)
}

/// How far ahead replies charged to a pacer may push its schedule.
pub const CHARGE_HORIZON: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct Pacer {
    /// Time between two sends at the steady rate.
    interval: Duration,
    /// How far ahead of the steady schedule a send may go: `(burst - 1) * interval`.
    tolerance: Duration,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// The theoretical arrival time: when the next send would be due at the
    /// steady rate (GCRA's TAT).
    tat: Instant,
    /// No send before this instant.
    paused_until: Instant,
    /// The total time every waiting send has been pushed back by pauses;
    /// a waiter that sees it grow while asleep sleeps that much longer.
    shifted: Duration,
}

impl Pacer {
    /// `per_second` sends a second, with a burst of a tenth of that (1 to 10):
    /// within any one second at most `per_second + burst - 1` sends go out.
    pub fn per_second(per_second: NonZeroU32) -> Self {
        let burst = per_second.get().div_ceil(10).clamp(1, 10);
        Self::new(per_second, NonZeroU32::new(burst).expect("at least one"))
    }

    pub fn new(per_second: NonZeroU32, burst: NonZeroU32) -> Self {
        let interval = Duration::from_secs(1) / per_second.get();
        let now = Instant::now();
        Self {
            interval,
            tolerance: interval * (burst.get() - 1),
            state: Mutex::new(State {
                tat: now,
                paused_until: now,
                shifted: Duration::ZERO,
            }),
        }
    }

    /// Waits for this send's turn. Dropping the future gives up the slot
    /// (it is not handed to anyone else; the pacer only ever errs slow).
    pub async fn acquire(&self) {
        let (slot, seen) = {
            let mut s = self.state.lock().expect("pacer lock");
            let now = Instant::now();
            let earliest = now.max(s.paused_until);
            let tat = s.tat.max(earliest);
            let slot = tat
                .checked_sub(self.tolerance)
                .map_or(earliest, |t| t.max(earliest));
            s.tat = tat + self.interval;
            (slot, s.shifted)
        };
        self.sleep_until(slot, seen).await;
    }

    /// Waits until `slot` (given by someone else, the shared [`Budget`]),
    /// and past any pause.
    async fn hold_until(&self, slot: Instant) {
        let (slot, seen) = {
            let s = self.state.lock().expect("pacer lock");
            (slot.max(s.paused_until), s.shifted)
        };
        self.sleep_until(slot, seen).await;
    }

    /// Sleeps until `slot`, and longer by whatever pauses began meanwhile
    /// (`seen`: the pauses' total when the slot was given).
    async fn sleep_until(&self, mut slot: Instant, mut seen: Duration) {
        loop {
            tokio::time::sleep_until(slot).await;
            let shifted = self.state.lock().expect("pacer lock").shifted;
            if shifted == seen {
                return;
            }
            // A pause began while this send waited: it moves back by as much.
            slot += shifted - seen;
            seen = shifted;
        }
    }

    /// Counts a send made outside the pacer (a reply to someone chatting)
    /// against the same budget: it never waits, but the proactive sends not
    /// yet given a slot move back by one interval, so that replies and
    /// proactive sends together stay under the platform's bot-wide limit.
    /// Replies beyond the rate push the proactive sends back by at most
    /// [`CHARGE_HORIZON`]: a chat busier than the platform's limit delays
    /// reminders a little, it never starves them.
    pub fn charge(&self) {
        let mut s = self.state.lock().expect("pacer lock");
        let now = Instant::now();
        let charged = (s.tat.max(now) + self.interval).min(now + CHARGE_HORIZON);
        s.tat = s.tat.max(charged);
    }

    /// Holds every send not yet made for `wait` (capped by
    /// [`MAX_RETRY_AFTER`]); the ones already waiting keep their order and
    /// spacing after it. Overlapping pauses extend each other only by the
    /// part that goes further.
    pub fn pause(&self, wait: Duration) {
        let wait = wait.min(MAX_RETRY_AFTER);
        let mut s = self.state.lock().expect("pacer lock");
        let now = Instant::now();
        let until = now + wait;
        let from = now.max(s.paused_until);
        if until <= from {
            return;
        }
        let delta = until - from;
        s.paused_until = until;
        s.shifted += delta;
        s.tat = s.tat.max(now) + delta;
        tracing::warn!(
            wait_ms = wait.as_millis(),
            "proactive sends paused: the platform's global limit was hit"
        );
    }
}

/// Slots reserved in one statement at most…
const MAX_RESERVATION: u32 = 32;
/// …and no more than this much of the budget at once.
const RESERVE_AHEAD: Duration = Duration::from_millis(40);
/// A reservation is granted only when the budget's next free slot is at most
/// this far ahead (more than a reservation's round trip): no replica holds
/// slots long before their sends, so a reply charged meanwhile (by any
/// replica) moves the proactive sends not yet reserved, instead of adding
/// to a second already full of them. Reservations seconds ahead were what
/// let replies and reminders together past the platform's limit.
pub const RESERVE_LEAD: Duration = Duration::from_millis(20);
/// Replies are charged to the shared budget as soon as they are made, in one
/// statement at most this often (the ones made meanwhile together).
pub const CHARGE_EVERY: Duration = Duration::from_millis(20);
/// Reserved slots whose instant passed this long ago are dropped, not used
/// late (late sends would bunch up with other replicas' slots).
const STALE_AFTER: Duration = Duration::from_millis(20);
/// A refused reservation is not asked again sooner than this.
const MIN_RETRY: Duration = Duration::from_millis(1);

/// A platform's send budget shared by every replica through Postgres: each
/// proactive send takes a slot reserved there (a few at a time, one
/// statement a batch, at most [`RESERVE_LEAD`] before the first of them),
/// each reply is charged there at once after the fact (within
/// [`CHARGE_EVERY`]). While the database cannot be reached, this process
/// paces itself alone at the same rate.
#[derive(Debug)]
pub struct Budget {
    platform: Platform,
    db: PgPool,
    interval: Duration,
    /// The fallback, and what holds this process's sends during a pause.
    local: Pacer,
    /// Slots reserved and not yet handed out; one reservation at a time.
    slots: tokio::sync::Mutex<Slots>,
    /// Set by a pause: the slots reserved before it are not handed out.
    dropped: AtomicBool,
    /// Sends asking for a slot now: how many to reserve next.
    waiting: AtomicU32,
    /// Replies made and not yet charged to the shared budget.
    charged: AtomicU32,
    /// Wakes the task that writes the charges.
    charges: Arc<Notify>,
}

#[derive(Debug)]
struct Slots {
    next: Instant,
    left: u32,
    /// Since when the budget has been about a horizon ahead (replies
    /// charged faster than the rate, a pause); other replicas'
    /// reservations do not count.
    refused_since: Option<Instant>,
}

impl Budget {
    /// The budget of `platform` at `per_second` sends a second for the whole
    /// bot. Replies [`charge`](Self::charge)d to it are written by a task
    /// that ends with the budget.
    pub fn new(db: PgPool, platform: Platform, per_second: NonZeroU32) -> Arc<Self> {
        let charges = Arc::new(Notify::new());
        let budget = Arc::new(Self {
            platform,
            db,
            interval: Duration::from_secs(1) / per_second.get(),
            local: Pacer::per_second(per_second),
            slots: tokio::sync::Mutex::new(Slots {
                next: Instant::now(),
                left: 0,
                refused_since: None,
            }),
            dropped: AtomicBool::new(false),
            waiting: AtomicU32::new(0),
            charged: AtomicU32::new(0),
            charges: charges.clone(),
        });
        tokio::spawn(write_charges(Arc::downgrade(&budget), charges));
        budget
    }

    /// Waits for this send's slot. Dropping the future gives up the slot.
    pub async fn acquire(&self) {
        let slot = {
            let _waiting = Waiting::new(&self.waiting);
            self.slot().await
        };
        match slot {
            Some(slot) => self.local.hold_until(slot).await,
            None => self.local.acquire().await,
        }
    }

    /// The next reserved slot, reserving more when none is left (and
    /// waiting, first in first served, while the budget is further ahead than
    /// [`RESERVE_LEAD`]); `None` when the database failed (the local pacer
    /// decides instead).
    async fn slot(&self) -> Option<Instant> {
        let mut slots = self.slots.lock().await;
        if self.dropped.swap(false, Ordering::Relaxed)
            || (slots.left > 0 && slots.next + STALE_AFTER < Instant::now())
        {
            slots.left = 0;
        }
        while slots.left == 0 {
            // Refused for a whole horizon (a chat busier than the limit, whose
            // charges keep the budget a horizon ahead): proactive sends take
            // their slots at the horizon rather than never.
            let at_horizon = slots
                .refused_since
                .is_some_and(|since| since.elapsed() >= CHARGE_HORIZON);
            // The budget is at least as far ahead as this replica's last
            // grant: asking before its end is near would only be refused,
            // and at the horizon it would keep the budget there by itself.
            if slots.next > Instant::now() + RESERVE_LEAD {
                tokio::time::sleep_until(slots.next - RESERVE_LEAD).await;
            }
            let asked = Instant::now();
            let (lead, want) = if at_horizon {
                // The replies charged are over the limit anyway: a
                // reservation a second ahead is as big as it may be.
                (CHARGE_HORIZON, MAX_RESERVATION)
            } else {
                (
                    RESERVE_LEAD,
                    (RESERVE_AHEAD.as_nanos() / self.interval.as_nanos().max(1)) as u32,
                )
            };
            let want = self
                .waiting
                .load(Ordering::Relaxed)
                .min(want)
                .clamp(1, MAX_RESERVATION);
            let charged = self.charged.swap(0, Ordering::Relaxed);
            let grant = match budget::reserve(
                &self.db,
                self.platform,
                self.interval,
                want,
                charged,
                CHARGE_HORIZON,
                lead,
            )
            .await
            {
                Ok(grant) => grant,
                Err(error) => {
                    self.charged.fetch_add(charged, Ordering::Relaxed);
                    tracing::warn!(platform = self.platform.as_str(), error.cause_chain = ?error, "cannot reserve sends in the shared budget; pacing this replica alone");
                    return None;
                }
            };
            let answered = Instant::now();
            // Only a budget about a horizon ahead (replies charged faster
            // than the rate, a pause) is the refusal the horizon is for;
            // other replicas' reservations hold it a few tens of
            // milliseconds ahead at most.
            if grant.first_in < CHARGE_HORIZON / 2 {
                slots.refused_since = None;
            } else {
                slots.refused_since.get_or_insert(asked);
            }
            if grant.slots > 0 {
                slots.next = answered + grant.first_in;
                slots.left = grant.slots;
            } else {
                let again = grant.first_in.saturating_sub(lead).max(MIN_RETRY);
                tokio::time::sleep_until(answered + again).await;
            }
        }
        let slot = slots.next;
        slots.next += self.interval;
        slots.left -= 1;
        Some(slot)
    }

    /// Counts a send made outside the budget (a reply to someone chatting):
    /// it never waits; it is charged to the shared budget at once (within
    /// [`CHARGE_EVERY`]), and the proactive sends of every replica reserved
    /// after that leave room for it.
    pub fn charge(&self) {
        self.charged.fetch_add(1, Ordering::Relaxed);
        self.charges.notify_one();
        self.local.charge();
    }

    /// Holds every send of this process not yet made for `wait`, and every
    /// replica's sends not yet reserved (see [`Pacer::pause`]).
    pub async fn pause(&self, wait: Duration) {
        let wait = wait.min(MAX_RETRY_AFTER);
        self.local.pause(wait);
        self.dropped.store(true, Ordering::Relaxed);
        if let Err(error) = budget::pause(&self.db, self.platform, wait).await {
            tracing::warn!(platform = self.platform.as_str(), error.cause_chain = ?error, "cannot pause the shared send budget");
        }
    }
}

/// Counts a send asking for a slot, until dropped (also when its future is).
struct Waiting<'a>(&'a AtomicU32);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicU32) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Self(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Writes the replies charged to `budget` as they come, in one statement at
/// most every [`CHARGE_EVERY`], until the budget is dropped.
async fn write_charges(budget: Weak<Budget>, wake: Arc<Notify>) {
    loop {
        // Woken by a charge; a dropped budget ends this task within a second.
        let _ = tokio::time::timeout(Duration::from_secs(1), wake.notified()).await;
        let Some(budget) = budget.upgrade() else {
            return;
        };
        let charged = budget.charged.swap(0, Ordering::Relaxed);
        if charged > 0
            && let Err(error) = budget::reserve(
                &budget.db,
                budget.platform,
                budget.interval,
                0,
                charged,
                CHARGE_HORIZON,
                RESERVE_LEAD,
            )
            .await
        {
            budget.charged.fetch_add(charged, Ordering::Relaxed);
            tracing::warn!(platform = budget.platform.as_str(), error.cause_chain = ?error, "cannot charge replies to the shared send budget");
            drop(budget);
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        drop(budget);
        tokio::time::sleep(CHARGE_EVERY).await;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn n(v: u32) -> NonZeroU32 {
        NonZeroU32::new(v).unwrap()
    }

    /// Starts `count` sends at once; returns when each was let through,
    /// in milliseconds of virtual time since the start.
    async fn burst(pacer: &Arc<Pacer>, count: usize) -> Vec<u64> {
        let start = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..count {
            let pacer = pacer.clone();
            tasks.spawn(async move {
                pacer.acquire().await;
                (Instant::now() - start).as_millis() as u64
            });
        }
        let mut times = tasks.join_all().await;
        times.sort_unstable();
        times
    }

    /// The most sends let through in any window of `window_ms`.
    fn busiest(times: &[u64], window_ms: u64) -> usize {
        times
            .iter()
            .map(|&t| times.iter().filter(|&&u| u >= t && u < t + window_ms).count())
            .max()
            .unwrap_or(0)
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_goes_out_at_the_rate_after_a_small_burst() {
        let pacer = Arc::new(Pacer::new(n(10), n(3)));
        let times = burst(&pacer, 100).await;
        assert_eq!(
            times.iter().filter(|&&t| t == 0).count(),
            3,
            "the burst goes at once"
        );
        // 97 more at 100 ms each after the first three.
        assert_eq!(*times.last().unwrap(), 9_700);
        // The rate plus the burst beyond the first send.
        assert!(busiest(&times, 1_000) <= 12, "{times:?}");
        // Steady state: exactly one per interval.
        assert_eq!(times.iter().filter(|&&t| (5_000..6_000).contains(&t)).count(), 10);
    }

    #[tokio::test(start_paused = true)]
    async fn the_default_burst_is_a_tenth_of_the_rate() {
        let pacer = Arc::new(Pacer::per_second(n(25)));
        let times = burst(&pacer, 100).await;
        assert_eq!(times.iter().filter(|&&t| t == 0).count(), 3);
        assert!(busiest(&times, 1_000) <= 25 + 2, "{times:?}");
        let pacer = Arc::new(Pacer::per_second(n(1000)));
        let times = burst(&pacer, 3000).await;
        assert!(busiest(&times, 1_000) <= 1000 + 9);
        assert!(*times.last().unwrap() <= 3_000);
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_pacer_lets_sends_through_at_once() {
        let pacer = Pacer::new(n(5), n(1));
        let start = Instant::now();
        pacer.acquire().await;
        tokio::time::sleep(Duration::from_secs(10)).await;
        pacer.acquire().await;
        assert_eq!(
            Instant::now() - start,
            Duration::from_secs(10),
            "no wait after idling"
        );
        pacer.acquire().await;
        assert_eq!(Instant::now() - start, Duration::from_millis(10_200));
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_the_sends_waiting_and_keeps_their_spacing() {
        let pacer = Arc::new(Pacer::new(n(10), n(1)));
        let start = Instant::now();
        let sends = {
            let pacer = pacer.clone();
            tokio::spawn(async move { burst(&pacer, 20).await })
        };
        // Sends at 0, 100, …, 500 ms; then a 429 says "wait 2 s".
        tokio::time::sleep(Duration::from_millis(550)).await;
        pacer.pause(Duration::from_secs(2));
        // A shorter pause inside the first one changes nothing.
        pacer.pause(Duration::from_secs(1));
        let times = sends.await.unwrap();
        assert_eq!(Instant::now() - start, Duration::from_millis(3_900));
        assert_eq!(times.iter().filter(|&&t| t < 550).count(), 6);
        assert_eq!(
            times.iter().filter(|&&t| (550..2_550).contains(&t)).count(),
            0,
            "{times:?}"
        );
        // The one due at 600 ms goes at 2600 ms, the rest 100 ms apart.
        assert_eq!(
            times[6..],
            (0..14).map(|i| 2_600 + 100 * i).collect::<Vec<_>>()[..]
        );
        // A send asked for during a pause waits for its end too.
        tokio::time::sleep(Duration::from_secs(1)).await;
        pacer.pause(Duration::from_secs(1));
        let asked = Instant::now();
        pacer.acquire().await;
        assert_eq!(Instant::now() - asked, Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn one_send_waiting_out_its_429_does_not_hold_the_others() {
        let pacer = Arc::new(Pacer::new(n(10), n(1)));
        let start = Instant::now();
        // The first send is refused and waits 5 s before trying again.
        let refused = {
            let pacer = pacer.clone();
            tokio::spawn(async move {
                pacer.acquire().await;
                tokio::time::sleep(capped_retry_after(Duration::from_secs(5))).await;
                pacer.acquire().await;
                (Instant::now() - start).as_millis() as u64
            })
        };
        tokio::task::yield_now().await;
        let others = burst(&pacer, 20).await;
        assert_eq!(*others.last().unwrap(), 2_000, "the others went on at the rate");
        assert_eq!(refused.await.unwrap(), 5_000);
        assert_eq!(capped_retry_after(Duration::from_secs(3600)), MAX_RETRY_AFTER);
    }

    #[tokio::test(start_paused = true)]
    async fn replies_charged_to_the_pacer_leave_room_under_the_rate() {
        let pacer = Arc::new(Pacer::new(n(10), n(1)));
        let start = Instant::now();
        // Five replies go out at once, without waiting…
        for _ in 0..5 {
            pacer.charge();
        }
        assert_eq!(Instant::now(), start);
        // …and the proactive sends come after the 500 ms they used.
        let times = burst(&pacer, 5).await;
        assert_eq!(times, vec![500, 600, 700, 800, 900]);
        // A flood of replies delays proactive sends by the horizon, no more.
        for _ in 0..1000 {
            pacer.charge();
        }
        let asked = Instant::now();
        pacer.acquire().await;
        assert_eq!(Instant::now() - asked, CHARGE_HORIZON);
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_wait_does_not_block_the_pacer() {
        let pacer = Pacer::new(n(10), n(1));
        pacer.acquire().await;
        let start = Instant::now();
        assert!(
            tokio::time::timeout(Duration::from_millis(10), pacer.acquire())
                .await
                .is_err()
        );
        pacer.acquire().await;
        assert_eq!(
            Instant::now() - start,
            Duration::from_millis(200),
            "the dropped slot is skipped"
        );
    }
}
