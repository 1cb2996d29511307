//! Discord adapter (serenity).

use tasklink_core::{Core, config::DiscordConfig};

pub async fn run(_core: Core, _config: DiscordConfig) -> anyhow::Result<()> {
    anyhow::bail!("the Discord adapter is not built yet")
}
