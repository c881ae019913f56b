//! Switching a widget key's widget off and on again, as operators do.

use chrono::{DateTime, Utc};

use super::audit::insert_audit;
use super::{on_db, Audit, BeginWrite, Store, StoreError, StoreResult};

impl Store {
    /// Switches the widget of `public_key` off with `reason`, or on again when `reason` is
    /// `None`, and records the audit entry `widget_key.disable` (with the reason) or
    /// `widget_key.enable`, in one transaction. A revoked key, a key already off when
    /// switching off, or already on when switching on, gets `StoreError::Conflict`.
    pub async fn switch_widget_key(
        &self,
        public_key: &str,
        reason: Option<&str>,
        audit: &Audit,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let current: Option<(Option<DateTime<Utc>>, Option<DateTime<Utc>>)> =
                sqlx::query_as("SELECT revoked_at, disabled_at FROM widget_keys WHERE public_key = $1")
                    .bind(public_key)
                    .fetch_optional(&mut *tx)
                    .await?;
            let disabled_at = match current {
                None => return Err(StoreError::NotFound),
                Some((Some(_), _)) => return Err(StoreError::Conflict("widget key already revoked")),
                Some((None, disabled_at)) => disabled_at,
            };
            match (reason, disabled_at) {
                (Some(_), Some(_)) => return Err(StoreError::Conflict("widget already switched off")),
                (None, None) => return Err(StoreError::Conflict("widget already switched on")),
                _ => {}
            }
            let switched_at = reason.map(|_| now);
            sqlx::query("UPDATE widget_keys SET disabled_at = $1, disabled_reason = $2 WHERE public_key = $3")
                .bind(switched_at)
                .bind(reason)
                .bind(public_key)
                .execute(&mut *tx)
                .await?;
            let action = if reason.is_some() { "widget_key.disable" } else { "widget_key.enable" };
            insert_audit!(tx, audit, action, public_key, reason, now);
            tx.commit().await?;
            Ok(())
        })
    }
}
