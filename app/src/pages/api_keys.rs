//! `/desk/platform/api-keys`: an agency admin lists, issues and revokes the body's secret
//! keys of the REST API. The forms work without JavaScript and post to the page's address;
//! a new key is shown once, on the page that the creating post renders.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::desk::{desk_error_view, StaffBar};
use super::Redirect;
use crate::components::{href, use_lang, SiteLayout};
use crate::i18n::Lang;
use crate::model::{AppError, StaffView};

/// One key as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub scopes: String,
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: Option<String>,
}

/// The page's data: the signed-in admin and the body's keys, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeysData {
    pub staff: StaffView,
    pub keys: Vec<ApiKeyView>,
}

/// The result of a post, which the form handler provides to the page it renders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiKeyOutcome {
    /// The name and the secret of the key just issued, shown this once.
    pub created: Option<(String, String)>,
    pub revoked: bool,
    /// Messages of a rejected post, each naming the field and the fix.
    pub errors: Vec<String>,
    /// The posted name and scope choices, kept when the post is rejected.
    pub name: String,
    pub read: bool,
    pub write: bool,
}

/// Loads the keys of the signed-in agency admin's body.
#[server(prefix = "/fn", endpoint = "api_keys")]
pub async fn load_api_keys(lang: Lang) -> Result<ApiKeysData, AppError> {
    use crate::loaders::ssr as l;
    use crate::server::desk::{self, DeskError};
    use crate::server::platform;
    use crate::server::time::format_moscow;

    let state = l::state()?;
    let session = l::session(&state).await?;
    let org_id = platform::require_agency_admin(&session).map_err(|_| AppError::Forbidden)?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(|error| match error {
        DeskError::Forbidden => AppError::Forbidden,
        other => l::internal(other),
    })?;
    let keys = state.store.list_api_keys(Some(org_id)).await.map_err(l::store_error)?;
    let keys = keys
        .into_iter()
        .map(|key| ApiKeyView {
            id: key.id.to_string(),
            name: key.name,
            prefix: key.prefix,
            scopes: key.scopes.replace(' ', ", "),
            created: format_moscow(key.created_at),
            last_used: key.last_used_at.map(format_moscow),
            revoked: key.revoked_at.map(format_moscow),
        })
        .collect();
    Ok(ApiKeysData { staff, keys })
}

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.api_texts();
    let outcome = use_context::<ApiKeyOutcome>().unwrap_or_default();
    let content = Suspend::new(async move {
        let data = match load_api_keys(lang).await {
            Ok(data) => data,
            Err(AppError::Forbidden) => return view! { <ForbiddenNote/> }.into_any(),
            Err(error) => return desk_error_view(error),
        };
        if data.staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let csrf = data.staff.csrf_token.clone();
        let action = href(lang, "/desk/platform/api-keys");
        let created = outcome.created.clone().map(|(name, secret)| {
            view! {
                <section class="note note--important" role="status" aria-labelledby="created-title">
                    <h2 id="created-title">{t.created_title} ": " {name}</h2>
                    <p>{t.created_warning}</p>
                    <p><code data-testid="api-secret">{secret}</code></p>
                </section>
            }
        });
        let revoked = outcome.revoked.then(|| view! { <p class="note" role="status">{t.revoked_notice}</p> });
        let errors = (!outcome.errors.is_empty()).then(|| {
            let items = outcome.errors.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view();
            view! {
                <div class="error-summary" id="error-summary" role="alert" tabindex="-1">
                    <ul>{items}</ul>
                </div>
            }
        });
        let rows = data
            .keys
            .iter()
            .map(|key| {
                let state = match &key.revoked {
                    Some(at) => (t.revoked_on)(at),
                    None => t.active.to_string(),
                };
                let revoke = key.revoked.is_none().then(|| {
                    view! {
                        <form method="post" action=action.clone()>
                            <input type="hidden" name="csrf" value=csrf.clone()/>
                            <input type="hidden" name="action" value="revoke"/>
                            <input type="hidden" name="id" value=key.id.clone()/>
                            <button type="submit" class="button button--secondary">
                                {t.revoke_button}
                                <span class="visually-hidden">" " {key.name.clone()}</span>
                            </button>
                        </form>
                    }
                });
                view! {
                    <tr data-key-id=key.id.clone()>
                        <td>{key.name.clone()}</td>
                        <td><code>{key.prefix.clone()} "…"</code></td>
                        <td>{key.scopes.clone()}</td>
                        <td>{key.created.clone()}</td>
                        <td>{key.last_used.clone().unwrap_or_else(|| t.never_used.to_string())}</td>
                        <td>{state}</td>
                        <td>{revoke}</td>
                    </tr>
                }
            })
            .collect_view();
        let table = (!data.keys.is_empty()).then(|| {
            view! {
                <table class="inbox">
                    <thead>
                        <tr>
                            <th scope="col">{t.column_name}</th>
                            <th scope="col">{t.column_prefix}</th>
                            <th scope="col">{t.column_scopes}</th>
                            <th scope="col">{t.column_created}</th>
                            <th scope="col">{t.column_last_used}</th>
                            <th scope="col">{t.column_state}</th>
                            <th scope="col"><span class="visually-hidden">{t.revoke_button}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        });
        let no_keys = data.keys.is_empty().then(|| view! { <p>{t.no_keys}</p> });
        view! {
            <StaffBar staff=data.staff/>
            <h1>{t.page_title}</h1>
            <p class="lead">{t.page_intro} " " {t.docs_hint}</p>
            {created}
            {revoked}
            {errors}
            <h2>{t.create_title}</h2>
            <form method="post" action=action.clone() class="narrow-form" novalidate=true>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="action" value="create"/>
                <div class="field">
                    <label for="api-key-name">{t.name_label}</label>
                    <p class="field__hint" id="api-key-name-hint">{t.name_hint}</p>
                    <input
                        type="text"
                        id="api-key-name"
                        name="name"
                        value=outcome.name.clone()
                        required=true
                        aria-describedby="api-key-name-hint"
                    />
                </div>
                <fieldset class="field">
                    <legend>{t.scopes_label}</legend>
                    <label>
                        <input type="checkbox" name="scope_read" value="on" checked=outcome.read || outcome.errors.is_empty()/>
                        " " {t.scope_read}
                    </label>
                    <label>
                        <input type="checkbox" name="scope_write" value="on" checked=outcome.write/>
                        " " {t.scope_write}
                    </label>
                </fieldset>
                <button type="submit" class="button">{t.create_button}</button>
            </form>
            <h2>{t.list_title}</h2>
            {no_keys}
            {table}
        }
        .into_any()
    });
    view! {
        <SiteLayout title=t.page_title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

/// Renders the page for a member who is not an agency admin, with status 403.
#[component]
fn ForbiddenNote() -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <h1>{lang.api_texts().page_title}</h1>
        <p role="alert">{lang.api_texts().forbidden}</p>
    }
}
