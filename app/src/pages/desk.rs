//! The desk's sign-in, password change and the bar that shows who is signed in.

use leptos::prelude::*;

use super::Redirect;
use crate::components::{href, use_lang, ErrorSummary, PageError, SiteLayout, TextField};
use crate::domain::Field;
use crate::loaders::load_staff;
use crate::model::{AppError, LoginOutcome, PasswordOutcome, StaffView};

/// Sends an anonymous visitor to the sign-in page and a member with a temporary password
/// to the password page; shows any other error.
pub(super) fn desk_error_view(error: AppError) -> AnyView {
    let lang = use_lang();
    match error {
        AppError::Unauthorized => view! { <Redirect path=href(lang, "/desk/login")/> }.into_any(),
        error => view! { <PageError error/> }.into_any(),
    }
}

/// Who is signed in, and the sign-out button.
#[component]
pub(super) fn StaffBar(staff: StaffView) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let p = crate::i18n::platform::platform_texts(lang);
    let links: Vec<(&str, &str)> = match staff.role.as_str() {
        "agency_admin" => vec![("/desk", p.nav_inbox), ("/desk/platform", p.nav_platform)],
        "operator" => vec![("/admin/keys", p.nav_keys), ("/admin/audit", p.nav_audit), ("/admin", p.nav_calendar)],
        _ => Vec::new(),
    };
    let nav = (!links.is_empty()).then(|| {
        let items = links.into_iter().map(|(path, label)| view! { <li><a href=href(lang, path)>{label}</a></li> }).collect_view();
        view! { <nav class="staff-nav" aria-label=p.nav_platform><ul>{items}</ul></nav> }
    });
    view! {
        <div class="staff-bar">
            <span>{(t.desk.signed_in_as)(&staff.email)} " · " {staff.org_name.clone()}</span>
            {nav}
            <form method="post" action=href(lang, "/desk/logout")>
                <input type="hidden" name="csrf" value=staff.csrf_token.clone()/>
                <button type="submit" class="button button--link">{t.desk.logout}</button>
            </form>
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let outcome = use_context::<LoginOutcome>();
    let email = outcome.as_ref().map(|o| o.email.clone()).unwrap_or_default();
    let errors = outcome.map(|o| o.errors).unwrap_or_default();
    view! {
        <SiteLayout title=t.desk.login_title.to_string()>
            <h1>{t.desk.login_title}</h1>
            <p class="lead">{t.desk.login_intro}</p>
            <form method="post" action=href(lang, "/desk/login") novalidate=true class="narrow-form">
                <ErrorSummary errors=errors.clone()/>
                <input type="hidden" name="lang" value=lang.code()/>
                <TextField field=Field::Email value=email problem=errors.get(Field::Email) kind="email"
                    required=true autocomplete="username"/>
                <TextField field=Field::Password value=String::new() problem=errors.get(Field::Password)
                    kind="password" required=true autocomplete="current-password"/>
                <div class="actions">
                    <button type="submit" class="button button--primary">{t.desk.login_submit}</button>
                </div>
            </form>
        </SiteLayout>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let errors = use_context::<PasswordOutcome>().map(|o| o.errors).unwrap_or_default();
    let content = Suspend::new(async move {
        let staff = match load_staff(lang).await {
            Ok(staff) => staff,
            Err(error) => return desk_error_view(error),
        };
        let csrf = staff.csrf_token.clone();
        view! {
            <StaffBar staff/>
            <h1>{t.desk.password_title}</h1>
            <p class="lead">{t.desk.password_intro}</p>
            <form method="post" action=href(lang, "/desk/password") novalidate=true class="narrow-form">
                <ErrorSummary errors=errors.clone()/>
                <input type="hidden" name="csrf" value=csrf/>
                <TextField field=Field::NewPassword value=String::new() problem=errors.get(Field::NewPassword)
                    kind="password" required=true autocomplete="new-password"/>
                <TextField field=Field::NewPasswordRepeat value=String::new()
                    problem=errors.get(Field::NewPasswordRepeat) kind="password" required=true
                    autocomplete="new-password"/>
                <div class="actions">
                    <button type="submit" class="button button--primary">{t.desk.password_submit}</button>
                </div>
            </form>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=t.desk.password_title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

