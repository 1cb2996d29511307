//! When a process should stop: SIGTERM (what container runtimes and systemd
//! send) or SIGINT (Ctrl-C). Both binaries wait on [`signal`], stop taking new
//! work when it fires, and give what is in flight at most [`GRACE`] to finish.

use std::time::Duration;

/// How long in-flight work may take to finish once a stop is asked for.
pub const GRACE: Duration = Duration::from_secs(20);

/// Resolves on the first SIGTERM or SIGINT. Once this has been called the
/// process no longer dies of those signals by default: the caller decides.
pub async fn signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(error.cause_chain = ?error, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(error) => {
                tracing::error!(error.cause_chain = ?error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!(signal = "SIGINT", "stop requested"),
        () = terminate => tracing::info!(signal = "SIGTERM", "stop requested"),
    }
}

/// A stop request shared by the parts of a process: each clone resolves
/// [`Stop::requested`] once [`StopHandle::stop`] is called (or the handle is gone).
#[derive(Clone, Debug)]
pub struct Stop {
    rx: tokio::sync::watch::Receiver<bool>,
    /// Set only by [`Stop::never`]: keeps its sender, so it never resolves.
    _never: Option<std::sync::Arc<tokio::sync::watch::Sender<bool>>>,
}

/// Asks every [`Stop`] of its [`channel`] to stop.
#[derive(Debug)]
pub struct StopHandle(tokio::sync::watch::Sender<bool>);

pub fn channel() -> (StopHandle, Stop) {
    let (tx, rx) = tokio::sync::watch::channel(false);
    (StopHandle(tx), Stop { rx, _never: None })
}

impl StopHandle {
    pub fn stop(&self) {
        self.0.send_replace(true);
    }
}

impl Stop {
    /// A stop that never comes (tests that run until they are dropped).
    pub fn never() -> Self {
        let (tx, rx) = tokio::sync::watch::channel(false);
        Self {
            rx,
            _never: Some(std::sync::Arc::new(tx)),
        }
    }

    pub async fn requested(mut self) {
        // An error means the handle is gone: nobody can ask any more, so stop.
        let _ = self.rx.wait_for(|stop| *stop).await;
    }
}

/// Counts work in flight (event handlers the platform library spawns on its
/// own), so a stop can wait for it to finish.
#[derive(Clone, Debug)]
pub struct InFlight(std::sync::Arc<tokio::sync::watch::Sender<usize>>);

/// Held while one piece of work runs.
#[derive(Debug)]
pub struct InFlightGuard(std::sync::Arc<tokio::sync::watch::Sender<usize>>);

impl Default for InFlight {
    fn default() -> Self {
        Self(std::sync::Arc::new(tokio::sync::watch::Sender::new(0)))
    }
}

impl InFlight {
    pub fn enter(&self) -> InFlightGuard {
        self.0.send_modify(|n| *n += 1);
        InFlightGuard(self.0.clone())
    }

    /// Resolves when nothing is in flight.
    pub async fn idle(&self) {
        let _ = self.0.subscribe().wait_for(|n| *n == 0).await;
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n -= 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stop_reaches_every_clone_and_in_flight_work_is_awaited() {
        let (handle, stop) = channel();
        let waiters: Vec<_> = (0..3).map(|_| tokio::spawn(stop.clone().requested())).collect();
        handle.stop();
        for waiter in waiters {
            waiter.await.unwrap();
        }
        stop.requested().await;

        let in_flight = InFlight::default();
        in_flight.idle().await;
        let guard = in_flight.enter();
        let idle = tokio::spawn({
            let in_flight = in_flight.clone();
            async move { in_flight.idle().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!idle.is_finished());
        drop(guard);
        idle.await.unwrap();
    }
}
