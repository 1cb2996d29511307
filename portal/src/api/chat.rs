//! `/api/chat` and conversation history: the same agent as the bots.

use axum::{Json, extract::State};
use serde::Deserialize;
use tasklink_core::{
    agent::TurnOutcome,
    conversations::{self, HistoryPage, PageQuery},
};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schemas::{ChatResponse, ErrorBody, History};
use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiJson, ApiPath, ApiQuery, ApiUser},
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
    (status = 409, description = "`busy`: the caller's previous turn (on any surface) is still running after 15 s; send the message again once it has been answered", body = ErrorBody),
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct HistoryQuery {
    /// Messages per page, 1 to 200; default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    limit: Option<String>,
    /// `next_cursor` of the page after (newer than) the one wanted.
    before: Option<String>,
}

/// A conversation's messages
///
/// The latest page first; `next_cursor`, when set, is the `before` of the page of older messages.
#[utoipa::path(get, path = "/api/conversations/{id}/messages", tag = "chat", operation_id = "conversation_messages", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The conversation id from `POST /api/chat`"), HistoryQuery),
    responses(
        (status = 200, description = "One page, oldest first", body = History),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 404, description = "No such conversation of the caller's", body = ErrorBody),
        (status = 422, description = "A `limit` out of range or a cursor that was not given out (`field` names it)", body = ErrorBody),
    ),
)]
pub(crate) async fn history(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<HistoryQuery>,
) -> Result<Json<HistoryPage>> {
    let id: Uuid = id.parse().map_err(|_| ApiError::not_found("conversation"))?;
    let query = PageQuery::parse(q.limit.as_deref(), q.before.as_deref())?;
    Ok(Json(
        conversations::page(&state.core.db, caller.id, id, query).await?,
    ))
}
