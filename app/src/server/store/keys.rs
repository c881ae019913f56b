//! Public widget keys and the origins allowed to frame them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{on_db, unique_violation, BeginWrite, Store, StoreError, StoreResult};

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
}

#[derive(sqlx::FromRow)]
struct KeyFields {
    id: Uuid,
    public_key: String,
    org_id: Uuid,
    org_code: String,
    created_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
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
        let id = Uuid::now_v7();
        let mut unique_origins: Vec<&str> = Vec::with_capacity(origins.len());
        for origin in origins {
            if !unique_origins.contains(&origin.as_str()) {
                unique_origins.push(origin);
            }
        }
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("INSERT INTO widget_keys (id, public_key, org_id, created_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(public_key)
                .bind(org_id)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(|e| unique_violation(e, "widget key"))?;
            for origin in &unique_origins {
                sqlx::query("INSERT INTO widget_key_origins (key_id, origin) VALUES ($1, $2)")
                    .bind(id)
                    .bind(origin)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("INSERT INTO audit_log (id, at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(Uuid::now_v7())
                .bind(now)
                .bind(actor)
                .bind("widget_key.create")
                .bind(public_key)
                .bind(unique_origins.join(" "))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Finds a key, revoked or not; `StoreError::NotFound` when there is none.
    pub async fn widget_key(&self, public_key: &str) -> StoreResult<WidgetKeyRow> {
        on_db!(&self.db, pool => {
            let key: KeyFields = sqlx::query_as(
                "SELECT k.id, k.public_key, k.org_id, o.code AS org_code, k.created_at, k.revoked_at \
                 FROM widget_keys k JOIN orgs o ON o.id = k.org_id WHERE k.public_key = $1",
            )
            .bind(public_key)
            .fetch_one(pool)
            .await?;
            let origins: Vec<String> =
                sqlx::query_scalar("SELECT origin FROM widget_key_origins WHERE key_id = $1 ORDER BY origin")
                    .bind(key.id)
                    .fetch_all(pool)
                    .await?;
            Ok(WidgetKeyRow {
                id: key.id,
                public_key: key.public_key,
                org_id: key.org_id,
                org_code: key.org_code,
                created_at: key.created_at,
                revoked_at: key.revoked_at,
                origins,
            })
        })
    }

    /// Lists every key, revoked or not, oldest first.
    pub async fn list_widget_keys(&self) -> StoreResult<Vec<WidgetKeyRow>> {
        on_db!(&self.db, pool => {
            let keys: Vec<KeyFields> = sqlx::query_as(
                "SELECT k.id, k.public_key, k.org_id, o.code AS org_code, k.created_at, k.revoked_at \
                 FROM widget_keys k JOIN orgs o ON o.id = k.org_id ORDER BY k.created_at, k.public_key",
            )
            .fetch_all(pool)
            .await?;
            let origins: Vec<(Uuid, String)> =
                sqlx::query_as("SELECT key_id, origin FROM widget_key_origins ORDER BY origin")
                    .fetch_all(pool)
                    .await?;

            let mut origins_of: HashMap<Uuid, Vec<String>> = HashMap::new();
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
                })
                .collect())
        })
    }

    /// Revokes a key at `now` and records who did it. A key already revoked keeps its
    /// first revocation time and gets `StoreError::Conflict`.
    pub async fn revoke_widget_key(&self, public_key: &str, actor: &str, now: DateTime<Utc>) -> StoreResult<()> {
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
            sqlx::query("INSERT INTO audit_log (id, at, actor, action, target) VALUES ($1, $2, $3, $4, $5)")
                .bind(Uuid::now_v7())
                .bind(now)
                .bind(actor)
                .bind("widget_key.revoke")
                .bind(public_key)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
