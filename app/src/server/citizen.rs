//! Citizens: sign-in by a one-time code or link sent by e-mail, database sessions, and the
//! cabinet that lists every complaint filed with the signed-in e-mail address.

use chrono::{DateTime, Duration, Utc};
use http::HeaderMap;
use rand::rngs::OsRng;
use rand::Rng;

use super::jobs::{new_job, SECRET_EMAIL};
use super::mail::Email;
use super::secrets::{constant_time_eq, random_token, sha256_hex};
use super::state::AppState;
use super::store::{ComplaintRow, StoreError, StoreResult};
use super::views;
use crate::domain::{text, Field, FieldErrors, Problem};
use crate::i18n::Lang;
use crate::model::ComplaintView;

pub const CITIZEN_COOKIE: &str = "appello_citizen";
/// How long an e-mailed code works, and how many wrong tries it takes.
pub const CODE_MINUTES: i64 = 10;
pub const CODE_ATTEMPTS: i32 = 5;
/// How long an e-mailed sign-in link works.
pub const LINK_HOURS: i64 = 72;
/// Codes per e-mail address, and per client address, in one window.
pub const CODES_PER_EMAIL: i64 = 3;
pub const CODES_PER_CLIENT: i64 = 20;
pub const CODE_WINDOW_MINUTES: i64 = 15;
/// How long a citizen's session lasts.
pub const SESSION_DAYS: i64 = 14;
/// The maximum number of complaints the cabinet lists.
const CABINET_LIMIT: i64 = 200;

#[derive(Debug, thiserror::Error)]
pub enum CitizenError {
    /// A problem with what the citizen typed; the page shows it next to the field.
    #[error("invalid sign-in form")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A signed-in citizen.
#[derive(Clone, Debug)]
pub struct CitizenSession {
    pub token_hash: String,
    pub email: String,
    pub csrf_token: String,
}

impl CitizenSession {
    pub fn csrf_matches(&self, posted: &str) -> bool {
        constant_time_eq(&self.csrf_token, posted)
    }
}

/// A session just opened: the cookie value goes to the browser, only its hash is stored.
pub struct NewCitizenSession {
    pub cookie_value: String,
    pub max_age_seconds: i64,
}

/// Sends a sign-in code and link to `raw_email`, within the rate limits. Returns the
/// normalized address.
pub async fn request_code(
    state: &AppState,
    raw_email: &str,
    lang: Lang,
    client: &str,
    now: DateTime<Utc>,
) -> Result<String, CitizenError> {
    let email = text::email(raw_email).map_err(|p| CitizenError::Invalid(FieldErrors::single(Field::Email, p)))?;
    let window = Duration::minutes(CODE_WINDOW_MINUTES);
    let email_hits = state.store.rate_limit_hit(&format!("code-email:{}", sha256_hex(&email)), window, now).await?;
    let client_hits = state.store.rate_limit_hit(&format!("code-client:{client}"), window, now).await?;
    if email_hits > CODES_PER_EMAIL || client_hits > CODES_PER_CLIENT {
        tracing::warn!(email_hits, client_hits, "sign-in code rejected: too many requests");
        return Err(CitizenError::Invalid(FieldErrors::single(
            Field::Email,
            Problem::TooManyAttempts { minutes: CODE_WINDOW_MINUTES },
        )));
    }

    let code = format!("{:06}", OsRng.gen_range(0..1_000_000u32));
    let link = random_token(32);
    let key = &state.derivation_key;
    state
        .store
        .create_citizen_token("code", &email, &key.keyed_hash("citizen-code", &format!("{email}:{code}")), now, now + Duration::minutes(CODE_MINUTES))
        .await?;
    state
        .store
        .create_citizen_token("link", &email, &key.keyed_hash("citizen-link", &link), now, now + Duration::hours(LINK_HOURS))
        .await?;

    let t = lang.texts();
    let link_url = format!("{}{}", state.settings.public_url, crate::components::href(lang, &format!("/cabinet/link/{link}")));
    let message = Email {
        to: email.clone(),
        subject: t.mail.code_subject.to_string(),
        text: format!("{}\n\n{}", (t.mail.code_body)(&code, &link_url, CODE_MINUTES), t.mail.footer),
        attachments: Vec::new(),
    };
    // The code and link sit in the queue until sent; the worker erases them afterwards.
    state.store.enqueue_jobs(&[new_job(SECRET_EMAIL, &message, 10, None, now)], now).await?;
    tracing::info!("sign-in code queued");
    Ok(email)
}

fn session_cookie_value() -> (String, String) {
    let value = random_token(32);
    let hash = sha256_hex(&value);
    (value, hash)
}

/// Checks a code typed by the citizen and opens a session. Each try counts, the right one
/// too; after `CODE_ATTEMPTS` the code stops working and a new one must be requested.
pub async fn verify_code(state: &AppState, raw_email: &str, raw_code: &str, now: DateTime<Utc>) -> Result<NewCitizenSession, CitizenError> {
    let invalid = |field, problem| CitizenError::Invalid(FieldErrors::single(field, problem));
    let email = text::email(raw_email).map_err(|p| invalid(Field::Email, p))?;
    let code: String = raw_code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if code.is_empty() {
        return Err(invalid(Field::LoginCode, Problem::Missing));
    }
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(Field::LoginCode, Problem::InvalidChoice));
    }
    let token = match state.store.latest_citizen_code(&email).await {
        Ok(token) => token,
        Err(StoreError::NotFound) => return Err(invalid(Field::LoginCode, Problem::CodeExpired)),
        Err(e) => return Err(e.into()),
    };
    if token.used_at.is_some() || token.expires_at <= now || token.attempts >= CODE_ATTEMPTS {
        return Err(invalid(Field::LoginCode, Problem::CodeExpired));
    }
    // The try is counted before the comparison, so that parallel requests cannot all compare
    // against the count they read first. Each increment is atomic and the count is read after
    // it, so at most `CODE_ATTEMPTS` requests see a count within the limit and compare.
    state.store.count_citizen_token_attempt(token.id).await?;
    let attempts = state.store.citizen_token_by_hash(&token.secret_hash).await?.attempts;
    if attempts > CODE_ATTEMPTS {
        return Err(invalid(Field::LoginCode, Problem::CodeExpired));
    }
    let expected = state.derivation_key.keyed_hash("citizen-code", &format!("{email}:{code}"));
    if !constant_time_eq(&token.secret_hash, &expected) {
        let left = (CODE_ATTEMPTS - attempts).max(0);
        tracing::warn!(attempts_left = left, "wrong sign-in code");
        return Err(invalid(Field::LoginCode, if left == 0 { Problem::CodeExpired } else { Problem::WrongCode { attempts_left: left } }));
    }
    open_session_with_token(state, token.id, now).await
}

async fn open_session_with_token(state: &AppState, token_id: uuid::Uuid, now: DateTime<Utc>) -> Result<NewCitizenSession, CitizenError> {
    let (cookie_value, hash) = session_cookie_value();
    let expires = now + Duration::days(SESSION_DAYS);
    match state.store.use_citizen_token(token_id, &hash, &random_token(16), now, expires).await {
        Ok(_) => {
            tracing::info!("citizen signed in");
            Ok(NewCitizenSession { cookie_value, max_age_seconds: Duration::days(SESSION_DAYS).num_seconds() })
        }
        Err(StoreError::Conflict(_)) => Err(CitizenError::Invalid(FieldErrors::single(Field::LoginCode, Problem::CodeExpired))),
        Err(e) => Err(e.into()),
    }
}

/// Checks whether the e-mailed link `token` still works, without using it. The link's page
/// requires a button press, so that mail scanners fetching links open no session.
pub async fn link_is_valid(state: &AppState, token: &str, now: DateTime<Utc>) -> StoreResult<bool> {
    let hash = state.derivation_key.keyed_hash("citizen-link", token);
    match state.store.citizen_token_by_hash(&hash).await {
        Ok(row) => Ok(row.kind == "link" && row.used_at.is_none() && row.expires_at > now),
        Err(StoreError::NotFound) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Uses an e-mailed link once and opens a session.
pub async fn redeem_link(state: &AppState, token: &str, now: DateTime<Utc>) -> Result<NewCitizenSession, CitizenError> {
    let hash = state.derivation_key.keyed_hash("citizen-link", token);
    let row = match state.store.citizen_token_by_hash(&hash).await {
        Ok(row) if row.kind == "link" && row.used_at.is_none() && row.expires_at > now => row,
        Ok(_) | Err(StoreError::NotFound) => {
            return Err(CitizenError::Invalid(FieldErrors::single(Field::Form, Problem::CodeExpired)))
        }
        Err(e) => return Err(e.into()),
    };
    open_session_with_token(state, row.id, now).await
}

/// Opens a session for an e-mail address the identity provider has verified.
pub async fn open_session_for(state: &AppState, email: &str, now: DateTime<Utc>) -> StoreResult<NewCitizenSession> {
    let (cookie_value, hash) = session_cookie_value();
    state.store.create_citizen_session(&hash, email, &random_token(16), now, now + Duration::days(SESSION_DAYS)).await?;
    tracing::info!("citizen signed in through OpenID Connect");
    Ok(NewCitizenSession { cookie_value, max_age_seconds: Duration::days(SESSION_DAYS).num_seconds() })
}

/// Returns the citizen's live session in the request, if any.
pub async fn current(state: &AppState, headers: &HeaderMap, now: DateTime<Utc>) -> StoreResult<Option<CitizenSession>> {
    let Some(cookie) = super::cookies::read(headers, CITIZEN_COOKIE) else {
        return Ok(None);
    };
    let token_hash = sha256_hex(&cookie);
    match state.store.live_citizen_session(&token_hash, now).await {
        Ok(row) => Ok(Some(CitizenSession { token_hash, email: row.email, csrf_token: row.csrf_token })),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Builds the `Set-Cookie` value of a citizen session.
pub fn set_cookie(value: &str, max_age_seconds: i64, secure: bool) -> String {
    super::cookies::http_only(CITIZEN_COOKIE, value, "/", max_age_seconds, secure)
}

/// Lists every complaint filed with the session's e-mail, newest first.
pub async fn complaints(state: &AppState, session: &CitizenSession, lang: Lang) -> StoreResult<Vec<ComplaintView>> {
    let numbers = state.store.complaint_numbers_of_email(&session.email, CABINET_LIMIT).await?;
    let mut views = Vec::with_capacity(numbers.len());
    for number in numbers {
        let row = state.store.complaint_by_number(&number).await?;
        views.push(views::complaint_view(state, &row, lang, false).await?);
    }
    Ok(views)
}

/// One complaint of the signed-in citizen. Another citizen's complaint is `NotFound`, the same
/// answer as a number that does not exist, so numbers cannot be probed.
pub async fn complaint(state: &AppState, session: &CitizenSession, number: &str) -> StoreResult<ComplaintRow> {
    let number = crate::domain::ComplaintNumber::parse(number).map_err(|_| StoreError::NotFound)?;
    let row = state.store.complaint_by_number(number.as_str()).await?;
    if row.email.as_deref() != Some(session.email.as_str()) {
        return Err(StoreError::NotFound);
    }
    Ok(row)
}
