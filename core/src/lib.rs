//! Tasklink's core: the domain (accounts, tasks, conversations, linking), its
//! storage, the agent, and the chat logic shared by every adapter. It knows no
//! platform API; adapters translate to and from [`chat::Inbound`] and [`chat::Reply`].

pub mod access_tokens;
pub mod accounts;
pub mod agent;
pub mod calendar;
pub mod chat;
pub mod clock;
pub mod commands;
pub mod config;
pub mod conversations;
pub mod db;
pub mod export;
pub mod http;
pub mod keys;
pub mod limits;
pub mod linking;
pub mod mail;
pub mod maintenance;
pub mod quickadd;
pub mod reminders;
pub mod sessions;
pub mod shutdown;
pub mod tasks;
pub mod telemetry;
pub mod time;
pub mod tokens;

use std::sync::Arc;

use sqlx::PgPool;

pub use config::Config;

use crate::{accounts::PasswordHasher, agent::Agent, clock::Clock, tokens::Tokens};

/// Everything a request or a chat message needs, cheap to clone. Holds no
/// per-user state: all of that lives in Postgres, so replicas can run side by side.
#[derive(Clone)]
pub struct Core {
    pub db: PgPool,
    /// "Now" for the agent, the parser and the scheduler; tests set it.
    pub clock: Clock,
    pub config: Arc<Config>,
    pub tokens: Tokens,
    pub passwords: PasswordHasher,
    pub agent: Agent,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot apply database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Core {
    /// Connects to Postgres, applies the migrations and starts the hourly housekeeping.
    pub async fn start(
        config: Config,
        max_connections: u32,
        commits: db::Commits,
    ) -> Result<Self, StartError> {
        let db = db::connect(&config.database_url, max_connections, commits)
            .await
            .map_err(StartError::Connect)?;
        db::migrate(&db).await?;
        db::warm(&db).await;
        maintenance::spawn_hourly(db.clone());
        Ok(Self::new(db, config))
    }

    pub fn new(db: PgPool, config: Config) -> Self {
        Self::with_clock(db, config, Clock::system())
    }

    /// A core whose "now" is `clock` (tests use a fixed one).
    pub fn with_clock(db: PgPool, config: Config, clock: Clock) -> Self {
        Self {
            tokens: Tokens::new(&config.keys),
            passwords: PasswordHasher::default(),
            agent: Agent::new(&config, clock.clone()),
            clock,
            config: Arc::new(config),
            db,
        }
    }

    /// For a process that never deals with portal sessions (the bot): drops
    /// the session key and forgets the configured secret it was derived
    /// from, keeping only the link key. A compromised bot host then cannot
    /// mint portal sessions from this process's memory (and given
    /// `TASKLINK_LINK_KEY` instead of the secret, not from its environment).
    pub fn without_session_key(mut self) -> Self {
        let mut config = (*self.config).clone();
        config.keys = config.keys.link_only();
        self.tokens = Tokens::new(&config.keys);
        self.config = Arc::new(config);
        self
    }

    /// The key that signs list cursors (its own, see [`keys`]). A process
    /// given only the link key (a bot; the portal refuses to start so) signs
    /// with a throwaway key instead: its cursors verify nowhere.
    pub fn cursor_key(&self) -> tasks::CursorKey {
        let key = self.config.keys.key(keys::Purpose::Cursor);
        tasks::CursorKey::new(&key.unwrap_or_else(rand::random))
    }
}
