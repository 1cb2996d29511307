//! The web portal: server-rendered pages and the JSON API over core. Stateless:
//! sessions are signed tokens checked against Postgres, rate limits live in
//! Postgres, so several replicas can serve side by side.

pub mod api;
mod auth;
mod error;
mod extract;
mod mcp;
mod metrics;
mod pages;
mod turns;

use std::{num::NonZeroU32, sync::Arc, time::Instant};

use axum::{
    Router,
    extract::{DefaultBodyLimit, MatchedPath, Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::{self, Next},
    response::Response,
};
use tasklink_core::{Config, Core, db, keys::KeyMaterial, shutdown};
use tokio::net::TcpListener;

use crate::metrics::Metrics;

/// The pool's size when `DATABASE_MAX_CONNECTIONS` is unset.
const CONNECTIONS: u32 = 20;

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub core: Core,
    metrics: Arc<Metrics>,
}

/// The whole portal as a router, for `run` and for tests.
pub fn app(core: Core) -> Router {
    let state = AppState {
        core,
        metrics: Arc::default(),
    };
    // `/mcp` is rmcp's service; the layer in front of it authenticates the
    // personal access token and passes its owner on in the request's extensions.
    let mcp = tower::Layer::layer(
        &middleware::from_fn_with_state(state.clone(), mcp::authenticate),
        mcp::service(&state.core),
    );
    api::routes()
        .router
        .merge(pages::routes())
        .nest_service("/mcp", mcp)
        .route_layer(middleware::from_fn_with_state(state.clone(), track))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::map_response_with_state(
            state.clone(),
            security_headers,
        ))
        .with_state(state)
}

pub use tasklink_core::http::ServeOptions;

/// Connects, migrates and serves until SIGTERM or SIGINT.
pub async fn run(config: Config) -> anyhow::Result<()> {
    anyhow::ensure!(
        matches!(config.keys, KeyMaterial::Secret(_)),
        "the portal needs TASKLINK_JWT_SECRET (TASKLINK_LINK_KEY alone is for the bot)"
    );
    let bind = config.portal_bind;
    let max_connections = config
        .database_max_connections
        .map_or(CONNECTIONS, NonZeroU32::get);
    let core = Core::start(config, max_connections, db::Commits::Durable).await?;
    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!(address = %listener.local_addr()?, "portal listening");
    serve_with(listener, core, ServeOptions::default(), shutdown::signal()).await
}

/// Serves on an already bound listener (tests bind port 0) until SIGTERM or SIGINT.
pub async fn serve(listener: TcpListener, core: Core) -> anyhow::Result<()> {
    serve_with(listener, core, ServeOptions::default(), shutdown::signal()).await
}

/// Serves until `stop` resolves, then stops accepting, lets the requests in
/// flight finish (closing idle connections) for at most `options.grace`, and
/// returns. The server's limits are core's (`tasklink_core::http`), shared with
/// the bot's webhook.
pub async fn serve_with(
    listener: TcpListener,
    core: Core,
    options: ServeOptions,
    stop: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    tasklink_core::http::serve("portal", listener, app(core), options, stop).await?;
    Ok(())
}

/// A span per request, and its count and latency in the metrics.
async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let method = request.method().clone();
    let route_label = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    let span = tracing::info_span!("request", %method, route = %route_label);
    let started = Instant::now();
    let response = tracing::Instrument::instrument(next.run(request), span).await;
    if let Some(cause) = response.extensions().get::<error::Cause>() {
        tracing::error!(%method, route = %route_label, error.cause_chain = ?cause, "request failed");
    }
    let status = response.status().as_u16();
    state.metrics.record_request(
        &method,
        route.as_ref().map(MatchedPath::as_str),
        status,
        started.elapsed(),
    );
    response
}

async fn security_headers(State(state): State<AppState>, mut response: Response) -> Response {
    let headers = response.headers_mut();
    // Pages and API answers carry personal data or tokens: no cache keeps them
    // unless a route says otherwise (the stylesheet does).
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.core.config.secure_cookies() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    let set = |headers: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    );
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // `same-origin`, not `no-referrer`: with the latter browsers send `Origin: null` on
    // form posts, which the log-in form's origin check must refuse.
    set(headers, header::REFERRER_POLICY, "same-origin");
    response
}
