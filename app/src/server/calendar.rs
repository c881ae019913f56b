//! Calendar files, the years shipped with Appello, and loading the production calendar.
//!
//! A calendar file lists every non-working date of one year, weekends included, one ISO
//! date a line, ascending. Optional header lines name the year, its status and the source
//! of the dates. Any other line that starts with `#` is a comment, and blank lines are
//! skipped.
//!
//! ```text
//! # year: 2026
//! # status: confirmed
//! # source: Постановление Правительства РФ от 24.09.2025 "О переносе выходных дней в 2026 году"
//! 2026-01-01
//! 2026-01-02
//! ```

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};

use crate::domain::calendar::{ProductionCalendar, YearCalendar, YearStatus};

use super::store::{CalendarYearRow, CalendarYearWrite, Store, StoreError, StoreResult};

/// The years shipped with Appello, one file each, as `(file name, text)`.
pub const SHIPPED_YEARS: [(&str, &str); 3] = [
    ("2025.txt", include_str!("../../calendar/2025.txt")),
    ("2026.txt", include_str!("../../calendar/2026.txt")),
    ("2027.txt", include_str!("../../calendar/2027.txt")),
];

/// The actor recorded for the shipped years in the audit log and `updated_by`.
pub const SYSTEM_ACTOR: &str = "system";

/// A parsed calendar file. The status and source are `None` when the file has no header
/// for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarFile {
    pub year: i32,
    pub status: Option<YearStatus>,
    pub source: Option<String>,
    pub days_off: BTreeSet<NaiveDate>,
}

/// A reason why a calendar file is rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarFileError {
    /// A line is invalid. `line` counts from 1.
    #[error("line {line}: {problem}")]
    Line { line: usize, problem: String },
    #[error("the file lists no dates; list every non-working date of the year, weekends included")]
    NoDates,
    /// More Saturdays and Sundays are working days than any decree makes.
    #[error(
        "the file makes {count} Saturdays and Sundays of {year} working days, from {first} on; \
         list every non-working date of the year, weekends included"
    )]
    WeekendsMissing { year: i32, count: usize, first: NaiveDate },
}

/// The most Saturdays and Sundays a year may make working days. Decrees make a few of them
/// working a year, so this estimate leaves room, and a file without its weekends exceeds it.
pub const MAX_WORKING_WEEKEND_DAYS: usize = 12;

/// Parses a calendar file without touching the database.
pub fn parse_calendar_file(text: &str) -> Result<CalendarFile, CalendarFileError> {
    let mut year: Option<(i32, usize)> = None;
    let mut status: Option<(YearStatus, usize)> = None;
    let mut source: Option<(String, usize)> = None;
    let mut dates: Vec<(NaiveDate, usize)> = Vec::new();

    for (index, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = index + 1;
        let fail = |problem: String| CalendarFileError::Line { line, problem };
        let content = raw.trim();
        if content.is_empty() {
            continue;
        }

        let Some(comment) = content.strip_prefix('#') else {
            dates.push((parse_date(content).map_err(fail)?, line));
            continue;
        };
        let Some((key, value)) = comment.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim().to_lowercase().as_str() {
            "year" => {
                check_first_header("year", year.as_ref().map(|y| y.1)).map_err(fail)?;
                year = Some((parse_year(value).map_err(fail)?, line));
            }
            "status" => {
                check_first_header("status", status.as_ref().map(|s| s.1)).map_err(fail)?;
                let parsed = YearStatus::from_stored_code(value).ok_or_else(|| {
                    fail(format!("invalid status {value:?}; write `# status: confirmed` or `# status: provisional`"))
                })?;
                status = Some((parsed, line));
            }
            "source" => {
                check_first_header("source", source.as_ref().map(|s| s.1)).map_err(fail)?;
                if value.is_empty() {
                    return Err(fail("the source is empty; name the decree or law the dates come from".into()));
                }
                source = Some((value.to_string(), line));
            }
            _ => {}
        }
    }

    let Some(&(first_date, _)) = dates.first() else {
        return Err(CalendarFileError::NoDates);
    };
    let year = year.map_or(first_date.year(), |y| y.0);

    let mut days_off = BTreeSet::new();
    let mut previous: Option<NaiveDate> = None;
    for (date, line) in dates {
        let fail = |problem: String| CalendarFileError::Line { line, problem };
        if date.year() != year {
            return Err(fail(format!("the date {date} lies outside the year {year}")));
        }
        if !days_off.insert(date) {
            return Err(fail(format!("the date {date} is listed twice")));
        }
        if let Some(previous) = previous.filter(|p| *p > date) {
            return Err(fail(format!("the date {date} comes after {previous}; list the dates in ascending order")));
        }
        previous = Some(date);
    }

    let working_weekend_days = working_weekend_days(year, &days_off);
    if working_weekend_days.len() > MAX_WORKING_WEEKEND_DAYS {
        return Err(CalendarFileError::WeekendsMissing {
            year,
            count: working_weekend_days.len(),
            first: working_weekend_days[0],
        });
    }

    Ok(CalendarFile { year, status: status.map(|s| s.0), source: source.map(|s| s.0), days_off })
}

/// Lists the Saturdays and Sundays of `year` that are not in `days_off`.
pub fn working_weekend_days(year: i32, days_off: &BTreeSet<NaiveDate>) -> Vec<NaiveDate> {
    let first_day = NaiveDate::from_ymd_opt(year, 1, 1);
    let year_days = first_day.into_iter().flat_map(|d| d.iter_days()).take_while(|d| d.year() == year);
    year_days.filter(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !days_off.contains(d)).collect()
}

fn check_first_header(name: &str, earlier_line: Option<usize>) -> Result<(), String> {
    match earlier_line {
        Some(earlier) => Err(format!("a second `# {name}:` header; the first one is on line {earlier}")),
        None => Ok(()),
    }
}

/// Parses a four-digit year, the range that ISO dates written as `YYYY-MM-DD` can take.
fn parse_year(value: &str) -> Result<i32, String> {
    match value.parse::<i32>() {
        Ok(year) if (1000..=9999).contains(&year) && value.len() == 4 => Ok(year),
        _ => Err(format!("invalid year {value:?}; write four digits, as in `# year: 2026`")),
    }
}

/// Parses a date written exactly `YYYY-MM-DD`.
fn parse_date(value: &str) -> Result<NaiveDate, String> {
    let shape_ok = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(date) if shape_ok => Ok(date),
        _ => Err(format!("invalid date {value:?}; write one date a line as YYYY-MM-DD, or start a comment with #")),
    }
}

/// Formats a stored year as a calendar file, headers included, which
/// [`parse_calendar_file`] reads back to the same year.
pub fn format_calendar_file(year: &CalendarYearRow) -> String {
    let mut text = format!("# year: {}\n# status: {}\n# source: {}\n", year.year, year.status, year.source);
    text.push_str(&format_dates(&year.days_off));
    text
}

/// Formats dates one a line as `YYYY-MM-DD`, each line ending in a newline.
pub fn format_dates(dates: &[NaiveDate]) -> String {
    dates.iter().map(|d| format!("{}\n", d.format("%Y-%m-%d"))).collect()
}

/// Parses the shipped years.
pub fn shipped_years() -> Vec<CalendarYearWrite> {
    SHIPPED_YEARS
        .iter()
        .map(|(name, text)| {
            // The unit tests parse every shipped file, so a broken one never gets built.
            let file = parse_calendar_file(text).unwrap_or_else(|e| panic!("the shipped calendar {name}: {e}"));
            CalendarYearWrite {
                year: file.year,
                status: file.status.map_or("provisional", YearStatus::code).to_string(),
                source: file.source.unwrap_or_default(),
                days_off: file.days_off.into_iter().collect(),
            }
        })
        .collect()
}

/// Stores each shipped year that the database does not have yet, and returns the years
/// written. A stored year is never overwritten, so an operator's correction stays.
pub async fn seed_shipped_years(store: &Store) -> StoreResult<Vec<i32>> {
    let now = super::store::now();
    let mut written = Vec::new();
    for year in shipped_years() {
        if store.insert_calendar_year_if_missing(&year, SYSTEM_ACTOR, now).await? {
            tracing::info!(year = year.year, status = %year.status, "stored the shipped calendar year");
            written.push(year.year);
        }
    }
    Ok(written)
}

/// Loads the production calendar from the database. Years without data are computed from
/// the Labor Code.
pub async fn load(store: &Store) -> StoreResult<ProductionCalendar> {
    let rows = store.calendar_years().await?;
    let mut years = Vec::with_capacity(rows.len());
    for row in rows {
        match year_calendar(&row) {
            Ok(year) => years.push(year),
            // The table's CHECKs rule this out. Should it happen, the year falls back to the
            // Labor Code and shows as missing rather than stopping every deadline.
            Err(problem) => tracing::error!(year = row.year, %problem, "ignored an invalid stored calendar year"),
        }
    }
    Ok(ProductionCalendar::new(years))
}

fn year_calendar(row: &CalendarYearRow) -> Result<YearCalendar, String> {
    let status = YearStatus::from_stored_code(&row.status).ok_or_else(|| format!("unknown status {:?}", row.status))?;
    YearCalendar::new(row.year, status, row.days_off.iter().copied().collect()).map_err(|e| e.to_string())
}

/// The changes that an import made, for the operator to review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportReport {
    pub year: i32,
    pub status: String,
    pub source: String,
    pub days_off: usize,
    /// Whether the year was stored before the import.
    pub replaced: bool,
    /// Dates that were working days and now are not. With no earlier year, every date.
    pub added: Vec<NaiveDate>,
    /// Dates that were non-working and now are working days.
    pub removed: Vec<NaiveDate>,
    /// Saturdays and Sundays that the file makes working days.
    pub working_weekend_days: Vec<NaiveDate>,
}

/// A reason why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] CalendarFileError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Parses a calendar file and replaces its year in one transaction. A file that fails to
/// parse changes nothing. A header that the file leaves out keeps the stored year's value,
/// and for a new year the status is `provisional` and the source names the import.
pub async fn import_calendar_file(
    store: &Store,
    text: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<ImportReport, ImportError> {
    let file = parse_calendar_file(text)?;
    let stored = match store.calendar_year(file.year).await {
        Ok(row) => Some(row),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };

    let status = match (file.status, &stored) {
        (Some(status), _) => status.code().to_string(),
        (None, Some(row)) => row.status.clone(),
        (None, None) => YearStatus::Provisional.code().to_string(),
    };
    let source = match (file.source, &stored) {
        (Some(source), _) => source,
        (None, Some(row)) => row.source.clone(),
        (None, None) => format!("imported by {actor} without a source"),
    };

    let before: BTreeSet<NaiveDate> = stored.as_ref().map(|r| r.days_off.iter().copied().collect()).unwrap_or_default();
    let write = CalendarYearWrite {
        year: file.year,
        status: status.clone(),
        source: source.clone(),
        days_off: file.days_off.iter().copied().collect(),
    };
    store.replace_calendar_year(&write, actor, now).await?;

    Ok(ImportReport {
        year: file.year,
        status,
        source,
        days_off: file.days_off.len(),
        replaced: stored.is_some(),
        added: file.days_off.difference(&before).copied().collect(),
        removed: before.difference(&file.days_off).copied().collect(),
        working_weekend_days: working_weekend_days(file.year, &file.days_off),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::decrees::{date, expected_years, rest_periods};

    fn shipped(year: i32) -> CalendarFile {
        let (name, text) = SHIPPED_YEARS
            .iter()
            .find(|(name, _)| name.starts_with(&year.to_string()))
            .unwrap_or_else(|| panic!("no shipped file for {year}"));
        parse_calendar_file(text).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    #[test]
    fn shipped_files_match_rules() {
        for expected in expected_years() {
            let file = shipped(expected.year());
            assert_eq!(file.year, expected.year(), "the year header");
            assert_eq!(file.status, Some(expected.status()), "the status of {}", expected.year());
            let missing: Vec<_> = expected.days_off().difference(&file.days_off).collect();
            let extra: Vec<_> = file.days_off.difference(expected.days_off()).collect();
            assert_eq!(missing, Vec::<&NaiveDate>::new(), "days off of {} missing from the file", expected.year());
            assert_eq!(
                extra,
                Vec::<&NaiveDate>::new(),
                "days off of {} in the file but not in the rules",
                expected.year()
            );
        }
    }

    #[test]
    fn shipped_files_name_sources() {
        let sources = [
            (2025, "Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»"),
            (2026, "Постановление Правительства РФ от 24.09.2025 \"О переносе выходных дней в 2026 году\""),
            (2027, "Трудовой кодекс РФ, ст. 112 (постановление о переносе выходных дней на 2027 год не подтверждено)"),
        ];
        for (year, source) in sources {
            assert_eq!(shipped(year).source.as_deref(), Some(source), "the source of {year}");
        }
        let years: Vec<i32> = shipped_years().iter().map(|y| y.year).collect();
        assert_eq!(years, vec![2025, 2026, 2027]);
    }

    /// Turns `((month, day), (month, day))` pairs into date ranges of `year`.
    fn periods(year: i32, pairs: &[((u32, u32), (u32, u32))]) -> Vec<(NaiveDate, NaiveDate)> {
        pairs.iter().map(|&((m1, d1), (m2, d2))| (date(year, m1, d1), date(year, m2, d2))).collect()
    }

    #[test]
    fn shipped_rest_periods() {
        let cases = [
            (
                2025,
                periods(
                    2025,
                    &[
                        ((1, 1), (1, 8)),
                        ((2, 22), (2, 23)),
                        ((3, 8), (3, 9)),
                        ((5, 1), (5, 4)),
                        ((5, 8), (5, 11)),
                        ((6, 12), (6, 15)),
                        ((11, 2), (11, 4)),
                        ((12, 31), (12, 31)),
                    ],
                ),
            ),
            (
                2026,
                periods(
                    2026,
                    &[
                        ((1, 1), (1, 11)),
                        ((2, 21), (2, 23)),
                        ((3, 7), (3, 9)),
                        ((5, 1), (5, 3)),
                        ((5, 9), (5, 11)),
                        ((6, 12), (6, 14)),
                        ((11, 4), (11, 4)),
                        ((12, 31), (12, 31)),
                    ],
                ),
            ),
            (
                2027,
                periods(
                    2027,
                    &[
                        ((1, 1), (1, 10)),
                        ((2, 23), (2, 23)),
                        ((3, 6), (3, 8)),
                        ((5, 1), (5, 3)),
                        ((5, 8), (5, 10)),
                        ((6, 12), (6, 14)),
                        ((11, 4), (11, 4)),
                    ],
                ),
            ),
        ];
        for (year, expected) in cases {
            assert_eq!(rest_periods(year, &shipped(year).days_off), expected, "the rest periods of {year}");
        }
    }

    #[test]
    fn shipped_working_saturday_2025() {
        let year = shipped(2025).days_off;
        assert!(!year.contains(&date(2025, 11, 1)), "Sat 1 Nov 2025 is a working day");
        assert_eq!(year.len(), 118, "365 days less 247 working days");
        assert_eq!(shipped(2026).days_off.len(), 118, "365 days less 247 working days");
    }

    #[test]
    fn new_year_spans_shipped_files() {
        let calendar = ProductionCalendar::new(SHIPPED_YEARS.iter().map(|(_, text)| {
            let file = parse_calendar_file(text).expect("a shipped file parses");
            YearCalendar::new(file.year, file.status.expect("a status"), file.days_off).expect("a valid year")
        }));
        assert_eq!(calendar.next_working_day(date(2025, 12, 30)), date(2026, 1, 12));
        assert_eq!(calendar.year_status(2027), YearStatus::Provisional);
    }

    /// Returns every Saturday and Sunday of `year` and the `extra` dates, ascending.
    fn days_off(year: i32, extra: &[NaiveDate]) -> BTreeSet<NaiveDate> {
        let mut days = BTreeSet::new();
        days.extend(working_weekend_days(year, &BTreeSet::new()));
        days.extend(extra.iter().copied());
        days
    }

    fn dates_text(days: &BTreeSet<NaiveDate>) -> String {
        format_dates(&days.iter().copied().collect::<Vec<_>>())
    }

    #[test]
    fn parses_headers_and_comments() {
        let expected = days_off(2026, &[date(2026, 1, 1), date(2026, 1, 2)]);
        let dates = dates_text(&expected).replace("2026-01-02\n", "  2026-01-02  \r\n");
        let text = format!(
            "\u{feff}# year: 2026\r\n# Status: provisional\n# a comment: with a colon\n\n# source:  a draft \n{dates}"
        );
        let file = parse_calendar_file(&text).expect("a valid file");
        assert_eq!(file.year, 2026);
        assert_eq!(file.status, Some(YearStatus::Provisional));
        assert_eq!(file.source.as_deref(), Some("a draft"));
        assert_eq!(file.days_off, expected);
    }

    #[test]
    fn headers_are_optional() {
        let expected = days_off(2027, &[date(2027, 1, 1)]);
        let file = parse_calendar_file(&dates_text(&expected)).expect("a file of dates only");
        assert_eq!(file.year, 2027, "the year of the first date");
        assert_eq!(file.status, None);
        assert_eq!(file.source, None);
        assert_eq!(file.days_off, expected);
    }

    #[test]
    fn allows_few_working_weekend_days() {
        let mut days = days_off(2025, &[date(2025, 1, 1)]);
        let saturdays: Vec<NaiveDate> = days.iter().copied().filter(|d| d.weekday() == Weekday::Sat).collect();
        for saturday in &saturdays[..MAX_WORKING_WEEKEND_DAYS] {
            days.remove(saturday);
        }
        let file = parse_calendar_file(&dates_text(&days)).expect("a year with 12 working Saturdays");
        assert_eq!(file.days_off, days);

        days.remove(&saturdays[MAX_WORKING_WEEKEND_DAYS]);
        let error = parse_calendar_file(&dates_text(&days)).expect_err("a year with 13 working Saturdays");
        assert_eq!(error, CalendarFileError::WeekendsMissing { year: 2025, count: 13, first: saturdays[0] });
    }

    #[test]
    fn rejects_bad_files_naming_line() {
        let cases = [
            ("# year: 2026\n2026-01-01\n2026-02-30\n", 3, "invalid date \"2026-02-30\""),
            ("2026-01-01\n2026-1-02\n", 2, "invalid date \"2026-1-02\""),
            ("2026-01-01\n01.01.2026\n", 2, "invalid date \"01.01.2026\""),
            ("2026-01-01 # New Year\n", 1, "invalid date"),
            ("# year: 2026\n2026-01-01\n2027-01-01\n", 3, "the date 2027-01-01 lies outside the year 2026"),
            ("# year: 2026\n2025-12-31\n", 2, "outside the year 2026"),
            ("2026-01-01\n2026-01-02\n2026-01-01\n", 3, "the date 2026-01-01 is listed twice"),
            ("2026-01-02\n2026-01-01\n", 2, "ascending order"),
            ("# status: approved\n2026-01-01\n", 1, "invalid status \"approved\""),
            ("# status: missing\n2026-01-01\n", 1, "invalid status \"missing\""),
            ("# year: 26\n2026-01-01\n", 1, "invalid year \"26\""),
            ("# year: 2026\n# year: 2027\n2026-01-01\n", 2, "the first one is on line 1"),
            ("# source:\n2026-01-01\n", 1, "the source is empty"),
        ];
        for (text, line, expected) in cases {
            match parse_calendar_file(text) {
                Err(CalendarFileError::Line { line: actual, problem }) => {
                    assert_eq!(actual, line, "the line of {expected:?}");
                    assert!(problem.contains(expected), "{expected:?} not in {problem:?}");
                }
                other => panic!("{text:?} should fail on line {line}, got {other:?}"),
            }
        }
        assert_eq!(parse_calendar_file("# year: 2026\n# nothing else\n"), Err(CalendarFileError::NoDates));
        assert_eq!(
            parse_calendar_file("# year: 2028\n2028-01-01\n"),
            Err(CalendarFileError::WeekendsMissing { year: 2028, count: 105, first: date(2028, 1, 2) }),
            "a file of holidays only"
        );
        assert_eq!(parse_calendar_file(""), Err(CalendarFileError::NoDates));
    }

    #[test]
    fn format_reads_back() {
        let row = CalendarYearRow {
            year: 2026,
            status: "confirmed".into(),
            source: "a decree".into(),
            updated_at: crate::server::store::now(),
            updated_by: SYSTEM_ACTOR.into(),
            days_off: days_off(2026, &[date(2026, 1, 1), date(2026, 1, 2)]).into_iter().collect(),
        };
        let text = format_calendar_file(&row);
        assert!(
            text.starts_with(
                "# year: 2026\n# status: confirmed\n# source: a decree\n2026-01-01\n2026-01-02\n2026-01-03\n"
            ),
            "{text}"
        );
        let file = parse_calendar_file(&text).expect("the formatted file parses");
        assert_eq!(file.days_off.into_iter().collect::<Vec<_>>(), row.days_off);
        assert_eq!(file.status, Some(YearStatus::Confirmed));
        assert_eq!(format_dates(&[]), "");
    }
}
