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
use procura_core::api::{Role, User};

/// How long a session lasts. Long, because the app must keep working offline for weeks.
pub const SESSION_LIFETIME_SECS: i64 = 90 * 24 * 3600;

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

/// The user behind the request's bearer token; rejects the request with 401 otherwise.
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
        let not_before = now_unix() - SESSION_LIFETIME_SECS;
        let user = state
            .with_store(move |store| store.session_user(&lookup, not_before))
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
