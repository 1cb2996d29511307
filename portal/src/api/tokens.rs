//! `/api/tokens`: personal access tokens. Managing them needs a log-in
//! session ([`SessionUser`]); a token cannot list, mint or revoke tokens.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Value, json};
use tasklink_core::access_tokens::{self, TokenName};

use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiJson, ApiPath, SessionUser},
};

#[derive(Deserialize)]
pub(crate) struct NewToken {
    name: String,
}

pub(crate) async fn list(State(state): State<AppState>, caller: SessionUser) -> Result<Json<Value>> {
    let tokens = access_tokens::list(&state.core.db, caller.id).await?;
    Ok(Json(json!({ "tokens": tokens })))
}

/// 201 with the secret, which is never shown again.
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
