//! The accessible version of the pages (large type, high contrast), which Russian government
//! sites must offer. The query parameter `accessible=1` turns it on, `accessible=0` off, and the
//! server renders it, so it works without JavaScript. The portal remembers the choice in a
//! cookie. The widget keeps the parameter in its links and in its form address instead, because
//! a cookie set inside an agency's frame is a third-party cookie.

use leptos::prelude::*;

use super::layout::use_lang;

/// The query parameter of the accessible version: `1` turns it on, `0` off.
pub const ACCESSIBLE_PARAM: &str = "accessible";
/// The portal's cookie that remembers the accessible version; its value is `1` while it is on.
pub const ACCESSIBLE_COOKIE: &str = "accessible";

/// Returns whether the current page is shown in the accessible version: the query parameter
/// decides, and else, outside the widget, the portal's cookie.
pub fn accessible_requested() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        if let Some(value) = crate::server::lang::query_param(&parts.uri, ACCESSIBLE_PARAM) {
            return value == "1";
        }
        if parts.uri.path().starts_with("/w/") {
            return false;
        }
        return crate::server::cookies::read(&parts.headers, ACCESSIBLE_COOKIE).as_deref() == Some("1");
    }
    false
}

/// Adds `accessible=1` to `url` while the accessible version is on, so that a link or a form
/// address keeps it.
pub fn keep_accessible(url: String) -> String {
    if !accessible_requested() {
        return url;
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{ACCESSIBLE_PARAM}=1")
}

/// Builds the address `path?query` with the accessible version turned `on` or off. Turning it
/// off writes `accessible=0`, so that the portal forgets its cookie. Other parameters, such as
/// the widget's origin and theme, stay as they are.
pub fn switched_address(path: &str, query: Option<&str>, on: bool) -> String {
    let mut pairs: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| pair.split('=').next() != Some(ACCESSIBLE_PARAM))
        .collect();
    let switch = format!("{ACCESSIBLE_PARAM}={}", if on { 1 } else { 0 });
    pairs.push(&switch);
    format!("{path}?{}", pairs.join("&"))
}

/// The link that switches between the standard and the accessible version of this page.
#[component]
pub fn AccessibleSwitch() -> impl IntoView {
    let texts = crate::i18n::access::texts(use_lang());
    let on = accessible_requested();
    #[allow(unused_mut)]
    let mut target = switched_address("", None, !on);
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        target = switched_address(parts.uri.path(), parts.uri.query(), !on);
    }
    let label = if on { texts.accessible_off } else { texts.accessible_on };
    view! { <a class="accessible-switch" href=target>{label}</a> }
}

#[cfg(test)]
mod tests {
    use super::switched_address;

    #[test]
    fn switch_on_keeps_other_parameters() {
        let address = switched_address("/w/pk_1", Some("lang=en&origin=http%3A%2F%2Fa.example"), true);

        assert_eq!(address, "/w/pk_1?lang=en&origin=http%3A%2F%2Fa.example&accessible=1");
    }

    #[test]
    fn switch_off_replaces_only_the_parameter() {
        let address = switched_address("/w/pk_1", Some("accessible=1&lang=ru&accessible=1"), false);

        assert_eq!(address, "/w/pk_1?lang=ru&accessible=0");
    }

    #[test]
    fn switch_off_without_other_parameters() {
        assert_eq!(switched_address("/complaint/mvd", Some("accessible=1"), false), "/complaint/mvd?accessible=0");
    }

    #[test]
    fn switch_on_without_query() {
        assert_eq!(switched_address("/", None, true), "/?accessible=1");
    }
}
