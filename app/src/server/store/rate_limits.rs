//! Fixed-window counters shared by all instances.

use chrono::{DateTime, Duration, Utc};

use super::{on_db, Store, StoreResult};

impl Store {
    /// Counts one hit in `bucket` and returns the hits in its current window, which starts
    /// anew when the stored one is older than `window`.
    pub async fn rate_limit_hit(&self, bucket: &str, window: Duration, now: DateTime<Utc>) -> StoreResult<i64> {
        let expired_before = now - window;
        on_db!(&self.db, pool => Ok(sqlx::query_scalar(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
             hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
             window_start = CASE WHEN rate_limits.window_start <= $3 THEN excluded.window_start \
             ELSE rate_limits.window_start END \
             RETURNING hits",
        )
        .bind(bucket)
        .bind(now)
        .bind(expired_before)
        .fetch_one(pool)
        .await?))
    }

    /// The hits in `bucket`'s current window, without counting one.
    pub async fn rate_limit_hits(&self, bucket: &str, window: Duration, now: DateTime<Utc>) -> StoreResult<i64> {
        let expired_before = now - window;
        on_db!(&self.db, pool => {
            let hits: Option<i64> =
                sqlx::query_scalar("SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start > $2")
                    .bind(bucket)
                    .bind(expired_before)
                    .fetch_optional(pool)
                    .await?;
            Ok(hits.unwrap_or(0))
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
