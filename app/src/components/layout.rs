//! Page frames: the portal layout with header and footer, and the bare widget layout.

use leptos::prelude::*;
use leptos_meta::Title;

use super::access::{keep_accessible, AccessibleSwitch};
use crate::i18n::Lang;
use crate::model::AppError;

/// The language of the current page, provided by the shell.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// A link to `path` in `lang`: Russian is the default and needs no parameter.
pub fn href(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Ru => path.to_string(),
        Lang::En => {
            let separator = if path.contains('?') { '&' } else { '?' };
            format!("{path}{separator}lang=en")
        }
    }
}

/// The portal frame: skip link, header with navigation and language switch, footer.
#[component]
pub fn SiteLayout(title: String, children: Children) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let other = lang.other();
    let switch_href = keep_accessible(format!("?lang={}", other.code()));
    let full_title = format!("{title} — {}", t.common.site_name);
    view! {
        <Title text=full_title/>
        <a class="skip-link" href="#main">{t.common.skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-name" href=href(lang, "/")>
                    <span class="site-name__title">{t.common.site_name}</span>
                    <span class="site-name__tagline">{t.common.tagline}</span>
                </a>
                <nav aria-label=t.common.site_name>
                    <ul class="site-nav">
                        <li><a href=href(lang, "/")>{t.common.nav_file}</a></li>
                        <li><a href=href(lang, "/status")>{t.common.nav_status}</a></li>
                        <li><a href=href(lang, "/cabinet")>{t.cabinet.nav}</a></li>
                        <li><a href=href(lang, "/desk")>{t.common.nav_desk}</a></li>
                        <li><AccessibleSwitch/></li>
                        <li><a href=switch_href lang=other.code() hreflang=other.code()>{t.common.other_language}</a></li>
                    </ul>
                </nav>
            </div>
        </header>
        <main id="main" class="page" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{t.common.footer}</p>
        </footer>
    }
}

/// The widget frame: no site navigation, since the page lives inside an agency's site. A
/// `standalone` widget page (opened through the link for browsers without JavaScript) gets a
/// slim header with the portal's name and the language switch.
#[component]
pub fn WidgetLayout(#[prop(optional)] standalone: bool, children: Children) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let other = lang.other();
    // Inside a frame the header contains only the switch to the accessible version.
    let header = if standalone {
        let switch_href = keep_accessible(format!("?lang={}", other.code()));
        view! {
            <header class="widget-header">
                <a class="widget-header__name" href=href(lang, "/")>{t.common.site_name} " — " {t.common.tagline}</a>
                <AccessibleSwitch/>
                <a href=switch_href lang=other.code() hreflang=other.code()>{t.common.other_language}</a>
            </header>
        }
        .into_any()
    } else {
        view! { <header class="widget-tools"><AccessibleSwitch/></header> }.into_any()
    };
    view! {
        <Title text=t.widget.frame_title/>
        {header}
        <main id="main" class="widget">
            {children()}
        </main>
    }
}

/// The body of an error page for `error`, with the HTTP status set on the server.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    let t = use_lang().texts();
    #[cfg(feature = "ssr")]
    {
        let status = match error {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::Unauthorized => http::StatusCode::UNAUTHORIZED,
            AppError::Forbidden => http::StatusCode::FORBIDDEN,
            AppError::Internal | AppError::Request(_) => http::StatusCode::INTERNAL_SERVER_ERROR,
        };
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
    }
    let (heading, text) = match error {
        AppError::NotFound => (t.common.not_found_title, t.common.not_found_text),
        AppError::Forbidden => (t.common.forbidden_title, t.desk.forbidden),
        _ => (t.common.server_error_title, t.common.server_error_text),
    };
    // Only staff meet a forbidden page; their way back is the desk.
    let back = if error == AppError::Forbidden {
        view! { <a href=href(use_lang(), "/desk")>{t.desk.back_to_inbox}</a> }.into_any()
    } else {
        view! { <a href=href(use_lang(), "/")>{t.common.back_home}</a> }.into_any()
    };
    view! {
        <h1>{heading}</h1>
        <p>{text}</p>
        <p>{back}</p>
    }
}
