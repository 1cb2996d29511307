//! Telegram adapter (teloxide).

use tasklink_core::{Core, config::TelegramConfig};

pub async fn run(_core: Core, _config: TelegramConfig) -> anyhow::Result<()> {
    anyhow::bail!("the Telegram adapter is not built yet")
}
