//! Handlers of the HTML forms. Each parses the posted form, acts through the services, and
//! answers either with a redirect (post/redirect/get) or with the same page rendered again
//! with the outcome, which is how a rejected form keeps its values without JavaScript.

use axum::body::{to_bytes, Body};
use axum::extract::{Path, Request, State};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use app::domain::{ComplaintInput, Field, FieldErrors, Problem};
use app::i18n::Lang;
use app::model::{
    ActionOutcome, ApplicantAccess, ApplicantOutcome, CalendarOutcome, CalendarYearEdit, FormOutcome, LoginOutcome, PasswordOutcome,
    StatusOutcome,
};
use app::server::admin::{self, CalendarEditError};
use app::server::auth::{self, current_session, session_set_cookie, Session, SignInError};
use app::server::complaints::{self, Channel, LookupError, SubmitError};
use app::server::desk::{self, DeskError};
use app::server::time::moscow_date;
use app::server::workflow::{self, ApplicantAction, ApplicantError, StaffAction};
use chrono::NaiveDate;
use app::server::keys::is_public_key_shape;
use app::server::lang::from_request;
use app::server::state::AppState;
use app::server::store::{now, StoreError};
use app::reply::{ApplicantReply, ReplyDocument};
use app::server::reply::{self, ReplyError};
use axum::http::Uri;
use app::server::files::Upload;

use crate::files::{read_upload_form, UploadForm};
use crate::filing;

/// The largest form body accepted; the longest complaint is well below it.
pub(crate) const MAX_FORM_BYTES: usize = 512 * 1024;

/// A parsed `application/x-www-form-urlencoded` body.
pub(crate) struct PostedForm {
    pub(crate) parts: Parts,
    pairs: Vec<(String, String)>,
}

impl PostedForm {
    pub(crate) fn new(parts: Parts, pairs: Vec<(String, String)>) -> PostedForm {
        PostedForm { parts, pairs }
    }

    /// Returns every posted name and value, in order.
    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    pub(crate) fn value(&self, name: &str) -> String {
        self.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Every posted value of `name`, in order, as for a group of checkboxes.
    pub(crate) fn values(&self, name: &str) -> Vec<String> {
        self.pairs.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect()
    }

    /// The posted `lang` field, else the language of the address or cookie.
    pub(crate) fn lang(&self) -> Lang {
        Lang::parse(&self.value("lang")).unwrap_or_else(|| from_request(&self.parts.uri, &self.parts.headers))
    }
}

pub(crate) async fn read_form(request: Request) -> Result<PostedForm, Response> {
    let (parts, body) = request.into_parts();
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Ожидается отправка HTML-формы (application/x-www-form-urlencoded). / \
             Expected an HTML form (application/x-www-form-urlencoded).",
        )
            .into_response());
    }
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| {
        (StatusCode::PAYLOAD_TOO_LARGE, "Форма слишком большая. / The form is too large.").into_response()
    })?;
    let pairs = form_urlencoded::parse(&bytes).into_owned().collect();
    Ok(PostedForm { parts, pairs })
}

/// Renders the page at the request's address with `context` provided, as a GET would,
/// and gives it `status`.
pub(crate) async fn render(
    state: &AppState,
    parts: Parts,
    lang: Lang,
    status: StatusCode,
    context: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let app_state = state.clone();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(app_state.clone());
            provide_context(lang);
            context();
        },
        move || app::shell(options.clone()),
    );
    let mut response = handler(Request::from_parts(parts, Body::empty())).await.into_response();
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

pub(crate) fn server_error(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "form handling failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Не удалось выполнить запрос; данные не сохранены. Попробуйте ещё раз через несколько минут. / \
         The request failed and nothing was saved. Please try again in a few minutes.",
    )
        .into_response()
}

/// `POST /complaint/{org}`: a complaint filed on the portal, with files as multipart.
pub async fn post_portal_complaint(State(state): State<AppState>, request: Request) -> Response {
    let upload = match read_upload_form(request).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    submit_and_render(&state, upload, Channel::Portal).await
}

/// `POST /w/{key}`: a complaint filed in the widget, with files as multipart.
pub async fn post_widget_complaint(
    State(state): State<AppState>,
    Path(key): Path<String>,
    request: Request,
) -> Response {
    let upload = match read_upload_form(request).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    let key_row =
        if is_public_key_shape(&key) { state.store.widget_key(&key).await } else { Err(StoreError::NotFound) };
    match key_row {
        // The page renders the explanation for an unknown, revoked or switched-off key; nothing
        // is stored.
        Ok(row) if row.is_active(now()) && row.disabled_at.is_none() => {
            let key_id = row.id;
            let response = submit_and_render(&state, upload, Channel::Widget(row)).await;
            if let Err(error) = state.store.touch_widget_key(key_id, now()).await {
                tracing::error!(%error, "marking a widget key as used failed");
            }
            response
        }
        Ok(_) | Err(StoreError::NotFound) => {
            let lang = upload.form.lang();
            render(&state, upload.form.parts, lang, StatusCode::OK, || {}).await
        }
        Err(error) => server_error(error),
    }
}

async fn submit_and_render(state: &AppState, upload: UploadForm, channel: Channel) -> Response {
    let UploadForm { form, files, problem } = upload;
    let lang = form.lang();
    let input = ComplaintInput::from_pairs(form.pairs.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let admission = match crate::abuse::admit_complaint(state, &form, &channel, &input.form_token).await {
        Ok(Ok(admission)) => admission,
        Ok(Err(rejection)) => return crate::abuse::render_rejected(state, form.parts, lang, input, files.len(), rejection).await,
        Err(error) => return server_error(error),
    };
    let result = match problem {
        None => complaints::submit_with_files(state, &input, &files, channel, lang, now()).await,
        Some(problem) => Err(SubmitError::Invalid(filing::unread_upload_errors(&input, form.pairs(), problem))),
    };
    admission.settle(state, &result).await;
    let (outcome, status) = match result {
        Ok(receipt) => (FormOutcome::Accepted(receipt), StatusCode::OK),
        Err(SubmitError::Invalid(errors)) => {
            let errors = filing::with_files_not_kept(errors, files.len());
            (FormOutcome::Rejected { input, errors }, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(SubmitError::Store(error)) => return server_error(error),
        Err(SubmitError::Files(error)) => return server_error(error),
    };
    render(state, form.parts, lang, status, move || provide_context(outcome.clone())).await
}

/// `POST /status`: the applicant looks a complaint up by number and access code, and may
/// answer an information request (with files, as multipart) or withdraw it (`action` =
/// `answer_info` or `withdraw`).
pub async fn post_status(State(state): State<AppState>, request: Request) -> Response {
    let UploadForm { form, files, problem } = match read_upload_form(request).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let lang = form.lang();
    let number = form.value("number");
    let code = form.value("code");
    let action_code = form.value("action");
    match crate::abuse::limit_status(&state, &form.parts).await {
        Ok(None) => {}
        Ok(Some(limited)) => {
            let problem = Problem::TooManyRequests { minutes: limited.retry_after_minutes() };
            let outcome = StatusOutcome::Rejected { number, errors: FieldErrors::single(Field::Form, problem) };
            let response =
                render(&state, form.parts, lang, StatusCode::TOO_MANY_REQUESTS, move || provide_context(outcome.clone()))
                    .await;
            return crate::abuse::with_retry_after(response, Some(limited.retry_after_seconds()));
        }
        Err(response) => return response,
    }

    let mut errors = FieldErrors::new();
    let mut illegal = None;
    if let Some(parsed) = ApplicantAction::parse(|name| form.value(name)) {
        let result = match (parsed, problem) {
            (Ok(action), None) => {
                let action = with_files(action, files);
                workflow::applicant_act(&state, &number, &code, &action, now()).await
            }
            (Ok(_), Some(problem)) => Err(ApplicantError::Invalid(FieldErrors::single(Field::Files, problem))),
            (Err(mut invalid), problem) => {
                if let Some(problem) = problem {
                    invalid.push(Field::Files, problem);
                }
                Err(ApplicantError::Invalid(invalid))
            }
        };
        match result {
            Ok(()) => {}
            Err(ApplicantError::Invalid(invalid)) => errors = invalid,
            Err(ApplicantError::Illegal(rule)) => illegal = Some((rule.action, rule.from)),
            Err(ApplicantError::Store(error)) => return server_error(error),
            Err(ApplicantError::Files(error)) => return server_error(error),
        }
    }

    let (outcome, status) = match complaints::find_for_applicant(&state, &number, &code, lang).await {
        Ok(view) => {
            let status = if illegal.is_some() {
                StatusCode::CONFLICT
            } else if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let outcome = ApplicantOutcome {
                view,
                action: action_code,
                errors,
                illegal,
                answer: form.value("answer"),
                access: ApplicantAccess::Code(code.clone()),
            };
            (StatusOutcome::Found(outcome), status)
        }
        Err(LookupError::Invalid(errors)) => {
            let status = if errors.get(Field::AccessCode) == Some(Problem::NotFoundByCode) {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            (StatusOutcome::Rejected { number, errors }, status)
        }
        Err(LookupError::Store(error)) => return server_error(error),
    };
    render(&state, form.parts, lang, status, move || provide_context(outcome.clone())).await
}

/// `POST /desk/login`: staff sign-in with e-mail and password.
pub async fn post_login(State(state): State<AppState>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang();
    let email = form.value("email");
    let password = form.value("password");

    let mut errors = FieldErrors::new();
    if email.trim().is_empty() {
        errors.push(Field::Email, Problem::Missing);
    }
    if password.is_empty() {
        errors.push(Field::Password, Problem::Missing);
    }
    if errors.is_empty() {
        match auth::sign_in(&state, &email, &password, &client_address(&form.parts), now()).await {
            Ok(session) => {
                let max_age = (session.expires_at - now()).num_seconds();
                let cookie = session_set_cookie(&session.cookie_value, max_age, state.settings.secure_cookies);
                return see_other_with_cookie(&desk_path(lang, session.home), &cookie);
            }
            Err(SignInError::WrongCredentials) => errors.push(Field::Password, Problem::WrongCredentials),
            Err(SignInError::TooManyAttempts) => {
                let minutes = auth::FAILURE_WINDOW_MINUTES;
                errors.push(Field::Password, Problem::TooManyAttempts { minutes });
                let outcome = LoginOutcome { email, errors };
                return render(&state, form.parts, lang, StatusCode::TOO_MANY_REQUESTS, move || {
                    provide_context(outcome.clone())
                })
                .await;
            }
            Err(SignInError::Store(error)) => return server_error(error),
        }
    }
    let outcome = LoginOutcome { email, errors };
    render(&state, form.parts, lang, StatusCode::UNPROCESSABLE_ENTITY, move || provide_context(outcome.clone())).await
}

/// Puts the posted files into an answer; other actions take no files.
pub(crate) fn with_files(action: ApplicantAction, files: Vec<Upload>) -> ApplicantAction {
    match action {
        ApplicantAction::AnswerInfo { answer, .. } => ApplicantAction::AnswerInfo { answer, files },
        other => other,
    }
}

/// `POST /desk/logout`: ends the session.
pub async fn post_logout(State(state): State<AppState>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang();
    match staff_session(&state, &form).await {
        Ok(session) => {
            if let Err(error) = state.store.delete_session(&session.token_hash).await {
                return server_error(error);
            }
            tracing::info!(user_id = %session.user().id, "staff signed out");
        }
        Err(response) => return response,
    }
    see_other_with_cookie(&desk_path(lang, "/desk/login"), &session_set_cookie("", 0, state.settings.secure_cookies))
}

/// `POST /desk/password`: replaces a temporary password.
pub async fn post_password(State(state): State<AppState>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang();
    let session = match staff_session(&state, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let password = form.value("new_password");
    let mut checked = auth::check_new_password(&password, &form.value("new_password_repeat"));
    if checked.is_ok() && auth::verify_password(password.clone(), session.user().password_hash.clone()).await {
        checked = Err(FieldErrors::single(Field::NewPassword, Problem::SameAsOld));
    }
    if let Err(errors) = checked {
        let outcome = PasswordOutcome { errors };
        return render(&state, form.parts, lang, StatusCode::UNPROCESSABLE_ENTITY, move || {
            provide_context(outcome.clone())
        })
        .await;
    }
    let hash = match auth::hash_password(password).await {
        Ok(hash) => hash,
        Err(error) => return server_error(error),
    };
    if let Err(error) = state.store.set_password(session.user().id, &hash, false, Some(&session.token_hash)).await {
        return server_error(error);
    }
    tracing::info!(user_id = %session.user().id, "staff password changed");
    let mut user = session.user().clone();
    user.must_change_password = false;
    Redirect::to(&desk_path(lang, auth::home_of(&user))).into_response()
}

/// `POST /desk/c/{number}`: a reviewer's action on a complaint.
pub async fn post_desk_action(State(state): State<AppState>, Path(number): Path<String>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang();
    let session = match staff_session(&state, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let back = desk_path(lang, &format!("/desk/c/{number}"));

    let mut outcome = ActionOutcome {
        action: form.value("action"),
        errors: FieldErrors::new(),
        illegal: None,
        values: form.pairs.iter().filter(|(name, _)| name != "csrf").cloned().collect(),
    };
    let result = match StaffAction::parse(|name| form.value(name)) {
        Ok(action) => workflow::act(&state, &session, &number, &action, now()).await,
        Err(errors) => Err(DeskError::Invalid(errors)),
    };
    match result {
        Ok(()) => return Redirect::to(&back).into_response(),
        Err(DeskError::Invalid(errors)) => outcome.errors = errors,
        Err(DeskError::Illegal(illegal)) => outcome.illegal = Some((illegal.action, illegal.from)),
        // The page itself explains a missing or foreign complaint, with the right status.
        Err(DeskError::NotFound | DeskError::Forbidden) => {}
        Err(DeskError::Store(error)) => return server_error(error),
    }
    let status = if outcome.illegal.is_some() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    render(&state, form.parts, lang, status, move || provide_context(outcome.clone())).await
}

/// `POST /desk/new`: a complaint received on paper, entered by a reviewer, with its scans
/// as multipart.
pub async fn post_paper(State(state): State<AppState>, request: Request) -> Response {
    let UploadForm { form, files, problem: upload_problem } = match read_upload_form(request).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    let lang = form.lang();
    let session = match staff_session(&state, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let input = ComplaintInput::from_pairs(form.pairs.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let today = moscow_date(now());
    let received_on = match NaiveDate::parse_from_str(input.received_on.trim(), "%Y-%m-%d") {
        Ok(day) if day > today => Err(Problem::FutureDate),
        Ok(day) => Ok(day),
        Err(_) if input.received_on.trim().is_empty() => Err(Problem::Missing),
        Err(_) => Err(Problem::InvalidDate),
    };
    let visible_org_ids = match desk::visible_org_ids(&state, &session).await {
        Ok(ids) => ids,
        Err(error) => return server_error(error),
    };
    let result = match (received_on, upload_problem) {
        (Ok(received_on), None) => {
            let channel = Channel::Paper { entered_by: session.user().id, visible_org_ids, received_on };
            complaints::submit_with_files(&state, &input, &files, channel, lang, now()).await
        }
        (Ok(_), Some(problem)) => Err(SubmitError::Invalid(filing::unread_upload_errors(&input, form.pairs(), problem))),
        (Err(problem), upload_problem) => {
            // Report the date together with every other problem of the form.
            let mut errors = input.parse().err().unwrap_or_default();
            errors.push(Field::ReceivedOn, problem);
            if let Some(file_problem) = upload_problem.or_else(|| filing::upload_problem(&files)) {
                errors.push(Field::Files, file_problem);
            }
            Err(SubmitError::Invalid(errors))
        }
    };
    let (outcome, status) = match result {
        Ok(receipt) => (FormOutcome::Accepted(receipt), StatusCode::OK),
        Err(SubmitError::Invalid(errors)) => {
            let errors = filing::with_files_not_kept(errors, files.len());
            (FormOutcome::Rejected { input, errors }, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(SubmitError::Store(error)) => return server_error(error),
        Err(SubmitError::Files(error)) => return server_error(error),
    };
    render(&state, form.parts, lang, status, move || provide_context(outcome.clone())).await
}

/// `POST /admin/calendar/{year}`: an operator's correction of a calendar year.
pub async fn post_admin_calendar(State(state): State<AppState>, Path(year): Path<i32>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang();
    let session = match staff_session(&state, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    if admin::require_operator(&session).is_err() {
        tracing::warn!(user_id = %session.user().id, "calendar change by a non-operator rejected");
        return render(&state, form.parts, lang, StatusCode::FORBIDDEN, || {}).await;
    }
    let days: Vec<String> = form.pairs.iter().filter(|(name, _)| name == "day").map(|(_, v)| v.clone()).collect();
    let outcome = match admin::parse_year_form(year, |name| form.value(name), &days) {
        Ok(edit) => match admin::save_calendar_year(&state, &session, &edit, now()).await {
            Ok(recomputed) => CalendarOutcome { errors: FieldErrors::new(), recomputed: Some(recomputed), edit: None },
            Err(CalendarEditError::Invalid(errors)) => CalendarOutcome { errors, recomputed: None, edit: Some(edit) },
            Err(CalendarEditError::Store(error)) => return server_error(error),
        },
        Err(errors) => {
            // Show the posted values again; only valid dates of the year can be ticked anyway.
            let edit = CalendarYearEdit {
                year,
                provisional: form.value("status") == "provisional",
                source: form.value("source"),
                days_off: days,
            };
            CalendarOutcome { errors, recomputed: None, edit: Some(edit) }
        }
    };
    let status = if outcome.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    render(&state, form.parts, lang, status, move || provide_context(outcome.clone())).await
}

/// The session of a staff form post whose CSRF token matches, or the response to send.
pub(crate) async fn staff_session(state: &AppState, form: &PostedForm) -> Result<Session, Response> {
    let session = match current_session(state, &form.parts.headers, now()).await {
        Ok(Some(session)) => session,
        Ok(None) => return Err(Redirect::to(&desk_path(form.lang(), "/desk/login")).into_response()),
        Err(error) => return Err(server_error(error)),
    };
    if !session.csrf_matches(&form.value("csrf")) {
        tracing::warn!(user_id = %session.user().id, "staff form with a wrong CSRF token rejected");
        return Err(csrf_rejected());
    }
    Ok(session)
}

/// Returns the 403 for a form whose CSRF token does not match its session.
pub(crate) fn csrf_rejected() -> Response {
    (
        StatusCode::FORBIDDEN,
        "Форма устарела: обновите страницу и повторите действие. / The form has expired: reload the page and try again.",
    )
        .into_response()
}

/// The client's address for rate limits: the connection's peer. Behind a proxy every client
/// shares the proxy's address, which makes the per-client limit stricter, never looser.
pub(crate) fn client_address(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

fn desk_path(lang: Lang, path: &str) -> String {
    app::components::href(lang, path)
}

pub(crate) fn see_other_with_cookie(location: &str, cookie: &str) -> Response {
    let mut response = Redirect::to(location).into_response();
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `POST /status/reply`: the reasoned reply, opened by the applicant from the status page
/// with the complaint's number and access code.
pub async fn post_status_reply(State(state): State<AppState>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang();
    let number = form.value("number");
    let code = form.value("code");
    let result = reply::for_applicant(&state, &number, &code).await;
    let (outcome, status) = match applicant_reply_outcome(result, number, code) {
        Ok(found) => found,
        Err(response) => return response,
    };
    render(&state, form.parts, lang, status, move || provide_context(outcome.clone())).await
}

/// `POST /status/reply.pdf`: the reasoned reply as a PDF download, for the applicant with
/// the number and access code. Without a reply, the reply page explains why, with its status.
pub async fn post_status_reply_pdf(State(state): State<AppState>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang();
    let number = form.value("number");
    let code = form.value("code");
    let result = reply::for_applicant(&state, &number, &code).await;
    let (outcome, status) = match applicant_reply_outcome(result, number, code) {
        Ok((ApplicantReply::Found { document, .. }, _)) => return pdf_response(document).await,
        Ok(other) => other,
        Err(response) => return response,
    };
    let mut parts = form.parts;
    parts.uri = Uri::from_static("/status/reply");
    render(&state, parts, lang, status, move || provide_context(outcome.clone())).await
}

fn applicant_reply_outcome(
    result: Result<ReplyDocument, ReplyError>,
    number: String,
    code: String,
) -> Result<(ApplicantReply, StatusCode), Response> {
    match result {
        Ok(document) => Ok((ApplicantReply::Found { document, code }, StatusCode::OK)),
        Err(ReplyError::NoDecision) => Ok((ApplicantReply::NoDecision { number, code }, StatusCode::NOT_FOUND)),
        Err(ReplyError::NotFound | ReplyError::Forbidden) => Ok((ApplicantReply::NotFound, StatusCode::NOT_FOUND)),
        Err(ReplyError::Store(error)) => Err(server_error(error)),
    }
}

/// `GET /desk/c/{number}/reply.pdf`: the reasoned reply as a PDF download, for staff of the
/// complaint's body. Without a reply, the desk's reply page explains why, with its status.
pub async fn get_desk_reply_pdf(State(state): State<AppState>, Path(number): Path<String>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let lang = from_request(&parts.uri, &parts.headers);
    let session = match current_session(&state, &parts.headers, now()).await {
        Ok(Some(session)) => session,
        Ok(None) => return Redirect::to(&desk_path(lang, "/desk/login")).into_response(),
        Err(error) => return server_error(error),
    };
    if session.user().must_change_password {
        return Redirect::to(&desk_path(lang, "/desk/password")).into_response();
    }
    match reply::for_staff(&state, &session, &number).await {
        Ok(document) => pdf_response(document).await,
        Err(ReplyError::Store(error)) => server_error(error),
        Err(error @ (ReplyError::NotFound | ReplyError::Forbidden | ReplyError::NoDecision)) => {
            if matches!(error, ReplyError::Forbidden) {
                tracing::warn!(user_id = %session.user().id, "reply PDF of another body's complaint rejected");
            }
            // The page repeats the check and renders the explanation with the right status.
            let page = format!("/desk/c/{number}/reply");
            match page.parse::<Uri>() {
                Ok(uri) => {
                    parts.uri = uri;
                    render(&state, parts, lang, StatusCode::OK, || {}).await
                }
                Err(_) => render(&state, parts, lang, StatusCode::NOT_FOUND, || {}).await,
            }
        }
    }
}

/// Sends the reply as a PDF attachment named after the complaint, kept out of every cache
/// because it carries personal data. Rendering runs on the blocking pool because it subsets
/// and compresses fonts.
pub(crate) async fn pdf_response(document: ReplyDocument) -> Response {
    let filename = format!("attachment; filename=\"reply-{}.pdf\"", document.number);
    let rendered = tokio::task::spawn_blocking(move || reply::pdf::render(&document)).await;
    let bytes = match rendered {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(error)) => return server_error(error),
        Err(error) => return server_error(error),
    };
    let Ok(disposition) = HeaderValue::from_str(&filename) else {
        return server_error("the complaint number does not fit a header");
    };
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    (headers, bytes).into_response()
}
