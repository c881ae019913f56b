//! Demo data for a first run, and the demo agency site that embeds the widget.

use std::net::SocketAddr;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

use app::server::auth::{hash_password, AuthError, Role};
use app::server::directory::{import_directory, DirectoryError};
use app::server::keys::{new_public_key, normalize_origins, OriginError};
use app::server::store::{now, StaffProfile, Store, StoreError, WidgetKeyRow};

/// The directory loaded by `appello demo`.
pub const DEMO_DIRECTORY: &str = include_str!("../demo/directory.toml");
/// The body whose widget the demo agency site embeds.
pub const DEMO_ORG: &str = "mvd";
pub const DEMO_REVIEWER: &str = "reviewer.mvd@appello.example";
/// The demo reviewer's fictional full name, which the reasoned replies print.
pub const DEMO_REVIEWER_NAME: &str = "Соколова Марина Андреевна";
pub const DEMO_REVIEWER_POSITION: &str =
    "главный специалист-эксперт отдела организации предоставления государственных услуг";
/// The `settings` entry that remembers the demo widget key between runs.
const DEMO_KEY_SETTING: &str = "demo_widget_key";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Origin(#[from] OriginError),
}

/// What `appello demo` set up.
pub struct DemoData {
    pub widget_key: String,
    pub reviewer_email: String,
    pub reviewer_password: String,
}

/// Loads the demo directory, makes sure an active demo widget key of the demo body for
/// `origins` exists, and gives the demo reviewer a new password and the demo name and
/// position, which databases from before names were recorded lack. Safe to run again: the key
/// changes only when it was revoked or deleted or the origins changed.
pub async fn load(store: &Store, origins: &[String]) -> Result<DemoData, DemoError> {
    import_directory(store, DEMO_DIRECTORY, now()).await?;
    let org = store.org_by_code(DEMO_ORG).await?;
    let origins = normalize_origins(origins)?;

    let remembered = match store.setting(DEMO_KEY_SETTING).await? {
        Some(key) => match store.widget_key(&key).await {
            Ok(row) => Some(row),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let usable =
        |row: &WidgetKeyRow| row.is_active(now()) && row.org_id == org.id && row.origins == sorted(&origins);
    let widget_key = match remembered {
        Some(row) if usable(&row) => row.public_key,
        stale => {
            // Retire an active key whose origins changed (another port, say), so that only
            // the key printed now works.
            if let Some(row) = stale.filter(|row| row.revoked_at.is_none()) {
                let _ = store.revoke_widget_key(&row.public_key, "demo", now()).await;
            }
            let fresh = new_public_key();
            store.create_widget_key(org.id, &fresh, &origins, "demo", now()).await?;
            store.replace_setting(DEMO_KEY_SETTING, &fresh).await?;
            fresh
        }
    };
    finish(store, widget_key).await
}

async fn finish(store: &Store, widget_key: String) -> Result<DemoData, DemoError> {
    let org = store.org_by_code(DEMO_ORG).await?;
    let password = app::server::auth::one_time_password();
    let hash = hash_password(password.clone()).await?;
    let profile = StaffProfile {
        full_name: Some(DEMO_REVIEWER_NAME.to_string()),
        position: Some(DEMO_REVIEWER_POSITION.to_string()),
    };
    match store.user_by_email(DEMO_REVIEWER).await {
        Ok(user) => {
            store.set_password(user.id, &hash, false, None).await?;
            // Fill in only what is missing, keeping a name or position set by `users update`.
            let missing = StaffProfile {
                full_name: profile.full_name.filter(|_| user.full_name.is_none()),
                position: profile.position.filter(|_| user.position.is_none()),
            };
            if missing != StaffProfile::default() {
                store.update_user_profile(user.id, &missing, "demo", now()).await?;
            }
        }
        Err(StoreError::NotFound) => {
            let role = Role::Reviewer.code();
            store
                .create_user_with_profile(DEMO_REVIEWER, &hash, role, Some(org.id), false, &profile, "demo", now())
                .await?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(DemoData { widget_key, reviewer_email: DEMO_REVIEWER.to_string(), reviewer_password: password })
}

fn sorted(origins: &[String]) -> Vec<String> {
    let mut sorted = origins.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
}

/// The demo widget key, if `appello demo` has run.
pub async fn demo_key(store: &Store) -> Result<Option<String>, StoreError> {
    store.setting(DEMO_KEY_SETTING).await
}

#[derive(Clone)]
struct SiteState {
    portal_url: String,
    key: String,
}

/// Serves the demo agency page on `addr`: an ordinary site whose only link to Appello is
/// the script tag (and the link for browsers without JavaScript).
pub async fn serve_site(addr: SocketAddr, portal_url: String, key: String) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    tracing::info!(%addr, "demo agency site listening");
    let router = Router::new().route("/", get(agency_page)).with_state(SiteState { portal_url, key });
    axum::serve(listener, router).await
}

async fn agency_page(State(site): State<SiteState>) -> Response {
    let page = AGENCY_PAGE.replace("{portal}", &site.portal_url).replace("{key}", &site.key);
    let mut response = Html(page).into_response();
    // A strict policy of the kind agency sites use: only the Appello server may add scripts,
    // fetches and frames, and no inline code runs.
    let policy = format!(
        "default-src 'self'; script-src {portal} 'wasm-unsafe-eval'; connect-src {portal}; frame-src {portal}; style-src 'self'",
        portal = site.portal_url
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

const AGENCY_PAGE: &str = r#"<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Обжалование решений и действий — МВД России (демонстрационный сайт)</title>
</head>
<body>
<header>
<p>Министерство внутренних дел Российской Федерации</p>
<p><small>Демонстрационная страница органа для проверки виджета Appello</small></p>
</header>
<main>
<h1>Досудебное обжалование</h1>
<p>Если вы не согласны с решением или действием сотрудника при предоставлении государственной услуги, подайте жалобу через форму ниже.</p>
<script src="{portal}/embed.js" data-key="{key}" async></script>
<noscript><a href="{portal}/w/{key}">Подать жалобу</a></noscript>
</main>
</body>
</html>
"#;

#[cfg(test)]
mod tests {
    use app::server::directory::parse_directory;

    use super::*;

    /// The portal lists each body by its short name followed by its full name, so an equal
    /// pair reads twice.
    #[test]
    fn demo_short_names_differ_from_full_names() {
        let bodies = parse_directory(DEMO_DIRECTORY).expect("the demo directory parses");
        for body in &bodies {
            assert_ne!(body.short_ru, body.name_ru, "short_ru of {}", body.code);
            assert_ne!(body.short_en, body.name_en, "short_en of {}", body.code);
        }
    }
}
