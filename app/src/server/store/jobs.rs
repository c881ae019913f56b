//! The job queue's storage: enqueue, claim, finish, retry.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::{on_db, BeginWrite, Db, Store, StoreResult};

/// A job to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewJob {
    pub kind: &'static str,
    pub payload: String,
    pub run_at: DateTime<Utc>,
    pub max_attempts: i32,
    pub dedupe_key: Option<String>,
}

/// A job a worker has claimed.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimedJob {
    pub id: Uuid,
    pub kind: String,
    pub payload: String,
    /// Including this one.
    pub attempts: i32,
    pub max_attempts: i32,
    /// When the job became due.
    pub run_at: DateTime<Utc>,
}

/// A job as the desk's delivery log shows it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRow {
    pub id: Uuid,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub run_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Inserts `$job` inside transaction `$tx`; a taken dedupe key inserts nothing.
macro_rules! insert_job {
    ($tx:expr, $job:expr, $now:expr) => {{
        let job: &NewJob = $job;
        sqlx::query(
            "INSERT INTO jobs (id, kind, payload, run_at, max_attempts, created_at, dedupe_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(Uuid::now_v7())
        .bind(job.kind)
        .bind(&job.payload)
        .bind(job.run_at)
        .bind(job.max_attempts)
        .bind($now)
        .bind(&job.dedupe_key)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use insert_job;

impl Store {
    /// Queues jobs in one transaction.
    pub async fn enqueue_jobs(&self, jobs: &[NewJob], now: DateTime<Utc>) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            for job in jobs {
                insert_job!(tx, job, now);
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Claims up to `limit` due jobs for `lease`: another worker cannot claim them until the
    /// lease ends. PostgreSQL skips rows other workers are claiming at the same moment; on
    /// SQLite the write lock makes claims take turns. Returns the jobs oldest first by
    /// `run_at`, so one worker sends a complaint's notices in the order of its steps, except
    /// that a notice waiting for its retry is overtaken by later ones.
    pub async fn claim_jobs(&self, limit: i64, lease: Duration, now: DateTime<Utc>) -> StoreResult<Vec<ClaimedJob>> {
        let lease_end = now + lease;
        let lock = match &self.db {
            Db::Postgres(_) => " FOR UPDATE SKIP LOCKED",
            Db::Sqlite(_) => "",
        };
        let sql = format!(
            "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 WHERE id IN (\
             SELECT id FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $2 \
             AND (locked_until IS NULL OR locked_until < $2) ORDER BY run_at LIMIT $3{lock}) \
             RETURNING id, kind, payload, attempts, max_attempts, run_at"
        );
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let mut claimed: Vec<ClaimedJob> =
                sqlx::query_as(&sql).bind(lease_end).bind(now).bind(limit).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            // RETURNING gives rows in no defined order on either database, whatever the
            // subquery's ORDER BY.
            claimed.sort_by_key(|job| (job.run_at, job.id));
            Ok(claimed)
        })
    }

    /// Marks a claimed job done; `erase` empties its payload, for payloads that hold secrets.
    pub async fn finish_job(&self, id: Uuid, erase: bool, now: DateTime<Utc>) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query(
                "UPDATE jobs SET done_at = $1, locked_until = NULL, last_error = NULL, \
                 payload = CASE WHEN $2 THEN '{}' ELSE payload END WHERE id = $3",
            )
                .bind(now)
                .bind(erase)
                .bind(id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Records a failed attempt: the job runs again at `retry_at`, or, given `None`, never
    /// again; then `erase` empties a payload that contains secrets.
    pub async fn fail_job(
        &self,
        id: Uuid,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        erase: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query(
                "UPDATE jobs SET locked_until = NULL, last_error = $1, run_at = COALESCE($2, run_at), \
                 failed_at = CASE WHEN $2 IS NULL THEN $3 ELSE NULL END, \
                 payload = CASE WHEN $2 IS NULL AND $4 THEN '{}' ELSE payload END WHERE id = $5",
            )
            .bind(error)
            .bind(retry_at)
            .bind(now)
            .bind(erase)
            .bind(id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The newest jobs of `kind` whose dedupe key starts with `key_prefix`, newest first.
    pub async fn jobs_by_key_prefix(&self, kind: &str, key_prefix: &str, limit: i64) -> StoreResult<Vec<JobRow>> {
        let pattern = format!("{}%", key_prefix.replace('%', "").replace('_', "\\_"));
        on_db!(&self.db, pool => Ok(sqlx::query_as(
            "SELECT id, kind, payload, attempts, run_at, last_error, done_at, failed_at, created_at FROM jobs \
             WHERE kind = $1 AND dedupe_key LIKE $2 ESCAPE '\\' ORDER BY created_at DESC LIMIT $3",
        )
        .bind(kind)
        .bind(pattern)
        .bind(limit)
        .fetch_all(pool)
        .await?))
    }
}
