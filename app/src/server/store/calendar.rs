//! The production calendar: one row per year and one per non-working date.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{on_db, BeginWrite, Store, StoreError, StoreResult};

/// A year of the calendar to write: its status code, where the dates come from, and every
/// non-working date of the year, weekends included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarYearWrite {
    pub year: i32,
    /// `confirmed` or `provisional`.
    pub status: String,
    pub source: String,
    pub days_off: Vec<NaiveDate>,
}

/// A stored year of the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarYearRow {
    pub year: i32,
    pub status: String,
    pub source: String,
    pub updated_at: DateTime<Utc>,
    /// `system` for the shipped data, `cli`, or a staff user's id.
    pub updated_by: String,
    /// Every non-working date of the year, ascending.
    pub days_off: Vec<NaiveDate>,
}

/// A year joined with one of its dates; `day` is NULL for a year without dates.
#[derive(sqlx::FromRow)]
struct YearDayFields {
    year: i32,
    status: String,
    source: String,
    updated_at: DateTime<Utc>,
    updated_by: String,
    day: Option<NaiveDate>,
}

/// The behaviour of a write when the year is stored already.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WriteMode {
    Replace,
    InsertIfMissing,
}

impl WriteMode {
    fn audit_action(self) -> &'static str {
        match self {
            WriteMode::Replace => "calendar.replace",
            WriteMode::InsertIfMissing => "calendar.seed",
        }
    }
}

/// Years with their dates in one statement, so that a year replaced meanwhile cannot mix
/// old and new rows.
const YEAR_DAYS_SELECT: &str = "SELECT y.year, y.status, y.source, y.updated_at, y.updated_by, d.day \
     FROM calendar_years y LEFT JOIN calendar_days d ON d.year = y.year";

impl Store {
    /// Replaces a whole year, its dates and the audit entry in one transaction, so readers
    /// see either the old year or the new one.
    pub async fn replace_calendar_year(
        &self,
        year: &CalendarYearWrite,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.write_calendar_year(year, WriteMode::Replace, actor, now).await.map(|_| ())
    }

    /// Stores a year unless it is stored already, and returns whether it wrote it. A stored
    /// year is left as it is, so an operator's correction survives. When several instances
    /// start at once, exactly one of them writes the year.
    pub async fn insert_calendar_year_if_missing(
        &self,
        year: &CalendarYearWrite,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.write_calendar_year(year, WriteMode::InsertIfMissing, actor, now).await
    }

    async fn write_calendar_year(
        &self,
        year: &CalendarYearWrite,
        mode: WriteMode,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let upsert = match mode {
            WriteMode::Replace => {
                "INSERT INTO calendar_years (year, status, source, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (year) DO UPDATE SET status = excluded.status, source = excluded.source, \
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by"
            }
            WriteMode::InsertIfMissing => {
                "INSERT INTO calendar_years (year, status, source, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (year) DO NOTHING"
            }
        };
        let detail = format!("{}, {} non-working days, source: {}", year.status, year.days_off.len(), year.source);

        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let written = sqlx::query(upsert)
                .bind(year.year)
                .bind(&year.status)
                .bind(&year.source)
                .bind(now)
                .bind(actor)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if written == 0 {
                tx.rollback().await?;
                return Ok(false);
            }

            sqlx::query("DELETE FROM calendar_days WHERE year = $1").bind(year.year).execute(&mut *tx).await?;
            for day in &year.days_off {
                sqlx::query("INSERT INTO calendar_days (day, year) VALUES ($1, $2)")
                    .bind(day)
                    .bind(year.year)
                    .execute(&mut *tx)
                    .await?;
            }

            sqlx::query("INSERT INTO audit_log (id, at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(Uuid::now_v7())
                .bind(now)
                .bind(actor)
                .bind(mode.audit_action())
                .bind(year.year.to_string())
                .bind(&detail)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Loads every stored year with its dates, by year.
    pub async fn calendar_years(&self) -> StoreResult<Vec<CalendarYearRow>> {
        let sql = format!("{YEAR_DAYS_SELECT} ORDER BY y.year, d.day");
        let rows: Vec<YearDayFields> = on_db!(&self.db, pool => sqlx::query_as(&sql).fetch_all(pool).await?);
        Ok(group_years(rows))
    }

    /// Loads one stored year with its dates, or returns `StoreError::NotFound` when the
    /// year is not stored.
    pub async fn calendar_year(&self, year: i32) -> StoreResult<CalendarYearRow> {
        let sql = format!("{YEAR_DAYS_SELECT} WHERE y.year = $1 ORDER BY d.day");
        let rows: Vec<YearDayFields> = on_db!(&self.db, pool => sqlx::query_as(&sql).bind(year).fetch_all(pool).await?);
        group_years(rows).pop().ok_or(StoreError::NotFound)
    }
}

/// Folds rows ordered by year into one row per year.
fn group_years(rows: Vec<YearDayFields>) -> Vec<CalendarYearRow> {
    let mut years: Vec<CalendarYearRow> = Vec::new();
    for row in rows {
        if years.last().is_none_or(|y| y.year != row.year) {
            years.push(CalendarYearRow {
                year: row.year,
                status: row.status,
                source: row.source,
                updated_at: row.updated_at,
                updated_by: row.updated_by,
                days_off: Vec::new(),
            });
        }
        if let (Some(day), Some(year)) = (row.day, years.last_mut()) {
            year.days_off.push(day);
        }
    }
    years
}
