//! The `appello` server: the axum router around the Leptos app, the form handlers, the
//! embed loader route, the demo agency site and the command line.

pub mod abuse;
pub mod api;
pub mod api_keys_page;
pub mod cabinet;
pub mod cli;
pub mod cli_abuse;
pub mod cli_api_keys;
pub mod cli_widget_switch;
pub mod config;
pub mod demo;
pub mod embed;
pub mod file_store;
pub mod files;
mod filing;
pub mod forms;
pub mod platform;
pub mod router;
pub mod security;
pub mod telemetry;
pub mod webhooks;
