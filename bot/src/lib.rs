//! The chat bot process: thin Telegram and Discord adapters over core. Each
//! translates its platform's updates into `chat::Inbound`, lets core decide, and
//! renders the `chat::Reply`; neither holds business logic or state.

pub mod discord;
mod lanes;
pub mod pacer;
mod split;
pub mod telegram;

use std::{num::NonZeroU32, sync::Arc};

use anyhow::Context;
use tasklink_core::{
    Config, Core, db,
    linking::Platform,
    reminders::{self, Courier},
    shutdown,
};

use crate::pacer::Budget;

/// Connections of the reminder scheduler's own pool (beside
/// `DATABASE_MAX_CONNECTIONS` for the chat, and its LISTEN connection): a
/// burst of reminders cannot take the connections the chat needs. A send
/// needs none: its claim read everything, and its end is recorded with others.
const SCHEDULER_CONNECTIONS: u32 = 3;

/// The chat pool's connections per CPU core when `DATABASE_MAX_CONNECTIONS`
/// is unset. Each message takes its connection for a few short statements, so
/// a pool larger than the cores can keep busy only has Postgres share the CPU
/// among more backends, each preparing and planning the chat's statements on
/// first use. On two cores, 8 connections against 20 gave the paced
/// benchmark a lower overhead p99 in each of ten quiet pairs (median 10.6
/// against 12.5 ms) for about a tenth less saturated throughput
/// (BENCHMARKS.md, "Stop 19").
const CONNECTIONS_PER_CORE: u32 = 4;

/// The chat pool's size: `DATABASE_MAX_CONNECTIONS`, or
/// [`CONNECTIONS_PER_CORE`] per core up to 20 (the pool's size before).
fn chat_connections(config: &Config) -> u32 {
    config.database_max_connections.map_or_else(
        || {
            let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
            u32::try_from(cores).map_or(20, |cores| cores.saturating_mul(CONNECTIONS_PER_CORE).min(20))
        },
        NonZeroU32::get,
    )
}

/// Connects, migrates and runs every configured platform until SIGTERM or
/// SIGINT, or until one of them stops for good.
pub async fn run(config: Config) -> anyhow::Result<()> {
    run_until(config, shutdown::signal()).await
}

/// As [`run`], stopping when `stop` resolves: the platforms take no new
/// updates, finish the ones in flight within [`shutdown::GRACE`], and this returns `Ok`.
pub async fn run_until(config: Config, stop: impl Future<Output = ()>) -> anyhow::Result<()> {
    let telegram = config.telegram.clone();
    let discord = config.discord.clone();
    if telegram.is_none() && discord.is_none() {
        anyhow::bail!("no chat platform configured: set TELEGRAM_BOT_TOKEN and/or DISCORD_BOT_TOKEN");
    }
    let max_connections = chat_connections(&config);
    // The bot verifies link tokens and nothing else: it keeps no session key.
    let core = Core::start(config, max_connections, db::Commits::Replayable)
        .await
        .context("starting core")?
        .without_session_key();
    if !core.agent.uses_model() {
        tracing::info!("no OPENAI_API_KEY or OPENAI_BASE_URL: free text goes to the offline parser");
    }

    // The scheduler and the send budgets use their own small pool.
    let sending = if core.config.reminders {
        let db = db::connect(
            &core.config.database_url,
            SCHEDULER_CONNECTIONS,
            db::Commits::Replayable,
        )
        .await
        .context("connecting the reminder scheduler's pool")?;
        Core { db, ..core.clone() }
    } else {
        core.clone()
    };
    let budgets = Budgets::new(&sending);
    if let Some(budget) = &budgets.telegram {
        telegram::send::share_send_budget(budget.clone());
    }

    let (stopping, stopped) = shutdown::channel();
    let mut platforms = tokio::task::JoinSet::new();
    if let Some(cfg) = telegram {
        let (core, stopped) = (core.clone(), stopped.clone());
        platforms.spawn(async move { telegram::run_until(core, cfg, stopped).await.context("telegram") });
    }
    if let Some(cfg) = discord {
        let (core, stopped) = (core.clone(), stopped.clone());
        platforms.spawn(async move {
            discord::run_until(core, cfg, discord::Settings::default(), stopped)
                .await
                .context("discord")
        });
    }
    if core.config.reminders {
        let couriers = couriers(&core, &budgets)?;
        let (core, stopped) = (sending, stopped.clone());
        platforms.spawn(async move {
            reminders::run(core, couriers, stopped).await;
            Ok(())
        });
    } else {
        tracing::info!("TASKLINK_REMINDERS=off: this replica sends no reminders or agendas");
    }
    // The scheduler ends only when asked to; a platform ending early fails the process.
    let failed = tokio::select! {
        () = stop => None,
        Some(done) = platforms.join_next() => Some(done),
    };
    stopping.stop();
    let finishing = async {
        while let Some(done) = platforms.join_next().await {
            if let Err(error) = done.map_err(anyhow::Error::from).and_then(|r| r) {
                tracing::error!(error.cause_chain = ?error, "a platform failed while stopping");
            }
        }
    };
    if tokio::time::timeout(shutdown::GRACE, finishing).await.is_err() {
        tracing::warn!(grace = ?shutdown::GRACE, "work still in flight after the grace period; stopping anyway");
    }
    match failed {
        // A platform stopped for good on its own: the process fails with its error.
        Some(done) => done?,
        None => {
            tracing::info!("stopped");
            Ok(())
        }
    }
}

/// Each configured platform's send budget, shared with the other replicas.
struct Budgets {
    telegram: Option<Arc<Budget>>,
    discord: Option<Arc<Budget>>,
}

impl Budgets {
    fn new(core: &Core) -> Self {
        let config = &core.config;
        Self {
            telegram: config
                .telegram
                .as_ref()
                .map(|t| Budget::new(core.db.clone(), Platform::Telegram, t.max_sends_per_second)),
            discord: config
                .discord
                .as_ref()
                .map(|d| Budget::new(core.db.clone(), Platform::Discord, d.max_sends_per_second)),
        }
    }
}

/// One courier per configured platform, for the reminder scheduler.
fn couriers(core: &Core, budgets: &Budgets) -> anyhow::Result<Vec<Arc<dyn Courier>>> {
    let mut couriers: Vec<Arc<dyn Courier>> = Vec::new();
    if let (Some(cfg), Some(budget)) = (&core.config.telegram, &budgets.telegram) {
        couriers.push(Arc::new(
            telegram::TelegramCourier::new(cfg, budget.clone()).context("telegram courier")?,
        ));
    }
    if let (Some(cfg), Some(budget)) = (&core.config.discord, &budgets.discord) {
        couriers.push(discord::courier(cfg, budget.clone()).context("discord courier")?);
    }
    Ok(couriers)
}
