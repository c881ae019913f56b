//! Rate limits and the proof of work applied to the public forms and the REST API.

use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::Response;
use leptos::prelude::provide_context;

use app::domain::pow::{CHALLENGE_FIELD, SOLUTION_FIELD};
use app::domain::{ComplaintInput, Field, FieldErrors, Problem};
use app::i18n::Lang;
use app::model::{FormOutcome, Receipt};
use app::server::abuse::{count, Counted, Limited};
use app::server::complaints::{Channel, SubmitError};
use app::server::pow::{verify, PowError};
use app::server::state::AppState;
use app::server::store::{now, ApiKeyRow, StoreError};

use crate::api::problem::ApiError;
use crate::forms::{client_address, render, server_error, PostedForm};

/// The reason a complaint post is rejected before its fields are checked.
pub enum Rejection {
    Limited(Limited),
    Pow(Problem),
}

/// The rate-limit hits of an admitted complaint post, kept only when it files a new complaint.
pub struct Admission(Option<Counted>);

impl Admission {
    /// Keeps the counted hits for a newly filed complaint and takes them back otherwise: an
    /// invalid form or a repeated post of a filed one stores no new complaint.
    pub async fn settle(self, state: &AppState, result: &Result<Receipt, SubmitError>) {
        let Some(counted) = self.0 else { return };
        if !matches!(result, Ok(receipt) if !receipt.duplicate) {
            counted.undo(&state.store).await;
        }
    }
}

/// Checks a complaint post's proof of work and counts it against the limits of its client
/// address and, for the widget, its key. A post that repeats an already filed form passes
/// without either check, so that a reload still shows the receipt.
pub(crate) async fn admit_complaint(
    state: &AppState,
    form: &PostedForm,
    channel: &Channel,
    form_token: &str,
) -> Result<Result<Admission, Rejection>, StoreError> {
    match state.store.complaint_by_submission_token(form_token.trim()).await {
        Ok(_) => return Ok(Ok(Admission(None))),
        Err(StoreError::NotFound) => {}
        Err(error) => return Err(error),
    }

    let settings = &state.settings.abuse;
    let at = now();
    let challenge = form.value(CHALLENGE_FIELD);
    let solution = form.value(SOLUTION_FIELD);
    let address = client_address(&form.parts);

    let mut buckets = Vec::new();
    if solution.trim().is_empty() {
        buckets.push((format!("complaint-ip-nopow:{address}"), settings.complaints_per_ip_without_pow));
    } else {
        let checked = match verify(&state.derivation_key, &challenge, &solution, settings.pow_lifetime, at) {
            Ok(checked) => checked,
            Err(PowError::Invalid) => return Ok(Err(Rejection::Pow(Problem::ProofOfWorkInvalid))),
            Err(PowError::Expired) => return Ok(Err(Rejection::Pow(Problem::ProofOfWorkExpired))),
        };
        // The first post of a nonce counts 1 in its bucket; any later post is a reuse.
        let use_count = state.store.rate_limit_hit(&format!("pow:{}", checked.nonce), settings.pow_lifetime, at).await?;
        if use_count > 1 {
            tracing::warn!(nonce = %checked.nonce, "proof-of-work solution reused");
            return Ok(Err(Rejection::Pow(Problem::ProofOfWorkReused)));
        }
        buckets.push((format!("complaint-ip:{address}"), settings.complaints_per_ip));
    }
    if let Channel::Widget(key) = channel {
        buckets.push((format!("complaint-key:{}", key.id), settings.complaints_per_widget_key));
    }

    Ok(count(&state.store, &buckets, at).await?.map(|counted| Admission(Some(counted))).map_err(Rejection::Limited))
}

/// Renders the complaint form again with every posted value and the reason of the rejection:
/// 429 with `Retry-After` over a limit, 422 for a wrong, expired or reused proof of work. The
/// page carries a fresh challenge and asks for the `posted_files` files again.
pub async fn render_rejected(
    state: &AppState,
    parts: Parts,
    lang: Lang,
    input: ComplaintInput,
    posted_files: usize,
    rejection: Rejection,
) -> Response {
    let (problem, status, retry_after) = match rejection {
        Rejection::Limited(limited) => (
            Problem::TooManyRequests { minutes: limited.retry_after_minutes() },
            StatusCode::TOO_MANY_REQUESTS,
            Some(limited.retry_after_seconds()),
        ),
        Rejection::Pow(problem) => (problem, StatusCode::UNPROCESSABLE_ENTITY, None),
    };
    let errors = crate::filing::with_files_not_kept(FieldErrors::single(Field::Form, problem), posted_files);
    let outcome = FormOutcome::Rejected { input, errors };
    let response = render(state, parts, lang, status, move || provide_context(outcome.clone())).await;
    with_retry_after(response, retry_after)
}

/// Counts a post to `/status` against the limit of its client address.
pub async fn limit_status(state: &AppState, parts: &Parts) -> Result<Option<Limited>, Response> {
    let bucket = format!("status-ip:{}", client_address(parts));
    match count(&state.store, &[(bucket, state.settings.abuse.status_per_ip)], now()).await {
        Ok(Ok(_)) => Ok(None),
        Ok(Err(limited)) => Ok(Some(limited)),
        Err(error) => Err(server_error(error)),
    }
}

/// Counts an API request against the limit of its secret key.
pub async fn limit_api_key(state: &AppState, key: &ApiKeyRow, lang: Lang) -> Result<(), ApiError> {
    let bucket = format!("api-key:{}", key.id);
    match count(&state.store, &[(bucket, state.settings.abuse.api_per_key)], now()).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(limited)) => {
            tracing::warn!(key_id = %key.id, "api key over its rate limit");
            let (title, detail) = match lang {
                Lang::Ru => (
                    "Слишком много запросов",
                    format!(
                        "Ключ превысил лимит запросов. Повторите через {} с (заголовок Retry-After).",
                        limited.retry_after_seconds()
                    ),
                ),
                Lang::En => (
                    "Too many requests",
                    format!(
                        "The key is over its request limit. Try again in {} s (the Retry-After header).",
                        limited.retry_after_seconds()
                    ),
                ),
            };
            let mut error = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too-many-requests", title, detail);
            error.retry_after = Some(limited.retry_after_seconds());
            Err(error)
        }
        Err(error) => Err(ApiError::internal(lang, error)),
    }
}

/// Adds `Retry-After` in seconds when `seconds` is given.
pub fn with_retry_after(mut response: Response, seconds: Option<i64>) -> Response {
    if let Some(seconds) = seconds {
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}
