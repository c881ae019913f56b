//! `/embed.js` and its WebAssembly module, built or missing.

use std::path::Path;

use reqwest::StatusCode;

use crate::database::target_folder;
use crate::helpers::{spawn_app, spawn_app_with, Backend, Embed, TestApp};

/// Checks that `/embed.js` is a script that starts the loader, and that the module it
/// names is served with the bytes of `wasm`.
async fn assert_loader_served(app: &TestApp, wasm: &[u8]) {
    let script = app.get("/embed.js").await;
    assert_eq!(script.status, StatusCode::OK, "/embed.js status");
    let content_type = script.header("content-type").unwrap_or_default();
    assert!(content_type.starts_with("text/javascript"), "/embed.js content type {content_type:?}");
    assert_eq!(script.header("access-control-allow-origin"), Some("*"), "agency pages on any origin load the script");
    assert!(
        script.body.contains("appelloEmbed({module_or_path"),
        "the script should start the loader:\n{}",
        script.body
    );

    let start = script.body.find("/embed/embed_bg.wasm?v=").expect("the script names its module");
    let wasm_path: String = script.body[start..].chars().take_while(|c| *c != '"').collect();
    let module = app.client.get(app.url(&wasm_path)).send().await.expect("GET the module");
    assert_eq!(module.status(), StatusCode::OK, "{wasm_path} status");
    let content_type =
        module.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(content_type, "application/wasm", "{wasm_path} content type");
    let bytes = module.bytes().await.expect("the module's bytes");
    assert!(
        bytes.as_ref() == wasm,
        "{wasm_path} should serve the module file ({} bytes, got {})",
        wasm.len(),
        bytes.len()
    );
}

async fn missing_loader_unavailable(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in ["/embed.js", "/embed/embed_bg.wasm"] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{path} without a built loader");
    }
}

async fn loader_served_from_folder(backend: Backend) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let glue = "let appelloEmbed = function (options) { return Promise.resolve(options); };\n";
    let wasm = b"\0asm\x01\0\0\0";
    std::fs::write(folder.path().join("embed.js"), glue).expect("write embed.js");
    std::fs::write(folder.path().join("embed_bg.wasm"), wasm).expect("write embed_bg.wasm");

    let app = spawn_app_with(backend, Embed::Folder(folder.path())).await;
    assert_loader_served(&app, wasm).await;
    assert!(app.get("/embed.js").await.body.contains(glue.trim()), "the glue is served inside the wrapper");
}

async fn built_loader_served(backend: Backend) {
    let folder = target_folder().join("site").join("embed");
    let wasm_file = folder.join("embed_bg.wasm");
    if !folder.join("embed.js").exists() || !wasm_file.exists() {
        // NOTE: this test checks nothing until `make build` has produced target/site/embed.
        eprintln!("skipped: no built loader in {}; run `make build` first", folder.display());
        return;
    }
    let wasm = std::fs::read(&wasm_file).expect("read the built module");
    assert!(wasm.starts_with(b"\0asm"), "{} is not WebAssembly", wasm_file.display());

    let app = spawn_app_with(backend, Embed::Folder(Path::new(&folder))).await;
    assert_loader_served(&app, &wasm).await;
}

on_both_backends!(missing_loader_unavailable, loader_served_from_folder, built_loader_served);
