//! `POST /desk/platform/api-keys`: an agency admin issues (`action=create`) or revokes
//! (`action=revoke`) a secret API key of their body. The page is rendered again with the
//! outcome, never redirected to, so that a new key appears once and in no address.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;
use uuid::Uuid;

use app::components::href;
use app::domain::{Field, Problem};
use app::pages::ApiKeyOutcome;
use app::server::api_keys::{create_key, KeyRequest, KeyRequestError, MAX_NAME_CHARS};
use app::server::auth::current_session;
use app::server::platform::require_agency_admin;
use app::server::state::AppState;
use app::server::store::{now, AuditActor, StoreError};

use crate::forms::{client_address, csrf_rejected, read_form, render, server_error};

pub async fn post_api_keys(State(state): State<AppState>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang();
    let t = lang.api_texts();
    let session = match current_session(&state, &form.parts.headers, now()).await {
        Ok(Some(session)) => session,
        Ok(None) => return Redirect::to(&href(lang, "/desk/login")).into_response(),
        Err(error) => return server_error(error),
    };
    if !session.csrf_matches(&form.value("csrf")) {
        tracing::warn!(user_id = %session.user().id, "api key form with a wrong CSRF token rejected");
        return csrf_rejected();
    }
    let Ok(org_id) = require_agency_admin(&session) else {
        tracing::warn!(user_id = %session.user().id, "api key change by a member who is not an agency admin rejected");
        return render(&state, form.parts, lang, StatusCode::FORBIDDEN, || {}).await;
    };
    let by = AuditActor { actor: session.user().id.to_string(), ip: Some(client_address(&form.parts)) };

    let mut outcome = ApiKeyOutcome {
        name: form.value("name"),
        read: !form.value("scope_read").is_empty(),
        write: !form.value("scope_write").is_empty(),
        ..Default::default()
    };
    let status = match form.value("action").as_str() {
        "create" => {
            let mut scopes = Vec::new();
            if outcome.read {
                scopes.push("complaints:read");
            }
            if outcome.write {
                scopes.push("complaints:write");
            }
            match KeyRequest::parse(&outcome.name, &scopes) {
                Ok(request) => match create_key(&state, org_id, &request, &by, now()).await {
                    Ok(created) => {
                        outcome.created = Some((created.row.name, created.secret));
                        outcome.name = String::new();
                        StatusCode::OK
                    }
                    Err(error) => return server_error(error),
                },
                Err(errors) => {
                    outcome.errors = errors
                        .iter()
                        .map(|error| match error {
                            KeyRequestError::NameMissing => t.key_name_missing.to_string(),
                            KeyRequestError::NameTooLong => (t.key_name_too_long)(MAX_NAME_CHARS),
                            KeyRequestError::NoScope => t.key_no_scope.to_string(),
                            KeyRequestError::UnknownScope(scope) => (t.key_unknown_scope)(scope),
                        })
                        .collect();
                    StatusCode::UNPROCESSABLE_ENTITY
                }
            }
        }
        "revoke" => {
            let id = Uuid::parse_str(form.value("id").trim()).ok();
            let result = match id {
                Some(id) => state.store.revoke_api_key(id, Some(org_id), &by, now()).await,
                None => Err(StoreError::NotFound),
            };
            match result {
                Ok(key) => {
                    tracing::info!(key_id = %key.id, "api key revoked");
                    outcome.revoked = true;
                    StatusCode::OK
                }
                // Another body's key reads as missing, so ids cannot be probed.
                Err(StoreError::NotFound) => {
                    tracing::warn!(user_id = %session.user().id, "revocation of an unknown or foreign api key rejected");
                    outcome.errors = vec![t.key_not_found.to_string()];
                    StatusCode::NOT_FOUND
                }
                Err(StoreError::Conflict(_)) => {
                    outcome.errors = vec![t.key_already_revoked.to_string()];
                    StatusCode::CONFLICT
                }
                Err(error) => return server_error(error),
            }
        }
        _ => {
            outcome.errors = vec![(lang.texts().problem)(Field::Form, Problem::InvalidChoice)];
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    render(&state, form.parts, lang, status, move || provide_context(outcome.clone())).await
}
