//! `/admin`: the operators' pages. The production calendar is corrected here year by year,
//! as a grid of checkboxes that works without JavaScript.

use chrono::{Datelike, NaiveDate, Weekday};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::desk::{desk_error_view, StaffBar};
use super::Redirect;
use crate::components::{href, use_lang, ChoiceField, ErrorSummary, PageError, SiteLayout, TextField};
use crate::domain::Field;
use crate::loaders::{load_admin_calendar, load_admin_calendar_year};
use crate::model::{AppError, CalendarOutcome, CalendarYearEdit};

#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let a = &t.admin;
    let content = Suspend::new(async move {
        let (staff, years) = match load_admin_calendar(lang).await {
            Ok(loaded) => loaded,
            Err(error) => return desk_error_view(error),
        };
        if staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let rows = years
            .into_iter()
            .map(|year| {
                let link = href(lang, &format!("/admin/calendar/{}", year.year));
                let status = if year.provisional { a.status_provisional } else { a.status_confirmed };
                view! {
                    <tr>
                        <td>{year.year}</td>
                        <td>{status}</td>
                        <td>{year.days_off}</td>
                        <td>{year.source}</td>
                        <td>{year.updated_at} " (" {year.updated_by} ")"</td>
                        <td><a href=link>{a.edit} " " {year.year}</a></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <StaffBar staff/>
            <h1>{a.title}</h1>
            <h2>{a.calendar_title}</h2>
            <p class="lead">{a.calendar_intro}</p>
            <table class="inbox">
                <thead>
                    <tr>
                        <th scope="col">{a.col_year}</th>
                        <th scope="col">{a.col_status}</th>
                        <th scope="col">{a.col_days_off}</th>
                        <th scope="col">{a.col_source}</th>
                        <th scope="col">{a.col_updated}</th>
                        <th scope="col"><span class="visually-hidden">{a.edit}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=a.title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

#[component]
pub fn AdminCalendarYearPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let year_param = use_params_map().get_untracked().get("year").unwrap_or_default();
    let outcome = use_context::<CalendarOutcome>();
    let content = Suspend::new(async move {
        let Ok(year) = year_param.parse::<i32>() else {
            return view! { <PageError error=AppError::NotFound/> }.into_any();
        };
        let (staff, stored) = match load_admin_calendar_year(year, lang).await {
            Ok(loaded) => loaded,
            Err(error) => return desk_error_view(error),
        };
        let edit = outcome.as_ref().and_then(|o| o.edit.clone()).unwrap_or(stored);
        let errors = outcome.as_ref().map(|o| o.errors.clone()).unwrap_or_default();
        let saved = outcome.as_ref().and_then(|o| o.recomputed).map(|count| {
            view! { <p class="note note--important" role="status">{(t.admin.saved)(count)}</p> }
        });
        let csrf = staff.csrf_token.clone();
        view! {
            <StaffBar staff/>
            <p><a href=href(lang, "/admin")>{t.admin.back}</a></p>
            <h1>{(t.admin.year_title)(year)}</h1>
            {saved}
            <p class="lead">{t.admin.year_intro}</p>
            <YearForm edit errors csrf/>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=t.admin.calendar_title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

#[component]
fn YearForm(edit: CalendarYearEdit, errors: crate::domain::FieldErrors, csrf: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let a = &t.admin;
    let statuses = vec![
        ("confirmed".to_string(), a.status_confirmed.to_string()),
        ("provisional".to_string(), a.status_provisional.to_string()),
    ];
    let status = if edit.provisional { "provisional" } else { "confirmed" }.to_string();
    let months = (1..=12).map(|month| view! { <Month year=edit.year month days_off=edit.days_off.clone()/> }).collect_view();
    view! {
        <form method="post" action=href(lang, &format!("/admin/calendar/{}", edit.year)) novalidate=true class="calendar-form">
            <ErrorSummary errors=errors.clone()/>
            <input type="hidden" name="csrf" value=csrf/>
            <ChoiceField field=Field::CalendarStatus selected=vec![status] problem=errors.get(Field::CalendarStatus)
                options=statuses required=true/>
            <TextField field=Field::CalendarSource value=edit.source.clone() problem=errors.get(Field::CalendarSource)
                required=true/>
            <div class="calendar">{months}</div>
            <button type="submit" class="button button--primary">{a.save}</button>
        </form>
    }
}

/// One month as a table, Monday first; a ticked box is a non-working day.
#[component]
fn Month(year: i32, month: u32, days_off: Vec<String>) -> impl IntoView {
    let t = use_lang().texts();
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return ().into_any();
    };
    let name = t.admin.months[month as usize - 1];
    let lead = first.weekday().num_days_from_monday() as usize;
    let mut cells: Vec<Option<NaiveDate>> = vec![None; lead];
    let mut day = first;
    while day.month() == month {
        cells.push(Some(day));
        day = match day.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    let weeks = cells
        .chunks(7)
        .map(|week| {
            let cells = week
                .iter()
                .map(|cell| match cell {
                    None => view! { <td></td> }.into_any(),
                    Some(date) => {
                        let iso = date.to_string();
                        let checked = days_off.contains(&iso);
                        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
                        let id = format!("day-{iso}");
                        view! {
                            <td class=if weekend { "calendar__day calendar__day--weekend" } else { "calendar__day" }>
                                <input type="checkbox" id=id.clone() name="day" value=iso.clone() checked=checked/>
                                <label for=id>
                                    {date.day()}
                                    <span class="visually-hidden">" " {t.admin.months_of[month as usize - 1]} " " {year}</span>
                                </label>
                            </td>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let head = t.admin.weekdays.iter().map(|d| view! { <th scope="col">{*d}</th> }).collect_view();
    view! {
        <table class="calendar__month">
            <caption>{name}</caption>
            <thead><tr>{head}</tr></thead>
            <tbody>{weeks}</tbody>
        </table>
    }
    .into_any()
}
