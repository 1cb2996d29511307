//! What every run shares: starting the real binaries, reading their memory,
//! seeding linked people, percentiles.

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use tasklink_tests::{
    fake_openai::FakeOpenAi, fake_telegram::FakeTelegram, helpers::TEST_JWT_SECRET, pg_proxy::PgProxy,
};

/// The values in ascending order, for [`percentile`].
pub(crate) fn sorted(values: impl IntoIterator<Item = Duration>) -> Vec<Duration> {
    let mut values: Vec<Duration> = values.into_iter().collect();
    values.sort();
    values
}

pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub(crate) fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// p50 / p95 / p99 of `sorted`.
pub(crate) fn spread(sorted: &[Duration]) -> String {
    format!(
        "{} / {} / {}",
        ms(percentile(sorted, 50.0)),
        ms(percentile(sorted, 95.0)),
        ms(percentile(sorted, 99.0))
    )
}

/// The binary `name` next to the harness's own, or the one in
/// `LOADTEST_BOT` for the bot (to measure another build of it, before and after).
pub(crate) fn binary(name: &str) -> anyhow::Result<PathBuf> {
    let path = match std::env::var_os("LOADTEST_BOT") {
        Some(bot) if name == "tasklink-bot" => PathBuf::from(bot),
        _ => std::env::current_exe()?.with_file_name(name),
    };
    if !path.exists() {
        bail!(
            "{} not found: build it first (scripts/bench does)",
            path.display()
        );
    }
    Ok(path)
}

/// Kills the child process when dropped.
pub(crate) struct Process(pub Child);

impl Process {
    pub(crate) fn pid(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Where memory goes (`LOADTEST_DIAG`): the process's threads, sockets and RSS.
pub(crate) fn diag(pid: u32, when: &str) {
    if std::env::var_os("LOADTEST_DIAG").is_none() {
        return;
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0);
    eprintln!(
        "diag ({when}): {} fds; {}",
        fds,
        status
            .lines()
            .filter(|l| l.starts_with("Threads")
                || l.starts_with("VmRSS")
                || l.starts_with("VmHWM")
                || l.starts_with("RssAnon"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// The bot process's database URL: through the counting proxy, without TLS.
pub(crate) fn proxied_url(db_url: &str, proxy: &PgProxy) -> String {
    let (scheme_and_auth, rest) = db_url.rsplit_once('@').expect("DATABASE_URL has user@host");
    let database = rest.split_once('/').map_or("", |(_, d)| d);
    format!("{scheme_and_auth}@{}/{database}?sslmode=disable", proxy.addr)
}

pub(crate) fn upstream(db_url: &str) -> String {
    let host = db_url.rsplit_once('@').map_or(db_url, |(_, h)| h);
    host.split('/').next().unwrap_or("127.0.0.1:5432").to_owned()
}

/// People linked to Telegram accounts `ids` (the Telegram user id is also
/// the private chat's), in one statement; returns their user ids in order.
pub(crate) async fn seed_linked(db: &sqlx::PgPool, ids: &[i64]) -> anyhow::Result<Vec<i64>> {
    let users: Vec<(i64, i64)> = sqlx::query_as(
        "WITH u AS (INSERT INTO users (email, password_hash)
                    SELECT 'load' || i || '@example.com', 'x' FROM unnest($1::bigint[]) AS i RETURNING id, email)
         INSERT INTO linked_accounts (user_id, platform, platform_user_id)
         SELECT id, 'telegram', substring(email from 5 for position('@' in email) - 5) FROM u
         RETURNING user_id, platform_user_id::bigint",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    let by_tg: std::collections::HashMap<i64, i64> = users.into_iter().map(|(u, t)| (t, u)).collect();
    Ok(ids.iter().map(|t| by_tg[t]).collect())
}

/// Task 1, "Seeded task", for each of `users`, as people who have used the
/// bot before have (the first `/done` of [`chat`](crate::chat::chat) completes it).
pub(crate) async fn seed_first_task(db: &sqlx::PgPool, users: &[i64]) -> anyhow::Result<()> {
    sqlx::query(
        "WITH u AS (UPDATE users SET next_task_number = 2 WHERE id = ANY($1) RETURNING id)
         INSERT INTO tasks (user_id, number, title) SELECT id, 1, 'Seeded task' FROM u",
    )
    .bind(users)
    .execute(db)
    .await?;
    Ok(())
}

/// The environment of a bot process against these fakes.
pub(crate) fn bot_env(
    database_url: String,
    telegram: &FakeTelegram,
    openai: &FakeOpenAi,
) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = vec![
        ("DATABASE_URL".into(), database_url),
        ("TASKLINK_JWT_SECRET".into(), TEST_JWT_SECRET.into()),
        // Set, blank: the bot would otherwise read the working directory's
        // `.env`, whose link key belongs to another secret.
        ("TASKLINK_LINK_KEY".into(), String::new()),
        (
            "RUST_LOG".into(),
            std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()),
        ),
    ];
    env.extend(telegram.env().into_iter().map(|(k, v)| (k.to_owned(), v)));
    env.extend(openai.env().into_iter().map(|(k, v)| (k.to_owned(), v)));
    set(&mut env, "OPENAI_TIMEOUT_MS", "30000");
    // Allocator experiments (BENCHMARKS.md, "Memory") pass through to the bot.
    for var in ["MALLOC_ARENA_MAX", "LD_PRELOAD"] {
        if let Ok(v) = std::env::var(var) {
            env.push((var.into(), v));
        }
    }
    env
}

/// Sets `key` in `env`, replacing any earlier value.
pub(crate) fn set(env: &mut Vec<(String, String)>, key: &str, value: &str) {
    env.retain(|(k, _)| k != key);
    env.push((key.into(), value.into()));
}

pub(crate) fn start_bot(env: &[(String, String)]) -> anyhow::Result<Process> {
    Ok(Process(
        Command::new(binary("tasklink-bot")?)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::inherit())
            .spawn()
            .context("start tasklink-bot")?,
    ))
}

/// Waits until the fake has seen `getUpdates` calls beyond `before` (the bot polls).
pub(crate) async fn wait_polling(telegram: &FakeTelegram, before: usize) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while telegram.calls("getUpdates").len() <= before {
        if Instant::now() > deadline {
            bail!("the bot did not start polling within a minute");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

pub(crate) fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory_kb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next()?.split_whitespace().nth(1)?.parse::<f64>().ok())
        .unwrap_or(0.0);
    format!("{cores} cores, {:.0} GiB", memory_kb / 1024.0 / 1024.0)
}

/// The load average when the run ended (other engineers build on the same machine).
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
