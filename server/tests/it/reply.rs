//! The reasoned reply: the applicant's page and PDF by number and access code, the desk's
//! page and PDF for staff of the body, and nothing before a decision or for anyone else.

use app::server::store::{now, StaffProfile};
use reqwest::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, ORIGIN};
use reqwest::StatusCode;

use crate::helpers::{form_token, spawn_app, Backend, Form, Receipt, TestApp};

const MVD_REVIEWER: &str = "reviewer@mvd.example.ru";
const FNS_REVIEWER: &str = "reviewer@nalog.example.ru";
const MVD_NAME: &str = "Министерство внутренних дел Российской Федерации";
const REVIEWER_NAME: &str = "Соколова Марина Андреевна";
const REVIEWER_POSITION: &str = "главный специалист-эксперт отдела по вопросам миграции";
/// How the reply names a reviewer who has a position and name.
const REVIEWER_TITLE: &str = "главный специалист-эксперт отдела по вопросам миграции Соколова Марина Андреевна";
const DECISION: &str = "Паспорт изготовлен и будет выдан 14 ноября. Требование справки с места работы \
                        признано неправомерным.";

/// A downloaded file with the headers that matter for a PDF.
struct Download {
    status: StatusCode,
    content_type: String,
    disposition: String,
    cache_control: String,
    bytes: Vec<u8>,
}

async fn read_download(response: reqwest::Response) -> Download {
    let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (content_type, disposition, cache_control) =
        (header(CONTENT_TYPE), header(CONTENT_DISPOSITION), header(CACHE_CONTROL));
    let status = response.status();
    let bytes = response.bytes().await.expect("the response body is read").to_vec();
    Download { status, content_type, disposition, cache_control, bytes }
}

/// Posts the number and code to `/status/reply.pdf` as the status page's button does.
async fn applicant_pdf(app: &TestApp, receipt: &Receipt) -> Download {
    let form = Form::new().set("number", &receipt.number).set("code", &receipt.access_code);
    let response = app
        .client
        .post(app.url("/status/reply.pdf"))
        .header(ORIGIN, &app.address)
        .form(&form.pairs)
        .send()
        .await
        .expect("POST /status/reply.pdf");
    read_download(response).await
}

async fn staff_pdf(app: &TestApp, client: &reqwest::Client, number: &str) -> Download {
    let response = client.get(app.url(&format!("/desk/c/{number}/reply.pdf"))).send().await.expect("GET reply.pdf");
    read_download(response).await
}

fn assert_pdf(download: &Download, number: &str) {
    assert_eq!(download.status, StatusCode::OK, "PDF status; body starts {:?}", lossy_start(&download.bytes));
    assert_eq!(download.content_type, "application/pdf", "Content-Type");
    assert_eq!(download.disposition, format!("attachment; filename=\"reply-{number}.pdf\""), "Content-Disposition");
    assert_eq!(download.cache_control, "no-store", "Cache-Control");
    assert!(download.bytes.starts_with(b"%PDF-"), "the body is a PDF: {:?}", lossy_start(&download.bytes));
}

fn assert_no_pdf(download: &Download, expected: StatusCode, case: &str) {
    assert_eq!(download.status, expected, "{case}: status");
    assert!(!download.bytes.starts_with(b"%PDF"), "{case}: no PDF is sent");
    assert!(download.content_type.starts_with("text/html"), "{case}: a page explains, got {:?}", download.content_type);
}

fn lossy_start(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned()
}

fn reply_form(receipt: &Receipt) -> Form {
    Form::new().set("number", &receipt.number).set("code", &receipt.access_code)
}

/// Registers, reviews and decides the complaint at the desk of the signed-in reviewer.
async fn decide(app: &TestApp, number: &str, decision: &[(&str, &str)]) {
    let mut steps: Vec<Vec<(&str, &str)>> = vec![vec![("action", "register")], vec![("action", "start_review")]];
    let mut fields = vec![("action", "decide")];
    fields.extend_from_slice(decision);
    steps.push(fields);
    for fields in steps {
        let page = app.desk_action(number, &fields).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "desk step {fields:?}; page:\n{}", page.main_text());
    }
}

/// Gives the staff account `email` the reviewer's full name and position.
async fn name_staff(app: &TestApp, email: &str) {
    let user = app.store().user_by_email(email).await.unwrap_or_else(|e| panic!("the account {email}: {e}"));
    let profile =
        StaffProfile { full_name: Some(REVIEWER_NAME.to_string()), position: Some(REVIEWER_POSITION.to_string()) };
    app.store().update_user_profile(user.id, &profile, "test", now()).await.expect("the name and position are stored");
}

/// Files a complaint and has the reviewer of the MVD, who has a name and position, satisfy it.
async fn satisfied_complaint(app: &TestApp) -> Receipt {
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    app.sign_in_reviewer(MVD_REVIEWER, "mvd").await;
    name_staff(app, MVD_REVIEWER).await;
    let decision = [("outcome", "satisfied"), ("remedy_kind", "decision_cancelled"), ("reason", DECISION)];
    decide(app, &receipt.number, &decision).await;
    receipt
}

async fn applicant_reply_page_and_pdf(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = satisfied_complaint(&app).await;

    let status_page = app.status_page(&receipt).await;
    for action in ["/status/reply", "/status/reply.pdf"] {
        let form = format!("form[action=\"{action}\"]");
        assert!(status_page.has(&form), "the status page offers {action}");
        let number = status_page.attr(&format!("{form} input[name=\"number\"]"), "value");
        assert_eq!(number.as_deref(), Some(receipt.number.as_str()), "{action} posts the number");
        let code = status_page.attr(&format!("{form} input[name=\"code\"]"), "value");
        assert_eq!(code.as_deref(), Some(receipt.access_code.as_str()), "{action} posts the code");
    }

    // A browser without the reviewer's cookies: the number and code are all it needs.
    let applicant = app.new_client();
    let page = app.post_form_from(&applicant, "/status/reply", &reply_form(&receipt), Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::OK, "reply page; page:\n{}", page.main_text());
    assert_eq!(page.attr("article.reply", "lang").as_deref(), Some("ru"), "the document is in Russian");
    let document = page.text("article.reply").unwrap_or_default();
    for (what, expected) in [
        ("the title", "Мотивированный ответ"),
        ("the body", MVD_NAME),
        ("the official", &format!("Должностное лицо, принявшее решение: {REVIEWER_TITLE}")),
        ("the signature", &format!("Должностное лицо: {REVIEWER_TITLE}")),
        ("the applicant", "Петрова Анна Сергеевна"),
        ("the reply address", "anna.petrova@example.ru"),
        ("the number", receipt.number.as_str()),
        ("the ground", "Нарушение срока предоставления услуги"),
        ("what was appealed", "Паспорт гражданина Российской Федерации не выдан в срок"),
        ("the outcome", "жалоба удовлетворена"),
        ("the remedy", "Отмена принятого решения"),
        ("the decision text", "Паспорт изготовлен и будет выдан 14 ноября"),
        ("the court", "в суде общей юрисдикции"),
    ] {
        assert!(document.contains(expected), "the reply lacks {what} ({expected:?}):\n{document}");
    }
    assert!(page.has("form[action=\"/status/reply.pdf\"]"), "the reply page offers the PDF");
    assert!(!page.body.contains(MVD_REVIEWER), "the reply page must not show the staff e-mail");
    assert!(!status_page.body.contains(MVD_REVIEWER), "the status page must not show the staff e-mail");

    let english = reply_form(&receipt).set("lang", "en");
    let page = app.post_form_from(&applicant, "/status/reply", &english, Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::OK, "English reply page");
    assert_eq!(page.text("h1").as_deref(), Some("Reasoned reply"), "English page chrome");
    let document = page.text("article.reply").unwrap_or_default();
    assert!(document.contains("жалоба удовлетворена"), "the document stays Russian:\n{document}");

    let download = applicant_pdf(&app, &receipt).await;
    assert_pdf(&download, &receipt.number);
    assert!(!contains_bytes(&download.bytes, MVD_REVIEWER.as_bytes()), "the PDF must not contain the staff e-mail");
}

/// Checks whether `needle` occurs in `haystack`. The PDF's text is in compressed glyph
/// streams, so this finds only what is stored uncompressed, such as the document's title.
fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

async fn reply_without_staff_name_names_body(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    app.sign_in_reviewer(MVD_REVIEWER, "mvd").await;
    let decision = [("outcome", "refused"), ("reason", "Нарушений не выявлено.")];
    decide(&app, &receipt.number, &decision).await;

    let page = app.post_form_from(&app.new_client(), "/status/reply", &reply_form(&receipt), Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::OK, "reply page; page:\n{}", page.main_text());
    let document = page.text("article.reply").unwrap_or_default();
    let official = format!("уполномоченное должностное лицо ({MVD_NAME})");
    assert!(
        document.contains(&format!("Должностное лицо, принявшее решение: {official}")),
        "the body's official stands for an account without a name:\n{document}"
    );
    assert!(document.contains(&format!("Должностное лицо: {official}")), "the signature:\n{document}");
    assert!(!page.body.contains(MVD_REVIEWER), "the reply page must not show the staff e-mail");

    let download = applicant_pdf(&app, &receipt).await;
    assert_pdf(&download, &receipt.number);
    assert!(!contains_bytes(&download.bytes, MVD_REVIEWER.as_bytes()), "the PDF must not contain the staff e-mail");
}

async fn wrong_code_gets_no_reply(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = satisfied_complaint(&app).await;
    let wrong_code = if receipt.access_code.starts_with('A') { "BBBBB-BBBBB" } else { "AAAAA-AAAAA" };
    let wrong = Receipt { number: receipt.number.clone(), access_code: wrong_code.to_string() };

    let page = app.post_form_from(&app.new_client(), "/status/reply", &reply_form(&wrong), Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "reply page with a wrong code");
    assert!(page.main_text().contains("не найдена"), "the page explains:\n{}", page.main_text());
    for private in ["Петрова", "anna.petrova", DECISION] {
        assert!(!page.body.contains(private), "the page must not contain {private:?}");
    }

    let download = applicant_pdf(&app, &wrong).await;
    assert_no_pdf(&download, StatusCode::NOT_FOUND, "PDF with a wrong code");
    assert!(!lossy_start(&download.bytes).is_empty(), "the 404 has a body");
    let body = String::from_utf8_lossy(&download.bytes);
    assert!(!body.contains("Петрова"), "the 404 page must not contain the applicant");
}

async fn no_reply_before_decision(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;

    let status_page = app.status_page(&receipt).await;
    assert!(!status_page.has("form[action=\"/status/reply\"]"), "no reply button before a decision");

    let page = app.post_form("/status/reply", &reply_form(&receipt)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "applicant's reply page before a decision");
    assert_eq!(page.text("h1").as_deref(), Some("Мотивированного ответа пока нет"), "the page explains");
    assert_no_pdf(&applicant_pdf(&app, &receipt).await, StatusCode::NOT_FOUND, "applicant's PDF before a decision");

    app.sign_in_reviewer(MVD_REVIEWER, "mvd").await;
    let desk_page = app.get(&format!("/desk/c/{}", receipt.number)).await;
    assert!(!desk_page.has("a[href$=\"/reply\"]"), "no reply link at the desk before a decision");
    let page = app.get(&format!("/desk/c/{}/reply", receipt.number)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "desk reply page before a decision");
    assert!(page.main_text().contains("Мотивированного ответа пока нет"), "the page explains:\n{}", page.main_text());
    let download = staff_pdf(&app, &app.client, &receipt.number).await;
    assert_no_pdf(&download, StatusCode::NOT_FOUND, "desk PDF before a decision");
}

async fn staff_reply_of_own_body(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = satisfied_complaint(&app).await;
    let reply_path = format!("/desk/c/{}/reply", receipt.number);

    let desk_page = app.get(&format!("/desk/c/{}", receipt.number)).await;
    assert!(desk_page.has(&format!("a[href=\"{reply_path}\"]")), "the desk links to the reply page");
    assert!(desk_page.has(&format!("a[href=\"{reply_path}.pdf\"]")), "the desk links to the PDF");

    let page = app.get(&reply_path).await;
    assert_eq!(page.status, StatusCode::OK, "desk reply page; page:\n{}", page.main_text());
    let document = page.text("article.reply").unwrap_or_default();
    assert!(document.contains(REVIEWER_TITLE), "the official is named by position and name:\n{document}");
    assert!(!document.contains(MVD_REVIEWER), "the reply does not show the staff e-mail:\n{document}");
    assert!(document.contains("Петрова Анна Сергеевна"), "the applicant is named:\n{document}");
    assert_pdf(&staff_pdf(&app, &app.client, &receipt.number).await, &receipt.number);

    let anonymous = app.new_client();
    let page = app.get_with(&anonymous, &reply_path).await;
    assert_eq!(page.location(), Some("/desk/login"), "the desk reply page needs a sign-in");
    let download = staff_pdf(&app, &anonymous, &receipt.number).await;
    assert_eq!(download.status, StatusCode::SEE_OTHER, "the desk PDF needs a sign-in");
    assert!(!download.bytes.starts_with(b"%PDF"), "no PDF without a sign-in");
}

async fn staff_of_other_body_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = satisfied_complaint(&app).await;
    let fns_browser = app.new_client();
    app.create_staff(FNS_REVIEWER, "fns", false).await;
    app.sign_in_with(&fns_browser, FNS_REVIEWER).await;

    let page = app.get_with(&fns_browser, &format!("/desk/c/{}/reply", receipt.number)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "another body's reply page");
    assert!(!page.body.contains("Петрова"), "no applicant data of another body");
    assert!(!page.body.contains(DECISION), "no decision of another body");

    let download = staff_pdf(&app, &fns_browser, &receipt.number).await;
    assert_no_pdf(&download, StatusCode::FORBIDDEN, "another body's PDF");

    let download = staff_pdf(&app, &fns_browser, "2026-00000-00000").await;
    assert_no_pdf(&download, StatusCode::NOT_FOUND, "an unknown complaint's PDF");
}

async fn refused_reply_for_organisation(backend: Backend) {
    let app = spawn_app(backend).await;
    let form = Form::complaint("mvd", &form_token())
        .set("applicant_kind", "legal")
        .set("surname", "")
        .set("first_name", "")
        .set("patronymic", "")
        .set("legal_name", "ООО «Ромашка»")
        .set("address", "191186, г. Санкт-Петербург, Невский пр., д. 1")
        .set("reply_by", "post")
        .set("postal_address", "191186, г. Санкт-Петербург, а/я 15");
    let receipt = app.file_complaint(&form).await;
    app.sign_in_reviewer(MVD_REVIEWER, "mvd").await;
    let reasons = "Справка запрошена в соответствии с административным регламентом.";
    decide(&app, &receipt.number, &[("outcome", "refused"), ("reason", reasons)]).await;

    let page = app.post_form_from(&app.new_client(), "/status/reply", &reply_form(&receipt), Some(&app.address)).await;
    assert_eq!(page.status, StatusCode::OK, "reply page; page:\n{}", page.main_text());
    let document = page.text("article.reply").unwrap_or_default();
    for (what, expected) in [
        ("the organisation", "Наименование организации: ООО «Ромашка»"),
        ("the location", "Место нахождения: 191186, г. Санкт-Петербург, Невский пр., д. 1"),
        ("the postal address", "191186, г. Санкт-Петербург, а/я 15 (почтовый адрес)"),
        ("the outcome", "в удовлетворении жалобы отказано"),
        ("the reasons", reasons),
        ("the arbitration court", "в арбитражном суде"),
    ] {
        assert!(document.contains(expected), "the reply lacks {what} ({expected:?}):\n{document}");
    }
    assert!(!document.contains("Мера по устранению"), "a refusal names no remedy:\n{document}");
    assert_pdf(&applicant_pdf(&app, &receipt).await, &receipt.number);
}

on_both_backends!(
    applicant_reply_page_and_pdf,
    reply_without_staff_name_names_body,
    wrong_code_gets_no_reply,
    no_reply_before_decision,
    staff_reply_of_own_body,
    staff_of_other_body_refused,
    refused_reply_for_organisation,
);
