//! `/desk/new`: a reviewer enters a complaint received on paper or in person. It then lives
//! the same life as one filed online.

use leptos::prelude::*;

use super::desk::{desk_error_view, StaffBar};
use super::{ComplaintForm, ReceiptView, Redirect};
use crate::components::{href, use_lang, SiteLayout};
use crate::domain::{ComplaintInput, FieldErrors};
use crate::loaders::load_paper_form;
use crate::model::FormOutcome;

#[component]
pub fn PaperPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let outcome = use_context::<FormOutcome>();
    let content = Suspend::new(async move {
        let (staff, form) = match load_paper_form(lang).await {
            Ok(loaded) => loaded,
            Err(error) => return desk_error_view(error),
        };
        if staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let action = href(lang, "/desk/new");
        let csrf = staff.csrf_token.clone();
        let body = match outcome {
            Some(FormOutcome::Accepted(receipt)) => view! {
                <p class="note note--important">{t.workflow.paper_receipt_note}</p>
                <ReceiptView receipt again=action.clone()/>
            }
            .into_any(),
            Some(FormOutcome::Rejected { input, errors }) => view! {
                <ComplaintForm ctx=form input errors action paper_csrf=csrf/>
            }
            .into_any(),
            None => view! {
                <ComplaintForm ctx=form input=ComplaintInput::default() errors=FieldErrors::new() action paper_csrf=csrf/>
            }
            .into_any(),
        };
        view! {
            <StaffBar staff/>
            <p><a href=href(lang, "/desk")>{t.desk.back_to_inbox}</a></p>
            <h1>{t.workflow.paper_title}</h1>
            <p class="lead">{t.workflow.paper_intro}</p>
            {body}
        }
        .into_any()
    });
    view! {
        <SiteLayout title=t.workflow.paper_title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}
