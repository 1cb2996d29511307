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

/// A block of addresses (`10.0.0.0/8`, `2001:db8::/32`, or one address), as
/// in `TASKLINK_TRUSTED_PROXIES`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => prefix_bits(u32::from(net), u32::from(ip), self.prefix, 32),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_bits(u128::from(net), u128::from(ip), self.prefix, 128)
            }
            _ => false,
        }
    }

    /// A comma- or space-separated list; empty means none.
    pub fn parse_list(list: &str) -> Result<Vec<Self>, String> {
        list.split([',', ' ', '\t', '\n'])
            .filter(|item| !item.is_empty())
            .map(str::parse)
            .collect()
    }
}

fn prefix_bits<T>(net: T, ip: T, prefix: u8, width: u8) -> bool
where
    T: Copy + Eq + std::ops::Shr<u32, Output = T>,
{
    if prefix == 0 {
        return true;
    }
    let shift = u32::from(width - prefix);
    net >> shift == ip >> shift
}

impl std::str::FromStr for Cidr {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("`{s}` is not an address or a CIDR block (10.0.0.0/8, fd00::/8)");
        let (addr, prefix) = match s.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (s, None),
        };
        let network = canonical(addr.trim().parse::<IpAddr>().map_err(|_| invalid())?);
        let width = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => width,
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= width)
                .ok_or_else(invalid)?,
        };
        Ok(Self { network, prefix })
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`, from dual-stack sockets) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
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
    fn cidrs_parse_and_match() {
        let list = Cidr::parse_list("10.0.0.0/8, 192.168.1.7 fd00::/8,::ffff:172.16.0.0/12").unwrap();
        assert_eq!(list.len(), 4);
        let trusted = |s: &str| list.iter().any(|c| c.contains(ip(s)));
        assert!(trusted("10.1.2.3"));
        assert!(trusted("::ffff:10.1.2.3"));
        assert!(trusted("192.168.1.7"));
        assert!(!trusted("192.168.1.8"));
        assert!(trusted("fd12::1"));
        assert!(!trusted("fe80::1"));
        assert!(!trusted("11.0.0.1"));
        assert!(Cidr::parse_list("").unwrap().is_empty());
        assert!("0.0.0.0/0".parse::<Cidr>().unwrap().contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "fd00::/129", "localhost", "10.0.0/8", "10.0.0.0/x"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
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
