//! Proactive messages: reminders at `remind_at`, the daily agenda at
//! `agenda_time`, and one-off messages to a person (a password-reset link).
//!
//! Core owns what is sent, to whom and when: an outbox in Postgres, claimed
//! with `FOR UPDATE SKIP LOCKED` and a lease by any number of bot replicas,
//! woken by `LISTEN/NOTIFY` and a timer to the next due instant. Adapters own
//! only how: each platform implements [`Courier`], which sends one message to
//! one person through that platform's pacer and says whether it arrived.
//!
//! This file is the contract between the scheduler (core) and the couriers
//! (bot adapters); keep it small.

mod agenda;
pub mod budget;
mod message;
pub mod outbox;
mod quiet;
mod scheduler;
mod snooze;

use std::{future::Future, pin::Pin};

pub use outbox::{Undelivered, enqueue_message, undelivered};
pub use scheduler::{CHANNEL, Settings, run, run_with};
pub use snooze::SnoozeFor;
pub(crate) use snooze::{finish, snooze};

use crate::{chat::Reply, linking::Platform};

/// Where a proactive message goes: the person's chat account on a platform.
/// For Telegram `platform_user_id` is also the private chat's id; for Discord
/// the courier opens (or reuses) the DM channel with that user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub platform: Platform,
    pub platform_user_id: String,
}

/// How a send ended.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The platform refused for good (the person blocked the bot, the chat or
    /// user is unknown, DMs are closed): the scheduler marks this platform
    /// unreachable for reminders and falls back to the person's other platform.
    #[error("the platform refuses to deliver to this person: {0}")]
    Unreachable(String),
    /// The platform refused this message itself (a 4xx such as Discord's
    /// 50035 "Invalid Form Body"), not the person: sending the same message
    /// again would fail the same way, so it is not retried. The scheduler
    /// tries the person's other platform, and otherwise records the
    /// reminder as not delivered; the account stays reachable.
    #[error("the platform rejected the message: {0}")]
    Rejected(String),
    /// Worth trying again later (5xx, network, retries exhausted); the
    /// courier has already retried within its own bound.
    #[error("delivery failed for now: {0}")]
    Failed(String),
}

pub type Delivery<'a> = Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;

/// One platform's way of sending a proactive message. Implementations pace
/// their sends (`*_MAX_SENDS_PER_SECOND`) separately from replies to people
/// chatting, wait out a 429's `retry_after` without blocking other sends, and
/// retry 5xx and network errors with backoff and a bound.
pub trait Courier: Send + Sync + 'static {
    fn platform(&self) -> Platform;
    /// Sends `message` (text and buttons, rendered as the adapter renders a
    /// reply) as a direct message to `to`.
    fn deliver<'a>(&'a self, to: &'a Recipient, message: &'a Reply) -> Delivery<'a>;
}
