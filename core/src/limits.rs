//! Rate limits kept in Postgres, so every replica counts against the same budget.

use std::{net::IpAddr, time::Duration};

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
    Ok(verdict(row.count, row.retry_after, limit))
}

/// The verdict on an event that made `count` in its window, which ends in
/// `retry_after` seconds. The chat's limit is counted inside the statement
/// that identifies a message (`chat::identify`), with this function's reading.
pub fn verdict(count: i32, retry_after: f64, limit: Limit) -> Verdict {
    let count = u32::try_from(count).unwrap_or(u32::MAX);
    if count <= limit.max {
        Verdict::Allowed
    } else {
        Verdict::Refused {
            retry_after: Duration::from_secs_f64(retry_after.clamp(1.0, limit.window.as_secs_f64()).ceil()),
            first: count == limit.max + 1,
        }
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

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`, from dual-stack sockets) as IPv4.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// What a per-client limit is keyed by: an IPv4 address, or the /64 an IPv6
/// address is in (one subscriber usually holds a whole /64, so keying by the
/// full address would give them 2^64 budgets).
pub fn client_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let net = std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1));
            format!("{net}/64")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ipv6_clients_are_keyed_per_64() {
        assert_eq!(client_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(
            client_key(ip("2001:db8:1:2:ffff::9")),
            client_key(ip("2001:db8:1:2::1"))
        );
        assert_ne!(
            client_key(ip("2001:db8:1:3::1")),
            client_key(ip("2001:db8:1:2::1"))
        );
        assert_eq!(client_key(ip("203.0.113.9")), "203.0.113.9");
        assert_eq!(client_key(ip("::ffff:203.0.113.9")), "203.0.113.9");
    }
}
