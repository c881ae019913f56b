//! The operator's form on a key card that switches the key's widget off, with a reason, or
//! on again, and the widget page's message while it is off.

use leptos::prelude::*;

use crate::components::{href, use_lang, TextAreaField};
use crate::domain::{Field, Problem};
use crate::i18n::widget_switch::switch_texts;

/// Switches the widget off (`off` is false) or on (`off` is true); posts to `action`.
#[component]
pub fn SwitchForm(
    public_key: String,
    off: bool,
    action: String,
    csrf: String,
    /// The reason typed before a rejected post.
    reason: String,
    problem: Option<Problem>,
) -> impl IntoView {
    let s = switch_texts(use_lang());
    let (title, hint, submit, code) = if off {
        (s.on_title, s.on_hint, s.on_submit, "switch_on")
    } else {
        (s.off_title, s.off_hint, s.off_submit, "switch_off")
    };
    let reason_field = (!off).then(|| {
        view! { <TextAreaField field=Field::SwitchOffReason value=reason problem required=true rows=2/> }
    });
    view! {
        <form method="post" action=action novalidate=true class="narrow-form">
            <h4>{title}</h4>
            <p>{hint}</p>
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="action" value=code/>
            <input type="hidden" name="key" value=public_key/>
            {reason_field}
            <button type="submit" class="button">{submit}</button>
        </form>
    }
}

/// Renders the widget page of a switched-off key: the message and a link to the body's form
/// on the portal, with status 503 because the widget is expected back.
#[component]
pub fn SwitchedOff(org_code: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let portal = href(lang, &format!("/complaint/{org_code}"));
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::SERVICE_UNAVAILABLE);
    }
    view! {
        <section class="unavailable" role="alert">
            <h1>{t.widget.unavailable_title}</h1>
            <p>{switch_texts(lang).widget_off}</p>
            <p><a href=portal target="_blank" rel="noopener">{t.widget.portal_link}</a></p>
        </section>
    }
}
