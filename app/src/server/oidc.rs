//! Citizen sign-in through OpenID Connect: the authorization code flow with PKCE, against a
//! provider named by its issuer URL (in production the national identity provider or a
//! gateway to it). The provider must return a verified e-mail address, which is what links
//! a citizen to the complaints filed with it.

use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};

use super::state::AppState;
use super::store::StoreError;

/// How long a sign-in may take at the provider.
const LOGIN_TTL_MINUTES: i64 = 15;

#[derive(Clone, Debug)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// The text of the sign-in button, such as the provider's name.
    pub label: String,
}

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("OpenID Connect is not configured")]
    NotConfigured,
    #[error("the provider's configuration could not be read: {0}")]
    Discovery(String),
    #[error("the sign-in is unknown or expired")]
    UnknownState,
    #[error("the provider rejected the code: {0}")]
    Exchange(String),
    #[error("the provider's identity token is invalid: {0}")]
    IdToken(String),
    #[error("the provider's UserInfo request failed: {0}")]
    UserInfo(String),
    #[error("the provider gave no verified e-mail address")]
    NoVerifiedEmail,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn http_client() -> Result<openidconnect::reqwest::Client, OidcError> {
    // Following redirects would let a provider's response send requests elsewhere.
    openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| OidcError::Discovery(e.to_string()))
}

fn redirect_url(state: &AppState) -> String {
    format!("{}/cabinet/oidc/callback", state.settings.public_url)
}

/// Starts a sign-in: stores the PKCE verifier and nonce under a random state, and returns the
/// provider's authorization URL and the state. The browser keeps the state in a cookie, so a
/// callback started in another browser is rejected.
pub async fn start(state: &AppState, now: DateTime<Utc>) -> Result<(String, String), OidcError> {
    let settings = state.settings.oidc.as_ref().ok_or(OidcError::NotConfigured)?;
    let http = http_client()?;
    let issuer = IssuerUrl::new(settings.issuer.clone()).map_err(|e| OidcError::Discovery(e.to_string()))?;
    let metadata =
        CoreProviderMetadata::discover_async(issuer, &http).await.map_err(|e| OidcError::Discovery(e.to_string()))?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(settings.client_id.clone()),
        settings.client_secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(redirect_url(state)).map_err(|e| OidcError::Discovery(e.to_string()))?);

    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("email".to_string()))
        .set_pkce_challenge(challenge)
        .url();
    state.store.put_oidc_login(csrf.secret(), verifier.secret(), nonce.secret(), now).await?;
    Ok((url.to_string(), csrf.secret().clone()))
}

/// Finishes a sign-in: takes the stored state (so it works once), exchanges the code with the
/// PKCE verifier, and checks the identity token and its nonce. Returns the verified e-mail from
/// the identity token, or from the UserInfo endpoint when the token lacks the email claims.
pub async fn finish(state: &AppState, code: &str, state_param: &str, now: DateTime<Utc>) -> Result<String, OidcError> {
    let settings = state.settings.oidc.as_ref().ok_or(OidcError::NotConfigured)?;
    let login = match state.store.take_oidc_login(state_param).await {
        Ok(login) => login,
        Err(StoreError::NotFound) => return Err(OidcError::UnknownState),
        Err(e) => return Err(e.into()),
    };
    if now - login.created_at > Duration::minutes(LOGIN_TTL_MINUTES) {
        return Err(OidcError::UnknownState);
    }

    let http = http_client()?;
    let issuer = IssuerUrl::new(settings.issuer.clone()).map_err(|e| OidcError::Discovery(e.to_string()))?;
    let metadata =
        CoreProviderMetadata::discover_async(issuer, &http).await.map_err(|e| OidcError::Discovery(e.to_string()))?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(settings.client_id.clone()),
        settings.client_secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(redirect_url(state)).map_err(|e| OidcError::Discovery(e.to_string()))?);

    let response = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(|e| OidcError::Exchange(e.to_string()))?
        .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier))
        .request_async(&http)
        .await
        .map_err(|e| OidcError::Exchange(e.to_string()))?;
    let id_token = response.id_token().ok_or_else(|| OidcError::IdToken("no ID token".to_string()))?;
    let claims = id_token
        .claims(&client.id_token_verifier(), &Nonce::new(login.nonce))
        .map_err(|e| OidcError::IdToken(e.to_string()))?;
    let (email, verified) = match (claims.email(), claims.email_verified()) {
        (Some(email), Some(verified)) => (Some(email.as_str().to_string()), Some(verified)),
        _ => {
            // OpenID Connect Core 1.0 section 5.4 returns the email scope's claims from UserInfo
            // when an access token is issued, so some providers leave them out of the ID token.
            let request = client
                .user_info(response.access_token().clone(), Some(claims.subject().clone()))
                .map_err(|e| OidcError::UserInfo(e.to_string()))?;
            let info: CoreUserInfoClaims =
                request.request_async(&http).await.map_err(|e| OidcError::UserInfo(e.to_string()))?;
            (info.email().map(|email| email.as_str().to_string()), info.email_verified())
        }
    };
    match (email, verified) {
        (Some(email), Some(true)) => crate::domain::text::email(&email).map_err(|_| OidcError::NoVerifiedEmail),
        _ => Err(OidcError::NoVerifiedEmail),
    }
}
