//! Load harness: the real `tasklink-bot` and `tasklink-portal` processes against
//! the fake Telegram and OpenAI servers and real Postgres. Prints the figures
//! and, with `--record`, writes them into BENCHMARKS.md.
//!
//! `scripts/bench` builds in release mode and runs the full configuration;
//! `scripts/bench --small` is the few-second run CI uses so the harness cannot rot.

use std::{
    collections::HashMap,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use serde_json::json;
use tasklink_tests::{
    fake_openai::{FakeOpenAi, Reply},
    fake_telegram::{FakeTelegram, TgUser},
    helpers::{TEST_JWT_SECRET, TestDb},
    pg_proxy::PgProxy,
};
use tokio::sync::oneshot;

#[derive(Clone, Debug)]
struct Options {
    users: usize,
    messages: usize,
    model_latency: Duration,
    /// Pause between one user's messages in the latency run (jittered ±50%).
    think: Duration,
    signups: usize,
    record: bool,
    label: String,
    /// Only the portal's bursts (`--portal-only`): the chat runs take minutes.
    portal_only: bool,
}

/// One chat run's shape: the model's latency and the users' pause between messages.
#[derive(Clone, Copy, Debug)]
struct Load {
    model_latency: Duration,
    think: Duration,
}

impl Options {
    fn parse() -> anyhow::Result<Self> {
        let mut o = Self {
            users: 1000,
            messages: 8,
            model_latency: Duration::from_millis(300),
            think: Duration::from_secs(2),
            signups: 100,
            record: false,
            label: "full".into(),
            portal_only: false,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value = || args.next().context("a value after the option");
            match arg.as_str() {
                "--small" => {
                    o.users = 20;
                    o.messages = 4;
                    o.model_latency = Duration::from_millis(50);
                    o.think = Duration::from_millis(100);
                    o.signups = 8;
                    o.label = "small".into();
                }
                "--users" => o.users = value()?.parse()?,
                "--messages" => o.messages = value()?.parse()?,
                "--model-latency-ms" => o.model_latency = Duration::from_millis(value()?.parse()?),
                "--think-ms" => o.think = Duration::from_millis(value()?.parse()?),
                "--signups" => o.signups = value()?.parse()?,
                "--label" => o.label = value()?,
                "--record" => o.record = true,
                "--portal-only" => o.portal_only = true,
                other => bail!("unknown option {other}; see scripts/bench"),
            }
        }
        Ok(o)
    }
}

/// The figures of one chat-pipeline run.
struct ChatRun {
    load: Load,
    users: usize,
    messages: usize,
    wall: Duration,
    latencies: Vec<Duration>,
    overheads: Vec<Duration>,
    round_trips: f64,
    peak_rss_mb: f64,
    lost: usize,
    duplicated: usize,
}

struct PortalRun {
    /// Median time of a failed log-in: (wrong password, unknown email).
    failed_login: (Duration, Duration),
    signups: usize,
    signup_wall: Duration,
    login_wall: Duration,
    /// The portal's peak RSS (VmHWM) after the sign-up burst, and after the log-in burst too.
    peak_rss_signups_mb: f64,
    peak_rss_mb: f64,
    healthz: Vec<Duration>,
    tasks: Vec<Duration>,
    errors: usize,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn binary(name: &str) -> anyhow::Result<PathBuf> {
    let path = std::env::current_exe()?.with_file_name(name);
    if !path.exists() {
        bail!(
            "{} not found: build it first (scripts/bench does)",
            path.display()
        );
    }
    Ok(path)
}

/// Kills the child process when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The bot process's database URL: through the counting proxy, without TLS.
fn proxied_url(db_url: &str, proxy: &PgProxy) -> String {
    let (scheme_and_auth, rest) = db_url.rsplit_once('@').expect("DATABASE_URL has user@host");
    let database = rest.split_once('/').map_or("", |(_, d)| d);
    format!("{scheme_and_auth}@{}/{database}?sslmode=disable", proxy.addr)
}

fn upstream(db_url: &str) -> String {
    let host = db_url.rsplit_once('@').map_or(db_url, |(_, h)| h);
    host.split('/').next().unwrap_or("127.0.0.1:5432").to_owned()
}

async fn chat_pipeline(o: &Options, load: Load) -> anyhow::Result<ChatRun> {
    let db = TestDb::new().await;
    eprintln!("loadtest: database ready; seeding {} linked users", o.users);
    let proxy = PgProxy::start(upstream(&db.url)).await;
    let openai = FakeOpenAi::start().await;
    openai.forever(Reply::Simulated);
    openai.set_latency(load.model_latency);
    let telegram = FakeTelegram::start().await;
    let mut replies = telegram.observe_sends();

    // Linked users, in one statement.
    let ids: Vec<i64> = (0..o.users as i64).map(|i| 5_000_000 + i).collect();
    sqlx::query(
        "WITH u AS (INSERT INTO users (email, password_hash)
                    SELECT 'load' || i || '@example.com', 'x' FROM unnest($1::bigint[]) AS i RETURNING id, email)
         INSERT INTO linked_accounts (user_id, platform, platform_user_id)
         SELECT id, 'telegram', substring(email from 5 for position('@' in email) - 5) FROM u",
    )
    .bind(&ids)
    .execute(&db.pool)
    .await?;

    let mut env: Vec<(&str, String)> = vec![
        ("DATABASE_URL", proxied_url(&db.url, &proxy)),
        ("TASKLINK_JWT_SECRET", TEST_JWT_SECRET.into()),
        (
            "RUST_LOG",
            std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()),
        ),
    ];
    env.extend(telegram.env());
    env.extend(openai.env());
    env.retain(|(k, _)| *k != "OPENAI_TIMEOUT_MS");
    env.push(("OPENAI_TIMEOUT_MS", "30000".into()));
    // Allocator experiments (BENCHMARKS.md, "Memory") pass through to the bot.
    for var in ["MALLOC_ARENA_MAX", "LD_PRELOAD"] {
        if let Ok(v) = std::env::var(var) {
            env.push((var, v));
        }
    }
    let bot = Process(
        Command::new(binary("tasklink-bot")?)
            .env_clear()
            .envs(env)
            .stdout(Stdio::inherit())
            .spawn()
            .context("start tasklink-bot")?,
    );
    let pid = bot.0.id();
    eprintln!("loadtest: bot started (pid {pid}); waiting for it to poll");
    let deadline = Instant::now() + Duration::from_secs(60);
    while telegram.calls("getUpdates").is_empty() {
        if Instant::now() > deadline {
            bail!("the bot did not start polling within a minute");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // One router hands each reply to the user waiting on that chat.
    let waiting: Arc<Mutex<HashMap<i64, oneshot::Sender<Instant>>>> = Arc::default();
    let stray = Arc::new(Mutex::new(0usize));
    {
        let waiting = waiting.clone();
        let stray = stray.clone();
        tokio::spawn(async move {
            while let Some(chat) = replies.recv().await {
                let now = Instant::now();
                match waiting.lock().unwrap().remove(&chat) {
                    Some(tx) => {
                        let _ = tx.send(now);
                    }
                    None => *stray.lock().unwrap() += 1,
                }
            }
        });
    }

    let round_trips_before = proxy.round_trips();
    let model_calls_before = openai.request_count();
    let started = Instant::now();
    let mut users = tokio::task::JoinSet::new();
    for (i, id) in ids.iter().enumerate() {
        let user = TgUser::new(*id, &format!("load{i}"));
        let telegram = telegram.clone();
        let waiting = waiting.clone();
        let messages = o.messages;
        let model_latency = load.model_latency;
        // Deterministic jitter in [0.5, 1.5), so users do not move in lockstep.
        let jitter = move |k: usize| 0.5 + ((i * 7919 + k * 104_729) % 1000) as f64 / 1000.0;
        let think = load.think;
        users.spawn(async move {
            let mut timings = Vec::new();
            let mut lost = 0;
            let chat = user.chat();
            // Users arrive spread over one think time, not all at once.
            tokio::time::sleep(think.mul_f64(jitter(0) - 0.5)).await;
            for k in 0..messages {
                if k > 0 {
                    tokio::time::sleep(think.mul_f64(jitter(k))).await;
                }
                // A realistic mix: add, list, complete, and free text for the model.
                let (text, model_calls) = match k % 4 {
                    0 => (format!("/add Load task {k}"), 0),
                    1 => ("/tasks".to_owned(), 0),
                    2 => (format!("/done {}", k / 4 + 1), 0),
                    _ => ("what's still open?".to_owned(), 1),
                };
                let (tx, rx) = oneshot::channel();
                waiting.lock().unwrap().insert(chat.id, tx);
                let sent = Instant::now();
                telegram.send_text(&chat, &user, &text);
                match tokio::time::timeout(Duration::from_secs(60), rx).await {
                    Ok(Ok(at)) => {
                        let latency = at - sent;
                        timings.push((latency, latency.saturating_sub(model_latency * model_calls)));
                    }
                    _ => lost += 1,
                }
            }
            (timings, lost)
        });
    }
    let mut latencies = Vec::new();
    let mut overheads = Vec::new();
    let mut lost = 0;
    while let Some(done) = users.join_next().await {
        let (timings, l) = done?;
        lost += l;
        for (latency, overhead) in timings {
            latencies.push(latency);
            overheads.push(overhead);
        }
    }
    let wall = started.elapsed();
    // Where memory goes: the bot's threads, sockets and RSS right after the run.
    if std::env::var_os("LOADTEST_DIAG").is_some() {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
            .map(|d| d.count())
            .unwrap_or(0);
        eprintln!(
            "diag: {} fds; {}",
            fds,
            status
                .lines()
                .filter(|l| l.starts_with("Threads") || l.starts_with("VmRSS") || l.starts_with("VmHWM"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    // Anything still arriving is a duplicate.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let total = o.users * o.messages;
    let round_trips = (proxy.round_trips() - round_trips_before) as f64 / total as f64;
    let peak_rss_mb = peak_rss_mb(pid);
    let model_calls = openai.request_count() - model_calls_before;
    let expected_model_calls = o.users * (o.messages / 4);
    if model_calls != expected_model_calls {
        eprintln!("note: {model_calls} model calls, expected {expected_model_calls}");
    }
    drop(bot);
    latencies.sort();
    overheads.sort();
    let duplicated = *stray.lock().unwrap();
    Ok(ChatRun {
        load,
        users: o.users,
        messages: total,
        wall,
        latencies,
        overheads,
        round_trips,
        peak_rss_mb,
        lost,
        duplicated,
    })
}

async fn portal_load(o: &Options) -> anyhow::Result<PortalRun> {
    let db = TestDb::new().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let portal = Process(
        Command::new(binary("tasklink-portal")?)
            .env_clear()
            .envs([
                ("DATABASE_URL", db.url.clone()),
                ("TASKLINK_JWT_SECRET", TEST_JWT_SECRET.into()),
                ("PORTAL_BIND", format!("127.0.0.1:{port}")),
                ("TASKLINK_PUBLIC_URL", base.clone()),
                ("TASKLINK_AUTH_LIMIT", "0".into()),
                ("TASKLINK_LOGIN_LIMIT", "0".into()),
                ("RUST_LOG", "warn".into()),
            ])
            .stdout(Stdio::inherit())
            .spawn()
            .context("start tasklink-portal")?,
    );
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while http
        .get(format!("{base}/readyz"))
        .send()
        .await
        .map(|r| r.status().is_success())
        .ok()
        != Some(true)
    {
        if Instant::now() > deadline {
            bail!("the portal did not become ready");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let credentials =
        |i: usize| json!({"email": format!("burst{i}@example.com"), "password": "correct horse battery"});
    let errors = Arc::new(Mutex::new(0usize));

    let burst = |path: &'static str| {
        let mut set = tokio::task::JoinSet::new();
        for i in 0..o.signups {
            let (http, base, body, errors) = (http.clone(), base.clone(), credentials(i), errors.clone());
            set.spawn(async move {
                let ok = http
                    .post(format!("{base}{path}"))
                    .json(&body)
                    .send()
                    .await
                    .map(|r| r.status().is_success());
                if ok.ok() != Some(true) {
                    *errors.lock().unwrap() += 1;
                }
            });
        }
        set
    };

    let started = Instant::now();
    burst("/api/auth/signup").join_all().await;
    let signup_wall = started.elapsed();
    let peak_rss_signups_mb = peak_rss_mb(portal.0.id());

    let token: serde_json::Value = http
        .post(format!("{base}/api/auth/login"))
        .json(&credentials(0))
        .send()
        .await?
        .json()
        .await?;
    let token = token["token"].as_str().context("a login token")?.to_owned();

    // Probes run while the log-in burst keeps argon2 busy on every core.
    let stop = Arc::new(AtomicBool::new(false));
    let probe = |path: &'static str, bearer: Option<String>| {
        let (http, base, stop) = (http.clone(), base.clone(), stop.clone());
        tokio::spawn(async move {
            let mut samples = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let mut request = http.get(format!("{base}{path}"));
                if let Some(t) = &bearer {
                    request = request.bearer_auth(t);
                }
                let sent = Instant::now();
                if request
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false)
                {
                    samples.push(sent.elapsed());
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            samples
        })
    };
    let healthz = probe("/healthz", None);
    let tasks = probe("/api/tasks", Some(token));
    let started = Instant::now();
    burst("/api/auth/login").join_all().await;
    let login_wall = started.elapsed();
    let peak_rss_mb = peak_rss_mb(portal.0.id());
    stop.store(true, Ordering::Relaxed);
    let (mut healthz, mut tasks) = (healthz.await?, tasks.await?);
    healthz.sort();
    tasks.sort();
    let errors = *errors.lock().unwrap();

    // Failed log-ins must not tell an existing account from an unknown one by time either.
    let timed = |email: String| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let mut samples = Vec::new();
            for _ in 0..15 {
                let body = json!({"email": email, "password": "wrong horse battery"});
                let sent = Instant::now();
                let status = http
                    .post(format!("{base}/api/auth/login"))
                    .json(&body)
                    .send()
                    .await?
                    .status();
                anyhow::ensure!(
                    status == reqwest::StatusCode::UNAUTHORIZED,
                    "a wrong log-in answered {status}"
                );
                samples.push(sent.elapsed());
            }
            samples.sort();
            anyhow::Ok(samples[samples.len() / 2])
        }
    };
    let failed_login = (
        timed("burst0@example.com".into()).await?,
        timed("nobody@example.com".into()).await?,
    );
    Ok(PortalRun {
        failed_login,
        signups: o.signups,
        signup_wall,
        login_wall,
        peak_rss_signups_mb,
        peak_rss_mb,
        healthz,
        tasks,
        errors,
    })
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory_kb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next()?.split_whitespace().nth(1)?.parse::<f64>().ok())
        .unwrap_or(0.0);
    format!("{cores} cores, {:.0} GiB", memory_kb / 1024.0 / 1024.0)
}

fn chat_rows(run: &ChatRun) -> Vec<String> {
    let lat = |p| ms(percentile(&run.latencies, p));
    let over = |p| ms(percentile(&run.overheads, p));
    vec![
        format!(
            "{} users × {} messages, model {} ms, pause {} ms",
            run.users,
            run.messages / run.users.max(1),
            run.load.model_latency.as_millis(),
            run.load.think.as_millis()
        ),
        format!("{:.0} messages/s", run.messages as f64 / run.wall.as_secs_f64()),
        format!("{} / {} / {}", lat(50.0), lat(95.0), lat(99.0)),
        format!("{} / {} / {}", over(50.0), over(95.0), over(99.0)),
        format!("{:.2}", run.round_trips),
        format!("{:.1} MB", run.peak_rss_mb),
        format!("{} / {}", run.lost, run.duplicated),
    ]
}

fn report(o: &Options, chat: Option<(&ChatRun, &ChatRun)>, portal: &PortalRun) -> String {
    let names = [
        "configuration",
        "throughput",
        "end-to-end latency p50 / p95 / p99",
        "overhead (latency − model time) p50 / p95 / p99",
        "database round trips per message",
        "bot peak RSS",
        "lost / duplicated messages",
    ];
    let mut out = format!(
        "Run `{}` on {}, `scripts/bench{}{}`.\n\n",
        o.label,
        machine(),
        if o.label == "small" { " --small" } else { "" },
        if o.portal_only { " --portal-only" } else { "" },
    );
    if let Some((latency, throughput)) = chat {
        out.push_str("| chat pipeline | latency run | throughput run |\n|---|---|---|\n");
        for ((name, a), b) in names.iter().zip(chat_rows(latency)).zip(chat_rows(throughput)) {
            out.push_str(&format!("| {name} | {a} | {b} |\n"));
        }
        out.push('\n');
    }
    let p = |v: &[Duration]| {
        format!(
            "{} / {} ({} samples)",
            ms(percentile(v, 50.0)),
            ms(percentile(v, 99.0)),
            v.len()
        )
    };
    out.push_str("| portal | value |\n|---|---|\n");
    for (name, value) in [
        (
            "sign-up burst",
            format!(
                "{} concurrent sign-ups in {}",
                portal.signups,
                ms(portal.signup_wall)
            ),
        ),
        (
            "log-in burst",
            format!(
                "{} concurrent log-ins in {}",
                portal.signups,
                ms(portal.login_wall)
            ),
        ),
        (
            "portal peak RSS: after the sign-ups / after the log-ins too",
            format!(
                "{:.1} MB / {:.1} MB",
                portal.peak_rss_signups_mb, portal.peak_rss_mb
            ),
        ),
        ("`/healthz` during the log-in burst p50 / p99", p(&portal.healthz)),
        (
            "`GET /api/tasks` during the log-in burst p50 / p99",
            p(&portal.tasks),
        ),
        (
            "failed log-in, median: wrong password / unknown email",
            format!("{} / {}", ms(portal.failed_login.0), ms(portal.failed_login.1)),
        ),
        ("errors", portal.errors.to_string()),
    ] {
        out.push_str(&format!("| {name} | {value} |\n"));
    }
    out
}

/// Replaces the section between the markers for this run's label.
fn record(label: &str, table: &str) -> anyhow::Result<()> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let start = format!("<!-- results:{label}:start -->");
    let end = format!("<!-- results:{label}:end -->");
    let section = format!("{start}\n{table}{end}");
    let updated = match (text.find(&start), text.find(&end)) {
        (Some(a), Some(b)) if a < b => format!("{}{section}{}", &text[..a], &text[b + end.len()..]),
        _ => format!("{text}\n{section}\n"),
    };
    std::fs::write(&path, updated)?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let o = Options::parse()?;
    let chat = if o.portal_only {
        None
    } else {
        let latency = chat_pipeline(
            &o,
            Load {
                model_latency: o.model_latency,
                think: o.think,
            },
        )
        .await?;
        let throughput = chat_pipeline(
            &o,
            Load {
                model_latency: Duration::ZERO,
                think: Duration::ZERO,
            },
        )
        .await?;
        Some((latency, throughput))
    };
    let portal = portal_load(&o).await?;
    let table = report(&o, chat.as_ref().map(|(l, t)| (l, t)), &portal);
    println!("{table}");
    if o.record {
        record(&o.label, &table)?;
    }
    let (lost, duplicated) = chat
        .as_ref()
        .map_or((0, 0), |(l, t)| (l.lost + t.lost, l.duplicated + t.duplicated));
    if lost > 0 || duplicated > 0 || portal.errors > 0 {
        bail!(
            "{lost} lost and {duplicated} duplicated messages, {} portal errors",
            portal.errors
        );
    }
    Ok(())
}
