//! Integration tests: the whole application over HTTP and its store, each test on a fresh
//! database, once on SQLite and once on PostgreSQL (see `database.rs` for which server).

/// Runs each named `async fn(Backend)` as two tests, `NAME::sqlite` and `NAME::postgres`.
/// Attributes written before a name, such as `#[ignore = "..."]`, apply to both.
macro_rules! on_both_backends {
    ($($(#[$attribute:meta])* $name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                $(#[$attribute])*
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                $(#[$attribute])*
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        )+
    };
}

mod database;
mod helpers;
mod steps;

mod abuse;
mod accessible;
mod admin;
mod api;
mod api_keys;
mod cabinet;
mod calendar;
mod cli;
mod complaints;
mod deadlines;
mod desk;
mod embed;
mod files;
mod filing_files;
mod inbox;
mod mail;
mod oidc;
mod platform;
mod pages;
mod paper;
mod reply;
mod s3;
mod signin;
mod status;
mod store;
mod transitions;
mod webhooks;
mod widget;
mod workflow;
