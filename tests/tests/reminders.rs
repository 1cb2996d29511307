//! Reminders that arrive: core's scheduler with the production Telegram
//! courier against the fake Bot API and real Postgres; the Telegram adapter
//! runs alongside for the buttons. Times are a few seconds ahead on the
//! system clock, or a fixed clock moved by the test (then a NOTIFY wakes the
//! scheduler, as a write to `tasks` would).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::{DateTime, Utc};
use serde_json::Value;
use tasklink_bot::{
    discord,
    pacer::Budget,
    telegram::{self, TelegramCourier},
};
use tasklink_core::{
    Core,
    accounts::UserId,
    clock::Clock,
    linking::Platform,
    reminders::{self, Courier, Settings},
    shutdown::{self, StopHandle},
    tasks::{self, TaskNumber},
    time::{SignedDuration, Timestamp, storage},
};
use tasklink_tests::{
    fake_discord::{DiscordUser, FakeDiscord, Place, RateLimit, SentMessage},
    fake_telegram::{Failure, FakeTelegram, Sent, TgUser, WAIT},
    helpers::{TestDb, binary, spawn_portal},
};
use tokio::task::JoinHandle;

/// When each message reached the fake: (chat, instant), in order.
type Arrivals = Arc<Mutex<Vec<(i64, DateTime<Utc>)>>>;

/// Tasks and schedulers of one test, stopped when it ends.
struct Harness {
    db: TestDb,
    core: Core,
    tg: FakeTelegram,
    clock: Clock,
    running: Vec<JoinHandle<()>>,
    stops: Vec<StopHandle>,
    /// When each message reached the fake, by chat, in order.
    arrivals: Arrivals,
}

impl Drop for Harness {
    fn drop(&mut self) {
        for stop in &self.stops {
            stop.stop();
        }
        for task in &self.running {
            task.abort();
        }
    }
}

impl Harness {
    /// The Telegram adapter on `clock`, without a scheduler yet.
    async fn start(clock: Clock) -> Self {
        let db = TestDb::new().await;
        let tg = FakeTelegram::start().await;
        let config = db.config(&tg.env());
        let telegram = config.telegram.clone().expect("Telegram is configured");
        let core = Core::with_clock(db.pool.clone(), config, clock.clone());
        let adapter = tokio::spawn({
            let core = core.clone();
            async move {
                telegram::run(core, telegram)
                    .await
                    .expect("the Telegram adapter runs");
            }
        });
        let arrivals: Arrivals = Arc::default();
        let mut observed = tg.observe_sends();
        let recorder = tokio::spawn({
            let arrivals = arrivals.clone();
            async move {
                while let Some(chat) = observed.recv().await {
                    arrivals.lock().unwrap().push((chat, Utc::now()));
                }
            }
        });
        Self {
            db,
            core,
            tg,
            clock,
            running: vec![adapter, recorder],
            stops: Vec::new(),
            arrivals,
        }
    }

    /// At a fixed instant (RFC 3339).
    async fn at(instant: &str) -> Self {
        Self::start(Clock::fixed(instant.parse().unwrap())).await
    }

    /// A Telegram courier with its own handle on the bot's shared budget.
    fn courier(&self) -> Arc<dyn Courier> {
        let config = self.core.config.telegram.as_ref().unwrap();
        let budget = Budget::new(
            self.db.pool.clone(),
            Platform::Telegram,
            config.max_sends_per_second,
        );
        Arc::new(TelegramCourier::new(config, budget).unwrap())
    }

    /// Starts one more scheduler on the same database.
    fn scheduler(&mut self) {
        let couriers = vec![self.courier()];
        self.scheduler_with(couriers);
    }

    /// A scheduler with these couriers.
    fn scheduler_with(&mut self, couriers: Vec<Arc<dyn Courier>>) {
        let (stop, stopped) = shutdown::channel();
        let core = self.core.clone();
        self.running.push(tokio::spawn(reminders::run_with(
            core,
            couriers,
            Settings::default(),
            stopped,
        )));
        self.stops.push(stop);
    }

    /// A person whose Telegram account `tg_user` is linked and whose private
    /// chat with the bot exists.
    async fn person(&self, email: &str, tg_user: &TgUser) -> UserId {
        let user = self.db.user(email).await;
        link(&self.db.pool, user, tg_user).await;
        self.tg.open_chat(tg_user);
        user
    }

    /// Adds a task due (and reminded) at `at`; a date-only task when `timed`
    /// is false (its reminder still at `at`). Returns its number.
    async fn task(&self, user: UserId, title: &str, at: Timestamp, timed: bool, repeat: Option<&str>) -> i32 {
        add_task(&self.db.pool, user, title, at, timed, repeat, true).await
    }

    fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Moves the fixed clock and wakes the schedulers.
    async fn advance(&self, by: SignedDuration) {
        self.clock.advance(by);
        wake(&self.db.pool).await;
    }

    async fn wait_for_sent(&self, user: &TgUser, n: usize) -> Vec<Sent> {
        self.tg.wait_for_sent(user.id, n).await
    }

    /// Presses a button under `sent` and waits for the message to show the answer.
    async fn press(&self, from: &TgUser, sent: &Sent, label: &str) -> Sent {
        let data = button(sent, label);
        let before = self
            .tg
            .sent(sent.chat_id)
            .into_iter()
            .find(|m| m.message_id == sent.message_id)
            .map_or(0, |m| m.edits);
        let id = self.tg.press(from, sent, &data);
        self.tg.wait_for_callback_answer(&id).await;
        self.tg
            .wait_for_edit(sent.chat_id, sent.message_id, before + 1)
            .await
    }

    async fn remind_at(&self, user: UserId, number: i32) -> Option<Timestamp> {
        tasks::get(&self.db.pool, user, TaskNumber::new(number.into()).unwrap())
            .await
            .unwrap()
            .remind_at
            .map(storage::timestamp_from_chrono)
    }

    async fn outbox(&self, user: UserId) -> Vec<(String, String, Option<String>)> {
        outbox_rows(&self.db.pool, user).await
    }

    /// When each message to `chat` arrived.
    fn arrived(&self, chat: i64) -> Vec<DateTime<Utc>> {
        let arrivals = self.arrivals.lock().unwrap();
        arrivals
            .iter()
            .filter(|(c, _)| *c == chat)
            .map(|(_, t)| *t)
            .collect()
    }
}

async fn link(db: &sqlx::PgPool, user: UserId, tg_user: &TgUser) {
    sqlx::query(
        "INSERT INTO linked_accounts (user_id, platform, platform_user_id, username) VALUES ($1, 'telegram', $2, $3)",
    )
    .bind(user.get())
    .bind(tg_user.id.to_string())
    .bind(&tg_user.username)
    .execute(db)
    .await
    .unwrap();
}

async fn add_task(
    db: &sqlx::PgPool,
    user: UserId,
    title: &str,
    at: Timestamp,
    timed: bool,
    repeat: Option<&str>,
    remind: bool,
) -> i32 {
    sqlx::query_scalar(
        r#"
        WITH next AS (
            UPDATE users SET next_task_number = next_task_number + 1 WHERE id = $1
            RETURNING next_task_number - 1 AS number
        ), due AS (
            SELECT CASE WHEN $4 THEN date_trunc('minute', $3 AT TIME ZONE 'UTC')
                        ELSE date_trunc('day', $3 AT TIME ZONE 'UTC') END AS local
        )
        INSERT INTO tasks (user_id, number, title, due_local, due_has_time, due_tz, due_at, remind_at, repeat)
        SELECT $1, next.number, $2, due.local, $4, 'UTC', due.local AT TIME ZONE 'UTC',
               CASE WHEN $6 THEN $3 END, $5
        FROM next, due
        RETURNING number
        "#,
    )
    .bind(user.get())
    .bind(title)
    .bind(storage::timestamp_to_chrono(at))
    .bind(timed)
    .bind(repeat)
    .bind(remind)
    .fetch_one(db)
    .await
    .unwrap()
}

async fn wake(db: &sqlx::PgPool) {
    sqlx::query("SELECT pg_notify($1, '')")
        .bind(reminders::CHANNEL)
        .execute(db)
        .await
        .unwrap();
}

/// (kind, state, failure) of each outbox row of `user`, oldest first.
async fn outbox_rows(db: &sqlx::PgPool, user: UserId) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as("SELECT kind, state, failure FROM outbox WHERE user_id = $1 ORDER BY id")
        .bind(user.get())
        .fetch_all(db)
        .await
        .unwrap()
}

fn button(sent: &Sent, label: &str) -> String {
    sent.buttons
        .iter()
        .find(|(l, _)| l.contains(label))
        .unwrap_or_else(|| panic!("no button {label} under {sent:#?}"))
        .1
        .clone()
}

fn secs(n: i64) -> SignedDuration {
    SignedDuration::from_secs(n)
}

fn hhmm(at: Timestamp) -> String {
    let t = tasklink_core::time::TimeZone::UTC.to_datetime(at);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn ada() -> TgUser {
    TgUser::new(1001, "ada")
}

fn bob() -> TgUser {
    TgUser::new(1002, "bob")
}

fn carol() -> TgUser {
    TgUser::new(1003, "carol")
}

/// Polls until `check` holds (for database state the fake cannot see).
async fn eventually<F, Fut>(what: &str, check: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn latency_ms(arrived: DateTime<Utc>, due: Timestamp) -> i64 {
    (arrived - storage::timestamp_to_chrono(due)).num_milliseconds()
}

#[tokio::test]
async fn a_reminder_arrives_at_its_time_with_its_buttons() {
    let mut h = Harness::start(Clock::system()).await;
    let ada_tg = ada();
    let ada = h.person("ada@example.com", &ada_tg).await;
    h.scheduler();
    let at = h.now().checked_add(secs(3)).unwrap();
    h.task(ada, "Pay rent", at, true, None).await;

    let sent = h.wait_for_sent(&ada_tg, 1).await;
    let arrived = h.arrived(ada_tg.id)[0];
    assert_eq!(sent[0].text, format!("⏰ #1 Pay rent — due today {}", hhmm(at)));
    let buttons: Vec<(&str, &str)> = sent[0]
        .buttons
        .iter()
        .map(|(l, d)| (l.as_str(), d.as_str()))
        .collect();
    assert_eq!(
        buttons,
        [
            ("✅ Done", "fin:1"),
            ("15 min", "snz:15m:1"),
            ("1 hour", "snz:1h:1"),
            ("Tomorrow", "snz:tmrw:1")
        ]
    );
    let latency = latency_ms(arrived, at);
    assert!(latency >= 0, "arrived {latency} ms before its time");
    println!("reminder latency (3 s ahead, Telegram): {latency} ms after remind_at");
    let db = h.db.pool.clone();
    eventually("the row to be recorded as sent", || {
        let db = db.clone();
        async move { outbox_rows(&db, ada).await == [("reminder".to_owned(), "sent".to_owned(), None)] }
    })
    .await;
    let platform: Option<String> = sqlx::query_scalar("SELECT platform FROM outbox")
        .fetch_one(&h.db.pool)
        .await
        .unwrap();
    assert_eq!(platform.as_deref(), Some("telegram"));
}

#[tokio::test]
async fn snooze_buttons_move_this_occurrences_reminder_and_say_until_when() {
    let mut h = Harness::at("2026-11-26T09:00:00Z").await;
    let ada_tg = ada();
    let ada = h.person("ada@example.com", &ada_tg).await;
    h.task(ada, "Pay rent", h.now(), true, None).await;
    h.scheduler();

    let first = h.wait_for_sent(&ada_tg, 1).await.remove(0);
    assert_eq!(first.text, "⏰ #1 Pay rent — due today 09:00");
    let edited = h.press(&ada_tg, &first, "15 min").await;
    assert_eq!(edited.text, "⏰ #1 Pay rent — snoozed until 09:15");
    assert!(edited.buttons.is_empty());
    let snoozed = "2026-11-26T09:15:00Z".parse().unwrap();
    assert_eq!(h.remind_at(ada, 1).await, Some(snoozed));

    // The snoozed reminder comes again at its new time, and only then.
    h.advance(SignedDuration::from_mins(14)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(h.tg.sent(ada_tg.id).len(), 1, "nothing before 09:15");
    h.advance(SignedDuration::from_mins(1)).await;
    let again = h.wait_for_sent(&ada_tg, 2).await.remove(1);
    assert_eq!(again.text, "⏰ #1 Pay rent — overdue since 09:00");

    let edited = h.press(&ada_tg, &again, "1 hour").await;
    assert_eq!(edited.text, "⏰ #1 Pay rent — snoozed until 10:15");
    assert_eq!(
        h.remind_at(ada, 1).await,
        Some("2026-11-26T10:15:00Z".parse().unwrap())
    );
    // Tomorrow: at the due's time of day.
    let edited = h.press(&ada_tg, &again, "Tomorrow").await;
    assert_eq!(edited.text, "⏰ #1 Pay rent — snoozed until tomorrow 09:00");
    assert_eq!(
        h.remind_at(ada, 1).await,
        Some("2026-11-27T09:00:00Z".parse().unwrap())
    );
}

#[tokio::test]
async fn done_completes_and_a_repeating_task_moves_on_and_its_next_reminder_follows() {
    let mut h = Harness::at("2026-11-26T09:00:00Z").await;
    let ada_tg = ada();
    let ada = h.person("ada@example.com", &ada_tg).await;
    h.task(ada, "Pay rent", h.now(), true, None).await;
    h.task(ada, "Water plants", h.now(), true, Some("FREQ=DAILY"))
        .await;
    h.scheduler();

    let sent = h.wait_for_sent(&ada_tg, 2).await;
    let of = |n: &str| sent.iter().find(|m| m.text.contains(n)).unwrap().clone();
    let (rent, plants) = (of("#1 Pay rent"), of("#2 Water plants"));
    assert_eq!(button(&plants, "Done"), "fin:2:2026-11-26T09:00");

    let edited = h.press(&ada_tg, &rent, "Done").await;
    assert_eq!(edited.text, "✅ #1 Pay rent — done.");
    let rent_task = tasks::get(&h.db.pool, ada, TaskNumber::new(1).unwrap())
        .await
        .unwrap();
    assert!(rent_task.completed);

    let edited = h.press(&ada_tg, &plants, "Done").await;
    assert_eq!(edited.text, "✅ #2 Water plants — done. Next: Fri 27 Nov 09:00.");
    let next = "2026-11-27T09:00:00Z".parse().unwrap();
    assert_eq!(h.remind_at(ada, 2).await, Some(next));
    // A second press for the same occurrence advances nothing.
    let id = h.tg.press(&ada_tg, &plants, &button(&plants, "Done"));
    h.tg.wait_for_callback_answer(&id).await;
    let plants_task = tasks::get(&h.db.pool, ada, TaskNumber::new(2).unwrap())
        .await
        .unwrap();
    assert!(!plants_task.completed);
    assert_eq!(plants_task.due.as_deref(), Some("2026-11-27T09:00:00+00:00"));

    // The next occurrence's reminder follows at its time.
    h.advance(SignedDuration::from_hours(24)).await;
    let sent = h.wait_for_sent(&ada_tg, 3).await;
    assert_eq!(sent[2].text, "⏰ #2 Water plants — due today 09:00");
    assert_eq!(button(&sent[2], "Done"), "fin:2:2026-11-27T09:00");
}

#[tokio::test]
async fn buttons_on_a_deleted_or_finished_task_or_pressed_by_someone_else_answer_so() {
    let mut h = Harness::at("2026-11-26T09:00:00Z").await;
    let (ada_tg, bob_tg) = (ada(), bob());
    let ada = h.person("ada@example.com", &ada_tg).await;
    let bob = h.person("bob@example.com", &bob_tg).await;
    h.task(ada, "Pay rent", h.now(), true, None).await;
    h.task(ada, "Call mom", h.now(), true, None).await;
    h.task(bob, "Bob's own #1", h.now(), true, None).await;
    h.scheduler();
    let sent = h.wait_for_sent(&ada_tg, 2).await;
    let of = |n: &str| sent.iter().find(|m| m.text.contains(n)).unwrap().clone();
    let (rent, call) = (of("#1 Pay rent"), of("#2 Call mom"));
    h.wait_for_sent(&bob_tg, 1).await;

    // Bob presses Done under Ada's reminder: refused, nobody's task changes.
    let id = h.tg.press(&bob_tg, &rent, &button(&rent, "Done"));
    let answer: Value = h.tg.wait_for_callback_answer(&id).await;
    assert!(
        answer["text"]
            .as_str()
            .unwrap_or_default()
            .contains("someone else"),
        "{answer}"
    );
    assert_eq!(answer["show_alert"], true);
    for (user, n) in [(ada, 1), (bob, 1)] {
        let task = tasks::get(&h.db.pool, user, TaskNumber::new(n).unwrap())
            .await
            .unwrap();
        assert!(!task.completed);
    }

    tasks::delete(&h.db.pool, ada, TaskNumber::new(1).unwrap())
        .await
        .unwrap();
    let edited = h.press(&ada_tg, &rent, "15 min").await;
    assert_eq!(edited.text, "Task #1 no longer exists: it was deleted.");
    // Done answers the same (the message already says so: nothing to edit).
    let id = h.tg.press(&ada_tg, &rent, &button(&rent, "Done"));
    h.tg.wait_for_callback_answer(&id).await;
    let calls = h.tg.calls("editMessageText");
    assert_eq!(calls.len(), 2, "{calls:#?}");
    assert_eq!(calls[1]["text"], "Task #1 no longer exists: it was deleted.");

    tasks::complete(&h.db.pool, ada, TaskNumber::new(2).unwrap())
        .await
        .unwrap();
    let edited = h.press(&ada_tg, &call, "1 hour").await;
    assert_eq!(
        edited.text,
        "#2 Call mom is already done: nothing to remind you of."
    );
    assert_eq!(
        h.remind_at(ada, 2).await,
        Some(h.now()),
        "a finished task is not snoozed"
    );
}

#[tokio::test]
async fn two_schedulers_deliver_500_reminders_exactly_once() {
    let mut h = Harness::start(Clock::system()).await;
    let people: Vec<TgUser> = (0..50).map(|i| TgUser::new(5000 + i, &format!("p{i}"))).collect();
    // Ahead by enough to write 500 tasks first.
    let at = h.now().checked_add(secs(5)).unwrap();
    for (i, tg_user) in people.iter().enumerate() {
        let user = h.person(&format!("p{i}@example.com"), tg_user).await;
        for n in 0..10 {
            h.task(user, &format!("Task {i}-{n}"), at, true, None).await;
        }
    }
    h.scheduler();
    h.scheduler();

    h.tg.wait_for("500 reminders", Duration::from_secs(60), |tg| {
        let n: usize = people.iter().map(|p| tg.sent(p.id).len()).sum();
        (n >= 500).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut seen = HashMap::new();
    for p in &people {
        for m in h.tg.sent(p.id) {
            *seen.entry(m.text).or_insert(0) += 1;
        }
    }
    assert_eq!(seen.len(), 500);
    assert!(
        seen.values().all(|&n| n == 1),
        "duplicates: {:?}",
        seen.iter().filter(|(_, n)| **n > 1).collect::<Vec<_>>()
    );
    let sent: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state = 'sent'")
        .fetch_one(&h.db.pool)
        .await
        .unwrap();
    assert_eq!(sent, 500);

    let mut latencies: Vec<i64> = h
        .arrivals
        .lock()
        .unwrap()
        .iter()
        .map(|(_, t)| latency_ms(*t, at))
        .collect();
    latencies.sort_unstable();
    assert!(latencies[0] >= 0, "a reminder arrived {} ms early", -latencies[0]);
    let pct = |p: usize| latencies[(latencies.len() * p / 100).min(latencies.len() - 1)];
    println!(
        "latency: 500 reminders due at once, two schedulers sharing TELEGRAM_MAX_SENDS_PER_SECOND=25: after remind_at p50 {} ms, p99 {} ms, max {} ms",
        pct(50),
        pct(99),
        latencies[latencies.len() - 1]
    );
}

#[tokio::test]
async fn a_blocked_chat_is_marked_unreachable_and_the_reminder_not_delivered() {
    let mut h = Harness::at("2026-11-26T09:00:00Z").await;
    let ada_tg = ada();
    let ada = h.person("ada@example.com", &ada_tg).await;
    h.tg.block(&ada_tg);
    h.task(ada, "Pay rent", h.now(), true, None).await;
    h.scheduler();

    let db = h.db.pool.clone();
    eventually("the reminder to be marked undelivered", || {
        let db = db.clone();
        async move {
            outbox_rows(&db, ada)
                .await
                .first()
                .is_some_and(|(_, state, _)| state == "undelivered")
        }
    })
    .await;
    let failure = &h.outbox(ada).await[0].2;
    assert!(
        failure.as_deref().unwrap_or_default().contains("blocked"),
        "{failure:?}"
    );
    let unreachable: Option<DateTime<Utc>> =
        sqlx::query_scalar("SELECT reminders_unreachable_at FROM linked_accounts WHERE user_id = $1")
            .bind(ada.get())
            .fetch_one(&h.db.pool)
            .await
            .unwrap();
    assert!(unreachable.is_some());
    let undelivered = reminders::undelivered(&h.db.pool, ada).await.unwrap();
    assert_eq!(undelivered.len(), 1);
    assert_eq!(
        (undelivered[0].task_number, undelivered[0].title.as_str()),
        (1, "Pay rent")
    );
    assert_eq!(h.tg.send_attempts(), 1, "a refusal is not retried");

    // Writing to the bot again makes the account reachable again.
    h.tg.send_text(&ada_tg.chat(), &ada_tg, "/tasks");
    eventually("the account to be reachable again", || {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, Option<DateTime<Utc>>>(
                "SELECT reminders_unreachable_at FROM linked_accounts WHERE user_id = $1",
            )
            .bind(ada.get())
            .fetch_one(&db)
            .await
            .unwrap()
            .is_none()
        }
    })
    .await;
}

#[tokio::test]
async fn after_downtime_reminders_under_a_day_late_are_sent_marked_late_and_older_ones_not() {
    let mut h = Harness::start(Clock::system()).await;
    let ada_tg = ada();
    let ada = h.person("ada@example.com", &ada_tg).await;
    let now = h.now();
    h.task(
        ada,
        "Two hours ago",
        now.checked_sub(SignedDuration::from_hours(2)).unwrap(),
        true,
        None,
    )
    .await;
    h.task(
        ada,
        "Yesterday",
        now.checked_sub(SignedDuration::from_hours(25)).unwrap(),
        true,
        None,
    )
    .await;
    // The scheduler starts only now, as after an outage.
    h.scheduler();

    let sent = h.wait_for_sent(&ada_tg, 1).await;
    assert!(
        sent[0].text.starts_with("⏰ #1 Two hours ago"),
        "{}",
        sent[0].text
    );
    assert!(sent[0].text.ends_with(" (late)"), "{}", sent[0].text);
    let db = h.db.pool.clone();
    eventually("both rows to be settled", || {
        let db = db.clone();
        async move {
            outbox_rows(&db, ada)
                .await
                .iter()
                .all(|(_, s, _)| s != "pending" && s != "sending")
        }
    })
    .await;
    let rows = h.outbox(ada).await;
    assert!(
        rows.contains(&(
            "reminder".into(),
            "skipped".into(),
            Some("more than 24 hours late".into())
        )),
        "{rows:?}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(h.tg.sent(ada_tg.id).len(), 1);
}

#[tokio::test]
async fn quiet_hours_hold_the_agenda_and_date_only_reminders_but_not_timed_ones() {
    let mut h = Harness::at("2026-11-26T23:00:00Z").await;
    let ada_tg = ada();
    let ada = h.person("ada@example.com", &ada_tg).await;
    sqlx::query(
        "UPDATE users SET quiet_start = '22:00', quiet_end = '07:00', agenda_time = '23:00' WHERE id = $1",
    )
    .bind(ada.get())
    .execute(&h.db.pool)
    .await
    .unwrap();
    h.task(ada, "Take pills", h.now(), true, None).await;
    h.task(ada, "Buy milk", h.now(), false, None).await;
    h.scheduler();

    let sent = h.wait_for_sent(&ada_tg, 1).await;
    assert_eq!(sent[0].text, "⏰ #1 Take pills — due today 23:00");
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        h.tg.sent(ada_tg.id).len(),
        1,
        "only the timed reminder during quiet hours"
    );

    h.advance(SignedDuration::from_mins(7 * 60 + 59)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(h.tg.sent(ada_tg.id).len(), 1, "nothing before 07:00");
    h.advance(SignedDuration::from_mins(1)).await;
    let sent = h.wait_for_sent(&ada_tg, 3).await;
    let texts: Vec<&str> = sent[1..].iter().map(|m| m.text.as_str()).collect();
    assert!(texts.contains(&"⏰ #2 Buy milk — overdue 1 day"), "{texts:#?}");
    let agenda = texts.iter().find(|t| t.starts_with("📋")).expect("the agenda");
    assert!(
        !agenda.contains("(late)"),
        "held back on purpose is not late: {agenda}"
    );
}

#[tokio::test]
async fn the_daily_agenda_comes_at_agenda_time_and_not_when_empty() {
    let mut h = Harness::at("2026-11-26T08:00:00Z").await;
    let (ada_tg, bob_tg, carol_tg) = (ada(), bob(), carol());
    let ada = h.person("ada@example.com", &ada_tg).await;
    let bob = h.person("bob@example.com", &bob_tg).await;
    let carol = h.person("carol@example.com", &carol_tg).await;
    for (user, time) in [(ada, "08:00"), (bob, "08:00"), (carol, "09:00")] {
        sqlx::query("UPDATE users SET agenda_time = $2::time WHERE id = $1")
            .bind(user.get())
            .bind(time)
            .execute(&h.db.pool)
            .await
            .unwrap();
    }
    let day = |s: &str| s.parse::<Timestamp>().unwrap();
    for (title, at, timed) in [
        ("Overdue thing", "2026-11-25T00:00:00Z", false),
        ("Today thing", "2026-11-26T17:00:00Z", true),
        ("Tomorrow thing", "2026-11-27T00:00:00Z", false),
        ("Next week thing", "2026-12-03T00:00:00Z", false),
    ] {
        add_task(&h.db.pool, ada, title, day(at), timed, None, false).await;
    }
    add_task(
        &h.db.pool,
        carol,
        "Carol's today",
        day("2026-11-26T00:00:00Z"),
        false,
        None,
        false,
    )
    .await;
    h.scheduler();

    let sent = h.wait_for_sent(&ada_tg, 1).await;
    let agenda = &sent[0].text;
    assert!(
        agenda.starts_with("📋 Your agenda for Thu 26 Nov\n\nOverdue"),
        "{agenda}"
    );
    for title in ["Overdue thing", "Today thing", "Tomorrow thing"] {
        assert!(agenda.contains(title), "{title} in {agenda}");
    }
    assert!(!agenda.contains("Next week thing"), "{agenda}");
    let db = h.db.pool.clone();
    eventually("Bob's empty agenda to be skipped", || {
        let db = db.clone();
        async move {
            outbox_rows(&db, bob)
                .await
                .first()
                .is_some_and(|(_, s, _)| s == "skipped")
        }
    })
    .await;
    assert!(h.tg.sent(bob_tg.id).is_empty());
    assert!(h.tg.sent(carol_tg.id).is_empty(), "Carol's agenda is at 09:00");

    h.advance(SignedDuration::from_hours(1)).await;
    let sent = h.wait_for_sent(&carol_tg, 1).await;
    assert!(sent[0].text.contains("Carol's today"), "{}", sent[0].text);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let to_ada = h.tg.sent(ada_tg.id);
    assert_eq!(to_ada.len(), 1, "one agenda a day: {to_ada:?}");
    assert!(h.tg.sent(bob_tg.id).is_empty());
}

#[tokio::test]
async fn unlinking_or_deleting_the_account_stops_reminders() {
    let mut h = Harness::start(Clock::system()).await;
    let (ada_tg, bob_tg, carol_tg) = (ada(), bob(), carol());
    let ada = h.person("ada@example.com", &ada_tg).await;
    let bob = h.person("bob@example.com", &bob_tg).await;
    let carol = h.person("carol@example.com", &carol_tg).await;
    let at = h.now().checked_add(secs(3)).unwrap();
    for user in [ada, bob, carol] {
        h.task(user, "Pay rent", at, true, None).await;
    }
    h.scheduler();
    tasklink_core::linking::unlink_account(
        &h.db.pool,
        tasklink_core::linking::Platform::Telegram,
        &bob_tg.id.to_string(),
    )
    .await
    .unwrap();
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(carol.get())
        .execute(&h.db.pool)
        .await
        .unwrap();

    h.wait_for_sent(&ada_tg, 1).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(h.tg.sent(bob_tg.id).is_empty());
    assert!(h.tg.sent(carol_tg.id).is_empty());
    assert!(h.outbox(bob).await.is_empty());
}

#[tokio::test]
async fn a_reminder_moved_or_deleted_just_before_its_time_is_not_sent_then() {
    let mut h = Harness::start(Clock::system()).await;
    let ada_tg = ada();
    let ada = h.person("ada@example.com", &ada_tg).await;
    h.scheduler();
    let at = h.now().checked_add(secs(3)).unwrap();
    h.task(ada, "Moved", at, true, None).await;
    h.task(ada, "Deleted", at, true, None).await;
    h.task(ada, "Control", at, true, None).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let later = h.now().checked_add(secs(5)).unwrap();
    tasks::snooze(&h.db.pool, ada, TaskNumber::new(1).unwrap(), later)
        .await
        .unwrap();
    tasks::delete(&h.db.pool, ada, TaskNumber::new(2).unwrap())
        .await
        .unwrap();

    let sent = h.wait_for_sent(&ada_tg, 1).await;
    assert!(sent[0].text.starts_with("⏰ #3 Control"), "{}", sent[0].text);
    let sent = h.wait_for_sent(&ada_tg, 2).await;
    assert!(sent[1].text.starts_with("⏰ #1 Moved"), "{}", sent[1].text);
    let arrived = h.arrived(ada_tg.id)[1];
    assert!(
        latency_ms(arrived, later) >= 0,
        "the moved reminder came before its new time"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(h.tg.sent(ada_tg.id).len(), 2, "nothing for the deleted task");
}

#[tokio::test]
async fn with_reminders_off_a_bot_sends_none() {
    let db = TestDb::new().await;
    let tg = FakeTelegram::start().await;
    let mut env = tg.env();
    env.push(("TASKLINK_REMINDERS", "off".to_owned()));
    let config = db.config(&env);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(tasklink_bot::run_until(config, async {
        let _ = stopped.await;
    }));
    let ada_tg = ada();
    let ada = db.user("ada@example.com").await;
    link(&db.pool, ada, &ada_tg).await;
    tg.open_chat(&ada_tg);
    let at = Timestamp::now().checked_add(secs(1)).unwrap();
    add_task(&db.pool, ada, "Pay rent", at, true, None, true).await;

    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(tg.sent(ada_tg.id).is_empty());
    assert!(outbox_rows(&db.pool, ada).await.is_empty());
    stop.send(()).unwrap();
    bot.await.unwrap().unwrap();

    // The same database with reminders on: it comes.
    let bot = tokio::spawn(tasklink_bot::run_until(
        db.config(&tg.env()),
        std::future::pending(),
    ));
    let sent = tg.wait_for_sent(ada_tg.id, 1).await;
    assert!(sent[0].text.starts_with("⏰ #1 Pay rent"), "{}", sent[0].text);
    bot.abort();
}

#[tokio::test]
async fn a_bot_killed_mid_burst_and_restarted_loses_no_reminder() {
    let db = TestDb::new().await;
    let tg = FakeTelegram::start().await;
    // Slow sends, so that the kill lands in the middle of the burst.
    tg.slow_sends(Duration::from_millis(50));
    let people: Vec<TgUser> = (0..30).map(|i| TgUser::new(7000 + i, &format!("k{i}"))).collect();
    let at = Timestamp::now().checked_add(secs(4)).unwrap();
    for (i, tg_user) in people.iter().enumerate() {
        let user = db.user(&format!("k{i}@example.com")).await;
        link(&db.pool, user, tg_user).await;
        tg.open_chat(tg_user);
        for n in 0..10 {
            add_task(&db.pool, user, &format!("Burst {i}-{n}"), at, true, None, true).await;
        }
    }
    let start = || {
        tokio::process::Command::new(binary("tasklink-bot"))
            .current_dir(std::env::temp_dir())
            .envs(db.env())
            .envs(tg.env())
            .kill_on_drop(true)
            .spawn()
            .expect("start tasklink-bot")
    };
    let total = |tg: &FakeTelegram| people.iter().map(|p| tg.sent(p.id).len()).sum::<usize>();
    let mut bot = start();
    tg.wait_for("the burst to be under way", Duration::from_secs(60), |tg| {
        (total(tg) >= 60).then_some(())
    })
    .await;
    bot.start_kill().unwrap();
    bot.wait().await.unwrap();
    let at_kill = total(&tg);
    // Rows the killed replica held: the only ones that may go out twice.
    let held: Vec<String> = sqlx::query_scalar(
        "SELECT t.title FROM outbox o JOIN tasks t ON t.id = o.task_id WHERE o.state = 'sending'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(at_kill < 300, "the kill came after the burst ({at_kill} sent)");

    let _bot = start();
    tg.wait_for(
        "every reminder after the restart",
        Duration::from_secs(90),
        |tg| (total(tg) >= 300).then_some(()),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in &people {
        for m in tg.sent(p.id) {
            let title = m
                .text
                .trim_start_matches("⏰ ")
                .split(" — ")
                .next()
                .unwrap()
                .to_owned();
            *seen.entry(title).or_default() += 1;
        }
    }
    assert_eq!(seen.len(), 300, "every reminder arrived");
    let twice: Vec<&String> = seen.iter().filter(|(_, n)| **n > 1).map(|(t, _)| t).collect();
    assert!(seen.values().all(|&n| n <= 2));
    assert!(
        twice.len() <= Settings::default().batch,
        "at most one claimed batch goes out twice: {twice:?}"
    );
    for title in &twice {
        let bare = title.split_once(' ').map_or(title.as_str(), |(_, t)| t);
        assert!(
            held.iter().any(|h| h == bare),
            "{title} went out twice but was not in flight at the kill (in flight: {held:?})"
        );
    }
    println!(
        "SIGKILL mid-burst: {at_kill} of 300 sent before the kill, {} rows in flight, {} sent twice",
        held.len(),
        twice.len()
    );
}

#[tokio::test]
async fn a_429_during_a_burst_is_waited_out_and_every_reminder_arrives_once() {
    let mut h = Harness::start(Clock::system()).await;
    let people: Vec<TgUser> = (0..20).map(|i| TgUser::new(8000 + i, &format!("r{i}"))).collect();
    let at = h.now().checked_add(secs(3)).unwrap();
    for (i, tg_user) in people.iter().enumerate() {
        let user = h.person(&format!("r{i}@example.com"), tg_user).await;
        h.task(user, &format!("Burst {i}"), at, true, None).await;
    }
    h.tg.fail_next_sends(3, Failure::TooManyRequests(1));
    h.scheduler();

    h.tg.wait_for("20 reminders", WAIT, |tg| {
        people.iter().all(|p| !tg.sent(p.id).is_empty()).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    for p in &people {
        assert_eq!(h.tg.sent(p.id).len(), 1, "chat {}", p.id);
    }
    assert_eq!(h.tg.send_attempts(), 23, "each refused send was tried again once");
}

#[tokio::test]
async fn two_replicas_share_the_bots_send_budget_and_get_no_429() {
    let db = TestDb::new().await;
    let tg = FakeTelegram::start().await;
    // Telegram's limit is the bot's: 20 sendMessage in any sliding second,
    // reminders and replies together. Each replica is configured with the
    // bot's budget (18 a second); pacing each alone would send 36.
    tg.limit_send_rate(20);
    let mut env = tg.env();
    env.push(("TELEGRAM_MAX_SENDS_PER_SECOND", "18".to_owned()));
    let people: Vec<TgUser> = (0..60).map(|i| TgUser::new(9000 + i, &format!("b{i}"))).collect();
    let at = Timestamp::now().checked_add(secs(4)).unwrap();
    for (i, tg_user) in people.iter().enumerate() {
        let user = db.user(&format!("b{i}@example.com")).await;
        link(&db.pool, user, tg_user).await;
        tg.open_chat(tg_user);
        add_task(&db.pool, user, &format!("Shared {i}"), at, true, None, true).await;
    }
    let chatter = TgUser::new(9999, "chatty");
    let chatter_id = db.user("chatty@example.com").await;
    link(&db.pool, chatter_id, &chatter).await;
    tg.open_chat(&chatter);

    let polling = tokio::spawn(tasklink_bot::run_until(db.config(&env), std::future::pending()));
    let mut send_only = env.clone();
    send_only.push(("TELEGRAM_POLLING", "off".to_owned()));
    let sending = tokio::spawn(tasklink_bot::run_until(
        db.config(&send_only),
        std::future::pending(),
    ));

    // Someone chats with the polling replica through the burst: the replies
    // are charged to the shared budget, and the other replica leaves room.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let total = |tg: &FakeTelegram| people.iter().map(|p| tg.sent(p.id).len()).sum::<usize>();
    // (Under the per-person chat limit.)
    let mut replies = 0;
    while total(&tg) < people.len() && replies < 20 {
        tg.ask(&chatter.chat(), &chatter, "/tasks").await;
        replies += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tg.wait_for("every reminder", Duration::from_secs(60), |tg| {
        (total(tg) >= people.len()).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    for p in &people {
        assert_eq!(tg.sent(p.id).len(), 1, "chat {}", p.id);
    }
    assert!(
        replies >= 5,
        "the chat went on during the burst ({replies} replies)"
    );
    println!(
        "two replicas at 18/s against 20/s, {replies} replies: busiest second {} sends, {} × 429",
        tg.busiest_second(),
        tg.rate_limited()
    );
    assert_eq!(tg.rate_limited(), 0, "no 429 from the bot-wide limit");
    polling.abort();
    sending.abort();
}

/// When each of `n` proactive sends, all asking at once, got its slot of
/// `budget`, and since `start`.
fn spawn_sends(budget: &Arc<Budget>, n: usize, start: std::time::Instant) -> tokio::task::JoinSet<Duration> {
    let mut sends = tokio::task::JoinSet::new();
    for _ in 0..n {
        let budget = budget.clone();
        sends.spawn(async move {
            budget.acquire().await;
            start.elapsed()
        });
    }
    sends
}

/// The most instants in any sliding second.
fn busiest_second(times: &[Duration]) -> usize {
    times
        .iter()
        .map(|&t| {
            times
                .iter()
                .filter(|&&u| u >= t && u < t + Duration::from_secs(1))
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test]
async fn replies_charged_during_a_burst_move_the_proactive_sends_not_yet_made() {
    let db = TestDb::new().await;
    let budget = Budget::new(db.pool.clone(), Platform::Telegram, 20.try_into().unwrap());
    replies_move_the_sends_not_yet_made(&budget).await;
}

/// 30 reminders at 20 a second and ten replies 300 ms in: the reminders not
/// yet reserved leave the replies their slots.
async fn replies_move_the_sends_not_yet_made(budget: &Arc<Budget>) {
    let start = std::time::Instant::now();
    // 30 reminders at 20 a second: 1.45 s from the first to the last alone.
    let sends = spawn_sends(budget, 30, start);
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Ten replies go out meanwhile, at once; they never wait.
    let mut times = Vec::new();
    for _ in 0..10 {
        budget.charge();
        times.push(start.elapsed());
    }
    let reminders = sends.join_all().await;
    let last = reminders.iter().max().copied().unwrap();
    times.extend(reminders);
    println!(
        "30 reminders and 10 replies at 20/s: last reminder at {} ms, busiest second {} sends",
        last.as_millis(),
        busiest_second(&times)
    );
    // The reminders not yet reserved when the replies were charged left
    // them their ten slots (less the one reservation already made, 20 ms
    // ahead at most). Before, every reminder was reserved at once, seconds
    // ahead, and the replies were on top: 30 sends in one second.
    assert!(
        last >= Duration::from_millis(1_450 + 10 * 50 - 100),
        "the replies' slots were left to them (last reminder at {last:?})"
    );
}

/// Replies at twice `budget`'s rate of 20 a second for `for_ms`.
fn flood_of_replies(budget: &Arc<Budget>, for_ms: u64) -> tokio::task::JoinHandle<()> {
    let budget = budget.clone();
    tokio::spawn(async move {
        for _ in 0..for_ms / 25 {
            budget.charge();
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    })
}

#[tokio::test]
async fn a_chat_busier_than_the_limit_delays_proactive_sends_but_never_starves_them() {
    let db = TestDb::new().await;
    let budget = Budget::new(db.pool.clone(), Platform::Telegram, 20.try_into().unwrap());
    // Replies at twice the budget's rate for 5 seconds keep its next free
    // slot a horizon (1 s) ahead the whole time.
    let flood = flood_of_replies(&budget, 5_000);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let start = std::time::Instant::now();
    let sends = spawn_sends(&budget, 5, start);
    let took = sends.join_all().await.into_iter().max().unwrap();
    println!(
        "5 reminders during a flood of replies: the last after {} ms",
        took.as_millis()
    );
    assert!(
        !flood.is_finished(),
        "the reminders went out during the flood ({took:?})"
    );
    flood.abort();
}

#[tokio::test]
async fn after_a_flood_of_replies_the_replies_count_again() {
    let db = TestDb::new().await;
    let budget = Budget::new(db.pool.clone(), Platform::Telegram, 20.try_into().unwrap());
    // Reminders wait through a flood long enough to take their slots at the
    // horizon…
    let flood = flood_of_replies(&budget, 2_500);
    let sends = spawn_sends(&budget, 5, std::time::Instant::now());
    flood.await.unwrap();
    sends.join_all().await;
    // …and once it is over, the budget goes back to reserving near the
    // slots. It used to stay at the horizon: it reserved a second ahead by
    // itself, and replies charged on top (capped there) no longer counted.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    replies_move_the_sends_not_yet_made(&budget).await;
}

/// Links `user`'s Discord account `on_discord`.
async fn link_discord(db: &sqlx::PgPool, user: UserId, on_discord: &DiscordUser) {
    sqlx::query(
        "INSERT INTO linked_accounts (user_id, platform, platform_user_id, username) VALUES ($1, 'discord', $2, $3)",
    )
    .bind(user.get())
    .bind(&on_discord.id)
    .bind(&on_discord.name)
    .execute(db)
    .await
    .unwrap();
}

fn discord_courier(h: &Harness, fake: &FakeDiscord) -> Arc<dyn Courier> {
    let mut env = h.tg.env();
    env.extend(fake.env());
    let config = h.db.config(&env);
    let config = config.discord.expect("DISCORD_BOT_TOKEN is set");
    let budget = Budget::new(h.db.pool.clone(), Platform::Discord, config.max_sends_per_second);
    discord::courier(&config, budget).expect("the Discord courier")
}

#[tokio::test]
async fn a_reminder_arrives_on_discord_when_that_is_the_reminder_platform() {
    let mut h = Harness::start(Clock::system()).await;
    let fake = FakeDiscord::start().await;
    let ada_tg = ada();
    let ada = h.person("ada@example.com", &ada_tg).await;
    let ada_dc = fake.user("ada");
    link_discord(&h.db.pool, ada, &ada_dc).await;
    sqlx::query("UPDATE users SET reminder_platform = 'discord' WHERE id = $1")
        .bind(ada.get())
        .execute(&h.db.pool)
        .await
        .unwrap();
    let couriers = vec![h.courier(), discord_courier(&h, &fake)];
    h.scheduler_with(couriers);
    let at = h.now().checked_add(secs(3)).unwrap();
    h.task(ada, "Pay rent", at, true, None).await;

    let dms = fake.wait_dms(&ada_dc, 1).await;
    let arrived = Utc::now();
    assert_eq!(dms[0].content, format!("⏰ #1 Pay rent — due today {}", hhmm(at)));
    let latency = latency_ms(arrived, at);
    assert!(latency >= 0, "arrived {latency} ms before its time");
    println!(
        "reminder latency (3 s ahead, Discord): at most {latency} ms after remind_at (seen by polling the fake)"
    );
    assert!(h.tg.sent(ada_tg.id).is_empty(), "only on the reminder platform");
}

#[tokio::test]
async fn a_blocked_telegram_falls_back_to_discord_and_later_reminders_go_there() {
    let mut h = Harness::at("2026-11-26T09:00:00Z").await;
    let fake = FakeDiscord::start().await;
    let ada_tg = ada();
    let ada = h.person("ada@example.com", &ada_tg).await;
    let ada_dc = fake.user("ada");
    link_discord(&h.db.pool, ada, &ada_dc).await;
    sqlx::query("UPDATE users SET reminder_platform = 'telegram' WHERE id = $1")
        .bind(ada.get())
        .execute(&h.db.pool)
        .await
        .unwrap();
    h.tg.block(&ada_tg);
    h.task(ada, "Pay rent", h.now(), true, None).await;
    let couriers = vec![h.courier(), discord_courier(&h, &fake)];
    h.scheduler_with(couriers);

    let dms = fake.wait_dms(&ada_dc, 1).await;
    assert_eq!(dms[0].content, "⏰ #1 Pay rent — due today 09:00");
    assert_eq!(h.tg.send_attempts(), 1);
    let db = h.db.pool.clone();
    eventually("the row to be recorded as sent on Discord", || {
        let db = db.clone();
        async move {
            let platform: Option<String> = sqlx::query_scalar("SELECT platform FROM outbox")
                .fetch_one(&db)
                .await
                .unwrap();
            platform.as_deref() == Some("discord")
        }
    })
    .await;

    // Telegram stays marked: the next reminder goes straight to Discord.
    h.task(ada, "Call mom", h.now(), true, None).await;
    let dms = fake.wait_dms(&ada_dc, 2).await;
    assert_eq!(dms[1].content, "⏰ #2 Call mom — due today 09:00");
    assert_eq!(h.tg.send_attempts(), 1, "no second try on the blocked chat");
}

/// The portal on `h`'s core: a person signed up there (bearer token and
/// session cookie), with `tg_user` linked as their only chat account.
async fn portal_person(h: &Harness, email: &str, tg_user: &TgUser) -> (String, UserId, String, String) {
    let base = spawn_portal(h.core.clone()).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let password = "correct horse battery";
    let signup: Value = http
        .post(format!("{base}/api/auth/signup"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signup["token"].as_str().expect("a token").to_owned();
    let user = UserId::from_trusted(signup["user"]["id"].as_i64().unwrap());
    let login = http
        .post(format!("{base}/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    let cookie = login.headers()[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    link(&h.db.pool, user, tg_user).await;
    h.tg.open_chat(tg_user);
    (base, user, token, cookie)
}

/// The `<li>` of task `number` on an HTML page.
fn task_item(html: &str, number: i32) -> &str {
    let start = html
        .find(&format!("id=\"task-{number}\""))
        .unwrap_or_else(|| panic!("task #{number} is on the page:\n{html}"));
    let end = html[start..].find("</li>").map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[tokio::test]
async fn an_undelivered_reminder_is_marked_on_the_agenda_dashboard_and_api_until_done_or_moved() {
    let mut h = Harness::at("2026-11-26T09:00:00Z").await;
    let ada_tg = ada();
    let (base, ada, token, cookie) = portal_person(&h, "ada@example.com", &ada_tg).await;
    // Her only chat refuses (403: the bot was blocked).
    h.tg.block(&ada_tg);
    h.task(ada, "Pay rent", h.now(), true, None).await;
    h.task(ada, "Call mom", h.now(), true, None).await;
    let later = h.now().checked_add(SignedDuration::from_hours(3)).unwrap();
    h.task(ada, "Buy milk", later, true, None).await;
    h.scheduler();
    let db = h.db.pool.clone();
    eventually("both reminders to be marked undelivered", || {
        let db = db.clone();
        async move {
            let rows = outbox_rows(&db, ada).await;
            rows.len() == 2 && rows.iter().all(|(_, state, _)| state == "undelivered")
        }
    })
    .await;

    let http = reqwest::Client::new();
    let api_marks = || async {
        let agenda: Value = http
            .get(format!("{base}/api/agenda"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut numbers: Vec<i64> = agenda["undelivered"]
            .as_array()
            .unwrap_or_else(|| panic!("the agenda lists undelivered reminders: {agenda}"))
            .iter()
            .map(|u| u["number"].as_i64().unwrap())
            .collect();
        numbers.sort_unstable();
        (numbers, agenda)
    };
    let page = |path: &'static str| {
        let (http, base, cookie) = (http.clone(), base.clone(), cookie.clone());
        async move {
            let response = http
                .get(format!("{base}{path}"))
                .header(reqwest::header::COOKIE, cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path}");
            response.text().await.unwrap()
        }
    };

    let (numbers, agenda) = api_marks().await;
    assert_eq!(numbers, [1, 2], "{agenda}");
    assert_eq!(agenda["undelivered"][0]["remind_at"], "2026-11-26T09:00:00Z");
    for path in ["/app/agenda", "/app"] {
        let html = page(path).await;
        for n in [1, 2] {
            assert!(
                task_item(&html, n).contains("reminder not delivered"),
                "{path}: #{n} is marked"
            );
        }
        assert!(
            !task_item(&html, 3).contains("not delivered"),
            "{path}: #3's reminder has not come yet"
        );
    }

    // The chat's /agenda says so too (here the web chat's: same command).
    let chat_agenda = || async {
        tasklink_core::chat::web_turn(&h.core, ada, None, "/agenda")
            .await
            .unwrap()
            .response
    };
    let said = chat_agenda().await;
    assert!(
        said.contains("Not delivered") && said.contains("#1 Pay rent, #2 Call mom"),
        "{said}"
    );

    // Done: the mark goes. Moved: the mark goes (until the new time fails too).
    let done = http
        .patch(format!("{base}/api/tasks/1"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"completed": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let moved = http
        .post(format!("{base}/api/tasks/2/snooze"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"until": "in 1 hour"}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200, "{}", moved.text().await.unwrap());
    let (numbers, agenda) = api_marks().await;
    assert!(numbers.is_empty(), "{agenda}");
    let html = page("/app/agenda").await;
    assert!(!html.contains("not delivered"), "{html}");
    assert!(reminders::undelivered(&h.db.pool, ada).await.unwrap().is_empty());
    let said = chat_agenda().await;
    assert!(!said.contains("Not delivered"), "{said}");
}

/// The Discord adapter on `h`'s core, against `fake`, live (for the buttons).
async fn run_discord(h: &mut Harness, fake: &FakeDiscord) {
    let mut env = h.tg.env();
    env.extend(fake.env());
    let config = h.db.config(&env).discord.expect("DISCORD_BOT_TOKEN is set");
    let core = h.core.clone();
    h.running.push(tokio::spawn(async move {
        discord::run(core, config)
            .await
            .expect("the Discord adapter runs");
    }));
    fake.wait_live().await;
}

/// A person whose only chat account is `on_discord`.
async fn discord_person(h: &Harness, email: &str, on_discord: &DiscordUser) -> UserId {
    let user = h.db.user(email).await;
    link_discord(&h.db.pool, user, on_discord).await;
    user
}

/// The `custom_id` of the button labelled `label` on a Discord message.
fn discord_button(sent: &SentMessage, label: &str) -> String {
    sent.body["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().into_iter().flatten())
        .find(|b| b["label"].as_str().is_some_and(|l| l.contains(label)))
        .and_then(|b| b["custom_id"].as_str())
        .unwrap_or_else(|| panic!("no button {label} under {:#}", sent.body))
        .to_owned()
}

#[tokio::test]
async fn discord_reminder_buttons_complete_and_snooze_and_update_the_message() {
    let mut h = Harness::at("2026-11-26T09:00:00Z").await;
    let fake = FakeDiscord::start().await;
    run_discord(&mut h, &fake).await;
    let ada_dc = fake.user("ada");
    let ada = discord_person(&h, "ada@example.com", &ada_dc).await;
    for title in ["Pay rent", "Call mom", "Water plants", "Buy milk"] {
        h.task(ada, title, h.now(), true, None).await;
    }
    let couriers = vec![discord_courier(&h, &fake)];
    h.scheduler_with(couriers);

    let dms = fake.wait_dms(&ada_dc, 4).await;
    let of = |n: &str| dms.iter().find(|m| m.content.contains(n)).unwrap().clone();
    let rent = of("#1 Pay rent");
    assert_eq!(rent.content, "⏰ #1 Pay rent — due today 09:00");
    assert_eq!(
        rent.button_ids(),
        ["fin:1", "snz:15m:1", "snz:1h:1", "snz:tmrw:1"].map(|d| format!("{d}:{}", ada_dc.id))
    );

    // Each press is a real component interaction in the DM; the answer
    // updates the pressed reminder (UPDATE_MESSAGE) and drops its buttons.
    let presses = [
        ("#1 Pay rent", "Done", "✅ #1 Pay rent — done."),
        ("#2 Call mom", "15 min", "⏰ #2 Call mom — snoozed until 09:15"),
        (
            "#3 Water plants",
            "1 hour",
            "⏰ #3 Water plants — snoozed until 10:00",
        ),
        (
            "#4 Buy milk",
            "Tomorrow",
            "⏰ #4 Buy milk — snoozed until tomorrow 09:00",
        ),
    ];
    for (which, label, expected) in presses {
        let message = of(which);
        let press = fake.press(&ada_dc, Place::Dm, &message.id, &discord_button(&message, label));
        let callback = fake.wait_callback(&press).await;
        assert_eq!(callback["type"], 7, "{label}: UPDATE_MESSAGE, {callback}");
        assert_eq!(callback["data"]["content"], expected, "{label}");
        assert_eq!(callback["data"]["components"], serde_json::json!([]), "{label}");
        let shown = fake.current_message(&message.id).unwrap();
        assert_eq!(shown["content"], expected, "the pressed message itself changed");
        assert_eq!(shown["components"], serde_json::json!([]), "{label}");
    }
    let rent_task = tasks::get(&h.db.pool, ada, TaskNumber::new(1).unwrap())
        .await
        .unwrap();
    assert!(rent_task.completed);
    let at = |s: &str| Some(s.parse::<Timestamp>().unwrap());
    assert_eq!(h.remind_at(ada, 2).await, at("2026-11-26T09:15:00Z"));
    assert_eq!(h.remind_at(ada, 3).await, at("2026-11-26T10:00:00Z"));
    assert_eq!(h.remind_at(ada, 4).await, at("2026-11-27T09:00:00Z"));

    // The snoozed reminder comes again on Discord at its new time.
    h.advance(SignedDuration::from_mins(15)).await;
    let again = fake.wait_dms(&ada_dc, 5).await.remove(4);
    assert_eq!(again.content, "⏰ #2 Call mom — overdue since 09:00");
}

#[tokio::test]
async fn a_discord_reminder_button_pressed_by_someone_else_is_refused() {
    let mut h = Harness::at("2026-11-26T09:00:00Z").await;
    let fake = FakeDiscord::start().await;
    run_discord(&mut h, &fake).await;
    let (ada_dc, bob_dc) = (fake.user("ada"), fake.user("bob"));
    let ada = discord_person(&h, "ada@example.com", &ada_dc).await;
    let bob = discord_person(&h, "bob@example.com", &bob_dc).await;
    h.task(ada, "Pay rent", h.now(), true, None).await;
    h.task(bob, "Bob's own #1", h.now(), true, None).await;
    let couriers = vec![discord_courier(&h, &fake)];
    h.scheduler_with(couriers);
    let rent = fake.wait_dms(&ada_dc, 1).await.remove(0);
    fake.wait_dms(&bob_dc, 1).await;

    for label in ["Done", "15 min"] {
        let press = fake.press(&bob_dc, Place::Dm, &rent.id, &discord_button(&rent, label));
        let refusal = fake.wait_callback(&press).await;
        assert_eq!(refusal["type"], 4, "a new message, not an update: {refusal}");
        assert_eq!(refusal["data"]["flags"], 64, "only Bob sees it: {refusal}");
        let text = refusal["data"]["content"].as_str().unwrap_or_default();
        assert!(text.contains("someone else"), "{refusal}");
    }
    for user in [ada, bob] {
        let task = tasks::get(&h.db.pool, user, TaskNumber::new(1).unwrap())
            .await
            .unwrap();
        assert!(!task.completed);
        assert_eq!(h.remind_at(user, 1).await, Some(h.now()), "nothing snoozed");
    }
    let shown = fake.current_message(&rent.id).unwrap();
    assert_eq!(
        shown["content"],
        rent.content.as_str(),
        "Ada's reminder is untouched"
    );
    assert_eq!(shown["components"], rent.body["components"]);
}

#[tokio::test]
async fn a_discord_400_that_is_not_a_refusal_is_not_retried_and_the_account_stays_reachable() {
    let mut h = Harness::at("2026-11-26T09:00:00Z").await;
    let fake = FakeDiscord::start().await;
    let ada_dc = fake.user("ada");
    let ada = discord_person(&h, "ada@example.com", &ada_dc).await;
    fake.rate_limit_next(10, RateLimit::InvalidFormBody);
    h.task(ada, "Pay rent", h.now(), true, None).await;
    let couriers = vec![discord_courier(&h, &fake)];
    h.scheduler_with(couriers);

    let db = h.db.pool.clone();
    eventually("the reminder to be marked undelivered", || {
        let db = db.clone();
        async move {
            outbox_rows(&db, ada)
                .await
                .first()
                .is_some_and(|(_, state, _)| state == "undelivered")
        }
    })
    .await;
    let failure = h.outbox(ada).await[0].2.clone().unwrap_or_default();
    assert!(failure.contains("50035"), "{failure}");
    let attempts: i32 = sqlx::query_scalar("SELECT attempts FROM outbox WHERE user_id = $1")
        .bind(ada.get())
        .fetch_one(&h.db.pool)
        .await
        .unwrap();
    assert_eq!(attempts, 1, "claimed once, not retried up to the bound");
    let path = format!("/api/v10/channels/{}/messages", ada_dc.dm_channel);
    let sends = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .count();
    assert_eq!(sends, 1, "the same message is not sent again");
    // A refused message says nothing about the person: Discord stays their platform.
    let unreachable: Option<DateTime<Utc>> =
        sqlx::query_scalar("SELECT reminders_unreachable_at FROM linked_accounts WHERE user_id = $1")
            .bind(ada.get())
            .fetch_one(&h.db.pool)
            .await
            .unwrap();
    assert!(unreachable.is_none());
    assert_eq!(reminders::undelivered(&h.db.pool, ada).await.unwrap().len(), 1);
}

/// (state, body) of `user`'s one-off message rows, oldest first.
async fn message_rows(db: &sqlx::PgPool, user: UserId) -> Vec<(String, Option<String>)> {
    sqlx::query_as("SELECT state, body FROM outbox WHERE user_id = $1 AND kind = 'message' ORDER BY id")
        .bind(user.get())
        .fetch_all(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reset_link_leaves_no_usable_copy_in_the_outbox_once_sent_or_expired() {
    let mut h = Harness::at("2026-11-26T09:00:00Z").await;
    let ada_tg = ada();
    let ada = h.person("ada@example.com", &ada_tg).await;
    let reset = |h: &Harness| {
        let core = h.core.clone();
        async move {
            tasklink_core::accounts::reset::request(&core, "ada@example.com")
                .await
                .unwrap()
        }
    };

    // Queued with no bot running: the link waits in the row...
    reset(&h).await;
    let rows = message_rows(&h.db.pool, ada).await;
    assert!(
        rows[0].1.as_deref().is_some_and(|b| b.contains("/reset#")),
        "{rows:?}"
    );
    // ...and once it has expired it is never sent, and its text is gone.
    h.clock.advance(SignedDuration::from_mins(31));
    h.scheduler();
    let db = h.db.pool.clone();
    eventually("the expired link to be given up", || {
        let db = db.clone();
        async move { message_rows(&db, ada).await == [("skipped".to_owned(), None)] }
    })
    .await;
    assert!(h.tg.sent(ada_tg.id).is_empty(), "an expired link is not sent");

    // A fresh one is sent, and then the row keeps no copy of the link.
    reset(&h).await;
    wake(&h.db.pool).await;
    let sent = h.wait_for_sent(&ada_tg, 1).await;
    assert!(sent[0].text.contains("/reset#"), "{}", sent[0].text);
    eventually("the sent link to be cleared from the row", || {
        let db = db.clone();
        async move { message_rows(&db, ada).await.get(1) == Some(&("sent".to_owned(), None)) }
    })
    .await;

    // Undelivered (the only chat refuses): cleared too.
    h.tg.block(&ada_tg);
    reset(&h).await;
    wake(&h.db.pool).await;
    eventually("the undelivered link to be cleared from the row", || {
        let db = db.clone();
        async move { message_rows(&db, ada).await.get(2) == Some(&("undelivered".to_owned(), None)) }
    })
    .await;
    let bodies: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE body IS NOT NULL")
        .fetch_one(&h.db.pool)
        .await
        .unwrap();
    assert_eq!(bodies, 0);
}

#[tokio::test]
async fn housekeeping_gives_up_messages_that_expired_waiting_and_clears_them() {
    let h = Harness::start(Clock::system()).await;
    let ada = h.db.user("ada@example.com").await;
    let now = Timestamp::now();
    let past = now.checked_sub(secs(60)).unwrap();
    let later = now.checked_add(SignedDuration::from_mins(30)).unwrap();
    reminders::enqueue_message(&h.db.pool, ada, "old", "http://x/reset#old", now, Some(past))
        .await
        .unwrap();
    reminders::enqueue_message(&h.db.pool, ada, "new", "http://x/reset#new", now, Some(later))
        .await
        .unwrap();
    tasklink_core::maintenance::prune(&h.db.pool).await.unwrap();
    let rows = message_rows(&h.db.pool, ada).await;
    assert_eq!(
        rows,
        [
            ("skipped".to_owned(), None),
            ("pending".to_owned(), Some("http://x/reset#new".to_owned()))
        ]
    );
}
