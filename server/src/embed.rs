//! `/embed.js`: the loader that agency pages include. It is the JavaScript glue that
//! wasm-bindgen generated for the `embed` crate, wrapped so that it starts itself, plus
//! the WebAssembly module it loads from `/embed/embed_bg.wasm`.

use std::path::Path;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The built loader, read once at start-up.
#[derive(Clone, Debug)]
pub struct EmbedAssets {
    script: Option<Arc<str>>,
    wasm: Option<Arc<[u8]>>,
}

pub const WASM_PATH: &str = "/embed/embed_bg.wasm";

impl EmbedAssets {
    /// Reads `embed.js` and `embed_bg.wasm` from `folder` (`target/site/embed` by default).
    /// Missing files are logged, and the routes then answer 503 instead of failing to start.
    pub fn load(folder: &Path) -> EmbedAssets {
        let glue = std::fs::read_to_string(folder.join("embed.js"));
        let wasm = std::fs::read(folder.join("embed_bg.wasm"));
        match (glue, wasm) {
            (Ok(glue), Ok(wasm)) => {
                let version = hex::encode(&Sha256::digest(&wasm)[..6]);
                EmbedAssets { script: Some(wrap(&glue, &version).into()), wasm: Some(wasm.into()) }
            }
            (glue, wasm) => {
                let error = glue.err().or(wasm.err()).map(|e| e.to_string()).unwrap_or_default();
                tracing::error!(folder = %folder.display(), %error, "embed loader not built; /embed.js will answer 503 (run `make build`)");
                EmbedAssets { script: None, wasm: None }
            }
        }
    }
}

/// Makes the glue start itself: its globals stay inside a function scope (so two copies on
/// one page do not clash), and the module is fetched next to the script, from the Appello
/// server that served it. `document.currentScript` is only set while the script runs.
fn wrap(glue: &str, version: &str) -> String {
    format!(
        "(function(){{\n{glue}\nappelloEmbed({{module_or_path: new URL(\"{WASM_PATH}?v={version}\", document.currentScript.src)}})\
         .catch(function(e){{console.error(\"Appello: the complaint widget failed to load.\", e);}});\n}})();\n"
    )
}

pub async fn script(State(assets): State<EmbedAssets>) -> Response {
    let Some(script) = assets.script else {
        return unavailable();
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
            // The address is fixed, so a short lifetime lets a new loader reach every site soon.
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
        ],
        script.to_string(),
    )
        .into_response()
}

pub async fn wasm(State(assets): State<EmbedAssets>) -> Response {
    let Some(wasm) = assets.wasm else {
        return unavailable();
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/wasm")),
            // Versioned by `?v=`, so it may be kept for long.
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            // Fetched from the agency's page, so another origin.
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
        ],
        wasm.to_vec(),
    )
        .into_response()
}

fn unavailable() -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, "The widget loader is not built on this server.").into_response()
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapped_glue_starts_itself_in_its_own_scope() {
        let script = wrap("let appelloEmbed;", "abc123");
        assert!(script.starts_with("(function(){"));
        assert!(script.trim_end().ends_with("})();"));
        assert!(script.contains("/embed/embed_bg.wasm?v=abc123"));
    }
}
