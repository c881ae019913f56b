//! Widget keys from request to revocation: `/desk/platform`, where an agency admin requests
//! keys and manages their body's keys, and `/admin/keys` and `/admin/audit`, where operators
//! decide requests, manage every key and read the audit log. Every form works without
//! JavaScript and posts to the page's own address.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::desk::{desk_error_view, StaffBar};
use super::Redirect;
use crate::components::{href, use_lang, ErrorSummary, SiteLayout, TextAreaField, TextField};
use crate::domain::{Field, FieldErrors};
use super::widget_switch::SwitchForm;
use crate::i18n::platform::platform_texts;
use crate::i18n::widget_switch::switch_texts;
use crate::i18n::Lang;
use crate::model::{AppError, StaffView};

/// A request for a widget key, as shown in lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRequestView {
    pub id: String,
    pub created: String,
    pub org: String,
    pub requested_by: String,
    pub site: String,
    pub origins: Vec<String>,
    pub contact: String,
    pub status: String,
    pub reason: Option<String>,
    pub public_key: Option<String>,
}

/// One day of a key's use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayUse {
    pub day: String,
    pub loads: i64,
    pub submissions: i64,
}

/// A widget key with what its card shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyView {
    pub public_key: String,
    pub org: String,
    pub site: Option<String>,
    pub contact: Option<String>,
    pub origins: Vec<String>,
    /// Its state in words, such as "revoked 01.12.2026 10:00".
    pub state: String,
    pub active: bool,
    /// Whether it may still be rotated (working and not replaced yet).
    pub rotatable: bool,
    pub revoked: bool,
    /// Set while an operator has switched the widget off: when and why, in words.
    pub switched_off: Option<String>,
    pub created: String,
    pub last_used: Option<String>,
    pub snippet: String,
    pub days: Vec<DayUse>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformData {
    pub staff: StaffView,
    pub requests: Vec<KeyRequestView>,
    pub keys: Vec<KeyView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminKeysData {
    pub staff: StaffView,
    pub pending: Vec<KeyRequestView>,
    pub decided: Vec<KeyRequestView>,
    pub keys: Vec<KeyView>,
}

/// The audit log filter, from the page's query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub action: String,
    pub actor: String,
    pub target: String,
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryView {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub ip: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditData {
    pub staff: StaffView,
    pub entries: Vec<AuditEntryView>,
    /// A date in the filter could not be read and was ignored.
    pub bad_filter: bool,
}

/// The action prefixes the audit filter offers.
pub const AUDIT_ACTIONS: [&str; 6] = ["widget_key.", "api_key.", "webhook.", "user.", "calendar.", "org."];

/// A platform form that failed: which form (`request`, a key, or a request id), its errors
/// and the values posted, shown again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyFormOutcome {
    pub form: String,
    pub errors: FieldErrors,
    pub values: Vec<(String, String)>,
}

impl KeyFormOutcome {
    fn for_form(&self, form: &str) -> Option<&KeyFormOutcome> {
        (self.form == form).then_some(self)
    }

    fn value(&self, name: &str) -> String {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use chrono::Duration;

    use super::*;
    use crate::server::platform::snippet;
    use crate::server::state::AppState;
    use crate::server::store::{now, KeyRequestRow, StoreResult, WidgetKeyRow};
    use crate::server::time::{format_moscow, moscow_date};

    pub fn request_view(row: KeyRequestRow) -> KeyRequestView {
        KeyRequestView {
            id: row.id.to_string(),
            created: format_moscow(row.created_at),
            org: row.org_code,
            requested_by: row.requested_by_email,
            site: row.site,
            origins: row.origins,
            contact: row.contact,
            status: row.status,
            reason: row.reason,
            public_key: row.public_key,
        }
    }

    /// Builds the cards of `keys`, with 30 days of use each.
    pub async fn key_views(state: &AppState, keys: Vec<WidgetKeyRow>, lang: Lang) -> StoreResult<Vec<KeyView>> {
        let p = platform_texts(lang);
        let at = now();
        let since = moscow_date(at) - Duration::days(29);
        let ids: Vec<_> = keys.iter().map(|k| k.id).collect();
        let days = state.store.widget_key_days(&ids, since).await?;
        Ok(keys
            .into_iter()
            .rev()
            .map(|key| {
                let state_text = match (key.revoked_at, key.expires_at, &key.replaced_by) {
                    (Some(revoked), _, _) => (p.key_revoked)(&format_moscow(revoked)),
                    (None, Some(until), _) if until <= at => (p.key_expired)(&format_moscow(until)),
                    (None, Some(until), by) => (p.key_expiring)(&format_moscow(until), by.as_deref().unwrap_or("")),
                    (None, None, _) if key.disabled_at.is_some() => p.key_active_switched_off.to_string(),
                    (None, None, _) => p.key_active.to_string(),
                };
                KeyView {
                    snippet: snippet(&state.settings.public_url, &key.public_key),
                    days: days
                        .iter()
                        .filter(|d| d.key_id == key.id)
                        .map(|d| DayUse { day: crate::server::time::format_date(d.day), loads: d.loads, submissions: d.submissions })
                        .collect(),
                    active: key.is_active(at),
                    rotatable: key.is_active(at) && key.replaced_by.is_none(),
                    revoked: key.revoked_at.is_some(),
                    switched_off: key.disabled_at.map(|at| {
                        let reason = key.disabled_reason.clone().unwrap_or_default();
                        (switch_texts(lang).state_off)(&format_moscow(at), &reason)
                    }),
                    state: state_text,
                    created: format_moscow(key.created_at),
                    last_used: key.last_used_at.map(format_moscow),
                    public_key: key.public_key,
                    org: key.org_code,
                    site: key.site,
                    contact: key.contact,
                    origins: key.origins,
                }
            })
            .collect())
    }
}

/// Loads the agency admin's requests and keys.
#[server(prefix = "/fn", endpoint = "platform")]
pub async fn load_platform(lang: Lang) -> Result<PlatformData, AppError> {
    use crate::loaders::{desk_error, ssr as l};
    use crate::server::{desk, platform};

    let state = l::state()?;
    let session = l::session(&state).await?;
    let org_id = platform::require_agency_admin(&session).map_err(desk_error)?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(desk_error)?;
    let requests = state.store.key_requests(Some(org_id), false).await.map_err(l::store_error)?;
    let keys = state.store.widget_keys_of(org_id).await.map_err(l::store_error)?;
    let keys = ssr::key_views(&state, keys, lang).await.map_err(l::store_error)?;
    Ok(PlatformData { staff, requests: requests.into_iter().map(ssr::request_view).collect(), keys })
}

/// Loads every request and key, for an operator.
#[server(prefix = "/fn", endpoint = "admin_keys")]
pub async fn load_admin_keys(lang: Lang) -> Result<AdminKeysData, AppError> {
    use crate::loaders::{desk_error, ssr as l};
    use crate::server::{admin, desk};

    let state = l::state()?;
    let session = l::session(&state).await?;
    admin::require_operator(&session).map_err(desk_error)?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(desk_error)?;
    let requests = state.store.key_requests(None, false).await.map_err(l::store_error)?;
    let (pending, decided): (Vec<_>, Vec<_>) = requests.into_iter().partition(|r| r.status == "pending");
    let keys = state.store.list_widget_keys().await.map_err(l::store_error)?;
    let keys = ssr::key_views(&state, keys, lang).await.map_err(l::store_error)?;
    Ok(AdminKeysData {
        staff,
        pending: pending.into_iter().rev().map(ssr::request_view).collect(),
        decided: decided.into_iter().map(ssr::request_view).collect(),
        keys,
    })
}

/// Loads the newest audit entries that match `query`, for an operator, with actors by e-mail.
#[server(prefix = "/fn", endpoint = "admin_audit")]
pub async fn load_audit(query: AuditQuery, lang: Lang) -> Result<AuditData, AppError> {
    use std::collections::HashMap;

    use chrono::NaiveDate;

    use crate::loaders::{desk_error, ssr as l};
    use crate::server::store::AuditFilter;
    use crate::server::time::{format_moscow, moscow};
    use crate::server::{admin, desk};

    let state = l::state()?;
    let session = l::session(&state).await?;
    admin::require_operator(&session).map_err(desk_error)?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(desk_error)?;
    let users = state.store.list_users().await.map_err(l::store_error)?;
    let email_of: HashMap<String, String> = users.iter().map(|u| (u.id.to_string(), u.email.clone())).collect();

    let mut bad_filter = false;
    let mut day = |raw: &str, next: bool| {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(date) => {
                let date = if next { date.succ_opt().unwrap_or(date) } else { date };
                date.and_hms_opt(0, 0, 0)?.and_local_timezone(moscow()).single().map(|t| t.to_utc())
            }
            Err(_) => {
                bad_filter = true;
                None
            }
        }
    };
    let from = day(&query.from, false);
    let to = day(&query.to, true);
    let actor = query.actor.trim();
    let actor = match users.iter().find(|u| u.email.eq_ignore_ascii_case(actor)) {
        Some(user) => Some(user.id.to_string()),
        None if actor.is_empty() => None,
        None => Some(actor.to_string()),
    };
    let action = AUDIT_ACTIONS.iter().find(|a| **a == query.action).map(|a| a.to_string());
    let target = Some(query.target.trim().chars().take(200).collect::<String>()).filter(|t| !t.is_empty());
    // How many entries a page shows.
    const AUDIT_PAGE: i64 = 200;
    let filter = AuditFilter { action_prefix: action, actor, target_contains: target, from, to, limit: AUDIT_PAGE };
    let entries = state.store.audit_entries(&filter).await.map_err(l::store_error)?;
    Ok(AuditData {
        staff,
        bad_filter,
        entries: entries
            .into_iter()
            .map(|e| AuditEntryView {
                at: format_moscow(e.at),
                actor: email_of.get(&e.actor).cloned().unwrap_or(e.actor),
                action: e.action,
                target: e.target,
                detail: e.detail.unwrap_or_default(),
                ip: e.ip.unwrap_or_default(),
            })
            .collect(),
    })
}

/// Shows the note after a successful action, from the `done` query parameter.
fn done_note(lang: Lang) -> Option<impl IntoView> {
    let done = use_query_map().get_untracked().get("done")?;
    let text = (platform_texts(lang).done)(&done);
    Some(view! { <p class="note note--important" role="status">{text}</p> })
}

#[component]
pub fn PlatformPage() -> impl IntoView {
    let lang = use_lang();
    let p = platform_texts(lang);
    let outcome = use_context::<KeyFormOutcome>();
    let content = Suspend::new(async move {
        let data = match load_platform(lang).await {
            Ok(data) => data,
            Err(error) => return desk_error_view(error),
        };
        if data.staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let csrf = data.staff.csrf_token.clone();
        let request_outcome = outcome.as_ref().and_then(|o| o.for_form("request")).cloned();
        let keys = data
            .keys
            .into_iter()
            .map(|key| {
                let key_outcome = outcome.as_ref().and_then(|o| o.for_form(&key.public_key)).cloned();
                view! { <KeyCard key post_to="/desk/platform" csrf=csrf.clone() outcome=key_outcome/> }
            })
            .collect_view();
        let no_keys = keys.is_empty().then(|| view! { <p>{p.no_keys}</p> });
        view! {
            <StaffBar staff=data.staff/>
            <h1>{p.title}</h1>
            <p class="lead">{p.intro}</p>
            {done_note(lang)}
            <p>
                {p.other_tools} " "
                <a href=href(lang, "/desk/platform/api-keys")>{p.api_keys_link}</a> ", "
                <a href=href(lang, "/desk/platform/webhooks")>{p.webhooks_link}</a>
            </p>
            <h2 id="keys">{p.keys_title}</h2>
            {no_keys}
            {keys}
            <h2 id="request">{p.request_title}</h2>
            <RequestForm csrf=csrf.clone() outcome=request_outcome/>
            <h2 id="requests">{p.requests_title}</h2>
            <RequestTable requests=data.requests with_org=false/>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=p.title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

#[component]
fn RequestForm(csrf: String, outcome: Option<KeyFormOutcome>) -> impl IntoView {
    let lang = use_lang();
    let p = platform_texts(lang);
    provide_context(crate::components::FieldScope("new-request".to_string()));
    let errors = outcome.as_ref().map(|o| o.errors.clone()).unwrap_or_default();
    let value = |name: &str| outcome.as_ref().map(|o| o.value(name)).unwrap_or_default();
    view! {
        <p>{p.request_intro}</p>
        // The fragment scrolls the page rendered for a rejected form to its errors.
        <form method="post" action=format!("{}#request", href(lang, "/desk/platform")) novalidate=true class="narrow-form">
            {(!errors.is_empty()).then(|| view! { <ErrorSummary errors=errors.clone()/> })}
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="action" value="request"/>
            <TextField field=Field::Site value=value("site") problem=errors.get(Field::Site) required=true hint=p.site_hint/>
            <TextAreaField field=Field::Origins value=value("origins") problem=errors.get(Field::Origins) required=true
                hint=p.origins_hint rows=3/>
            <TextField field=Field::Contact value=value("contact") problem=errors.get(Field::Contact) required=true
                hint=p.contact_hint/>
            <div class="actions">
                <button type="submit" class="button button--primary">{p.request_submit}</button>
            </div>
        </form>
    }
}

#[component]
fn RequestTable(requests: Vec<KeyRequestView>, with_org: bool) -> impl IntoView {
    let p = platform_texts(use_lang());
    if requests.is_empty() {
        return view! { <p>{p.no_requests}</p> }.into_any();
    }
    let rows = requests
        .into_iter()
        .map(|r| {
            let status = (p.request_status)(&r.status);
            let reason = r.reason.clone().map(|reason| view! { <br/> {p.declined_because} " " {reason} });
            let key = r.public_key.clone().map(|key| view! { <br/> <code>{key}</code> });
            let org = with_org.then(|| view! { <td>{r.org.clone()}</td> <td>{r.requested_by.clone()}</td> });
            view! {
                <tr>
                    <td>{r.created.clone()}</td>
                    {org}
                    <td>{r.site.clone()}</td>
                    <td>{r.origins.join(" ")}</td>
                    <td>{r.contact.clone()}</td>
                    <td>{status} {reason} {key}</td>
                </tr>
            }
        })
        .collect_view();
    let org_heads = with_org.then(|| view! { <th scope="col">{p.col_body}</th> <th scope="col">{p.col_requested_by}</th> });
    view! {
        <div class="table-scroll">
            <table class="inbox">
                <thead>
                    <tr>
                        <th scope="col">{p.col_created}</th>
                        {org_heads}
                        <th scope="col">{p.col_site}</th>
                        <th scope="col">{p.col_origins}</th>
                        <th scope="col">{p.col_contact}</th>
                        <th scope="col">{p.col_status}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Shows one key: its state, snippet, use, and the forms to edit origins, rotate and revoke.
#[component]
fn KeyCard(key: KeyView, post_to: &'static str, csrf: String, outcome: Option<KeyFormOutcome>) -> impl IntoView {
    let lang = use_lang();
    let p = platform_texts(lang);
    // Every card has the same fields, so their ids carry the key.
    provide_context(crate::components::FieldScope(key.public_key.clone()));
    let errors = outcome.as_ref().map(|o| o.errors.clone()).unwrap_or_default();
    let summary = (!errors.is_empty()).then(|| view! { <ErrorSummary errors=errors.clone()/> });
    let origins_value = outcome.as_ref().map(|o| o.value("origins")).filter(|v| !v.is_empty()).unwrap_or_else(|| key.origins.join("\n"));
    let overlap_value = outcome.as_ref().map(|o| o.value("overlap_days")).unwrap_or_else(|| "7".to_string());
    let id = format!("key-{}", key.public_key);
    let heading = match &key.site {
        Some(site) => format!("{site} · {}", key.org),
        None => key.org.clone(),
    };
    let use_table = if key.days.is_empty() {
        view! { <p>{p.no_use}</p> }.into_any()
    } else {
        let rows = key
            .days
            .iter()
            .map(|d| view! { <tr><td>{d.day.clone()}</td><td>{d.loads}</td><td>{d.submissions}</td></tr> })
            .collect_view();
        view! {
            <table class="inbox">
                <thead>
                    <tr>
                        <th scope="col">{p.col_day}</th>
                        <th scope="col">{p.col_loads}</th>
                        <th scope="col">{p.col_submissions}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let snippet_id = format!("snippet-{}", key.public_key);
    let action = format!("{}#key-{}", href(lang, post_to), key.public_key);
    let manage = (!key.revoked).then(|| {
        let rotate = key.rotatable.then(|| {
            view! {
                <form method="post" action=action.clone() novalidate=true class="narrow-form">
                    <h4>{p.rotate_title}</h4>
                    <p>{p.rotate_hint}</p>
                    <input type="hidden" name="csrf" value=csrf.clone()/>
                    <input type="hidden" name="action" value="rotate"/>
                    <input type="hidden" name="key" value=key.public_key.clone()/>
                    <TextField field=Field::OverlapDays value=overlap_value.clone() problem=errors.get(Field::OverlapDays)
                        kind="number"/>
                    <button type="submit" class="button">{p.rotate_submit}</button>
                </form>
            }
        });
        view! {
            <form method="post" action=action.clone() novalidate=true class="narrow-form">
                <h4>{p.origins_title}</h4>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="action" value="origins"/>
                <input type="hidden" name="key" value=key.public_key.clone()/>
                <TextAreaField field=Field::Origins value=origins_value.clone() problem=errors.get(Field::Origins)
                    required=true hint=p.origins_hint rows=3/>
                <button type="submit" class="button">{p.save_origins}</button>
            </form>
            {rotate}
            <form method="post" action=action.clone() class="narrow-form">
                <h4>{p.revoke_title}</h4>
                <p>{p.revoke_hint}</p>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="action" value="revoke"/>
                <input type="hidden" name="key" value=key.public_key.clone()/>
                <button type="submit" class="button button--danger">{p.revoke_submit}</button>
            </form>
        }
    });
    let switch_state = (!key.revoked).then(|| {
        let s = switch_texts(lang);
        let text = key.switched_off.clone().unwrap_or_else(|| s.state_on.to_string());
        view! { <dt>{s.state_label}</dt><dd class="widget-state">{text}</dd> }
    });
    let switch = (post_to == "/admin/keys" && !key.revoked).then(|| {
        let reason = outcome.as_ref().map(|o| o.value("switch_off_reason")).unwrap_or_default();
        view! { <SwitchForm public_key=key.public_key.clone() off=key.switched_off.is_some() action=action.clone()
            csrf=csrf.clone() reason problem=errors.get(Field::SwitchOffReason)/> }
    });
    let snippet = key.active.then(|| {
        view! {
            <label for=snippet_id.clone()><strong>{p.snippet_title}</strong></label>
            <p class="field__hint">{p.snippet_hint}</p>
            <textarea id=snippet_id.clone() class="snippet" readonly=true rows="3">{key.snippet.clone()}</textarea>
        }
    });
    view! {
        <section class="key-card" id=id aria-labelledby=format!("{}-title", key.public_key)>
            <h3 id=format!("{}-title", key.public_key)><code>{key.public_key.clone()}</code></h3>
            {summary}
            <dl class="facts">
                <dt>{p.col_site}</dt><dd>{heading}</dd>
                <dt>{p.col_status}</dt><dd class="key-state">{key.state.clone()}</dd>
                {switch_state}
                <dt>{p.col_origins}</dt><dd>{key.origins.join(" ")}</dd>
                <dt>{p.col_contact}</dt><dd>{key.contact.clone().unwrap_or_default()}</dd>
                <dt>{p.created}</dt><dd>{key.created.clone()}</dd>
                <dt>{p.last_used}</dt><dd>{key.last_used.clone().unwrap_or_else(|| p.never_used.to_string())}</dd>
            </dl>
            {snippet}
            <h4>{p.stats_title}</h4>
            {use_table}
            {manage}
            {switch}
        </section>
    }
}

#[component]
pub fn AdminKeysPage() -> impl IntoView {
    let lang = use_lang();
    let p = platform_texts(lang);
    let outcome = use_context::<KeyFormOutcome>();
    let content = Suspend::new(async move {
        let data = match load_admin_keys(lang).await {
            Ok(data) => data,
            Err(error) => return desk_error_view(error),
        };
        if data.staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let csrf = data.staff.csrf_token.clone();
        let pending = if data.pending.is_empty() {
            view! { <p>{p.no_pending}</p> }.into_any()
        } else {
            data.pending
                .into_iter()
                .map(|r| {
                    let r_outcome = outcome.as_ref().and_then(|o| o.for_form(&r.id)).cloned();
                    view! { <PendingRequest request=r csrf=csrf.clone() outcome=r_outcome/> }
                })
                .collect_view()
                .into_any()
        };
        let keys = data
            .keys
            .into_iter()
            .map(|key| {
                let key_outcome = outcome.as_ref().and_then(|o| o.for_form(&key.public_key)).cloned();
                view! { <KeyCard key post_to="/admin/keys" csrf=csrf.clone() outcome=key_outcome/> }
            })
            .collect_view();
        view! {
            <StaffBar staff=data.staff/>
            <h1>{p.nav_keys}</h1>
            {done_note(lang)}
            <h2 id="pending">{p.pending_title}</h2>
            {pending}
            <h2 id="keys">{p.all_keys_title}</h2>
            {keys}
            <h2 id="decided">{p.decided_title}</h2>
            <RequestTable requests=data.decided with_org=true/>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=p.nav_keys.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

#[component]
fn PendingRequest(request: KeyRequestView, csrf: String, outcome: Option<KeyFormOutcome>) -> impl IntoView {
    let lang = use_lang();
    let p = platform_texts(lang);
    provide_context(crate::components::FieldScope(format!("request-{}", request.id)));
    let errors = outcome.as_ref().map(|o| o.errors.clone()).unwrap_or_default();
    let summary = (!errors.is_empty()).then(|| view! { <ErrorSummary errors=errors.clone()/> });
    let reason = outcome.as_ref().map(|o| o.value("decline_reason")).unwrap_or_default();
    let action = format!("{}#request-{}", href(lang, "/admin/keys"), request.id);
    view! {
        <section class="key-card" id=format!("request-{}", request.id)>
            <h3>{request.site.clone()} " · " {request.org.clone()}</h3>
            {summary}
            <dl class="facts">
                <dt>{p.col_created}</dt><dd>{request.created.clone()}</dd>
                <dt>{p.col_requested_by}</dt><dd>{request.requested_by.clone()}</dd>
                <dt>{p.col_origins}</dt><dd>{request.origins.join(" ")}</dd>
                <dt>{p.col_contact}</dt><dd>{request.contact.clone()}</dd>
            </dl>
            <form method="post" action=action.clone() class="narrow-form">
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="action" value="approve"/>
                <input type="hidden" name="request" value=request.id.clone()/>
                <button type="submit" class="button button--primary">{p.approve}</button>
            </form>
            <form method="post" action=action novalidate=true class="narrow-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="action" value="decline"/>
                <input type="hidden" name="request" value=request.id.clone()/>
                <TextAreaField field=Field::DeclineReason value=reason problem=errors.get(Field::DeclineReason) required=true
                    hint=p.decline_hint rows=2/>
                <button type="submit" class="button">{p.decline}</button>
            </form>
        </section>
    }
}

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let lang = use_lang();
    let p = platform_texts(lang);
    let params = use_query_map().get_untracked();
    let query = AuditQuery {
        action: params.get("action").unwrap_or_default(),
        actor: params.get("actor").unwrap_or_default(),
        target: params.get("target").unwrap_or_default(),
        from: params.get("from").unwrap_or_default(),
        to: params.get("to").unwrap_or_default(),
    };
    let content = Suspend::new(async move {
        let data = match load_audit(query.clone(), lang).await {
            Ok(data) => data,
            Err(error) => return desk_error_view(error),
        };
        let options = AUDIT_ACTIONS
            .iter()
            .map(|a| view! { <option value=*a selected=query.action == *a>{a.trim_end_matches('.')}</option> })
            .collect_view();
        let bad = data.bad_filter.then(|| view! { <p class="note note--important" role="alert">{p.bad_filter}</p> });
        let count = data.entries.len();
        let table = if data.entries.is_empty() {
            view! { <p>{p.no_entries}</p> }.into_any()
        } else {
            let rows = data
                .entries
                .into_iter()
                .map(|e| {
                    view! {
                        <tr>
                            <td>{e.at}</td>
                            <td>{e.actor}</td>
                            <td><code>{e.action}</code></td>
                            <td>{e.target}</td>
                            <td>{e.detail}</td>
                            <td>{e.ip}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p>{(p.shown_newest)(count)}</p>
                <div class="table-scroll">
                    <table class="inbox audit">
                        <thead>
                            <tr>
                                <th scope="col">{p.col_when}</th>
                                <th scope="col">{p.col_who}</th>
                                <th scope="col">{p.col_action}</th>
                                <th scope="col">{p.col_target}</th>
                                <th scope="col">{p.col_detail}</th>
                                <th scope="col">{p.col_ip}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        };
        let lang_input = (lang == Lang::En).then(|| view! { <input type="hidden" name="lang" value="en"/> });
        view! {
            <StaffBar staff=data.staff/>
            <h1>{p.audit_title}</h1>
            <p class="lead">{p.audit_intro}</p>
            <form method="get" action="/admin/audit" class="filters">
                {lang_input}
                <div class="field">
                    <label for="audit-action">{p.filter_action}</label>
                    <select id="audit-action" name="action">
                        <option value="">{p.any_action}</option>
                        {options}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-actor">{p.filter_actor}</label>
                    <input id="audit-actor" name="actor" type="text" value=query.actor.clone()/>
                </div>
                <div class="field">
                    <label for="audit-target">{p.filter_target}</label>
                    <input id="audit-target" name="target" type="text" value=query.target.clone()/>
                </div>
                <div class="field">
                    <label for="audit-from">{p.filter_from}</label>
                    <input id="audit-from" name="from" type="date" value=query.from.clone()/>
                </div>
                <div class="field">
                    <label for="audit-to">{p.filter_to}</label>
                    <input id="audit-to" name="to" type="date" value=query.to.clone()/>
                </div>
                <div class="actions">
                    <button type="submit" class="button button--primary">{p.filter_show}</button>
                    <a href=href(lang, "/admin/audit")>{p.filter_reset}</a>
                </div>
            </form>
            {bad}
            {table}
        }
        .into_any()
    });
    view! {
        <SiteLayout title=p.audit_title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}
