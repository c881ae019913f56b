//! The citizen's cabinet over HTTP. Citizens sign in with the code or link from the e-mail
//! that the job worker writes into the test outbox. The tests cover the list of the address's
//! complaints from every channel, rate limits, CSRF and origin checks, the applicant's actions
//! and reply, sessions in the database, and that no address reaches another's complaint.

use chrono::{DateTime, Duration, Utc};
use reqwest::header::{CONTENT_TYPE, COOKIE, ORIGIN, SET_COOKIE};
use reqwest::{redirect, StatusCode};

use app::domain::Status;
use app::server::citizen::{self, CODE_ATTEMPTS, CODE_MINUTES, LINK_HOURS, SESSION_DAYS};
use app::server::jobs;
use app::server::state::AppState;
use app::server::store::now;
use server::config::leptos_options;
use server::embed::EmbedAssets;
use server::router::router;

use crate::database::RawDb;
use crate::helpers::{form_token, spawn_app, test_settings, Backend, Form, Page, TestApp};
use crate::steps::{
    complaint, events, file, file_in, paper_form, reach, shown, snapshot, Snapshot, Staff, INFO_ANSWER, INFO_REQUEST,
};

/// The address that `Form::complaint` files with.
const APPLICANT: &str = "anna.petrova@example.ru";
/// Another citizen, whose complaints the applicant must never reach.
const OTHER: &str = "igor.vorontsov@example.ru";
const OTHER_SURNAME: &str = "Воронцов";
const OTHER_SUBJECT: &str = "Отказ в приёме документов на регистрацию транспортного средства в МРЭО ГИБДД \
    без указания оснований отказа.";
const REVIEWER: &str = "reviewer@mvd.example.ru";
/// An origin that is not the test server's.
const FOREIGN_ORIGIN: &str = "https://attacker.example.ru";
/// More rounds of due jobs than any test queues, so a job that requeues itself fails the test.
const MAX_JOB_ROUNDS: usize = 20;

const SIGN_IN_TITLE_RU: &str = "Вход в личный кабинет";
const CODE_TITLE_RU: &str = "Введите код из письма";
const CABINET_TITLE_RU: &str = "Мои жалобы";
const LINK_TITLE_RU: &str = "Вход по ссылке из письма";
const LINK_INVALID_RU: &str = "Ссылка устарела или уже использована. Войдите по коду из письма.";
const CODE_EXPIRED_RU: &str =
    "Поле «Код из письма»: код устарел, уже использован или введён неверно слишком много раз. Запросите новый код.";
const CODE_SHAPE_RU: &str = "Поле «Код из письма»: код состоит из 6 цифр, например 042817.";
const TOO_MANY_CODES_RU: &str = "Поле «Электронная почта»: коды для входа запрашивали слишком часто. \
    Введите код из последнего письма или запросите новый через 15 минут.";
const TOO_MANY_CODES_EN: &str = "“E-mail”: sign-in codes were requested too often. \
    Enter the code from the latest e-mail or ask for a new one in 15 minutes.";
const STALE_FORM: &str = "Форма устарела: обновите страницу и повторите действие.";
const FOREIGN_FORM: &str = "Запрос отклонён: форма отправлена с другого сайта.";
const NOT_FOUND_TITLE_RU: &str = "Страница не найдена";

/// Builds a client without a cookie store that does not follow redirects: the tests send
/// the session cookie themselves, so a cookie the server has ended cannot hide in a jar.
fn plain_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(redirect::Policy::none()).build().expect("the HTTP client builds")
}

async fn send(request: reqwest::RequestBuilder, description: &str) -> Page {
    let response = request.send().await.unwrap_or_else(|e| panic!("{description} failed: {e}"));
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap_or_else(|e| panic!("{description}: the body is not text: {e}"));
    Page { status, headers, body }
}

/// Sends a GET to `base` + `path`, with the session cookie when given.
async fn get_at(client: &reqwest::Client, base: &str, path: &str, cookie: Option<&str>) -> Page {
    let mut request = client.get(format!("{base}{path}"));
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    send(request, &format!("GET {path}")).await
}

/// Posts `form` to the app, with the session cookie and the `Origin` header when given.
async fn post_at(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &Form,
    cookie: Option<&str>,
    origin: Option<&str>,
) -> Page {
    let mut request = client.post(app.url(path)).form(&form.pairs);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    if let Some(origin) = origin {
        request = request.header(ORIGIN, origin);
    }
    send(request, &format!("POST {path}")).await
}

/// Posts a form as the sign-in pages do: same origin, no session.
async fn post_public(app: &TestApp, client: &reqwest::Client, path: &str, form: &Form) -> Page {
    post_at(app, client, path, form, None, Some(&app.address)).await
}

/// Returns the `name=value` pair of the session cookie that `page` sets, failing the test
/// unless `page` is the redirect to the cabinet that a sign-in responds with.
fn session_cookie(page: &Page, case: &str) -> String {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{case}: a sign-in redirects; page:\n{}", page.main_text());
    assert_eq!(page.location(), Some("/cabinet"), "{case}: the sign-in leads to the cabinet");
    let cookie = citizen_set_cookie(page).unwrap_or_else(|| panic!("{case}: no session cookie is set"));
    let pair = cookie.split(';').next().unwrap_or_default().to_string();
    assert!(pair.len() > "appello_citizen=".len(), "{case}: the session cookie has a value: {cookie}");
    pair
}

/// Returns the `Set-Cookie` header of the citizen's session cookie, if `page` sets one.
fn citizen_set_cookie(page: &Page) -> Option<String> {
    page.headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(&format!("{}=", citizen::CITIZEN_COOKIE)))
        .map(str::to_string)
}

/// A signed-in citizen with a browser of their own.
struct Citizen<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    email: String,
    /// `appello_citizen=VALUE`, sent by hand with each request.
    cookie: String,
    csrf: String,
}

impl<'a> Citizen<'a> {
    /// Signs in as a person does: requests a code, reads it from the e-mail in the outbox,
    /// and types it into the code form.
    async fn sign_in(app: &'a TestApp, email: &str) -> Citizen<'a> {
        let client = plain_client();
        let page = post_public(app, &client, "/cabinet/login", &Form::new().set("email", email)).await;
        assert_eq!(page.status, StatusCode::OK, "a code for {email} is sent; page:\n{}", page.main_text());
        let address =
            page.field_value("email").unwrap_or_else(|| panic!("the code form for {email} carries the address"));

        let mail = mailed_code(app, &address).await;
        let form = Form::new().set("email", &address).set("login_code", &mail.code);
        let page = post_public(app, &client, "/cabinet/verify", &form).await;
        let cookie = session_cookie(&page, &format!("sign-in of {email} by code"));
        Citizen::with_cookie(app, client, &address, cookie).await
    }

    /// Opens the cabinet with `cookie` and keeps the CSRF token of its forms.
    async fn with_cookie(app: &'a TestApp, client: reqwest::Client, email: &str, cookie: String) -> Citizen<'a> {
        let page = get_at(&client, &app.address, "/cabinet", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "the cabinet of {email} opens; page:\n{}", page.main_text());
        let csrf = page.csrf();
        Citizen { app, client, email: email.to_string(), cookie, csrf }
    }

    async fn get(&self, path: &str) -> Page {
        get_at(&self.client, &self.app.address, path, Some(&self.cookie)).await
    }

    /// Posts `form` with this session's CSRF token, from the app's own origin.
    async fn post(&self, path: &str, form: Form) -> Page {
        let form = form.set("csrf", &self.csrf);
        post_at(self.app, &self.client, path, &form, Some(&self.cookie), Some(&self.app.address)).await
    }

    /// Posts `form` as it is, with the session cookie, from `origin`.
    async fn post_raw(&self, path: &str, form: &Form, origin: &str) -> Page {
        post_at(self.app, &self.client, path, form, Some(&self.cookie), Some(origin)).await
    }

    /// Calls a server function with its form-encoded arguments, as the browser's
    /// WebAssembly would.
    async fn call_server_fn(&self, endpoint: &str, arguments: &[(String, String)]) -> Page {
        let path = format!("/fn/{endpoint}");
        let request = self
            .client
            .post(self.app.url(&path))
            .form(arguments)
            .header(COOKIE, &self.cookie)
            .header(ORIGIN, &self.app.address);
        send(request, &format!("POST {path}")).await
    }

    /// Tells whether the cabinet still accepts this session: it lists complaints instead
    /// of offering the sign-in form.
    async fn is_signed_in(&self) -> bool {
        let page = self.get("/cabinet").await;
        assert_eq!(page.status, StatusCode::OK, "GET /cabinet for {}: page:\n{}", self.email, page.main_text());
        let title = page.text("h1").unwrap_or_default();
        match title.as_str() {
            CABINET_TITLE_RU => true,
            SIGN_IN_TITLE_RU => false,
            other => panic!("the cabinet of {} shows neither the list nor the sign-in form: {other:?}", self.email),
        }
    }
}

/// The e-mail with a sign-in code, as read from the outbox.
struct MailedCode {
    subject: String,
    code: String,
    /// The token of the sign-in link in the same message.
    link_token: String,
}

/// A message read from the outbox, with its subject and text decoded.
#[derive(Debug)]
struct OutboxMessage {
    to: String,
    subject: String,
    text: String,
}

/// Runs due jobs until none is left, as the worker does.
async fn run_jobs(app: &TestApp) {
    for _ in 0..MAX_JOB_ROUNDS {
        let ran = jobs::run_due(&app.state).await.unwrap_or_else(|e| panic!("running due jobs failed: {e}"));
        if ran == 0 {
            return;
        }
    }
    panic!("jobs were still due after {MAX_JOB_ROUNDS} rounds");
}

/// Reads every message to `to` in the app's outbox and deletes its file, so that each
/// message is read once.
async fn take_mail(app: &TestApp, to: &str) -> Vec<OutboxMessage> {
    let mut messages = Vec::new();
    let mut entries = tokio::fs::read_dir(app.outbox.path()).await.expect("the test outbox is readable");
    while let Some(entry) = entries.next_entry().await.expect("the test outbox lists") {
        // Each message also has a readable .txt copy, which this reader skips.
        if entry.path().extension().is_none_or(|extension| extension != "eml") {
            continue;
        }
        let raw = tokio::fs::read_to_string(entry.path()).await.expect("the .eml file is text");
        let message = parse_eml(&raw);
        if message.to == to {
            tokio::fs::remove_file(entry.path()).await.expect("the read .eml file is deleted");
            messages.push(message);
        }
    }
    messages
}

/// Runs the queued jobs and returns the code and link of the only sign-in message to `to`.
async fn mailed_code(app: &TestApp, to: &str) -> MailedCode {
    run_jobs(app).await;
    let mut messages: Vec<OutboxMessage> =
        take_mail(app, to).await.into_iter().filter(|m| code_in(&m.text).is_some()).collect();
    assert_eq!(messages.len(), 1, "one sign-in message to {to}: {messages:?}");
    let message = messages.remove(0);
    let code = code_in(&message.text).unwrap_or_default();
    let link_token =
        sign_in_link_token(&message.text).unwrap_or_else(|| panic!("no sign-in link in:\n{}", message.text));
    MailedCode { subject: message.subject, code, link_token }
}

/// Returns the 6-digit code that follows the code's label in a Russian or English message.
fn code_in(text: &str) -> Option<String> {
    let start = ["Ваш код для входа: ", "Your sign-in code: "]
        .iter()
        .find_map(|label| text.find(label).map(|at| at + label.len()))?;
    let code: String = text[start..].chars().take(6).collect();
    (code.len() == 6 && code.chars().all(|c| c.is_ascii_digit())).then_some(code)
}

/// Returns the token of the first `/cabinet/link/TOKEN` link in `text`.
fn sign_in_link_token(text: &str) -> Option<String> {
    let start = text.find("/cabinet/link/")? + "/cabinet/link/".len();
    let token: String = text[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    (!token.is_empty()).then_some(token)
}

/// Parses a single-part message as lettre 0.11 writes it: headers, a blank line, and a body in
/// 7bit, quoted-printable or base64. A multipart body is kept undecoded.
fn parse_eml(raw: &str) -> OutboxMessage {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no blank line after the headers:\n{raw}"));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            // A folded header continues the previous one.
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default();

    let text = match header("content-transfer-encoding").to_ascii_lowercase().as_str() {
        "base64" => String::from_utf8(decode_base64(body)).expect("the base64 body is UTF-8"),
        "quoted-printable" => {
            String::from_utf8(decode_quoted_printable(body)).expect("the quoted-printable body is UTF-8")
        }
        _ => body.to_string(),
    };
    OutboxMessage {
        to: header("to"),
        subject: decode_encoded_words(&header("subject")),
        text: text.replace("\r\n", "\n"),
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits: u32 = 0;
    let mut pending = 0;
    let mut bytes = Vec::new();
    for symbol in text.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=') {
        let value = ALPHABET.iter().position(|a| *a == symbol).unwrap_or_else(|| panic!("{symbol:?} is not base64"));
        bits = (bits << 6) | value as u32;
        pending += 6;
        if pending >= 8 {
            pending -= 8;
            bytes.push((bits >> pending) as u8);
            bits &= (1 << pending) - 1;
        }
    }
    bytes
}

fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let joined = text.replace("=\r\n", "");
    let input = joined.as_bytes();
    let mut bytes = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'=' && i + 2 < input.len() {
            let hex = std::str::from_utf8(&input[i + 1..i + 3]).unwrap_or_default();
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                bytes.push(byte);
                i += 3;
                continue;
            }
        }
        bytes.push(input[i]);
        i += 1;
    }
    bytes
}

/// Decodes the RFC 2047 encoded words (`=?utf-8?b?...?=`, `=?utf-8?q?...?=`) of a header.
fn decode_encoded_words(value: &str) -> String {
    let mut decoded = String::new();
    let mut previous_was_word = false;
    for (index, part) in value.split(' ').enumerate() {
        let word = part.strip_prefix("=?").and_then(|p| p.strip_suffix("?="));
        let Some((_charset, rest)) = word.and_then(|w| w.split_once('?')) else {
            if index > 0 {
                decoded.push(' ');
            }
            decoded.push_str(part);
            previous_was_word = false;
            continue;
        };
        let (encoding, content) = rest.split_once('?').unwrap_or_else(|| panic!("malformed encoded word {part:?}"));
        let bytes = match encoding {
            "b" | "B" => decode_base64(content),
            _ => decode_quoted_printable(&content.replace('_', " ")),
        };
        // The space between two encoded words belongs to neither.
        if index > 0 && !previous_was_word {
            decoded.push(' ');
        }
        decoded.push_str(&String::from_utf8(bytes).expect("the encoded word is UTF-8"));
        previous_was_word = true;
    }
    decoded
}

/// Runs `sql` with `$1` bound to `at` and `$2` to `text`, and returns how many rows changed.
async fn execute_at(app: &TestApp, sql: &str, at: DateTime<Utc>, text: &str) -> u64 {
    let result = match &app.db.raw {
        RawDb::Sqlite(pool) => sqlx::query(sql).bind(at).bind(text).execute(pool).await.map(|r| r.rows_affected()),
        RawDb::Postgres(pool) => sqlx::query(sql).bind(at).bind(text).execute(pool).await.map(|r| r.rows_affected()),
    };
    result.unwrap_or_else(|e| panic!("{sql} with {text:?}: {e}"))
}

async fn queued_code_mails(app: &TestApp) -> i64 {
    app.db.raw.count_with("SELECT COUNT(*) FROM jobs WHERE kind = $1", jobs::SECRET_EMAIL).await
}

async fn sessions_of(app: &TestApp, email: &str) -> i64 {
    app.db.raw.count_with("SELECT COUNT(*) FROM citizen_sessions WHERE email = $1", email).await
}

/// Returns a 6-digit code that differs from `code`.
fn wrong_code(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

/// Builds a valid complaint of the other citizen.
fn other_complaint() -> Form {
    Form::complaint("mvd", &form_token())
        .set("surname", OTHER_SURNAME)
        .set("first_name", "Игорь")
        .set("patronymic", "Олегович")
        .set("email", OTHER)
        .set("phone", "+7 (903) 765-43-21")
        .set("subject", OTHER_SUBJECT)
}

/// Returns a well-formed complaint number that no complaint has.
async fn missing_number(app: &TestApp) -> String {
    let number = "2019-00000-00001".to_string();
    assert!(app.store().complaint_by_number(&number).await.is_err(), "{number} must not exist");
    number
}

/// Checks that nothing about the complaint changed since `before`.
async fn assert_unchanged(app: &TestApp, number: &str, before: &Snapshot, case: &str) {
    let after = snapshot(app, number).await;
    assert_eq!(after.row, before.row, "{case}: the complaint row is unchanged");
    assert_eq!(after.updated_at, before.updated_at, "{case}: updated_at is unchanged");
    assert_eq!(after.events, before.events, "{case}: no event added");
}

/// Returns the cabinet's rows as `(number, status, deadline)` texts, in order.
fn cabinet_rows(page: &Page) -> Vec<(String, String, String)> {
    let numbers = page.texts("table.inbox tbody td:nth-child(1)");
    let statuses = page.texts("table.inbox tbody td:nth-child(4)");
    let deadlines = page.texts("table.inbox tbody td:nth-child(5)");
    assert_eq!(numbers.len(), statuses.len(), "every row has a status");
    assert_eq!(numbers.len(), deadlines.len(), "every row has a deadline cell");
    numbers.into_iter().zip(statuses).zip(deadlines).map(|((n, s), d)| (n, s, d)).collect()
}

async fn code_signs_in_and_lists_own(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;

    // The same address through three channels, typed with other case and spacing each time.
    let portal_form = Form::complaint("mvd", &form_token()).set("email", "  Anna.Petrova@Example.RU ");
    let portal = app.file_complaint(&portal_form).await;
    reach(&app, &staff, &portal, Status::UnderReview).await;
    let widget_path = format!("/w/{}", app.widget_key);
    let token = app.get(&widget_path).await.field_value("form_token").expect("the widget form carries a form token");
    let widget_form = Form::complaint("mvd", &token).set("email", "ANNA.PETROVA@EXAMPLE.RU");
    let widget = app.post_form(&widget_path, &widget_form).await.receipt();
    let paper = staff.post("/desk/new", paper_form("mvd", "2025-05-07")).await.receipt();
    let other = app.file_complaint(&other_complaint()).await;
    for (channel, receipt) in [("portal", &portal), ("widget", &widget), ("paper", &paper)] {
        let row = complaint(&app, &receipt.number).await;
        assert_eq!(row.channel, channel, "{} is filed through the {channel}", receipt.number);
        assert_eq!(row.email.as_deref(), Some(APPLICANT), "the {channel} complaint's address is stored normalized");
    }
    run_jobs(&app).await;
    take_mail(&app, APPLICANT).await;

    let client = plain_client();
    let page = get_at(&client, &app.address, "/cabinet", None).await;
    assert_eq!(page.text("h1").as_deref(), Some(SIGN_IN_TITLE_RU), "without a session the cabinet offers sign-in");
    assert!(!page.body.contains(&portal.number), "without a session no complaint is listed");

    let page =
        post_public(&app, &client, "/cabinet/login", &Form::new().set("email", " Anna.PETROVA@example.ru ")).await;
    assert_eq!(page.status, StatusCode::OK, "the code request: page:\n{}", page.main_text());
    assert_eq!(page.text("h1").as_deref(), Some(CODE_TITLE_RU), "the code form follows");
    assert_eq!(page.field_value("email").as_deref(), Some(APPLICANT), "the code form keeps the normalized address");
    assert!(citizen_set_cookie(&page).is_none(), "asking for a code signs nobody in");
    let before = now();
    let stored = app.store().latest_citizen_code(APPLICANT).await.expect("the code is stored");
    assert!(stored.expires_at <= before + Duration::minutes(CODE_MINUTES), "the code works {CODE_MINUTES} minutes");
    assert!(stored.expires_at > before + Duration::minutes(CODE_MINUTES - 1), "the code works {CODE_MINUTES} minutes");

    let mail = mailed_code(&app, APPLICANT).await;
    assert_eq!(mail.subject, "Код для входа в личный кабинет Appello", "the code message's subject");
    assert!(!stored.secret_hash.contains(&mail.code), "the code is stored as a keyed hash");

    // People retype the address in other case and split the code with a space.
    let spaced_code = format!("{} {}", &mail.code[..3], &mail.code[3..]);
    let form = Form::new().set("email", " ANNA.petrova@EXAMPLE.ru").set("login_code", &spaced_code);
    let page = post_public(&app, &client, "/cabinet/verify", &form).await;
    let cookie = session_cookie(&page, "the mailed code");
    let set_cookie = citizen_set_cookie(&page).unwrap_or_default();
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(set_cookie.contains(attribute), "the session cookie has {attribute}: {set_cookie}");
    }
    let max_age = format!("Max-Age={}", Duration::days(SESSION_DAYS).num_seconds());
    assert!(set_cookie.contains(&max_age), "the session cookie lasts {SESSION_DAYS} days: {set_cookie}");

    let citizen = Citizen::with_cookie(&app, client, APPLICANT, cookie).await;
    let page = citizen.get("/cabinet").await;
    assert_eq!(page.text("h1").as_deref(), Some(CABINET_TITLE_RU), "the cabinet lists the complaints");
    assert_eq!(page.text(".staff-bar span"), Some(format!("Вы вошли как {APPLICANT}")), "who is signed in");

    let mut expected = Vec::new();
    for (receipt, status) in [(&widget, "Подана"), (&portal, "На рассмотрении"), (&paper, "Подана")]
    {
        let due = complaint(&app, &receipt.number).await.next_due.expect("an open complaint has a current deadline");
        expected.push((receipt.number.clone(), status.to_string(), shown(due)));
    }
    // The paper complaint arrived long ago, so its registration is overdue.
    expected[2].2.push_str(" Просрочено");
    assert_eq!(cabinet_rows(&page), expected, "every complaint of the address, newest first, with status and deadline");
    assert!(!page.body.contains(&other.number), "another address's complaint is not listed");
    assert!(!page.body.contains(OTHER_SURNAME), "nothing of the other applicant is shown");

    let link = page.attr(&format!("table.inbox a[href=\"/cabinet/c/{}\"]", widget.number), "href");
    assert!(link.is_some(), "each number links to its page");
    let detail = citizen.get(&format!("/cabinet/c/{}", widget.number)).await;
    assert_eq!(detail.status, StatusCode::OK, "the complaint page opens; page:\n{}", detail.main_text());
    assert_eq!(detail.text("h1"), Some(format!("Жалоба № {}", widget.number)), "the complaint page's heading");
    assert_eq!(detail.text("strong.status").as_deref(), Some("Подана"), "the complaint page's status");
}

async fn wrong_code_counts_attempts(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = plain_client();
    post_public(&app, &client, "/cabinet/login", &Form::new().set("email", APPLICANT)).await;
    let mail = mailed_code(&app, APPLICANT).await;
    let wrong = wrong_code(&mail.code);

    let tries_left = |left: i32| {
        format!("Поле «Код из письма»: код неверный. Проверьте цифры в последнем письме; осталось попыток: {left}.")
    };
    let tries_left_en = |left: i32| {
        format!("“Code from the e-mail”: the code is wrong. Check the digits in the latest e-mail; tries left: {left}.")
    };
    // (case, path, lang field, expected message)
    let cases = [
        ("1st wrong code", "/cabinet/verify", "ru", tries_left(4)),
        ("2nd wrong code, ?lang=en", "/cabinet/verify?lang=en", "", tries_left_en(3)),
        ("3rd wrong code, lang=en", "/cabinet/verify", "en", tries_left_en(2)),
        ("4th wrong code", "/cabinet/verify", "ru", tries_left(1)),
        ("5th wrong code", "/cabinet/verify", "ru", CODE_EXPIRED_RU.to_string()),
    ];
    for (case, path, lang, expected) in cases {
        let mut form = Form::new().set("email", APPLICANT).set("login_code", wrong);
        if !lang.is_empty() {
            form = form.set("lang", lang);
        }
        let page = post_public(&app, &client, path, &form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status");
        assert_eq!(page.field_error("login_code"), Some(expected), "{case}: message");
        assert_eq!(
            page.field_value("email").as_deref(),
            Some(APPLICANT),
            "{case}: the code form stays for the address"
        );
        assert!(citizen_set_cookie(&page).is_none(), "{case}: no session cookie");
    }
    let stored = app.store().latest_citizen_code(APPLICANT).await.expect("the code is stored");
    assert_eq!(stored.attempts, CODE_ATTEMPTS, "every wrong try is counted");

    let form = Form::new().set("email", APPLICANT).set("login_code", &mail.code);
    let page = post_public(&app, &client, "/cabinet/verify", &form).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the right code after {CODE_ATTEMPTS} wrong ones: status"
    );
    assert_eq!(page.field_error("login_code").as_deref(), Some(CODE_EXPIRED_RU), "the right code too late: message");
    assert!(citizen_set_cookie(&page).is_none(), "the right code too late: no session cookie");
    assert_eq!(sessions_of(&app, APPLICANT).await, 0, "no session is opened");

    // The page offers the new code that the message tells the citizen to request.
    let resend = "main form[action=\"/cabinet/login\"]";
    let hidden = page.attr(&format!("{resend} input[name=\"email\"]"), "value");
    assert_eq!(hidden.as_deref(), Some(APPLICANT), "the code page offers a new code for the address");
    let page = post_public(&app, &client, "/cabinet/login", &Form::new().set("email", APPLICANT)).await;
    assert_eq!(page.status, StatusCode::OK, "a new code is sent; page:\n{}", page.main_text());
    let mail = mailed_code(&app, APPLICANT).await;
    let form = Form::new().set("email", APPLICANT).set("login_code", &mail.code);
    session_cookie(&post_public(&app, &client, "/cabinet/verify", &form).await, "the new code");
}

async fn parallel_guesses_limited(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = plain_client();
    post_public(&app, &client, "/cabinet/login", &Form::new().set("email", APPLICANT)).await;
    let mail = mailed_code(&app, APPLICANT).await;

    // Guesses sent at once must not all be compared against the count read before any of them.
    let guesses = 6 * CODE_ATTEMPTS;
    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..guesses {
        let form = [("email", APPLICANT), ("login_code", wrong_code(&mail.code))];
        let request = client.post(app.url("/cabinet/verify")).header(ORIGIN, &app.address).form(&form);
        requests.spawn(send(request, "a parallel POST /cabinet/verify"));
    }
    let mut compared = 0;
    while let Some(page) = requests.join_next().await {
        let page = page.expect("the request's task completes");
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a parallel guess: status");
        let message = page.field_error("login_code").unwrap_or_default();
        if message.contains("код неверный") {
            compared += 1;
        } else {
            assert_eq!(message, CODE_EXPIRED_RU, "a parallel guess beyond the limit: message");
        }
    }
    assert!(
        compared < CODE_ATTEMPTS,
        "{compared} of {guesses} parallel guesses were answered as wrong codes; at most {} may be",
        CODE_ATTEMPTS - 1
    );

    let form = Form::new().set("email", APPLICANT).set("login_code", &mail.code);
    let page = post_public(&app, &client, "/cabinet/verify", &form).await;
    assert_eq!(page.field_error("login_code").as_deref(), Some(CODE_EXPIRED_RU), "the right code after the burst");
    assert_eq!(sessions_of(&app, APPLICANT).await, 0, "no session is opened after the burst");
}

async fn expired_and_used_codes_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = plain_client();
    post_public(&app, &client, "/cabinet/login", &Form::new().set("email", APPLICANT)).await;
    let mail = mailed_code(&app, APPLICANT).await;

    let sql = "UPDATE citizen_tokens SET expires_at = $1 WHERE kind = 'code' AND email = $2";
    assert_eq!(execute_at(&app, sql, now() - Duration::seconds(1), APPLICANT).await, 1, "the code's time runs out");
    let form = Form::new().set("email", APPLICANT).set("login_code", &mail.code);
    let page = post_public(&app, &client, "/cabinet/verify", &form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "an expired code: status");
    assert_eq!(page.field_error("login_code").as_deref(), Some(CODE_EXPIRED_RU), "an expired code: message");
    assert_eq!(sessions_of(&app, APPLICANT).await, 0, "an expired code opens no session");

    post_public(&app, &client, "/cabinet/login", &Form::new().set("email", APPLICANT)).await;
    let mail = mailed_code(&app, APPLICANT).await;
    let form = Form::new().set("email", APPLICANT).set("login_code", &mail.code);
    let page = post_public(&app, &client, "/cabinet/verify", &form).await;
    session_cookie(&page, "a fresh code");

    let second_browser = plain_client();
    let page = post_public(&app, &second_browser, "/cabinet/verify", &form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a used code: status");
    assert_eq!(page.field_error("login_code").as_deref(), Some(CODE_EXPIRED_RU), "a used code: message");
    assert!(citizen_set_cookie(&page).is_none(), "a used code: no session cookie");
    assert_eq!(sessions_of(&app, APPLICANT).await, 1, "a code opens one session only");
}

async fn code_requests_rate_limited(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = plain_client();
    for attempt in 1..=3 {
        let page = post_public(&app, &client, "/cabinet/login", &Form::new().set("email", APPLICANT)).await;
        assert_eq!(page.status, StatusCode::OK, "code request {attempt}: page:\n{}", page.main_text());
    }
    assert_eq!(queued_code_mails(&app).await, 3, "three messages with codes are queued");
    let tokens = app.db.raw.count("citizen_tokens").await;

    let cases = [("4th request", "ru", TOO_MANY_CODES_RU), ("5th request in English", "en", TOO_MANY_CODES_EN)];
    for (case, lang, expected) in cases {
        let form = Form::new().set("email", APPLICANT).set("lang", lang);
        let page = post_public(&app, &client, "/cabinet/login", &form).await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{case}: status");
        // The last code still works, so the page keeps the code form and says why no new one came.
        assert_eq!(page.text("p[role=alert]").as_deref(), Some(expected), "{case}: the message");
        assert!(page.has("input[name=\"login_code\"]"), "{case}: the code form stays");
        assert_eq!(page.field_value("email").as_deref(), Some(APPLICANT), "{case}: the address stays in the form");
        assert_eq!(queued_code_mails(&app).await, 3, "{case}: nothing is queued");
        assert_eq!(app.db.raw.count("citizen_tokens").await, tokens, "{case}: no code or link is stored");
    }

    let other = post_public(&app, &client, "/cabinet/login", &Form::new().set("email", OTHER)).await;
    assert_eq!(other.status, StatusCode::OK, "another address is not limited by the first one's requests");

    // The windows pass: both limits start again.
    let sql = "UPDATE rate_limits SET window_start = $1 WHERE bucket LIKE $2";
    execute_at(&app, sql, now() - Duration::minutes(citizen::CODE_WINDOW_MINUTES + 1), "code-%").await;
    let page = post_public(&app, &client, "/cabinet/login", &Form::new().set("email", APPLICANT)).await;
    assert_eq!(page.status, StatusCode::OK, "after the window a code is sent again");

    // One client asking for codes to many addresses meets the per-client limit.
    let queued = queued_code_mails(&app).await;
    for index in 2..=citizen::CODES_PER_CLIENT {
        let email = format!("citizen{index}@example.ru");
        let page = post_public(&app, &client, "/cabinet/login", &Form::new().set("email", &email)).await;
        assert_eq!(page.status, StatusCode::OK, "request {index} from one client: page:\n{}", page.main_text());
    }
    let page = post_public(&app, &client, "/cabinet/login", &Form::new().set("email", "one.more@example.ru")).await;
    assert_eq!(
        page.status,
        StatusCode::TOO_MANY_REQUESTS,
        "request {} from one client: status",
        citizen::CODES_PER_CLIENT + 1
    );
    assert_eq!(page.text("p[role=alert]").as_deref(), Some(TOO_MANY_CODES_RU), "the per-client limit: message");
    let expected = queued + citizen::CODES_PER_CLIENT - 1;
    assert_eq!(queued_code_mails(&app).await, expected, "nothing is queued beyond the per-client limit");
}

async fn bad_email_or_code_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = plain_client();
    let invalid_ru = "Поле «Электронная почта»: укажите адрес в виде name@example.ru.";
    // (case, typed address, lang, expected message)
    let cases = [
        ("an empty address", "", "ru", "Заполните поле «Электронная почта»."),
        ("spaces only", "   ", "ru", "Заполните поле «Электронная почта»."),
        ("no domain", "anna.petrova@", "ru", invalid_ru),
        ("no @", "anna.petrova.example.ru", "ru", invalid_ru),
        ("two @", "anna@petrova@example.ru", "ru", invalid_ru),
        ("no domain in English", "anna.petrova@", "en", "“E-mail”: enter an address like name@example.com."),
    ];
    for (case, typed, lang, expected) in cases {
        let form = Form::new().set("email", typed).set("lang", lang);
        let page = post_public(&app, &client, "/cabinet/login", &form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status");
        assert_eq!(page.field_error("email").as_deref(), Some(expected), "{case}: message next to the field");
        assert!(page.summary_errors().contains(&expected.to_string()), "{case}: the summary lists it");
        assert!(!page.has("input[name=\"login_code\"]"), "{case}: no code form");
        assert_eq!(queued_code_mails(&app).await, 0, "{case}: nothing is queued");
        assert_eq!(app.db.raw.count("citizen_tokens").await, 0, "{case}: nothing is stored");
    }

    post_public(&app, &client, "/cabinet/login", &Form::new().set("email", APPLICANT)).await;
    let mail = mailed_code(&app, APPLICANT).await;
    let cases = [
        ("letters", "12ab56", CODE_SHAPE_RU),
        ("5 digits", "12345", CODE_SHAPE_RU),
        ("7 digits", "1234567", CODE_SHAPE_RU),
        ("no code", " ", "Заполните поле «Код из письма»."),
    ];
    for (case, typed, expected) in cases {
        let form = Form::new().set("email", APPLICANT).set("login_code", typed);
        let page = post_public(&app, &client, "/cabinet/verify", &form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status");
        assert_eq!(page.field_error("login_code").as_deref(), Some(expected), "{case}: message");
    }
    let form = Form::new().set("email", APPLICANT).set("login_code", "12ab56").set("lang", "en");
    let page = post_public(&app, &client, "/cabinet/verify", &form).await;
    let expected = "“Code from the e-mail”: the code has 6 digits, for example 042817.";
    assert_eq!(page.field_error("login_code").as_deref(), Some(expected), "a malformed code in English");

    let stored = app.store().latest_citizen_code(APPLICANT).await.expect("the code is stored");
    assert_eq!(stored.attempts, 0, "a malformed code does not use up a try");
    let form = Form::new().set("email", APPLICANT).set("login_code", &mail.code);
    session_cookie(&post_public(&app, &client, "/cabinet/verify", &form).await, "the right code after malformed ones");
}

async fn link_needs_button_press(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = plain_client();
    post_public(&app, &client, "/cabinet/login", &Form::new().set("email", APPLICANT)).await;
    let requested = now();
    let mail = mailed_code(&app, APPLICANT).await;
    let path = format!("/cabinet/link/{}", mail.link_token);

    // A mail scanner fetches the link, perhaps more than once.
    for fetch in 1..=2 {
        let page = get_at(&plain_client(), &app.address, &path, None).await;
        assert_eq!(page.status, StatusCode::OK, "GET {fetch} of the link: page:\n{}", page.main_text());
        assert_eq!(page.text("h1").as_deref(), Some(LINK_TITLE_RU), "GET {fetch}: the link page");
        let action = page.attr("main form[method=\"post\"]", "action");
        assert_eq!(action.as_deref(), Some(path.as_str()), "GET {fetch}: the button posts to the link");
        assert!(page.has("main form button[type=\"submit\"]"), "GET {fetch}: a button signs in");
        assert!(citizen_set_cookie(&page).is_none(), "GET {fetch}: no session cookie");
    }
    assert_eq!(sessions_of(&app, APPLICANT).await, 0, "fetching the link opens no session");
    let link_works = citizen::link_is_valid(&app.state, &mail.link_token, now()).await.expect("the link is checked");
    assert!(link_works, "fetching the link does not use it");
    let hash = app.state.derivation_key.keyed_hash("citizen-link", &mail.link_token);
    let stored = app.store().citizen_token_by_hash(&hash).await.expect("the link is stored by its keyed hash");
    assert!(stored.expires_at > requested + Duration::hours(LINK_HOURS - 1), "the link works {LINK_HOURS} hours");
    assert!(stored.expires_at <= now() + Duration::hours(LINK_HOURS), "the link works {LINK_HOURS} hours");

    let browser = plain_client();
    let page = post_public(&app, &browser, &path, &Form::new()).await;
    let cookie = session_cookie(&page, "the link's button");
    let citizen = Citizen::with_cookie(&app, browser, APPLICANT, cookie).await;
    assert!(citizen.is_signed_in().await, "the link signs the citizen in");

    let cases = [
        ("a second POST of the link", "POST", path.clone()),
        ("a GET of the used link", "GET", path.clone()),
        ("a POST of an unknown link", "POST", "/cabinet/link/0123456789abcdef0123456789abcdef".to_string()),
        ("a GET of an unknown link", "GET", "/cabinet/link/0123456789abcdef0123456789abcdef".to_string()),
    ];
    for (case, method, target) in cases {
        let client = plain_client();
        let page = match method {
            "GET" => get_at(&client, &app.address, &target, None).await,
            _ => post_public(&app, &client, &target, &Form::new()).await,
        };
        assert_eq!(page.status, StatusCode::GONE, "{case}: status");
        assert!(page.texts("p.form-error[role=alert]").contains(&LINK_INVALID_RU.to_string()), "{case}: message");
        assert!(!page.has("main form[method=\"post\"]"), "{case}: no button");
        assert!(citizen_set_cookie(&page).is_none(), "{case}: no session cookie");
    }
    assert_eq!(sessions_of(&app, APPLICANT).await, 1, "a link opens one session only");

    post_public(&app, &client, "/cabinet/login", &Form::new().set("email", APPLICANT)).await;
    let mail = mailed_code(&app, APPLICANT).await;
    let sql = "UPDATE citizen_tokens SET expires_at = $1 WHERE kind = 'link' AND email = $2";
    execute_at(&app, sql, now() - Duration::seconds(1), APPLICANT).await;
    let expired = format!("/cabinet/link/{}", mail.link_token);
    let page = get_at(&plain_client(), &app.address, &expired, None).await;
    assert_eq!(page.status, StatusCode::GONE, "GET of an expired link: status");
    let page = post_public(&app, &plain_client(), &expired, &Form::new()).await;
    assert_eq!(page.status, StatusCode::GONE, "POST of an expired link: status");
    assert!(page.main_text().contains(LINK_INVALID_RU), "POST of an expired link: message");
    assert_eq!(sessions_of(&app, APPLICANT).await, 1, "an expired link opens no session");
}

async fn filing_notice_link_signs_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = file(&app).await;
    run_jobs(&app).await;
    let notices = take_mail(&app, APPLICANT).await;
    assert_eq!(notices.len(), 1, "one notice after filing: {notices:?}");
    assert!(notices[0].text.contains(&receipt.number), "the notice names the complaint:\n{}", notices[0].text);
    let token = sign_in_link_token(&notices[0].text).unwrap_or_else(|| panic!("no link in:\n{}", notices[0].text));

    let browser = plain_client();
    let page = post_public(&app, &browser, &format!("/cabinet/link/{token}"), &Form::new()).await;
    let cookie = session_cookie(&page, "the filing notice's link");
    let citizen = Citizen::with_cookie(&app, browser, APPLICANT, cookie).await;
    let numbers: Vec<String> = cabinet_rows(&citizen.get("/cabinet").await).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(numbers, [receipt.number.clone()], "the cabinet lists the complaint from the notice");
}

async fn other_complaints_unreachable(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let own = file_in(&app, &staff, Status::Refused).await;
    let other_open = app.file_complaint(&other_complaint()).await;
    reach(&app, &staff, &other_open, Status::InfoRequested).await;
    let other_decided = app.file_complaint(&other_complaint()).await;
    reach(&app, &staff, &other_decided, Status::Refused).await;
    let missing = missing_number(&app).await;
    let citizen = Citizen::sign_in(&app, APPLICANT).await;

    let own_page = citizen.get(&format!("/cabinet/c/{}/reply", own.number)).await;
    assert_eq!(own_page.status, StatusCode::OK, "the applicant's own reply opens; page:\n{}", own_page.main_text());

    for template in ["/cabinet/c/{}", "/cabinet/c/{}/reply", "/cabinet/c/{}/reply.pdf"] {
        let unknown = citizen.get(&template.replace("{}", &missing)).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{template} with an unknown number: status");
        assert_eq!(unknown.text("h1").as_deref(), Some(NOT_FOUND_TITLE_RU), "{template} with an unknown number");
        for other in [&other_open.number, &other_decided.number] {
            let path = template.replace("{}", other);
            let page = citizen.get(&path).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "GET {path}: status");
            assert_ne!(page.header("content-type"), Some("application/pdf"), "GET {path}: no PDF");
            assert_eq!(page.main_text(), unknown.main_text(), "GET {path} reads as a number that does not exist");
            for private in [OTHER_SURNAME, OTHER, "транспортного средства", INFO_REQUEST] {
                assert!(!page.body.contains(private), "GET {path} must not contain {private:?}");
            }
        }
    }

    let attempts = [
        ("withdrawal", vec![("action", "withdraw"), ("withdraw_confirm", "on")]),
        ("answer", vec![("action", "answer_info"), ("answer", INFO_ANSWER)]),
    ];
    for (case, fields) in attempts {
        let mut form = Form::new();
        for (name, value) in &fields {
            form = form.set(name, value);
        }
        let before = snapshot(&app, &other_open.number).await;
        let page = citizen.post(&format!("/cabinet/c/{}", other_open.number), form.clone()).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{case} on another's complaint: status");
        assert!(!page.body.contains(OTHER_SURNAME), "{case} on another's complaint: nothing of it is shown");
        assert_unchanged(&app, &other_open.number, &before, &format!("{case} on another's complaint")).await;
        let unknown = citizen.post(&format!("/cabinet/c/{missing}"), form).await;
        assert_eq!(page.main_text(), unknown.main_text(), "{case}: another's number reads as an unknown one");
    }

    // `load_cabinet_complaint` takes the number and the language, `load_cabinet_reply` the number.
    for (endpoint, lang) in [("cabinet_complaint", Some("Ru")), ("cabinet_reply", None)] {
        let arguments = |number: &str| {
            let mut arguments = vec![("number".to_string(), number.to_string())];
            arguments.extend(lang.map(|lang| ("lang".to_string(), lang.to_string())));
            arguments
        };
        let own_call = citizen.call_server_fn(endpoint, &arguments(&own.number)).await;
        assert_eq!(own_call.status, StatusCode::OK, "{endpoint} with the own number: {}", own_call.body);
        assert!(own_call.body.contains(&own.number), "{endpoint} returns the own complaint: {}", own_call.body);
        let unknown = citizen.call_server_fn(endpoint, &arguments(&missing)).await;
        assert!(!unknown.status.is_success(), "{endpoint} with an unknown number fails: {}", unknown.body);
        for other in [&other_open.number, &other_decided.number] {
            let page = citizen.call_server_fn(endpoint, &arguments(other)).await;
            let case = format!("/fn/{endpoint} with {other}");
            assert_eq!(page.status, unknown.status, "{case}: the status of an unknown number");
            assert_eq!(page.body, unknown.body, "{case}: the answer to an unknown number");
            assert!(!page.body.contains(OTHER_SURNAME), "{case}: nothing of the complaint");
        }
    }
}

async fn forms_need_csrf_and_origin(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::Registered).await;
    let citizen = Citizen::sign_in(&app, APPLICANT).await;
    let other = Citizen::sign_in(&app, OTHER).await;
    let path = format!("/cabinet/c/{}", receipt.number);
    let withdraw = Form::new().set("action", "withdraw").set("withdraw_confirm", "on");

    let before = snapshot(&app, &receipt.number).await;
    let cases = [
        ("no CSRF token", withdraw.clone()),
        ("a wrong CSRF token", withdraw.clone().set("csrf", &"0".repeat(32))),
        ("another session's CSRF token", withdraw.clone().set("csrf", &other.csrf)),
    ];
    for (case, form) in cases {
        let page = citizen.post_raw(&path, &form, &app.address).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "withdrawal with {case}: status");
        assert!(page.body.contains(STALE_FORM), "withdrawal with {case}: message {:?}", page.body);
        assert_unchanged(&app, &receipt.number, &before, &format!("withdrawal with {case}")).await;

        let logout = form.clone().without("action").without("withdraw_confirm").set("everywhere", "1");
        let page = citizen.post_raw("/cabinet/logout", &logout, &app.address).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "sign-out with {case}: status");
        assert!(citizen.is_signed_in().await, "sign-out with {case}: the session stays");
    }

    let form = withdraw.clone().set("csrf", &citizen.csrf);
    let page = citizen.post_raw(&path, &form, FOREIGN_ORIGIN).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a cross-origin withdrawal: status");
    assert!(page.body.contains(FOREIGN_FORM), "a cross-origin withdrawal: message {:?}", page.body);
    assert_unchanged(&app, &receipt.number, &before, "a cross-origin withdrawal").await;
    let logout = Form::new().set("csrf", &citizen.csrf);
    let page = citizen.post_raw("/cabinet/logout", &logout, FOREIGN_ORIGIN).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a cross-origin sign-out: status");
    assert!(citizen.is_signed_in().await, "a cross-origin sign-out: the session stays");
    let queued = queued_code_mails(&app).await;
    let page = post_at(
        &app,
        &plain_client(),
        "/cabinet/login",
        &Form::new().set("email", APPLICANT),
        None,
        Some(FOREIGN_ORIGIN),
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a cross-origin code request: status");
    assert_eq!(queued_code_mails(&app).await, queued, "a cross-origin code request queues nothing");

    // The same form with the session's token from the site itself goes through.
    let page = citizen.post(&path, withdraw).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the withdrawal with its token: page:\n{}", page.main_text());
    assert_eq!(app.stored_status(&receipt.number).await, "withdrawn", "the withdrawal with its token is applied");
}

async fn answer_and_withdraw_in_cabinet(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::InfoRequested).await;
    let citizen = Citizen::sign_in(&app, APPLICANT).await;
    let path = format!("/cabinet/c/{}", receipt.number);

    let page = citizen.get(&path).await;
    let section = page.text("section.info-request").unwrap_or_default();
    assert!(section.contains(INFO_REQUEST), "the cabinet shows the request: {section:?}");
    let action = page.attr("section.info-request form", "action");
    assert_eq!(action.as_deref(), Some(path.as_str()), "the answer form posts to the cabinet");
    assert!(page.has("section.info-request input[name=\"csrf\"]"), "the answer form carries the CSRF token");
    assert!(!page.has("section.info-request input[name=\"code\"]"), "the cabinet needs no access code");

    let before = snapshot(&app, &receipt.number).await;
    let page = citizen.post(&path, Form::new().set("action", "answer_info").set("answer", "  ")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "an empty answer: status");
    assert_eq!(page.field_error("answer").as_deref(), Some("Заполните поле «Ваш ответ»."), "an empty answer: message");
    assert!(page.has("section.info-request"), "the request is still shown after an empty answer");
    assert_unchanged(&app, &receipt.number, &before, "an empty answer").await;

    let page = citizen.post(&path, Form::new().set("action", "answer_info").set("answer", INFO_ANSWER)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the answer: page:\n{}", page.main_text());
    assert_eq!(page.location(), Some(path.as_str()), "the answer leads back to the complaint");
    assert_eq!(app.stored_status(&receipt.number).await, "under_review", "the status after the answer");
    let event = events(&app, &receipt.number).await.pop().expect("events");
    assert_eq!((event.action.as_str(), event.actor_kind.as_str()), ("answer_info", "applicant"), "the answer's event");
    assert_eq!(event.message.as_deref(), Some(INFO_ANSWER), "the answer is recorded");
    let page = citizen.get(&path).await;
    assert_eq!(page.text("strong.status").as_deref(), Some("На рассмотрении"), "the page's status after the answer");
    assert!(page.texts(".timeline__message").contains(&INFO_ANSWER.to_string()), "the timeline shows the answer");
    assert!(!page.has("section.info-request"), "no request is shown once answered");

    let before = snapshot(&app, &receipt.number).await;
    let page = citizen.post(&path, Form::new().set("action", "withdraw")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "withdrawal without confirmation: status");
    let message = page.field_error("withdraw_confirm");
    let expected = "Отметьте «Я отзываю эту жалобу», чтобы подтвердить отзыв жалобы.";
    assert_eq!(message.as_deref(), Some(expected), "withdrawal without confirmation: message");
    assert_unchanged(&app, &receipt.number, &before, "withdrawal without confirmation").await;

    let page = citizen.post(&path, Form::new().set("action", "withdraw").set("withdraw_confirm", "on")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the withdrawal: page:\n{}", page.main_text());
    let row = complaint(&app, &receipt.number).await;
    assert_eq!(row.status, "withdrawn", "the status after the withdrawal");
    assert_eq!(row.next_due, None, "a withdrawn complaint has no deadline");
    let event = events(&app, &receipt.number).await.pop().expect("events");
    assert_eq!((event.action.as_str(), event.actor_kind.as_str()), ("withdraw", "applicant"), "the withdrawal event");
    let rows = cabinet_rows(&citizen.get("/cabinet").await);
    let expected = (receipt.number.clone(), "Отозвана заявителем".to_string(), String::new());
    assert_eq!(rows, [expected], "the cabinet shows the withdrawal and no deadline");
}

async fn reply_pdf_after_decision(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let undecided = file_in(&app, &staff, Status::UnderReview).await;
    let decided = file_in(&app, &staff, Status::Refused).await;
    let citizen = Citizen::sign_in(&app, APPLICANT).await;

    for path in [format!("/cabinet/c/{}/reply", undecided.number), format!("/cabinet/c/{}/reply.pdf", undecided.number)]
    {
        let page = citizen.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "GET {path} before a decision: status");
        assert_eq!(page.text("h1").as_deref(), Some("Мотивированного ответа пока нет"), "GET {path}: heading");
        assert!(page.main_text().contains("Решение по этой жалобе ещё не принято."), "GET {path}: the explanation");
    }

    let page = citizen.get(&format!("/cabinet/c/{}/reply", decided.number)).await;
    assert_eq!(page.status, StatusCode::OK, "the reply page after the decision; page:\n{}", page.main_text());
    let pdf_path = format!("/cabinet/c/{}/reply.pdf", decided.number);
    assert!(page.has(&format!("a[href=\"{pdf_path}\"]")), "the reply page links its PDF");

    let response = citizen
        .client
        .get(app.url(&pdf_path))
        .header(COOKIE, &citizen.cookie)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {pdf_path} failed: {e}"));
    assert_eq!(response.status(), StatusCode::OK, "GET {pdf_path}: status");
    let content_type = response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
    assert_eq!(content_type.as_deref(), Some("application/pdf"), "GET {pdf_path}: type");
    let disposition = response.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(disposition.contains(&format!("reply-{}.pdf", decided.number)), "the file name: {disposition}");
    let bytes = response.bytes().await.expect("the PDF is read");
    assert!(bytes.starts_with(b"%PDF"), "the download is a PDF: {:?}", &bytes[..bytes.len().min(16)]);

    let page = get_at(&plain_client(), &app.address, &pdf_path, None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the PDF without a session: status");
    assert_eq!(page.location(), Some("/cabinet"), "the PDF without a session leads to the sign-in");

    let before = snapshot(&app, &decided.number).await;
    let form = Form::new().set("action", "withdraw").set("withdraw_confirm", "on");
    let page = citizen.post(&format!("/cabinet/c/{}", decided.number), form).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "withdrawal after the decision: status");
    let expected = crate::steps::illegal_message(app::domain::Action::Withdraw, Status::Refused);
    assert_eq!(page.text("p.form-error[role=alert]"), Some(expected), "withdrawal after the decision: message");
    assert_unchanged(&app, &decided.number, &before, "withdrawal after the decision").await;
}

/// Starts a second server on the app's database, as another instance behind a load
/// balancer runs. It shares the store's connection pool, but has a state of its own, so
/// only what is in the database is shared. Returns its address and the folder it uses.
async fn spawn_second_instance(app: &TestApp) -> (String, tempfile::TempDir) {
    let folder = tempfile::tempdir().expect("a temporary folder for the second instance");
    let outbox = folder.path().join("outbox");
    let state = AppState::new(leptos_options(), app.store().clone(), test_settings(&outbox))
        .await
        .expect("the second instance's state");
    let assets = EmbedAssets::load(folder.path());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port on 127.0.0.1");
    let address = format!("http://{}", listener.local_addr().expect("the bound address"));
    let second = router(state, assets);
    tokio::spawn(async move {
        axum::serve(listener, second).await.expect("the second instance runs");
    });
    (address, folder)
}

async fn sessions_shared_and_expiring(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = file(&app).await;
    let citizen = Citizen::sign_in(&app, APPLICANT).await;
    let value = citizen.cookie.split_once('=').map(|(_, v)| v.to_string()).unwrap_or_default();
    let sql = "SELECT COUNT(*) FROM citizen_sessions WHERE token_hash = $1";
    assert_eq!(app.db.raw.count_with(sql, &value).await, 0, "the cookie's value is not stored as is");
    assert_eq!(sessions_of(&app, APPLICANT).await, 1, "the session is stored in the database");

    let (second, _folder) = spawn_second_instance(&app).await;
    let page = get_at(&citizen.client, &second, "/cabinet", Some(&citizen.cookie)).await;
    assert_eq!(page.text("h1").as_deref(), Some(CABINET_TITLE_RU), "the second instance accepts the session");
    let numbers: Vec<String> = cabinet_rows(&page).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(numbers, [receipt.number.clone()], "the second instance lists the complaint");

    let sql = "UPDATE citizen_sessions SET expires_at = $1 WHERE email = $2";
    assert_eq!(execute_at(&app, sql, now() - Duration::seconds(1), APPLICANT).await, 1, "the session's time runs out");
    assert!(!citizen.is_signed_in().await, "an expired session is not accepted");
    let page = get_at(&citizen.client, &second, "/cabinet", Some(&citizen.cookie)).await;
    assert_eq!(page.text("h1").as_deref(), Some(SIGN_IN_TITLE_RU), "the second instance rejects it too");
    let page = citizen.get(&format!("/cabinet/c/{}", receipt.number)).await;
    assert_eq!(page.status, StatusCode::FOUND, "the complaint page with an expired session: status");
    assert_eq!(page.location(), Some("/cabinet"), "the complaint page with an expired session leads to sign-in");
    let before = snapshot(&app, &receipt.number).await;
    let form = Form::new().set("action", "withdraw").set("withdraw_confirm", "on");
    let page = citizen.post(&format!("/cabinet/c/{}", receipt.number), form).await;
    assert_eq!(page.location(), Some("/cabinet"), "an action with an expired session leads to sign-in");
    assert_unchanged(&app, &receipt.number, &before, "an action with an expired session").await;
}

async fn sign_out_here_or_everywhere(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = Citizen::sign_in(&app, APPLICANT).await;
    let laptop = Citizen::sign_in(&app, APPLICANT).await;
    let other = Citizen::sign_in(&app, OTHER).await;

    let page = phone.post("/cabinet/logout", Form::new()).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "sign-out: page:\n{}", page.main_text());
    assert_eq!(page.location(), Some("/cabinet"), "sign-out leads to the cabinet's sign-in");
    let cleared = citizen_set_cookie(&page).unwrap_or_default();
    assert!(cleared.contains("Max-Age=0"), "sign-out clears the cookie: {cleared:?}");
    assert!(!phone.is_signed_in().await, "the signed-out session no longer works");
    assert!(laptop.is_signed_in().await, "the other session of the address still works");
    assert_eq!(sessions_of(&app, APPLICANT).await, 1, "one session of the address is left");

    let tablet = Citizen::sign_in(&app, APPLICANT).await;
    let page = laptop.post("/cabinet/logout", Form::new().set("everywhere", "1")).await;
    assert_eq!(page.status, StatusCode::OK, "sign-out everywhere: page:\n{}", page.main_text());
    let notice = page.text("p.note[role=status]");
    assert_eq!(
        notice.as_deref(),
        Some("Вход завершён на всех устройствах (сеансов: 2)."),
        "the count of ended sessions"
    );
    assert_eq!(page.text("h1").as_deref(), Some(SIGN_IN_TITLE_RU), "the sign-in form follows");
    assert!(citizen_set_cookie(&page).unwrap_or_default().contains("Max-Age=0"), "the cookie is cleared");
    assert!(!laptop.is_signed_in().await, "the session that signed out everywhere ends");
    assert!(!tablet.is_signed_in().await, "the address's other session ends");
    assert_eq!(sessions_of(&app, APPLICANT).await, 0, "no session of the address is left");
    assert!(other.is_signed_in().await, "another address's session stays");

    let page = other.post("/cabinet/logout", Form::new().set("everywhere", "1").set("lang", "en")).await;
    let notice = page.text("p.note[role=status]");
    assert_eq!(notice.as_deref(), Some("Signed out on all devices (sessions ended: 1)."), "the English count");
}

on_both_backends!(
    code_signs_in_and_lists_own,
    wrong_code_counts_attempts,
    parallel_guesses_limited,
    expired_and_used_codes_rejected,
    code_requests_rate_limited,
    bad_email_or_code_rejected,
    link_needs_button_press,
    filing_notice_link_signs_in,
    other_complaints_unreachable,
    forms_need_csrf_and_origin,
    answer_and_withdraw_in_cabinet,
    reply_pdf_after_decision,
    sessions_shared_and_expiring,
    sign_out_here_or_everywhere,
);
