//! Replies over Discord's REST API, and the one place that waits out rate limits.
//!
//! serenity's ratelimiter ignores `HttpBuilder::proxy`, so it is off whenever
//! `DISCORD_API_URL` is set, and serenity's errors drop a 429's body and
//! headers. So replies are serenity-built requests executed here, where the
//! status, `retry_after` and `Retry-After` can be read.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serenity::{
    all::{
        ChannelId, CreateInteractionResponse, CreateInteractionResponseFollowup, CreateMessage,
        EditInteractionResponse, InteractionId, UserId,
    },
    http::{Http, LightMethod, Request, Route},
};

use super::{Error, Result};
use crate::pacer::Budget;

/// Tries per request, the first included.
const MAX_ATTEMPTS: u32 = 4;
/// When a 429 says neither in its body nor in `Retry-After` how long to wait.
const DEFAULT_RETRY: Duration = Duration::from_secs(1);
/// A longer wait than this is not worth holding a reply for: give up instead.
const MAX_RETRY: Duration = Duration::from_secs(30);
/// A proactive send (a reminder) waits at most this long for a 429: longer,
/// and it fails for now and the scheduler tries it again later.
const MAX_PACED_RETRY: Duration = Duration::from_secs(5);
/// First wait after a 5xx or a network error; doubles each time.
const BASE_BACKOFF: Duration = Duration::from_millis(250);

pub(crate) struct Sender<'a> {
    pub(crate) http: &'a Http,
    pub(crate) client: &'a reqwest012::Client,
    /// Proactive sends take a slot of the bot's send budget before every
    /// attempt; replies to people chatting have none.
    pub(crate) pacer: Option<&'a Budget>,
}

impl Sender<'_> {
    pub(crate) async fn message(&self, channel_id: ChannelId, body: &CreateMessage) -> Result<()> {
        self.execute(Route::ChannelMessages { channel_id }, LightMethod::Post, body)
            .await
            .map(drop)
    }

    /// Opens (or finds) the DM channel with `user`.
    pub(crate) async fn dm_channel(&self, user: UserId) -> Result<ChannelId> {
        #[derive(Deserialize)]
        struct Channel {
            id: ChannelId,
        }
        let body = serde_json::json!({ "recipient_id": user });
        let answer = self
            .execute(Route::UserMeDmChannels, LightMethod::Post, &body)
            .await?;
        Ok(serde_json::from_slice::<Channel>(&answer)?.id)
    }

    /// The first answer to an interaction (it must come within 3 seconds).
    pub(crate) async fn respond(
        &self,
        interaction_id: InteractionId,
        token: &str,
        body: &CreateInteractionResponse,
    ) -> Result<()> {
        let route = Route::InteractionResponse {
            interaction_id,
            token,
        };
        self.execute(route, LightMethod::Post, body).await.map(drop)
    }

    /// Replaces the first answer (after a deferral, or to update a message).
    pub(crate) async fn edit_original(&self, token: &str, body: &EditInteractionResponse) -> Result<()> {
        let application_id = self.http.application_id().ok_or(Error::NoApplicationId)?;
        let route = Route::WebhookOriginalInteractionResponse {
            application_id,
            token,
        };
        self.execute(route, LightMethod::Patch, body).await.map(drop)
    }

    /// A further message answering the same interaction.
    pub(crate) async fn followup(&self, token: &str, body: &CreateInteractionResponseFollowup) -> Result<()> {
        let application_id = self.http.application_id().ok_or(Error::NoApplicationId)?;
        let route = Route::WebhookFollowupMessages {
            application_id,
            token,
        };
        self.execute(route, LightMethod::Post, body).await.map(drop)
    }

    /// Sends one request, waiting out 429s and retrying 5xx and network
    /// errors with backoff, a bounded number of times.
    async fn execute(&self, route: Route<'_>, method: LightMethod, body: &impl Serialize) -> Result<Vec<u8>> {
        let request = Request::new(route, method).body(Some(serde_json::to_vec(body)?));
        let max_retry = if self.pacer.is_some() {
            MAX_PACED_RETRY
        } else {
            MAX_RETRY
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let backoff = BASE_BACKOFF * 2u32.pow(attempt - 1);
            if let Some(pacer) = self.pacer {
                pacer.acquire().await;
            }
            let wait = match self.perform(request.clone()).await {
                Ok(answer) if answer.status == 429 => {
                    let wait = answer.retry_after();
                    // Over the bot's global limit: every proactive send holds off, not just this one.
                    if let (true, Some(pacer)) = (answer.global(), self.pacer) {
                        pacer.pause(wait).await;
                    }
                    if attempt >= MAX_ATTEMPTS || wait > max_retry {
                        return Err(Error::RateLimited { attempts: attempt });
                    }
                    wait
                }
                Ok(answer) if answer.status >= 500 && attempt < MAX_ATTEMPTS => backoff,
                Ok(answer) => return answer.into_result(),
                Err(Error::Transport(_)) if attempt < MAX_ATTEMPTS => backoff,
                Err(e) => return Err(e),
            };
            tracing::warn!(
                attempt,
                wait_ms = wait.as_millis(),
                "Discord refused or failed; retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    async fn perform(&self, request: Request<'_>) -> Result<Answer> {
        let response = match &self.http.ratelimiter {
            // On discord.com serenity's ratelimiter paces requests per route (and retries 429s itself).
            Some(ratelimiter) => ratelimiter
                .perform(request)
                .await
                .map_err(|e| Error::Request(Box::new(e)))?,
            None => {
                let request = request
                    .build(self.client, self.http.token(), self.http.proxy.as_deref())
                    .map_err(|e| Error::Request(Box::new(e)))?
                    .build()
                    .map_err(transport)?;
                self.client.execute(request).await.map_err(transport)?
            }
        };
        let status = response.status().as_u16();
        let retry_after_header = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let global_header = response
            .headers()
            .get("x-ratelimit-global")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"));
        let body = response.bytes().await.map_err(transport)?.to_vec();
        Ok(Answer {
            status,
            retry_after_header,
            global_header,
            body,
        })
    }
}

/// A network error, without its URL: interaction URLs carry their token.
fn transport(e: reqwest012::Error) -> Error {
    Error::Transport(e.without_url())
}

struct Answer {
    status: u16,
    /// Seconds, from the `Retry-After` header.
    retry_after_header: Option<f64>,
    /// `X-RateLimit-Global: true`.
    global_header: bool,
    body: Vec<u8>,
}

impl Answer {
    fn into_result(self) -> Result<Vec<u8>> {
        if (200..300).contains(&self.status) {
            Ok(self.body)
        } else {
            Err(Error::Status {
                status: self.status,
                body: String::from_utf8_lossy(&self.body).chars().take(500).collect(),
            })
        }
    }

    /// A 429 for the whole bot rather than one route: the header, or `"global": true` in the body.
    fn global(&self) -> bool {
        #[derive(Deserialize)]
        struct RateLimited {
            #[serde(default)]
            global: bool,
        }
        self.global_header || serde_json::from_slice::<RateLimited>(&self.body).is_ok_and(|b| b.global)
    }

    /// The body's `retry_after` (seconds, fractional), else the header, else a default.
    fn retry_after(&self) -> Duration {
        #[derive(Deserialize)]
        struct RateLimited {
            retry_after: f64,
        }
        serde_json::from_slice::<RateLimited>(&self.body)
            .ok()
            .map(|b| b.retry_after)
            .or(self.retry_after_header)
            .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
            .unwrap_or(DEFAULT_RETRY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str, header: Option<f64>) -> Answer {
        Answer {
            status: 429,
            retry_after_header: header,
            global_header: false,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn retry_after_prefers_the_body_then_the_header_then_a_default() {
        let json = r#"{"message": "You are being rate limited.", "retry_after": 0.25, "global": false}"#;
        assert_eq!(answer(json, Some(3.0)).retry_after(), Duration::from_millis(250));
        assert_eq!(
            answer("<html>slow down</html>", Some(2.0)).retry_after(),
            Duration::from_secs(2)
        );
        assert_eq!(answer("", None).retry_after(), DEFAULT_RETRY);
        assert_eq!(
            answer(r#"{"retry_after": -1}"#, None).retry_after(),
            DEFAULT_RETRY
        );
    }
}
