//! Which language a request asks for.

use http::{HeaderMap, Uri};

use crate::i18n::Lang;

pub const LANG_COOKIE: &str = "lang";

/// The value of query parameter `name`, percent-decoding not needed for the short codes read here.
pub fn query_param<'a>(uri: &'a Uri, name: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The `lang` query parameter, else the `lang` cookie, else Russian.
pub fn from_request(uri: &Uri, headers: &HeaderMap) -> Lang {
    if let Some(lang) = query_param(uri, "lang").and_then(Lang::parse) {
        return lang;
    }
    super::cookies::read(headers, LANG_COOKIE).and_then(|value| Lang::parse(&value)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_wins_over_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::COOKIE, "lang=en".parse().expect("header"));
        let with_query: Uri = "/status?lang=ru".parse().expect("uri");
        let without: Uri = "/status".parse().expect("uri");
        assert_eq!(from_request(&with_query, &headers), Lang::Ru);
        assert_eq!(from_request(&without, &headers), Lang::En);
        assert_eq!(from_request(&without, &HeaderMap::new()), Lang::Ru);
    }
}
