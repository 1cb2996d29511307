//! The chat bot process: thin Telegram and Discord adapters over core. Each
//! translates its platform's updates into `chat::Inbound`, lets core decide, and
//! renders the `chat::Reply`; neither holds business logic or state.

pub mod discord;
mod lanes;
pub mod pacer;
mod split;
pub mod telegram;

use std::sync::Arc;

use anyhow::Context;
use tasklink_core::{
    Config, Core,
    reminders::{self, Courier},
    shutdown,
};

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
    let max_connections = config.database_max_connections.get();
    // The bot verifies link tokens and nothing else: it keeps no session key.
    let core = Core::start(config, max_connections)
        .await
        .context("starting core")?
        .without_session_key();
    if !core.agent.uses_model() {
        tracing::info!("no OPENAI_API_KEY or OPENAI_BASE_URL: free text goes to the offline parser");
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
        let couriers = couriers(&core)?;
        let (core, stopped) = (core.clone(), stopped.clone());
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

/// One courier per configured platform, for the reminder scheduler.
fn couriers(core: &Core) -> anyhow::Result<Vec<Arc<dyn Courier>>> {
    let mut couriers: Vec<Arc<dyn Courier>> = Vec::new();
    if let Some(cfg) = &core.config.telegram {
        couriers.push(Arc::new(
            telegram::TelegramCourier::new(cfg).context("telegram courier")?,
        ));
    }
    if let Some(cfg) = &core.config.discord {
        couriers.push(discord::courier(cfg).context("discord courier")?);
    }
    Ok(couriers)
}
