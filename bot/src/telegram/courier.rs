//! Reminders and agendas onto Telegram: a direct message to the person's
//! private chat (its id is their user id), with the reply's buttons as an
//! inline keyboard. Only how to send lives here; what and when is core's.

use std::sync::Arc;

use tasklink_core::{
    chat::Reply,
    config::TelegramConfig,
    linking::Platform,
    reminders::{Courier, Delivery, DeliveryError, Recipient},
};
use teloxide::{ApiError, RequestError, payloads::SendMessageSetters, prelude::*};

use super::{Result, client, render, send};
use crate::pacer::{Budget, capped_retry_after};

/// Attempts per message, the first included.
const MAX_ATTEMPTS: u32 = 4;

/// Sends to Telegram's private chats through the bot's send budget for
/// proactive sends (`TELEGRAM_MAX_SENDS_PER_SECOND`, shared by every
/// replica), apart from replies, which are only charged to it.
pub struct TelegramCourier {
    bot: Bot,
    pacer: Arc<Budget>,
}

impl TelegramCourier {
    pub fn new(config: &TelegramConfig, budget: Arc<Budget>) -> Result<Self> {
        Ok(Self {
            bot: client(config)?.0,
            pacer: budget,
        })
    }

    async fn send(&self, to: &Recipient, message: &Reply) -> Result<(), DeliveryError> {
        let chat = to.platform_user_id.parse::<i64>().map(ChatId).map_err(|_| {
            DeliveryError::Unreachable(format!("`{}` is not a Telegram chat id", to.platform_user_id))
        })?;
        let chunks = render::split(&message.text, render::MAX_MESSAGE_UTF16);
        let last = chunks.len().saturating_sub(1);
        for (i, text) in chunks.into_iter().enumerate() {
            let mut attempt = 1;
            loop {
                self.pacer.acquire().await;
                let mut request = self.bot.send_message(chat, text.clone());
                if i == last && !message.buttons.is_empty() {
                    request = request.reply_markup(render::keyboard(&message.buttons));
                }
                let error = match request.send().await {
                    Ok(_) => break,
                    Err(error) => error,
                };
                if let Some(refusal) = refusal(&error) {
                    return Err(DeliveryError::Unreachable(refusal));
                }
                if attempt >= MAX_ATTEMPTS {
                    return Err(DeliveryError::Failed(error.to_string()));
                }
                match &error {
                    // Telegram's flood control is about the whole bot: every
                    // proactive send waits it out, chats' replies do not.
                    RequestError::RetryAfter(wait) => {
                        let wait = capped_retry_after(wait.duration());
                        tracing::warn!(
                            attempt,
                            ?wait,
                            "Telegram: 429 on a reminder; pausing proactive sends"
                        );
                        self.pacer.pause(wait).await;
                    }
                    _ => match send::retry_delay(&error, attempt) {
                        Some(delay) => {
                            tracing::warn!(attempt, error.cause_chain = ?error, ?delay, "Telegram: reminder send failed; retrying");
                            tokio::time::sleep(delay).await;
                        }
                        None => return Err(DeliveryError::Failed(error.to_string())),
                    },
                }
                attempt += 1;
            }
        }
        Ok(())
    }
}

/// The refusals that mean "never to this person": the bot is blocked, the
/// chat or user is unknown, the account is gone.
fn refusal(error: &RequestError) -> Option<String> {
    match error {
        RequestError::Api(
            e @ (ApiError::BotBlocked
            | ApiError::ChatNotFound
            | ApiError::UserNotFound
            | ApiError::UserDeactivated
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots),
        ) => Some(e.to_string()),
        RequestError::Api(ApiError::Unknown(description)) if description.starts_with("Forbidden") => {
            Some(description.clone())
        }
        _ => None,
    }
}

impl Courier for TelegramCourier {
    fn platform(&self) -> Platform {
        Platform::Telegram
    }

    fn deliver<'a>(&'a self, to: &'a Recipient, message: &'a Reply) -> Delivery<'a> {
        Box::pin(self.send(to, message))
    }
}

#[cfg(test)]
mod tests {
    use teloxide::types::Seconds;

    use super::*;

    #[test]
    fn blocked_and_unknown_chats_are_refusals_server_errors_are_not() {
        assert!(refusal(&RequestError::Api(ApiError::BotBlocked)).is_some());
        assert!(refusal(&RequestError::Api(ApiError::ChatNotFound)).is_some());
        assert!(
            refusal(&RequestError::Api(ApiError::Unknown(
                "Forbidden: something new".into()
            )))
            .is_some()
        );
        assert!(
            refusal(&RequestError::Api(ApiError::Unknown(
                "Internal Server Error".into()
            )))
            .is_none()
        );
        assert!(refusal(&RequestError::RetryAfter(Seconds::from_seconds(2))).is_none());
    }
}
