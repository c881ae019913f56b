//! Server-only code: storage, services and authentication. Compiled with the `ssr` feature.

pub mod admin;
pub mod auth;
pub mod calendar;
pub mod citizen;
pub mod cookies;
pub mod complaints;
pub mod csp;
pub mod desk;
pub mod directory;
pub mod files;
pub mod forms;
pub mod jobs;
pub mod keys;
pub mod lang;
pub mod notify;
pub mod mail;
pub mod oidc;
pub mod platform;
pub mod reply;
pub mod secrets;
pub mod state;
pub mod store;
pub mod time;
pub mod views;
pub mod webhooks;
pub mod workflow;
