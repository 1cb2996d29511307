//! Telegram adapter (teloxide): startup (token check, command menu), and
//! receiving updates by long polling or, when `TELEGRAM_WEBHOOK_URL` is set,
//! by webhook. [`handlers`] decides what reaches core, [`render`] shapes the
//! replies and [`send`] delivers them. With `TELEGRAM_POLLING=off` a replica
//! receives nothing and only sends; a second long poller on the same token
//! stops with [`Error::SecondPoller`] instead of fighting the first.
//!
//! Messages go through core's inbox before Telegram may consider them
//! received, a whole `getUpdates` batch at a time (see [`polling`]), and are
//! handled in per-chat lanes (see [`inbox`]); the dispatcher handles button
//! presses.

mod courier;
mod handlers;
mod inbox;
mod polling;
mod render;
pub(crate) mod send;
mod webhook;

use std::{fmt::Debug, net::SocketAddr, sync::Arc, time::Duration};

use crate::lanes::Lanes;
use secrecy::ExposeSecret;
use tasklink_core::{
    Core,
    commands::{self, Surface},
    config::TelegramConfig,
    shutdown::Stop,
};
use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{BotCommand, Me},
    update_listeners::webhooks,
};

pub use courier::TelegramCourier;
pub use handlers::schema;

/// Where the webhook listens when `TELEGRAM_WEBHOOK_BIND` is unset.
const DEFAULT_WEBHOOK_BIND: ([u8; 4], u16) = ([0, 0, 0, 0], 8443);
/// Long-polling `getUpdates` waits this long for news; it must stay under
/// the 17 s request timeout of teloxide's HTTP client.
const POLL_TIMEOUT: Duration = Duration::from_secs(10);
const GET_ME_ATTEMPTS: u32 = 5;

/// Why the adapter could not start or keep running. Causes are kept as
/// sources, for `{:#}` and anyhow's chain.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{name} is invalid: {reason}")]
    Config { name: &'static str, reason: String },
    #[error(
        "the Bot API at {api_url} rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); check the token with @BotFather"
    )]
    TokenRejected { api_url: String },
    #[error("cannot reach the Bot API at {api_url}")]
    Unreachable {
        api_url: String,
        #[source]
        source: RequestError,
    },
    #[error("cannot listen for webhook updates on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("a Bot API request failed")]
    Request(#[from] RequestError),
    #[error(
        "another process is polling Telegram with this TELEGRAM_BOT_TOKEN (getUpdates answered 409 Conflict: \
         terminated by other getUpdates request). Telegram allows one poller per bot: run the other replicas \
         with TELEGRAM_POLLING=off (they only send), or receive updates by webhook (TELEGRAM_WEBHOOK_URL)"
    )]
    SecondPoller,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Runs the bot until its update listener stops. Fails early, with a clear
/// message, when the token is rejected or the Bot API cannot be reached.
pub async fn run(core: Core, config: TelegramConfig) -> Result<()> {
    run_until(core, config, Stop::never()).await
}

/// As [`run`], until `stop`: then no more updates are fetched (or accepted by
/// the webhook), and the updates already received are handled before this returns.
pub async fn run_until(core: Core, config: TelegramConfig, stop: Stop) -> Result<()> {
    let (bot, api_url) = client(&config)?;
    // teloxide's dispatcher panics when its own getMe fails: check first.
    let me = check_token(&bot, &api_url).await?;
    tracing::info!(username = me.user.username.as_deref(), "connected to Telegram");
    if !config.polling {
        // Telegram hands each update to one poller, or to the webhook: this
        // replica leaves both to another and only sends (reminders).
        tracing::info!("TELEGRAM_POLLING=off: this replica receives no updates and only sends");
        stop.requested().await;
        return Ok(());
    }
    set_commands(&bot).await;

    // teloxide's own per-chat workers make intake wait when one chat's queue
    // is full; instead every update is taken at once and our lanes keep each
    // chat in order (see `crate::lanes`).
    let lanes = Arc::new(Lanes::<ChatId>::new());
    let mut dispatcher = Dispatcher::builder(bot.clone(), schema())
        .dependencies(dptree::deps![core.clone(), lanes.clone()])
        .distribution_function(|_| None::<()>)
        .build();
    let token = dispatcher.shutdown_token();
    let intake = inbox::Intake::new(core, bot.clone(), me, lanes.clone());
    let dispatching = dispatch(&mut dispatcher, &bot, &config, &intake, &lanes, stop.clone());
    let mut dispatching = std::pin::pin!(dispatching);
    tokio::select! {
        done = &mut dispatching => return done,
        () = stop.requested() => {}
    }
    // The token refuses while the dispatcher is still starting (its own getMe).
    while token.shutdown().is_err() {
        tokio::select! {
            done = &mut dispatching => return done,
            () = tokio::time::sleep(Duration::from_millis(50)) => {}
        }
    }
    tracing::info!("Telegram: no new updates; finishing the ones received");
    dispatching.await
}

/// Receives and handles updates until the dispatcher is shut down.
async fn dispatch(
    dispatcher: &mut Dispatcher<Bot, std::convert::Infallible, ()>,
    bot: &Bot,
    config: &TelegramConfig,
    intake: &inbox::Intake,
    lanes: &Lanes<ChatId>,
    stop: Stop,
) -> Result<()> {
    // Messages whose holder died are handled again, from the start on.
    let reclaiming = tokio::spawn({
        let intake = intake.clone();
        async move { intake.reclaim_until(stop).await }
    });
    match &config.webhook_url {
        None => {
            let polling = polling::Batched::start(bot.clone(), intake.clone(), POLL_TIMEOUT).await;
            let conflicts = Arc::new(Conflicts::default());
            let on_error = {
                let conflicts = conflicts.clone();
                move |error: RequestError| {
                    if conflicts.another_poller(&error) {
                        tracing::error!("another process keeps polling Telegram with this token; stopping");
                    }
                    log_listener_error(error)
                }
            };
            // Not teloxide's shutdown token: called from inside its error
            // handler, its wake-up is lost and the dispatcher keeps polling.
            tokio::select! {
                done = dispatcher.try_dispatch_with_listener(polling, Arc::new(on_error)) => done?,
                () = conflicts.stop.notified() => {
                    reclaiming.abort();
                    lanes.drained().await;
                    intake.flushed().await;
                    return Err(Error::SecondPoller);
                }
            }
        }
        Some(url) => {
            let addr = config.webhook_bind.unwrap_or_else(|| DEFAULT_WEBHOOK_BIND.into());
            let mut options = webhooks::Options::new(
                addr,
                url.parse().map_err(|e| Error::Config {
                    name: "TELEGRAM_WEBHOOK_URL",
                    reason: format!("`{url}` is not a URL ({e})"),
                })?,
            );
            // Without a configured secret one is generated per start.
            if let Some(secret) = &config.webhook_secret {
                options = options.secret_token(secret.expose_secret().to_owned());
            }
            let secret = options.get_or_gen_secret_token().to_owned();
            // Bound here rather than by `webhooks::axum`, which panics when binding fails.
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|source| Error::Bind { addr, source })?;
            // Registers the webhook with Telegram; requests without the
            // matching X-Telegram-Bot-Api-Secret-Token header get 401.
            let (updates, stopped, router) = webhooks::axum_to_router(bot.clone(), options).await?;
            tracing::info!(%addr, "receiving Telegram updates by webhook");
            let router = webhook::durable(router, intake.clone(), secret);
            tokio::spawn(webhook::serve(listener, router, stopped));
            dispatcher
                .try_dispatch_with_listener(updates, Arc::new(log_listener_error::<std::convert::Infallible>))
                .await?;
        }
    }
    // Messages already taken in are answered before the adapter stops.
    reclaiming.abort();
    lanes.drained().await;
    intake.flushed().await;
    tracing::info!("Telegram dispatcher stopped");
    Ok(())
}

/// The Bot API client for `config`, and its base URL.
fn client(config: &TelegramConfig) -> Result<(Bot, String)> {
    let api_url = config.api_url.trim_end_matches('/').to_owned();
    let bot =
        Bot::new(config.token.expose_secret()).set_api_url(api_url.parse().map_err(|e| Error::Config {
            name: "TELEGRAM_API_URL",
            reason: format!("`{api_url}` is not a URL ({e})"),
        })?);
    Ok((bot, api_url))
}

/// getMe, retried while the Bot API is unreachable or failing.
async fn check_token(bot: &Bot, api_url: &str) -> Result<Me> {
    let mut attempt = 1;
    loop {
        let error = match bot.get_me().send().await {
            Ok(me) => return Ok(me),
            Err(RequestError::Api(ApiError::InvalidToken)) => {
                return Err(Error::TokenRejected {
                    api_url: api_url.to_owned(),
                });
            }
            Err(error) => error,
        };
        match send::retry_delay(&error, attempt) {
            Some(delay) if attempt < GET_ME_ATTEMPTS => {
                tracing::warn!(attempt, error.cause_chain = ?error, "getMe failed; retrying");
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
            _ => {
                return Err(Error::Unreachable {
                    api_url: api_url.to_owned(),
                    source: error,
                });
            }
        }
    }
}

/// The command menu, from core's command table.
pub(crate) fn menu() -> Vec<BotCommand> {
    commands::offered_on(Surface::Telegram)
        .map(|c| BotCommand::new(c.command, format!("{}{}", c.summary, c.usage())))
        .collect()
}

/// Sets the command menu; a failure only costs the menu.
async fn set_commands(bot: &Bot) {
    if let Err(error) = bot.set_my_commands(menu()).send().await {
        tracing::warn!(error.cause_chain = ?error, "could not set the command menu");
    }
}

/// 409 Conflicts on `getUpdates`: another process polls with the same
/// token, and Telegram cuts off whichever request is older. One conflict can
/// be the previous process of a restart finishing its last poll; a few in a
/// row mean two pollers that would keep fighting (each losing updates).
#[derive(Default)]
struct Conflicts {
    /// (conflicts in the current run, when the last one came).
    seen: std::sync::Mutex<(u32, Option<tokio::time::Instant>)>,
    stopped: std::sync::atomic::AtomicBool,
    /// Woken (or left a permit) when the run is long enough.
    stop: tokio::sync::Notify,
}

impl Conflicts {
    /// Conflicts this close together make a run.
    const WINDOW: Duration = Duration::from_secs(60);
    /// A run this long stops the bot (with teloxide's backoff, about 3 s).
    const TO_STOP: u32 = 3;

    /// Counts `error` if it is a conflict; true once the run is long enough.
    fn another_poller(&self, error: &RequestError) -> bool {
        if !matches!(error, RequestError::Api(ApiError::TerminatedByOtherGetUpdates)) {
            return false;
        }
        let mut seen = self.seen.lock().expect("conflicts lock");
        let now = tokio::time::Instant::now();
        let (count, last) = *seen;
        let count = if last.is_some_and(|at| now - at <= Self::WINDOW) {
            count + 1
        } else {
            1
        };
        *seen = (count, Some(now));
        let stop = count == Self::TO_STOP;
        if stop {
            self.stopped.store(true, std::sync::atomic::Ordering::Release);
            self.stop.notify_one();
        }
        stop
    }

    #[cfg(test)]
    fn stopped(&self) -> bool {
        self.stopped.load(std::sync::atomic::Ordering::Acquire)
    }
}

async fn log_listener_error<E: Debug>(error: E) {
    tracing::warn!(error.cause_chain = ?error, "receiving Telegram updates failed");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_run_of_conflicts_stops_the_bot_a_lone_one_does_not() {
        let conflict = || RequestError::Api(ApiError::TerminatedByOtherGetUpdates);
        let conflicts = Conflicts::default();
        // Other errors do not count.
        assert!(!conflicts.another_poller(&RequestError::Api(ApiError::BotBlocked)));
        // A restart: the old process's last poll is cut off once, then quiet.
        assert!(!conflicts.another_poller(&conflict()));
        tokio::time::sleep(Conflicts::WINDOW + Duration::from_secs(1)).await;
        assert!(!conflicts.another_poller(&conflict()));
        assert!(!conflicts.another_poller(&conflict()));
        assert!(!conflicts.stopped());
        // Two pollers: the conflicts keep coming.
        tokio::time::sleep(Duration::from_secs(4)).await;
        assert!(conflicts.another_poller(&conflict()));
        assert!(conflicts.stopped());
        assert!(!conflicts.another_poller(&conflict()), "stops once");
        assert!(conflicts.stopped());
    }
}
