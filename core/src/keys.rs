//! One key per purpose, derived from `TASKLINK_JWT_SECRET`.
//!
//! Each key is HMAC-SHA256(secret, label): the labels differ, so the keys are
//! independent, and a value signed for one purpose (a link token, a list
//! cursor) can never verify as another (a portal session), whatever its
//! claims say. The secret itself signs nothing. A process that only needs
//! some purposes keeps only their keys: the bot holds the link key, never the
//! session key (see [`crate::Core::without_session_key`]). A bot host that
//! should not hold the secret at all is given `TASKLINK_LINK_KEY`, the link
//! key alone ([`KeyMaterial::LinkOnly`]).

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox, SecretString};
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

/// What a process signs and verifies with.
#[derive(Debug)]
pub enum KeyMaterial {
    /// `TASKLINK_JWT_SECRET`: every purpose's key derives from it.
    Secret(SecretString),
    /// `TASKLINK_LINK_KEY` alone: link tokens only (a bot replica).
    LinkOnly(SecretBox<[u8; 32]>),
}

impl Clone for KeyMaterial {
    fn clone(&self) -> Self {
        match self {
            Self::Secret(secret) => Self::Secret(secret.clone()),
            Self::LinkOnly(_) => self.link_only(),
        }
    }
}

impl KeyMaterial {
    /// The key for `purpose`, when this material holds it.
    pub fn key(&self, purpose: Purpose) -> Option<[u8; 32]> {
        match self {
            Self::Secret(secret) => Some(derive(secret.expose_secret().as_bytes(), purpose)),
            Self::LinkOnly(key) => (purpose == Purpose::Link).then(|| *key.expose_secret()),
        }
    }

    /// The link key, which every kind of material holds.
    pub fn link_key(&self) -> [u8; 32] {
        match self {
            Self::Secret(secret) => derive(secret.expose_secret().as_bytes(), Purpose::Link),
            Self::LinkOnly(key) => *key.expose_secret(),
        }
    }

    /// Only the link key, the secret forgotten.
    pub fn link_only(&self) -> Self {
        Self::LinkOnly(SecretBox::new(Box::new(self.link_key())))
    }
}

/// A key written as 64 hex digits (`TASKLINK_LINK_KEY`).
pub fn parse_hex_key(text: &str) -> Option<[u8; 32]> {
    let text = text.trim().as_bytes();
    if text.len() != 64 {
        return None;
    }
    let digit = |b: u8| (b as char).to_digit(16);
    let mut key = [0u8; 32];
    for (byte, pair) in key.iter_mut().zip(text.chunks_exact(2)) {
        *byte = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
    }
    Some(key)
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

    const OPENSSL_LINK_KEY: &str = "d30f6eff333cc05bdd080cdbd28759343395c136e3ba512986eff58586c80b1e";

    /// The setup script writes `TASKLINK_LINK_KEY` with openssl:
    /// `printf %s 'tasklink key v1: link tokens' | openssl dgst -sha256 -hmac "$secret"`.
    /// This is that command's answer for this secret, so the two agree.
    #[test]
    fn the_link_key_is_what_the_setup_script_computes() {
        let secret = "0123456789abcdef0123456789abcdef";
        let from_openssl = parse_hex_key(OPENSSL_LINK_KEY).expect("64 hex digits");
        assert_eq!(derive(secret.as_bytes(), Purpose::Link), from_openssl);
        let material = KeyMaterial::Secret(SecretString::from(secret));
        assert_eq!(material.link_only().key(Purpose::Link), Some(from_openssl));
        assert_eq!(material.link_only().key(Purpose::Session), None);
        assert_eq!(material.link_only().key(Purpose::Cursor), None);
    }

    #[test]
    fn hex_keys_are_64_hex_digits() {
        assert_eq!(parse_hex_key(&"ab".repeat(32)), Some([0xab; 32]));
        assert_eq!(parse_hex_key(&"AB".repeat(32)), Some([0xab; 32]));
        assert_eq!(parse_hex_key(&"ab".repeat(31)), None);
        assert_eq!(parse_hex_key(&"zz".repeat(32)), None);
        assert_eq!(parse_hex_key(&"+1".repeat(32)), None);
        assert_eq!(parse_hex_key(&"é".repeat(32)), None);
    }
}
