//! What every fake server does the same way: listen on a loopback port in the
//! background, and let tests wait for what the code under test sent.

use std::{net::SocketAddr, time::Duration};

use axum::Router;
use tokio::{net::TcpListener, sync::watch};

/// A loopback listener on a free port, and its address.
pub async fn bind(what: &str) -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind {what}: {e}"));
    let addr = listener.local_addr().expect("local addr");
    (listener, addr)
}

/// Serves `app` on `listener` until the test ends.
pub fn spawn(listener: TcpListener, app: Router) {
    tokio::spawn(async move { axum::serve(listener, app).await });
}

/// Binds a loopback port and serves `app` on it; returns the address.
pub async fn start(what: &str, app: Router) -> SocketAddr {
    let (listener, addr) = bind(what).await;
    spawn(listener, app);
    addr
}

/// Checks again each time `changes` moves until `check` finds something; after
/// `timeout` fails the test with `what` and the fake's account of what happened.
pub async fn wait_until<T>(
    changes: &watch::Sender<u64>,
    timeout: Duration,
    what: &str,
    mut check: impl FnMut() -> Option<T>,
    account: impl FnOnce() -> String,
) -> T {
    let mut changed = changes.subscribe();
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(found) = check() {
            return found;
        }
        if tokio::time::timeout_at(deadline, changed.changed())
            .await
            .is_err()
        {
            panic!("timed out after {timeout:?} waiting for {what}; {}", account());
        }
    }
}
