//! The workflow's steps with their side effects: forwarding to the competent body, the
//! information request and the applicant's reply, withdrawal, leaving a complaint unanswered, the
//! referral to the prosecutor and assignment.

use reqwest::StatusCode;

use app::domain::{Action, Status};
use app::server::auth::Role;
use app::server::calendar::load;
use app::server::store::now;
use app::server::time::{format_moscow, moscow_date};

use crate::helpers::{form_token, is_complaint_number, spawn_app, Backend, Form, Receipt, TestApp};
use crate::steps::{
    applicant_post, complaint, events, file, file_in, snapshot, Staff, INFO_ANSWER, PROSECUTOR_NOTE,
};

const REVIEWER: &str = "reviewer@mvd.example.ru";
const COLLEAGUE: &str = "colleague@mvd.example.ru";
const FNS_REVIEWER: &str = "reviewer@fns.example.ru";

/// Returns an access code that differs from `code`.
fn other_code(code: &str) -> &'static str {
    if code == "AAAAA-AAAAA" {
        "BBBBB-BBBBB"
    } else {
        "AAAAA-AAAAA"
    }
}

/// Checks that nothing about the complaint changed since `before`.
async fn assert_unchanged(app: &TestApp, number: &str, before: &crate::steps::Snapshot, case: &str) {
    let after = snapshot(app, number).await;
    assert_eq!(after.row, before.row, "{case}: the complaint row is unchanged");
    assert_eq!(after.updated_at, before.updated_at, "{case}: updated_at is unchanged");
    assert_eq!(after.events, before.events, "{case}: no event added");
    assert_eq!(after.complaints, before.complaints, "{case}: no complaint added");
}

async fn redirect_opens_linked_complaint(backend: Backend) {
    let app = spawn_app(backend).await;
    let mvd = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let fns = Staff::reviewer(&app, FNS_REVIEWER, "fns").await;
    let fns_name = app.store().org_by_code("fns").await.expect("the demo directory has fns").name_ru;
    let receipt = file_in(&app, &mvd, Status::Registered).await;
    let extra = "Вопрос о налоговом вычете относится к компетенции налогового органа.";

    let started = now();
    mvd.step(&receipt.number, &[("action", "redirect"), ("target_org", "fns"), ("message", extra)]).await;
    let finished = now();

    let old = complaint(&app, &receipt.number).await;
    assert_eq!(old.status, "redirected", "the old complaint's status");
    assert_eq!(old.next_due, None, "the old complaint runs against no deadline");
    let new_number = old.redirected_to_number.clone().expect("the old complaint links to the new one");
    assert!(is_complaint_number(&new_number), "the new number {new_number:?} has the number's shape");
    assert_ne!(new_number, receipt.number, "the new complaint has a number of its own");
    assert_eq!(old.redirected_to_org_ru.as_deref(), Some(fns_name.as_str()), "the link names the target body");

    let new = complaint(&app, &new_number).await;
    assert_eq!(new.org_code, "fns", "the new complaint belongs to the target body");
    assert_eq!(new.status, "submitted", "the new complaint starts as submitted");
    assert_eq!(new.redirected_from_number.as_deref(), Some(receipt.number.as_str()), "the link back");
    assert_eq!(new.access_code_hash, old.access_code_hash, "the same access code opens both");
    assert_eq!(new.subject, old.subject, "the subject travels with the complaint");
    assert_eq!(new.surname, old.surname, "the applicant travels with the complaint");
    assert_eq!(new.registered_at, None, "the target body has not registered it yet");
    assert!(started <= new.received_at, "the new complaint is not received before the forwarding");
    assert!(new.received_at <= finished, "the new complaint is not received after the forwarding");
    let calendar = load(app.store()).await.expect("calendar");
    let registration = calendar.next_working_day(moscow_date(new.received_at));
    assert_eq!(new.registration_due, Some(registration), "the new complaint's own registration deadline");
    assert_eq!(new.next_due, Some(registration), "the new complaint runs against its registration");
    assert_eq!(new.review_due, None, "the review clock starts at the target's registration");
    let new_events = events(&app, &new_number).await;
    assert_eq!(new_events.len(), 1, "the new complaint starts with one event");
    assert_eq!(new_events[0].action, "submit", "the new complaint's first event");

    let redirect_event = events(&app, &receipt.number).await.pop().expect("events");
    let standard = format!(
        "Ваша жалоба направлена для рассмотрения в уполномоченный орган: {fns_name}. \
         Новый номер жалобы — {new_number}; код доступа прежний."
    );
    assert_eq!(redirect_event.message, Some(format!("{standard}\n\n{extra}")), "the notice sent to the applicant");

    let old_page = app.status_page(&receipt).await;
    assert_eq!(old_page.status, StatusCode::OK, "the old status page opens");
    let notice = format!(
        "Жалоба направлена в уполномоченный орган ({fns_name}) и поступила туда под № {new_number}; \
         там её зарегистрируют не позднее следующего рабочего дня. \
         Ход рассмотрения можно узнать по этому номеру и прежнему коду доступа."
    );
    assert!(old_page.texts("p.note").contains(&notice), "the forwarding notice: {:?}", old_page.texts("p.note"));
    let messages = old_page.texts(".timeline__message");
    assert!(messages.last().is_some_and(|m| m.contains(&new_number)), "the timeline names the new number: {messages:?}");

    let new_receipt = Receipt { number: new_number.clone(), access_code: receipt.access_code.clone() };
    let new_page = app.status_page(&new_receipt).await;
    assert_eq!(new_page.status, StatusCode::OK, "the new number opens with the old code; page:\n{}", new_page.main_text());
    assert_eq!(new_page.text("strong.status").as_deref(), Some("Подана"), "the new complaint's status");
    let from_notice = format!("Жалоба поступила из другого органа, где была подана под № {}.", receipt.number);
    assert!(new_page.texts("p.note").contains(&from_notice), "the notice on the new complaint");

    assert_eq!(fns.inbox_numbers("/desk").await, [new_number.clone()], "the target body's inbox");
    assert_eq!(mvd.inbox_numbers("/desk").await, [receipt.number.clone()], "the source body's inbox");
    let page = mvd.get(&format!("/desk/c/{new_number}")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "the source body cannot open the new complaint");
    let page = fns.get(&format!("/desk/c/{new_number}")).await;
    assert_eq!(page.status, StatusCode::OK, "the target body opens the new complaint");
    fns.step(&new_number, &[("action", "register")]).await;
    assert_eq!(app.stored_status(&new_number).await, "registered", "the target body registers it");
    assert_eq!(app.stored_status(&receipt.number).await, "redirected", "the old complaint stays forwarded");
}

async fn redirect_target_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let mvd = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file(&app).await;
    let invalid = "Поле «Уполномоченный орган»: выберите значение из предложенных.";
    let cases = [
        ("the same body", "mvd", invalid),
        ("an unknown code", "no-such-body", invalid),
        ("a malformed code", "FNS России", invalid),
        ("no target", "", "Выберите значение в поле «Уполномоченный орган»."),
    ];
    for (case, target, expected) in cases {
        let before = snapshot(&app, &receipt.number).await;
        let page = mvd.act(&receipt.number, &[("action", "redirect"), ("target_org", target)]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status");
        let message = page.field_error("redirect-target_org").unwrap_or_default();
        assert_eq!(message, expected, "{case}: message");
        assert_unchanged(&app, &receipt.number, &before, case).await;
    }
}

async fn info_request_answered(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::UnderReview).await;
    let review = complaint(&app, &receipt.number).await.review_due;
    let request = "Сообщите дату подачи заявления и приложите копию расписки.";

    staff.step(&receipt.number, &[("action", "request_info"), ("message", request)]).await;
    let row = complaint(&app, &receipt.number).await;
    assert_eq!(row.status, "info_requested", "the status after the request");
    assert_eq!(row.review_due, review, "the request does not stop the review clock");
    assert_eq!(row.next_due, review, "the complaint still runs against the review");

    let page = app.status_page(&receipt).await;
    let section = page.text("section.info-request").unwrap_or_default();
    assert!(section.contains(request), "the status page shows the request: {section:?}");
    assert!(page.has("section.info-request textarea[name=\"answer\"]"), "the status page has an answer field");
    assert_eq!(
        page.attr("section.info-request input[name=\"action\"]", "value").as_deref(),
        Some("answer_info"),
        "the answer form posts answer_info"
    );

    let wrong = Receipt { number: receipt.number.clone(), access_code: other_code(&receipt.access_code).into() };
    let before = snapshot(&app, &receipt.number).await;
    let page = applicant_post(&app, &wrong, &[("action", "answer_info"), ("answer", INFO_ANSWER)]).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "an answer with a wrong code: status");
    assert!(!page.body.contains(request), "a wrong code does not show the request");
    assert_unchanged(&app, &receipt.number, &before, "a wrong code").await;

    let page = applicant_post(&app, &receipt, &[("action", "answer_info"), ("answer", "  ")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "an empty answer: status");
    assert_eq!(page.field_error("answer").as_deref(), Some("Заполните поле «Ваш ответ»."), "an empty answer: message");
    assert!(page.has("section.info-request"), "the request is still shown after an empty answer");
    assert_unchanged(&app, &receipt.number, &before, "an empty answer").await;

    let page = applicant_post(&app, &receipt, &[("action", "answer_info"), ("answer", INFO_ANSWER)]).await;
    assert_eq!(page.status, StatusCode::OK, "the answer: status; page:\n{}", page.main_text());
    assert_eq!(page.text("strong.status").as_deref(), Some("На рассмотрении"), "the status after the answer");
    assert!(!page.has("section.info-request"), "no request is shown once answered");
    let row = complaint(&app, &receipt.number).await;
    assert_eq!(row.status, "under_review", "the stored status after the answer");
    assert_eq!(row.review_due, review, "the answer does not move the review deadline");
    let answer = events(&app, &receipt.number).await.pop().expect("events");
    assert_eq!(answer.action, "answer_info", "the answer's event");
    assert_eq!(answer.actor_kind, "applicant", "the answer's actor");
    assert_eq!(answer.message.as_deref(), Some(INFO_ANSWER), "the answer is recorded");
    let desk = staff.get(&format!("/desk/c/{}", receipt.number)).await;
    assert!(desk.texts(".timeline__message").contains(&INFO_ANSWER.to_string()), "the desk shows the answer");
}

async fn withdraw_needs_confirmation(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::Registered).await;
    let page = app.status_page(&receipt).await;
    assert!(page.has("section.withdraw input[name=\"withdraw_confirm\"]"), "the withdrawal form has a confirmation box");

    let before = snapshot(&app, &receipt.number).await;
    let page = applicant_post(&app, &receipt, &[("action", "withdraw")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "withdrawal without confirmation: status");
    let message = page.field_error("withdraw_confirm").unwrap_or_default();
    assert_eq!(
        message, "Отметьте «Я отзываю эту жалобу», чтобы подтвердить отзыв жалобы.",
        "withdrawal without confirmation: message"
    );
    assert_unchanged(&app, &receipt.number, &before, "withdrawal without confirmation").await;

    let wrong = Receipt { number: receipt.number.clone(), access_code: other_code(&receipt.access_code).into() };
    let page = applicant_post(&app, &wrong, &[("action", "withdraw"), ("withdraw_confirm", "on")]).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "withdrawal with a wrong code: status");
    assert_unchanged(&app, &receipt.number, &before, "withdrawal with a wrong code").await;

    let page = applicant_post(&app, &receipt, &[("action", "withdraw"), ("withdraw_confirm", "on")]).await;
    assert_eq!(page.status, StatusCode::OK, "withdrawal: status; page:\n{}", page.main_text());
    assert_eq!(page.text("strong.status").as_deref(), Some("Отозвана заявителем"), "the status after withdrawal");
    assert!(!page.has("section.withdraw"), "a withdrawn complaint offers no withdrawal");
    let event = events(&app, &receipt.number).await.pop().expect("events");
    assert_eq!((event.action.as_str(), event.actor_kind.as_str()), ("withdraw", "applicant"), "the withdrawal event");
    assert_eq!(complaint(&app, &receipt.number).await.next_due, None, "a withdrawn complaint has no deadline");
}

async fn withdraw_after_decision_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    for status in [Status::Satisfied, Status::Refused] {
        let receipt = file_in(&app, &staff, status).await;
        let case = format!("withdrawal when {}", status.code());
        assert!(!app.status_page(&receipt).await.has("section.withdraw"), "{case}: no withdrawal form");

        let before = snapshot(&app, &receipt.number).await;
        let page = applicant_post(&app, &receipt, &[("action", "withdraw"), ("withdraw_confirm", "on")]).await;
        assert_eq!(page.status, StatusCode::CONFLICT, "{case}: status");
        let message = page.text("p.form-error[role=alert]").unwrap_or_default();
        let expected = crate::steps::illegal_message(Action::Withdraw, status);
        assert_eq!(message, expected, "{case}: message");
        assert_unchanged(&app, &receipt.number, &before, &case).await;
    }
}

const ABUSIVE_RU: &str = "Жалоба оставлена без ответа по существу поставленных в ней вопросов, так как содержит \
    нецензурные либо оскорбительные выражения или угрозы жизни, здоровью и имуществу должностного лица и членов его \
    семьи. Сообщаем о недопустимости злоупотребления правом.";
const UNREADABLE_RU: &str =
    "Ответ на жалобу не дан, так как её текст не поддаётся прочтению. Вы можете подать жалобу повторно.";
const ABUSIVE_EN: &str = "The complaint is left without an answer on its merits because it contains obscene or \
    offensive language, or threats to the life, health or property of an official and their family. Abuse of the \
    right to complain is not permitted.";
const UNREADABLE_EN: &str = "The complaint was not answered because its text cannot be read. You may file it again.";

async fn leave_unanswered_reasons(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let extra = "Повторная жалоба может быть подана в письменной форме.";
    // (reason, complaint language, extra text, expected message on the timeline)
    let cases = [
        ("no_name_or_address", "ru", "", None),
        ("abusive", "ru", "", Some(ABUSIVE_RU.to_string())),
        ("unreadable", "ru", "", Some(UNREADABLE_RU.to_string())),
        ("no_name_or_address", "en", "", None),
        ("abusive", "en", "", Some(ABUSIVE_EN.to_string())),
        ("unreadable", "en", "", Some(UNREADABLE_EN.to_string())),
        ("abusive", "ru", extra, Some(format!("{ABUSIVE_RU}\n\n{extra}"))),
        ("no_name_or_address", "ru", extra, Some(extra.to_string())),
    ];
    for (reason, lang, message, expected) in cases {
        let case = format!("{reason} in {lang} with {message:?}");
        let form = Form::complaint("mvd", &form_token()).set("lang", lang);
        let receipt = app.file_complaint(&form).await;
        staff.step(&receipt.number, &[("action", "leave_unanswered"), ("unanswered_reason", reason), ("message", message)]).await;

        let row = complaint(&app, &receipt.number).await;
        assert_eq!(row.status, "left_unanswered", "{case}: status");
        assert_eq!(row.unanswered_reason.as_deref(), Some(reason), "{case}: the stored reason");
        let event = events(&app, &receipt.number).await.pop().expect("events");
        assert_eq!(event.message, expected, "{case}: the message to the applicant");

        let page = app.status_page(&receipt).await;
        let shown: Vec<String> = page.texts(".timeline__message");
        let expected_shown: Vec<String> =
            expected.iter().map(|m| m.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(shown, expected_shown, "{case}: the messages on the applicant's timeline");
        let notice = page.texts("p.note--important").join(" ");
        assert!(notice.contains("Жалоба оставлена без ответа"), "{case}: the notice names the outcome: {notice:?}");
    }
}

async fn leave_unanswered_needs_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file(&app).await;
    for (case, reason) in [("no reason", ""), ("an unknown reason", "rude")] {
        let before = snapshot(&app, &receipt.number).await;
        let page = staff.act(&receipt.number, &[("action", "leave_unanswered"), ("unanswered_reason", reason)]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status");
        let message = page.field_error("leave_unanswered-unanswered_reason").unwrap_or_default();
        assert_eq!(message, "Выберите значение в поле «Основание».", "{case}: message");
        assert_unchanged(&app, &receipt.number, &before, case).await;
    }
}

async fn prosecutor_referral_internal(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::UnderReview).await;
    let applicant_events_before = app.status_page(&receipt).await.texts(".timeline__item").len();

    staff.step(&receipt.number, &[("action", "refer_to_prosecutor"), ("note", PROSECUTOR_NOTE)]).await;
    let row = complaint(&app, &receipt.number).await;
    assert!(row.prosecutor_referred_at.is_some(), "the referral time is stored");
    assert_eq!(row.status, "under_review", "the referral keeps the status");

    let desk = staff.get(&format!("/desk/c/{}", receipt.number)).await;
    let notes = desk.texts("p.note--important").join(" ");
    assert!(notes.contains("Материалы направлены в органы прокуратуры"), "the desk shows the referral: {notes:?}");
    assert!(desk.texts(".timeline__note").contains(&PROSECUTOR_NOTE.to_string()), "the desk timeline has the note");
    assert!(!desk.has("form#action-refer_to_prosecutor"), "the desk no longer offers the referral");

    let page = app.status_page(&receipt).await;
    assert!(!page.body.contains("прокуратур"), "the applicant does not see the referral");
    assert!(!page.body.contains(PROSECUTOR_NOTE), "the applicant does not see the note");
    assert_eq!(page.texts(".timeline__item").len(), applicant_events_before, "the applicant's timeline is unchanged");

    let before = snapshot(&app, &receipt.number).await;
    let page = staff.act(&receipt.number, &[("action", "refer_to_prosecutor"), ("note", "Повторно.")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a second referral: status");
    assert_unchanged(&app, &receipt.number, &before, "a second referral").await;
}

async fn second_referral_explained(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file(&app).await;
    staff.step(&receipt.number, &[("action", "refer_to_prosecutor"), ("note", PROSECUTOR_NOTE)]).await;

    let referred_at = complaint(&app, &receipt.number).await.prosecutor_referred_at.expect("the referral time");
    let when = format_moscow(referred_at);

    let page = staff.act(&receipt.number, &[("action", "refer_to_prosecutor"), ("note", "Повторно.")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a second referral: status");
    let expected = "Это действие уже выполнено для жалобы. Обновите страницу.";
    assert!(page.main_text().contains(expected), "the page should say {expected:?}:\n{}", page.main_text());
    let expected = format!("Материалы по жалобе уже направлены в органы прокуратуры {when}.");
    assert!(page.main_text().contains(&expected), "the page should say {expected:?}:\n{}", page.main_text());

    let form = Form::new().add("action", "refer_to_prosecutor").add("note", "Again.");
    let page = staff.post(&format!("/desk/c/{}?lang=en", receipt.number), form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a second referral in English: status");
    let expected = "This action has already been taken on the complaint. Reload the page.";
    assert!(page.main_text().contains(expected), "the English page should say {expected:?}:\n{}", page.main_text());
    let expected = format!("The materials of this complaint were already sent to the prosecutor's office on {when}.");
    assert!(page.main_text().contains(&expected), "the English page should say {expected:?}:\n{}", page.main_text());
}

async fn concurrent_referrals_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file(&app).await;

    // Four posts of the referral at once, as from several tabs. A referral keeps the status,
    // so the store's status check cannot stop the later ones and only the referral rule can.
    let fields = [("action", "refer_to_prosecutor"), ("note", PROSECUTOR_NOTE)];
    let pages = tokio::join!(
        staff.act(&receipt.number, &fields),
        staff.act(&receipt.number, &fields),
        staff.act(&receipt.number, &fields),
        staff.act(&receipt.number, &fields),
    );
    let statuses = [pages.0.status, pages.1.status, pages.2.status, pages.3.status];
    let accepted = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    assert_eq!(accepted, 1, "one referral is accepted: {statuses:?}");
    let referrals = events(&app, &receipt.number).await.into_iter().filter(|e| e.action == "refer_to_prosecutor").count();
    assert_eq!(referrals, 1, "the timeline has one referral");
}

async fn assignment_internal(backend: Backend) {
    let app = spawn_app(backend).await;
    let me = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let colleague = Staff::reviewer(&app, COLLEAGUE, "mvd").await;
    let foreign = app.create_member(FNS_REVIEWER, Role::Reviewer, Some("fns")).await;
    let receipt = file(&app).await;

    me.step(&receipt.number, &[("action", "assign"), ("assignee", &colleague.id.to_string())]).await;
    let row = complaint(&app, &receipt.number).await;
    assert_eq!(row.assignee_id, Some(colleague.id), "the stored assignee");
    let event = events(&app, &receipt.number).await.pop().expect("events");
    assert!(event.internal, "the assignment is for staff only");
    assert_eq!(event.note.as_deref(), Some(COLLEAGUE), "the event names the assignee");
    let desk = me.get(&format!("/desk/c/{}", receipt.number)).await;
    assert!(desk.main_text().contains(&format!("Исполнитель: {COLLEAGUE}")), "the desk shows the assignee");
    let page = app.status_page(&receipt).await;
    assert!(!page.body.contains(COLLEAGUE), "the applicant does not see the assignee");
    assert!(!page.body.contains("Назначен исполнитель"), "the applicant does not see the assignment");

    let random = sqlx::types::Uuid::from_u128(0x0191_2f1e_7c3a_7000_8000_0000_0000_0001);
    for (case, id) in [("a member of another body", foreign), ("an unknown user", random)] {
        let before = snapshot(&app, &receipt.number).await;
        let page = me.act(&receipt.number, &[("action", "assign"), ("assignee", &id.to_string())]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: status");
        let message = page.field_error("assign-assignee").unwrap_or_default();
        assert_eq!(message, "Поле «Исполнитель»: выберите значение из предложенных.", "{case}: message");
        assert_unchanged(&app, &receipt.number, &before, case).await;
    }

    me.step(&receipt.number, &[("action", "assign"), ("assignee", "")]).await;
    assert_eq!(complaint(&app, &receipt.number).await.assignee_id, None, "an empty choice clears the assignee");
}

async fn inbox_assignee_filter(backend: Backend) {
    let app = spawn_app(backend).await;
    let me = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let colleague = Staff::reviewer(&app, COLLEAGUE, "mvd").await;
    let mine = file(&app).await;
    let theirs = file(&app).await;
    let nobodys = file(&app).await;
    me.step(&mine.number, &[("action", "assign"), ("assignee", &me.id.to_string())]).await;
    me.step(&theirs.number, &[("action", "assign"), ("assignee", &colleague.id.to_string())]).await;

    let sorted = |mut numbers: Vec<String>| {
        numbers.sort();
        numbers
    };
    let all = sorted(vec![mine.number.clone(), theirs.number.clone(), nobodys.number.clone()]);
    let cases = [
        (&me, "/desk?assignee=me".to_string(), vec![mine.number.clone()]),
        (&colleague, "/desk?assignee=me".to_string(), vec![theirs.number.clone()]),
        (&me, "/desk?assignee=none".to_string(), vec![nobodys.number.clone()]),
        (&me, format!("/desk?assignee={}", colleague.id), vec![theirs.number.clone()]),
        (&me, "/desk?assignee=not-a-user".to_string(), Vec::new()),
        (&me, "/desk".to_string(), all.clone()),
        (&me, "/desk?assignee=".to_string(), all),
    ];
    for (staff, path, expected) in cases {
        let listed = sorted(staff.inbox_numbers(&path).await);
        assert_eq!(listed, sorted(expected), "{path} for {}", staff.email);
    }
}

on_both_backends!(
    redirect_opens_linked_complaint,
    redirect_target_rejected,
    info_request_answered,
    withdraw_needs_confirmation,
    withdraw_after_decision_rejected,
    leave_unanswered_reasons,
    leave_unanswered_needs_reason,
    prosecutor_referral_internal,
    second_referral_explained,
    concurrent_referrals_once,
    assignment_internal,
    inbox_assignee_filter,
);
