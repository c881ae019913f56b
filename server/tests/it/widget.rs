//! Widget keys over HTTP: who may frame the widget, and what unknown and revoked keys show.

use reqwest::StatusCode;

use app::server::keys::new_public_key;
use app::server::store::now;

use crate::helpers::{form_token, spawn_app, Backend, Form, WIDGET_ORIGINS};

const UNKNOWN_KEY_RU: &str = "Ключ виджета на этом сайте не найден";
const UNKNOWN_KEY_EN: &str = "The widget key on this site was not found";
const REVOKED_KEY_RU: &str = "Виджет на этом сайте отключён";

fn sorted(origins: &[&str]) -> Vec<String> {
    let mut origins: Vec<String> = origins.iter().map(|o| o.to_string()).collect();
    origins.sort();
    origins
}

async fn csp_lists_key_origins(backend: Backend) {
    let app = spawn_app(backend).await;
    let fns = app.store().org_by_code("fns").await.expect("the demo directory has fns");
    let fns_key = new_public_key();
    let fns_origins = ["https://nalog.example.ru".to_string()];
    app.store().create_widget_key(fns.id, &fns_key, &fns_origins, "test", now()).await.expect("second key");

    let cases = [(app.widget_key.clone(), sorted(&WIDGET_ORIGINS)), (fns_key, sorted(&["https://nalog.example.ru"]))];
    for (key, expected) in cases {
        let page = app.get(&format!("/w/{key}")).await;
        assert_eq!(page.status, StatusCode::OK, "widget {key}: page:\n{}", page.main_text());
        assert_eq!(
            page.frame_ancestors(),
            Some(expected),
            "widget {key}: frame-ancestors should be exactly its origins"
        );
        assert_eq!(page.header("x-frame-options"), None, "widget {key}: X-Frame-Options would forbid every frame");
        assert!(page.has("input[name=\"form_token\"]"), "widget {key}: the complaint form should render");
    }
}

async fn unknown_key_explained(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [
        ("well-formed unknown key", "/w/pk_0123456789abcdef01234567", UNKNOWN_KEY_RU),
        ("malformed key", "/w/not-a-widget-key", UNKNOWN_KEY_RU),
        ("unknown key in English", "/w/pk_0123456789abcdef01234567?lang=en", UNKNOWN_KEY_EN),
    ];
    for (case, path, expected) in cases {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{case}: status");
        assert!(
            page.main_text().contains(expected),
            "{case}: the page should contain {expected:?}:\n{}",
            page.main_text()
        );
        assert!(!page.has("form"), "{case}: an unknown key must not get a complaint form");
    }

    let post = app.post_form("/w/pk_0123456789abcdef01234567", &Form::complaint("mvd", &form_token())).await;
    assert_eq!(post.status, StatusCode::NOT_FOUND, "a post to an unknown key: page:\n{}", post.main_text());
    assert_eq!(app.db.raw.count("complaints").await, 0, "a post to an unknown key must store nothing");
}

async fn revoked_key_explained(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = format!("/w/{}", app.widget_key);
    let token = app.get(&path).await.field_value("form_token").expect("the form opens before revocation");
    app.store().revoke_widget_key(&app.widget_key, "test", now()).await.expect("revocation");

    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::GONE, "a revoked key's page: status");
    assert!(
        page.main_text().contains(REVOKED_KEY_RU),
        "the page should contain {REVOKED_KEY_RU:?}:\n{}",
        page.main_text()
    );
    assert!(!page.has("form"), "a revoked key must not get a complaint form");
    assert_eq!(
        page.frame_ancestors(),
        Some(sorted(&WIDGET_ORIGINS)),
        "the explanation shows where the key was allowed"
    );

    // A form opened before the revocation and sent after it.
    let post = app.post_form(&path, &Form::complaint("mvd", &token)).await;
    assert_eq!(post.status, StatusCode::GONE, "a post to a revoked key: page:\n{}", post.main_text());
    assert!(post.main_text().contains(REVOKED_KEY_RU), "the response to the post should explain the revocation");
    assert!(!post.has("[data-testid=\"complaint-number\"]"), "no receipt for a revoked key");
    assert_eq!(app.db.raw.count("complaints").await, 0, "a post to a revoked key must store nothing");
}

async fn other_pages_deny_framing(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in ["/", "/complaint/mvd", "/status", "/desk/login", "/no-such-page", "/?lang=en"] {
        let page = app.get(path).await;
        assert_eq!(page.frame_ancestors(), Some(vec!["'none'".to_string()]), "{path}: frame-ancestors");
        assert_eq!(page.header("x-frame-options"), Some("DENY"), "{path}: X-Frame-Options");
    }

    let rejected = app.post_form("/complaint/mvd", &Form::complaint("mvd", &form_token()).set("surname", "")).await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY, "the rejected post");
    assert_eq!(rejected.frame_ancestors(), Some(vec!["'none'".to_string()]), "a rejected portal form: frame-ancestors");
}

on_both_backends!(csp_lists_key_origins, unknown_key_explained, revoked_key_explained, other_pages_deny_framing);
