//! Getting replies onto Telegram reliably: flood-control waits, bounded
//! retries on server and network errors, the typing indicator, and logging
//! (with the chat) of whatever still cannot be delivered. Nothing here fails
//! the caller: a lost reply is logged, never a crash.

use std::{
    convert::Infallible,
    future::Future,
    sync::{Arc, OnceLock},
    time::Duration,
};

use tasklink_core::chat::Reply;
use teloxide::{
    ApiError, RequestError,
    payloads::{EditMessageTextSetters, SendMessageSetters},
    prelude::*,
    types::{ChatAction, MessageId, ReplyParameters},
};

use super::render;
use crate::pacer::Budget;

/// The bot's budget for Telegram sends, shared by every replica through
/// Postgres: every reply is charged to it, so that reminders (of any
/// replica) and replies together stay under `TELEGRAM_MAX_SENDS_PER_SECOND`
/// (Telegram's limit is bot-wide). Set once at start-up (`crate::run_until`),
/// also on a replica that sends no reminders.
static SEND_BUDGET: OnceLock<Arc<Budget>> = OnceLock::new();

pub(crate) fn share_send_budget(budget: Arc<Budget>) {
    let _ = SEND_BUDGET.set(budget);
}

/// Attempts per request, the first included.
const MAX_ATTEMPTS: u32 = 5;
/// Flood control asking for a longer wait than this is not waited out: the
/// message is dropped (and logged) so the chat's lane moves on.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);
/// Telegram shows "typing…" for about five seconds.
const TYPING_REFRESH: Duration = Duration::from_secs(4);

/// Sends `reply` to `chat`, split to fit; the keyboard goes on the last piece.
/// In groups, `reply_to` quotes the message being answered: it shows whom the
/// answer is for and marks whose list the buttons belong to.
pub(crate) async fn deliver(bot: &Bot, chat: ChatId, reply: &Reply, reply_to: Option<MessageId>) {
    let chunks = render::split(&reply.text, render::MAX_MESSAGE_UTF16);
    if chunks.is_empty() {
        tracing::warn!(chat = chat.0, "empty reply not sent");
        return;
    }
    let last = chunks.len() - 1;
    for (i, text) in chunks.into_iter().enumerate() {
        if let Some(budget) = SEND_BUDGET.get() {
            budget.charge();
        }
        let sent = retrying("sendMessage", || {
            let mut request = bot.send_message(chat, text.clone());
            if let Some(id) = reply_to {
                request = request.reply_parameters(ReplyParameters::new(id).allow_sending_without_reply());
            }
            if i == last
                && let Some(markup) = render::markup(reply)
            {
                request = request.reply_markup(markup);
            }
            request.send()
        })
        .await;
        if let Err(error) = sent {
            tracing::error!(chat = chat.0, part = i + 1, error.cause_chain = ?error, "could not send a reply; giving up on it");
            return;
        }
    }
}

/// Replaces the text and buttons of a message the bot sent (a task list after
/// a button press). A reply too long for one message is sent anew instead,
/// and the old message loses its buttons.
pub(crate) async fn replace(bot: &Bot, chat: ChatId, message: MessageId, reply: &Reply) {
    let fits = render::split(&reply.text, render::MAX_MESSAGE_UTF16).len() == 1;
    let edited = if fits {
        retrying("editMessageText", || {
            bot.edit_message_text(chat, message, reply.text.clone())
                .reply_markup(render::keyboard(&reply.buttons))
                .send()
        })
        .await
        .map(drop)
    } else {
        retrying("editMessageReplyMarkup", || {
            bot.edit_message_reply_markup(chat, message).send()
        })
        .await
        .map(drop)
    };
    match edited {
        // Pressing a button whose result is already shown changes nothing.
        Ok(()) | Err(RequestError::Api(ApiError::MessageNotModified)) => {}
        Err(error) => {
            tracing::error!(chat = chat.0, error.cause_chain = ?error, "could not update the task list message")
        }
    }
    if !fits {
        deliver(bot, chat, reply, None).await;
    }
}

/// Runs `work` while showing "typing…" in `chat`. The indicator is cosmetic:
/// its failures are logged and otherwise ignored.
pub(crate) async fn while_typing<F: Future>(bot: &Bot, chat: ChatId, work: F) -> F::Output {
    tokio::select! {
        biased;
        out = work => out,
        never = keep_typing(bot, chat) => match never {},
    }
}

async fn keep_typing(bot: &Bot, chat: ChatId) -> Infallible {
    loop {
        if let Err(error) = bot.send_chat_action(chat, ChatAction::Typing).await {
            tracing::warn!(chat = chat.0, error.cause_chain = ?error, "typing indicator failed");
        }
        tokio::time::sleep(TYPING_REFRESH).await;
    }
}

/// Runs a Bot API request, retrying what Telegram says will pass later.
pub(crate) async fn retrying<T, Fut>(
    method: &'static str,
    mut request: impl FnMut() -> Fut,
) -> Result<T, RequestError>
where
    Fut: Future<Output = Result<T, RequestError>>,
{
    let mut attempt = 1;
    loop {
        let error = match request().await {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        match retry_delay(&error, attempt) {
            Some(delay) if attempt < MAX_ATTEMPTS && delay <= MAX_RETRY_WAIT => {
                tracing::warn!(method, attempt, error.cause_chain = ?error, ?delay, "Bot API request failed; retrying");
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
            _ => return Err(error),
        }
    }
}

/// How long to wait before retrying, or `None` when retrying cannot help.
///
/// teloxide hides the HTTP status: a 429 arrives as `RetryAfter`, but a 5xx
/// arrives as `Api(Unknown(description))` when its body is Bot API JSON, or as
/// `InvalidJson` when a proxy answered with HTML. Telegram's client errors
/// all carry a description starting with their class ("Bad Request: …",
/// "Forbidden: …"), so an unknown description without one is taken for a
/// server error. Network errors are retried too, accepting that a request
/// which timed out after reaching Telegram may be delivered twice.
pub(crate) fn retry_delay(error: &RequestError, attempt: u32) -> Option<Duration> {
    const CLIENT_ERRORS: [&str; 5] = [
        "Bad Request",
        "Unauthorized",
        "Forbidden",
        "Not Found",
        "Conflict",
    ];
    match error {
        RequestError::RetryAfter(wait) => Some(wait.duration().max(Duration::from_millis(100))),
        RequestError::Network(_) | RequestError::InvalidJson { .. } => Some(backoff(attempt)),
        RequestError::Api(ApiError::Unknown(description))
            if !CLIENT_ERRORS.iter().any(|class| description.starts_with(class)) =>
        {
            Some(backoff(attempt))
        }
        _ => None,
    }
}

/// 0.5 s, 1 s, 2 s, … (teloxide itself already pauses after a 5xx).
fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500 << attempt.saturating_sub(1).min(4))
}

#[cfg(test)]
mod tests {
    use teloxide::types::Seconds;

    use super::*;

    #[test]
    fn retries_flood_control_server_errors_but_not_client_errors() {
        assert_eq!(
            retry_delay(&RequestError::RetryAfter(Seconds::from_seconds(3)), 1),
            Some(Duration::from_secs(3))
        );
        let server = RequestError::Api(ApiError::Unknown("Internal Server Error".into()));
        assert_eq!(retry_delay(&server, 1), Some(Duration::from_millis(500)));
        assert_eq!(retry_delay(&server, 3), Some(Duration::from_secs(2)));
        let client = RequestError::Api(ApiError::Unknown("Bad Request: something new".into()));
        assert_eq!(retry_delay(&client, 1), None);
        assert_eq!(retry_delay(&RequestError::Api(ApiError::BotBlocked), 1), None);
        assert_eq!(retry_delay(&RequestError::Api(ApiError::InvalidToken), 1), None);
    }
}
