//! The operators' administration: the production calendar, corrected year by year.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::auth::{Role, Session};
use super::calendar::{import_calendar_file, CalendarFileError, ImportError, MAX_WORKING_WEEKEND_DAYS};
use super::desk::DeskError;
use super::state::AppState;
use super::store::{StoreError, StoreResult};
use super::time::format_moscow;
use crate::domain::deadlines::{compute, DeadlineBasis};
use crate::domain::{text, Field, FieldErrors, Outcome, Problem, Status};
use crate::model::{CalendarYearEdit, CalendarYearSummary};

/// Fails with `Forbidden` unless the member is an operator.
pub fn require_operator(session: &Session) -> Result<(), DeskError> {
    match Role::from_code(&session.user().role) {
        Some(Role::Operator) => Ok(()),
        _ => Err(DeskError::Forbidden),
    }
}

pub async fn calendar_years(state: &AppState) -> StoreResult<Vec<CalendarYearSummary>> {
    Ok(state
        .store
        .calendar_years()
        .await?
        .into_iter()
        .map(|row| CalendarYearSummary {
            year: row.year,
            provisional: row.status == "provisional",
            source: row.source,
            days_off: row.days_off.len(),
            updated_at: format_moscow(row.updated_at),
            updated_by: row.updated_by,
        })
        .collect())
}

pub async fn calendar_year(state: &AppState, year: i32) -> StoreResult<CalendarYearEdit> {
    let row = state.store.calendar_year(year).await?;
    Ok(CalendarYearEdit {
        year: row.year,
        provisional: row.status == "provisional",
        source: row.source,
        days_off: row.days_off.iter().map(|d| d.to_string()).collect(),
    })
}

/// Reads the posted calendar of `year`: its status, source and ticked dates.
pub fn parse_year_form(year: i32, value: impl Fn(&str) -> String, days: &[String]) -> Result<CalendarYearEdit, FieldErrors> {
    let mut errors = FieldErrors::new();
    let provisional = match value("status").as_str() {
        "confirmed" => Some(false),
        "provisional" => Some(true),
        _ => {
            errors.push(Field::CalendarStatus, Problem::Missing);
            None
        }
    };
    let source = errors.check(Field::CalendarSource, text::required_line(&value("source"), 500));
    let mut days_off = Vec::with_capacity(days.len());
    for day in days {
        match NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d") {
            Ok(date) if date.year() == year => days_off.push(date),
            _ => {
                errors.push(Field::Form, Problem::InvalidDate);
                break;
            }
        }
    }
    days_off.sort();
    days_off.dedup();
    match (provisional, source) {
        (Some(provisional), Some(source)) if errors.is_empty() => Ok(CalendarYearEdit {
            year,
            provisional,
            source,
            days_off: days_off.iter().map(|d| d.to_string()).collect(),
        }),
        _ => Err(errors),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CalendarEditError {
    #[error("invalid calendar form")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Replaces a year with the operator's correction and recomputes the deadlines of every open
/// complaint by the new calendar. Returns how many complaints were recomputed.
#[tracing::instrument(skip_all, fields(year = edit.year))]
pub async fn save_calendar_year(
    state: &AppState,
    session: &Session,
    edit: &CalendarYearEdit,
    now: DateTime<Utc>,
) -> Result<usize, CalendarEditError> {
    let status = if edit.provisional { "provisional" } else { "confirmed" };
    let mut file = format!("# year: {}\n# status: {status}\n# source: {}\n", edit.year, edit.source);
    for day in &edit.days_off {
        file.push_str(day);
        file.push('\n');
    }
    match import_calendar_file(&state.store, &file, &session.user().email, now).await {
        Ok(_) => {}
        Err(ImportError::File(CalendarFileError::WeekendsMissing { .. })) => {
            return Err(CalendarEditError::Invalid(FieldErrors::single(
                Field::Form,
                Problem::TooManyWorkingWeekends { max: MAX_WORKING_WEEKEND_DAYS },
            )))
        }
        Err(ImportError::File(_)) => {
            return Err(CalendarEditError::Invalid(FieldErrors::single(Field::Form, Problem::InvalidDate)))
        }
        Err(ImportError::Store(e)) => return Err(e.into()),
    }
    state.forget_calendar();
    let recomputed = recompute_open_deadlines(state).await?;
    tracing::info!(recomputed, "calendar year replaced by an operator");
    Ok(recomputed)
}

/// Recomputes the deadlines of every complaint whose status still runs against one.
pub async fn recompute_open_deadlines(state: &AppState) -> StoreResult<usize> {
    let calendar = state.calendar().await?;
    let bases = state.store.open_deadline_bases().await?;
    for row in &bases {
        let basis = DeadlineBasis {
            status: Status::from_code(&row.status).unwrap_or(Status::Submitted),
            received: super::time::moscow_date(row.received_at),
            registered: row.registered_at.map(super::time::moscow_date),
            decided: row.decided_at.map(super::time::moscow_date),
            outcome: row.outcome.as_deref().and_then(Outcome::from_code),
            short_review: row.short_review,
        };
        state.store.set_deadlines(row.id, &row.status, &compute(calendar.as_ref(), &basis)).await?;
    }
    Ok(bases.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_form_needs_status_and_source() {
        let errors = parse_year_form(2027, |_| String::new(), &[]).expect_err("empty");
        assert_eq!(errors.get(Field::CalendarStatus), Some(Problem::Missing));
        assert_eq!(errors.get(Field::CalendarSource), Some(Problem::Missing));
    }

    #[test]
    fn year_form_rejects_dates_of_other_years() {
        let value = |name: &str| match name {
            "status" => "confirmed".to_string(),
            "source" => "Постановление".to_string(),
            _ => String::new(),
        };
        let errors = parse_year_form(2027, value, &["2026-12-31".to_string()]).expect_err("wrong year");
        assert_eq!(errors.get(Field::Form), Some(Problem::InvalidDate));
        let edit = parse_year_form(2027, value, &["2027-01-02".into(), "2027-01-01".into()]).expect("valid");
        assert_eq!(edit.days_off, ["2027-01-01", "2027-01-02"]);
    }
}
