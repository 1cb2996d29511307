//! Portal sessions: JWTs (`aud` = `tasklink-portal`) that log-out revokes.

use chrono::Duration;
use sqlx::PgPool;

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

pub fn start(tokens: &Tokens, user: UserId) -> Issued {
    tokens.issue(Audience::Portal, user, Duration::hours(SESSION_TTL_HOURS))
}

/// Checks signature, audience and expiry, then that it was not logged out.
pub async fn verify(db: &PgPool, tokens: &Tokens, token: &str) -> Result<Verified, SessionError> {
    let session = tokens.verify(Audience::Portal, token).map_err(|e| match e {
        TokenError::Expired => SessionError::Expired,
        TokenError::Invalid => SessionError::Invalid,
    })?;
    let revoked = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM revoked_sessions WHERE jti = $1) AS "revoked!""#,
        session.jti
    )
    .fetch_one(db)
    .await?;
    if revoked {
        Err(SessionError::Revoked)
    } else {
        Ok(session)
    }
}

/// Ends a session before its expiry. Expired revocations are pruned on the way.
pub async fn revoke(db: &PgPool, session: &Verified) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO revoked_sessions (jti, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        session.jti,
        session.expires_at,
    )
    .execute(db)
    .await?;
    sqlx::query!("DELETE FROM revoked_sessions WHERE expires_at < now()")
        .execute(db)
        .await?;
    Ok(())
}
