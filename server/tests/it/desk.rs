//! The staff desk: sign-in, temporary passwords, access to other bodies' complaints,
//! CSRF and origin checks, and the review of a complaint as the applicant follows it.

use reqwest::StatusCode;

use crate::helpers::{form_token, spawn_app, Backend, Form, TestApp, STAFF_PASSWORD};

const MVD_REVIEWER: &str = "reviewer@mvd.example.ru";
const FNS_REVIEWER: &str = "reviewer@nalog.example.ru";

async fn anonymous_redirected_to_login(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [("/desk", "/desk/login"), ("/desk?lang=en", "/desk/login?lang=en"), ("/desk/password", "/desk/login")];
    for (path, login) in cases {
        // A fresh client each time, since `?lang=en` sets a language cookie.
        let page = app.get_with(&app.new_client(), path).await;
        assert_eq!(page.status, StatusCode::FOUND, "{path}: status");
        assert_eq!(page.location(), Some(login), "{path}: redirect target");
    }

    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    let page = app.get(&format!("/desk/c/{}", receipt.number)).await;
    assert_eq!(page.location(), Some("/desk/login"), "a complaint's desk page needs a sign-in");
    assert!(!page.body.contains("Петрова"), "no applicant data without a sign-in");
}

async fn wrong_password_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_staff(MVD_REVIEWER, "mvd", false).await;

    let form = Form::new().set("email", MVD_REVIEWER).set("password", "Неверный пароль 2026");
    let page = app.post_form("/desk/login", &form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "status");
    let message = page.field_error("password").unwrap_or_default();
    assert!(message.contains("Неверная электронная почта или пароль"), "the password field has {message:?}");
    assert_eq!(page.field_value("email").as_deref(), Some(MVD_REVIEWER), "the e-mail is kept");
    assert_eq!(page.field_value("password").as_deref(), Some(""), "the password is never echoed back");
    let cookies: Vec<_> = page.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(!cookies.iter().any(|c| c.starts_with("appello_session=")), "no session cookie: {cookies:?}");
    assert_eq!(app.db.raw.count("staff_sessions").await, 0, "no session stored");

    let desk = app.get("/desk").await;
    assert_eq!(desk.location(), Some("/desk/login"), "still signed out");
}

async fn session_cookie_and_sign_out(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_staff(MVD_REVIEWER, "mvd", false).await;

    let form = Form::new().set("email", MVD_REVIEWER).set("password", STAFF_PASSWORD);
    let page = app.post_form("/desk/login", &form).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "sign-in: status");
    let cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("appello_session="))
        .expect("sign-in sets the session cookie")
        .to_string();
    for flag in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(cookie.split("; ").any(|part| part == flag), "the session cookie lacks {flag}: {cookie}");
    }
    assert_eq!(app.db.raw.count("staff_sessions").await, 1, "one session stored");

    let missing = app.get("/desk/c/2026-00000-00000").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "an unknown complaint number on the desk");

    let csrf = app.get("/desk").await.csrf();
    let page = app.post_form("/desk/logout", &Form::new().set("csrf", &csrf)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "sign-out: status");
    assert_eq!(page.location(), Some("/desk/login"), "sign-out leads to the sign-in page");
    assert_eq!(app.db.raw.count("staff_sessions").await, 0, "the session is deleted");
    assert_eq!(app.get("/desk").await.location(), Some("/desk/login"), "signed out");
}

async fn temporary_password_replaced(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_staff(MVD_REVIEWER, "mvd", true).await;
    app.sign_in_with(&app.client, MVD_REVIEWER).await;

    let desk = app.get("/desk").await;
    assert_eq!(desk.status, StatusCode::FOUND, "a temporary password leads to the password page");
    assert_eq!(desk.location(), Some("/desk/password"), "redirect target");

    let password_page = app.get("/desk/password").await;
    assert_eq!(password_page.status, StatusCode::OK, "the password page opens");
    let csrf = password_page.csrf();

    let short = Form::new().set("csrf", &csrf).set("new_password", "коротко").set("new_password_repeat", "коротко");
    let page = app.post_form("/desk/password", &short).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a short password: status");
    let message = page.field_error("new_password").unwrap_or_default();
    assert!(message.contains("не меньше 12 символов"), "the new password field has {message:?}");
    let user = app.store().user_by_email(MVD_REVIEWER).await.expect("user");
    assert!(user.must_change_password, "a rejected password changes nothing");

    let new_password = "Новый надёжный пароль 2026";
    let good =
        Form::new().set("csrf", &csrf).set("new_password", new_password).set("new_password_repeat", new_password);
    let page = app.post_form("/desk/password", &good).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "a good password: status; page:\n{}", page.main_text());
    assert_eq!(page.location(), Some("/desk"), "back to the desk");
    let changed = app.store().user_by_email(MVD_REVIEWER).await.expect("user");
    assert!(!changed.must_change_password, "the password is no longer temporary");
    assert_ne!(changed.password_hash, user.password_hash, "the hash is replaced");

    let desk = app.get("/desk").await;
    assert_eq!(desk.status, StatusCode::OK, "the inbox opens in the same session");

    let fresh = app.new_client();
    let login = Form::new().set("email", MVD_REVIEWER).set("password", new_password);
    let page = app.post_form_from(&fresh, "/desk/login", &login, Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the new password signs in");
    let old = Form::new().set("email", MVD_REVIEWER).set("password", STAFF_PASSWORD);
    let page = app.post_form_from(&app.new_client(), "/desk/login", &old, Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "the temporary password no longer signs in");
}

async fn other_body_hidden(backend: Backend) {
    let app = spawn_app(backend).await;
    let own = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    let foreign_form = Form::complaint("fns", &form_token()).set("surname", "Кузнецов").set("first_name", "Олег");
    let foreign = app.file_complaint(&foreign_form).await;
    app.sign_in_reviewer(MVD_REVIEWER, "mvd").await;

    let inbox = app.get("/desk").await;
    assert_eq!(inbox.status, StatusCode::OK, "the inbox opens");
    let numbers = inbox.texts("table.inbox tbody td:nth-child(2)");
    assert_eq!(numbers, [own.number.clone()], "the inbox lists only the body's own complaint");
    assert!(!inbox.body.contains("Кузнецов"), "the other body's applicant is absent from the inbox");

    let fns_browser = app.new_client();
    app.create_staff(FNS_REVIEWER, "fns", false).await;
    app.sign_in_with(&fns_browser, FNS_REVIEWER).await;
    let fns_inbox = app.get_with(&fns_browser, "/desk").await;
    let numbers = fns_inbox.texts("table.inbox tbody td:nth-child(2)");
    assert_eq!(numbers, [foreign.number.clone()], "the other body's reviewer sees only that body's complaint");

    let page = app.get(&format!("/desk/c/{}", foreign.number)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "another body's complaint: status");
    assert!(page.main_text().contains("относится к другому органу"), "the page explains:\n{}", page.main_text());
    assert!(!page.body.contains("Кузнецов"), "no applicant data of another body");

    // The CSRF token is valid: only the body check can stop this.
    let csrf = app.get("/desk").await.csrf();
    let form = Form::new().set("csrf", &csrf).set("action", "register");
    let page = app.post_form(&format!("/desk/c/{}", foreign.number), &form).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "acting on another body's complaint: status");
    assert_eq!(app.stored_status(&foreign.number).await, "submitted", "the status is unchanged");
    assert_eq!(app.event_count(&foreign.number).await, 1, "no event added");
}

async fn csrf_required(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    app.sign_in_reviewer(MVD_REVIEWER, "mvd").await;
    let path = format!("/desk/c/{}", receipt.number);

    let cases = [
        ("no token", Form::new().set("action", "register")),
        ("wrong token", Form::new().set("action", "register").set("csrf", "0123456789abcdef0123456789abcdef")),
        ("empty token", Form::new().set("action", "register").set("csrf", "")),
    ];
    for (case, form) in cases {
        let page = app.post_form(&path, &form).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{case}: status");
        assert_eq!(app.stored_status(&receipt.number).await, "submitted", "{case}: the status is unchanged");
        assert_eq!(app.event_count(&receipt.number).await, 1, "{case}: no event added");
    }

    let logout = app.post_form("/desk/logout", &Form::new()).await;
    assert_eq!(logout.status, StatusCode::FORBIDDEN, "sign-out without the token");
    assert_eq!(app.get("/desk").await.status, StatusCode::OK, "the session survives a forged sign-out");
}

async fn cross_origin_post_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    app.sign_in_reviewer(MVD_REVIEWER, "mvd").await;
    let csrf = app.get(&format!("/desk/c/{}", receipt.number)).await.csrf();
    let evil = Some("http://evil.example");

    let action = Form::new().set("csrf", &csrf).set("action", "register");
    let page = app.post_form_from(&app.client, &format!("/desk/c/{}", receipt.number), &action, evil).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a desk action from another site: status");
    assert_eq!(app.stored_status(&receipt.number).await, "submitted", "the status is unchanged");

    let complaint = Form::complaint("mvd", &form_token());
    let page = app.post_form_from(&app.client, "/complaint/mvd", &complaint, evil).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a complaint posted from another site: status");
    assert_eq!(app.db.raw.count("complaints").await, 1, "no complaint added");

    let login = Form::new().set("email", MVD_REVIEWER).set("password", STAFF_PASSWORD);
    let page = app.post_form_from(&app.new_client(), "/desk/login", &login, evil).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a sign-in from another site: status");
}

/// Checks the applicant's status page after a desk step.
async fn assert_status_page(app: &TestApp, receipt: &crate::helpers::Receipt, status: &str, last_event: &str) {
    let page = app.status_page(receipt).await;
    assert_eq!(page.status, StatusCode::OK, "status page after {last_event:?}");
    assert_eq!(page.text("strong.status").as_deref(), Some(status), "status after {last_event:?}");
    let events = page.texts(".timeline__item");
    let last = events.last().cloned().unwrap_or_default();
    assert!(last.contains(last_event), "the timeline should end with {last_event:?}: {events:?}");
    assert!(!page.body.contains(MVD_REVIEWER), "the applicant must not see the reviewer's e-mail");
}

async fn review_shown_to_applicant(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    app.sign_in_reviewer(MVD_REVIEWER, "mvd").await;
    let desk_path = format!("/desk/c/{}", receipt.number);

    let steps: [(&[(&str, &str)], &str, &str); 2] = [
        (&[("action", "register")], "Зарегистрирована", "Жалоба зарегистрирована"),
        (&[("action", "start_review")], "На рассмотрении", "Начато рассмотрение"),
    ];
    for (fields, status, event) in steps {
        let page = app.desk_action(&receipt.number, fields).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{event}: status; page:\n{}", page.main_text());
        assert_eq!(page.location(), Some(desk_path.as_str()), "{event}: back to the complaint");
        assert_status_page(&app, &receipt, status, event).await;
    }

    let decision = "Паспорт изготовлен и будет выдан 14 ноября. Требование справки с места работы \
                    признано неправомерным, сотруднику указано на нарушение регламента.";
    let fields =
        [("action", "decide"), ("outcome", "satisfied"), ("remedy_kind", "decision_cancelled"), ("reason", decision)];
    let page = app.desk_action(&receipt.number, &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "decision: status; page:\n{}", page.main_text());
    assert_status_page(&app, &receipt, "Удовлетворена", "Жалоба удовлетворена").await;

    let status_page = app.status_page(&receipt).await;
    let decision_text = status_page.text("section.decision").unwrap_or_default();
    assert!(decision_text.contains("Отмена принятого решения"), "the remedy is shown: {decision_text:?}");
    assert!(
        decision_text.contains("Паспорт изготовлен и будет выдан 14 ноября"),
        "the decision text is shown: {decision_text:?}"
    );
    let row = app.store().complaint_by_number(&receipt.number).await.expect("complaint");
    assert_eq!(row.outcome.as_deref(), Some("satisfied"), "stored outcome");
    assert_eq!(row.remedy_kind.as_deref(), Some("decision_cancelled"), "stored remedy");
    assert!(row.registered_at.is_some(), "the registration time is stored");
    assert!(row.decided_at.is_some(), "the decision time is stored");
    assert_eq!(app.event_count(&receipt.number).await, 4, "submit, register, start review, decide");

    let desk_page = app.get(&desk_path).await;
    assert!(desk_page.main_text().contains(MVD_REVIEWER), "staff see who acted");
}

async fn illegal_transition_conflict(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    app.sign_in_reviewer(MVD_REVIEWER, "mvd").await;

    let fields = [("action", "decide"), ("outcome", "refused"), ("reason", "Срок выдачи паспорта не нарушен.")];
    let page = app.desk_action(&receipt.number, &fields).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "deciding before the review: status");
    let message = page.text("p.form-error[role=alert]").unwrap_or_default();
    let expected = "Действие «В удовлетворении жалобы отказано» недоступно: жалоба в статусе «Подана».";
    assert!(message.contains(expected), "the message should be {expected:?}, is {message:?}");
    assert_eq!(app.stored_status(&receipt.number).await, "submitted", "the status is unchanged");
    assert_eq!(app.event_count(&receipt.number).await, 1, "no event added");

    let registered = app.desk_action(&receipt.number, &[("action", "register")]).await;
    assert_eq!(registered.status, StatusCode::SEE_OTHER, "the first registration");
    let again = app.desk_action(&receipt.number, &[("action", "register")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "a second registration: status");
    assert_eq!(app.event_count(&receipt.number).await, 2, "no second registration event");
}

async fn decision_needs_text(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    app.sign_in_reviewer(MVD_REVIEWER, "mvd").await;
    for step in ["register", "start_review"] {
        let page = app.desk_action(&receipt.number, &[("action", step)]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{step}: status");
    }

    let cases: [(&str, &[(&str, &str)], &str, &str); 2] = [
        (
            "no text",
            &[("action", "decide"), ("outcome", "satisfied"), ("remedy_kind", "errors_corrected"), ("reason", "  ")],
            "reason",
            "Заполните поле «Текст решения для заявителя».",
        ),
        (
            "no remedy",
            &[("action", "decide"), ("outcome", "satisfied"), ("reason", "Ошибка в паспорте исправлена.")],
            "remedy_kind",
            "Выберите значение в поле «Мера по устранению нарушения».",
        ),
    ];
    for (case, fields, field, expected) in cases {
        let page = app.desk_action(&receipt.number, fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status");
        // Field ids on the complaint page carry the action, since several forms share fields.
        let message = page.field_error(&format!("decide-{field}")).unwrap_or_default();
        assert_eq!(message, expected, "{case}: message");
        assert_eq!(app.stored_status(&receipt.number).await, "under_review", "{case}: the status is unchanged");
        assert_eq!(app.event_count(&receipt.number).await, 3, "{case}: no event added");
    }
}

on_both_backends!(
    anonymous_redirected_to_login,
    wrong_password_rejected,
    session_cookie_and_sign_out,
    temporary_password_replaced,
    other_body_hidden,
    csrf_required,
    cross_origin_post_rejected,
    review_shown_to_applicant,
    illegal_transition_conflict,
    decision_needs_text,
);
