//! The caller of an API request: the live secret key from `Authorization: Bearer`, and the
//! language of its messages.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::{header, request::Parts, StatusCode};

use app::i18n::Lang;
use app::server::api_keys::{authenticate, scopes_of, KeyError, Scope};
use app::server::state::AppState;
use app::server::store::{now, ApiKeyRow};

use super::problem::{request_lang, ApiError};

/// A request whose key was checked: the key is known, not revoked, and its use recorded.
pub struct Caller {
    pub key: ApiKeyRow,
    pub lang: Lang,
}

impl Caller {
    /// Returns 403 unless the key has `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if scopes_of(&self.key).contains(&scope) {
            return Ok(());
        }
        tracing::warn!(key_id = %self.key.id, scope = scope.code(), "api key without the needed scope");
        let t = self.lang.api_texts();
        Err(ApiError::new(StatusCode::FORBIDDEN, "insufficient-scope", t.scope_title, (t.scope_missing)(scope.code())))
    }
}

impl<S> FromRequestParts<S> for Caller
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let lang = request_lang(&parts.headers);
        let t = lang.api_texts();
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_string());
        let Some(secret) = secret else {
            return Err(ApiError::unauthorized(lang, t.key_missing, false));
        };
        match authenticate(&state, &secret, now()).await {
            Ok(key) => {
                crate::abuse::limit_api_key(&state, &key, lang).await?;
                Ok(Caller { key, lang })
            }
            Err(KeyError::Invalid) => Err(ApiError::unauthorized(lang, t.key_invalid, true)),
            Err(KeyError::Store(error)) => Err(ApiError::internal(lang, error)),
        }
    }
}
