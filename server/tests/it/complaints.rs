//! Filing complaints over HTTP on the portal and in the widget: acceptance, rejection with
//! per-field messages, and repeated posts of one form.

use reqwest::StatusCode;

use crate::helpers::{
    current_year, form_token, is_access_code, is_complaint_number, spawn_app, Backend, Form, Page, TestApp,
};

/// The text fields of the complaint form, which a rejected form must give back as typed.
const TEXT_FIELDS: [&str; 12] = [
    "official",
    "ground_other",
    "subject",
    "arguments",
    "surname",
    "first_name",
    "patronymic",
    "legal_name",
    "address",
    "phone",
    "email",
    "postal_address",
];

/// Counts the rows in every table that a complaint writes to.
async fn stored_rows(app: &TestApp) -> [i64; 3] {
    let db = &app.db.raw;
    [db.count("complaints").await, db.count("complaint_grounds").await, db.count("complaint_events").await]
}

async fn portal_accepts_valid(backend: Backend) {
    let app = spawn_app(backend).await;
    let form_page = app.get("/complaint/mvd").await;
    assert_eq!(form_page.status, StatusCode::OK, "the portal form should open");
    let token = form_page.field_value("form_token").expect("the form carries a form token");
    assert!(
        token.len() == 32 && token.chars().all(|c| c.is_ascii_hexdigit()),
        "form token {token:?} is not 32 hex digits"
    );

    let form = Form::complaint("mvd", &token).set("service", "mvd-passport");
    let page = app.post_form("/complaint/mvd", &form).await;
    let receipt = page.receipt();

    assert!(is_complaint_number(&receipt.number), "number {:?} is not YYYY-NNNNN-NNNNN", receipt.number);
    assert!(
        receipt.number.starts_with(&current_year()),
        "number {:?} should start with the current year",
        receipt.number
    );
    assert!(is_access_code(&receipt.access_code), "access code {:?} is not XXXXX-XXXXX", receipt.access_code);
    assert!(
        page.text("h1").is_some_and(|h| h.contains("Жалоба принята")),
        "the receipt heading should state in Russian that the complaint is accepted"
    );

    let row = app.store().complaint_by_number(&receipt.number).await.expect("the complaint is stored");
    assert_eq!(row.org_code, "mvd", "stored body");
    assert_eq!(row.channel, "portal", "stored channel");
    assert_eq!(row.status, "submitted", "stored status");
    assert_eq!(row.surname.as_deref(), Some("Петрова"), "stored surname");
    assert_eq!(row.patronymic.as_deref(), Some("Сергеевна"), "stored patronymic");
    assert_eq!(row.phone.as_deref(), Some("+79161234567"), "the phone is stored in international form");
    assert_eq!(row.email.as_deref(), Some("anna.petrova@example.ru"), "stored e-mail");
    assert_eq!(
        row.service_name_ru.as_deref(),
        Some("Выдача и замена паспорта гражданина Российской Федерации"),
        "stored service"
    );
    let mut grounds = app.store().complaint_grounds(row.id).await.expect("grounds");
    grounds.sort();
    assert_eq!(grounds, ["extra_documents", "service_deadline"], "stored grounds");
    assert_eq!(app.event_count(&receipt.number).await, 1, "a new complaint has one event, its submission");
    assert_ne!(row.access_code_hash, receipt.access_code, "the access code must be stored hashed");
}

async fn widget_accepts_valid(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = format!("/w/{}?lang=ru", app.widget_key);
    let form_page = app.get(&path).await;
    assert_eq!(form_page.status, StatusCode::OK, "the widget form should open");
    let token = form_page.field_value("form_token").expect("the widget form carries a form token");
    assert_eq!(form_page.field_value("org").as_deref(), Some("mvd"), "the widget form is for the key's body");

    let page = app.post_form(&path, &Form::complaint("mvd", &token)).await;
    let receipt = page.receipt();
    assert!(is_complaint_number(&receipt.number), "number {:?} is not YYYY-NNNNN-NNNNN", receipt.number);
    assert!(is_access_code(&receipt.access_code), "access code {:?} is not XXXXX-XXXXX", receipt.access_code);

    let row = app.store().complaint_by_number(&receipt.number).await.expect("the complaint is stored");
    assert_eq!(row.channel, "widget", "stored channel");
    assert_eq!(row.org_code, "mvd", "stored body");
}

async fn widget_rejects_other_body(backend: Backend) {
    let app = spawn_app(backend).await;
    // The key belongs to mvd; a form edited to name another body must not be filed there.
    let form = Form::complaint("fns", &form_token());
    let page = app.post_form(&format!("/w/{}", app.widget_key), &form).await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "page:\n{}", page.main_text());
    assert!(
        page.summary_errors().iter().any(|e| e.contains("Орган")),
        "the summary should name the body field: {:?}",
        page.summary_errors()
    );
    assert_eq!(stored_rows(&app).await, [0, 0, 0], "nothing may be stored");
}

/// One rejected form: how it is edited, where the message appears, and its text.
struct Invalid {
    case: &'static str,
    edit: fn(Form) -> Form,
    /// The element that shows the message next to the field.
    shown_in: &'static str,
    ru: &'static str,
    en: &'static str,
}

const INVALID: [Invalid; 9] = [
    Invalid {
        case: "missing surname",
        edit: |f| f.set("surname", "  "),
        shown_in: "p.field__error#error-surname",
        ru: "Заполните поле «Фамилия».",
        en: "Fill in “Surname”.",
    },
    Invalid {
        case: "bad e-mail",
        edit: |f| f.set("email", "anna.petrova@"),
        shown_in: "p.field__error#error-email",
        ru: "укажите адрес в виде name@example.ru",
        en: "enter an address like name@example.com",
    },
    Invalid {
        case: "e-mail reply without e-mail",
        edit: |f| f.set("email", ""),
        shown_in: "p.field__error#error-email",
        ru: "вы выбрали ответ на электронную почту",
        en: "since you chose a reply by e-mail",
    },
    Invalid {
        case: "bad phone",
        edit: |f| f.set("phone", "12-34"),
        shown_in: "p.field__error#error-phone",
        ru: "от 10 до 15 цифр",
        en: "10 to 15 digits",
    },
    Invalid {
        case: "unknown ground",
        edit: |f| f.without("grounds").add("grounds", "bribery"),
        shown_in: "p.field__error#error-grounds",
        ru: "Поле «Основания жалобы»: выберите значение из предложенных.",
        en: "“Grounds for the complaint”: choose one of the offered values.",
    },
    Invalid {
        case: "no consent",
        edit: |f| f.without("consent"),
        shown_in: "p.field__error#error-consent",
        ru: "Отметьте «Согласие на обработку персональных данных»",
        en: "Tick “Consent to personal data processing”",
    },
    Invalid {
        case: "overlong subject",
        edit: |f| {
            let subject = "Паспорт не выдан. ".repeat(250);
            f.set("subject", &subject)
        },
        shown_in: "p.field__error#error-subject",
        ru: "не больше 4000 символов",
        en: "at most 4000 characters",
    },
    Invalid {
        case: "unknown service code",
        edit: |f| f.set("service", "mvd-fishing-licence"),
        shown_in: "p.field__error#error-service",
        ru: "Поле «Услуга»: выберите значение из предложенных.",
        en: "“Service”: choose one of the offered values.",
    },
    Invalid {
        case: "missing form token",
        edit: |f| f.without("form_token"),
        shown_in: "p.form-error",
        ru: "Форма устарела",
        en: "The form has expired",
    },
];

async fn invalid_forms_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    for lang in ["ru", "en"] {
        for row in &INVALID {
            let case = format!("{} ({lang})", row.case);
            let form = (row.edit)(Form::complaint("mvd", &form_token()).set("lang", lang));
            let page = app.post_form("/complaint/mvd", &form).await;

            assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status; page:\n{}", page.main_text());
            let expected = if lang == "ru" { row.ru } else { row.en };
            let message = page.text(row.shown_in).unwrap_or_default();
            assert!(
                message.contains(expected),
                "{case}: {} should contain {expected:?}, has {message:?}",
                row.shown_in
            );
            let summary = page.summary_errors();
            assert!(
                summary.iter().any(|e| e.contains(expected)),
                "{case}: the error summary {summary:?} lacks {expected:?}"
            );
            assert_eq!(summary.len(), 1, "{case}: only this problem should be reported: {summary:?}");
            assert_eq!(page.attr("html", "lang").as_deref(), Some(lang), "{case}: page language");

            assert_kept(&page, &form, &case);
            assert_eq!(stored_rows(&app).await, [0, 0, 0], "{case}: nothing may be stored");
        }
    }
}

/// Checks that the re-rendered form shows every value that `form` posted.
fn assert_kept(page: &Page, form: &Form, case: &str) {
    for name in TEXT_FIELDS {
        let posted = form.get(name).unwrap_or_default();
        let shown = page.field_value(name);
        assert_eq!(shown.as_deref(), Some(posted), "{case}: field {name} should keep what was typed");
    }
    for (name, value) in form.pairs.iter().filter(|(n, _)| n == "grounds" || n == "applicant_kind" || n == "reply_by") {
        if page.has(&format!("input[name=\"{name}\"][value=\"{value}\"]")) {
            assert!(page.is_checked(name, value), "{case}: {name}={value} should stay checked");
        }
    }
    let consent_posted = form.get("consent").is_some();
    assert_eq!(page.is_checked("consent", "on"), consent_posted, "{case}: the consent box should stay as it was");
    if let Some(service) = form.get("service").filter(|s| !s.is_empty()) {
        let listed = page.has(&format!("select[name=\"service\"] option[value=\"{service}\"]"));
        if listed {
            assert!(
                page.has(&format!("option[value=\"{service}\"][selected]")),
                "{case}: service {service} should stay selected"
            );
        }
    }
}

async fn rejected_form_keeps_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = form_token();
    let page = app.post_form("/complaint/mvd", &Form::complaint("mvd", &token).set("surname", "")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "page:\n{}", page.main_text());
    assert_eq!(
        page.field_value("form_token").as_deref(),
        Some(token.as_str()),
        "a corrected form must count as the same submission"
    );

    let fixed = app.post_form("/complaint/mvd", &Form::complaint("mvd", &token)).await;
    let receipt = fixed.receipt();
    assert!(is_complaint_number(&receipt.number), "the corrected form should be accepted");
    assert_eq!(stored_rows(&app).await[0], 1, "one complaint");
}

async fn double_post_files_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let form = Form::complaint("mvd", &form_token());

    let first = app.post_form("/complaint/mvd", &form).await;
    let second = app.post_form("/complaint/mvd", &form).await;
    let (first_receipt, second_receipt) = (first.receipt(), second.receipt());

    assert_eq!(first_receipt, second_receipt, "a repeated post should show the same number and code");
    assert!(!first.main_text().contains("уже была отправлена"), "the first post is not a repeat");
    assert!(
        second.main_text().contains("Эта форма уже была отправлена раньше"),
        "the second post should state that the form was already sent:\n{}",
        second.main_text()
    );
    assert_eq!(stored_rows(&app).await, [1, 2, 1], "one complaint with two grounds and one event");
}

async fn concurrent_posts_file_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let form = Form::complaint("mvd", &form_token());
    let other_browser = app.new_client();

    let (first, second) = tokio::join!(
        app.post_form("/complaint/mvd", &form),
        app.post_form_from(&other_browser, "/complaint/mvd", &form, Some(&app.address)),
    );

    assert_eq!(first.receipt(), second.receipt(), "both posts should get the one complaint");
    assert_eq!(stored_rows(&app).await, [1, 2, 1], "one complaint with two grounds and one event");
}

async fn honeypot_filled_stores_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let form = Form::complaint("mvd", &form_token()).set("website", "https://spam.example");
    let page = app.post_form("/complaint/mvd", &form).await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a robot's post is rejected like any invalid form");
    assert!(
        page.main_text().contains("Очистите поле «Не заполняйте это поле»"),
        "the page names the honeypot field for the rare person who filled it:\n{}",
        page.main_text()
    );
    assert_eq!(
        stored_rows(&app).await,
        [0, 0, 0],
        "a form with the hidden honeypot field filled is from a robot and must not be stored"
    );
}

async fn unknown_body_not_found(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/complaint/minmagii").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "a body missing from the directory has no form");
    assert!(!page.has("input[name=\"form_token\"]"), "no complaint form for an unknown body");
    assert!(
        page.main_text().contains("Страница не найдена"),
        "the page should explain in Russian:\n{}",
        page.main_text()
    );
}

on_both_backends!(
    portal_accepts_valid,
    widget_accepts_valid,
    widget_rejects_other_body,
    invalid_forms_rejected,
    rejected_form_keeps_token,
    double_post_files_once,
    concurrent_posts_file_once,
    honeypot_filled_stores_nothing,
    unknown_body_not_found,
);
