//! `/api/chat` and conversation history: the same agent as the bots.

use axum::{Json, extract::State};
use serde::Deserialize;
use serde_json::{Value, json};
use tasklink_core::{
    agent::TurnOutcome,
    conversations,
    limits::{self, Limit},
};
use uuid::Uuid;

use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiJson, ApiPath, ApiUser},
};

#[derive(Deserialize)]
pub(crate) struct ChatRequest {
    message: String,
    conversation_id: Option<Uuid>,
}

pub(crate) async fn send(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiJson(body): ApiJson<ChatRequest>,
) -> Result<Json<TurnOutcome>> {
    Ok(Json(
        turn(&state, caller.id, body.conversation_id, &body.message).await?,
    ))
}

/// One rate-limited agent turn, shared with the web chat page.
pub(crate) async fn turn(
    state: &AppState,
    user: tasklink_core::accounts::UserId,
    conversation: Option<Uuid>,
    message: &str,
) -> Result<TurnOutcome> {
    let per_minute = state.core.config.limits.chat_per_user;
    limits::hit(
        &state.core.db,
        &format!("chat:{user}"),
        Limit::per_minute(per_minute),
    )
    .await?
    .map_err(ApiError::rate_limited)?;
    let outcome = state
        .core
        .agent
        .handle_turn(&state.core.db, user, conversation, message)
        .await?;
    state.metrics.record_turn(&outcome);
    Ok(outcome)
}

pub(crate) async fn history(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>> {
    let id: Uuid = id.parse().map_err(|_| ApiError::not_found("conversation"))?;
    let messages = conversations::history(&state.core.db, caller.id, id).await?;
    Ok(Json(json!({"conversation_id": id, "messages": messages})))
}
