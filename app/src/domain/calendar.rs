//! The Russian production calendar: which dates are working days, and counting in them.
//!
//! A year is known when its data is loaded: every non-working date of the year, weekends
//! included, so that a working Saturday is simply a Saturday that is not listed. A year
//! without data is computed from the Labor Code (art. 112 of the Трудовой кодекс РФ) alone
//! and reported as [`YearStatus::Missing`], because the government's yearly decree on day
//! transfers may still move days in it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// How far the data of a year can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum YearStatus {
    /// Taken from the government's decree on day transfers for that year.
    Confirmed,
    /// Stored, but computed without a decree (or from a draft), so days may still move.
    Provisional,
    /// Not stored: the Labor Code rule alone is used, as for a provisional year.
    Missing,
}

impl YearStatus {
    /// Returns the stable code used in calendar files and the database.
    pub fn code(self) -> &'static str {
        match self {
            YearStatus::Confirmed => "confirmed",
            YearStatus::Provisional => "provisional",
            YearStatus::Missing => "missing",
        }
    }

    /// Parses the status of a stored year: `confirmed` or `provisional`. `missing` is not
    /// a status that a year can be stored with, so it is rejected like any unknown code.
    pub fn from_stored_code(code: &str) -> Option<YearStatus> {
        match code {
            "confirmed" => Some(YearStatus::Confirmed),
            "provisional" => Some(YearStatus::Provisional),
            _ => None,
        }
    }

    /// Tells whether dates in the year may still change, which is so unless the year is confirmed.
    pub fn is_provisional(self) -> bool {
        self != YearStatus::Confirmed
    }
}

/// A reason why a year's data cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum YearCalendarError {
    #[error("the date {date} lies outside the year {year}")]
    DateOutsideYear { date: NaiveDate, year: i32 },
    #[error("a stored year is confirmed or provisional, not missing")]
    MissingStatus,
}

/// The non-working dates of one year, weekends included, and how far they can be trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearCalendar {
    year: i32,
    status: YearStatus,
    days_off: BTreeSet<NaiveDate>,
}

impl YearCalendar {
    /// Builds a year from its non-working dates, which must all lie in `year`.
    pub fn new(
        year: i32,
        status: YearStatus,
        days_off: BTreeSet<NaiveDate>,
    ) -> Result<YearCalendar, YearCalendarError> {
        if status == YearStatus::Missing {
            return Err(YearCalendarError::MissingStatus);
        }
        if let Some(&date) = days_off.iter().find(|d| d.year() != year) {
            return Err(YearCalendarError::DateOutsideYear { date, year });
        }
        Ok(YearCalendar { year, status, days_off })
    }

    /// Builds a provisional year from the Labor Code alone, see [`labor_code_days_off`].
    pub fn labor_code(year: i32) -> YearCalendar {
        YearCalendar { year, status: YearStatus::Provisional, days_off: labor_code_days_off(year) }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn status(&self) -> YearStatus {
        self.status
    }

    /// Every non-working date of the year, ascending.
    pub fn days_off(&self) -> &BTreeSet<NaiveDate> {
        &self.days_off
    }
}

/// A day off moved by the government's decree: the weekend day `from` becomes a working day,
/// unless it is a public holiday, and `to` becomes a day off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayTransfer {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Returns the public holidays of art. 112 part 1 of the Labor Code: 1–6 and
/// 8 January (New Year holidays), 7 January (Christmas), 23 February, 8 March, 1 May,
/// 9 May, 12 June and 4 November.
pub fn public_holidays(year: i32) -> BTreeSet<NaiveDate> {
    const OUTSIDE_JANUARY: [(u32, u32); 6] = [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)];
    let january = (1..=8).map(|day| (1, day));
    let month_days = january.chain(OUTSIDE_JANUARY);
    month_days.filter_map(|(month, day)| NaiveDate::from_ymd_opt(year, month, day)).collect()
}

/// Builds a year's non-working dates from the Labor Code alone: weekends, public holidays,
/// and the day off that art. 112 part 2 moves to the next working day when a holiday falls
/// on a weekend. The January holidays (1–8 January) are not moved this way, because the
/// same part leaves them to the government's yearly decree.
// NOTE: today's list of holidays is applied to every year, earlier years included.
pub fn labor_code_days_off(year: i32) -> BTreeSet<NaiveDate> {
    days_off_with_transfers(year, &[])
}

/// Builds a year's non-working dates from the Labor Code and a decree's transfers.
///
/// The decree's transfers are applied first. Then every holiday outside January that falls
/// on a weekend and that the decree did not move itself adds the next working day as a day
/// off (art. 112 part 2). Transfers are expected to lie within `year`.
pub fn days_off_with_transfers(year: i32, transfers: &[DayTransfer]) -> BTreeSet<NaiveDate> {
    let exceptions = Exceptions::build(year, transfers);
    let mut days_off = exceptions.days_off;
    days_off.extend(weekend_days(year).filter(|d| !exceptions.working_weekend_days.contains(d)));
    days_off
}

/// A year as the difference from the plain Saturday-and-Sunday week.
struct Exceptions {
    /// Holidays and transferred days off. Some of them may fall on weekends.
    days_off: BTreeSet<NaiveDate>,
    /// Weekend days that a transfer made working.
    working_weekend_days: BTreeSet<NaiveDate>,
}

impl Exceptions {
    fn build(year: i32, transfers: &[DayTransfer]) -> Exceptions {
        let holidays = public_holidays(year);
        let mut days_off = holidays.clone();
        let mut working_weekend_days = BTreeSet::new();

        for transfer in transfers {
            if !holidays.contains(&transfer.from) {
                working_weekend_days.insert(transfer.from);
            }
            days_off.insert(transfer.to);
        }

        let is_day_off = |date: NaiveDate, days_off: &BTreeSet<NaiveDate>, working: &BTreeSet<NaiveDate>| {
            days_off.contains(&date) || (is_weekend(date) && !working.contains(&date))
        };
        let moved_by_decree: BTreeSet<NaiveDate> = transfers.iter().map(|t| t.from).collect();
        let automatic = holidays.iter().filter(|h| h.month() != 1 && is_weekend(**h) && !moved_by_decree.contains(h));
        for &holiday in automatic {
            // The holidays are visited in date order, so a day taken by an earlier holiday
            // is already off and the next one moves further.
            let mut candidate = holiday.succ_opt();
            while let Some(date) = candidate.filter(|d| is_day_off(*d, &days_off, &working_weekend_days)) {
                candidate = date.succ_opt();
            }
            if let Some(date) = candidate {
                days_off.insert(date);
            }
        }

        Exceptions { days_off, working_weekend_days }
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn weekend_days(year: i32) -> impl Iterator<Item = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    first.into_iter().flat_map(|d| d.iter_days()).take_while(move |d| d.year() == year).filter(|d| is_weekend(*d))
}

/// The production calendar: the stored years, with the Labor Code rule for any other year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductionCalendar {
    years: BTreeMap<i32, YearCalendar>,
}

impl ProductionCalendar {
    /// Builds a calendar from years of data. A later entry for the same year replaces an
    /// earlier one.
    pub fn new(years: impl IntoIterator<Item = YearCalendar>) -> ProductionCalendar {
        ProductionCalendar { years: years.into_iter().map(|y| (y.year, y)).collect() }
    }

    /// Returns the stored data of `year`, if there is any.
    pub fn year(&self, year: i32) -> Option<&YearCalendar> {
        self.years.get(&year)
    }

    pub fn year_status(&self, year: i32) -> YearStatus {
        self.years.get(&year).map_or(YearStatus::Missing, |y| y.status)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !self.view(date.year()).is_day_off(date)
    }

    /// Returns the first working day strictly after `after`.
    pub fn next_working_day(&self, after: NaiveDate) -> NaiveDate {
        self.add_working_days(after, 1)
    }

    /// Returns the last day of a period of `days` working days that starts the day after
    /// `from`, so `add_working_days(d, 1)` is the next working day after `d`, whether `d`
    /// is a working day or not. Zero days returns `from` itself.
    ///
    /// Whole years that the period covers are counted at once, so the cost grows with the
    /// number of years, not of days.
    // NOTE: a period that would end after chrono's last date (31 December 262142) ends on
    // `NaiveDate::MAX` instead.
    pub fn add_working_days(&self, from: NaiveDate, days: u32) -> NaiveDate {
        let mut remaining = days;
        let mut current = from;
        let mut totals = MissingYearTotals::default();

        while remaining > 0 {
            let Some(first) = current.succ_opt() else {
                return NaiveDate::MAX;
            };
            let last = last_day_of_year(first.year());

            let available = self.count_working_days(first, last, &mut totals);
            if available < remaining {
                remaining -= available;
                current = last;
                continue;
            }

            let view = self.view(first.year());
            for date in first.iter_days().take_while(|d| *d <= last) {
                if !view.is_day_off(date) {
                    remaining -= 1;
                    if remaining == 0 {
                        return date;
                    }
                }
            }
            // Not reached, because `available` counted the working days that the loop walks.
            current = last;
        }
        current
    }

    /// Counts the working days in `(after, through]`: zero when `through` is not later.
    pub fn working_days_between(&self, after: NaiveDate, through: NaiveDate) -> u64 {
        let mut count = 0;
        let mut current = after;
        let mut totals = MissingYearTotals::default();

        while current < through {
            let Some(first) = current.succ_opt() else {
                break;
            };
            let last = last_day_of_year(first.year()).min(through);
            count += u64::from(self.count_working_days(first, last, &mut totals));
            current = last;
        }
        count
    }

    /// Counts the working days in `[first, last]`, two dates of one year.
    fn count_working_days(&self, first: NaiveDate, last: NaiveDate, totals: &mut MissingYearTotals) -> u32 {
        let year = first.year();
        let whole_year = first.ordinal() == 1 && last.month() == 12 && last.day() == 31;
        if whole_year && !self.years.contains_key(&year) {
            return totals.get_or_count(year, || self.view(year).count_working_days(first, last));
        }
        self.view(year).count_working_days(first, last)
    }

    fn view(&self, year: i32) -> YearView<'_> {
        match self.years.get(&year) {
            Some(data) => YearView::Listed(&data.days_off),
            None => YearView::LaborCode(labor_code_weekdays_off(year)),
        }
    }
}

/// The working days of whole years without data, by the shape of the year. A year's
/// Labor Code days off depend only on the weekday of 1 January and on whether the year is
/// a leap year, so 14 counts serve a period of any length.
#[derive(Default)]
struct MissingYearTotals([Option<u32>; 14]);

impl MissingYearTotals {
    fn get_or_count(&mut self, year: i32, count: impl FnOnce() -> u32) -> u32 {
        let january_first = NaiveDate::from_ymd_opt(year, 1, 1).map_or(0, |d| d.weekday().num_days_from_monday());
        let leap = NaiveDate::from_ymd_opt(year, 2, 29).is_some();
        let index = january_first as usize * 2 + usize::from(leap);
        *self.0[index].get_or_insert_with(count)
    }
}

fn last_day_of_year(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Computes the Labor Code's days off of a year that fall on Monday to Friday. With the
/// weekends, they are all the days off of a year without data.
fn labor_code_weekdays_off(year: i32) -> BTreeSet<NaiveDate> {
    Exceptions::build(year, &[]).days_off.into_iter().filter(|d| !is_weekend(*d)).collect()
}

/// One year of the calendar, as stored or as computed from the Labor Code.
enum YearView<'a> {
    /// Every non-working date of a stored year.
    Listed(&'a BTreeSet<NaiveDate>),
    /// The weekday days off of a year without data. Computing only these keeps a long
    /// period through years without data cheap.
    LaborCode(BTreeSet<NaiveDate>),
}

impl YearView<'_> {
    fn is_day_off(&self, date: NaiveDate) -> bool {
        match self {
            YearView::Listed(days_off) => days_off.contains(&date),
            YearView::LaborCode(weekdays_off) => is_weekend(date) || weekdays_off.contains(&date),
        }
    }

    /// Counts the working days in `[first, last]`, two dates of the same year.
    fn count_working_days(&self, first: NaiveDate, last: NaiveDate) -> u32 {
        let days = count_days(first, last);
        match self {
            YearView::Listed(days_off) => days - days_off.range(first..=last).count() as u32,
            YearView::LaborCode(weekdays_off) => {
                count_weekdays(first, days) - weekdays_off.range(first..=last).count() as u32
            }
        }
    }
}

/// Counts the days in `[first, last]`, at most 366 because both lie in one year.
fn count_days(first: NaiveDate, last: NaiveDate) -> u32 {
    u32::try_from((last - first).num_days() + 1).unwrap_or(0)
}

/// Counts Monday to Friday among `days` consecutive days starting with `first`.
fn count_weekdays(first: NaiveDate, days: u32) -> u32 {
    let start = first.weekday().num_days_from_monday();
    let partial_week = (0..days % 7).filter(|offset| (start + offset) % 7 < 5).count() as u32;
    days / 7 * 5 + partial_week
}

/// The years that the tests pin, built from the rules rather than read from a file, so
/// that the shipped files can be checked against them.
#[cfg(test)]
pub(crate) mod decrees {
    use super::*;

    pub(crate) fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap_or_else(|| panic!("{year}-{month}-{day} is not a date"))
    }

    /// Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году».
    pub(crate) fn transfers_2025() -> [DayTransfer; 5] {
        [
            DayTransfer { from: date(2025, 1, 4), to: date(2025, 5, 2) },
            DayTransfer { from: date(2025, 1, 5), to: date(2025, 12, 31) },
            DayTransfer { from: date(2025, 2, 23), to: date(2025, 5, 8) },
            DayTransfer { from: date(2025, 3, 8), to: date(2025, 6, 13) },
            DayTransfer { from: date(2025, 11, 1), to: date(2025, 11, 3) },
        ]
    }

    /// The government's decree «О переносе выходных дней в 2026 году» of 24.09.2025.
    pub(crate) fn transfers_2026() -> [DayTransfer; 2] {
        [
            DayTransfer { from: date(2026, 1, 3), to: date(2026, 1, 9) },
            DayTransfer { from: date(2026, 1, 4), to: date(2026, 12, 31) },
        ]
    }

    /// 2025 and 2026 as confirmed by their decrees, and 2027 from the Labor Code alone.
    pub(crate) fn expected_years() -> Vec<YearCalendar> {
        let confirmed = |year, transfers: &[DayTransfer]| {
            YearCalendar::new(year, YearStatus::Confirmed, days_off_with_transfers(year, transfers))
                .expect("the decree's transfers lie within the year")
        };
        vec![confirmed(2025, &transfers_2025()), confirmed(2026, &transfers_2026()), YearCalendar::labor_code(2027)]
    }

    /// Groups ascending dates into runs of consecutive days, as `(first, last)`.
    pub(crate) fn runs(dates: impl IntoIterator<Item = NaiveDate>) -> Vec<(NaiveDate, NaiveDate)> {
        let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for date in dates {
            match runs.last_mut() {
                Some((_, last)) if last.succ_opt() == Some(date) => *last = date,
                _ => runs.push((date, date)),
            }
        }
        runs
    }

    /// The runs of days off in `days_off` that contain a public holiday or a weekday: the
    /// rest periods that decrees list, without the plain weekends.
    pub(crate) fn rest_periods(year: i32, days_off: &BTreeSet<NaiveDate>) -> Vec<(NaiveDate, NaiveDate)> {
        let holidays = public_holidays(year);
        let is_rest = |d: NaiveDate| holidays.contains(&d) || !is_weekend(d);
        runs(days_off.iter().copied())
            .into_iter()
            .filter(|(first, last)| first.iter_days().take_while(|d| d <= last).any(is_rest))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::decrees::{date, expected_years, rest_periods, transfers_2025, transfers_2026};
    use super::*;

    fn calendar() -> ProductionCalendar {
        ProductionCalendar::new(expected_years())
    }

    /// Counts working days one date at a time, as an oracle for the faster counting.
    fn count_by_walking(calendar: &ProductionCalendar, after: NaiveDate, through: NaiveDate) -> u64 {
        after.iter_days().skip(1).take_while(|d| *d <= through).filter(|d| calendar.is_working_day(*d)).count() as u64
    }

    #[test]
    fn new_year_2026_holidays() {
        let calendar = calendar();
        for day in date(2025, 12, 31).iter_days().take_while(|d| *d <= date(2026, 1, 11)) {
            assert!(!calendar.is_working_day(day), "{day} is a day off");
        }
        assert!(calendar.is_working_day(date(2025, 12, 30)), "30 Dec 2025 is a working day");
        assert!(calendar.is_working_day(date(2026, 1, 12)), "12 Jan 2026 is a working day");
        assert_eq!(calendar.next_working_day(date(2025, 12, 30)), date(2026, 1, 12));
        assert_eq!(calendar.next_working_day(date(2025, 12, 29)), date(2025, 12, 30));
    }

    #[test]
    fn may_2025_holidays() {
        let calendar = calendar();
        let days_off = [1, 2, 3, 4, 8, 9, 10, 11];
        for day in 1..=12 {
            let expected = !days_off.contains(&day);
            assert_eq!(calendar.is_working_day(date(2025, 5, day)), expected, "{day} May 2025");
        }
        assert_eq!(calendar.next_working_day(date(2025, 4, 30)), date(2025, 5, 5));
        assert_eq!(calendar.next_working_day(date(2025, 5, 7)), date(2025, 5, 12));
    }

    #[test]
    fn working_saturday_2025() {
        let calendar = calendar();
        assert!(calendar.is_working_day(date(2025, 11, 1)), "Sat 1 Nov 2025 is a working day");
        assert!(!calendar.is_working_day(date(2025, 11, 2)), "Sun 2 Nov 2025 is a day off");
        assert!(!calendar.is_working_day(date(2025, 11, 3)), "Mon 3 Nov 2025 is a day off");
        assert!(!calendar.is_working_day(date(2025, 11, 4)), "Tue 4 Nov 2025 is a holiday");
        assert_eq!(calendar.next_working_day(date(2025, 10, 31)), date(2025, 11, 1));
        assert_eq!(calendar.next_working_day(date(2025, 11, 1)), date(2025, 11, 5));
        assert_eq!(calendar.add_working_days(date(2025, 10, 30), 2), date(2025, 11, 1));
    }

    #[test]
    fn period_starting_on_day_off() {
        let calendar = calendar();
        // Received on Saturday 3 January 2026: counting starts with the first working day.
        let received = date(2026, 1, 3);
        assert_eq!(calendar.next_working_day(received), date(2026, 1, 12));
        assert_eq!(calendar.add_working_days(received, 1), date(2026, 1, 12));
        assert_eq!(calendar.add_working_days(received, 5), date(2026, 1, 16));
        assert_eq!(calendar.add_working_days(received, 15), date(2026, 1, 30));
        // The same period counted from the last working day before the holidays.
        assert_eq!(calendar.add_working_days(date(2025, 12, 30), 15), date(2026, 1, 30));
        // A Sunday in an ordinary week.
        assert_eq!(calendar.add_working_days(date(2026, 2, 1), 1), date(2026, 2, 2));
    }

    #[test]
    fn review_across_may_2025() {
        let calendar = calendar();
        // Registered on Wed 30 April 2025: the working days are 5–7 May (days 1–3),
        // 12–16 May (4–8), 19–23 May (9–13) and 26–27 May (14–15).
        let registered = date(2025, 4, 30);
        assert_eq!(calendar.add_working_days(registered, 15), date(2025, 5, 27));
        assert_eq!(calendar.working_days_between(registered, date(2025, 5, 27)), 15);
        // Registered on Mon 28 April: 29–30 April (1–2), 5–7 May (3–5), 12–16 May (6–10)
        // and 19–23 May (11–15).
        assert_eq!(calendar.add_working_days(date(2025, 4, 28), 15), date(2025, 5, 23));
    }

    #[test]
    fn short_review_across_june_2025() {
        let calendar = calendar();
        // Registered on Wed 11 June 2025; 12–15 June are off, so the days are 16–20 June.
        assert_eq!(calendar.add_working_days(date(2025, 6, 11), 5), date(2025, 6, 20));
        // Registered on Tue 10 June: 11 June, then 16–19 June.
        assert_eq!(calendar.add_working_days(date(2025, 6, 10), 5), date(2025, 6, 19));
    }

    #[test]
    fn periods_across_year_boundary() {
        let calendar = calendar();
        // From Fri 26 Dec 2025: 29 and 30 Dec, then 12–14 Jan 2026.
        assert_eq!(calendar.add_working_days(date(2025, 12, 26), 5), date(2026, 1, 14));
        assert_eq!(calendar.add_working_days(date(2025, 12, 26), 2), date(2025, 12, 30));
        assert_eq!(calendar.add_working_days(date(2025, 12, 26), 3), date(2026, 1, 12));
        // From the last day of 2026, a day off, into 2027, which has no decree.
        assert_eq!(calendar.next_working_day(date(2026, 12, 31)), date(2027, 1, 11));
        assert_eq!(calendar.working_days_between(date(2025, 12, 26), date(2026, 1, 14)), 5);
    }

    #[test]
    fn zero_days_returns_start() {
        let calendar = calendar();
        assert_eq!(calendar.add_working_days(date(2026, 1, 3), 0), date(2026, 1, 3));
        assert_eq!(calendar.add_working_days(date(2026, 1, 12), 0), date(2026, 1, 12));
    }

    #[test]
    fn year_status_of_each_year() {
        let calendar = calendar();
        assert_eq!(calendar.year_status(2025), YearStatus::Confirmed);
        assert_eq!(calendar.year_status(2026), YearStatus::Confirmed);
        assert_eq!(calendar.year_status(2027), YearStatus::Provisional);
        assert_eq!(calendar.year_status(2028), YearStatus::Missing);
        assert!(YearStatus::Missing.is_provisional());
        assert!(!YearStatus::Confirmed.is_provisional());
    }

    #[test]
    fn status_codes_round_trip() {
        for status in [YearStatus::Confirmed, YearStatus::Provisional] {
            assert_eq!(YearStatus::from_stored_code(status.code()), Some(status), "{status:?}");
        }
        assert_eq!(YearStatus::from_stored_code("missing"), None);
        assert_eq!(YearStatus::from_stored_code("Confirmed"), None);
    }

    #[test]
    fn missing_year_uses_labor_code() {
        let empty = ProductionCalendar::default();
        // 2028: 1 Jan is a Saturday and is not moved; 23 Feb is a Wednesday; 8 March a
        // Wednesday; 1 May a Monday; 9 May a Tuesday; 12 June a Monday; 4 Nov a Saturday,
        // which moves the day off to Monday 6 Nov.
        assert!(!empty.is_working_day(date(2028, 1, 8)), "8 Jan 2028 is a holiday");
        assert!(empty.is_working_day(date(2028, 1, 10)), "10 Jan 2028 is a working day");
        assert!(!empty.is_working_day(date(2028, 11, 6)), "6 Nov 2028 takes the day off of 4 Nov");
        assert!(empty.is_working_day(date(2028, 11, 7)), "7 Nov 2028 is a working day");
        assert_eq!(empty.next_working_day(date(2028, 11, 3)), date(2028, 11, 7));
        assert_eq!(empty.year_status(2028), YearStatus::Missing);
    }

    #[test]
    fn missing_year_matches_computed_year() {
        let empty = ProductionCalendar::default();
        for year in [1999, 2027, 2028, 2031, 2100] {
            let computed = ProductionCalendar::new([YearCalendar::labor_code(year)]);
            let first = date(year - 1, 12, 25);
            let last = date(year + 1, 1, 10);
            for day in first.iter_days().take_while(|d| *d <= last) {
                assert_eq!(empty.is_working_day(day), computed.is_working_day(day), "{day}");
                assert_eq!(empty.next_working_day(day), computed.next_working_day(day), "after {day}");
            }
            assert_eq!(
                empty.working_days_between(first, last),
                count_by_walking(&empty, first, last),
                "working days of {year}"
            );
        }
    }

    #[test]
    fn labor_code_moves_weekend_holidays() {
        let year_2027 = labor_code_days_off(2027);
        // 1 May 2027 is a Saturday, 9 May a Sunday, 12 June a Saturday.
        assert!(year_2027.contains(&date(2027, 5, 3)), "3 May 2027 takes the day off of 1 May");
        assert!(year_2027.contains(&date(2027, 5, 10)), "10 May 2027 takes the day off of 9 May");
        assert!(year_2027.contains(&date(2027, 6, 14)), "14 June 2027 takes the day off of 12 June");
        assert!(!year_2027.contains(&date(2027, 5, 4)), "4 May 2027 is a working day");
        // 2 and 3 January 2027 fall on the weekend and are left to a decree.
        assert!(!year_2027.contains(&date(2027, 1, 11)), "11 Jan 2027 is a working day");
        assert!(!year_2027.contains(&date(2027, 12, 31)), "31 Dec 2027 is a working day");
    }

    #[test]
    fn labor_code_moves_to_next_weekday() {
        // 8 March 2020 is a Sunday, so Monday 9 March is off.
        let year_2020 = labor_code_days_off(2020);
        assert!(year_2020.contains(&date(2020, 3, 9)), "9 Mar 2020 takes the day off of 8 Mar");
        // 9 May 2021 is a Sunday and 12 June 2021 a Saturday, so the next Mondays are off.
        let year_2021 = labor_code_days_off(2021);
        assert!(year_2021.contains(&date(2021, 5, 10)), "10 May 2021 takes the day off of 9 May");
        assert!(year_2021.contains(&date(2021, 6, 14)), "14 June 2021 takes the day off of 12 June");
        // 1, 2 and 8 January 2022 fall on weekends and are left to the decree.
        let year_2022 = labor_code_days_off(2022);
        assert!(!year_2022.contains(&date(2022, 1, 10)), "10 Jan 2022 works by the Labor Code alone");
    }

    #[test]
    fn decree_overrides_automatic_transfer() {
        // In 2025 the decree moved 23 Feb and 8 March itself, so 24 Feb and 10 March work.
        let year_2025 = days_off_with_transfers(2025, &transfers_2025());
        assert!(!year_2025.contains(&date(2025, 2, 24)), "24 Feb 2025 is a working day");
        assert!(!year_2025.contains(&date(2025, 3, 10)), "10 Mar 2025 is a working day");
        assert!(year_2025.contains(&date(2025, 5, 8)), "8 May 2025 takes the day off of 23 Feb");
        assert!(year_2025.contains(&date(2025, 6, 13)), "13 June 2025 takes the day off of 8 Mar");
        assert!(!year_2025.contains(&date(2025, 11, 1)), "Sat 1 Nov 2025 is a working day");
        // Without the decree, the Labor Code moves them to the next Monday.
        let labor_code_2025 = labor_code_days_off(2025);
        assert!(labor_code_2025.contains(&date(2025, 2, 24)), "24 Feb by the Labor Code alone");
        assert!(labor_code_2025.contains(&date(2025, 3, 10)), "10 Mar by the Labor Code alone");
    }

    #[test]
    fn rest_periods_2025() {
        let year = days_off_with_transfers(2025, &transfers_2025());
        let expected = [
            ((1, 1), (1, 8)),
            ((2, 22), (2, 23)),
            ((3, 8), (3, 9)),
            ((5, 1), (5, 4)),
            ((5, 8), (5, 11)),
            ((6, 12), (6, 15)),
            ((11, 2), (11, 4)),
            ((12, 31), (12, 31)),
        ];
        let expected: Vec<_> =
            expected.iter().map(|&((m1, d1), (m2, d2))| (date(2025, m1, d1), date(2025, m2, d2))).collect();
        assert_eq!(rest_periods(2025, &year), expected);
        let weekend_days_worked: Vec<_> = weekend_days(2025).filter(|d| !year.contains(d)).collect();
        assert_eq!(weekend_days_worked, vec![date(2025, 11, 1)], "the working Saturdays of 2025");
    }

    #[test]
    fn rest_periods_2026() {
        let year = days_off_with_transfers(2026, &transfers_2026());
        let expected = [
            ((1, 1), (1, 11)),
            ((2, 21), (2, 23)),
            ((3, 7), (3, 9)),
            ((5, 1), (5, 3)),
            ((5, 9), (5, 11)),
            ((6, 12), (6, 14)),
            ((11, 4), (11, 4)),
            ((12, 31), (12, 31)),
        ];
        let expected: Vec<_> =
            expected.iter().map(|&((m1, d1), (m2, d2))| (date(2026, m1, d1), date(2026, m2, d2))).collect();
        assert_eq!(rest_periods(2026, &year), expected);
        let weekend_days_worked: Vec<_> = weekend_days(2026).filter(|d| !year.contains(d)).collect();
        assert_eq!(weekend_days_worked, Vec::<NaiveDate>::new(), "2026 has no working Saturdays");
    }

    #[test]
    fn year_rejects_foreign_dates() {
        let days = BTreeSet::from([date(2026, 1, 1), date(2027, 1, 1)]);
        assert_eq!(
            YearCalendar::new(2026, YearStatus::Confirmed, days),
            Err(YearCalendarError::DateOutsideYear { date: date(2027, 1, 1), year: 2026 })
        );
        assert_eq!(
            YearCalendar::new(2026, YearStatus::Missing, BTreeSet::new()),
            Err(YearCalendarError::MissingStatus)
        );
    }

    #[test]
    fn extreme_dates_end() {
        let calendar = calendar();
        assert_eq!(calendar.add_working_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(calendar.add_working_days(date(2026, 1, 1), u32::MAX), NaiveDate::MAX);
        let near_end = calendar.add_working_days(date(2026, 1, 1), 10_000);
        assert_eq!(calendar.working_days_between(date(2026, 1, 1), near_end), 10_000);
        assert!(calendar.next_working_day(NaiveDate::MIN) > NaiveDate::MIN, "counting from chrono's first date");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn added_days_are_counted_exactly(offset in 0i64..(365 * 120), days in 1u32..400) {
                let calendar = calendar();
                let from = date(1990, 1, 1) + chrono::Days::new(offset as u64);
                let end = calendar.add_working_days(from, days);
                prop_assert!(end > from, "{end} is not after {from}");
                prop_assert!(calendar.is_working_day(end), "{end} is not a working day");
                prop_assert_eq!(count_by_walking(&calendar, from, end), u64::from(days));
                prop_assert_eq!(calendar.working_days_between(from, end), u64::from(days));
            }
        }
    }
}
