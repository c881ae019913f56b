//! The texts of the accessible version (large type, high contrast) and of the form draft
//! saved in the browser, in Russian and English.

use super::Lang;

/// The accessible version's switch and the draft notice in one language.
pub struct AccessTexts {
    /// The link that turns the accessible version on.
    pub accessible_on: &'static str,
    /// The link back to the standard version.
    pub accessible_off: &'static str,
    /// The notice above a form filled in from a saved draft.
    pub draft_restored: &'static str,
    pub draft_clear: &'static str,
    /// The notice after the draft is cleared.
    pub draft_cleared: &'static str,
}

pub fn texts(lang: Lang) -> &'static AccessTexts {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}

static RU: AccessTexts = AccessTexts {
    accessible_on: "Версия для слабовидящих",
    accessible_off: "Обычная версия",
    draft_restored: "Форма заполнена из черновика, сохранённого в этом браузере.",
    draft_clear: "Очистить черновик",
    draft_cleared: "Черновик удалён, форма очищена.",
};

static EN: AccessTexts = AccessTexts {
    accessible_on: "Accessible version",
    accessible_off: "Standard version",
    draft_restored: "The form is filled in from a draft saved in this browser.",
    draft_clear: "Clear draft",
    draft_cleared: "The draft is deleted and the form is cleared.",
};
