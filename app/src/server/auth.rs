//! Staff sign-in: Argon2 passwords, database sessions, CSRF tokens.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use http::HeaderMap;

use super::secrets::{constant_time_eq, random_token, sha256_hex};
use super::state::AppState;
use super::store::{SessionRow, StoreError, UserRow};
use crate::domain::{Field, FieldErrors, Problem};

pub const SESSION_COOKIE: &str = "appello_session";
pub const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_CHARS: usize = 256;

/// Staff roles. A reviewer and an agency admin belong to one body; an operator to none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Reviewer,
    AgencyAdmin,
    Operator,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::AgencyAdmin => "agency_admin",
            Role::Operator => "operator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "reviewer" => Some(Role::Reviewer),
            "agency_admin" => Some(Role::AgencyAdmin),
            "operator" => Some(Role::Operator),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Hashes a password with Argon2id on a blocking thread, since it takes tens of milliseconds.
pub async fn hash_password(password: String) -> Result<String, AuthError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| AuthError::Hash(e.to_string()))
    })
    .await
    .map_err(|e| AuthError::Hash(e.to_string()))?
}

/// Checks a password against a stored hash on a blocking thread.
pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A temporary password handed out once, `xxxx-xxxx-xxxx-xxxx` (64 random bits).
pub fn one_time_password() -> String {
    let token = random_token(8);
    token.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// Checks a new password and its repetition.
pub fn check_new_password(password: &str, repeat: &str) -> Result<(), FieldErrors> {
    if password.trim().is_empty() && !password.is_empty() {
        return Err(FieldErrors::single(Field::NewPassword, Problem::Blank));
    }
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(FieldErrors::single(Field::NewPassword, Problem::TooShort { min: MIN_PASSWORD_CHARS }));
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(FieldErrors::single(Field::NewPassword, Problem::TooLong { max: MAX_PASSWORD_CHARS }));
    }
    if password != repeat {
        return Err(FieldErrors::single(Field::NewPasswordRepeat, Problem::PasswordsDiffer));
    }
    Ok(())
}

/// A session just opened: the cookie value goes to the browser, only its hash is stored.
pub struct NewSession {
    pub cookie_value: String,
    pub expires_at: DateTime<Utc>,
    /// The page the member starts on.
    pub home: &'static str,
}

/// The page a member starts on: the password change while the password is temporary, the
/// administration for an operator, the desk for the staff of a body.
pub fn home_of(user: &UserRow) -> &'static str {
    if user.must_change_password {
        "/desk/password"
    } else if Role::from_code(&user.role) == Some(Role::Operator) {
        "/admin"
    } else {
        "/desk"
    }
}

/// Failed sign-ins allowed per e-mail address, and per client address, in one window.
pub const FAILURES_PER_EMAIL: i64 = 5;
pub const FAILURES_PER_CLIENT: i64 = 30;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// Signs a staff member in. Wrong e-mail and wrong password get the same answer and take
/// the same time, so the form does not reveal which accounts exist. After too many failures
/// for one address, or from one client, attempts are rejected unchecked until the window
/// passes, and every instance sees the same counts.
///
/// Each attempt is counted as a failure before its password is checked, so attempts sent in
/// parallel cannot all pass the limit. A successful attempt clears the address's failures
/// and takes back its hit on the client. A rejected attempt takes back both hits.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<NewSession, SignInError> {
    let email = email.trim().to_lowercase();
    let window = Duration::minutes(FAILURE_WINDOW_MINUTES);
    // The e-mail is hashed so that the counters hold no personal data.
    let email_bucket = format!("signin-email:{}", sha256_hex(&email));
    let client_bucket = format!("signin-client:{client}");
    let email_hit = state.store.rate_limit_record(&email_bucket, window, now).await?;
    let client_hit = state.store.rate_limit_record(&client_bucket, window, now).await?;
    if email_hit.hits > FAILURES_PER_EMAIL || client_hit.hits > FAILURES_PER_CLIENT {
        state.store.rate_limit_undo(&email_bucket, &email_hit).await?;
        state.store.rate_limit_undo(&client_bucket, &client_hit).await?;
        tracing::warn!(
            email_hits = email_hit.hits,
            client_hits = client_hit.hits,
            "staff sign-in rejected: too many failed attempts"
        );
        return Err(SignInError::TooManyAttempts);
    }

    let user = match state.store.user_by_email(&email).await {
        Ok(user) => Some(user),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(SignInError::Store(e)),
    };
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.to_string());
    let password_ok = verify_password(password.to_string(), hash).await;
    let Some(user) = user.filter(|_| password_ok) else {
        tracing::warn!(
            email_hits = email_hit.hits,
            client_hits = client_hit.hits,
            "staff sign-in failed: wrong e-mail or password"
        );
        return Err(SignInError::WrongCredentials);
    };
    state.store.rate_limit_clear(&email_bucket).await?;
    state.store.rate_limit_undo(&client_bucket, &client_hit).await?;

    let cookie_value = random_token(32);
    let expires_at = now + Duration::hours(state.settings.session_hours);
    state.store.create_session(&sha256_hex(&cookie_value), user.id, &random_token(16), now, expires_at).await?;
    tracing::info!(user_id = %user.id, "staff signed in");
    Ok(NewSession { cookie_value, expires_at, home: home_of(&user) })
}

/// An Argon2 hash of a random string, verified when the e-mail is unknown to spend the same time.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2xS0tSP0zbvBDaZ5+W2MQ5sZ0R3nxVgnQ1m1HkBpyQA";

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("wrong e-mail or password")]
    WrongCredentials,
    #[error("too many failed sign-ins; wait for the window to pass")]
    TooManyAttempts,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The value of the session cookie in the request, if any.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    super::cookies::read(headers, SESSION_COOKIE)
}

/// The live session of the request, or `None` when there is no valid cookie.
pub async fn current_session(
    state: &AppState,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<Option<Session>, StoreError> {
    let Some(cookie) = session_cookie(headers) else {
        return Ok(None);
    };
    let token_hash = sha256_hex(&cookie);
    match state.store.live_session(&token_hash, now).await {
        Ok(row) => Ok(Some(Session { token_hash, row })),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A signed-in staff member.
#[derive(Clone, Debug)]
pub struct Session {
    pub token_hash: String,
    pub row: SessionRow,
}

impl Session {
    pub fn user(&self) -> &UserRow {
        &self.row.user
    }

    /// Whether `posted` is this session's CSRF token.
    pub fn csrf_matches(&self, posted: &str) -> bool {
        constant_time_eq(&self.row.csrf_token, posted)
    }
}

/// The `Set-Cookie` value that stores a session.
pub fn session_set_cookie(value: &str, max_age_seconds: i64, secure: bool) -> String {
    super::cookies::http_only(SESSION_COOKIE, value, "/", max_age_seconds, secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn new_password_rules() {
        assert!(check_new_password("correct horse battery", "correct horse battery").is_ok());
        let short = check_new_password("short", "short").expect_err("too short");
        assert_eq!(short.get(Field::NewPassword), Some(Problem::TooShort { min: 12 }));
        let blank = check_new_password(&" ".repeat(12), &" ".repeat(12)).expect_err("spaces only");
        assert_eq!(blank.get(Field::NewPassword), Some(Problem::Blank));
        let differ = check_new_password("correct horse battery", "correct horse").expect_err("differ");
        assert_eq!(differ.get(Field::NewPasswordRepeat), Some(Problem::PasswordsDiffer));
    }

    #[test]
    fn cookie_is_read_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::COOKIE, "lang=en; appello_session=abc123; x=y".parse().expect("header"));
        assert_eq!(session_cookie(&headers).as_deref(), Some("abc123"));
    }

    #[test]
    fn one_time_password_shape() {
        let password = one_time_password();
        assert_eq!(password.len(), 19);
        assert_eq!(password.matches('-').count(), 3);
    }

    #[tokio::test]
    async fn password_round_trip() {
        let hash = hash_password("correct horse battery".into()).await.expect("hash");
        assert!(verify_password("correct horse battery".into(), hash.clone()).await);
        assert!(!verify_password("wrong horse battery".into(), hash).await);
    }
}
