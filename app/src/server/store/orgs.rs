//! The directory of bodies and their services.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{on_db, BeginWrite, Db, Store, StoreError, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OrgRow {
    pub id: Uuid,
    pub code: String,
    pub parent_id: Option<Uuid>,
    pub level: String,
    pub name_ru: String,
    pub name_en: String,
    pub short_ru: String,
    pub short_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub code: String,
    pub name_ru: String,
    pub name_en: String,
}

/// A body as read from a directory file, before it has an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgImport {
    pub code: String,
    pub parent: Option<String>,
    pub level: String,
    pub name_ru: String,
    pub name_en: String,
    pub short_ru: String,
    pub short_en: String,
    pub services: Vec<ServiceImport>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceImport {
    pub code: String,
    pub name_ru: String,
    pub name_en: String,
}

/// How many rows an import wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub orgs: usize,
    pub services: usize,
}

const ORG_COLUMNS: &str = "id, code, parent_id, level, name_ru, name_en, short_ru, short_en";

/// The PostgreSQL advisory lock that directory imports hold until they commit ("appello" in ASCII).
const DIRECTORY_IMPORT_LOCK: i64 = 0x61_70_70_65_6c_6c_6f;

impl Store {
    /// Creates or updates, by code, every body and service of a directory in one
    /// transaction, so either the whole file is applied or nothing is. `check` first gets the
    /// stored bodies and services, read inside the transaction. When it rejects the import,
    /// nothing is written and its error is returned inside `Ok`, while database failures are
    /// the outer error.
    pub async fn import_directory<E>(
        &self,
        orgs: &[OrgImport],
        now: DateTime<Utc>,
        check: impl FnOnce(&[OrgRow], &[ServiceRow]) -> Result<(), E>,
    ) -> StoreResult<Result<ImportCounts, E>> {
        let is_postgres = matches!(self.db, Db::Postgres(_));
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;

            // Two imports on PostgreSQL could each pass the checks and together make a parent
            // cycle, so they take turns. On SQLite, BEGIN IMMEDIATE already makes them wait.
            if is_postgres {
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(DIRECTORY_IMPORT_LOCK)
                    .execute(&mut *tx)
                    .await?;
            }
            let stored_orgs: Vec<OrgRow> =
                sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM orgs")).fetch_all(&mut *tx).await?;
            let stored_services: Vec<ServiceRow> =
                sqlx::query_as("SELECT id, org_id, code, name_ru, name_en FROM services")
                    .fetch_all(&mut *tx)
                    .await?;
            if let Err(rejection) = check(&stored_orgs, &stored_services) {
                return Ok(Err(rejection));
            }

            let mut counts = ImportCounts::default();
            for org in orgs {
                sqlx::query(
                    "INSERT INTO orgs (id, code, parent_id, level, name_ru, name_en, short_ru, short_en, created_at, updated_at) \
                     VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $8) \
                     ON CONFLICT (code) DO UPDATE SET level = excluded.level, name_ru = excluded.name_ru, \
                     name_en = excluded.name_en, short_ru = excluded.short_ru, short_en = excluded.short_en, \
                     updated_at = excluded.updated_at",
                )
                .bind(Uuid::now_v7())
                .bind(&org.code)
                .bind(&org.level)
                .bind(&org.name_ru)
                .bind(&org.name_en)
                .bind(&org.short_ru)
                .bind(&org.short_en)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                counts.orgs += 1;
            }

            // Parents are set in a second pass, so a file may list a body before its parent.
            for org in orgs {
                let parent_id: Option<Uuid> = match &org.parent {
                    Some(parent) => Some(
                        sqlx::query_scalar("SELECT id FROM orgs WHERE code = $1")
                            .bind(parent)
                            .fetch_optional(&mut *tx)
                            .await?
                            .ok_or(StoreError::NotFound)?,
                    ),
                    None => None,
                };
                sqlx::query("UPDATE orgs SET parent_id = $1 WHERE code = $2")
                    .bind(parent_id)
                    .bind(&org.code)
                    .execute(&mut *tx)
                    .await?;

                // A stored service keeps its body, because `check` rejects a file that lists it
                // under another.
                for service in &org.services {
                    sqlx::query(
                        "INSERT INTO services (id, org_id, code, name_ru, name_en) \
                         SELECT $1, id, $2, $3, $4 FROM orgs WHERE code = $5 \
                         ON CONFLICT (code) DO UPDATE SET name_ru = excluded.name_ru, name_en = excluded.name_en",
                    )
                    .bind(Uuid::now_v7())
                    .bind(&service.code)
                    .bind(&service.name_ru)
                    .bind(&service.name_en)
                    .bind(&org.code)
                    .execute(&mut *tx)
                    .await?;
                    counts.services += 1;
                }
            }

            tx.commit().await?;
            Ok(Ok(counts))
        })
    }

    /// Every body, federal first, then by Russian short name.
    pub async fn list_orgs(&self) -> StoreResult<Vec<OrgRow>> {
        let sql = format!(
            "SELECT {ORG_COLUMNS} FROM orgs ORDER BY \
             CASE level WHEN 'federal' THEN 0 WHEN 'regional' THEN 1 ELSE 2 END, short_ru"
        );
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).fetch_all(pool).await?))
    }

    pub async fn org_by_code(&self, code: &str) -> StoreResult<OrgRow> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM orgs WHERE code = $1");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(code).fetch_one(pool).await?))
    }

    pub async fn org_by_id(&self, id: Uuid) -> StoreResult<OrgRow> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM orgs WHERE id = $1");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(id).fetch_one(pool).await?))
    }

    /// The services of one body, by Russian name.
    pub async fn services_of(&self, org_id: Uuid) -> StoreResult<Vec<ServiceRow>> {
        on_db!(&self.db, pool => Ok(sqlx::query_as(
            "SELECT id, org_id, code, name_ru, name_en FROM services WHERE org_id = $1 ORDER BY name_ru",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await?))
    }
}
