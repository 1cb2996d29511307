//! The chat bot process: thin Telegram and Discord adapters over core. Each
//! translates its platform's updates into `chat::Inbound`, lets core decide, and
//! renders the `chat::Reply`; neither holds business logic or state.

pub mod discord;
mod lanes;
mod split;
pub mod telegram;

use anyhow::Context;
use tasklink_core::{Config, Core};

/// Connects, migrates and runs every configured platform until Ctrl-C or
/// until one of them stops for good.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let telegram = config.telegram.clone();
    let discord = config.discord.clone();
    if telegram.is_none() && discord.is_none() {
        anyhow::bail!("no chat platform configured: set TELEGRAM_BOT_TOKEN and/or DISCORD_BOT_TOKEN");
    }
    let max_connections = config.database_max_connections.get();
    let core = Core::start(config, max_connections)
        .await
        .context("starting core")?;
    if !core.agent.uses_model() {
        tracing::info!("no OPENAI_API_KEY or OPENAI_BASE_URL: free text goes to the offline parser");
    }

    let mut platforms = tokio::task::JoinSet::new();
    if let Some(cfg) = telegram {
        let core = core.clone();
        platforms.spawn(async move { telegram::run(core, cfg).await.context("telegram") });
    }
    if let Some(cfg) = discord {
        let core = core.clone();
        platforms.spawn(async move { discord::run(core, cfg).await.context("discord") });
    }
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {
            tracing::info!("shutting down");
            Ok(())
        }
        Some(done) = platforms.join_next() => done?,
    }
}
