//! Reminders and agendas onto Discord: a direct message in the DM channel
//! with the person (opened once and remembered), rendered as replies are
//! (2000-character parts, the buttons on the last, no pings), through the
//! bot's send [`Budget`] at `DISCORD_MAX_SENDS_PER_SECOND` (shared by every replica). Only how to send
//! lives here; what and when is core's.

use std::{
    collections::HashMap,
    error::Error as _,
    sync::{Arc, Mutex},
};

use serde::Deserialize;
use serenity::{
    all::{ChannelId, UserId},
    http::Http,
};
use tasklink_core::{
    chat::Reply,
    config::DiscordConfig,
    linking::Platform,
    reminders::{Courier, Delivery, DeliveryError, Recipient},
};

use super::{Error, REQUEST_TIMEOUT, Result, http, render, send::Sender};
use crate::pacer::Budget;

/// DM channels remembered; past this many the cache starts over (reopening
/// a DM channel is one request, answered with the same channel).
const DM_CACHE_CAPACITY: usize = 10_000;
/// Discord's JSON error codes that mean "never to this person".
const UNKNOWN_CHANNEL: u64 = 10003;
const UNKNOWN_USER: u64 = 10013;
const CANNOT_MESSAGE_USER: u64 = 50007;
const INVALID_RECIPIENTS: u64 = 50033;

pub struct DiscordCourier {
    http: Http,
    client: reqwest012::Client,
    pacer: Arc<Budget>,
    dm_channels: Mutex<HashMap<UserId, ChannelId>>,
}

/// The Discord courier the bot hands to the reminder scheduler.
pub fn courier(config: &DiscordConfig, budget: Arc<Budget>) -> Result<Arc<dyn Courier>> {
    Ok(Arc::new(DiscordCourier::new(config, budget)?))
}

impl DiscordCourier {
    pub fn new(config: &DiscordConfig, budget: Arc<Budget>) -> Result<Self> {
        Ok(Self {
            http: http(config),
            client: reqwest012::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .build()
                .map_err(Error::Transport)?,
            pacer: budget,
            dm_channels: Mutex::default(),
        })
    }

    fn sender(&self) -> Sender<'_> {
        Sender {
            http: &self.http,
            client: &self.client,
            pacer: Some(&self.pacer),
        }
    }

    async fn send(&self, to: &Recipient, message: &Reply) -> Result<(), DeliveryError> {
        let user = to
            .platform_user_id
            .parse::<u64>()
            .ok()
            .filter(|&id| id != 0)
            .map(UserId::new)
            .ok_or_else(|| {
                DeliveryError::Unreachable(format!("`{}` is not a Discord user id", to.platform_user_id))
            })?;
        let parts = render::parts(message, user);
        if parts.is_empty() {
            return Err(DeliveryError::Failed("the message is empty".into()));
        }
        let channel = self.dm_channel(user).await?;
        for part in parts {
            if let Err(error) = self.sender().message(channel, &render::message(part)).await {
                let error = classify(&error);
                if matches!(error, DeliveryError::Unreachable(_)) {
                    self.dm_channels.lock().expect("dm cache lock").remove(&user);
                }
                return Err(error);
            }
        }
        Ok(())
    }

    /// The DM channel with `user`, opened (`POST /users/@me/channels`) the first time.
    async fn dm_channel(&self, user: UserId) -> Result<ChannelId, DeliveryError> {
        if let Some(&channel) = self.dm_channels.lock().expect("dm cache lock").get(&user) {
            return Ok(channel);
        }
        let channel = self.sender().dm_channel(user).await.map_err(|e| classify(&e))?;
        let mut cache = self.dm_channels.lock().expect("dm cache lock");
        if cache.len() >= DM_CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(user, channel);
        Ok(channel)
    }
}

/// A refusal for good (blocked, DMs closed, unknown user or channel) is
/// `Unreachable`; another 4xx (the message refused, not the person) is
/// `Rejected` and not retried; anything else, retries already spent, is
/// `Failed`.
fn classify(error: &Error) -> DeliveryError {
    #[derive(Deserialize)]
    struct DiscordError {
        code: u64,
    }
    let text = describe(error);
    match error {
        Error::Status { status, body } => {
            let code = serde_json::from_str::<DiscordError>(body).map(|e| e.code).ok();
            let refused = matches!(status, 403 | 404)
                || matches!(
                    code,
                    Some(UNKNOWN_CHANNEL | UNKNOWN_USER | CANNOT_MESSAGE_USER | INVALID_RECIPIENTS)
                );
            if refused {
                DeliveryError::Unreachable(text)
            } else if (400..500).contains(status) && !matches!(status, 401 | 408 | 429) {
                // The message itself was refused (e.g. 50035 Invalid Form
                // Body): the same message would be refused again.
                DeliveryError::Rejected(text)
            } else {
                DeliveryError::Failed(text)
            }
        }
        _ => DeliveryError::Failed(text),
    }
}

/// The error and its causes on one line.
fn describe(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl Courier for DiscordCourier {
    fn platform(&self) -> Platform {
        Platform::Discord
    }

    fn deliver<'a>(&'a self, to: &'a Recipient, message: &'a Reply) -> Delivery<'a> {
        Box::pin(self.send(to, message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, body: &str) -> Error {
        Error::Status {
            status,
            body: body.into(),
        }
    }

    #[test]
    fn closed_dms_and_unknown_users_are_refusals_the_rest_is_not() {
        let unreachable = |e: Error| matches!(classify(&e), DeliveryError::Unreachable(_));
        assert!(unreachable(status(
            403,
            r#"{"message": "Cannot send messages to this user", "code": 50007}"#
        )));
        assert!(unreachable(status(403, "<html>Forbidden</html>")));
        assert!(unreachable(status(
            404,
            r#"{"message": "Unknown User", "code": 10013}"#
        )));
        assert!(unreachable(status(
            400,
            r#"{"message": "Invalid Recipient(s)", "code": 50033}"#
        )));
        assert!(!unreachable(status(
            500,
            r#"{"message": "500: Internal Server Error", "code": 0}"#
        )));
        assert!(!unreachable(status(
            400,
            r#"{"message": "Invalid Form Body", "code": 50035}"#
        )));
        assert!(!unreachable(Error::RateLimited { attempts: 4 }));
    }

    #[test]
    fn a_refused_message_is_rejected_at_once_and_only_passing_trouble_is_retried() {
        let rejected = |e: Error| matches!(classify(&e), DeliveryError::Rejected(_));
        let failed = |e: Error| matches!(classify(&e), DeliveryError::Failed(_));
        assert!(rejected(status(
            400,
            r#"{"message": "Invalid Form Body", "code": 50035}"#
        )));
        assert!(rejected(status(413, "Request Entity Too Large")));
        assert!(failed(status(
            500,
            r#"{"message": "500: Internal Server Error", "code": 0}"#
        )));
        assert!(failed(status(
            401,
            r#"{"message": "401: Unauthorized", "code": 0}"#
        )));
        assert!(failed(Error::RateLimited { attempts: 4 }));
    }
}
