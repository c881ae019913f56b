//! Handlers of the webhook forms at `/desk/platform/webhooks`. A change redirects back to the
//! list. A new or rotated secret is shown only once, so that response renders the list page
//! itself, as does a rejected form, which keeps its values.

use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;
use uuid::Uuid;

use app::pages::{WebhookOutcome, WEBHOOKS_PATH};
use app::server::platform::require_agency_admin;
use app::server::state::AppState;
use app::server::store::{now, WebhookActor};
use app::server::webhooks::{self, EndpointAction, EndpointError};

use crate::forms::{client_address, read_form, render, server_error, staff_session, PostedForm};

/// `POST /desk/platform/webhooks`: an agency admin adds an endpoint for their body.
pub async fn post_create(State(state): State<AppState>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang();
    let session = match staff_session(&state, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let Ok(org_id) = require_agency_admin(&session) else {
        tracing::warn!(user_id = %session.user().id, "webhook change by a non-admin rejected");
        return render(&state, form.parts, lang, StatusCode::FORBIDDEN, || {}).await;
    };
    let url = form.value("url");
    let events = form.values("events");
    let ip = client_address(&form.parts);
    let actor = WebhookActor { user_id: session.user().id, ip: &ip };

    let (outcome, status) = match webhooks::create_endpoint(&state, org_id, &url, &events, &actor, now()).await {
        Ok(secret) => (WebhookOutcome { secret: Some(secret), ..Default::default() }, StatusCode::CREATED),
        Err(EndpointError::Invalid(problems)) => {
            (WebhookOutcome { url, events, problems, secret: None }, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error @ (EndpointError::NotFound | EndpointError::Store(_))) => return server_error(error),
    };
    render(&state, form.parts, lang, status, move || provide_context(outcome.clone())).await
}

/// `POST /desk/platform/webhooks/{id}`: enables, disables, rotates the secret of or revokes
/// an endpoint of the admin's body (`action` = `enable`, `disable`, `rotate`, `revoke`). Another
/// body's endpoint is not found, and nothing changes.
pub async fn post_action(State(state): State<AppState>, Path(id): Path<String>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang();
    let session = match staff_session(&state, &form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let Ok(org_id) = require_agency_admin(&session) else {
        tracing::warn!(user_id = %session.user().id, "webhook change by a non-admin rejected");
        return render(&state, form.parts, lang, StatusCode::FORBIDDEN, || {}).await;
    };
    let (Ok(id), Some(action)) = (Uuid::parse_str(&id), EndpointAction::parse(&form.value("action"))) else {
        return not_found(&state, form).await;
    };
    let ip = client_address(&form.parts);
    let actor = WebhookActor { user_id: session.user().id, ip: &ip };

    match webhooks::act_on_endpoint(&state, org_id, id, action, &actor, now()).await {
        Ok(None) => Redirect::to(&app::components::href(lang, WEBHOOKS_PATH)).into_response(),
        Ok(Some(secret)) => {
            let outcome = WebhookOutcome { secret: Some(secret), ..Default::default() };
            let mut parts = form.parts;
            parts.uri = Uri::from_static(WEBHOOKS_PATH);
            render(&state, parts, lang, StatusCode::OK, move || provide_context(outcome.clone())).await
        }
        Err(EndpointError::NotFound) => {
            tracing::warn!(user_id = %session.user().id, endpoint_id = %id, "change of an unknown webhook endpoint rejected");
            not_found(&state, form).await
        }
        Err(error @ (EndpointError::Invalid(_) | EndpointError::Store(_))) => server_error(error),
    }
}

/// Renders the not-found page for an endpoint that is not the admin's.
async fn not_found(state: &AppState, form: PostedForm) -> Response {
    let lang = form.lang();
    let mut parts = form.parts;
    parts.uri = Uri::from_static("/desk/platform/webhooks/not-found");
    render(state, parts, lang, StatusCode::NOT_FOUND, || {}).await
}
