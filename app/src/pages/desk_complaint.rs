//! `/desk/c/{number}`: one complaint with its applicant, deadlines, timeline and a form for
//! each action its status allows.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::desk::{desk_error_view, StaffBar};
use super::Redirect;
use crate::components::{
    href, use_lang, ChoiceField, ComplaintNotices, ComplaintSummary, DeadlineList, ErrorSummary, SelectField,
    TextAreaField, Timeline,
};
use crate::domain::{Action, Field, RemedyKind, UnansweredReason};
use crate::loaders::load_desk_complaint;
use crate::model::{ActionOutcome, DeskComplaint};

#[component]
pub fn DeskComplaintPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let number = use_params_map().get_untracked().get("number").unwrap_or_default();
    let outcome = use_context::<ActionOutcome>();
    let content = Suspend::new(async move {
        let page = match load_desk_complaint(number.clone(), lang).await {
            Ok(page) => page,
            Err(error) => return desk_error_view(error),
        };
        if page.staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let title = (t.status.complaint_title)(&page.complaint.view.number);
        let csrf = page.staff.csrf_token.clone();
        let complaint = page.complaint;
        let view = complaint.view.clone();
        let events = complaint.view.events.clone();
        let number = complaint.view.number.clone();
        view! {
            <StaffBar staff=page.staff/>
            <p><a href=href(lang, "/desk")>{t.desk.back_to_inbox}</a></p>
            <h1>{title}</h1>
            <ComplaintNotices view=view.clone()/>
            {complaint.prosecutor_referred.clone().map(|date| view! {
                <p class="note note--important">{(t.workflow.prosecutor_referred)(&date)}</p>
            })}
            <div class="desk-layout">
                <div>
                    <ComplaintSummary view=view.clone() for_staff=true/>
                    {view.decision.is_some().then(|| view! { <super::DeskReplyLinks number=view.number.clone()/> })}
                    <DeadlineList view/>
                    <Applicant complaint=complaint.clone()/>
                    <Timeline events number links=crate::model::FileLinks::Desk/>
                </div>
                <Actions complaint csrf outcome=outcome.clone()/>
            </div>
        }
        .into_any()
    });
    view! {
        <crate::components::SiteLayout title=t.common.nav_desk.to_string()>
            <Suspense>{content}</Suspense>
        </crate::components::SiteLayout>
    }
}

/// The applicant's details, which only staff of the body see.
#[component]
fn Applicant(complaint: DeskComplaint) -> impl IntoView {
    let t = use_lang().texts();
    let d = &t.desk;
    let contacts = [complaint.phone.clone(), complaint.email.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ");
    let contacts = (!contacts.is_empty()).then(|| view! { <dt>{d.contacts}</dt><dd>{contacts}</dd> });
    let reply = if complaint.reply_by_email {
        format!("{}: {}", t.form.reply_email, complaint.email.clone().unwrap_or_default())
    } else {
        format!("{}: {}", t.form.reply_post, complaint.postal_address.clone().unwrap_or_default())
    };
    view! {
        <section aria-labelledby="applicant-title">
            <h2 id="applicant-title">{d.applicant}</h2>
            <dl class="facts">
                <dt>{d.applicant_name}</dt>
                <dd>{complaint.applicant_name.clone()} {complaint.applicant_is_legal.then(|| format!(" ({})", t.form.legal))}</dd>
                <dt>{d.address}</dt>
                <dd>{complaint.address.clone()}</dd>
                {contacts}
                <dt>{d.reply_by}</dt>
                <dd>{reply}</dd>
            </dl>
        </section>
    }
}

/// The forms for the actions that the complaint's status allows.
#[component]
fn Actions(complaint: DeskComplaint, csrf: String, outcome: Option<ActionOutcome>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let url = href(lang, &format!("/desk/c/{}", complaint.view.number));
    let outcome = outcome.unwrap_or(ActionOutcome {
        action: String::new(),
        errors: Default::default(),
        illegal: None,
        values: Vec::new(),
    });
    let illegal = outcome.illegal.map(|(action, status)| {
        let message = (t.desk.illegal_transition)((t.event_name)(action), (t.status_name)(status));
        view! { <p class="form-error" role="alert">{message}</p> }
    });
    // A form that the page no longer shows cannot show its errors, as after a second referral
    // posted from a stale tab. The panel shows them above the forms instead.
    let form_shown = complaint.actions.iter().any(|action| form_code(*action) == outcome.action);
    let hidden_form_errors = (!form_shown && !outcome.errors.is_empty()).then(|| {
        let mut messages = Vec::new();
        if outcome.action == Action::ReferToProsecutor.code() {
            messages.extend(complaint.prosecutor_referred.as_deref().map(t.workflow.already_referred));
        }
        messages.extend(outcome.errors.iter().map(|error| (t.problem)(error.field, error.problem.clone())));
        view! { <p class="form-error" role="alert">{messages.join(" ")}</p> }
    });
    let assignee = complaint
        .assignee
        .clone()
        .map(|email| (t.workflow.assignee_current)(&email))
        .unwrap_or_else(|| t.workflow.assignee_nobody.to_string());

    let forms = complaint
        .actions
        .iter()
        .map(|action| {
            view! { <ActionForm action=*action complaint=complaint.clone() url=url.clone() csrf=csrf.clone() outcome=outcome.clone()/> }
        })
        .collect::<Vec<_>>();
    let empty = forms.is_empty().then(|| view! { <p>{t.desk.no_actions}</p> });
    view! {
        <aside class="actions-panel" aria-labelledby="actions-title">
            <h2 id="actions-title">{t.desk.actions}</h2>
            <p>{assignee}</p>
            {illegal}
            {hidden_form_errors}
            {forms}
            {empty}
        </aside>
    }
}

/// Returns the action code that the form of `action` posts, one for both outcomes of a decision.
fn form_code(action: Action) -> &'static str {
    match action {
        Action::Decide(_) => "decide",
        other => other.code(),
    }
}

/// The form of one action: a button alone, or the fields the action needs. Its field ids
/// carry the action's code, because several forms on the page share fields.
#[component]
fn ActionForm(action: Action, complaint: DeskComplaint, url: String, csrf: String, outcome: ActionOutcome) -> AnyView {
    let t = use_lang().texts();
    let w = &t.workflow;
    let d = &t.desk;
    let code = form_code(action);
    provide_context(crate::components::FieldScope(code.to_string()));
    let errors = outcome.errors_of(code);
    let value = |name: &str| outcome.value(code, name);
    let (title, button): (Option<&'static str>, &'static str) = match action {
        Action::Register => (None, d.action_register),
        Action::StartReview => (None, d.action_start_review),
        Action::RequestInfo => (Some(w.action_request_info), w.action_request_info),
        Action::Decide(_) => (Some(d.decide_title), d.action_decide),
        Action::Remedy => (Some(w.action_remedy), w.action_remedy),
        Action::Redirect => (Some(w.action_redirect), w.action_redirect),
        Action::LeaveUnanswered => (Some(w.action_leave_unanswered), w.action_leave_unanswered),
        Action::ReferToProsecutor => (Some(w.action_refer_prosecutor), w.action_refer_prosecutor),
        Action::Assign => (Some(w.action_assign), w.action_assign),
        Action::Submit | Action::AnswerInfo | Action::Withdraw => return ().into_any(),
    };

    let fields = match action {
        Action::RequestInfo => view! {
            <TextAreaField field=Field::Message value=value("message") problem=errors.get(Field::Message) required=true
                hint=w.request_info_hint rows=5/>
        }
        .into_any(),
        Action::Decide(_) => {
            let outcomes = vec![
                ("satisfied".to_string(), d.outcome_satisfied.to_string()),
                ("refused".to_string(), d.outcome_refused.to_string()),
            ];
            let remedies = RemedyKind::ALL.iter().map(|k| (k.code().to_string(), (t.remedy_kind)(*k).to_string())).collect();
            view! {
                <ChoiceField field=Field::Outcome selected=vec![value("outcome")] problem=errors.get(Field::Outcome)
                    options=outcomes required=true/>
                <ChoiceField field=Field::RemedyKind selected=vec![value("remedy_kind")]
                    problem=errors.get(Field::RemedyKind) options=remedies conditional=true hint=d.remedy_hint/>
                <TextAreaField field=Field::Reason value=value("reason") problem=errors.get(Field::Reason) required=true
                    hint=d.decision_text_hint rows=8/>
            }
            .into_any()
        }
        Action::Remedy => view! {
            <TextAreaField field=Field::Message value=value("message") problem=errors.get(Field::Message) required=true
                hint=w.remedy_hint rows=4/>
        }
        .into_any(),
        Action::Redirect => {
            let mut orgs = vec![(String::new(), String::new())];
            orgs.extend(complaint.target_orgs.iter().cloned());
            view! {
                <SelectField field=Field::TargetOrg value=value("target_org") problem=errors.get(Field::TargetOrg)
                    options=orgs required=true/>
                <TextAreaField field=Field::Message value=value("message") problem=errors.get(Field::Message)
                    hint=w.redirect_hint rows=3/>
            }
            .into_any()
        }
        Action::LeaveUnanswered => {
            let reasons = UnansweredReason::ALL
                .iter()
                .map(|r| (r.code().to_string(), (t.unanswered_reason)(*r).to_string()))
                .collect();
            view! {
                <ChoiceField field=Field::UnansweredReason selected=vec![value("unanswered_reason")]
                    problem=errors.get(Field::UnansweredReason) options=reasons required=true/>
                <TextAreaField field=Field::Message value=value("message") problem=errors.get(Field::Message)
                    hint=w.leave_unanswered_hint rows=3/>
            }
            .into_any()
        }
        Action::ReferToProsecutor => view! {
            <TextAreaField field=Field::Note value=value("note") problem=errors.get(Field::Note) required=true
                hint=w.prosecutor_hint rows=3/>
        }
        .into_any(),
        Action::Assign => {
            let mut staff = vec![(String::new(), w.assignee_nobody.to_string())];
            staff.extend(complaint.staff.iter().cloned());
            view! {
                <SelectField field=Field::Assignee value=value("assignee") problem=errors.get(Field::Assignee)
                    options=staff/>
            }
            .into_any()
        }
        _ => ().into_any(),
    };
    view! {
        <form method="post" action=url class="action-form" novalidate=true id=format!("action-{code}")>
            {title.map(|title| view! { <h3>{title}</h3> })}
            {(!errors.is_empty()).then(|| view! { <ErrorSummary errors=errors.clone()/> })}
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="action" value=code/>
            {fields}
            <button type="submit" class="button button--primary">{button}</button>
        </form>
    }
    .into_any()
}
