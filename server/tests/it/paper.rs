//! Complaints received on paper and entered at the desk with the day they arrived.

use chrono::Days;
use reqwest::StatusCode;

use app::server::store::now;

use crate::helpers::{form_token, is_access_code, is_complaint_number, spawn_app, Backend, Form};
use crate::steps::{complaint, events, paper_form, today, Staff};

const REVIEWER: &str = "reviewer@mvd.example.ru";

async fn paper_complaint_dated(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let form_page = staff.get("/desk/new").await;
    assert_eq!(form_page.status, StatusCode::OK, "the paper form opens");
    assert!(form_page.has("input[name=\"received_on\"][type=\"date\"]"), "the form asks for the received date");

    let page = staff.post("/desk/new", paper_form("mvd", "2025-05-07")).await;
    let receipt = page.receipt();
    assert!(is_complaint_number(&receipt.number), "the receipt's number: {:?}", receipt.number);
    assert!(is_access_code(&receipt.access_code), "the receipt's access code: {:?}", receipt.access_code);
    assert!(
        page.main_text().contains("Передайте заявителю номер жалобы и код доступа"),
        "the receipt tells the reviewer to hand over the code"
    );

    let row = complaint(&app, &receipt.number).await;
    assert_eq!(row.channel, "paper", "the channel");
    assert_eq!(row.received_at.to_rfc3339(), "2025-05-07T09:00:00+00:00", "received at noon Moscow time that day");
    assert_eq!(row.status, "submitted", "a paper complaint starts as submitted");
    let first = events(&app, &receipt.number).await.remove(0);
    assert_eq!(first.actor_kind, "staff", "the reviewer entered it");
    assert_eq!(first.actor_email.as_deref(), Some(REVIEWER), "the entering reviewer is recorded");
    assert_eq!(first.at, row.received_at, "the submission event carries the received date");

    let status = app.status_page(&receipt).await;
    assert_eq!(status.status, StatusCode::OK, "the applicant opens it with the code");
    let facts = status.main_text();
    assert!(facts.contains("07.05.2025 12:00"), "the status page shows the received date:\n{facts}");
    assert!(facts.contains("Письменно или на личном приёме"), "the status page shows the channel:\n{facts}");
    assert_eq!(staff.inbox_numbers("/desk").await, [receipt.number.clone()], "the desk lists it");
}

async fn paper_date_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let tomorrow = today().checked_add_days(Days::new(1)).expect("a date").to_string();
    let cases = [
        ("a future date", tomorrow.as_str(), "Поле «Дата поступления»: дата не может быть позже сегодняшней."),
        ("no date", "", "Заполните поле «Дата поступления»."),
        ("a date in another format", "07.05.2025", "Поле «Дата поступления»: укажите дату в виде ГГГГ-ММ-ДД, например 2026-12-04."),
    ];
    for (case, received_on, expected) in cases {
        let page = staff.post("/desk/new", paper_form("mvd", received_on)).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status");
        assert_eq!(page.field_error("received_on").as_deref(), Some(expected), "{case}: message");
        assert_eq!(page.field_value("subject").map(|s| s.is_empty()), Some(false), "{case}: the form keeps its values");
        assert_eq!(app.db.raw.count("complaints").await, 0, "{case}: nothing stored");
    }

    let form = paper_form("mvd", "").set("surname", "").set("phone", "12");
    let page = staff.post("/desk/new", form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "no date and other problems: status");
    let problems = [
        ("received_on", "Заполните поле «Дата поступления»."),
        ("surname", "Заполните поле «Фамилия»."),
    ];
    for (field, expected) in problems {
        assert_eq!(page.field_error(field).as_deref(), Some(expected), "no date and other problems: {field}");
    }
    assert!(page.field_error("phone").is_some(), "no date and other problems: the phone is reported too");
    assert_eq!(page.summary_errors().len(), 3, "the summary lists every problem: {:?}", page.summary_errors());
    assert_eq!(app.db.raw.count("complaints").await, 0, "nothing stored");

    let page = staff.post("/desk/new", paper_form("fns", "2025-05-07")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a body the reviewer does not serve: status");
    let summary = page.summary_errors();
    let expected = "Поле «Орган»: выберите значение из предложенных.".to_string();
    assert_eq!(summary, [expected], "a body the reviewer does not serve: the summary reports the body");
    assert_eq!(app.db.raw.count("complaints").await, 0, "no complaint for another body");
}

async fn paper_needs_csrf(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let cases = [
        ("no token", paper_form("mvd", "2025-05-07")),
        ("a wrong token", paper_form("mvd", "2025-05-07").set("csrf", "0123456789abcdef0123456789abcdef")),
    ];
    for (case, form) in cases {
        let page = app.post_form_from(&staff.client, "/desk/new", &form, Some(&app.address)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{case}: status");
        assert_eq!(app.db.raw.count("complaints").await, 0, "{case}: nothing stored");
    }

    let anonymous = app.post_form_from(&app.new_client(), "/desk/new", &paper_form("mvd", "2025-05-07"), Some(&app.address)).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "without a session: status");
    assert_eq!(anonymous.location(), Some("/desk/login"), "without a session: to the sign-in page");
    assert_eq!(app.db.raw.count("complaints").await, 0, "without a session: nothing stored");
}

async fn portal_ignores_received_date(backend: Backend) {
    let app = spawn_app(backend).await;
    let started = now();
    let form = Form::complaint("mvd", &form_token()).set("received_on", "2025-05-07");
    let receipt = app.file_complaint(&form).await;

    let row = complaint(&app, &receipt.number).await;
    assert_eq!(row.channel, "portal", "the channel");
    assert!(row.received_at >= started, "a citizen cannot backdate a complaint: received at {}", row.received_at);
}

on_both_backends!(paper_complaint_dated, paper_date_rejected, paper_needs_csrf, portal_ignores_received_date);
