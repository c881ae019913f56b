//! Pages for every visitor: the directory on the home page, the language choice, and the
//! scripts that hydrate the islands.

use reqwest::StatusCode;

use crate::helpers::{spawn_app, Backend};

async fn home_lists_directory(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK, "home page status");

    let orgs = app.store().list_orgs().await.expect("list_orgs");
    assert!(!orgs.is_empty(), "the demo directory is loaded");
    for org in &orgs {
        let link = format!("a[href=\"/complaint/{}\"]", org.code);
        assert!(page.has(&link), "the home page should link to the form of {}", org.code);
    }
}

async fn language_choice_remembered(backend: Backend) {
    let app = spawn_app(backend).await;

    let english = app.get("/?lang=en").await;
    assert_eq!(english.attr("html", "lang").as_deref(), Some("en"), "?lang=en gives English");
    let cookies: Vec<_> = english.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("lang=en")), "the portal remembers the choice: {cookies:?}");

    let next = app.get("/status").await;
    assert_eq!(next.attr("html", "lang").as_deref(), Some("en"), "the next page stays English");
    assert!(next.main_text().contains("Complaint status"), "the status page in English:\n{}", next.main_text());

    // A cookie set inside an agency's frame would be a third-party cookie.
    let widget = app.get_with(&app.new_client(), &format!("/w/{}?lang=en", app.widget_key)).await;
    assert_eq!(widget.attr("html", "lang").as_deref(), Some("en"), "the widget in English");
    assert_eq!(widget.header("set-cookie"), None, "the widget sets no cookie");
}

async fn hydration_scripts_named(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/").await;
    let script = page.text("script[type=\"module\"]").unwrap_or_default();
    // A server built by plain cargo keeps wasm-bindgen's `_bg` in the wasm file's name.
    assert!(script.contains("\"/pkg/appello.js\""), "the islands script loads the JS:\n{script}");
    assert!(script.contains("\"/pkg/appello_bg.wasm\""), "the islands script loads the wasm:\n{script}");
    // A browser with JavaScript off would still download preloaded files.
    assert!(!page.has("link[rel=\"modulepreload\"]"), "no module preload");
    assert!(!page.has("link[rel=\"preload\"]"), "no wasm preload");
}

on_both_backends!(
    home_lists_directory,
    language_choice_remembered,
    hydration_scripts_named,
);
