//! A complaint's main facts and its timeline, as both the applicant and the desk see them.

use leptos::prelude::*;

use super::layout::use_lang;
use crate::domain::deadlines::Urgency;
use crate::domain::{Action, Outcome};
use crate::model::{Actor, ComplaintView, DeadlineKind, EventView, FileLinks, FileView};
use super::href;

/// Returns `text` with its first letter in lower case, to follow a colon.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The facts of a complaint and its decision, if any. `for_staff` leaves out the note on
/// appealing further, which is addressed to the applicant.
#[component]
pub fn ComplaintSummary(view: ComplaintView, #[prop(optional)] for_staff: bool) -> impl IntoView {
    let t = use_lang().texts();
    let s = &t.status;
    let grounds = view.grounds.iter().map(|g| view! { <li>{(t.ground)(*g)}</li> }).collect_view();
    let ground_other = view.ground_other.clone().map(|text| view! { <li>{text}</li> });
    let decision = view.decision.clone().map(|d| {
        let remedy = d.remedy.map(|kind| {
            view! {
                <dt>{s.remedy}</dt>
                <dd>{(t.remedy_kind)(kind)}</dd>
            }
        });
        let outcome = if d.satisfied { Outcome::Satisfied } else { Outcome::Refused };
        // "Решение: жалоба удовлетворена" reads as a sentence, where a status name would not agree.
        let heading = lowercase_first((t.event_name)(Action::Decide(outcome)));
        view! {
            <section class="decision" aria-labelledby="decision-title">
                <h2 id="decision-title">{s.decision} ": " {heading}</h2>
                <dl class="facts">
                    <dt>{s.decided}</dt>
                    <dd>{d.at}</dd>
                    {remedy}
                    <dt>{s.reasons}</dt>
                    <dd class="prose">{d.text}</dd>
                </dl>
                {(!for_staff).then(|| view! { <p class="note">{s.further_appeal}</p> })}
            </section>
        }
    });
    view! {
        <dl class="facts">
            <dt>{s.current_status}</dt>
            <dd><strong class=format!("status status--{}", view.status.code())>{(t.status_name)(view.status)}</strong></dd>
            <dt>{s.body}</dt>
            <dd>{view.org_name.clone()}</dd>
            {view.service_name.clone().map(|name| view! { <dt>{s.service}</dt><dd>{name}</dd> })}
            <dt>{s.received}</dt>
            <dd>{view.received_at.clone()}</dd>
            <dt>{s.channel}</dt>
            <dd>{(t.channel)(&view.channel)}</dd>
            <dt>{s.grounds}</dt>
            <dd><ul class="plain-list">{grounds}{ground_other}</ul></dd>
            {view.official.clone().map(|official| view! { <dt>{t.desk.official}</dt><dd>{official}</dd> })}
            <dt>{s.subject}</dt>
            <dd class="prose">{view.subject.clone()}</dd>
            <dt>{t.desk.arguments}</dt>
            <dd class="prose">{view.arguments.clone()}</dd>
        </dl>
        {decision}
    }
}

/// The steps taken on a complaint, oldest first, with the files attached to each linked
/// for download as `links` allows for the complaint `number`.
#[component]
pub fn Timeline(events: Vec<EventView>, number: String, links: FileLinks) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let items = events
        .into_iter()
        .map(|event| {
            let who = match (event.actor, event.actor_email) {
                (_, Some(email)) => email,
                (Actor::Applicant, None) => t.status.by_applicant.to_string(),
                (Actor::Staff, None) => t.status.by_staff.to_string(),
                (Actor::System, None) => t.common.site_name.to_string(),
            };
            view! {
                <li class="timeline__item">
                    <p class="timeline__head">
                        <time>{event.at}</time>
                        " — "
                        <strong>{(t.event_name)(event.action)}</strong>
                        <span class="timeline__who">" (" {who} ")"</span>
                    </p>
                    // The decision's text is shown in full in the decision section above.
                    {event.message.filter(|_| !matches!(event.action, crate::domain::Action::Decide(_)))
                        .map(|m| view! { <p class="timeline__message prose">{m}</p> })}
                    {event.note.map(|n| view! { <p class="timeline__note prose">{n}</p> })}
                    {(!event.files.is_empty()).then(|| view! {
                        <FileList files=event.files.clone() number=number.clone() links=links.clone()/>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t.status.timeline}</h2>
            <p class="note">{t.status.moscow_time}</p>
            <ol class="timeline">{items}</ol>
        </section>
    }
}

/// Lists the files of one step. Staff and the signed-in applicant get plain links. On
/// `/status` each file is a small form, because the access code must not go into an address.
#[component]
fn FileList(files: Vec<FileView>, number: String, links: FileLinks) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let items = files
        .into_iter()
        .map(|file| {
            let size = (t.file_size)(file.size_bytes);
            let link = match &links {
                FileLinks::Desk => {
                    let path = href(lang, &format!("/desk/c/{number}/files/{}", file.id));
                    view! { <a href=path download="">{file.name}</a> }.into_any()
                }
                FileLinks::Cabinet => {
                    let path = href(lang, &format!("/cabinet/c/{number}/files/{}", file.id));
                    view! { <a href=path download="">{file.name}</a> }.into_any()
                }
                FileLinks::AccessCode(code) => view! {
                    <form method="post" action=href(lang, &format!("/status/files/{}", file.id)) class="inline-form">
                        <input type="hidden" name="lang" value=lang.code()/>
                        <input type="hidden" name="number" value=number.clone()/>
                        <input type="hidden" name="code" value=code.clone()/>
                        <button type="submit" class="link-button">{file.name}</button>
                    </form>
                }
                .into_any(),
            };
            view! { <li>{link} " " <span class="timeline__size">"(" {size} ")"</span></li> }
        })
        .collect_view();
    view! {
        <div class="timeline__files">
            <p class="timeline__files-title">{t.workflow.attached_files}</p>
            <ul class="plain-list">{items}</ul>
        </div>
    }
}

/// "Overdue" or "Due today" in words, not only in colour.
#[component]
pub fn UrgencyBadge(urgency: Urgency) -> impl IntoView {
    let t = use_lang().texts();
    let class = match urgency {
        Urgency::Overdue => "badge badge--overdue",
        Urgency::DueToday => "badge badge--today",
        Urgency::Upcoming => "badge badge--upcoming",
    };
    view! { <span class=class>{(t.urgency)(urgency)}</span> }
}

/// The complaint's deadlines; the one its status runs against carries its urgency.
#[component]
pub fn DeadlineList(view: ComplaintView) -> impl IntoView {
    let t = use_lang().texts();
    let w = &t.workflow;
    if view.deadlines.is_empty() {
        return ().into_any();
    }
    let items = view
        .deadlines
        .iter()
        .map(|d| {
            let label = match d.kind {
                DeadlineKind::Registration => w.registration_due,
                DeadlineKind::Review => w.review_due,
                DeadlineKind::Redirect => w.redirect_due,
                DeadlineKind::Reply => w.reply_due,
                DeadlineKind::Remedy => w.remedy_due,
            };
            view! {
                <dt>{label}</dt>
                <dd>{d.date.clone()} " " {d.urgency.filter(|u| *u != Urgency::Upcoming).map(|u| view! { <UrgencyBadge urgency=u/> })}</dd>
            }
        })
        .collect_view();
    view! {
        <section class="deadlines" aria-labelledby="deadlines-title">
            <h2 id="deadlines-title">{w.deadlines_title}</h2>
            <dl class="facts">{items}</dl>
            {view.short_review.then(|| view! { <p class="note">{w.short_review}</p> })}
            {view.provisional_calendar.then(|| view! { <p class="note note--warning">{w.provisional_calendar}</p> })}
        </section>
    }
    .into_any()
}

/// Where the complaint went or came from, and why it was left unanswered.
#[component]
pub fn ComplaintNotices(view: ComplaintView) -> impl IntoView {
    let t = use_lang().texts();
    let w = &t.workflow;
    let to = view.redirected_to.clone().map(|(number, org)| view! { <p class="note note--important">{(w.redirected_to)(&org, &number)}</p> });
    let from = view.redirected_from.clone().map(|number| view! { <p class="note">{(w.redirected_from)(&number)}</p> });
    let unanswered = view.unanswered.map(|reason| {
        view! {
            <p class="note note--important">
                <strong>{w.unanswered_title} ": "</strong>
                {(t.unanswered_reason)(reason)}
            </p>
        }
    });
    view! { {to} {from} {unanswered} }
}
