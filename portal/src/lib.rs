//! The web portal: HTML pages and the JSON API over core.

use axum::{Router, routing::get};
use tasklink_core::{Config, Core};

pub fn app(core: Core) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .with_state(core)
}

/// Connects, migrates and serves until Ctrl-C.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let bind = config.portal_bind;
    let core = Core::start(config, 20).await?;
    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!(address = %bind, "portal listening");
    axum::serve(listener, app(core))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
