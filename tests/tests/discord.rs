//! The Discord adapter end to end: the real bot code against the fake Discord
//! (REST and gateway), real Postgres, and the fake OpenAI server where the LLM
//! brain is under test.

use std::{collections::HashMap, sync::Arc, time::Duration};

use serde_json::{Value, json};
use tasklink_bot::{
    discord::{self, Settings},
    pacer::Budget,
};
use tasklink_core::{
    Config, Core,
    accounts::UserId,
    chat::{Button, ButtonAction, Reply},
    linking::{self, Platform},
    reminders::{Courier, DeliveryError, Recipient},
    tasks::{self, TaskFilter, TaskNumber, TaskTitle},
};
use tasklink_tests::{
    fake_discord::{
        self, BOT_ID, DiscordUser, FakeDiscord, GUILD_ID, InteractionRef, Place, RateLimit, integer, string,
    },
    fake_openai::{self, FakeOpenAi},
    fake_telegram::{FakeTelegram, TgUser},
    helpers::{self, PUBLIC_URL, TestDb},
};
use tokio::task::JoinHandle;

/// Discord's EPHEMERAL message flag.
const EPHEMERAL: u64 = 1 << 6;

struct Harness {
    db: TestDb,
    fake: FakeDiscord,
    core: Core,
    bot: JoinHandle<discord::Result<()>>,
}

impl Harness {
    async fn start() -> Self {
        Self::start_with(&[], Settings::default()).await
    }

    /// Starts the bot against a fresh fake and database, and waits until its
    /// gateway session is live and its commands are registered.
    async fn start_with(extra_env: &[(&'static str, String)], settings: Settings) -> Self {
        let db = TestDb::new().await;
        let fake = FakeDiscord::start().await;
        let mut env = fake.env();
        env.extend(extra_env.iter().cloned());
        let config = db.config(&env);
        let discord_config = config.discord.clone().expect("DISCORD_BOT_TOKEN is set");
        let core = Core::new(db.pool.clone(), config);
        let mut bot = tokio::spawn(discord::run_with(core.clone(), discord_config, settings));
        tokio::select! {
            _ = async { fake.wait_live().await; fake.wait_commands().await } => {}
            stopped = &mut bot => panic!("the bot stopped during startup: {stopped:?}"),
        }
        Self { db, fake, core, bot }
    }

    /// A Tasklink user and a Discord user linked to it with `/link`.
    async fn linked(&self, name: &str) -> (DiscordUser, UserId) {
        let user = self.db.user(&format!("{name}@example.com")).await;
        let discord_user = self.fake.user(name);
        let answer = self.link(&discord_user, Place::Dm, user).await;
        assert!(content(&answer).starts_with("Linked!"), "{answer}");
        (discord_user, user)
    }

    /// Runs `/link` with a fresh token of `user`; returns the callback body.
    async fn link(&self, discord_user: &DiscordUser, place: Place<'_>, user: UserId) -> Value {
        let token = self.token(user).await;
        let link = self
            .fake
            .slash(discord_user, place, "link", json!([string("token", &token)]));
        self.fake.wait_callback(&link).await
    }

    async fn token(&self, user: UserId) -> String {
        helpers::link_token(&self.core, user).await.token
    }

    /// Runs a slash command and returns its (direct) answer.
    async fn slash(
        &self,
        user: &DiscordUser,
        place: Place<'_>,
        name: &str,
        options: Value,
    ) -> (InteractionRef, Value) {
        let interaction = self.fake.slash(user, place, name, options);
        let answer = self.fake.wait_callback(&interaction).await;
        (interaction, answer)
    }

    /// Sends a DM and returns the bot's next message in that DM.
    async fn dm(&self, user: &DiscordUser, text: &str) -> fake_discord::SentMessage {
        let before = self.fake.messages_in(&user.dm_channel).len();
        self.fake.dm(user, text);
        let mut sent = self.fake.wait_messages(&user.dm_channel, before + 1).await;
        sent.swap_remove(before)
    }

    /// (number, title, completed) of every task of `user`, read through core.
    async fn tasks(&self, user: UserId) -> Vec<(i32, String, bool)> {
        helpers::task_rows(&self.core, user).await
    }

    async fn linked_user_of(&self, discord_user: &DiscordUser) -> Option<UserId> {
        linking::find_user(&self.core.db, Platform::Discord, &discord_user.id)
            .await
            .expect("find user")
    }
}

/// The `custom_id`s of `owner`'s "complete" buttons for these task numbers.
fn buttons(owner: &DiscordUser, numbers: &[i32]) -> Vec<String> {
    numbers.iter().map(|n| format!("done:{n}:{}", owner.id)).collect()
}

/// The answer's text, for `{type, data}` callbacks and for message bodies alike.
fn content(body: &Value) -> &str {
    body["data"]["content"]
        .as_str()
        .or_else(|| body["content"].as_str())
        .unwrap_or_default()
}

fn flags(callback: &Value) -> u64 {
    callback["data"]["flags"].as_u64().unwrap_or(0)
}

// ------------------------------------------------------------------ startup

#[tokio::test]
async fn identifies_with_the_needed_intents_and_registers_the_commands_globally() {
    let h = Harness::start().await;

    let identify = &h.fake.identifies()[0];
    // GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT
    assert_eq!(identify["intents"], 1 | 1 << 9 | 1 << 12 | 1 << 15);
    let (guild, commands) = h.fake.wait_commands().await;
    assert_eq!(guild, None);
    let names: Vec<&str> = commands.iter().filter_map(|c| c["name"].as_str()).collect();
    let table: Vec<&str> = tasklink_core::commands::offered_on(tasklink_core::commands::Surface::Discord)
        .map(|c| c.command)
        .collect();
    assert_eq!(names, table);
    assert!(names.contains(&"new") && !names.contains(&"start"), "{names:?}");
    let edit = commands.iter().find(|c| c["name"] == "edit").unwrap();
    assert_eq!(edit["options"][0]["name"], "number");
    assert_eq!(edit["options"][0]["type"], 4);
    assert_eq!(edit["options"][1]["name"], "title");
    assert!(
        h.fake
            .requests()
            .iter()
            .any(|r| r.path == format!("/api/v10/applications/{BOT_ID}/commands"))
    );
}

#[tokio::test]
async fn with_a_guild_id_the_commands_go_to_that_guild() {
    let h = Harness::start_with(&[("DISCORD_GUILD_ID", GUILD_ID.to_owned())], Settings::default()).await;
    let (guild, commands) = h.fake.wait_commands().await;
    assert_eq!(guild.as_deref(), Some(GUILD_ID));
    assert_eq!(
        commands.len(),
        tasklink_core::commands::offered_on(tasklink_core::commands::Surface::Discord).count()
    );
}

#[tokio::test]
async fn a_rejected_token_stops_the_bot_with_a_clear_error() {
    let db = TestDb::new().await;
    let fake = FakeDiscord::start().await;
    fake.reject_token();
    let config = db.config(&fake.env());
    let discord_config = config.discord.clone().unwrap();
    let core = Core::new(db.pool.clone(), config);

    let outcome = tokio::time::timeout(fake_discord::WAIT, discord::run(core, discord_config))
        .await
        .expect("the bot gives up instead of hanging");
    let error = outcome.expect_err("a rejected token is an error");
    assert!(matches!(error, discord::Error::TokenRejected), "{error:?}");
    assert!(error.to_string().contains("DISCORD_BOT_TOKEN"), "{error}");
}

// ------------------------------------------------------------------ linking

#[tokio::test]
async fn link_by_slash_command_in_a_guild_is_ephemeral() {
    let h = Harness::start().await;
    let channel = h.fake.guild_channel();
    let ada = h.db.user("ada@example.com").await;
    let ada_on_discord = h.fake.user("ada");

    let answer = h.link(&ada_on_discord, Place::Guild(&channel), ada).await;

    assert_eq!(answer["type"], 4);
    assert_eq!(flags(&answer) & EPHEMERAL, EPHEMERAL, "{answer}");
    assert!(content(&answer).starts_with("Linked!"), "{answer}");
    assert_eq!(h.linked_user_of(&ada_on_discord).await, Some(ada));
    assert!(
        h.fake.messages_in(&channel).is_empty(),
        "nothing is posted in the channel"
    );
}

#[tokio::test]
async fn a_token_works_once() {
    let h = Harness::start().await;
    let ada = h.db.user("ada@example.com").await;
    let token = h.token(ada).await;
    let (first, second) = (h.fake.user("ada"), h.fake.user("ada-alt"));

    let (_, answer) = h
        .slash(&first, Place::Dm, "link", json!([string("token", &token)]))
        .await;
    assert!(content(&answer).starts_with("Linked!"));
    let (_, again) = h
        .slash(&second, Place::Dm, "link", json!([string("token", &token)]))
        .await;

    assert!(content(&again).contains("already been used"), "{again}");
    assert_eq!(flags(&again) & EPHEMERAL, EPHEMERAL);
    assert_eq!(h.linked_user_of(&second).await, None);
}

#[tokio::test]
async fn a_token_pasted_in_a_guild_channel_is_refused_and_revoked() {
    let h = Harness::start().await;
    let channel = h.fake.guild_channel();
    let ada = h.db.user("ada@example.com").await;
    let ada_on_discord = h.fake.user("ada");
    let token = h.token(ada).await;

    // Not even addressed to the bot: a leaked token is spent all the same.
    h.fake
        .say(&ada_on_discord, &channel, &format!("here it is {token}"));
    let refusal = h.fake.wait_messages(&ada_on_discord.dm_channel, 1).await;

    assert!(refusal[0].content.contains("revoked"), "{}", refusal[0].content);
    assert!(!refusal[0].content.contains(&token));
    assert!(
        h.fake.messages_in(&channel).is_empty(),
        "the refusal goes to the DM, not the channel"
    );
    let (_, answer) = h
        .slash(
            &ada_on_discord,
            Place::Dm,
            "link",
            json!([string("token", &token)]),
        )
        .await;
    assert!(content(&answer).starts_with("Sorry"), "{answer}");
    assert_eq!(h.linked_user_of(&ada_on_discord).await, None);
}

#[tokio::test]
async fn an_account_linked_to_someone_else_is_refused() {
    let h = Harness::start().await;
    let (ada_on_discord, ada) = h.linked("ada").await;
    let bob = h.db.user("bob@example.com").await;

    let answer = h.link(&ada_on_discord, Place::Dm, bob).await;

    assert!(content(&answer).contains("already linked to another"), "{answer}");
    assert_eq!(h.linked_user_of(&ada_on_discord).await, Some(ada));
}

#[tokio::test]
async fn an_unlinked_user_is_told_how_to_link_and_nothing_happens() {
    let h = Harness::start().await;
    let stranger = h.fake.user("stranger");

    let reply = h.dm(&stranger, "add buy milk").await;
    assert!(reply.content.contains(PUBLIC_URL), "{}", reply.content);
    assert!(reply.content.contains("/link"));

    let (_, answer) = h
        .slash(&stranger, Place::Dm, "add", json!([string("title", "Buy milk")]))
        .await;
    assert!(content(&answer).contains("isn't linked"), "{answer}");
    assert_eq!(flags(&answer) & EPHEMERAL, EPHEMERAL);
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM tasks")
        .fetch_one(&h.core.db)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn unlink_by_slash_command() {
    let h = Harness::start().await;
    let (ada_on_discord, _) = h.linked("ada").await;

    let (_, answer) = h.slash(&ada_on_discord, Place::Dm, "unlink", json!([])).await;

    assert!(content(&answer).contains("no longer linked"), "{answer}");
    assert_eq!(flags(&answer) & EPHEMERAL, EPHEMERAL);
    assert_eq!(h.linked_user_of(&ada_on_discord).await, None);
}

// ------------------------------------------------------------------- tasks

#[tokio::test]
async fn slash_commands_manage_tasks() {
    let h = Harness::start().await;
    let (ada_on_discord, ada) = h.linked("ada").await;
    let channel = h.fake.guild_channel();
    let here = Place::Guild(&channel);

    for title in ["Buy milk", "Call mom", "Water plants"] {
        let (_, added) = h
            .slash(&ada_on_discord, here, "add", json!([string("title", title)]))
            .await;
        assert!(content(&added).starts_with("Added task #"), "{added}");
        assert_eq!(flags(&added) & EPHEMERAL, 0, "task answers are visible");
    }
    let (_, done) = h
        .slash(&ada_on_discord, here, "done", json!([integer("number", 1)]))
        .await;
    assert_eq!(content(&done), "Marked #1 as done: Buy milk ✅");
    let (_, edited) = h
        .slash(
            &ada_on_discord,
            here,
            "edit",
            json!([integer("number", 2), string("title", "Call mom tonight")]),
        )
        .await;
    assert_eq!(content(&edited), "Updated #2: Call mom tonight");
    let (_, deleted) = h
        .slash(&ada_on_discord, here, "delete", json!([integer("number", 3)]))
        .await;
    assert_eq!(content(&deleted), "Deleted #3: Water plants");

    let (_, list) = h.slash(&ada_on_discord, here, "tasks", json!([])).await;
    assert_eq!(
        content(&list),
        "Your tasks (2):\n✅ #1 Buy milk\n⬜ #2 Call mom tonight"
    );
    assert_eq!(
        fake_discord::custom_ids(&list["data"]),
        buttons(&ada_on_discord, &[2])
    );
    let (_, pending) = h
        .slash(
            &ada_on_discord,
            here,
            "tasks",
            json!([string("filter", "pending")]),
        )
        .await;
    assert_eq!(
        content(&pending),
        "Your pending tasks (1):\n⬜ #2 Call mom tonight"
    );

    assert_eq!(
        h.tasks(ada).await,
        [
            (1, "Buy milk".into(), true),
            (2, "Call mom tonight".into(), false)
        ]
    );
    let (_, missing) = h
        .slash(&ada_on_discord, here, "done", json!([integer("number", 9)]))
        .await;
    assert!(content(&missing).starts_with("Sorry"), "{missing}");
}

#[tokio::test]
async fn a_button_completes_the_task_and_updates_the_list() {
    let h = Harness::start().await;
    let (ada_on_discord, ada) = h.linked("ada").await;
    let channel = h.fake.guild_channel();
    let here = Place::Guild(&channel);
    for title in ["Buy milk", "Call mom"] {
        h.slash(&ada_on_discord, here, "add", json!([string("title", title)]))
            .await;
    }
    let (list, answer) = h.slash(&ada_on_discord, here, "tasks", json!([])).await;
    let ids = fake_discord::custom_ids(&answer["data"]);
    assert_eq!(ids, buttons(&ada_on_discord, &[1, 2]));

    let press = h.fake.press_on_answer(&ada_on_discord, here, &list, &ids[0]);
    let update = h.fake.wait_callback(&press).await;

    assert_eq!(
        update["type"], 7,
        "UPDATE_MESSAGE edits the pressed list: {update}"
    );
    assert!(
        content(&update).starts_with("Marked #1 as done: Buy milk ✅"),
        "{update}"
    );
    assert!(content(&update).contains("⬜ #2 Call mom"));
    assert_eq!(
        fake_discord::custom_ids(&update["data"]),
        buttons(&ada_on_discord, &[2])
    );
    assert_eq!(
        h.tasks(ada).await,
        [(1, "Buy milk".into(), true), (2, "Call mom".into(), false)]
    );

    // The last button goes away with the last pending task.
    let last = h.fake.press_on_answer(&ada_on_discord, here, &press, &ids[1]);
    let update = h.fake.wait_callback(&last).await;
    assert_eq!(update["data"]["components"], json!([]));
}

#[tokio::test]
async fn only_the_owner_of_a_public_list_can_press_its_buttons() {
    let h = Harness::start().await;
    let (ada_on_discord, ada) = h.linked("ada").await;
    let (bob_on_discord, bob) = h.linked("bob").await;
    let channel = h.fake.guild_channel();
    let here = Place::Guild(&channel);
    for (user, title) in [(&ada_on_discord, "Ada's task"), (&bob_on_discord, "Bob's task")] {
        h.slash(user, here, "add", json!([string("title", title)])).await;
    }
    let (list, answer) = h.slash(&ada_on_discord, here, "tasks", json!([])).await;
    let ids = fake_discord::custom_ids(&answer["data"]);

    let press = h.fake.press_on_answer(&bob_on_discord, here, &list, &ids[0]);
    let refusal = h.fake.wait_callback(&press).await;

    assert_eq!(
        refusal["type"], 4,
        "a new message, not an update of Ada's list: {refusal}"
    );
    assert_eq!(flags(&refusal) & EPHEMERAL, EPHEMERAL);
    assert!(content(&refusal).contains("someone else"), "{refusal}");
    assert_eq!(h.tasks(ada).await, [(1, "Ada's task".into(), false)]);
    assert_eq!(h.tasks(bob).await, [(1, "Bob's task".into(), false)]);
}

#[tokio::test]
async fn plain_language_in_a_dm_with_the_offline_brain() {
    let h = Harness::start().await;
    let (ada_on_discord, ada) = h.linked("ada").await;

    let added = h.dm(&ada_on_discord, "Add a task to buy groceries").await;
    assert!(added.content.contains("Buy groceries"), "{}", added.content);
    h.dm(&ada_on_discord, "I need to remember to pay bills").await;
    let done = h.dm(&ada_on_discord, "Mark task 1 as complete").await;
    assert!(done.content.contains("#1"), "{}", done.content);
    let pending = h.dm(&ada_on_discord, "What's pending?").await;
    assert!(pending.content.contains("Pay bills") && !pending.content.contains("Buy groceries"));

    assert_eq!(
        h.tasks(ada).await,
        [(1, "Buy groceries".into(), true), (2, "Pay bills".into(), false)]
    );
    assert_eq!(
        h.fake.messages_in(&ada_on_discord.dm_channel).len(),
        4,
        "one answer per message; the bot's own echoed messages are not answered"
    );
}

#[tokio::test]
async fn plain_language_in_a_dm_with_the_llm_brain() {
    let openai = FakeOpenAi::start().await;
    let h = Harness::start_with(&openai.env(), Settings::default()).await;
    let (ada_on_discord, ada) = h.linked("ada").await;

    openai.script([
        fake_openai::Reply::tool("add_task", json!({"title": "Buy groceries"})),
        fake_openai::Reply::text("Added “Buy groceries” as task #1."),
    ]);
    let added = h.dm(&ada_on_discord, "Add a task to buy groceries").await;
    assert_eq!(added.content, "Added “Buy groceries” as task #1.");

    openai.script([
        fake_openai::Reply::tool(
            "update_task",
            json!({"task_number": 1, "title": "Call mom tonight"}),
        ),
        fake_openai::Reply::text("Renamed #1 to “Call mom tonight”."),
    ]);
    let renamed = h.dm(&ada_on_discord, "Change task 1 to 'Call mom tonight'").await;
    assert_eq!(renamed.content, "Renamed #1 to “Call mom tonight”.");

    assert_eq!(h.tasks(ada).await, [(1, "Call mom tonight".into(), false)]);
    let last_request = openai.requests().pop().expect("the model was asked");
    let sent = last_request.to_string();
    assert!(sent.contains("Change task 1 to 'Call mom tonight'"), "{sent}");
}

#[tokio::test]
async fn in_a_guild_channel_only_mentions_and_replies_to_the_bot_are_answered() {
    let h = Harness::start().await;
    let (ada_on_discord, ada) = h.linked("ada").await;
    let bob = h.fake.user("bob");
    let channel = h.fake.guild_channel();

    h.fake
        .say(&ada_on_discord, &channel, "add chatter that is not for the bot");
    h.fake.say(
        &bob,
        &channel,
        &format!("hey <@{}> add nothing", ada_on_discord.id),
    );
    h.fake.say(
        &ada_on_discord,
        &channel,
        &format!("{} add buy milk", h.fake.bot_mention()),
    );
    let answers = h.fake.wait_messages(&channel, 1).await;
    assert_eq!(answers[0].content, "Added task #1: Buy milk");
    assert_eq!(answers[0].body["allowed_mentions"]["parse"], json!([]));

    h.fake.reply(&ada_on_discord, &channel, "done 1", &answers[0].id);
    let answers = h.fake.wait_messages(&channel, 2).await;
    assert!(
        answers[1].content.starts_with("Marked #1 as done"),
        "{}",
        answers[1].content
    );

    assert_eq!(h.tasks(ada).await, [(1, "Buy milk".into(), true)]);
    assert_eq!(h.fake.messages_in(&channel).len(), 2, "chatter got no answer");
}

#[tokio::test]
async fn one_list_across_telegram_and_discord() {
    // Both adapters in one process, as `tasklink-bot` runs them with both tokens set.
    let db = TestDb::new().await;
    let (telegram, discord) = (FakeTelegram::start().await, FakeDiscord::start().await);
    let config = db.config(&[telegram.env(), discord.env()].concat());
    let core = Core::new(db.pool.clone(), config.clone());
    let mut bot = tokio::spawn(tasklink_bot::run(config));
    tokio::select! {
        _ = async { discord.wait_live().await; discord.wait_commands().await } => {}
        stopped = &mut bot => panic!("the bot stopped during startup: {stopped:?}"),
    }
    let ada = db.user("ada@example.com").await;
    let issue = || async { linking::issue(&core.db, &core.tokens, ada).await.unwrap().token };

    let ada_on_telegram = TgUser::new(4242, "ada_tg");
    let chat = ada_on_telegram.chat();
    let linked = telegram
        .ask(&chat, &ada_on_telegram, &format!("/link {}", issue().await))
        .await;
    assert!(linked.text.starts_with("Linked!"), "{}", linked.text);
    let ada_on_discord = discord.user("ada");
    let link = discord.slash(
        &ada_on_discord,
        Place::Dm,
        "link",
        json!([string("token", &issue().await)]),
    );
    assert!(content(&discord.wait_callback(&link).await).starts_with("Linked!"));

    let added = telegram.ask(&chat, &ada_on_telegram, "/add Renew passport").await;
    assert_eq!(added.text, "Added task #1: Renew passport");
    let list = discord.slash(&ada_on_discord, Place::Dm, "tasks", json!([]));
    assert_eq!(
        content(&discord.wait_callback(&list).await),
        "Your tasks (1):\n⬜ #1 Renew passport"
    );

    discord.dm(&ada_on_discord, "add Book flights");
    discord.wait_messages(&ada_on_discord.dm_channel, 1).await;
    let on_telegram = telegram.ask(&chat, &ada_on_telegram, "/tasks").await;
    assert_eq!(
        on_telegram.text,
        "Your tasks (2):\n⬜ #1 Renew passport\n⬜ #2 Book flights"
    );
    let titles: Vec<String> = tasks::list(&core.db, ada, TaskFilter::All)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect();
    assert_eq!(titles, ["Renew passport", "Book flights"]);
}

// ----------------------------------------------------------------- replies

#[tokio::test]
async fn a_reply_over_2000_characters_arrives_in_two_messages_split_at_lines() {
    let h = Harness::start().await;
    let (ada_on_discord, ada) = h.linked("ada").await;
    let titles: Vec<String> = (1..=15).map(|n| format!("{n:02} {}", "x".repeat(190))).collect();
    for title in &titles {
        tasks::add(&h.core.db, ada, &TaskTitle::parse(title).unwrap(), None)
            .await
            .unwrap();
    }

    h.fake.dm(&ada_on_discord, "/tasks");
    let parts = h.fake.wait_messages(&ada_on_discord.dm_channel, 2).await;

    assert!(parts.iter().all(|p| p.content.chars().count() <= 2000));
    let lines: String = titles
        .iter()
        .enumerate()
        .map(|(n, title)| format!("\n⬜ #{} {title}", n + 1))
        .collect();
    let whole = format!("Your tasks (15):{lines}");
    assert!(whole.chars().count() > 3000);
    assert_eq!(
        format!("{}\n{}", parts[0].content, parts[1].content),
        whole,
        "split at a line boundary"
    );
    assert!(parts[0].button_ids().is_empty());
    assert_eq!(
        parts[1].button_ids().len(),
        15,
        "the buttons come with the last part"
    );
}

#[tokio::test]
async fn everyone_in_a_title_pings_nobody() {
    let h = Harness::start().await;
    let (ada_on_discord, _) = h.linked("ada").await;

    let (_, answer) = h
        .slash(
            &ada_on_discord,
            Place::Dm,
            "add",
            json!([string("title", "@everyone party at <@&123>")]),
        )
        .await;
    assert!(content(&answer).contains("@everyone"));
    assert_eq!(answer["data"]["allowed_mentions"]["parse"], json!([]));
    assert_eq!(answer["data"]["allowed_mentions"]["users"], json!([]));
    assert_eq!(answer["data"]["allowed_mentions"]["roles"], json!([]));

    let listed = h.dm(&ada_on_discord, "/tasks").await;
    assert!(listed.content.contains("@everyone party"));
    assert_eq!(listed.body["allowed_mentions"]["parse"], json!([]));
}

#[tokio::test]
async fn markdown_in_a_title_shows_literally() {
    let h = Harness::start().await;
    let (ada_on_discord, _) = h.linked("ada").await;
    let title = "[free nitro](https://evil.example) **now**";

    let (_, answer) = h
        .slash(&ada_on_discord, Place::Dm, "add", json!([string("title", title)]))
        .await;
    assert!(
        content(&answer).contains(r"\[free nitro\](https://evil.example) \*\*now\*\*"),
        "{}",
        content(&answer)
    );

    let listed = h.dm(&ada_on_discord, "/tasks").await;
    assert_eq!(
        listed.content,
        r"Your tasks (1):
⬜ #1 \[free nitro\](https://evil.example) \*\*now\*\*"
    );
}

#[tokio::test]
async fn a_429_with_retry_after_in_the_body_is_waited_out() {
    let h = Harness::start().await;
    let (ada_on_discord, _) = h.linked("ada").await;
    h.fake.rate_limit_next(
        1,
        RateLimit::Json {
            retry_after: 0.3,
            header_secs: 5,
        },
    );

    let reply = h.dm(&ada_on_discord, "/help").await;

    assert!(reply.content.contains("/tasks"));
    let attempts: Vec<_> = h
        .fake
        .requests()
        .into_iter()
        .filter(|r| {
            r.method == "POST"
                && r.path
                    .ends_with(&format!("/channels/{}/messages", ada_on_discord.dm_channel))
        })
        .collect();
    assert_eq!(attempts.iter().map(|r| r.status).collect::<Vec<_>>(), [429, 200]);
    let waited = attempts[1].at - attempts[0].at;
    assert!(waited >= Duration::from_millis(300), "waited only {waited:?}");
    assert!(
        waited < Duration::from_secs(4),
        "the body's retry_after wins over the header: {waited:?}"
    );
}

#[tokio::test]
async fn a_429_whose_body_does_not_decode_falls_back_to_retry_after() {
    let h = Harness::start().await;
    let (ada_on_discord, _) = h.linked("ada").await;
    h.fake
        .rate_limit_next(1, RateLimit::HeaderOnly { header_secs: 1 });

    let reply = h.dm(&ada_on_discord, "/help").await;

    assert!(reply.content.contains("/tasks"));
    let attempts: Vec<_> = h
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/messages"))
        .collect();
    assert_eq!(attempts.iter().map(|r| r.status).collect::<Vec<_>>(), [429, 200]);
    assert!(attempts[1].at - attempts[0].at >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_server_error_from_discord_is_retried() {
    let h = Harness::start().await;
    let (ada_on_discord, _) = h.linked("ada").await;
    h.fake.rate_limit_next(2, RateLimit::ServerError);

    let reply = h.dm(&ada_on_discord, "/help").await;

    assert!(reply.content.contains("/tasks"));
    let statuses: Vec<u16> = h
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/messages"))
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [500, 500, 200]);
}

#[tokio::test]
async fn a_reply_that_stays_rate_limited_is_dropped_and_the_bot_goes_on() {
    let h = Harness::start().await;
    let (ada_on_discord, _) = h.linked("ada").await;
    h.fake.rate_limit_next(
        100,
        RateLimit::Json {
            retry_after: 0.05,
            header_secs: 1,
        },
    );

    h.fake.dm(&ada_on_discord, "/help");
    h.fake.wait_requests_with_status(429, 4).await;
    // A fifth try would come 50 ms after the fourth; give it ten times that.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let refused = h.fake.requests().iter().filter(|r| r.status == 429).count();
    assert_eq!(refused, 4, "retries are bounded");

    h.fake.stop_rate_limiting();
    let reply = h.dm(&ada_on_discord, "/tasks").await;
    assert_eq!(reply.content, "You have no tasks.");
    assert!(!h.bot.is_finished(), "the bot is still running");
}

// ----------------------------------------------------------------- gateway

#[tokio::test]
async fn a_closed_gateway_socket_is_resumed_and_the_next_message_answered() {
    let h = Harness::start().await;
    let (ada_on_discord, _) = h.linked("ada").await;

    h.fake.close_gateway(4000);
    h.fake.wait_reconnected(2).await;

    assert_eq!(h.fake.resumes(), 1, "the session was resumed, not re-identified");
    assert_eq!(h.fake.identifies().len(), 1);
    let reply = h.dm(&ada_on_discord, "/tasks").await;
    assert_eq!(reply.content, "You have no tasks.");
}

#[tokio::test]
async fn when_resuming_is_refused_the_bot_identifies_again() {
    let h = Harness::start().await;
    let (ada_on_discord, _) = h.linked("ada").await;

    h.fake.refuse_resume();
    h.fake.close_gateway(4000);
    h.fake.wait_reconnected(3).await;

    assert_eq!(h.fake.identifies().len(), 2);
    let reply = h.dm(&ada_on_discord, "/tasks").await;
    assert_eq!(reply.content, "You have no tasks.");
}

// ------------------------------------------------------------ interactions

#[tokio::test]
async fn slow_work_is_deferred_then_the_answer_replaces_the_placeholder() {
    let settings = Settings {
        defer_after: Duration::ZERO,
    };
    let h = Harness::start_with(&[], settings).await;
    let ada = h.db.user("ada@example.com").await;
    let ada_on_discord = h.fake.user("ada");
    let token = h.token(ada).await;

    let link = h.fake.slash(
        &ada_on_discord,
        Place::Dm,
        "link",
        json!([string("token", &token)]),
    );
    let deferred = h.fake.wait_callback(&link).await;
    assert_eq!(
        deferred["type"], 5,
        "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: {deferred}"
    );
    assert_eq!(
        flags(&deferred) & EPHEMERAL,
        EPHEMERAL,
        "a link answer is deferred ephemeral"
    );
    let edited = h.fake.wait_original_edit(&link).await;
    assert!(content(&edited).starts_with("Linked!"), "{edited}");
    assert_eq!(edited["allowed_mentions"]["parse"], json!([]));

    let (_, added) = h
        .slash(
            &ada_on_discord,
            Place::Dm,
            "add",
            json!([string("title", "Buy milk")]),
        )
        .await;
    assert_eq!(added["type"], 5);
    assert_eq!(flags(&added) & EPHEMERAL, 0);
}

#[tokio::test]
async fn every_slash_command_of_the_table_answers() {
    use tasklink_core::{
        chat::APOLOGY,
        commands::{ArgKind, CommandName, Surface},
    };
    let h = Harness::start().await;
    let (ada_on_discord, ada) = h.linked("ada").await;
    for title in ["One", "Two"] {
        h.slash(&ada_on_discord, Place::Dm, "add", json!([string("title", title)]))
            .await;
    }
    let mut ran = 0;
    for spec in tasklink_tests::helpers::commands_in_test_order() {
        if !spec.offered_on(Surface::Discord) {
            continue;
        }
        let mut options = Vec::new();
        for (arg, value) in tasklink_tests::helpers::example_args(spec) {
            options.push(match (spec.name, arg.kind) {
                (CommandName::Link, _) => string(arg.name, &h.token(ada).await),
                (_, ArgKind::Number) => integer(arg.name, value.parse().unwrap()),
                (_, ArgKind::Text) => string(arg.name, &value),
            });
        }
        let (_, answer) = h
            .slash(&ada_on_discord, Place::Dm, spec.command, Value::Array(options))
            .await;
        let text = content(&answer);
        assert!(!text.contains("don't know"), "/{}: {text}", spec.command);
        assert!(
            !text.contains("For example"),
            "/{} needs its arguments: {text}",
            spec.command
        );
        assert_ne!(text, APOLOGY, "/{}", spec.command);
        ran += 1;
    }
    assert_eq!(ran, tasklink_core::commands::offered_on(Surface::Discord).count());
    assert_eq!(h.linked_user_of(&ada_on_discord).await, None, "/unlink ran");
}

#[tokio::test]
async fn one_channel_flooding_only_slows_itself() {
    let openai = FakeOpenAi::start().await;
    // Every model answer takes a while, so a flood outruns its lane.
    openai.forever(fake_openai::Reply::Delayed(
        Duration::from_millis(300),
        Box::new(fake_openai::Reply::text("Noted.")),
    ));
    let h = Harness::start_with(&openai.env(), Settings::default()).await;
    let (mallory, _) = h.linked("mallory").await;
    let (ada_on_discord, _) = h.linked("ada").await;
    let before = h.fake.messages_in(&mallory.dm_channel).len();
    for i in 0..40 {
        h.fake.dm(&mallory, &format!("spam {i}"));
    }

    let reply = h.dm(&ada_on_discord, "hello there").await;
    assert_eq!(reply.content, "Noted.");

    // The flood was shed: one note, and no more answers than the lane holds.
    h.fake.wait_messages(&mallory.dm_channel, before + 2).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let answers = h.fake.messages_in(&mallory.dm_channel)[before..].to_vec();
    let notes = answers
        .iter()
        .filter(|m| m.content == tasklink_core::chat::TOO_FAST)
        .count();
    assert_eq!(notes, 1, "{answers:?}");
    assert!(
        answers.len() <= 1 + 1 + 8,
        "{} answers to a flood of 40",
        answers.len()
    );
}

#[tokio::test]
async fn a_due_set_by_phrase_reads_back_in_the_new_zone_after_tz() {
    let h = Harness::start().await;
    let (ada_on_discord, _) = h.linked("ada").await;
    let (_, set) = h
        .slash(
            &ada_on_discord,
            Place::Dm,
            "tz",
            json!([string("zone", "Europe/Berlin")]),
        )
        .await;
    assert!(content(&set).contains("Europe/Berlin"), "{set}");
    let (_, added) = h
        .slash(
            &ada_on_discord,
            Place::Dm,
            "add",
            json!([string("title", "Call mom tomorrow 6pm #family")]),
        )
        .await;
    assert!(
        content(&added).starts_with("Added task #1: Call mom — due "),
        "{added}"
    );
    assert!(content(&added).contains("18:00 (Europe/Berlin)"), "{added}");

    // In Tokyo the same instant reads 02:00.
    let reply = h.dm(&ada_on_discord, "my timezone is Asia/Tokyo").await;
    assert!(reply.content.contains("Asia/Tokyo"), "{}", reply.content);
    let (_, list) = h
        .slash(
            &ada_on_discord,
            Place::Dm,
            "tasks",
            json!([string("filter", "pending")]),
        )
        .await;
    assert!(
        content(&list).contains("#1 Call mom — ") && content(&list).contains("02:00"),
        "{list}"
    );
    assert!(content(&list).contains("#family"), "{list}");
}

// ------------------------------------------------------------------ courier
// The courier is the adapter's API for reminders: called directly here,
// against the fake; the scheduler that calls it is tested in `reminders`.

/// The Discord courier, configured as the bot would be against `fake`, with
/// the bot's send budget in a database of its own (kept alive by the caller).
async fn courier(fake: &FakeDiscord, extra: &[(&'static str, String)]) -> (Arc<dyn Courier>, TestDb) {
    let db = TestDb::new().await;
    let mut env: HashMap<&str, String> = fake.env().into_iter().collect();
    env.insert("DATABASE_URL", "postgres://unused@127.0.0.1/unused".into());
    env.insert("TASKLINK_JWT_SECRET", helpers::TEST_JWT_SECRET.into());
    env.extend(extra.iter().cloned());
    let config = Config::from_lookup(|k| env.get(k).cloned()).expect("valid config");
    let config = config.discord.expect("DISCORD_BOT_TOKEN is set");
    let budget = Budget::new(db.pool.clone(), Platform::Discord, config.max_sends_per_second);
    (discord::courier(&config, budget).expect("courier"), db)
}

fn recipient(user: &DiscordUser) -> Recipient {
    Recipient {
        platform: Platform::Discord,
        platform_user_id: user.id.clone(),
    }
}

/// A reminder with four buttons, as core sends one.
fn reminder() -> Reply {
    let labels = ["✅ Done", "15 min", "1 hour", "Tomorrow"];
    Reply {
        text: "⏰ #7 Pay rent — due today 09:00 @everyone".into(),
        buttons: (7i64..)
            .zip(labels)
            .map(|(n, label)| Button {
                action: ButtonAction::Done(TaskNumber::new(n).unwrap()),
                label: label.into(),
            })
            .collect(),
        only_sender: false,
        ask: Default::default(),
    }
}

fn statuses(fake: &FakeDiscord, user: &DiscordUser) -> Vec<u16> {
    let path = format!("/api/v10/channels/{}/messages", user.dm_channel);
    fake.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .map(|r| r.status)
        .collect()
}

#[tokio::test]
async fn courier_sends_a_reminder_as_a_dm_with_its_buttons() {
    let fake = FakeDiscord::start().await;
    let ada = fake.user("ada");
    let (courier, _db) = courier(&fake, &[]).await;
    assert_eq!(courier.platform(), Platform::Discord);
    courier
        .deliver(&recipient(&ada), &reminder())
        .await
        .expect("delivered");
    courier
        .deliver(&recipient(&ada), &reminder())
        .await
        .expect("delivered again");

    let dms = fake.messages_in(&ada.dm_channel);
    assert_eq!(dms.len(), 2);
    assert_eq!(dms[0].content, "⏰ #7 Pay rent — due today 09:00 @everyone");
    assert_eq!(
        dms[0].body["allowed_mentions"]["parse"],
        json!([]),
        "a title never pings"
    );
    let row = dms[0].body["components"].as_array().expect("components");
    assert_eq!(row.len(), 1, "four buttons fit one row");
    let labels: Vec<&str> = row[0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["✅ Done", "15 min", "1 hour", "Tomorrow"]);
    // As on replies: the owner's id in each button, so nobody else can press them.
    assert_eq!(dms[0].button_ids(), buttons(&ada, &[7, 8, 9, 10]));
    // The DM channel was opened once and remembered.
    let opened = fake
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v10/users/@me/channels")
        .map(|r| r.body["recipient_id"].clone())
        .collect::<Vec<_>>();
    assert_eq!(opened, [json!(ada.id)]);
}

#[tokio::test]
async fn courier_reports_a_person_who_refuses_dms_or_is_unknown_as_unreachable() {
    let fake = FakeDiscord::start().await;
    let (ada, bob) = (fake.user("ada"), fake.user("bob"));
    fake.refuse_dms(&bob);
    let (courier, _db) = courier(&fake, &[]).await;

    let refused = courier.deliver(&recipient(&bob), &reminder()).await;
    assert!(
        matches!(&refused, Err(DeliveryError::Unreachable(why)) if why.contains("50007")),
        "{refused:?}"
    );
    assert_eq!(statuses(&fake, &bob), [403], "a refusal is not retried");

    let unknown = Recipient {
        platform: Platform::Discord,
        platform_user_id: "1234567890123".into(),
    };
    let refused = courier.deliver(&unknown, &reminder()).await;
    assert!(
        matches!(refused, Err(DeliveryError::Unreachable(_))),
        "{refused:?}"
    );
    let nonsense = Recipient {
        platform: Platform::Discord,
        platform_user_id: "ada".into(),
    };
    let refused = courier.deliver(&nonsense, &reminder()).await;
    assert!(
        matches!(refused, Err(DeliveryError::Unreachable(_))),
        "{refused:?}"
    );

    // Others still get theirs.
    courier
        .deliver(&recipient(&ada), &reminder())
        .await
        .expect("delivered");
    assert!(fake.messages_in(&bob.dm_channel).is_empty());
}

#[tokio::test]
async fn courier_waits_out_a_429_then_delivers() {
    let fake = FakeDiscord::start().await;
    let ada = fake.user("ada");
    let (courier, _db) = courier(&fake, &[]).await;
    fake.rate_limit_next(
        1,
        RateLimit::Json {
            retry_after: 0.4,
            header_secs: 1,
        },
    );
    courier
        .deliver(&recipient(&ada), &reminder())
        .await
        .expect("delivered after the 429");
    assert_eq!(statuses(&fake, &ada), [429, 200]);
    assert_eq!(fake.messages_in(&ada.dm_channel).len(), 1, "sent once");
    let path = format!("/api/v10/channels/{}/messages", ada.dm_channel);
    let at: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == path)
        .map(|r| r.at)
        .collect();
    assert!(
        at[1] - at[0] >= Duration::from_millis(350),
        "retried after {:?}, before the body's retry_after",
        at[1] - at[0]
    );
}

#[tokio::test]
async fn courier_retries_a_server_error_then_delivers_and_gives_up_after_a_bound() {
    let fake = FakeDiscord::start().await;
    let ada = fake.user("ada");
    let (courier, _db) = courier(&fake, &[]).await;
    fake.rate_limit_next(1, RateLimit::ServerError);
    courier
        .deliver(&recipient(&ada), &reminder())
        .await
        .expect("delivered after the 500");
    assert_eq!(statuses(&fake, &ada), [500, 200]);

    // Discord down for longer: a bounded number of tries, then "failed for now".
    fake.rate_limit_next(100, RateLimit::ServerError);
    let failed = courier.deliver(&recipient(&ada), &reminder()).await;
    assert!(matches!(failed, Err(DeliveryError::Failed(_))), "{failed:?}");
    assert_eq!(statuses(&fake, &ada), [500, 200, 500, 500, 500, 500]);
    assert_eq!(fake.messages_in(&ada.dm_channel).len(), 1);
}

#[tokio::test]
async fn courier_paces_its_requests() {
    let fake = FakeDiscord::start().await;
    let users: Vec<DiscordUser> = (0..3).map(|n| fake.user(&format!("user{n}"))).collect();
    // Two requests a second, no burst beyond one: six requests (three DM
    // channels opened, three messages) take at least 2.5 s.
    let (courier, _db) = courier(&fake, &[("DISCORD_MAX_SENDS_PER_SECOND", "2".into())]).await;
    let sends = users.iter().map(|u| {
        let courier = courier.clone();
        let to = recipient(u);
        async move { courier.deliver(&to, &reminder()).await }
    });
    for sent in futures::future::join_all(sends).await {
        sent.expect("delivered");
    }
    let at: Vec<_> = fake.requests().iter().map(|r| r.at).collect();
    assert_eq!(at.len(), 6);
    let spread = at[5] - at[0];
    assert!(
        spread >= Duration::from_millis(2400),
        "6 requests within {spread:?}"
    );
}

// ------------------------------------------------------------------- shards

#[tokio::test]
async fn a_replica_given_a_shard_range_identifies_only_those_shards() {
    let h = Harness::start_with(
        &[
            ("DISCORD_SHARDS", "2".into()),
            ("DISCORD_SHARD_IDS", "1-1".into()),
        ],
        Settings::default(),
    )
    .await;
    assert_eq!(h.fake.identifies()[0]["shard"], json!([1, 2]));
    // serenity starts one shard every 5 s: by now a shard 0 would have come.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let shards: Vec<Value> = h.fake.identifies().iter().map(|i| i["shard"].clone()).collect();
    assert_eq!(shards, [json!([1, 2])]);
}

#[tokio::test]
async fn by_default_one_process_runs_every_shard_discord_recommends() {
    let db = TestDb::new().await;
    let fake = FakeDiscord::start().await;
    fake.recommend_shards(2);
    let config = db.config(&fake.env());
    let core = Core::new(db.pool.clone(), config.clone());
    let bot = tokio::spawn(discord::run_with(
        core,
        config.discord.expect("DISCORD_BOT_TOKEN is set"),
        Settings::default(),
    ));
    let mut shards: Vec<String> = fake
        .wait_identifies(2)
        .await
        .iter()
        .map(|i| i["shard"].to_string())
        .collect();
    shards.sort();
    assert_eq!(shards, ["[0,2]", "[1,2]"]);
    bot.abort();
}
