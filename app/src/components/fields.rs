//! Accessible form fields. Each field has a label, an optional hint and an error slot whose
//! ids are wired with `aria-describedby`, so that both the server-rendered page and the
//! WebAssembly validation show messages in the same place.

use leptos::prelude::*;

use super::layout::use_lang;
use crate::domain::{Field, FieldErrors, Problem};

/// A prefix for the ids of the fields inside one form, provided by a page that shows several
/// forms with the same fields (the desk's action forms, one card per widget key), so that
/// every id stays unique.
#[derive(Clone, Debug)]
pub struct FieldScope(pub String);

fn scoped(kind: &str, field: Field) -> String {
    match use_context::<FieldScope>() {
        Some(FieldScope(scope)) => format!("{kind}-{scope}-{}", field.name()),
        None => format!("{kind}-{}", field.name()),
    }
}

fn input_id(field: Field) -> String {
    scoped("field", field)
}

fn hint_id(field: Field) -> String {
    scoped("hint", field)
}

/// The id of the field's error line; without a scope it is `Field::error_id`, which the
/// browser-side validation looks for.
fn error_id(field: Field) -> String {
    scoped("error", field)
}

fn described_by(field: Field, has_hint: bool) -> String {
    if has_hint {
        format!("{} {}", hint_id(field), error_id(field))
    } else {
        error_id(field)
    }
}

/// The label text with its "required"/"optional" mark. A `conditional` field gets no mark,
/// because its hint says when it is needed.
#[component]
fn LabelText(field: Field, required: bool, #[prop(optional)] conditional: bool) -> impl IntoView {
    let t = use_lang().texts();
    let mark = if required { t.common.required } else { t.common.optional };
    view! {
        {(t.field_label)(field)}
        {(!conditional).then(|| view! { " " <span class="field__mark">"(" {mark} ")"</span> })}
    }
}

/// The error line of a field; present but empty when there is no error, so that the
/// WebAssembly validation can fill it.
#[component]
pub fn FieldError(field: Field, problem: Option<Problem>) -> impl IntoView {
    let t = use_lang().texts();
    let message = problem.map(|p| (t.problem)(field, p)).unwrap_or_default();
    let hidden = message.is_empty();
    view! {
        <p class="field__error" id=error_id(field) hidden=hidden>{message}</p>
    }
}

fn field_class(problem: &Option<Problem>) -> &'static str {
    if problem.is_some() {
        "field field--invalid"
    } else {
        "field"
    }
}

#[component]
pub fn TextField(
    field: Field,
    value: String,
    problem: Option<Problem>,
    #[prop(optional)] required: bool,
    /// Required only in some cases, which the hint names.
    #[prop(optional)]
    conditional: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class=field_class(&problem) data-field=field.name()>
            <label for=input_id(field)><LabelText field required conditional/></label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id(field)>{h}</p> })}
            <input
                type=kind
                id=input_id(field)
                name=field.name()
                value=value
                required=required
                aria-required=required.then_some("true")
                aria-invalid=problem.is_some().then_some("true")
                aria-describedby=described_by(field, hint.is_some())
                autocomplete=autocomplete
            />
            <FieldError field problem=problem.clone()/>
        </div>
    }
}

/// Renders a file input that takes several files. The browser's `accept` only narrows the picker,
/// so the server checks each file's type again from its content.
#[component]
pub fn FileField(field: Field, problem: Option<Problem>, hint: &'static str, accept: &'static str) -> impl IntoView {
    view! {
        <div class=field_class(&problem) data-field=field.name()>
            <label for=input_id(field)><LabelText field required=false conditional=false/></label>
            <p class="field__hint" id=hint_id(field)>{hint}</p>
            <input
                type="file"
                id=input_id(field)
                name=field.name()
                multiple=true
                accept=accept
                aria-invalid=problem.is_some().then_some("true")
                aria-describedby=described_by(field, true)
            />
            <FieldError field problem=problem.clone()/>
        </div>
    }
}

#[component]
pub fn TextAreaField(
    field: Field,
    value: String,
    problem: Option<Problem>,
    #[prop(optional)] required: bool,
    /// Required only in some cases, which the hint names.
    #[prop(optional)]
    conditional: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    view! {
        <div class=field_class(&problem) data-field=field.name()>
            <label for=input_id(field)><LabelText field required conditional/></label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id(field)>{h}</p> })}
            <textarea
                id=input_id(field)
                name=field.name()
                rows=rows
                required=required
                aria-required=required.then_some("true")
                aria-invalid=problem.is_some().then_some("true")
                aria-describedby=described_by(field, hint.is_some())
            >
                {value}
            </textarea>
            <FieldError field problem=problem.clone()/>
        </div>
    }
}

/// A drop-down list of `(value, label)` options.
#[component]
pub fn SelectField(
    field: Field,
    value: String,
    problem: Option<Problem>,
    options: Vec<(String, String)>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(code, label)| {
            let selected = code == value;
            view! { <option value=code selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <div class=field_class(&problem) data-field=field.name()>
            <label for=input_id(field)><LabelText field required/></label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id(field)>{h}</p> })}
            <select
                id=input_id(field)
                name=field.name()
                aria-invalid=problem.is_some().then_some("true")
                aria-describedby=described_by(field, hint.is_some())
            >
                {options}
            </select>
            <FieldError field problem=problem.clone()/>
        </div>
    }
}

/// A group of radio buttons (`multiple = false`) or checkboxes (`multiple = true`).
#[component]
pub fn ChoiceField(
    field: Field,
    selected: Vec<String>,
    problem: Option<Problem>,
    options: Vec<(String, String)>,
    #[prop(optional)] multiple: bool,
    #[prop(optional)] required: bool,
    /// Required only in some cases, which the hint or the context makes clear.
    #[prop(optional)]
    conditional: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let kind = if multiple { "checkbox" } else { "radio" };
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, (code, label))| {
            let id = format!("{}-{i}", input_id(field));
            let checked = selected.contains(&code);
            view! {
                <div class="choice">
                    <input type=kind id=id.clone() name=field.name() value=code checked=checked/>
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset
            class=format!("{} field--group", field_class(&problem))
            id=input_id(field)
            data-field=field.name()
            tabindex="-1"
            aria-invalid=problem.is_some().then_some("true")
            aria-describedby=described_by(field, hint.is_some())
        >
            <legend><LabelText field required conditional/></legend>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id(field)>{h}</p> })}
            {items}
            <FieldError field problem=problem.clone()/>
        </fieldset>
    }
}

/// A single checkbox, such as the consent.
#[component]
pub fn CheckboxField(field: Field, checked: bool, problem: Option<Problem>, label: &'static str) -> impl IntoView {
    view! {
        <div class=field_class(&problem) data-field=field.name()>
            <div class="choice">
                <input
                    type="checkbox"
                    id=input_id(field)
                    name=field.name()
                    value="on"
                    checked=checked
                    required=true
                    aria-required="true"
                    aria-invalid=problem.is_some().then_some("true")
                    aria-describedby=error_id(field)
                />
                <label for=input_id(field)>{label}</label>
            </div>
            <FieldError field problem=problem.clone()/>
        </div>
    }
}

/// The list of a form's errors at its top, each linking to its field. Rendered empty and
/// hidden when there are none, so that the WebAssembly validation can fill it.
#[component]
pub fn ErrorSummary(errors: FieldErrors) -> impl IntoView {
    let t = use_lang().texts();
    let hidden = errors.is_empty();
    let items = errors
        .iter()
        .map(|e| {
            let target = if e.field == crate::domain::Field::Form {
                "#main".to_string()
            } else {
                format!("#{}", input_id(e.field))
            };
            view! { <li><a href=target>{(t.problem)(e.field, e.problem.clone())}</a></li> }
        })
        .collect_view();
    view! {
        // `autofocus` brings a summary rendered by the server into focus without JavaScript.
        <div class="error-summary" id="error-summary" role="alert" tabindex="-1" hidden=hidden autofocus=!hidden>
            <h2 class="error-summary__title">{t.common.error_summary_title}</h2>
            <ul class="error-summary__list">{items}</ul>
        </div>
    }
}
