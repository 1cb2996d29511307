//! One turn with the model per person at a time, across every surface and
//! replica (commands are quick single transactions and do not take it): a turn
//! holds its person's row in `turn_locks` and renews it while it runs; a
//! holder that died stops renewing and its row lapses after the lease. A
//! second message meanwhile waits (at most [`WAIT`]) and is then answered
//! politely instead. Chats already keep their own messages in order; this is
//! for the same person writing from two chats or surfaces at once.

use std::time::Duration;

use sqlx::PgPool;

use crate::accounts::UserId;

/// Longest a turn waits for the person's previous one to end.
pub const WAIT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(200);

/// Said when the person's previous turn is still running after [`WAIT`].
pub const BUSY: &str =
    "I'm still working on your previous message. Send this one again once I've answered it.";

/// Runs `work` as the person's only turn; `None` when their previous turn
/// still ran after [`WAIT`]. `holder` names the turn: a replay of the same
/// message (`inbox:<id>`) takes over its own lapsed or orphaned hold at once.
pub async fn exclusive<T>(
    db: &PgPool,
    user: UserId,
    holder: &str,
    lease: Duration,
    work: impl Future<Output = T>,
) -> Result<Option<T>, sqlx::Error> {
    let out = hold(db, user, holder, lease, false, work).await?;
    if out.is_some() {
        release(db, user, holder).await?;
    }
    Ok(out)
}

/// As [`exclusive`], but the caller releases the hold (with [`release`], or
/// in the statement that stores the turn); `taken` when the hold was already
/// taken (in the statement that identified the message).
pub async fn hold<T>(
    db: &PgPool,
    user: UserId,
    holder: &str,
    lease: Duration,
    taken: bool,
    work: impl Future<Output = T>,
) -> Result<Option<T>, sqlx::Error> {
    let deadline = tokio::time::Instant::now() + WAIT;
    if !taken {
        while !try_take(db, user, holder, lease).await? {
            if tokio::time::Instant::now() + POLL > deadline {
                return Ok(None);
            }
            tokio::time::sleep(POLL).await;
        }
    }
    Ok(Some(
        renewing(lease, work, || try_take(db, user, holder, lease)).await,
    ))
}

/// Ends `holder`'s hold of the person's turn.
pub async fn release(db: impl sqlx::PgExecutor<'_>, user: UserId, holder: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM turn_locks WHERE user_id = $1 AND holder = $2",
        user.get(),
        holder
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Takes (or renews) the person's hold when it is free, lapsed, or already this holder's.
async fn try_take(db: &PgPool, user: UserId, holder: &str, lease: Duration) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query_scalar!(
        r#"
        INSERT INTO turn_locks (user_id, holder, until)
        VALUES ($1, $2, now() + make_interval(secs => $3))
        ON CONFLICT (user_id) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
        WHERE turn_locks.until < now() OR turn_locks.holder = EXCLUDED.holder
        RETURNING 1 AS "one!"
        "#,
        user.get(),
        holder,
        lease.as_secs_f64(),
    )
    .fetch_optional(db)
    .await?;
    Ok(taken.is_some())
}

/// Runs `work`, calling `renew` every third of `lease` until it ends. A
/// failed renewal is logged; the work goes on.
pub(crate) async fn renewing<T, R, E>(
    lease: Duration,
    work: impl Future<Output = T>,
    mut renew: impl FnMut() -> R,
) -> T
where
    R: Future<Output = Result<bool, E>>,
    E: std::fmt::Debug,
{
    let mut work = std::pin::pin!(work);
    let mut every = tokio::time::interval(lease / 3);
    every.tick().await;
    loop {
        tokio::select! {
            out = &mut work => return out,
            _ = every.tick() => match renew().await {
                Ok(true) => {}
                Ok(false) => tracing::warn!("a turn's hold was taken over while it ran"),
                Err(error) => tracing::warn!(error.cause_chain = ?error, "renewing a turn's hold failed"),
            },
        }
    }
}
