//! Secret API keys: issuing them, checking the key of each REST API request, and revoking.
//!
//! A key is `sk_` and 40 hex digits (160 random bits). It is shown once. The store keeps
//! only its HMAC under the instance's derivation key, so a copy of the database is not
//! enough to call the API, and any instance can check any key.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::secrets::{random_token, DerivationKey};
use super::state::AppState;
use super::store::{ApiKeyRow, AuditActor, NewApiKey, Store, StoreError};

/// How many characters of a key lists show: `sk_` and 8 hex digits.
const PREFIX_CHARS: usize = 11;

/// The maximum length of a key's name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A permission of a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// List and read the body's complaints and their files.
    ComplaintsRead,
    /// Create complaints and apply staff actions to them.
    ComplaintsWrite,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::ComplaintsRead, Scope::ComplaintsWrite];

    pub fn code(self) -> &'static str {
        match self {
            Scope::ComplaintsRead => "complaints:read",
            Scope::ComplaintsWrite => "complaints:write",
        }
    }

    pub fn from_code(code: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.code() == code.trim())
    }
}

/// A problem with a requested key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyRequestError {
    #[error("the key name is missing")]
    NameMissing,
    #[error("the key name is longer than {MAX_NAME_CHARS} characters")]
    NameTooLong,
    #[error("no scope is chosen")]
    NoScope,
    #[error("unknown scope {0:?}")]
    UnknownScope(String),
}

/// A checked request for a key: its name and scopes, without repeats, in the order of [`Scope::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRequest {
    pub name: String,
    pub scopes: Vec<Scope>,
}

impl KeyRequest {
    /// Checks the name and scope codes, returning every problem found.
    pub fn parse(name: &str, scopes: &[impl AsRef<str>]) -> Result<KeyRequest, Vec<KeyRequestError>> {
        let mut errors = Vec::new();
        let name = name.trim();
        if name.is_empty() {
            errors.push(KeyRequestError::NameMissing);
        } else if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            errors.push(KeyRequestError::NameTooLong);
        }
        let mut chosen = Vec::new();
        for code in scopes {
            match Scope::from_code(code.as_ref()) {
                Some(scope) => chosen.push(scope),
                None => errors.push(KeyRequestError::UnknownScope(code.as_ref().trim().to_string())),
            }
        }
        if scopes.is_empty() {
            errors.push(KeyRequestError::NoScope);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let scopes = Scope::ALL.into_iter().filter(|s| chosen.contains(s)).collect();
        Ok(KeyRequest { name: name.to_string(), scopes })
    }
}

/// A key just created, with the secret that is shown this once.
#[derive(Clone, Debug)]
pub struct CreatedKey {
    pub row: ApiKeyRow,
    pub secret: String,
}

/// Whether `value` has the shape of a secret key, checked before any hashing or lookup.
pub fn is_secret_shape(value: &str) -> bool {
    value.strip_prefix("sk_").is_some_and(|rest| rest.len() == 40 && rest.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The scopes of a stored key; unknown codes are skipped.
pub fn scopes_of(row: &ApiKeyRow) -> Vec<Scope> {
    row.scopes.split_whitespace().filter_map(Scope::from_code).collect()
}

fn secret_hash(derivation_key: &DerivationKey, secret: &str) -> String {
    derivation_key.keyed_hash("api-key", secret)
}

/// Issues a key for body `org_id` and records it in the audit log.
pub async fn create_key(
    state: &AppState,
    org_id: Uuid,
    request: &KeyRequest,
    by: &AuditActor,
    now: DateTime<Utc>,
) -> Result<CreatedKey, StoreError> {
    create_key_in(&state.store, &state.derivation_key, org_id, request, by, now).await
}

/// Issues a key for body `org_id` in `store`, hashed with `derivation_key`, for callers
/// without an application state such as the command line.
#[tracing::instrument(skip_all, fields(%org_id))]
pub async fn create_key_in(
    store: &Store,
    derivation_key: &DerivationKey,
    org_id: Uuid,
    request: &KeyRequest,
    by: &AuditActor,
    now: DateTime<Utc>,
) -> Result<CreatedKey, StoreError> {
    let mut secret = String::from("sk_");
    secret.push_str(&random_token(20));
    let scopes = request.scopes.iter().map(|s| s.code()).collect::<Vec<_>>().join(" ");
    let key = NewApiKey {
        id: Uuid::now_v7(),
        org_id,
        name: request.name.clone(),
        prefix: secret[..PREFIX_CHARS].to_string(),
        secret_hash: secret_hash(derivation_key, &secret),
        scopes,
    };
    store.create_api_key(&key, by, now).await?;
    tracing::info!(key_id = %key.id, prefix = %key.prefix, "api key created");
    let row = store.api_key(key.id).await?;
    Ok(CreatedKey { row, secret })
}

/// Why a request's key was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Not a key, an unknown key, or a revoked one; the client learns no more than that.
    #[error("invalid or revoked key")]
    Invalid,
    #[error(transparent)]
    Store(StoreError),
}

/// Finds the live key for `secret` and records its use.
pub async fn authenticate(state: &AppState, secret: &str, now: DateTime<Utc>) -> Result<ApiKeyRow, KeyError> {
    if !is_secret_shape(secret) {
        return Err(KeyError::Invalid);
    }
    let row = match state.store.api_key_by_hash(&secret_hash(&state.derivation_key, secret)).await {
        Ok(row) => row,
        Err(StoreError::NotFound) => return Err(KeyError::Invalid),
        Err(error) => return Err(KeyError::Store(error)),
    };
    if row.revoked_at.is_some() {
        tracing::warn!(key_id = %row.id, "revoked api key used");
        return Err(KeyError::Invalid);
    }
    state.store.touch_api_key(row.id, now).await.map_err(KeyError::Store)?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_request_names_each_problem() {
        let errors = KeyRequest::parse(" ", &["complaints:read", "complaints:delete"]).expect_err("invalid");
        assert!(errors.contains(&KeyRequestError::NameMissing), "{errors:?}");
        assert!(errors.contains(&KeyRequestError::UnknownScope("complaints:delete".into())), "{errors:?}");

        let errors = KeyRequest::parse("ЕИС МВД", &[] as &[&str]).expect_err("no scope");
        assert_eq!(errors, vec![KeyRequestError::NoScope]);
    }

    #[test]
    fn key_request_orders_and_dedupes_scopes() {
        let request = KeyRequest::parse(" ЕИС МВД ", &["complaints:write", "complaints:read", "complaints:write"])
            .expect("valid");
        assert_eq!(request.name, "ЕИС МВД");
        assert_eq!(request.scopes, vec![Scope::ComplaintsRead, Scope::ComplaintsWrite]);
    }

    #[test]
    fn secret_shape() {
        assert!(is_secret_shape(&format!("sk_{}", "a1".repeat(20))));
        assert!(!is_secret_shape("sk_short"));
        assert!(!is_secret_shape(&format!("pk_{}", "a1".repeat(20))));
        assert!(!is_secret_shape(&format!("sk_{}", "zz".repeat(20))));
    }
}
