//! Forgotten passwords: a single-use link, valid 30 minutes, sent by e-mail
//! (when `SMTP_URL` is set) and by direct message to the person's linked chat
//! accounts. Only the SHA-256 of the link's token is stored.
//!
//! The token travels in the link's fragment (`/reset#<token>`): browsers never
//! send a fragment to the server, so it cannot land in access logs, proxies
//! or a `Referer`; the page's script moves it into the form, which POSTs it.
//!
//! Whether an address has an account never shows: the portal answers 202
//! before any of this runs (see `request`'s caller) and the work below is
//! the same size either way apart from the sending itself.

use chrono::Duration;
use rand::Rng;
use sha2::{Digest, Sha256};

use super::{AccountError, Email, Password, UserId, set_password_hash};
use crate::{
    Core, linking, mail, reminders, sessions,
    time::{SignedDuration, storage::timestamp_to_chrono},
};

pub const RESET_TTL_MINUTES: i64 = 30;
/// Random characters of a token: 43 of 62 is about 256 bits.
const TOKEN_CHARS: usize = 43;
/// Anything longer is not one of ours and is not even hashed.
const MAX_TOKEN_LEN: usize = 128;

#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    #[error(
        "this reset link is not valid: it was already used, has expired or was never sent; ask for a new one"
    )]
    InvalidToken,
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What a reset message says: the same text by e-mail and by chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResetMessage {
    pub subject: &'static str,
    pub link: String,
    pub text: String,
}

/// The message carrying `token`, with the link to the portal's reset page.
pub fn message(public_url: &str, token: &str) -> ResetMessage {
    let link = format!("{public_url}/reset#{token}");
    // Lines under 76 characters, so mail goes out as plain 7-bit text.
    let text = format!(
        "Someone (hopefully you) asked to reset the password of your\n\
         Tasklink account. Set a new password within {RESET_TTL_MINUTES} minutes here:\n\n\
         {link}\n\n\
         The link works once. If you did not ask for it, ignore this\n\
         message: your password stays as it is."
    );
    ResetMessage {
        subject: "Reset your Tasklink password",
        link,
        text,
    }
}

/// What a request did, for the log only (never for the client).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requested {
    /// No account has this address (or it is not an address at all).
    NoAccount,
    Sent {
        mailed: bool,
        chats: usize,
    },
}

/// Issues a reset link for the account of `email`, if there is one, and sends
/// it by e-mail and to the linked chat accounts.
pub async fn request(core: &Core, email: &str) -> Result<Requested, ResetError> {
    let Ok(email) = Email::parse(email) else {
        return Ok(Requested::NoAccount);
    };
    let user = sqlx::query_scalar!("SELECT id FROM users WHERE email = $1", email.as_str())
        .fetch_optional(&core.db)
        .await?;
    let Some(user) = user.map(UserId) else {
        return Ok(Requested::NoAccount);
    };
    let token = new_token();
    let expires_at = timestamp_to_chrono(core.clock.now()) + Duration::minutes(RESET_TTL_MINUTES);
    sqlx::query!(
        "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
        hash(&token),
        user.0,
        expires_at,
    )
    .execute(&core.db)
    .await?;

    let message = message(&core.config.public_url, &token);
    let mut mailed = false;
    if let Some(smtp) = &core.config.smtp {
        match mail::send(smtp, email.as_str(), message.subject, message.text.clone()).await {
            Ok(()) => mailed = true,
            // The chat message may still arrive; the person can ask again.
            Err(e) => tracing::warn!(error.cause_chain = ?e, %user, "the reset e-mail was not sent"),
        }
    }
    let chats = send_direct_message(core, user, &token, &message.text).await?;
    Ok(Requested::Sent { mailed, chats })
}

/// The reset message to the person's chat through the bot's outbox
/// (`reminders::enqueue_message`), which delivers it as a direct message to
/// the linked chat account reminders go to. Keyed by the token's hash, so a
/// retried request queues it once. Nothing is queued for a person without a
/// linked chat account. Answers how many messages were queued (0 or 1).
///
/// The queued text holds the link only until the row is finished: sent,
/// undelivered or expired with the link (30 minutes), the body is cleared,
/// so the database keeps no usable link.
async fn send_direct_message(
    core: &Core,
    user: UserId,
    token: &str,
    text: &str,
) -> Result<usize, sqlx::Error> {
    if linking::list(&core.db, user).await?.is_empty() {
        return Ok(0);
    }
    let key = format!("reset:{}", hex(&hash(token)));
    let now = core.clock.now();
    let expires_at = now.checked_add(SignedDuration::from_mins(RESET_TTL_MINUTES)).ok();
    let queued = reminders::enqueue_message(&core.db, user, &key, text, now, expires_at).await?;
    Ok(usize::from(queued))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sets a new password with a reset token: the token is spent, every session
/// and personal access token of the account ends, and so does every other
/// reset link.
pub async fn confirm(core: &Core, token: &str, new: Password) -> Result<UserId, ResetError> {
    let token = token.trim();
    if token.is_empty() || token.len() > MAX_TOKEN_LEN {
        return Err(ResetError::InvalidToken);
    }
    let token_hash = hash(token);
    let now = timestamp_to_chrono(core.clock.now());
    // A cheap look first, so a forged token costs no password hashing.
    let live = sqlx::query_scalar!(
        "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        token_hash,
        now,
    )
    .fetch_optional(&core.db)
    .await?;
    if live.is_none() {
        return Err(ResetError::InvalidToken);
    }
    let password_hash = core.passwords.hash(new).await?;

    let mut tx = core.db.begin().await?;
    // Spent here, atomically: of two racing confirms only one gets the row.
    let user = sqlx::query_scalar!(
        r#"
        UPDATE password_resets SET used_at = $2
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING user_id
        "#,
        token_hash,
        now,
    )
    .fetch_optional(&mut *tx)
    .await?
    .map(UserId)
    .ok_or(ResetError::InvalidToken)?;
    set_password_hash(&mut tx, user, &password_hash).await?;
    sessions::end_all(&mut *tx, user, None).await?;
    tx.commit().await?;
    Ok(user)
}

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// URL-safe and fragment-safe: letters and digits only.
fn new_token() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..TOKEN_CHARS)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_carries_the_token_in_its_fragment() {
        let token = new_token();
        assert_eq!(token.len(), TOKEN_CHARS);
        assert!(token.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(token, new_token());
        let m = message("https://tasks.example.com", &token);
        assert_eq!(m.link, format!("https://tasks.example.com/reset#{token}"));
        assert!(m.text.contains(&m.link));
        assert!(m.text.contains("30 minutes"));
        assert_eq!(hash(&token).len(), 32);
    }
}
