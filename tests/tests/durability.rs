//! A chat turn is handled at least once and its effects happen once: the bot
//! process is killed (SIGKILL) at each point of a turn and started again, and
//! the person ends up with one reply and one task. Also: one turn per person
//! at a time, and the Telegram webhook's server limits.

use std::{
    process::Stdio,
    time::{Duration, Instant},
};

use serde_json::json;
use tasklink_core::{
    Core,
    accounts::UserId,
    linking::{self, Platform},
};
use tasklink_tests::{
    fake_openai::{FakeOpenAi, Reply},
    fake_telegram::{BOT_USERNAME, FakeTelegram, TgChat, TgUser, WAIT},
    helpers::{self, TestDb, binary},
    private_pg::PrivatePostgres,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    process::{Child, Command},
};

/// The lease the bot runs with here: a killed turn is taken again this long
/// after its last renewal.
const LEASE_SECS: &str = "2";
/// Long enough that a held answer is never given while the test runs.
const HELD: Duration = Duration::from_secs(120);

fn ada_tg() -> TgUser {
    TgUser::new(1001, "ada_tg")
}

struct Setup {
    db: TestDb,
    core: Core,
    tg: FakeTelegram,
    openai: FakeOpenAi,
    ada: UserId,
}

impl Setup {
    /// A database with Ada linked to her Telegram account, and the fakes.
    async fn new() -> Self {
        Self::on(TestDb::new().await).await
    }

    /// As [`Setup::new`], on a given database.
    async fn on(db: TestDb) -> Self {
        let tg = FakeTelegram::start().await;
        let openai = FakeOpenAi::start().await;
        let core = db.core();
        let ada = db.user("ada@example.com").await;
        let token = linking::issue(&core.db, &core.tokens, ada).await.unwrap();
        let account = linking::PlatformAccount {
            platform: Platform::Telegram,
            user_id: ada_tg().id.to_string(),
            username: Some(ada_tg().username),
        };
        linking::redeem_token(&core.db, &core.tokens, &token.token, &account)
            .await
            .unwrap();
        Self {
            db,
            core,
            tg,
            openai,
            ada,
        }
    }

    /// The real bot process against the fakes.
    fn spawn_bot(&self) -> Child {
        Command::new(binary("tasklink-bot"))
            .current_dir(std::env::temp_dir())
            .envs(self.db.env())
            .envs(self.tg.env())
            .envs(self.openai.env())
            .env("OPENAI_TIMEOUT_MS", "60000")
            .env("TASKLINK_TURN_LEASE", LEASE_SECS)
            .env("TASKLINK_REMINDERS", "off")
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start tasklink-bot")
    }

    async fn tasks(&self) -> Vec<(i32, String, bool)> {
        helpers::task_rows(&self.core, self.ada).await
    }

    async fn until(&self, what: &str, mut done: impl AsyncFnMut() -> bool) {
        let started = Instant::now();
        while !done().await {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "timed out waiting: {what}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The texts the bot sent to Ada, once `n` have come and a moment has
    /// passed in which a doubled reply would have shown.
    async fn replies(&self, n: usize) -> Vec<String> {
        self.tg
            .wait_for_sent_within(ada_tg().id, n, Duration::from_secs(60))
            .await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        self.tg.sent(ada_tg().id).into_iter().map(|s| s.text).collect()
    }
}

async fn kill(bot: &mut Child) {
    bot.start_kill().expect("SIGKILL the bot");
    bot.wait().await.expect("reap the bot");
}

#[tokio::test]
async fn a_first_start_on_an_empty_database_migrates_it_and_opens_connections_ahead() {
    let db = TestDb::unmigrated().await;
    // The pool's warm-up runs on every new connection; before the migrations
    // it finds no tables and must not stop the start.
    let core = Core::start(db.config(&[]), 6, tasklink_core::db::Commits::Durable)
        .await
        .expect("the first start");
    assert_eq!(
        core.db.size(),
        6,
        "every connection opened before the first message"
    );
    let tasks: i64 = sqlx::query_scalar("SELECT count(*) FROM tasks")
        .fetch_one(&core.db)
        .await
        .expect("the tables exist");
    assert_eq!(tasks, 0);
}

fn add_milk() -> Reply {
    Reply::tool("add_task", json!({"title": "Buy milk"}))
}

/// Postgres itself crashes right after the bot confirmed an update to
/// Telegram. The bot's commits do not wait for the disk
/// (`db::Commits::Replayable`), but the inbox's intake does: after recovery
/// the message is there, and is answered.
#[tokio::test]
async fn postgres_crashing_after_an_update_was_confirmed_loses_nothing() {
    // Its WAL writer writes every 10 s: a commit that did not wait for the
    // disk is still in the server's memory when it crashes a moment later.
    let pg = PrivatePostgres::start(&["wal_writer_delay = '10s'"]);
    let s = Setup::on(pg.database().await).await;
    s.openai.script([
        Reply::Delayed(HELD, Box::new(add_milk())),
        add_milk(),
        Reply::text("Added Buy milk."),
    ]);
    let mut bot = s.spawn_bot();
    let update =
        s.tg.send_text(&ada_tg().chat(), &ada_tg(), "remind me to buy milk");
    let confirmed = || {
        s.tg.calls("getUpdates")
            .iter()
            .any(|call| call["offset"].as_i64() > Some(update.update_id))
    };
    s.until("the update is confirmed and the model asked", async || {
        confirmed() && s.openai.request_count() == 1
    })
    .await;
    pg.crash();
    kill(&mut bot).await;
    pg.restart();

    let _bot = s.spawn_bot();
    assert_eq!(s.replies(1).await, ["Added Buy milk."]);
    assert_eq!(s.tasks().await, [(1, "Buy milk".to_owned(), false)]);
}

#[tokio::test]
async fn killed_while_the_model_thinks_the_message_is_answered_after_restart() {
    let s = Setup::new().await;
    s.openai.script([
        Reply::Delayed(HELD, Box::new(add_milk())),
        add_milk(),
        Reply::text("Added Buy milk."),
    ]);
    let mut bot = s.spawn_bot();
    s.tg.send_text(&ada_tg().chat(), &ada_tg(), "remind me to buy milk");
    s.until("the model is asked", async || s.openai.request_count() == 1)
        .await;
    kill(&mut bot).await;
    assert!(s.tasks().await.is_empty());

    let _bot = s.spawn_bot();
    assert_eq!(s.replies(1).await, ["Added Buy milk."]);
    assert_eq!(s.tasks().await, [(1, "Buy milk".to_owned(), false)]);
    assert_eq!(s.openai.request_count(), 3);
}

#[tokio::test]
async fn killed_after_a_tool_ran_the_replay_does_not_add_the_task_again() {
    let s = Setup::new().await;
    s.openai.script([
        add_milk(),
        Reply::Delayed(HELD, Box::new(Reply::text("never seen"))),
        // The replay: the model asks for the same call, which is not run again.
        add_milk(),
        Reply::text("Added Buy milk."),
    ]);
    let mut bot = s.spawn_bot();
    s.tg.send_text(&ada_tg().chat(), &ada_tg(), "remind me to buy milk");
    s.until("the tool ran and the model is asked again", async || {
        s.openai.request_count() == 2 && s.tasks().await.len() == 1
    })
    .await;
    kill(&mut bot).await;

    let _bot = s.spawn_bot();
    assert_eq!(s.replies(1).await, ["Added Buy milk."]);
    assert_eq!(s.tasks().await, [(1, "Buy milk".to_owned(), false)]);
    // The replayed call read back what the first attempt did: task #1.
    let replayed = &s.openai.requests()[3]["messages"];
    let result = replayed.as_array().unwrap().last().unwrap();
    assert_eq!(result["role"], "tool");
    assert!(
        result["content"].as_str().unwrap().contains("\"number\":1"),
        "{result}"
    );
}

#[tokio::test]
async fn killed_before_the_reply_was_sent_the_stored_reply_is_sent_once() {
    let s = Setup::new().await;
    s.openai.script([add_milk(), Reply::text("Added Buy milk.")]);
    s.tg.hang_next_sends(ada_tg().id, 1);
    let mut bot = s.spawn_bot();
    s.tg.send_text(&ada_tg().chat(), &ada_tg(), "remind me to buy milk");
    s.until("the reply is being sent", async || s.tg.send_attempts() == 1)
        .await;
    kill(&mut bot).await;
    assert!(s.tg.sent(ada_tg().id).is_empty());

    let _bot = s.spawn_bot();
    assert_eq!(s.replies(1).await, ["Added Buy milk."]);
    assert_eq!(s.tasks().await, [(1, "Buy milk".to_owned(), false)]);
    assert_eq!(
        s.openai.request_count(),
        2,
        "the stored reply is sent without asking again"
    );
}

#[tokio::test]
async fn a_command_killed_mid_reply_and_a_duplicate_delivery_add_one_task() {
    let s = Setup::new().await;
    s.tg.hang_next_sends(ada_tg().id, 1);
    let mut bot = s.spawn_bot();
    let update = s.tg.send_text(&ada_tg().chat(), &ada_tg(), "/add Buy milk");
    s.until("the reply is being sent", async || s.tg.send_attempts() == 1)
        .await;
    kill(&mut bot).await;
    // Telegram hands the update out again, as to a poller that never confirmed it.
    s.tg.redeliver(update.update_id);

    let _bot = s.spawn_bot();
    let replies = s.replies(1).await;
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert!(replies[0].contains("Buy milk"), "{replies:?}");
    s.until("the update is delivered again", async || {
        s.tg.deliveries(update.update_id) >= 2
    })
    .await;
    s.tg.redeliver(update.update_id);
    s.until("the update is delivered a third time", async || {
        s.tg.deliveries(update.update_id) >= 3
    })
    .await;
    assert_eq!(s.replies(1).await.len(), 1);
    assert_eq!(s.tasks().await, [(1, "Buy milk".to_owned(), false)]);
}

#[tokio::test]
async fn one_turn_per_person_at_a_time_across_chats() {
    let s = Setup::new().await;
    s.openai.script([
        Reply::Delayed(Duration::from_secs(2), Box::new(Reply::text("First."))),
        Reply::text("Second."),
    ]);
    let _bot = s.spawn_bot();
    let group = TgChat::group(-500, "Team");
    s.tg.send_text(&ada_tg().chat(), &ada_tg(), "what is on today?");
    s.until("the first turn reaches the model", async || {
        s.openai.request_count() == 1
    })
    .await;
    let first_asked = Instant::now();
    // A command is not a model turn: it is answered while the first still runs.
    s.tg.send_text(&group, &ada_tg(), &format!("/tasks@{BOT_USERNAME}"));
    s.tg.wait_for_sent(group.id, 1).await;
    assert!(
        s.tg.sent(ada_tg().id).is_empty(),
        "the command waited for the model turn"
    );
    s.tg.send_text(&group, &ada_tg(), &format!("@{BOT_USERNAME} and tomorrow?"));
    s.until("the second turn reaches the model", async || {
        s.openai.request_count() == 2
    })
    .await;
    // The second turn waited for the first (whose model answer takes 2 s);
    // run side by side, it would have asked at once.
    let waited = first_asked.elapsed();
    assert!(waited >= Duration::from_millis(1500), "asked after {waited:?}");
    let first = s.tg.wait_for_sent(ada_tg().id, 1).await;
    assert_eq!(first[0].text, "First.");
    let second = s.tg.wait_for_sent(group.id, 2).await;
    assert_eq!(second[1].text, "Second.");
}

/// The bot in webhook mode on a free port; returns the process and the port.
fn spawn_webhook_bot(s: &Setup, secret: &str) -> (Child, u16) {
    let port = helpers::free_port();
    let bot = Command::new(binary("tasklink-bot"))
        .current_dir(std::env::temp_dir())
        .envs(s.db.env())
        .envs(s.tg.env())
        .env("TELEGRAM_WEBHOOK_URL", "https://bot.example.test/hook")
        .env("TELEGRAM_WEBHOOK_BIND", format!("127.0.0.1:{port}"))
        .env("TELEGRAM_WEBHOOK_SECRET", secret)
        .env("TASKLINK_REMINDERS", "off")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start tasklink-bot");
    (bot, port)
}

#[tokio::test]
async fn the_webhook_stores_before_200_refuses_huge_bodies_and_drops_slow_headers() {
    let s = Setup::new().await;
    let secret = "webhook-secret-123";
    let (_bot, port) = spawn_webhook_bot(&s, secret);
    s.tg.wait_for("setWebhook", WAIT, |t| t.webhook()).await;
    let url = format!("http://127.0.0.1:{port}/hook");
    let client = reqwest::Client::new();
    let post = |body: serde_json::Value| {
        client
            .post(&url)
            .header("X-Telegram-Bot-Api-Secret-Token", secret)
            .json(&body)
            .send()
    };

    let update = s.tg.send_text(&ada_tg().chat(), &ada_tg(), "/add Buy milk");
    let body = s.tg.update_json(update.update_id);
    assert_eq!(post(body.clone()).await.unwrap().status(), 200);
    // Durable by the time Telegram hears 200.
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM inbox WHERE platform = 'telegram'")
        .fetch_one(&s.core.db)
        .await
        .unwrap();
    assert_eq!(stored, 1);
    // A retried delivery is acknowledged and adds nothing.
    assert_eq!(post(body).await.unwrap().status(), 200);
    s.tg.wait_for_sent(ada_tg().id, 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(s.tg.sent(ada_tg().id).len(), 1);
    assert_eq!(s.tasks().await, [(1, "Buy milk".to_owned(), false)]);

    let huge = json!({"update_id": 1, "padding": "x".repeat(300 * 1024)});
    assert_eq!(post(huge).await.unwrap().status(), 413);

    // One header byte every 2 s: closed by the header-read timeout (10 s).
    let mut slow = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let started = Instant::now();
    let closed = async {
        for byte in b"POST /hook HTTP/1.1\r\nHost: x\r\nX-Padding: ".iter().cycle() {
            if slow.write_all(&[*byte]).await.is_err() {
                return;
            }
            let mut buf = [0u8; 256];
            let read = tokio::time::timeout(Duration::from_secs(2), slow.read(&mut buf)).await;
            if let Ok(Ok(0) | Err(_)) = read {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(14), closed)
        .await
        .expect("a client trickling header bytes is dropped");
    assert!(
        started.elapsed() >= Duration::from_secs(8),
        "dropped only by the timeout"
    );
}
