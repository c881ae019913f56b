//! Running the job queue: a worker loop in every `appello serve`, with retries and backoff.
//! Each job kind has a handler; a handler's error is retried later, never lost.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::{mail, notify, webhooks};
use super::state::AppState;
use super::store::{now, ClaimedJob, NewJob, StoreResult};

/// How long a claimed job is a worker's before another may take it over.
const LEASE_SECONDS: i64 = 300;
/// How many jobs a worker claims at once.
const BATCH: i64 = 10;
/// How often an idle worker looks for due jobs.
const IDLE_POLL: StdDuration = StdDuration::from_secs(1);
/// The first retry waits this long; each next one twice as long, up to `MAX_BACKOFF_SECONDS`.
const FIRST_BACKOFF_SECONDS: i64 = 30;
const MAX_BACKOFF_SECONDS: i64 = 6 * 3600;

pub const EMAIL: &str = "email";
/// An e-mail that carries a secret (a sign-in code); its payload is erased once it is sent.
pub const SECRET_EMAIL: &str = "secret_email";

/// The wait before the attempt after `attempts` failed ones: 30 s, 1 min, 2 min, ... 6 h.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 20) as u32 - 1;
    Duration::seconds((FIRST_BACKOFF_SECONDS << exponent).min(MAX_BACKOFF_SECONDS))
}

/// A job for `kind` with `payload` as JSON, due now.
pub fn new_job(kind: &'static str, payload: &impl Serialize, max_attempts: i32, dedupe_key: Option<String>, now: DateTime<Utc>) -> NewJob {
    NewJob {
        kind,
        payload: serde_json::to_string(payload).expect("job payloads serialize to JSON"),
        run_at: now,
        max_attempts,
        dedupe_key,
    }
}

/// Runs due jobs until `stop` resolves. Errors reading the queue are logged and retried.
pub async fn run_worker(state: AppState, stop: impl std::future::Future<Output = ()>) {
    tokio::pin!(stop);
    tracing::info!("job worker started");
    let mut scan_queued_for = None;
    loop {
        // One overdue scan a day; the dedupe key keeps instances from queueing it twice.
        let today = super::time::moscow_date(now());
        if scan_queued_for != Some(today) {
            match state.store.enqueue_jobs(&[notify::daily_scan_job(now())], now()).await {
                Ok(()) => scan_queued_for = Some(today),
                Err(error) => tracing::error!(%error, "queueing the overdue scan failed"),
            }
        }
        let ran = match run_due(&state).await {
            Ok(ran) => ran,
            Err(error) => {
                tracing::error!(%error, "job queue read failed");
                0
            }
        };
        if ran > 0 {
            continue;
        }
        tokio::select! {
            _ = &mut stop => break,
            _ = tokio::time::sleep(IDLE_POLL) => {}
        }
    }
    tracing::info!("job worker stopped");
}

/// Claims one batch of due jobs and runs them. Returns how many ran.
///
/// Each webhook delivery runs in its own task, so a slow or failing endpoint never holds up
/// another endpoint's delivery or the e-mail. The other jobs run one after another, in the
/// claimed order, so that a complaint's notices go out in the order of its steps.
/// NOTE: the call returns when the whole batch is done, so a hanging endpoint delays the
/// next batch by up to `Settings::webhook_timeout`.
pub async fn run_due(state: &AppState) -> StoreResult<usize> {
    let claimed = state.store.claim_jobs(BATCH, Duration::seconds(LEASE_SECONDS), now()).await?;
    let count = claimed.len();
    let (deliveries, in_order): (Vec<ClaimedJob>, Vec<ClaimedJob>) =
        claimed.into_iter().partition(|job| job.kind == webhooks::DELIVERY);

    let mut tasks = tokio::task::JoinSet::new();
    for job in deliveries {
        let state = state.clone();
        tasks.spawn(async move { run_one(&state, job).await });
    }
    let mut result = Ok(());
    for job in in_order {
        if let Err(error) = run_one(state, job).await {
            result = Err(error);
            break;
        }
    }
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(error)) => result = result.and(Err(error)),
            // The job's lease runs out and another worker retries it.
            Err(error) => tracing::error!(%error, "webhook delivery task panicked"),
        }
    }
    result.map(|()| count)
}

async fn run_one(state: &AppState, job: ClaimedJob) -> StoreResult<()> {
    let result = match job.kind.as_str() {
        EMAIL | SECRET_EMAIL => mail::send_job(state, &job.payload).await,
        notify::NOTICE => notify::send_notice(state, &job.payload).await,
        webhooks::DELIVERY => webhooks::deliver(state, &job).await,
        notify::OVERDUE_SCAN => notify::scan_overdue(state, now()).await.map(|_| ()).map_err(|e| e.to_string()),
        other => Err(format!("no handler for job kind {other:?}")),
    };
    match result {
        Ok(()) => {
            tracing::info!(job_id = %job.id, kind = %job.kind, attempts = job.attempts, "job done");
            state.store.finish_job(job.id, job.kind == SECRET_EMAIL, now()).await
        }
        Err(error) => {
            let retry_at = (job.attempts < job.max_attempts).then(|| now() + backoff(job.attempts));
            match retry_at {
                Some(at) => tracing::warn!(job_id = %job.id, kind = %job.kind, attempts = job.attempts, %error, retry_at = %at, "job failed, will retry"),
                None => tracing::error!(job_id = %job.id, kind = %job.kind, attempts = job.attempts, %error, "job failed for good"),
            }
            state.store.fail_job(job.id, &error, retry_at, job.kind == SECRET_EMAIL, now()).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_six_hours() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::seconds(480));
        assert_eq!(backoff(30), Duration::hours(6));
    }

    #[test]
    fn retries_cover_a_day_within_twenty_attempts() {
        let total: i64 = (1..20).map(|a| backoff(a).num_seconds()).sum();
        assert!(total > 24 * 3600, "19 waits add up to {total} s");
    }
}
