//! One key per purpose, derived from `TASKLINK_JWT_SECRET`.
//!
//! Each key is HMAC-SHA256(secret, label): the labels differ, so the keys are
//! independent, and a value signed for one purpose (a link token, a list
//! cursor) can never verify as another (a portal session), whatever its
//! claims say. The secret itself signs nothing. A process that only needs
//! some purposes keeps only their keys: the bot holds the link key, never the
//! session key (see [`crate::Core::without_session_key`]).

use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Portal session JWTs (`aud` = `tasklink-portal`).
    Session,
    /// Link tokens (`aud` = `tasklink-link`).
    Link,
    /// Signed list cursors (`/api/tasks?cursor=`).
    Cursor,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Self::Session => b"tasklink key v1: portal sessions",
            Self::Link => b"tasklink key v1: link tokens",
            Self::Cursor => b"tasklink key v1: list cursors",
        }
    }
}

/// The key for `purpose`, 32 bytes.
pub fn derive(secret: &[u8], purpose: Purpose) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(purpose.label());
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_purpose_has_its_own_key_and_none_is_the_secret() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let keys = [Purpose::Session, Purpose::Link, Purpose::Cursor].map(|p| derive(secret, p));
        assert_ne!(keys[0], keys[1]);
        assert_ne!(keys[0], keys[2]);
        assert_ne!(keys[1], keys[2]);
        assert!(keys.iter().all(|k| k.as_slice() != secret.as_slice()));
        // Stable: the same secret gives the same keys in every process.
        assert_eq!(derive(secret, Purpose::Link), keys[1]);
        assert_ne!(
            derive(b"another secret that is 32 bytes!", Purpose::Link),
            keys[1]
        );
    }
}
