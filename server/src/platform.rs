//! The forms of the widget-key pages: `POST /desk/platform` for agency admins and
//! `POST /admin/keys` for operators. Each form names its `action`; success redirects back
//! with a note, a refused value renders the page again with the message and the values.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use app::components::href;
use app::domain::{Field, FieldErrors, Problem};
use app::pages::KeyFormOutcome;
use app::server::auth::Session;
use app::server::desk::DeskError;
use app::server::{platform, widget_switch};
use app::server::state::AppState;
use app::server::store::{now, Audit};

use crate::forms::{client_address, read_form, render, server_error, staff_session, PostedForm};

/// `POST /desk/platform`: an agency admin requests a key, or edits, rotates or revokes one
/// of their body's keys.
pub async fn post_platform(State(state): State<AppState>, request: Request) -> Response {
    handle(state, request, "/desk/platform").await
}

/// `POST /admin/keys`: an operator approves or declines a request, or edits, rotates or
/// revokes any key.
pub async fn post_admin_keys(State(state): State<AppState>, request: Request) -> Response {
    handle(state, request, "/admin/keys").await
}

async fn handle(state: AppState, request: Request, page: &'static str) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let session = match staff_session(&state, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    // Each page serves its own role: an operator's key actions go through /admin/keys, an
    // agency admin's through /desk/platform.
    let allowed = match page {
        "/admin/keys" => app::server::admin::require_operator(&session).is_ok(),
        _ => platform::require_agency_admin(&session).is_ok(),
    };
    if !allowed {
        return respond(&state, form, &session, page, String::new(), Err(DeskError::Forbidden)).await;
    }
    let audit = Audit { actor: session.user().id.to_string(), ip: Some(client_address(&form.parts)) };
    let key = form.value("key");
    let request_id = form.value("request");
    let action = form.value("action");
    let (subject, result) = match (page, action.as_str()) {
        ("/desk/platform", "request") => {
            let result = match platform::parse_key_request(|name| form.value(name)) {
                Ok(parsed) => platform::request_key(&state, &session, &parsed, &audit, now()).await.map(|_| "requested"),
                Err(errors) => Err(DeskError::Invalid(errors)),
            };
            ("request".to_string(), result)
        }
        (_, "origins") => {
            (key.clone(), platform::set_origins(&state, &session, &key, &form.value("origins"), &audit, now()).await.map(|_| "origins"))
        }
        (_, "rotate") => (
            key.clone(),
            platform::rotate(&state, &session, &key, &form.value("overlap_days"), &audit, now()).await.map(|_| "rotated"),
        ),
        (_, "revoke") => (key.clone(), platform::revoke(&state, &session, &key, &audit, now()).await.map(|_| "revoked")),
        ("/admin/keys", "approve") => {
            (request_id.clone(), platform::approve(&state, &session, &request_id, &audit, now()).await.map(|_| "approved"))
        }
        ("/admin/keys", "switch_off") => (
            key.clone(),
            widget_switch::switch_off(&state, &session, &key, &form.value("switch_off_reason"), &audit, now())
                .await
                .map(|_| "switched_off"),
        ),
        ("/admin/keys", "switch_on") => {
            (key.clone(), widget_switch::switch_on(&state, &session, &key, &audit, now()).await.map(|_| "switched_on"))
        }
        ("/admin/keys", "decline") => (
            request_id.clone(),
            platform::decline(&state, &session, &request_id, &form.value("decline_reason"), &audit, now()).await.map(|_| "declined"),
        ),
        _ => (String::new(), Err(DeskError::Invalid(FieldErrors::single(Field::Form, Problem::InvalidChoice)))),
    };
    respond(&state, form, &session, page, subject, result).await
}

async fn respond(
    state: &AppState,
    form: PostedForm,
    session: &Session,
    page: &'static str,
    subject: String,
    result: Result<&'static str, DeskError>,
) -> Response {
    let lang = form.lang();
    match result {
        Ok(done) => {
            let anchor = if subject == "request" { "#requests".to_string() } else { String::new() };
            Redirect::to(&format!("{}{anchor}", href(lang, &format!("{page}?done={done}")))).into_response()
        }
        Err(DeskError::Invalid(errors)) => {
            let outcome = KeyFormOutcome { form: subject, errors, values: form.pairs().to_vec() };
            render(state, form.parts, lang, StatusCode::UNPROCESSABLE_ENTITY, move || provide_context(outcome.clone())).await
        }
        Err(DeskError::Forbidden) => {
            tracing::warn!(user_id = %session.user().id, page, "platform form by a member without the role rejected");
            render(state, form.parts, lang, StatusCode::FORBIDDEN, || {}).await
        }
        Err(DeskError::NotFound) => {
            (StatusCode::NOT_FOUND, "Ключ или заявка не найдены. / The key or request was not found.").into_response()
        }
        Err(other) => server_error(other),
    }
}
