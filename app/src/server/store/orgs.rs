//! The directory of bodies and their services.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{on_db, BeginWrite, Store, StoreError, StoreResult};

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

impl Store {
    /// Creates or updates, by code, every body and service of a directory in one
    /// transaction: either the whole file is applied or nothing is.
    pub async fn import_directory(&self, orgs: &[OrgImport], now: DateTime<Utc>) -> StoreResult<ImportCounts> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
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

                for service in &org.services {
                    sqlx::query(
                        "INSERT INTO services (id, org_id, code, name_ru, name_en) \
                         SELECT $1, id, $2, $3, $4 FROM orgs WHERE code = $5 \
                         ON CONFLICT (code) DO UPDATE SET org_id = excluded.org_id, \
                         name_ru = excluded.name_ru, name_en = excluded.name_en",
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
            Ok(counts)
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
