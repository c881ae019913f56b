//! Secret API keys of the bodies' information systems.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::{on_db, unique_violation, BeginWrite, Store, StoreError, StoreResult};

/// A key as listed and as checked on each request. The secret itself is never stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub org_code: String,
    pub name: String,
    /// The first characters of the key, such as `sk_1a2b3c4d`, to tell keys apart in lists.
    pub prefix: String,
    /// Space-separated scopes, such as `complaints:read complaints:write`.
    pub scopes: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A key to store.
#[derive(Clone, Debug)]
pub struct NewApiKey {
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub prefix: String,
    pub secret_hash: String,
    pub scopes: String,
}

/// The author of a key change, for the audit log: a staff user id or `cli`, and the
/// client's IP address when the change came over HTTP.
#[derive(Clone, Debug)]
pub struct AuditActor {
    pub actor: String,
    pub ip: Option<String>,
}

/// How often the last use of a key is written at most, so that a busy key does not write on
/// every request.
const LAST_USED_PRECISION_SECONDS: i64 = 60;

const KEY_SELECT: &str = "SELECT k.id, k.org_id, o.code AS org_code, k.name, k.prefix, k.scopes, k.created_by, \
     k.created_at, k.last_used_at, k.revoked_at FROM api_keys k JOIN orgs o ON o.id = k.org_id";

impl Store {
    /// Stores a new key and its audit entry in one transaction.
    pub async fn create_api_key(&self, key: &NewApiKey, by: &AuditActor, now: DateTime<Utc>) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO api_keys (id, org_id, name, prefix, secret_hash, scopes, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(key.id)
            .bind(key.org_id)
            .bind(&key.name)
            .bind(&key.prefix)
            .bind(&key.secret_hash)
            .bind(&key.scopes)
            .bind(&by.actor)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| unique_violation(e, "api key"))?;
            sqlx::query(
                "INSERT INTO audit_log (id, at, actor, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(Uuid::now_v7())
            .bind(now)
            .bind(&by.actor)
            .bind("api_key.create")
            .bind(key.id.to_string())
            .bind(format!("{} {}: {}", key.prefix, key.scopes, key.name))
            .bind(&by.ip)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Finds the key whose secret has the keyed hash `secret_hash`, revoked or not.
    pub async fn api_key_by_hash(&self, secret_hash: &str) -> StoreResult<ApiKeyRow> {
        let sql = format!("{KEY_SELECT} WHERE k.secret_hash = $1");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(secret_hash).fetch_one(pool).await?))
    }

    pub async fn api_key(&self, id: Uuid) -> StoreResult<ApiKeyRow> {
        let sql = format!("{KEY_SELECT} WHERE k.id = $1");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(id).fetch_one(pool).await?))
    }

    /// Lists the keys of one body, or of every body when `org_id` is `None`, newest first.
    pub async fn list_api_keys(&self, org_id: Option<Uuid>) -> StoreResult<Vec<ApiKeyRow>> {
        let sql = format!("{KEY_SELECT} WHERE $1 IS NULL OR k.org_id = $1 ORDER BY k.created_at DESC, k.id DESC");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(org_id).fetch_all(pool).await?))
    }

    /// Records a use of the key at `now`, unless one was recorded within the last minute.
    pub async fn touch_api_key(&self, id: Uuid, now: DateTime<Utc>) -> StoreResult<()> {
        let stale_before = now - Duration::seconds(LAST_USED_PRECISION_SECONDS);
        on_db!(&self.db, pool => {
            sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)")
                .bind(now)
                .bind(id)
                .bind(stale_before)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Revokes the key `id` of body `org_id` (any body when `None`) and records who did it.
    /// A key of another body gives `NotFound`, a key already revoked `Conflict` and keeps its
    /// first revocation time.
    pub async fn revoke_api_key(
        &self,
        id: Uuid,
        org_id: Option<Uuid>,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<ApiKeyRow> {
        let key = self.api_key(id).await?;
        if org_id.is_some_and(|org| org != key.org_id) {
            return Err(StoreError::NotFound);
        }
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(StoreError::Conflict("api key already revoked"));
            }
            sqlx::query(
                "INSERT INTO audit_log (id, at, actor, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(Uuid::now_v7())
            .bind(now)
            .bind(&by.actor)
            .bind("api_key.revoke")
            .bind(id.to_string())
            .bind(format!("{}: {}", key.prefix, key.name))
            .bind(&by.ip)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        Ok(ApiKeyRow { revoked_at: Some(now), ..key })
    }
}
