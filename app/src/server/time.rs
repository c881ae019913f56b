//! Dates and times as people in Russia read them.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Moscow time, UTC+3 all year since 2014. Federal systems show times in it.
pub fn moscow() -> FixedOffset {
    FixedOffset::east_opt(3 * 3600).expect("UTC+3 is a valid offset")
}

/// The calendar day of `at` in Moscow, which deadlines count from.
pub fn moscow_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&moscow()).date_naive()
}

/// `04.12.2026`.
pub fn format_date(day: NaiveDate) -> String {
    day.format("%d.%m.%Y").to_string()
}

/// `04.12.2026 14:05`, in Moscow time.
pub fn format_moscow(at: DateTime<Utc>) -> String {
    at.with_timezone(&moscow()).format("%d.%m.%Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_in_moscow_time() {
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 22, 30, 0).single().expect("valid time");
        assert_eq!(format_moscow(at), "01.01.2027 01:30");
    }
}
