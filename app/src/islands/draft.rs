//! Draft autosave of the complaint form in the browser's `localStorage`, so that a reload or a
//! closed tab does not lose what the citizen typed. A draft contains the text fields, choices and
//! checkboxes of the complaint only: never files, hidden fields (the form token, the proof of
//! work) or the honeypot. Where storage is missing or throws (third-party storage blocked in a
//! frame, some private modes), autosave is off and the form works as before.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, Storage,
    UrlSearchParams, Window,
};

use crate::domain::Field;
use crate::i18n::Lang;

const KEY_PREFIX: &str = "appello:draft:";
/// Drafts older than this are deleted unread: 7 days in milliseconds.
const MAX_AGE_MS: f64 = 7.0 * 24.0 * 60.0 * 60.0 * 1000.0;
/// The pause after the last keystroke before the draft is written, in milliseconds.
const SAVE_DELAY_MS: i32 = 500;
/// The DOM event that the page dispatches on `document` when it shows a receipt without a
/// page load (after an upload with progress).
const RECEIPT_EVENT: &str = "appello:receipt";

/// One saved draft.
#[derive(Serialize, Deserialize)]
struct Draft {
    /// When the draft was written, in milliseconds since the Unix epoch.
    saved_at: f64,
    /// `(name, value)` pairs in form order; a checkbox or radio button appears when checked.
    values: Vec<(String, String)>,
}

/// Keeps a draft of `form`, a complaint form marked with `data-draft`: restores it into an untouched form,
/// writes it after each change and deletes it once a receipt is shown.
pub fn attach(form: &HtmlFormElement, lang: Lang) {
    let Some(state) = form.get_attribute("data-draft") else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Some(storage), Some(key)) = (local_storage(&window), draft_key(&window)) else {
        return;
    };
    let autosave = Rc::new(Autosave {
        window: window.clone(),
        form: form.clone(),
        storage,
        key,
        timer: Cell::new(None),
        stopped: Cell::new(false),
        clearing: Cell::new(false),
        save_callback: RefCell::new(None),
    });

    // A form sent back by the server with errors shows the posted values, which are newer
    // than any draft.
    if state == "fresh" && is_untouched(form) {
        if let Some(draft) = autosave.read().filter(|draft| draft.values != collect(form)) {
            fill(form, &draft.values);
            show_notice(&autosave, lang);
        }
    }

    let weak = Rc::downgrade(&autosave);
    let save = Closure::<dyn Fn()>::new(move || {
        if let Some(autosave) = weak.upgrade() {
            autosave.save_now();
        }
    });
    *autosave.save_callback.borrow_mut() = Some(save);

    for event_name in ["input", "change"] {
        let target = autosave.clone();
        let on_edit = Closure::<dyn Fn(Event)>::new(move |event: Event| {
            if target.clearing.get() {
                return;
            }
            let edited = event.target().and_then(|t| t.dyn_into::<Element>().ok());
            if edited.is_some_and(|element| is_saved_control(&element)) {
                target.schedule();
            }
        });
        let _ = form.add_event_listener_with_callback(event_name, on_edit.as_ref().unchecked_ref());
        on_edit.forget();
    }

    // A reload or a submit right after typing must not lose the last keystrokes.
    let target = autosave.clone();
    let on_pagehide = Closure::<dyn Fn(Event)>::new(move |_: Event| target.flush());
    let _ = window.add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
    on_pagehide.forget();

    let target = autosave.clone();
    let on_receipt = Closure::<dyn Fn(Event)>::new(move |_: Event| target.forget());
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback(RECEIPT_EVENT, on_receipt.as_ref().unchecked_ref());
    }
    on_receipt.forget();
}

/// Deletes the draft of this page when the server rendered a receipt, that is, when the
/// complaint was filed. Runs on every page load.
pub fn forget_after_receipt() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let receipt = window.document().and_then(|d| d.query_selector("[data-receipt]").ok().flatten());
    if receipt.is_none() {
        return;
    }
    if let (Some(storage), Some(key)) = (local_storage(&window), draft_key(&window)) {
        let _ = storage.remove_item(&key);
    }
}

/// The draft storage and its state for one form.
struct Autosave {
    window: Window,
    form: HtmlFormElement,
    storage: Storage,
    key: String,
    /// The pending write, if any.
    timer: Cell<Option<i32>>,
    /// Set once the complaint is filed, so that nothing is written again.
    stopped: Cell<bool>,
    /// Set while the form is being cleared, so that its `change` events write no draft.
    clearing: Cell<bool>,
    save_callback: RefCell<Option<Closure<dyn Fn()>>>,
}

impl Autosave {
    /// Reads the stored draft, deleting it when it is expired or unreadable.
    fn read(&self) -> Option<Draft> {
        let text = self.storage.get_item(&self.key).ok().flatten()?;
        match serde_json::from_str::<Draft>(&text) {
            Ok(draft) if js_sys::Date::now() - draft.saved_at <= MAX_AGE_MS => Some(draft),
            _ => {
                let _ = self.storage.remove_item(&self.key);
                None
            }
        }
    }

    /// Writes the draft after a pause, restarting the pause on each change.
    fn schedule(&self) {
        if self.stopped.get() {
            return;
        }
        if let Some(timer) = self.timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
        let callback = self.save_callback.borrow();
        let Some(callback) = callback.as_ref() else {
            return;
        };
        let handle = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), SAVE_DELAY_MS);
        self.timer.set(handle.ok());
    }

    /// Writes a pending draft at once.
    fn flush(&self) {
        if self.timer.get().is_some() {
            self.save_now();
        }
    }

    fn save_now(&self) {
        if let Some(timer) = self.timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
        if self.stopped.get() {
            return;
        }
        let draft = Draft { saved_at: js_sys::Date::now(), values: collect(&self.form) };
        if let Ok(text) = serde_json::to_string(&draft) {
            // A full storage throws; the draft is then not kept, and nothing else changes.
            let _ = self.storage.set_item(&self.key, &text);
        }
    }

    /// Deletes the draft and stops writing it.
    fn forget(&self) {
        self.stopped.set(true);
        if let Some(timer) = self.timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
        let _ = self.storage.remove_item(&self.key);
    }

    /// Deletes the draft and empties the form; later changes are saved again.
    fn clear(&self) {
        if let Some(timer) = self.timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
        let _ = self.storage.remove_item(&self.key);
        self.clearing.set(true);
        self.form.reset();
        announce_changes(&self.form);
        self.clearing.set(false);
    }
}

/// Returns the page's `localStorage`, or `None` where the browser has none or denies access.
fn local_storage(window: &Window) -> Option<Storage> {
    let storage = window.local_storage().ok().flatten()?;
    // Some browsers hand out the object and throw only on use.
    storage.length().ok()?;
    Some(storage)
}

/// Builds the storage key of this page's draft from its path, which names the widget key or
/// the body, and the widget's `org` parameter. The language is left out, so that a draft
/// survives a switch of language.
fn draft_key(window: &Window) -> Option<String> {
    let location = window.location();
    let path = location.pathname().ok()?;
    let org = UrlSearchParams::new_with_str(&location.search().ok()?).ok()?.get("org");
    Some(match org {
        Some(org) => format!("{KEY_PREFIX}{path}?org={org}"),
        None => format!("{KEY_PREFIX}{path}"),
    })
}

/// Returns whether `element` is a control whose value a draft keeps: a named field of the
/// complaint that is not a file, a hidden field or the honeypot.
fn is_saved_control(element: &Element) -> bool {
    let Some(field) = element.get_attribute("name").and_then(|name| Field::from_name(&name)) else {
        return false;
    };
    if field == Field::Website {
        return false;
    }
    let kind = element.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
    !matches!(kind.as_str(), "hidden" | "file" | "password" | "submit" | "button")
}

fn saved_controls(form: &HtmlFormElement) -> Vec<Element> {
    let Ok(nodes) = form.query_selector_all("input, textarea, select") else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i).and_then(|node| node.dyn_into::<Element>().ok()))
        .filter(is_saved_control)
        .collect()
}

fn is_choice(input: &HtmlInputElement) -> bool {
    matches!(input.type_().as_str(), "checkbox" | "radio")
}

fn collect(form: &HtmlFormElement) -> Vec<(String, String)> {
    let mut values = Vec::new();
    for control in saved_controls(form) {
        let name = control.get_attribute("name").unwrap_or_default();
        if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
            if !is_choice(input) || input.checked() {
                values.push((name, input.value()));
            }
        } else if let Some(textarea) = control.dyn_ref::<HtmlTextAreaElement>() {
            values.push((name, textarea.value()));
        } else if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
            values.push((name, select.value()));
        }
    }
    values
}

/// Returns whether every saved control still has the value the server rendered, so that a
/// draft overwrites nothing that the citizen or the browser entered.
fn is_untouched(form: &HtmlFormElement) -> bool {
    saved_controls(form).iter().all(|control| {
        if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
            if is_choice(input) {
                input.checked() == input.default_checked()
            } else {
                input.value() == input.default_value()
            }
        } else if let Some(textarea) = control.dyn_ref::<HtmlTextAreaElement>() {
            textarea.default_value().is_ok_and(|rendered| rendered == textarea.value())
        } else if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
            let rendered = select
                .query_selector("option[selected]")
                .ok()
                .flatten()
                .or_else(|| select.query_selector("option").ok().flatten())
                .and_then(|option| option.get_attribute("value"))
                .unwrap_or_default();
            select.value() == rendered
        } else {
            true
        }
    })
}

/// Puts the draft's values into the form. A radio group missing from the draft keeps its
/// choice, and a checkbox missing from it is cleared.
fn fill(form: &HtmlFormElement, values: &[(String, String)]) {
    let saved = |name: &str| values.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    for control in saved_controls(form) {
        let name = control.get_attribute("name").unwrap_or_default();
        if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
            let value = input.value();
            match input.type_().as_str() {
                "checkbox" => input.set_checked(values.iter().any(|(n, v)| *n == name && *v == value)),
                "radio" if saved(&name).is_some() => input.set_checked(saved(&name) == Some(value)),
                "radio" => {}
                _ => {
                    if let Some(text) = saved(&name) {
                        input.set_value(&text);
                    }
                }
            }
        } else if let Some(textarea) = control.dyn_ref::<HtmlTextAreaElement>() {
            if let Some(text) = saved(&name) {
                textarea.set_value(&text);
            }
        } else if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
            if let Some(text) = saved(&name) {
                select.set_value(&text);
            }
        }
    }
    announce_changes(form);
}

/// Sends a `change` event from each saved control, so that the form's own scripts (which
/// show the fields of the chosen kind of applicant) catch up with values set from code.
fn announce_changes(form: &HtmlFormElement) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    for control in saved_controls(form) {
        if let Ok(event) = Event::new_with_event_init_dict("change", &init) {
            let _ = control.dispatch_event(&event);
        }
    }
}

/// Shows, above the form, that it was filled in from a draft, with a button that clears both.
fn show_notice(autosave: &Rc<Autosave>, lang: Lang) {
    let texts = crate::i18n::access::texts(lang);
    let Some(document) = autosave.window.document() else {
        return;
    };
    let (Ok(notice), Ok(text), Ok(button)) =
        (document.create_element("div"), document.create_element("p"), document.create_element("button"))
    else {
        return;
    };
    notice.set_class_name("draft-notice");
    let _ = notice.set_attribute("role", "status");
    let _ = notice.set_attribute("tabindex", "-1");
    text.set_text_content(Some(texts.draft_restored));
    let _ = button.set_attribute("type", "button");
    button.set_class_name("button");
    button.set_text_content(Some(texts.draft_clear));
    let _ = notice.append_child(&text);
    let _ = notice.append_child(&button);
    let _ = autosave.form.insert_before(&notice, autosave.form.first_child().as_ref());

    let target = autosave.clone();
    let notice_element = notice.clone();
    let pressed = button.clone();
    let on_clear = Closure::<dyn Fn(Event)>::new(move |_: Event| {
        target.clear();
        text.set_text_content(Some(texts.draft_cleared));
        button.remove();
        // The pressed button is gone; keep the keyboard at the notice that replaced it.
        if let Some(notice) = notice_element.dyn_ref::<HtmlElement>() {
            let _ = notice.focus();
        }
    });
    let _ = pressed.add_event_listener_with_callback("click", on_clear.as_ref().unchecked_ref());
    on_clear.forget();
}
