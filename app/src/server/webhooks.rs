//! Signed webhooks: the events sent to a body's endpoints, how each request is signed and
//! verified, the delivery job with its retries, and the endpoint changes an agency admin makes.
//!
//! A delivery is queued in the transaction of the step that caused it (see
//! `store::webhooks::queue_webhook_event`), so it exists if and only if the step is stored.
//! Its body is fixed then, so every retry sends the same bytes and the same event id, and a
//! receiver dedupes by `Appello-Event-Id`.

use std::sync::OnceLock;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use super::jobs::{backoff, new_job};
use super::secrets::random_token;
use super::state::AppState;
use super::store::{ClaimedJob, NewJob, StoreError, WebhookActor, WebhookAttempt};
pub use crate::pages::EndpointProblem;

/// The job kind that sends one delivery.
pub const DELIVERY: &str = "webhook";
/// Sent for every new complaint, whatever its channel.
pub const COMPLAINT_CREATED: &str = crate::pages::EVENT_CREATED;
/// Sent for every step that changes a complaint's status.
pub const STATUS_CHANGED: &str = crate::pages::EVENT_STATUS_CHANGED;
/// The event types an endpoint may subscribe to.
pub const EVENT_TYPES: [&str; 2] = [COMPLAINT_CREATED, STATUS_CHANGED];

/// How long failed deliveries are retried at least.
pub const RETRY_SPAN_HOURS: i64 = 24;
/// The replay window, in seconds, that the README tells receivers to apply.
pub const REPLAY_WINDOW_SECONDS: i64 = 300;
/// The longest URL accepted.
const MAX_URL_CHARS: usize = 2000;
/// The prefix of signing secrets, so that a leaked one is recognisable.
const SECRET_PREFIX: &str = "whsec_";

/// One event as sent: `{ "id", "type", "created_at", "data": { ... } }`. It names the
/// complaint only by number and carries no personal data; a consumer reads the details from
/// `GET /api/v1/complaints/{number}`.
#[derive(Clone, Debug)]
pub struct WebhookEvent {
    pub id: Uuid,
    pub event_type: &'static str,
    pub created_at: DateTime<Utc>,
    pub number: String,
    /// The body's directory code.
    pub org: String,
    pub status: String,
    pub previous_status: Option<String>,
    pub action: String,
    pub channel: String,
}

#[derive(Serialize)]
struct EventBody<'a> {
    id: Uuid,
    #[serde(rename = "type")]
    event_type: &'a str,
    created_at: String,
    data: EventData<'a>,
}

#[derive(Serialize)]
struct EventData<'a> {
    number: &'a str,
    org: &'a str,
    status: &'a str,
    previous_status: Option<&'a str>,
    action: &'a str,
    channel: &'a str,
    updated_at: String,
}

impl WebhookEvent {
    /// Serializes the event as the JSON body of its requests.
    pub fn to_json(&self) -> String {
        let at = self.created_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let body = EventBody {
            id: self.id,
            event_type: self.event_type,
            created_at: at.clone(),
            data: EventData {
                number: &self.number,
                org: &self.org,
                status: &self.status,
                previous_status: self.previous_status.as_deref(),
                action: &self.action,
                channel: &self.channel,
                updated_at: at,
            },
        };
        serde_json::to_string(&body).expect("webhook events serialize to JSON")
    }
}

/// The payload of a delivery job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryJob {
    pub delivery_id: Uuid,
}

/// Builds the job that sends delivery `delivery_id`, due at `at`, with enough attempts to
/// retry for [`RETRY_SPAN_HOURS`].
pub fn delivery_job(delivery_id: Uuid, at: DateTime<Utc>) -> NewJob {
    let key = format!("webhook:{delivery_id}");
    new_job(DELIVERY, &DeliveryJob { delivery_id }, max_attempts(), Some(key), at)
}

/// Returns the number of attempts whose backoff waits add up to at least [`RETRY_SPAN_HOURS`].
pub fn max_attempts() -> i32 {
    attempts_to_cover(Duration::hours(RETRY_SPAN_HOURS))
}

/// Computes the smallest number of attempts whose waits between them, by `jobs::backoff`,
/// add up to at least `span`.
pub fn attempts_to_cover(span: Duration) -> i32 {
    let mut attempts = 1;
    let mut waited = Duration::zero();
    while waited < span {
        waited += backoff(attempts);
        attempts += 1;
    }
    attempts
}

/// Generates a new signing secret: `whsec_` and 32 random bytes in hex.
pub fn new_secret() -> String {
    format!("{SECRET_PREFIX}{}", random_token(32))
}

/// Computes the hex HMAC-SHA256 of `timestamp.body` with `secret`.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// A reason a received webhook request fails verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Appello-Timestamp header is not a number of seconds")]
    InvalidTimestamp,
    #[error("the Appello-Timestamp header is outside the replay window")]
    OutsideWindow,
    #[error("the Appello-Signature header has no v1= signature")]
    MissingSignature,
    #[error("no v1 signature in Appello-Signature matches the body")]
    Mismatch,
}

/// Verifies a received webhook request, as a receiver does: `timestamp` is the
/// `Appello-Timestamp` header (unix seconds), `header` the `Appello-Signature` header (one
/// or more comma-separated `v1=<hex>` entries), `body` the raw request body, and `now` the
/// receiver's clock in unix seconds. The request passes when the timestamp is within
/// `window` of `now` in either direction and one `v1` entry equals the HMAC-SHA256 of
/// `timestamp.body` with `secret`, compared in constant time.
pub fn verify_signature(
    secret: &str,
    timestamp: &str,
    body: &[u8],
    header: &str,
    now: i64,
    window: Duration,
) -> Result<(), SignatureError> {
    let sent_at: i64 = timestamp.trim().parse().map_err(|_| SignatureError::InvalidTimestamp)?;
    if (now - sent_at).abs() > window.num_seconds() {
        return Err(SignatureError::OutsideWindow);
    }
    let signatures: Vec<Vec<u8>> = header
        .split(',')
        .filter_map(|entry| entry.trim().strip_prefix("v1="))
        .filter_map(|hex_value| hex::decode(hex_value).ok())
        .collect();
    if signatures.is_empty() {
        return Err(SignatureError::MissingSignature);
    }
    for signature in signatures {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
        mac.update(timestamp.trim().as_bytes());
        mac.update(b".");
        mac.update(body);
        if mac.verify_slice(&signature).is_ok() {
            return Ok(());
        }
    }
    Err(SignatureError::Mismatch)
}

/// Checks an endpoint URL: absolute `https://`, or `http://` to a loopback host (localhost,
/// 127.0.0.0/8, ::1) for local receivers, with no user name or password. Returns it
/// normalized.
pub fn parse_endpoint_url(raw: &str) -> Result<String, EndpointProblem> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(EndpointProblem::UrlMissing);
    }
    if trimmed.chars().count() > MAX_URL_CHARS {
        return Err(EndpointProblem::UrlTooLong);
    }
    let url = reqwest::Url::parse(trimmed).map_err(|_| EndpointProblem::UrlInvalid)?;
    // The URL parser normalizes IPv4 spellings such as 2130706433 to 127.0.0.1, and puts
    // IPv6 addresses in brackets.
    let host = url.host_str().ok_or(EndpointProblem::UrlInvalid)?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(EndpointProblem::UrlHttpRemote),
        _ => return Err(EndpointProblem::UrlScheme),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(EndpointProblem::UrlCredentials);
    }
    Ok(url.to_string())
}

/// Keeps the known event types of a posted list, in their canonical order.
pub fn parse_event_types(posted: &[String]) -> Result<Vec<&'static str>, EndpointProblem> {
    let events: Vec<&'static str> = EVENT_TYPES.into_iter().filter(|t| posted.iter().any(|p| p == t)).collect();
    if events.is_empty() {
        return Err(EndpointProblem::EventsMissing);
    }
    Ok(events)
}

/// The HTTP client of all deliveries: no redirects, because a receiver that moved must be
/// re-registered by an admin, not followed to wherever it points.
fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Appello-Webhooks/1")
            .build()
            .expect("the webhook HTTP client builds")
    })
}

/// Sends one attempt of a delivery job and records it. A 2xx response delivers it. Any other
/// status, a connection error or no response within `Settings::webhook_timeout` returns an
/// error, so the queue retries it. A delivery to a disabled or revoked endpoint ends unsent.
pub async fn deliver(state: &AppState, job: &ClaimedJob) -> Result<(), String> {
    let payload: DeliveryJob = serde_json::from_str(&job.payload).map_err(|e| format!("invalid webhook job: {e}"))?;
    let (delivery, endpoint) = match state.store.webhook_delivery(payload.delivery_id).await {
        Ok(found) => found,
        Err(StoreError::NotFound) => return Ok(()),
        Err(error) => return Err(error.to_string()),
    };
    if delivery.delivered_at.is_some() {
        return Ok(());
    }
    if !endpoint.enabled || endpoint.revoked_at.is_some() {
        let reason = if endpoint.revoked_at.is_some() { "endpoint revoked" } else { "endpoint disabled" };
        tracing::info!(delivery_id = %delivery.id, endpoint_id = %endpoint.id, reason, "webhook delivery cancelled");
        state.store.cancel_webhook_delivery(delivery.id, reason, super::store::now()).await.map_err(|e| e.to_string())?;
        return Ok(());
    }

    let sent_at = super::store::now();
    let timestamp = sent_at.timestamp();
    let signature = format!("v1={}", sign(&endpoint.secret, timestamp, delivery.body.as_bytes()));
    let started = Instant::now();
    let result = client()
        .post(&endpoint.url)
        .timeout(state.settings.webhook_timeout)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Appello-Event-Id", delivery.event_id.to_string())
        .header("Appello-Timestamp", timestamp.to_string())
        .header("Appello-Signature", signature)
        .body(delivery.body.clone())
        .send()
        .await;
    let duration_ms = started.elapsed().as_millis() as i64;

    let (status, error) = match result {
        Ok(response) if response.status().is_success() => (Some(i32::from(response.status().as_u16())), None),
        Ok(response) => {
            let code = response.status().as_u16();
            (Some(i32::from(code)), Some(format!("HTTP {code}")))
        }
        Err(error) if error.is_timeout() => {
            (None, Some(format!("timed out after {} s", state.settings.webhook_timeout.as_secs_f32())))
        }
        Err(error) => (None, Some(format!("request failed: {}", without_url(&error)))),
    };
    let delivered = error.is_none();
    let attempt = WebhookAttempt {
        delivery_id: delivery.id,
        at: sent_at,
        status,
        error: error.clone(),
        duration_ms,
        delivered,
        final_failure: !delivered && job.attempts >= job.max_attempts,
    };
    state.store.record_webhook_attempt(&attempt).await.map_err(|e| e.to_string())?;
    match error {
        None => {
            tracing::info!(delivery_id = %delivery.id, event_id = %delivery.event_id, endpoint_id = %endpoint.id,
                attempts = job.attempts, "webhook delivered");
            Ok(())
        }
        Some(error) => Err(error),
    }
}

/// Describes the error without the URL, because the URL may carry a token in its query and
/// the delivery log shows it separately.
fn without_url(error: &reqwest::Error) -> String {
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(error);
    let mut innermost = None;
    while let Some(cause) = source {
        innermost = Some(cause.to_string());
        source = cause.source();
    }
    innermost.unwrap_or_else(|| "connection failed".to_string())
}

/// An error of an endpoint change.
#[derive(Debug, thiserror::Error)]
pub enum EndpointError {
    #[error("invalid endpoint form")]
    Invalid(Vec<EndpointProblem>),
    /// No endpoint of the admin's body has this id, or it is revoked.
    #[error("webhook endpoint not found")]
    NotFound,
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for EndpointError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => EndpointError::NotFound,
            other => EndpointError::Store(other),
        }
    }
}

/// Adds an endpoint of body `org_id` after checking the URL and events, and returns the new
/// signing secret, which is shown once. Nothing is stored when the form is invalid.
pub async fn create_endpoint(
    state: &AppState,
    org_id: Uuid,
    url: &str,
    events: &[String],
    actor: &WebhookActor<'_>,
    now: DateTime<Utc>,
) -> Result<String, EndpointError> {
    let url = parse_endpoint_url(url);
    let events = parse_event_types(events);
    let (url, events) = match (url, events) {
        (Ok(url), Ok(events)) => (url, events),
        (url, events) => {
            let problems = [url.err(), events.err()].into_iter().flatten().collect();
            return Err(EndpointError::Invalid(problems));
        }
    };
    let secret = new_secret();
    let id = state.store.create_webhook_endpoint(org_id, &url, &events.join(" "), &secret, actor, now).await?;
    tracing::info!(endpoint_id = %id, %org_id, user_id = %actor.user_id, "webhook endpoint created");
    Ok(secret)
}

/// An admin's action on one endpoint of their body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointAction {
    Enable,
    Disable,
    Rotate,
    Revoke,
}

impl EndpointAction {
    pub fn parse(code: &str) -> Option<EndpointAction> {
        match code {
            "enable" => Some(EndpointAction::Enable),
            "disable" => Some(EndpointAction::Disable),
            "rotate" => Some(EndpointAction::Rotate),
            "revoke" => Some(EndpointAction::Revoke),
            _ => None,
        }
    }
}

/// Applies `action` to endpoint `id` of body `org_id`. Returns the new secret after a
/// rotation. An endpoint of another body is `NotFound`, and nothing changes.
pub async fn act_on_endpoint(
    state: &AppState,
    org_id: Uuid,
    id: Uuid,
    action: EndpointAction,
    actor: &WebhookActor<'_>,
    now: DateTime<Utc>,
) -> Result<Option<String>, EndpointError> {
    let store = &state.store;
    let secret = match action {
        EndpointAction::Enable => store.set_webhook_enabled(org_id, id, true, actor, now).await.map(|()| None)?,
        EndpointAction::Disable => store.set_webhook_enabled(org_id, id, false, actor, now).await.map(|()| None)?,
        EndpointAction::Revoke => store.revoke_webhook_endpoint(org_id, id, actor, now).await.map(|()| None)?,
        EndpointAction::Rotate => {
            let secret = new_secret();
            store.rotate_webhook_secret(org_id, id, &secret, actor, now).await?;
            Some(secret)
        }
    };
    tracing::info!(endpoint_id = %id, %org_id, user_id = %actor.user_id, ?action, "webhook endpoint changed");
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_span_at_least_a_day() {
        let attempts = max_attempts();
        let waits = |count: i32| -> i64 { (1..count).map(|a| backoff(a).num_seconds()).sum() };
        assert!(waits(attempts) >= 24 * 3600, "{attempts} attempts wait {} s", waits(attempts));
        assert!(waits(attempts - 1) < 24 * 3600, "{} attempts already span a day", attempts - 1);
    }

    #[test]
    fn signature_verifies_within_window() {
        let body = br#"{"id":"1"}"#;
        let header = format!("v1={}", sign("whsec_test", 1_700_000_000, body));
        let window = Duration::seconds(REPLAY_WINDOW_SECONDS);
        assert_eq!(verify_signature("whsec_test", "1700000000", body, &header, 1_700_000_100, window), Ok(()));
        assert_eq!(
            verify_signature("whsec_test", "1700000000", body, &header, 1_700_000_301, window),
            Err(SignatureError::OutsideWindow)
        );
        assert_eq!(
            verify_signature("whsec_other", "1700000000", body, &header, 1_700_000_000, window),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature("whsec_test", "1700000000", b"{}", &header, 1_700_000_000, window),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature("whsec_test", "soon", body, &header, 1_700_000_000, window),
            Err(SignatureError::InvalidTimestamp)
        );
        assert_eq!(
            verify_signature("whsec_test", "1700000000", body, "v0=abc", 1_700_000_000, window),
            Err(SignatureError::MissingSignature)
        );
    }

    #[test]
    fn endpoint_url_rules() {
        let cases = [
            ("https://hooks.example.ru/appello", Ok("https://hooks.example.ru/appello".to_string())),
            ("http://127.0.0.1:8080/hook", Ok("http://127.0.0.1:8080/hook".to_string())),
            ("http://localhost/hook", Ok("http://localhost/hook".to_string())),
            ("http://[::1]:9000/", Ok("http://[::1]:9000/".to_string())),
            ("", Err(EndpointProblem::UrlMissing)),
            ("hooks.example.ru", Err(EndpointProblem::UrlInvalid)),
            ("ftp://hooks.example.ru/", Err(EndpointProblem::UrlScheme)),
            ("http://hooks.example.ru/", Err(EndpointProblem::UrlHttpRemote)),
            ("https://user:pass@hooks.example.ru/", Err(EndpointProblem::UrlCredentials)),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_endpoint_url(raw), expected, "URL {raw:?}");
        }
        let long = format!("https://example.ru/{}", "a".repeat(MAX_URL_CHARS));
        assert_eq!(parse_endpoint_url(&long), Err(EndpointProblem::UrlTooLong));
    }

    #[test]
    fn event_types_keep_known_ones() {
        let posted = vec![STATUS_CHANGED.to_string(), "complaint.deleted".to_string()];
        assert_eq!(parse_event_types(&posted), Ok(vec![STATUS_CHANGED]));
        assert_eq!(parse_event_types(&[]), Err(EndpointProblem::EventsMissing));
    }
}
