//! Files attached to the applicant's answer: the multipart form in the cabinet and on
//! `/status`, the type and size limits, the timeline's list and the downloads with their
//! access checks.

use reqwest::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, COOKIE, X_CONTENT_TYPE_OPTIONS};
use reqwest::StatusCode;

use app::domain::{Action, Status};
use app::server::citizen;
use app::server::store::{now, AttachmentRow};

use crate::helpers::{spawn_app, Backend, Page, Receipt, TestApp};
use crate::steps::{applicant_take, complaint, file_in, pdf_bytes, pdf_of_size, png_bytes, Staff, INFO_ANSWER, MEGABYTE, PDF_NAME, PNG_NAME};

on_both_backends!(
    answer_with_files_in_cabinet,
    answer_with_files_on_status,
    rejected_files_store_nothing,
    complaint_file_limit_counts_earlier_answers,
    urlencoded_answer_still_works,
);

const REVIEWER: &str = "reviewer@mvd.example.ru";
const OTHER_BODY_REVIEWER: &str = "reviewer@fns.example.ru";
const OTHER_CITIZEN: &str = "igor.vorontsov@example.ru";


/// Signs `email` in to the cabinet and returns the `Cookie` header value and the CSRF token.
async fn cabinet_session(app: &TestApp, email: &str) -> (String, String) {
    let session = citizen::open_session_for(&app.state, email, now()).await.expect("a citizen session");
    let set_cookie = citizen::set_cookie(&session.cookie_value, session.max_age_seconds, false);
    let cookie = set_cookie.split(';').next().expect("a cookie pair").to_string();
    let page = page_of(get_with_cookie(app, "/cabinet", &cookie).await);
    assert_eq!(page.status, StatusCode::OK, "the cabinet of {email} opens");
    (cookie, page.csrf())
}

/// A response read as bytes, for downloads.
type Download = (StatusCode, reqwest::header::HeaderMap, Vec<u8>);

/// Reads a download as a page, for HTML responses.
fn page_of((status, headers, body): Download) -> Page {
    Page { status, headers, body: String::from_utf8_lossy(&body).into() }
}

async fn read(response: reqwest::Response) -> Download {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("the body is read").to_vec();
    (status, headers, body)
}

async fn get_with_cookie(app: &TestApp, path: &str, cookie: &str) -> Download {
    let response = app.new_client().get(app.url(path)).header(COOKIE, cookie).send().await;
    read(response.unwrap_or_else(|e| panic!("GET {path} failed: {e}"))).await
}

async fn get_as_staff(app: &TestApp, staff: &Staff<'_>, path: &str) -> Download {
    let response = staff.client.get(app.url(path)).send().await;
    read(response.unwrap_or_else(|e| panic!("GET {path} failed: {e}"))).await
}

async fn post_status_file(app: &TestApp, id: &str, number: &str, code: &str) -> Download {
    let form = [("number", number), ("code", code), ("lang", "ru")];
    let path = format!("/status/files/{id}");
    let response = app.new_client().post(app.url(&path)).form(&form).header("origin", &app.address).send().await;
    read(response.unwrap_or_else(|e| panic!("POST {path} failed: {e}"))).await
}

async fn attachments(app: &TestApp, number: &str) -> Vec<AttachmentRow> {
    let row = complaint(app, number).await;
    app.store().complaint_attachments(row.id).await.expect("the attachments are read")
}

/// Checks a download's status, headers and bytes.
fn assert_download(download: &Download, content_type: &str, filename: &str, bytes: &[u8], case: &str) {
    let (status, headers, body) = download;
    assert_eq!(*status, StatusCode::OK, "{case}: status");
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(header(CONTENT_TYPE), content_type, "{case}: Content-Type");
    let disposition = header(CONTENT_DISPOSITION);
    assert!(disposition.starts_with("attachment; filename=\""), "{case}: Content-Disposition {disposition:?}");
    assert!(disposition.contains(filename), "{case}: Content-Disposition {disposition:?} names {filename}");
    assert_eq!(header(X_CONTENT_TYPE_OPTIONS), "nosniff", "{case}: X-Content-Type-Options");
    assert_eq!(header(CACHE_CONTROL), "no-store", "{case}: Cache-Control");
    assert_eq!(body.as_slice(), bytes, "{case}: the bytes");
}

async fn answer_with_files_in_cabinet(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::InfoRequested).await;
    let email = complaint(&app, &receipt.number).await.email.expect("the complaint has an e-mail");
    let (cookie, csrf) = cabinet_session(&app, &email).await;
    let path = format!("/cabinet/c/{}", receipt.number);

    let page = page_of(get_with_cookie(&app, &path, &cookie).await);
    assert_eq!(
        page.attr("section.info-request form", "enctype").as_deref(),
        Some("multipart/form-data"),
        "the form's enctype"
    );
    let accept = page.attr("section.info-request input[type=\"file\"][name=\"files\"][multiple]", "accept");
    assert_eq!(accept.as_deref(), Some("application/pdf,image/jpeg,image/png"), "the file input's accept");

    let fields = [("csrf", csrf.as_str()), ("lang", "ru"), ("action", "answer_info"), ("answer", INFO_ANSWER)];
    let files = [(PDF_NAME, pdf_bytes()), (PNG_NAME, png_bytes())];
    let page = app.post_multipart(&path, &fields, &files, Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the answer with files: page:\n{}", page.main_text());
    assert_eq!(app.stored_status(&receipt.number).await, "under_review", "the status after the answer");

    let stored = attachments(&app, &receipt.number).await;
    let described: Vec<(&str, &str, i64)> =
        stored.iter().map(|a| (a.filename.as_str(), a.content_type.as_str(), a.size_bytes)).collect();
    let expected = vec![
        (PDF_NAME, "application/pdf", pdf_bytes().len() as i64),
        (PNG_NAME, "image/png", png_bytes().len() as i64),
    ];
    assert_eq!(described, expected, "the stored rows");
    assert_eq!(app.stored_file_count(), 2, "two files in the folder");
    let events = crate::steps::events(&app, &receipt.number).await;
    let answer = events.last().expect("events");
    assert!(stored.iter().all(|a| a.event_seq == answer.seq), "the files belong to the answer's event");

    let page = page_of(get_with_cookie(&app, &path, &cookie).await);
    let listed = page.texts(".timeline__files li a");
    assert_eq!(listed, vec![PDF_NAME.to_string(), PNG_NAME.to_string()], "the timeline lists the files");

    let pdf = &stored[0];
    let png = &stored[1];
    let owner_pdf = get_with_cookie(&app, &format!("{path}/files/{}", pdf.id), &cookie).await;
    assert_download(&owner_pdf, "application/pdf", ".pdf", &pdf_bytes(), "the owner's PDF");
    let owner_png = get_with_cookie(&app, &format!("{path}/files/{}", png.id), &cookie).await;
    assert_download(&owner_png, "image/png", ".png", &png_bytes(), "the owner's PNG");

    let desk_path = format!("/desk/c/{}/files/{}", receipt.number, pdf.id);
    let desk_pdf = get_as_staff(&app, &staff, &desk_path).await;
    assert_download(&desk_pdf, "application/pdf", ".pdf", &pdf_bytes(), "the reviewer's PDF");
    let page = staff.get(&format!("/desk/c/{}", receipt.number)).await;
    assert_eq!(page.texts(".timeline__files li a").len(), 2, "the desk's timeline lists the files");

    let (other_cookie, _) = cabinet_session(&app, OTHER_CITIZEN).await;
    let other = get_with_cookie(&app, &format!("{path}/files/{}", pdf.id), &other_cookie).await;
    assert_eq!(other.0, StatusCode::NOT_FOUND, "another citizen: status");
    assert_ne!(other.2, pdf_bytes(), "another citizen: no bytes");

    let other_staff = Staff::reviewer(&app, OTHER_BODY_REVIEWER, "fns").await;
    let foreign = get_as_staff(&app, &other_staff, &desk_path).await;
    assert_eq!(foreign.0, StatusCode::NOT_FOUND, "another body's reviewer: status");
    assert_ne!(foreign.2, pdf_bytes(), "another body's reviewer: no bytes");

    let unknown = get_with_cookie(&app, &format!("{path}/files/{}", uuid_like()), &cookie).await;
    assert_eq!(unknown.0, StatusCode::NOT_FOUND, "an unknown file id: status");
}

fn uuid_like() -> String {
    "01938a6e-0000-7000-8000-000000000000".to_string()
}

async fn answer_with_files_on_status(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::InfoRequested).await;

    let fields = status_fields(&receipt);
    let page = app.post_multipart("/status", &fields, &[(PDF_NAME, pdf_bytes()), ("", Vec::new())], None).await;
    assert_eq!(page.status, StatusCode::OK, "the answer with a file: page:\n{}", page.main_text());
    assert_eq!(app.stored_status(&receipt.number).await, "under_review", "the status after the answer");
    let stored = attachments(&app, &receipt.number).await;
    assert_eq!(stored.len(), 1, "the empty file part is ignored");
    assert_eq!(app.stored_file_count(), 1, "one file in the folder");
    assert_eq!(page.texts(".timeline__files li button"), vec![PDF_NAME.to_string()], "the timeline lists the file");
    let action = page.attr(".timeline__files form", "action");
    assert_eq!(action, Some(format!("/status/files/{}", stored[0].id)), "the download form's address");
    assert!(!page.body.contains(&format!("files/{}?", stored[0].id)), "the access code stays out of addresses");

    let id = stored[0].id.to_string();
    let download = post_status_file(&app, &id, &receipt.number, &receipt.access_code).await;
    assert_download(&download, "application/pdf", ".pdf", &pdf_bytes(), "the applicant's PDF");

    let wrong_code = if receipt.access_code.starts_with('A') { "BBBBB-BBBBB" } else { "AAAAA-AAAAA" };
    let denied = post_status_file(&app, &id, &receipt.number, wrong_code).await;
    assert_eq!(denied.0, StatusCode::NOT_FOUND, "a wrong access code: status");
    assert_ne!(denied.2, pdf_bytes(), "a wrong access code: no bytes");
}

fn status_fields(receipt: &Receipt) -> Vec<(&str, &str)> {
    vec![
        ("number", receipt.number.as_str()),
        ("code", receipt.access_code.as_str()),
        ("lang", "ru"),
        ("action", "answer_info"),
        ("answer", INFO_ANSWER),
    ]
}

/// Posts `files` with an answer on `/status` and checks the 422, the message on the files
/// field, the kept answer, and that no event, row or file was stored.
async fn assert_rejected(app: &TestApp, receipt: &Receipt, files: &[(&str, Vec<u8>)], message: &str, case: &str) {
    let events_before = app.event_count(&receipt.number).await;
    let files_before = app.stored_file_count();
    let rows_before = attachments(app, &receipt.number).await.len();

    let page = app.post_multipart("/status", &status_fields(receipt), files, None).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status; page:\n{}", page.main_text());
    assert_eq!(page.field_error("files").as_deref(), Some(message), "{case}: the message next to the files");
    assert_eq!(page.field_value("answer").as_deref(), Some(INFO_ANSWER), "{case}: the answer is kept");
    assert_eq!(app.event_count(&receipt.number).await, events_before, "{case}: no event");
    assert_eq!(app.stored_status(&receipt.number).await, "info_requested", "{case}: the status stays");
    assert_eq!(attachments(app, &receipt.number).await.len(), rows_before, "{case}: no attachment row");
    assert_eq!(app.stored_file_count(), files_before, "{case}: no file in the folder");
}

async fn rejected_files_store_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::InfoRequested).await;

    let text = b"These are notes, not a PDF.".to_vec();
    assert_rejected(
        &app,
        &receipt,
        &[(PDF_NAME, pdf_bytes()), ("notes.pdf", text)],
        "Файл «notes.pdf» не является PDF, JPEG или PNG. Сохраните документ в одном из этих форматов и выберите файлы снова.",
        "a text file named .pdf",
    )
    .await;

    assert_rejected(
        &app,
        &receipt,
        &[("scan.pdf", pdf_of_size(10 * MEGABYTE + 1))],
        "Файл «scan.pdf» больше 10 МБ. Уменьшите его (например, сожмите или разделите на части) и выберите файлы снова.",
        "a file over 10 MB",
    )
    .await;

    let six: Vec<(&str, Vec<u8>)> =
        ["1.pdf", "2.pdf", "3.pdf", "4.pdf", "5.pdf", "6.pdf"].map(|n| (n, pdf_bytes())).into();
    assert_rejected(
        &app,
        &receipt,
        &six,
        "Поле «Файлы»: за один раз можно приложить не больше 5 файлов. Выберите меньше файлов или объедините их в один PDF.",
        "six files",
    )
    .await;
}

async fn complaint_file_limit_counts_earlier_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::InfoRequested).await;

    // 19 MB in the first answer leaves 1 MB for the complaint.
    let half = 19 * MEGABYTE / 2;
    let first = [("part-1.pdf", pdf_of_size(half)), ("part-2.pdf", pdf_of_size(half))];
    let page = app.post_multipart("/status", &status_fields(&receipt), &first, None).await;
    assert_eq!(page.status, StatusCode::OK, "the first answer: page:\n{}", page.main_text());
    assert_eq!(app.stored_file_count(), 2, "the first answer's files are stored");

    let page = staff.take(&receipt.number, Action::RequestInfo).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the second request: page:\n{}", page.main_text());

    assert_rejected(
        &app,
        &receipt,
        &[("photo.png", {
            let mut png = png_bytes();
            png.resize(3 * MEGABYTE / 2, 0);
            png
        })],
        "Файл «photo.png» не поместится: все файлы жалобы вместе не могут быть больше 20 МБ, свободно 1024 КБ. \
         Уменьшите файлы или приложите меньше.",
        "a file past 20 MB per complaint",
    )
    .await;

    let page = app.post_multipart("/status", &status_fields(&receipt), &[("small.png", png_bytes())], None).await;
    assert_eq!(page.status, StatusCode::OK, "a file that fits: page:\n{}", page.main_text());
    assert_eq!(attachments(&app, &receipt.number).await.len(), 3, "the file that fits is stored");
}

async fn urlencoded_answer_still_works(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::InfoRequested).await;

    let page = applicant_take(&app, &receipt, Action::AnswerInfo).await;
    assert_eq!(page.status, StatusCode::OK, "the urlencoded answer: page:\n{}", page.main_text());
    assert_eq!(app.stored_status(&receipt.number).await, "under_review", "the status after the answer");
    assert!(attachments(&app, &receipt.number).await.is_empty(), "no files");
    assert!(!page.has(".timeline__files"), "the timeline lists no files");
}
