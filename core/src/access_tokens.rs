//! Personal access tokens: long-lived bearer secrets a person creates for
//! scripts and MCP clients. The secret (`tl_pat_` + 43 random characters) is
//! shown once; only its SHA-256 is stored. Revoking deletes the row.

use chrono::{DateTime, Utc};
use rand::Rng;
use secrecy::SecretString;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::accounts::UserId;

/// What every personal access token starts with, so it can be told from a
/// session JWT (and recognised by secret scanners).
pub const PREFIX: &str = "tl_pat_";
/// Random characters after the prefix: 43 of 62 is about 256 bits.
const SECRET_CHARS: usize = 43;
/// Tokens one person may hold at once.
pub const MAX_TOKENS_PER_USER: i64 = 50;
pub const MAX_NAME_CHARS: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum AccessTokenError {
    #[error("a token name is 1 to {MAX_NAME_CHARS} characters")]
    InvalidName,
    #[error("you already have {MAX_TOKENS_PER_USER} tokens; revoke one first")]
    TooMany,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl AccessTokenError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidName => "invalid_name",
            Self::TooMany => "too_many_tokens",
            Self::Database(_) => "internal",
        }
    }
}

/// A token's label, trimmed, 1–100 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    pub fn parse(raw: &str) -> Result<Self, AccessTokenError> {
        let name = raw.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(AccessTokenError::InvalidName);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A token as listed: never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccessToken {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A token just created, with the secret that is shown this once.
#[derive(Debug)]
pub struct CreatedToken {
    pub token: AccessToken,
    pub secret: SecretString,
}

/// Whether a bearer credential is meant to be a personal access token (rather
/// than a session JWT).
pub fn looks_like_token(bearer: &str) -> bool {
    bearer.starts_with(PREFIX)
}

fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

fn new_secret() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let random: String = (0..SECRET_CHARS)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{PREFIX}{random}")
}

pub async fn create(db: &PgPool, user: UserId, name: &TokenName) -> Result<CreatedToken, AccessTokenError> {
    let secret = new_secret();
    // The count and the insert in one statement; two concurrent creates may
    // overshoot the cap by one, which is harmless.
    let token = sqlx::query_as!(
        AccessToken,
        r#"
        INSERT INTO personal_access_tokens (user_id, name, token_hash)
        SELECT $1, $2, $3
        WHERE (SELECT count(*) FROM personal_access_tokens WHERE user_id = $1) < $4
        RETURNING id, name, created_at, last_used_at
        "#,
        user.get(),
        name.as_str(),
        hash(&secret),
        MAX_TOKENS_PER_USER,
    )
    .fetch_optional(db)
    .await?
    .ok_or(AccessTokenError::TooMany)?;
    Ok(CreatedToken {
        token,
        secret: SecretString::from(secret),
    })
}

/// The person's tokens, newest first.
pub async fn list(db: &PgPool, user: UserId) -> Result<Vec<AccessToken>, sqlx::Error> {
    sqlx::query_as!(
        AccessToken,
        r#"
        SELECT id, name, created_at, last_used_at FROM personal_access_tokens
        WHERE user_id = $1 ORDER BY created_at DESC, id DESC
        "#,
        user.get(),
    )
    .fetch_all(db)
    .await
}

/// Revokes one of the person's tokens; `false` when it is not theirs.
pub async fn revoke(db: &PgPool, user: UserId, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM personal_access_tokens WHERE id = $1 AND user_id = $2",
        id,
        user.get()
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Revokes every token of the person (a password change or reset: whoever
/// knew the old password may have made one).
pub(crate) async fn revoke_all(db: impl sqlx::PgExecutor<'_>, user: UserId) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM personal_access_tokens WHERE user_id = $1",
        user.get()
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Whose token this is, or `None` for an unknown or revoked one. Marks the
/// token used, but writes at most once a minute per token: the update is a
/// data-modifying CTE that only touches a row whose `last_used_at` is stale,
/// so most requests are a single indexed read.
pub async fn authenticate(db: &PgPool, secret: &str) -> Result<Option<UserId>, sqlx::Error> {
    if !looks_like_token(secret) || secret.len() > PREFIX.len() + 2 * SECRET_CHARS {
        return Ok(None);
    }
    let user = sqlx::query_scalar!(
        r#"
        WITH found AS (
            SELECT id, user_id, last_used_at FROM personal_access_tokens WHERE token_hash = $1
        ), touched AS (
            UPDATE personal_access_tokens t SET last_used_at = now()
            FROM found
            WHERE t.id = found.id
              AND (found.last_used_at IS NULL OR found.last_used_at < now() - interval '1 minute')
        )
        SELECT user_id FROM found
        "#,
        hash(secret),
    )
    .fetch_optional(db)
    .await?;
    Ok(user.map(UserId::from_trusted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_have_the_prefix_and_enough_randomness() {
        let a = new_secret();
        let b = new_secret();
        assert!(a.starts_with("tl_pat_") && looks_like_token(&a));
        assert_eq!(a.len(), PREFIX.len() + SECRET_CHARS);
        assert!(a[PREFIX.len()..].chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
        assert_eq!(hash(&a).len(), 32);
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(TokenName::parse("  ci  ").unwrap().as_str(), "ci");
        assert!(TokenName::parse("   ").is_err());
        assert!(TokenName::parse(&"x".repeat(101)).is_err());
        assert!(TokenName::parse("a\nb").is_err());
    }
}
