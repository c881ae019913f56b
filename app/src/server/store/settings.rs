//! Values shared by all instances through the database.

use super::{on_db, Store, StoreResult};

impl Store {
    /// Returns the stored value of `name`, storing `candidate` first if there is none.
    /// When several instances start at once, all of them get the value that won.
    pub async fn setting_or_insert(&self, name: &str, candidate: &str) -> StoreResult<String> {
        on_db!(&self.db, pool => {
            sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                .bind(name)
                .bind(candidate)
                .execute(pool)
                .await?;
            Ok(sqlx::query_scalar("SELECT value FROM settings WHERE name = $1").bind(name).fetch_one(pool).await?)
        })
    }

    /// The stored value of `name`, if any.
    pub async fn setting(&self, name: &str) -> StoreResult<Option<String>> {
        on_db!(&self.db, pool => Ok(sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
            .bind(name)
            .fetch_optional(pool)
            .await?))
    }

    /// Stores `value` under `name`, replacing any earlier value.
    pub async fn replace_setting(&self, name: &str, value: &str) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                .bind(name)
                .bind(value)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
