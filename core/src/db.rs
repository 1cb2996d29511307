//! The Postgres pool and the embedded migrations.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sqlx::{PgPool, migrate::Migrator, postgres::PgPoolOptions};

/// `migrations/` at the workspace root, embedded in both binaries.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

pub async fn connect(url: &SecretString, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        // No ping before every checkout: it doubled the round trips of the hot
        // path (BENCHMARKS.md). A connection that died is dropped on its first error.
        .test_before_acquire(false)
        .connect(url.expose_secret())
        .await
}

/// Applies pending migrations. Safe with several replicas starting at once:
/// sqlx takes an advisory lock around them.
pub async fn migrate(db: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(db).await
}
