//! The open platform: what agency admins manage for their body (widget keys, secret API keys,
//! webhooks) and the checks every platform page and endpoint shares.

use uuid::Uuid;

use super::auth::{Role, Session};
use super::desk::DeskError;

/// The body of an agency admin, or `Forbidden` for any other member. Every platform action of
/// an agency admin is scoped to the body this returns.
pub fn require_agency_admin(session: &Session) -> Result<Uuid, DeskError> {
    match (Role::from_code(&session.user().role), session.user().org_id) {
        (Some(Role::AgencyAdmin), Some(org_id)) => Ok(org_id),
        _ => Err(DeskError::Forbidden),
    }
}
