//! Passwords, session tokens and the extractor that turns a bearer token into a user.
//!
//! Tokens are 256 random bits handed to the client once; the store keeps only their BLAKE2
//! hash, so a leaked database holds no usable token.

use crate::{ApiFailure, AppState};
use argon2::password_hash::{self, PasswordHash, PasswordHasher, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use blake2::{Blake2b, Digest};
use procura_sync::api::{Role, User};

/// How long a session may live and stay unused.
///
/// Both are generous: a tablet works offline for a shift and longer without the hub, and a
/// session that ends while the device is offline leaves its user's changes queued until they
/// log in again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session ends this long after its login, used or not.
    pub lifetime_secs: i64,
    /// A session ends when unused for this long.
    pub idle_secs: i64,
}

impl SessionPolicy {
    pub const DEFAULT_DAYS: u32 = 30;
    pub const DEFAULT_IDLE_HOURS: u32 = 7 * 24;

    pub fn new(days: u32, idle_hours: u32) -> Self {
        Self {
            lifetime_secs: i64::from(days) * 24 * 3600,
            idle_secs: i64::from(idle_hours) * 3600,
        }
    }
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self::new(Self::DEFAULT_DAYS, Self::DEFAULT_IDLE_HOURS)
    }
}

pub use procura_ground::password::{
    MAX_BYTES as MAX_PASSWORD_BYTES, MIN_CHARS as MIN_PASSWORD_CHARS,
};

/// Whether `password` may be `username`'s new password (the core's rule, which the app also
/// checks before sending); the reason otherwise.
pub fn check_new_password(username: &str, password: &str) -> Result<(), String> {
    use procura_ground::password::PasswordProblem;
    procura_ground::password::check_new_password(username, password).map_err(
        |problem| match problem {
            PasswordProblem::TooShort => {
                format!("a password has at least {MIN_PASSWORD_CHARS} characters")
            }
            PasswordProblem::TooLong => {
                format!("a password has at most {MAX_PASSWORD_BYTES} bytes")
            }
            PasswordProblem::SameAsUsername => "a password is not the user name".to_owned(),
        },
    )
}

/// A password for someone to type once and then change: 16 letters and digits without the
/// ones people confuse (0/O, 1/l/I), about 90 bits.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(16);
    while out.len() < 16 {
        let mut byte = [0u8; 1];
        getrandom::fill(&mut byte).expect("the OS provides randomness");
        // Rejection sampling: no bias towards the first letters.
        let limit = 256 - 256 % ALPHABET.len();
        if usize::from(byte[0]) < limit {
            out.push(char::from(ALPHABET[usize::from(byte[0]) % ALPHABET.len()]));
        }
    }
    out
}

pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the OS provides randomness");
    hex::encode(buf)
}

pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Largest Argon2 memory a stored hash may ask for (64 MiB; ours use 19 MiB).
const MAX_ARGON2_BLOCKS: usize = 64 * 1024;

thread_local! {
    /// Argon2's working memory, kept by the thread for its next verification. Allocating it
    /// afresh each time made the allocator hold on to one 19 MiB block after another (the hub
    /// grew by ~350 MiB over twenty logins before it levelled off).
    static ARGON2_MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const {
        std::cell::RefCell::new(Vec::new())
    };
}

/// Whether `password` matches the PHC string `hash` (Argon2 with the hash's own parameters).
pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::{Algorithm, Params, Version};
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(expected), Some(salt)) = (parsed.hash, parsed.salt) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let blocks = params.block_count();
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    if blocks > MAX_ARGON2_BLOCKS {
        return false;
    }
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    ARGON2_MEMORY.with_borrow_mut(|memory| {
        if memory.len() < blocks {
            memory.resize(blocks, argon2::Block::default());
        }
        argon2
            .hash_password_into_with_memory(
                password.as_bytes(),
                salt,
                &mut out,
                &mut memory[..blocks],
            )
            .is_ok()
            // `Output`'s comparison takes constant time.
            && password_hash::Output::new(&out).is_ok_and(|computed| computed == expected)
    })
}

/// A valid hash of nothing anybody knows, to verify against when the user does not exist.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&random_hex(16)).expect("hashing a random password works"))
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Blake2b::<blake2::digest::consts::U32>::digest(
        token.as_bytes(),
    ))
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The user behind the request's bearer token; rejects the request with 401 otherwise, and
/// with 403 `password_change_required` while the user must choose a new password (see
/// [`Session`] for the few routes that stay open then).
pub struct Authenticated {
    pub user: User,
    pub token_hash: String,
}

impl Authenticated {
    pub fn require(&self, role: Role) -> Result<(), ApiFailure> {
        if self.user.has_role(role) {
            Ok(())
        } else {
            Err(ApiFailure::forbidden(format!(
                "this needs the {role:?} role"
            )))
        }
    }
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Session { user, token_hash } = Session::from_request_parts(parts, state).await?;
        if user.must_change_password {
            return Err(ApiFailure::password_change_required());
        }
        Ok(Self { user, token_hash })
    }
}

/// A live session, whether or not its user must change their password first: for the routes
/// that user may still use (`/me`, `/me/password`, `/logout`, `/logout-all`).
pub struct Session {
    pub user: User,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .ok_or_else(|| ApiFailure::unauthorized("log in first: no bearer token"))?;
        let hash = token_hash(token);
        let lookup = hash.clone();
        let policy = state.session_policy();
        let user = state
            .with_store(move |store| store.session_user(&lookup, now_unix(), policy))
            .await?
            .ok_or_else(|| ApiFailure::unauthorized("session unknown or expired: log in again"))?;
        Ok(Self {
            user,
            token_hash: hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horse!", &hash));
        assert!(!verify_password("", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
        // The same thread again, with its kept memory.
        assert!(verify_password("correct horse", &hash));
        let other = hash_password("battery staple").unwrap();
        assert!(verify_password("battery staple", &other));
        assert!(!verify_password("correct horse", &other));
    }
}
