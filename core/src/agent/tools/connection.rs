//! One pooled connection for the statements of one message. sqlx pings a
//! connection every time it goes back to the pool (one round trip, which it
//! does not let us turn off), so a message whose statements each took their
//! own connection paid about twice its statements; on a [`Held`] connection
//! it pays one ping.

use std::ops::{Deref, DerefMut};

use sqlx::{PgConnection, PgPool, Postgres, pool::PoolConnection};
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

/// A connection taken from the pool on first use and kept for the
/// following statements until [`release`](Held::release) or drop.
pub struct Held {
    pool: PgPool,
    slot: Mutex<Option<PoolConnection<Postgres>>>,
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Held").finish_non_exhaustive()
    }
}

/// A connection to run statements on: the held one, or (when that one is
/// busy, e.g. a nested call) one of the pool's.
pub enum Conn<'a> {
    Held(MappedMutexGuard<'a, PoolConnection<Postgres>>),
    Own(PoolConnection<Postgres>),
}

impl Held {
    pub fn new(pool: &PgPool) -> Self {
        Self {
            pool: pool.clone(),
            slot: Mutex::new(None),
        }
    }

    /// The held connection, taken from the pool if it is not held yet. Never
    /// waits for itself: while the held one is in use, another is lent.
    pub async fn get(&self) -> Result<Conn<'_>, sqlx::Error> {
        let Ok(mut slot) = self.slot.try_lock() else {
            return Ok(Conn::Own(self.pool.acquire().await?));
        };
        if slot.is_none() {
            *slot = Some(self.pool.acquire().await?);
        }
        Ok(Conn::Held(MutexGuard::map(slot, |c| {
            c.as_mut().expect("filled above")
        })))
    }

    /// Gives the connection back to the pool before a wait that needs none
    /// (the model); the next [`get`](Self::get) takes one again.
    pub fn release(&self) {
        if let Ok(mut slot) = self.slot.try_lock() {
            slot.take();
        }
    }
}

impl Deref for Conn<'_> {
    type Target = PgConnection;

    fn deref(&self) -> &PgConnection {
        match self {
            Self::Held(c) => c,
            Self::Own(c) => c,
        }
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut PgConnection {
        match self {
            Self::Held(c) => c,
            Self::Own(c) => c,
        }
    }
}
