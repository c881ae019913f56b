//! `/desk`: the complaints of the member's bodies, nearest deadline first, with a filter
//! that works as a plain GET form.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::desk::{desk_error_view, StaffBar};
use super::Redirect;
use crate::components::{href, use_lang, SiteLayout, UrgencyBadge};
use crate::domain::{Ground, Status};
use crate::loaders::load_desk_inbox;
use crate::model::{AssigneeChoice, DeadlineFilter, DeskInbox, InboxQuery};

#[component]
pub fn DeskInboxPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let params = use_query_map().get_untracked();
    let query = InboxQuery::from_params(|name| params.get(name));
    let content = Suspend::new(async move {
        let inbox = match load_desk_inbox(query, lang).await {
            Ok(inbox) => inbox,
            Err(error) => return desk_error_view(error),
        };
        if inbox.staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let title = (t.desk.inbox_title)(&inbox.staff.org_name);
        view! {
            <StaffBar staff=inbox.staff.clone()/>
            <h1>{title}</h1>
            <p><a class="button" href=href(lang, "/desk/new")>{t.inbox.new_paper}</a></p>
            <Counts inbox=inbox.clone()/>
            <Filter inbox=inbox.clone()/>
            <Table inbox/>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=t.common.nav_desk.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

/// Complaints per status, each a link that filters by it.
#[component]
fn Counts(inbox: DeskInbox) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let items = inbox
        .counts
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .map(|(status, count)| {
            let link = href(lang, &format!("/desk?status={}", status.code()));
            view! { <li><a href=link>{(t.status_name)(status)} ": " <strong>{count}</strong></a></li> }
        })
        .collect_view();
    view! {
        <section class="counts" aria-labelledby="counts-title">
            <h2 id="counts-title" class="counts__title">{t.inbox.counts_title}</h2>
            <ul class="counts__list">{items}</ul>
        </section>
    }
}

/// A `<select>` whose first option means "no filter".
fn select(name: &'static str, label: &'static str, any: &'static str, selected: String, options: Vec<(String, String)>) -> impl IntoView {
    let id = format!("filter-{name}");
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let is_selected = value == selected;
            view! { <option value=value selected=is_selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="filter__field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="">{any}</option>
                {options}
            </select>
        </div>
    }
}

#[component]
fn Filter(inbox: DeskInbox) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let i = &t.inbox;
    let q = &inbox.query;
    let statuses = Status::ALL.iter().map(|s| (s.code().to_string(), (t.status_name)(*s).to_string())).collect();
    let grounds = Ground::ALL.iter().map(|g| (g.code().to_string(), (t.ground)(*g).to_string())).collect();
    let deadlines = vec![("overdue".to_string(), i.overdue.to_string()), ("today".to_string(), i.due_today.to_string())];
    let mut assignees = vec![("me".to_string(), i.mine.to_string()), ("none".to_string(), i.unassigned.to_string())];
    assignees.extend(inbox.staff_members.iter().cloned());
    let deadline = match q.deadline {
        Some(DeadlineFilter::Overdue) => "overdue".to_string(),
        Some(DeadlineFilter::DueToday) => "today".to_string(),
        None => String::new(),
    };
    let assignee = match &q.assignee {
        Some(AssigneeChoice::Mine) => "me".to_string(),
        Some(AssigneeChoice::Nobody) => "none".to_string(),
        Some(AssigneeChoice::User(id)) => id.clone(),
        None => String::new(),
    };
    let orgs = (inbox.orgs.len() > 1).then(|| {
        select("org", t.inbox.col_body, i.any_body, q.org.clone().unwrap_or_default(), inbox.orgs.clone())
    });
    view! {
        <form method="get" action="/desk" class="filter" aria-label=i.filters>
            {(lang != crate::i18n::Lang::Ru).then(|| view! { <input type="hidden" name="lang" value=lang.code()/> })}
            {select("status", t.desk.col_status, i.any_status, q.status.map(|s| s.code().to_string()).unwrap_or_default(), statuses)}
            {select("ground", (t.field_label)(crate::domain::Field::Grounds), i.any_ground, q.ground.map(|g| g.code().to_string()).unwrap_or_default(), grounds)}
            {orgs}
            {select("deadline", i.deadline_filter, i.any_deadline, deadline, deadlines)}
            {select("assignee", i.col_assignee, i.any_assignee, assignee, assignees)}
            <div class="filter__actions">
                <button type="submit" class="button button--primary">{i.show}</button>
                <a href=href(lang, "/desk")>{i.reset}</a>
            </div>
        </form>
    }
}

#[component]
fn Table(inbox: DeskInbox) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let several_orgs = inbox.orgs.len() > 1;
    if inbox.items.is_empty() {
        let text = if inbox.query == InboxQuery::default() { t.desk.inbox_empty } else { t.inbox.nothing_matches };
        return view! { <p>{text}</p> }.into_any();
    }
    let rows = inbox
        .items
        .into_iter()
        .map(|item| {
            let link = href(lang, &format!("/desk/c/{}", item.number));
            let class = match item.urgency {
                Some(crate::domain::deadlines::Urgency::Overdue) => "inbox__row inbox__row--overdue",
                Some(crate::domain::deadlines::Urgency::DueToday) => "inbox__row inbox__row--today",
                _ => "inbox__row",
            };
            view! {
                <tr class=class>
                    <td>{item.next_due.clone().unwrap_or_default()} " " {item.urgency.map(|u| view! { <UrgencyBadge urgency=u/> })}</td>
                    <td class="inbox__number"><a href=link>{item.number}</a></td>
                    <td>{item.received_at}</td>
                    <td>{item.applicant_name}</td>
                    {several_orgs.then(|| view! { <td>{item.org_name.clone()}</td> })}
                    <td>{item.service_name.unwrap_or_else(|| "—".to_string())}</td>
                    <td><span class=format!("status status--{}", item.status.code())>{(t.status_name)(item.status)}</span></td>
                    <td>{item.assignee.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="inbox">
                <thead>
                    <tr>
                        <th scope="col">{t.inbox.col_deadline}</th>
                        <th scope="col">{t.desk.col_number}</th>
                        <th scope="col">{t.desk.col_received}</th>
                        <th scope="col">{t.desk.col_applicant}</th>
                        {several_orgs.then(|| view! { <th scope="col">{t.inbox.col_body}</th> })}
                        <th scope="col">{t.desk.col_service}</th>
                        <th scope="col">{t.desk.col_status}</th>
                        <th scope="col">{t.inbox.col_assignee}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
