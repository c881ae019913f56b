//! Every user-facing text in Russian (the default) and English.
//!
//! Each language is one value of [`Texts`], so a text missing in either language is a
//! compile error rather than a blank on the page. Texts with values are plain functions.

mod en;
mod ru;

use serde::{Deserialize, Serialize};

use crate::domain::{Action, Field, Ground, Problem, RemedyKind, Status};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    /// The language code used in `lang` attributes, the `lang` query parameter and forms.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Reads a language code, ignoring case and surrounding spaces.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, for the language switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ru,
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Ru => &ru::TEXTS,
            Lang::En => &en::TEXTS,
        }
    }
}

/// The texts of one language, grouped by where they appear.
pub struct Texts {
    pub common: Common,
    pub home: Home,
    pub form: Form,
    pub done: Done,
    pub status: StatusPage,
    pub widget: Widget,
    pub desk: Desk,
    /// The label of a form field, as shown next to it and in the error summary.
    pub field_label: fn(Field) -> &'static str,
    /// The sentence shown under a field that has a problem; it names the field and the fix.
    pub problem: fn(Field, Problem) -> String,
    pub ground: fn(Ground) -> &'static str,
    pub status_name: fn(Status) -> &'static str,
    /// The line on the timeline for an event of this action.
    pub event_name: fn(Action) -> &'static str,
    pub remedy_kind: fn(RemedyKind) -> &'static str,
    /// The channel a complaint came through: portal, widget, api or paper.
    pub channel: fn(&str) -> &'static str,
}

pub struct Common {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub nav_file: &'static str,
    pub nav_status: &'static str,
    pub nav_desk: &'static str,
    /// The label of the link to the other language, written in that language.
    pub other_language: &'static str,
    pub skip_to_content: &'static str,
    pub footer: &'static str,
    pub required: &'static str,
    pub optional: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub server_error_title: &'static str,
    pub server_error_text: &'static str,
    pub error_summary_title: &'static str,
    pub back_home: &'static str,
}

pub struct Home {
    pub title: &'static str,
    pub intro: &'static str,
    pub who_can: &'static str,
    pub choose_body: &'static str,
    pub level_federal: &'static str,
    pub level_regional: &'static str,
    pub level_municipal: &'static str,
    pub deadlines: &'static str,
}

pub struct Form {
    pub title: &'static str,
    pub intro: &'static str,
    pub section_subject: &'static str,
    pub section_applicant: &'static str,
    pub section_reply: &'static str,
    pub service_none: &'static str,
    pub grounds_hint: &'static str,
    pub official_hint: &'static str,
    pub subject_hint: &'static str,
    pub arguments_hint: &'static str,
    pub person: &'static str,
    pub legal: &'static str,
    /// Heading of the fields that only a person fills in.
    pub person_fields: &'static str,
    /// Heading of the fields that only a legal entity fills in.
    pub legal_fields: &'static str,
    pub address_hint: &'static str,
    pub phone_hint: &'static str,
    pub email_hint: &'static str,
    pub reply_email: &'static str,
    pub reply_post: &'static str,
    pub postal_address_hint: &'static str,
    pub consent: &'static str,
    pub submit: &'static str,
    pub org_unknown: &'static str,
}

pub struct Done {
    pub title: &'static str,
    pub number: &'static str,
    pub code: &'static str,
    pub keep: &'static str,
    pub next: &'static str,
    pub duplicate: &'static str,
    pub open_status: &'static str,
    pub file_another: &'static str,
}

pub struct StatusPage {
    pub title: &'static str,
    pub intro: &'static str,
    pub submit: &'static str,
    pub complaint_title: fn(&str) -> String,
    pub body: &'static str,
    pub service: &'static str,
    pub received: &'static str,
    pub channel: &'static str,
    pub current_status: &'static str,
    pub grounds: &'static str,
    pub subject: &'static str,
    pub timeline: &'static str,
    pub decision: &'static str,
    pub decided: &'static str,
    pub remedy: &'static str,
    pub reasons: &'static str,
    pub message_to_applicant: &'static str,
    pub further_appeal: &'static str,
    pub by_staff: &'static str,
    pub by_applicant: &'static str,
}

pub struct Widget {
    pub unavailable_title: &'static str,
    pub unknown_key: &'static str,
    pub revoked_key: &'static str,
    pub portal_link: &'static str,
    pub frame_title: &'static str,
}

pub struct Desk {
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub login_submit: &'static str,
    pub signed_in_as: fn(&str) -> String,
    pub logout: &'static str,
    pub password_title: &'static str,
    pub password_intro: &'static str,
    pub password_submit: &'static str,
    pub inbox_title: fn(&str) -> String,
    pub inbox_empty: &'static str,
    pub col_number: &'static str,
    pub col_received: &'static str,
    pub col_applicant: &'static str,
    pub col_service: &'static str,
    pub col_status: &'static str,
    pub applicant: &'static str,
    pub address: &'static str,
    pub contacts: &'static str,
    pub reply_by: &'static str,
    pub official: &'static str,
    pub arguments: &'static str,
    pub actions: &'static str,
    pub action_register: &'static str,
    pub action_start_review: &'static str,
    pub decide_title: &'static str,
    pub outcome_satisfied: &'static str,
    pub outcome_refused: &'static str,
    pub decision_text_hint: &'static str,
    pub action_decide: &'static str,
    pub no_actions: &'static str,
    pub forbidden: &'static str,
    pub illegal_transition: fn(&str, &str) -> String,
    pub back_to_inbox: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_parse_accepts_case_and_spaces() {
        assert_eq!(Lang::parse(" EN "), Some(Lang::En));
        assert_eq!(Lang::parse("ru"), Some(Lang::Ru));
        assert_eq!(Lang::parse("de"), None);
    }

    #[test]
    fn every_problem_message_names_its_field() {
        let problems = [
            Problem::Missing,
            Problem::TooLong { max: 10 },
            Problem::InvalidEmail,
            Problem::InvalidPhone,
            Problem::InvalidChoice,
            Problem::ControlCharacters,
        ];
        for lang in [Lang::Ru, Lang::En] {
            let t = lang.texts();
            for field in [Field::Surname, Field::Email, Field::Subject, Field::Phone] {
                for problem in problems {
                    let message = (t.problem)(field, problem);
                    let label = (t.field_label)(field);
                    assert!(message.contains(label), "{lang:?} {field:?} {problem:?}: {message}");
                }
            }
        }
    }

    #[test]
    fn russian_and_english_differ() {
        for ground in Ground::ALL {
            assert_ne!((Lang::Ru.texts().ground)(ground), (Lang::En.texts().ground)(ground));
        }
    }
}
