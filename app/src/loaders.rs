//! Server functions that load page data.
//!
//! Every server function is also a public URL (`POST /fn/...`) that anyone can call with
//! any arguments, so each one parses its input and checks the caller itself.

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::model::{
    AppError, CalendarYearEdit, CalendarYearSummary, DeskComplaintPage, DeskInbox, FormContext, InboxQuery, OrgSummary,
    StaffView, WidgetContext,
};

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Helpers that the server functions share.

    use leptos::prelude::*;

    use crate::model::AppError;
    use crate::server::auth::{current_session, Session};
    use crate::server::state::AppState;
    use crate::server::store::{now, StoreError};

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| internal("AppState missing from the request context"))
    }

    /// Logs the cause of a server error and returns the generic error that the page shows.
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        tracing::error!(error = %cause, "request failed");
        AppError::Internal
    }

    pub fn store_error(error: StoreError) -> AppError {
        match error {
            StoreError::NotFound => AppError::NotFound,
            other => internal(other),
        }
    }

    /// The signed-in staff member, or `AppError::Unauthorized`.
    pub async fn session(state: &AppState) -> Result<Session, AppError> {
        let parts = use_context::<http::request::Parts>().ok_or_else(|| internal("request parts missing"))?;
        current_session(state, &parts.headers, now()).await.map_err(internal)?.ok_or(AppError::Unauthorized)
    }
}

/// All bodies of the directory, for the portal's home page.
#[server(prefix = "/fn", endpoint = "directory")]
pub async fn load_directory(lang: Lang) -> Result<Vec<OrgSummary>, AppError> {
    use crate::server::views::localized;
    use std::collections::HashMap;

    let state = ssr::state()?;
    let orgs = state.store.list_orgs().await.map_err(ssr::store_error)?;
    let codes: HashMap<_, _> = orgs.iter().map(|o| (o.id, o.code.clone())).collect();
    Ok(orgs
        .iter()
        .map(|o| OrgSummary {
            code: o.code.clone(),
            name: localized(lang, &o.name_ru, &o.name_en).to_string(),
            short_name: localized(lang, &o.short_ru, &o.short_en).to_string(),
            level: o.level.clone(),
            parent_code: o.parent_id.and_then(|id| codes.get(&id).cloned()),
        })
        .collect())
}

/// The complaint form of one body, with a fresh form token.
#[server(prefix = "/fn", endpoint = "complaint_form")]
pub async fn load_complaint_form(org: String, lang: Lang) -> Result<FormContext, AppError> {
    let state = ssr::state()?;
    if org.len() > 64 {
        return Err(AppError::NotFound);
    }
    let org = state.store.org_by_code(&org).await.map_err(ssr::store_error)?;
    crate::server::forms::form_context(&state, &org, lang).await.map_err(ssr::store_error)
}

/// What the widget page of `key` shows. `parent_origin` is the embedding page's origin as
/// the loader reported it; it is kept only if it is one of the key's origins. `org` may name
/// a body directly under the key's body (a territorial office), and `service` preselects one
/// of the body's services; other values are ignored.
#[server(prefix = "/fn", endpoint = "widget")]
pub async fn load_widget(
    key: String,
    parent_origin: Option<String>,
    org: Option<String>,
    service: Option<String>,
    lang: Lang,
) -> Result<WidgetContext, AppError> {
    use crate::server::keys::{is_public_key_shape, normalize_origin};
    use crate::server::store::StoreError;

    let state = ssr::state()?;
    if !is_public_key_shape(&key) {
        return Ok(WidgetContext::UnknownKey);
    }
    let key = match state.store.widget_key(&key).await {
        Ok(key) => key,
        Err(StoreError::NotFound) => return Ok(WidgetContext::UnknownKey),
        Err(e) => return Err(ssr::internal(e)),
    };
    let checked_origin = parent_origin.as_deref().and_then(|o| normalize_origin(o).ok()).filter(|o| key.origins.contains(o));
    let now = crate::server::store::now();
    if !key.is_active(now) {
        return Ok(WidgetContext::Revoked { parent_origin: checked_origin, org_code: key.org_code.clone() });
    }
    if key.disabled_at.is_some() {
        return Ok(WidgetContext::SwitchedOff { parent_origin: checked_origin, org_code: key.org_code.clone() });
    }
    // The load counts for the key's statistics; a failed count never keeps the form away.
    if let Err(error) = state.store.record_widget_load(key.id, crate::server::time::moscow_date(now), now).await {
        tracing::error!(%error, "counting a widget load failed");
    }
    let key_org = state.store.org_by_id(key.org_id).await.map_err(ssr::store_error)?;
    let org = match org.filter(|code| code.len() <= 64 && *code != key_org.code) {
        Some(code) => match state.store.org_by_code(&code).await {
            Ok(sub) if sub.parent_id == Some(key_org.id) => sub,
            Ok(_) | Err(StoreError::NotFound) => key_org,
            Err(e) => return Err(ssr::internal(e)),
        },
        None => key_org,
    };
    let mut form = crate::server::forms::form_context(&state, &org, lang).await.map_err(ssr::store_error)?;
    form.preselected_service = service.filter(|code| form.services.iter().any(|s| &s.code == code));
    Ok(WidgetContext::Ready { form, parent_origin: checked_origin })
}

/// The signed-in staff member.
#[server(prefix = "/fn", endpoint = "staff")]
pub async fn load_staff(lang: Lang) -> Result<StaffView, AppError> {
    let state = ssr::state()?;
    let session = ssr::session(&state).await?;
    crate::server::desk::staff_view(&state, &session, lang).await.map_err(desk_error)
}

/// The complaints of the signed-in member's bodies that match `query`.
#[server(prefix = "/fn", endpoint = "desk_inbox")]
pub async fn load_desk_inbox(query: InboxQuery, lang: Lang) -> Result<DeskInbox, AppError> {
    use crate::server::desk;

    let state = ssr::state()?;
    let session = ssr::session(&state).await?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(desk_error)?;
    let data = desk::inbox(&state, &session, &query, lang).await.map_err(desk_error)?;
    Ok(DeskInbox {
        staff,
        items: data.items,
        query,
        counts: data.counts,
        orgs: data.orgs,
        staff_members: data.staff_members,
    })
}

/// The form for entering a complaint received on paper, for the member's own body.
#[server(prefix = "/fn", endpoint = "paper_form")]
pub async fn load_paper_form(lang: Lang) -> Result<(StaffView, FormContext), AppError> {
    use crate::server::desk;

    let state = ssr::state()?;
    let session = ssr::session(&state).await?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(desk_error)?;
    let org_id = session.user().org_id.ok_or(AppError::Forbidden)?;
    let org = state.store.org_by_id(org_id).await.map_err(ssr::store_error)?;
    let form = crate::server::forms::form_context(&state, &org, lang).await.map_err(ssr::store_error)?;
    Ok((staff, form))
}

/// One complaint for the desk; only for staff of the complaint's body.
#[server(prefix = "/fn", endpoint = "desk_complaint")]
pub async fn load_desk_complaint(number: String, lang: Lang) -> Result<DeskComplaintPage, AppError> {
    use crate::domain::ComplaintNumber;
    use crate::server::desk;

    let state = ssr::state()?;
    let session = ssr::session(&state).await?;
    let number = ComplaintNumber::parse(&number).map_err(|_| AppError::NotFound)?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(desk_error)?;
    let complaint = desk::complaint(&state, &session, number.as_str(), lang).await.map_err(desk_error)?;
    Ok(DeskComplaintPage { staff, complaint })
}

#[cfg(feature = "ssr")]
pub(crate) fn desk_error(error: crate::server::desk::DeskError) -> AppError {
    use crate::server::desk::DeskError;
    match error {
        DeskError::NotFound => AppError::NotFound,
        DeskError::Forbidden => AppError::Forbidden,
        other => ssr::internal(other),
    }
}

/// The years of the production calendar, for an operator.
#[server(prefix = "/fn", endpoint = "admin_calendar")]
pub async fn load_admin_calendar(lang: Lang) -> Result<(StaffView, Vec<CalendarYearSummary>), AppError> {
    use crate::server::{admin, desk};

    let state = ssr::state()?;
    let session = ssr::session(&state).await?;
    admin::require_operator(&session).map_err(desk_error)?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(desk_error)?;
    let years = admin::calendar_years(&state).await.map_err(ssr::store_error)?;
    Ok((staff, years))
}

/// One year of the production calendar, for an operator to correct.
#[server(prefix = "/fn", endpoint = "admin_calendar_year")]
pub async fn load_admin_calendar_year(year: i32, lang: Lang) -> Result<(StaffView, CalendarYearEdit), AppError> {
    use crate::server::{admin, desk};

    let state = ssr::state()?;
    let session = ssr::session(&state).await?;
    admin::require_operator(&session).map_err(desk_error)?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(desk_error)?;
    let edit = admin::calendar_year(&state, year).await.map_err(ssr::store_error)?;
    Ok((staff, edit))
}
