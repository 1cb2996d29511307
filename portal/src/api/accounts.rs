//! `/api/auth/*` and `/api/me`.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde::Deserialize;
use serde_json::{Value, json};
use tasklink_core::{accounts, linking, sessions};

use crate::{
    AppState, auth,
    error::Result,
    extract::{ApiJson, ApiUser, ClientAddr, SessionUser},
};

#[derive(Deserialize)]
pub(crate) struct Credentials {
    email: String,
    password: String,
}

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

pub(crate) async fn log_in(
    State(state): State<AppState>,
    from: ClientAddr,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Json<Value>> {
    let (user, session) = auth::log_in(&state, &from, &body.email, &body.password).await?;
    Ok(Json(json!({"token": session.token, "user": user})))
}

pub(crate) async fn log_out(State(state): State<AppState>, caller: SessionUser) -> Result<StatusCode> {
    sessions::revoke(&state.core.db, &caller.session).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn me(State(state): State<AppState>, caller: ApiUser) -> Result<Json<Value>> {
    let user = accounts::find(&state.core.db, caller.id).await?;
    let links = linking::list(&state.core.db, caller.id).await?;
    Ok(Json(json!({"user": user, "links": links})))
}
