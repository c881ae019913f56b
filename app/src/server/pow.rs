//! Issuing and checking the proof-of-work challenges of the complaint form.

use chrono::{DateTime, Duration, Utc};

use super::secrets::{constant_time_eq, random_token, DerivationKey};
use crate::domain::pow::{is_solution, Challenge};

/// The HMAC purpose that separates challenge MACs from the other keyed hashes.
const MAC_PURPOSE: &str = "pow-challenge";

/// The reason a posted solution is rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PowError {
    /// The challenge was not issued by this server, or the counter does not solve it.
    Invalid,
    /// The challenge is older than its lifetime, or dated in the future.
    Expired,
}

/// Issues a challenge that requires `difficulty` leading zero bits, signed with `key`.
pub fn issue(key: &DerivationKey, difficulty: u8, now: DateTime<Utc>) -> String {
    let nonce = random_token(16);
    let issued_at = now.timestamp();
    let mac = key.keyed_hash(MAC_PURPOSE, &Challenge::signed_part(&nonce, issued_at, difficulty));
    Challenge { nonce, issued_at, difficulty, mac }.encode()
}

/// Checks a posted challenge and counter: the MAC, the age against `lifetime`, and the hash.
/// Returns the challenge, whose nonce the caller records so that it counts once.
pub fn verify(
    key: &DerivationKey,
    challenge_text: &str,
    solution: &str,
    lifetime: Duration,
    now: DateTime<Utc>,
) -> Result<Challenge, PowError> {
    let challenge = Challenge::parse(challenge_text.trim()).ok_or(PowError::Invalid)?;
    let expected =
        key.keyed_hash(MAC_PURPOSE, &Challenge::signed_part(&challenge.nonce, challenge.issued_at, challenge.difficulty));
    if !constant_time_eq(&expected, &challenge.mac) {
        return Err(PowError::Invalid);
    }
    let counter: u64 = solution.trim().parse().map_err(|_| PowError::Invalid)?;
    let age = now.timestamp() - challenge.issued_at;
    // A minute of clock difference between instances is allowed for challenges from the future.
    if age > lifetime.num_seconds() || age < -60 {
        return Err(PowError::Expired);
    }
    if !is_solution(&challenge.encode(), counter, challenge.difficulty) {
        return Err(PowError::Invalid);
    }
    Ok(challenge)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pow::solve_range;

    fn key() -> DerivationKey {
        DerivationKey::from_hex(&"cd".repeat(32)).expect("valid key")
    }

    fn solved(key: &DerivationKey, now: DateTime<Utc>) -> (String, String) {
        let challenge = issue(key, 10, now);
        let counter = solve_range(&challenge, 10, 0, 1 << 24).expect("a 10-bit solution exists in 2^24 tries");
        (challenge, counter.to_string())
    }

    #[test]
    fn issued_challenge_verifies() {
        let now = Utc::now();
        let (challenge, counter) = solved(&key(), now);
        let checked = verify(&key(), &challenge, &counter, Duration::hours(1), now).expect("valid solution");
        assert_eq!(checked.difficulty, 10);
    }

    #[test]
    fn other_key_rejects_challenge() {
        let now = Utc::now();
        let (challenge, counter) = solved(&key(), now);
        let other = DerivationKey::from_hex(&"ef".repeat(32)).expect("valid key");
        assert_eq!(verify(&other, &challenge, &counter, Duration::hours(1), now), Err(PowError::Invalid));
    }

    #[test]
    fn lowered_difficulty_breaks_mac() {
        let now = Utc::now();
        let challenge = issue(&key(), 10, now);
        let forged = challenge.replacen(".10.", ".0.", 1);
        assert_eq!(verify(&key(), &forged, "0", Duration::hours(1), now), Err(PowError::Invalid));
    }

    #[test]
    fn wrong_counter_is_invalid() {
        let now = Utc::now();
        let (challenge, counter) = solved(&key(), now);
        let parsed: u64 = counter.parse().expect("decimal counter");
        let wrong = (parsed + 1..).find(|c| !is_solution(&challenge, *c, 10)).expect("most counters fail");
        assert_eq!(verify(&key(), &challenge, &wrong.to_string(), Duration::hours(1), now), Err(PowError::Invalid));
        assert_eq!(verify(&key(), &challenge, "not a number", Duration::hours(1), now), Err(PowError::Invalid));
    }

    #[test]
    fn old_challenge_is_expired() {
        let issued = Utc::now();
        let (challenge, counter) = solved(&key(), issued);
        let later = issued + Duration::hours(2);
        assert_eq!(verify(&key(), &challenge, &counter, Duration::hours(1), later), Err(PowError::Expired));
    }
}
