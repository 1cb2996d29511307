//! Sign-up, log-in and log-out with their abuse limits, shared by the JSON API
//! and the HTML pages.

use tasklink_core::{
    accounts::{self, Email, Password, User},
    limits::{self, Limit},
    sessions,
    tokens::Issued,
};

use crate::{AppState, error::ApiError, extract::ClientAddr};

async fn limit(state: &AppState, key: String, per_minute: u32) -> Result<(), ApiError> {
    limits::hit(&state.core.db, &key, Limit::per_minute(per_minute))
        .await?
        .map_err(ApiError::rate_limited)
}

pub(crate) async fn sign_up(
    state: &AppState,
    from: &ClientAddr,
    email: &str,
    password: String,
) -> Result<(User, Issued), ApiError> {
    limit(
        state,
        format!("signup:{from}"),
        state.core.config.limits.auth_per_address,
    )
    .await?;
    let email = Email::parse(email)?;
    let password = Password::parse(password)?;
    let user = accounts::sign_up(&state.core.db, &state.core.passwords, &email, password).await?;
    tracing::info!(user = %user.id, "signed up");
    Ok((user.clone(), sessions::start(&state.core.tokens, user.id)))
}

pub(crate) async fn log_in(
    state: &AppState,
    from: &ClientAddr,
    email: &str,
    password: &str,
) -> Result<(User, Issued), ApiError> {
    let limits = state.core.config.limits;
    limit(state, format!("login:{from}"), limits.auth_per_address).await?;
    let account = email.trim().to_lowercase();
    limit(
        state,
        format!("login-account:{account}"),
        limits.login_per_account,
    )
    .await?;
    let user = accounts::log_in(&state.core.db, &state.core.passwords, email, password).await?;
    Ok((user.clone(), sessions::start(&state.core.tokens, user.id)))
}
