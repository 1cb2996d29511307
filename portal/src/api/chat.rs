//! `/api/chat` and conversation history: the same agent as the bots.

use axum::{Json, extract::State};
use serde::Deserialize;
use serde_json::{Value, json};
use tasklink_core::{agent::TurnOutcome, conversations};
use utoipa::ToSchema;
use uuid::Uuid;

use super::schemas::{ChatResponse, ErrorBody, History};
use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiJson, ApiPath, ApiUser},
    turns::turn,
};

#[derive(Deserialize, ToSchema)]
pub(crate) struct ChatRequest {
    /// What the person says, at most 4000 characters.
    #[schema(max_length = 4000)]
    message: String,
    /// Continue this conversation; a new one starts without it.
    conversation_id: Option<Uuid>,
}

/// One turn with the agent
///
/// The same agent as in Telegram and Discord: it may add, list, complete, change or delete tasks.
#[utoipa::path(post, path = "/api/chat", tag = "chat", operation_id = "chat", security(("bearer" = [])), request_body = ChatRequest, responses(
    (status = 200, description = "The agent's answer and the tools it ran", body = ChatResponse),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
    (status = 404, description = "No such conversation of the caller's", body = ErrorBody),
    (status = 422, description = "Empty or too long message", body = ErrorBody),
    (status = 429, description = "Too many turns this minute", body = ErrorBody),
))]
pub(crate) async fn send(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiJson(body): ApiJson<ChatRequest>,
) -> Result<Json<TurnOutcome>> {
    Ok(Json(
        turn(&state, caller.id, body.conversation_id, &body.message).await?,
    ))
}

/// A conversation's messages
#[utoipa::path(get, path = "/api/conversations/{id}/messages", tag = "chat", operation_id = "conversation_messages", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The conversation id from `POST /api/chat`")),
    responses(
        (status = 200, description = "Oldest first", body = History),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 404, description = "No such conversation of the caller's", body = ErrorBody),
    ),
)]
pub(crate) async fn history(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>> {
    let id: Uuid = id.parse().map_err(|_| ApiError::not_found("conversation"))?;
    let messages = conversations::history(&state.core.db, caller.id, id).await?;
    Ok(Json(json!({"conversation_id": id, "messages": messages})))
}
