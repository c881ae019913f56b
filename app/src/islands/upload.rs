//! Sending the complaint form with its files from the browser. The chosen files are checked
//! (count, sizes, total and type) before anything is uploaded, and the form is then sent
//! with `XMLHttpRequest`, which reports upload progress, unlike `fetch`. The response page
//! replaces the form: the form again with its messages, or the receipt. Without
//! WebAssembly the form posts as plain multipart and the server runs the same checks.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CustomEvent, Document, DomParser, Element, File, FormData, HtmlElement, HtmlFormElement, HtmlInputElement,
    ProgressEvent, SupportedType, XmlHttpRequest,
};

use super::dom::{focus_summary, show_all, toggle_applicant_fields, toggle_other_ground};
use crate::domain::files::{check_sizes, FileKind};
use crate::domain::{Field, FieldErrors, Problem};
use crate::i18n::Lang;

/// How many first bytes of a file are read to recognize its type; the longest magic
/// number, PNG's, has 8.
const SNIFF_BYTES: i32 = 16;

/// The DOM event dispatched on `document` once a receipt is on screen.
const RECEIPT_EVENT: &str = "appello:receipt";

fn file_input(form: &HtmlFormElement) -> Option<HtmlInputElement> {
    let element = form.query_selector("input[type=file][name=files]").ok().flatten()?;
    element.dyn_into::<HtmlInputElement>().ok()
}

fn chosen_files(form: &HtmlFormElement) -> Vec<File> {
    let Some(list) = file_input(form).and_then(|input| input.files()) else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// Adds the problem of the chosen files' count, sizes or total to `errors`. Their type needs
/// their content, which [`send_with_files`] reads before it sends.
pub fn check_files(form: &HtmlFormElement, errors: &mut FieldErrors) {
    let files: Vec<(String, u64)> = chosen_files(form).iter().map(|f| (f.name(), f.size() as u64)).collect();
    if let Err(problem) = check_sizes(files.iter().map(|(name, size)| (name.as_str(), *size)), 0) {
        errors.push(Field::Files, problem);
    }
}

/// Sends a valid form that has files chosen: checks the files' types, then uploads the form
/// with a progress bar. Returns `false`, leaving the browser to post the form, when no file
/// is chosen.
pub fn send_with_files(form: &HtmlFormElement, lang: Lang) -> bool {
    let files = chosen_files(form);
    if files.is_empty() {
        return false;
    }
    clear_upload_messages(form);

    let heads = js_sys::Array::new();
    for file in &files {
        match file.slice_with_i32_and_i32(0, SNIFF_BYTES) {
            Ok(head) => heads.push(&head.array_buffer()),
            Err(_) => return false,
        };
    }
    let names: Vec<String> = files.iter().map(File::name).collect();
    let checked_form = form.clone();
    let on_heads: Closure<dyn FnMut(JsValue)> = Closure::once(move |buffers: JsValue| {
        let buffers = js_sys::Array::from(&buffers);
        let wrong = names.iter().enumerate().find(|(i, _)| {
            let head = js_sys::Uint8Array::new(&buffers.get(*i as u32)).to_vec();
            FileKind::sniff(&head).is_none()
        });
        match wrong {
            Some((_, name)) => {
                let mut errors = FieldErrors::new();
                errors.push(Field::Files, Problem::FileTypeNotAllowed { name: name.clone() });
                show_all(&checked_form, &errors, lang);
                focus_summary(&checked_form);
                release(&checked_form);
            }
            None => upload(&checked_form, lang),
        }
    });
    // A file that cannot be read here is sent anyway; the server checks its type.
    let unread_form = form.clone();
    let on_unread: Closure<dyn FnMut(JsValue)> = Closure::once(move |_: JsValue| upload(&unread_form, lang));
    let _ = js_sys::Promise::all(&heads).then2(&on_heads, &on_unread);
    on_heads.forget();
    on_unread.forget();
    true
}

/// Uploads the form with a progress bar and puts the response on screen.
fn upload(form: &HtmlFormElement, lang: Lang) {
    let texts = lang.texts();
    let (Ok(data), Ok(request)) = (FormData::new_with_form(form), XmlHttpRequest::new()) else {
        // Without the request object the browser posts the form itself.
        let _ = form.submit();
        return;
    };
    if request.open_with_async("POST", &form.action(), true).is_err() {
        let _ = form.submit();
        return;
    }
    let progress = show_progress(form, texts.form.sending);

    if let (Ok(target), Some((bar, percent))) = (request.upload(), progress) {
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            if !event.length_computable() || event.total() <= 0.0 {
                return;
            }
            let share = (event.loaded() / event.total() * 100.0).floor().clamp(0.0, 100.0);
            let _ = bar.set_attribute("value", &share.to_string());
            percent.set_text_content(Some(&format!("{share} %")));
        });
        target.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }

    let loaded_form = form.clone();
    let loaded_request = request.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let status = loaded_request.status().unwrap_or(0);
        let text = loaded_request.response_text().ok().flatten().unwrap_or_default();
        show_answer(&loaded_form, status, &text, lang);
    });
    request.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();

    let failed_form = form.clone();
    let on_failure = Closure::<dyn FnMut()>::new(move || fail(&failed_form, texts.form.send_failed_network));
    request.set_onerror(Some(on_failure.as_ref().unchecked_ref()));
    request.set_onabort(Some(on_failure.as_ref().unchecked_ref()));
    request.set_ontimeout(Some(on_failure.as_ref().unchecked_ref()));
    on_failure.forget();

    if request.send_with_opt_form_data(Some(&data)).is_err() {
        fail(form, texts.form.send_failed_network);
    }
}

/// Puts the server's response on screen: the receipt in place of the page's content, the
/// rejected form with its messages in place of this form, or a message for anything else.
fn show_answer(form: &HtmlFormElement, status: u16, html: &str, lang: Lang) {
    let parsed = DomParser::new().and_then(|parser| parser.parse_from_string(html, SupportedType::TextHtml)).ok();
    let Some(page) = parsed else {
        fail_with_status(form, status, lang);
        return;
    };
    if page.query_selector("[data-receipt], .receipt").ok().flatten().is_some() {
        show_receipt(form, &page);
    } else if let Some(answered) = page.query_selector("form.complaint-form").ok().flatten() {
        form.set_inner_html(&answered.inner_html());
        release(form);
        // The new content carries a fresh proof-of-work challenge, which the search started
        // on page load does not solve.
        super::pow::start(form);
        toggle_applicant_fields(form);
        toggle_other_ground(form);
        focus_summary(form);
    } else {
        fail_with_status(form, status, lang);
    }
}

fn show_receipt(form: &HtmlFormElement, page: &Document) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(current), Some(answered)) =
        (form.closest("main").ok().flatten(), page.query_selector("main").ok().flatten())
    else {
        return;
    };
    current.set_inner_html(&answered.inner_html());
    document.set_title(&page.title());
    if let Some(heading) = document.get_element_by_id("receipt-title").and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = heading.focus();
    }
    if let Ok(event) = CustomEvent::new(RECEIPT_EVENT) {
        let _ = document.dispatch_event(&event);
    }
}

fn fail_with_status(form: &HtmlFormElement, status: u16, lang: Lang) {
    let message = match status {
        0 => lang.texts().form.send_failed_network.to_string(),
        status => (lang.texts().form.send_failed_status)(status),
    };
    fail(form, &message);
}

/// Shows `message` above the send button and lets the form be sent again.
fn fail(form: &HtmlFormElement, message: &str) {
    clear_upload_messages(form);
    if let Some(error) = create(form, "p") {
        let _ = error.set_attribute("class", "form-error");
        let _ = error.set_attribute("role", "alert");
        let _ = error.set_attribute("data-upload", "error");
        error.set_text_content(Some(message));
        insert_before_actions(form, &error);
    }
    release(form);
}

/// Inserts the progress bar and its percentage, which a live region announces, above the
/// send button. Returns the bar and the percentage's element.
fn show_progress(form: &HtmlFormElement, label: &str) -> Option<(Element, Element)> {
    let block = create(form, "div")?;
    let _ = block.set_attribute("class", "upload-progress");
    let _ = block.set_attribute("data-upload", "progress");
    let caption = create(form, "label")?;
    let _ = caption.set_attribute("for", "upload-progress");
    caption.set_text_content(Some(label));
    let bar = create(form, "progress")?;
    let _ = bar.set_attribute("id", "upload-progress");
    let _ = bar.set_attribute("max", "100");
    let _ = bar.set_attribute("value", "0");
    let percent = create(form, "span")?;
    let _ = percent.set_attribute("aria-live", "polite");
    percent.set_text_content(Some("0 %"));
    for child in [&caption, &bar, &percent] {
        let _ = block.append_child(child);
    }
    insert_before_actions(form, &block);
    Some((bar, percent))
}

fn create(form: &HtmlFormElement, tag: &str) -> Option<Element> {
    form.owner_document()?.create_element(tag).ok()
}

fn insert_before_actions(form: &HtmlFormElement, element: &Element) {
    match form.query_selector(".actions").ok().flatten() {
        Some(actions) => {
            let before: &web_sys::Node = &actions;
            let _ = form.insert_before(element, Some(before));
        }
        None => {
            let _ = form.append_child(element);
        }
    }
}

fn clear_upload_messages(form: &HtmlFormElement) {
    if let Ok(shown) = form.query_selector_all("[data-upload]") {
        for i in 0..shown.length() {
            if let Some(element) = shown.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                element.remove();
            }
        }
    }
}

/// Lets the form be sent again, as the page does after the back button.
fn release(form: &HtmlFormElement) {
    let _ = form.remove_attribute("data-submitting");
    if let Ok(Some(button)) = form.query_selector("button[type=submit]") {
        let _ = button.remove_attribute("aria-disabled");
    }
}
