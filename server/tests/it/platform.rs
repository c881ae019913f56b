//! Widget keys from request to revocation over HTTP: an agency admin requests, an operator
//! approves or declines, the key is edited, rotated with an overlap and revoked, each step
//! audited; members of other roles and bodies are kept out.

use reqwest::StatusCode;

use app::server::auth::Role;

use crate::helpers::{spawn_app, Backend, Form, Page, TestApp};
use crate::steps::{post_as as post, sign_in, Member};

const ADMIN: &str = "admin@mvd.example.ru";
const OTHER_ADMIN: &str = "admin@fns.example.ru";
const OPERATOR: &str = "operator@appello.example.ru";
const REVIEWER: &str = "reviewer@mvd.example.ru";
const SITE_ORIGIN: &str = "https://mvd-portal.example.ru";


fn request_form(site: &str, origins: &str, contact: &str) -> Form {
    Form::new().set("action", "request").set("site", site).set("origins", origins).set("contact", contact)
}

/// Returns the error shown under field `name` of the form whose field ids carry `scope`.
fn error_in(page: &Page, scope: &str, name: &str) -> Option<String> {
    page.text(&format!("p.field__error#error-{scope}-{name}:not([hidden])")).filter(|t| !t.is_empty())
}

/// Fails unless every `id` on the page is unique: the cards repeat the same fields, and a
/// label or error link must reach the control of its own card.
fn assert_ids_unique(page: &Page) {
    let html = scraper::Html::parse_document(&page.body);
    let selector = scraper::Selector::parse("[id]").expect("a valid selector");
    let mut seen = std::collections::HashSet::new();
    for element in html.select(&selector) {
        let id = element.value().attr("id").unwrap_or_default();
        assert!(seen.insert(id.to_string()), "the id {id:?} appears twice");
    }
}

async fn count(app: &TestApp, sql: &str, param: &str) -> i64 {
    app.db.raw.count_with(sql, param).await
}

/// The agency admin's request, approved by the operator; returns the new key.
async fn approved_key(app: &TestApp, admin: &Member, operator: &Member) -> String {
    let page = post(app, admin, "/desk/platform", request_form("Портал МВД", SITE_ORIGIN, "Иванов, web@mvd.example.ru")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the request is accepted; page:\n{}", page.main_text());
    let queue = app.get_with(&operator.client, "/admin/keys").await;
    let request = queue.attr("input[name=\"request\"]", "value").expect("the operator sees the pending request");
    let page = post(app, operator, "/admin/keys", Form::new().set("action", "approve").set("request", &request)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the approval is accepted; page:\n{}", page.main_text());
    let platform = app.get_with(&admin.client, "/desk/platform").await;
    let key = platform.attr("input[name=\"key\"]", "value").expect("the admin's page lists the new key");
    key
}

async fn request_approve_and_use(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = sign_in(&app, ADMIN, Role::AgencyAdmin, Some("mvd"), "/desk/platform").await;
    let operator = sign_in(&app, OPERATOR, Role::Operator, None, "/admin/keys").await;

    let page = post(&app, &admin, "/desk/platform", request_form("Портал МВД", " https://MVD-portal.example.ru/ \nhttp://localhost:8080", "web@mvd.example.ru")).await;
    assert_eq!(page.location(), Some("/desk/platform?done=requested#requests"), "back to the page with a note");
    let stored = count(&app, "SELECT COUNT(*) FROM widget_key_requests WHERE origins = $1 AND status = 'pending'", "https://mvd-portal.example.ru http://localhost:8080").await;
    assert_eq!(stored, 1, "the request is stored with normalized origins");
    let audited = count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND ip = '127.0.0.1'", "widget_key.request").await;
    assert_eq!(audited, 1, "the request is audited with the client's address");

    let admin_page = app.get_with(&admin.client, "/desk/platform?done=requested").await;
    assert!(admin_page.main_text().contains("ждёт решения оператора"), "the admin sees the request waiting:\n{}", admin_page.main_text());
    let queue = app.get_with(&operator.client, "/admin/keys").await;
    let request = queue.attr("input[name=\"request\"]", "value").expect("the operator sees the request");
    let page = post(&app, &operator, "/admin/keys", Form::new().set("action", "approve").set("request", &request)).await;
    assert_eq!(page.location(), Some("/admin/keys?done=approved"));

    let platform = app.get_with(&admin.client, "/desk/platform").await;
    let key = platform.attr("input[name=\"key\"]", "value").expect("the key is listed");
    let snippet = platform.text("textarea.snippet").expect("the snippet is shown");
    assert!(snippet.contains(&format!("data-key=\"{key}\"")), "snippet names the key: {snippet}");
    assert!(snippet.contains("/embed.js"), "snippet loads the loader: {snippet}");
    assert!(platform.main_text().contains("одобрена, ключ выпущен"), "the request shows as approved");

    assert_ids_unique(&platform);
    assert_ids_unique(&app.get_with(&operator.client, "/admin/keys").await);

    let widget = app.get(&format!("/w/{key}")).await;
    assert_eq!(widget.status, StatusCode::OK);
    let mut expected = vec!["http://localhost:8080".to_string(), SITE_ORIGIN.to_string()];
    expected.sort();
    assert_eq!(widget.frame_ancestors(), Some(expected), "the widget may be framed by the requested origins only");
    let loads = count(&app, "SELECT COALESCE(SUM(d.loads), 0) FROM widget_key_days d JOIN widget_keys k ON k.id = d.key_id WHERE k.public_key = $1", &key).await;
    assert_eq!(loads, 1, "the widget load is counted");
    let platform = app.get_with(&admin.client, "/desk/platform").await;
    let card = format!("#key-{key}");
    assert!(platform.text(&format!("{card} table.inbox tbody tr")).is_some(), "the day's use is listed");
    let card_text = platform.text(&card).unwrap_or_default();
    assert!(!card_text.contains("ещё не использовался"), "the key shows when it was last used:\n{card_text}");
}

async fn declined_with_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = sign_in(&app, ADMIN, Role::AgencyAdmin, Some("mvd"), "/desk/platform").await;
    let operator = sign_in(&app, OPERATOR, Role::Operator, None, "/admin/keys").await;
    post(&app, &admin, "/desk/platform", request_form("Сайт", SITE_ORIGIN, "web@mvd.example.ru")).await;
    let request = app.get_with(&operator.client, "/admin/keys").await.attr("input[name=\"request\"]", "value").expect("pending");

    let page = post(&app, &operator, "/admin/keys", Form::new().set("action", "decline").set("request", &request).set("decline_reason", "  ")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a decline needs a reason");
    assert_eq!(error_in(&page, &format!("request-{request}"), "decline_reason").as_deref(), Some("Заполните поле «Причина отказа»."));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM widget_key_requests WHERE status = $1", "pending").await, 1, "still pending");

    let reason = "Адрес сайта не принадлежит ведомству";
    let page = post(&app, &operator, "/admin/keys", Form::new().set("action", "decline").set("request", &request).set("decline_reason", reason)).await;
    assert_eq!(page.location(), Some("/admin/keys?done=declined"));
    let platform = app.get_with(&admin.client, "/desk/platform").await;
    assert!(platform.main_text().contains(reason), "the admin reads the reason:\n{}", platform.main_text());
    assert_eq!(app.db.raw.count("widget_keys").await, 1, "no key issued beyond the test app's own");

    let again = post(&app, &operator, "/admin/keys", Form::new().set("action", "approve").set("request", &request)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a decided request cannot be approved");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM widget_key_requests WHERE status = $1", "declined").await, 1);
}

async fn bad_request_stores_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = sign_in(&app, ADMIN, Role::AgencyAdmin, Some("mvd"), "/desk/platform").await;
    let cases = [
        ("nothing typed", request_form("", "", ""), vec![("site", "Заполните поле «Сайт»."), ("origins", "Заполните поле «Адреса сайта (origins)»."), ("contact", "Заполните поле «Контакт».")]),
        ("a path", request_form("Сайт", "https://mvd.example.ru/complaints", "web@mvd.example.ru"), vec![("origins", "Поле «Адреса сайта (origins)»: «https://mvd.example.ru/complaints» — не адрес сайта. Пишите по одному адресу в строке в виде https://сайт или https://сайт:порт, без пути, например https://mvd.example.ru.")]),
        ("another scheme", request_form("Сайт", "ftp://mvd.example.ru", "web@mvd.example.ru"), vec![("origins", "Поле «Адреса сайта (origins)»: «ftp://mvd.example.ru» — не адрес сайта. Пишите по одному адресу в строке в виде https://сайт или https://сайт:порт, без пути, например https://mvd.example.ru.")]),
    ];
    for (case, form, expected) in cases {
        let page = post(&app, &admin, "/desk/platform", form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status");
        for (field, message) in expected {
            assert_eq!(error_in(&page, "new-request", field).as_deref(), Some(message), "{case}: {field}");
        }
        assert_eq!(app.db.raw.count("widget_key_requests").await, 0, "{case}: nothing stored");
    }
    let typed = post(&app, &admin, "/desk/platform", request_form("Мой сайт", "ftp://x", "")).await;
    assert_eq!(typed.field_value("site").as_deref(), Some("Мой сайт"), "the typed values are kept");
    assert_ids_unique(&typed);
    assert!(typed.body.contains("action=\"/desk/platform#request\""), "the refused form is brought into view");

    let english = app.post_form_from(&admin.client, "/desk/platform?lang=en", &request_form("", SITE_ORIGIN, "x").set("csrf", &admin.csrf), Some(&app.address)).await;
    assert_eq!(error_in(&english, "new-request", "site").as_deref(), Some("Fill in “Site”."), "English messages");

    let forged = app.post_form_from(&admin.client, "/desk/platform", &request_form("Сайт", SITE_ORIGIN, "x"), Some(&app.address)).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "no CSRF token, no request");
    assert_eq!(app.db.raw.count("widget_key_requests").await, 0);
}

async fn rotate_edit_revoke(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = sign_in(&app, ADMIN, Role::AgencyAdmin, Some("mvd"), "/desk/platform").await;
    let operator = sign_in(&app, OPERATOR, Role::Operator, None, "/admin/keys").await;
    let key = approved_key(&app, &admin, &operator).await;

    let bad = post(&app, &admin, "/desk/platform", Form::new().set("action", "origins").set("key", &key).set("origins", "mvd.example.ru/x")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "an invalid origin is refused");
    assert!(error_in(&bad, &key, "origins").is_some_and(|m| m.contains("не адрес сайта")));
    assert_eq!(app.get(&format!("/w/{key}")).await.frame_ancestors(), Some(vec![SITE_ORIGIN.to_string()]), "origins unchanged");

    let page = post(&app, &admin, "/desk/platform", Form::new().set("action", "origins").set("key", &key).set("origins", "https://new.mvd.example.ru")).await;
    assert_eq!(page.location(), Some("/desk/platform?done=origins"));
    assert_eq!(app.get(&format!("/w/{key}")).await.frame_ancestors(), Some(vec!["https://new.mvd.example.ru".to_string()]));

    let bad = post(&app, &admin, "/desk/platform", Form::new().set("action", "rotate").set("key", &key).set("overlap_days", "45")).await;
    assert_eq!(error_in(&bad, &key, "overlap_days").as_deref(), Some("Поле «Сколько дней работает старый ключ»: введите целое число от 0 до 30."));
    assert_eq!(app.db.raw.count("widget_keys").await, 2, "no key added by a refused rotation (the test app has one of its own)");

    let before = app.get_with(&admin.client, "/desk/platform").await.texts(".key-card h3 code");
    let page = post(&app, &admin, "/desk/platform", Form::new().set("action", "rotate").set("key", &key).set("overlap_days", "7")).await;
    assert_eq!(page.location(), Some("/desk/platform?done=rotated"));
    let keys = app.get_with(&admin.client, "/desk/platform").await.texts(".key-card h3 code");
    assert_eq!(keys.len(), before.len() + 1, "old and new key are listed: {keys:?}");
    let fresh = keys.iter().find(|k| !before.contains(k)).expect("a new key").clone();
    for working in [&key, &fresh] {
        let widget = app.get(&format!("/w/{working}")).await;
        assert!(widget.has("input[name=\"form_token\"]"), "during the overlap {working} works");
    }
    let again = post(&app, &admin, "/desk/platform", Form::new().set("action", "rotate").set("key", &key).set("overlap_days", "1")).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a rotated key is not rotated twice");

    let page = post(&app, &admin, "/desk/platform", Form::new().set("action", "rotate").set("key", &fresh).set("overlap_days", "0")).await;
    assert_eq!(page.location(), Some("/desk/platform?done=rotated"));
    let widget = app.get(&format!("/w/{fresh}")).await;
    assert!(!widget.has("input[name=\"form_token\"]"), "a key rotated without overlap stops at once");

    let page = post(&app, &operator, "/admin/keys", Form::new().set("action", "revoke").set("key", &key)).await;
    assert_eq!(page.location(), Some("/admin/keys?done=revoked"));
    let widget = app.get(&format!("/w/{key}")).await;
    assert!(widget.main_text().contains("Виджет на этом сайте отключён"), "a revoked key explains itself");
    let twice = post(&app, &admin, "/desk/platform", Form::new().set("action", "revoke").set("key", &key)).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "revoking twice is refused");

    for action in ["widget_key.origins", "widget_key.rotate", "widget_key.revoke", "widget_key.approve"] {
        assert!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND ip IS NOT NULL", action).await >= 1, "{action} audited");
    }
}

async fn roles_and_bodies_kept_apart(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = sign_in(&app, ADMIN, Role::AgencyAdmin, Some("mvd"), "/desk/platform").await;
    let operator = sign_in(&app, OPERATOR, Role::Operator, None, "/admin/keys").await;
    let key = approved_key(&app, &admin, &operator).await;
    let other = sign_in(&app, OTHER_ADMIN, Role::AgencyAdmin, Some("fns"), "/desk/platform").await;
    let reviewer = sign_in(&app, REVIEWER, Role::Reviewer, Some("mvd"), "/desk").await;

    for (who, member) in [("reviewer", &reviewer), ("operator", &operator)] {
        assert_eq!(app.get_with(&member.client, "/desk/platform").await.status, StatusCode::FORBIDDEN, "{who} at /desk/platform");
        let page = post(&app, member, "/desk/platform", request_form("Сайт", SITE_ORIGIN, "x")).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{who} cannot request a key");
    }
    for (who, member) in [("agency admin", &admin), ("reviewer", &reviewer)] {
        assert_eq!(app.get_with(&member.client, "/admin/keys").await.status, StatusCode::FORBIDDEN, "{who} at /admin/keys");
        assert_eq!(app.get_with(&member.client, "/admin/audit").await.status, StatusCode::FORBIDDEN, "{who} at /admin/audit");
    }
    let approve = post(&app, &admin, "/admin/keys", Form::new().set("action", "revoke").set("key", &key)).await;
    assert_eq!(approve.status, StatusCode::FORBIDDEN, "an agency admin cannot use the operator's form");

    let other_page = app.get_with(&other.client, "/desk/platform").await;
    assert!(!other_page.main_text().contains(&key), "another body's admin does not see the key");
    for action in ["revoke", "rotate", "origins"] {
        let page = post(&app, &other, "/desk/platform", Form::new().set("action", action).set("key", &key).set("origins", "https://evil.example.ru")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "another body's admin: {action}");
    }
    let page = post(&app, &reviewer, "/desk/platform", Form::new().set("action", "revoke").set("key", &key)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a reviewer cannot revoke");
    let widget = app.get(&format!("/w/{key}")).await;
    assert_eq!(widget.frame_ancestors(), Some(vec![SITE_ORIGIN.to_string()]), "the key is unchanged");
    assert!(widget.has("input[name=\"form_token\"]"), "the key still works");
}

async fn audit_log_filters(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = sign_in(&app, ADMIN, Role::AgencyAdmin, Some("mvd"), "/desk/platform").await;
    let operator = sign_in(&app, OPERATOR, Role::Operator, None, "/admin/keys").await;
    let key = approved_key(&app, &admin, &operator).await;

    let all = app.get_with(&operator.client, "/admin/audit?action=widget_key.").await;
    assert_eq!(all.status, StatusCode::OK);
    let actions = all.texts("table.audit tbody td:nth-child(3)");
    assert!(actions.iter().all(|a| a.starts_with("widget_key.")), "only key actions: {actions:?}");
    assert!(actions.contains(&"widget_key.approve".to_string()), "the approval is listed: {actions:?}");
    assert!(actions.contains(&"widget_key.request".to_string()), "the request is listed: {actions:?}");
    let who = all.texts("table.audit tbody td:nth-child(2)");
    assert!(who.contains(&ADMIN.to_string()), "the admin by e-mail: {who:?}");
    assert!(who.contains(&OPERATOR.to_string()), "the operator by e-mail: {who:?}");
    let rows: Vec<(String, String)> = who.iter().cloned().zip(all.texts("table.audit tbody td:nth-child(6)")).collect();
    let by_people: Vec<_> = rows.iter().filter(|(w, _)| w == ADMIN || w == OPERATOR).collect();
    assert!(by_people.iter().all(|(_, ip)| ip == "127.0.0.1"), "addresses of web actions recorded: {rows:?}");

    let by_admin = app.get_with(&operator.client, &format!("/admin/audit?actor={ADMIN}")).await;
    let who = by_admin.texts("table.audit tbody td:nth-child(2)");
    assert!(!who.is_empty() && who.iter().all(|w| w == ADMIN), "only the admin's actions: {who:?}");

    let by_key = app.get_with(&operator.client, &format!("/admin/audit?target={key}")).await;
    assert!(by_key.texts("table.audit tbody td:nth-child(4)").iter().all(|t| t == &key), "only the key's entries");

    let future = app.get_with(&operator.client, "/admin/audit?from=2999-01-01").await;
    assert!(!future.has("table.audit"), "nothing after 2999");
    let bad = app.get_with(&operator.client, "/admin/audit?from=yesterday").await;
    assert!(bad.main_text().contains("ГГГГ-ММ-ДД"), "a bad date is explained:\n{}", bad.main_text());
    assert!(bad.has("table.audit"), "and ignored");
}

on_both_backends!(
    request_approve_and_use,
    declined_with_reason,
    bad_request_stores_nothing,
    rotate_edit_revoke,
    roles_and_bodies_kept_apart,
    audit_log_filters
);
