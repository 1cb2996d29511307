//! One turn of the web chat, shared by `/api/chat` and the chat page: the
//! person's limit, then core's web turn (a command, or the agent).

use tasklink_core::{
    accounts::UserId,
    agent::TurnOutcome,
    chat,
    limits::{self, Limit},
};
use uuid::Uuid;

use crate::{
    AppState,
    error::{ApiError, Result},
};

/// One rate-limited agent turn, shared with the web chat page.
pub(crate) async fn turn(
    state: &AppState,
    user: UserId,
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
    let outcome = chat::web_turn(&state.core, user, conversation, message).await?;
    state.metrics.record_turn(&outcome);
    Ok(outcome)
}
