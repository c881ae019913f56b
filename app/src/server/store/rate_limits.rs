//! Fixed-window counters shared by all instances.

use chrono::{DateTime, Duration, Utc};

use super::{on_db, Store, StoreResult};

/// One hit counted in a bucket: the hits of its window so far, this one included, and the
/// start of that window.
#[derive(Clone, Debug)]
pub struct RateLimitHit {
    pub hits: i64,
    pub window_start: DateTime<Utc>,
}

impl Store {
    /// Counts one hit in `bucket` and returns the hits in its current window, which starts
    /// anew when the stored one is older than `window`.
    pub async fn rate_limit_hit(&self, bucket: &str, window: Duration, now: DateTime<Utc>) -> StoreResult<i64> {
        Ok(self.rate_limit_record(bucket, window, now).await?.hits)
    }

    /// Counts one hit in `bucket` like `rate_limit_hit`, and also returns the window it was
    /// counted in, so that `rate_limit_undo` can take it back. One atomic statement counts
    /// the hit, so requests sent in parallel each get a different count.
    pub async fn rate_limit_record(
        &self,
        bucket: &str,
        window: Duration,
        now: DateTime<Utc>,
    ) -> StoreResult<RateLimitHit> {
        let expired_before = now - window;
        on_db!(&self.db, pool => {
            let (hits, window_start) = sqlx::query_as(
                "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
                 ON CONFLICT (bucket) DO UPDATE SET \
                 hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
                 window_start = CASE WHEN rate_limits.window_start <= $3 THEN excluded.window_start \
                 ELSE rate_limits.window_start END \
                 RETURNING hits, window_start",
            )
            .bind(bucket)
            .bind(now)
            .bind(expired_before)
            .fetch_one(pool)
            .await?;
            Ok(RateLimitHit { hits, window_start })
        })
    }

    /// Takes back a hit that `rate_limit_record` counted in `bucket`. Nothing changes when
    /// that window has been replaced since, because the hit no longer counts there.
    pub async fn rate_limit_undo(&self, bucket: &str, hit: &RateLimitHit) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("UPDATE rate_limits SET hits = hits - 1 WHERE bucket = $1 AND window_start = $2 AND hits > 0")
                .bind(bucket)
                .bind(hit.window_start)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Forgets the hits of `bucket`, for example after a successful sign-in.
    pub async fn rate_limit_clear(&self, bucket: &str) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("DELETE FROM rate_limits WHERE bucket = $1").bind(bucket).execute(pool).await?;
            Ok(())
        })
    }
}
