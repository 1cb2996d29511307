//! Portal sessions: JWTs (`aud` = `tasklink-portal`, signed with the session
//! key) backed by a row in `sessions`, so they can be ended one by one
//! (log-out), all but one (a password change) or all (log out everywhere, a
//! password reset, deleting the account).

use chrono::Duration;
use sqlx::{PgExecutor, PgPool};

use crate::{
    accounts::UserId,
    tokens::{Audience, Issued, TokenError, Tokens, Verified},
};

pub const SESSION_TTL_HOURS: i64 = 24;

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("the session has expired; log in again")]
    Expired,
    #[error("the session is not valid; log in again")]
    Invalid,
    #[error("the session has ended; log in again")]
    Revoked,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Signs a session for `user` and records it.
pub async fn start(db: &PgPool, tokens: &Tokens, user: UserId) -> Result<Issued, SessionError> {
    let issued = tokens
        .issue(Audience::Portal, user, Duration::hours(SESSION_TTL_HOURS))
        .map_err(|_| SessionError::Invalid)?;
    sqlx::query!(
        "INSERT INTO sessions (jti, user_id, expires_at) VALUES ($1, $2, $3)",
        issued.jti,
        user.get(),
        issued.expires_at,
    )
    .execute(db)
    .await?;
    Ok(issued)
}

/// Checks signature, audience and expiry, then that the session was not ended.
pub async fn verify(db: &PgPool, tokens: &Tokens, token: &str) -> Result<Verified, SessionError> {
    let session = tokens.verify(Audience::Portal, token).map_err(|e| match e {
        TokenError::Expired => SessionError::Expired,
        TokenError::Invalid | TokenError::NoKey(_) => SessionError::Invalid,
    })?;
    let live = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM sessions WHERE jti = $1 AND user_id = $2) AS "live!""#,
        session.jti,
        session.user.get(),
    )
    .fetch_one(db)
    .await?;
    if live {
        Ok(session)
    } else {
        Err(SessionError::Revoked)
    }
}

/// Ends one session before its expiry.
pub async fn revoke(db: &PgPool, session: &Verified) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM sessions WHERE jti = $1", session.jti)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of `user`, except `keep` when given. Answers how many ended.
pub async fn end_all(db: impl PgExecutor<'_>, user: UserId, keep: Option<&str>) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM sessions WHERE user_id = $1 AND jti IS DISTINCT FROM $2",
        user.get(),
        keep,
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// How many live sessions `user` has (settings show it).
pub async fn count(db: &PgPool, user: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM sessions WHERE user_id = $1 AND expires_at > now()"#,
        user.get()
    )
    .fetch_one(db)
    .await
}
