//! Outgoing mail through a real SMTP server. Each test starts the capture server
//! `end2end/scripts/smtp-capture.mjs` with Node from PATH, which needs `npm ci` run in
//! `end2end` first. The app sends to it through a plain `smtp://` URL, the test runs the job
//! queue by hand as the worker would, and then reads the messages the server stored.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use sqlx::types::Uuid;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use app::domain::Status;
use app::i18n::Lang;
use app::server::auth::Role;
use app::server::mail::MailSettings;
use app::server::state::Settings;
use app::server::store::{now, JobRow};
use app::server::{citizen, jobs, notify};

use crate::database::RawDb;
use crate::helpers::{form_token, spawn_app, spawn_app_with_settings, Backend, Form, TestApp};
use crate::steps::{file, file_in, set_date, today, Staff};

/// The address that `Form::complaint` files with.
const APPLICANT: &str = "anna.petrova@example.ru";
const SENDER: &str = "no-reply@appello.example.ru";
const REVIEWER: &str = "reviewer@mvd.example.ru";
const FNS_REVIEWER: &str = "reviewer@fns.example.ru";
/// How long Node may take to load the script and print its port.
const STARTUP_TIMEOUT: StdDuration = StdDuration::from_secs(30);
/// More rounds of due jobs than any test queues, so a job that requeues itself fails the test.
const MAX_JOB_ROUNDS: usize = 20;

/// The capture SMTP server, running as a child process that is killed when this is dropped.
struct SmtpCapture {
    port: u16,
    /// Contains `messages/`, the server's folder, and `smtp-capture.log`, its stderr.
    root: tempfile::TempDir,
    _child: Child,
}

/// A message the capture server stored, with its parts as mailparser decoded them.
#[derive(Debug)]
struct Received {
    /// The file name without `.eml`.
    name: String,
    /// The message as sent, RFC 5322 text.
    raw: String,
    envelope_to: Vec<String>,
    from: Vec<String>,
    to: Vec<String>,
    subject: String,
    text: String,
    attachments: Vec<ReceivedAttachment>,
}

#[derive(Debug)]
struct ReceivedAttachment {
    content_type: String,
    filename: String,
    content: Vec<u8>,
}

impl SmtpCapture {
    /// Starts the server on a free port and waits until it prints that port.
    async fn start() -> SmtpCapture {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/scripts/smtp-capture.mjs");
        let root = tempfile::tempdir().expect("a temporary folder for the capture server");
        let log_path = root.path().join("smtp-capture.log");
        let log = std::fs::File::create(&log_path).expect("the capture server's log file");
        let mut child = Command::new("node")
            .arg(&script)
            .arg("0")
            .arg(root.path().join("messages"))
            .arg("--exit-with-stdin")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("starting `node {}` failed: {e}; is Node.js on PATH?", script.display()));

        let stdout = child.stdout.take().expect("the capture server's stdout is piped");
        let first_line = tokio::time::timeout(STARTUP_TIMEOUT, BufReader::new(stdout).lines().next_line()).await;
        let log_text = || std::fs::read_to_string(&log_path).unwrap_or_default();
        let line = match first_line {
            Ok(Ok(Some(line))) => line,
            Ok(Ok(None)) => panic!(
                "the SMTP capture server exited before printing its port (if it cannot find smtp-server, \
                 run `npm ci` in end2end); its log:\n{}",
                log_text()
            ),
            Ok(Err(e)) => panic!("reading the SMTP capture server's port failed: {e}"),
            Err(_) => panic!("the SMTP capture server printed no port within {STARTUP_TIMEOUT:?}; its log:\n{}", log_text()),
        };
        let port = line.trim().parse().unwrap_or_else(|e| panic!("the capture server printed {line:?}, not a port: {e}"));
        SmtpCapture { port, root, _child: child }
    }

    /// Returns the app's default test settings with mail sent to this server.
    fn settings(&self) -> Settings {
        // Without a `tls` parameter, lettre 0.11's `from_url` connects in plain SMTP and never
        // tries STARTTLS.
        let url = format!("smtp://127.0.0.1:{}", self.port);
        Settings { mail: MailSettings::Smtp { url, from: format!("Appello <{SENDER}>") }, ..Settings::default() }
    }

    fn folder(&self) -> PathBuf {
        self.root.path().join("messages")
    }

    /// Makes the server reject every message with 451 until [`SmtpCapture::accept_mail`].
    async fn reject_mail(&self) {
        tokio::fs::write(self.folder().join(".reject"), b"").await.expect("the .reject file is created");
    }

    async fn accept_mail(&self) {
        tokio::fs::remove_file(self.folder().join(".reject")).await.expect("the .reject file is removed");
    }

    /// Returns the server's stderr so far, for failure messages.
    async fn log(&self) -> String {
        tokio::fs::read_to_string(self.root.path().join("smtp-capture.log")).await.unwrap_or_default()
    }

    /// Returns every stored message, oldest first. The server stores a message before it
    /// replies 250, so a message that the app has sent is already here.
    async fn messages(&self) -> Vec<Received> {
        let mut names = Vec::new();
        let mut entries = tokio::fs::read_dir(self.folder()).await.expect("the messages folder is readable");
        while let Some(entry) = entries.next_entry().await.expect("the messages folder lists") {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if let Some(name) = file_name.strip_suffix(".eml") {
                names.push(name.to_string());
            }
        }
        // The server names messages by arrival time and then a counter, so names sort in
        // the order the messages arrived.
        names.sort();

        let mut messages = Vec::with_capacity(names.len());
        for name in names {
            messages.push(self.read(name).await);
        }
        messages
    }

    async fn read(&self, name: String) -> Received {
        let raw = tokio::fs::read(self.folder().join(format!("{name}.eml"))).await.expect("the .eml file is readable");
        let decoded = tokio::fs::read(self.folder().join(format!("{name}.decoded"))).await.expect("the .decoded file is readable");
        let mut message = Received {
            name,
            raw: String::from_utf8_lossy(&raw).into_owned(),
            envelope_to: Vec::new(),
            from: Vec::new(),
            to: Vec::new(),
            subject: String::new(),
            text: String::new(),
            attachments: Vec::new(),
        };
        let mut content_types = Vec::new();
        let mut filenames = Vec::new();
        let mut contents = Vec::new();
        for (key, value) in form_urlencoded::parse(&decoded) {
            let value = value.into_owned();
            match key.as_ref() {
                "envelope_to" => message.envelope_to.push(value),
                "from" => message.from.push(value),
                "to" => message.to.push(value),
                "subject" => message.subject = value,
                "text" => message.text = value,
                "attachment_content_type" => content_types.push(value),
                "attachment_filename" => filenames.push(value),
                "attachment_hex" => contents.push(hex::decode(&value).expect("attachment_hex is hexadecimal")),
                _ => {}
            }
        }
        assert_eq!(content_types.len(), contents.len(), "{}: every attachment has a type and content", message.name);
        assert_eq!(filenames.len(), contents.len(), "{}: every attachment has a file name", message.name);
        for ((content_type, filename), content) in content_types.into_iter().zip(filenames).zip(contents) {
            message.attachments.push(ReceivedAttachment { content_type, filename, content });
        }
        message
    }

    /// Returns the stored messages whose envelope goes to `address`.
    async fn messages_to(&self, address: &str) -> Vec<Received> {
        self.messages().await.into_iter().filter(|m| m.envelope_to.iter().any(|to| to == address)).collect()
    }
}

/// Starts a capture server and an app that sends mail to it.
async fn app_with_smtp(backend: Backend) -> (SmtpCapture, TestApp) {
    let capture = SmtpCapture::start().await;
    let app = spawn_app_with_settings(backend, capture.settings()).await;
    (capture, app)
}

/// Runs due jobs until none is left, as the worker does, and returns how many ran.
async fn run_jobs(app: &TestApp) -> usize {
    let mut total = 0;
    for _ in 0..MAX_JOB_ROUNDS {
        let ran = jobs::run_due(&app.state).await.unwrap_or_else(|e| panic!("running due jobs failed: {e}"));
        if ran == 0 {
            return total;
        }
        total += ran;
    }
    panic!("jobs were still due after {MAX_JOB_ROUNDS} rounds");
}

/// Returns every job of `kind`, oldest first.
async fn jobs_of_kind(app: &TestApp, kind: &str) -> Vec<JobRow> {
    let sql = "SELECT id, kind, payload, attempts, run_at, last_error, done_at, failed_at, created_at \
               FROM jobs WHERE kind = $1 ORDER BY created_at, id";
    let result = match &app.db.raw {
        RawDb::Sqlite(pool) => sqlx::query_as(sql).bind(kind).fetch_all(pool).await,
        RawDb::Postgres(pool) => sqlx::query_as(sql).bind(kind).fetch_all(pool).await,
    };
    result.unwrap_or_else(|e| panic!("{sql} with {kind:?} failed: {e}"))
}

/// Returns the only job of `kind`, failing the test if there are none or several.
async fn only_job(app: &TestApp, kind: &str) -> JobRow {
    let mut rows = jobs_of_kind(app, kind).await;
    assert_eq!(rows.len(), 1, "jobs of kind {kind}: {rows:?}");
    rows.remove(0)
}

/// Moves a job's next run to `at`, as if its retry time had come.
async fn set_run_at(app: &TestApp, id: Uuid, at: DateTime<Utc>) {
    let sql = "UPDATE jobs SET run_at = $1 WHERE id = $2";
    let result = match &app.db.raw {
        RawDb::Sqlite(pool) => sqlx::query(sql).bind(at).bind(id).execute(pool).await.map(|r| r.rows_affected()),
        RawDb::Postgres(pool) => sqlx::query(sql).bind(at).bind(id).execute(pool).await.map(|r| r.rows_affected()),
    };
    assert_eq!(result.unwrap_or_else(|e| panic!("{sql}: {e}")), 1, "{sql} changes the job {id}");
}

/// Returns the token of the first `/cabinet/link/TOKEN` link in `text`.
fn sign_in_link_token(text: &str) -> Option<String> {
    let start = text.find("/cabinet/link/")? + "/cabinet/link/".len();
    let token: String = text[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    (!token.is_empty()).then_some(token)
}

fn has_cyrillic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

async fn filing_notice_in_language(backend: Backend) {
    let (capture, app) = app_with_smtp(backend).await;
    let receipt = file(&app).await;
    assert!(capture.messages().await.is_empty(), "nothing is sent before the jobs run");

    assert_eq!(run_jobs(&app).await, 1, "filing queues one job, the notice");
    let messages = capture.messages().await;
    assert_eq!(messages.len(), 1, "one message after filing; log:\n{}", capture.log().await);
    let message = &messages[0];
    assert_eq!(message.envelope_to, [APPLICANT], "the envelope recipient");
    assert_eq!(message.to, [APPLICANT], "the To header");
    assert_eq!(message.from, [SENDER], "the From header is the configured sender");
    assert_eq!(message.subject, format!("Жалоба № {}: Жалоба подана", receipt.number), "the Russian subject");
    let received = format!("Ваша жалоба № {} на решения и действия органа", receipt.number);
    assert!(message.text.contains(&received), "the Russian text names the complaint:\n{}", message.text);
    assert!(message.text.contains("принята."), "the Russian text says it was received:\n{}", message.text);
    assert!(message.raw.contains(&format!("To: {APPLICANT}")), "the raw message's To header:\n{}", message.raw);
    let token = sign_in_link_token(&message.text).unwrap_or_else(|| panic!("no sign-in link in:\n{}", message.text));
    let link_works = citizen::link_is_valid(&app.state, &token, now()).await.expect("the link is checked");
    assert!(link_works, "the link in the notice signs the applicant in");
    let job = only_job(&app, notify::NOTICE).await;
    assert!(job.done_at.is_some(), "the notice job is done: {job:?}");

    let english = app.file_complaint(&Form::complaint("mvd", &form_token()).set("lang", "en")).await;
    assert_eq!(run_jobs(&app).await, 1, "the English filing queues one notice");
    let messages = capture.messages().await;
    assert_eq!(messages.len(), 2, "one more message after the English filing");
    let message = &messages[1];
    assert_eq!(message.envelope_to, [APPLICANT], "the English notice's recipient");
    assert_eq!(message.subject, format!("Complaint No. {}: Complaint submitted", english.number), "the English subject");
    let received = format!("Your complaint No. {} about the decisions and actions of", english.number);
    assert!(message.text.contains(&received), "the English text names the complaint:\n{}", message.text);
    assert!(message.text.contains("has been received."), "the English text says it was received:\n{}", message.text);
    assert!(!has_cyrillic(&message.subject), "the English subject has no Russian: {}", message.subject);
    assert!(sign_in_link_token(&message.text).is_some(), "the English notice has a sign-in link:\n{}", message.text);
}

async fn decision_notice_attaches_pdf(backend: Backend) {
    let (capture, app) = app_with_smtp(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::Refused).await;

    // Filing, registration and the decision are announced; the start of the review is not.
    assert_eq!(run_jobs(&app).await, 3, "one notice job per announced step");
    let messages = capture.messages_to(APPLICANT).await;
    let subjects: Vec<&str> = messages.iter().map(|m| m.subject.as_str()).collect();
    let number = &receipt.number;
    let expected = [
        format!("Жалоба № {number}: Жалоба подана"),
        format!("Жалоба № {number}: Жалоба зарегистрирована"),
        format!("Жалоба № {number}: В удовлетворении жалобы отказано"),
    ];
    assert_eq!(subjects, expected, "the applicant's messages, in order");

    for message in &messages[..2] {
        assert!(message.attachments.is_empty(), "{:?} has no attachment", message.subject);
    }
    let decision = &messages[2];
    assert_eq!(decision.attachments.len(), 1, "the decision's notice has one attachment");
    let pdf = &decision.attachments[0];
    assert_eq!(pdf.content_type, "application/pdf", "the attachment's MIME type");
    assert_eq!(pdf.filename, format!("reply-{number}.pdf"), "the attachment's file name");
    assert!(pdf.content.starts_with(b"%PDF-"), "the attachment starts with %PDF-: {:?}", &pdf.content[..pdf.content.len().min(16)]);
    assert!(decision.raw.contains("Content-Type: application/pdf"), "the raw MIME part's type:\n{}", decision.raw);
    let note = "Мотивированный ответ приложен к письму в формате PDF.";
    assert!(decision.text.contains(note), "the text mentions the attachment:\n{}", decision.text);
}

async fn info_request_says_where_to_answer(backend: Backend) {
    let (capture, app) = app_with_smtp(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::InfoRequested).await;

    run_jobs(&app).await;
    let messages = capture.messages_to(APPLICANT).await;
    let subject = format!("Жалоба № {}: Запрошены дополнительные сведения", receipt.number);
    let request = messages.iter().find(|m| m.subject == subject);
    let Some(request) = request else {
        let subjects: Vec<&str> = messages.iter().map(|m| m.subject.as_str()).collect();
        panic!("no message {subject:?} among {subjects:?}");
    };
    let hint = "Ответить на запрос и приложить документы можно в личном кабинете";
    assert!(request.text.contains(hint), "the message says where to answer:\n{}", request.text);
    assert!(request.text.contains("/cabinet/link/"), "the message links to the cabinet:\n{}", request.text);
}

async fn outage_retried_and_delivered_once(backend: Backend) {
    let (capture, app) = app_with_smtp(backend).await;
    capture.reject_mail().await;
    let receipt = file(&app).await;

    let before = now();
    assert_eq!(run_jobs(&app).await, 1, "the notice is tried once");
    let after = now();
    assert!(capture.messages().await.is_empty(), "nothing is stored while the server rejects mail with 451");
    let job = only_job(&app, notify::NOTICE).await;
    assert_eq!(job.attempts, 1, "one attempt is counted");
    assert_eq!((job.done_at, job.failed_at), (None, None), "the job stays queued");
    assert!(job.run_at >= before + jobs::backoff(1), "the retry waits the first backoff: {job:?}");
    assert!(job.run_at <= after + jobs::backoff(1), "the retry waits no longer than the first backoff: {job:?}");
    let error = job.last_error.clone().unwrap_or_default();
    assert!(error.contains("451"), "the stored error names the SMTP reply: {error:?}");
    assert!(!error.contains(APPLICANT), "the stored error names no recipient: {error:?}");
    assert_eq!(run_jobs(&app).await, 0, "the job is not due before its retry time");

    // The retry time comes while the server still rejects mail, so the next wait doubles.
    set_run_at(&app, job.id, now()).await;
    let before = now();
    assert_eq!(run_jobs(&app).await, 1, "the notice is tried again at its retry time");
    let after = now();
    let job = only_job(&app, notify::NOTICE).await;
    assert_eq!(job.attempts, 2, "two attempts are counted");
    assert!(job.run_at >= before + jobs::backoff(2), "the second retry waits the second backoff: {job:?}");
    assert!(job.run_at <= after + jobs::backoff(2), "the second retry waits no longer: {job:?}");
    assert!(capture.messages().await.is_empty(), "still nothing is stored");

    capture.accept_mail().await;
    assert_eq!(run_jobs(&app).await, 0, "the server's recovery alone does not make the job due");
    set_run_at(&app, job.id, now()).await;
    assert_eq!(run_jobs(&app).await, 1, "the notice is sent at its retry time");
    let messages = capture.messages().await;
    assert_eq!(messages.len(), 1, "one message arrives after the outage; log:\n{}", capture.log().await);
    assert_eq!(messages[0].subject, format!("Жалоба № {}: Жалоба подана", receipt.number), "the delayed notice");
    let job = only_job(&app, notify::NOTICE).await;
    assert!(job.done_at.is_some(), "the job is done: {job:?}");
    assert_eq!(job.attempts, 3, "three attempts in all");
    assert_eq!(job.last_error, None, "the error is cleared once sent");

    set_run_at(&app, job.id, now() - Duration::minutes(1)).await;
    assert_eq!(run_jobs(&app).await, 0, "a done job does not run again");
    assert_eq!(capture.messages().await.len(), 1, "the notice is delivered exactly once");
}

async fn sign_in_code_erased_after_sending(backend: Backend) {
    let (capture, app) = app_with_smtp(backend).await;
    let email = "ivan.sokolov@example.com";
    capture.reject_mail().await;
    citizen::request_code(&app.state, email, Lang::Ru, "test-client", now()).await.expect("the code is requested");

    let job = only_job(&app, jobs::SECRET_EMAIL).await;
    assert!(job.payload.contains("/cabinet/link/"), "the queued payload contains the message: {}", job.payload);
    assert_eq!(run_jobs(&app).await, 1, "the code's message is tried once");
    let job = only_job(&app, jobs::SECRET_EMAIL).await;
    assert!(job.payload.contains("/cabinet/link/"), "a payload still to be retried is kept: {}", job.payload);

    capture.accept_mail().await;
    set_run_at(&app, job.id, now()).await;
    assert_eq!(run_jobs(&app).await, 1, "the code's message is sent at its retry time");
    let messages = capture.messages().await;
    assert_eq!(messages.len(), 1, "one message with the code; log:\n{}", capture.log().await);
    let message = &messages[0];
    assert_eq!(message.envelope_to, [email], "the code goes to the address it was requested for");
    assert_eq!(message.subject, "Код для входа в личный кабинет Appello", "the code's subject");
    let code_start = message.text.find("Ваш код для входа: ").map(|i| i + "Ваш код для входа: ".len());
    let code: String = code_start.map(|i| message.text[i..].chars().take(6).collect()).unwrap_or_default();
    assert!(code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()), "a 6-digit code in:\n{}", message.text);
    assert!(sign_in_link_token(&message.text).is_some(), "a sign-in link in:\n{}", message.text);

    let job = only_job(&app, jobs::SECRET_EMAIL).await;
    assert!(job.done_at.is_some(), "the job is done: {job:?}");
    assert_eq!(job.payload, "{}", "the payload with the code is erased once sent");
    let session = citizen::verify_code(&app.state, email, &code, now()).await;
    assert!(session.is_ok(), "the mailed code signs the citizen in");
}

async fn overdue_scan_mails_reviewers(backend: Backend) {
    let (capture, app) = app_with_smtp(backend).await;
    app.create_member(REVIEWER, Role::Reviewer, Some("mvd")).await;
    app.create_member(FNS_REVIEWER, Role::Reviewer, Some("fns")).await;
    let overdue = file(&app).await;
    let on_time = file(&app).await;
    let past = today() - Duration::days(3);
    set_date(&app, &overdue.number, "registration_due", Some(past)).await;
    set_date(&app, &overdue.number, "next_due", Some(past)).await;
    assert_eq!(run_jobs(&app).await, 2, "the two filing notices");

    // The worker queues the scan for 09:00 Moscow time; the test makes it due now.
    let mut scan = notify::daily_scan_job(now());
    scan.run_at = now();
    app.store().enqueue_jobs(&[scan.clone()], now()).await.expect("the scan is queued");
    assert_eq!(run_jobs(&app).await, 2, "the scan and the one message it queues");

    let messages = capture.messages_to(REVIEWER).await;
    assert_eq!(messages.len(), 1, "one message to the reviewer of mvd; log:\n{}", capture.log().await);
    let message = &messages[0];
    assert_eq!(message.subject, "Просроченные жалобы: 1", "the overdue subject");
    assert!(message.text.contains(&overdue.number), "the overdue complaint is listed:\n{}", message.text);
    assert!(!message.text.contains(&on_time.number), "a complaint on time is not listed:\n{}", message.text);
    assert!(message.text.contains("/desk?deadline=overdue"), "the desk's overdue list is linked:\n{}", message.text);
    assert!(capture.messages_to(FNS_REVIEWER).await.is_empty(), "the reviewer of another body gets nothing");

    app.store().enqueue_jobs(&[scan], now()).await.expect("queueing the same scan again succeeds");
    assert_eq!(run_jobs(&app).await, 0, "the same day's scan is queued once");
    assert_eq!(capture.messages_to(REVIEWER).await.len(), 1, "the reviewer gets one overdue message a day");
}

async fn default_outbox_is_temporary(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = file(&app).await;
    assert_eq!(run_jobs(&app).await, 1, "the filing notice runs");

    let mut written = Vec::new();
    let mut readable = Vec::new();
    let mut entries = tokio::fs::read_dir(app.outbox.path()).await.expect("the test outbox is readable");
    while let Some(entry) = entries.next_entry().await.expect("the test outbox lists") {
        let content = tokio::fs::read_to_string(entry.path()).await.expect("the outbox file is readable");
        match entry.path().extension().and_then(|extension| extension.to_str()) {
            Some("eml") => written.push(content),
            Some("txt") => readable.push(content),
            other => panic!("unexpected file in the outbox, extension {other:?}"),
        }
    }
    assert_eq!(written.len(), 1, "the notice is written into the app's temporary outbox");
    assert_eq!(readable.len(), 1, "the notice has one readable copy");
    assert!(readable[0].contains(&receipt.number), "the readable copy names the complaint:\n{}", readable[0]);
    assert!(readable[0].contains("/cabinet/link/"), "the readable copy has the sign-in link:\n{}", readable[0]);
    assert!(written[0].contains(&format!("To: {APPLICANT}")), "the outbox message's recipient:\n{}", written[0]);
    assert!(!written[0].contains(&receipt.access_code), "the notice does not carry the access code");
}

on_both_backends!(
    filing_notice_in_language,
    decision_notice_attaches_pdf,
    info_request_says_where_to_answer,
    outage_retried_and_delivered_once,
    sign_in_code_erased_after_sending,
    overdue_scan_mails_reviewers,
    default_outbox_is_temporary,
);
