//! Limits on staff sign-in: after five failed attempts for one e-mail address, further
//! attempts for it are rejected unchecked, while other addresses still sign in.

use chrono::Duration;
use reqwest::StatusCode;

use app::server::auth::Role;
use app::server::store::now;

use crate::database::RawDb;
use crate::helpers::{spawn_app, Backend, Form, Page, TestApp, STAFF_PASSWORD};

const LOCKED: &str = "locked@mvd.example.ru";
const OTHER: &str = "other@mvd.example.ru";
const WRONG_PASSWORD: &str = "Неверный пароль 2026";
const WRONG_CREDENTIALS: &str =
    "Неверная электронная почта или пароль. Проверьте поля «Электронная почта» и «Пароль».";
const TOO_MANY: &str =
    "Слишком много неудачных попыток входа. Повторите через 15 минут или обратитесь к администратору.";

/// Posts the sign-in form from a fresh browser.
async fn sign_in(app: &TestApp, email: &str, password: &str) -> Page {
    let form = Form::new().set("email", email).set("password", password);
    app.post_form_from(&app.new_client(), "/desk/login", &form, Some(&app.address)).await
}

fn sets_session_cookie(page: &Page) -> bool {
    page.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|cookie| cookie.starts_with("appello_session=") && !cookie.starts_with("appello_session=;"))
}

/// Fails `count` sign-ins for `email`, checking that each is rejected as wrong credentials.
async fn fail_sign_ins(app: &TestApp, email: &str, count: usize) {
    for attempt in 1..=count {
        let page = sign_in(app, email, WRONG_PASSWORD).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{email}, wrong attempt {attempt}: status");
        let message = page.field_error("password").unwrap_or_default();
        assert_eq!(message, WRONG_CREDENTIALS, "{email}, wrong attempt {attempt}: message");
    }
}

async fn five_failures_lock_email(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_member(LOCKED, Role::Reviewer, Some("mvd")).await;
    app.create_member(OTHER, Role::Reviewer, Some("mvd")).await;

    fail_sign_ins(&app, LOCKED, 5).await;
    let cases = [("the right password", LOCKED), ("the address in other case and spacing", " Locked@MVD.example.ru ")];
    for (case, email) in cases {
        let page = sign_in(&app, email, STAFF_PASSWORD).await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{case} after five failures: status");
        assert_eq!(page.field_error("password").as_deref(), Some(TOO_MANY), "{case} after five failures: message");
        assert!(!sets_session_cookie(&page), "{case} after five failures: no session cookie");
    }
    assert_eq!(app.db.raw.count("staff_sessions").await, 0, "no session opened for the locked address");

    let page = sign_in(&app, OTHER, STAFF_PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "another address still signs in; page:\n{}", page.main_text());
    assert_eq!(page.location(), Some("/desk"), "another address lands on the desk");
}

async fn success_clears_failures(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_member(LOCKED, Role::Reviewer, Some("mvd")).await;

    for round in 1..=2 {
        fail_sign_ins(&app, LOCKED, 4).await;
        let page = sign_in(&app, LOCKED, STAFF_PASSWORD).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "round {round}: four failures leave the right password working");
    }
}

async fn unknown_email_limited(backend: Backend) {
    let app = spawn_app(backend).await;
    let unknown = "nobody@mvd.example.ru";
    fail_sign_ins(&app, unknown, 5).await;
    let page = sign_in(&app, unknown, STAFF_PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "an unknown address is limited like a known one");
}

async fn lock_ends_with_window(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_member(LOCKED, Role::Reviewer, Some("mvd")).await;
    fail_sign_ins(&app, LOCKED, 5).await;
    let page = sign_in(&app, LOCKED, STAFF_PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "locked right after five failures");

    // Moves every counter's window start 16 minutes back, past the 15-minute window.
    let window_start = now() - Duration::minutes(16);
    let sql = "UPDATE rate_limits SET window_start = $1";
    let moved = match &app.db.raw {
        RawDb::Sqlite(pool) => sqlx::query(sql).bind(window_start).execute(pool).await.map(|r| r.rows_affected()),
        RawDb::Postgres(pool) => sqlx::query(sql).bind(window_start).execute(pool).await.map(|r| r.rows_affected()),
    };
    assert!(moved.expect("the counters are moved back") > 0, "some counter was stored");

    let page = sign_in(&app, LOCKED, STAFF_PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the right password works once the window has passed");
}

// Every test request comes from 127.0.0.1, so this checks the per-client limit, but not that
// another client stays unaffected.
async fn client_failures_lock_everyone(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_member(OTHER, Role::Reviewer, Some("mvd")).await;

    // 29 failures of the client are stored as if made just now, since 30 real ones take long
    // with Argon2 in a debug build.
    let sql = "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ('signin-client:127.0.0.1', $1, 29)";
    let inserted = match &app.db.raw {
        RawDb::Sqlite(pool) => sqlx::query(sql).bind(now()).execute(pool).await.map(|r| r.rows_affected()),
        RawDb::Postgres(pool) => sqlx::query(sql).bind(now()).execute(pool).await.map(|r| r.rows_affected()),
    };
    assert_eq!(inserted.expect("the client's counter is stored"), 1, "one counter row");

    let page = sign_in(&app, OTHER, STAFF_PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "29 failures of the client still let a right password in");
    fail_sign_ins(&app, "guess@mvd.example.ru", 1).await;
    let page = sign_in(&app, OTHER, STAFF_PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "30 failures of one client lock every address");
    assert_eq!(page.field_error("password").as_deref(), Some(TOO_MANY), "the message after 30 failures");
}

async fn parallel_failures_limited(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_member(LOCKED, Role::Reviewer, Some("mvd")).await;

    // Ten wrong passwords sent at once, as an attacker would, each from its own browser.
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let request = app
            .new_client()
            .post(app.url("/desk/login"))
            .header(reqwest::header::ORIGIN, app.address.clone())
            .form(&[("email", LOCKED), ("password", WRONG_PASSWORD)]);
        attempts.spawn(async move { request.send().await.map(|response| response.status()) });
    }
    let statuses: Vec<StatusCode> =
        attempts.join_all().await.into_iter().map(|status| status.expect("the sign-in request completes")).collect();

    let checked = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
    let limited = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(checked + limited, 10, "every attempt is either checked or limited: {statuses:?}");
    assert!(checked <= 5, "at most five passwords are checked in one window, but {checked} were: {statuses:?}");
}

on_both_backends!(
    five_failures_lock_email,
    success_clears_failures,
    unknown_email_limited,
    lock_ends_with_window,
    client_failures_lock_everyone,
    parallel_failures_limited,
);
