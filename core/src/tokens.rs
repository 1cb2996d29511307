//! Signed tokens (JWT, HS256) for portal sessions and chat-account linking,
//! each audience signed with its own key (see [`crate::keys`]).

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::{
    accounts::UserId,
    keys::{KeyMaterial, Purpose},
};

/// Whom a token is for; a token for one audience is refused by the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Portal,
    Link,
}

impl Audience {
    fn as_str(self) -> &'static str {
        match self {
            Self::Portal => "tasklink-portal",
            Self::Link => "tasklink-link",
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    aud: String,
    jti: String,
    iat: i64,
    exp: i64,
}

/// A verified token's contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub user: UserId,
    pub jti: String,
    pub expires_at: DateTime<Utc>,
}

/// A freshly signed token.
#[derive(Clone, Debug)]
pub struct Issued {
    pub token: String,
    pub jti: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid")]
    Invalid,
    /// This process holds no key for the audience (the bot and sessions).
    #[error("this process cannot sign {0:?} tokens")]
    NoKey(Audience),
}

#[derive(Clone)]
struct KeyPair {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl KeyPair {
    fn new(key: [u8; 32]) -> Self {
        Self {
            encoding: EncodingKey::from_secret(&key),
            decoding: DecodingKey::from_secret(&key),
        }
    }
}

/// The keys of the token kinds this process may sign and verify.
#[derive(Clone)]
pub struct Tokens {
    /// `None` in a process that has no business with portal sessions.
    session: Option<KeyPair>,
    link: KeyPair,
}

impl Tokens {
    /// The kinds `keys` holds: both from the secret, link tokens alone from
    /// a link key.
    pub fn new(keys: &KeyMaterial) -> Self {
        Self {
            session: keys.key(Purpose::Session).map(KeyPair::new),
            link: KeyPair::new(keys.link_key()),
        }
    }

    fn keys(&self, audience: Audience) -> Result<&KeyPair, TokenError> {
        match audience {
            Audience::Portal => self.session.as_ref().ok_or(TokenError::NoKey(audience)),
            Audience::Link => Ok(&self.link),
        }
    }

    pub fn issue(&self, audience: Audience, user: UserId, ttl: Duration) -> Result<Issued, TokenError> {
        let keys = self.keys(audience)?;
        let now = Utc::now();
        let expires_at = now + ttl;
        let jti = random_id();
        let claims = Claims {
            sub: user.get().to_string(),
            aud: audience.as_str().into(),
            jti: jti.clone(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding)
            .expect("HS256 signing of plain claims cannot fail");
        Ok(Issued {
            token,
            jti,
            expires_at: DateTime::from_timestamp(claims.exp, 0).unwrap_or(expires_at),
        })
    }

    /// Checks signature, algorithm, audience and expiry.
    pub fn verify(&self, audience: Audience, token: &str) -> Result<Verified, TokenError> {
        let keys = self.keys(audience).map_err(|_| TokenError::Invalid)?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "aud", "sub"]);
        validation.leeway = 0;
        let data =
            jsonwebtoken::decode::<Claims>(token.trim(), &keys.decoding, &validation).map_err(|e| match e
                .kind()
            {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })?;
        let user = data.claims.sub.parse().map_err(|_| TokenError::Invalid)?;
        Ok(Verified {
            user: UserId::from_trusted(user),
            jti: data.claims.jti,
            expires_at: DateTime::from_timestamp(data.claims.exp, 0).ok_or(TokenError::Invalid)?,
        })
    }
}

/// 128 random bits as 22 URL-safe characters: fits Telegram's `/start`
/// parameter (at most 64 of `A-Za-z0-9_-`).
pub fn random_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = rand::rng();
    (0..22)
        .map(|_| ALPHABET[rng.random_range(0..64)] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn from_secret(secret: &[u8]) -> Tokens {
        let secret = String::from_utf8(secret.to_vec()).unwrap();
        Tokens::new(&KeyMaterial::Secret(secret.into()))
    }

    #[test]
    fn round_trip_and_audience() {
        let tokens = from_secret(SECRET);
        let issued = tokens
            .issue(Audience::Link, UserId::from_trusted(7), Duration::minutes(10))
            .unwrap();
        let verified = tokens.verify(Audience::Link, &issued.token).unwrap();
        assert_eq!(verified.user.get(), 7);
        assert_eq!(verified.jti, issued.jti);
        assert_eq!(
            tokens.verify(Audience::Portal, &issued.token),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn expired_tampered_and_foreign_tokens_fail() {
        let tokens = from_secret(SECRET);
        let old = tokens
            .issue(Audience::Portal, UserId::from_trusted(1), Duration::seconds(-5))
            .unwrap();
        assert_eq!(
            tokens.verify(Audience::Portal, &old.token),
            Err(TokenError::Expired)
        );

        let good = tokens
            .issue(Audience::Portal, UserId::from_trusted(1), Duration::minutes(5))
            .unwrap();
        // Flip the first character of the signature.
        let (unsigned, signature) = good.token.rsplit_once('.').unwrap();
        let flipped = if signature.starts_with('A') { 'B' } else { 'A' };
        let tampered = format!("{unsigned}.{flipped}{}", &signature[1..]);
        assert_eq!(
            tokens.verify(Audience::Portal, &tampered),
            Err(TokenError::Invalid)
        );

        let other = from_secret(b"another secret that is 32 bytes!");
        assert_eq!(
            other.verify(Audience::Portal, &good.token),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            tokens.verify(Audience::Portal, "not a jwt"),
            Err(TokenError::Invalid)
        );
    }

    /// Claims that name the portal, signed with the link key or with the
    /// secret itself (as every token was before keys were split), are refused;
    /// so is a session presented as a link token.
    #[test]
    fn a_token_of_one_kind_never_verifies_as_another() {
        let tokens = from_secret(SECRET);
        let user = UserId::from_trusted(1);
        let forge = |key: &[u8], aud: &str| {
            let now = Utc::now().timestamp();
            let claims = Claims {
                sub: "1".into(),
                aud: aud.into(),
                jti: random_id(),
                iat: now,
                exp: now + 600,
            };
            jsonwebtoken::encode(
                &Header::new(Algorithm::HS256),
                &claims,
                &EncodingKey::from_secret(key),
            )
            .unwrap()
        };
        let link_key = keys::derive(SECRET, Purpose::Link);
        let cursor_key = keys::derive(SECRET, Purpose::Cursor);
        for key in [&link_key[..], &cursor_key[..], SECRET] {
            assert_eq!(
                tokens.verify(Audience::Portal, &forge(key, "tasklink-portal")),
                Err(TokenError::Invalid)
            );
        }
        let session_key = keys::derive(SECRET, Purpose::Session);
        assert_eq!(
            tokens.verify(Audience::Link, &forge(&session_key, "tasklink-link")),
            Err(TokenError::Invalid)
        );
        // The properly made ones do verify.
        assert!(
            tokens
                .verify(Audience::Portal, &forge(&session_key, "tasklink-portal"))
                .is_ok()
        );
        assert!(
            tokens
                .verify(Audience::Link, &forge(&link_key, "tasklink-link"))
                .is_ok()
        );
        let session = tokens
            .issue(Audience::Portal, user, Duration::minutes(5))
            .unwrap();
        assert_eq!(
            tokens.verify(Audience::Link, &session.token),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn without_the_session_key_sessions_can_be_neither_made_nor_checked() {
        let full = from_secret(SECRET);
        // What a bot given `TASKLINK_LINK_KEY` holds.
        let link_key = keys::derive(SECRET, Purpose::Link);
        let bot = Tokens::new(&KeyMaterial::LinkOnly(Box::new(link_key).into()));
        let user = UserId::from_trusted(1);
        let session = full.issue(Audience::Portal, user, Duration::minutes(5)).unwrap();
        assert_eq!(
            bot.issue(Audience::Portal, user, Duration::minutes(5)).err(),
            Some(TokenError::NoKey(Audience::Portal))
        );
        assert_eq!(
            bot.verify(Audience::Portal, &session.token),
            Err(TokenError::Invalid)
        );
        // Link tokens still work both ways.
        let link = full.issue(Audience::Link, user, Duration::minutes(5)).unwrap();
        assert!(bot.verify(Audience::Link, &link.token).is_ok());
        let link = bot.issue(Audience::Link, user, Duration::minutes(5)).unwrap();
        assert!(full.verify(Audience::Link, &link.token).is_ok());
    }

    #[test]
    fn ids_fit_telegram_start_parameter() {
        let id = random_id();
        assert_eq!(id.len(), 22);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }
}
