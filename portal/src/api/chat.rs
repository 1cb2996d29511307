//! `/api/chat` and conversation history: the same agent as the bots.

use axum::{Json, extract::State};
use serde::Deserialize;
use serde_json::{Value, json};
use tasklink_core::{agent::TurnOutcome, conversations};
use uuid::Uuid;

use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiJson, ApiPath, ApiUser},
    turns::turn,
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

pub(crate) async fn history(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>> {
    let id: Uuid = id.parse().map_err(|_| ApiError::not_found("conversation"))?;
    let messages = conversations::history(&state.core.db, caller.id, id).await?;
    Ok(Json(json!({"conversation_id": id, "messages": messages})))
}
