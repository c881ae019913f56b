//! Secret API keys managed at /desk/platform/api-keys and with `appello api-keys`: who may
//! manage them, the key shown once, revocation taking effect on the next request, the audit
//! entries, and one body's admin against another body's key.

use std::process::Output;

use reqwest::StatusCode;

use app::server::api_keys::{create_key, is_secret_shape, KeyRequest};
use app::server::auth::Role;
use app::server::store::{now, AuditActor};

use crate::helpers::{spawn_app, Backend, Form, TestApp, STAFF_PASSWORD};
use crate::steps::{run_appello, Staff};

const PAGE: &str = "/desk/platform/api-keys";

/// Returns the status of `GET /api/v1/complaints` with `secret`.
async fn api_status(app: &TestApp, secret: &str) -> StatusCode {
    let response = app.new_client().get(app.url("/api/v1/complaints")).bearer_auth(secret).send().await;
    response.expect("the API request is sent").status()
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    app.db.raw.count_with("SELECT COUNT(*) FROM audit_log WHERE action = $1", action).await
}

async fn admin_of<'a>(app: &'a TestApp, email: &str, org: &str) -> Staff<'a> {
    let id = app.create_member(email, Role::AgencyAdmin, Some(org)).await;
    Staff::sign_in(app, email, id).await
}

async fn page_manages_keys_once_shown(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin_of(&app, "admin@mvd.example.ru", "mvd").await;

    let page = admin.get(PAGE).await;
    assert_eq!(page.status, StatusCode::OK, "the admin's page:\n{}", page.main_text());
    assert!(page.main_text().contains("Ключей пока нет"), "no keys yet:\n{}", page.main_text());

    let before = app.db.raw.count("api_keys").await;
    let rejected = admin.post(PAGE, Form::new().set("action", "create").set("name", "  ")).await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY, "no name and no scope");
    let messages = rejected.texts("#error-summary li");
    assert_eq!(messages.len(), 2, "a message for the name and one for the scopes: {messages:?}");
    assert!(messages.iter().any(|m| m.contains("название ключа")), "the name is named: {messages:?}");
    assert!(messages.iter().any(|m| m.contains("право")), "the scopes are named: {messages:?}");
    assert_eq!(app.db.raw.count("api_keys").await, before, "nothing stored for a rejected form");

    let form = Form::new().set("action", "create").set("name", "ЕИС МВД").set("scope_read", "on");
    let created = admin.post(PAGE, form).await;
    assert_eq!(created.status, StatusCode::OK, "the key is issued:\n{}", created.main_text());
    let secret = created.text("[data-testid=\"api-secret\"]").expect("the key is shown");
    assert!(is_secret_shape(&secret), "the shown key has the shape sk_ and 40 hex digits: {secret}");
    assert_eq!(api_status(&app, &secret).await, StatusCode::OK, "the shown key works");

    let listed = admin.get(PAGE).await;
    assert!(!listed.body.contains(&secret), "the key is never shown again");
    assert!(listed.main_text().contains(&secret[..11]), "the list shows the key's first characters");
    assert!(listed.main_text().contains("complaints:read"), "the list shows the scopes");
    assert_eq!(audit_count(&app, "api_key.create").await, 1, "the creation is audited");
    let with_ip = app
        .db
        .raw
        .count_with("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND ip IS NOT NULL", "api_key.create")
        .await;
    assert_eq!(with_ip, 1, "the audit entry has the client's address");

    let id = app.store().list_api_keys(None).await.expect("keys")[0].id.to_string();
    let revoked = admin.post(PAGE, Form::new().set("action", "revoke").set("id", &id)).await;
    assert_eq!(revoked.status, StatusCode::OK, "the key is revoked:\n{}", revoked.main_text());
    assert_eq!(api_status(&app, &secret).await, StatusCode::UNAUTHORIZED, "the next request with the key is rejected");
    assert_eq!(audit_count(&app, "api_key.revoke").await, 1, "the revocation is audited");

    let again = admin.post(PAGE, Form::new().set("action", "revoke").set("id", &id)).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "a second revocation");
    assert_eq!(audit_count(&app, "api_key.revoke").await, 1, "a second revocation is not audited");

    let no_csrf = app
        .post_form_from(
            &admin.client,
            PAGE,
            &Form::new().set("action", "create").set("name", "x").set("scope_read", "on"),
            Some(&app.address),
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN, "a form without the CSRF token");
    assert_eq!(app.db.raw.count("api_keys").await, before + 1, "no key from a form without the CSRF token");
}

async fn page_forbidden_to_other_roles(backend: Backend) {
    let app = spawn_app(backend).await;
    let reviewer = Staff::reviewer(&app, "reviewer@mvd.example.ru", "mvd").await;
    let page = reviewer.get(PAGE).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a reviewer's page");
    let post =
        reviewer.post(PAGE, Form::new().set("action", "create").set("name", "ЕИС").set("scope_read", "on")).await;
    assert_eq!(post.status, StatusCode::FORBIDDEN, "a reviewer's post");

    app.create_member("operator@appello.example.ru", Role::Operator, None).await;
    let operator = app.new_client();
    let login = Form::new().set("email", "operator@appello.example.ru").set("password", STAFF_PASSWORD);
    let signed_in = app.post_form_from(&operator, "/desk/login", &login, Some(&app.address)).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "the operator signs in");
    let page = app.get_with(&operator, PAGE).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "an operator's page");

    assert_eq!(app.db.raw.count("api_keys").await, 0, "no key was created");
}

async fn admin_cannot_revoke_other_body_key(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = admin_of(&app, "admin@mvd.example.ru", "mvd").await;
    let fns = app.store().org_by_code("fns").await.expect("fns");
    let request = KeyRequest::parse("ЕИС ФНС", &["complaints:read"]).expect("valid");
    let by = AuditActor { actor: "test".to_string(), ip: None };
    let created = create_key(&app.state, fns.id, &request, &by, now()).await.expect("the fns key");

    let page = admin.post(PAGE, Form::new().set("action", "revoke").set("id", &created.row.id.to_string())).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "another body's key reads as missing");
    assert_eq!(api_status(&app, &created.secret).await, StatusCode::OK, "the other body's key still works");
    assert_eq!(audit_count(&app, "api_key.revoke").await, 0, "nothing audited");
    let listed = admin.get(PAGE).await;
    assert!(!listed.main_text().contains("ЕИС ФНС"), "another body's key is not listed");
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn cli_creates_lists_revokes(backend: Backend) {
    let app = spawn_app(backend).await;

    let created =
        run_appello(&app, &["api-keys", "create", "--org", "mvd", "--name", "ЕИС МВД", "--scope", "complaints:read"]);
    assert!(created.status.success(), "create failed: {}", stderr(&created));
    let secret = stdout(&created).trim().to_string();
    assert!(is_secret_shape(&secret), "create prints the key: {secret:?}");
    assert!(stderr(&created).contains("shown once"), "create warns that the key is shown once");
    assert_eq!(api_status(&app, &secret).await, StatusCode::OK, "the printed key works");

    let listed = run_appello(&app, &["api-keys", "list", "--org", "mvd"]);
    assert!(listed.status.success(), "list failed: {}", stderr(&listed));
    let line = stdout(&listed);
    let fields: Vec<&str> = line.trim().split('\t').collect();
    assert_eq!(fields.len(), 8, "one line of 8 fields: {line:?}");
    assert_eq!(&fields[1..5], &[&secret[..11], "mvd", "active", "complaints:read"], "the list line: {line:?}");
    assert_eq!(fields[7], "ЕИС МВД");
    assert!(!line.contains(&secret), "the list never prints the key");

    let bad = run_appello(&app, &["api-keys", "create", "--org", "mvd", "--name", "", "--scope", "complaints:delete"]);
    assert!(!bad.status.success(), "a bad request fails");
    assert!(stderr(&bad).contains("--name"), "the empty name is named: {}", stderr(&bad));
    assert!(stderr(&bad).contains("complaints:delete"), "the unknown scope is named: {}", stderr(&bad));
    assert_eq!(app.db.raw.count("api_keys").await, 1, "nothing stored for a bad request");

    let revoked = run_appello(&app, &["api-keys", "revoke", fields[0]]);
    assert!(revoked.status.success(), "revoke failed: {}", stderr(&revoked));
    assert_eq!(api_status(&app, &secret).await, StatusCode::UNAUTHORIZED, "the revoked key is rejected");
    let again = run_appello(&app, &["api-keys", "revoke", fields[0]]);
    assert!(!again.status.success(), "a second revocation fails");
    assert!(stderr(&again).contains("already revoked"), "and says why: {}", stderr(&again));

    let audited = app
        .db
        .raw
        .count_with("SELECT COUNT(*) FROM audit_log WHERE actor = $1 AND action LIKE 'api_key.%'", "cli")
        .await;
    assert_eq!(audited, 2, "the creation and the revocation are audited as the command line");
}

on_both_backends!(
    page_manages_keys_once_shown,
    page_forbidden_to_other_roles,
    admin_cannot_revoke_other_body_key,
    cli_creates_lists_revokes,
);
