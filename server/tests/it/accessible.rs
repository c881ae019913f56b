//! The accessible version (large type, high contrast): switched by the `accessible` parameter,
//! remembered by the portal's cookie and by the widget's addresses, never by a widget cookie.

use reqwest::StatusCode;

use crate::helpers::{form_token, spawn_app, Backend, Form};

async fn portal_remembers_accessible_version(backend: Backend) {
    let app = spawn_app(backend).await;

    let switched_on = app.get("/complaint/mvd?accessible=1").await;
    assert_eq!(switched_on.attr("html", "data-accessible").as_deref(), Some("on"), "?accessible=1 turns it on");
    let cookies: Vec<_> = switched_on.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("accessible=1")), "the portal remembers the choice: {cookies:?}");
    assert!(switched_on.has("a[href=\"/complaint/mvd?accessible=0\"]"), "the switch back to the standard version");

    let next = app.get("/status").await;
    assert_eq!(next.attr("html", "data-accessible").as_deref(), Some("on"), "the next page stays accessible");

    let switched_off = app.get("/status?accessible=0").await;
    assert_eq!(switched_off.attr("html", "data-accessible"), None, "?accessible=0 turns it off");
    let after = app.get("/").await;
    assert_eq!(after.attr("html", "data-accessible"), None, "the next page is standard again");
    assert!(after.has("a[href=\"/?accessible=1\"]"), "the switch to the accessible version");
}

async fn widget_keeps_accessible_version(backend: Backend) {
    let app = spawn_app(backend).await;
    let origin = "https%3A%2F%2Fmvd.example.ru";
    let path = format!("/w/{}?lang=en&origin={origin}", app.widget_key);

    let standard = app.get_with(&app.new_client(), &path).await;
    assert_eq!(standard.attr("html", "data-accessible"), None, "the widget starts standard");
    let switch = standard.attr("a.accessible-switch", "href").expect("the switch in the widget");
    assert_eq!(switch, format!("{path}&accessible=1"), "the switch keeps the widget's parameters");

    let accessible = app.get_with(&app.new_client(), &switch).await;
    assert_eq!(accessible.attr("html", "data-accessible").as_deref(), Some("on"), "the switch turns it on");
    assert_eq!(accessible.header("set-cookie"), None, "the widget sets no cookie");
    let action = accessible.attr("form.complaint-form", "action").expect("the widget form");
    assert!(action.contains("accessible=1"), "the form address keeps the version: {action}");

    // A form sent with errors comes back in the accessible version too, and nothing is stored.
    let rejected = app.post_form(&action, &Form::complaint("mvd", &form_token()).set("surname", "")).await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY, "the rejected form's status");
    assert_eq!(rejected.attr("html", "data-accessible").as_deref(), Some("on"), "the rejected form stays accessible");
    assert_eq!(app.db.raw.count("complaints").await, 0, "complaints stored after the rejected post");

    // The widget ignores the portal's cookie, which a frame would not receive anyway.
    let with_cookie = app.get("/?accessible=1").await;
    assert_eq!(with_cookie.attr("html", "data-accessible").as_deref(), Some("on"), "the portal is accessible");
    let widget = app.get(&path).await;
    assert_eq!(widget.attr("html", "data-accessible"), None, "the widget without the parameter");
}

async fn html_names_language_and_direction(backend: Backend) {
    let app = spawn_app(backend).await;
    for (path, lang) in [("/", "ru"), ("/?lang=en", "en"), (&*format!("/w/{}?lang=en", app.widget_key), "en")] {
        let page = app.get_with(&app.new_client(), path).await;
        assert_eq!(page.attr("html", "lang").as_deref(), Some(lang), "lang of {path}");
        assert_eq!(page.attr("html", "dir").as_deref(), Some("ltr"), "dir of {path}");
    }
}

on_both_backends!(
    portal_remembers_accessible_version,
    widget_keeps_accessible_version,
    html_names_language_and_direction
);
