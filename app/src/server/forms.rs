//! Data that complaint forms are rendered with.

use super::complaints::new_form_token;
use super::state::AppState;
use super::store::{OrgRow, StoreResult};
use super::views::localized;
use crate::i18n::Lang;
use crate::model::{FormContext, OrgSummary, ServiceOption};

/// The body, its services and a fresh form token for one complaint form.
pub async fn form_context(state: &AppState, org: &OrgRow, lang: Lang) -> StoreResult<FormContext> {
    let services = state.store.services_of(org.id).await?;
    Ok(FormContext {
        org: OrgSummary {
            code: org.code.clone(),
            name: localized(lang, &org.name_ru, &org.name_en).to_string(),
            short_name: localized(lang, &org.short_ru, &org.short_en).to_string(),
            level: org.level.clone(),
            parent_code: None,
        },
        services: services
            .iter()
            .map(|s| ServiceOption { code: s.code.clone(), name: localized(lang, &s.name_ru, &s.name_en).to_string() })
            .collect(),
        form_token: new_form_token(),
        pow_challenge: super::pow::issue(&state.derivation_key, state.settings.abuse.pow_difficulty, super::store::now()),
        preselected_service: None,
    })
}
