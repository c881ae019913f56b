//! Errors of the REST API as problem details (RFC 9457, `application/problem+json`), with
//! the title and detail in the language of the request.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use app::domain::FieldErrors;
use app::i18n::Lang;

/// A problem detail. `type` is a URI reference naming the kind of problem; clients should
/// branch on it, and on `status`, never on the localized `title` or `detail`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Problem {
    /// The kind of problem, such as `/api/v1/problems/invalid-fields`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem, in the request's language.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// The explanation of this request's problem and its fix, in the request's language.
    pub detail: String,
    /// One entry per invalid field; present only for `invalid-fields`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// The problem of one field of the request body.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field's name in the request body, such as `subject` or `grounds[0]`.
    pub field: String,
    /// The problem of the value and its fix, in the request's language.
    pub detail: String,
}

/// A problem ready to send, with the headers it needs.
#[derive(Debug)]
pub struct ApiError {
    pub problem: Problem,
    /// `WWW-Authenticate` for a 401.
    pub challenge: Option<&'static str>,
    /// `Retry-After` in seconds for a 429.
    pub retry_after: Option<i64>,
}

impl ApiError {
    pub fn new(status: StatusCode, slug: &str, title: &str, detail: impl Into<String>) -> ApiError {
        ApiError {
            problem: Problem {
                problem_type: format!("/api/v1/problems/{slug}"),
                title: title.to_string(),
                status: status.as_u16(),
                detail: detail.into(),
                errors: Vec::new(),
            },
            challenge: None,
            retry_after: None,
        }
    }

    pub fn unauthorized(lang: Lang, detail: &str, invalid: bool) -> ApiError {
        let t = lang.api_texts();
        let mut error = ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", t.unauthorized_title, detail);
        // RFC 6750: a request without credentials gets the bare challenge, a bad key the error code.
        error.challenge = Some(if invalid {
            "Bearer realm=\"appello\", error=\"invalid_token\""
        } else {
            "Bearer realm=\"appello\""
        });
        error
    }

    pub fn not_found(lang: Lang, detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not-found", lang.api_texts().not_found_title, detail)
    }

    pub fn bad_query(lang: Lang, detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid-query", lang.api_texts().bad_query_title, detail)
    }

    /// Builds a 422 that lists each invalid field.
    pub fn invalid(lang: Lang, errors: Vec<FieldProblem>) -> ApiError {
        let t = lang.api_texts();
        let mut error =
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid-fields", t.invalid_title, t.invalid_detail);
        error.problem.errors = errors;
        error
    }

    /// Builds a 422 from the domain's field errors. `rename` maps a form field name to the API's.
    pub fn from_field_errors(
        lang: Lang,
        errors: &FieldErrors,
        rename: impl Fn(&'static str) -> &'static str,
    ) -> ApiError {
        let t = lang.texts();
        let problems = errors
            .iter()
            .map(|e| FieldProblem {
                field: rename(e.field.name()).to_string(),
                detail: (t.problem)(e.field, e.problem.clone()),
            })
            .collect();
        ApiError::invalid(lang, problems)
    }

    /// Logs the cause and returns the generic 500, which shows the client nothing internal.
    pub fn internal(lang: Lang, cause: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %cause, "api request failed");
        let t = lang.api_texts();
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", t.internal_title, t.internal)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.problem).unwrap_or_default();
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(challenge) = self.challenge {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        if let Some(seconds) = self.retry_after.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
            headers.insert(header::RETRY_AFTER, seconds);
        }
        (status, headers, body).into_response()
    }
}

/// Picks the language of an API request from `Accept-Language`: the first of Russian and
/// English by preference weight, else Russian.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    let Some(value) = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
        return Lang::default();
    };
    let mut ranges: Vec<(f32, Lang)> = value
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let tag = parts.next()?.trim();
            let primary = tag.split('-').next()?;
            let lang = Lang::parse(primary)?;
            let weight =
                parts.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            (weight > 0.0).then_some((weight, lang))
        })
        .collect();
    // A stable sort keeps the header's order among equal weights.
    ranges.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    ranges.first().map(|(_, lang)| *lang).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang_of(value: &str) -> Lang {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(value).expect("header"));
        request_lang(&headers)
    }

    #[test]
    fn accept_language_cases() {
        assert_eq!(request_lang(&HeaderMap::new()), Lang::Ru);
        assert_eq!(lang_of("en-US,en;q=0.9"), Lang::En);
        assert_eq!(lang_of("de, ru;q=0.5, en;q=0.8"), Lang::En);
        assert_eq!(lang_of("en;q=0, ru"), Lang::Ru);
        assert_eq!(lang_of("fr"), Lang::Ru);
    }
}
