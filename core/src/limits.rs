//! Rate limits kept in Postgres, so every replica counts against the same budget.

use std::time::Duration;

use sqlx::PgPool;

/// A budget of `max` events per `window` for one key.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    pub const fn per_minute(max: u32) -> Self {
        Self {
            max,
            window: Duration::from_secs(60),
        }
    }
}

/// Counts one event for `key`. `Err(retry_after)` when the budget is spent.
pub async fn hit(db: &PgPool, key: &str, limit: Limit) -> Result<Result<(), Duration>, sqlx::Error> {
    Ok(match hit_counted(db, key, limit).await? {
        Verdict::Allowed => Ok(()),
        Verdict::Refused { retry_after, .. } => Err(retry_after),
    })
}

/// Whether an event was within its budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Refused {
        retry_after: Duration,
        /// The first refusal of this window: the one worth answering.
        first: bool,
    },
}

/// Counts one event for `key`, telling the first refusal of a window apart.
pub async fn hit_counted(db: &PgPool, key: &str, limit: Limit) -> Result<Verdict, sqlx::Error> {
    if limit.max == 0 {
        return Ok(Verdict::Allowed);
    }
    let row = sqlx::query!(
        r#"
        INSERT INTO rate_limits (key, window_start, count) VALUES ($1, now(), 1)
        ON CONFLICT (key) DO UPDATE SET
            count = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $2)
                         THEN 1 ELSE rate_limits.count + 1 END,
            window_start = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $2)
                                THEN now() ELSE rate_limits.window_start END
        RETURNING count,
            EXTRACT(EPOCH FROM (window_start + make_interval(secs => $2) - now()))::float8 AS "retry_after!"
        "#,
        key,
        limit.window.as_secs_f64(),
    )
    .fetch_one(db)
    .await?;
    let count = u32::try_from(row.count).unwrap_or(u32::MAX);
    Ok(if count <= limit.max {
        Verdict::Allowed
    } else {
        Verdict::Refused {
            retry_after: Duration::from_secs_f64(
                row.retry_after.clamp(1.0, limit.window.as_secs_f64()).ceil(),
            ),
            first: count == limit.max + 1,
        }
    })
}
