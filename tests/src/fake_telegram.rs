//! A local stand-in for the Telegram Bot API, for the methods the bot uses.
//!
//! It serves `POST /bot<token>/<method>` (method names matched
//! case-insensitively, JSON, form or query parameters) with the real response
//! shapes: `{"ok": true, "result": …}` and `{"ok": false, "error_code",
//! "description", "parameters"?}`. Tests inject updates from users in private
//! chats and groups (long-polled through `getUpdates` with offsets, or posted
//! to a webhook), read back what the bot sent with its edits applied, and can
//! make `sendMessage` answer 429 or 500.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    Form, Json, Router,
    extract::{FromRequest, Path, Query, Request, State},
    http::{StatusCode, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
    routing::any,
};
use serde_json::{Value, json};
use tokio::sync::{mpsc, watch};

pub const TOKEN: &str = "123456789:TEST-fake-telegram-token";
pub const BOT_ID: i64 = 900_000_001;
pub const BOT_USERNAME: &str = "tasklink_test_bot";

/// How long the wait helpers wait before failing the test.
pub const WAIT: Duration = Duration::from_secs(15);

#[derive(Clone, Debug)]
pub struct TgUser {
    pub id: i64,
    pub username: String,
}

impl TgUser {
    pub fn new(id: i64, username: &str) -> Self {
        Self {
            id,
            username: username.to_owned(),
        }
    }

    fn json(&self) -> Value {
        json!({"id": self.id, "is_bot": false, "first_name": self.username, "username": self.username})
    }

    /// The private chat between this user and the bot.
    pub fn chat(&self) -> TgChat {
        TgChat {
            id: self.id,
            json: json!({"id": self.id, "type": "private", "first_name": self.username, "username": self.username}),
        }
    }
}

#[derive(Clone, Debug)]
pub struct TgChat {
    pub id: i64,
    json: Value,
}

impl TgChat {
    /// A basic group (Telegram gives groups negative ids).
    pub fn group(id: i64, title: &str) -> Self {
        assert!(id < 0, "group ids are negative");
        Self {
            id,
            json: json!({"id": id, "type": "group", "title": title}),
        }
    }
}

/// A message the bot sent, as it stands now (edits applied).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub chat_id: i64,
    pub message_id: i64,
    pub text: String,
    /// (label, callback data) of the inline keyboard, row by row flattened.
    pub buttons: Vec<(String, String)>,
    /// The message this one answers (`reply_parameters`).
    pub reply_to: Option<i64>,
    pub parse_mode: Option<String>,
    pub edits: u32,
}

/// Identifies an injected update.
#[derive(Clone, Copy, Debug)]
pub struct Injected {
    pub update_id: i64,
    pub message_id: i64,
}

/// How a call is made to fail.
#[derive(Clone, Copy, Debug)]
pub enum Failure {
    /// 429 with `parameters.retry_after` seconds.
    TooManyRequests(u32),
    /// 500 Internal Server Error.
    ServerError,
    /// 400, as for a malformed request.
    BadRequest,
    /// 403: the person blocked the bot.
    Blocked,
}

impl Failure {
    fn response(self) -> Response {
        match self {
            Self::TooManyRequests(secs) => (
                StatusCode::TOO_MANY_REQUESTS,
                Json(json!({
                    "ok": false, "error_code": 429,
                    "description": format!("Too Many Requests: retry after {secs}"),
                    "parameters": {"retry_after": secs},
                })),
            )
                .into_response(),
            Self::ServerError => fail(500, "Internal Server Error"),
            Self::BadRequest => fail(400, "Bad Request: the fake was told to refuse this call"),
            Self::Blocked => fail(403, "Forbidden: bot was blocked by the user"),
        }
    }
}

struct Pending {
    id: i64,
    update: Value,
    /// A redelivery: handed out once whatever the offset, then forgotten.
    forced: bool,
}

#[derive(Default)]
struct Inner {
    pending: Vec<Pending>,
    /// Another process polls with the same token: every `getUpdates` gets 409.
    another_poller: bool,
    updates: HashMap<i64, Value>,
    deliveries: HashMap<i64, u32>,
    /// When `getUpdates` first handed out each update.
    first_delivered: HashMap<i64, Instant>,
    next_update_id: i64,
    next_message_id: i64,
    chats: HashMap<i64, Value>,
    /// Every message in every chat, users' and the bot's, by (chat, id).
    messages: HashMap<(i64, i64), Value>,
    sent: Vec<Sent>,
    calls: Vec<(String, Value)>,
    /// Failures still to serve, by lower-cased method.
    failures: HashMap<String, VecDeque<Failure>>,
    /// Chats under flood control: every send to them fails this way.
    flooded: HashMap<i64, Failure>,
    webhook: Option<Value>,
    /// sendMessage calls to these chats still to hold unanswered for good.
    hanging: HashMap<i64, usize>,
    /// Told the chat id of every message the bot sends.
    observers: Vec<mpsc::UnboundedSender<i64>>,
    /// How long each sendMessage takes to answer (a slow or distant API).
    send_delay: Duration,
    /// Telegram's global flood limit, when a test sets one.
    rate_limit: Option<RateLimit>,
}

/// The bot-wide limit on sendMessage: at most `per_second` accepted in any
/// sliding second; above it Telegram answers 429 with `retry_after`.
struct RateLimit {
    per_second: usize,
    /// When each send of the last second was accepted, oldest first.
    window: VecDeque<Instant>,
    /// Sends answered 429 because of this limit.
    refused: usize,
    /// The most sends accepted in one sliding second so far.
    busiest: usize,
}

impl RateLimit {
    /// `None` when the send may go; else the whole seconds to wait (at least 1, as Telegram says).
    fn check(&mut self, now: Instant) -> Option<u32> {
        while self
            .window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            self.window.pop_front();
        }
        if self.window.len() < self.per_second {
            self.window.push_back(now);
            self.busiest = self.busiest.max(self.window.len());
            return None;
        }
        self.refused += 1;
        let free_at = self.window[0] + Duration::from_secs(1);
        Some(free_at.duration_since(now).as_secs_f64().ceil().max(1.0) as u32)
    }
}

#[derive(Clone)]
pub struct FakeTelegram {
    /// The Bot API base URL (what `TELEGRAM_API_URL` is set to).
    pub api_url: String,
    inner: Arc<Mutex<Inner>>,
    changed: Arc<watch::Sender<u64>>,
}

type Shared = (Arc<Mutex<Inner>>, Arc<watch::Sender<u64>>);

impl FakeTelegram {
    pub async fn start() -> Self {
        let inner = Arc::new(Mutex::new(Inner {
            next_update_id: 10_000,
            next_message_id: 1,
            ..Inner::default()
        }));
        let changed = Arc::new(watch::channel(0).0);
        let app = Router::new()
            .route("/{bot}/{method}", any(api))
            .with_state((inner.clone(), changed.clone()));
        let addr = crate::serve::start("fake Telegram", app).await;
        Self {
            api_url: format!("http://{addr}"),
            inner,
            changed,
        }
    }

    /// The variables that point the production code at this server.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("TELEGRAM_BOT_TOKEN", TOKEN.to_owned()),
            ("TELEGRAM_API_URL", self.api_url.clone()),
        ]
    }

    fn state(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("fake Telegram state")
    }

    fn touch(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    /// A text message from `from` in `chat`, with the entities Telegram would
    /// attach (a leading bot command, @mentions).
    pub fn send_text(&self, chat: &TgChat, from: &TgUser, text: &str) -> Injected {
        self.inject_message(chat, from, text_content(text), None)
    }

    /// A text message answering message `to` of `chat`.
    pub fn reply(&self, chat: &TgChat, from: &TgUser, text: &str, to: i64) -> Injected {
        self.inject_message(chat, from, text_content(text), Some(to))
    }

    /// A shared location (the 📎 → Location message): no text, a `location`.
    pub fn send_location(&self, chat: &TgChat, from: &TgUser, latitude: f64, longitude: f64) -> Injected {
        let content = json!({"location": {"latitude": latitude, "longitude": longitude}});
        self.inject_message(chat, from, content, None)
    }

    fn inject_message(
        &self,
        chat: &TgChat,
        from: &TgUser,
        content: Value,
        reply_to: Option<i64>,
    ) -> Injected {
        let mut s = self.state();
        s.chats.insert(chat.id, chat.json.clone());
        let message_id = s.next_message_id;
        s.next_message_id += 1;
        let mut message = json!({
            "message_id": message_id,
            "date": now(),
            "chat": chat.json,
            "from": from.json(),
        });
        if let (Some(message), Value::Object(content)) = (message.as_object_mut(), content) {
            message.extend(content);
        }
        if let Some(to) = reply_to {
            let original = s
                .messages
                .get(&(chat.id, to))
                .cloned()
                .unwrap_or_else(|| panic!("no message {to} in chat {} to reply to", chat.id));
            message["reply_to_message"] = without_reply(original);
        }
        s.messages.insert((chat.id, message_id), message.clone());
        let update_id = push_update(&mut s, json!({"message": message}));
        drop(s);
        self.touch();
        Injected {
            update_id,
            message_id,
        }
    }

    /// `from` presses the inline button carrying `data` under the bot's
    /// message `sent`. Returns the callback query id.
    pub fn press(&self, from: &TgUser, sent: &Sent, data: &str) -> String {
        let mut s = self.state();
        let message = s
            .messages
            .get(&(sent.chat_id, sent.message_id))
            .cloned()
            .expect("the pressed message exists");
        let id = format!("cb{}", s.next_update_id);
        let query = json!({
            "id": id,
            "from": from.json(),
            "message": message,
            "chat_instance": format!("ci{}", sent.chat_id),
            "data": data,
        });
        push_update(&mut s, json!({"callback_query": query}));
        drop(s);
        self.touch();
        id
    }

    /// Hands update `update_id` to the bot once more, as after a restart
    /// before the offset was confirmed, or a webhook retry.
    pub fn redeliver(&self, update_id: i64) {
        let mut s = self.state();
        let update = s.updates.get(&update_id).cloned().expect("a known update");
        s.pending.push(Pending {
            id: update_id,
            update,
            forced: true,
        });
        drop(s);
        self.touch();
    }

    /// The full JSON of an injected update (to post it to a webhook).
    pub fn update_json(&self, update_id: i64) -> Value {
        let s = self.state();
        let mut update = s.updates.get(&update_id).cloned().expect("a known update");
        update["update_id"] = json!(update_id);
        update
    }

    /// From now on another process polls with the bot's token: Telegram
    /// cuts off every `getUpdates` of ours with 409 Conflict.
    pub fn another_poller(&self) {
        self.state().another_poller = true;
        self.touch();
    }

    /// When `getUpdates` first handed out this update.
    pub fn first_delivered(&self, update_id: i64) -> Option<Instant> {
        self.state().first_delivered.get(&update_id).copied()
    }

    /// How often `getUpdates` handed out this update.
    pub fn deliveries(&self, update_id: i64) -> u32 {
        self.state().deliveries.get(&update_id).copied().unwrap_or(0)
    }

    /// The next `n` sendMessage calls fail this way.
    pub fn fail_next_sends(&self, n: usize, failure: Failure) {
        self.fail_next("sendMessage", n, failure);
    }

    /// The next `n` calls of `method` fail this way.
    pub fn fail_next(&self, method: &str, n: usize, failure: Failure) {
        self.state()
            .failures
            .entry(method.to_ascii_lowercase())
            .or_default()
            .extend(std::iter::repeat_n(failure, n));
    }

    /// Every send to `chat` fails this way until the test ends, as Telegram's
    /// flood control does for one chat that was sent too much.
    pub fn flood_control(&self, chat: i64, failure: Failure) {
        self.state().flooded.insert(chat, failure);
    }

    /// The private chat of `user` exists, as after they pressed Start: the
    /// bot may message them first.
    pub fn open_chat(&self, user: &TgUser) {
        let chat = user.chat();
        self.state().chats.insert(chat.id, chat.json);
    }

    /// `user` blocks the bot: every send to their private chat answers 403.
    pub fn block(&self, user: &TgUser) {
        self.flood_control(user.id, Failure::Blocked);
    }

    /// Every sendMessage answers after `delay` (the message counts as sent
    /// when the answer leaves).
    pub fn slow_sends(&self, delay: Duration) {
        self.state().send_delay = delay;
    }

    /// The next `n` sendMessage calls to `chat` never get an answer (and send
    /// nothing), as when the bot dies while Telegram is taking its reply.
    pub fn hang_next_sends(&self, chat: i64, n: usize) {
        *self.state().hanging.entry(chat).or_default() += n;
    }

    /// From now on at most `per_second` sendMessage calls are accepted in any
    /// sliding second, whichever chat they go to (Telegram's bot-wide flood
    /// limit); the ones above it answer 429 with `parameters.retry_after`.
    pub fn limit_send_rate(&self, per_second: usize) {
        self.state().rate_limit = Some(RateLimit {
            per_second,
            window: VecDeque::with_capacity(per_second + 1),
            refused: 0,
            busiest: 0,
        });
    }

    /// The most sendMessage calls accepted in one sliding second since
    /// [`Self::limit_send_rate`] (at most its `per_second`).
    pub fn busiest_second(&self) -> usize {
        self.state().rate_limit.as_ref().map_or(0, |r| r.busiest)
    }

    /// sendMessage calls answered 429 because of [`Self::limit_send_rate`].
    pub fn rate_limited(&self) -> usize {
        self.state().rate_limit.as_ref().map_or(0, |r| r.refused)
    }

    /// The private chats of all these users exist (see [`Self::open_chat`]).
    pub fn open_chats<'a>(&self, users: impl IntoIterator<Item = &'a TgUser>) {
        let mut s = self.state();
        for user in users {
            let chat = user.chat();
            s.chats.insert(chat.id, chat.json);
        }
    }

    /// Everything the bot sent, oldest first.
    pub fn all_sent(&self) -> Vec<Sent> {
        self.state().sent.clone()
    }

    /// sendMessage calls received, failed ones included.
    pub fn send_attempts(&self) -> usize {
        self.calls("sendMessage").len()
    }

    /// The chat id of every message the bot sends from now on, as it is sent
    /// (for load tests that time many chats at once).
    pub fn observe_sends(&self) -> mpsc::UnboundedReceiver<i64> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.state().observers.push(tx);
        rx
    }

    /// What the bot sent to `chat`, oldest first.
    pub fn sent(&self, chat: i64) -> Vec<Sent> {
        self.state()
            .sent
            .iter()
            .filter(|m| m.chat_id == chat)
            .cloned()
            .collect()
    }

    /// Parameters of every call of `method` (case-insensitive).
    pub fn calls(&self, method: &str) -> Vec<Value> {
        let method = method.to_ascii_lowercase();
        self.state()
            .calls
            .iter()
            .filter(|(m, _)| *m == method)
            .map(|(_, p)| p.clone())
            .collect()
    }

    /// The parameters of the last setWebhook, while a webhook is set.
    pub fn webhook(&self) -> Option<Value> {
        self.state().webhook.clone()
    }

    /// Waits until `check` finds something, or fails the test with `what`
    /// and everything the bot sent.
    pub async fn wait_for<T>(&self, what: &str, timeout: Duration, check: impl Fn(&Self) -> Option<T>) -> T {
        let account = || format!("fake Telegram: the bot sent: {:#?}", self.state().sent);
        crate::serve::wait_until(&self.changed, timeout, what, || check(self), account).await
    }

    /// Waits until the bot has sent at least `n` messages to `chat`.
    pub async fn wait_for_sent(&self, chat: i64, n: usize) -> Vec<Sent> {
        self.wait_for_sent_within(chat, n, WAIT).await
    }

    pub async fn wait_for_sent_within(&self, chat: i64, n: usize, timeout: Duration) -> Vec<Sent> {
        self.wait_for(&format!("{n} message(s) to chat {chat}"), timeout, |t| {
            let sent = t.sent(chat);
            (sent.len() >= n).then_some(sent)
        })
        .await
    }

    /// Shares a location and waits for the next message the bot sends to that chat.
    pub async fn share_location(&self, chat: &TgChat, from: &TgUser, latitude: f64, longitude: f64) -> Sent {
        let before = self.sent(chat.id).len();
        self.send_location(chat, from, latitude, longitude);
        let sent = self.wait_for_sent(chat.id, before + 1).await;
        sent[before].clone()
    }

    /// Sends `text` and waits for the next message the bot sends to that chat.
    pub async fn ask(&self, chat: &TgChat, from: &TgUser, text: &str) -> Sent {
        let before = self.sent(chat.id).len();
        self.send_text(chat, from, text);
        let sent = self.wait_for_sent(chat.id, before + 1).await;
        sent[before].clone()
    }

    /// Waits for the answer to callback query `id`.
    pub async fn wait_for_callback_answer(&self, id: &str) -> Value {
        self.wait_for(&format!("an answer to callback query {id}"), WAIT, |t| {
            t.calls("answerCallbackQuery")
                .into_iter()
                .find(|c| c["callback_query_id"] == id)
        })
        .await
    }

    /// Waits until the bot's message has been edited at least `edits` times.
    pub async fn wait_for_edit(&self, chat: i64, message_id: i64, edits: u32) -> Sent {
        self.wait_for(&format!("an edit of message {message_id}"), WAIT, |t| {
            t.sent(chat)
                .into_iter()
                .find(|m| m.message_id == message_id && m.edits >= edits)
        })
        .await
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn push_update(s: &mut Inner, update: Value) -> i64 {
    let id = s.next_update_id;
    s.next_update_id += 1;
    s.updates.insert(id, update.clone());
    s.pending.push(Pending {
        id,
        update,
        forced: false,
    });
    id
}

/// Telegram includes `reply_to_message` one level deep only.
fn without_reply(mut message: Value) -> Value {
    if let Some(m) = message.as_object_mut() {
        m.remove("reply_to_message");
    }
    message
}

fn utf16(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The entities Telegram detects: a leading `/command[@bot]` and `@username` mentions.
/// A text message's fields: the text and the entities Telegram would attach.
fn text_content(text: &str) -> Value {
    let mut content = json!({"text": text});
    let entities = entities(text);
    if !entities.is_empty() {
        content["entities"] = Value::Array(entities);
    }
    content
}

fn entities(text: &str) -> Vec<Value> {
    let mut found = Vec::new();
    if text.starts_with('/') {
        let len = text.find(|c: char| c.is_whitespace()).unwrap_or(text.len());
        found.push(json!({"type": "bot_command", "offset": 0, "length": utf16(&text[..len])}));
    }
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        if c == '@' && previous.is_whitespace() {
            let name: String = text[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if (5..=32).contains(&name.len()) {
                found.push(json!({"type": "mention", "offset": utf16(&text[..i]), "length": name.len() + 1}));
            }
        }
        previous = c;
    }
    found
}

fn ok(result: Value) -> Response {
    Json(json!({"ok": true, "result": result})).into_response()
}

fn fail(code: u16, description: &str) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        Json(json!({"ok": false, "error_code": code, "description": description})),
    )
        .into_response()
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Tasklink", "username": BOT_USERNAME})
}

/// Request parameters from the query string and a JSON or form body; form
/// and query values that are JSON (numbers, objects) are decoded.
async fn params(request: Request) -> Result<Value, Response> {
    let mut params = serde_json::Map::new();
    let decode = |v: String| serde_json::from_str(&v).unwrap_or(Value::String(v));
    if let Ok(Query(query)) = Query::<HashMap<String, String>>::try_from_uri(request.uri()) {
        params.extend(query.into_iter().map(|(k, v)| (k, decode(v))));
    }
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("application/json") {
        let Json(body) = Json::<Value>::from_request(request, &())
            .await
            .map_err(|e| fail(400, &format!("Bad Request: invalid JSON: {e}")))?;
        if let Value::Object(body) = body {
            params.extend(body);
        }
    } else if let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split_once("boundary="))
        .map(|(_, b)| b.trim_matches('"').to_owned())
    {
        let body = axum::body::to_bytes(request.into_body(), 1 << 20)
            .await
            .map_err(|e| fail(400, &format!("Bad Request: unreadable body: {e}")))?;
        params.extend(
            multipart_fields(&String::from_utf8_lossy(&body), &boundary)
                .into_iter()
                .map(|(k, v)| (k, decode(v))),
        );
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let Form(body) = Form::<HashMap<String, String>>::from_request(request, &())
            .await
            .map_err(|e| fail(400, &format!("Bad Request: invalid form: {e}")))?;
        params.extend(body.into_iter().map(|(k, v)| (k, decode(v))));
    }
    Ok(Value::Object(params))
}

/// The text fields of a `multipart/form-data` body (teloxide sends setWebhook
/// this way, as it may carry a certificate file).
fn multipart_fields(body: &str, boundary: &str) -> Vec<(String, String)> {
    body.split(&format!("--{boundary}"))
        .filter_map(|part| {
            let (head, value) = part.split_once("\r\n\r\n")?;
            let name = head.split("name=\"").nth(1)?.split('"').next()?;
            Some((
                name.to_owned(),
                value.strip_suffix("\r\n").unwrap_or(value).to_owned(),
            ))
        })
        .collect()
}

async fn api(
    State((inner, changed)): State<Shared>,
    Path((bot, method)): Path<(String, String)>,
    request: Request,
) -> Response {
    if bot.strip_prefix("bot") != Some(TOKEN) {
        return fail(401, "Unauthorized");
    }
    let method = method.to_ascii_lowercase();
    let params = match params(request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let failure = {
        let mut s = inner.lock().expect("fake Telegram state");
        s.calls.push((method.clone(), params.clone()));
        let flooded = (method == "sendmessage")
            .then(|| {
                params["chat_id"]
                    .as_i64()
                    .or_else(|| params["chat_id"].as_str()?.parse().ok())
            })
            .flatten()
            .and_then(|chat| s.flooded.get(&chat).copied());
        let hang = (method == "sendmessage")
            .then(|| chat_id(&params))
            .flatten()
            .and_then(|chat| s.hanging.get_mut(&chat))
            .is_some_and(|n| {
                let hang = *n > 0;
                *n = n.saturating_sub(1);
                hang
            });
        let mut failure = flooded.or_else(|| s.failures.get_mut(&method).and_then(VecDeque::pop_front));
        if failure.is_none() && !hang && method == "sendmessage" {
            failure = s
                .rate_limit
                .as_mut()
                .and_then(|r| r.check(Instant::now()))
                .map(Failure::TooManyRequests);
        }
        (hang, failure)
    };
    let delay = inner.lock().expect("fake Telegram state").send_delay;
    if method == "sendmessage" && !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let (hang, failure) = failure;
    if hang {
        changed.send_modify(|n| *n += 1);
        return std::future::pending().await;
    }
    if let Some(failure) = failure {
        changed.send_modify(|n| *n += 1);
        return failure.response();
    }
    let response = match method.as_str() {
        "getupdates" => return get_updates(&inner, &changed, &params).await,
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Tasklink", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false, "has_main_web_app": false,
        })),
        "sendmessage" => send_message(&inner, &params),
        "editmessagetext" | "editmessagereplymarkup" => edit_message(&inner, &method, &params),
        "answercallbackquery" | "sendchataction" | "setmycommands" => ok(json!(true)),
        "setwebhook" => {
            inner.lock().expect("state").webhook = Some(params);
            ok(json!(true))
        }
        "deletewebhook" => {
            inner.lock().expect("state").webhook = None;
            ok(json!(true))
        }
        "getwebhookinfo" => {
            let s = inner.lock().expect("state");
            let url = s.webhook.as_ref().map_or(json!(""), |w| w["url"].clone());
            ok(json!({"url": url, "has_custom_certificate": false, "pending_update_count": s.pending.len()}))
        }
        _ => fail(404, "Not Found: method not found"),
    };
    changed.send_modify(|n| *n += 1);
    response
}

async fn get_updates(inner: &Mutex<Inner>, changed: &watch::Sender<u64>, params: &Value) -> Response {
    let offset = params["offset"].as_i64().unwrap_or(0);
    let timeout = Duration::from_secs(params["timeout"].as_u64().unwrap_or(0).min(50));
    let limit = params["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let mut changes = changed.subscribe();
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        {
            let mut s = inner.lock().expect("fake Telegram state");
            if s.another_poller {
                return fail(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                );
            }
            if s.webhook.is_some() {
                return fail(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
                );
            }
            // An offset confirms every update before it.
            s.pending.retain(|p| p.forced || p.id >= offset);
            let batch: Vec<(i64, Value, bool)> = s
                .pending
                .iter()
                .take(limit)
                .map(|p| (p.id, p.update.clone(), p.forced))
                .collect();
            if !batch.is_empty() {
                let handed: Vec<i64> = batch.iter().filter(|b| b.2).map(|b| b.0).collect();
                s.pending.retain(|p| !(p.forced && handed.contains(&p.id)));
                let mut result = Vec::new();
                for (id, mut update, _) in batch {
                    *s.deliveries.entry(id).or_default() += 1;
                    s.first_delivered.entry(id).or_insert_with(Instant::now);
                    update["update_id"] = json!(id);
                    result.push(update);
                }
                return ok(Value::Array(result));
            }
        }
        if tokio::time::timeout_at(deadline, changes.changed())
            .await
            .is_err()
        {
            return ok(json!([]));
        }
    }
}

fn chat_id(params: &Value) -> Option<i64> {
    match &params["chat_id"] {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// (label, data) pairs of an inline keyboard, or an error description.
fn buttons(markup: &Value) -> Result<Vec<(String, String)>, String> {
    let mut buttons = Vec::new();
    for row in markup["inline_keyboard"].as_array().into_iter().flatten() {
        for button in row.as_array().into_iter().flatten() {
            let label = button["text"].as_str().unwrap_or_default();
            let data = button["callback_data"].as_str().unwrap_or_default();
            if label.is_empty() {
                return Err("Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard".into());
            }
            if data.is_empty() || data.len() > 64 {
                return Err("Bad Request: BUTTON_DATA_INVALID".into());
            }
            buttons.push((label.to_owned(), data.to_owned()));
        }
    }
    Ok(buttons)
}

fn check_text(text: &str) -> Result<(), &'static str> {
    if text.trim().is_empty() {
        return Err("Bad Request: message text is empty");
    }
    if utf16(text) > 4096 {
        return Err("Bad Request: message is too long");
    }
    Ok(())
}

fn send_message(inner: &Mutex<Inner>, params: &Value) -> Response {
    let mut s = inner.lock().expect("fake Telegram state");
    let Some(chat) = chat_id(params).and_then(|id| s.chats.get(&id).cloned()) else {
        return fail(400, "Bad Request: chat not found");
    };
    let chat_id = chat["id"].as_i64().unwrap_or_default();
    let text = params["text"].as_str().unwrap_or_default().to_owned();
    if let Err(description) = check_text(&text) {
        return fail(400, description);
    }
    let buttons = match buttons(&params["reply_markup"]) {
        Ok(b) => b,
        Err(description) => return fail(400, &description),
    };
    let reply_to = params["reply_parameters"]["message_id"].as_i64();
    let message_id = s.next_message_id;
    s.next_message_id += 1;
    let mut message = json!({
        "message_id": message_id, "date": now(), "chat": chat, "from": bot_user(), "text": text,
    });
    if !buttons.is_empty() {
        message["reply_markup"] = params["reply_markup"].clone();
    }
    if let Some(original) = reply_to.and_then(|id| s.messages.get(&(chat_id, id)).cloned()) {
        message["reply_to_message"] = without_reply(original);
    }
    s.messages.insert((chat_id, message_id), message.clone());
    s.observers.retain(|o| o.send(chat_id).is_ok());
    s.sent.push(Sent {
        chat_id,
        message_id,
        text,
        buttons,
        reply_to,
        parse_mode: params["parse_mode"].as_str().map(str::to_owned),
        edits: 0,
    });
    ok(message)
}

fn edit_message(inner: &Mutex<Inner>, method: &str, params: &Value) -> Response {
    let mut s = inner.lock().expect("fake Telegram state");
    let (Some(chat), Some(id)) = (chat_id(params), params["message_id"].as_i64()) else {
        return fail(400, "Bad Request: message to edit not found");
    };
    let Some(index) = s
        .sent
        .iter()
        .position(|m| m.chat_id == chat && m.message_id == id)
    else {
        return fail(400, "Bad Request: message to edit not found");
    };
    let new_buttons = match buttons(&params["reply_markup"]) {
        Ok(b) => b,
        Err(description) => return fail(400, &description),
    };
    let old = s.sent[index].clone();
    let new_text = if method == "editmessagetext" {
        let text = params["text"].as_str().unwrap_or_default().to_owned();
        if let Err(description) = check_text(&text) {
            return fail(400, description);
        }
        text
    } else {
        old.text.clone()
    };
    if new_text == old.text && new_buttons == old.buttons {
        return fail(
            400,
            "Bad Request: message is not modified: specified new message content and reply markup are exactly \
the same as a current content and reply markup of the message",
        );
    }
    let updated = Sent {
        text: new_text.clone(),
        buttons: new_buttons.clone(),
        edits: old.edits + 1,
        ..old
    };
    s.sent[index] = updated;
    let message = s.messages.get_mut(&(chat, id)).expect("sent messages are stored");
    message["text"] = json!(new_text);
    message["edit_date"] = json!(now());
    match message.as_object_mut() {
        Some(m) if new_buttons.is_empty() => {
            m.remove("reply_markup");
        }
        Some(m) => {
            m.insert("reply_markup".into(), params["reply_markup"].clone());
        }
        None => {}
    }
    ok(message.clone())
}
