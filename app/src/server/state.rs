//! What every request handler and server function gets: the store and the settings.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::secrets::{random_token, DerivationKey};
use super::store::{Store, StoreResult};
use crate::domain::calendar::ProductionCalendar;

/// How long an instance uses its copy of the production calendar before reading it again,
/// so that a correction made through another instance reaches this one within this time.
const CALENDAR_REFRESH: Duration = Duration::from_secs(60);

/// Settings that are not Leptos's own.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where e-mail goes.
    pub mail: super::mail::MailSettings,
    /// The portal's address as people reach it, for links in e-mail (no trailing slash).
    pub public_url: String,
    /// OpenID Connect sign-in for citizens, when configured.
    pub oidc: Option<super::oidc::OidcSettings>,
    /// Whether cookies carry `Secure`. On by default; only tests over plain HTTP on a
    /// non-loopback name would need it off.
    pub secure_cookies: bool,
    /// How long a staff session lasts, in hours.
    pub session_hours: i64,
    /// Where the files attached to answers are kept.
    pub files: Arc<dyn super::files::FileStore>,
    /// How long a webhook endpoint has to answer before the attempt counts as failed.
    pub webhook_timeout: Duration,
    /// Rate limits and the proof-of-work difficulty.
    pub abuse: super::abuse::AbuseSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: true,
            session_hours: 12,
            public_url: "http://127.0.0.1:3000".to_string(),
            oidc: None,
            files: Arc::new(super::files::LocalFolder::new("data/attachments")),
            webhook_timeout: Duration::from_secs(10),
            abuse: super::abuse::AbuseSettings::default(),
            mail: super::mail::MailSettings::Outbox {
                folder: "data/outbox".into(),
                from: "Appello <no-reply@appello.localhost>".to_string(),
            },
        }
    }
}

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub derivation_key: DerivationKey,
    pub settings: Arc<Settings>,
    calendar: Arc<RwLock<Option<(Instant, Arc<ProductionCalendar>)>>>,
}

impl AppState {
    /// Builds the state on a migrated store, creating the shared derivation key on first use.
    pub async fn new(leptos_options: LeptosOptions, store: Store, settings: Settings) -> StoreResult<AppState> {
        let key_hex = store.setting_or_insert("derivation_key", &random_token(32)).await?;
        let derivation_key =
            DerivationKey::from_hex(&key_hex).expect("the stored derivation key is 32 random bytes in hex");
        super::calendar::seed_shipped_years(&store).await?;
        Ok(AppState {
            leptos_options,
            store,
            derivation_key,
            settings: Arc::new(settings),
            calendar: Arc::new(RwLock::new(None)),
        })
    }

    /// The production calendar, read from the database at most once a minute.
    pub async fn calendar(&self) -> StoreResult<Arc<ProductionCalendar>> {
        let cached = self.calendar.read().ok().and_then(|slot| slot.clone());
        if let Some((read_at, calendar)) = cached {
            if read_at.elapsed() < CALENDAR_REFRESH {
                return Ok(calendar);
            }
        }
        let calendar = Arc::new(super::calendar::load(&self.store).await?);
        if let Ok(mut slot) = self.calendar.write() {
            *slot = Some((Instant::now(), calendar.clone()));
        }
        Ok(calendar)
    }

    /// Drops the cached calendar after a correction, so this instance reads it again at once.
    pub fn forget_calendar(&self) {
        if let Ok(mut slot) = self.calendar.write() {
            *slot = None;
        }
    }
}
