//! Handlers of the citizen's cabinet: sign-in by an e-mailed code or link, through OpenID
//! Connect, sign-out (here or everywhere), the applicant's actions on a complaint and the
//! reply PDF. The Leptos app renders the pages, and these handlers process the forms and redirects.

use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use app::components::href;
use app::domain::{Field, FieldErrors, Problem};
use app::i18n::Lang;
use app::model::{ApplicantPost, CabinetOutcome};
use app::server::citizen::{self, CitizenError, CitizenSession};
use app::server::cookies;
use app::server::lang::from_request;
use app::server::oidc;
use app::server::reply::{self, ReplyError};
use app::server::state::AppState;
use app::server::store::{now, StoreError};
use app::server::workflow::{self, ApplicantAction, ApplicantError};

use crate::files::{read_upload_form, UploadForm};
use crate::forms::{
    client_address, csrf_rejected, pdf_response, read_form, render, see_other_with_cookie, server_error, with_files, PostedForm,
};

/// The cookie that ties an OpenID Connect callback to the browser that started the sign-in.
const OIDC_COOKIE: &str = "appello_oidc";
/// How long the browser keeps it: the time a sign-in may take at the provider.
const OIDC_COOKIE_SECONDS: i64 = 15 * 60;
/// The only path the browser sends it to.
const OIDC_COOKIE_PATH: &str = "/cabinet/oidc";

fn cabinet_path(lang: Lang) -> String {
    href(lang, "/cabinet")
}

/// Renders `/cabinet` with `outcome`.
async fn render_cabinet(state: &AppState, form: PostedForm, status: StatusCode, outcome: CabinetOutcome) -> Response {
    let lang = form.lang();
    let mut parts = form.parts;
    parts.uri = Uri::from_static("/cabinet");
    render(state, parts, lang, status, move || provide_context(outcome.clone())).await
}

/// `POST /cabinet/login`: sends a sign-in code to the address typed.
pub async fn post_login(State(state): State<AppState>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let raw = form.value("email");
    let (status, outcome) =
        match citizen::request_code(&state, &raw, form.lang(), &client_address(&form.parts), now()).await {
            Ok(email) => (StatusCode::OK, CabinetOutcome::CodeSent { email, errors: FieldErrors::new() }),
            Err(CitizenError::Invalid(errors)) => {
                let status = match errors.get(Field::Email) {
                    Some(Problem::TooManyAttempts { .. }) => StatusCode::TOO_MANY_REQUESTS,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                (status, CabinetOutcome::EmailRejected { email: raw, errors })
            }
            Err(CitizenError::Store(error)) => return server_error(error),
        };
    render_cabinet(&state, form, status, outcome).await
}

/// `POST /cabinet/verify`: checks the code and opens a session.
pub async fn post_verify(State(state): State<AppState>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let email = form.value("email");
    match citizen::verify_code(&state, &email, &form.value("login_code"), now()).await {
        Ok(session) => signed_in(&state, form.lang(), &session),
        Err(CitizenError::Invalid(errors)) => {
            if errors.get(Field::Email).is_some() {
                // The hidden address was tampered with: start again from the e-mail form.
                let outcome = CabinetOutcome::EmailRejected { email, errors };
                return render_cabinet(&state, form, StatusCode::UNPROCESSABLE_ENTITY, outcome).await;
            }
            let email = app::domain::text::email(&email).unwrap_or(email);
            render_cabinet(&state, form, StatusCode::UNPROCESSABLE_ENTITY, CabinetOutcome::CodeSent { email, errors }).await
        }
        Err(CitizenError::Store(error)) => server_error(error),
    }
}

fn signed_in(state: &AppState, lang: Lang, session: &citizen::NewCitizenSession) -> Response {
    let cookie = citizen::set_cookie(&session.cookie_value, session.max_age_seconds, state.settings.secure_cookies);
    see_other_with_cookie(&cabinet_path(lang), &cookie)
}

/// `POST /cabinet/link/{token}`: uses the e-mailed link once and opens a session.
pub async fn post_link(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    match citizen::redeem_link(&state, &token, now()).await {
        Ok(session) => signed_in(&state, form.lang(), &session),
        Err(CitizenError::Invalid(_)) => {
            let lang = form.lang();
            render(&state, form.parts, lang, StatusCode::GONE, || provide_context(CabinetOutcome::LinkInvalid)).await
        }
        Err(CitizenError::Store(error)) => server_error(error),
    }
}

/// Returns the signed-in citizen of a posted form, after checking its CSRF token.
async fn citizen_of(state: &AppState, form: &PostedForm) -> Result<CitizenSession, Response> {
    let session = match citizen::current(state, &form.parts.headers, now()).await {
        Ok(Some(session)) => session,
        Ok(None) => return Err(Redirect::to(&cabinet_path(form.lang())).into_response()),
        Err(error) => return Err(server_error(error)),
    };
    if !session.csrf_matches(&form.value("csrf")) {
        tracing::warn!("cabinet form with a wrong CSRF token rejected");
        return Err(csrf_rejected());
    }
    Ok(session)
}

/// `POST /cabinet/logout`: ends this session, or with `everywhere` every session of the address.
pub async fn post_logout(State(state): State<AppState>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let session = match citizen_of(&state, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let clear = citizen::set_cookie("", 0, state.settings.secure_cookies);
    if form.value("everywhere").is_empty() {
        if let Err(error) = state.store.delete_citizen_session(&session.token_hash).await {
            return server_error(error);
        }
        tracing::info!("citizen signed out");
        return see_other_with_cookie(&cabinet_path(form.lang()), &clear);
    }
    let sessions = match state.store.delete_citizen_sessions_of(&session.email).await {
        Ok(count) => count,
        Err(error) => return server_error(error),
    };
    tracing::info!(sessions, "citizen signed out everywhere");
    let mut response =
        render_cabinet(&state, form, StatusCode::OK, CabinetOutcome::SignedOutEverywhere { sessions }).await;
    if let Ok(value) = HeaderValue::from_str(&clear) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `POST /cabinet/c/{number}`: applies the applicant's reply to an information request, or the withdrawal.
pub async fn post_action(State(state): State<AppState>, Path(number): Path<String>, request: Request) -> Response {
    let UploadForm { form, files, problem } = match read_upload_form(request).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let lang = form.lang();
    let session = match citizen_of(&state, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let row = match citizen::complaint(&state, &session, &number).await {
        Ok(row) => row,
        Err(StoreError::NotFound) => {
            tracing::warn!("cabinet action on a complaint of another address rejected");
            return render(&state, form.parts, lang, StatusCode::NOT_FOUND, || {}).await;
        }
        Err(error) => return server_error(error),
    };
    let Some(parsed) = ApplicantAction::parse(|name| form.value(name)) else {
        return Redirect::to(&href(lang, &format!("/cabinet/c/{}", row.number))).into_response();
    };
    let mut posted =
        ApplicantPost { action: form.value("action"), errors: FieldErrors::new(), illegal: None, answer: form.value("answer") };
    let result = match (parsed, problem) {
        (Ok(action), None) => workflow::applicant_act_on(&state, &row, &with_files(action, files), now()).await,
        (Ok(_), Some(problem)) => Err(ApplicantError::Invalid(FieldErrors::single(Field::Files, problem))),
        (Err(mut invalid), problem) => {
            if let Some(problem) = problem {
                invalid.push(Field::Files, problem);
            }
            Err(ApplicantError::Invalid(invalid))
        }
    };
    let status = match result {
        Ok(()) => return Redirect::to(&href(lang, &format!("/cabinet/c/{}", row.number))).into_response(),
        Err(ApplicantError::Invalid(errors)) => {
            posted.errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(ApplicantError::Illegal(rule)) => {
            posted.illegal = Some((rule.action, rule.from));
            StatusCode::CONFLICT
        }
        Err(ApplicantError::Store(error)) => return server_error(error),
        Err(ApplicantError::Files(error)) => return server_error(error),
    };
    render(&state, form.parts, lang, status, move || provide_context(posted.clone())).await
}

/// `GET /cabinet/c/{number}/reply.pdf`: the reasoned reply to the citizen's complaint.
pub async fn get_reply_pdf(State(state): State<AppState>, Path(number): Path<String>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let lang = from_request(&parts.uri, &parts.headers);
    let session = match citizen::current(&state, &parts.headers, now()).await {
        Ok(Some(session)) => session,
        Ok(None) => return Redirect::to(&cabinet_path(lang)).into_response(),
        Err(error) => return server_error(error),
    };
    match reply::for_citizen(&state, &session, &number).await {
        Ok(document) => pdf_response(document).await,
        Err(ReplyError::Store(error)) => server_error(error),
        Err(_) => {
            // The page repeats the check and explains, with the right status.
            match format!("/cabinet/c/{number}/reply").parse::<Uri>() {
                Ok(uri) => {
                    parts.uri = uri;
                    render(&state, parts, lang, StatusCode::OK, || {}).await
                }
                Err(_) => render(&state, parts, lang, StatusCode::NOT_FOUND, || {}).await,
            }
        }
    }
}

/// `GET /cabinet/oidc/start`: sends the browser to the identity provider.
pub async fn get_oidc_start(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let lang = from_request(&parts.uri, &parts.headers);
    match oidc::start(&state, now()).await {
        Ok((url, login_state)) => {
            let cookie = cookies::http_only(
                OIDC_COOKIE,
                &login_state,
                OIDC_COOKIE_PATH,
                OIDC_COOKIE_SECONDS,
                state.settings.secure_cookies,
            );
            see_other_with_cookie(&url, &cookie)
        }
        Err(oidc::OidcError::NotConfigured) => render(&state, parts, lang, StatusCode::NOT_FOUND, || {}).await,
        Err(error) => {
            tracing::error!(%error, "OpenID Connect sign-in could not start");
            oidc_failed(&state, parts, lang).await
        }
    }
}

/// `GET /cabinet/oidc/callback?code=...&state=...`: the provider's redirect back. Opens a
/// session for the verified e-mail.
pub async fn get_oidc_callback(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let lang = from_request(&parts.uri, &parts.headers);
    let query: Vec<(String, String)> =
        form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes()).into_owned().collect();
    let param = |name: &str| query.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let cookie_state = cookies::read(&parts.headers, OIDC_COOKIE);
    let (Some(code), Some(login_state)) = (param("code"), param("state")) else {
        tracing::warn!(error = param("error").as_deref().unwrap_or("none"), "OpenID Connect sign-in returned no code");
        return oidc_failed(&state, parts, lang).await;
    };
    if cookie_state.as_deref() != Some(login_state.as_str()) {
        tracing::warn!("OpenID Connect callback from another browser rejected");
        return oidc_failed(&state, parts, lang).await;
    }
    let email = match oidc::finish(&state, &code, &login_state, now()).await {
        Ok(email) => email,
        Err(error) => {
            tracing::warn!(%error, "OpenID Connect sign-in failed");
            return oidc_failed(&state, parts, lang).await;
        }
    };
    match citizen::open_session_for(&state, &email, now()).await {
        Ok(session) => {
            let mut response = signed_in(&state, lang, &session);
            let clear = cookies::http_only(OIDC_COOKIE, "", OIDC_COOKIE_PATH, 0, state.settings.secure_cookies);
            if let Ok(value) = HeaderValue::from_str(&clear) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            response
        }
        Err(error) => server_error(error),
    }
}

async fn oidc_failed(state: &AppState, mut parts: axum::http::request::Parts, lang: Lang) -> Response {
    parts.uri = Uri::from_static("/cabinet");
    render(state, parts, lang, StatusCode::BAD_REQUEST, || provide_context(CabinetOutcome::OidcFailed)).await
}
