//! Steps shared by the workflow tests: a signed-in staff browser, valid fields for each
//! action, bringing a complaint to any status through the real actions, and reading or
//! writing the columns that the store has no method for.

use chrono::{DateTime, NaiveDate, Utc};
use reqwest::StatusCode;
use sqlx::types::Uuid;

use app::domain::{Action, Outcome, Status};
use app::server::auth::Role;
use app::server::store::{now, ComplaintRow, EventRow};
use app::server::time::moscow_date;

use crate::database::RawDb;
use crate::helpers::{form_token, Form, Page, Receipt, TestApp, STAFF_PASSWORD};

pub const INFO_REQUEST: &str = "Приложите копию заявления о замене паспорта с отметкой о приёме.";
pub const INFO_ANSWER: &str = "Копия заявления с отметкой о приёме от 2 октября прилагается.";
pub const SATISFIED_TEXT: &str = "Паспорт изготовлен, требование справки с места работы признано неправомерным.";
pub const REFUSED_TEXT: &str = "Срок выдачи паспорта не нарушен: заявление подано 20 октября.";
pub const REMEDY_TEXT: &str = "Паспорт выдан заявителю 14 ноября.";
pub const PROSECUTOR_NOTE: &str = "Признаки превышения должностных полномочий инспектором.";

/// File names with Cyrillic letters and spaces, as citizens name their scans.
pub const PDF_NAME: &str = "Копия заявления.pdf";
pub const PNG_NAME: &str = "отметка о приёме.png";
pub const MEGABYTE: usize = 1024 * 1024;

/// Returns a small PDF. The server checks only its magic bytes.
pub fn pdf_bytes() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// Returns the PNG signature followed by filler, which is all the server's check reads.
pub fn png_bytes() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend_from_slice(b"\x00\x00\x00\x0DIHDR fictional image data");
    bytes
}

/// Returns a PDF of exactly `size` bytes.
pub fn pdf_of_size(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(size, b' ');
    bytes
}

/// A member signed in with a browser of their own, and the CSRF token of their first page.
pub struct Member {
    pub client: reqwest::Client,
    pub csrf: String,
}

/// Creates a member with `role`, signs in with the password and opens `home` for its CSRF token.
pub async fn sign_in(app: &TestApp, email: &str, role: Role, org: Option<&str>, home: &str) -> Member {
    app.create_member(email, role, org).await;
    let client = app.new_client();
    let form = Form::new().set("email", email).set("password", STAFF_PASSWORD);
    let page = app.post_form_from(&client, "/desk/login", &form, Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{email} signs in; page:\n{}", page.main_text());
    let first = app.get_with(&client, home).await;
    Member { client, csrf: first.csrf() }
}

/// Runs `appello --database-url URL ARGS...` on the app's database, with only error logs.
pub fn run_appello(app: &TestApp, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_appello"))
        .arg("--database-url")
        .arg(app.db.raw.url())
        .args(args)
        .env("RUST_LOG", "error")
        .output()
        .unwrap_or_else(|e| panic!("running appello {args:?} failed: {e}"))
}

/// Posts `form` to `path` as `member`, with the member's CSRF token added.
pub async fn post_as(app: &TestApp, member: &Member, path: &str, form: Form) -> Page {
    app.post_form_from(&member.client, path, &form.set("csrf", &member.csrf), Some(&app.address)).await
}

/// A staff member signed in with a browser of their own.
pub struct Staff<'a> {
    app: &'a TestApp,
    pub client: reqwest::Client,
    pub email: String,
    pub id: Uuid,
    csrf: String,
}

impl<'a> Staff<'a> {
    /// Creates a reviewer of the body `org_code`, signs in and keeps the session's CSRF token.
    pub async fn reviewer(app: &'a TestApp, email: &str, org_code: &str) -> Staff<'a> {
        let id = app.create_member(email, Role::Reviewer, Some(org_code)).await;
        Staff::sign_in(app, email, id).await
    }

    /// Signs in an existing reviewer or agency admin, who lands on the desk.
    pub async fn sign_in(app: &'a TestApp, email: &str, id: Uuid) -> Staff<'a> {
        let client = app.new_client();
        app.sign_in_with(&client, email).await;
        let csrf = app.get_with(&client, "/desk").await.csrf();
        Staff { app, client, email: email.to_string(), id, csrf }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.app.get_with(&self.client, path).await
    }

    /// Posts `form` to `path` with this member's CSRF token added.
    pub async fn post(&self, path: &str, form: Form) -> Page {
        let form = form.set("csrf", &self.csrf);
        self.app.post_form_from(&self.client, path, &form, Some(&self.app.address)).await
    }

    /// Posts a desk action on the complaint `number`.
    pub async fn act<K: AsRef<str>, V: AsRef<str>>(&self, number: &str, fields: &[(K, V)]) -> Page {
        let mut form = Form::new();
        for (name, value) in fields {
            form = form.add(name.as_ref(), value.as_ref());
        }
        self.post(&format!("/desk/c/{number}"), form).await
    }

    /// Posts a desk action and fails the test unless it succeeds with a redirect back to
    /// the complaint.
    pub async fn step<K: AsRef<str>, V: AsRef<str>>(&self, number: &str, fields: &[(K, V)]) {
        let page = self.act(number, fields).await;
        let posted: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{posted:?} on {number} by {} should succeed; page:\n{}",
            self.email,
            page.main_text()
        );
    }

    /// Takes a staff action with the fields that [`staff_fields`] gives it.
    pub async fn take(&self, number: &str, action: Action) -> Page {
        self.act(number, &staff_fields(action, self.id)).await
    }

    /// Returns the complaint numbers that the inbox at `path` lists, in order.
    pub async fn inbox_numbers(&self, path: &str) -> Vec<String> {
        let page = self.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "GET {path} by {}: page:\n{}", self.email, page.main_text());
        page.texts("table.inbox td.inbox__number")
    }
}

/// Returns valid form fields for a staff action, as the desk page posts them. `me` is the
/// acting member, whom `assign` picks.
pub fn staff_fields(action: Action, me: Uuid) -> Vec<(&'static str, String)> {
    let form_action = match action {
        Action::Decide(_) => "decide",
        other => other.code(),
    };
    let mut fields = vec![("action", form_action.to_string())];
    let extra: Vec<(&'static str, String)> = match action {
        Action::Register | Action::StartReview => Vec::new(),
        Action::RequestInfo => vec![("message", INFO_REQUEST.into())],
        Action::Decide(Outcome::Satisfied) => vec![
            ("outcome", "satisfied".into()),
            ("remedy_kind", "decision_cancelled".into()),
            ("reason", SATISFIED_TEXT.into()),
        ],
        Action::Decide(Outcome::Refused) => vec![("outcome", "refused".into()), ("reason", REFUSED_TEXT.into())],
        Action::Remedy => vec![("message", REMEDY_TEXT.into())],
        Action::Redirect => vec![("target_org", "fns".into())],
        Action::LeaveUnanswered => vec![("unanswered_reason", "unreadable".into())],
        Action::ReferToProsecutor => vec![("note", PROSECUTOR_NOTE.into())],
        Action::Assign => vec![("assignee", me.to_string())],
        Action::Submit | Action::AnswerInfo | Action::Withdraw => panic!("{} is not a staff action", action.code()),
    };
    fields.extend(extra);
    fields
}

/// Tells whether the applicant takes `action` on the status page rather than staff at the desk.
pub fn is_applicant_action(action: Action) -> bool {
    matches!(action, Action::AnswerInfo | Action::Withdraw)
}

/// Posts an applicant's form on the status page, with the complaint's number and code added.
pub async fn applicant_post(app: &TestApp, receipt: &Receipt, fields: &[(&str, &str)]) -> Page {
    let mut form = Form::new().set("number", &receipt.number).set("code", &receipt.access_code);
    for (name, value) in fields {
        form = form.add(name, value);
    }
    app.post_form_from(&app.new_client(), "/status", &form, Some(&app.address)).await
}

/// Takes an applicant's action with valid fields.
pub async fn applicant_take(app: &TestApp, receipt: &Receipt, action: Action) -> Page {
    match action {
        Action::AnswerInfo => applicant_post(app, receipt, &[("action", "answer_info"), ("answer", INFO_ANSWER)]).await,
        Action::Withdraw => applicant_post(app, receipt, &[("action", "withdraw"), ("withdraw_confirm", "on")]).await,
        other => panic!("{} is not an applicant action", other.code()),
    }
}

/// Takes `action` on the complaint as staff at the desk or as the applicant, whichever takes it.
pub async fn perform(app: &TestApp, staff: &Staff<'_>, receipt: &Receipt, action: Action) -> Page {
    if is_applicant_action(action) {
        applicant_take(app, receipt, action).await
    } else {
        staff.take(&receipt.number, action).await
    }
}

/// Returns the response status of a successful action: 303 back to the desk page for staff,
/// the status page itself (200) for the applicant.
pub fn success_status(action: Action) -> StatusCode {
    if is_applicant_action(action) {
        StatusCode::OK
    } else {
        StatusCode::SEE_OTHER
    }
}

/// Returns the actions that bring a new complaint to `status`, the final ones by their real path.
pub fn path_to(status: Status) -> &'static [Action] {
    const SATISFY: Action = Action::Decide(Outcome::Satisfied);
    const REFUSE: Action = Action::Decide(Outcome::Refused);
    match status {
        Status::Submitted => &[],
        Status::Registered => &[Action::Register],
        Status::UnderReview => &[Action::Register, Action::StartReview],
        Status::InfoRequested => &[Action::Register, Action::StartReview, Action::RequestInfo],
        Status::Redirected => &[Action::Redirect],
        Status::LeftUnanswered => &[Action::LeaveUnanswered],
        Status::Satisfied => &[Action::Register, Action::StartReview, SATISFY],
        Status::Refused => &[Action::Register, Action::StartReview, REFUSE],
        Status::Remedied => &[Action::Register, Action::StartReview, SATISFY, Action::Remedy],
        Status::Withdrawn => &[Action::Withdraw],
    }
}

/// Brings the complaint to `status` through the real actions, failing the test on any step
/// that does not succeed.
pub async fn reach(app: &TestApp, staff: &Staff<'_>, receipt: &Receipt, status: Status) {
    for &action in path_to(status) {
        let page = perform(app, staff, receipt, action).await;
        assert_eq!(
            page.status,
            success_status(action),
            "{} on the way to {}: page:\n{}",
            action.code(),
            status.code(),
            page.main_text()
        );
    }
    assert_eq!(app.stored_status(&receipt.number).await, status.code(), "the complaint reached {}", status.code());
}

/// Files a valid complaint about the body `mvd` on the portal.
pub async fn file(app: &TestApp) -> Receipt {
    app.file_complaint(&Form::complaint("mvd", &form_token())).await
}

/// Files a complaint and brings it to `status`.
pub async fn file_in(app: &TestApp, staff: &Staff<'_>, status: Status) -> Receipt {
    let receipt = file(app).await;
    reach(app, staff, &receipt, status).await;
    receipt
}

pub async fn complaint(app: &TestApp, number: &str) -> ComplaintRow {
    app.store().complaint_by_number(number).await.unwrap_or_else(|e| panic!("complaint {number}: {e}"))
}

/// Returns the whole timeline of a complaint, internal events included, oldest first.
pub async fn events(app: &TestApp, number: &str) -> Vec<EventRow> {
    let row = complaint(app, number).await;
    app.store().complaint_events(row.id).await.unwrap_or_else(|e| panic!("events of {number}: {e}"))
}

/// Everything an action could change about a complaint, and the number of complaints.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub row: ComplaintRow,
    pub updated_at: DateTime<Utc>,
    pub events: Vec<EventRow>,
    pub complaints: i64,
}

pub async fn snapshot(app: &TestApp, number: &str) -> Snapshot {
    Snapshot {
        row: complaint(app, number).await,
        updated_at: updated_at(app, number).await,
        events: events(app, number).await,
        complaints: app.db.raw.count("complaints").await,
    }
}

pub async fn updated_at(app: &TestApp, number: &str) -> DateTime<Utc> {
    let sql = "SELECT updated_at FROM complaints WHERE number = $1";
    let result = match &app.db.raw {
        RawDb::Sqlite(pool) => sqlx::query_scalar(sql).bind(number).fetch_one(pool).await,
        RawDb::Postgres(pool) => sqlx::query_scalar(sql).bind(number).fetch_one(pool).await,
    };
    result.unwrap_or_else(|e| panic!("{sql} with {number}: {e}"))
}

/// Sets a date column of a complaint (`next_due` and the other deadlines) directly.
pub async fn set_date(app: &TestApp, number: &str, column: &str, day: Option<NaiveDate>) {
    let sql = format!("UPDATE complaints SET {column} = $1 WHERE number = $2");
    let result = match &app.db.raw {
        RawDb::Sqlite(pool) => sqlx::query(&sql).bind(day).bind(number).execute(pool).await.map(|r| r.rows_affected()),
        RawDb::Postgres(pool) => {
            sqlx::query(&sql).bind(day).bind(number).execute(pool).await.map(|r| r.rows_affected())
        }
    };
    assert_eq!(result.unwrap_or_else(|e| panic!("{sql}: {e}")), 1, "{sql} with {number} changes one row");
}

/// Sets a time column of a complaint (`received_at`, `registered_at`, `decided_at`) directly.
pub async fn set_time(app: &TestApp, number: &str, column: &str, at: DateTime<Utc>) {
    let sql = format!("UPDATE complaints SET {column} = $1 WHERE number = $2");
    let result = match &app.db.raw {
        RawDb::Sqlite(pool) => sqlx::query(&sql).bind(at).bind(number).execute(pool).await.map(|r| r.rows_affected()),
        RawDb::Postgres(pool) => sqlx::query(&sql).bind(at).bind(number).execute(pool).await.map(|r| r.rows_affected()),
    };
    assert_eq!(result.unwrap_or_else(|e| panic!("{sql}: {e}")), 1, "{sql} with {number} changes one row");
}

/// Returns today's date in Moscow, the day deadlines are compared with.
pub fn today() -> NaiveDate {
    moscow_date(now())
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text:?} is not a date: {e}"))
}

/// Formats a date as the pages show it, `04.12.2026`.
pub fn shown(day: NaiveDate) -> String {
    day.format("%d.%m.%Y").to_string()
}

/// Returns the Russian name of a status, as pages show it.
pub fn status_ru(status: Status) -> &'static str {
    match status {
        Status::Submitted => "Подана",
        Status::Registered => "Зарегистрирована",
        Status::UnderReview => "На рассмотрении",
        Status::InfoRequested => "Запрошены сведения",
        Status::Redirected => "Направлена в уполномоченный орган",
        Status::LeftUnanswered => "Оставлена без ответа",
        Status::Satisfied => "Удовлетворена",
        Status::Refused => "Отказано в удовлетворении",
        Status::Remedied => "Нарушение устранено",
        Status::Withdrawn => "Отозвана заявителем",
    }
}

/// Returns the Russian name of an action, as the timeline and the error messages show it.
pub fn action_ru(action: Action) -> &'static str {
    match action {
        Action::Submit => "Жалоба подана",
        Action::Register => "Жалоба зарегистрирована",
        Action::StartReview => "Начато рассмотрение",
        Action::RequestInfo => "Запрошены дополнительные сведения",
        Action::AnswerInfo => "Заявитель представил сведения",
        Action::Decide(Outcome::Satisfied) => "Жалоба удовлетворена",
        Action::Decide(Outcome::Refused) => "В удовлетворении жалобы отказано",
        Action::Remedy => "Нарушение устранено",
        Action::Redirect => "Жалоба направлена в уполномоченный орган",
        Action::LeaveUnanswered => "Жалоба оставлена без ответа",
        Action::Withdraw => "Жалоба отозвана заявителем",
        Action::ReferToProsecutor => "Материалы направлены в органы прокуратуры",
        Action::Assign => "Назначен исполнитель",
    }
}

/// Builds the message shown when the status does not allow an action.
pub fn illegal_message(action: Action, status: Status) -> String {
    format!("Действие «{}» недоступно: жалоба в статусе «{}». Обновите страницу.", action_ru(action), status_ru(status))
}

/// Builds a valid paper complaint about `org` received on `received_on` (`YYYY-MM-DD`).
pub fn paper_form(org: &str, received_on: &str) -> Form {
    Form::complaint(org, &form_token()).set("received_on", received_on)
}

/// Returns the deadlines a complaint page lists, as `(label, date and urgency)` pairs.
pub fn deadline_rows(page: &Page) -> Vec<(String, String)> {
    let labels = page.texts("section.deadlines dt");
    let values = page.texts("section.deadlines dd");
    labels.into_iter().zip(values).collect()
}

/// Returns the text shown for the deadline whose label starts with `label`.
pub fn shown_deadline(page: &Page, label: &str) -> Option<String> {
    deadline_rows(page).into_iter().find(|(l, _)| l.starts_with(label)).map(|(_, value)| value)
}
