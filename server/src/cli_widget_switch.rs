//! `appello keys disable` and `keys enable`: switch a key's widget off with a reason, or on
//! again, with the same checks and audit entries as the operator's page at /admin/keys.

use app::domain::text;
use app::server::store::{now, Audit, Store, StoreError};
use app::server::widget_switch::MAX_REASON_CHARS;

/// Switches the widget of `key` off with `reason`, or on when `reason` is `None`. Returns the
/// line to print, or the message for standard error.
pub async fn run(store: &Store, key: &str, reason: Option<&str>) -> Result<String, String> {
    let key = key.trim();
    let reason = match reason {
        Some(raw) => Some(
            text::required(raw, MAX_REASON_CHARS)
                .map_err(|_| format!("--reason must be 1 to {MAX_REASON_CHARS} characters of text"))?,
        ),
        None => None,
    };
    match store.switch_widget_key(key, reason.as_deref(), &Audit::local("cli"), now()).await {
        Ok(()) if reason.is_some() => Ok(format!("switched off {key}")),
        Ok(()) => Ok(format!("switched on {key}")),
        Err(StoreError::NotFound) => Err(format!("no widget key {key:?}; check the key")),
        Err(StoreError::Conflict(why)) => Err(format!("widget key {key:?} unchanged: {why}")),
        Err(error) => Err(format!("switching widget key {key:?} failed: {error}")),
    }
}
