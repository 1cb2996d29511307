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
    if limit.max == 0 {
        return Ok(Ok(()));
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
    if row.count as u32 <= limit.max {
        Ok(Ok(()))
    } else {
        Ok(Err(Duration::from_secs_f64(row.retry_after.max(1.0).ceil())))
    }
}

/// Whether `key` still has budget, without counting anything: for limits that
/// count only failures (see [`hit`] after the failure). `Err(retry_after)`
/// when the budget is spent.
pub async fn check(db: &PgPool, key: &str, limit: Limit) -> Result<Result<(), Duration>, sqlx::Error> {
    if limit.max == 0 {
        return Ok(Ok(()));
    }
    let row = sqlx::query!(
        r#"
        SELECT count,
            EXTRACT(EPOCH FROM (window_start + make_interval(secs => $2) - now()))::float8 AS "retry_after!"
        FROM rate_limits
        WHERE key = $1 AND window_start > now() - make_interval(secs => $2)
        "#,
        key,
        limit.window.as_secs_f64(),
    )
    .fetch_optional(db)
    .await?;
    Ok(match row {
        Some(row) if row.count as u32 >= limit.max => {
            Err(Duration::from_secs_f64(row.retry_after.max(1.0).ceil()))
        }
        _ => Ok(()),
    })
}

/// Forgets what `key` counted (a success ends a run of failures).
pub async fn clear(db: &PgPool, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM rate_limits WHERE key = $1", key)
        .execute(db)
        .await?;
    Ok(())
}
