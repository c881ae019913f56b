//! Operators switch a key's widget off, with a reason, and on again. Unlike revocation this
//! keeps the key: its site needs no new snippet when the widget comes back.

use chrono::{DateTime, Utc};

use super::admin::require_operator;
use super::auth::Session;
use super::desk::DeskError;
use super::platform::key_in_reach;
use super::state::AppState;
use super::store::{Audit, StoreError};
use crate::domain::{text, Field, FieldErrors, Problem};

/// The maximum length of a reason, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// Switches the widget of `public_key` off with the typed `reason`, as an operator.
pub async fn switch_off(
    state: &AppState,
    session: &Session,
    public_key: &str,
    reason: &str,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    require_operator(session)?;
    let reason = text::required(reason, MAX_REASON_CHARS)
        .map_err(|p| DeskError::Invalid(FieldErrors::single(Field::SwitchOffReason, p)))?;
    let key = key_in_reach(state, session, public_key).await?;
    state.store.switch_widget_key(&key.public_key, Some(&reason), audit, now).await.map_err(already_done)
}

/// Switches the widget of `public_key` on again, as an operator.
pub async fn switch_on(
    state: &AppState,
    session: &Session,
    public_key: &str,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    require_operator(session)?;
    let key = key_in_reach(state, session, public_key).await?;
    state.store.switch_widget_key(&key.public_key, None, audit, now).await.map_err(already_done)
}

/// Maps a switch that the key's state makes pointless (already off, already on, revoked)
/// to a form error.
fn already_done(error: StoreError) -> DeskError {
    match error {
        StoreError::Conflict(_) => DeskError::Invalid(FieldErrors::single(Field::Form, Problem::AlreadyDone)),
        other => other.into(),
    }
}
