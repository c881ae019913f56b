//! `/desk/platform/webhooks`: an agency admin's webhook endpoints with the forms that add,
//! disable, enable, rotate and revoke them, and `/desk/platform/webhooks/{id}`, one
//! endpoint's delivery log. Every form is a plain POST that works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::desk::{desk_error_view, StaffBar};
use super::Redirect;
use crate::components::{href, use_lang, PageError, SiteLayout};
use crate::i18n::webhooks::{texts, WebhookTexts};
use crate::i18n::Lang;
use crate::model::{AppError, StaffView};

/// The list page's address.
pub const WEBHOOKS_PATH: &str = "/desk/platform/webhooks";

/// A problem of a posted endpoint form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndpointProblem {
    UrlMissing,
    UrlInvalid,
    UrlScheme,
    /// `http://` to a host that is not loopback.
    UrlHttpRemote,
    UrlCredentials,
    UrlTooLong,
    EventsMissing,
}

impl EndpointProblem {
    /// Returns the form field the problem concerns: `url` or `events`.
    pub fn field(self) -> &'static str {
        match self {
            EndpointProblem::EventsMissing => "events",
            _ => "url",
        }
    }

    /// Returns the message that names the field and the fix.
    pub fn message(self, t: &WebhookTexts) -> &'static str {
        match self {
            EndpointProblem::UrlMissing => t.url_missing,
            EndpointProblem::UrlInvalid => t.url_invalid,
            EndpointProblem::UrlScheme => t.url_scheme,
            EndpointProblem::UrlHttpRemote => t.url_http_remote,
            EndpointProblem::UrlCredentials => t.url_credentials,
            EndpointProblem::UrlTooLong => t.url_too_long,
            EndpointProblem::EventsMissing => t.events_missing,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndpointState {
    Enabled,
    Disabled,
    Revoked,
}

/// An endpoint as the pages show it; the secret is never part of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointView {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    pub state: EndpointState,
    pub created_at: String,
}

/// One line of the delivery log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub event_id: String,
    pub event_type: String,
    pub number: String,
    pub attempts: i32,
    /// The last HTTP status, or the error when no response came.
    pub last_result: Option<String>,
    pub next_attempt_at: Option<String>,
    pub delivered_at: Option<String>,
    /// The delivery ended unsent.
    pub failed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhooksData {
    pub staff: StaffView,
    pub endpoints: Vec<EndpointView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveriesData {
    pub staff: StaffView,
    pub endpoint: EndpointView,
    pub deliveries: Vec<DeliveryView>,
}

/// The result of a posted webhook form, which the form handler provides to the page it
/// renders: the posted values and problems of a rejected form, or the new secret.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WebhookOutcome {
    pub url: String,
    pub events: Vec<String>,
    pub problems: Vec<EndpointProblem>,
    /// The signing secret just created or rotated, shown this once.
    pub secret: Option<String>,
}

#[cfg(feature = "ssr")]
fn page_error(error: crate::server::desk::DeskError) -> AppError {
    use crate::server::desk::DeskError;
    match error {
        DeskError::NotFound => AppError::NotFound,
        DeskError::Forbidden => AppError::Forbidden,
        other => crate::loaders::ssr::internal(other),
    }
}

#[cfg(feature = "ssr")]
fn endpoint_view(row: &crate::server::store::WebhookEndpointRow) -> EndpointView {
    let state = match (row.revoked_at, row.enabled) {
        (Some(_), _) => EndpointState::Revoked,
        (None, true) => EndpointState::Enabled,
        (None, false) => EndpointState::Disabled,
    };
    EndpointView {
        id: row.id.to_string(),
        url: row.url.clone(),
        events: row.events.split_whitespace().map(str::to_string).collect(),
        state,
        created_at: crate::server::time::format_moscow(row.created_at),
    }
}

/// Loads the endpoints of the signed-in agency admin's body.
#[server(prefix = "/fn", endpoint = "webhooks")]
pub async fn load_webhooks(lang: Lang) -> Result<WebhooksData, AppError> {
    use crate::loaders::ssr;
    use crate::server::{desk, platform};

    let state = ssr::state()?;
    let session = ssr::session(&state).await?;
    let org_id = platform::require_agency_admin(&session).map_err(page_error)?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(page_error)?;
    let rows = state.store.webhook_endpoints(org_id).await.map_err(ssr::store_error)?;
    Ok(WebhooksData { staff, endpoints: rows.iter().map(endpoint_view).collect() })
}

/// Loads the delivery log of endpoint `id`, only for an agency admin of its body.
#[server(prefix = "/fn", endpoint = "webhook_deliveries")]
pub async fn load_webhook_deliveries(id: String, lang: Lang) -> Result<DeliveriesData, AppError> {
    use crate::loaders::ssr;
    use crate::server::time::format_moscow;
    use crate::server::{desk, platform};

    let state = ssr::state()?;
    let session = ssr::session(&state).await?;
    let org_id = platform::require_agency_admin(&session).map_err(page_error)?;
    let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(page_error)?;
    let endpoint = state.store.webhook_endpoint(org_id, id).await.map_err(ssr::store_error)?;
    let rows = state.store.webhook_deliveries(endpoint.id, 200).await.map_err(ssr::store_error)?;
    let deliveries = rows
        .into_iter()
        .map(|row| DeliveryView {
            event_id: row.event_id.to_string(),
            event_type: row.event_type,
            number: row.complaint_number,
            attempts: row.attempts,
            last_result: match (row.last_status, row.last_error) {
                (Some(status), _) => Some(status.to_string()),
                (None, error) => error,
            },
            next_attempt_at: row.next_attempt_at.filter(|_| row.delivered_at.is_none()).map(format_moscow),
            delivered_at: row.delivered_at.map(format_moscow),
            failed: row.failed_at.is_some(),
        })
        .collect();
    Ok(DeliveriesData { staff, endpoint: endpoint_view(&endpoint), deliveries })
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let lang = use_lang();
    let w = texts(lang);
    let outcome = use_context::<WebhookOutcome>().unwrap_or_default();
    let content = Suspend::new(async move {
        let data = match load_webhooks(lang).await {
            Ok(data) => data,
            Err(error) => return desk_error_view(error),
        };
        if data.staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let csrf = data.staff.csrf_token.clone();
        let secret = outcome.secret.clone().map(|secret| {
            view! {
                <div class="note note--important" role="status">
                    <h2>{w.secret_title}</h2>
                    <p>{w.secret_once}</p>
                    <p><code data-testid="webhook-secret">{secret}</code></p>
                </div>
            }
        });
        view! {
            <StaffBar staff=data.staff.clone()/>
            <h1>{w.title}</h1>
            {secret}
            <p class="lead">{w.intro}</p>
            <p>{w.signing}</p>
            <EndpointTable endpoints=data.endpoints csrf=csrf.clone()/>
            <AddForm outcome=outcome.clone() csrf/>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=w.title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

#[component]
fn EndpointTable(endpoints: Vec<EndpointView>, csrf: String) -> impl IntoView {
    let lang = use_lang();
    let w = texts(lang);
    if endpoints.is_empty() {
        return view! { <p>{w.none}</p> }.into_any();
    }
    let rows = endpoints
        .into_iter()
        .map(|endpoint| {
            let state = match endpoint.state {
                EndpointState::Enabled => w.state_enabled,
                EndpointState::Disabled => w.state_disabled,
                EndpointState::Revoked => w.state_revoked,
            };
            let action = href(lang, &format!("{WEBHOOKS_PATH}/{}", endpoint.id));
            let buttons: Vec<(&str, &str)> = match endpoint.state {
                EndpointState::Enabled => vec![("disable", w.disable), ("rotate", w.rotate), ("revoke", w.revoke)],
                EndpointState::Disabled => vec![("enable", w.enable), ("rotate", w.rotate), ("revoke", w.revoke)],
                EndpointState::Revoked => Vec::new(),
            };
            let buttons = buttons
                .into_iter()
                .map(|(code, label)| {
                    view! {
                        <form method="post" action=action.clone() class="inline-form">
                            <input type="hidden" name="csrf" value=csrf.clone()/>
                            <input type="hidden" name="lang" value=lang.code()/>
                            <button type="submit" class="button button--small" name="action" value=code>{label}</button>
                        </form>
                    }
                })
                .collect_view();
            view! {
                <tr data-endpoint=endpoint.id.clone()>
                    <td><code>{endpoint.url.clone()}</code></td>
                    <td>{endpoint.events.join(", ")}</td>
                    <td>{state}</td>
                    <td>{endpoint.created_at.clone()}</td>
                    <td>
                        <a href=action.clone()>{w.deliveries}</a>
                        {buttons}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="inbox">
            <thead>
                <tr>
                    <th scope="col">{w.col_url}</th>
                    <th scope="col">{w.col_events}</th>
                    <th scope="col">{w.col_state}</th>
                    <th scope="col">{w.col_created}</th>
                    <th scope="col">{w.col_actions}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn AddForm(outcome: WebhookOutcome, csrf: String) -> impl IntoView {
    let lang = use_lang();
    let w = texts(lang);
    let problem_of = |field: &str| outcome.problems.iter().find(|p| p.field() == field).map(|p| p.message(w));
    let url_problem = problem_of("url");
    let events_problem = problem_of("events");

    let summary = (!outcome.problems.is_empty()).then(|| {
        let items = outcome.problems.iter().map(|p| view! { <li>{p.message(w)}</li> }).collect_view();
        view! {
            <div class="error-summary" id="error-summary" role="alert" tabindex="-1">
                <h2 class="error-summary__title">{w.error_title}</h2>
                <ul class="error-summary__list">{items}</ul>
            </div>
        }
    });

    // A fresh form ticks every event; a rejected one keeps what was posted.
    let ticked = |event: &str| outcome.problems.is_empty() || outcome.events.iter().any(|e| e == event);
    let events = [
        (EVENT_CREATED, w.event_created),
        (EVENT_STATUS_CHANGED, w.event_status_changed),
    ]
    .into_iter()
    .map(|(code, label)| {
        let id = format!("field-event-{}", code.replace('.', "-"));
        view! {
            <div class="choice">
                <input type="checkbox" id=id.clone() name="events" value=code checked=ticked(code)/>
                <label for=id>{label}</label>
            </div>
        }
    })
    .collect_view();

    view! {
        <h2>{w.add_title}</h2>
        <form method="post" action=href(lang, WEBHOOKS_PATH) novalidate=true class="narrow-form">
            {summary}
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="lang" value=lang.code()/>
            <div class=if url_problem.is_some() { "field field--invalid" } else { "field" } data-field="url">
                <label for="field-url">{w.url_label}</label>
                <p class="field__hint" id="hint-url">{w.url_hint}</p>
                <input type="url" id="field-url" name="url" value=outcome.url.clone() required=true
                    aria-invalid=url_problem.is_some().then_some("true") aria-describedby="hint-url error-url"/>
                <p class="field__error" id="error-url" hidden=url_problem.is_none()>{url_problem}</p>
            </div>
            <fieldset class=if events_problem.is_some() { "field field--invalid" } else { "field" } data-field="events">
                <legend>{w.events_label}</legend>
                {events}
                <p class="field__error" id="error-events" hidden=events_problem.is_none()>{events_problem}</p>
            </fieldset>
            <button type="submit" class="button button--primary">{w.add}</button>
        </form>
    }
}

/// The event type codes, as the forms post them; the server checks them against its list.
pub const EVENT_CREATED: &str = "complaint.created";
pub const EVENT_STATUS_CHANGED: &str = "complaint.status_changed";

#[component]
pub fn WebhookDeliveriesPage() -> impl IntoView {
    let lang = use_lang();
    let w = texts(lang);
    let id = use_params_map().get_untracked().get("id").unwrap_or_default();
    let content = Suspend::new(async move {
        if id.len() > 64 {
            return view! { <PageError error=AppError::NotFound/> }.into_any();
        }
        let data = match load_webhook_deliveries(id, lang).await {
            Ok(data) => data,
            Err(error) => return desk_error_view(error),
        };
        if data.staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let log = if data.deliveries.is_empty() {
            view! { <p>{w.log_empty}</p> }.into_any()
        } else {
            let rows = data
                .deliveries
                .into_iter()
                .map(|d| {
                    let next = if d.failed { Some(w.gave_up.to_string()) } else { d.next_attempt_at.clone() };
                    view! {
                        <tr data-event=d.event_id.clone()>
                            <td><code>{d.event_id.clone()}</code></td>
                            <td>{d.event_type.clone()}</td>
                            <td>{d.number.clone()}</td>
                            <td>{d.attempts}</td>
                            <td>{d.last_result.clone()}</td>
                            <td>{next}</td>
                            <td>{d.delivered_at.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="inbox">
                    <thead>
                        <tr>
                            <th scope="col">{w.col_event}</th>
                            <th scope="col">{w.col_type}</th>
                            <th scope="col">{w.col_number}</th>
                            <th scope="col">{w.col_attempts}</th>
                            <th scope="col">{w.col_last}</th>
                            <th scope="col">{w.col_next}</th>
                            <th scope="col">{w.col_delivered}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        };
        view! {
            <StaffBar staff=data.staff.clone()/>
            <p><a href=href(lang, WEBHOOKS_PATH)>{w.back}</a></p>
            <h1>{w.log_title}</h1>
            <p><code>{data.endpoint.url.clone()}</code></p>
            {log}
        }
        .into_any()
    });
    view! {
        <SiteLayout title=w.log_title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}
