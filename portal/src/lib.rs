//! The web portal: server-rendered pages and the JSON API over core. Stateless:
//! sessions are signed tokens checked against Postgres, rate limits live in
//! Postgres, so several replicas can serve side by side.

pub mod api;
mod auth;
mod error;
mod extract;
mod metrics;
mod pages;

use std::{net::SocketAddr, sync::Arc, time::Instant};

use axum::{
    Router,
    extract::{DefaultBodyLimit, MatchedPath, Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::{self, Next},
    response::Response,
};
use tasklink_core::{Config, Core};

use crate::metrics::Metrics;

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
    api::routes()
        .router
        .merge(pages::routes())
        .route_layer(middleware::from_fn_with_state(state.clone(), track))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

/// Connects, migrates and serves until Ctrl-C.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let bind = config.portal_bind;
    let max_connections = config.database_max_connections.get();
    let core = Core::start(config, max_connections).await?;
    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!(address = %listener.local_addr()?, "portal listening");
    serve(listener, core).await
}

/// Serves on an already bound listener (tests bind port 0).
pub async fn serve(listener: tokio::net::TcpListener, core: Core) -> anyhow::Result<()> {
    let service = app(core).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
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
    let status = response.status().as_u16();
    state.metrics.record_request(
        &method,
        route.as_ref().map(MatchedPath::as_str),
        status,
        started.elapsed(),
    );
    response
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
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
