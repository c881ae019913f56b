#![recursion_limit = "256"]
//! Appello's Leptos application: domain types, texts, pages, islands and server functions.
//! Server-only code (storage, services, authentication) sits in `server`, behind `ssr`.

pub mod app;
pub mod components;
pub mod domain;
pub mod hydration;
pub mod i18n;
pub mod islands;
pub mod loaders;
pub mod model;
pub mod pages;
pub mod reply;
#[cfg(feature = "ssr")]
pub mod server;

pub use app::{shell, App};
