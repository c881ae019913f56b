//! Browser-side work of the islands, on the DOM directly: the forms they enhance are
//! rendered by the server and are not part of the islands' own views.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, FormData, HtmlElement, HtmlFormElement};

use super::FormKind;
use crate::domain::{AccessCode, ComplaintInput, ComplaintNumber, Field, FieldErrors};
use crate::i18n::Lang;

/// Attaches validation to the form inside `root`.
pub fn enhance_form(root: HtmlElement, kind: FormKind, lang: Lang) {
    let Some(form) = root.query_selector("form").ok().flatten().and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    if kind == FormKind::Complaint {
        super::pow::start(&form);
        toggle_applicant_fields(&form);
        toggle_other_ground(&form);
    }

    let submit_form = form.clone();
    let on_submit = Closure::<dyn Fn(Event)>::new(move |event: Event| {
        if submit_form.has_attribute("data-submitting") {
            event.prevent_default();
            return;
        }
        let errors = validate(&submit_form, kind);
        show_all(&submit_form, &errors, lang);
        if errors.is_empty() {
            mark_submitting(&submit_form);
            if kind == FormKind::Complaint && super::upload::send_with_files(&submit_form, lang) {
                event.prevent_default();
            }
        } else {
            event.prevent_default();
            focus_summary(&submit_form);
        }
    });
    let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    on_submit.forget();

    // A page restored by the back button keeps its DOM, flag included; let it send again.
    let shown_form = form.clone();
    let on_pageshow = Closure::<dyn Fn(Event)>::new(move |_: Event| {
        let _ = shown_form.remove_attribute("data-submitting");
        if let Ok(Some(button)) = shown_form.query_selector("button[type=submit]") {
            let _ = button.remove_attribute("aria-disabled");
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("pageshow", on_pageshow.as_ref().unchecked_ref());
    }
    on_pageshow.forget();

    // Fields are checked when the form is sent, and then again on each change while they show
    // an error. Checking on leaving a field would insert a message above the control the
    // pointer is about to press and move it away mid-click.
    for event_name in ["input", "change"] {
        let field_form = form.clone();
        let handler = Closure::<dyn Fn(Event)>::new(move |event: Event| {
            let Some(name) =
                event.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|e| e.get_attribute("name"))
            else {
                return;
            };
            if kind == FormKind::Complaint && name == "applicant_kind" {
                toggle_applicant_fields(&field_form);
            }
            if kind == FormKind::Complaint && name == "grounds" {
                toggle_other_ground(&field_form);
            }
            let Some(field) = Field::from_name(&name) else {
                return;
            };
            if !shows_error(&field_form, field) {
                return;
            }
            let errors = validate(&field_form, kind);
            show_field(&field_form, field, errors.get(field).map(|p| (lang.texts().problem)(field, p)));
        });
        let _ = form.add_event_listener_with_callback(event_name, handler.as_ref().unchecked_ref());
        handler.forget();
    }
    super::draft::attach(&form, lang);
}

/// The form's values as `(name, value)` pairs; files are skipped.
fn form_pairs(form: &HtmlFormElement) -> Vec<(String, String)> {
    let Ok(data) = FormData::new_with_form(form) else {
        return Vec::new();
    };
    let Ok(Some(entries)) = js_sys::try_iter(&data.entries()) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let pair = js_sys::Array::from(&entry);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

fn validate(form: &HtmlFormElement, kind: FormKind) -> FieldErrors {
    let pairs = form_pairs(form);
    match kind {
        FormKind::Complaint => {
            let mut errors = ComplaintInput::from_pairs(pairs).parse().err().unwrap_or_default();
            super::upload::check_files(form, &mut errors);
            errors
        }
        FormKind::StatusLookup => {
            let value = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default();
            let mut errors = FieldErrors::new();
            errors.check(Field::Number, ComplaintNumber::parse(&value("number")));
            errors.check(Field::AccessCode, AccessCode::parse(&value("code")));
            errors
        }
    }
}

fn by_id(form: &HtmlFormElement, id: &str) -> Option<Element> {
    form.query_selector(&format!("#{id}")).ok().flatten()
}

fn shows_error(form: &HtmlFormElement, field: Field) -> bool {
    by_id(form, &field.error_id()).is_some_and(|e| !e.has_attribute("hidden"))
}

/// Shows or clears the message of one field and marks its inputs.
fn show_field(form: &HtmlFormElement, field: Field, message: Option<String>) {
    let Some(slot) = by_id(form, &field.error_id()) else {
        return;
    };
    let invalid = message.is_some();
    slot.set_text_content(message.as_deref());
    let _ = if invalid { slot.remove_attribute("hidden") } else { slot.set_attribute("hidden", "") };

    let selector = format!("[data-field=\"{}\"]", field.name());
    if let Some(container) = form.query_selector(&selector).ok().flatten() {
        let classes = container.class_list();
        let _ = if invalid { classes.add_1("field--invalid") } else { classes.remove_1("field--invalid") };
        if container.tag_name().eq_ignore_ascii_case("fieldset") {
            set_invalid(&container, invalid);
        }
    }
    if let Ok(inputs) = form.query_selector_all(&format!("[name=\"{}\"]", field.name())) {
        for i in 0..inputs.length() {
            if let Some(input) = inputs.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                if input.get_attribute("type").as_deref() != Some("hidden") {
                    set_invalid(&input, invalid);
                }
            }
        }
    }
}

fn set_invalid(element: &Element, invalid: bool) {
    let _ =
        if invalid { element.set_attribute("aria-invalid", "true") } else { element.remove_attribute("aria-invalid") };
}

/// Shows every error in its field and in the summary at the top, and clears the rest.
pub(super) fn show_all(form: &HtmlFormElement, errors: &FieldErrors, lang: Lang) {
    let texts = lang.texts();
    for field in Field::ALL {
        show_field(form, field, errors.get(field).map(|p| (texts.problem)(field, p)));
    }
    let Some(summary) = by_id(form, "error-summary") else {
        return;
    };
    let Some(list) = summary.query_selector("ul").ok().flatten() else {
        return;
    };
    list.set_inner_html("");
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for error in errors.iter() {
        let (Ok(item), Ok(link)) = (document.create_element("li"), document.create_element("a")) else {
            continue;
        };
        let _ = link.set_attribute("href", &format!("#field-{}", error.field.name()));
        link.set_text_content(Some(&(texts.problem)(error.field, error.problem.clone())));
        let _ = item.append_child(&link);
        let _ = list.append_child(&item);
    }
    let _ = if errors.is_empty() { summary.set_attribute("hidden", "") } else { summary.remove_attribute("hidden") };
}

pub(super) fn focus_summary(form: &HtmlFormElement) {
    if let Some(summary) = by_id(form, "error-summary").and_then(|s| s.dyn_into::<HtmlElement>().ok()) {
        let _ = summary.focus();
    }
}

/// Marks the form as being sent, so that the submit handler cancels a second send (a double
/// click). The server counts a repeated post as one complaint anyway; this saves the request.
fn mark_submitting(form: &HtmlFormElement) {
    if form.get_attribute("data-submitting").is_some() {
        return;
    }
    let _ = form.set_attribute("data-submitting", "");
    if let Ok(Some(button)) = form.query_selector("button[type=submit]") {
        let _ = button.set_attribute("aria-disabled", "true");
    }
}

/// Shows only the fields of the chosen kind of applicant.
pub(super) fn toggle_applicant_fields(form: &HtmlFormElement) {
    let chosen = form_pairs(form)
        .into_iter()
        .find(|(name, _)| name == "applicant_kind")
        .map(|(_, value)| value)
        .unwrap_or_default();
    if let Ok(groups) = form.query_selector_all("[data-applicant]") {
        for i in 0..groups.length() {
            if let Some(group) = groups.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let shown =
                    group.get_attribute("data-applicant").as_deref() == Some(chosen.as_str()) || chosen.is_empty();
                let _ = if shown { group.remove_attribute("hidden") } else { group.set_attribute("hidden", "") };
            }
        }
    }
}

/// Shows the "other ground" text only while the ground "other" is ticked, or while it has text.
pub(super) fn toggle_other_ground(form: &HtmlFormElement) {
    let pairs = form_pairs(form);
    let ticked = pairs.iter().any(|(name, value)| name == "grounds" && value == "other");
    let has_text = pairs.iter().any(|(name, value)| name == "ground_other" && !value.trim().is_empty());
    let selector = format!("[data-field=\"{}\"]", Field::GroundOther.name());
    if let Ok(Some(container)) = form.query_selector(&selector) {
        let _ = if ticked || has_text { container.remove_attribute("hidden") } else { container.set_attribute("hidden", "") };
    }
}

/// Reports the body height to the parent page now and on every change.
pub fn report_height(parent_origin: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(body) = window.document().and_then(|d| d.body()) else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let origin = parent_origin.to_string();
    let measured = body.clone();
    let post = move || {
        let height = measured.get_bounding_client_rect().height().ceil();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"appello:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, &origin);
    };
    post();
    let on_resize = Closure::<dyn Fn()>::new(post);
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    on_resize.forget();
}
