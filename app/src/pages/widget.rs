//! `/w/{key}`: the complaint form inside an agency's site. It works without JavaScript and
//! needs no cookies, so that browsers blocking third-party cookies still show it.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{ComplaintForm, FormHeading, ReceiptView};
use crate::components::{href, use_lang, PageError, WidgetLayout, ACCESSIBLE_PARAM};
use crate::domain::{ComplaintInput, FieldErrors};
use crate::islands::HeightReporter;
use crate::loaders::load_widget;
use crate::model::{FormOutcome, WidgetContext};

#[component]
pub fn WidgetPage() -> impl IntoView {
    let lang = use_lang();
    let key = use_params_map().get_untracked().get("key").unwrap_or_default();
    let query = use_query_map().get_untracked();
    let parent_origin = query.get("origin");
    // Inside an iframe the loader always passes the embedding page's origin.
    let standalone = parent_origin.is_none();
    let org = query.get("org");
    let service = query.get("service");
    let theme = query.get("theme");
    let accent = query.get("accent");
    let accessible = query.get(ACCESSIBLE_PARAM).filter(|value| value == "1");
    let outcome = use_context::<FormOutcome>();

    let content = Suspend::new(async move {
        let context = match load_widget(key.clone(), parent_origin.clone(), org.clone(), service.clone(), lang).await {
            Ok(context) => context,
            Err(error) => return view! { <PageError error/> }.into_any(),
        };
        let (form, parent_origin) = match context {
            WidgetContext::Ready { form, parent_origin } => (form, parent_origin),
            WidgetContext::UnknownKey => return view! { <Unavailable org_code=None/> }.into_any(),
            WidgetContext::Revoked { parent_origin, org_code } => {
                let reporter = parent_origin.map(|origin| view! { <HeightReporter parent_origin=origin/> });
                return view! { <Unavailable org_code=Some(org_code)/> {reporter} }.into_any();
            }
            WidgetContext::SwitchedOff { parent_origin, org_code } => {
                let reporter = parent_origin.map(|origin| view! { <HeightReporter parent_origin=origin/> });
                return view! { <super::widget_switch::SwitchedOff org_code/> {reporter} }.into_any();
            }
        };

        // The form posts back to this same address, so the reply knows the parent origin too.
        let mut action = format!("/w/{key}?lang={}", lang.code());
        let parameters = [
            ("origin", &parent_origin),
            ("theme", &theme),
            ("accent", &accent),
            ("org", &org),
            (ACCESSIBLE_PARAM, &accessible),
        ];
        for (name, value) in parameters {
            if let Some(value) = value {
                action.push('&');
                action.push_str(name);
                action.push('=');
                action.push_str(&urlencoding_encode(value));
            }
        }
        let fresh_input = ComplaintInput { service: form.preselected_service.clone().unwrap_or_default(), ..Default::default() };
        let reporter = parent_origin.map(|origin| view! { <HeightReporter parent_origin=origin/> });
        let body = match outcome {
            Some(FormOutcome::Accepted(receipt)) => view! { <ReceiptView receipt again=action.clone()/> }.into_any(),
            Some(FormOutcome::Rejected { input, errors }) => view! {
                <FormHeading ctx=form.clone()/>
                <ComplaintForm ctx=form input errors action/>
            }
            .into_any(),
            None => view! {
                <FormHeading ctx=form.clone()/>
                <ComplaintForm ctx=form input=fresh_input errors=FieldErrors::new() action/>
            }
            .into_any(),
        };
        view! { {body} {reporter} }.into_any()
    });

    view! {
        <WidgetLayout standalone>
            <Suspense>{content}</Suspense>
        </WidgetLayout>
    }
}

/// The page for an unknown key (`org_code` is `None`) or a revoked one: an explanation and a
/// way to file anyway, on the body's own form when the body is known.
#[component]
fn Unavailable(org_code: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let revoked = org_code.is_some();
    let portal = href(lang, &org_code.map(|code| format!("/complaint/{code}")).unwrap_or_else(|| "/".to_string()));
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(if revoked { http::StatusCode::GONE } else { http::StatusCode::NOT_FOUND });
    }
    let text = if revoked { t.widget.revoked_key } else { t.widget.unknown_key };
    view! {
        <section class="unavailable" role="alert">
            <h1>{t.widget.unavailable_title}</h1>
            <p>{text}</p>
            <p><a href=portal target="_blank" rel="noopener">{t.widget.portal_link}</a></p>
        </section>
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters are kept).
fn urlencoding_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => encoded.push(byte as char),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::urlencoding_encode;

    #[test]
    fn encodes_an_origin() {
        assert_eq!(urlencoding_encode("http://127.0.0.1:3001"), "http%3A%2F%2F127.0.0.1%3A3001");
    }
}
