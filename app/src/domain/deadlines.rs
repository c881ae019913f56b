//! The deadlines of a complaint under 210-FZ, counted in working days of the production
//! calendar, in Moscow time.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::status::{Outcome, Status};

/// Working days of the review; 5 for refusals to accept documents or to correct typos.
pub const REVIEW_WORKING_DAYS: u32 = 15;
pub const SHORT_REVIEW_WORKING_DAYS: u32 = 5;
/// Working days to forward a complaint to the competent body, from its registration.
pub const REDIRECT_WORKING_DAYS: u32 = 3;
/// Working days to put a satisfied complaint right, from the decision.
pub const REMEDY_WORKING_DAYS: u32 = 5;

/// Counting in working days; the production calendar implements it.
pub trait WorkingDays {
    /// The first working day strictly after `after`.
    fn next_working_day(&self, after: NaiveDate) -> NaiveDate;
    /// The last day of a period of `days` working days that starts the day after `from`.
    fn add_working_days(&self, from: NaiveDate, days: u32) -> NaiveDate;
}

impl WorkingDays for super::calendar::ProductionCalendar {
    fn next_working_day(&self, after: NaiveDate) -> NaiveDate {
        super::calendar::ProductionCalendar::next_working_day(self, after)
    }

    fn add_working_days(&self, from: NaiveDate, days: u32) -> NaiveDate {
        super::calendar::ProductionCalendar::add_working_days(self, from, days)
    }
}

/// The dates a complaint's deadlines are counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeadlineBasis {
    pub status: Status,
    pub received: NaiveDate,
    pub registered: Option<NaiveDate>,
    pub decided: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
    /// Whether a ground shortens the review to 5 working days.
    pub short_review: bool,
}

/// Every deadline of a complaint, and the one its current status runs against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// Registration: no later than the working day after receipt.
    pub registration: Option<NaiveDate>,
    /// Review: 15 (or 5) working days from registration.
    pub review: Option<NaiveDate>,
    /// Forwarding to the competent body: 3 working days from registration (or receipt).
    pub redirect: Option<NaiveDate>,
    /// The reasoned reply: no later than the day after the decision (a calendar day).
    pub reply: Option<NaiveDate>,
    /// The remedy of a satisfied complaint: 5 working days from the decision.
    pub remedy: Option<NaiveDate>,
    /// The deadline of the current status, which the desk sorts and flags by.
    pub next: Option<NaiveDate>,
}

/// Computes every deadline from the basis. The law gives the applicant no pause of the
/// review clock while more information is requested, so `InfoRequested` keeps the review date.
pub fn compute(calendar: &impl WorkingDays, basis: &DeadlineBasis) -> Deadlines {
    let review_days = if basis.short_review { SHORT_REVIEW_WORKING_DAYS } else { REVIEW_WORKING_DAYS };
    let registration = Some(calendar.next_working_day(basis.received));
    let review = basis.registered.map(|day| calendar.add_working_days(day, review_days));
    let redirect = Some(calendar.add_working_days(basis.registered.unwrap_or(basis.received), REDIRECT_WORKING_DAYS));
    let reply = basis.decided.and_then(|day| day.checked_add_days(Days::new(1)));
    let remedy = match (basis.decided, basis.outcome) {
        (Some(day), Some(Outcome::Satisfied)) => Some(calendar.add_working_days(day, REMEDY_WORKING_DAYS)),
        _ => None,
    };
    let next = match basis.status {
        Status::Submitted => registration,
        Status::Registered | Status::UnderReview | Status::InfoRequested => review,
        Status::Satisfied => remedy,
        Status::Redirected | Status::LeftUnanswered | Status::Refused | Status::Remedied | Status::Withdrawn => None,
    };
    Deadlines { registration, review, redirect, reply, remedy, next }
}

/// How a deadline stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    Overdue,
    DueToday,
    Upcoming,
}

impl Urgency {
    pub fn of(due: NaiveDate, today: NaiveDate) -> Urgency {
        match due.cmp(&today) {
            std::cmp::Ordering::Less => Urgency::Overdue,
            std::cmp::Ordering::Equal => Urgency::DueToday,
            std::cmp::Ordering::Greater => Urgency::Upcoming,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Weekday};

    /// Weekends only: enough to check the rules, while the production calendar has its own tests.
    struct WeekendsOnly;

    impl WorkingDays for WeekendsOnly {
        fn next_working_day(&self, after: NaiveDate) -> NaiveDate {
            let mut day = after.succ_opt().expect("date in range");
            while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                day = day.succ_opt().expect("date in range");
            }
            day
        }

        fn add_working_days(&self, from: NaiveDate, days: u32) -> NaiveDate {
            (0..days).fold(from, |day, _| self.next_working_day(day))
        }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("ISO date")
    }

    fn basis(status: Status) -> DeadlineBasis {
        DeadlineBasis {
            status,
            // A Friday, so the next working day is Monday.
            received: date("2026-12-04"),
            registered: None,
            decided: None,
            outcome: None,
            short_review: false,
        }
    }

    #[test]
    fn registration_is_next_working_day() {
        let deadlines = compute(&WeekendsOnly, &basis(Status::Submitted));
        assert_eq!(deadlines.registration, Some(date("2026-12-07")));
        assert_eq!(deadlines.next, deadlines.registration);
        assert_eq!(deadlines.review, None);
    }

    #[test]
    fn review_counts_from_registration() {
        let mut b = basis(Status::UnderReview);
        b.registered = Some(date("2026-12-07"));
        let long = compute(&WeekendsOnly, &b);
        assert_eq!(long.review, Some(date("2026-12-28")), "15 working days after Mon 7 Dec");
        assert_eq!(long.next, long.review);
        assert_eq!(long.redirect, Some(date("2026-12-10")), "3 working days after registration");

        b.short_review = true;
        let short = compute(&WeekendsOnly, &b);
        assert_eq!(short.review, Some(date("2026-12-14")), "5 working days after Mon 7 Dec");
    }

    #[test]
    fn info_request_keeps_review_clock() {
        let mut b = basis(Status::InfoRequested);
        b.registered = Some(date("2026-12-07"));
        assert_eq!(compute(&WeekendsOnly, &b).next, Some(date("2026-12-28")));
    }

    #[test]
    fn decision_sets_reply_and_remedy() {
        let mut b = basis(Status::Satisfied);
        b.registered = Some(date("2026-12-07"));
        b.decided = Some(date("2026-12-11"));
        b.outcome = Some(Outcome::Satisfied);
        let satisfied = compute(&WeekendsOnly, &b);
        assert_eq!(satisfied.reply, Some(date("2026-12-12")), "the reply's day is a calendar day");
        assert_eq!(satisfied.remedy, Some(date("2026-12-18")));
        assert_eq!(satisfied.next, satisfied.remedy);

        b.status = Status::Refused;
        b.outcome = Some(Outcome::Refused);
        let refused = compute(&WeekendsOnly, &b);
        assert_eq!(refused.remedy, None);
        assert_eq!(refused.next, None);
    }

    #[test]
    fn urgency_against_today() {
        let today = date("2026-12-07");
        assert_eq!(Urgency::of(date("2026-12-04"), today), Urgency::Overdue);
        assert_eq!(Urgency::of(today, today), Urgency::DueToday);
        assert_eq!(Urgency::of(date("2026-12-08"), today), Urgency::Upcoming);
    }
}
