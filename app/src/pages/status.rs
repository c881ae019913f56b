//! `/status`: the applicant follows a complaint with its number and access code, answers an
//! information request and may withdraw it. Every form here carries the number and the code,
//! because the page keeps no session.

use leptos::prelude::*;

use crate::components::{
    href, use_lang, CheckboxField, ComplaintNotices, FileField, ComplaintSummary, DeadlineList, ErrorSummary, SiteLayout,
    TextAreaField, TextField, Timeline,
};
use crate::domain::{Field, FieldErrors};
use crate::islands::{FormEnhancer, FormKind};
use crate::model::{ApplicantAccess, ApplicantOutcome, FileLinks, StatusOutcome};

#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let content = match use_context::<StatusOutcome>() {
        Some(StatusOutcome::Found(outcome)) => view! { <ApplicantComplaint outcome/> }.into_any(),
        Some(StatusOutcome::Rejected { number, errors }) => view! { <LookupForm number errors/> }.into_any(),
        None => view! { <LookupForm number=String::new() errors=FieldErrors::new()/> }.into_any(),
    };
    view! {
        <SiteLayout title=t.status.title.to_string()>
            {content}
        </SiteLayout>
    }
}

/// A complaint as its applicant sees it, with the forms its status allows: on `/status`
/// (opened with the access code) and in the cabinet (signed in).
#[component]
pub fn ApplicantComplaint(outcome: ApplicantOutcome) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let view = outcome.view.clone();
    let title = (t.status.complaint_title)(&view.number);
    let illegal = outcome.illegal.map(|(action, status)| {
        let message = (t.desk.illegal_transition)((t.event_name)(action), (t.status_name)(status));
        view! { <p class="form-error" role="alert">{message}</p> }
    });
    let answer = view.info_request.clone().map(|request| view! { <AnswerForm outcome=outcome.clone() request/> });
    let withdraw = view.can_withdraw.then(|| view! { <WithdrawForm outcome=outcome.clone()/> });
    let reply = view.decision.is_some().then(|| match &outcome.access {
        ApplicantAccess::Code(code) => {
            view! { <super::ApplicantReplyLinks number=view.number.clone() code=code.clone()/> }.into_any()
        }
        ApplicantAccess::Cabinet { .. } => {
            view! { <super::ReplyLinks base=format!("/cabinet/c/{}", view.number) number=view.number.clone()/> }.into_any()
        }
    });
    let back = match &outcome.access {
        ApplicantAccess::Code(_) => view! { <p><a href=href(lang, "/status")>{t.status.check_another}</a></p> },
        ApplicantAccess::Cabinet { .. } => view! { <p><a href=href(lang, "/cabinet")>{t.cabinet.back}</a></p> },
    };
    let events = view.events.clone();
    let number = view.number.clone();
    let links = match &outcome.access {
        ApplicantAccess::Code(code) => FileLinks::AccessCode(code.clone()),
        ApplicantAccess::Cabinet { .. } => FileLinks::Cabinet,
    };
    view! {
        <h1>{title}</h1>
        {illegal}
        <ComplaintNotices view=view.clone()/>
        {answer}
        <ComplaintSummary view=view.clone()/>
        {reply}
        <DeadlineList view/>
        <Timeline events number links/>
        {withdraw}
        {back}
    }
}

/// Returns the address the page's forms post to.
fn form_action(outcome: &ApplicantOutcome, lang: crate::i18n::Lang) -> String {
    match outcome.access {
        ApplicantAccess::Code(_) => href(lang, "/status"),
        ApplicantAccess::Cabinet { .. } => href(lang, &format!("/cabinet/c/{}", outcome.view.number)),
    }
}

/// The hidden fields that identify the complaint (or the session) in the page's forms.
fn credentials(outcome: &ApplicantOutcome, action: &'static str, lang: crate::i18n::Lang) -> impl IntoView {
    let access = match &outcome.access {
        ApplicantAccess::Code(code) => view! {
            <input type="hidden" name="number" value=outcome.view.number.clone()/>
            <input type="hidden" name="code" value=code.clone()/>
        }
        .into_any(),
        ApplicantAccess::Cabinet { csrf } => view! { <input type="hidden" name="csrf" value=csrf.clone()/> }.into_any(),
    };
    view! {
        {access}
        <input type="hidden" name="lang" value=lang.code()/>
        <input type="hidden" name="action" value=action/>
    }
}

#[component]
fn AnswerForm(outcome: ApplicantOutcome, request: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let errors = if outcome.action == "answer_info" { outcome.errors.clone() } else { FieldErrors::new() };
    view! {
        <section class="info-request" aria-labelledby="info-request-title">
            <h2 id="info-request-title">{t.workflow.info_request_title}</h2>
            <p class="prose">{request}</p>
            <form method="post" action=form_action(&outcome, lang) enctype="multipart/form-data" novalidate=true>
                <ErrorSummary errors=errors.clone()/>
                {credentials(&outcome, "answer_info", lang)}
                <TextAreaField field=Field::Answer value=outcome.answer.clone() problem=errors.get(Field::Answer)
                    required=true hint=t.workflow.answer_hint rows=6/>
                <FileField field=Field::Files problem=errors.get(Field::Files) hint=t.workflow.files_hint
                    accept="application/pdf,image/jpeg,image/png"/>
                <button type="submit" class="button button--primary">{t.workflow.answer_submit}</button>
            </form>
        </section>
    }
}

#[component]
fn WithdrawForm(outcome: ApplicantOutcome) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let errors = if outcome.action == "withdraw" { outcome.errors.clone() } else { FieldErrors::new() };
    view! {
        <section class="withdraw" aria-labelledby="withdraw-title">
            <h2 id="withdraw-title">{t.workflow.withdraw_title}</h2>
            <p>{t.workflow.withdraw_text}</p>
            <form method="post" action=form_action(&outcome, lang) novalidate=true>
                {(!errors.is_empty()).then(|| view! { <ErrorSummary errors=errors.clone()/> })}
                {credentials(&outcome, "withdraw", lang)}
                <CheckboxField field=Field::WithdrawConfirm checked=false problem=errors.get(Field::WithdrawConfirm)
                    label=t.workflow.withdraw_confirm/>
                <button type="submit" class="button">{t.workflow.withdraw_submit}</button>
            </form>
        </section>
    }
}

/// The number and code form. The code is never echoed back after a failed lookup.
#[component]
fn LookupForm(number: String, errors: FieldErrors) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <h1>{t.status.title}</h1>
        <p class="lead">{t.status.intro}</p>
        <FormEnhancer kind=FormKind::StatusLookup lang>
            <form method="post" action=href(lang, "/status") novalidate=true class="narrow-form">
                <ErrorSummary errors=errors.clone()/>
                <input type="hidden" name="lang" value=lang.code()/>
                <TextField field=Field::Number value=number problem=errors.get(Field::Number) required=true
                    autocomplete="off"/>
                <TextField field=Field::AccessCode value=String::new() problem=errors.get(Field::AccessCode)
                    required=true autocomplete="off"/>
                <div class="actions">
                    <button type="submit" class="button button--primary">{t.status.submit}</button>
                </div>
            </form>
        </FormEnhancer>
    }
}
