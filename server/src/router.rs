//! The HTTP routes of the portal, the widget, the desk and the loader.

use std::time::Duration;

use axum::extract::{FromRef, MatchedPath, Request};
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use app::server::state::AppState;
use app::{shell, App};

use crate::embed::{self, EmbedAssets};
use crate::{cabinet, files, forms, platform, security, webhooks};

/// The router's state: the application state and the loader files.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub app: AppState,
    pub embed: EmbedAssets,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.app.leptos_options.clone()
    }
}

pub fn router(app_state: AppState, embed: EmbedAssets) -> Router {
    let options = app_state.leptos_options.clone();
    let routes = generate_route_list(App);
    let pkg = ServeDir::new(std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref()));
    let state = ServerState { app: app_state.clone(), embed };

    let app_context = {
        let app_state = app_state.clone();
        move || leptos::prelude::provide_context(app_state.clone())
    };
    let leptos_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };

    Router::new()
        .route("/complaint/{org}", post(forms::post_portal_complaint))
        .route("/w/{key}", post(forms::post_widget_complaint))
        .route("/status", post(forms::post_status))
        .route("/status/reply", post(forms::post_status_reply))
        .route("/status/reply.pdf", post(forms::post_status_reply_pdf))
        .route("/desk/c/{number}/reply.pdf", get(forms::get_desk_reply_pdf))
        .route("/desk/c/{number}/files/{id}", get(files::get_desk_file))
        .route("/status/files/{id}", post(files::post_status_file))
        .route("/cabinet/c/{number}/files/{id}", get(files::get_cabinet_file))
        .route("/cabinet/login", post(cabinet::post_login))
        .route("/cabinet/verify", post(cabinet::post_verify))
        .route("/cabinet/link/{token}", post(cabinet::post_link))
        .route("/cabinet/logout", post(cabinet::post_logout))
        .route("/cabinet/c/{number}", post(cabinet::post_action))
        .route("/cabinet/c/{number}/reply.pdf", get(cabinet::get_reply_pdf))
        .route("/cabinet/oidc/start", get(cabinet::get_oidc_start))
        .route("/cabinet/oidc/callback", get(cabinet::get_oidc_callback))
        .route("/desk/login", post(forms::post_login))
        .route("/desk/logout", post(forms::post_logout))
        .route("/desk/password", post(forms::post_password))
        .route("/desk/c/{number}", post(forms::post_desk_action))
        .route("/desk/new", post(forms::post_paper))
        .route("/admin/calendar/{year}", post(forms::post_admin_calendar))
        .route("/desk/platform", post(platform::post_platform))
        .route("/admin/keys", post(platform::post_admin_keys))
        .route("/desk/platform/webhooks", post(webhooks::post_create))
        .route("/desk/platform/webhooks/{id}", post(webhooks::post_action))
        .route("/embed.js", get(embed::script))
        .route(embed::WASM_PATH, get(embed::wasm))
        .route("/healthz", get(|| async { "ok" }))
        .merge(crate::api::router())
        .route("/desk/platform/api-keys", post(crate::api_keys_page::post_api_keys))
        .nest_service("/pkg", pkg)
        .leptos_routes_with_context(&state, routes, app_context.clone(), leptos_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(app_context, shell))
        .layer(middleware::from_fn_with_state(app_state, security::headers))
        .layer(middleware::from_fn(security::same_origin))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            // The matched route, not the raw path: paths carry complaint numbers and keys.
            let route = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("unmatched");
            tracing::info_span!("http", method = %request.method(), route)
        }))
        .with_state(state)
}
