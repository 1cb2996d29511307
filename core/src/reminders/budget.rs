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

use std::time::Duration;

use sqlx::PgPool;

use crate::linking::Platform;

/// Slots granted by [`reserve`]: the first is due `first_in` from when the
/// answer came, the next ones an interval apart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grant {
    pub first_in: Duration,
    pub slots: u32,
}

/// Charges `charged` sends already made (replies) and reserves `want` more,
/// each taking one `interval` of the platform's budget. The charges push the
/// budget at most `horizon` past now: a chat busier than the limit delays
/// proactive sends, it never starves them.
pub async fn reserve(
    db: &PgPool,
    platform: Platform,
    interval: Duration,
    want: u32,
    charged: u32,
    horizon: Duration,
) -> Result<Grant, sqlx::Error> {
    let step = interval.as_secs_f64();
    let ends_in = sqlx::query_scalar!(
        r#"
        INSERT INTO send_budgets AS b (platform, tat)
        VALUES ($1, now() + make_interval(secs => LEAST($3::float8, $4::float8) + $2::float8))
        ON CONFLICT (platform) DO UPDATE SET tat =
            GREATEST(b.tat, LEAST(GREATEST(b.tat, now()) + make_interval(secs => $3::float8),
                                  now() + make_interval(secs => $4::float8)))
            + make_interval(secs => $2::float8)
        RETURNING EXTRACT(EPOCH FROM tat - now())::float8 AS "ends_in!"
        "#,
        platform.as_str(),
        f64::from(want) * step,
        f64::from(charged) * step,
        horizon.as_secs_f64(),
    )
    .fetch_one(db)
    .await?;
    let first = ends_in - f64::from(want) * step;
    Ok(Grant {
        first_in: Duration::try_from_secs_f64(first).unwrap_or(Duration::ZERO),
        slots: want,
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
