//! The production calendar on both databases: the shipped years, imports that replace a
//! year or change nothing, and the `appello calendar` commands.

use std::collections::BTreeSet;
use std::process::{Command, Output};

use app::domain::calendar::YearStatus;
use app::server::calendar::{
    format_dates, import_calendar_file, load, parse_calendar_file, seed_shipped_years, shipped_years, ImportError,
    SYSTEM_ACTOR,
};
use app::server::store::{now, CalendarYearRow, CalendarYearWrite, Store, StoreError};
use sqlx::types::chrono::NaiveDate;

use crate::database::RawDb;
use crate::helpers::{spawn_app, Backend, TestDatabase};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text:?} is not a date: {e}"))
}

/// Builds the shipped 2026 with one correction: 9 January is a working day and 4 May is not.
fn corrected_2026() -> String {
    let (_, shipped) = app::server::calendar::SHIPPED_YEARS[1];
    let mut days = parse_calendar_file(shipped).expect("the shipped 2026 parses").days_off;
    assert!(days.remove(&date("2026-01-09")), "the shipped 2026 has 9 January off");
    assert!(days.insert(date("2026-05-04")), "the shipped 2026 has 4 May as a working day");
    let dates = format_dates(&days.into_iter().collect::<Vec<_>>());
    format!("# year: 2026\n# status: confirmed\n# source: corrected by the operator\n# a comment\n{dates}")
}

/// Counts the audit entries of `action` on the calendar year `year`.
async fn audit_count(raw: &RawDb, action: &str, year: i32) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND target = $1");
    raw.count_with(&sql, &year.to_string()).await
}

async fn stored_years(store: &Store) -> Vec<CalendarYearRow> {
    store.calendar_years().await.expect("calendar_years")
}

async fn seeding_stores_shipped_years(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    assert_eq!(stored_years(&db.store).await, Vec::new(), "a new database has no calendar");

    let written = seed_shipped_years(&db.store).await.expect("seeding");
    assert_eq!(written, vec![2025, 2026, 2027], "the years written");

    let stored = stored_years(&db.store).await;
    for (row, shipped) in stored.iter().zip(shipped_years()) {
        assert_eq!(row.year, shipped.year);
        assert_eq!(row.status, shipped.status, "the status of {}", row.year);
        assert_eq!(row.source, shipped.source, "the source of {}", row.year);
        assert_eq!(row.days_off, shipped.days_off, "the dates of {}", row.year);
        assert_eq!(row.updated_by, SYSTEM_ACTOR, "the writer of {}", row.year);
        assert_eq!(audit_count(&db.raw, "calendar.seed", row.year).await, 1, "the seeding of {} audited", row.year);
    }
    assert_eq!(stored.len(), 3, "three years stored");
    assert_eq!(db.raw.count("calendar_days").await, 118 + 118 + 116, "every non-working date stored");

    let calendar = load(&db.store).await.expect("load");
    assert_eq!(calendar.year_status(2025), YearStatus::Confirmed);
    assert_eq!(calendar.year_status(2026), YearStatus::Confirmed);
    assert_eq!(calendar.year_status(2027), YearStatus::Provisional);
    assert_eq!(calendar.year_status(2028), YearStatus::Missing);
    assert!(calendar.is_working_day(date("2025-11-01")), "Sat 1 Nov 2025 is a working day");
    assert_eq!(calendar.next_working_day(date("2025-12-30")), date("2026-01-12"));

    assert_eq!(seed_shipped_years(&db.store).await.expect("seeding again"), Vec::<i32>::new(), "nothing to write");
    assert_eq!(stored_years(&db.store).await, stored, "a second seeding changes nothing");
    assert_eq!(audit_count(&db.raw, "calendar.seed", 2026).await, 1, "a second seeding is not audited");
}

async fn app_start_seeds_calendar(backend: Backend) {
    let app = spawn_app(backend).await;
    let years: Vec<i32> = stored_years(app.store()).await.iter().map(|y| y.year).collect();
    assert_eq!(years, vec![2025, 2026, 2027], "the years stored when the application starts");
}

async fn concurrent_seeding_writes_once(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let (first, second) = tokio::join!(seed_shipped_years(&db.store), seed_shipped_years(&db.store));
    let mut written = first.expect("the first seeding");
    written.extend(second.expect("the second seeding"));
    written.sort();
    assert_eq!(written, vec![2025, 2026, 2027], "each year written by one of the two");
    for year in [2025, 2026, 2027] {
        assert_eq!(audit_count(&db.raw, "calendar.seed", year).await, 1, "the seeding of {year} audited once");
    }
}

async fn import_replaces_year(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    seed_shipped_years(&db.store).await.expect("seeding");

    let report = import_calendar_file(&db.store, &corrected_2026(), "operator-1", now()).await.expect("the import");
    assert!(report.replaced, "2026 was stored before");
    assert_eq!(report.added, vec![date("2026-05-04")], "the new day off");
    assert_eq!(report.removed, vec![date("2026-01-09")], "the new working day");
    assert_eq!(report.working_weekend_days, Vec::<NaiveDate>::new());
    assert_eq!(report.days_off, 118);

    let stored = db.store.calendar_year(2026).await.expect("2026 is stored");
    assert_eq!(stored.source, "corrected by the operator");
    assert_eq!(stored.updated_by, "operator-1");
    assert!(!stored.days_off.contains(&date("2026-01-09")), "9 January 2026 is a working day now");
    assert!(stored.days_off.contains(&date("2026-05-04")), "4 May 2026 is a day off now");
    assert_eq!(stored.days_off.len(), 118);
    let audit = "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.replace' AND target = '2026' AND actor = $1";
    assert_eq!(db.raw.count_with(audit, "operator-1").await, 1, "the replacement audited with its actor");

    assert_eq!(seed_shipped_years(&db.store).await.expect("seeding again"), Vec::<i32>::new());
    assert_eq!(db.store.calendar_year(2026).await.expect("2026"), stored, "seeding keeps the correction");

    let calendar = load(&db.store).await.expect("load");
    assert!(calendar.is_working_day(date("2026-01-09")), "the loaded calendar has the correction");
    assert!(!calendar.is_working_day(date("2026-05-04")), "the loaded calendar has the correction");
    assert_eq!(calendar.next_working_day(date("2025-12-30")), date("2026-01-09"));
}

async fn import_without_headers_keeps_stored(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    seed_shipped_years(&db.store).await.expect("seeding");
    let before = db.store.calendar_year(2027).await.expect("2027");

    // The exported 2027 as a decree might change it: the days off of Saturday 2 and
    // Sunday 3 January moved to Monday 11 and Tuesday 12 January.
    let mut days: BTreeSet<NaiveDate> = before.days_off.iter().copied().collect();
    days.extend([date("2027-01-11"), date("2027-01-12")]);
    let text = format_dates(&days.into_iter().collect::<Vec<_>>());
    let report = import_calendar_file(&db.store, &text, "cli", now()).await.expect("the import");
    assert_eq!(report.added, vec![date("2027-01-11"), date("2027-01-12")]);

    let after = db.store.calendar_year(2027).await.expect("2027");
    assert_eq!(after.status, before.status, "the status is kept");
    assert_eq!(after.source, before.source, "the source is kept");
    assert_eq!(after.days_off.len(), before.days_off.len() + 2);

    let report =
        import_calendar_file(&db.store, "# year: 2030\n# status: confirmed\n# source: a decree\n", "cli", now())
            .await
            .expect_err("a file without dates");
    assert!(matches!(report, ImportError::File(_)), "{report}");
    assert!(matches!(db.store.calendar_year(2030).await, Err(StoreError::NotFound)), "2030 is not stored");
}

async fn import_stores_new_year(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let year = CalendarYearWrite {
        year: 2028,
        status: "provisional".into(),
        source: "a draft decree".into(),
        days_off: vec![date("2028-01-01"), date("2028-01-02")],
    };
    db.store.replace_calendar_year(&year, "cli", now()).await.expect("replacing a year not stored");
    let stored = db.store.calendar_year(2028).await.expect("2028 is stored");
    assert_eq!(stored.days_off, year.days_off);
    assert_eq!(stored.status, "provisional");
    assert_eq!(audit_count(&db.raw, "calendar.replace", 2028).await, 1);
    assert!(matches!(db.store.calendar_year(2029).await, Err(StoreError::NotFound)), "2029 is not stored");
}

async fn broken_import_changes_nothing(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    seed_shipped_years(&db.store).await.expect("seeding");
    let before = stored_years(&db.store).await;
    let corrected = corrected_2026();

    // Each file is the correction with one problem, placed after the valid lines begin.
    let cases = [
        (corrected.replace("2026-05-04\n", "2026-05-04\n2026-02-30\n"), "invalid date \"2026-02-30\""),
        (corrected.replace("2026-05-04\n", "2026-05-04\n2027-01-01\n"), "outside the year 2026"),
        (corrected.replace("2026-05-04\n", "2026-05-04\n2026-05-04\n"), "listed twice"),
        (corrected.replace("# status: confirmed", "# status: approved"), "invalid status \"approved\""),
        (corrected.replace("2026-01-01\n", "2026-01-01\n2026-01-01 New Year\n"), "invalid date"),
        (
            corrected.lines().filter(|l| l.starts_with('#') || l.starts_with("2026-01")).collect::<Vec<_>>().join("\n"),
            "Saturdays and Sundays",
        ),
    ];
    for (text, expected) in cases {
        let error = import_calendar_file(&db.store, &text, "cli", now()).await.expect_err(expected).to_string();
        assert!(error.contains(expected), "{expected:?} not in {error:?}");
        assert_eq!(stored_years(&db.store).await, before, "the calendar after a file with {expected:?}");
    }
    assert_eq!(audit_count(&db.raw, "calendar.replace", 2026).await, 0, "no replacement audited");
}

/// Runs `appello --database-url URL calendar ARGS...` and returns what it printed.
fn run_calendar(raw: &RawDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appello"))
        .arg("--database-url")
        .arg(raw.url())
        .arg("calendar")
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap_or_else(|e| panic!("running appello calendar {args:?} failed: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("the output is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn cli_exports_stored_dates(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let folder = tempfile::tempdir().expect("a temporary folder");
    let file = folder.path().join("2026.txt");
    std::fs::write(&file, corrected_2026()).expect("the correction is written");

    let import = run_calendar(&db.raw, &["import", file.to_str().expect("a UTF-8 path")]);
    assert!(import.status.success(), "import failed: {}", stderr(&import));
    let printed = stdout(&import);
    assert!(printed.contains("replaced the calendar of 2026: confirmed, 118 non-working days"), "{printed}");
    assert!(printed.contains("now non-working: 2026-05-04"), "{printed}");
    assert!(printed.contains("now working: 2026-01-09"), "{printed}");

    for year in [2025, 2026, 2027] {
        let export = run_calendar(&db.raw, &["export", &year.to_string()]);
        assert!(export.status.success(), "export {year} failed: {}", stderr(&export));
        let stored = db.store.calendar_year(year).await.expect("a stored year");
        assert_eq!(stdout(&export), format_dates(&stored.days_off), "the export of {year}");
    }

    let list = run_calendar(&db.raw, &["list"]);
    assert!(list.status.success(), "list failed: {}", stderr(&list));
    let lines: Vec<String> = stdout(&list).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3, "one line a year: {lines:?}");
    assert_eq!(lines[1], "2026\tconfirmed\t118\tcorrected by the operator");
    assert!(lines[2].starts_with("2027\tprovisional\t116\tТрудовой кодекс РФ, ст. 112"), "{}", lines[2]);
}

async fn cli_rejects_missing_year_and_bad_file(backend: Backend) {
    let db = TestDatabase::create(backend).await;

    let export = run_calendar(&db.raw, &["export", "2031"]);
    assert_eq!(export.status.code(), Some(1), "the exit code of exporting a year not stored");
    assert_eq!(stdout(&export), "", "nothing on stdout");
    assert!(stderr(&export).contains("no calendar for 2031 in the database"), "{}", stderr(&export));

    let before = stored_years(&db.store).await;
    let folder = tempfile::tempdir().expect("a temporary folder");
    let file = folder.path().join("broken.txt");
    std::fs::write(&file, corrected_2026().replace("2026-05-04\n", "2026-05-04\n2026-13-01\n"))
        .expect("the file is written");
    let import = run_calendar(&db.raw, &["import", file.to_str().expect("a UTF-8 path")]);
    assert_eq!(import.status.code(), Some(1), "the exit code of a broken import");
    assert!(stderr(&import).contains("invalid date \"2026-13-01\""), "{}", stderr(&import));
    assert!(stderr(&import).contains("nothing was changed"), "{}", stderr(&import));
    assert_eq!(stored_years(&db.store).await, before, "a broken import changes nothing");
}

on_both_backends!(
    seeding_stores_shipped_years,
    app_start_seeds_calendar,
    concurrent_seeding_writes_once,
    import_replaces_year,
    import_without_headers_keeps_stored,
    import_stores_new_year,
    broken_import_changes_nothing,
    cli_exports_stored_dates,
    cli_rejects_missing_year_and_bad_file,
);
