//! Files filed with a complaint on the portal, in the widget and on the desk's paper form:
//! the multipart form, the rows stored with the first event, and the lists and downloads on
//! the status page and the desk. Every rejected case stores nothing and keeps the typed text.

use reqwest::StatusCode;

use app::server::store::{AttachmentRow, StoreError};

use crate::helpers::{form_token, spawn_app, Backend, Form, Page, Receipt, TestApp};
use crate::steps::{complaint, events, paper_form, pdf_bytes, pdf_of_size, png_bytes, Staff, MEGABYTE, PDF_NAME, PNG_NAME};

on_both_backends!(
    portal_complaint_with_files,
    widget_complaint_with_files,
    rejected_files_store_nothing,
    form_errors_ask_for_files_again,
    repeated_post_stores_files_once,
    body_over_limit_keeps_text,
    paper_complaint_with_files,
);

const REVIEWER: &str = "reviewer@mvd.example.ru";


/// Posts `form` with `files` as `multipart/form-data` to `path`, as a browser does.
async fn post_with_files(app: &TestApp, path: &str, form: &Form, files: &[(&str, Vec<u8>)]) -> Page {
    let fields: Vec<(&str, &str)> = form.pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    app.post_multipart(path, &fields, files, None).await
}

async fn attachments(app: &TestApp, number: &str) -> Vec<AttachmentRow> {
    let row = complaint(app, number).await;
    app.store().complaint_attachments(row.id).await.expect("the attachments are read")
}

/// Checks that the complaint has the small PDF and PNG as its rows, on its first event,
/// and as files in the folder.
async fn assert_filed_files(app: &TestApp, receipt: &Receipt, case: &str) -> Vec<AttachmentRow> {
    let stored = attachments(app, &receipt.number).await;
    let described: Vec<(&str, &str, i64)> =
        stored.iter().map(|a| (a.filename.as_str(), a.content_type.as_str(), a.size_bytes)).collect();
    let expected = vec![
        (PDF_NAME, "application/pdf", pdf_bytes().len() as i64),
        (PNG_NAME, "image/png", png_bytes().len() as i64),
    ];
    assert_eq!(described, expected, "{case}: the stored rows");
    let submitted = events(app, &receipt.number).await;
    assert_eq!(submitted.len(), 1, "{case}: one event");
    assert_eq!(submitted[0].action, "submit", "{case}: the event is the submission");
    assert!(stored.iter().all(|a| a.event_seq == submitted[0].seq), "{case}: the files belong to the submission");
    assert_eq!(app.stored_file_count(), 2, "{case}: two files in the folder");
    stored
}

async fn portal_complaint_with_files(backend: Backend) {
    let app = spawn_app(backend).await;

    let form_page = app.get("/complaint/mvd").await;
    assert_eq!(
        form_page.attr("form.complaint-form", "enctype").as_deref(),
        Some("multipart/form-data"),
        "the form's enctype"
    );
    let accept = form_page.attr("form.complaint-form input[type=\"file\"][name=\"files\"][multiple]", "accept");
    assert_eq!(accept.as_deref(), Some("application/pdf,image/jpeg,image/png"), "the file input's accept");
    let hint = form_page.text("[data-field=\"files\"] .field__hint").unwrap_or_default();
    assert!(hint.contains("до 5 файлов, каждый до 10 МБ, всего до 20 МБ"), "the hint states the limits: {hint}");

    let form = Form::complaint("mvd", &form_token());
    let files = [(PDF_NAME, pdf_bytes()), (PNG_NAME, png_bytes()), ("", Vec::new())];
    let page = post_with_files(&app, "/complaint/mvd", &form, &files).await;
    let receipt = page.receipt();
    let stored = assert_filed_files(&app, &receipt, "the portal").await;

    let status = app.status_page(&receipt).await;
    assert_eq!(
        status.texts(".timeline__files li button"),
        vec![PDF_NAME.to_string(), PNG_NAME.to_string()],
        "the status page lists the files"
    );

    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let desk = staff.get(&format!("/desk/c/{}", receipt.number)).await;
    assert_eq!(
        desk.texts(".timeline__files li a"),
        vec![PDF_NAME.to_string(), PNG_NAME.to_string()],
        "the desk lists the files"
    );
    let path = format!("/desk/c/{}/files/{}", receipt.number, stored[1].id);
    let response = staff.client.get(app.url(&path)).send().await.expect("the download is sent");
    assert_eq!(response.status(), StatusCode::OK, "the desk's download: status");
    let bytes = response.bytes().await.expect("the download is read");
    assert_eq!(bytes.as_ref(), png_bytes().as_slice(), "the desk's download: the bytes");
}

async fn widget_complaint_with_files(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = format!("/w/{}", app.widget_key);

    let form_page = app.get(&path).await;
    assert_eq!(
        form_page.attr("form.complaint-form", "enctype").as_deref(),
        Some("multipart/form-data"),
        "the widget form's enctype"
    );

    let form = Form::complaint("mvd", &form_token());
    let page = post_with_files(&app, &path, &form, &[(PDF_NAME, pdf_bytes()), (PNG_NAME, png_bytes())]).await;
    let receipt = page.receipt();
    assert_filed_files(&app, &receipt, "the widget").await;
    assert_eq!(complaint(&app, &receipt.number).await.channel, "widget", "the channel");
}

/// Posts a valid complaint with `files` and checks the 422, the message on the file field,
/// the kept text, and that neither a complaint nor a file was stored.
async fn assert_rejected(app: &TestApp, path: &str, files: &[(&str, Vec<u8>)], message: &str, case: &str) {
    let token = form_token();
    let form = Form::complaint("mvd", &token);
    let page = post_with_files(app, path, &form, files).await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status; page:\n{}", page.main_text());
    assert_eq!(page.field_error("files").as_deref(), Some(message), "{case}: the message next to the files");
    assert!(page.summary_errors().contains(&message.to_string()), "{case}: the summary lists the message");
    for name in ["subject", "arguments", "surname", "address", "email"] {
        assert_eq!(page.field_value(name).as_deref(), form.get(name), "{case}: {name} is kept");
    }
    assert!(page.is_checked("consent", "on"), "{case}: the consent stays ticked");
    assert_eq!(page.field_value("form_token").as_deref(), Some(token.as_str()), "{case}: the form token is kept");
    let stored = app.store().complaint_by_submission_token(&token).await;
    assert!(matches!(stored, Err(StoreError::NotFound)), "{case}: no complaint is stored");
    assert_eq!(app.stored_file_count(), 0, "{case}: no file in the folder");
}

async fn rejected_files_store_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let widget = format!("/w/{}", app.widget_key);

    let text = b"These are notes, not a PDF.".to_vec();
    assert_rejected(
        &app,
        "/complaint/mvd",
        &[(PDF_NAME, pdf_bytes()), ("notes.pdf", text.clone())],
        "Файл «notes.pdf» не является PDF, JPEG или PNG. Сохраните документ в одном из этих форматов и выберите файлы снова.",
        "a text file named .pdf on the portal",
    )
    .await;
    assert_rejected(
        &app,
        &widget,
        &[("notes.pdf", text)],
        "Файл «notes.pdf» не является PDF, JPEG или PNG. Сохраните документ в одном из этих форматов и выберите файлы снова.",
        "a text file named .pdf in the widget",
    )
    .await;

    assert_rejected(
        &app,
        "/complaint/mvd",
        &[("scan.pdf", pdf_of_size(10 * MEGABYTE + 1))],
        "Файл «scan.pdf» больше 10 МБ. Уменьшите его (например, сожмите или разделите на части) и выберите файлы снова.",
        "a file over 10 MB",
    )
    .await;

    let six: Vec<(&str, Vec<u8>)> =
        ["1.pdf", "2.pdf", "3.pdf", "4.pdf", "5.pdf", "6.pdf"].map(|n| (n, pdf_bytes())).into();
    assert_rejected(
        &app,
        &widget,
        &six,
        "Поле «Файлы»: за один раз можно приложить не больше 5 файлов. Выберите меньше файлов или объедините их в один PDF.",
        "six files",
    )
    .await;

    // Two files of 9.5 MB leave 1 MB of the 20 MB per complaint, which the third file passes.
    let almost_half = 19 * MEGABYTE / 2;
    let over_total = [
        ("part-1.pdf", pdf_of_size(almost_half)),
        ("part-2.pdf", pdf_of_size(almost_half)),
        ("part-3.pdf", pdf_of_size(MEGABYTE + 1)),
    ];
    assert_rejected(
        &app,
        "/complaint/mvd",
        &over_total,
        "Файл «part-3.pdf» не поместится: все файлы жалобы вместе не могут быть больше 20 МБ, свободно 1024 КБ. \
         Уменьшите файлы или приложите меньше.",
        "files over 20 MB in all",
    )
    .await;

    // With the third file one byte smaller, the files fill the 20 MB exactly and are accepted.
    let exactly_total = [
        ("part-1.pdf", pdf_of_size(almost_half)),
        ("part-2.pdf", pdf_of_size(almost_half)),
        ("part-3.pdf", pdf_of_size(MEGABYTE)),
    ];
    let form = Form::complaint("mvd", &form_token());
    let page = post_with_files(&app, "/complaint/mvd", &form, &exactly_total).await;
    let receipt = page.receipt();
    assert_eq!(attachments(&app, &receipt.number).await.len(), 3, "files of exactly 20 MB are stored");
}

async fn form_errors_ask_for_files_again(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = form_token();
    let form = Form::complaint("mvd", &token).set("subject", "");

    let page =
        post_with_files(&app, "/complaint/mvd", &form, &[(PDF_NAME, pdf_bytes()), (PNG_NAME, png_bytes())]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "status; page:\n{}", page.main_text());
    assert!(page.field_error("subject").is_some(), "the subject shows its error");
    assert_eq!(
        page.field_error("files").as_deref(),
        Some(
            "Поле «Файлы»: в форме есть ошибки, поэтому выбранные файлы (2) не сохранены. Исправьте ошибки и \
             перед отправкой выберите файлы снова."
        ),
        "the files field asks for the files again"
    );
    assert_eq!(page.field_value("arguments").as_deref(), form.get("arguments"), "the arguments are kept");
    let stored = app.store().complaint_by_submission_token(&token).await;
    assert!(matches!(stored, Err(StoreError::NotFound)), "no complaint is stored");
    assert_eq!(app.stored_file_count(), 0, "no file in the folder");

    let english =
        post_with_files(&app, "/complaint/mvd", &form.clone().set("lang", "en"), &[(PDF_NAME, pdf_bytes())]).await;
    assert_eq!(
        english.field_error("files").as_deref(),
        Some(
            "“Files”: the form has errors, so the files you chose (1) were not saved. Correct the errors, then \
             choose the files again before sending."
        ),
        "the message in English"
    );

    let fixed = Form::complaint("mvd", &token);
    let page = post_with_files(&app, "/complaint/mvd", &fixed, &[(PDF_NAME, pdf_bytes())]).await;
    let receipt = page.receipt();
    assert_eq!(attachments(&app, &receipt.number).await.len(), 1, "the file chosen again is stored");
}

async fn repeated_post_stores_files_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let form = Form::complaint("mvd", &form_token());
    let files = [(PDF_NAME, pdf_bytes()), (PNG_NAME, png_bytes())];

    let first = post_with_files(&app, "/complaint/mvd", &form, &files).await.receipt();
    let second = post_with_files(&app, "/complaint/mvd", &form, &files).await;
    assert_eq!(second.receipt().number, first.number, "the repeated post shows the same complaint");
    assert!(second.has(".receipt .note--warning"), "the repeated post is marked as a repeat");
    assert_filed_files(&app, &first, "after the repeated post").await;
}

async fn body_over_limit_keeps_text(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = form_token();
    let form = Form::complaint("mvd", &token);
    // Six files of 9 MB are 54 MB, past the 51 MB that the server reads of one request.
    let files: Vec<(&str, Vec<u8>)> =
        ["1.pdf", "2.pdf", "3.pdf", "4.pdf", "5.pdf", "6.pdf"].map(|n| (n, pdf_of_size(9 * MEGABYTE))).into();
    // The browser sends the consent box after the files, so the cut body never carries it.
    let fields: Vec<(&str, &str)> =
        form.pairs.iter().filter(|(name, _)| name != "consent").map(|(name, value)| (name.as_str(), value.as_str())).collect();

    let page = app.post_multipart("/complaint/mvd", &fields, &files, None).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "status; page:\n{}", page.main_text());
    assert_eq!(
        page.field_error("files").as_deref(),
        Some("Поле «Файлы»: файлы вместе больше 20 МБ. Выберите меньше файлов или уменьшите их."),
        "the message names the complaint's limit"
    );
    assert_eq!(page.field_error("consent"), None, "a field after the cut is not reported as missing");
    assert_eq!(page.field_value("subject").as_deref(), form.get("subject"), "the subject is kept");
    let stored = app.store().complaint_by_submission_token(&token).await;
    assert!(matches!(stored, Err(StoreError::NotFound)), "no complaint is stored");
    assert_eq!(app.stored_file_count(), 0, "no file in the folder");
}

/// Posts the desk's paper form with `files` as multipart, signed in as `staff`.
async fn post_paper_with_files(app: &TestApp, staff: &Staff<'_>, form: &Form, files: &[(&str, Vec<u8>)]) -> Page {
    let csrf = staff.get("/desk/new").await.csrf();
    let mut multipart = reqwest::multipart::Form::new().text("csrf", csrf);
    for (name, value) in &form.pairs {
        multipart = multipart.text(name.clone(), value.clone());
    }
    for (filename, bytes) in files {
        let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name(filename.to_string());
        multipart = multipart.part("files", part);
    }
    let request = staff.client.post(app.url("/desk/new")).multipart(multipart).header("origin", &app.address);
    let response = request.send().await.expect("the paper form is sent");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.expect("the response is text");
    Page { status, headers, body }
}

async fn paper_complaint_with_files(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;

    let bad_date = paper_form("mvd", "07.05.2025");
    let page = post_paper_with_files(&app, &staff, &bad_date, &[("notes.pdf", b"Notes.".to_vec())]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a bad date and file: status");
    assert!(page.field_error("received_on").is_some(), "a bad date and file: the date's message");
    assert_eq!(
        page.field_error("files").as_deref(),
        Some("Файл «notes.pdf» не является PDF, JPEG или PNG. Сохраните документ в одном из этих форматов и выберите файлы снова."),
        "a bad date and file: the file's message"
    );
    assert_eq!(app.stored_file_count(), 0, "a bad date and file: no file in the folder");

    let page = post_paper_with_files(&app, &staff, &paper_form("mvd", "2025-05-07"), &[(PDF_NAME, pdf_bytes())]).await;
    let receipt = page.receipt();
    let stored = attachments(&app, &receipt.number).await;
    let names: Vec<&str> = stored.iter().map(|a| a.filename.as_str()).collect();
    assert_eq!(names, vec![PDF_NAME], "the scan is stored");
    let first = events(&app, &receipt.number).await.remove(0);
    assert_eq!(first.actor_kind, "staff", "the reviewer entered it");
    assert_eq!(stored[0].event_seq, first.seq, "the scan belongs to the submission");
}
