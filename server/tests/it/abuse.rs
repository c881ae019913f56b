//! Protection against automated posting: the rate limits of complaint filing, `/status` and
//! the REST API, the proof of work of the complaint form, and the honeypot field. Each test
//! sets its own small limits, so that a few requests reach them.

use chrono::Duration;
use reqwest::StatusCode;

use app::domain::pow::{solve_range, Challenge};
use app::server::abuse::{AbuseSettings, Limit};
use app::server::api_keys::{create_key, KeyRequest};
use app::server::auth::Role;
use app::server::store::{now, AuditActor};

use crate::helpers::{form_token, spawn_app, spawn_app_with_settings, test_settings, Backend, Form, Page, TestApp};
use crate::steps::{pdf_bytes, post_as, run_appello, sign_in, PDF_NAME};

/// Part of the Russian message over a rate limit, which names the wait.
const LIMITED_RU: &str = "Повторите через";
const POW_INVALID_RU: &str = "Автоматическая проверка формы не пройдена";
const POW_EXPIRED_RU: &str = "Автоматическая проверка формы устарела";
const POW_REUSED_RU: &str = "уже использована другой отправкой";
/// A surname that identifies the posted form in the page that comes back.
const SURNAME: &str = "Проверкина";

/// Starts the app with the test settings, whose limits leave room for every request, changed
/// by `change`, and a quick 8-bit proof of work.
async fn spawn_with_limits(backend: Backend, change: impl FnOnce(&mut AbuseSettings)) -> TestApp {
    let outbox = tempfile::tempdir().expect("a temporary outbox folder");
    let mut settings = test_settings(outbox.path());
    settings.abuse.pow_difficulty = 8;
    change(&mut settings.abuse);
    // Only the job queue writes mail, and no test here runs it, so the outbox folder may go.
    spawn_app_with_settings(backend, settings).await
}

/// Solves the proof of work that `page` carries and returns the challenge and the counter.
fn solve(page: &Page) -> (String, String) {
    let challenge = page.field_value("pow_challenge").expect("the complaint form carries a challenge");
    let difficulty = Challenge::parse(&challenge).expect("a well-formed challenge").difficulty;
    let counter = solve_range(&challenge, difficulty, 0, u64::MAX).expect("every challenge has a solution");
    (challenge, counter.to_string())
}

/// Builds a valid complaint with a fresh form token and the solved challenge of a newly opened form.
async fn solved_complaint(app: &TestApp) -> Form {
    let page = app.get("/complaint/mvd").await;
    let (challenge, counter) = solve(&page);
    Form::complaint("mvd", &form_token())
        .set("surname", SURNAME)
        .set("pow_challenge", &challenge)
        .set("pow_solution", &counter)
}

async fn stored_complaints(app: &TestApp) -> i64 {
    app.db.raw.count("complaints").await
}

/// Checks a rejected complaint post: `status`, the message, the posted surname kept, a fresh
/// challenge, and no complaint stored beyond `stored`.
async fn assert_rejected(app: &TestApp, page: &Page, status: StatusCode, message: &str, stored: i64) {
    assert_eq!(page.status, status, "status; page:\n{}", page.main_text());
    assert!(page.main_text().contains(message), "the page should say {message:?}:\n{}", page.main_text());
    assert_eq!(page.field_value("surname").as_deref(), Some(SURNAME), "the posted surname is kept");
    assert!(page.field_value("pow_challenge").is_some_and(|c| !c.is_empty()), "the page carries a challenge");
    assert_eq!(page.field_value("pow_solution").as_deref(), Some(""), "the solution input starts empty");
    assert_eq!(stored_complaints(app).await, stored, "a rejected post stores nothing");
}

async fn complaints_without_pow_limited(backend: Backend) {
    let app = spawn_with_limits(backend, |a| a.complaints_per_ip_without_pow = Limit::new(2, 3600)).await;
    for attempt in 1..=2 {
        let page = app.post_form("/complaint/mvd", &Form::complaint("mvd", &form_token())).await;
        assert_eq!(page.status, StatusCode::OK, "post {attempt} is within the limit; page:\n{}", page.main_text());
    }

    let form = Form::complaint("mvd", &form_token()).set("surname", SURNAME);
    let page = app.post_form("/complaint/mvd", &form).await;
    assert_rejected(&app, &page, StatusCode::TOO_MANY_REQUESTS, LIMITED_RU, 2).await;
    let retry_after: i64 = page.header("retry-after").and_then(|v| v.parse().ok()).expect("a numeric Retry-After");
    assert!((1..=3600).contains(&retry_after), "Retry-After {retry_after} is within the one-hour window");

    let english = app.post_form("/complaint/mvd", &form.clone().set("lang", "en")).await;
    assert_eq!(english.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(english.main_text().contains("Try again in"), "English message:\n{}", english.main_text());

    // A browser never fills a file input again, so the page asks for the files once more.
    let fields: Vec<(&str, &str)> = form.pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    let with_file = app.post_multipart("/complaint/mvd", &fields, &[(PDF_NAME, pdf_bytes())], None).await;
    assert_eq!(with_file.status, StatusCode::TOO_MANY_REQUESTS, "page:\n{}", with_file.main_text());
    let files_error = with_file.field_error("files").unwrap_or_default();
    assert!(files_error.contains("выберите"), "the file field asks for the file again: {files_error:?}");
}

async fn complaints_with_pow_limited(backend: Backend) {
    let app = spawn_with_limits(backend, |a| {
        a.complaints_per_ip = Limit::new(1, 3600);
        a.complaints_per_ip_without_pow = Limit::new(1, 3600);
    })
    .await;
    let first = app.post_form("/complaint/mvd", &solved_complaint(&app).await).await;
    assert_eq!(first.status, StatusCode::OK, "the first solved post is accepted; page:\n{}", first.main_text());

    let second = app.post_form("/complaint/mvd", &solved_complaint(&app).await).await;
    assert_rejected(&app, &second, StatusCode::TOO_MANY_REQUESTS, LIMITED_RU, 1).await;

    // The stricter limit without a proof of work is counted apart from the solved posts.
    let unsolved = app.post_form("/complaint/mvd", &Form::complaint("mvd", &form_token())).await;
    assert_eq!(unsolved.status, StatusCode::OK, "one post without a proof of work; page:\n{}", unsolved.main_text());
    assert_eq!(stored_complaints(&app).await, 2);
}

async fn invalid_post_not_counted(backend: Backend) {
    let app = spawn_with_limits(backend, |a| a.complaints_per_ip_without_pow = Limit::new(1, 3600)).await;
    let invalid = app.post_form("/complaint/mvd", &Form::complaint("mvd", &form_token()).set("subject", "")).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY, "an invalid form; page:\n{}", invalid.main_text());

    let token = form_token();
    let valid = app.post_form("/complaint/mvd", &Form::complaint("mvd", &token)).await;
    assert_eq!(valid.status, StatusCode::OK, "the invalid post did not use up the limit; page:\n{}", valid.main_text());
    let repeated = app.post_form("/complaint/mvd", &Form::complaint("mvd", &token)).await;
    assert_eq!(
        repeated.status,
        StatusCode::OK,
        "a repeated post still shows the receipt; page:\n{}",
        repeated.main_text()
    );
    assert_eq!(repeated.receipt(), valid.receipt(), "the repeated post shows the same complaint");
    assert_eq!(stored_complaints(&app).await, 1);
}

async fn widget_key_limited(backend: Backend) {
    let app = spawn_with_limits(backend, |a| a.complaints_per_widget_key = Limit::new(1, 86_400)).await;
    let path = format!("/w/{}", app.widget_key);
    let first = app.post_form(&path, &Form::complaint("mvd", &form_token())).await;
    assert_eq!(first.status, StatusCode::OK, "the first widget post; page:\n{}", first.main_text());

    let second = app.post_form(&path, &Form::complaint("mvd", &form_token()).set("surname", SURNAME)).await;
    assert_rejected(&app, &second, StatusCode::TOO_MANY_REQUESTS, LIMITED_RU, 1).await;

    // The portal does not count against the widget key.
    let portal = app.post_form("/complaint/mvd", &Form::complaint("mvd", &form_token())).await;
    assert_eq!(portal.status, StatusCode::OK, "a portal post; page:\n{}", portal.main_text());
}

async fn status_lookups_limited(backend: Backend) {
    let app = spawn_with_limits(backend, |a| a.status_per_ip = Limit::new(2, 600)).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    let lookup = Form::new().set("number", &receipt.number).set("code", &receipt.access_code);
    for attempt in 1..=2 {
        let page = app.post_form("/status", &lookup).await;
        assert_eq!(page.status, StatusCode::OK, "lookup {attempt}; page:\n{}", page.main_text());
    }

    let page = app.post_form("/status", &lookup).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "page:\n{}", page.main_text());
    assert!(page.main_text().contains(LIMITED_RU), "message:\n{}", page.main_text());
    assert_eq!(page.field_value("number").as_deref(), Some(receipt.number.as_str()), "the number is kept");
    let retry_after: i64 = page.header("retry-after").and_then(|v| v.parse().ok()).expect("a numeric Retry-After");
    assert!((1..=600).contains(&retry_after), "Retry-After {retry_after} is within the 10-minute window");
}

async fn api_key_limited(backend: Backend) {
    let app = spawn_with_limits(backend, |a| a.api_per_key = Limit::new(2, 60)).await;
    let org = app.store().org_by_code("mvd").await.expect("the demo directory has mvd");
    let request = KeyRequest::parse("Тестовая система", &["complaints:read"]).expect("a valid key request");
    let by = AuditActor { actor: "test".to_string(), ip: None };
    let key = create_key(&app.state, org.id, &request, &by, now()).await.expect("the key is created").secret;
    let get = || app.new_client().get(app.url("/api/v1/complaints")).bearer_auth(&key).send();

    for attempt in 1..=2 {
        let response = get().await.expect("the request is sent");
        assert_eq!(response.status(), StatusCode::OK, "request {attempt}");
    }
    let response = get().await.expect("the request is sent");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    let retry_after: Option<i64> =
        response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    assert!(retry_after.is_some_and(|s| (1..=60).contains(&s)), "Retry-After {retry_after:?}");
    let problem: serde_json::Value = response.json().await.expect("a JSON problem");
    assert_eq!(problem["type"], "/api/v1/problems/too-many-requests");
    assert_eq!(problem["status"], 429);
}

async fn pow_solution_accepted(backend: Backend) {
    let app = spawn_with_limits(backend, |a| a.complaints_per_ip_without_pow = Limit::new(1, 3600)).await;
    let unsolved = app.post_form("/complaint/mvd", &Form::complaint("mvd", &form_token())).await;
    assert_eq!(
        unsolved.status,
        StatusCode::OK,
        "a post without a solution is accepted; page:\n{}",
        unsolved.main_text()
    );

    // The solved posts count against the normal limit, not the used-up one without a solution.
    for attempt in 1..=2 {
        let page = app.post_form("/complaint/mvd", &solved_complaint(&app).await).await;
        assert_eq!(page.status, StatusCode::OK, "solved post {attempt}; page:\n{}", page.main_text());
    }
    assert_eq!(stored_complaints(&app).await, 3);
}

async fn pow_wrong_rejected(backend: Backend) {
    let app = spawn_with_limits(backend, |_| {}).await;
    let form = solved_complaint(&app).await;
    let challenge = form.get("pow_challenge").expect("challenge").to_string();
    let counter: u64 = form.get("pow_solution").and_then(|c| c.parse().ok()).expect("counter");
    let difficulty = Challenge::parse(&challenge).expect("challenge").difficulty;
    let wrong = (counter + 1..)
        .find(|c| !app::domain::pow::is_solution(&challenge, *c, difficulty))
        .expect("most counters fail");

    let cases = [
        ("wrong counter", form.clone().set("pow_solution", &wrong.to_string())),
        ("counter not a number", form.clone().set("pow_solution", "abc")),
        ("forged challenge", form.clone().set("pow_challenge", &challenge.replacen("v1.", "v1.0", 1))),
        ("challenge missing", form.clone().set("pow_challenge", "")),
    ];
    for (case, posted) in cases {
        let page = app.post_form("/complaint/mvd", &posted).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: page:\n{}", page.main_text());
        assert_rejected(&app, &page, StatusCode::UNPROCESSABLE_ENTITY, POW_INVALID_RU, 0).await;
        assert_ne!(page.field_value("pow_challenge").as_deref(), Some(challenge.as_str()), "{case}: a fresh challenge");
    }
}

async fn pow_reused_rejected(backend: Backend) {
    let app = spawn_with_limits(backend, |_| {}).await;
    let form = solved_complaint(&app).await;
    let first = app.post_form("/complaint/mvd", &form).await;
    assert_eq!(first.status, StatusCode::OK, "page:\n{}", first.main_text());

    let reused = app.post_form("/complaint/mvd", &form.clone().set("form_token", &form_token())).await;
    assert_rejected(&app, &reused, StatusCode::UNPROCESSABLE_ENTITY, POW_REUSED_RU, 1).await;

    // The same form sent again is a repeat of the filed complaint, not a reuse.
    let repeated = app.post_form("/complaint/mvd", &form).await;
    assert_eq!(repeated.status, StatusCode::OK, "page:\n{}", repeated.main_text());
    assert_eq!(repeated.receipt(), first.receipt());
}

async fn pow_expired_rejected(backend: Backend) {
    let app = spawn_with_limits(backend, |_| {}).await;
    let lifetime = app.state.settings.abuse.pow_lifetime;
    let issued = now() - lifetime - Duration::minutes(1);
    let challenge = app::server::pow::issue(&app.state.derivation_key, 8, issued);
    let counter = solve_range(&challenge, 8, 0, u64::MAX).expect("a solution");
    let form = Form::complaint("mvd", &form_token())
        .set("surname", SURNAME)
        .set("pow_challenge", &challenge)
        .set("pow_solution", &counter.to_string());
    let page = app.post_form("/complaint/mvd", &form).await;
    assert_rejected(&app, &page, StatusCode::UNPROCESSABLE_ENTITY, POW_EXPIRED_RU, 0).await;
}

async fn honeypot_rejected_and_hidden(backend: Backend) {
    let app = spawn_app(backend).await;
    let form = Form::complaint("mvd", &form_token()).set("surname", SURNAME).set("website", "https://spam.example");
    let page = app.post_form("/complaint/mvd", &form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "page:\n{}", page.main_text());
    assert!(page.field_error("website").is_some(), "the honeypot's error is shown");
    assert_eq!(
        page.field_value("website").as_deref(),
        Some(""),
        "the honeypot comes back empty, so a person can send again"
    );
    assert_eq!(page.field_value("surname").as_deref(), Some(SURNAME), "the posted surname is kept");
    assert_eq!(stored_complaints(&app).await, 0, "a filled honeypot stores nothing");

    let empty = app.get("/complaint/mvd").await;
    assert!(empty.has(".honeypot[aria-hidden=\"true\"] input[name=\"website\"]"), "hidden from screen readers");
    assert!(empty.has("input[name=\"website\"][tabindex=\"-1\"]"), "out of the tab order");
    assert!(empty.has("input[name=\"website\"][autocomplete=\"off\"]"), "not filled by autocomplete");
    let css = include_str!("../../../style/main.css");
    assert!(css.contains(".honeypot { position: absolute; left: -9999px;"), "the stylesheet moves it off screen");
}

const OPERATOR: &str = "operator@appello.example.ru";
const AGENCY_ADMIN: &str = "admin@mvd.example.ru";
const SWITCH_REASON: &str = "Сайт ведомства на проверке";
const SWITCHED_OFF_RU: &str = "Приём жалоб через этот виджет временно приостановлен";

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    app.db.raw.count_with("SELECT COUNT(*) FROM audit_log WHERE action = $1", action).await
}

async fn widget_switch_off_and_on(backend: Backend) {
    let app = spawn_app(backend).await;
    let operator = sign_in(&app, OPERATOR, Role::Operator, None, "/admin/keys").await;
    let admin = sign_in(&app, AGENCY_ADMIN, Role::AgencyAdmin, Some("mvd"), "/desk/platform").await;
    let key = app.widget_key.clone();
    let widget = format!("/w/{key}");
    let switch_off = Form::new().set("action", "switch_off").set("key", &key);

    let no_reason = post_as(&app, &operator, "/admin/keys", switch_off.clone().set("switch_off_reason", " ")).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY, "page:\n{}", no_reason.main_text());
    assert!(
        no_reason.main_text().contains("Причина выключения"),
        "the error names the field:\n{}",
        no_reason.main_text()
    );
    assert_eq!(app.get(&widget).await.status, StatusCode::OK, "without a reason the widget stays on");

    let by_admin =
        post_as(&app, &admin, "/desk/platform", switch_off.clone().set("switch_off_reason", SWITCH_REASON)).await;
    assert_eq!(by_admin.status, StatusCode::UNPROCESSABLE_ENTITY, "an agency admin cannot switch widgets off");
    let admin_at_admin_page =
        post_as(&app, &admin, "/admin/keys", switch_off.clone().set("switch_off_reason", SWITCH_REASON)).await;
    assert_eq!(admin_at_admin_page.status, StatusCode::FORBIDDEN);
    assert_eq!(audit_count(&app, "widget_key.disable").await, 0, "nothing switched yet");

    let off = post_as(&app, &operator, "/admin/keys", switch_off.clone().set("switch_off_reason", SWITCH_REASON)).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER, "page:\n{}", off.main_text());
    let audited = app
        .db
        .raw
        .count_with("SELECT COUNT(*) FROM audit_log WHERE action = 'widget_key.disable' AND detail = $1", SWITCH_REASON)
        .await;
    assert_eq!(audited, 1, "the switch-off is audited with its reason");
    let again =
        post_as(&app, &operator, "/admin/keys", switch_off.clone().set("switch_off_reason", SWITCH_REASON)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "switching off twice is rejected");

    let page = app.get(&widget).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "page:\n{}", page.main_text());
    assert!(page.main_text().contains(SWITCHED_OFF_RU), "the widget explains:\n{}", page.main_text());
    assert!(!page.main_text().contains(SWITCH_REASON), "the public page does not show the operator's reason");
    assert!(page.has("a[href=\"/complaint/mvd\"]"), "the widget links to the portal form");
    assert!(!page.has("form"), "no complaint form while off");
    let english = app.get(&format!("{widget}?lang=en")).await;
    assert!(english.main_text().contains("suspended"), "English message:\n{}", english.main_text());

    let posted = app.post_form(&widget, &Form::complaint("mvd", &form_token())).await;
    assert_eq!(posted.status, StatusCode::SERVICE_UNAVAILABLE, "page:\n{}", posted.main_text());
    assert_eq!(stored_complaints(&app).await, 0, "a post to a switched-off widget stores nothing");

    let desk = app.get_with(&admin.client, "/desk/platform").await;
    assert!(desk.main_text().contains(SWITCH_REASON), "the agency admin sees the reason:\n{}", desk.main_text());
    let state = "ключ действует, но виджет выключен оператором";
    assert!(desk.main_text().contains(state), "the key's state says the widget is off:\n{}", desk.main_text());

    let on = post_as(&app, &operator, "/admin/keys", Form::new().set("action", "switch_on").set("key", &key)).await;
    assert_eq!(on.status, StatusCode::SEE_OTHER, "page:\n{}", on.main_text());
    assert_eq!(audit_count(&app, "widget_key.enable").await, 1);
    let back = app.get(&widget).await;
    assert_eq!(back.status, StatusCode::OK);
    assert!(back.has("input[name=\"form_token\"]"), "the form is back");
    let filed = app.post_form(&widget, &Form::complaint("mvd", &form_token())).await;
    assert_eq!(filed.status, StatusCode::OK, "page:\n{}", filed.main_text());
}

async fn widget_switch_cli(backend: Backend) {
    let app = spawn_app(backend).await;
    let key = app.widget_key.clone();

    let off = run_appello(&app, &["keys", "disable", &key, "--reason", SWITCH_REASON]);
    assert!(off.status.success(), "keys disable: {}", String::from_utf8_lossy(&off.stderr));
    assert_eq!(String::from_utf8_lossy(&off.stdout).trim(), format!("switched off {key}"));
    let row = app.store().widget_key(&key).await.expect("the key");
    assert!(row.disabled_at.is_some(), "the key is switched off");
    assert_eq!(row.disabled_reason.as_deref(), Some(SWITCH_REASON));
    assert_eq!(app.get(&format!("/w/{key}")).await.status, StatusCode::SERVICE_UNAVAILABLE);
    let list = run_appello(&app, &["keys", "list"]);
    let line = String::from_utf8_lossy(&list.stdout).lines().find(|l| l.starts_with(key.as_str())).map(str::to_string);
    assert_eq!(line.as_deref().and_then(|l| l.split('\t').nth(2)), Some("switched-off"), "keys list shows the state");

    let twice = run_appello(&app, &["keys", "disable", &key, "--reason", SWITCH_REASON]);
    assert!(!twice.status.success(), "switching off twice fails");
    assert!(String::from_utf8_lossy(&twice.stderr).contains("already switched off"), "stderr names the state");
    let blank = run_appello(&app, &["keys", "enable", "pk_0123456789abcdef01234567"]);
    assert!(!blank.status.success(), "an unknown key fails");

    let on = run_appello(&app, &["keys", "enable", &key]);
    assert!(on.status.success(), "keys enable: {}", String::from_utf8_lossy(&on.stderr));
    assert_eq!(String::from_utf8_lossy(&on.stdout).trim(), format!("switched on {key}"));
    assert_eq!(app.get(&format!("/w/{key}")).await.status, StatusCode::OK);
    let by_cli = "SELECT COUNT(*) FROM audit_log WHERE actor = 'cli' AND action = $1";
    assert_eq!(app.db.raw.count_with(by_cli, "widget_key.disable").await, 1);
    assert_eq!(app.db.raw.count_with(by_cli, "widget_key.enable").await, 1);
}

on_both_backends!(
    widget_switch_off_and_on,
    widget_switch_cli,
    complaints_without_pow_limited,
    complaints_with_pow_limited,
    invalid_post_not_counted,
    widget_key_limited,
    status_lookups_limited,
    api_key_limited,
    pow_solution_accepted,
    pow_wrong_rejected,
    pow_reused_rejected,
    pow_expired_rejected,
    honeypot_rejected_and_hidden,
);
