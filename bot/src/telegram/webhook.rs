//! The webhook's HTTP side: an update is answered 200 only once it is stored
//! in the inbox (Telegram retries anything else), and the server has the same
//! limits as the portal's (`tasklink_core::http`): a header-read timeout, a
//! request timeout, a body limit and a connection cap.

use std::time::Duration;

use axum::{
    Router,
    body::{Body, to_bytes},
    extract::{Request, State},
    http::StatusCode,
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use tasklink_core::http::{self, ServeOptions};
use teloxide::types::Update;
use tokio::net::TcpListener;

use super::inbox::Intake;

/// Largest update accepted; Telegram's are a few kilobytes.
pub(crate) const MAX_BODY_BYTES: usize = 256 * 1024;

/// The webhook server's limits: Telegram opens at most 100 connections
/// (`max_connections` of `setWebhook`, 40 by default) and its requests are small.
pub(crate) fn options() -> ServeOptions {
    ServeOptions {
        header_read_timeout: Duration::from_secs(10),
        request_timeout: Duration::from_secs(30),
        max_connections: 128,
        ..ServeOptions::default()
    }
}

#[derive(Clone)]
struct Webhook {
    intake: Intake,
    secret: String,
}

/// teloxide's webhook router with the inbox in front: a message for the bot
/// is stored (and queued) before the 200; anything else goes on to teloxide's
/// handler and the dispatcher.
pub(crate) fn durable(router: Router, intake: Intake, secret: String) -> Router {
    router.layer(middleware::from_fn_with_state(Webhook { intake, secret }, keep))
}

async fn keep(State(webhook): State<Webhook>, request: Request, next: Next) -> Response {
    let authentic = request
        .headers()
        .get("x-telegram-bot-api-secret-token")
        .is_some_and(|v| constant_time_eq(v.as_bytes(), webhook.secret.as_bytes()));
    if !authentic {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Ok(update) = serde_json::from_slice::<Update>(&bytes) else {
        // teloxide's handler logs what it cannot read and answers 200, so
        // Telegram does not retry it forever.
        return next.run(Request::from_parts(parts, Body::from(bytes))).await;
    };
    match webhook.intake.try_keep(update).await {
        Ok(None) => StatusCode::OK.into_response(),
        Ok(Some(_)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(error) => {
            // Not stored, so not confirmed: Telegram delivers it again.
            tracing::warn!(error.cause_chain = ?error, "could not store a webhook update");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Serves the webhook until `stopped` (teloxide's stop), with the limits of [`options`].
pub(crate) async fn serve(listener: TcpListener, router: Router, stopped: impl Future<Output = ()> + Send) {
    if let Err(error) = http::serve("telegram webhook", listener, router, options(), stopped).await {
        tracing::error!(error.cause_chain = ?error, "webhook server stopped");
    }
}
