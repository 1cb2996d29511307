//! A local OpenAI-compatible chat-completions server, scripted per test.
//!
//! It answers `POST /v1/chat/completions` in the real wire format (ids,
//! `type: function`, `finish_reason`, usage), replays the scripted replies in
//! order, and records every request body it was sent.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::{Value, json};

/// One scripted answer.
#[derive(Clone, Debug)]
pub enum Reply {
    /// The assistant calls these tools: (name, arguments as JSON).
    Tools(Vec<(&'static str, Value)>),
    /// A tool call whose arguments string is not JSON.
    RawArguments(&'static str, &'static str),
    /// The assistant answers in words.
    Text(String),
    /// An HTTP error with OpenAI's error body, and `Retry-After` when given.
    Status(u16, Option<&'static str>),
    /// A 200 whose body is not a chat completion.
    Garbage(&'static str),
    /// Waits before giving the inner reply.
    Delayed(Duration, Box<Reply>),
    /// Acts like a small model, for load tests: "add X" calls add_task, a tool
    /// result is confirmed in words, anything else gets a short answer.
    Simulated,
}

impl Reply {
    pub fn tool(name: &'static str, args: Value) -> Self {
        Self::Tools(vec![(name, args)])
    }

    pub fn text(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

#[derive(Default)]
struct Script {
    queue: VecDeque<Reply>,
    /// Given when the queue is empty; without it an empty queue is a loud 500.
    forever: Option<Reply>,
    requests: Vec<Value>,
    served: u64,
    latency: Duration,
}

#[derive(Clone)]
pub struct FakeOpenAi {
    pub base_url: String,
    script: Arc<Mutex<Script>>,
}

impl FakeOpenAi {
    pub async fn start() -> Self {
        let script = Arc::new(Mutex::new(Script::default()));
        let app = Router::new()
            .route("/v1/chat/completions", post(completions))
            .with_state(script.clone());
        let addr = crate::serve::start("fake OpenAI", app).await;
        Self {
            base_url: format!("http://{addr}/v1"),
            script,
        }
    }

    /// The variables that point the production code at this server.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("OPENAI_BASE_URL", self.base_url.clone()),
            ("OPENAI_API_KEY", "sk-test".to_owned()),
            ("OPENAI_MODEL", "fake-model".to_owned()),
            ("OPENAI_TIMEOUT_MS", "1500".to_owned()),
            ("OPENAI_MAX_RETRIES", "2".to_owned()),
        ]
    }

    pub fn push(&self, reply: Reply) -> &Self {
        self.script.lock().unwrap().queue.push_back(reply);
        self
    }

    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.script.lock().unwrap().queue.extend(replies);
    }

    /// Answer this whenever the queue is empty.
    pub fn forever(&self, reply: Reply) {
        self.script.lock().unwrap().forever = Some(reply);
    }

    /// Added before every answer (for load tests).
    pub fn set_latency(&self, latency: Duration) {
        self.script.lock().unwrap().latency = latency;
    }

    pub fn requests(&self) -> Vec<Value> {
        self.script.lock().unwrap().requests.clone()
    }

    pub fn request_count(&self) -> usize {
        self.script.lock().unwrap().requests.len()
    }
}

async fn completions(State(script): State<Arc<Mutex<Script>>>, body: Json<Value>) -> Response {
    let (reply, n, latency) = {
        let mut s = script.lock().unwrap();
        s.requests.push(body.0.clone());
        s.served += 1;
        let reply = s.queue.pop_front().or_else(|| s.forever.clone());
        (reply, s.served, s.latency)
    };
    tokio::time::sleep(latency).await;
    let model = body.0["model"].as_str().unwrap_or("fake-model").to_owned();
    match reply {
        Some(reply) => render(reply, n, &model, &body.0).await,
        None => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "fake OpenAI: no scripted reply left",
        )
            .into_response(),
    }
}

async fn render(mut reply: Reply, n: u64, model: &str, request: &Value) -> Response {
    while let Reply::Delayed(wait, inner) = reply {
        tokio::time::sleep(wait).await;
        reply = *inner;
    }
    if let Reply::Simulated = reply {
        reply = simulate(request);
    }
    let (message, finish) = match reply {
        Reply::Tools(calls) => {
            let calls: Vec<Value> = calls
                .into_iter()
                .enumerate()
                .map(|(i, (name, args))| {
                    json!({"id": format!("call_{n}_{i}"), "type": "function",
                           "function": {"name": name, "arguments": args.to_string()}})
                })
                .collect();
            (
                json!({"role": "assistant", "content": null, "tool_calls": calls}),
                "tool_calls",
            )
        }
        Reply::RawArguments(name, raw) => (
            json!({"role": "assistant", "content": null, "tool_calls": [
                {"id": format!("call_{n}_0"), "type": "function", "function": {"name": name, "arguments": raw}}
            ]}),
            "tool_calls",
        ),
        Reply::Text(text) => (json!({"role": "assistant", "content": text}), "stop"),
        Reply::Status(code, retry_after) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut headers = HeaderMap::new();
            if let Some(secs) = retry_after {
                headers.insert("retry-after", secs.parse().expect("retry-after value"));
            }
            let kind = if code == 429 {
                "rate_limit_error"
            } else {
                "server_error"
            };
            let body = json!({"error": {"message": format!("fake {code}"), "type": kind, "param": null, "code": null}});
            return (status, headers, Json(body)).into_response();
        }
        Reply::Garbage(body) => {
            return (StatusCode::OK, [("content-type", "application/json")], body).into_response();
        }
        Reply::Delayed(..) | Reply::Simulated => unreachable!("resolved above"),
    };
    Json(json!({
        "id": format!("chatcmpl-fake{n}"),
        "object": "chat.completion",
        "created": chrono::Utc::now().timestamp(),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": null}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }))
    .into_response()
}

fn simulate(request: &Value) -> Reply {
    let last = request["messages"]
        .as_array()
        .and_then(|m| m.last())
        .cloned()
        .unwrap_or_default();
    if last["role"] == "tool" {
        return Reply::text("Done.");
    }
    let text = last["content"].as_str().unwrap_or_default();
    match text.strip_prefix("add ") {
        Some(title) => Reply::Tools(vec![("add_task", json!({ "title": title }))]),
        None => Reply::text("You can ask me to add, list or complete tasks."),
    }
}
