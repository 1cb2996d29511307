//! `/api/auth/*` and `/api/me`.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde::Deserialize;
use serde_json::{Value, json};
use tasklink_core::{accounts, linking, sessions};
use utoipa::ToSchema;

use super::schemas::{ErrorBody, Me, Session};
use crate::{
    AppState, auth,
    error::Result,
    extract::{ApiJson, ApiUser, ClientAddr, SessionUser},
};

#[derive(Deserialize, ToSchema)]
pub(crate) struct Credentials {
    #[schema(format = "email")]
    email: String,
    /// 8 to 128 characters.
    #[schema(min_length = 8, max_length = 128)]
    password: String,
}

/// Create an account
///
/// Answers a session for the new account, as log-in does.
#[utoipa::path(post, path = "/api/auth/signup", tag = "accounts", request_body = Credentials, responses(
    (status = 201, description = "Signed up", body = Session),
    (status = 409, description = "The e-mail address has an account", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Not JSON", body = ErrorBody),
    (status = 422, description = "Invalid e-mail or weak password", body = ErrorBody),
    (status = 429, description = "Too many attempts from this address", body = ErrorBody),
))]
pub(crate) async fn sign_up(
    State(state): State<AppState>,
    from: ClientAddr,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<impl IntoResponse> {
    let (user, session) = auth::sign_up(&state, &from, &body.email, body.password).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"token": session.token, "user": user})),
    ))
}

/// Log in
///
/// Unknown address and wrong password answer the same 401.
#[utoipa::path(post, path = "/api/auth/login", tag = "accounts", request_body = Credentials, responses(
    (status = 200, description = "Logged in", body = Session),
    (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
    (status = 422, description = "Malformed request", body = ErrorBody),
    (status = 429, description = "Too many attempts", body = ErrorBody),
))]
pub(crate) async fn log_in(
    State(state): State<AppState>,
    from: ClientAddr,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Json<Value>> {
    let (user, session) = auth::log_in(&state, &from, &body.email, &body.password).await?;
    Ok(Json(json!({"token": session.token, "user": user})))
}

/// Revoke the bearer token
#[utoipa::path(post, path = "/api/auth/logout", tag = "accounts", security(("bearer" = [])), responses(
    (status = 204, description = "Logged out"),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
))]
pub(crate) async fn log_out(State(state): State<AppState>, caller: SessionUser) -> Result<StatusCode> {
    sessions::revoke(&state.core.db, &caller.session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller and their linked accounts
#[utoipa::path(get, path = "/api/me", tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, description = "The caller", body = Me),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
))]
pub(crate) async fn me(State(state): State<AppState>, caller: ApiUser) -> Result<Json<Value>> {
    let user = accounts::find(&state.core.db, caller.id).await?;
    let links = linking::list(&state.core.db, caller.id).await?;
    Ok(Json(json!({"user": user, "links": links})))
}
