//! The page-wide `message` listener that applies height reports from widget iframes.

use js_sys::{Number, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, HtmlIFrameElement, MessageEvent, Window};

use crate::js::{self, Text};
use crate::mount::FIXED_HEIGHT_ATTRIBUTE;

/// Property on `window` that marks the listener as installed.
const LISTENER_FLAG: &str = "__appelloEmbedResizeListener";
const WIDGET_IFRAMES: &str = "iframe.appello-widget";
/// Clamp for reported heights, in CSS pixels.
const MIN_HEIGHT: f64 = 120.0;
const MAX_HEIGHT: f64 = 10000.0;

/// Installs the `message` listener unless a loader run on this page already did.
///
/// Every copy of embed.js on a page runs its own wasm instance, so the guard lives on `window`,
/// and the listener finds widget iframes through the DOM instead of instance memory.
pub fn install_listener(window: &Window) {
    let flag = JsValue::from_str(LISTENER_FLAG);
    if Reflect::get(window, &flag).is_ok_and(|installed| installed == JsValue::TRUE) {
        return;
    }
    let listener = Closure::<dyn FnMut(Event)>::new(on_message);
    if window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref()).is_ok() {
        let _ = Reflect::set(window, &flag, &JsValue::TRUE);
    }
    // The listener must live as long as the page, so its closure is never freed.
    listener.forget();
}

/// Sets the CSS height of `element` to `pixels`, a number or decimal string of CSS pixels.
pub fn set_height(element: &HtmlElement, pixels: &JsValue) {
    let value = Text::new("").js(pixels).str("px").finish();
    js::set_property(&element.style(), "height", &value);
}

/// Applies `{type: "appello:height", height}` when it comes from a widget iframe's own window
/// and origin. Every other message is ignored without a log, since pages carry unrelated traffic.
fn on_message(event: Event) {
    // The browser dispatches "message" as a `MessageEvent`. On any other event that a page script
    // dispatches under this name, the getters below return `undefined` instead of throwing.
    let event: MessageEvent = event.unchecked_into();
    let Some(source) = event.source() else {
        return;
    };
    let Some(iframe) = find_iframe(&source) else {
        return;
    };
    if js::attribute(&iframe, FIXED_HEIGHT_ATTRIBUTE).is_some() || !origin_matches(&iframe, &event) {
        return;
    }
    if let Some(height) = reported_height(&event.data()) {
        set_height(&iframe, &JsValue::from_f64(height));
    }
}

fn find_iframe(source: &JsValue) -> Option<HtmlIFrameElement> {
    let iframes = js::document()?.query_selector_all(WIDGET_IFRAMES).ok()?;
    (0..iframes.length())
        .filter_map(|index| iframes.get(index))
        // The selector matches only <iframe> elements.
        .map(|node| node.unchecked_into::<HtmlIFrameElement>())
        .find(|iframe| iframe.content_window().is_some_and(|window| JsValue::from(window) == *source))
}

/// Compares the message origin with the origin of the URL the loader put in the iframe's `src`.
fn origin_matches(iframe: &HtmlIFrameElement, event: &MessageEvent) -> bool {
    let widget_origin = js::attribute(iframe, "src").and_then(|src| js::parse_url(&src)).map(|url| js::origin(&url));
    let event_origin = js::origin(event);
    widget_origin.is_some_and(|origin| JsValue::from(origin) == JsValue::from(event_origin))
}

/// Returns the clamped height in whole CSS pixels from a `{type: "appello:height", height}` object.
fn reported_height(data: &JsValue) -> Option<f64> {
    // Reflect.get throws on primitives, which ends up as `Err` here.
    let message_type = Reflect::get(data, &JsValue::from_str("type")).ok()?;
    if !js::equals(&message_type, "appello:height") {
        return None;
    }
    let height = Reflect::get(data, &JsValue::from_str("height")).ok()?;
    // Number.isFinite is false for NaN, infinities and every non-number, and it never converts.
    if !Number::is_finite(&height) {
        return None;
    }
    let height = height.unchecked_into::<Number>().value_of();
    // Rounding up avoids a scrollbar for a fractional content height.
    Some(height.clamp(MIN_HEIGHT, MAX_HEIGHT).ceil())
}
