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

/// How many times the per-(address, account) budget of failed log-ins one
/// account takes from all addresses together.
const ACCOUNT_CAP_FACTOR: u32 = 10;

/// Log-in with two budgets of *failed* attempts per minute, checked before the
/// password and spent only when it is wrong: `TASKLINK_LOGIN_LIMIT` per
/// (address, account), so someone guessing from one place locks out only that
/// place, and ten times that per account from everywhere, against guessing
/// spread over many addresses. Keys use the normalised address (at most 254
/// characters); text that is not an address cannot name an account and has no
/// per-account budget, only the per-address one every attempt counts against.
pub(crate) async fn log_in(
    state: &AppState,
    from: &ClientAddr,
    email: &str,
    password: &str,
) -> Result<(User, Issued), ApiError> {
    let limits = state.core.config.limits;
    limit(state, format!("login:{from}"), limits.auth_per_address).await?;
    let budgets = Email::parse(email).ok().map(|email| {
        let email = email.as_str();
        [
            (
                format!("login-fail:{from}:{email}"),
                Limit::per_minute(limits.login_per_account),
            ),
            (
                format!("login-fail:{email}"),
                Limit::per_minute(limits.login_per_account.saturating_mul(ACCOUNT_CAP_FACTOR)),
            ),
        ]
    });
    for (key, budget) in budgets.iter().flatten() {
        limits::check(&state.core.db, key, *budget)
            .await?
            .map_err(ApiError::rate_limited)?;
    }
    match accounts::log_in(&state.core.db, &state.core.passwords, email, password).await {
        Ok(user) => {
            if let Some([(pair, _), _]) = &budgets {
                limits::clear(&state.core.db, pair).await?;
            }
            Ok((user.clone(), sessions::start(&state.core.tokens, user.id)))
        }
        Err(e @ accounts::AccountError::InvalidCredentials) => {
            for (key, budget) in budgets.iter().flatten() {
                // Only counts: whether this failure spent the budget shows on the next try.
                let _ = limits::hit(&state.core.db, key, *budget).await?;
            }
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
}
