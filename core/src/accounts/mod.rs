//! People: sign-up, log-in, changing the password, deleting the account, and
//! the values that identify them. Password resets live in [`reset`].

mod passwords;
pub mod reset;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;

pub use passwords::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, Password, PasswordHasher};

/// The authenticated person. Only ever built from a verified session, a linked
/// chat account or a fresh sign-up, never from what a client or a model says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct UserId(i64);

impl UserId {
    pub fn get(self) -> i64 {
        self.0
    }

    /// For ids read back from our own tables or verified tokens.
    pub fn from_trusted(id: i64) -> Self {
        Self(id)
    }
}

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An email address, trimmed and lower-cased so comparisons ignore case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        let email = raw.trim().to_lowercase();
        let invalid = || AccountError::InvalidEmail;
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("enter a valid email address")]
    InvalidEmail,
    #[error("{0}")]
    WeakPassword(&'static str),
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("the password is not right")]
    WrongPassword,
    #[error("account not found")]
    NotFound,
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl AccountError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidEmail => "invalid_email",
            Self::WeakPassword(_) => "weak_password",
            Self::EmailTaken => "email_taken",
            Self::InvalidCredentials => "invalid_credentials",
            Self::WrongPassword => "wrong_password",
            Self::NotFound => "not_found",
            Self::Hashing(_) | Self::Database(_) => "internal",
        }
    }
}

/// Creates an account. The email must not be taken (case-insensitively).
pub async fn sign_up(
    db: &PgPool,
    hasher: &PasswordHasher,
    email: &Email,
    password: Password,
) -> Result<User, AccountError> {
    let hash = hasher.hash(password).await?;
    sqlx::query_as!(
        UserRow,
        r#"
        INSERT INTO users (email, password_hash) VALUES ($1, $2)
        RETURNING id, email, created_at
        "#,
        email.as_str(),
        hash,
    )
    .fetch_one(db)
    .await
    .map(Into::into)
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.constraint() == Some("users_email_key") => AccountError::EmailTaken,
        _ => e.into(),
    })
}

/// Checks credentials. Unknown email and wrong password fail alike and take
/// about as long, so the answer does not reveal who has an account.
pub async fn log_in(
    db: &PgPool,
    hasher: &PasswordHasher,
    email: &str,
    password: &str,
) -> Result<User, AccountError> {
    let email = Email::parse(email).map(|e| e.0).unwrap_or_default();
    let row = sqlx::query!(
        "SELECT id, email, password_hash, created_at FROM users WHERE email = $1",
        email,
    )
    .fetch_optional(db)
    .await?;
    let stored = row.as_ref().map(|r| r.password_hash.clone());
    if !hasher.verify(password.to_owned(), stored).await? {
        return Err(AccountError::InvalidCredentials);
    }
    let row = row.ok_or(AccountError::InvalidCredentials)?;
    Ok(User {
        id: UserId(row.id),
        email: row.email,
        created_at: row.created_at,
    })
}

pub async fn find(db: &PgPool, id: UserId) -> Result<User, AccountError> {
    sqlx::query_as!(
        UserRow,
        "SELECT id, email, created_at FROM users WHERE id = $1",
        id.0
    )
    .fetch_optional(db)
    .await?
    .map(Into::into)
    .ok_or(AccountError::NotFound)
}

/// Checks the account's own password, for changes that need it.
pub async fn check_password(
    db: &PgPool,
    hasher: &PasswordHasher,
    user: UserId,
    password: &str,
) -> Result<(), AccountError> {
    let stored = sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", user.0)
        .fetch_optional(db)
        .await?
        .ok_or(AccountError::NotFound)?;
    if hasher.verify(password.to_owned(), Some(stored)).await? {
        Ok(())
    } else {
        Err(AccountError::WrongPassword)
    }
}

/// Sets a new password after checking the current one, and ends every other
/// session (`keep` is the caller's), every unused reset link and every
/// personal access token.
pub async fn change_password(
    db: &PgPool,
    hasher: &PasswordHasher,
    user: UserId,
    current: &str,
    new: Password,
    keep: &str,
) -> Result<(), AccountError> {
    check_password(db, hasher, user, current).await?;
    let hash = hasher.hash(new).await?;
    let mut tx = db.begin().await?;
    set_password_hash(&mut tx, user, &hash).await?;
    crate::sessions::end_all(&mut *tx, user, Some(keep)).await?;
    tx.commit().await?;
    Ok(())
}

/// The new hash; no reset link and no personal access token of the old
/// password stays usable (whoever knew it may have made one).
async fn set_password_hash(tx: &mut sqlx::PgConnection, user: UserId, hash: &str) -> Result<(), sqlx::Error> {
    crate::access_tokens::revoke_all(&mut *tx, user).await?;
    sqlx::query!("UPDATE users SET password_hash = $2 WHERE id = $1", user.0, hash)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL",
        user.0
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Deletes the account after checking its password. Every row that names the
/// person goes with it (the foreign keys cascade): tasks, conversations and
/// messages, linked chat accounts (a later message from them is "not linked"),
/// link tokens, sessions, personal access tokens, the calendar feed, reset links.
pub async fn delete(
    db: &PgPool,
    hasher: &PasswordHasher,
    user: UserId,
    password: &str,
) -> Result<(), AccountError> {
    check_password(db, hasher, user, password).await?;
    sqlx::query!("DELETE FROM users WHERE id = $1", user.0)
        .execute(db)
        .await?;
    Ok(())
}

struct UserRow {
    id: i64,
    email: String,
    created_at: DateTime<Utc>,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        Self {
            id: UserId(row.id),
            email: row.email,
            created_at: row.created_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "ada@@x.com",
            "ada\0@example.com",
            "ada@example.com\0",
            "\0",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
