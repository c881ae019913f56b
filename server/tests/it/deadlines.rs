//! Deadlines in working days of the production calendar: registration by the next working
//! day, review in 15 (or 5) working days from registration, remedy in 5 from satisfaction,
//! and the one the current status runs against. Dates that depend on today are computed
//! from the stored calendar. The paper channel's received date and direct writes of the
//! registration and decision times pin the rest to hard-coded days of 2025.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use reqwest::StatusCode;

use app::domain::calendar::ProductionCalendar;
use app::domain::{Action, Status};
use app::server::admin::recompute_open_deadlines;
use app::server::calendar::load;
use app::server::state::{AppState, Settings};
use app::server::time::moscow_date;
use server::config::leptos_options;

use crate::helpers::{form_token, spawn_app, Backend, Form, TestApp};
use crate::steps::{complaint, date, file, file_in, paper_form, reach, set_time, shown, shown_deadline, Staff};

const REVIEWER: &str = "reviewer@mvd.example.ru";

async fn calendar(app: &TestApp) -> ProductionCalendar {
    load(app.store()).await.expect("the production calendar loads")
}

/// Counts the working days after `from` up to and including `to`.
fn working_days_between(calendar: &ProductionCalendar, from: NaiveDate, to: NaiveDate) -> usize {
    from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| calendar.is_working_day(*d)).count()
}

/// Returns noon in Moscow on `day`, as a stored time.
fn moscow_noon(day: &str) -> DateTime<Utc> {
    let local = date(day).and_hms_opt(12, 0, 0).expect("noon exists");
    app::server::time::moscow().from_local_datetime(&local).single().expect("Moscow has no DST").with_timezone(&Utc)
}

/// Recomputes every open complaint's deadlines as a second instance on the same database
/// does after a calendar correction.
async fn recompute_as_second_instance(app: &TestApp) -> usize {
    let state = AppState::new(leptos_options(), app.store().clone(), Settings::default())
        .await
        .expect("a second instance starts on the test database");
    recompute_open_deadlines(&state).await.expect("the deadlines are recomputed")
}

async fn paper_registration_pinned(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    // (received on, registration due, redirect due, why), by the shipped 2025 and 2026 calendars.
    let cases = [
        ("2025-05-07", "2025-05-12", "2025-05-14", "Wednesday before the days off of 8-11 May"),
        ("2025-05-02", "2025-05-05", "2025-05-07", "Friday 2 May, a day off moved from 4 January"),
        ("2025-10-31", "2025-11-01", "2025-11-06", "Friday before Saturday 1 November, a working day"),
        ("2025-12-30", "2026-01-12", "2026-01-14", "before the New Year days off of 31 December to 11 January"),
    ];
    for (received, registration, redirect, why) in cases {
        let page = staff.post("/desk/new", paper_form("mvd", received)).await;
        let receipt = page.receipt();
        let row = complaint(&app, &receipt.number).await;
        assert_eq!(row.registration_due, Some(date(registration)), "{why}: registration due");
        assert_eq!(row.next_due, Some(date(registration)), "{why}: the deadline the desk sorts by");
        assert_eq!(row.redirect_due, Some(date(redirect)), "{why}: forwarding due in 3 working days");
        assert_eq!(row.review_due, None, "{why}: no review deadline before registration");

        let status = app.status_page(&receipt).await;
        let shown_registration = shown_deadline(&status, "Регистрация").unwrap_or_default();
        let expected = format!("{} Просрочено", shown(date(registration)));
        assert_eq!(shown_registration, expected, "{why}: the applicant sees the overdue registration");
    }
}

async fn review_counts_from_registration(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let calendar = calendar(&app).await;

    let receipt = file(&app).await;
    let filed = complaint(&app, &receipt.number).await;
    let received = moscow_date(filed.received_at);
    let registration = calendar.next_working_day(received);
    assert_eq!(filed.registration_due, Some(registration), "registration due the next working day");
    assert_eq!(working_days_between(&calendar, received, registration), 1, "exactly one working day later");
    assert_eq!(filed.next_due, Some(registration), "a submitted complaint runs against registration");

    reach(&app, &staff, &receipt, Status::Registered).await;
    let registered = complaint(&app, &receipt.number).await;
    let registered_on = moscow_date(registered.registered_at.expect("the registration time is stored"));
    let review = registered.review_due.expect("a registered complaint has a review deadline");
    assert_eq!(review, calendar.add_working_days(registered_on, 15), "review due by the calendar");
    assert_eq!(working_days_between(&calendar, registered_on, review), 15, "15 working days after registration");
    assert!(calendar.is_working_day(review), "the review deadline {review} is a working day");
    assert_eq!(registered.next_due, Some(review), "a registered complaint runs against the review");
    assert_eq!(registered.registration_due, Some(registration), "the registration deadline stays on record");
    assert_eq!(
        registered.redirect_due,
        Some(calendar.add_working_days(registered_on, 3)),
        "forwarding due 3 working days after registration"
    );

    let steps = [
        (Action::StartReview, "start of the review"),
        (Action::RequestInfo, "information request"),
        (Action::AnswerInfo, "the applicant's answer"),
    ];
    for (action, step) in steps {
        let page = crate::steps::perform(&app, &staff, &receipt, action).await;
        assert_eq!(page.status, crate::steps::success_status(action), "{step}: status");
        let row = complaint(&app, &receipt.number).await;
        assert_eq!(row.review_due, Some(review), "{step}: the review deadline is unchanged");
        assert_eq!(row.next_due, Some(review), "{step}: the complaint still runs against the review");
    }
}

async fn short_review_grounds(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let calendar = calendar(&app).await;
    let cases: [(&[&str], u32); 5] = [
        (&["documents_refused"], 5),
        (&["correction_refused"], 5),
        (&["service_deadline", "documents_refused"], 5),
        (&["service_deadline"], 15),
        (&["extra_documents", "illegal_fee"], 15),
    ];
    for (grounds, days) in cases {
        let mut form = Form::complaint("mvd", &form_token()).without("grounds");
        for ground in grounds {
            form = form.add("grounds", ground);
        }
        let receipt = app.file_complaint(&form).await;
        reach(&app, &staff, &receipt, Status::Registered).await;

        let row = complaint(&app, &receipt.number).await;
        assert_eq!(row.short_review, days == 5, "{grounds:?}: the short review flag");
        let registered_on = moscow_date(row.registered_at.expect("registered"));
        let review = row.review_due.expect("a review deadline");
        assert_eq!(working_days_between(&calendar, registered_on, review), days as usize, "{grounds:?}: working days");
        assert_eq!(review, calendar.add_working_days(registered_on, days), "{grounds:?}: review due");

        let page = app.status_page(&receipt).await;
        let note = "Срок рассмотрения сокращён до 5 рабочих дней";
        assert_eq!(page.main_text().contains(note), days == 5, "{grounds:?}: the note on the short review");
    }
}

async fn next_due_by_status(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let calendar = calendar(&app).await;

    for status in Status::ALL {
        let receipt = file_in(&app, &staff, status).await;
        let row = complaint(&app, &receipt.number).await;
        let case = status.code();

        let registration = calendar.next_working_day(moscow_date(row.received_at));
        let registered_on = row.registered_at.map(moscow_date);
        let decided_on = row.decided_at.map(moscow_date);
        let review = registered_on.map(|day| calendar.add_working_days(day, 15));
        let reply = decided_on.and_then(|day| day.checked_add_days(Days::new(1)));
        let remedy = match row.outcome.as_deref() {
            Some("satisfied") => decided_on.map(|day| calendar.add_working_days(day, 5)),
            _ => None,
        };
        let next = match status {
            Status::Submitted => Some(registration),
            Status::Registered | Status::UnderReview | Status::InfoRequested => review,
            Status::Satisfied => remedy,
            Status::Redirected | Status::LeftUnanswered | Status::Refused | Status::Remedied | Status::Withdrawn => None,
        };

        assert_eq!(row.registration_due, Some(registration), "{case}: registration due");
        assert_eq!(row.review_due, review, "{case}: review due");
        assert_eq!(row.reply_due, reply, "{case}: reply due the day after the decision");
        assert_eq!(row.remedy_due, remedy, "{case}: remedy due 5 working days after satisfaction");
        assert_eq!(row.next_due, next, "{case}: the deadline of the current status");
        let decided = matches!(status, Status::Satisfied | Status::Refused | Status::Remedied);
        assert_eq!(row.decided_at.is_some(), decided, "{case}: whether a decision time is stored");
    }
}

async fn review_and_remedy_pinned(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;

    let long = file_in(&app, &staff, Status::UnderReview).await;
    let short_form = Form::complaint("mvd", &form_token()).without("grounds").add("grounds", "correction_refused");
    let short = app.file_complaint(&short_form).await;
    reach(&app, &staff, &short, Status::UnderReview).await;
    let satisfied = file_in(&app, &staff, Status::Satisfied).await;
    let refused = file_in(&app, &staff, Status::Refused).await;

    // Registered on Wednesday 7 May 2025, before the days off of 8-11 May.
    for receipt in [&long, &short, &satisfied, &refused] {
        set_time(&app, &receipt.number, "received_at", moscow_noon("2025-05-06")).await;
        set_time(&app, &receipt.number, "registered_at", moscow_noon("2025-05-07")).await;
    }
    // Decided on Tuesday 10 June 2025, before the days off of 12-15 June.
    for receipt in [&satisfied, &refused] {
        set_time(&app, &receipt.number, "decided_at", moscow_noon("2025-06-10")).await;
    }
    let refused_before = complaint(&app, &refused.number).await;

    let recomputed = recompute_as_second_instance(&app).await;
    assert_eq!(recomputed, 3, "the open complaints recomputed: two under review and one satisfied");

    let long_row = complaint(&app, &long.number).await;
    assert_eq!(long_row.registration_due, Some(date("2025-05-07")), "registration due the day after 6 May");
    assert_eq!(long_row.review_due, Some(date("2025-05-30")), "15 working days after 7 May 2025");
    assert_eq!(long_row.next_due, Some(date("2025-05-30")), "under review runs against the review");
    assert_eq!(long_row.redirect_due, Some(date("2025-05-14")), "3 working days after 7 May 2025");

    let short_row = complaint(&app, &short.number).await;
    assert_eq!(short_row.review_due, Some(date("2025-05-16")), "5 working days after 7 May 2025");

    let satisfied_row = complaint(&app, &satisfied.number).await;
    assert_eq!(satisfied_row.reply_due, Some(date("2025-06-11")), "the reply is due the next calendar day");
    assert_eq!(satisfied_row.remedy_due, Some(date("2025-06-19")), "5 working days after 10 June 2025");
    assert_eq!(satisfied_row.next_due, Some(date("2025-06-19")), "a satisfied complaint runs against the remedy");

    let refused_row = complaint(&app, &refused.number).await;
    assert_eq!(refused_row, refused_before, "a refused complaint is closed, so it is not recomputed");

    let page = app.status_page(&satisfied).await;
    assert_eq!(page.status, StatusCode::OK, "the status page opens");
    let remedy = shown_deadline(&page, "Устранение нарушения").unwrap_or_default();
    assert_eq!(remedy, "19.06.2025 Просрочено", "the applicant sees the remedy deadline");
    let reply = shown_deadline(&page, "Мотивированный ответ").unwrap_or_default();
    assert_eq!(reply, "11.06.2025", "the applicant sees the reply deadline");
}

on_both_backends!(
    paper_registration_pinned,
    review_counts_from_registration,
    short_review_grounds,
    next_due_by_status,
    review_and_remedy_pinned,
);

