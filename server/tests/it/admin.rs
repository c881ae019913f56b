//! The operators' administration: who may open it, and a calendar correction that is stored,
//! audited and applied to the deadlines of open complaints.

use chrono::NaiveDate;
use reqwest::StatusCode;

use app::domain::calendar::public_holidays;
use app::domain::Status;
use app::server::auth::Role;
use app::server::calendar::load;
use app::server::store::CalendarYearRow;

use crate::helpers::{spawn_app, Backend, Form, Receipt, TestApp, STAFF_PASSWORD};
use crate::steps::{complaint, date, file_in, set_time, Staff};

const OPERATOR: &str = "operator@appello.example.ru";
const REVIEWER: &str = "reviewer@mvd.example.ru";
const SOURCE: &str = "Проект постановления Правительства РФ о переносе выходных дней в 2027 году";

/// An operator signed in with a browser of their own.
struct Operator {
    client: reqwest::Client,
    csrf: String,
}

/// Creates an operator, signs in and checks that the sign-in leads to the administration.
async fn sign_in_operator(app: &TestApp) -> Operator {
    app.create_member(OPERATOR, Role::Operator, None).await;
    let client = app.new_client();
    let form = Form::new().set("email", OPERATOR).set("password", STAFF_PASSWORD);
    let page = app.post_form_from(&client, "/desk/login", &form, Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the operator signs in; page:\n{}", page.main_text());
    assert_eq!(page.location(), Some("/admin"), "an operator lands on the administration");
    let admin = app.get_with(&client, "/admin").await;
    assert_eq!(admin.status, StatusCode::OK, "the administration opens for an operator");
    Operator { client, csrf: admin.csrf() }
}

/// Builds the calendar form of a year as the page posts it: every ticked day off.
fn year_form(csrf: &str, status: &str, source: &str, days_off: &[NaiveDate]) -> Form {
    let mut form = Form::new().set("csrf", csrf).set("status", status).set("source", source);
    for day in days_off {
        form = form.add("day", &day.to_string());
    }
    form
}

async fn stored_2027(app: &TestApp) -> CalendarYearRow {
    app.store().calendar_year(2027).await.expect("2027 is stored")
}

async fn replacements_of_2027(app: &TestApp) -> i64 {
    let sql = "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.replace' AND target = $1";
    app.db.raw.count_with(sql, "2027").await
}

/// Files a complaint, brings it to `status` and dates it into March 2027: received on
/// Friday 26 February, registered on Monday 1 March.
async fn complaint_in_march_2027(app: &TestApp, staff: &Staff<'_>, status: Status) -> Receipt {
    let receipt = file_in(app, staff, status).await;
    set_time(app, &receipt.number, "received_at", "2027-02-26T09:00:00Z".parse().expect("a time")).await;
    set_time(app, &receipt.number, "registered_at", "2027-03-01T09:00:00Z".parse().expect("a time")).await;
    receipt
}

async fn operator_lands_on_admin(backend: Backend) {
    let app = spawn_app(backend).await;
    let operator = sign_in_operator(&app).await;
    let page = app.get_with(&operator.client, "/admin").await;
    let years: Vec<String> = page.texts("table.inbox tbody tr td:first-child");
    assert_eq!(years, ["2025", "2026", "2027"], "the administration lists the stored years");
    let year = app.get_with(&operator.client, "/admin/calendar/2027").await;
    assert_eq!(year.status, StatusCode::OK, "the year page opens");
    assert!(year.is_checked("day", "2027-01-01"), "1 January 2027 is ticked as a day off");
    assert!(!year.is_checked("day", "2027-03-10"), "10 March 2027 is a working day");
}

async fn reviewer_kept_out_of_admin(backend: Backend) {
    let app = spawn_app(backend).await;
    let reviewer = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let before = stored_2027(&app).await;

    for path in ["/admin", "/admin/calendar/2027"] {
        let page = reviewer.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "GET {path} by a reviewer");
    }
    let mut days = before.days_off.clone();
    days.push(date("2027-03-10"));
    days.sort();
    let page = reviewer.post("/admin/calendar/2027", year_form("", "confirmed", SOURCE, &days)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "POST /admin/calendar/2027 by a reviewer");
    assert_eq!(stored_2027(&app).await, before, "the year is unchanged");
    assert_eq!(replacements_of_2027(&app).await, 0, "no calendar change audited");
}

async fn operator_saves_year(backend: Backend) {
    let app = spawn_app(backend).await;
    let operator = sign_in_operator(&app).await;
    let reviewer = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let open = complaint_in_march_2027(&app, &reviewer, Status::UnderReview).await;
    let closed = complaint_in_march_2027(&app, &reviewer, Status::Refused).await;
    let closed_before = complaint(&app, &closed.number).await;
    let before = stored_2027(&app).await;
    let extra = date("2027-03-10");
    assert!(!before.days_off.contains(&extra), "10 March 2027 is a working day before the change");
    let old_calendar = load(app.store()).await.expect("calendar");
    assert_eq!(old_calendar.add_working_days(date("2027-03-01"), 15), date("2027-03-23"), "the review due before");

    let mut days = before.days_off.clone();
    days.push(extra);
    days.sort();
    let form = year_form(&operator.csrf, "provisional", SOURCE, &days);
    let page = app.post_form_from(&operator.client, "/admin/calendar/2027", &form, Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::OK, "the correction is saved; page:\n{}", page.main_text());
    let saved = page.text("p[role=status]").unwrap_or_default();
    assert_eq!(saved, "Календарь сохранён. Пересчитаны сроки открытых жалоб: 1.", "the confirmation");

    let after = stored_2027(&app).await;
    assert_eq!(after.days_off, days, "the stored days off include 10 March");
    assert_eq!(after.source, SOURCE, "the stored source");
    assert_eq!(after.status, "provisional", "the stored status");
    assert_eq!(after.updated_by, OPERATOR, "the operator's e-mail is recorded as the author");
    assert_eq!(replacements_of_2027(&app).await, 1, "one audit entry for the change");

    let recomputed = complaint(&app, &open.number).await;
    assert_eq!(recomputed.review_due, Some(date("2027-03-24")), "the review moves past the new day off");
    assert_eq!(recomputed.next_due, Some(date("2027-03-24")), "the deadline the desk sorts by moves too");
    assert_eq!(recomputed.registration_due, Some(date("2027-03-01")), "registration due the next working day");
    assert_eq!(complaint(&app, &closed.number).await, closed_before, "a closed complaint is not recomputed");

    let page = app.get_with(&operator.client, "/admin/calendar/2027").await;
    assert!(page.is_checked("day", "2027-03-10"), "the year page shows the new day off");
}

async fn bad_year_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let operator = sign_in_operator(&app).await;
    let reviewer = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let open = complaint_in_march_2027(&app, &reviewer, Status::Registered).await;
    let open_before = complaint(&app, &open.number).await;
    let before = stored_2027(&app).await;
    let holidays: Vec<NaiveDate> = public_holidays(2027).into_iter().collect();
    let mut other_year = before.days_off.clone();
    other_year.insert(0, date("2026-12-31"));

    let cases = [
        (
            "holidays without the weekends",
            year_form(&operator.csrf, "confirmed", SOURCE, &holidays),
            "form",
            "Рабочими отмечено больше 12 суббот и воскресений — так не бывает. Отметьте все нерабочие дни года, включая выходные.",
        ),
        (
            "a day of another year",
            year_form(&operator.csrf, "confirmed", SOURCE, &other_year),
            "form",
            "Поле «Форма»: укажите дату в виде ГГГГ-ММ-ДД, например 2026-12-04.",
        ),
        (
            "no source",
            year_form(&operator.csrf, "confirmed", " ", &before.days_off),
            "source",
            "Заполните поле «Источник».",
        ),
    ];
    for (case, form, field, expected) in cases {
        let page = app.post_form_from(&operator.client, "/admin/calendar/2027", &form, Some(&app.address)).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status");
        let message = match field {
            "form" => page.summary_errors().join(" "),
            _ => page.field_error(field).unwrap_or_default(),
        };
        assert_eq!(message, expected, "{case}: message");
        assert_eq!(stored_2027(&app).await, before, "{case}: the year is unchanged");
        assert_eq!(replacements_of_2027(&app).await, 0, "{case}: nothing audited");
        assert_eq!(complaint(&app, &open.number).await, open_before, "{case}: no deadline recomputed");
    }

    let form = year_form("", "confirmed", SOURCE, &before.days_off);
    let page = app.post_form_from(&operator.client, "/admin/calendar/2027", &form, Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "without the CSRF token: status");
    assert_eq!(replacements_of_2027(&app).await, 0, "without the CSRF token: nothing audited");
}

on_both_backends!(operator_lands_on_admin, reviewer_kept_out_of_admin, operator_saves_year, bad_year_changes_nothing);
