//! Random tokens, hashes and keyed digests.

use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::domain::AccessCode;

/// A URL-safe random token with `bytes` bytes of entropy, hex-encoded.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buffer);
    hex::encode(buffer)
}

pub fn random_u64() -> u64 {
    OsRng.next_u64()
}

pub fn random_access_code() -> AccessCode {
    let mut values = [0u8; 10];
    OsRng.fill_bytes(&mut values);
    AccessCode::from_random(values)
}

/// SHA-256 of `value`, hex-encoded. Used for values with enough entropy of their own
/// (session tokens, access codes), where a slow password hash would only cost time.
pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// Compares two strings in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// A server-side key for deriving values that must be reproducible by any instance.
#[derive(Clone)]
pub struct DerivationKey(Vec<u8>);

impl DerivationKey {
    pub fn from_hex(hex_key: &str) -> Option<Self> {
        hex::decode(hex_key).ok().filter(|k| k.len() >= 32).map(Self)
    }

    /// The access code of the complaint created from the form with `form_token`. Deriving
    /// it, instead of drawing it at random, lets a repeated post of the same form (a double
    /// click, a reload) show the same code again without the code ever being stored.
    pub fn access_code_for_form(&self, form_token: &str) -> AccessCode {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC accepts keys of any length");
        mac.update(b"access-code:");
        mac.update(form_token.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut values = [0u8; 10];
        values.copy_from_slice(&digest[..10]);
        AccessCode::from_random(values)
    }
}

impl DerivationKey {
    /// Computes a keyed hash of `value` for `purpose`, hex-encoded. Used for short secrets such as
    /// 6-digit codes, whose plain hash anyone with the database could reverse by trying all.
    pub fn keyed_hash(&self, purpose: &str, value: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC accepts keys of any length");
        mac.update(purpose.as_bytes());
        mac.update(b":");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for DerivationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DerivationKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_code_is_stable_per_token() {
        let key = DerivationKey::from_hex(&"ab".repeat(32)).expect("valid key");
        let first = key.access_code_for_form("token-1");
        assert_eq!(first, key.access_code_for_form("token-1"));
        assert_ne!(first, key.access_code_for_form("token-2"));
    }

    #[test]
    fn derivation_key_rejects_short_keys() {
        assert!(DerivationKey::from_hex("abcd").is_none());
        assert!(DerivationKey::from_hex("zz").is_none());
    }

    #[test]
    fn random_tokens_differ() {
        assert_ne!(random_token(16), random_token(16));
        assert_eq!(random_token(16).len(), 32);
    }
}
