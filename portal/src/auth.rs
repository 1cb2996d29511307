//! Sign-up, log-in, password changes, resets and deleting the account, with
//! their abuse limits, shared by the JSON API and the HTML pages.

use tasklink_core::{
    accounts::{self, Email, Password, User, UserId, reset},
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
    Ok((
        user.clone(),
        sessions::start(&state.core.db, &state.core.tokens, user.id).await?,
    ))
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
            Ok((
                user.clone(),
                sessions::start(&state.core.db, &state.core.tokens, user.id).await?,
            ))
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

/// Runs `change`, which checks the person's password, within a budget of
/// failed checks per minute: as many as failed log-ins per account, so a
/// stolen session cannot guess the password faster than log-in can.
async fn with_password_budget(
    state: &AppState,
    user: UserId,
    change: impl Future<Output = Result<(), accounts::AccountError>>,
) -> Result<(), ApiError> {
    let key = format!("password-fail:{user}");
    let budget = Limit::per_minute(state.core.config.limits.login_per_account);
    limits::check(&state.core.db, &key, budget)
        .await?
        .map_err(ApiError::rate_limited)?;
    match change.await {
        Err(e @ accounts::AccountError::WrongPassword) => {
            let _ = limits::hit(&state.core.db, &key, budget).await?;
            Err(e.into())
        }
        other => Ok(other?),
    }
}

/// A new password in place of `current`; every other session than `keep` ends.
pub(crate) async fn change_password(
    state: &AppState,
    user: UserId,
    current: &str,
    new: String,
    keep: &str,
) -> Result<(), ApiError> {
    let new = Password::parse(new).map_err(|e| ApiError::from(e).with_field("new_password"))?;
    let (db, hasher) = (&state.core.db, &state.core.passwords);
    let change = accounts::change_password(db, hasher, user, current, new, keep);
    with_password_budget(state, user, change).await?;
    tracing::info!(%user, "password changed; other sessions ended");
    Ok(())
}

/// Deletes the account and everything of it, after checking its password.
pub(crate) async fn delete_account(state: &AppState, user: UserId, password: &str) -> Result<(), ApiError> {
    let (db, hasher) = (&state.core.db, &state.core.passwords);
    with_password_budget(state, user, accounts::delete(db, hasher, user, password)).await?;
    tracing::info!(%user, "account deleted");
    Ok(())
}

/// Starts a password reset and answers at once, the same for every address:
/// the limits below are counted before anything is looked up, and the lookup,
/// the link and its sending run after the answer, so neither the answer nor
/// its timing tells whether the address has an account. Limited like log-in:
/// per client and per address (a flood of requests cannot flood an inbox).
pub(crate) async fn request_reset(state: &AppState, from: &ClientAddr, email: &str) -> Result<(), ApiError> {
    let limits = state.core.config.limits;
    limit(state, format!("reset:{from}"), limits.auth_per_address).await?;
    if let Ok(address) = Email::parse(email) {
        limit(
            state,
            format!("reset:{}", address.as_str()),
            limits.login_per_account,
        )
        .await?;
    }
    let core = state.core.clone();
    let email = email.to_owned();
    tokio::spawn(async move {
        match reset::request(&core, &email).await {
            Ok(done) => tracing::debug!(?done, "password reset requested"),
            Err(e) => tracing::error!(error.cause_chain = ?e, "password reset request failed"),
        }
    });
    Ok(())
}

/// Sets a new password with a reset token; every session of the account ends.
pub(crate) async fn confirm_reset(
    state: &AppState,
    from: &ClientAddr,
    token: &str,
    new: String,
) -> Result<(), ApiError> {
    limit(
        state,
        format!("reset-confirm:{from}"),
        state.core.config.limits.auth_per_address,
    )
    .await?;
    let new = Password::parse(new).map_err(|e| ApiError::from(e).with_field("new_password"))?;
    let user = reset::confirm(&state.core, token, new).await?;
    tracing::info!(%user, "password reset; every session ended");
    Ok(())
}
