//! Public widget keys, the origins allowed to frame them, their lifecycle (requests,
//! approval, origin edits, rotation, revocation) and their daily use.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::audit::insert_audit;
use super::{on_db, unique_violation, Audit, BeginWrite, Store, StoreError, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetKeyRow {
    pub id: Uuid,
    pub public_key: String,
    pub org_id: Uuid,
    pub org_code: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Allowed origins, sorted.
    pub origins: Vec<String>,
    /// The site the key was issued for, and whom to ask about it.
    pub site: Option<String>,
    pub contact: Option<String>,
    /// Set on rotation: the key works until then, beside the one that replaced it.
    pub expires_at: Option<DateTime<Utc>>,
    pub replaced_by: Option<String>,
    /// The last widget load or submission.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Set while an operator has switched the widget off, with the operator's reason.
    pub disabled_at: Option<DateTime<Utc>>,
    pub disabled_reason: Option<String>,
}

impl WidgetKeyRow {
    /// Returns whether the widget works with this key at `now`: not revoked, and not past the end
    /// of a rotation's overlap.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|end| now < end)
    }
}

/// A key to store: its body, site, contact and origins (already normalized).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewWidgetKey {
    pub org_id: Uuid,
    pub public_key: String,
    pub site: Option<String>,
    pub contact: Option<String>,
    pub origins: Vec<String>,
}

/// A request for a widget key, as the agency admin and the operator see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRequestRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub org_code: String,
    pub requested_by_email: String,
    pub site: String,
    pub origins: Vec<String>,
    pub contact: String,
    pub status: String,
    pub reason: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub public_key: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// One day of one key's use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyDay {
    pub key_id: Uuid,
    pub day: NaiveDate,
    pub loads: i64,
    pub submissions: i64,
}

#[derive(sqlx::FromRow)]
struct KeyFields {
    id: Uuid,
    public_key: String,
    org_id: Uuid,
    org_code: String,
    created_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
    site: Option<String>,
    contact: Option<String>,
    expires_at: Option<DateTime<Utc>>,
    replaced_by: Option<String>,
    last_used_at: Option<DateTime<Utc>>,
    disabled_at: Option<DateTime<Utc>>,
    disabled_reason: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RequestFields {
    id: Uuid,
    org_id: Uuid,
    org_code: String,
    requested_by_email: String,
    site: String,
    origins: String,
    contact: String,
    status: String,
    reason: Option<String>,
    decided_at: Option<DateTime<Utc>>,
    public_key: Option<String>,
    created_at: DateTime<Utc>,
}

impl From<RequestFields> for KeyRequestRow {
    fn from(r: RequestFields) -> Self {
        KeyRequestRow {
            id: r.id,
            org_id: r.org_id,
            org_code: r.org_code,
            requested_by_email: r.requested_by_email,
            site: r.site,
            origins: r.origins.split_whitespace().map(str::to_string).collect(),
            contact: r.contact,
            status: r.status,
            reason: r.reason,
            decided_at: r.decided_at,
            public_key: r.public_key,
            created_at: r.created_at,
        }
    }
}

const KEY_SELECT: &str = "SELECT k.id, k.public_key, k.org_id, o.code AS org_code, k.created_at, k.revoked_at, \
     k.site, k.contact, k.expires_at, r.public_key AS replaced_by, k.last_used_at, k.disabled_at, k.disabled_reason \
     FROM widget_keys k JOIN orgs o ON o.id = k.org_id LEFT JOIN widget_keys r ON r.id = k.replaced_by";

const REQUEST_SELECT: &str = "SELECT q.id, q.org_id, o.code AS org_code, u.email AS requested_by_email, q.site, \
     q.origins, q.contact, q.status, q.reason, q.decided_at, k.public_key, q.created_at \
     FROM widget_key_requests q JOIN orgs o ON o.id = q.org_id JOIN staff_users u ON u.id = q.requested_by \
     LEFT JOIN widget_keys k ON k.id = q.key_id";

fn unique(origins: &[String]) -> Vec<&str> {
    let mut unique: Vec<&str> = Vec::with_capacity(origins.len());
    for origin in origins {
        if !unique.contains(&origin.as_str()) {
            unique.push(origin);
        }
    }
    unique
}

/// Inserts a key and its origins inside transaction `$tx`.
macro_rules! insert_key {
    ($tx:expr, $id:expr, $key:expr, $now:expr) => {{
        let key: &NewWidgetKey = $key;
        sqlx::query("INSERT INTO widget_keys (id, public_key, org_id, created_at, site, contact) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind($id)
            .bind(&key.public_key)
            .bind(key.org_id)
            .bind($now)
            .bind(&key.site)
            .bind(&key.contact)
            .execute(&mut *$tx)
            .await
            .map_err(|e| unique_violation(e, "widget key"))?;
        for origin in unique(&key.origins) {
            sqlx::query("INSERT INTO widget_key_origins (key_id, origin) VALUES ($1, $2)")
                .bind($id)
                .bind(origin)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

impl Store {
    /// Stores a new key with its origins and the audit entry, in one transaction. An origin
    /// given twice is stored once.
    pub async fn create_widget_key(
        &self,
        org_id: Uuid,
        public_key: &str,
        origins: &[String],
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Uuid> {
        let key = NewWidgetKey {
            org_id,
            public_key: public_key.to_string(),
            site: None,
            contact: None,
            origins: origins.to_vec(),
        };
        self.issue_widget_key(&key, &Audit::local(actor), now).await
    }

    /// Stores a new key with its site, contact and origins and the audit entry.
    pub async fn issue_widget_key(&self, key: &NewWidgetKey, audit: &Audit, now: DateTime<Utc>) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        let detail = unique(&key.origins).join(" ");
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            insert_key!(tx, id, key, now);
            insert_audit!(tx, audit, "widget_key.create", &key.public_key, Some(detail.as_str()), now);
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Finds a key, revoked or not; `StoreError::NotFound` when there is none.
    pub async fn widget_key(&self, public_key: &str) -> StoreResult<WidgetKeyRow> {
        let mut keys = self.widget_keys_where(Some(public_key), None).await?;
        keys.pop().ok_or(StoreError::NotFound)
    }

    /// Lists every key, revoked or not, oldest first.
    pub async fn list_widget_keys(&self) -> StoreResult<Vec<WidgetKeyRow>> {
        self.widget_keys_where(None, None).await
    }

    /// Lists the keys of one body, oldest first.
    pub async fn widget_keys_of(&self, org_id: Uuid) -> StoreResult<Vec<WidgetKeyRow>> {
        self.widget_keys_where(None, Some(org_id)).await
    }

    async fn widget_keys_where(&self, key: Option<&str>, org: Option<Uuid>) -> StoreResult<Vec<WidgetKeyRow>> {
        let sql = format!(
            "{KEY_SELECT} WHERE ($1 IS NULL OR k.public_key = $1) AND ($2 IS NULL OR k.org_id = $2) \
             ORDER BY k.created_at, k.public_key"
        );
        on_db!(&self.db, pool => {
            let keys: Vec<KeyFields> = sqlx::query_as(&sql).bind(key).bind(org).fetch_all(pool).await?;
            let mut origins_of: HashMap<Uuid, Vec<String>> = HashMap::new();
            let origins: Vec<(Uuid, String)> = match keys.as_slice() {
                [] => Vec::new(),
                [one] => sqlx::query_as("SELECT key_id, origin FROM widget_key_origins WHERE key_id = $1 ORDER BY origin")
                    .bind(one.id)
                    .fetch_all(pool)
                    .await?,
                _ => sqlx::query_as("SELECT key_id, origin FROM widget_key_origins ORDER BY origin").fetch_all(pool).await?,
            };
            for (key_id, origin) in origins {
                origins_of.entry(key_id).or_default().push(origin);
            }
            Ok(keys
                .into_iter()
                .map(|key| WidgetKeyRow {
                    origins: origins_of.remove(&key.id).unwrap_or_default(),
                    id: key.id,
                    public_key: key.public_key,
                    org_id: key.org_id,
                    org_code: key.org_code,
                    created_at: key.created_at,
                    revoked_at: key.revoked_at,
                    site: key.site,
                    contact: key.contact,
                    expires_at: key.expires_at,
                    replaced_by: key.replaced_by,
                    last_used_at: key.last_used_at,
                    disabled_at: key.disabled_at,
                    disabled_reason: key.disabled_reason,
                })
                .collect())
        })
    }

    /// Revokes a key at `now` and records who did it. A key already revoked keeps its
    /// first revocation time and gets `StoreError::Conflict`.
    pub async fn revoke_widget_key(&self, public_key: &str, actor: &str, now: DateTime<Utc>) -> StoreResult<()> {
        self.revoke_widget_key_as(public_key, &Audit::local(actor), now).await
    }

    /// [`Store::revoke_widget_key`] with the client's address in the audit entry.
    pub async fn revoke_widget_key_as(&self, public_key: &str, audit: &Audit, now: DateTime<Utc>) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let revoked: Option<Option<DateTime<Utc>>> =
                sqlx::query_scalar("SELECT revoked_at FROM widget_keys WHERE public_key = $1")
                    .bind(public_key)
                    .fetch_optional(&mut *tx)
                    .await?;
            match revoked {
                None => return Err(StoreError::NotFound),
                Some(Some(_)) => return Err(StoreError::Conflict("widget key already revoked")),
                Some(None) => {}
            }
            sqlx::query("UPDATE widget_keys SET revoked_at = $1 WHERE public_key = $2")
                .bind(now)
                .bind(public_key)
                .execute(&mut *tx)
                .await?;
            insert_audit!(tx, audit, "widget_key.revoke", public_key, None, now);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Replaces a key's origins. A revoked key gets `StoreError::Conflict`.
    pub async fn set_widget_key_origins(
        &self,
        public_key: &str,
        origins: &[String],
        audit: &Audit,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let detail = unique(origins).join(" ");
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let found: Option<(Uuid, Option<DateTime<Utc>>)> =
                sqlx::query_as("SELECT id, revoked_at FROM widget_keys WHERE public_key = $1")
                    .bind(public_key)
                    .fetch_optional(&mut *tx)
                    .await?;
            let id = match found {
                None => return Err(StoreError::NotFound),
                Some((_, Some(_))) => return Err(StoreError::Conflict("widget key already revoked")),
                Some((id, None)) => id,
            };
            sqlx::query("DELETE FROM widget_key_origins WHERE key_id = $1").bind(id).execute(&mut *tx).await?;
            for origin in unique(origins) {
                sqlx::query("INSERT INTO widget_key_origins (key_id, origin) VALUES ($1, $2)")
                    .bind(id)
                    .bind(origin)
                    .execute(&mut *tx)
                    .await?;
            }
            insert_audit!(tx, audit, "widget_key.origins", public_key, Some(detail.as_str()), now);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Rotates a key: stores `new_key` with the same body, site, contact and origins, and
    /// lets the old key work until `old_until`. A revoked key, or one already rotated, gets
    /// `StoreError::Conflict`.
    pub async fn rotate_widget_key(
        &self,
        public_key: &str,
        new_key: &str,
        old_until: DateTime<Utc>,
        audit: &Audit,
        now: DateTime<Utc>,
    ) -> StoreResult<Uuid> {
        let old = self.widget_key(public_key).await?;
        if old.revoked_at.is_some() {
            return Err(StoreError::Conflict("widget key already revoked"));
        }
        let fresh = NewWidgetKey {
            org_id: old.org_id,
            public_key: new_key.to_string(),
            site: old.site.clone(),
            contact: old.contact.clone(),
            origins: old.origins.clone(),
        };
        let id = Uuid::now_v7();
        let detail = format!("{new_key} {}", old_until.to_rfc3339());
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            // The new key's row must exist before the old one points at it. Only a key not
            // rotated yet may be rotated, so two rotations at once store one new key.
            insert_key!(tx, id, &fresh, now);
            let changed = sqlx::query(
                "UPDATE widget_keys SET expires_at = $1, replaced_by = $2 \
                 WHERE id = $3 AND replaced_by IS NULL AND revoked_at IS NULL",
            )
            .bind(old_until)
            .bind(id)
            .bind(old.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(StoreError::Conflict("widget key already rotated"));
            }
            insert_audit!(tx, audit, "widget_key.rotate", public_key, Some(detail.as_str()), now);
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Counts one widget load for `key_id` on `day` and marks the key as used at `now`.
    pub async fn record_widget_load(&self, key_id: Uuid, day: NaiveDate, now: DateTime<Utc>) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO widget_key_days (key_id, day, loads) VALUES ($1, $2, 1) \
                 ON CONFLICT (key_id, day) DO UPDATE SET loads = widget_key_days.loads + 1",
            )
            .bind(key_id)
            .bind(day)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE widget_keys SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(key_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Marks a key as used at `now`, for a submission.
    pub async fn touch_widget_key(&self, key_id: Uuid, now: DateTime<Utc>) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("UPDATE widget_keys SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(key_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Lists loads and submissions per day of the given keys from the Moscow day `since`,
    /// newest first. A complaint counts on the Moscow day of its receipt.
    // NOTE: two queries per key, so /admin/keys slows with many keys; one grouped query
    // per table would do for every key at once.
    pub async fn widget_key_days(&self, key_ids: &[Uuid], since: NaiveDate) -> StoreResult<Vec<KeyDay>> {
        let mut days: HashMap<(Uuid, NaiveDate), KeyDay> = HashMap::new();
        let since_at = since.and_hms_opt(0, 0, 0).map(|t| t.and_utc() - chrono::Duration::hours(3));
        on_db!(&self.db, pool => {
            for key_id in key_ids {
                let loads: Vec<(NaiveDate, i64)> =
                    sqlx::query_as("SELECT day, CAST(loads AS BIGINT) FROM widget_key_days WHERE key_id = $1 AND day >= $2")
                        .bind(key_id)
                        .bind(since)
                        .fetch_all(pool)
                        .await?;
                for (day, loads) in loads {
                    days.entry((*key_id, day)).or_insert(KeyDay { key_id: *key_id, day, loads: 0, submissions: 0 }).loads = loads;
                }
                let received: Vec<DateTime<Utc>> =
                    sqlx::query_scalar("SELECT received_at FROM complaints WHERE widget_key_id = $1 AND received_at >= $2")
                        .bind(key_id)
                        .bind(since_at)
                        .fetch_all(pool)
                        .await?;
                for at in received {
                    let day = crate::server::time::moscow_date(at);
                    days.entry((*key_id, day)).or_insert(KeyDay { key_id: *key_id, day, loads: 0, submissions: 0 }).submissions += 1;
                }
            }
            let mut list: Vec<KeyDay> = days.into_values().collect();
            list.sort_by(|a, b| b.day.cmp(&a.day).then(a.key_id.cmp(&b.key_id)));
            Ok(list)
        })
    }

    /// Stores a request for a widget key by an agency admin.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_key_request(
        &self,
        org_id: Uuid,
        requested_by: Uuid,
        site: &str,
        origins: &[String],
        contact: &str,
        audit: &Audit,
        now: DateTime<Utc>,
    ) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        let origins = unique(origins).join(" ");
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO widget_key_requests (id, org_id, requested_by, site, origins, contact, status, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)",
            )
            .bind(id)
            .bind(org_id)
            .bind(requested_by)
            .bind(site)
            .bind(&origins)
            .bind(contact)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let detail = format!("{site}: {origins}");
            insert_audit!(tx, audit, "widget_key.request", &id.to_string(), Some(detail.as_str()), now);
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Requests, newest first: of one body, or of every body; only pending ones if asked.
    pub async fn key_requests(&self, org_id: Option<Uuid>, pending_only: bool) -> StoreResult<Vec<KeyRequestRow>> {
        let sql = format!(
            "{REQUEST_SELECT} WHERE ($1 IS NULL OR q.org_id = $1) AND ($2 = FALSE OR q.status = 'pending') \
             ORDER BY q.created_at DESC"
        );
        on_db!(&self.db, pool => {
            let rows: Vec<RequestFields> = sqlx::query_as(&sql).bind(org_id).bind(pending_only).fetch_all(pool).await?;
            Ok(rows.into_iter().map(KeyRequestRow::from).collect())
        })
    }

    pub async fn key_request(&self, id: Uuid) -> StoreResult<KeyRequestRow> {
        let sql = format!("{REQUEST_SELECT} WHERE q.id = $1");
        on_db!(&self.db, pool => {
            let row: RequestFields = sqlx::query_as(&sql).bind(id).fetch_one(pool).await?;
            Ok(row.into())
        })
    }

    /// Approves a pending request: issues `public_key` for its site and origins, in one
    /// transaction. A request decided already gets `StoreError::Conflict`.
    pub async fn approve_key_request(
        &self,
        id: Uuid,
        public_key: &str,
        decided_by: Uuid,
        audit: &Audit,
        now: DateTime<Utc>,
    ) -> StoreResult<Uuid> {
        let request = self.key_request(id).await?;
        let key = NewWidgetKey {
            org_id: request.org_id,
            public_key: public_key.to_string(),
            site: Some(request.site.clone()),
            contact: Some(request.contact.clone()),
            origins: request.origins.clone(),
        };
        let key_id = Uuid::now_v7();
        let detail = request.origins.join(" ");
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            insert_key!(tx, key_id, &key, now);
            let changed = sqlx::query(
                "UPDATE widget_key_requests SET status = 'approved', decided_by = $1, decided_at = $2, key_id = $3 \
                 WHERE id = $4 AND status = 'pending'",
            )
            .bind(decided_by)
            .bind(now)
            .bind(key_id)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(StoreError::Conflict("key request already decided"));
            }
            insert_audit!(tx, audit, "widget_key.approve", &id.to_string(), Some(public_key), now);
            insert_audit!(tx, audit, "widget_key.create", public_key, Some(detail.as_str()), now);
            tx.commit().await?;
            Ok(key_id)
        })
    }

    /// Declines a pending request with the reason the agency admin reads.
    pub async fn decline_key_request(
        &self,
        id: Uuid,
        reason: &str,
        decided_by: Uuid,
        audit: &Audit,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE widget_key_requests SET status = 'declined', reason = $1, decided_by = $2, decided_at = $3 \
                 WHERE id = $4 AND status = 'pending'",
            )
            .bind(reason)
            .bind(decided_by)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                let exists: Option<Uuid> = sqlx::query_scalar("SELECT id FROM widget_key_requests WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                return Err(if exists.is_some() { StoreError::Conflict("key request already decided") } else { StoreError::NotFound });
            }
            insert_audit!(tx, audit, "widget_key.decline", &id.to_string(), Some(reason), now);
            tx.commit().await?;
            Ok(())
        })
    }
}
