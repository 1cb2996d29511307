//! Long polling of our own, in place of teloxide's `Polling`: each
//! `getUpdates` answer is stored whole, in one statement and one commit
//! ([`Intake::keep_all`]), before the next `getUpdates` confirms it.
//! teloxide's stream yields one update at a time and asks again as soon as
//! its buffer is empty, so a batch could only be stored update by update:
//! a commit (and its fdatasync) per message, one after another, which capped
//! the chat's throughput and queued messages behind each other's commits.
//!
//! As an update listener it gives the dispatcher only what the inbox does not
//! take (button presses), and behaves as teloxide's: errors go to the
//! dispatcher's error handler (which counts 409 Conflicts), the next request
//! waits the Bot API's `retry_after` or an exponential backoff, and once
//! stopped it drops the request in flight and confirms what it stored.

use std::{collections::VecDeque, time::Duration};

use futures::stream::{self, BoxStream, StreamExt};
use teloxide::errors::AsResponseParameters;
use teloxide::{
    RequestError,
    prelude::*,
    stop::{StopFlag, StopToken, mk_stop_token},
    types::AllowedUpdate,
    update_listeners::{AsUpdateStream, UpdateListener},
};

use super::inbox::Intake;

/// Longest pause after failed `getUpdates` (teloxide's is the same).
const MAX_BACKOFF: Duration = Duration::from_secs(64);

/// The update listener: polls, stores each batch, passes the rest on.
pub(crate) struct Batched {
    bot: Bot,
    intake: Intake,
    timeout: Duration,
    allowed: Vec<AllowedUpdate>,
    token: StopToken,
    flag: Option<StopFlag>,
}

impl Batched {
    /// Removes a webhook left from an earlier configuration (Telegram
    /// refuses `getUpdates` while one is set), as teloxide's does.
    pub(crate) async fn start(bot: Bot, intake: Intake, timeout: Duration) -> Self {
        match bot.get_webhook_info().send().await {
            Ok(info) if info.url.is_some() => {
                if let Err(error) = bot.delete_webhook().send().await {
                    tracing::warn!(error.cause_chain = ?error, "could not delete the webhook");
                }
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(error.cause_chain = ?error, "could not read the webhook's settings"),
        }
        let (token, flag) = mk_stop_token();
        Self {
            bot,
            intake,
            timeout,
            allowed: vec![AllowedUpdate::Message],
            token,
            flag: Some(flag),
        }
    }
}

impl UpdateListener for Batched {
    type Err = RequestError;

    fn stop_token(&mut self) -> StopToken {
        self.token.clone()
    }

    /// The dispatcher hints only what its handlers take (button presses):
    /// messages, which never reach it, are asked for too.
    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        let mut allowed: Vec<AllowedUpdate> = hint.collect();
        if !allowed.contains(&AllowedUpdate::Message) {
            allowed.push(AllowedUpdate::Message);
        }
        self.allowed = allowed;
    }
}

impl<'a> AsUpdateStream<'a> for Batched {
    type StreamErr = RequestError;
    type Stream = BoxStream<'a, Result<Update, RequestError>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let flag = self.flag.take().unwrap_or_else(|| {
            // A second stream gets a fresh token, as teloxide's does.
            let (token, flag) = mk_stop_token();
            self.token = token;
            flag
        });
        let poller = Poller {
            bot: self.bot.clone(),
            intake: self.intake.clone(),
            timeout: u32::try_from(self.timeout.as_secs()).unwrap_or(u32::MAX),
            allowed: self.allowed.clone(),
            flag,
            offset: 0,
            errors: 0,
            pause: None,
            ready: VecDeque::new(),
            stopped: false,
        };
        stream::unfold(poller, Poller::next).boxed()
    }
}

struct Poller {
    bot: Bot,
    intake: Intake,
    timeout: u32,
    allowed: Vec<AllowedUpdate>,
    flag: StopFlag,
    /// The next `getUpdates` offset: everything before it is stored.
    offset: i32,
    /// Failed requests in a row.
    errors: u32,
    /// A wait before the next request (after a failure).
    pause: Option<Duration>,
    /// Updates of the stored batch for the dispatcher.
    ready: VecDeque<Update>,
    stopped: bool,
}

impl Poller {
    async fn next(mut self) -> Option<(Result<Update, RequestError>, Self)> {
        loop {
            if let Some(update) = self.ready.pop_front() {
                return Some((Ok(update), self));
            }
            if self.stopped {
                return None;
            }
            if let Some(pause) = self.pause.take() {
                tokio::select! {
                    () = &mut self.flag => return self.stop().await,
                    () = tokio::time::sleep(pause) => {}
                }
            }
            let request = self
                .bot
                .get_updates()
                .offset(self.offset)
                .timeout(self.timeout)
                .allowed_updates(self.allowed.clone())
                .send();
            let answer = tokio::select! {
                () = &mut self.flag => return self.stop().await,
                answer = request => answer,
            };
            match answer {
                Ok(updates) => {
                    self.errors = 0;
                    if let Some(last) = updates.last() {
                        self.offset = last.id.as_offset();
                    }
                    // Stored before the loop comes back to the next request.
                    self.ready = self.intake.keep_all(updates).await.into();
                }
                Err(error) => {
                    self.pause = Some(match error.retry_after() {
                        Some(after) => {
                            self.errors = 0;
                            after.duration()
                        }
                        None => {
                            let pause = backoff(self.errors);
                            self.errors = self.errors.saturating_add(1);
                            pause
                        }
                    });
                    return Some((Err(error), self));
                }
            }
        }
    }

    /// Confirms the stored updates (so a restart does not get them again),
    /// and ends the stream.
    async fn stop(mut self) -> Option<(Result<Update, RequestError>, Self)> {
        self.stopped = true;
        if self.offset != 0 {
            let confirm = self
                .bot
                .get_updates()
                .offset(self.offset)
                .limit(1)
                .timeout(0)
                .send();
            if let Err(error) = confirm.await {
                tracing::debug!(error.cause_chain = ?error, "could not confirm the last updates");
            }
        }
        None
    }
}

/// 1 s, doubling with each failure in a row, at most [`MAX_BACKOFF`].
fn backoff(errors: u32) -> Duration {
    (Duration::from_secs(1) * 2u32.saturating_pow(errors.min(6))).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_a_minute() {
        assert_eq!(backoff(0), Duration::from_secs(1));
        assert_eq!(backoff(1), Duration::from_secs(2));
        assert_eq!(backoff(5), Duration::from_secs(32));
        assert_eq!(backoff(40), MAX_BACKOFF);
    }
}
