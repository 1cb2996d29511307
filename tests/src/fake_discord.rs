//! A local stand-in for Discord: the REST routes the bot calls and the
//! gateway over WebSocket, in Discord's JSON shapes (snowflakes as strings).
//!
//! Tests inject messages and interactions from several users, then wait for
//! what the bot sent (every wait fails loudly after [`WAIT`], printing the
//! requests seen so far). The fake can answer message creates with 429s,
//! reject the token, and close the gateway socket to force a reconnect.
//!
//! Like Discord it echoes the bot's own channel messages back as
//! MESSAGE_CREATE, refuses a second answer to an interaction, and resumes a
//! session it knows. It sends text frames only (no zlib).

use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::{Arc, Mutex, MutexGuard},
    time::{Duration, Instant},
};

use axum::{
    Json, Router,
    body::{Body, to_bytes},
    extract::{
        OriginalUri, Path, Request, State,
        ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade},
    },
    http::{StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, patch, post, put},
};
use serde_json::{Value, json};
use tokio::sync::watch;

/// The bot token the fake accepts.
pub const TOKEN: &str = "fake-discord-bot-token";
/// The bot's user id, which is also its application id (as for new Discord apps).
pub const BOT_ID: &str = "1100000000000000001";
pub const GUILD_ID: &str = "1100000000000000042";
/// How long any wait lasts before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);
const HEARTBEAT_INTERVAL_MS: u64 = 5000;
/// Discord's "has already been acknowledged" and "unknown interaction" codes.
const ALREADY_ACKNOWLEDGED: u32 = 40060;
const UNKNOWN_INTERACTION: u32 = 10062;

/// A person on the fake Discord.
#[derive(Clone, Debug)]
pub struct DiscordUser {
    pub id: String,
    pub name: String,
    /// The DM channel between this user and the bot.
    pub dm_channel: String,
}

/// Where a slash command or button press happens.
#[derive(Clone, Copy, Debug)]
pub enum Place<'a> {
    Dm,
    /// A guild text channel, by id (see [`FakeDiscord::guild_channel`]).
    Guild(&'a str),
}

/// An injected interaction: its id and token (the token names its webhook routes).
#[derive(Clone, Debug)]
pub struct InteractionRef {
    pub id: String,
    pub token: String,
}

/// A message the bot created in a channel.
#[derive(Clone, Debug)]
pub struct SentMessage {
    pub id: String,
    pub channel_id: String,
    pub content: String,
    /// The request body as the bot sent it (`allowed_mentions`, `components`, ...).
    pub body: Value,
}

impl SentMessage {
    /// The `custom_id`s of the message's buttons, row by row.
    pub fn button_ids(&self) -> Vec<String> {
        custom_ids(&self.body)
    }
}

/// The `custom_id`s of the buttons in a message (or interaction `data`) body.
pub fn custom_ids(body: &Value) -> Vec<String> {
    body["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().into_iter().flatten())
        .filter_map(|button| button["custom_id"].as_str().map(str::to_owned))
        .collect()
}

/// How the next message creates are refused.
#[derive(Clone, Copy, Debug)]
pub enum RateLimit {
    /// Discord's JSON body with `retry_after` (seconds), plus a `Retry-After` header.
    Json { retry_after: f64, header_secs: u64 },
    /// A body that is not JSON; only the `Retry-After` header tells the wait.
    HeaderOnly { header_secs: u64 },
    /// Not a rate limit: Discord having a bad moment (500).
    ServerError,
    /// Not a rate limit: the message itself refused (400, code 50035).
    InvalidFormBody,
}

/// One REST request the bot made, with the status the fake answered.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub body: Value,
    pub status: u16,
    pub at: Instant,
}

#[derive(Clone)]
pub struct FakeDiscord {
    /// What `DISCORD_API_URL` is set to.
    pub base_url: String,
    shared: Arc<Shared>,
}

struct Shared {
    inner: Mutex<Inner>,
    /// Bumped on every change, so waiters and gateway connections wake up.
    changed: watch::Sender<u64>,
    ws_url: String,
}

#[derive(Default)]
struct Inner {
    next_id: u64,
    reject_token: bool,
    requests: Vec<Recorded>,
    rate_limits: VecDeque<RateLimit>,
    users: HashMap<String, DiscordUser>,
    guild_channels: HashSet<String>,
    /// DM channels of people who do not accept DMs from the bot.
    refusing_dms: HashSet<String>,
    /// Messages by id, so button presses and replies can carry the real message.
    messages: HashMap<String, Value>,
    /// Interaction token → what the fake knows of it.
    interactions: HashMap<String, Pending>,
    /// Interaction token → the message its answer (or update) is.
    answers: HashMap<String, String>,
    /// Registered command names, in order, with the guild they were registered for.
    commands: Vec<(Option<String>, Value)>,
    gateway: Gateway,
}

struct Pending {
    id: String,
    channel: String,
    guild: bool,
    answered: bool,
}

#[derive(Default)]
struct Gateway {
    /// Dispatches waiting for a live connection (kept across reconnects).
    pending: VecDeque<(&'static str, Value)>,
    session_id: Option<String>,
    seq: u64,
    connections: u32,
    identifies: Vec<Value>,
    resumes: u32,
    /// A connection has identified or resumed and is dispatching.
    live: bool,
    close_with: Option<u16>,
    /// RESUME is refused with INVALID_SESSION, forcing a fresh IDENTIFY.
    refuse_resume: bool,
    /// The shard count `GET /gateway/bot` recommends (1 when unset).
    recommended_shards: Option<u32>,
}

impl Inner {
    fn snowflake(&mut self) -> String {
        self.next_id += 1;
        (1_200_000_000_000_000_000u64 + self.next_id).to_string()
    }
}

impl FakeDiscord {
    pub async fn start() -> Self {
        let (listener, addr) = crate::serve::bind("fake Discord").await;
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner::default()),
            changed: watch::channel(0).0,
            ws_url: format!("ws://{addr}/gateway"),
        });
        let api = Router::new()
            .route("/gateway", get(gateway_url))
            .route("/gateway/bot", get(gateway_bot))
            .route("/users/@me", get(current_user))
            .route("/users/@me/channels", post(open_dm))
            .route("/applications/{app}/commands", put(global_commands))
            .route("/applications/{app}/guilds/{guild}/commands", put(guild_commands))
            .route("/channels/{channel}/messages", post(create_message))
            .route("/channels/{channel}/messages/{message}", patch(edit_message))
            .route("/channels/{channel}/typing", post(typing))
            .route("/interactions/{id}/{token}/callback", post(interaction_callback))
            .route(
                "/webhooks/{app}/{token}/messages/@original",
                patch(edit_original).delete(delete_original),
            )
            .route("/webhooks/{app}/{token}", post(followup))
            .fallback(unknown_route)
            .layer(middleware::from_fn_with_state(
                shared.clone(),
                authorize_and_record,
            ));
        let app = Router::new()
            .nest("/api/v10", api)
            .route("/gateway", get(gateway_socket))
            .with_state(shared.clone());
        crate::serve::spawn(listener, app);
        Self {
            base_url: format!("http://{addr}"),
            shared,
        }
    }

    /// The variables that point the production code at this server.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DISCORD_BOT_TOKEN", TOKEN.to_owned()),
            ("DISCORD_API_URL", self.base_url.clone()),
        ]
    }

    /// Answers every authenticated request with 401, as Discord does for a revoked token.
    pub fn reject_token(&self) {
        self.shared.update(|i| i.reject_token = true);
    }

    /// A new person, with a DM channel to the bot.
    pub fn user(&self, name: &str) -> DiscordUser {
        self.shared.update(|i| {
            let user = DiscordUser {
                id: i.snowflake(),
                name: name.to_owned(),
                dm_channel: i.snowflake(),
            };
            i.users.insert(user.id.clone(), user.clone());
            user
        })
    }

    /// From now on `user` refuses DMs from the bot (privacy settings, or
    /// blocked it): messages to the DM channel get 403, code 50007, while
    /// opening the channel still works, as on Discord.
    pub fn refuse_dms(&self, user: &DiscordUser) {
        self.shared
            .update(|i| i.refusing_dms.insert(user.dm_channel.clone()));
    }

    /// A new text channel in the guild.
    pub fn guild_channel(&self) -> String {
        self.shared.update(|i| {
            let id = i.snowflake();
            i.guild_channels.insert(id.clone());
            id
        })
    }

    /// How a message mentions the bot.
    pub fn bot_mention(&self) -> String {
        format!("<@{BOT_ID}>")
    }

    // ------------------------------------------------------------------ inject

    /// `user` sends `text` to the bot in a DM; returns the message id.
    pub fn dm(&self, user: &DiscordUser, text: &str) -> String {
        self.inject_message(user, &user.dm_channel, text, None)
    }

    /// `user` posts `text` in a guild channel; `<@id>` in it are mentions.
    pub fn say(&self, user: &DiscordUser, channel: &str, text: &str) -> String {
        self.inject_message(user, channel, text, None)
    }

    /// `user` replies to message `to` in a guild channel.
    pub fn reply(&self, user: &DiscordUser, channel: &str, text: &str, to: &str) -> String {
        self.inject_message(user, channel, text, Some(to))
    }

    fn inject_message(
        &self,
        user: &DiscordUser,
        channel: &str,
        text: &str,
        reply_to: Option<&str>,
    ) -> String {
        self.shared.update(|i| {
            let id = i.snowflake();
            let guild = i.guild_channels.contains(channel);
            let mentions: Vec<Value> = i
                .users
                .values()
                .map(user_json)
                .chain([bot_user_json()])
                .filter(|u| text.contains(&format!("<@{}>", u["id"].as_str().unwrap_or_default())))
                .collect();
            let mut message = message_json(&id, channel, guild, user_json(user), text);
            message["mentions"] = json!(mentions);
            if let Some(original) = reply_to {
                message["type"] = json!(19);
                message["message_reference"] =
                    json!({ "type": 0, "message_id": original, "channel_id": channel, "guild_id": GUILD_ID });
                message["referenced_message"] = i.messages.get(original).cloned().unwrap_or(Value::Null);
            }
            if guild {
                message["member"] = member_json(None);
            }
            i.messages.insert(id.clone(), message.clone());
            i.gateway.pending.push_back(("MESSAGE_CREATE", message));
            id
        })
    }

    /// `user` runs slash command `name` with `options` (Discord's option
    /// objects; see [`string`] and [`integer`]).
    pub fn slash(&self, user: &DiscordUser, place: Place<'_>, name: &str, options: Value) -> InteractionRef {
        let command_id = self
            .shared
            .lock()
            .commands
            .iter()
            .find(|(_, c)| c["name"] == name)
            .map(|(_, c)| c["id"].clone());
        let data = json!({
            "id": command_id.unwrap_or_else(|| json!("1100000000000000999")),
            "name": name,
            "type": 1,
            "options": options,
        });
        self.inject_interaction(user, place, 2, data, None)
    }

    /// `user` presses the button `custom_id` on the bot's message `message_id`.
    pub fn press(
        &self,
        user: &DiscordUser,
        place: Place<'_>,
        message_id: &str,
        custom_id: &str,
    ) -> InteractionRef {
        let message = self.shared.lock().messages.get(message_id).cloned();
        let message =
            message.unwrap_or_else(|| panic!("fake Discord: no message {message_id} to press a button on"));
        let data = json!({ "custom_id": custom_id, "component_type": 2 });
        self.inject_interaction(user, place, 3, data, Some(message))
    }

    /// `user` presses the button `custom_id` on the message that answered `interaction`.
    pub fn press_on_answer(
        &self,
        user: &DiscordUser,
        place: Place<'_>,
        interaction: &InteractionRef,
        custom_id: &str,
    ) -> InteractionRef {
        let answer = self.shared.lock().answers.get(&interaction.token).cloned();
        let answer = answer.unwrap_or_else(|| {
            panic!(
                "fake Discord: interaction {} has no message answer",
                interaction.id
            )
        });
        self.press(user, place, &answer, custom_id)
    }

    fn inject_interaction(
        &self,
        user: &DiscordUser,
        place: Place<'_>,
        kind: u8,
        data: Value,
        message: Option<Value>,
    ) -> InteractionRef {
        self.shared.update(|i| {
            let id = i.snowflake();
            let token = format!("interaction-token-{id}");
            let (channel, guild) = match place {
                Place::Dm => (user.dm_channel.clone(), false),
                Place::Guild(channel) => (channel.to_owned(), true),
            };
            let mut interaction = json!({
                "id": id,
                "application_id": BOT_ID,
                "type": kind,
                "data": data,
                "channel_id": channel,
                "channel": { "id": channel, "type": if guild { 0 } else { 1 } },
                "token": token,
                "version": 1,
                "app_permissions": "2248473465835073",
                "locale": "en-US",
                "entitlements": [],
                "authorizing_integration_owners": { "0": if guild { GUILD_ID } else { "0" } },
                "context": if guild { 0 } else { 1 },
                "attachment_size_limit": 10_485_760,
            });
            if guild {
                interaction["guild_id"] = json!(GUILD_ID);
                interaction["guild_locale"] = json!("en-US");
                interaction["member"] = member_json(Some(user_json(user)));
            } else {
                interaction["user"] = user_json(user);
            }
            if let Some(message) = message {
                // An update of this interaction's answer edits the pressed message.
                if let Some(id) = message["id"].as_str() {
                    i.answers.insert(token.clone(), id.to_owned());
                }
                interaction["message"] = message;
            }
            let pending = Pending {
                id: id.clone(),
                channel,
                guild,
                answered: false,
            };
            i.interactions.insert(token.clone(), pending);
            i.gateway.pending.push_back(("INTERACTION_CREATE", interaction));
            InteractionRef { id, token }
        })
    }

    /// A message as it stands now (after edits and UPDATE_MESSAGE answers).
    pub fn current_message(&self, id: &str) -> Option<Value> {
        self.shared.lock().messages.get(id).cloned()
    }

    /// The next `n` message creates answer 429 this way.
    pub fn rate_limit_next(&self, n: usize, how: RateLimit) {
        self.shared
            .update(|i| i.rate_limits.extend(std::iter::repeat_n(how, n)));
    }

    /// Message creates succeed again.
    pub fn stop_rate_limiting(&self) {
        self.shared.update(|i| i.rate_limits.clear());
    }

    /// Closes the live gateway socket with `code` (4000 is "unknown error", resumable).
    pub fn close_gateway(&self, code: u16) {
        self.shared.update(|i| i.gateway.close_with = Some(code));
    }

    /// From now on RESUME is answered with INVALID_SESSION (not resumable).
    pub fn refuse_resume(&self) {
        self.shared.update(|i| i.gateway.refuse_resume = true);
    }

    // -------------------------------------------------------------------- wait

    /// Waits until a gateway connection has identified (or resumed) and is live.
    pub async fn wait_live(&self) {
        self.wait_for("a live gateway connection", |i| i.gateway.live.then_some(()))
            .await;
    }

    /// Waits until `n` gateway connections were opened and one is live again.
    pub async fn wait_reconnected(&self, n: u32) {
        self.wait_for(&format!("gateway connection #{n} to go live"), |i| {
            (i.gateway.connections >= n && i.gateway.live).then_some(())
        })
        .await;
    }

    /// IDENTIFY payloads received so far.
    pub fn identifies(&self) -> Vec<Value> {
        self.shared.lock().gateway.identifies.clone()
    }

    /// Waits until `n` IDENTIFYs arrived; returns them all (their `shard` is `[id, total]`).
    pub async fn wait_identifies(&self, n: usize) -> Vec<Value> {
        self.wait_for(&format!("{n} IDENTIFY payload(s)"), |i| {
            (i.gateway.identifies.len() >= n).then(|| i.gateway.identifies.clone())
        })
        .await
    }

    /// `GET /gateway/bot` recommends `n` shards from now on.
    pub fn recommend_shards(&self, n: u32) {
        self.shared.update(|i| i.gateway.recommended_shards = Some(n));
    }

    pub fn resumes(&self) -> u32 {
        self.shared.lock().gateway.resumes
    }

    /// Waits for the first command registration: (guild id or `None` for global, commands).
    pub async fn wait_commands(&self) -> (Option<String>, Vec<Value>) {
        self.wait_for("slash command registration", |i| {
            let guild = i.commands.first()?.0.clone();
            Some((guild, i.commands.iter().map(|(_, c)| c.clone()).collect()))
        })
        .await
    }

    /// Waits until the bot created at least `n` messages in `channel`; returns them all.
    pub async fn wait_messages(&self, channel: &str, n: usize) -> Vec<SentMessage> {
        self.wait_for(&format!("{n} message(s) in channel {channel}"), |i| {
            let sent = sent_messages(i, channel);
            (sent.len() >= n).then_some(sent)
        })
        .await
    }

    /// Waits until the bot has sent `n` messages in `user`'s DM channel; returns them all.
    pub async fn wait_dms(&self, user: &DiscordUser, n: usize) -> Vec<SentMessage> {
        self.wait_messages(&user.dm_channel, n).await
    }

    /// The messages the bot created in `channel` so far.
    pub fn messages_in(&self, channel: &str) -> Vec<SentMessage> {
        sent_messages(&self.shared.lock(), channel)
    }

    /// Waits for the first answer to the interaction: `{type, data}` as posted to its callback.
    pub async fn wait_callback(&self, interaction: &InteractionRef) -> Value {
        let path = format!(
            "/api/v10/interactions/{}/{}/callback",
            interaction.id, interaction.token
        );
        self.wait_for(&format!("a callback to interaction {}", interaction.id), |i| {
            successful(i, "POST", &path).next().map(|r| r.body.clone())
        })
        .await
    }

    /// Waits for an edit of the interaction's original answer; returns its body.
    pub async fn wait_original_edit(&self, interaction: &InteractionRef) -> Value {
        let path = format!(
            "/api/v10/webhooks/{BOT_ID}/{}/messages/@original",
            interaction.token
        );
        self.wait_for(
            &format!("an edit of interaction {}'s answer", interaction.id),
            |i| successful(i, "PATCH", &path).next().map(|r| r.body.clone()),
        )
        .await
    }

    /// Waits for at least `n` follow-up messages to the interaction; returns their bodies.
    pub async fn wait_followups(&self, interaction: &InteractionRef, n: usize) -> Vec<Value> {
        let path = format!("/api/v10/webhooks/{BOT_ID}/{}", interaction.token);
        self.wait_for(
            &format!("{n} follow-up(s) to interaction {}", interaction.id),
            |i| {
                let bodies: Vec<Value> = successful(i, "POST", &path).map(|r| r.body.clone()).collect();
                (bodies.len() >= n).then_some(bodies)
            },
        )
        .await
    }

    /// Waits until the fake answered `n` requests with `status`.
    pub async fn wait_requests_with_status(&self, status: u16, n: usize) {
        self.wait_for(&format!("{n} request(s) answered {status}"), |i| {
            (i.requests.iter().filter(|r| r.status == status).count() >= n).then_some(())
        })
        .await;
    }

    /// Every REST request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }

    async fn wait_for<T>(&self, what: &str, mut check: impl FnMut(&Inner) -> Option<T>) -> T {
        let account = || {
            let log: Vec<String> = self
                .requests()
                .iter()
                .map(|r| format!("  {} {} -> {} {}", r.method, r.path, r.status, r.body))
                .collect();
            format!("fake Discord: the bot's requests so far:\n{}", log.join("\n"))
        };
        crate::serve::wait_until(
            &self.shared.changed,
            WAIT,
            what,
            || check(&self.shared.lock()),
            account,
        )
        .await
    }
}

/// A string option of a slash command.
pub fn string(name: &str, value: &str) -> Value {
    json!({ "name": name, "type": 3, "value": value })
}

/// An integer option of a slash command.
pub fn integer(name: &str, value: i64) -> Value {
    json!({ "name": name, "type": 4, "value": value })
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn update<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let result = f(&mut self.lock());
        self.changed.send_modify(|n| *n += 1);
        result
    }
}

fn successful<'a>(inner: &'a Inner, method: &'a str, path: &'a str) -> impl Iterator<Item = &'a Recorded> {
    inner
        .requests
        .iter()
        .filter(move |r| r.method == method && r.path == path && (200..300).contains(&r.status))
}

fn sent_messages(inner: &Inner, channel: &str) -> Vec<SentMessage> {
    let path = format!("/api/v10/channels/{channel}/messages");
    successful(inner, "POST", &path)
        .map(|r| SentMessage {
            id: r.body["_fake_id"].as_str().unwrap_or_default().to_owned(),
            channel_id: channel.to_owned(),
            content: r.body["content"].as_str().unwrap_or_default().to_owned(),
            body: r.body.clone(),
        })
        .collect()
}

// ---------------------------------------------------------------------- JSON

fn timestamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

fn user_json(user: &DiscordUser) -> Value {
    json!({
        "id": user.id, "username": user.name, "discriminator": "0", "global_name": user.name,
        "avatar": null, "public_flags": 0, "flags": 0,
    })
}

fn bot_user_json() -> Value {
    json!({
        "id": BOT_ID, "username": "tasklink", "discriminator": "0", "global_name": null,
        "avatar": null, "bot": true, "public_flags": 0, "flags": 0,
        "verified": true, "mfa_enabled": false,
    })
}

fn member_json(user: Option<Value>) -> Value {
    let mut member = json!({
        "roles": [], "joined_at": "2024-05-01T10:00:00.000000+00:00", "deaf": false, "mute": false,
        "flags": 0, "pending": false, "nick": null, "avatar": null, "premium_since": null,
        "communication_disabled_until": null, "permissions": "2248473465835073",
    });
    if let Some(user) = user {
        member["user"] = user;
    }
    member
}

fn message_json(id: &str, channel: &str, guild: bool, author: Value, content: &str) -> Value {
    let mut message = json!({
        "id": id, "channel_id": channel, "author": author, "content": content,
        "timestamp": timestamp(), "edited_timestamp": null, "tts": false,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "pinned": false, "type": 0, "flags": 0, "components": [],
    });
    if guild {
        message["guild_id"] = json!(GUILD_ID);
    }
    message
}

/// Discord's refusal of message content over 2,000 characters, if it is.
fn too_long(content: &str) -> Option<Response> {
    (content.chars().count() > 2000).then(|| {
        discord_error(
            StatusCode::BAD_REQUEST,
            50035,
            "Invalid Form Body: content too long",
        )
    })
}

fn discord_error(status: StatusCode, code: u32, message: &str) -> Response {
    (status, Json(json!({ "message": message, "code": code }))).into_response()
}

// -------------------------------------------------------------------- REST

/// Checks `Authorization: Bot <token>` and records the request and the answer.
async fn authorize_and_record(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    // Nesting strips `/api/v10`; record the path as the bot requested it.
    let path = parts
        .extensions
        .get::<OriginalUri>()
        .map_or(parts.uri.path(), |uri| uri.path())
        .to_owned();
    let method = parts.method.to_string();
    let bytes = to_bytes(body, 8 << 20).await.unwrap_or_default();
    let authorized = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        == Some(&format!("Bot {TOKEN}"));
    let response = if !authorized || shared.lock().reject_token {
        discord_error(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized")
    } else {
        next.run(Request::from_parts(parts, Body::from(bytes.clone())))
            .await
    };
    let mut body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    // The created message's id rides along in the record, so tests can press its buttons.
    let created = response.headers().get(CREATED_ID).and_then(|v| v.to_str().ok());
    if let (Some(id), Some(object)) = (created, body.as_object_mut()) {
        object.insert("_fake_id".into(), json!(id));
    }
    let status = response.status().as_u16();
    shared.update(|i| {
        i.requests.push(Recorded {
            method,
            path,
            body,
            status,
            at: Instant::now(),
        })
    });
    response
}

const CREATED_ID: &str = "x-fake-message-id";

async fn unknown_route() -> Response {
    discord_error(
        StatusCode::NOT_FOUND,
        0,
        "404: Not Found (the fake does not know this route)",
    )
}

async fn gateway_url(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({ "url": shared.ws_url }))
}

async fn gateway_bot(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({
        "url": shared.ws_url,
        "shards": shared.lock().gateway.recommended_shards.unwrap_or(1),
        "session_start_limit": { "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1 },
    }))
}

async fn current_user() -> Json<Value> {
    Json(bot_user_json())
}

async fn open_dm(State(shared): State<Arc<Shared>>, Json(body): Json<Value>) -> Response {
    let recipient = body["recipient_id"].as_str().unwrap_or_default();
    let Some(user) = shared.lock().users.get(recipient).cloned() else {
        return discord_error(StatusCode::BAD_REQUEST, 50033, "Invalid Recipient(s)");
    };
    Json(json!({
        "id": user.dm_channel, "type": 1, "last_message_id": null, "flags": 0,
        "recipients": [user_json(&user)],
    }))
    .into_response()
}

async fn global_commands(State(shared): State<Arc<Shared>>, Json(body): Json<Value>) -> Json<Value> {
    Json(register(&shared, None, body))
}

async fn guild_commands(
    State(shared): State<Arc<Shared>>,
    Path((_app, guild)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Json<Value> {
    Json(register(&shared, Some(guild), body))
}

/// Bulk overwrite: the new set replaces the old; answers with the stored commands.
fn register(shared: &Shared, guild: Option<String>, body: Value) -> Value {
    shared.update(|i| {
        let mut stored = Vec::new();
        for command in body.as_array().cloned().unwrap_or_default() {
            let mut command = command;
            command["id"] = json!(i.snowflake());
            command["application_id"] = json!(BOT_ID);
            command["version"] = json!(i.snowflake());
            command["type"] = command.get("type").cloned().unwrap_or(json!(1));
            command["default_member_permissions"] = Value::Null;
            if let Some(guild) = &guild {
                command["guild_id"] = json!(guild);
            }
            stored.push(command);
        }
        i.commands = stored.iter().map(|c| (guild.clone(), c.clone())).collect();
        json!(stored)
    })
}

async fn create_message(
    State(shared): State<Arc<Shared>>,
    Path(channel): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    let rate_limit = shared.update(|i| i.rate_limits.pop_front());
    match rate_limit {
        Some(RateLimit::Json {
            retry_after,
            header_secs,
        }) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", header_secs.to_string()), ("x-ratelimit-scope", "user".into())],
                Json(json!({ "message": "You are being rate limited.", "retry_after": retry_after, "global": false })),
            )
                .into_response();
        }
        Some(RateLimit::HeaderOnly { header_secs }) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", header_secs.to_string())],
                "<html><body>You are being rate limited.</body></html>",
            )
                .into_response();
        }
        Some(RateLimit::ServerError) => {
            return discord_error(StatusCode::INTERNAL_SERVER_ERROR, 0, "500: Internal Server Error");
        }
        Some(RateLimit::InvalidFormBody) => {
            return discord_error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
        }
        None => {}
    }
    if shared.lock().refusing_dms.contains(&channel) {
        return discord_error(StatusCode::FORBIDDEN, 50007, "Cannot send messages to this user");
    }
    let content = body["content"].as_str().unwrap_or_default();
    if content.is_empty() && body["components"].as_array().is_none_or(Vec::is_empty) {
        return discord_error(StatusCode::BAD_REQUEST, 50006, "Cannot send an empty message");
    }
    if let Some(refused) = too_long(content) {
        return refused;
    }
    let message = shared.update(|i| {
        let id = i.snowflake();
        let guild = i.guild_channels.contains(&channel);
        let mut message = message_json(&id, &channel, guild, bot_user_json(), content);
        message["components"] = body.get("components").cloned().unwrap_or(json!([]));
        i.messages.insert(id, message.clone());
        // Discord echoes the bot's own messages back to it.
        i.gateway.pending.push_back(("MESSAGE_CREATE", message.clone()));
        message
    });
    let id = message["id"].as_str().unwrap_or_default().to_owned();
    ([(CREATED_ID, id)], Json(message)).into_response()
}

async fn edit_message(
    State(shared): State<Arc<Shared>>,
    Path((_channel, message)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Response {
    let edited = shared.update(|i| {
        let stored = i.messages.get_mut(&message)?;
        for key in ["content", "components"] {
            if let Some(value) = body.get(key) {
                stored[key] = value.clone();
            }
        }
        Some(stored.clone())
    });
    match edited {
        Some(message) => Json(message).into_response(),
        None => discord_error(StatusCode::NOT_FOUND, 10008, "Unknown Message"),
    }
}

async fn typing() -> StatusCode {
    StatusCode::NO_CONTENT
}

async fn interaction_callback(
    State(shared): State<Arc<Shared>>,
    Path((id, token)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Response {
    let data = &body["data"];
    if let Some(refused) = too_long(data["content"].as_str().unwrap_or_default()) {
        return refused;
    }
    shared.update(|i| {
        let Some(pending) = i.interactions.get_mut(&token).filter(|p| p.id == id) else {
            return discord_error(StatusCode::NOT_FOUND, UNKNOWN_INTERACTION, "Unknown interaction");
        };
        if pending.answered {
            return discord_error(
                StatusCode::BAD_REQUEST,
                ALREADY_ACKNOWLEDGED,
                "Interaction has already been acknowledged.",
            );
        }
        pending.answered = true;
        let (channel, guild) = (pending.channel.clone(), pending.guild);
        match body["type"].as_u64() {
            // CHANNEL_MESSAGE_WITH_SOURCE: the answer becomes a message with its buttons.
            Some(4) => {
                let message_id = i.snowflake();
                let mut message = message_json(&message_id, &channel, guild, bot_user_json(), "");
                for key in ["content", "components"] {
                    message[key] = data.get(key).cloned().unwrap_or(json!(""));
                }
                i.messages.insert(message_id.clone(), message);
                i.answers.insert(token.clone(), message_id);
            }
            // UPDATE_MESSAGE: the pressed message changes.
            Some(7) => {
                let pressed = i.answers.get(&token).cloned().unwrap_or_default();
                if let Some(message) = i.messages.get_mut(&pressed) {
                    for key in ["content", "components"] {
                        if let Some(value) = data.get(key) {
                            message[key] = value.clone();
                        }
                    }
                }
            }
            _ => {}
        }
        StatusCode::NO_CONTENT.into_response()
    })
}

async fn edit_original(
    State(shared): State<Arc<Shared>>,
    Path((_app, token)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Response {
    webhook_message(&shared, &token, &body)
}

async fn delete_original() -> StatusCode {
    StatusCode::NO_CONTENT
}

async fn followup(
    State(shared): State<Arc<Shared>>,
    Path((_app, token)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Response {
    webhook_message(&shared, &token, &body)
}

/// Edits and follow-ups need an acknowledged interaction; they answer with a message.
fn webhook_message(shared: &Shared, token: &str, body: &Value) -> Response {
    let place = shared
        .lock()
        .interactions
        .get(token)
        .filter(|p| p.answered)
        .map(|p| (p.channel.clone(), p.guild));
    let Some((channel, guild)) = place else {
        return discord_error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook");
    };
    let content = body["content"].as_str().unwrap_or_default();
    if let Some(refused) = too_long(content) {
        return refused;
    }
    let message = shared.update(|i| {
        let id = i.snowflake();
        message_json(&id, &channel, guild, bot_user_json(), content)
    });
    Json(message).into_response()
}

// ----------------------------------------------------------------- gateway

async fn gateway_socket(State(shared): State<Arc<Shared>>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |socket| connection(shared, socket))
}

/// One gateway connection: HELLO, then IDENTIFY/RESUME, heartbeats, and
/// dispatch of queued events while live.
async fn connection(shared: Arc<Shared>, mut socket: WebSocket) {
    let mut changes = shared.changed.subscribe();
    shared.update(|i| i.gateway.connections += 1);
    let hello =
        json!({ "op": 10, "d": { "heartbeat_interval": HEARTBEAT_INTERVAL_MS }, "s": null, "t": null });
    if send(&mut socket, &hello).await.is_err() {
        return;
    }
    let mut live = false;
    loop {
        if live {
            let close_with = shared.lock().gateway.close_with.take();
            if let Some(code) = close_with {
                shared.update(|i| i.gateway.live = false);
                let frame = CloseFrame {
                    code,
                    reason: "closed by the fake".into(),
                };
                let _ = socket.send(Message::Close(Some(frame))).await;
                return;
            }
            if flush(&shared, &mut socket).await.is_err() {
                break;
            }
        }
        tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let Ok(payload) = serde_json::from_str::<Value>(&text) else { continue };
                    match answer(&shared, &payload) {
                        Answer::Send(reply) => {
                            if send(&mut socket, &reply).await.is_err() {
                                break;
                            }
                        }
                        Answer::Live(reply) => {
                            if send(&mut socket, &reply).await.is_err() {
                                break;
                            }
                            live = true;
                            shared.update(|i| i.gateway.live = true);
                        }
                        Answer::Close(code) => {
                            let frame = CloseFrame { code, reason: "Authentication failed.".into() };
                            let _ = socket.send(Message::Close(Some(frame))).await;
                            return;
                        }
                        Answer::Nothing => {}
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            _ = changes.changed() => {}
        }
    }
    if live {
        shared.update(|i| i.gateway.live = false);
    }
}

enum Answer {
    Send(Value),
    /// Sent, and the connection is now identified or resumed.
    Live(Value),
    Close(u16),
    Nothing,
}

fn answer(shared: &Shared, payload: &Value) -> Answer {
    match payload["op"].as_u64() {
        Some(1) => Answer::Send(json!({ "op": 11, "d": null, "s": null, "t": null })),
        Some(2) => {
            let token = payload["d"]["token"].as_str().unwrap_or_default();
            if token.strip_prefix("Bot ").unwrap_or(token) != TOKEN || shared.lock().reject_token {
                return Answer::Close(4004);
            }
            shared.update(|i| {
                let session_id = format!("session-{}", i.snowflake());
                i.gateway.identifies.push(payload["d"].clone());
                i.gateway.session_id = Some(session_id.clone());
                i.gateway.seq = 1;
                let ready = json!({
                    "v": 10,
                    "user": bot_user_json(),
                    "guilds": [{ "id": GUILD_ID, "unavailable": true }],
                    "session_id": session_id,
                    "resume_gateway_url": shared.ws_url,
                    "shard": payload["d"]["shard"].as_array().map_or(json!([0, 1]), |s| json!(s)),
                    "application": { "id": BOT_ID, "flags": 8_953_856 },
                    "private_channels": [],
                    "presences": [],
                    "relationships": [],
                });
                Answer::Live(json!({ "op": 0, "t": "READY", "s": 1, "d": ready }))
            })
        }
        Some(6) => shared.update(|i| {
            let known =
                i.gateway.session_id.is_some() && payload["d"]["session_id"] == json!(i.gateway.session_id);
            if !known || i.gateway.refuse_resume {
                return Answer::Send(json!({ "op": 9, "d": false, "s": null, "t": null }));
            }
            i.gateway.resumes += 1;
            i.gateway.seq += 1;
            Answer::Live(json!({ "op": 0, "t": "RESUMED", "s": i.gateway.seq, "d": {} }))
        }),
        _ => Answer::Nothing,
    }
}

/// Sends queued dispatches; one that cannot be sent stays queued for the next connection.
async fn flush(shared: &Shared, socket: &mut WebSocket) -> Result<(), axum::Error> {
    loop {
        // Read without waking anyone: this loop itself wakes on every change.
        let next = {
            let mut i = shared.lock();
            i.gateway.pending.pop_front().map(|(event, data)| {
                i.gateway.seq += 1;
                (event, data, i.gateway.seq)
            })
        };
        let Some((event, data, seq)) = next else {
            return Ok(());
        };
        let dispatch = json!({ "op": 0, "t": event, "s": seq, "d": data });
        if let Err(e) = send(socket, &dispatch).await {
            shared.update(|i| i.gateway.pending.push_front((event, data)));
            return Err(e);
        }
    }
}

async fn send(socket: &mut WebSocket, payload: &Value) -> Result<(), axum::Error> {
    socket.send(Message::Text(payload.to_string().into())).await
}
