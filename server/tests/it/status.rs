//! The applicant's status page, opened with the complaint number and access code.

use reqwest::StatusCode;

use crate::helpers::{form_token, spawn_app, Backend, Form, Receipt};

const NOT_FOUND_RU: &str = "Жалоба с таким номером и кодом не найдена";

async fn right_code_shows_timeline(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;

    let page = app.status_page(&receipt).await;
    assert_eq!(page.status, StatusCode::OK, "page:\n{}", page.main_text());
    let heading = page.text("h1").unwrap_or_default();
    assert_eq!(heading, format!("Жалоба № {}", receipt.number), "heading");
    assert_eq!(page.text("strong.status").as_deref(), Some("Подана"), "current status");
    let events = page.texts(".timeline__item");
    assert_eq!(events.len(), 1, "one event: {events:?}");
    assert!(events[0].contains("Жалоба подана"), "the first event is the submission: {events:?}");
    assert!(
        page.main_text().contains("Паспорт гражданина Российской Федерации не выдан в срок"),
        "the subject is shown"
    );

    // People copy codes with other case and spacing; those must still open the page.
    let retyped = Receipt {
        number: receipt.number.replace('-', " "),
        access_code: receipt.access_code.to_lowercase().replace('-', ""),
    };
    let page = app.status_page(&retyped).await;
    assert_eq!(page.status, StatusCode::OK, "a retyped number and code: page:\n{}", page.main_text());
}

async fn wrong_code_not_found(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    let wrong_code = if receipt.access_code.starts_with('A') { "BBBBB-BBBBB" } else { "AAAAA-AAAAA" };
    let unknown_number = if receipt.number.ends_with('0') { "2026-11111-11111" } else { "2026-00000-00000" };

    let cases = [
        ("wrong code", Receipt { number: receipt.number.clone(), access_code: wrong_code.to_string() }),
        ("unknown number", Receipt { number: unknown_number.to_string(), access_code: receipt.access_code.clone() }),
    ];
    let mut messages = Vec::new();
    for (case, lookup) in cases {
        let page = app.status_page(&lookup).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{case}: status");
        let message = page.field_error("code").unwrap_or_default();
        assert!(
            message.contains(NOT_FOUND_RU),
            "{case}: the code field should contain {NOT_FOUND_RU:?}, has {message:?}"
        );
        for private in ["Паспорт гражданина", "Петрова", "anna.petrova", "Ход рассмотрения"]
        {
            assert!(!page.body.contains(private), "{case}: the page must not contain {private:?}");
        }
        assert!(!page.body.contains(&lookup.access_code), "{case}: the code must not be echoed back");
        messages.push(message);
    }
    assert_eq!(
        messages[0], messages[1],
        "a wrong code and an unknown number must read the same, so numbers cannot be probed"
    );
}

async fn malformed_number_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [("ru", "номер состоит из 14 цифр"), ("en", "the number has 14 digits")];
    for (lang, expected) in cases {
        let form = Form::new().set("number", "12345").set("code", "AAAAA-AAAAA").set("lang", lang);
        let page = app.post_form("/status", &form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{lang}: status");
        let message = page.field_error("number").unwrap_or_default();
        assert!(message.contains(expected), "{lang}: the number field should contain {expected:?}, has {message:?}");
        assert_eq!(page.field_value("number").as_deref(), Some("12345"), "{lang}: the typed number is kept");
    }
}

on_both_backends!(right_code_shows_timeline, wrong_code_not_found, malformed_number_rejected);
