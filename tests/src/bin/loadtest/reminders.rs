//! The reminder burst (issue 11): N people whose reminders fall due at the
//! same instant, against a fake Telegram that enforces a bot-wide send rate
//! and answers 429 above it, while other people chat with the bot.

use std::{
    collections::{HashMap, HashSet},
    time::{Duration, Instant},
};

use anyhow::bail;
use tasklink_tests::{
    fake_telegram::{FakeTelegram, TgUser},
    helpers::TestDb,
    pg_proxy::PgProxy,
};

use crate::{
    chat::{Load, Router, chat, chat_ids, model, print_statements},
    common::{
        Process, bot_env, diag, ms, peak_rss_mb, proxied_url, seed_first_task, seed_linked, set, sorted,
        spread, start_bot, upstream, wait_polling,
    },
};

/// The shape of one burst.
#[derive(Clone, Debug)]
pub(crate) struct Burst {
    pub(crate) reminders: usize,
    /// Bot replicas on the one database; the first polls, the others only send.
    pub(crate) replicas: usize,
    /// The fake's bot-wide limit (sendMessage per sliding second).
    pub(crate) telegram_limit: usize,
    /// `TELEGRAM_MAX_SENDS_PER_SECOND`: the bot's, set alike on every replica
    /// (they share it through Postgres).
    pub(crate) max_sends: u32,
    /// People chatting during the burst, and their messages.
    pub(crate) chatters: usize,
    pub(crate) messages: usize,
    pub(crate) load: Load,
    /// From the bot being up to `remind_at`.
    pub(crate) lead: Duration,
}

pub(crate) struct BurstRun {
    pub(crate) burst: Burst,
    pub(crate) delivered: usize,
    pub(crate) twice: usize,
    pub(crate) missing: usize,
    /// From `remind_at` to the first and to the last reminder's arrival.
    pub(crate) first: Duration,
    pub(crate) drain: Duration,
    /// Reminders a second between the first and the last arrival.
    pub(crate) reminder_rate: f64,
    /// Every sendMessage accepted a second in that window (chat replies too).
    pub(crate) send_rate: f64,
    /// The most sendMessage accepted in any one second, as the harness saw them.
    pub(crate) busiest_second: usize,
    pub(crate) too_many_requests: usize,
    /// Database round trips per reminder (all replicas, chat included).
    pub(crate) round_trips: f64,
    pub(crate) chat_messages_in_burst: usize,
    pub(crate) chat_overheads: Vec<Duration>,
    pub(crate) chat_unanswered: usize,
    pub(crate) chat_duplicated: usize,
    pub(crate) peak_rss_mb: Vec<f64>,
    /// Outbox rows by state at the end.
    pub(crate) outbox: Vec<(String, i64)>,
}

fn reminder_ids(n: usize) -> Vec<i64> {
    (0..n as i64).map(|i| 7_000_000 + i).collect()
}

fn title(tg_id: i64) -> String {
    format!("Burst {tg_id}")
}

/// One task per person, due (and reminded) at `at`, in one statement.
async fn seed_tasks(
    db: &sqlx::PgPool,
    users: &[i64],
    tg_ids: &[i64],
    at: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    let titles: Vec<String> = tg_ids.iter().map(|&t| title(t)).collect();
    sqlx::query(
        "WITH numbered AS (
             UPDATE users u SET next_task_number = next_task_number + 1
             FROM unnest($1::bigint[], $2::text[]) AS r(user_id, title)
             WHERE u.id = r.user_id
             RETURNING u.id, u.next_task_number - 1 AS number, r.title
         )
         INSERT INTO tasks (user_id, number, title, due_local, due_has_time, due_tz, due_at, remind_at)
         SELECT id, number, title, $3 AT TIME ZONE 'UTC', true, 'UTC', $3, $3 FROM numbered",
    )
    .bind(users)
    .bind(&titles)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

/// The most instants of `sorted` within any one second.
fn busiest_second(sorted: &[Instant]) -> usize {
    let mut best = 0;
    let mut start = 0;
    for (end, t) in sorted.iter().enumerate() {
        while t.duration_since(sorted[start]) >= Duration::from_secs(1) {
            start += 1;
        }
        best = best.max(end + 1 - start);
    }
    best
}

pub(crate) async fn burst(b: &Burst) -> anyhow::Result<BurstRun> {
    let db = TestDb::new().await;
    let proxy = PgProxy::start(upstream(&db.url)).await;
    let openai = model(b.load).await;
    let telegram = FakeTelegram::start().await;
    telegram.limit_send_rate(b.telegram_limit);
    let router = Router::start(&telegram);

    let chatting = chat_ids(b.chatters);
    let reminded = reminder_ids(b.reminders);
    eprintln!(
        "loadtest: seeding {} chatting and {} reminded people",
        chatting.len(),
        reminded.len()
    );
    seed_first_task(&db.pool, &seed_linked(&db.pool, &chatting).await?).await?;
    let reminded_users = seed_linked(&db.pool, &reminded).await?;
    let reminded_tg: Vec<TgUser> = reminded
        .iter()
        .map(|&id| TgUser::new(id, &format!("r{id}")))
        .collect();
    telegram.open_chats(&reminded_tg);

    let mut env = bot_env(proxied_url(&db.url, &proxy), &telegram, &openai);
    // The budget is the bot's, shared by the replicas through Postgres.
    set(
        &mut env,
        "TELEGRAM_MAX_SENDS_PER_SECOND",
        &b.max_sends.to_string(),
    );
    let mut bots: Vec<Process> = Vec::new();
    for replica in 0..b.replicas {
        let mut env = env.clone();
        if replica > 0 {
            set(&mut env, "TELEGRAM_POLLING", "off");
        }
        bots.push(start_bot(&env)?);
    }
    wait_polling(&telegram, 0).await?;
    // Every replica has checked its token (getMe) before the reminders are set.
    let deadline = Instant::now() + Duration::from_secs(60);
    while telegram.calls("getMe").len() < b.replicas {
        if Instant::now() > deadline {
            bail!("not every replica started within a minute");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!(
        "loadtest: {} bot replica(s) up (pids {:?}); {} reminders due in {:?}",
        b.replicas,
        bots.iter().map(Process::pid).collect::<Vec<_>>(),
        b.reminders,
        b.lead
    );

    let due_wall = chrono::Utc::now() + chrono::Duration::from_std(b.lead)?;
    // The instant on the harness's monotonic clock that matches `due_wall`.
    let due = Instant::now() + b.lead;
    seed_tasks(&db.pool, &reminded_users, &reminded, due_wall).await?;
    let round_trips_before = proxy.round_trips();
    let statements_before = proxy.statements();

    // The chat load starts before the burst and runs through it.
    let chatting_load = {
        let (telegram, router, ids, messages, load) = (
            telegram.clone(),
            router.clone(),
            chatting.clone(),
            b.messages,
            b.load,
        );
        let start_at = due.checked_sub(b.load.think).unwrap_or(due);
        tokio::spawn(async move {
            tokio::time::sleep_until(start_at.into()).await;
            chat(&telegram, &router, &ids, messages, load, Duration::from_secs(60)).await
        })
    };

    let reminded_set: HashSet<i64> = reminded.iter().copied().collect();
    let expected_drain = Duration::from_secs_f64(b.reminders as f64 / f64::from(b.max_sends));
    let deadline = due + expected_drain * 3 + Duration::from_secs(30);
    loop {
        let arrived = router
            .unexpected()
            .iter()
            .filter(|(c, _)| reminded_set.contains(c))
            .count();
        if arrived >= b.reminders || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let chatted = chatting_load.await??;
    for bot in &bots {
        diag(bot.pid(), "after the burst");
    }
    // Anything still arriving is a second copy.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let round_trips = (proxy.round_trips() - round_trips_before) as f64 / b.reminders.max(1) as f64;
    if let (Some(before), Some(after)) = (statements_before, proxy.statements()) {
        print_statements(&before, &after, "reminder", b.reminders);
    }
    let peak_rss_mb: Vec<f64> = bots.iter().map(|p| peak_rss_mb(p.pid())).collect();
    drop(bots);

    // Each reminder is keyed by its task's title, in its person's chat.
    let sent = telegram.all_sent();
    let mut copies: HashMap<i64, usize> = HashMap::new();
    for m in &sent {
        if reminded_set.contains(&m.chat_id) && m.text.contains(&title(m.chat_id)) {
            *copies.entry(m.chat_id).or_default() += 1;
        }
    }
    let delivered = copies.len();
    let twice = copies.values().map(|n| n - 1).sum();
    let missing = b.reminders - delivered;

    let mut arrivals: Vec<Instant> = router
        .unexpected()
        .into_iter()
        .filter(|(c, _)| reminded_set.contains(c))
        .map(|(_, t)| t)
        .collect();
    arrivals.sort();
    let (first, last) = match (arrivals.first(), arrivals.last()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => bail!("no reminder arrived"),
    };
    let window = last.duration_since(first).max(Duration::from_millis(1));
    let every_send = router.arrivals();
    let sends_in_window = every_send.iter().filter(|t| **t >= first && **t <= last).count();

    let chat_overheads = sorted(
        chatted
            .timings
            .iter()
            .filter(|t| t.sent >= first && t.sent <= last)
            .map(|t| t.overhead),
    );
    let outbox: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, count(*) FROM outbox GROUP BY state ORDER BY state")
            .fetch_all(&db.pool)
            .await?;
    Ok(BurstRun {
        burst: b.clone(),
        delivered,
        twice,
        missing,
        first: first.saturating_duration_since(due),
        drain: last.saturating_duration_since(due),
        reminder_rate: (arrivals.len().saturating_sub(1)) as f64 / window.as_secs_f64(),
        send_rate: sends_in_window.saturating_sub(1) as f64 / window.as_secs_f64(),
        busiest_second: busiest_second(&every_send),
        too_many_requests: telegram.rate_limited(),
        round_trips,
        chat_messages_in_burst: chat_overheads.len(),
        chat_overheads,
        chat_unanswered: chatted.unanswered,
        chat_duplicated: router.strays(&chatting.iter().copied().collect()),
        peak_rss_mb,
        outbox,
    })
}

/// A row of the report: how to print it for one run.
type Row = fn(&BurstRun) -> String;

pub(crate) fn report(runs: &[BurstRun]) -> String {
    let mut out = String::from("| reminder burst |");
    for r in runs {
        out.push_str(&format!(
            " {} |",
            if r.burst.replicas == 1 {
                "one bot".to_owned()
            } else {
                format!("{} replicas, one database", r.burst.replicas)
            }
        ));
    }
    out.push_str(&format!("\n|---|{}\n", "---|".repeat(runs.len())));
    let rows: [(&str, Row); 13] = [
        ("configuration", |r| {
            let b = &r.burst;
            format!(
                "{} reminders due at once; fake Telegram limit {}/s; TELEGRAM_MAX_SENDS_PER_SECOND {} for the bot (each replica's setting; the replicas share it); {} people chatting × {} messages, model {} ms, pause {} ms",
                b.reminders,
                b.telegram_limit,
                b.max_sends,
                b.chatters,
                b.messages,
                b.load.model_latency.as_millis(),
                b.load.think.as_millis()
            )
        }),
        ("reminders delivered / missing / sent twice", |r| {
            format!("{} / {} / {}", r.delivered, r.missing, r.twice)
        }),
        ("first / last reminder after `remind_at` (drain time)", |r| {
            format!("{} / {}", ms(r.first), ms(r.drain))
        }),
        ("reminder send rate, first to last (% of configured)", |r| {
            format!(
                "{:.0}/s ({:.0}%)",
                r.reminder_rate,
                100.0 * r.reminder_rate / f64::from(r.burst.max_sends)
            )
        }),
        (
            "all sendMessage in that window, chat replies included (% of configured)",
            |r| {
                format!(
                    "{:.0}/s ({:.0}%)",
                    r.send_rate,
                    100.0 * r.send_rate / f64::from(r.burst.max_sends)
                )
            },
        ),
        ("busiest second, as the harness saw the sends", |r| {
            format!("{} sendMessage", r.busiest_second)
        }),
        ("429 answers (Too Many Requests)", |r| {
            r.too_many_requests.to_string()
        }),
        ("database round trips per reminder (chat included)", |r| {
            format!("{:.2}", r.round_trips)
        }),
        ("chat overhead during the burst p50 / p95 / p99", |r| {
            format!(
                "{} ({} messages)",
                spread(&r.chat_overheads),
                r.chat_messages_in_burst
            )
        }),
        ("chat messages unanswered / answered twice", |r| {
            format!("{} / {}", r.chat_unanswered, r.chat_duplicated)
        }),
        ("bot peak RSS (VmHWM)", |r| {
            r.peak_rss_mb
                .iter()
                .map(|m| format!("{m:.1} MB"))
                .collect::<Vec<_>>()
                .join(" / ")
        }),
        ("outbox rows by state", |r| {
            r.outbox
                .iter()
                .map(|(s, n)| format!("{s} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        }),
        ("load average at the end", |_| crate::common::load_average()),
    ];
    for (name, value) in rows {
        out.push_str(&format!("| {name} |"));
        for r in runs {
            out.push_str(&format!(" {} |", value(r)));
        }
        out.push('\n');
    }
    out
}
