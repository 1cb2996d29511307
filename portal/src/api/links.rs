//! `/api/link-tokens` and `/api/links`: linking chat accounts.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde::Serialize;
use serde_json::{Value, json};
use tasklink_core::{
    accounts::UserId,
    limits::{self, Limit},
    linking::{self, LinkToken},
};
use utoipa::ToSchema;

use super::schemas::{ErrorBody, Links};
use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiPath, ApiUser, SessionUser},
};

/// What a person needs to link a chat account, as the API and the dashboard show it.
#[derive(Serialize, ToSchema)]
pub(crate) struct LinkOffer {
    /// The JWT, for `/link <token>`.
    pub(crate) token: String,
    /// The deep-link code (at most 64 characters of `A-Za-z0-9_-`).
    pub(crate) code: String,
    /// Ten minutes after issue; a token works once.
    pub(crate) expires_at: chrono::DateTime<chrono::Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `https://t.me/<bot>?start=<code>`, when the bot's username is configured.
    pub(crate) telegram_url: Option<String>,
    /// What to send the bot.
    pub(crate) command: String,
}

impl LinkOffer {
    pub(crate) fn new(token: LinkToken, telegram_bot: Option<&str>) -> Self {
        Self {
            telegram_url: telegram_bot.map(|bot| format!("https://t.me/{bot}?start={}", token.code)),
            command: format!("/link {}", token.token),
            token: token.token,
            code: token.code,
            expires_at: token.expires_at,
        }
    }
}

/// Link tokens one person may ask for per minute (the API and the dashboard together).
const LINK_TOKENS_PER_MINUTE: u32 = 10;

/// Issue a link token
///
/// A 10-minute, single-use token that links a Telegram or Discord account to the caller.
/// Needs a session: a leaked access token must not let its holder link their own chat
/// account, which would outlive revoking the token.
#[utoipa::path(post, path = "/api/link-tokens", tag = "links", operation_id = "create_link_token", security(("bearer" = [])), responses(
    (status = 201, description = "Issued", body = LinkOffer),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
))]
pub(crate) async fn create_token(
    State(state): State<AppState>,
    caller: SessionUser,
) -> Result<impl IntoResponse> {
    Ok((StatusCode::CREATED, Json(offer(&state, caller.id).await?)))
}

/// Issues a link token, within the person's budget.
pub(crate) async fn offer(state: &AppState, user: UserId) -> Result<LinkOffer> {
    let key = format!("link-token:{user}");
    limits::hit(&state.core.db, &key, Limit::per_minute(LINK_TOKENS_PER_MINUTE))
        .await?
        .map_err(ApiError::rate_limited)?;
    let token = linking::issue(&state.core.db, &state.core.tokens, user).await?;
    Ok(LinkOffer::new(
        token,
        state.core.config.telegram_bot_username.as_deref(),
    ))
}

/// Linked chat accounts
#[utoipa::path(get, path = "/api/links", tag = "links", operation_id = "list_links", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's linked accounts", body = Links),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
))]
pub(crate) async fn list(State(state): State<AppState>, caller: ApiUser) -> Result<Json<Value>> {
    let links = linking::list(&state.core.db, caller.id).await?;
    Ok(Json(json!({ "links": links })))
}

/// Unlink a chat account
#[utoipa::path(delete, path = "/api/links/{id}", tag = "links", operation_id = "unlink", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The link's id, from `GET /api/links`")),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 404, description = "No such link of the caller's", body = ErrorBody),
    ),
)]
pub(crate) async fn unlink(
    State(state): State<AppState>,
    caller: SessionUser,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    let id = id.parse().map_err(|_| ApiError::not_found("link"))?;
    if linking::unlink(&state.core.db, caller.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("link"))
    }
}
