//! The script that starts the islands, written here instead of using Leptos's
//! `HydrationScripts` because that component also emits `<link rel="preload">` for the JS and
//! the wasm. A browser with JavaScript off still follows those links, so every page cost a
//! reader without JavaScript the whole hydration bundle (about 126 KB gzip) that it never runs.
//! This script fetches both files only when it runs, on the first idle moment after load,
//! which is when Leptos's own islands script would start them anyway.

use leptos::prelude::*;

/// JavaScript that loads the hydration bundle and hydrates every `<leptos-island>` of the page, in document
/// order. A `<leptos-children>` element carries the callback of its island (`$$on_hydrate`),
/// which must run before an island nested inside those children is hydrated.
const ISLANDS_SCRIPT: &str = r#"((js, wasm) => {
  const start = async () => {
    const bundle = await import(js);
    await bundle.default({ module_or_path: wasm });
    bundle.hydrate();
    const enclosing = [];
    const visit = async (element) => {
      const tag = element.tagName.toLowerCase();
      if (tag === "leptos-island") {
        const outer = enclosing[enclosing.length - 1];
        if (outer) outer();
        const island = bundle[element.dataset.component];
        if (island) await island(element);
        else console.warn(`Appello: no wasm function for island ${element.dataset.component}`);
      }
      if (tag === "leptos-children") enclosing.push(element.$$on_hydrate);
      for (const child of element.children) await visit(child);
      if (tag === "leptos-children") enclosing.pop();
    };
    await visit(document.body);
  };
  // Without a timeout the callback may never run in a cross-site iframe, which Chromium
  // renders in its own process and may give no idle period.
  if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 1000 });
  else start();
})"#;

/// Renders the `<script type="module">` that starts the islands. It belongs in `<head>`.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // Islands are hydrated by the script, not by the server render's hydration pass.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }

    let pkg = format!("/{}", options.site_pkg_dir);
    let name = options.output_name.to_string();
    // cargo-leptos sets LEPTOS_OUTPUT_NAME when it builds the server, and then names the wasm
    // like the JS; a plain `cargo build` leaves wasm-bindgen's `_bg` suffix.
    let wasm_suffix = if option_env!("LEPTOS_OUTPUT_NAME").is_some() { "" } else { "_bg" };
    let js = format!("{pkg}/{name}.js");
    let wasm = format!("{pkg}/{name}{wasm_suffix}.wasm");
    let arguments = serde_json::to_string(&(js, wasm)).unwrap_or_default();
    let call = format!("{ISLANDS_SCRIPT}(...{arguments});");
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{call}</script> }
}
