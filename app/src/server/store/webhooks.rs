//! Webhook endpoints, their deliveries and the attempts of each delivery.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{on_db, BeginWrite, Store, StoreError, StoreResult};

/// Queues, inside transaction `$tx`, one delivery of a webhook event about complaint
/// `$complaint_id`, with its job, to each enabled endpoint of the complaint's body that
/// subscribes to `$event_type`. A delivery therefore exists if and only if its step is stored. `$previous` is the status before the step (`None` for a new
/// complaint) and `$action` the step's action code. Reads the complaint row after the step.
macro_rules! queue_webhook_event {
    ($tx:ident, $complaint_id:expr, $event_type:expr, $previous:expr, $action:expr, $at:expr) => {{
        let complaint_id: Uuid = $complaint_id;
        let event_type: &'static str = $event_type;
        let at: chrono::DateTime<chrono::Utc> = $at;
        let previous_status: Option<&str> = $previous;
        let action: &str = $action;
        let (number, org_id, org_code, status, channel): (String, Uuid, String, String, String) = sqlx::query_as(
            "SELECT c.number, c.org_id, o.code, c.status, c.channel FROM complaints c \
             JOIN orgs o ON o.id = c.org_id WHERE c.id = $1",
        )
        .bind(complaint_id)
        .fetch_one(&mut *$tx)
        .await?;
        let endpoints: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT id, events FROM webhook_endpoints WHERE org_id = $1 AND enabled AND revoked_at IS NULL",
        )
        .bind(org_id)
        .fetch_all(&mut *$tx)
        .await?;
        let subscribed: Vec<Uuid> = endpoints
            .into_iter()
            .filter(|(_, events)| events.split_whitespace().any(|e| e == event_type))
            .map(|(id, _)| id)
            .collect();
        if !subscribed.is_empty() {
            let event = $crate::server::webhooks::WebhookEvent {
                id: Uuid::now_v7(),
                event_type,
                created_at: at,
                number,
                org: org_code,
                status,
                previous_status: previous_status.map(str::to_string),
                action: action.to_string(),
                channel,
            };
            let body = event.to_json();
            for endpoint_id in subscribed {
                let delivery_id = Uuid::now_v7();
                let job = $crate::server::webhooks::delivery_job(delivery_id, at);
                sqlx::query(
                    "INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, complaint_number, body, \
                     job_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(delivery_id)
                .bind(endpoint_id)
                .bind(event.id)
                .bind(event_type)
                .bind(&event.number)
                .bind(&body)
                .bind(&job.dedupe_key)
                .bind(at)
                .execute(&mut *$tx)
                .await?;
                $crate::server::store::jobs::insert_job!($tx, &job, at);
            }
        }
    }};
}
pub(crate) use queue_webhook_event;

/// An endpoint as the platform pages and the sender read it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct WebhookEndpointRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub url: String,
    /// Event types separated by spaces.
    pub events: String,
    pub secret: String,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One line of an endpoint's delivery log.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct WebhookDeliveryRow {
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub event_id: Uuid,
    pub event_type: String,
    pub complaint_number: String,
    pub body: String,
    pub attempts: i32,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// When the queue runs the next attempt, while one is pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// The outcome of one HTTP attempt to record.
#[derive(Clone, Debug)]
pub struct WebhookAttempt {
    pub delivery_id: Uuid,
    pub at: DateTime<Utc>,
    pub status: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
    /// The endpoint responded with a 2xx status.
    pub delivered: bool,
    /// No attempt follows: the retries ran out, or the endpoint was disabled or revoked.
    pub final_failure: bool,
}

/// The staff member and client address that the audit log records for an endpoint change.
#[derive(Clone, Debug)]
pub struct WebhookActor<'a> {
    pub user_id: Uuid,
    pub ip: &'a str,
}

const ENDPOINT_SELECT: &str =
    "SELECT id, org_id, url, events, secret, enabled, created_at, revoked_at FROM webhook_endpoints";

/// Appends an audit entry for a change of endpoint `$target` inside transaction `$tx`.
macro_rules! audit_webhook {
    ($tx:ident, $actor:expr, $action:expr, $target:expr, $detail:expr, $now:expr) => {{
        let actor: &WebhookActor = $actor;
        sqlx::query("INSERT INTO audit_log (id, at, actor, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(Uuid::now_v7())
            .bind($now)
            .bind(actor.user_id.to_string())
            .bind($action)
            .bind(format!("webhook:{}", $target))
            .bind($detail)
            .bind(actor.ip)
            .execute(&mut *$tx)
            .await?;
    }};
}

impl Store {
    /// Stores a new enabled endpoint of body `org_id` with its audit entry, in one transaction.
    pub async fn create_webhook_endpoint(
        &self,
        org_id: Uuid,
        url: &str,
        events: &str,
        secret: &str,
        actor: &WebhookActor<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO webhook_endpoints (id, org_id, url, events, secret, enabled, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
            )
            .bind(id)
            .bind(org_id)
            .bind(url)
            .bind(events)
            .bind(secret)
            .bind(true)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            audit_webhook!(tx, actor, "webhook.create", id, Some(format!("url={url} events={events}")), now);
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Lists the endpoints of body `org_id`, revoked ones included, oldest first.
    pub async fn webhook_endpoints(&self, org_id: Uuid) -> StoreResult<Vec<WebhookEndpointRow>> {
        let sql = format!("{ENDPOINT_SELECT} WHERE org_id = $1 ORDER BY created_at, id");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(org_id).fetch_all(pool).await?))
    }

    /// Reads endpoint `id` if it belongs to body `org_id`. Another body's endpoint is `NotFound`.
    pub async fn webhook_endpoint(&self, org_id: Uuid, id: Uuid) -> StoreResult<WebhookEndpointRow> {
        let sql = format!("{ENDPOINT_SELECT} WHERE id = $1 AND org_id = $2");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(id).bind(org_id).fetch_one(pool).await?))
    }

    /// Enables or disables a body's endpoint that is not revoked, with its audit entry.
    /// `NotFound` when no such endpoint exists.
    pub async fn set_webhook_enabled(
        &self,
        org_id: Uuid,
        id: Uuid,
        enabled: bool,
        actor: &WebhookActor<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let action = if enabled { "webhook.enable" } else { "webhook.disable" };
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE webhook_endpoints SET enabled = $1, updated_at = $2 \
                 WHERE id = $3 AND org_id = $4 AND revoked_at IS NULL",
            )
            .bind(enabled)
            .bind(now)
            .bind(id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            audit_webhook!(tx, actor, action, id, None::<String>, now);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Replaces the signing secret of a body's endpoint that is not revoked, with its audit
    /// entry (which never contains the secret). `NotFound` when no such endpoint exists.
    pub async fn rotate_webhook_secret(
        &self,
        org_id: Uuid,
        id: Uuid,
        secret: &str,
        actor: &WebhookActor<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE webhook_endpoints SET secret = $1, updated_at = $2 \
                 WHERE id = $3 AND org_id = $4 AND revoked_at IS NULL",
            )
            .bind(secret)
            .bind(now)
            .bind(id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            audit_webhook!(tx, actor, "webhook.rotate_secret", id, None::<String>, now);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Revokes a body's endpoint for good, with its audit entry: it receives nothing more, and
    /// its pending deliveries end unsent at their next attempt. `NotFound` when no such
    /// endpoint exists or it is already revoked.
    pub async fn revoke_webhook_endpoint(
        &self,
        org_id: Uuid,
        id: Uuid,
        actor: &WebhookActor<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE webhook_endpoints SET enabled = $1, revoked_at = $2, updated_at = $2 \
                 WHERE id = $3 AND org_id = $4 AND revoked_at IS NULL",
            )
            .bind(false)
            .bind(now)
            .bind(id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            audit_webhook!(tx, actor, "webhook.revoke", id, None::<String>, now);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Lists the newest deliveries of endpoint `endpoint_id`, newest first, with the time of
    /// the next attempt read from the job queue.
    pub async fn webhook_deliveries(&self, endpoint_id: Uuid, limit: i64) -> StoreResult<Vec<WebhookDeliveryRow>> {
        on_db!(&self.db, pool => Ok(sqlx::query_as(
            "SELECT d.id, d.endpoint_id, d.event_id, d.event_type, d.complaint_number, d.body, d.attempts, \
             d.last_status, d.last_error, d.delivered_at, d.failed_at, d.created_at, \
             CASE WHEN j.done_at IS NULL AND j.failed_at IS NULL THEN j.run_at END AS next_attempt_at \
             FROM webhook_deliveries d LEFT JOIN jobs j ON j.dedupe_key = d.job_key \
             WHERE d.endpoint_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2",
        )
        .bind(endpoint_id)
        .bind(limit)
        .fetch_all(pool)
        .await?))
    }

    /// Reads one delivery with its endpoint, for the sender.
    pub async fn webhook_delivery(&self, id: Uuid) -> StoreResult<(WebhookDeliveryRow, WebhookEndpointRow)> {
        let delivery: WebhookDeliveryRow = on_db!(&self.db, pool => sqlx::query_as(
            "SELECT id, endpoint_id, event_id, event_type, complaint_number, body, attempts, last_status, \
             last_error, delivered_at, failed_at, created_at, NULL AS next_attempt_at \
             FROM webhook_deliveries WHERE id = $1",
        )
        .bind(id)
        .fetch_one(pool)
        .await?);
        let sql = format!("{ENDPOINT_SELECT} WHERE id = $1");
        let endpoint = on_db!(&self.db, pool => sqlx::query_as(&sql).bind(delivery.endpoint_id).fetch_one(pool).await?);
        Ok((delivery, endpoint))
    }

    /// Records one attempt and updates its delivery's summary, in one transaction.
    pub async fn record_webhook_attempt(&self, attempt: &WebhookAttempt) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO webhook_attempts (id, delivery_id, at, status, error, duration_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(Uuid::now_v7())
            .bind(attempt.delivery_id)
            .bind(attempt.at)
            .bind(attempt.status)
            .bind(&attempt.error)
            .bind(attempt.duration_ms)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $1, last_error = $2, \
                 delivered_at = CASE WHEN $3 THEN $4 ELSE delivered_at END, \
                 failed_at = CASE WHEN $5 THEN $4 ELSE failed_at END WHERE id = $6",
            )
            .bind(attempt.status)
            .bind(&attempt.error)
            .bind(attempt.delivered)
            .bind(attempt.at)
            .bind(attempt.final_failure)
            .bind(attempt.delivery_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Marks a delivery as ended unsent, because its endpoint was disabled or revoked.
    pub async fn cancel_webhook_delivery(&self, id: Uuid, reason: &str, now: DateTime<Utc>) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("UPDATE webhook_deliveries SET last_error = $1, failed_at = $2 WHERE id = $3")
                .bind(reason)
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
