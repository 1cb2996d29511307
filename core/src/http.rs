//! The HTTP server loop both binaries use (the portal, the Telegram webhook),
//! with limits so slow or numerous clients cannot hold it: a header-read
//! timeout, a request timeout, a connection cap, and a bounded graceful stop.
//!
//! hyper's own connection loop rather than `axum::serve`, which has no
//! header-read timeout or connection cap.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::{Router, http::StatusCode};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, sync::Semaphore};
use tower::Service as _;
use tower_http::timeout::TimeoutLayer;

use crate::shutdown;

/// Limits of the HTTP server, so slow or numerous clients cannot hold it
/// (file descriptors, memory, a stop that never ends). Tests shorten them.
#[derive(Clone, Copy, Debug)]
pub struct ServeOptions {
    /// A request's head (request line and headers) must arrive within this,
    /// or the connection is closed: a client sending a byte every few seconds
    /// cannot keep it open. Also bounds how long an idle keep-alive connection waits.
    pub header_read_timeout: Duration,
    /// A request, body included, is answered within this (408 after it). The
    /// portal's is above the agent's turn budget (twice the model timeout, 60 s by default).
    pub request_timeout: Duration,
    /// Open connections at most; further clients wait in the listen backlog.
    pub max_connections: usize,
    /// After a stop, requests in flight get this long to finish.
    pub grace: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(90),
            max_connections: 1024,
            grace: shutdown::GRACE,
        }
    }
}

/// Serves `router` (which sees the peer as `ConnectInfo<SocketAddr>`) until
/// `stop` resolves, then stops accepting, lets the requests in flight finish
/// (closing idle connections) for at most `options.grace`, and returns.
/// `name` is for the log.
pub async fn serve(
    name: &'static str,
    listener: TcpListener,
    router: Router,
    options: ServeOptions,
    stop: impl Future<Output = ()> + Send,
) -> Result<(), tokio::sync::AcquireError> {
    let router = router.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        options.request_timeout,
    ));
    let mut make_service = router.into_make_service_with_connect_info::<SocketAddr>();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout);
    let connections = Arc::new(Semaphore::new(options.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit?,
            () = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, or the peer gave up: not fatal.
                    tracing::warn!(server = name, error.cause_chain = ?error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let Ok(service) = make_service.call(peer).await;
        let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // Errors here are the client's (reset, header timeout, bad request).
            if let Err(error) = connection.await {
                tracing::debug!(server = name, %peer, error = %error, "connection ended");
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!(
        server = name,
        connections = graceful.count(),
        "stopping: finishing requests in flight"
    );
    if tokio::time::timeout(options.grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(server = name, grace = ?options.grace, "requests still running after the grace period; stopping anyway");
    }
    Ok(())
}
