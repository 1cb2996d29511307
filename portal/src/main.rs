use tasklink_core::{Config, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Config first: it loads `./.env`, which may set RUST_LOG.
    let config = Config::load(env!("CARGO_BIN_NAME"), "Tasklink's web portal and JSON API.");
    telemetry::init();
    tasklink_portal::run(config).await
}
