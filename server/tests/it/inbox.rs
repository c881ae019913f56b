//! The desk inbox: filters by status, ground and deadline, the order by nearest deadline,
//! the counts per status, and the bodies under a head body.

use chrono::Days;
use reqwest::StatusCode;

use app::domain::Status;

use crate::helpers::{form_token, spawn_app, Backend, Form, Receipt, TestApp};
use crate::steps::{file, file_in, reach, set_date, today, Staff};

const REVIEWER: &str = "reviewer@mvd.example.ru";

/// Files a complaint about `mvd` on the given grounds only.
async fn file_on_grounds(app: &TestApp, grounds: &[&str]) -> Receipt {
    let mut form = Form::complaint("mvd", &form_token()).without("grounds");
    for ground in grounds {
        form = form.add("grounds", ground);
    }
    app.file_complaint(&form).await
}

fn sorted(mut numbers: Vec<String>) -> Vec<String> {
    numbers.sort();
    numbers
}

async fn inbox_status_and_ground_filters(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let submitted = file(&app).await;
    let registered = file_in(&app, &staff, Status::Registered).await;
    let short = file_on_grounds(&app, &["documents_refused"]).await;
    reach(&app, &staff, &short, Status::UnderReview).await;
    let refused = file_in(&app, &staff, Status::Refused).await;
    let [a, b, c, d] = [&submitted, &registered, &short, &refused].map(|r| r.number.clone());

    let cases: [(&str, Vec<String>); 11] = [
        ("/desk?status=submitted", vec![a.clone()]),
        ("/desk?status=registered", vec![b.clone()]),
        ("/desk?status=under_review", vec![c.clone()]),
        ("/desk?status=refused", vec![d.clone()]),
        ("/desk?status=withdrawn", Vec::new()),
        ("/desk?ground=documents_refused", vec![c.clone()]),
        ("/desk?ground=extra_documents", vec![a.clone(), b.clone(), d.clone()]),
        ("/desk?ground=illegal_fee", Vec::new()),
        ("/desk?status=registered&ground=documents_refused", Vec::new()),
        ("/desk?status=under_review&ground=documents_refused", vec![c.clone()]),
        ("/desk?status=no-such-status", vec![a.clone(), b.clone(), c.clone(), d.clone()]),
    ];
    for (path, expected) in cases {
        let listed = staff.inbox_numbers(path).await;
        assert_eq!(sorted(listed), sorted(expected), "{path}");
    }

    let page = staff.get("/desk?status=withdrawn").await;
    assert!(page.main_text().contains("Жалоб с такими условиями нет."), "an empty result says so");
    let selected = page.attr("select#filter-status option[selected]", "value");
    assert_eq!(selected.as_deref(), Some("withdrawn"), "the filter keeps the chosen status");
}

async fn inbox_deadline_order_and_filter(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let later = file(&app).await;
    let overdue = file(&app).await;
    let due_today = file(&app).await;
    let closed = file_in(&app, &staff, Status::Refused).await;
    let day = today();
    set_date(&app, &later.number, "next_due", day.checked_add_days(Days::new(3))).await;
    set_date(&app, &overdue.number, "next_due", day.checked_sub_days(Days::new(2))).await;
    set_date(&app, &due_today.number, "next_due", Some(day)).await;

    let order = staff.inbox_numbers("/desk").await;
    let expected = [&overdue, &due_today, &later, &closed].map(|r| r.number.clone());
    assert_eq!(order, expected, "nearest deadline first, complaints without one last");

    let cases = [
        ("/desk?deadline=overdue", vec![overdue.number.clone()]),
        ("/desk?deadline=today", vec![due_today.number.clone()]),
        ("/desk?deadline=overdue&status=refused", Vec::new()),
    ];
    for (path, expected) in cases {
        assert_eq!(staff.inbox_numbers(path).await, expected, "{path}");
    }

    let page = staff.get("/desk").await;
    let overdue_rows = page.texts("tr.inbox__row--overdue");
    assert_eq!(overdue_rows.len(), 1, "one row marked overdue: {overdue_rows:?}");
    assert!(overdue_rows[0].contains(&overdue.number), "the overdue row: {overdue_rows:?}");
    assert!(overdue_rows[0].contains("Просрочено"), "overdue is said in words: {overdue_rows:?}");
    let today_rows = page.texts("tr.inbox__row--today");
    assert_eq!(today_rows.len(), 1, "one row marked due today: {today_rows:?}");
    assert!(today_rows[0].contains(&due_today.number), "the row due today: {today_rows:?}");
    assert!(today_rows[0].contains("Истекает сегодня"), "due today is said in words: {today_rows:?}");
}

async fn inbox_counts_per_status(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    file(&app).await;
    file(&app).await;
    file_in(&app, &staff, Status::Registered).await;
    file_in(&app, &staff, Status::Withdrawn).await;
    app.file_complaint(&Form::complaint("fns", &form_token())).await;

    let expected = ["Подана: 2", "Зарегистрирована: 1", "Отозвана заявителем: 1"];
    for path in ["/desk", "/desk?status=registered"] {
        let page = staff.get(path).await;
        assert_eq!(page.texts(".counts__list li"), expected, "{path}: counts of the body's complaints, whatever the filter");
    }
    let page = staff.get("/desk").await;
    let link = page.attr(".counts__list li a", "href");
    assert_eq!(link.as_deref(), Some("/desk?status=submitted"), "each count links to its filter");
}

async fn head_body_sees_subordinates(backend: Backend) {
    let app = spawn_app(backend).await;
    let head = Staff::reviewer(&app, "head@mvd.example.ru", "mvd").await;
    app.store().set_include_subordinates(head.id, true).await.expect("include_subordinates is stored");
    let ordinary = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let moscow_staff = Staff::reviewer(&app, "reviewer@mvd-moscow.example.ru", "mvd-moscow").await;
    let own = file(&app).await;
    let subordinate = app.file_complaint(&Form::complaint("mvd-moscow", &form_token())).await;
    app.file_complaint(&Form::complaint("fns", &form_token())).await;

    let both = sorted(vec![own.number.clone(), subordinate.number.clone()]);
    assert_eq!(sorted(head.inbox_numbers("/desk").await), both, "the head body's member sees both bodies");
    assert_eq!(ordinary.inbox_numbers("/desk").await, [own.number.clone()], "an ordinary member sees their body only");
    assert_eq!(
        moscow_staff.inbox_numbers("/desk").await,
        [subordinate.number.clone()],
        "the subordinate body does not see the head body"
    );
    let by_body = head.inbox_numbers("/desk?org=mvd-moscow").await;
    assert_eq!(by_body, [subordinate.number.clone()], "the head member filters by body");
    let counts = head.get("/desk").await.texts(".counts__list li");
    assert_eq!(counts, ["Подана: 2"], "the head member's counts include the subordinate body");

    let path = format!("/desk/c/{}", subordinate.number);
    assert_eq!(head.get(&path).await.status, StatusCode::OK, "the head member opens the subordinate's complaint");
    assert_eq!(ordinary.get(&path).await.status, StatusCode::FORBIDDEN, "an ordinary member cannot open it");
    let page = ordinary.act(&subordinate.number, &[("action", "register")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "an ordinary member cannot act on it");
    assert_eq!(app.stored_status(&subordinate.number).await, "submitted", "the refused action changed nothing");
    head.step(&subordinate.number, &[("action", "register")]).await;
    assert_eq!(app.stored_status(&subordinate.number).await, "registered", "the head member acts on it");
}

on_both_backends!(
    inbox_status_and_ground_filters,
    inbox_deadline_order_and_filter,
    inbox_counts_per_status,
    head_body_sees_subordinates,
);
