//! Password hashing with argon2 (the crate's defaults: argon2id, 19 MiB, 2 passes).
//!
//! Hashing is deliberately slow, so the async wrappers move it off the async worker threads.

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Hashes a password into a PHC string with a fresh random salt.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .map_err(|e| anyhow::anyhow!("cannot encode salt: {e}"))?;
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))?;
    Ok(hash.to_string())
}

/// Checks a password against a stored PHC string; a malformed hash is an error, not a "no".
pub fn verify(password: &str, stored_hash: &str) -> anyhow::Result<bool> {
    let parsed =
        PasswordHash::new(stored_hash).map_err(|e| anyhow::anyhow!("stored hash is malformed: {e}"))?;
    Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// [`hash`] on the blocking thread pool.
pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password)).await.context("hashing task failed")?
}

/// [`verify`] on the blocking thread pool.
pub async fn verify_blocking(password: String, stored_hash: String) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || verify(&password, &stored_hash))
        .await
        .context("verification task failed")?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_accepts_its_password_and_nothing_else() -> anyhow::Result<()> {
        let stored = hash("kontaktpunkt")?;
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("kontaktpunkt", &stored)?);
        assert!(!verify("Kontaktpunkt", &stored)?);
        Ok(())
    }

    #[test]
    fn the_same_password_gets_a_different_salt_each_time() -> anyhow::Result<()> {
        assert_ne!(hash("x")?, hash("x")?);
        Ok(())
    }

    #[test]
    fn a_malformed_hash_is_an_error() {
        assert!(verify("x", "not a hash").is_err());
    }
}
