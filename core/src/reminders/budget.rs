//! A platform's send budget shared by every bot replica. Telegram's and
//! Discord's limits are per bot, not per process: replicas that each pace
//! themselves at the limit would together exceed it. So the pacing state
//! lives in one Postgres row per platform (`send_budgets`), the GCRA's
//! theoretical arrival time (TAT): the instant the next send is due at the
//! configured rate. A replica reserves a few slots at once in one statement
//! (the TAT moves on by as many intervals) and sends them at their instants;
//! replies to people chatting, which never wait, are charged after the fact
//! in the same way. Postgres's clock is the only one that matters: the
//! statement answers with delays, not instants.
//!
//! A reservation is granted only when the budget's next free slot is at most
//! `lead` ahead: slots are never held long before their sends, so a reply
//! charged meanwhile (by any replica) moves the reminders not yet reserved
//! instead of adding to a second already full of them. The GCRA has no burst
//! tolerance: sends at least an interval apart are at most the rate in any
//! sliding second, which is how the platforms count.

use std::time::Duration;

use sqlx::PgPool;

use crate::linking::Platform;

/// The answer of [`reserve`]: `slots` granted, the first due `first_in` from
/// when the answer came and the next ones an interval apart; or none
/// (`slots == 0`) when the next free slot, `first_in` from now, is further
/// than the lead asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grant {
    pub first_in: Duration,
    pub slots: u32,
}

/// Charges `charged` sends already made (replies) and reserves `want` more,
/// each taking one `interval` of the platform's budget, if the first of them
/// is due within `lead` of now; otherwise reserves none and answers when the
/// next free slot is. The charges push the budget at most `horizon` past
/// now: a chat busier than the limit delays proactive sends, it never starves
/// them (a caller refused for `horizon` asks again with that as its lead).
pub async fn reserve(
    db: &PgPool,
    platform: Platform,
    interval: Duration,
    want: u32,
    charged: u32,
    horizon: Duration,
    lead: Duration,
) -> Result<Grant, sqlx::Error> {
    let step = interval.as_secs_f64();
    // `charged`: the TAT once the replies are charged; `start`: the first free
    // slot, not before now.
    let row = sqlx::query!(
        r#"
        INSERT INTO send_budgets AS b (platform, tat, granted)
        VALUES ($1, now() + make_interval(secs => LEAST($3::float8, $4::float8)), 0)
        ON CONFLICT (platform) DO UPDATE SET (granted, tat) = (
            SELECT CASE WHEN s.start <= now() + make_interval(secs => $5::float8) THEN $6::int4 ELSE 0 END,
                   CASE WHEN s.start <= now() + make_interval(secs => $5::float8)
                        THEN s.start + make_interval(secs => $2::float8) ELSE s.charged END
            FROM (SELECT c.charged, GREATEST(c.charged, now()) AS start
                  FROM (SELECT GREATEST(b.tat, LEAST(GREATEST(b.tat, now()) + make_interval(secs => $3::float8),
                                                     now() + make_interval(secs => $4::float8))) AS charged) c) s
        )
        RETURNING EXTRACT(EPOCH FROM tat - now())::float8 AS "ends_in!", granted AS "granted!"
        "#,
        platform.as_str(),
        f64::from(want) * step,
        f64::from(charged) * step,
        horizon.as_secs_f64(),
        lead.as_secs_f64(),
        i32::try_from(want).unwrap_or(i32::MAX),
    )
    .fetch_one(db)
    .await?;
    let slots = u32::try_from(row.granted).unwrap_or(0);
    let first = row.ends_in - f64::from(slots) * step;
    Ok(Grant {
        first_in: Duration::try_from_secs_f64(first).unwrap_or(Duration::ZERO),
        slots,
    })
}

/// The platform said the bot is over its limit (a 429): no replica's
/// reservation starts before `wait` from now. Slots already granted are not
/// taken back; their sends wait out their own 429s.
pub async fn pause(db: &PgPool, platform: Platform, wait: Duration) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        INSERT INTO send_budgets AS b (platform, tat)
        VALUES ($1, now() + make_interval(secs => $2::float8))
        ON CONFLICT (platform) DO UPDATE SET tat = GREATEST(b.tat, now() + make_interval(secs => $2::float8))
        "#,
        platform.as_str(),
        wait.as_secs_f64(),
    )
    .execute(db)
    .await?;
    Ok(())
}
