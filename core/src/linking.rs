//! Linking chat accounts to people with short-lived, single-use tokens.
//!
//! The portal issues a JWT (`aud` = `tasklink-link`) whose `jti` is recorded;
//! the jti doubles as the short code of Telegram's deep link. Redeeming either
//! consumes the jti atomically, in the same transaction as the link itself.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::{
    accounts::UserId,
    tokens::{Audience, TokenError, Tokens},
};

pub const LINK_TOKEN_TTL_MINUTES: i64 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Telegram,
    Discord,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Telegram => "telegram",
            Self::Discord => "discord",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Self::Telegram => "Telegram",
            Self::Discord => "Discord",
        }
    }
}

/// A chat account as the platform identifies it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformAccount {
    pub platform: Platform,
    pub user_id: String,
    pub username: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LinkedAccount {
    pub id: i64,
    pub platform: String,
    pub platform_user_id: String,
    pub username: Option<String>,
    pub linked_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct LinkToken {
    /// The JWT to paste as `/link <token>`.
    pub token: String,
    /// The jti, short enough for `https://t.me/<bot>?start=<code>`.
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("this link token is not valid")]
    Invalid,
    #[error("this link token has expired")]
    Expired,
    #[error("this link token has already been used")]
    AlreadyUsed,
    #[error("this chat account is already linked to another Tasklink account")]
    LinkedElsewhere,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What redeeming a token did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Linked {
    New(UserId),
    /// The account was already linked to this same person.
    Already(UserId),
}

pub async fn issue(db: &PgPool, tokens: &Tokens, user: UserId) -> Result<LinkToken, sqlx::Error> {
    // Every process holds the link key, so this cannot fail.
    let issued = tokens
        .issue(Audience::Link, user, Duration::minutes(LINK_TOKEN_TTL_MINUTES))
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query!(
        "INSERT INTO link_tokens (jti, user_id, expires_at) VALUES ($1, $2, $3)",
        issued.jti,
        user.get(),
        issued.expires_at,
    )
    .execute(db)
    .await?;
    Ok(LinkToken {
        token: issued.token,
        code: issued.jti,
        expires_at: issued.expires_at,
    })
}

/// Redeems the JWT from `/link <token>`.
pub async fn redeem_token(
    db: &PgPool,
    tokens: &Tokens,
    token: &str,
    account: &PlatformAccount,
) -> Result<Linked, LinkError> {
    let verified = tokens.verify(Audience::Link, token).map_err(|e| match e {
        TokenError::Expired => LinkError::Expired,
        TokenError::Invalid | TokenError::NoKey(_) => LinkError::Invalid,
    })?;
    redeem(db, &verified.jti, account).await
}

/// Redeems the short code from Telegram's `/start <code>` deep link.
pub async fn redeem_code(db: &PgPool, code: &str, account: &PlatformAccount) -> Result<Linked, LinkError> {
    if !looks_like_code(code) {
        return Err(LinkError::Invalid);
    }
    redeem(db, code, account).await
}

/// The e-mail of the account a live, unused deep-link code would link to, so
/// the person can be asked before anything is linked.
pub async fn peek_code(db: &PgPool, code: &str) -> Result<String, LinkError> {
    if !looks_like_code(code) {
        return Err(LinkError::Invalid);
    }
    let row = sqlx::query!(
        r#"
        SELECT u.email, t.used_at IS NOT NULL AS "used!", t.expires_at <= now() AS "expired!"
        FROM link_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.jti = $1
        "#,
        code,
    )
    .fetch_optional(db)
    .await?;
    match row {
        None => Err(LinkError::Invalid),
        Some(r) if r.used => Err(LinkError::AlreadyUsed),
        Some(r) if r.expired => Err(LinkError::Expired),
        Some(r) => Ok(r.email),
    }
}

async fn redeem(db: &PgPool, jti: &str, account: &PlatformAccount) -> Result<Linked, LinkError> {
    let mut tx = db.begin().await?;
    let consumed = sqlx::query_scalar!(
        r#"
        UPDATE link_tokens SET used_at = now()
        WHERE jti = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id
        "#,
        jti,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(user) = consumed.map(UserId::from_trusted) else {
        let state = sqlx::query!(
            "SELECT used_at IS NOT NULL AS \"used!\" FROM link_tokens WHERE jti = $1",
            jti
        )
        .fetch_optional(&mut *tx)
        .await?;
        return Err(match state {
            None => LinkError::Invalid,
            Some(s) if s.used => LinkError::AlreadyUsed,
            Some(_) => LinkError::Expired,
        });
    };

    let owner = sqlx::query_scalar!(
        r#"
        INSERT INTO linked_accounts (user_id, platform, platform_user_id, username)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (platform, platform_user_id)
            DO UPDATE SET username = COALESCE(EXCLUDED.username, linked_accounts.username)
            WHERE linked_accounts.user_id = EXCLUDED.user_id
        RETURNING (xmax = 0) AS "inserted!"
        "#,
        user.get(),
        account.platform.as_str(),
        account.user_id,
        account.username,
    )
    .fetch_optional(&mut *tx)
    .await?;
    match owner {
        // The conflicting row belongs to someone else: keep their link, and
        // leave the token unused so its owner can still use it elsewhere.
        None => {
            tx.rollback().await?;
            Err(LinkError::LinkedElsewhere)
        }
        Some(inserted) => {
            tx.commit().await?;
            Ok(if inserted {
                Linked::New(user)
            } else {
                Linked::Already(user)
            })
        }
    }
}

/// Spends a token without linking anything (it was shown where others can read it).
/// Returns whether a live token was revoked.
pub async fn revoke(db: &PgPool, tokens: &Tokens, token_or_code: &str) -> Result<bool, sqlx::Error> {
    let jti = match tokens.verify(Audience::Link, token_or_code) {
        Ok(v) => v.jti,
        Err(_) if looks_like_code(token_or_code) => token_or_code.to_owned(),
        Err(_) => return Ok(false),
    };
    let revoked = sqlx::query!(
        "UPDATE link_tokens SET used_at = now() WHERE jti = $1 AND used_at IS NULL",
        jti
    )
    .execute(db)
    .await?;
    Ok(revoked.rows_affected() > 0)
}

/// The person a chat account belongs to, if linked.
pub async fn find_user(
    db: &PgPool,
    platform: Platform,
    platform_user_id: &str,
) -> Result<Option<UserId>, sqlx::Error> {
    let user = sqlx::query_scalar!(
        "SELECT user_id FROM linked_accounts WHERE platform = $1 AND platform_user_id = $2",
        platform.as_str(),
        platform_user_id,
    )
    .fetch_optional(db)
    .await?;
    Ok(user.map(UserId::from_trusted))
}

pub async fn list(db: &PgPool, user: UserId) -> Result<Vec<LinkedAccount>, sqlx::Error> {
    sqlx::query_as!(
        LinkedAccount,
        r#"
        SELECT id, platform, platform_user_id, username, linked_at
        FROM linked_accounts WHERE user_id = $1 ORDER BY linked_at, id
        "#,
        user.get(),
    )
    .fetch_all(db)
    .await
}

/// Unlinks one of the person's accounts by its id; `false` when it is not theirs.
pub async fn unlink(db: &PgPool, user: UserId, link_id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM linked_accounts WHERE id = $1 AND user_id = $2",
        link_id,
        user.get()
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Unlinks a chat account from the chat itself; `false` when it was not linked.
pub async fn unlink_account(
    db: &PgPool,
    platform: Platform,
    platform_user_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM linked_accounts WHERE platform = $1 AND platform_user_id = $2",
        platform.as_str(),
        platform_user_id,
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Whether text has the shape of a link code (also the shape of a jti).
pub fn looks_like_code(s: &str) -> bool {
    (16..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether text has the shape of a JWT (three base64url parts).
pub fn looks_like_jwt(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && s.starts_with("eyJ")
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}
