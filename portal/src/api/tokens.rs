//! `/api/tokens`: personal access tokens. Managing them needs a log-in
//! session ([`SessionUser`]); a token cannot list, mint or revoke tokens.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Value, json};
use tasklink_core::access_tokens::{self, TokenName};

use utoipa::ToSchema;

use super::schemas::{AccessToken, AccessTokens, ErrorBody};
use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiJson, ApiPath, SessionUser},
};

#[derive(Deserialize, ToSchema)]
pub(crate) struct NewToken {
    /// What the token is for, 1-100 characters.
    name: String,
}

/// List personal access tokens
#[utoipa::path(get, path = "/api/tokens", tag = "tokens", operation_id = "list_tokens", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's tokens, without their secrets", body = AccessTokens),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
    (status = 403, description = "A personal access token cannot manage tokens", body = ErrorBody),
))]
pub(crate) async fn list(State(state): State<AppState>, caller: SessionUser) -> Result<Json<Value>> {
    let tokens = access_tokens::list(&state.core.db, caller.id).await?;
    Ok(Json(json!({ "tokens": tokens })))
}

/// Create a personal access token
///
/// 201 with the secret, which is never shown again.
#[utoipa::path(post, path = "/api/tokens", tag = "tokens", operation_id = "create_token", security(("bearer" = [])),
    request_body = NewToken,
    responses(
        (status = 201, description = "Created; `token` is the secret", body = AccessToken),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 403, description = "A personal access token cannot manage tokens", body = ErrorBody),
        (status = 409, description = "Too many tokens", body = ErrorBody),
        (status = 422, description = "Invalid name", body = ErrorBody),
    ),
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: SessionUser,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<impl IntoResponse> {
    let name = TokenName::parse(&body.name)?;
    let created = access_tokens::create(&state.core.db, caller.id, &name).await?;
    tracing::info!(user = %caller.id, token = created.token.id, "personal access token created");
    let mut body = json!(created.token);
    body["token"] = created.secret.expose_secret().into();
    Ok((StatusCode::CREATED, Json(body)))
}

/// Revoke a personal access token
#[utoipa::path(delete, path = "/api/tokens/{id}", tag = "tokens", operation_id = "revoke_token", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The token's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 403, description = "A personal access token cannot manage tokens", body = ErrorBody),
        (status = 404, description = "No such token of the caller's", body = ErrorBody),
    ),
)]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    caller: SessionUser,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    let id = id.parse().map_err(|_| ApiError::not_found("token"))?;
    if access_tokens::revoke(&state.core.db, caller.id, id).await? {
        tracing::info!(user = %caller.id, token = id, "personal access token revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("token"))
    }
}
