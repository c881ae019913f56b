//! Rate limits and proof-of-work settings against automated posting. The counters live in
//! the database (`rate_limits`), so every instance of the server shares them.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};

use super::store::{RateLimitHit, Store, StoreResult};

/// At most `max` requests per fixed window of `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: i64,
    pub window: Duration,
}

impl Limit {
    pub const fn new(max: i64, window_seconds: i64) -> Limit {
        Limit { max, window: Duration::seconds(window_seconds) }
    }
}

/// Reads `COUNT/WINDOW`, where WINDOW is a whole number with the unit `s`, `m`, `h` or `d`,
/// such as `10/1h`.
impl FromStr for Limit {
    type Err = String;

    fn from_str(text: &str) -> Result<Limit, String> {
        let invalid = || format!("invalid limit {text:?}: expected COUNT/WINDOW such as 10/1h (units s, m, h, d)");
        let (count, window) = text.trim().split_once('/').ok_or_else(invalid)?;
        let max: i64 = count.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(invalid)?;
        let window = window.trim();
        let (unit_at, _) = window.char_indices().last().ok_or_else(invalid)?;
        let (amount, unit) = window.split_at(unit_at);
        let amount: i64 = amount.parse().ok().filter(|n| *n >= 1).ok_or_else(invalid)?;
        let unit_seconds = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => return Err(invalid()),
        };
        let seconds = amount.checked_mul(unit_seconds).filter(|s| *s <= 366 * 86_400).ok_or_else(invalid)?;
        Ok(Limit::new(max, seconds))
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}s", self.max, self.window.num_seconds())
    }
}

/// The limits and the proof-of-work difficulty. The defaults are meant for a public service
/// where one person files a few complaints a day and one agency site receives hundreds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbuseSettings {
    /// Complaints filed with a valid proof of work, per client IP address. Offices and mobile
    /// networks put many people behind one address, so this is well above one person's need.
    pub complaints_per_ip: Limit,
    /// Complaints filed without a proof of work (JavaScript off, or sent before the browser
    /// found it), per client IP address.
    pub complaints_per_ip_without_pow: Limit,
    /// Complaints filed through one widget key, from all addresses together.
    pub complaints_per_widget_key: Limit,
    /// Posts to `/status` (lookups by number and access code, replies to requests, withdrawals) per IP.
    pub status_per_ip: Limit,
    /// REST API requests per secret key.
    pub api_per_key: Limit,
    /// Leading zero bits that a solution's SHA-256 must have.
    pub pow_difficulty: u8,
    /// How long a challenge stays valid after the page that carries it was rendered.
    pub pow_lifetime: Duration,
}

/// The default proof-of-work difficulty: 2^16 = 65,536 hashes on average.
// NOTE: an estimate, not a measurement on a phone: the `sha2` crate compiled to WebAssembly is
// assumed to do at least 300,000 hashes a second on a phone-class CPU, which makes 16 bits
// about 0.2 s on average. Each further bit doubles the time.
pub const DEFAULT_POW_DIFFICULTY: u8 = 16;

impl Default for AbuseSettings {
    fn default() -> Self {
        AbuseSettings {
            complaints_per_ip: Limit::new(10, 3600),
            complaints_per_ip_without_pow: Limit::new(3, 3600),
            complaints_per_widget_key: Limit::new(1000, 86_400),
            status_per_ip: Limit::new(30, 600),
            api_per_key: Limit::new(600, 60),
            pow_difficulty: DEFAULT_POW_DIFFICULTY,
            pow_lifetime: Duration::hours(24),
        }
    }
}

/// A request over a limit, and how long until its window ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limited {
    pub retry_after: Duration,
}

impl Limited {
    /// Returns the wait in whole seconds, at least 1, for the `Retry-After` header.
    pub fn retry_after_seconds(&self) -> i64 {
        self.retry_after.num_seconds().max(1)
    }

    /// Returns the wait in whole minutes, rounded up, at least 1, for messages.
    pub fn retry_after_minutes(&self) -> i64 {
        (self.retry_after_seconds() + 59) / 60
    }
}

/// The hits that one admitted request counted, so that they can be taken back when the
/// request turns out not to count (an invalid form, a repeated post).
#[derive(Debug, Default)]
pub struct Counted {
    hits: Vec<(String, RateLimitHit)>,
}

impl Counted {
    /// Takes back every hit. A failure is logged, because the request itself went through.
    pub async fn undo(self, store: &Store) {
        for (bucket, hit) in &self.hits {
            if let Err(error) = store.rate_limit_undo(bucket, hit).await {
                tracing::error!(%error, bucket, "taking back a rate-limit hit failed");
            }
        }
    }
}

/// Counts one request in each `(bucket, limit)`. When any is over its limit, takes back
/// all the hits of this request and returns the longest wait among the exceeded limits.
pub async fn count(
    store: &Store,
    buckets: &[(String, Limit)],
    now: DateTime<Utc>,
) -> StoreResult<Result<Counted, Limited>> {
    let mut counted = Counted::default();
    let mut wait: Option<Duration> = None;
    for (bucket, limit) in buckets {
        let hit = store.rate_limit_record(bucket, limit.window, now).await?;
        if hit.hits > limit.max {
            let ends_in = hit.window_start + limit.window - now;
            wait = Some(wait.map_or(ends_in, |longest| longest.max(ends_in)));
        }
        counted.hits.push((bucket.clone(), hit));
    }
    match wait {
        None => Ok(Ok(counted)),
        Some(retry_after) => {
            counted.undo(store).await;
            // Only the kinds of bucket are logged: the rest of a name can be a client's address.
            let kinds: Vec<&str> = buckets.iter().filter_map(|(bucket, _)| bucket.split(':').next()).collect();
            tracing::warn!(?kinds, "rate limit reached");
            Ok(Err(Limited { retry_after }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_parses_units() {
        assert_eq!("10/1h".parse(), Ok(Limit::new(10, 3600)));
        assert_eq!(" 3 / 30s ".parse(), Ok(Limit::new(3, 30)));
        assert_eq!("1000/1d".parse(), Ok(Limit::new(1000, 86_400)));
        assert_eq!("5/10m".parse(), Ok(Limit::new(5, 600)));
    }

    #[test]
    fn limit_rejects_malformed() {
        for text in ["", "10", "10/", "0/1h", "-1/1h", "10/h", "10/0h", "10/1w", "ten/1h", "10/400d", "10/1ч"] {
            assert!(text.parse::<Limit>().is_err(), "{text:?} should be rejected");
        }
    }

    #[test]
    fn wait_rounds_up_to_minutes() {
        assert_eq!(Limited { retry_after: Duration::seconds(61) }.retry_after_minutes(), 2);
        assert_eq!(Limited { retry_after: Duration::seconds(0) }.retry_after_seconds(), 1);
        assert_eq!(Limited { retry_after: Duration::seconds(0) }.retry_after_minutes(), 1);
    }
}
