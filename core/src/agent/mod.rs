//! The agent: one turn of conversation, decided by the LLM brain or the
//! offline parser, with the task tools bound to the caller.

mod llm;
pub mod offline;
pub mod tools;

use std::sync::Arc;

use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

pub use llm::{MAX_DELETES_WITHOUT_ASKING, MAX_TOOL_CALLS, MAX_TOOL_ROUNDS};
pub use tools::{Held, ToolCallRecord, ToolContext, TurnEffects};

use crate::{
    accounts::UserId,
    clock::Clock,
    config::Config,
    conversations::{self, ConversationError},
};

/// Longest message the agent takes, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4000;

const OFFLINE_NOTE: &str = "(The AI assistant is unavailable right now, so I used the basic command parser.)";

/// What a turn produced: the API's `{conversation_id, response, tool_calls}`.
#[derive(Clone, Debug, Serialize)]
pub struct TurnOutcome {
    pub conversation_id: Uuid,
    pub response: String,
    pub tool_calls: Vec<ToolCallRecord>,
}

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error("the message is empty")]
    EmptyMessage,
    #[error("the message is {0} characters long; the limit is {MAX_MESSAGE_CHARS}")]
    MessageTooLong(usize),
    /// Postgres cannot store NUL in text; refused before anything runs.
    #[error("the message contains a NUL character (\\0)")]
    NulCharacter,
    #[error("conversation not found")]
    ConversationNotFound,
    /// The person's previous turn (on any surface) still runs.
    #[error("your previous message is still being answered; send this one again once it is")]
    Busy,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl From<ConversationError> for AgentError {
    fn from(e: ConversationError) -> Self {
        match e {
            ConversationError::NotFound => Self::ConversationNotFound,
            ConversationError::Database(e) => Self::Database(e),
        }
    }
}

#[derive(Clone)]
pub struct Agent {
    llm: Option<Arc<llm::LlmBrain>>,
    history_window: i64,
    clock: Clock,
}

impl Agent {
    /// The LLM brain when a model is configured, the offline one otherwise.
    pub fn new(config: &Config, clock: Clock) -> Self {
        Self {
            clock,
            llm: config.openai.as_ref().map(|c| Arc::new(llm::LlmBrain::new(c))),
            history_window: config.history_window,
        }
    }

    pub fn uses_model(&self) -> bool {
        self.llm.is_some()
    }

    /// One turn: continue (or start) a conversation, decide, run tools, and
    /// store the message with its reply.
    pub async fn handle_turn(
        &self,
        db: &PgPool,
        user: UserId,
        conversation: Option<Uuid>,
        message: &str,
    ) -> Result<TurnOutcome, AgentError> {
        let message = check_message(message)?;
        let conversation = conversations::resume_or_start(db, user, conversation).await?;
        self.turn(db, user, conversation, message, None).await
    }

    /// A turn in a conversation already known to be the user's; with
    /// `effects`, each tool's effect happens once for the inbound message.
    pub async fn turn_in(
        &self,
        db: &PgPool,
        user: UserId,
        conversation: Uuid,
        message: &str,
        effects: Option<&TurnEffects>,
    ) -> Result<TurnOutcome, AgentError> {
        let message = check_message(message)?;
        self.turn(db, user, conversation, message, effects).await
    }

    /// A chat turn through the inbox, with the context its message was
    /// identified with (the person's zone, the message's connection, its
    /// effects): the turn is stored with `store`, in the same statement.
    pub async fn chat_turn(
        &self,
        ctx: &ToolContext<'_>,
        conversation: Uuid,
        message: &str,
        store: ChatTurnStore<'_>,
    ) -> Result<TurnOutcome, AgentError> {
        let message = check_message(message)?;
        self.decide_and_store(ctx, conversation, message, Some(store))
            .await
    }

    #[tracing::instrument(skip_all, fields(user = %user, conversation = %conversation))]
    async fn turn(
        &self,
        db: &PgPool,
        user: UserId,
        conversation: Uuid,
        message: &str,
        effects: Option<&TurnEffects>,
    ) -> Result<TurnOutcome, AgentError> {
        let ctx = ToolContext::load(db, user, self.clock.now())
            .await?
            .keyed(effects);
        self.decide_and_store(&ctx, conversation, message, None).await
    }

    async fn decide_and_store(
        &self,
        ctx: &ToolContext<'_>,
        conversation: Uuid,
        message: &str,
        store: Option<ChatTurnStore<'_>>,
    ) -> Result<TurnOutcome, AgentError> {
        let user = ctx.user;
        let history = match &self.llm {
            Some(_) => {
                conversations::recent(&mut *ctx.conn().await?, user, conversation, self.history_window)
                    .await?
            }
            None => Vec::new(),
        };
        let (response, tool_calls) = match &self.llm {
            None => offline::respond(ctx, offline::parse(message)).await?,
            Some(llm) => {
                let mut records = Vec::new();
                match llm.respond(ctx, &history, message, &mut records).await {
                    Ok(text) => (text, records),
                    Err(llm::LlmError::Database(e)) => return Err(e.into()),
                    Err(e) => {
                        tracing::warn!(error.cause_chain = ?e, "model failed; the offline brain answers");
                        self.fall_back(ctx, message, records).await?
                    }
                }
            }
        };

        let calls = serde_json::to_value(&tool_calls)
            .ok()
            .filter(|_| !tool_calls.is_empty());
        // Stored together after the decision: every failure of the model ends in
        // a fallback reply, so the person's message is kept with it.
        let mut conn = ctx.conn().await?;
        match store {
            None => {
                conversations::append_turn(&mut *conn, user, conversation, message, &response, calls.as_ref())
                    .await?
            }
            Some(store) => {
                let reply =
                    serde_json::to_value(crate::chat::Reply::text(response.as_str())).unwrap_or_default();
                conversations::append_chat_turn(
                    &mut *conn,
                    conversations::Turn {
                        user,
                        conversation,
                        message,
                        reply: &response,
                        tool_calls: calls.as_ref(),
                    },
                    store.inbox_id.map(|id| (id, &reply)),
                    store.lock_holder,
                )
                .await?
            }
        }
        drop(conn);
        Ok(TurnOutcome {
            conversation_id: conversation,
            response,
            tool_calls,
        })
    }

    /// After a model failure. If the model already changed tasks, say what was
    /// done rather than doing it again; otherwise the offline brain takes over.
    async fn fall_back(
        &self,
        ctx: &ToolContext<'_>,
        message: &str,
        mut records: Vec<ToolCallRecord>,
    ) -> Result<(String, Vec<ToolCallRecord>), sqlx::Error> {
        // Keyed by its message, the turn may be a replay: what an earlier
        // attempt did counts as done too, even if this attempt never saw it.
        let done: Vec<String> = match ctx.effects() {
            Some(effects) => effects
                .recorded(&mut *ctx.conn().await?)
                .await?
                .iter()
                .map(tools::describe)
                .collect(),
            None => records
                .iter()
                .filter(|r| r.changed_tasks())
                .map(|r| tools::describe(&r.result))
                .collect(),
        };
        if !done.is_empty() {
            let text = format!(
                "The AI assistant stopped partway, but this is done:\n{}",
                done.join("\n")
            );
            return Ok((text, records));
        }
        let (text, more) = offline::respond(ctx, offline::parse(message)).await?;
        records.extend(more);
        Ok((format!("{OFFLINE_NOTE}\n{text}"), records))
    }
}

/// What a chat turn through the inbox stores with its messages: the reply
/// under its inbox row (a replay sends it without asking the model again),
/// and the person's turn lock released.
#[derive(Clone, Copy, Debug)]
pub struct ChatTurnStore<'a> {
    pub inbox_id: Option<i64>,
    pub lock_holder: &'a str,
}

pub(crate) fn check_message(message: &str) -> Result<&str, AgentError> {
    let message = message.trim();
    if message.contains('\0') {
        return Err(AgentError::NulCharacter);
    }
    if message.is_empty() {
        return Err(AgentError::EmptyMessage);
    }
    let chars = message.chars().count();
    if chars > MAX_MESSAGE_CHARS {
        return Err(AgentError::MessageTooLong(chars));
    }
    Ok(message)
}
