//! Storage: one interface over SQLite (the default) and PostgreSQL.
//!
//! Every query is written once in SQL that both engines accept, and [`on_db!`] compiles
//! it for each backend, so the two cannot drift apart. Migrations are per backend.

mod api_complaints;
mod api_keys;
mod attachments;
mod audit;
mod calendar;
mod citizens;
mod complaints;
mod jobs;
mod key_switch;
mod keys;
mod orgs;
mod rate_limits;
mod settings;
mod users;
mod webhooks;

pub use api_complaints::{ApiComplaintFilter, ApiComplaintRow, ApiEventRow};
pub use api_keys::{ApiKeyRow, AuditActor, NewApiKey};
pub use attachments::{AttachmentRow, NewAttachment};
pub use audit::{Audit, AuditFilter, AuditRow};
pub use calendar::{CalendarYearRow, CalendarYearWrite};
pub use citizens::{CitizenSessionRow, CitizenTokenRow, OidcLoginRow};
pub use complaints::{
    AssigneeFilter, ComplaintInsert, ComplaintRow, DeadlineBasisRow, EventRow, InboxFilter, InboxRow, NewEvent,
    RedirectedCopy, TransitionUpdate,
};
pub use jobs::{ClaimedJob, JobRow, NewJob};
pub use keys::{KeyDay, KeyRequestRow, NewWidgetKey, WidgetKeyRow};
pub use orgs::{ImportCounts, OrgImport, OrgRow, ServiceImport, ServiceRow};
pub use rate_limits::RateLimitHit;
pub use users::{SessionRow, StaffMember, StaffProfile, UserRow};
pub use webhooks::{WebhookActor, WebhookAttempt, WebhookDeliveryRow, WebhookEndpointRow};

use std::future::Future;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::Transaction;

/// Runs `$body` with `$pool` bound to the concrete pool of the backend in use.
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::server::store::Db::Sqlite($pool) => $body,
            $crate::server::store::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row looked up does not exist.
    #[error("not found")]
    NotFound,
    /// A unique value is taken, or the row changed under us; the name says which.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// `DATABASE_URL` is neither `sqlite:` nor `postgres:`.
    #[error("unsupported database URL scheme in {0:?}; use sqlite:PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("could not create the folder for the SQLite file {path}: {source}")]
    CreateFolder { path: String, source: std::io::Error },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            other => StoreError::Database(other),
        }
    }
}

/// Maps a unique-constraint violation to `StoreError::Conflict(what)`.
pub(crate) fn unique_violation(error: sqlx::Error, what: &'static str) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::from(error),
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The application's one handle on the database: cheap to clone, shared by all requests.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
}

impl Store {
    /// Opens a pool for `url`: `sqlite:PATH` (the file and its folder are created when
    /// missing) or `postgres://...`.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        let db = if url.starts_with("sqlite:") {
            Db::Sqlite(connect_sqlite(url).await?)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool =
                PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
            Db::Postgres(pool)
        } else {
            return Err(StoreError::UnsupportedUrl(redact_url(url)));
        };
        Ok(Store { db })
    }

    /// Applies the migrations of the backend in use that are not applied yet.
    pub async fn migrate(&self) -> StoreResult<()> {
        match &self.db {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// "sqlite" or "postgres", for logs.
    pub fn backend(&self) -> &'static str {
        match &self.db {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        on_db!(&self.db, pool => pool.close().await)
    }
}

async fn connect_sqlite(url: &str) -> StoreResult<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .foreign_keys(true)
        // WAL lets readers go on while one connection writes.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(10));

    let file = options.get_filename();
    if let Some(folder) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_folder(folder)?;
    }

    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    Ok(pool)
}

fn create_folder(folder: &Path) -> StoreResult<()> {
    std::fs::create_dir_all(folder)
        .map_err(|source| StoreError::CreateFolder { path: folder.display().to_string(), source })
}

/// Drops the password from a database URL so that it can be shown in an error.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}://{user}:***{}", &url[..scheme_end], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Opens a transaction that writes. SQLite takes the write lock at once (`BEGIN IMMEDIATE`)
/// so that two writers wait for each other instead of failing at their first write.
pub(crate) trait BeginWrite {
    type Database: sqlx::Database;
    fn begin_write(&self) -> impl Future<Output = Result<Transaction<'static, Self::Database>, sqlx::Error>> + Send;
}

impl BeginWrite for SqlitePool {
    type Database = sqlx::Sqlite;
    fn begin_write(&self) -> impl Future<Output = Result<Transaction<'static, sqlx::Sqlite>, sqlx::Error>> + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for PgPool {
    type Database = sqlx::Postgres;
    fn begin_write(&self) -> impl Future<Output = Result<Transaction<'static, sqlx::Postgres>, sqlx::Error>> + Send {
        self.begin()
    }
}

/// The current time at the precision both databases keep (microseconds), so that a value
/// read back equals the value written.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_url_hides_password() {
        assert_eq!(redact_url("postgres://app:s3cret@db:5432/appello"), "postgres://app:***@db:5432/appello");
        assert_eq!(redact_url("sqlite:data/appello.db"), "sqlite:data/appello.db");
    }
}
