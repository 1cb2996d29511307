//! Password rules and argon2id hashing, off the async runtime and bounded.

use std::sync::Arc;

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordVerifier, Version};
use tokio::sync::Semaphore;

use super::AccountError;

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Refused outright: the most common passwords that meet the length rule.
const COMMON_PASSWORDS: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "password",
    "password1",
    "password123",
    "qwertyuiop",
    "qwerty123",
    "qwerty12",
    "11111111",
    "00000000",
    "iloveyou",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "trustno1",
    "abc12345",
    "abcd1234",
    "1q2w3e4r",
    "1qaz2wsx",
    "zaq12wsx",
    "welcome1",
    "welcome123",
    "letmein1",
    "changeme",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "admin123",
    "administrator",
    "starwars",
    "whatever",
    "computer",
    "michelle",
    "jennifer",
    "corvette",
    "mercedes",
    "internet",
    "asdfghjkl",
    "asdfasdf",
    "q1w2e3r4",
    "987654321",
    "87654321",
    "88888888",
    "12341234",
    "123123123",
    "qwertyui",
    "password12",
    "iloveyou1",
    "monkey123",
    "dragon123",
    "football1",
    "master123",
    "tasklink",
    "tasklink1",
];

/// A password that meets the rules (8–128 characters, not a common one).
pub struct Password(String);

impl Password {
    pub fn parse(raw: String) -> Result<Self, AccountError> {
        let n = raw.chars().count();
        if n < MIN_PASSWORD_CHARS {
            return Err(AccountError::WeakPassword("use at least 8 characters"));
        }
        if n > MAX_PASSWORD_CHARS {
            return Err(AccountError::WeakPassword("use at most 128 characters"));
        }
        if COMMON_PASSWORDS.contains(&raw.to_lowercase().as_str()) {
            return Err(AccountError::WeakPassword(
                "this password is too common; choose another",
            ));
        }
        Ok(Self(raw))
    }
}

/// argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1). Each hash runs
/// on the blocking pool and at most `permits` run at once, so a burst of
/// log-ins queues here instead of starving everything else of CPU and memory.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// Verified against when the email is unknown, so both paths cost one hash.
    dummy_hash: Arc<str>,
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl PasswordHasher {
    pub fn new(max_concurrent: usize) -> Self {
        use argon2::PasswordHasher as _;
        let dummy_hash = argon2()
            .hash_password(b"tasklink dummy password")
            .expect("argon2 hashes a constant")
            .to_string();
        Self {
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            dummy_hash: dummy_hash.into(),
        }
    }

    pub async fn hash(&self, password: Password) -> Result<String, AccountError> {
        use argon2::PasswordHasher as _;
        self.run(move || {
            argon2()
                .hash_password(password.0.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| AccountError::Hashing(e.to_string()))
        })
        .await
    }

    /// `stored` is `None` for an unknown account: a dummy hash is checked instead.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AccountError> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let matches = self
            .run(move || {
                let parsed = PasswordHash::new(&hash).map_err(|e| AccountError::Hashing(e.to_string()))?;
                Ok(argon2().verify_password(password.as_bytes(), &parsed).is_ok())
            })
            .await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AccountError> + Send + 'static,
    ) -> Result<T, AccountError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| AccountError::Hashing(e.to_string()))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| AccountError::Hashing(e.to_string()))?
    }
}

impl Default for PasswordHasher {
    /// One hash per core: all cores may hash, none are left starved by a queue of them.
    fn default() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules() {
        assert!(Password::parse("short".into()).is_err());
        assert!(Password::parse("password123".into()).is_err());
        assert!(Password::parse("x".repeat(129)).is_err());
        assert!(Password::parse("correct horse battery".into()).is_ok());
    }

    #[tokio::test]
    async fn hash_and_verify() {
        let hasher = PasswordHasher::new(1);
        let hash = hasher
            .hash(Password::parse("correct horse battery".into()).unwrap())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            hasher
                .verify("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("wrong horse battery".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("tasklink dummy password".into(), None)
                .await
                .unwrap()
        );
    }
}
