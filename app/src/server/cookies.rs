//! Cookies: reading one from a request and writing the `Set-Cookie` value of an HTTP-only
//! cookie, the same way for staff sessions, citizen sessions and the sign-in state.

use http::HeaderMap;

/// Returns the value of the cookie `name` in the request's headers, if any.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// Builds the `Set-Cookie` value of an HTTP-only, `SameSite=Lax` cookie sent only under
/// `path`. A `max_age_seconds` of 0 deletes the cookie.
pub fn http_only(name: &str, value: &str, path: &str, max_age_seconds: i64, secure: bool) -> String {
    let mut cookie = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}");
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_finds_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(http::header::COOKIE, "lang=en; appello_citizen=abc".parse().expect("header"));
        headers.append(http::header::COOKIE, "other=1".parse().expect("header"));
        assert_eq!(read(&headers, "appello_citizen").as_deref(), Some("abc"));
        assert_eq!(read(&headers, "other").as_deref(), Some("1"));
        assert_eq!(read(&headers, "missing"), None);
    }

    #[test]
    fn http_only_sets_attributes() {
        let cookie = http_only("appello_oidc", "state", "/cabinet/oidc", 900, true);
        assert_eq!(cookie, "appello_oidc=state; Path=/cabinet/oidc; HttpOnly; SameSite=Lax; Max-Age=900; Secure");
        let cleared = http_only("appello_oidc", "", "/cabinet/oidc", 0, false);
        assert_eq!(cleared, "appello_oidc=; Path=/cabinet/oidc; HttpOnly; SameSite=Lax; Max-Age=0");
    }
}
