//! Citizens' one-time codes and links, sessions, and OpenID Connect sign-ins in progress.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{on_db, BeginWrite, Store, StoreError, StoreResult};

/// A one-time code or link as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CitizenTokenRow {
    pub id: Uuid,
    pub kind: String,
    pub email: String,
    pub secret_hash: String,
    pub expires_at: DateTime<Utc>,
    pub attempts: i32,
    pub used_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CitizenSessionRow {
    pub email: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// An OpenID Connect sign-in in progress.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OidcLoginRow {
    pub pkce_verifier: String,
    pub nonce: String,
    pub created_at: DateTime<Utc>,
}

const TOKEN_COLUMNS: &str = "id, kind, email, secret_hash, expires_at, attempts, used_at";

impl Store {
    pub async fn create_citizen_token(
        &self,
        kind: &str,
        email: &str,
        secret_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query(
                "INSERT INTO citizen_tokens (id, kind, email, secret_hash, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(Uuid::now_v7())
            .bind(kind)
            .bind(email)
            .bind(secret_hash)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Returns the newest code sent to `email`, used or not.
    pub async fn latest_citizen_code(&self, email: &str) -> StoreResult<CitizenTokenRow> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM citizen_tokens WHERE kind = 'code' AND email = $1 \
             ORDER BY created_at DESC LIMIT 1"
        );
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(email).fetch_one(pool).await?))
    }

    pub async fn citizen_token_by_hash(&self, secret_hash: &str) -> StoreResult<CitizenTokenRow> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM citizen_tokens WHERE secret_hash = $1");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(secret_hash).fetch_one(pool).await?))
    }

    /// Counts one wrong attempt at a code.
    pub async fn count_citizen_token_attempt(&self, id: Uuid) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("UPDATE citizen_tokens SET attempts = attempts + 1 WHERE id = $1").bind(id).execute(pool).await?;
            Ok(())
        })
    }

    /// Marks a token used and opens a session for its e-mail, in one transaction. A token
    /// used meanwhile by another request gives `Conflict("token used")` and opens nothing.
    pub async fn use_citizen_token(
        &self,
        id: Uuid,
        session_hash: &str,
        csrf_token: &str,
        now: DateTime<Utc>,
        session_expires_at: DateTime<Utc>,
    ) -> StoreResult<String> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let email: Option<String> = sqlx::query_scalar(
                "UPDATE citizen_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL RETURNING email",
            )
            .bind(now)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(email) = email else {
                return Err(StoreError::Conflict("token used"));
            };
            sqlx::query(
                "INSERT INTO citizen_sessions (token_hash, email, csrf_token, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(session_hash)
            .bind(&email)
            .bind(csrf_token)
            .bind(now)
            .bind(session_expires_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(email)
        })
    }

    /// Opens a session for an e-mail proved another way (OpenID Connect).
    pub async fn create_citizen_session(
        &self,
        session_hash: &str,
        email: &str,
        csrf_token: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query(
                "INSERT INTO citizen_sessions (token_hash, email, csrf_token, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(session_hash)
            .bind(email)
            .bind(csrf_token)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn live_citizen_session(&self, session_hash: &str, now: DateTime<Utc>) -> StoreResult<CitizenSessionRow> {
        on_db!(&self.db, pool => Ok(sqlx::query_as(
            "SELECT email, csrf_token, expires_at FROM citizen_sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(session_hash)
        .bind(now)
        .fetch_one(pool)
        .await?))
    }

    pub async fn delete_citizen_session(&self, session_hash: &str) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("DELETE FROM citizen_sessions WHERE token_hash = $1").bind(session_hash).execute(pool).await?;
            Ok(())
        })
    }

    /// Ends every session of `email`, on every device. Returns how many ended.
    pub async fn delete_citizen_sessions_of(&self, email: &str) -> StoreResult<u64> {
        on_db!(&self.db, pool => {
            let done = sqlx::query("DELETE FROM citizen_sessions WHERE email = $1").bind(email).execute(pool).await?;
            Ok(done.rows_affected())
        })
    }

    pub async fn put_oidc_login(&self, state: &str, pkce_verifier: &str, nonce: &str, now: DateTime<Utc>) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("INSERT INTO oidc_logins (state, pkce_verifier, nonce, created_at) VALUES ($1, $2, $3, $4)")
                .bind(state)
                .bind(pkce_verifier)
                .bind(nonce)
                .bind(now)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Takes the sign-in of `state` out of the store, so that a state works once.
    pub async fn take_oidc_login(&self, state: &str) -> StoreResult<OidcLoginRow> {
        on_db!(&self.db, pool => Ok(sqlx::query_as(
            "DELETE FROM oidc_logins WHERE state = $1 RETURNING pkce_verifier, nonce, created_at",
        )
        .bind(state)
        .fetch_one(pool)
        .await?))
    }

    /// Lists the numbers of the complaints filed with `email`, newest first.
    pub async fn complaint_numbers_of_email(&self, email: &str, limit: i64) -> StoreResult<Vec<String>> {
        on_db!(&self.db, pool => Ok(sqlx::query_scalar(
            "SELECT number FROM complaints WHERE email = $1 ORDER BY received_at DESC LIMIT $2",
        )
        .bind(email)
        .bind(limit)
        .fetch_all(pool)
        .await?))
    }
}
