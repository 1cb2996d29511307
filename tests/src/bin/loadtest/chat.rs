//! The chat pipeline: linked people sending a mix of commands and free text
//! and waiting for each reply; latency from injecting the update to the fake
//! receiving the bot's `sendMessage`.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use tasklink_tests::{
    fake_openai::{FakeOpenAi, Reply},
    fake_telegram::{FakeTelegram, TgUser},
    helpers::TestDb,
    pg_proxy::PgProxy,
};
use tokio::sync::oneshot;

use crate::common::{
    bot_env, diag, ms, peak_rss_mb, percentile, proxied_url, seed_first_task, seed_linked, sorted, start_bot,
    upstream, wait_polling,
};

/// The first stretch of a run, right after the bot (and its database) started:
/// its first messages meet cold Postgres backends and caches and wait tens of
/// milliseconds (measured: the slowest 1% of a run were all sent in its first
/// 0.2 s). The overhead is reported with it and, as the steady state, without it.
pub(crate) const COLD_START: Duration = Duration::from_secs(1);

/// One chat run's shape: the model's latency and the users' pause between messages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Load {
    pub(crate) model_latency: Duration,
    pub(crate) think: Duration,
}

/// The figures of one chat-pipeline run.
pub(crate) struct ChatRun {
    pub(crate) load: Load,
    pub(crate) users: usize,
    pub(crate) messages: usize,
    pub(crate) wall: Duration,
    pub(crate) latencies: Vec<Duration>,
    pub(crate) overheads: Vec<Duration>,
    /// Overheads of the messages sent after [`COLD_START`].
    pub(crate) steady_overheads: Vec<Duration>,
    pub(crate) round_trips: f64,
    pub(crate) peak_rss_mb: f64,
    pub(crate) lost: usize,
    pub(crate) duplicated: usize,
}

/// Hands each message the bot sends to the user waiting on that chat; a
/// message nobody waits for is kept with the instant it arrived.
#[derive(Clone, Default)]
pub(crate) struct Router {
    waiting: Arc<Mutex<HashMap<i64, oneshot::Sender<Instant>>>>,
    unexpected: Arc<Mutex<Vec<(i64, Instant)>>>,
    /// When every message arrived, in order.
    all: Arc<Mutex<Vec<(i64, Instant)>>>,
}

impl Router {
    pub(crate) fn start(telegram: &FakeTelegram) -> Self {
        let router = Self::default();
        let mut sends = telegram.observe_sends();
        let r = router.clone();
        tokio::spawn(async move {
            while let Some(chat) = sends.recv().await {
                let now = Instant::now();
                r.all.lock().unwrap().push((chat, now));
                let waiter = r.waiting.lock().unwrap().remove(&chat);
                match waiter {
                    Some(tx) => {
                        let _ = tx.send(now);
                    }
                    None => r.unexpected.lock().unwrap().push((chat, now)),
                }
            }
        });
        router
    }

    fn expect(&self, chat: i64) -> oneshot::Receiver<Instant> {
        let (tx, rx) = oneshot::channel();
        self.waiting.lock().unwrap().insert(chat, tx);
        rx
    }

    /// Messages nobody waited for, with when they arrived.
    pub(crate) fn unexpected(&self) -> Vec<(i64, Instant)> {
        self.unexpected.lock().unwrap().clone()
    }

    /// When each message the bot sent arrived, oldest first.
    pub(crate) fn arrivals(&self) -> Vec<Instant> {
        self.all.lock().unwrap().iter().map(|(_, t)| *t).collect()
    }

    /// When each message to `chat` arrived, oldest first.
    pub(crate) fn arrivals_in(&self, chat: i64) -> Vec<Instant> {
        let all = self.all.lock().unwrap();
        all.iter().filter(|(c, _)| *c == chat).map(|(_, t)| *t).collect()
    }

    /// Messages the bot sent so far.
    pub(crate) fn count(&self) -> usize {
        self.all.lock().unwrap().len()
    }

    /// Users waiting for a reply now.
    pub(crate) fn waiting(&self) -> usize {
        self.waiting.lock().unwrap().len()
    }

    /// How many of them went to these chats (replies nobody asked for).
    pub(crate) fn strays(&self, chats: &HashSet<i64>) -> usize {
        self.unexpected
            .lock()
            .unwrap()
            .iter()
            .filter(|(c, _)| chats.contains(c))
            .count()
    }
}

/// One message's timing: when it was injected, its latency and overhead.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timed {
    /// What the message was: `/add`, `/tasks`, `/done` or free text.
    pub(crate) kind: &'static str,
    pub(crate) sent: Instant,
    pub(crate) latency: Duration,
    pub(crate) overhead: Duration,
    /// From injecting the update to the bot fetching it (`getUpdates`).
    pub(crate) fetched: Duration,
}

/// What the users saw.
pub(crate) struct Chatted {
    pub(crate) timings: Vec<Timed>,
    /// Messages that got no reply within `reply_timeout`.
    pub(crate) unanswered: usize,
    /// `/add`s sent, by Telegram user id.
    pub(crate) adds: HashMap<i64, usize>,
}

/// The kinds of message [`message`] sends, in turn.
const KINDS: [&str; 4] = ["/add", "/tasks", "/done", "free text"];

/// Message `k` of a person's script (a realistic mix: add, list, complete,
/// free text for the model), whose `/done` completes their task number
/// `done`: its kind, its text and how many model calls it makes.
fn message(k: usize, done: usize) -> (&'static str, String, u32) {
    let kind = KINDS[k % KINDS.len()];
    let (text, model_calls) = match k % KINDS.len() {
        0 => (format!("/add Load task {k}"), 0),
        1 => ("/tasks".to_owned(), 0),
        2 => (format!("/done {done}"), 0),
        _ => ("what's still open?".to_owned(), 1),
    };
    (kind, text, model_calls)
}

/// Runs `messages` messages for each of `ids` (Telegram user ids), each user
/// waiting for the reply (at most `reply_timeout`) before pausing and sending
/// the next. Each starts the script of [`message`] at its own place (its index
/// modulo the kinds), so that at every moment a quarter of the messages are
/// of each kind: started in step, the users sent each kind in waves (all the
/// `/add`s within about 2 s, then all the `/tasks`, ...), and a wave of model
/// turns, which cost the most, made the paced run's slowest messages. Every
/// `/done` completes a task the user has: task 1, which
/// [`seed_first_task`](crate::common::seed_first_task) gave everyone, then
/// the ones they added.
pub(crate) async fn chat(
    telegram: &FakeTelegram,
    router: &Router,
    ids: &[i64],
    messages: usize,
    load: Load,
    reply_timeout: Duration,
) -> anyhow::Result<Chatted> {
    let mut users = tokio::task::JoinSet::new();
    for (i, id) in ids.iter().enumerate() {
        let user = TgUser::new(*id, &format!("load{i}"));
        let telegram = telegram.clone();
        let router = router.clone();
        let model_latency = load.model_latency;
        // Deterministic jitter in [0.5, 1.5), so users do not move in lockstep.
        let jitter = move |k: usize| 0.5 + ((i * 7919 + k * 104_729) % 1000) as f64 / 1000.0;
        let think = load.think;
        users.spawn(async move {
            let mut timings = Vec::new();
            let mut unanswered = 0;
            let mut adds = 0;
            let mut dones = 0;
            let chat = user.chat();
            // Users arrive spread over one think time, not all at once.
            tokio::time::sleep(think.mul_f64(jitter(0) - 0.5)).await;
            for k in 0..messages {
                if k > 0 {
                    tokio::time::sleep(think.mul_f64(jitter(k))).await;
                }
                let step = k + i % KINDS.len();
                dones += usize::from(KINDS[step % KINDS.len()] == "/done");
                let (kind, text, model_calls) = message(step, dones);
                adds += usize::from(kind == "/add");
                let rx = router.expect(chat.id);
                let sent = Instant::now();
                let injected = telegram.send_text(&chat, &user, &text);
                match tokio::time::timeout(reply_timeout, rx).await {
                    Ok(Ok(at)) => {
                        let latency = at - sent;
                        let fetched = telegram
                            .first_delivered(injected.update_id)
                            .map_or(Duration::ZERO, |t| t.saturating_duration_since(sent));
                        timings.push(Timed {
                            kind,
                            sent,
                            latency,
                            overhead: latency.saturating_sub(model_latency * model_calls),
                            fetched,
                        });
                    }
                    _ => unanswered += 1,
                }
            }
            (user.id, timings, unanswered, adds)
        });
    }
    let mut out = Chatted {
        timings: Vec::new(),
        unanswered: 0,
        adds: HashMap::new(),
    };
    while let Some(done) = users.join_next().await {
        let (id, timings, unanswered, adds) = done?;
        out.unanswered += unanswered;
        out.timings.extend(timings);
        out.adds.insert(id, adds);
    }
    Ok(out)
}

/// The fake model, answering after the load's latency.
pub(crate) async fn model(load: Load) -> FakeOpenAi {
    let openai = FakeOpenAi::start().await;
    openai.forever(Reply::Simulated);
    openai.set_latency(load.model_latency);
    openai
}

/// Ids of `n` chatting users (Telegram user ids, also their chats).
pub(crate) fn chat_ids(n: usize) -> Vec<i64> {
    (0..n as i64).map(|i| 5_000_000 + i).collect()
}

pub(crate) async fn chat_pipeline(users: usize, messages: usize, load: Load) -> anyhow::Result<ChatRun> {
    let db = TestDb::new().await;
    eprintln!("loadtest: database ready; seeding {users} linked users");
    let proxy = PgProxy::start(upstream(&db.url)).await;
    let openai = model(load).await;
    let telegram = FakeTelegram::start().await;
    let router = Router::start(&telegram);
    let ids = chat_ids(users);
    seed_first_task(&db.pool, &seed_linked(&db.pool, &ids).await?).await?;

    let bot = start_bot(&bot_env(proxied_url(&db.url, &proxy), &telegram, &openai))?;
    let pid = bot.pid();
    eprintln!("loadtest: bot started (pid {pid}); waiting for it to poll");
    wait_polling(&telegram, 0).await?;

    let round_trips_before = proxy.round_trips();
    let statements_before = proxy.statements();
    let model_calls_before = openai.request_count();
    let started = Instant::now();
    let chatted = chat(&telegram, &router, &ids, messages, load, Duration::from_secs(60)).await?;
    let wall = started.elapsed();
    diag(pid, "after the chat run");
    diag_tail(&chatted.timings, started);
    // Anything still arriving is a duplicate.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let total = users * messages;
    let round_trips = (proxy.round_trips() - round_trips_before) as f64 / total as f64;
    if let (Some(before), Some(after)) = (statements_before, proxy.statements()) {
        print_statements(&before, &after, "message", total);
    }
    let peak_rss_mb = peak_rss_mb(pid);
    let model_calls = openai.request_count() - model_calls_before;
    let expected_model_calls = users * (messages / 4);
    if model_calls != expected_model_calls {
        eprintln!("note: {model_calls} model calls, expected {expected_model_calls}");
    }
    drop(bot);
    let latencies = sorted(chatted.timings.iter().map(|t| t.latency));
    let overheads = sorted(chatted.timings.iter().map(|t| t.overhead));
    let steady_overheads = sorted(
        chatted
            .timings
            .iter()
            .filter(|t| t.sent - started >= COLD_START)
            .map(|t| t.overhead),
    );
    let duplicated = router.strays(&ids.iter().copied().collect());
    Ok(ChatRun {
        load,
        users,
        messages: total,
        wall,
        latencies,
        overheads,
        steady_overheads,
        round_trips,
        peak_rss_mb,
        lost: chatted.unanswered,
        duplicated,
    })
}

/// Where the tail is (`LOADTEST_DIAG`): overhead by kind of message, and
/// when the slowest 1% were sent (clustered instants point at a stall).
fn diag_tail(timings: &[Timed], started: Instant) {
    if std::env::var_os("LOADTEST_DIAG").is_none() {
        return;
    }
    for kind in KINDS {
        let overheads = sorted(timings.iter().filter(|t| t.kind == kind).map(|t| t.overhead));
        let p = |q| ms(percentile(&overheads, q));
        eprintln!(
            "overhead of {kind}: p50 {} p95 {} p99 {} ({} messages)",
            p(50.0),
            p(95.0),
            p(99.0),
            overheads.len()
        );
    }
    let mut slowest: Vec<&Timed> = timings.iter().collect();
    slowest.sort_by_key(|t| std::cmp::Reverse(t.overhead));
    slowest.truncate(timings.len() / 100);
    slowest.sort_by_key(|t| t.sent);
    let list: Vec<String> = slowest
        .iter()
        .map(|t| {
            format!(
                "{:.2}s {} {} (fetched after {})",
                (t.sent - started).as_secs_f64(),
                t.kind,
                ms(t.overhead),
                ms(t.fetched)
            )
        })
        .collect();
    eprintln!("slowest 1%, by when sent: {}", list.join(", "));
}

/// Round trips per message (or reminder) by statement (`LOADTEST_STATEMENTS`), most first.
pub(crate) fn print_statements(
    before: &HashMap<String, u64>,
    after: &HashMap<String, u64>,
    per: &str,
    count: usize,
) {
    let mut rows: Vec<(u64, &String)> = after
        .iter()
        .map(|(s, n)| (n - before.get(s).copied().unwrap_or(0), s))
        .filter(|(n, _)| *n > 0)
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    eprintln!("round trips per {per} by statement ({count} {per}s):");
    for (n, statement) in rows {
        eprintln!("{:7.2}  {n:6}  {statement}", n as f64 / count as f64);
    }
}
