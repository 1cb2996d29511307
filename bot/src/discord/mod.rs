//! Discord adapter (serenity 0.12): turns gateway events into core
//! [`Inbound`](tasklink_core::chat::Inbound)s and renders core's replies.
//!
//! - [`messages`]: DMs, mentions and replies to the bot in guild channels.
//! - [`interactions`]: slash commands and the "complete" buttons.
//! - [`commands`]: the slash command definitions and their chat text.
//! - [`render`]: replies as Discord messages (2000-character parts, buttons, no pings).
//! - [`send`]: REST calls for replies, waiting out rate limits.
//! - [`courier`]: reminders and agendas as DMs, paced (see [`crate::pacer`]).

mod commands;
mod courier;
mod interactions;
mod messages;
mod render;
mod send;

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use crate::lanes::Lanes;
use secrecy::ExposeSecret;
use serenity::{
    all::{
        ChannelId, Context, EventHandler, GatewayIntents, GuildId, Interaction, Message, Ready, User, UserId,
    },
    http::{Http, HttpBuilder},
};
use tasklink_core::{
    Core,
    config::DiscordConfig,
    linking::{Platform, PlatformAccount},
    shutdown::{InFlight, Stop},
};

pub use courier::{DiscordCourier, courier};

/// A REST request that takes longer than this has failed (and is retried).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "Discord rejected DISCORD_BOT_TOKEN (401 Unauthorized): copy the bot token from the Developer Portal again"
    )]
    TokenRejected,
    // serenity's errors are large: boxed so every `Result` here stays small.
    #[error("cannot reach Discord to check the bot token")]
    Unreachable(#[source] Box<serenity::Error>),
    #[error("the Discord gateway connection failed")]
    Gateway(#[source] Box<serenity::Error>),
    #[error("cannot build the request")]
    Request(#[source] Box<serenity::Error>),
    #[error("request failed")]
    Transport(#[from] reqwest012::Error),
    #[error("Discord answered {status}: {body}")]
    Status { status: u16, body: String },
    #[error("still rate limited after {attempts} attempts")]
    RateLimited { attempts: u32 },
    #[error("unexpected JSON")]
    Json(#[from] serde_json::Error),
    #[error("the application id is not known yet (no READY received)")]
    NoApplicationId,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Tuning that tests change; production uses the defaults.
#[derive(Clone, Debug)]
pub struct Settings {
    /// How long an interaction's work may run before its answer is deferred
    /// (Discord drops interactions not answered within 3 seconds).
    pub defer_after: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            defer_after: Duration::from_millis(2000),
        }
    }
}

/// Runs the bot until the gateway stops for good.
pub async fn run(core: Core, config: DiscordConfig) -> Result<()> {
    run_with(core, config, Settings::default()).await
}

pub async fn run_with(core: Core, config: DiscordConfig, settings: Settings) -> Result<()> {
    run_until(core, config, settings, Stop::never()).await
}

/// As [`run_with`], until `stop`: then the shards disconnect (no new events)
/// and the event handlers already running finish before this returns.
pub async fn run_until(core: Core, config: DiscordConfig, settings: Settings, stop: Stop) -> Result<()> {
    // Checked up front so a bad token is one clear error, not a gateway close code.
    let me = http(&config)
        .get_current_user()
        .await
        .map_err(|e| match status(&e) {
            Some(401) => Error::TokenRejected,
            _ => Error::Unreachable(Box::new(e)),
        })?;
    tracing::info!(bot = %me.name, id = %me.id, "Discord token accepted");

    let bot = Arc::new(Bot {
        core,
        id: me.id,
        guild: config.guild_id.map(GuildId::new),
        settings,
        client: reqwest012::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(Error::Transport)?,
        commands_registered: AtomicBool::new(false),
        lanes: Lanes::new(),
    });
    let in_flight = InFlight::default();
    let intents = GatewayIntents::GUILDS
        | GatewayIntents::GUILD_MESSAGES
        | GatewayIntents::DIRECT_MESSAGES
        | GatewayIntents::MESSAGE_CONTENT;
    let mut client = serenity::all::ClientBuilder::new_with_http(http(&config), intents)
        .event_handler(Handler {
            bot: bot.clone(),
            in_flight: in_flight.clone(),
        })
        .await
        .map_err(|e| Error::Gateway(Box::new(e)))?;
    // Stored messages whose turn died with a process are answered again.
    let reclaiming = tokio::spawn(messages::reclaim_until(
        bot.clone(),
        client.http.clone(),
        stop.clone(),
    ));
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        stop.requested().await;
        tracing::info!("Discord: disconnecting; finishing the events received");
        shards.shutdown_all().await;
    });
    // serenity resumes (or re-identifies) on its own when the socket drops.
    let gateway = match (config.shards, config.shard_ids) {
        (Some(total), Some(ids)) => {
            tracing::info!(
                first = ids.first,
                last = ids.last,
                total,
                "running a range of Discord shards"
            );
            // serenity's range end is inclusive (its own example: `4..7` runs shards 4 through 7).
            client.start_shard_range(ids.first..ids.last, total.get()).await
        }
        (Some(total), None) => client.start_shards(total.get()).await,
        // Config refuses shard ids without a total; all shards, as many as Discord recommends.
        (None, _) => client.start_autosharded().await,
    }
    .map_err(|e| Error::Gateway(Box::new(e)));
    // serenity runs each event handler in a task of its own, and messages
    // wait in their channel's lane: wait for both.
    in_flight.idle().await;
    reclaiming.abort();
    bot.lanes.drained().await;
    gateway
}

/// With `DISCORD_API_URL` every REST route goes to that server instead; the
/// ratelimiter must be off for that (it ignores the proxy), and `send` then
/// handles 429s itself.
fn http(config: &DiscordConfig) -> Http {
    let builder = HttpBuilder::new(config.token.expose_secret());
    match &config.api_url {
        Some(url) => builder.proxy(url).ratelimiter_disabled(true).build(),
        None => builder.build(),
    }
}

fn status(error: &serenity::Error) -> Option<u16> {
    match error {
        serenity::Error::Http(e) => e.status_code().map(|s| s.as_u16()),
        _ => None,
    }
}

/// What every event handler needs.
pub(crate) struct Bot {
    core: Core,
    id: UserId,
    guild: Option<GuildId>,
    settings: Settings,
    client: reqwest012::Client,
    commands_registered: AtomicBool,
    /// One lane per channel for messages (slash commands answer directly).
    lanes: Lanes<ChannelId>,
}

impl Bot {
    fn sender<'a>(&'a self, http: &'a Http) -> send::Sender<'a> {
        send::Sender {
            http,
            client: &self.client,
            pacer: None,
        }
    }
}

struct Handler {
    bot: Arc<Bot>,
    /// Interaction handlers running, for a clean stop (messages wait in the bot's lanes).
    in_flight: InFlight,
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let bot = &self.bot;
        tracing::info!(bot = %ready.user.name, guilds = ready.guilds.len(), "Discord gateway ready");
        // READY comes again after every re-identify; the commands need registering once.
        if bot.commands_registered.load(Ordering::Acquire) {
            return;
        }
        match commands::register(&ctx.http, bot.guild).await {
            Ok(count) => {
                bot.commands_registered.store(true, Ordering::Release);
                tracing::info!(count, guild = ?bot.guild, "slash commands registered");
            }
            Err(e) => {
                tracing::error!(error.cause_chain = ?e, "cannot register slash commands; retrying on the next READY")
            }
        }
    }

    async fn resume(&self, _ctx: Context, _: serenity::all::ResumedEvent) {
        tracing::info!("Discord gateway session resumed");
    }

    async fn message(&self, ctx: Context, message: Message) {
        messages::handle(&self.bot, &ctx.http, message);
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let _running = self.in_flight.enter();
        interactions::handle(&self.bot, &ctx.http, interaction).await;
    }
}

fn account(user: &User) -> PlatformAccount {
    PlatformAccount {
        platform: Platform::Discord,
        user_id: user.id.to_string(),
        username: Some(user.name.clone()),
    }
}
