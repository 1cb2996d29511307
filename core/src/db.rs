//! The Postgres pool and the embedded migrations.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sqlx::{
    PgPool,
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPoolOptions},
};

/// `migrations/` at the workspace root, embedded in both binaries.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

/// The tables every chat message or page touches. A new Postgres backend
/// knows nothing of them yet: its first statements on them load their
/// catalog entries (and their indexes') first, about a millisecond each, and
/// a pool filling up under load paid that on every connection at once.
const HOT_TABLES: &[&str] = &[
    "users",
    "sessions",
    "linked_accounts",
    "tasks",
    "conversations",
    "messages",
    "chat_conversations",
    "processed_updates",
    "rate_limits",
    "inbox",
    "turn_effects",
    "turn_locks",
    "send_budgets",
    "outbox",
];

/// When a process's commits return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Commits {
    /// Once they are on disk (Postgres's default): the portal, whose every
    /// answer tells someone their change is saved.
    Durable,
    /// Before their WAL is flushed (`synchronous_commit = off`; Postgres
    /// flushes it within about 0.6 s, and a crash of Postgres itself, not of
    /// this process, loses at most that): the bot. Everything it does after
    /// storing a delivery in the inbox is replayed from the inbox after a
    /// crash, with effects recorded once (`chat::inbox`), so a lost commit
    /// only means the step runs again; the intake itself still waits for the
    /// disk, since the platform is told the delivery arrived right after.
    /// Waiting for the disk on every step made each message wait for several
    /// flushes, the largest part of the paced benchmark's tail (BENCHMARKS.md).
    Replayable,
}

pub async fn connect(
    url: &SecretString,
    max_connections: u32,
    commits: Commits,
) -> Result<PgPool, sqlx::Error> {
    let mut options: PgConnectOptions = url.expose_secret().parse()?;
    if commits == Commits::Replayable {
        options = options.options([("synchronous_commit", "off")]);
    }
    PgPoolOptions::new()
        .max_connections(max_connections)
        .after_connect(|conn, _| {
            Box::pin(async move {
                // Before the migrations, on a new database, there is nothing to warm.
                let warm: String = HOT_TABLES
                    .iter()
                    .map(|t| format!("SELECT FROM {t} LIMIT 0;"))
                    .collect();
                let warmed = match sqlx::raw_sql(sqlx::AssertSqlSafe(warm)).execute(&mut *conn).await {
                    Ok(_) => crate::chat::warm(conn).await,
                    Err(error) => Err(error),
                };
                if let Err(error) = warmed {
                    tracing::debug!(error.cause_chain = ?error, "connection not warmed");
                }
                Ok(())
            })
        })
        .acquire_timeout(Duration::from_secs(10))
        // No ping before every checkout: it doubled the round trips of the hot
        // path (BENCHMARKS.md). A connection that died is dropped on its first error.
        .test_before_acquire(false)
        .connect_with(options)
        .await
}

/// Opens all of the pool's connections at once (each warmed by
/// [`connect`]'s hook), before the process takes any work: a pool that grew
/// under the first burst of messages opened its connections while they
/// waited (authentication, a new backend, its catalog caches), and those
/// were the slowest replies of the paced benchmark. Connections left idle
/// close again after sqlx's idle timeout.
pub async fn warm(db: &PgPool) {
    let connections = db.options().get_max_connections();
    let opened = futures::future::join_all((0..connections).map(|_| db.acquire())).await;
    let failed = opened.iter().filter(|c| c.is_err()).count();
    if failed > 0 {
        tracing::warn!(failed, "some database connections could not be opened at start");
    }
}

/// Applies pending migrations. Safe with several replicas starting at once:
/// sqlx takes an advisory lock around them.
pub async fn migrate(db: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(db).await
}
