//! Password rules and argon2id hashing, off the async runtime, bounded in CPU and memory.

use std::sync::{Arc, Mutex};

use argon2::{
    Algorithm, Argon2, Block, Params, PasswordHash, Version,
    password_hash::phc::{Output, ParamsString, Salt},
};
use tokio::sync::{mpsc, oneshot};

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

/// argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1).
const M_COST_KIB: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;
/// Hashing workers at most: each holds one 19 MiB block of memory for good.
const MAX_WORKERS: usize = 2;
/// Requests waiting for a worker; further callers wait (asynchronously) to queue.
const QUEUE: usize = 64;

/// Verified against when the email is unknown, so both paths cost one hash. A
/// well-formed hash with the parameters above that no password produces.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$dGFza2xpbmsgZHVtbXkgc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// argon2id hashing with memory bounded by design: a fixed set of worker
/// threads, each reusing one block of argon2 memory it allocates on its first
/// hash, fed through a bounded queue. However many people sign up or log in
/// at once, hashing takes at most `workers × 19 MiB`, and a burst queues here
/// instead of starving everything else of CPU.
///
/// (Hashing on tokio's blocking pool allocated 19 MiB per hash on whichever
/// thread ran it, and the allocator kept those blocks per thread: 655 MB after
/// 50 concurrent sign-ups.)
#[derive(Clone)]
pub struct PasswordHasher {
    jobs: mpsc::Sender<Job>,
}

struct Job {
    work: Work,
    done: oneshot::Sender<Result<Done, AccountError>>,
}

enum Work {
    Hash(Password),
    Verify { password: String, stored: String },
}

enum Done {
    Hashed(String),
    Verified(bool),
}

fn params() -> Params {
    Params::new(M_COST_KIB, T_COST, P_COST, None).expect("valid argon2 parameters")
}

impl PasswordHasher {
    /// `workers` threads (at least one) hash; each keeps 19 MiB once it has hashed.
    pub fn new(workers: usize) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>(QUEUE);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..workers.max(1) {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || work(&queue));
            if let Err(error) = spawned {
                // Fewer workers only means slower hashing; none at all is caught below.
                tracing::error!(error.cause_chain = ?error, "cannot start a password hashing worker");
            }
        }
        Self { jobs }
    }

    pub async fn hash(&self, password: Password) -> Result<String, AccountError> {
        match self.run(Work::Hash(password)).await? {
            Done::Hashed(hash) => Ok(hash),
            Done::Verified(_) => Err(AccountError::Hashing("unexpected answer".into())),
        }
    }

    /// `stored` is `None` for an unknown account: a dummy hash is checked instead.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AccountError> {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        match self.run(Work::Verify { password, stored }).await? {
            Done::Verified(matches) => Ok(known && matches),
            Done::Hashed(_) => Err(AccountError::Hashing("unexpected answer".into())),
        }
    }

    async fn run(&self, work: Work) -> Result<Done, AccountError> {
        let (done, answer) = oneshot::channel();
        let gone = || AccountError::Hashing("no password hashing worker is running".into());
        self.jobs.send(Job { work, done }).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

impl Default for PasswordHasher {
    /// One worker per core, at most [`MAX_WORKERS`].
    fn default() -> Self {
        Self::new(
            std::thread::available_parallelism()
                .map_or(2, |n| n.get())
                .min(MAX_WORKERS),
        )
    }
}

/// One worker: takes jobs until every [`PasswordHasher`] is dropped.
fn work(queue: &Mutex<mpsc::Receiver<Job>>) {
    let mut memory: Vec<Block> = Vec::new();
    loop {
        // The lock is held only while waiting for the next job.
        let job = match queue.lock() {
            Ok(mut queue) => queue.blocking_recv(),
            Err(_) => None,
        };
        let Some(job) = job else { return };
        let result = match job.work {
            Work::Hash(password) => hash_with(&mut memory, password.0.as_bytes()).map(Done::Hashed),
            Work::Verify { password, stored } => {
                verify_with(&mut memory, password.as_bytes(), &stored).map(Done::Verified)
            }
        };
        // The caller may have gone (request cancelled): nothing to do then.
        let _ = job.done.send(result);
    }
}

/// The worker's memory, grown (once) to what `params` needs.
fn blocks<'m>(memory: &'m mut Vec<Block>, params: &Params) -> &'m mut [Block] {
    let needed = params.block_count();
    if memory.len() < needed {
        memory.resize(needed, Block::new());
    }
    &mut memory[..needed]
}

fn hashing_error(e: impl std::fmt::Display) -> AccountError {
    AccountError::Hashing(e.to_string())
}

/// An argon2id hash in the PHC string format, with a fresh random salt.
fn hash_with(memory: &mut Vec<Block>, password: &[u8]) -> Result<String, AccountError> {
    let params = params();
    let salt = Salt::generate();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password, salt.as_ref(), &mut out, blocks(memory, &params))
        .map_err(hashing_error)?;
    let phc = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(hashing_error)?,
        salt: Some(salt),
        hash: Some(Output::new(&out).map_err(hashing_error)?),
    };
    Ok(phc.to_string())
}

/// Checks `password` against a PHC string, with the parameters it names.
fn verify_with(memory: &mut Vec<Block>, password: &[u8], stored: &str) -> Result<bool, AccountError> {
    let phc = PasswordHash::new(stored).map_err(hashing_error)?;
    let algorithm = Algorithm::try_from(phc.algorithm.as_ref()).map_err(hashing_error)?;
    let version = match phc.version {
        Some(v) => Version::try_from(v).map_err(hashing_error)?,
        None => Version::default(),
    };
    let params = Params::try_from(&phc).map_err(hashing_error)?;
    let (Some(salt), Some(expected)) = (&phc.salt, &phc.hash) else {
        return Err(hashing_error("the stored hash has no salt or output"));
    };
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params.clone())
        .hash_password_into_with_memory(password, salt.as_ref(), &mut out, blocks(memory, &params))
        .map_err(hashing_error)?;
    // `Output`'s equality runs in constant time.
    Ok(Output::new(&out).map_err(hashing_error)? == *expected)
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

    /// Hashes made by argon2's own `PasswordHasher` (every stored hash so far)
    /// verify, and ours verify with argon2's own verifier.
    #[tokio::test]
    async fn stays_compatible_with_argon2s_own_phc_strings() {
        use argon2::{PasswordHasher as _, PasswordVerifier as _};
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        let theirs = argon2
            .hash_password(b"correct horse battery")
            .unwrap()
            .to_string();
        let hasher = PasswordHasher::new(2);
        assert!(
            hasher
                .verify("correct horse battery".into(), Some(theirs.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("correct horse batter".into(), Some(theirs))
                .await
                .unwrap()
        );

        let ours = hasher
            .hash(Password::parse("correct horse battery".into()).unwrap())
            .await
            .unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2.verify_password(b"correct horse battery", &parsed).is_ok());
        assert!(argon2.verify_password(b"wrong horse battery", &parsed).is_err());
        // The dummy hash is well formed, with the same cost as a real one.
        assert_eq!(
            Params::try_from(&PasswordHash::new(DUMMY_HASH).unwrap())
                .unwrap()
                .block_count(),
            params().block_count()
        );
    }

    #[tokio::test]
    async fn many_concurrent_hashes_share_the_workers() {
        let hasher = PasswordHasher::new(2);
        let hashes = futures::future::join_all((0..8).map(|i| {
            let hasher = hasher.clone();
            async move {
                hasher
                    .hash(Password::parse(format!("correct horse {i}")).unwrap())
                    .await
                    .unwrap()
            }
        }))
        .await;
        for (i, hash) in hashes.into_iter().enumerate() {
            assert!(
                hasher
                    .verify(format!("correct horse {i}"), Some(hash))
                    .await
                    .unwrap()
            );
        }
    }
}
