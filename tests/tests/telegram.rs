//! The Telegram adapter end to end: the production bot (`telegram::run`)
//! against the fake Bot API, real Postgres, and the fake OpenAI server where
//! the LLM brain is under test. Each test has its own fake and database.

use std::time::{Duration, Instant};

use serde_json::json;
use tasklink_bot::telegram;
use tasklink_core::{
    Core,
    accounts::UserId,
    keys,
    linking::{self, LinkToken, Platform},
};
use tasklink_tests::{
    fake_openai::{FakeOpenAi, Reply},
    fake_telegram::{BOT_USERNAME, Failure, FakeTelegram, Sent, TgChat, TgUser, WAIT},
    helpers::{self, PUBLIC_URL, TestDb, binary, terminate},
};
use tokio::task::JoinHandle;

/// The bot task, stopped when the test ends.
struct Running(JoinHandle<Result<(), telegram::Error>>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.abort();
    }
}

struct Harness {
    db: TestDb,
    core: Core,
    tg: FakeTelegram,
    _bot: Running,
}

impl Harness {
    async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// The bot with extra environment (a model, webhook settings).
    async fn start_with(extra: &[(&'static str, String)]) -> Self {
        Self::start_prepared(extra, |_| {}).await
    }

    /// The bot, started after `prepare` has set up the fake.
    async fn start_prepared(extra: &[(&'static str, String)], prepare: impl FnOnce(&FakeTelegram)) -> Self {
        let db = TestDb::new().await;
        let tg = FakeTelegram::start().await;
        prepare(&tg);
        let mut env = tg.env();
        env.extend(extra.iter().cloned());
        let config = db.config(&env);
        let telegram = config.telegram.clone().expect("Telegram is configured");
        let core = Core::new(db.pool.clone(), config);
        let bot = Running(tokio::spawn(telegram::run(core.clone(), telegram)));
        Self {
            db,
            core,
            tg,
            _bot: bot,
        }
    }

    async fn token(&self, user: UserId) -> LinkToken {
        helpers::link_token(&self.core, user).await
    }

    /// A portal user whose Telegram account `tg_user` is linked through `/link`.
    async fn linked(&self, email: &str, tg_user: &TgUser) -> UserId {
        let user = self.db.user(email).await;
        let token = self.token(user).await;
        let reply = self.ask(tg_user, &format!("/link {}", token.token)).await;
        assert!(reply.text.starts_with("Linked!"), "{}", reply.text);
        user
    }

    /// A private message, and the bot's next message in that chat.
    async fn ask(&self, from: &TgUser, text: &str) -> Sent {
        self.tg.ask(&from.chat(), from, text).await
    }

    async fn linked_user(&self, tg_user: &TgUser) -> Option<UserId> {
        linking::find_user(&self.core.db, Platform::Telegram, &tg_user.id.to_string())
            .await
            .unwrap()
    }

    /// (number, title, completed) of every task of `user`, read through core.
    async fn rows(&self, user: UserId) -> Vec<(i32, String, bool)> {
        helpers::task_rows(&self.core, user).await
    }

    async fn seed(&self, user: UserId, titles: &[&str]) {
        helpers::seed(&self.core, user, titles).await
    }
}

fn tg_ada() -> TgUser {
    TgUser::new(1001, "ada_tg")
}

fn tg_bob() -> TgUser {
    TgUser::new(1002, "bob_tg")
}

fn row(n: i32, title: &str, done: bool) -> (i32, String, bool) {
    (n, title.to_owned(), done)
}

fn buttons(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(l, d)| ((*l).to_owned(), (*d).to_owned()))
        .collect()
}

// ------------------------------------------------------------------ linking

#[tokio::test]
async fn links_by_token_and_manages_tasks_by_command() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    assert_eq!(h.linked_user(&ada_tg).await, Some(ada));

    assert_eq!(
        h.ask(&ada_tg, "/add Buy milk").await.text,
        "Added task #1: Buy milk"
    );
    assert_eq!(
        h.ask(&ada_tg, "/add Call mom").await.text,
        "Added task #2: Call mom"
    );
    assert_eq!(
        h.ask(&ada_tg, "/add Walk the dog").await.text,
        "Added task #3: Walk the dog"
    );
    let list = h.ask(&ada_tg, "/tasks").await;
    assert_eq!(
        list.text,
        "Your tasks (3):\n⬜ #1 Buy milk\n⬜ #2 Call mom\n⬜ #3 Walk the dog"
    );
    assert_eq!(
        list.buttons,
        buttons(&[("✅ #1", "done:1"), ("✅ #2", "done:2"), ("✅ #3", "done:3")])
    );
    assert_eq!(list.parse_mode, None);

    assert_eq!(
        h.ask(&ada_tg, "/done 1").await.text,
        "Marked #1 as done: Buy milk ✅"
    );
    assert_eq!(
        h.ask(&ada_tg, "/edit 2 Call mom tonight").await.text,
        "Updated #2: Call mom tonight"
    );
    assert_eq!(h.ask(&ada_tg, "/delete 3").await.text, "Deleted #3: Walk the dog");
    assert_eq!(
        h.ask(&ada_tg, "/tasks pending").await.text,
        "Your pending tasks (1):\n⬜ #2 Call mom tonight"
    );
    assert_eq!(
        h.rows(ada).await,
        [row(1, "Buy milk", true), row(2, "Call mom tonight", false)]
    );

    let unlinked = h.ask(&ada_tg, "/unlink").await;
    assert!(unlinked.text.contains("no longer linked"), "{}", unlinked.text);
    assert_eq!(h.linked_user(&ada_tg).await, None);
    let after = h.ask(&ada_tg, "/tasks").await;
    assert!(after.text.contains("isn't linked"), "{}", after.text);

    // The command menu was offered once, at start.
    let menus = h.tg.calls("setMyCommands");
    assert_eq!(menus.len(), 1);
    assert!(menus[0]["commands"].as_array().unwrap().len() >= 9);
}

#[tokio::test]
async fn a_title_cannot_forge_lines_and_nul_is_refused() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;

    let added = h
        .ask(&ada_tg, "/add Buy milk\n⬜ #99 fake\u{2028}⬜ #98 \u{202E}ekaf")
        .await;
    assert_eq!(added.text, "Added task #1: Buy milk ⬜ #99 fake ⬜ #98 ekaf");
    assert_eq!(
        h.ask(&ada_tg, "/tasks").await.text,
        "Your tasks (1):\n⬜ #1 Buy milk ⬜ #99 fake ⬜ #98 ekaf"
    );

    // NUL cannot be stored: a clear refusal, not the apology.
    let refused = h.ask(&ada_tg, "/add Buy\0milk").await;
    assert!(refused.text.contains("NUL"), "{}", refused.text);
    let refused = h.ask(&ada_tg, "please add bread\0").await;
    assert!(refused.text.contains("NUL"), "{}", refused.text);
    let refused = h.ask(&ada_tg, "/edit 1 Oat\0milk").await;
    assert!(refused.text.contains("NUL"), "{}", refused.text);
    assert_eq!(
        h.rows(ada).await,
        [row(1, "Buy milk ⬜ #99 fake ⬜ #98 ekaf", false)]
    );
}

#[tokio::test]
async fn links_by_deep_link_and_manages_tasks_by_offline_phrases() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.db.user("ada@example.com").await;
    let token = h.token(ada).await;

    // A deep link asks first, naming the account it would join.
    let question = h.ask(&ada_tg, &format!("/start {}", token.code)).await;
    assert!(question.text.contains("a•••@example.com"), "{}", question.text);
    let link = format!("link:{}", token.code);
    let cancel = format!("nolink:{}", token.code);
    assert_eq!(
        question.buttons,
        buttons(&[("🔗 Link", &link), ("Cancel", &cancel)])
    );
    assert_eq!(
        h.linked_user(&ada_tg).await,
        None,
        "nothing linked before the answer"
    );
    let press = h.tg.press(&ada_tg, &question, &link);
    let linked = h.tg.wait_for_edit(ada_tg.id, question.message_id, 1).await;
    h.tg.wait_for_callback_answer(&press).await;
    assert!(linked.text.starts_with("Linked!"), "{}", linked.text);
    assert_eq!(h.linked_user(&ada_tg).await, Some(ada));

    for (say, expect) in [
        ("add buy milk", "Added task #1: Buy milk"),
        ("I need to remember to pay bills", "Added task #2: Pay bills"),
        ("remind me to call the bank", "Added task #3: Call the bank"),
        ("done 1", "Marked #1 as done: Buy milk ✅"),
        (
            "rename 2 to Pay the electricity bill",
            "Updated #2: Pay the electricity bill",
        ),
        ("delete 3", "Deleted #3: Call the bank"),
    ] {
        assert_eq!(h.ask(&ada_tg, say).await.text, expect, "after {say:?}");
    }
    let pending = h.ask(&ada_tg, "What's pending?").await;
    assert_eq!(
        pending.text,
        "Your pending tasks (1):\n⬜ #2 Pay the electricity bill"
    );
    let completed = h.ask(&ada_tg, "what have I completed?").await;
    assert!(completed.text.contains("✅ #1 Buy milk"), "{}", completed.text);
    assert_eq!(
        h.rows(ada).await,
        [
            row(1, "Buy milk", true),
            row(2, "Pay the electricity bill", false)
        ]
    );
}

#[tokio::test]
async fn manages_tasks_through_the_llm_brain() {
    let openai = FakeOpenAi::start().await;
    let h = Harness::start_with(&openai.env()).await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;

    let turns = [
        (
            "Please remember to buy groceries",
            Reply::tool("add_task", json!({"title": "Buy groceries"})),
            "Added “Buy groceries” as task #1.",
        ),
        (
            "and I have to pay the bills",
            Reply::tool("add_task", json!({"title": "Pay bills"})),
            "Added “Pay bills” as #2.",
        ),
        (
            "I bought the groceries",
            Reply::tool("complete_task", json!({"task_number": 1})),
            "Nice, #1 is done.",
        ),
        (
            "change the bills one to 'Pay the electricity bill'",
            Reply::tool(
                "update_task",
                json!({"task_number": 2, "title": "Pay the electricity bill"}),
            ),
            "Renamed #2.",
        ),
        (
            "add walk the dog",
            Reply::tool("add_task", json!({"title": "Walk the dog"})),
            "Added #3.",
        ),
        (
            "actually forget the dog",
            Reply::tool("delete_task", json!({"task_number": 3})),
            "Deleted #3.",
        ),
        (
            "what's still open?",
            Reply::tool("list_tasks", json!({"status": "pending"})),
            "Just one: #2 Pay the electricity bill.",
        ),
    ];
    for (say, tool, answer) in turns {
        openai.script([tool, Reply::text(answer)]);
        assert_eq!(h.ask(&ada_tg, say).await.text, answer, "after {say:?}");
    }
    assert_eq!(openai.request_count(), 14);
    assert_eq!(
        h.rows(ada).await,
        [
            row(1, "Buy groceries", true),
            row(2, "Pay the electricity bill", false)
        ]
    );
    // "typing…" was shown in Ada's chat while the model worked.
    let typing = h.tg.calls("sendChatAction");
    assert!(!typing.is_empty());
    assert!(
        typing
            .iter()
            .all(|c| c["chat_id"] == ada_tg.id && c["action"] == "typing")
    );
}

#[tokio::test]
async fn an_unlinked_user_gets_the_portal_address_and_nothing_else() {
    let h = Harness::start().await;
    let stranger = TgUser::new(2001, "stranger");
    let reply = h.ask(&stranger, "add buy milk").await;
    assert!(reply.text.contains("isn't linked"), "{}", reply.text);
    assert!(reply.text.contains(PUBLIC_URL), "{}", reply.text);
    let reply = h.ask(&stranger, "/tasks").await;
    assert!(reply.text.contains(PUBLIC_URL), "{}", reply.text);
    let tasks: i64 = sqlx::query_scalar("SELECT count(*) FROM tasks")
        .fetch_one(&h.db.pool)
        .await
        .unwrap();
    assert_eq!(tasks, 0);
}

#[tokio::test]
async fn a_link_token_works_once() {
    let h = Harness::start().await;
    let ada = h.db.user("ada@example.com").await;
    let token = h.token(ada).await;
    let first = h.ask(&tg_ada(), &format!("/link {}", token.token)).await;
    assert!(first.text.starts_with("Linked!"), "{}", first.text);

    let again = h.ask(&tg_bob(), &format!("/link {}", token.token)).await;
    assert!(again.text.contains("already been used"), "{}", again.text);
    let by_code = h.ask(&tg_bob(), &format!("/start {}", token.code)).await;
    assert!(by_code.text.contains("already been used"), "{}", by_code.text);
    assert_eq!(h.linked_user(&tg_bob()).await, None);
}

#[tokio::test]
async fn a_deep_link_sent_by_someone_else_can_be_cancelled() {
    let h = Harness::start().await;
    let mallory = h.db.user("mallory@example.com").await;
    let token = h.token(mallory).await;

    let question = h.ask(&tg_ada(), &format!("/start {}", token.code)).await;
    assert!(question.text.contains("m•••@example.com"), "{}", question.text);
    let press =
        h.tg.press(&tg_ada(), &question, &format!("nolink:{}", token.code));
    let cancelled = h.tg.wait_for_edit(tg_ada().id, question.message_id, 1).await;
    h.tg.wait_for_callback_answer(&press).await;
    assert!(
        cancelled.text.contains("nothing was linked"),
        "{}",
        cancelled.text
    );
    assert_eq!(h.linked_user(&tg_ada()).await, None);
    // The link is spent: it cannot be used afterwards either.
    let again = h.ask(&tg_ada(), &format!("/start {}", token.code)).await;
    assert!(again.text.contains("already been used"), "{}", again.text);
}

#[tokio::test]
async fn an_expired_link_token_is_refused() {
    let h = Harness::start().await;
    let ada = h.db.user("ada@example.com").await;
    let token = h.token(ada).await;
    sqlx::query("UPDATE link_tokens SET expires_at = now() - interval '1 second' WHERE jti = $1")
        .bind(&token.code)
        .execute(&h.db.pool)
        .await
        .unwrap();

    let reply = h.ask(&tg_ada(), &format!("/link {}", token.token)).await;
    assert!(reply.text.contains("expired"), "{}", reply.text);
    let reply = h.ask(&tg_ada(), &format!("/start {}", token.code)).await;
    assert!(reply.text.contains("expired"), "{}", reply.text);
    assert_eq!(h.linked_user(&tg_ada()).await, None);
}

#[tokio::test]
async fn a_link_token_posted_in_a_group_is_refused_and_revoked() {
    let h = Harness::start().await;
    let ada = h.db.user("ada@example.com").await;
    let group = TgChat::group(-5001, "Team");

    let token = h.token(ada).await;
    let refused =
        h.tg.ask(&group, &tg_ada(), &format!("/link {}", token.token))
            .await;
    assert!(refused.text.contains("revoked"), "{}", refused.text);
    let later = h.ask(&tg_ada(), &format!("/link {}", token.token)).await;
    assert!(later.text.contains("already been used"), "{}", later.text);

    // A bare token pasted into the group, not even addressed to the bot.
    let pasted = h.token(ada).await;
    let refused = h.tg.ask(&group, &tg_ada(), &pasted.token).await;
    assert!(refused.text.contains("revoked"), "{}", refused.text);
    let later = h.ask(&tg_ada(), &format!("/start {}", pasted.code)).await;
    assert!(later.text.contains("already been used"), "{}", later.text);
    assert_eq!(h.linked_user(&tg_ada()).await, None);
}

#[tokio::test]
async fn an_account_linked_to_another_user_is_refused() {
    let h = Harness::start().await;
    let ada = h.linked("ada@example.com", &tg_ada()).await;
    let bob = h.db.user("bob@example.com").await;
    let bobs_token = h.token(bob).await;

    let reply = h.ask(&tg_ada(), &format!("/link {}", bobs_token.token)).await;
    assert!(reply.text.contains("already linked to another"), "{}", reply.text);
    assert_eq!(h.linked_user(&tg_ada()).await, Some(ada));
}

// ---------------------------------------------------------------- delivery

#[tokio::test]
async fn the_same_update_delivered_twice_adds_one_task() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    let chat = ada_tg.chat();

    let add = h.tg.send_text(&chat, &ada_tg, "/add Buy milk");
    let replies = h.tg.wait_for_sent(chat.id, 2).await;
    assert_eq!(replies[1].text, "Added task #1: Buy milk");
    h.tg.redeliver(add.update_id);
    // The chat's updates are handled in order, so the redelivery is done
    // by the time this one is answered.
    let list = h.ask(&ada_tg, "/tasks").await;

    assert_eq!(h.tg.deliveries(add.update_id), 2);
    assert_eq!(list.text, "Your tasks (1):\n⬜ #1 Buy milk");
    assert_eq!(h.tg.sent(chat.id).len(), 3, "link, add and list replies only");
    assert_eq!(h.rows(ada).await, [row(1, "Buy milk", false)]);
}

#[tokio::test]
async fn flood_control_on_send_message_waits_retry_after_and_retries() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;

    let attempts = h.tg.send_attempts();
    h.tg.fail_next_sends(2, Failure::TooManyRequests(1));
    let started = Instant::now();
    let reply = h.ask(&ada_tg, "/add Buy milk").await;
    assert_eq!(reply.text, "Added task #1: Buy milk");
    assert_eq!(h.tg.send_attempts() - attempts, 3);
    assert!(
        started.elapsed() >= Duration::from_millis(1900),
        "retry_after was not honoured"
    );
    assert_eq!(h.rows(ada).await, [row(1, "Buy milk", false)]);
}

#[tokio::test]
async fn a_server_error_on_send_message_is_retried() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    let chat = ada_tg.chat();

    let attempts = h.tg.send_attempts();
    h.tg.fail_next_sends(1, Failure::ServerError);
    h.tg.send_text(&chat, &ada_tg, "/add Buy milk");
    // teloxide pauses 10 s after any 5xx before reporting it.
    let sent =
        h.tg.wait_for_sent_within(chat.id, 2, Duration::from_secs(30))
            .await;
    assert_eq!(sent[1].text, "Added task #1: Buy milk");
    assert_eq!(h.tg.send_attempts() - attempts, 2);
    assert_eq!(h.rows(ada).await, [row(1, "Buy milk", false)]);
}

#[tokio::test]
async fn an_undeliverable_reply_is_dropped_and_the_bot_carries_on() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    let chat = ada_tg.chat();

    let attempts = h.tg.send_attempts();
    h.tg.fail_next_sends(5, Failure::TooManyRequests(1));
    h.tg.send_text(&chat, &ada_tg, "/add Buy milk");
    h.tg.wait_for("five failed sendMessage attempts", WAIT, |t| {
        (t.send_attempts() - attempts >= 5).then_some(())
    })
    .await;
    let list = h.ask(&ada_tg, "/tasks").await;
    assert_eq!(list.text, "Your tasks (1):\n⬜ #1 Buy milk");
    assert_eq!(
        h.tg.sent(chat.id).len(),
        2,
        "the link reply and the list; the add reply was lost"
    );
    assert_eq!(h.rows(ada).await, [row(1, "Buy milk", false)]);
}

#[tokio::test]
async fn a_long_reply_is_split_at_line_boundaries() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    let titles: Vec<String> = (1..=40)
        .map(|n| format!("Task {n:02} {}", "lorem ipsum ".repeat(12).trim_end()))
        .collect();
    h.seed(ada, &titles.iter().map(String::as_str).collect::<Vec<_>>())
        .await;
    let chat = ada_tg.chat();

    h.tg.send_text(&chat, &ada_tg, "/tasks");
    let sent = h.tg.wait_for_sent(chat.id, 3).await;
    let parts = &sent[1..];
    let total: usize = parts.iter().map(|p| p.text.encode_utf16().count()).sum();
    assert!(total > 6000, "the list is {total} units long");
    assert_eq!(parts.len(), 2);
    assert!(parts.iter().all(|p| p.text.encode_utf16().count() <= 4096));
    let lines: Vec<&str> = parts.iter().flat_map(|p| p.text.lines()).collect();
    assert_eq!(lines[0], "Your tasks (40):");
    for (n, title) in titles.iter().enumerate() {
        assert_eq!(lines[n + 1], format!("⬜ #{} {title}", n + 1));
    }
    assert!(parts[0].buttons.is_empty(), "buttons go on the last part");
    assert_eq!(parts[1].buttons.len(), 24);
}

#[tokio::test]
async fn markup_characters_arrive_literally() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;

    let added = h.ask(&ada_tg, "/add <b>*_[x]").await;
    assert_eq!(added.text, "Added task #1: <b>*_[x]");
    assert_eq!(added.parse_mode, None);
    let list = h.ask(&ada_tg, "/tasks").await;
    assert_eq!(list.text, "Your tasks (1):\n⬜ #1 <b>*_[x]");
    assert_eq!(list.parse_mode, None);
    assert_eq!(h.rows(ada).await, [row(1, "<b>*_[x]", false)]);
}

#[tokio::test]
async fn chats_are_handled_concurrently_and_each_chat_in_order() {
    let openai = FakeOpenAi::start().await;
    let mut env = openai.env();
    env.push(("OPENAI_TIMEOUT_MS", "10000".to_owned()));
    let h = Harness::start_with(&env).await;
    let (ada_tg, bob_tg) = (tg_ada(), tg_bob());
    h.linked("ada@example.com", &ada_tg).await;
    h.linked("bob@example.com", &bob_tg).await;
    openai.script([Reply::Delayed(
        Duration::from_secs(2),
        Box::new(Reply::text("Hello Ada, take your time.")),
    )]);

    // Ada's free text waits on the slow model; her /tasks queues behind it.
    h.tg.send_text(&ada_tg.chat(), &ada_tg, "how are you?");
    h.tg.send_text(&ada_tg.chat(), &ada_tg, "/tasks");
    let bobs = h.ask(&bob_tg, "/tasks").await;
    assert_eq!(bobs.text, "You have no tasks.");
    assert_eq!(
        h.tg.sent(ada_tg.id).len(),
        1,
        "Bob was answered while Ada's model call was pending"
    );

    let adas = h.tg.wait_for_sent(ada_tg.id, 3).await;
    assert_eq!(adas[1].text, "Hello Ada, take your time.");
    assert_eq!(adas[2].text, "You have no tasks.");
}

// ------------------------------------------------------------------ groups

#[tokio::test]
async fn in_groups_only_mentions_commands_and_replies_to_the_bot_are_answered() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    let group = TgChat::group(-7001, "Team");

    h.tg.send_text(&group, &ada_tg, "add buy milk");
    h.tg.send_text(&group, &ada_tg, "/tasks@some_other_bot");
    let asked =
        h.tg.send_text(&group, &ada_tg, &format!("@{BOT_USERNAME} add buy bread"));
    let sent = h.tg.wait_for_sent(group.id, 1).await;
    assert_eq!(sent[0].text, "Added task #1: Buy bread");
    assert_eq!(sent[0].reply_to, Some(asked.message_id));
    let answered = sent[0].clone();

    let list = h.tg.ask(&group, &ada_tg, "/tasks").await;
    assert_eq!(list.text, "Your tasks (1):\n⬜ #1 Buy bread");
    let before = h.tg.sent(group.id).len();
    h.tg.reply(&group, &ada_tg, "done 1", answered.message_id);
    let sent = h.tg.wait_for_sent(group.id, before + 1).await;
    assert_eq!(sent[before].text, "Marked #1 as done: Buy bread ✅");

    // An unlinked member who mentions the bot gets the explanation, quoted.
    let asked =
        h.tg.send_text(&group, &tg_bob(), &format!("hey @{BOT_USERNAME} what's pending?"));
    let sent = h.tg.wait_for_sent(group.id, before + 2).await;
    assert!(
        sent[before + 1].text.contains("isn't linked"),
        "{}",
        sent[before + 1].text
    );
    assert_eq!(sent[before + 1].reply_to, Some(asked.message_id));

    assert_eq!(h.tg.sent(group.id).len(), 4, "the chatter got no answer");
    assert_eq!(h.rows(ada).await, [row(1, "Buy bread", true)]);
}

// ----------------------------------------------------------------- buttons

#[tokio::test]
async fn a_task_button_completes_the_task_and_edits_the_list() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    h.seed(ada, &["Buy milk", "Call mom"]).await;

    let list = h.ask(&ada_tg, "/tasks").await;
    assert_eq!(list.buttons, buttons(&[("✅ #1", "done:1"), ("✅ #2", "done:2")]));
    let press = h.tg.press(&ada_tg, &list, "done:1");
    let edited = h.tg.wait_for_edit(ada_tg.id, list.message_id, 1).await;
    assert_eq!(
        edited.text,
        "Marked #1 as done: Buy milk ✅\n\nYour tasks (2):\n✅ #1 Buy milk\n⬜ #2 Call mom"
    );
    assert_eq!(edited.buttons, buttons(&[("✅ #2", "done:2")]));
    let answer = h.tg.wait_for_callback_answer(&press).await;
    assert!(answer.get("show_alert").is_none(), "{answer}");
    assert_eq!(
        h.rows(ada).await,
        [row(1, "Buy milk", true), row(2, "Call mom", false)]
    );

    let press = h.tg.press(&ada_tg, &edited, "done:2");
    let edited = h.tg.wait_for_edit(ada_tg.id, list.message_id, 2).await;
    assert!(edited.buttons.is_empty(), "no pending task, no buttons");
    h.tg.wait_for_callback_answer(&press).await;
    assert_eq!(
        h.rows(ada).await,
        [row(1, "Buy milk", true), row(2, "Call mom", true)]
    );
    assert_eq!(h.tg.sent(ada_tg.id).len(), 2, "the list was edited, not re-sent");
}

#[tokio::test]
async fn in_groups_only_the_asker_can_press_the_list_buttons() {
    let h = Harness::start().await;
    let (ada_tg, bob_tg) = (tg_ada(), tg_bob());
    let ada = h.linked("ada@example.com", &ada_tg).await;
    let bob = h.linked("bob@example.com", &bob_tg).await;
    h.seed(ada, &["Ada's task"]).await;
    h.seed(bob, &["Bob's private task"]).await;
    let group = TgChat::group(-7002, "Team");

    let list = h.tg.ask(&group, &ada_tg, "/tasks").await;
    assert_eq!(list.buttons, buttons(&[("✅ #1", "done:1")]));
    let press = h.tg.press(&bob_tg, &list, "done:1");
    let answer = h.tg.wait_for_callback_answer(&press).await;
    assert_eq!(answer["show_alert"], true);
    assert!(
        answer["text"].as_str().unwrap().contains("someone else"),
        "{answer}"
    );
    assert_eq!(h.rows(bob).await, [row(1, "Bob's private task", false)]);

    let press = h.tg.press(&ada_tg, &list, "done:1");
    let edited = h.tg.wait_for_edit(group.id, list.message_id, 1).await;
    h.tg.wait_for_callback_answer(&press).await;
    assert!(
        edited.text.starts_with("Marked #1 as done: Ada's task"),
        "{}",
        edited.text
    );
    assert!(!edited.text.contains("Bob"));
    assert_eq!(h.rows(ada).await, [row(1, "Ada's task", true)]);
    assert_eq!(h.rows(bob).await, [row(1, "Bob's private task", false)]);
}

// ----------------------------------------------------------------- startup

#[tokio::test]
async fn a_rejected_token_stops_the_bot_with_a_clear_error() {
    let db = TestDb::new().await;
    let tg = FakeTelegram::start().await;
    let config = db.config(&[
        ("TELEGRAM_BOT_TOKEN", "123:wrong".to_owned()),
        ("TELEGRAM_API_URL", tg.api_url.clone()),
    ]);
    let core = Core::new(db.pool.clone(), config.clone());
    let outcome = tokio::time::timeout(WAIT, telegram::run(core, config.telegram.unwrap()))
        .await
        .expect("the bot gives up instead of running");
    let error = outcome.expect_err("a rejected token is an error");
    assert!(
        matches!(error, telegram::Error::TokenRejected { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("rejected TELEGRAM_BOT_TOKEN"),
        "{error}"
    );
    assert!(tg.calls("getUpdates").is_empty());
}

#[tokio::test]
async fn a_failing_get_me_is_retried_before_the_bot_starts() {
    let h = Harness::start_prepared(&[], |tg| tg.fail_next("getMe", 1, Failure::ServerError)).await;
    let stranger = TgUser::new(2001, "stranger");
    let chat = stranger.chat();
    h.tg.send_text(&chat, &stranger, "hello");
    // teloxide pauses 10 s after any 5xx before reporting it.
    let sent =
        h.tg.wait_for_sent_within(chat.id, 1, Duration::from_secs(30))
            .await;
    assert!(sent[0].text.contains("isn't linked"), "{}", sent[0].text);
    assert!(h.tg.calls("getMe").len() >= 2);
}

#[tokio::test]
async fn optional_calls_may_fail_without_stopping_the_bot() {
    let h = Harness::start_prepared(&[], |tg| {
        tg.fail_next("setMyCommands", 1, Failure::BadRequest);
        tg.fail_next("sendChatAction", 10, Failure::BadRequest);
    })
    .await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    assert_eq!(
        h.ask(&ada_tg, "add buy milk").await.text,
        "Added task #1: Buy milk"
    );
    assert_eq!(h.tg.calls("setMyCommands").len(), 1);
    assert!(!h.tg.calls("sendChatAction").is_empty());
    assert_eq!(h.rows(ada).await, [row(1, "Buy milk", false)]);
}

#[tokio::test]
async fn webhook_mode_registers_the_webhook_and_checks_the_secret_header() {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let secret = "webhook-secret-123";
    let h = Harness::start_with(&[
        (
            "TELEGRAM_WEBHOOK_URL",
            "https://bot.example.test/telegram/hook".to_owned(),
        ),
        ("TELEGRAM_WEBHOOK_BIND", format!("127.0.0.1:{port}")),
        ("TELEGRAM_WEBHOOK_SECRET", secret.to_owned()),
    ])
    .await;
    let webhook = h.tg.wait_for("setWebhook", WAIT, |t| t.webhook()).await;
    assert_eq!(webhook["url"], "https://bot.example.test/telegram/hook");
    assert_eq!(webhook["secret_token"], secret);

    let stranger = TgUser::new(3001, "stranger");
    let update = h.tg.send_text(&stranger.chat(), &stranger, "hello");
    let body = h.tg.update_json(update.update_id);
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/telegram/hook");
    let post = |token: &'static str| {
        client
            .post(&url)
            .header("X-Telegram-Bot-Api-Secret-Token", token)
            .json(&body)
            .send()
    };
    let forged = post("not-the-secret").await.expect("webhook reachable");
    assert_eq!(forged.status(), 401);
    let genuine = post(secret).await.expect("webhook reachable");
    assert_eq!(genuine.status(), 200);

    let sent = h.tg.wait_for_sent(stranger.id, 1).await;
    assert!(sent[0].text.contains("isn't linked"), "{}", sent[0].text);
    assert!(h.tg.calls("getUpdates").is_empty(), "no polling in webhook mode");
    // Telegram retries a webhook delivery it did not see acknowledged.
    assert_eq!(post(secret).await.expect("webhook reachable").status(), 200);
    let ask = h.tg.send_text(&stranger.chat(), &stranger, "/help");
    let body = h.tg.update_json(ask.update_id);
    let response = client
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", secret)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let sent = h.tg.wait_for_sent(stranger.id, 2).await;
    assert_eq!(sent.len(), 2, "the retried delivery was not answered twice");
}

#[tokio::test]
async fn every_command_of_the_table_is_in_the_menu_and_answers() {
    use tasklink_core::{
        chat::APOLOGY,
        commands::{self, CommandName, Surface},
    };
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    h.seed(ada, &["One", "Two"]).await;

    let menus = h.tg.calls("setMyCommands");
    let menu: Vec<&str> = menus[0]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    let table: Vec<&str> = commands::offered_on(Surface::Telegram)
        .map(|c| c.command)
        .collect();
    assert_eq!(menu, table);

    for spec in tasklink_tests::helpers::commands_in_test_order() {
        let line = match spec.name {
            CommandName::Link => format!("/link {}", h.token(ada).await.token),
            _ => spec.example.to_owned(),
        };
        let reply = h.ask(&ada_tg, &line).await;
        let unknown = reply.text.starts_with(&format!("I don't know /{}", spec.command));
        assert_eq!(
            unknown,
            !spec.offered_on(Surface::Telegram),
            "{line}: {}",
            reply.text
        );
        assert_ne!(reply.text, APOLOGY, "{line}");
        assert!(
            !reply.text.contains("For example"),
            "{line} needs its arguments: {}",
            reply.text
        );
    }
    assert_eq!(h.linked_user(&ada_tg).await, None, "/unlink ran");
}

#[tokio::test]
async fn the_chat_limit_holds_on_telegram_and_is_answered_once() {
    let h = Harness::start_with(&[("TASKLINK_CHAT_LIMIT", "3".into())]).await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;

    for i in 1..=3 {
        let reply = h.ask(&ada_tg, &format!("add task {i}")).await;
        assert!(reply.text.starts_with("Added task #"), "{}", reply.text);
    }
    let refused = h.ask(&ada_tg, "add task 4").await;
    assert!(
        refused.text.contains("faster than I can keep up"),
        "{}",
        refused.text
    );
    // Later messages of the window are dropped without another refusal.
    let before = h.tg.sent(ada_tg.id).len();
    for i in 5..=8 {
        h.tg.send_text(&ada_tg.chat(), &ada_tg, &format!("add task {i}"));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(h.tg.sent(ada_tg.id).len(), before, "no answer, no second refusal");
    assert_eq!(h.rows(ada).await.len(), 3, "nothing past the limit ran");
}

#[tokio::test]
async fn one_chat_flooding_under_flood_control_does_not_hold_up_another() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    h.seed(ada, &["Pay rent"]).await;
    // Mallory is not linked, floods her chat, and Telegram answers every send
    // to her chat with "retry after 10 s".
    let mallory = TgUser::new(6666, "mallory_tg");
    h.tg.flood_control(mallory.id, Failure::TooManyRequests(10));
    for i in 0..100 {
        h.tg.send_text(&mallory.chat(), &mallory, &format!("spam {i}"));
    }

    let started = Instant::now();
    let list = h.ask(&ada_tg, "/tasks").await;
    assert!(list.text.contains("Pay rent"), "{}", list.text);
    // Functional bound, far below the 10 s wait Mallory's chat is stuck in.
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );

    // Mallory's lane sheds: far fewer than 100 sends were even attempted to her.
    let to_mallory =
        h.tg.calls("sendMessage")
            .iter()
            .filter(|c| c["chat_id"] == mallory.id || c["chat_id"].as_str() == Some(&mallory.id.to_string()))
            .count();
    assert!(to_mallory <= 3, "{to_mallory} sends to the flooded chat");
}

#[tokio::test]
async fn a_due_set_by_phrase_reads_back_in_the_new_zone_after_tz() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    h.linked("ada@example.com", &ada_tg).await;

    let set = h.ask(&ada_tg, "/tz Europe/Berlin").await;
    assert!(set.text.contains("Europe/Berlin"), "{}", set.text);
    let added = h.ask(&ada_tg, "/add Call mom tomorrow 6pm p1 #family").await;
    assert!(
        added.text.starts_with("Added task #1: Call mom — due "),
        "{}",
        added.text
    );
    assert!(
        added.text.contains("18:00 (Europe/Berlin)")
            && added.text.contains("high")
            && added.text.contains("#family"),
        "{}",
        added.text
    );
    let list = h.ask(&ada_tg, "/tasks").await;
    assert!(
        list.text
            .contains("#1 Call mom — tomorrow 18:00 · high · #family"),
        "{}",
        list.text
    );

    // Moving to Tokyo: the same instant, read in the new zone (18:00 Berlin is 02:00 in Tokyo).
    h.ask(&ada_tg, "I'm in Tokyo").await;
    let list = h.ask(&ada_tg, "/tasks pending").await;
    assert!(list.text.contains("02:00"), "{}", list.text);
    let tz = h.ask(&ada_tg, "/tz").await;
    assert!(tz.text.contains("Asia/Tokyo"), "{}", tz.text);

    // Offline phrases with time.
    let due_today = h.ask(&ada_tg, "what's overdue?").await;
    assert!(due_today.text.contains("no pending tasks"), "{}", due_today.text);
    let moved = h.ask(&ada_tg, "snooze task 1 for an hour").await;
    assert!(moved.text.starts_with("Snoozed #1: Call mom"), "{}", moved.text);
    let agenda = h.ask(&ada_tg, "/agenda").await;
    assert!(agenda.text.contains("Call mom"), "{}", agenda.text);
}

#[tokio::test]
async fn a_shared_location_sets_the_zone_offline() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    let ada = h.linked("ada@example.com", &ada_tg).await;
    let zone = || async {
        sqlx::query_scalar::<_, String>("SELECT timezone FROM users WHERE id = $1")
            .bind(ada.get())
            .fetch_one(&h.db.pool)
            .await
            .unwrap()
    };

    for (lat, lon, expected) in [
        (35.6895, 139.6917, "Asia/Tokyo"),
        (52.52, 13.405, "Europe/Berlin"),
        (40.7128, -74.006, "America/New_York"),
    ] {
        let reply = h.tg.share_location(&ada_tg.chat(), &ada_tg, lat, lon).await;
        assert!(
            reply
                .text
                .starts_with(&format!("Your time zone is now {expected} (it's ")),
            "{}",
            reply.text
        );
        assert_eq!(zone().await, expected);
        let tz = h.ask(&ada_tg, "/tz").await;
        assert!(tz.text.contains(expected), "{}", tz.text);
        assert!(tz.text.contains("share your location"), "{}", tz.text);
    }

    // The open Atlantic: no zone is set, and the reply says how to set one.
    let reply = h.tg.share_location(&ada_tg.chat(), &ada_tg, 30.0, -40.0).await;
    assert!(reply.text.contains("/tz Europe/Berlin"), "{}", reply.text);
    assert_eq!(zone().await, "America/New_York");

    // Someone not linked gets the usual answer, and nothing changes.
    let stranger = TgUser::new(2001, "stranger");
    let reply =
        h.tg.share_location(&stranger.chat(), &stranger, 35.6895, 139.6917)
            .await;
    assert!(reply.text.contains("isn't linked"), "{}", reply.text);
    assert_eq!(zone().await, "America/New_York");
}

// -------------------------------------------------------------- operations

/// The real `tasklink-bot` binary: SIGTERM while a turn waits 2 s on the
/// model stops polling, the turn still gets its reply, and the process exits 0.
#[tokio::test]
async fn sigterm_finishes_the_turn_in_flight_and_exits_0() {
    let db = TestDb::new().await;
    let tg = FakeTelegram::start().await;
    let openai = FakeOpenAi::start().await;
    openai.push(Reply::Delayed(
        Duration::from_secs(2),
        Box::new(Reply::text("Noted.")),
    ));
    let core = db.core();
    let ada_tg = tg_ada();
    let ada = db.user("ada@example.com").await;
    let token = linking::issue(&core.db, &core.tokens, ada).await.unwrap();
    let account = linking::PlatformAccount {
        platform: Platform::Telegram,
        user_id: ada_tg.id.to_string(),
        username: Some(ada_tg.username.clone()),
    };
    linking::redeem_token(&core.db, &core.tokens, &token.token, &account)
        .await
        .unwrap();

    let mut bot = tokio::process::Command::new(binary("tasklink-bot"))
        .current_dir(std::env::temp_dir())
        .envs(db.env())
        .envs(tg.env())
        .envs(openai.env())
        .env("OPENAI_TIMEOUT_MS", "5000")
        .kill_on_drop(true)
        .spawn()
        .expect("start tasklink-bot");
    tg.send_text(&ada_tg.chat(), &ada_tg, "hello");
    let started = Instant::now();
    while openai.request_count() == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the turn never reached the model"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let status = terminate(&mut bot, Duration::from_secs(25)).await;
    assert!(status.success(), "exit status {status}");
    let sent = tg.sent(ada_tg.chat().id);
    assert_eq!(sent.last().map(|m| m.text.as_str()), Some("Noted."), "{sent:#?}");
}

/// A bot host given `TASKLINK_LINK_KEY` and no secret (as docker-compose
/// and `./scripts/start` run it) links accounts with the portal's tokens.
#[tokio::test]
async fn the_real_bot_with_only_the_link_key_links_accounts() {
    let db = TestDb::new().await;
    let tg = FakeTelegram::start().await;
    let core = db.core();
    let link_key: String = keys::derive(helpers::TEST_JWT_SECRET.as_bytes(), keys::Purpose::Link)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let _bot = tokio::process::Command::new(binary("tasklink-bot"))
        .current_dir(std::env::temp_dir())
        .envs(db.env())
        .envs(tg.env())
        .env("TASKLINK_JWT_SECRET", "")
        .env("TASKLINK_LINK_KEY", &link_key)
        .env("TASKLINK_REMINDERS", "off")
        .kill_on_drop(true)
        .spawn()
        .expect("start tasklink-bot");

    let ada = db.user("ada@example.com").await;
    let token = helpers::link_token(&core, ada).await;
    let reply = tg
        .ask(&tg_ada().chat(), &tg_ada(), &format!("/link {}", token.token))
        .await;
    assert!(reply.text.starts_with("Linked!"), "{}", reply.text);
    let added = tg.ask(&tg_ada().chat(), &tg_ada(), "/add Buy milk").await;
    assert!(added.text.contains("Buy milk"), "{}", added.text);
    assert_eq!(helpers::task_rows(&core, ada).await.len(), 1);
}

/// A `getUpdates` answer is stored whole, in one statement (one commit),
/// before the next `getUpdates` confirms it: every row of the batch has its
/// transaction's `received_at`, each message is answered once, and the
/// confirming request comes after the rows exist.
#[tokio::test]
async fn a_batch_of_updates_is_stored_in_one_commit_before_it_is_confirmed() {
    let people: Vec<TgUser> = (0..5)
        .map(|i| TgUser::new(3000 + i, &format!("person{i}")))
        .collect();
    let mut ids = Vec::new();
    let h = Harness::start_prepared(&[], |tg| {
        for person in &people {
            ids.push(tg.send_text(&person.chat(), person, "/help").update_id);
        }
    })
    .await;
    for person in &people {
        let replies = h.tg.wait_for_sent(person.chat().id, 1).await;
        assert_eq!(replies.len(), 1, "{replies:#?}");
    }
    let (rows, instants): (i64, i64) =
        sqlx::query_as("SELECT count(*), count(DISTINCT received_at) FROM inbox")
            .fetch_one(&h.db.pool)
            .await
            .unwrap();
    assert_eq!((rows, instants), (5, 1), "five rows, stored in one transaction");
    // The request that handed the five out asked from 0; the next one
    // confirmed them all (and was only sent once they were stored).
    let offsets: Vec<i64> =
        h.tg.calls("getUpdates")
            .iter()
            .map(|c| c["offset"].as_i64().unwrap_or(0))
            .collect();
    let last = *ids.iter().max().unwrap();
    assert!(offsets.contains(&(last + 1)), "{offsets:?}");
    for id in ids {
        assert_eq!(h.tg.deliveries(id), 1, "update {id} handed out once");
    }
}

// ----------------------------------------------------------------- replicas

/// `TELEGRAM_POLLING=off`: a send-only replica takes no updates, neither by
/// polling nor by webhook (even with a webhook configured), leaves the
/// webhook of the others alone, and stops cleanly.
#[tokio::test]
async fn a_replica_with_polling_off_receives_nothing_and_stops_cleanly() {
    let db = TestDb::new().await;
    let tg = FakeTelegram::start().await;
    let port = helpers::free_port();
    let mut env = tg.env();
    env.extend([
        ("TELEGRAM_POLLING", "off".to_owned()),
        ("TELEGRAM_WEBHOOK_URL", "https://bot.example/telegram".to_owned()),
        ("TELEGRAM_WEBHOOK_BIND", format!("127.0.0.1:{port}")),
    ]);
    let config = db.config(&env);
    let core = Core::new(db.pool.clone(), config.clone());
    let (stopping, stopped) = tasklink_core::shutdown::channel();
    let bot = tokio::spawn(telegram::run_until(core, config.telegram.unwrap(), stopped));

    let ada_tg = tg_ada();
    tg.send_text(&ada_tg.chat(), &ada_tg, "hello");
    tg.wait_for("the token check", WAIT, |tg| {
        (!tg.calls("getMe").is_empty()).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    for method in ["getUpdates", "setWebhook", "deleteWebhook"] {
        assert!(tg.calls(method).is_empty(), "{method} was called");
    }
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "nothing listens for webhook updates"
    );
    assert!(tg.sent(ada_tg.chat().id).is_empty(), "nobody answered");
    assert!(!bot.is_finished(), "it runs until told to stop");

    stopping.stop();
    let stopped = tokio::time::timeout(Duration::from_secs(5), bot)
        .await
        .expect("stops at once")
        .expect("no panic");
    assert!(stopped.is_ok(), "{stopped:?}");
}

/// A second long poller on the same token (Telegram cuts one off with 409
/// Conflict): the bot stops with an error that says how to run replicas,
/// instead of fighting the other poller for updates (`tasklink-bot` exits
/// non-zero with it, as for any platform that stops for good).
#[tokio::test]
async fn a_second_poller_stops_with_a_clear_error() {
    let db = TestDb::new().await;
    let tg = FakeTelegram::start().await;
    tg.another_poller();
    let config = db.config(&tg.env());
    let core = Core::new(db.pool.clone(), config.clone());
    let outcome = tokio::time::timeout(
        Duration::from_secs(30),
        telegram::run(core, config.telegram.unwrap()),
    )
    .await
    .expect("the bot gives up instead of fighting");
    let error = outcome.expect_err("a second poller is an error");
    assert!(matches!(error, telegram::Error::SecondPoller), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("409 Conflict")
            && message.contains("TELEGRAM_POLLING=off")
            && message.contains("TELEGRAM_WEBHOOK_URL"),
        "{message}"
    );
    // It gave up after a few tries.
    let polls = tg.calls("getUpdates").len();
    assert_eq!(polls, 3, "{polls} getUpdates calls");
}

#[tokio::test]
async fn tz_offers_a_share_location_button_in_a_private_chat_and_the_location_takes_it_away() {
    let h = Harness::start().await;
    let ada_tg = tg_ada();
    h.linked("ada@example.com", &ada_tg).await;
    let last_send = |text: &str| {
        h.tg.calls("sendMessage")
            .into_iter()
            .rev()
            .find(|c| c["text"].as_str().is_some_and(|t| t.starts_with(text)))
            .unwrap_or_else(|| panic!("no sendMessage starting with {text:?}"))
    };

    let tz = h.ask(&ada_tg, "/tz").await;
    assert!(tz.text.contains("button below"), "{}", tz.text);
    let call = last_send("Your time zone is UTC");
    let markup = &call["reply_markup"];
    let button = &markup["keyboard"][0][0];
    assert_eq!(button["request_location"], true, "{call:#}");
    assert_eq!(button["text"], "📍 Share location", "{call:#}");
    assert_eq!(markup["keyboard"].as_array().unwrap().len(), 1, "{call:#}");
    assert_eq!(markup["one_time_keyboard"], true, "{call:#}");

    // Pressing it sends the location: the zone is set and the keyboard goes.
    let reply = h.tg.share_location(&ada_tg.chat(), &ada_tg, 52.52, 13.405).await;
    assert!(
        reply.text.starts_with("Your time zone is now Europe/Berlin"),
        "{}",
        reply.text
    );
    let call = last_send("Your time zone is now Europe/Berlin");
    assert_eq!(call["reply_markup"]["remove_keyboard"], true, "{call:#}");
    // Other replies carry no keyboard of that kind.
    let tasks = h.ask(&ada_tg, "/tasks").await;
    let call = last_send(&tasks.text);
    assert!(call["reply_markup"].get("keyboard").is_none(), "{call:#}");

    // In a group the button cannot share anything: none is offered.
    let group = TgChat::group(-7101, "Team");
    let tz = h.tg.ask(&group, &ada_tg, "/tz").await;
    assert!(tz.text.contains("private chat"), "{}", tz.text);
    let call =
        h.tg.calls("sendMessage")
            .into_iter()
            .rev()
            .find(|c| c["chat_id"] == group.id)
            .unwrap();
    assert!(call.get("reply_markup").is_none(), "{call:#}");
}
