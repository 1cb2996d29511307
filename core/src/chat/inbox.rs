//! The chat inbox: every message for the bot is stored here before the
//! platform learns it was received (Telegram confirms an update with the next
//! `getUpdates`; a webhook with its 200), then handled from here.
//!
//! A row is held by a lease (`claimed_until`) that its worker renews while the
//! turn runs; a model's reply is stored before it is sent (with the turn) and
//! the row is done after (batched, see [`Finisher`]).
//! A row whose lease lapsed (the process died) is taken again by
//! [`reclaim`], with its attempt counted: handled at least once. What the
//! turn's tools did is recorded under the row (see
//! [`TurnEffects`](crate::agent::tools::TurnEffects)) and a stored reply is
//! sent as it is, so a replay neither adds a second task nor asks the model
//! again once it has answered.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::PgExecutor;
use tokio::sync::{mpsc, oneshot};

use super::{Inbound, Reply};
use crate::{
    Core,
    agent::tools::{Held, TurnEffects},
    linking::Platform,
};

/// Tries of one message; after that it is given up (a message that kills the
/// process every time must not do so forever).
pub const MAX_ATTEMPTS: i32 = 5;

/// What an adapter needs to handle a message and answer it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Queued {
    /// Its `update_id` is the delivery's key: a second delivery adds nothing.
    pub inbound: Inbound,
    /// The platform's message to answer by quoting it (in groups).
    pub reply_to: Option<String>,
}

/// One hold of a row: its id and the attempt it belongs to. A worker whose
/// attempt is no longer the row's (the lease lapsed and another took it)
/// leaves the row alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket {
    pub id: i64,
    attempt: i32,
    /// When this process stored the row (a first delivery): its lease is
    /// known to be ours for a while, without asking the database again.
    stored_at: Option<Instant>,
}

impl Ticket {
    /// Whether the row is this process's first attempt, stored moments ago,
    /// so no earlier attempt can have answered it or recorded effects, and
    /// its lease has most of its time left.
    fn just_stored(&self, lease: Duration) -> bool {
        self.stored_at.is_some_and(|at| at.elapsed() < lease / 3)
    }
}

/// What storing a delivery found.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    /// New: stored, held by this process for the lease.
    Fresh(Ticket),
    /// Delivered before: nothing to do (the first delivery's row answers it).
    Duplicate,
}

fn lease_secs(core: &Core) -> f64 {
    core.config.turn_lease.as_secs_f64()
}

/// Whether storing failed for good (the database refuses this data) rather
/// than for now (a connection, a timeout): retrying cannot help then.
pub fn refused_for_good(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.code().is_some_and(|code| code.starts_with("22")))
}

/// Stores a delivery, held by this process. Must succeed before the platform
/// is told the delivery arrived.
pub async fn store(core: &Core, queued: &Queued) -> Result<Stored, sqlx::Error> {
    store_on(core, &core.db, queued).await
}

/// [`store`] on a given connection (an adapter's intake keeps one: see [`Held`]).
/// Its commit waits for the disk even in the bot, whose other commits do not
/// (`db::Commits::Replayable`): the platform is told the delivery arrived as
/// soon as this returns, and everything after it is replayed from this row.
pub async fn store_on(core: &Core, db: impl PgExecutor<'_>, queued: &Queued) -> Result<Stored, sqlx::Error> {
    let platform = queued.inbound.account.platform.as_str();
    let delivery = queued.inbound.update_id.as_deref().unwrap_or_default();
    // Bound as text: a jsonb parameter would refuse a NUL (`\u0000`) that the
    // message may carry, which core then refuses with a clear answer.
    let payload = serde_json::to_string(queued).unwrap_or_default();
    let id = sqlx::query_scalar!(
        r#"
        WITH durable AS (SELECT set_config('synchronous_commit', 'on', true))
        INSERT INTO inbox (platform, delivery_id, payload, claimed_until)
        SELECT $1, $2, $3::text::json, now() + make_interval(secs => $4) FROM durable
        ON CONFLICT (platform, delivery_id) DO NOTHING
        RETURNING id
        "#,
        platform,
        delivery,
        payload,
        lease_secs(core),
    )
    .fetch_optional(db)
    .await?;
    Ok(match id {
        Some(id) => Stored::Fresh(Ticket {
            id,
            attempt: 0,
            stored_at: Some(Instant::now()),
        }),
        None => Stored::Duplicate,
    })
}

/// [`store_on`] for a whole batch of deliveries (one `getUpdates` answer) in
/// one statement, so one commit: what each found, in the batch's order. A
/// delivery twice in the batch is stored once (the first is `Fresh`). All
/// or nothing: a delivery the database refuses fails the whole batch (see
/// [`refused_for_good`]; store them one by one then).
pub async fn store_all_on(
    core: &Core,
    db: impl PgExecutor<'_>,
    platform: Platform,
    batch: &[Queued],
) -> Result<Vec<Stored>, sqlx::Error> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let deliveries: Vec<String> = batch
        .iter()
        .map(|q| q.inbound.update_id.clone().unwrap_or_default())
        .collect();
    // Bound as text, as in `store_on`.
    let payloads: Vec<String> = batch
        .iter()
        .map(|q| serde_json::to_string(q).unwrap_or_default())
        .collect();
    let rows = sqlx::query!(
        r#"
        WITH durable AS (SELECT set_config('synchronous_commit', 'on', true))
        INSERT INTO inbox (platform, delivery_id, payload, claimed_until)
        SELECT $1, d.delivery_id, d.payload::json, now() + make_interval(secs => $4)
        FROM durable, unnest($2::text[], $3::text[]) WITH ORDINALITY AS d(delivery_id, payload, n)
        ORDER BY d.n
        ON CONFLICT (platform, delivery_id) DO NOTHING
        RETURNING id, delivery_id
        "#,
        platform.as_str(),
        &deliveries,
        &payloads,
        lease_secs(core),
    )
    .fetch_all(db)
    .await?;
    let stored_at = Instant::now();
    let mut fresh: std::collections::HashMap<String, i64> =
        rows.into_iter().map(|r| (r.delivery_id, r.id)).collect();
    Ok(deliveries
        .iter()
        .map(|delivery| match fresh.remove(delivery) {
            Some(id) => Stored::Fresh(Ticket {
                id,
                attempt: 0,
                stored_at: Some(stored_at),
            }),
            None => Stored::Duplicate,
        })
        .collect())
}

/// Takes up to `limit` of the platform's rows whose lease lapsed, for this
/// process. Rows tried [`MAX_ATTEMPTS`] times, or unreadable, are given up.
pub async fn reclaim(
    core: &Core,
    platform: Platform,
    limit: i64,
) -> Result<Vec<(Ticket, Queued)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        UPDATE inbox SET attempts = attempts + 1, claimed_until = now() + make_interval(secs => $2)
        WHERE id IN (
            SELECT id FROM inbox
            WHERE platform = $1 AND done_at IS NULL AND claimed_until < now()
            ORDER BY id LIMIT $3
            FOR UPDATE SKIP LOCKED
        )
        RETURNING id, attempts, payload
        "#,
        platform.as_str(),
        lease_secs(core),
        limit,
    )
    .fetch_all(&core.db)
    .await?;
    let mut taken = Vec::with_capacity(rows.len());
    for row in rows {
        let ticket = Ticket {
            id: row.id,
            attempt: row.attempts,
            stored_at: None,
        };
        match serde_json::from_value::<Queued>(row.payload) {
            Ok(queued) if row.attempts <= MAX_ATTEMPTS => {
                tracing::info!(inbox = row.id, attempt = row.attempts, "handling a message again");
                taken.push((ticket, queued));
            }
            unusable => {
                tracing::error!(
                    inbox = row.id,
                    attempts = row.attempts,
                    readable = unusable.is_ok(),
                    "giving a message up"
                );
                finish(core, ticket).await?;
            }
        }
    }
    Ok(taken)
}

/// Handles a held row: decides the reply (or reads the stored one), hands it
/// to `send`, and marks the row done; the lease is renewed throughout. A reply
/// a replay must send as it is (a model's answer) is stored before it is
/// sent, in the statement that stores the turn; a command's is decided again
/// by a replay, to the same effect (its effects are recorded). When the
/// database fails the row is left to lapse and be tried again (its effects
/// are recorded, so nothing repeats), and only the last attempt is answered
/// with the apology.
pub async fn handle<F, Fut>(core: &Core, ticket: Ticket, queued: Queued, send: F)
where
    F: FnOnce(Reply) -> Fut,
    Fut: Future<Output = ()>,
{
    handle_then(core, ticket, queued, None, send).await;
}

/// As [`handle`], with the row marked done by `finisher` (batched with other
/// rows') instead of a statement of its own.
pub async fn handle_then<F, Fut>(
    core: &Core,
    ticket: Ticket,
    queued: Queued,
    finisher: Option<&Finisher>,
    send: F,
) where
    F: FnOnce(Reply) -> Fut,
    Fut: Future<Output = ()>,
{
    // Every state's large future is boxed while it runs (handling, then
    // sending), so a message waiting for a connection or the model costs
    // little: a future moved into a wrapper and awaited there is laid out
    // twice, and unboxed these added up to 200 KB per message.
    let work = async {
        // A row stored moments ago is ours and has no reply yet: one round
        // trip saved on every message's path.
        let held = if ticket.just_stored(core.config.turn_lease) {
            Some(None)
        } else {
            renew(core, ticket).await?
        };
        let Some(stored) = held else {
            tracing::info!(inbox = ticket.id, "message taken over by another worker");
            return Ok(());
        };
        let reply = match stored {
            Some(reply) => serde_json::from_value::<Option<Reply>>(reply).unwrap_or_default(),
            None => {
                let effects = TurnEffects::new(ticket.id, ticket.attempt == 0);
                match Box::pin(super::handle(core, queued.inbound, Some((ticket, &effects)))).await {
                    Ok(reply) => reply,
                    Err(super::ChatError::Database(error)) if ticket.attempt + 1 < MAX_ATTEMPTS => {
                        return Err(error);
                    }
                    Err(error) => {
                        tracing::error!(error.cause_chain = ?error, "handling a message failed for the last time");
                        let reply = Some(Reply::apology());
                        save_reply(&core.db, ticket, reply.as_ref()).await?;
                        reply
                    }
                }
            }
        };
        if let Some(reply) = reply {
            Box::pin(send(reply)).await;
        }
        match finisher {
            Some(finisher) => {
                finisher.done(ticket);
                Ok(())
            }
            None => finish(core, ticket).await,
        }
    };
    let renewing = super::turn_lock::renewing(core.config.turn_lease, work, || async {
        renew(core, ticket).await.map(|r| r.is_some())
    });
    if let Err(error) = renewing.await {
        tracing::error!(
            inbox = ticket.id,
            error.cause_chain = ?error,
            "handling a message failed; it is tried again once its lease lapses"
        );
    }
}

/// Extends the hold; `None` when the row is no longer this attempt's (or is
/// done), otherwise the stored reply, if any.
async fn renew(core: &Core, ticket: Ticket) -> Result<Option<Option<Value>>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"
        UPDATE inbox SET claimed_until = now() + make_interval(secs => $3)
        WHERE id = $1 AND attempts = $2 AND done_at IS NULL
        RETURNING reply
        "#,
        ticket.id,
        ticket.attempt,
        lease_secs(core),
    )
    .fetch_optional(&core.db)
    .await
}

/// Stores the decided reply (JSON `null` for "nothing to send").
pub(crate) async fn save_reply(
    db: impl PgExecutor<'_>,
    ticket: Ticket,
    reply: Option<&Reply>,
) -> Result<(), sqlx::Error> {
    let reply = serde_json::to_value(reply).unwrap_or_default();
    sqlx::query!("UPDATE inbox SET reply = $2 WHERE id = $1", ticket.id, reply)
        .execute(db)
        .await?;
    Ok(())
}

/// Marks the row done: answered, or given up.
pub async fn finish(core: &Core, ticket: Ticket) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE inbox SET done_at = now() WHERE id = $1 AND done_at IS NULL",
        ticket.id
    )
    .execute(&core.db)
    .await?;
    Ok(())
}

/// How often an adapter looks for lapsed rows: twice per lease.
pub fn reclaim_every(core: &Core) -> Duration {
    core.config.turn_lease / 2
}

/// Marks answered rows done in batches: one statement for every row answered
/// while the previous statement ran (no waiting to fill a batch), on a
/// connection it keeps. A row is marked moments after its reply is sent, as
/// before; a process killed in between leaves it to be answered again.
#[derive(Clone, Debug)]
pub struct Finisher {
    marks: mpsc::UnboundedSender<Mark>,
}

#[derive(Debug)]
enum Mark {
    Done(i64),
    /// Answered once every earlier mark is written.
    Flush(oneshot::Sender<()>),
}

/// Tries of one batch before its rows are left to lapse (and be answered again).
const FINISH_TRIES: u32 = 3;

impl Finisher {
    /// Starts the batching task, which ends when every clone is dropped.
    pub fn start(core: &Core) -> Self {
        let (marks, rx) = mpsc::unbounded_channel();
        tokio::spawn(finishing(core.clone(), rx));
        Self { marks }
    }

    /// Marks the row done, soon.
    pub fn done(&self, ticket: Ticket) {
        if self.marks.send(Mark::Done(ticket.id)).is_err() {
            tracing::warn!(
                inbox = ticket.id,
                "the finisher stopped; the message will be answered again"
            );
        }
    }

    /// Waits until every row marked before is written (before shutting down).
    pub async fn flushed(&self) {
        let (tx, rx) = oneshot::channel();
        if self.marks.send(Mark::Flush(tx)).is_ok() {
            let _ = rx.await;
        }
    }
}

async fn finishing(core: Core, mut marks: mpsc::UnboundedReceiver<Mark>) {
    let held = Held::new(&core.db);
    let mut ids = Vec::new();
    let mut waiting = Vec::new();
    while let Some(first) = marks.recv().await {
        let mut take = |mark| match mark {
            Mark::Done(id) => ids.push(id),
            Mark::Flush(tx) => waiting.push(tx),
        };
        take(first);
        while let Ok(mark) = marks.try_recv() {
            take(mark);
        }
        for attempt in 1..=FINISH_TRIES {
            if ids.is_empty() {
                break;
            }
            match finish_all(&held, &ids).await {
                Ok(()) => break,
                Err(error) => {
                    // A broken connection is not kept.
                    held.release();
                    tracing::warn!(error.cause_chain = ?error, rows = ids.len(), attempt, "marking messages done failed");
                    tokio::time::sleep(Duration::from_millis(100) * attempt).await;
                }
            }
        }
        ids.clear();
        for tx in waiting.drain(..) {
            let _ = tx.send(());
        }
    }
}

async fn finish_all(held: &Held, ids: &[i64]) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE inbox SET done_at = now() WHERE id = ANY($1) AND done_at IS NULL",
        ids
    )
    .execute(&mut *held.get().await?)
    .await?;
    Ok(())
}
