//! Headers and checks applied to every response and request: the Content Security Policy
//! with a per-response nonce and per-key `frame-ancestors`, a same-origin check on every
//! form post, and the cookies of the language and of the accessible version.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::components::{ACCESSIBLE_COOKIE, ACCESSIBLE_PARAM};
use app::i18n::Lang;
use app::server::csp::{policy, CspNonce};
use app::server::keys::is_public_key_shape;
use app::server::lang::{query_param, LANG_COOKIE};
use app::server::secrets::random_token;
use app::server::state::AppState;
use app::server::store::StoreError;

/// Adds the nonce to the request, and the security headers to an HTML response.
pub async fn headers(State(state): State<AppState>, mut request: Request<Body>, next: Next) -> Response {
    let nonce = random_token(16);
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let path = request.uri().path().to_string();
    let lang_param = query_param(request.uri(), "lang").and_then(Lang::parse);
    let accessible_param =
        query_param(request.uri(), ACCESSIBLE_PARAM).filter(|v| ["0", "1"].contains(v)).map(str::to_owned);
    let is_get = request.method() == Method::GET;

    let mut response = next.run(request).await;

    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let widget_key = path.strip_prefix("/w/").filter(|k| !k.contains('/'));
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    if !is_html {
        return response;
    }

    let ancestors = match widget_key {
        Some(key) => frame_ancestors(&state, key).await,
        None => "'none'".to_string(),
    };
    if let Ok(value) = HeaderValue::from_str(&policy(&nonce, &ancestors)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    if widget_key.is_none() {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    // Pages may show personal data; keep them out of shared caches and the disk cache.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));

    // The portal remembers a chosen language; the widget carries it in its address instead,
    // because a cookie set inside another site's frame is a third-party cookie.
    if let (Some(lang), true, None) = (lang_param, is_get, widget_key) {
        let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; Secure", lang.code());
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    // The portal remembers the accessible version the same way, and `accessible=0` deletes the cookie.
    if let (Some(value), true, None) = (accessible_param, is_get, widget_key) {
        let max_age = if value == "1" { 31_536_000 } else { 0 };
        let cookie = format!("{ACCESSIBLE_COOKIE}={value}; Path=/; Max-Age={max_age}; SameSite=Lax; Secure");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The `frame-ancestors` sources of a widget key: exactly its origins. An unknown key's
/// page only explains that the key is unknown, so any site may show it; a revoked key's
/// page is shown where the key was allowed.
async fn frame_ancestors(state: &AppState, key: &str) -> String {
    if !is_public_key_shape(key) {
        return "*".to_string();
    }
    match state.store.widget_key(key).await {
        Ok(row) if row.origins.is_empty() => "'none'".to_string(),
        Ok(row) => row.origins.join(" "),
        Err(StoreError::NotFound) => "*".to_string(),
        Err(error) => {
            tracing::error!(%error, "widget key lookup for frame-ancestors failed");
            "'none'".to_string()
        }
    }
}

/// Rejects a state-changing request whose `Origin` is another site. Browsers send `Origin`
/// with every POST, so a form on a foreign page cannot act with a staff member's cookie.
/// Requests without `Origin` (command-line clients) carry no browser cookies by accident.
pub async fn same_origin(request: Request<Body>, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The REST API authenticates by a bearer key that a browser never adds by itself, so a
    // foreign page cannot act through it, and a body's own web client may call it from its site.
    let bearer_api = request.uri().path().starts_with("/api/");
    if safe || bearer_api {
        return next.run(request).await;
    }
    let origin = request.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok());
    let allowed = match (origin, host) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin_host(origin).is_some_and(|h| h.eq_ignore_ascii_case(host)),
        (Some(_), None) => false,
    };
    if allowed {
        next.run(request).await
    } else {
        tracing::warn!(origin = origin.unwrap_or_default(), "cross-origin post rejected");
        (StatusCode::FORBIDDEN, "Запрос отклонён: форма отправлена с другого сайта. / Request rejected: the form was sent from another site.")
            .into_response()
    }
}

/// `host[:port]` of a serialized origin such as `https://appello.example:8443`.
fn origin_host(origin: &str) -> Option<&str> {
    origin.split_once("://").map(|(_, rest)| rest).filter(|rest| !rest.is_empty() && !rest.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::origin_host;

    #[test]
    fn origin_host_cases() {
        assert_eq!(origin_host("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(origin_host("https://appello.example"), Some("appello.example"));
        assert_eq!(origin_host("null"), None);
        assert_eq!(origin_host("https://a.example/path"), None);
    }
}
