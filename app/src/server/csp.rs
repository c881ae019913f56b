//! Content Security Policy values.

/// The per-response nonce of inline scripts, put on the request by the server's middleware.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The policy of every page. `frame_ancestors` is `'none'` except for widget pages, which
/// list their key's origins.
pub fn policy(nonce: &str, frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}
