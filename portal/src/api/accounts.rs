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

#[derive(Deserialize, ToSchema)]
pub(crate) struct PasswordChange {
    current_password: String,
    /// 8 to 128 characters, not a common password.
    #[schema(min_length = 8, max_length = 128)]
    new_password: String,
}

/// Change the password
///
/// Needs the current password; every other session ends (this one stays).
/// Only with a session from log-in: a personal access token gets 403.
#[utoipa::path(post, path = "/api/auth/password", tag = "accounts", security(("bearer" = [])), request_body = PasswordChange, responses(
    (status = 204, description = "Changed; the other sessions have ended"),
    (status = 401, description = "No valid session, or the current password is wrong (`wrong_password`)", body = ErrorBody),
    (status = 403, description = "A personal access token (`session_required`)", body = ErrorBody),
    (status = 422, description = "The new password breaks the rules (`field`: `new_password`)", body = ErrorBody),
    (status = 429, description = "Too many wrong passwords this minute", body = ErrorBody),
))]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    caller: SessionUser,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode> {
    auth::change_password(
        &state,
        caller.id,
        &body.current_password,
        body.new_password,
        &caller.session.jti,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Log out everywhere
///
/// Ends every session of the account, this one included.
#[utoipa::path(post, path = "/api/auth/logout-all", tag = "accounts", security(("bearer" = [])), responses(
    (status = 204, description = "Every session has ended"),
    (status = 401, description = "No valid session", body = ErrorBody),
    (status = 403, description = "A personal access token (`session_required`)", body = ErrorBody),
))]
pub(crate) async fn log_out_everywhere(
    State(state): State<AppState>,
    caller: SessionUser,
) -> Result<StatusCode> {
    sessions::end_all(&state.core.db, caller.id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub(crate) struct AccountDeletion {
    /// The account's password.
    password: String,
}

/// Delete the account
///
/// Needs the password. Every task, conversation, linked chat account, link
/// token, session, personal access token and the calendar feed go with it.
#[utoipa::path(delete, path = "/api/me", tag = "accounts", operation_id = "delete_account", security(("bearer" = [])), request_body = AccountDeletion, responses(
    (status = 204, description = "The account and everything in it are gone"),
    (status = 401, description = "No valid session, or a wrong password (`wrong_password`)", body = ErrorBody),
    (status = 403, description = "A personal access token (`session_required`)", body = ErrorBody),
    (status = 429, description = "Too many wrong passwords this minute", body = ErrorBody),
))]
pub(crate) async fn delete_account(
    State(state): State<AppState>,
    caller: SessionUser,
    ApiJson(body): ApiJson<AccountDeletion>,
) -> Result<StatusCode> {
    auth::delete_account(&state, caller.id, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub(crate) struct ResetRequest {
    #[schema(format = "email")]
    email: String,
}

/// Ask for a password-reset link
///
/// Always 202, whether or not the address has an account. When it has, a
/// link valid for 30 minutes, usable once, goes by e-mail (when the portal
/// has SMTP) and by direct message to the linked chat accounts.
#[utoipa::path(post, path = "/api/auth/reset", tag = "accounts", request_body = ResetRequest, responses(
    (status = 202, description = "Accepted (the same for every address)"),
    (status = 422, description = "Malformed request", body = ErrorBody),
    (status = 429, description = "Too many requests from this client or for this address", body = ErrorBody),
))]
pub(crate) async fn request_reset(
    State(state): State<AppState>,
    from: ClientAddr,
    ApiJson(body): ApiJson<ResetRequest>,
) -> Result<StatusCode> {
    auth::request_reset(&state, &from, &body.email).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, ToSchema)]
pub(crate) struct ResetConfirmation {
    /// The token from the reset link (the part after `#`).
    token: String,
    /// 8 to 128 characters, not a common password.
    #[schema(min_length = 8, max_length = 128)]
    new_password: String,
}

/// Set a new password with a reset link
///
/// The token works once; every session of the account ends.
#[utoipa::path(post, path = "/api/auth/reset/confirm", tag = "accounts", request_body = ResetConfirmation, responses(
    (status = 204, description = "The password is set; every session has ended"),
    (status = 400, description = "The token is not valid, was used or has expired (`invalid_token`)", body = ErrorBody),
    (status = 422, description = "The new password breaks the rules (`field`: `new_password`)", body = ErrorBody),
    (status = 429, description = "Too many attempts from this client", body = ErrorBody),
))]
pub(crate) async fn confirm_reset(
    State(state): State<AppState>,
    from: ClientAddr,
    ApiJson(body): ApiJson<ResetConfirmation>,
) -> Result<StatusCode> {
    auth::confirm_reset(&state, &from, &body.token, body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}
