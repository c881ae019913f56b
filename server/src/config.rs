//! Where the data lives and how the Leptos settings are read.

use std::path::{Path, PathBuf};

use leptos::config::LeptosOptions;

/// The default `DATABASE_URL`: the SQLite file `appello.db` in the data folder.
pub fn default_database_url(data_dir: &Path) -> String {
    format!("sqlite:{}", data_dir.join("appello.db").display())
}

/// The Leptos settings from `LEPTOS_*` variables. A binary built by cargo-leptos knows its
/// output name; one built by plain `cargo` (tests) falls back to `appello`.
pub fn leptos_options() -> LeptosOptions {
    // leptos_config 0.8 returns an empty output name, with a warning, when none is set.
    match leptos::config::get_configuration(None) {
        Ok(conf) if !conf.leptos_options.output_name.is_empty() => conf.leptos_options,
        _ => {
            let env = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_string());
            LeptosOptions::builder()
                .output_name("appello")
                .site_root(env("LEPTOS_SITE_ROOT", "target/site"))
                .site_pkg_dir(env("LEPTOS_SITE_PKG_DIR", "pkg"))
                .site_addr(
                    env("LEPTOS_SITE_ADDR", "127.0.0.1:3000")
                        .parse::<std::net::SocketAddr>()
                        .unwrap_or(([127, 0, 0, 1], 3000).into()),
                )
                .build()
        }
    }
}

/// The folder of the built site (`LEPTOS_SITE_ROOT`).
pub fn site_root(options: &LeptosOptions) -> PathBuf {
    PathBuf::from(options.site_root.as_ref())
}
