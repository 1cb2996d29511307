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
use sqlx::PgPool;

use super::tools::{self, ToolCallRecord};
use crate::{accounts::UserId, config::OpenAiConfig, conversations::Message};

/// Tool rounds a turn may take before the model is considered stuck.
pub const MAX_TOOL_ROUNDS: usize = 6;
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
        db: &PgPool,
        user: UserId,
        history: &[Message],
        message: &str,
        records: &mut Vec<ToolCallRecord>,
    ) -> Result<String, LlmError> {
        let run = self.rounds(db, user, history, message, records);
        tokio::time::timeout(self.turn_budget, run)
            .await
            .unwrap_or(Err(LlmError::Timeout(self.turn_budget)))
    }

    async fn rounds(
        &self,
        db: &PgPool,
        user: UserId,
        history: &[Message],
        message: &str,
        records: &mut Vec<ToolCallRecord>,
    ) -> Result<String, LlmError> {
        let mut messages = vec![json!({"role": "system", "content": system_prompt()})];
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
            let response = self.client.chat().create(request).await.map_err(|e| match e {
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
                let record = match serde_json::from_str::<Value>(&call.function.arguments) {
                    Ok(arguments) => tools::execute(db, user, &call.function.name, arguments).await?,
                    Err(_) => tools::unreadable(&call.function.name, &call.function.arguments),
                };
                let content = serde_json::to_string(&record.result).unwrap_or_default();
                messages.push(json!({"role": "tool", "tool_call_id": call.id, "content": content}));
                records.push(record);
            }
        }
        Err(LlmError::TooManyRounds)
    }
}

fn system_prompt() -> String {
    format!(
        "You are Tasklink, a friendly assistant that keeps the user's personal task list. \
Today is {}.\n\
Rules:\n\
- Use the tools for every change and never claim an action you did not take with a tool.\n\
- Tasks are known by their number (#1, #2, ...). When the user names a task by its title, call list_tasks first to find its number.\n\
- If more than one task could be meant, ask which one instead of guessing; never delete on a guess.\n\
- After acting, confirm what you did in one short, friendly sentence with the task's number and title.\n\
- If a tool returns an error, explain it simply and say what would work.\n\
- Resolve \"it\", \"that one\" or \"the last one\" from the conversation.\n\
- Keep replies short, in plain text.",
        chrono::Utc::now().format("%A, %-d %B %Y")
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
        .map(Duration::from_secs_f64)
}
