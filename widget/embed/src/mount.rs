//! Finding the embed script tags and inserting one widget iframe per tag.

use js_sys::JsString;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{console, Document, Element, HtmlElement, UrlSearchParams};

use crate::config::{self, Config, OPTIONS};
use crate::js::{self, Text};
use crate::resize;

/// Marks an iframe whose height comes from `data-height` and ignores resize messages.
pub const FIXED_HEIGHT_ATTRIBUTE: &str = "data-appello-fixed-height";
/// Marks a handled script tag, so a later loader run skips it. The selector below repeats the name.
const MOUNTED_ATTRIBUTE: &str = "data-appello-mounted";
const UNMOUNTED_SCRIPTS: &str = "script[data-key]:not([data-appello-mounted])";
/// Height in CSS pixels until the widget reports its own.
const INITIAL_HEIGHT: &str = "640";

/// Mounts a widget for every embed script tag on the page that no loader run has handled yet.
pub fn mount_all(document: &Document) {
    let Some(host_origin) = document.location().map(|location| js::origin(&location)) else {
        return;
    };
    // querySelectorAll returns a static NodeList, so marking tags while iterating is safe.
    let Ok(scripts) = document.query_selector_all(UNMOUNTED_SCRIPTS) else {
        return;
    };
    for index in 0..scripts.length() {
        // The selector matches only <script> elements.
        if let Some(script) = scripts.get(index) {
            mount(document, script.unchecked_ref(), &host_origin);
        }
    }
}

fn mount(document: &Document, script: &Element, host_origin: &JsString) {
    let Some(widget_origin) = widget_origin(script) else {
        return;
    };
    js::set_attribute(script, MOUNTED_ATTRIBUTE, &JsValue::from_str(""));

    let parsed = match config::parse(|name| js::attribute(script, name)) {
        Ok(parsed) => parsed,
        Err(message) => {
            console::error_1(&message);
            return;
        }
    };
    if let Some(warning) = parsed.warning {
        console::warn_1(&warning);
    }

    let Some(iframe) = create_iframe(document, &widget_origin, host_origin, &parsed.config) else {
        return;
    };
    insert(document, script, &iframe, &parsed.config.key);
}

/// Returns the origin of the script URL when its path ends with `/embed.js`, or `None` for any
/// other script.
fn widget_origin(script: &Element) -> Option<JsString> {
    let url = js::parse_url(&js::script_src(script))?;
    if !js::matches(&js::url_pathname(&url), "^.*/embed\\.js$") {
        return None;
    }
    let origin = js::origin(&url);
    // Opaque origins (data:, blob:) serialize as "null" and cannot host the widget.
    (!js::equals(&origin, "null")).then_some(origin)
}

fn create_iframe(
    document: &Document,
    widget_origin: &JsString,
    host_origin: &JsString,
    config: &Config,
) -> Option<HtmlElement> {
    let iframe: HtmlElement = document.create_element("iframe").ok()?.unchecked_into();
    let (lang, title) = if config.is_english() {
        ("en", "Complaint form (Appello)")
    } else {
        ("ru", "Форма подачи жалобы (Appello)")
    };
    for (name, value) in
        [("class", "appello-widget"), ("title", title), ("lang", lang), ("referrerpolicy", "strict-origin")]
    {
        js::set_attribute(&iframe, name, &JsValue::from_str(value));
    }
    js::set_attribute(&iframe, "data-appello-key", &config.key);

    // CSSOM writes are allowed under a CSP without 'unsafe-inline', unlike a `style` attribute.
    let style = iframe.style();
    for (property, value) in [("width", "100%"), ("border", "0"), ("display", "block"), ("min-width", "280px")] {
        js::set_property(&style, property, &JsValue::from_str(value));
    }
    let height = match config.fixed_height() {
        Some(height) => {
            js::set_attribute(&iframe, FIXED_HEIGHT_ATTRIBUTE, &JsValue::from_str(""));
            height.clone()
        }
        None => JsString::from(INITIAL_HEIGHT),
    };
    resize::set_height(&iframe, &height);

    let src = widget_src(widget_origin, host_origin, lang, config)?;
    js::set_attribute(&iframe, "src", &src);
    Some(iframe)
}

/// Builds `{widget_origin}/w/{key}?lang=..&origin=..` plus the optional settings that are set.
fn widget_src(widget_origin: &JsString, host_origin: &JsString, lang: &str, config: &Config) -> Option<JsString> {
    let query = UrlSearchParams::new().ok()?;
    js::append(&query, "lang", &JsString::from(lang));
    js::append(&query, "origin", host_origin);
    for (rule, value) in OPTIONS.iter().zip(&config.options) {
        if let (Some(name), Some(value)) = (rule.query_name, value) {
            js::append(&query, name, value);
        }
    }

    // The key contains only [A-Za-z0-9_-], so it needs no escaping in the path.
    let src = Text::new("")
        .js(widget_origin)
        .str("/w/")
        .js(&config.key)
        .str("?")
        // JS concatenation serializes the URLSearchParams through its toString().
        .js(&query)
        .finish();
    Some(src)
}

fn insert(document: &Document, script: &Element, iframe: &HtmlElement, key: &JsString) {
    let Some(body) = document.body() else {
        let message = Text::new("Appello embed: the widget for data-key=\"")
            .js(key)
            .str("\" was not added because the page has no <body> element to insert it into.")
            .finish();
        console::error_1(&message);
        return;
    };
    let (anchor, position) =
        if body.contains(Some(script)) { (script, "afterend") } else { (body.as_ref(), "beforeend") };
    let _ = anchor.insert_adjacent_element(position, iframe);
}
