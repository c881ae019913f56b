//! Widget keys: issuing them and checking the origins they may be framed by.

use super::secrets::random_token;

/// A new public key: `pk_` and 24 hex digits (96 random bits).
pub fn new_public_key() -> String {
    let mut key = String::from("pk_");
    key.push_str(&random_token(12));
    key
}

/// Whether `key` has the shape of a public key, checked before any database lookup.
pub fn is_public_key_shape(key: &str) -> bool {
    key.strip_prefix("pk_")
        .is_some_and(|rest| (16..=64).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Why an origin was rejected.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    #[error("{0:?} is not an origin: write scheme://host or scheme://host:port, for example https://mvd.example.ru")]
    Malformed(String),
    #[error("{0:?} has scheme other than http or https")]
    Scheme(String),
    #[error("{0:?} has a path, query or fragment; an origin is only scheme://host[:port]")]
    HasPath(String),
}

/// Normalizes an origin as browsers serialize it: lowercase scheme and host, no default
/// port, no trailing slash. `frame-ancestors` and `postMessage` compare these strings.
pub fn normalize_origin(raw: &str) -> Result<String, OriginError> {
    let trimmed = raw.trim();
    let uri: http::Uri = trimmed.parse().map_err(|_| OriginError::Malformed(trimmed.to_string()))?;
    let scheme = uri.scheme_str().ok_or_else(|| OriginError::Malformed(trimmed.to_string()))?.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(OriginError::Scheme(trimmed.to_string()));
    }
    let authority = uri.authority().ok_or_else(|| OriginError::Malformed(trimmed.to_string()))?;
    if authority.as_str().contains('@') {
        return Err(OriginError::Malformed(trimmed.to_string()));
    }
    let path_is_empty = matches!(uri.path(), "" | "/") && uri.query().is_none() && !trimmed.contains('#');
    if !path_is_empty {
        return Err(OriginError::HasPath(trimmed.to_string()));
    }
    let host = authority.host().to_ascii_lowercase();
    if host.is_empty() {
        return Err(OriginError::Malformed(trimmed.to_string()));
    }
    let default_port = if scheme == "https" { 443 } else { 80 };
    let mut origin = scheme;
    origin.push_str("://");
    origin.push_str(&host);
    if let Some(port) = authority.port_u16().filter(|p| *p != default_port) {
        origin.push(':');
        origin.push_str(&port.to_string());
    }
    Ok(origin)
}

/// Normalizes every origin and drops the ones that repeat an earlier origin after
/// normalizing, keeping the order given. Fails on the first invalid origin.
pub fn normalize_origins(raw: &[impl AsRef<str>]) -> Result<Vec<String>, OriginError> {
    let mut origins: Vec<String> = Vec::with_capacity(raw.len());
    for value in raw {
        let origin = normalize_origin(value.as_ref())?;
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalized() {
        let cases = [
            ("https://MVD.example.ru", "https://mvd.example.ru"),
            ("https://mvd.example.ru:443/", "https://mvd.example.ru"),
            ("http://127.0.0.1:3001", "http://127.0.0.1:3001"),
            (" http://localhost:80 ", "http://localhost"),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize_origin(raw).as_deref(), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn normalized_duplicates_are_dropped_in_order() {
        let raw =
            ["https://dup.example.ru", "http://127.0.0.1:3001", "https://DUP.example.ru:443", "http://127.0.0.1:3001/"];
        assert_eq!(
            normalize_origins(&raw),
            Ok(vec!["https://dup.example.ru".to_string(), "http://127.0.0.1:3001".to_string()]),
            "the first spelling of each origin, in the order given"
        );
    }

    #[test]
    fn bad_origin_among_several_is_rejected() {
        let raw = ["https://mvd.example.ru", "https://mvd.example.ru/page"];
        assert_eq!(
            normalize_origins(&raw),
            Err(OriginError::HasPath("https://mvd.example.ru/page".to_string())),
            "the invalid origin is named"
        );
    }

    #[test]
    fn bad_origins_are_rejected() {
        assert!(matches!(normalize_origin("mvd.example.ru"), Err(OriginError::Malformed(_))));
        assert!(matches!(normalize_origin("ftp://mvd.example.ru"), Err(OriginError::Scheme(_))));
        assert!(matches!(normalize_origin("https://mvd.example.ru/page"), Err(OriginError::HasPath(_))));
        assert!(matches!(normalize_origin("https://user@mvd.example.ru"), Err(OriginError::Malformed(_))));
    }

    #[test]
    fn public_key_shape() {
        assert!(is_public_key_shape(&new_public_key()));
        assert!(!is_public_key_shape("pk_short"));
        assert!(!is_public_key_shape("sk_0123456789abcdef0123"));
        assert!(!is_public_key_shape("pk_0123456789abcdef012<"));
    }
}
