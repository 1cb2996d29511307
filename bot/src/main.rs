use tasklink_core::{Config, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Config first: it loads `./.env`, which may set RUST_LOG.
    let config = Config::load(env!("CARGO_BIN_NAME"), "Tasklink's Telegram and Discord bot.");
    telemetry::init();
    tasklink_bot::run(config).await
}
