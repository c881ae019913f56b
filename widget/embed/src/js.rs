//! Bindings that keep strings on the JavaScript side.
//!
//! web-sys returns and takes Rust `String`s, and every copy between JS and wasm memory costs glue
//! and allocator code. The loader only validates, joins and forwards strings, so these variants of
//! web-sys methods work on `JsString` handles instead.

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleDeclaration, Document, Element, UrlSearchParams, Window};

// Each `Str*` type is a view of the JS class in its `js_name`, reached with `unchecked_ref`,
// whose methods take and return JS strings.
#[wasm_bindgen]
extern "C" {
    // Reading the global directly needs less glue and wasm than `web_sys::window()`, which probes
    // `globalThis`, `self`, `window` and `global` for non-browser hosts.
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Option<Window>;

    /// Any object with an `origin` property: `Location`, `URL` or `MessageEvent`.
    type WithOrigin;
    #[wasm_bindgen(method, getter)]
    fn origin(this: &WithOrigin) -> JsString;

    #[wasm_bindgen(js_name = Document)]
    type StrDocument;
    #[wasm_bindgen(method, getter, js_name = readyState)]
    fn ready_state(this: &StrDocument) -> JsString;

    #[wasm_bindgen(js_name = Element)]
    type StrElement;
    #[wasm_bindgen(method, js_name = getAttribute)]
    fn get_attribute(this: &StrElement, name: &str) -> Option<JsString>;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &StrElement, name: &str, value: &JsValue);

    #[wasm_bindgen(js_name = HTMLScriptElement)]
    type StrScript;
    #[wasm_bindgen(method, getter)]
    fn src(this: &StrScript) -> JsString;

    #[wasm_bindgen(js_name = String)]
    type StrString;
    // With a string argument, `search` compiles it as a regular expression, so the loader needs
    // no binding for the `RegExp` constructor.
    #[wasm_bindgen(method)]
    fn search(this: &StrString, pattern: &str) -> i32;

    #[wasm_bindgen(js_name = URL)]
    type StrUrl;
    #[wasm_bindgen(catch, constructor, js_class = "URL")]
    fn new(url: &JsString) -> Result<StrUrl, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn pathname(this: &StrUrl) -> JsString;

    #[wasm_bindgen(js_name = URLSearchParams)]
    type StrSearchParams;
    #[wasm_bindgen(method)]
    fn append(this: &StrSearchParams, name: &str, value: &JsString);

    #[wasm_bindgen(js_name = CSSStyleDeclaration)]
    type StrStyle;
    #[wasm_bindgen(method, js_name = setProperty)]
    fn set_property(this: &StrStyle, name: &str, value: &JsValue);
}

/// Returns `origin` of a `Location`, `URL` or `MessageEvent`.
pub fn origin(object: &JsValue) -> JsString {
    object.unchecked_ref::<WithOrigin>().origin()
}

pub fn ready_state(document: &Document) -> JsString {
    document.unchecked_ref::<StrDocument>().ready_state()
}

pub fn attribute(element: &Element, name: &str) -> Option<JsString> {
    element.unchecked_ref::<StrElement>().get_attribute(name)
}

/// Sets an attribute to a JS string or to a Rust literal passed through `JsValue::from_str`.
pub fn set_attribute(element: &Element, name: &str, value: &JsValue) {
    element.unchecked_ref::<StrElement>().set_attribute(name, value);
}

/// Returns the absolute URL of an `HTMLScriptElement`, resolved against the document base URL.
/// For an SVG `<script>` the value is `undefined`, which `parse_url` rejects.
pub fn script_src(script: &Element) -> JsString {
    script.unchecked_ref::<StrScript>().src()
}

/// Parses an absolute URL, or returns `None` when `url` is not one.
pub fn parse_url(url: &JsString) -> Option<JsValue> {
    StrUrl::new(url).ok().map(Into::into)
}

pub fn url_pathname(url: &JsValue) -> JsString {
    url.unchecked_ref::<StrUrl>().pathname()
}

pub fn append(query: &UrlSearchParams, name: &str, value: &JsString) {
    query.unchecked_ref::<StrSearchParams>().append(name, value);
}

pub fn set_property(style: &CssStyleDeclaration, name: &str, value: &JsValue) {
    style.unchecked_ref::<StrStyle>().set_property(name, value);
}

pub fn window() -> Option<Window> {
    WINDOW.with(Option::clone)
}

pub fn document() -> Option<Document> {
    window()?.document()
}

/// Compares with JS `===`, which avoids copying `value` into wasm memory.
pub fn equals(value: &JsValue, text: &str) -> bool {
    *value == JsValue::from_str(text)
}

pub fn is_empty(text: &JsString) -> bool {
    equals(text, "")
}

/// Returns whether all of `text` matches `pattern`, a JS regular expression source that starts
/// with `^` and ends with `$`.
pub fn matches(text: &JsString, pattern: &str) -> bool {
    text.unchecked_ref::<StrString>().search(pattern) == 0
}

/// A JS string built by concatenation in JS, so its contents are never copied into wasm memory.
pub struct Text(JsString);

impl Text {
    pub fn new(first: &str) -> Self {
        Text(JsString::from(first))
    }

    pub fn str(self, part: &str) -> Self {
        self.js(&JsValue::from_str(part))
    }

    /// Appends `part` converted by JS `String()` rules, so numbers print in decimal.
    pub fn js(self, part: &JsValue) -> Self {
        Text(self.0.concat(part))
    }

    pub fn finish(self) -> JsString {
        self.0
    }
}
