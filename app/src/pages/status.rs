//! `/status`: the applicant follows a complaint with its number and access code.

use leptos::prelude::*;

use crate::components::{href, use_lang, ComplaintSummary, ErrorSummary, SiteLayout, TextField, Timeline};
use crate::domain::{Field, FieldErrors};
use crate::islands::{FormEnhancer, FormKind};
use crate::model::StatusOutcome;

#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let content = match use_context::<StatusOutcome>() {
        Some(StatusOutcome::Found(view)) => {
            let title = (t.status.complaint_title)(&view.number);
            let events = view.events.clone();
            view! {
                <h1>{title}</h1>
                <ComplaintSummary view/>
                <Timeline events/>
                <p><a href=href(lang, "/status")>{t.status.title}</a></p>
            }
            .into_any()
        }
        Some(StatusOutcome::Rejected { number, errors }) => view! { <LookupForm number errors/> }.into_any(),
        None => view! { <LookupForm number=String::new() errors=FieldErrors::new()/> }.into_any(),
    };
    view! {
        <SiteLayout title=t.status.title.to_string()>
            {content}
        </SiteLayout>
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
