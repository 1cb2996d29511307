//! Housekeeping of tables that only grow: de-duplication records, spent
//! rate-limit windows, expired sessions, password-reset links and link tokens. Safe to run
//! from every replica at once.

use std::time::Duration;

use sqlx::PgPool;

/// Redeliveries come within minutes (a restart, a webhook retry); a week is ample.
const KEEP_PROCESSED_UPDATES_DAYS: f64 = 7.0;

pub async fn prune(db: &PgPool) -> Result<u64, sqlx::Error> {
    let updates = sqlx::query!(
        "DELETE FROM processed_updates WHERE processed_at < now() - make_interval(days => $1)",
        KEEP_PROCESSED_UPDATES_DAYS as i32,
    )
    .execute(db)
    .await?;
    // Handled messages, with the record of their effects; a redelivery comes long before.
    let inbox = sqlx::query!(
        "DELETE FROM inbox WHERE done_at < now() - make_interval(days => $1)",
        KEEP_PROCESSED_UPDATES_DAYS as i32,
    )
    .execute(db)
    .await?;
    let windows = sqlx::query!("DELETE FROM rate_limits WHERE window_start < now() - interval '1 hour'")
        .execute(db)
        .await?;
    let sessions = sqlx::query!("DELETE FROM sessions WHERE expires_at < now()")
        .execute(db)
        .await?;
    let resets = sqlx::query!("DELETE FROM password_resets WHERE expires_at < now() - interval '1 day'")
        .execute(db)
        .await?;
    // Kept a day past expiry, so a late `/link` still hears "expired" rather than "not valid".
    // Reset links that expired waiting in the outbox: their text goes too.
    let messages = crate::reminders::outbox::expire_messages(db).await?;
    let link_tokens = sqlx::query!("DELETE FROM link_tokens WHERE expires_at < now() - interval '1 day'")
        .execute(db)
        .await?;
    Ok(messages
        + updates.rows_affected()
        + windows.rows_affected()
        + sessions.rows_affected()
        + resets.rows_affected()
        + inbox.rows_affected()
        + link_tokens.rows_affected())
}

/// Prunes now and then every hour, in the background.
pub fn spawn_hourly(db: PgPool) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            match prune(&db).await {
                Ok(n) => tracing::debug!(rows = n, "pruned old records"),
                Err(e) => tracing::warn!(error.cause_chain = ?e, "pruning old records failed"),
            }
        }
    });
}
