//! The complaint form, shared by the portal and the widget, and the receipt after filing.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::{
    href, keep_accessible, use_lang, CheckboxField, ChoiceField, ErrorSummary, FieldError, FileField, PageError,
    SelectField, SiteLayout, TextAreaField, TextField,
};
use crate::domain::pow::{CHALLENGE_FIELD, SOLUTION_FIELD};
use crate::domain::{ComplaintInput, Field, FieldErrors, Ground};
use crate::islands::{FormEnhancer, FormKind};
use crate::loaders::load_complaint_form;
use crate::model::{AppError, FormContext, FormOutcome, Receipt};

/// `/complaint/{org}`: the portal's complaint form for one body.
#[component]
pub fn ComplaintPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let org = use_params_map().get_untracked().get("org").unwrap_or_default();
    let outcome = use_context::<FormOutcome>();
    let content = Suspend::new(async move {
        let ctx = match load_complaint_form(org.clone(), lang).await {
            Ok(ctx) => ctx,
            Err(AppError::NotFound) => return view! { <UnknownBody/> }.into_any(),
            Err(error) => return view! { <PageError error/> }.into_any(),
        };
        let action = keep_accessible(href(lang, &format!("/complaint/{}", ctx.org.code)));
        match outcome {
            Some(FormOutcome::Accepted(receipt)) => {
                let again = action.clone();
                view! { <ReceiptView receipt again/> }.into_any()
            }
            Some(FormOutcome::Rejected { input, errors }) => view! {
                <FormHeading ctx=ctx.clone()/>
                <ComplaintForm ctx input errors action/>
            }
            .into_any(),
            None => {
                let input = ComplaintInput::default();
                view! {
                    <FormHeading ctx=ctx.clone()/>
                    <ComplaintForm ctx input errors=FieldErrors::new() action/>
                }
                .into_any()
            }
        }
    });
    view! {
        <SiteLayout title=t.form.title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

/// The page for a body that is not in the directory.
#[component]
fn UnknownBody() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <h1>{t.common.not_found_title}</h1>
        <p>{t.form.org_unknown}</p>
        <p><a href=href(lang, "/")>{t.common.back_home}</a></p>
    }
}

#[component]
pub fn FormHeading(ctx: FormContext) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <h1>{t.form.title} ": " {ctx.org.short_name.clone()}</h1>
        <p class="lead">{ctx.org.name.clone()}</p>
    }
}

/// The complaint form. It posts to `action`; the server answers with this form again
/// (values kept, errors shown) or with the receipt.
#[component]
pub fn ComplaintForm(
    ctx: FormContext,
    input: ComplaintInput,
    errors: FieldErrors,
    action: String,
    /// Set on the desk's paper form: the staff CSRF token, and the form asks for the day
    /// the complaint was received.
    #[prop(optional)]
    paper_csrf: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let f = &t.form;
    // A rejected post keeps its token, so that fixing the form and sending it again still
    // counts as one submission.
    let token = if input.form_token.is_empty() { ctx.form_token.clone() } else { input.form_token.clone() };
    // A form never posted has no token yet; its radio buttons start at the usual choices.
    let first_post = input.form_token.is_empty();
    let kind = if first_post { "person".to_string() } else { input.applicant_kind.clone() };
    let reply_by = if first_post { "email".to_string() } else { input.reply_by.clone() };
    // The browser keeps a draft of a citizen's form (never of the desk's paper form) and
    // restores it only into a form that the server rendered without posted values.
    let draft = paper_csrf.is_none().then_some(if first_post { "fresh" } else { "posted" });

    let mut services = vec![(String::new(), f.service_none.to_string())];
    services.extend(ctx.services.iter().map(|s| (s.code.clone(), s.name.clone())));
    let grounds = Ground::ALL.iter().map(|g| (g.code().to_string(), (t.ground)(*g).to_string())).collect();
    let kinds = vec![("person".to_string(), f.person.to_string()), ("legal".to_string(), f.legal.to_string())];
    let replies =
        vec![("email".to_string(), f.reply_email.to_string()), ("post".to_string(), f.reply_post.to_string())];
    let field_errors = errors.clone();
    let e = move |field: Field| field_errors.get(field);

    view! {
        <FormEnhancer kind=FormKind::Complaint lang>
            <form class="complaint-form" method="post" action=action enctype="multipart/form-data" novalidate=true
                accept-charset="utf-8" data-draft=draft>
                <ErrorSummary errors=errors.clone()/>
                <p class="note">{f.intro}</p>
                <input type="hidden" name="form_token" value=token/>
                <input type="hidden" name="org" value=ctx.org.code.clone()/>
                <input type="hidden" name="lang" value=lang.code()/>
                {paper_csrf.is_none().then(|| view! {
                    <input type="hidden" name=CHALLENGE_FIELD value=ctx.pow_challenge.clone()/>
                    <input type="hidden" name=SOLUTION_FIELD value=""/>
                })}
                <FieldErrorForForm errors=errors.clone()/>
                {paper_csrf.map(|csrf| view! {
                    <input type="hidden" name="csrf" value=csrf/>
                    <TextField field=Field::ReceivedOn value=input.received_on.clone() problem=e(Field::ReceivedOn)
                        kind="date" required=true hint=t.workflow.received_on_hint/>
                })}

                <fieldset class="section">
                    <legend>{f.section_subject}</legend>
                    <p class="static-field">
                        <span class="static-field__label">{(t.field_label)(Field::Org)} ": "</span>
                        {ctx.org.name.clone()}
                    </p>
                    <SelectField field=Field::Service value=input.service.clone() problem=e(Field::Service) options=services/>
                    <TextField field=Field::Official value=input.official.clone() problem=e(Field::Official)
                        hint=f.official_hint/>
                    <ChoiceField field=Field::Grounds selected=input.grounds.clone() problem=e(Field::Grounds)
                        options=grounds multiple=true required=true hint=f.grounds_hint/>
                    <TextAreaField field=Field::GroundOther value=input.ground_other.clone() problem=e(Field::GroundOther)
                        rows=2 conditional=true hint=f.ground_other_hint/>
                    <TextAreaField field=Field::Subject value=input.subject.clone() problem=e(Field::Subject)
                        required=true hint=f.subject_hint/>
                    <TextAreaField field=Field::Arguments value=input.arguments.clone() problem=e(Field::Arguments)
                        required=true hint=f.arguments_hint rows=8/>
                </fieldset>

                <fieldset class="section">
                    <legend>{f.section_applicant}</legend>
                    <ChoiceField field=Field::ApplicantKind selected=vec![kind] problem=e(Field::ApplicantKind)
                        options=kinds required=true/>
                    <div class="applicant applicant--person" data-applicant="person">
                        <p class="applicant__title">{f.person_fields}</p>
                        <TextField field=Field::Surname conditional=true value=input.surname.clone() problem=e(Field::Surname)
                            autocomplete="family-name"/>
                        <TextField field=Field::FirstName conditional=true value=input.first_name.clone() problem=e(Field::FirstName)
                            autocomplete="given-name"/>
                        <TextField field=Field::Patronymic value=input.patronymic.clone() problem=e(Field::Patronymic)
                            autocomplete="additional-name"/>
                    </div>
                    <div class="applicant applicant--legal" data-applicant="legal">
                        <p class="applicant__title">{f.legal_fields}</p>
                        <TextField field=Field::LegalName conditional=true value=input.legal_name.clone() problem=e(Field::LegalName)
                            autocomplete="organization"/>
                    </div>
                    <TextAreaField field=Field::Address value=input.address.clone() problem=e(Field::Address)
                        required=true hint=f.address_hint rows=2/>
                    <TextField field=Field::Phone value=input.phone.clone() problem=e(Field::Phone)
                        kind="tel" hint=f.phone_hint autocomplete="tel"/>
                </fieldset>

                <fieldset class="section">
                    <legend>{f.section_reply}</legend>
                    <ChoiceField field=Field::ReplyBy selected=vec![reply_by] problem=e(Field::ReplyBy)
                        options=replies required=true/>
                    <TextField field=Field::Email value=input.email.clone() problem=e(Field::Email)
                        kind="email" hint=f.email_hint autocomplete="email" conditional=true/>
                    <TextAreaField field=Field::PostalAddress value=input.postal_address.clone()
                        problem=e(Field::PostalAddress) hint=f.postal_address_hint rows=2
                        conditional=true/>
                </fieldset>

                // After the complaint and applicant fields, so that a body cut at the size limit still
                // carries their text.
                <FileField field=Field::Files problem=e(Field::Files) hint=f.files_hint
                    accept="application/pdf,image/jpeg,image/png"/>

                <div class="honeypot" aria-hidden="true" data-field="website">
                    <label for="field-website">{(t.field_label)(Field::Website)}</label>
                    // Never filled in again: a person whose browser filled it cannot reach it to clear it.
                    <input type="text" id="field-website" name="website" tabindex="-1" autocomplete="off" value=""/>
                    <FieldError field=Field::Website problem=e(Field::Website)/>
                </div>

                <CheckboxField field=Field::Consent checked=input.consent problem=e(Field::Consent) label=f.consent/>

                <div class="actions">
                    <button type="submit" class="button button--primary">{f.submit}</button>
                </div>
            </form>
        </FormEnhancer>
    }
}

/// A problem with the form as a whole (for example an expired form), shown above the fields.
#[component]
fn FieldErrorForForm(errors: FieldErrors) -> impl IntoView {
    let t = use_lang().texts();
    errors.get(Field::Form).map(|problem| view! { <p class="form-error">{(t.problem)(Field::Form, problem)}</p> })
}

/// What the applicant sees right after filing: number, access code and what happens next.
#[component]
pub fn ReceiptView(receipt: Receipt, again: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let d = &t.done;
    let code_block = receipt.access_code.clone().map(|code| {
        view! {
            <dt>{d.code}</dt>
            <dd><strong class="receipt__value" data-testid="access-code">{code}</strong></dd>
        }
    });
    let status_form = receipt.access_code.clone().map(|code| {
        view! {
            <form method="post" action=href(lang, "/status") target="_blank" class="receipt__status">
                <input type="hidden" name="number" value=receipt.number.clone()/>
                <input type="hidden" name="code" value=code/>
                <input type="hidden" name="lang" value=lang.code()/>
                <button type="submit" class="button">{d.open_status}</button>
            </form>
        }
    });
    view! {
        // `data-receipt` tells the browser that the complaint is filed, so that its draft is deleted.
        <section class="receipt" aria-labelledby="receipt-title" data-receipt="">
            <h1 id="receipt-title" tabindex="-1">{d.title}</h1>
            {receipt.duplicate.then(|| view! { <p class="note note--warning">{d.duplicate}</p> })}
            <p>{receipt.org_name.clone()}</p>
            <dl class="receipt__facts">
                <dt>{d.number}</dt>
                <dd><strong class="receipt__value" data-testid="complaint-number">{receipt.number.clone()}</strong></dd>
                {code_block}
            </dl>
            <p class="note note--important">{d.keep}</p>
            <p>{d.next}</p>
            {status_form}
            <p><a href=again>{d.file_another}</a></p>
        </section>
    }
}
