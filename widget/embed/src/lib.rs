//! Appello embed loader: turns each `<script src=".../embed.js" data-key="pk_...">` tag on an
//! agency page into an iframe that shows the complaint form.
//!
//! `/embed.js` is the wasm-bindgen `no-modules` glue of this crate, wrapped by the server so that
//! it fetches `embed_bg.wasm` next to the script's URL; `build.sh` builds both files. All loader
//! logic lives here, so the page gets no hand-written JavaScript.
//!
//! A host page with a Content Security Policy must allow the widget origin in `script-src` (plus
//! `'wasm-unsafe-eval'`), `connect-src` (the glue fetches the wasm) and `frame-src`. Styles are
//! set through the CSSOM, so `style-src` needs nothing.
//!
//! Placement: when the tag is inside `<body>`, the iframe goes right after the tag, so the form
//! appears where the agency pasted the code. A tag in `<head>` cannot show content, so its iframe
//! is appended at the end of `<body>`, after the document has been parsed.
//!
//! Code in this crate handles every `Result` and `Option` instead of unwrapping, so it does not
//! throw into the host page, and it reports problems in the page's markup to the console. A
//! failure to fetch or compile the wasm happens before this code runs and rejects the promise of
//! the server's init call instead.

// dlmalloc, Rust's default wasm allocator, is about 8 KB of this module; the loader makes a
// few dozen small allocations per page, which a free-list allocator serves in far less code.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs this module on one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
mod config;
mod js;
mod mount;
mod resize;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Event;

/// Mounts the widgets on the page and installs the resize listener.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(window) = js::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    resize::install_listener(&window);

    // While the parser runs, later tags and `<body>` may not exist yet.
    if js::equals(&js::ready_state(&document), "loading") {
        let on_loaded = Closure::<dyn FnMut(Event)>::new(|_: Event| {
            if let Some(document) = js::document() {
                mount::mount_all(&document);
            }
        });
        let _ = document.add_event_listener_with_callback("DOMContentLoaded", on_loaded.as_ref().unchecked_ref());
        // The browser fires DOMContentLoaded once, so the leaked closure is small and bounded.
        on_loaded.forget();
    } else {
        mount::mount_all(&document);
    }
}
