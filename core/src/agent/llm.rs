//! The LLM brain: any OpenAI-compatible chat-completions endpoint, through
//! async-openai, with the task tools.

use std::time::Duration;

use async_openai::{
    Client,
    config::OpenAIConfig,
    error::OpenAIError,
    middleware::HttpRequestFactory,
    types::chat::{ChatCompletionMessageToolCalls, CreateChatCompletionRequest},
};
use reqwest::{StatusCode, header::RETRY_AFTER};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use super::tools::{self, ToolCallRecord, ToolContext};
use crate::{config::OpenAiConfig, conversations::Message};

/// Tool rounds a turn may take before the model is considered stuck.
pub const MAX_TOOL_ROUNDS: usize = 6;
/// Tool calls one turn may make in all: a forwarded message with injected
/// instructions must not be able to run hundreds.
pub const MAX_TOOL_CALLS: usize = 12;
/// Deletions one turn may make; past that the model is told to ask first.
pub const MAX_DELETES_WITHOUT_ASKING: usize = 3;
/// A `Retry-After` longer than this is not waited for: the offline brain answers now.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(10);
const BASE_BACKOFF: Duration = Duration::from_millis(250);

#[derive(Debug, thiserror::Error)]
pub(crate) enum LlmError {
    #[error("model request failed: {0}")]
    Api(#[from] OpenAIError),
    #[error("model did not answer within {0:?}")]
    Timeout(Duration),
    #[error("model reply unusable: {0}")]
    Malformed(String),
    #[error("model still calling tools after {MAX_TOOL_ROUNDS} rounds")]
    TooManyRounds,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub(crate) struct LlmBrain {
    client: Client<OpenAIConfig>,
    model: String,
    /// Bound on a whole turn, all rounds and retries included.
    turn_budget: Duration,
}

impl LlmBrain {
    pub(crate) fn new(config: &OpenAiConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .build()
            .expect("an HTTP client with a timeout builds");
        let api = OpenAIConfig::new()
            .with_api_base(config.base_url.clone())
            .with_api_key(config.api_key.expose_secret().to_owned());
        let client = Client::with_config(api)
            .with_http_client(http.clone())
            .with_http_service(retrying(http, config.max_retries));
        Self {
            client,
            model: config.model.clone(),
            turn_budget: config.timeout * 2,
        }
    }

    /// Runs the model until it answers in words. Every tool it ran is pushed to
    /// `records` as it runs, so the caller knows what happened even on failure.
    pub(crate) async fn respond(
        &self,
        ctx: &ToolContext<'_>,
        history: &[Message],
        message: &str,
        records: &mut Vec<ToolCallRecord>,
    ) -> Result<String, LlmError> {
        let deadline = tokio::time::Instant::now() + self.turn_budget;
        self.rounds(ctx, history, message, records, deadline).await
    }

    async fn rounds(
        &self,
        ctx: &ToolContext<'_>,
        history: &[Message],
        message: &str,
        records: &mut Vec<ToolCallRecord>,
        deadline: tokio::time::Instant,
    ) -> Result<String, LlmError> {
        let mut messages = vec![json!({"role": "system", "content": system_prompt(ctx)})];
        messages.extend(
            history
                .iter()
                .map(|m| json!({"role": m.role.as_str(), "content": m.content})),
        );
        messages.push(json!({"role": "user", "content": message}));

        for _ in 0..MAX_TOOL_ROUNDS {
            let request: CreateChatCompletionRequest = serde_json::from_value(json!({
                "model": self.model,
                "messages": messages,
                "tools": tools::definitions(),
                "tool_choice": "auto",
                "parallel_tool_calls": true,
            }))
            .map_err(|e| LlmError::Malformed(format!("request did not serialise: {e}")))?;
            // No connection is held while the model thinks (the pool is for
            // statements); the next tool call takes one again.
            if let Some(held) = ctx.held() {
                held.release();
            }
            // Only the model's answer is bounded by the turn's budget: a tool,
            // once started, runs to the end and is recorded, so a fallback never
            // repeats what already happened.
            let response = tokio::time::timeout_at(deadline, self.client.chat().create(request))
                .await
                .map_err(|_| LlmError::Timeout(self.turn_budget))?
                .map_err(|e| match e {
                    OpenAIError::Reqwest(e) if e.is_timeout() => LlmError::Timeout(Duration::ZERO),
                    e => LlmError::Api(e),
                })?;
            let reply = response
                .choices
                .into_iter()
                .next()
                .ok_or_else(|| LlmError::Malformed("no choices".into()))?
                .message;

            let calls: Vec<_> = reply
                .tool_calls
                .unwrap_or_default()
                .into_iter()
                .filter_map(|c| match c {
                    ChatCompletionMessageToolCalls::Function(f) => Some(f),
                    ChatCompletionMessageToolCalls::Custom(_) => None,
                })
                .collect();
            if calls.is_empty() {
                return reply
                    .content
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| LlmError::Malformed("neither text nor tool calls".into()));
            }

            messages.push(json!({
                "role": "assistant",
                "content": reply.content,
                "tool_calls": calls.iter().map(|c| json!({
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.function.name, "arguments": c.function.arguments},
                })).collect::<Vec<_>>(),
            }));
            for call in calls {
                let name = &call.function.name;
                let record = match serde_json::from_str::<Value>(&call.function.arguments) {
                    Err(_) => tools::unreadable(name, &call.function.arguments),
                    Ok(arguments) => match refusal(name, records) {
                        Some((code, why)) => tools::refused(name, arguments, code, &why),
                        None => tools::execute(ctx, name, arguments).await?,
                    },
                };
                let content = serde_json::to_string(&record.result).unwrap_or_default();
                messages.push(json!({"role": "tool", "tool_call_id": call.id, "content": content}));
                records.push(record);
            }
        }
        Err(LlmError::TooManyRounds)
    }
}

/// Why a call must not run in this turn, if it must not.
fn refusal(name: &str, so_far: &[ToolCallRecord]) -> Option<(&'static str, String)> {
    let deletes = so_far
        .iter()
        .filter(|r| r.name == "delete_task" && !r.failed())
        .count();
    if so_far.len() >= MAX_TOOL_CALLS {
        Some((
            "too_many_calls",
            format!("a turn may make at most {MAX_TOOL_CALLS} tool calls; say what was done and stop"),
        ))
    } else if name == "delete_task" && deletes >= MAX_DELETES_WITHOUT_ASKING {
        Some((
            "confirmation_needed",
            format!(
                "deleting more than {MAX_DELETES_WITHOUT_ASKING} tasks at once needs the person's confirmation: \
ask them, naming the tasks, before deleting more"
            ),
        ))
    } else {
        None
    }
}

fn system_prompt(ctx: &ToolContext<'_>) -> String {
    format!(
        "You are Tasklink, a friendly assistant that keeps the user's personal task list. \
It is now {} for the user; read every date and time they give in that zone.\n\
Rules:\n\
- Put dates, times, repeats, priorities and tags in the tool arguments (due, repeat, remind, priority, tags), not in the title.\n\
- Use the tools for every change and never claim an action you did not take with a tool.\n\
- Tasks are known by their number (#1, #2, ...). When the user names a task by its title, call list_tasks first to find its number.\n\
- If more than one task could be meant, ask which one instead of guessing; never delete on a guess.\n\
- After acting, confirm what you did in one short, friendly sentence with the task's number and title.\n\
- If a tool returns an error, explain it simply and say what would work.\n\
- Resolve \"it\", \"that one\" or \"the last one\" from the conversation.\n\
- Keep replies short, in plain text.",
        ctx.local_now()
    )
}

/// The HTTP layer under async-openai: retries 429 and 5xx with exponential
/// backoff, honouring `Retry-After`. Timeouts are not retried: a slow model
/// gets the offline brain instead of a longer wait.
fn retrying(
    http: reqwest::Client,
    max_retries: u32,
) -> impl tower::Service<
    HttpRequestFactory,
    Response = reqwest::Response,
    Error = OpenAIError,
    Future = impl Future<Output = Result<reqwest::Response, OpenAIError>> + Send,
> + Clone
+ Send
+ Sync
+ 'static {
    tower::service_fn(move |factory: HttpRequestFactory| {
        let http = http.clone();
        async move {
            let mut attempt = 0;
            loop {
                let response = http.execute(factory.build().await?).await?;
                let status = response.status();
                if !(status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error())
                    || attempt >= max_retries
                {
                    return Ok(response);
                }
                let wait = retry_after(&response).unwrap_or(BASE_BACKOFF * 2u32.pow(attempt));
                if wait > MAX_RETRY_WAIT {
                    return Ok(response);
                }
                tracing::warn!(%status, attempt, ?wait, "model endpoint refused; retrying");
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
        }
    })
}

fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response.headers().get(RETRY_AFTER)?.to_str().ok()?;
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        // Anything past the longest wait is as good as "too long" (and a huge
        // value would overflow a Duration).
        .map(|s| Duration::from_secs_f64(s.min(MAX_RETRY_WAIT.as_secs_f64() + 1.0)))
}
