//! The WebAssembly entry of the portal and widget pages: it hydrates the islands (live
//! validation, draft autosave, height reporting) and deletes the draft of a filed complaint.
//! Pages work without it.

#[allow(unused_imports)]
use app::islands::*;

/// Called by the hydration script that the server puts into every page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    app::islands::forget_after_receipt();
}
