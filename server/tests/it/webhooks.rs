//! Signed webhooks end to end: an agency admin adds endpoints at `/desk/platform/webhooks`,
//! complaints are filed and moved on, the test drives the job queue by hand, and receivers
//! started here on 127.0.0.1 check what arrives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use axum::routing::post;
use axum::Router;
use chrono::Duration;
use reqwest::StatusCode;
use tokio::net::TcpListener;
use tokio::sync::Notify;

use app::domain::{Action, Status};
use app::server::auth::Role;
use app::server::jobs;
use app::server::state::Settings;
use app::server::api_keys::{create_key, KeyRequest};
use app::server::store::{now, AuditActor};
use app::server::webhooks::{verify_signature, SignatureError, REPLAY_WINDOW_SECONDS};

use crate::database::RawDb;
use crate::helpers::{form_token, spawn_app, spawn_app_with_settings, test_settings, Backend, Form, TestApp};
use crate::steps::{applicant_take, complaint, events, file, file_in, paper_form, staff_fields, Staff};

const ADMIN: &str = "admin@mvd.example.ru";
const FNS_ADMIN: &str = "admin@fns.example.ru";
const REVIEWER: &str = "reviewer@mvd.example.ru";
const WEBHOOKS: &str = "/desk/platform/webhooks";
/// More rounds of the queue than any test needs, so a delivery that never ends fails the test.
const MAX_ROUNDS: usize = 30;
/// How long a test waits for a receiver to see a request.
const RECEIVE_DEADLINE: StdDuration = StdDuration::from_secs(10);

/// How a test receiver responds.
#[derive(Clone)]
enum Behaviour {
    /// 500 for the first `n` requests of each event id, then 200.
    FailFirst(usize),
    /// Responds 200 only after the test notifies, or never.
    Hang(Arc<Notify>),
}

/// One request a receiver got.
#[derive(Clone, Debug)]
struct Hit {
    event_id: String,
    timestamp: String,
    signature: String,
    body: String,
    answered: u16,
}

#[derive(Clone)]
struct ReceiverState {
    behaviour: Behaviour,
    hits: Arc<Mutex<Vec<Hit>>>,
    /// How many times each event's effect was applied: once per event id, on the first
    /// request that the receiver accepts with 2xx, as a receiver that dedupes does.
    applied: Arc<Mutex<HashMap<String, usize>>>,
    arrived: Arc<Notify>,
}

/// A webhook receiver on 127.0.0.1, running until the test's runtime ends.
struct Receiver {
    url: String,
    state: ReceiverState,
}

impl Receiver {
    async fn start(behaviour: Behaviour) -> Receiver {
        let state = ReceiverState {
            behaviour,
            hits: Arc::default(),
            applied: Arc::default(),
            arrived: Arc::new(Notify::new()),
        };
        let router = Router::new().route("/hook", post(receive)).with_state(state.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port for the receiver");
        let url = format!("http://{}/hook", listener.local_addr().expect("the receiver's address"));
        tokio::spawn(async move {
            axum::serve(listener, router).await.expect("the receiver runs");
        });
        Receiver { url, state }
    }

    fn hits(&self) -> Vec<Hit> {
        self.state.hits.lock().expect("hits lock").clone()
    }

    fn applied(&self) -> HashMap<String, usize> {
        self.state.applied.lock().expect("applied lock").clone()
    }

    /// Waits until the receiver has got at least `count` requests, failing after the deadline.
    async fn wait_for_hits(&self, count: usize) {
        let deadline = tokio::time::Instant::now() + RECEIVE_DEADLINE;
        loop {
            let arrived = self.state.arrived.notified();
            if self.hits().len() >= count {
                return;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!("the receiver got {} requests, expected {count}: {:?}", self.hits().len(), self.hits());
            }
        }
    }
}

async fn receive(State(state): State<ReceiverState>, headers: HeaderMap, body: Bytes) -> AxumStatus {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let event_id = header("appello-event-id");
    let earlier = state.hits.lock().expect("hits lock").iter().filter(|h| h.event_id == event_id).count();
    let answered = match &state.behaviour {
        Behaviour::FailFirst(n) if earlier < *n => AxumStatus::INTERNAL_SERVER_ERROR,
        Behaviour::FailFirst(_) => AxumStatus::OK,
        Behaviour::Hang(release) => {
            // Record the request before hanging, so that the test can find it. Status 0 means
            // no response yet.
            record(&state, &headers, &body, &event_id, 0);
            release.notified().await;
            return AxumStatus::OK;
        }
    };
    // Apply before recording, so that a test that finds the request finds its effect too.
    if answered.is_success() {
        *state.applied.lock().expect("applied lock").entry(event_id.clone()).or_default() += 1;
    }
    record(&state, &headers, &body, &event_id, answered.as_u16());
    answered
}

fn record(state: &ReceiverState, headers: &HeaderMap, body: &Bytes, event_id: &str, answered: u16) {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let hit = Hit {
        event_id: event_id.to_string(),
        timestamp: header("appello-timestamp"),
        signature: header("appello-signature"),
        body: String::from_utf8_lossy(body).into_owned(),
        answered,
    };
    state.hits.lock().expect("hits lock").push(hit);
    state.arrived.notify_waiters();
}

/// Creates an agency admin of `org_code` and signs them in.
async fn admin<'a>(app: &'a TestApp, email: &str, org_code: &str) -> Staff<'a> {
    let id = app.create_member(email, Role::AgencyAdmin, Some(org_code)).await;
    Staff::sign_in(app, email, id).await
}

/// Adds an endpoint of body `org_code` for both event types through the form and returns its
/// id and secret.
async fn add_endpoint(app: &TestApp, admin: &Staff<'_>, org_code: &str, url: &str) -> (String, String) {
    let form = Form::new().set("url", url).add("events", "complaint.created").add("events", "complaint.status_changed");
    let page = admin.post(WEBHOOKS, form).await;
    assert_eq!(page.status, StatusCode::CREATED, "adding {url}: page:\n{}", page.main_text());
    let secret = page.text("[data-testid=\"webhook-secret\"]").expect("the new secret is shown");
    assert!(secret.starts_with("whsec_"), "secret {secret:?}");
    let org = app.store().org_by_code(org_code).await.unwrap_or_else(|e| panic!("body {org_code}: {e}"));
    let endpoints = app.store().webhook_endpoints(org.id).await.expect("the body's endpoints");
    let endpoint = endpoints.iter().find(|e| e.url == url).unwrap_or_else(|| panic!("{url} is stored"));
    assert_eq!(endpoint.secret, secret, "the shown secret is the stored one");
    (endpoint.id.to_string(), secret)
}

/// Makes every pending webhook retry due now, as if its backoff had passed.
async fn make_retries_due(app: &TestApp) {
    let sql = "UPDATE jobs SET run_at = $1 WHERE kind = 'webhook' AND done_at IS NULL AND failed_at IS NULL";
    let result = match &app.db.raw {
        RawDb::Sqlite(pool) => sqlx::query(sql).bind(now()).execute(pool).await.map(|_| ()),
        RawDb::Postgres(pool) => sqlx::query(sql).bind(now()).execute(pool).await.map(|_| ()),
    };
    result.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Runs the queue as the worker would, making retries due between rounds, until nothing is
/// due. Fails the test if jobs are still due after [`MAX_ROUNDS`].
async fn drain_queue(app: &TestApp) {
    for _ in 0..MAX_ROUNDS {
        make_retries_due(app).await;
        let ran = jobs::run_due(&app.state).await.unwrap_or_else(|e| panic!("running due jobs failed: {e}"));
        if ran == 0 {
            return;
        }
    }
    panic!("jobs were still due after {MAX_ROUNDS} rounds");
}

fn parse(hit: &Hit) -> serde_json::Value {
    serde_json::from_str(&hit.body).unwrap_or_else(|e| panic!("body {:?} is not JSON: {e}", hit.body))
}

async fn webhooks_deliver_signed_after_retries(backend: Backend) {
    let app = spawn_app(backend).await;
    let receiver = Receiver::start(Behaviour::FailFirst(2)).await;
    let admin = admin(&app, ADMIN, "mvd").await;
    let (endpoint_id, secret) = add_endpoint(&app, &admin, "mvd", &receiver.url).await;
    let audited = app.db.raw.count_with("SELECT COUNT(*) FROM audit_log WHERE action = $1", "webhook.create").await;
    assert_eq!(audited, 1, "the creation is audited");

    let reviewer = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file(&app).await;
    reviewer.step(&receipt.number, &staff_fields(Action::Register, reviewer.id)).await;
    reviewer.step(&receipt.number, &staff_fields(Action::StartReview, reviewer.id)).await;
    let queued = app.db.raw.count("webhook_deliveries").await;
    assert_eq!(queued, 3, "one delivery for the filing and one per status change");

    drain_queue(&app).await;

    let hits = receiver.hits();
    let mut by_event: Vec<(String, Vec<Hit>)> = Vec::new();
    for hit in &hits {
        match by_event.iter_mut().find(|(id, _)| *id == hit.event_id) {
            Some((_, list)) => list.push(hit.clone()),
            None => by_event.push((hit.event_id.clone(), vec![hit.clone()])),
        }
    }
    assert_eq!(by_event.len(), 3, "three events arrived: {hits:?}");
    for (event_id, attempts) in &by_event {
        let answers: Vec<u16> = attempts.iter().map(|h| h.answered).collect();
        assert_eq!(answers, vec![500, 500, 200], "event {event_id}: two failures, one success, then nothing");
        assert!(attempts.iter().all(|h| h.body == attempts[0].body), "event {event_id} is resent with the same body");
        assert_eq!(parse(&attempts[0])["id"], event_id.as_str(), "the body's id is the header's event id");
        for hit in attempts {
            let checked = verify_signature(&secret, &hit.timestamp, hit.body.as_bytes(), &hit.signature,
                now().timestamp(), Duration::seconds(REPLAY_WINDOW_SECONDS));
            assert_eq!(checked, Ok(()), "signature of {hit:?}");
        }
    }
    let applied = receiver.applied();
    assert_eq!(applied.len(), 3, "each event's effect applied: {applied:?}");
    assert!(applied.values().all(|&count| count == 1), "each event applied exactly once: {applied:?}");

    // A replayed request outside the window, a tampered body and a wrong secret all fail.
    let first = &hits[0];
    let late = first.timestamp.parse::<i64>().expect("a unix timestamp") + REPLAY_WINDOW_SECONDS + 1;
    let window = Duration::seconds(REPLAY_WINDOW_SECONDS);
    let replayed = verify_signature(&secret, &first.timestamp, first.body.as_bytes(), &first.signature, late, window);
    assert_eq!(replayed, Err(SignatureError::OutsideWindow));
    let tampered = first.body.replace("mvd", "fns");
    let forged = verify_signature(&secret, &first.timestamp, tampered.as_bytes(), &first.signature, now().timestamp(), window);
    assert_eq!(forged, Err(SignatureError::Mismatch));
    let other_secret = verify_signature("whsec_other", &first.timestamp, first.body.as_bytes(), &first.signature, now().timestamp(), window);
    assert_eq!(other_secret, Err(SignatureError::Mismatch));

    // The events, in the order of the steps: the filing, then each transition.
    let bodies: Vec<serde_json::Value> = by_event.iter().map(|(_, list)| parse(&list[0])).collect();
    let mut summary: Vec<(String, String, String, String)> = bodies
        .iter()
        .map(|b| {
            let data = &b["data"];
            (
                b["type"].as_str().unwrap_or_default().to_string(),
                data["previous_status"].as_str().unwrap_or("-").to_string(),
                data["status"].as_str().unwrap_or_default().to_string(),
                data["action"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    summary.sort_by_key(|(_, previous, _, _)| match previous.as_str() {
        "-" => 0,
        "submitted" => 1,
        _ => 2,
    });
    let expected = [
        ("complaint.created", "-", "submitted", "submit"),
        ("complaint.status_changed", "submitted", "registered", "register"),
        ("complaint.status_changed", "registered", "under_review", "start_review"),
    ];
    let expected: Vec<(String, String, String, String)> =
        expected.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string())).collect();
    assert_eq!(summary, expected);
    for body in &bodies {
        assert_eq!(body["data"]["number"], receipt.number.as_str());
        assert_eq!(body["data"]["org"], "mvd");
        assert_eq!(body["data"]["channel"], "portal");
        assert!(body["created_at"].is_string(), "created_at in {body}");
        assert!(body["data"]["updated_at"].is_string(), "updated_at in {body}");
    }
    for hit in &hits {
        for personal in ["Петрова", "anna.petrova@example.ru", "Льва Толстого", "+7 (916)"] {
            assert!(!hit.body.contains(personal), "the payload carries no personal data: {}", hit.body);
        }
    }

    let attempts = app.db.raw.count("webhook_attempts").await;
    assert_eq!(attempts, 9, "every attempt is logged");
    let log = admin.get(&format!("{WEBHOOKS}/{endpoint_id}")).await;
    assert_eq!(log.status, StatusCode::OK, "delivery log: {}", log.main_text());
    let rows = log.texts("tr[data-event]");
    assert_eq!(rows.len(), 3, "the log lists each delivery: {rows:?}");
    for (event_id, _) in &by_event {
        let cells = log.texts(&format!("tr[data-event=\"{event_id}\"] td"));
        assert_eq!(cells.len(), 7, "row of {event_id}: {cells:?}");
        assert_eq!(cells[2], receipt.number, "row of {event_id} names the complaint");
        assert_eq!(cells[3], "3", "row of {event_id} counts the attempts");
        assert_eq!(cells[4], "200", "row of {event_id} shows the last HTTP status");
        assert_eq!(cells[5], "", "row of {event_id} has no next retry");
        assert!(!cells[6].is_empty(), "row of {event_id} shows when it was delivered");
    }
}

async fn webhooks_hanging_endpoint_isolated(backend: Backend) {
    let outbox = tempfile::tempdir().expect("a temporary outbox");
    let settings = Settings { webhook_timeout: StdDuration::from_secs(5), ..test_settings(outbox.path()) };
    let app = spawn_app_with_settings(backend, settings).await;
    let never = Arc::new(Notify::new());
    let hanging = Receiver::start(Behaviour::Hang(never.clone())).await;
    let healthy = Receiver::start(Behaviour::FailFirst(0)).await;
    let admin = admin(&app, ADMIN, "mvd").await;
    add_endpoint(&app, &admin, "mvd", &hanging.url).await;
    add_endpoint(&app, &admin, "mvd", &healthy.url).await;
    file(&app).await;
    // The hanging endpoint's delivery comes first in the batch, so a worker that ran the batch
    // one job after another would reach the healthy endpoint only after the timeout.
    let first = "UPDATE jobs SET run_at = $1 WHERE dedupe_key IN (SELECT d.job_key FROM webhook_deliveries d \
                 JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.url = $2)";
    let earlier = now() - Duration::minutes(1);
    let moved = match &app.db.raw {
        RawDb::Sqlite(pool) => sqlx::query(first).bind(earlier).bind(&hanging.url).execute(pool).await.map(|r| r.rows_affected()),
        RawDb::Postgres(pool) => sqlx::query(first).bind(earlier).bind(&hanging.url).execute(pool).await.map(|r| r.rows_affected()),
    };
    assert_eq!(moved.expect("the hanging delivery's job moves"), 1);

    let state = app.state.clone();
    let batch = tokio::spawn(async move { jobs::run_due(&state).await });
    hanging.wait_for_hits(1).await;
    healthy.wait_for_hits(1).await;
    let hanging_attempts = "SELECT COUNT(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id \
                            JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.url = $1";
    let ended = app.db.raw.count_with(hanging_attempts, &hanging.url).await;
    assert_eq!(ended, 0, "the healthy endpoint got its event before the hanging attempt timed out");
    assert!(!batch.is_finished(), "the batch still waits for the hanging endpoint");
    assert_eq!(healthy.applied().len(), 1, "the healthy endpoint's delivery succeeded");

    let ran = batch.await.expect("the batch task ends").expect("the batch runs");
    assert!(ran >= 2, "both deliveries ran in the batch, and {ran} jobs in all");
    let errors: Vec<String> = {
        let sql = "SELECT COALESCE(last_error, '') FROM webhook_deliveries ORDER BY COALESCE(last_error, '')";
        match &app.db.raw {
            RawDb::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
            RawDb::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        }
        .expect("the deliveries")
    };
    assert_eq!(errors.len(), 2, "two deliveries: {errors:?}");
    assert_eq!(errors[0], "", "the healthy delivery has no error");
    assert!(errors[1].contains("timed out"), "the hanging delivery timed out: {errors:?}");
    let pending = app
        .db
        .raw
        .count_with("SELECT COUNT(*) FROM jobs WHERE kind = $1 AND done_at IS NULL AND failed_at IS NULL", "webhook")
        .await;
    assert_eq!(pending, 1, "the timed-out delivery waits for its retry");
}

async fn webhooks_bad_url_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app, ADMIN, "mvd").await;
    let cases = [
        ("ftp://hooks.example.ru/x", "ru", "Адрес (URL): допускаются только адреса http:// и https://."),
        ("http://hooks.example.ru/x", "ru", "Адрес (URL): для внешних адресов используйте https://"),
        ("hooks.example.ru", "ru", "Адрес (URL): это не адрес."),
        ("", "ru", "Адрес (URL): укажите адрес"),
        ("https://user:secret@hooks.example.ru/", "ru", "Адрес (URL): уберите из адреса имя пользователя и пароль."),
        ("http://hooks.example.com/x", "en", "URL: use https:// for remote hosts"),
    ];
    for (url, lang, expected) in cases {
        let form = Form::new().set("url", url).set("lang", lang).add("events", "complaint.created");
        let page = admin.post(WEBHOOKS, form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "URL {url:?}: {}", page.main_text());
        let message = page.field_error("url").unwrap_or_default();
        assert!(message.starts_with(expected), "URL {url:?}: message {message:?}");
        assert_eq!(page.summary_errors().len(), 1, "URL {url:?}: one problem listed");
        assert_eq!(page.field_value("url").as_deref(), Some(url), "URL {url:?} stays in the form");
    }

    let form = Form::new().set("url", "https://hooks.example.ru/x");
    let page = admin.post(WEBHOOKS, form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = page.field_error("events").unwrap_or_default();
    assert_eq!(message, "События: отметьте хотя бы одно событие.");

    assert_eq!(app.db.raw.count("webhook_endpoints").await, 0, "no rejected endpoint is stored");
    let audited = app.db.raw.count_with("SELECT COUNT(*) FROM audit_log WHERE action LIKE $1", "webhook.%").await;
    assert_eq!(audited, 0, "nothing rejected is audited");
}

async fn webhooks_scoped_to_admins_body(backend: Backend) {
    let app = spawn_app(backend).await;

    let reviewer = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let page = reviewer.get(WEBHOOKS).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a reviewer's list page");
    let form = Form::new().set("url", "https://hooks.example.ru/x").add("events", "complaint.created");
    let page = reviewer.post(WEBHOOKS, form.clone()).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a reviewer's new endpoint");

    app.create_member("operator@appello.example.ru", Role::Operator, None).await;
    let operator = app.new_client();
    let login = Form::new().set("email", "operator@appello.example.ru").set("password", crate::helpers::STAFF_PASSWORD);
    let signed_in = app.post_form_from(&operator, "/desk/login", &login, Some(&app.address)).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "the operator signs in");
    let page = app.get_with(&operator, WEBHOOKS).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "an operator's list page");
    assert_eq!(app.db.raw.count("webhook_endpoints").await, 0, "nothing stored by a reviewer");

    let mvd_receiver = Receiver::start(Behaviour::FailFirst(0)).await;
    let fns_receiver = Receiver::start(Behaviour::FailFirst(0)).await;
    let mvd_admin = admin(&app, ADMIN, "mvd").await;
    let fns_admin = admin(&app, FNS_ADMIN, "fns").await;
    add_endpoint(&app, &mvd_admin, "mvd", &mvd_receiver.url).await;
    let (fns_endpoint, fns_secret) = add_endpoint(&app, &fns_admin, "fns", &fns_receiver.url).await;

    let list = mvd_admin.get(WEBHOOKS).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&mvd_receiver.url), "the admin sees their own endpoint");
    assert!(!list.body.contains(&fns_receiver.url), "the admin does not see another body's endpoint");
    let log = mvd_admin.get(&format!("{WEBHOOKS}/{fns_endpoint}")).await;
    assert_eq!(log.status, StatusCode::NOT_FOUND, "another body's delivery log");
    for action in ["disable", "rotate", "revoke"] {
        let page = mvd_admin.post(&format!("{WEBHOOKS}/{fns_endpoint}"), Form::new().set("action", action)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{action} on another body's endpoint");
    }
    let fns_row = app.store().webhook_endpoints(app.store().org_by_code("fns").await.expect("fns").id).await.expect("rows");
    assert_eq!(fns_row.len(), 1);
    assert!(fns_row[0].enabled, "the other body's endpoint stays enabled");
    assert!(fns_row[0].revoked_at.is_none(), "the other body's endpoint stays unrevoked");
    assert_eq!(fns_row[0].secret, fns_secret, "the other body's secret is unchanged");

    let fns_complaint = app.file_complaint(&Form::complaint("fns", &crate::helpers::form_token())).await;
    let mvd_complaint = file(&app).await;
    drain_queue(&app).await;
    let numbers = |receiver: &Receiver| -> Vec<String> {
        receiver.hits().iter().map(|h| parse(h)["data"]["number"].as_str().unwrap_or_default().to_string()).collect()
    };
    assert_eq!(numbers(&fns_receiver), vec![fns_complaint.number.clone()], "the fns endpoint gets only fns complaints");
    assert_eq!(numbers(&mvd_receiver), vec![mvd_complaint.number.clone()], "the mvd endpoint gets only mvd complaints");

    // The owner's own changes work and are audited; a disabled endpoint receives nothing.
    let disabled = fns_admin.post(&format!("{WEBHOOKS}/{fns_endpoint}"), Form::new().set("action", "disable")).await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER, "the owner disables: {}", disabled.main_text());
    let rotated = fns_admin.post(&format!("{WEBHOOKS}/{fns_endpoint}"), Form::new().set("action", "rotate")).await;
    assert_eq!(rotated.status, StatusCode::OK, "the owner rotates: {}", rotated.main_text());
    let new_secret = rotated.text("[data-testid=\"webhook-secret\"]").expect("the rotated secret is shown");
    assert_ne!(new_secret, fns_secret, "rotation replaces the secret");
    app.file_complaint(&Form::complaint("fns", &crate::helpers::form_token())).await;
    drain_queue(&app).await;
    assert_eq!(fns_receiver.hits().len(), 1, "a disabled endpoint receives nothing");
    for action in ["webhook.disable", "webhook.rotate_secret"] {
        let audited = app.db.raw.count_with("SELECT COUNT(*) FROM audit_log WHERE action = $1", action).await;
        assert_eq!(audited, 1, "{action} is audited");
    }
    let revoked = fns_admin.post(&format!("{WEBHOOKS}/{fns_endpoint}"), Form::new().set("action", "revoke")).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "the owner revokes");
    let again = fns_admin.post(&format!("{WEBHOOKS}/{fns_endpoint}"), Form::new().set("action", "enable")).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "a revoked endpoint cannot be enabled again");
}


/// Returns `(type, previous status, status, action)` of each delivery to `endpoint_id` about
/// complaint `number`, oldest first.
async fn delivered_steps(app: &TestApp, endpoint_id: &str, number: &str) -> Vec<(String, Option<String>, String, String)> {
    let id = endpoint_id.parse().expect("an endpoint id");
    let mut rows = app.store().webhook_deliveries(id, 1000).await.expect("the deliveries");
    rows.retain(|row| row.complaint_number == number);
    rows.reverse();
    rows.iter()
        .map(|row| {
            let body: serde_json::Value = serde_json::from_str(&row.body).expect("a JSON body");
            let data = &body["data"];
            assert_eq!(body["id"], row.event_id.to_string().as_str(), "the body carries the event id");
            (
                body["type"].as_str().unwrap_or_default().to_string(),
                data["previous_status"].as_str().map(str::to_string),
                data["status"].as_str().unwrap_or_default().to_string(),
                data["action"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

async fn webhooks_queued_for_every_step(backend: Backend) {
    let app = spawn_app(backend).await;
    let mvd_admin = admin(&app, ADMIN, "mvd").await;
    let fns_admin = admin(&app, FNS_ADMIN, "fns").await;
    // Nothing is delivered in this test, so the receivers need not run.
    let (mvd_endpoint, _) = add_endpoint(&app, &mvd_admin, "mvd", "http://127.0.0.1:9/mvd").await;
    let (fns_endpoint, _) = add_endpoint(&app, &fns_admin, "fns", "http://127.0.0.1:9/fns").await;
    let reviewer = Staff::reviewer(&app, REVIEWER, "mvd").await;

    let mut numbers = Vec::new();
    for status in Status::ALL {
        numbers.push(file_in(&app, &reviewer, status).await.number);
    }
    // The applicant's answer, and steps that keep the status (assignment, referral).
    let answered = file_in(&app, &reviewer, Status::InfoRequested).await;
    let page = applicant_take(&app, &answered, Action::AnswerInfo).await;
    assert_eq!(page.status, StatusCode::OK, "the applicant answers: {}", page.main_text());
    numbers.push(answered.number.clone());
    let kept = file_in(&app, &reviewer, Status::Registered).await;
    reviewer.step(&kept.number, &staff_fields(Action::Assign, reviewer.id)).await;
    reviewer.step(&kept.number, &staff_fields(Action::ReferToProsecutor, reviewer.id)).await;
    numbers.push(kept.number.clone());

    for number in &numbers {
        let mut expected = Vec::new();
        for event in events(&app, number).await {
            match event.from_status {
                None => expected.push(("complaint.created".to_string(), None, event.to_status, event.action)),
                Some(from) if from != event.to_status => {
                    expected.push(("complaint.status_changed".to_string(), Some(from), event.to_status, event.action))
                }
                Some(_) => {}
            }
        }
        assert_eq!(delivered_steps(&app, &mvd_endpoint, number).await, expected, "deliveries of {number}");
    }
    let kept_types: Vec<String> = delivered_steps(&app, &mvd_endpoint, &kept.number).await.into_iter().map(|d| d.0).collect();
    assert_eq!(kept_types.len(), 2, "steps that keep the status send nothing: {kept_types:?}");

    // The redirected complaint opens at fns, whose endpoint hears of it as a new complaint.
    let redirected = complaint(&app, &numbers[Status::ALL.iter().position(|s| *s == Status::Redirected).expect("redirected")]).await;
    let copy = redirected.redirected_to_number.expect("the redirected complaint's copy");
    let fns_steps = delivered_steps(&app, &fns_endpoint, &copy).await;
    let expected = vec![("complaint.created".to_string(), None, "submitted".to_string(), "submit".to_string())];
    assert_eq!(fns_steps, expected, "the copy's creation reaches the competent body");
    let fns_total = app.store().webhook_deliveries(fns_endpoint.parse().expect("an id"), 1000).await.expect("rows").len();
    assert_eq!(fns_total, 1, "fns hears of nothing else");
}


async fn webhooks_created_on_every_channel(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin(&app, ADMIN, "mvd").await;
    // Nothing is delivered in this test, so the receiver need not run.
    let (endpoint_id, _) = add_endpoint(&app, &admin, "mvd", "http://127.0.0.1:9/mvd").await;
    let reviewer = Staff::reviewer(&app, REVIEWER, "mvd").await;

    let portal = file(&app).await.number;
    let widget_page = app.post_form(&format!("/w/{}", app.widget_key), &Form::complaint("mvd", &form_token())).await;
    let widget = widget_page.receipt().number;
    let paper = reviewer.post("/desk/new", paper_form("mvd", "2025-05-07")).await.receipt().number;
    let org = app.store().org_by_code("mvd").await.expect("mvd");
    let request = KeyRequest::parse("Тестовая система", &["complaints:write"]).expect("a valid key request");
    let by = AuditActor { actor: "test".to_string(), ip: None };
    let key = create_key(&app.state, org.id, &request, &by, now()).await.expect("the API key is created").secret;
    let body = serde_json::json!({
        "grounds": ["service_deadline"],
        "subject": "Паспорт не выдан в срок: заявление подано 2 октября в отделение по вопросам миграции.",
        "arguments": "Паспорт выдаётся в течение 10 рабочих дней. Срок истёк, паспорт не выдан.",
        "applicant_kind": "person",
        "surname": "Иванов",
        "first_name": "Пётр",
        "address": "119021, г. Москва, ул. Льва Толстого, д. 7",
        "email": "petr.ivanov@example.ru",
        "reply_by": "email"
    });
    let response = app
        .new_client()
        .post(app.url("/api/v1/complaints"))
        .bearer_auth(&key)
        .header("idempotency-key", "webhook-channel-test")
        .json(&body)
        .send()
        .await
        .expect("the API request is sent");
    assert_eq!(response.status(), StatusCode::CREATED, "creation through the API");
    let created: serde_json::Value = response.json().await.expect("a JSON reply");
    let api = created["complaint"]["number"].as_str().expect("the number").to_string();

    let id = endpoint_id.parse().expect("an endpoint id");
    let rows = app.store().webhook_deliveries(id, 100).await.expect("the deliveries");
    for (number, channel) in [(&portal, "portal"), (&widget, "widget"), (&paper, "paper"), (&api, "api")] {
        let bodies: Vec<serde_json::Value> = rows
            .iter()
            .filter(|row| &row.complaint_number == number)
            .map(|row| serde_json::from_str(&row.body).expect("a JSON body"))
            .collect();
        assert_eq!(bodies.len(), 1, "one delivery for the {channel} complaint {number}");
        assert_eq!(bodies[0]["type"], "complaint.created", "the {channel} complaint's event");
        assert_eq!(bodies[0]["data"]["channel"], channel, "the {channel} complaint's channel");
    }
}

on_both_backends!(
    webhooks_deliver_signed_after_retries,
    webhooks_hanging_endpoint_isolated,
    webhooks_bad_url_rejected,
    webhooks_scoped_to_admins_body,
    webhooks_queued_for_every_step,
    webhooks_created_on_every_channel,
);
