//! The open platform: what agency admins manage for their body (widget keys, secret API keys,
//! webhooks) and the checks every platform page and endpoint shares.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::auth::{Role, Session};
use super::desk::DeskError;
use super::keys::{is_public_key_shape, new_public_key, normalize_origin};
use super::state::AppState;
use super::store::{Audit, StoreError, WidgetKeyRow};
use crate::domain::{text, Field, FieldErrors, Problem};

/// Returns the body of an agency admin, or `Forbidden` for any other member. Every platform action of
/// an agency admin is scoped to the body this returns.
pub fn require_agency_admin(session: &Session) -> Result<Uuid, DeskError> {
    match (Role::from_code(&session.user().role), session.user().org_id) {
        (Some(Role::AgencyAdmin), Some(org_id)) => Ok(org_id),
        _ => Err(DeskError::Forbidden),
    }
}

/// At most this many origins per key.
pub const MAX_ORIGINS: usize = 20;
/// A rotated key works beside its replacement for 0 to 30 days, 7 by default.
pub const MAX_OVERLAP_DAYS: i64 = 30;
pub const DEFAULT_OVERLAP_DAYS: i64 = 7;

/// Reads origins typed one a line (spaces and commas also separate them), normalized and
/// without repeats. Fails on the first line that is not an origin.
pub fn parse_origins(raw: &str) -> Result<Vec<String>, Problem> {
    let mut origins: Vec<String> = Vec::new();
    for value in raw.split(|c: char| c.is_whitespace() || c == ',').filter(|v| !v.is_empty()) {
        let origin = normalize_origin(value).map_err(|_| Problem::InvalidOrigin { value: value.chars().take(200).collect() })?;
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    match origins.len() {
        0 => Err(Problem::Missing),
        n if n > MAX_ORIGINS => Err(Problem::TooManyOrigins { max: MAX_ORIGINS }),
        _ => Ok(origins),
    }
}

/// A request for a widget key as typed in the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRequestForm {
    pub site: String,
    pub origins: Vec<String>,
    pub contact: String,
}

/// Reads the request form: the site's name, its origins and a contact.
pub fn parse_key_request(value: impl Fn(&str) -> String) -> Result<KeyRequestForm, FieldErrors> {
    let mut errors = FieldErrors::new();
    let site = errors.check(Field::Site, text::required_line(&value(Field::Site.name()), 200));
    let origins = errors.check(Field::Origins, parse_origins(&value(Field::Origins.name())));
    let contact = errors.check(Field::Contact, text::required_line(&value(Field::Contact.name()), 200));
    match (site, origins, contact) {
        (Some(site), Some(origins), Some(contact)) if errors.is_empty() => Ok(KeyRequestForm { site, origins, contact }),
        _ => Err(errors),
    }
}

/// Reads the overlap of a rotation in days; empty means the default.
pub fn parse_overlap(raw: &str) -> Result<i64, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(DEFAULT_OVERLAP_DAYS);
    }
    match raw.parse::<i64>() {
        Ok(days) if (0..=MAX_OVERLAP_DAYS).contains(&days) => Ok(days),
        _ => Err(Problem::OutOfRange { min: 0, max: MAX_OVERLAP_DAYS }),
    }
}

/// Stores an agency admin's request for a key for their body.
pub async fn request_key(
    state: &AppState,
    session: &Session,
    form: &KeyRequestForm,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<Uuid, DeskError> {
    let org_id = require_agency_admin(session)?;
    Ok(state
        .store
        .create_key_request(org_id, session.user().id, &form.site, &form.origins, &form.contact, audit, now)
        .await?)
}

/// Returns the key if the member may manage it: an operator any key, an agency admin the keys of
/// their body. Another body's key is `NotFound`, so its existence is not revealed.
pub async fn key_in_reach(state: &AppState, session: &Session, public_key: &str) -> Result<WidgetKeyRow, DeskError> {
    let role = Role::from_code(&session.user().role);
    if !matches!(role, Some(Role::Operator) | Some(Role::AgencyAdmin)) {
        return Err(DeskError::Forbidden);
    }
    if !is_public_key_shape(public_key) {
        return Err(DeskError::NotFound);
    }
    let key = state.store.widget_key(public_key).await?;
    match role {
        Some(Role::Operator) => Ok(key),
        _ if session.user().org_id == Some(key.org_id) => Ok(key),
        _ => Err(DeskError::NotFound),
    }
}

/// Maps a key action that the key's state forbids to a form error.
fn conflict(error: StoreError) -> DeskError {
    match error {
        StoreError::Conflict(_) => DeskError::Invalid(FieldErrors::single(Field::Form, Problem::AlreadyDone)),
        other => other.into(),
    }
}

/// Replaces the origins of a key in reach.
pub async fn set_origins(
    state: &AppState,
    session: &Session,
    public_key: &str,
    raw: &str,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let key = key_in_reach(state, session, public_key).await?;
    let origins = parse_origins(raw).map_err(|p| DeskError::Invalid(FieldErrors::single(Field::Origins, p)))?;
    state.store.set_widget_key_origins(&key.public_key, &origins, audit, now).await.map_err(conflict)
}

/// Rotates a key in reach; the old key works `overlap` more days. Returns the new key.
pub async fn rotate(
    state: &AppState,
    session: &Session,
    public_key: &str,
    overlap: &str,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<String, DeskError> {
    let key = key_in_reach(state, session, public_key).await?;
    let days = parse_overlap(overlap).map_err(|p| DeskError::Invalid(FieldErrors::single(Field::OverlapDays, p)))?;
    if !key.is_active(now) {
        return Err(conflict(StoreError::Conflict("widget key no longer works")));
    }
    let fresh = new_public_key();
    state.store.rotate_widget_key(&key.public_key, &fresh, now + Duration::days(days), audit, now).await.map_err(conflict)?;
    Ok(fresh)
}

/// Revokes a key in reach at once.
pub async fn revoke(
    state: &AppState,
    session: &Session,
    public_key: &str,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let key = key_in_reach(state, session, public_key).await?;
    state.store.revoke_widget_key_as(&key.public_key, audit, now).await.map_err(conflict)
}

/// Approves a pending request as an operator and issues its key. Returns the key.
pub async fn approve(
    state: &AppState,
    session: &Session,
    request_id: &str,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<String, DeskError> {
    super::admin::require_operator(session)?;
    let id = Uuid::parse_str(request_id.trim()).map_err(|_| DeskError::NotFound)?;
    let key = new_public_key();
    state.store.approve_key_request(id, &key, session.user().id, audit, now).await.map_err(conflict)?;
    Ok(key)
}

/// Declines a pending request as an operator, with the reason the agency admin reads.
pub async fn decline(
    state: &AppState,
    session: &Session,
    request_id: &str,
    reason: &str,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    super::admin::require_operator(session)?;
    let id = Uuid::parse_str(request_id.trim()).map_err(|_| DeskError::NotFound)?;
    let reason = text::required(reason, 2000).map_err(|p| DeskError::Invalid(FieldErrors::single(Field::DeclineReason, p)))?;
    state.store.decline_key_request(id, &reason, session.user().id, audit, now).await.map_err(conflict)
}

/// Builds the tag an agency pastes into its pages, with the link for browsers without scripts.
pub fn snippet(public_url: &str, public_key: &str) -> String {
    format!(
        "<script src=\"{public_url}/embed.js\" data-key=\"{public_key}\" async></script>\n\
         <noscript><a href=\"{public_url}/w/{public_key}\">Подать жалобу</a></noscript>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_read_one_a_line() {
        assert_eq!(
            parse_origins(" https://Mvd.example.ru/ \n\nhttp://localhost:8080, https://mvd.example.ru").unwrap(),
            vec!["https://mvd.example.ru".to_string(), "http://localhost:8080".to_string()]
        );
        assert_eq!(parse_origins("  \n "), Err(Problem::Missing));
        assert_eq!(
            parse_origins("https://ok.example.ru\nftp://files.example.ru"),
            Err(Problem::InvalidOrigin { value: "ftp://files.example.ru".to_string() })
        );
        let many: Vec<String> = (0..=MAX_ORIGINS).map(|i| format!("https://s{i}.example.ru")).collect();
        assert_eq!(parse_origins(&many.join("\n")), Err(Problem::TooManyOrigins { max: MAX_ORIGINS }));
    }

    #[test]
    fn overlap_is_zero_to_thirty_days() {
        assert_eq!(parse_overlap(""), Ok(DEFAULT_OVERLAP_DAYS));
        assert_eq!(parse_overlap(" 0 "), Ok(0));
        assert_eq!(parse_overlap("30"), Ok(30));
        for bad in ["31", "-1", "7.5", "week"] {
            assert_eq!(parse_overlap(bad), Err(Problem::OutOfRange { min: 0, max: MAX_OVERLAP_DAYS }), "{bad}");
        }
    }

    #[test]
    fn request_form_names_every_missing_field() {
        let errors = parse_key_request(|_| String::new()).unwrap_err();
        assert_eq!(errors.get(Field::Site), Some(Problem::Missing));
        assert_eq!(errors.get(Field::Origins), Some(Problem::Missing));
        assert_eq!(errors.get(Field::Contact), Some(Problem::Missing));
    }
}
