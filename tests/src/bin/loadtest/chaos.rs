//! The chaos run (issue 13): the chat latency run, scaled down, with the bot
//! SIGKILLed at mid-load and started again. Every message must get its reply
//! and every `/add` exactly one task; the only duplicate allowed is a reply
//! the fake accepted just before the kill (its message is handled again).

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use tasklink_tests::{fake_telegram::FakeTelegram, helpers::TestDb};

use crate::{
    chat::{Load, Router, chat, chat_ids, model},
    common::{bot_env, ms, seed_first_task, seed_linked, set, sorted, spread, start_bot, wait_polling},
};

/// A turn's lease in this run: how soon after the kill the restarted bot
/// takes over the messages the dead one held.
const TURN_LEASE_SECS: u64 = 5;

pub(crate) struct ChaosRun {
    pub(crate) users: usize,
    pub(crate) messages: usize,
    pub(crate) load: Load,
    /// Replies the fake had accepted when the bot was killed, of all expected.
    pub(crate) replies_before_kill: usize,
    /// People waiting for a reply at the kill.
    pub(crate) in_flight: usize,
    /// From the kill to the new process polling.
    pub(crate) restart: Duration,
    pub(crate) lost: usize,
    pub(crate) duplicated: usize,
    /// For each duplicate: when the fake accepted the first copy, relative
    /// to the kill (negative: before it), and when the second came after the kill.
    pub(crate) duplicates: Vec<(f64, f64)>,
    pub(crate) adds: usize,
    pub(crate) tasks: i64,
    pub(crate) doubled_effects: i64,
    pub(crate) missing_effects: i64,
    pub(crate) overheads: Vec<Duration>,
}

pub(crate) async fn chaos(users: usize, messages: usize, load: Load) -> anyhow::Result<ChaosRun> {
    let db = TestDb::new().await;
    let openai = model(load).await;
    let telegram = FakeTelegram::start().await;
    let router = Router::start(&telegram);
    let ids = chat_ids(users);
    seed_first_task(&db.pool, &seed_linked(&db.pool, &ids).await?).await?;
    let mut env = bot_env(db.url.clone(), &telegram, &openai);
    set(&mut env, "TASKLINK_TURN_LEASE", &TURN_LEASE_SECS.to_string());
    let bot = start_bot(&env)?;
    wait_polling(&telegram, 0).await?;
    eprintln!(
        "loadtest: chaos: bot up (pid {}); {users} users × {messages} messages",
        bot.pid()
    );

    let chatting = {
        let (telegram, router, ids) = (telegram.clone(), router.clone(), ids.clone());
        tokio::spawn(
            async move { chat(&telegram, &router, &ids, messages, load, Duration::from_secs(90)).await },
        )
    };
    let total = users * messages;
    while router.count() < total / 2 && !chatting.is_finished() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut bot = bot;
    bot.0.kill()?;
    let killed = Instant::now();
    bot.0.wait()?;
    let replies_before_kill = router.count();
    let in_flight = router.waiting();
    eprintln!(
        "loadtest: chaos: SIGKILLed the bot after {replies_before_kill} of {total} replies, {in_flight} people waiting"
    );
    let polls = telegram.calls("getUpdates").len();
    let bot = start_bot(&env)?;
    wait_polling(&telegram, polls).await?;
    let restart = killed.elapsed();
    let chatted = chatting.await??;
    // A second copy still on its way arrives now.
    tokio::time::sleep(Duration::from_secs(2)).await;
    drop(bot);

    let mut by_chat: HashMap<i64, Vec<String>> = HashMap::new();
    for m in telegram.all_sent() {
        by_chat.entry(m.chat_id).or_default().push(m.text);
    }
    let mut duplicated = 0;
    let mut duplicates = Vec::new();
    for id in &ids {
        let texts = by_chat.get(id).cloned().unwrap_or_default();
        if texts.len() > messages {
            duplicated += texts.len() - messages;
            eprintln!(
                "loadtest: chaos: chat {id} got {} replies to {messages} messages: {texts:?}",
                texts.len()
            );
            let times = router.arrivals_in(*id);
            let secs = |t: Instant| {
                if t >= killed {
                    t.duration_since(killed).as_secs_f64()
                } else {
                    -killed.duration_since(t).as_secs_f64()
                }
            };
            // The earliest repeated texts are the extra copies (a later
            // repeat may be a different message with the same answer).
            let extra = texts.len() - messages;
            let repeats = texts.iter().enumerate().filter_map(|(j, text)| {
                let i = texts[..j].iter().position(|t| t == text)?;
                Some((*times.get(i)?, *times.get(j)?))
            });
            duplicates.extend(repeats.take(extra).map(|(a, b)| (secs(a), secs(b))));
        }
    }
    let lost = chatted.unanswered;

    // Tasks added in the run: task 1 of each person is the seeded one.
    let tasks: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT l.platform_user_id::bigint, count(t.id)
         FROM linked_accounts l LEFT JOIN tasks t ON t.user_id = l.user_id AND t.number > 1
         GROUP BY l.platform_user_id",
    )
    .fetch_all(&db.pool)
    .await?;
    let (mut doubled_effects, mut missing_effects, mut task_total) = (0, 0, 0);
    for (tg, n) in &tasks {
        let adds = chatted.adds.get(tg).copied().unwrap_or(0) as i64;
        doubled_effects += (n - adds).max(0);
        missing_effects += (adds - n).max(0);
        task_total += n;
    }
    let overheads = sorted(chatted.timings.iter().map(|t| t.overhead));
    Ok(ChaosRun {
        users,
        messages,
        load,
        replies_before_kill,
        in_flight,
        restart,
        lost,
        duplicated,
        duplicates,
        adds: chatted.adds.values().sum(),
        tasks: task_total,
        doubled_effects,
        missing_effects,
        overheads,
    })
}

pub(crate) fn report(r: &ChaosRun) -> String {
    let dupes = if r.duplicated == 0 {
        "none".to_owned()
    } else if r.duplicates.is_empty() {
        // A read answered again after the restart says what is true then
        // ("Your tasks" after a later `/done`): no text repeats.
        "each with a text of its own: answered again after the restart".to_owned()
    } else {
        r.duplicates
            .iter()
            .map(|(a, b)| {
                format!(
                    "first copy {:+.0} ms from the kill, second {:+.0} ms",
                    a * 1000.0,
                    b * 1000.0
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let rows = [
        (
            "configuration",
            format!(
                "{} users × {} messages, model {} ms, pause {} ms; TASKLINK_TURN_LEASE={TURN_LEASE_SECS}",
                r.users,
                r.messages,
                r.load.model_latency.as_millis(),
                r.load.think.as_millis()
            ),
        ),
        (
            "SIGKILL",
            format!(
                "after {} of {} replies, {} people waiting for one",
                r.replies_before_kill,
                r.users * r.messages,
                r.in_flight
            ),
        ),
        ("kill to the new process polling", ms(r.restart)),
        ("lost replies", r.lost.to_string()),
        ("duplicated replies", format!("{} ({dupes})", r.duplicated)),
        (
            "`/add`s sent / tasks in the database",
            format!("{} / {}", r.adds, r.tasks),
        ),
        (
            "doubled / missing effects",
            format!("{} / {}", r.doubled_effects, r.missing_effects),
        ),
        ("overhead p50 / p95 / p99 (whole run)", spread(&r.overheads)),
        ("load average at the end", crate::common::load_average()),
    ];
    let mut out = String::from("| chaos run | value |\n|---|---|\n");
    for (name, value) in rows {
        out.push_str(&format!("| {name} | {value} |\n"));
    }
    out
}
