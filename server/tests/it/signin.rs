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

on_both_backends!(five_failures_lock_email, success_clears_failures, unknown_email_limited, lock_ends_with_window);
