//! The HTML shell and the routes.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::hydration::IslandScripts;
use crate::i18n::Lang;
use crate::pages::{
    AdminCalendarYearPage, AdminPage, ComplaintPage, DeskComplaintPage, DeskInboxPage, HomePage, LoginPage, NotFoundPage, PaperPage, PasswordPage,
    StatusPage, WidgetPage,
};

/// The whole HTML document. Runs only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    provide_context(lang);
    #[cfg(feature = "ssr")]
    provide_request_nonce();
    let theme = widget_theme();
    let accessible = crate::components::accessible_requested().then_some("on");
    let accent = widget_accent().map(|css| view! { <style nonce=leptos::nonce::use_nonce()>{css}</style> });
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir="ltr" data-theme=theme data-accessible=accessible>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href="/pkg/appello.css"/>
                // An empty icon, so that browsers do not request /favicon.ico.
                <link rel="icon" href="data:,"/>
                {accent}
                <IslandScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/complaint/:org") view=ComplaintPage ssr=SsrMode::Async/>
                <Route path=path!("/w/:key") view=WidgetPage ssr=SsrMode::Async/>
                <Route path=path!("/status") view=StatusPage ssr=SsrMode::Async/>
                <Route path=path!("/status/reply") view=crate::pages::StatusReplyPage ssr=SsrMode::Async/>
                <Route path=path!("/cabinet") view=crate::pages::CabinetPage ssr=SsrMode::Async/>
                <Route path=path!("/cabinet/link/:token") view=crate::pages::CabinetLinkPage ssr=SsrMode::Async/>
                <Route path=path!("/cabinet/c/:number") view=crate::pages::CabinetComplaintPage ssr=SsrMode::Async/>
                <Route path=path!("/cabinet/c/:number/reply") view=crate::pages::CabinetReplyPage ssr=SsrMode::Async/>
                <Route path=path!("/desk") view=DeskInboxPage ssr=SsrMode::Async/>
                <Route path=path!("/desk/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/desk/password") view=PasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/desk/c/:number") view=DeskComplaintPage ssr=SsrMode::Async/>
                <Route path=path!("/desk/c/:number/reply") view=crate::pages::DeskReplyPage ssr=SsrMode::Async/>
                <Route path=path!("/desk/new") view=PaperPage ssr=SsrMode::Async/>
                <Route path=path!("/desk/platform/webhooks") view=crate::pages::WebhooksPage ssr=SsrMode::Async/>
                <Route path=path!("/desk/platform/webhooks/:id") view=crate::pages::WebhookDeliveriesPage ssr=SsrMode::Async/>
                <Route path=path!("/desk/platform/api-keys") view=crate::pages::ApiKeysPage ssr=SsrMode::Async/>
                <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/keys") view=crate::pages::AdminKeysPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/audit") view=crate::pages::AdminAuditPage ssr=SsrMode::Async/>
                <Route path=path!("/desk/platform") view=crate::pages::PlatformPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/calendar/:year") view=AdminCalendarYearPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

/// The language of the request: a `Lang` provided by a form handler (the posted `lang`
/// field), else the `lang` query parameter, else the `lang` cookie, else Russian.
fn request_lang() -> Lang {
    if let Some(lang) = use_context::<Lang>() {
        return lang;
    }
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return crate::server::lang::from_request(&parts.uri, &parts.headers);
    }
    Lang::default()
}

/// The widget's colour scheme from its `theme` parameter: light, dark or auto (the default).
fn widget_theme() -> &'static str {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        if parts.uri.path().starts_with("/w/") {
            return crate::server::lang::query_param(&parts.uri, "theme")
                .and_then(|t| ["light", "dark", "auto"].into_iter().find(|v| v.eq_ignore_ascii_case(t.trim())))
                .unwrap_or("auto");
        }
    }
    "light"
}

/// The widget's accent colour from its `accent` parameter (`#rgb` or `#rrggbb`), as CSS
/// that overrides the accent and picks black or white text for contrast on it.
fn widget_accent() -> Option<String> {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        if parts.uri.path().starts_with("/w/") {
            let raw = crate::server::lang::query_param(&parts.uri, "accent")?;
            let colour = crate::domain::colour::HexColour::parse(&raw.replace("%23", "#"))?;
            return Some(format!(
                ":root{{--accent:{};--accent-text:{}}}",
                colour.css(),
                if colour.is_light() { "#000000" } else { "#ffffff" }
            ));
        }
    }
    None
}

/// Provides the CSP nonce that the server put on the request, so that the inline
/// hydration script carries it.
#[cfg(feature = "ssr")]
fn provide_request_nonce() {
    if let Some(nonce) =
        use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<crate::server::csp::CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}
