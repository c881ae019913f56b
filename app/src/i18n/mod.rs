//! Every user-facing text in Russian (the default) and English.
//!
//! Each language is one value of [`Texts`], so a text missing in either language is a
//! compile error rather than a blank on the page. Texts with values are plain functions.

pub mod access;
pub mod api;
pub mod platform;
mod en;
mod ru;
pub mod webhooks;
pub mod widget_switch;

use serde::{Deserialize, Serialize};

use crate::domain::deadlines::Urgency;
use crate::domain::{Action, Field, Ground, Problem, RemedyKind, Status, UnansweredReason};

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
    pub workflow: Workflow,
    pub inbox: Inbox,
    pub admin: Admin,
    pub cabinet: Cabinet,
    pub mail: Mail,
    pub reply: Reply,
    /// The label of a form field, as shown next to it and in the error summary.
    pub field_label: fn(Field) -> &'static str,
    /// The sentence shown under a field that has a problem; it names the field and the fix.
    pub problem: fn(Field, Problem) -> String,
    /// A file size in bytes as people read it, such as "1.4 MB".
    pub file_size: fn(u64) -> String,
    pub ground: fn(Ground) -> &'static str,
    pub status_name: fn(Status) -> &'static str,
    /// The line on the timeline for an event of this action.
    pub event_name: fn(Action) -> &'static str,
    pub remedy_kind: fn(RemedyKind) -> &'static str,
    pub unanswered_reason: fn(UnansweredReason) -> &'static str,
    /// The text sent to the applicant when a complaint is left unanswered for this reason,
    /// or `None` when the law gives no answer (no name or address to answer to).
    pub unanswered_message: fn(UnansweredReason) -> Option<&'static str>,
    pub urgency: fn(Urgency) -> &'static str,
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
    pub forbidden_title: &'static str,
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
    pub ground_other_hint: &'static str,
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
    /// The types and limits of the files filed with a complaint.
    pub files_hint: &'static str,
    /// The label of the progress bar while the form and its files are sent.
    pub sending: &'static str,
    /// The message when the form could not be sent because the connection failed.
    pub send_failed_network: &'static str,
    /// The message when the server responds to the form with an HTTP error and no page.
    pub send_failed_status: fn(u16) -> String,
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
    pub moscow_time: &'static str,
    pub check_another: &'static str,
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
    pub applicant_name: &'static str,
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
    pub remedy_hint: &'static str,
    pub decision_text_hint: &'static str,
    pub action_decide: &'static str,
    pub no_actions: &'static str,
    pub forbidden: &'static str,
    pub illegal_transition: fn(&str, &str) -> String,
    pub back_to_inbox: &'static str,
}

/// Texts of the complaint's life beyond filing: deadlines, staff actions, the applicant's
/// answer and withdrawal.
pub struct Workflow {
    pub deadlines_title: &'static str,
    pub registration_due: &'static str,
    pub review_due: &'static str,
    pub redirect_due: &'static str,
    pub reply_due: &'static str,
    pub remedy_due: &'static str,
    pub short_review: &'static str,
    pub provisional_calendar: &'static str,
    pub action_request_info: &'static str,
    pub request_info_hint: &'static str,
    pub action_remedy: &'static str,
    pub remedy_hint: &'static str,
    pub action_redirect: &'static str,
    pub redirect_hint: &'static str,
    pub action_leave_unanswered: &'static str,
    pub leave_unanswered_hint: &'static str,
    pub action_refer_prosecutor: &'static str,
    pub prosecutor_hint: &'static str,
    pub prosecutor_referred: fn(&str) -> String,
    /// Shown when a referral is posted again, for example from a stale tab: the time of the
    /// first referral.
    pub already_referred: fn(&str) -> String,
    pub action_assign: &'static str,
    pub assignee_nobody: &'static str,
    pub assignee_current: fn(&str) -> String,
    /// Shown to the applicant on a redirected complaint: the body and the new number.
    pub redirected_to: fn(&str, &str) -> String,
    /// Shown on the copy at the competent body: the number it came from.
    pub redirected_from: fn(&str) -> String,
    /// The message sent with a redirect: the body, the new number.
    pub redirect_message: fn(&str, &str) -> String,
    pub info_request_title: &'static str,
    pub answer_submit: &'static str,
    pub answer_hint: &'static str,
    /// What files an answer accepts and the size limits.
    pub files_hint: &'static str,
    /// The heading of an event's list of attached files.
    pub attached_files: &'static str,
    pub withdraw_title: &'static str,
    pub withdraw_text: &'static str,
    pub withdraw_confirm: &'static str,
    pub withdraw_submit: &'static str,
    pub unanswered_title: &'static str,
    pub paper_title: &'static str,
    pub paper_intro: &'static str,
    pub received_on_hint: &'static str,
    pub paper_receipt_note: &'static str,
}

/// Texts of the citizen's personal cabinet and its sign-in.
pub struct Cabinet {
    pub nav: &'static str,
    pub title: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub send_code: &'static str,
    pub code_title: &'static str,
    pub code_sent: fn(&str) -> String,
    pub code_hint: &'static str,
    pub confirm: &'static str,
    pub resend_code: &'static str,
    pub other_email: &'static str,
    pub oidc_button: fn(&str) -> String,
    pub oidc_failed: &'static str,
    pub link_title: &'static str,
    pub link_intro: &'static str,
    pub link_button: &'static str,
    pub link_invalid: &'static str,
    pub signed_in_as: fn(&str) -> String,
    pub sign_out: &'static str,
    pub sign_out_everywhere: &'static str,
    pub signed_out_everywhere: fn(u64) -> String,
    pub empty: &'static str,
    pub intro: &'static str,
    pub col_deadline: &'static str,
    pub open: &'static str,
    pub back: &'static str,
}

/// Texts of e-mail messages. The body's lines are plain text.
pub struct Mail {
    pub code_subject: &'static str,
    pub code_body: fn(&str, &str, i64) -> String,
    pub subject: fn(&str, &str) -> String,
    pub received: fn(&str, &str) -> String,
    pub step: fn(&str, &str, &str) -> String,
    pub message_heading: &'static str,
    pub reply_attached: &'static str,
    /// Where the applicant answers an information request.
    pub answer_where: &'static str,
    pub follow: fn(&str) -> String,
    pub deadline: fn(&str) -> String,
    pub footer: &'static str,
    pub overdue_subject: fn(usize) -> String,
    pub overdue_body: fn(&str, usize, &str, &str) -> String,
}

/// Texts of the operators' administration pages.
pub struct Admin {
    pub title: &'static str,
    pub operator: &'static str,
    pub calendar_title: &'static str,
    pub calendar_intro: &'static str,
    pub col_year: &'static str,
    pub col_status: &'static str,
    pub col_days_off: &'static str,
    pub col_source: &'static str,
    pub col_updated: &'static str,
    pub edit: &'static str,
    pub status_confirmed: &'static str,
    pub status_provisional: &'static str,
    pub year_title: fn(i32) -> String,
    pub year_intro: &'static str,
    pub save: &'static str,
    pub saved: fn(usize) -> String,
    pub months: [&'static str; 12],
    /// Month names as they follow a day number: «24 ноября».
    pub months_of: [&'static str; 12],
    pub weekdays: [&'static str; 7],
    pub back: &'static str,
}

/// Texts of the desk's list of complaints.
pub struct Inbox {
    pub filters: &'static str,
    pub any_status: &'static str,
    pub any_ground: &'static str,
    pub any_body: &'static str,
    pub any_deadline: &'static str,
    pub overdue: &'static str,
    pub due_today: &'static str,
    pub any_assignee: &'static str,
    pub unassigned: &'static str,
    pub mine: &'static str,
    pub deadline_filter: &'static str,
    pub show: &'static str,
    pub reset: &'static str,
    pub counts_title: &'static str,
    pub col_deadline: &'static str,
    pub col_assignee: &'static str,
    pub col_body: &'static str,
    pub nothing_matches: &'static str,
    pub new_paper: &'static str,
}

/// Texts of the reasoned reply (мотивированный ответ): the pages and buttons around it, and
/// the fixed phrases of the document. The document itself is always issued in Russian, so
/// pages in every language take its phrases from the Russian texts.
pub struct Reply {
    /// The name of the document, as a page title and on the button that opens it.
    pub title: &'static str,
    pub download_pdf: &'static str,
    /// Shown above the buttons on the status page and at the desk once there is a decision.
    pub available: &'static str,
    pub print_hint: &'static str,
    /// Tells the reader of a page in another language that the document is in Russian.
    pub issued_in_russian: Option<&'static str>,
    pub back_to_complaint: &'static str,
    pub no_decision_title: &'static str,
    pub no_decision: &'static str,
    /// The number and access code match no complaint.
    pub not_found: &'static str,
    /// `/status/reply` opened without the number and access code.
    pub open_from_status: &'static str,

    /// The subtitle under the title: the complaint's number and date of receipt.
    pub doc_subtitle: fn(&str, &str) -> String,
    pub doc_to: &'static str,
    /// The addressee block's label of where the reply goes.
    pub doc_reply_address: &'static str,
    /// The same, in the applicant's section.
    pub doc_reply_to: &'static str,
    pub doc_by_email: fn(&str) -> String,
    pub doc_by_post: fn(&str) -> String,
    pub doc_body: &'static str,
    pub doc_official: &'static str,
    /// Names the official, from the body's full name, when the account that decided has no
    /// full name recorded or no staff member decided.
    pub doc_official_of_body: fn(&str) -> String,
    pub doc_decided_on: &'static str,
    pub doc_applicant: &'static str,
    pub doc_person_name: &'static str,
    pub doc_legal_name: &'static str,
    pub doc_residence: &'static str,
    pub doc_location: &'static str,
    pub doc_complaint: &'static str,
    pub doc_number: &'static str,
    pub doc_received_on: &'static str,
    pub doc_registered_on: &'static str,
    pub doc_service: &'static str,
    pub doc_official_appealed: &'static str,
    pub doc_grounds: &'static str,
    pub doc_subject: &'static str,
    pub doc_decision: &'static str,
    pub doc_satisfied: &'static str,
    pub doc_refused: &'static str,
    pub doc_remedy: &'static str,
    /// The label of the decision text of a satisfied complaint: what is done, and why.
    pub doc_measures: &'static str,
    /// The label of the decision text of a refusal: the reasons.
    pub doc_reasons: &'static str,
    pub doc_appeal: &'static str,
    pub doc_appeal_general: &'static str,
    pub doc_appeal_person: &'static str,
    pub doc_appeal_legal: &'static str,
    pub doc_signature_official: &'static str,
    pub doc_signature_date: &'static str,
    /// The PDF's page footer: complaint number, page, page count.
    pub doc_page: fn(&str, usize, usize) -> String,
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
                for problem in problems.clone() {
                    let message = (t.problem)(field, problem.clone());
                    let label = (t.field_label)(field);
                    assert!(message.contains(label), "{lang:?} {field:?} {problem:?}: {message}");
                }
            }
        }
    }

    #[test]
    fn rate_limit_wait_units() {
        let cases = [
            (Lang::Ru, 15, "Повторите через 15 мин.:"),
            (Lang::Ru, 90, "Повторите через 90 мин.:"),
            (Lang::Ru, 1440, "Повторите через 24 ч:"),
            (Lang::En, 15, "Try again in 15 min;"),
            (Lang::En, 91, "Try again in 2 h;"),
        ];
        for (lang, minutes, expected) in cases {
            let message = (lang.texts().problem)(Field::Form, Problem::TooManyRequests { minutes });
            assert!(message.contains(expected), "{lang:?} {minutes} min: {message}");
        }
    }

    #[test]
    fn russian_and_english_differ() {
        for ground in Ground::ALL {
            assert_ne!((Lang::Ru.texts().ground)(ground), (Lang::En.texts().ground)(ground));
        }
    }
}

/// Formats `bytes` in whole kilobytes below one megabyte, else in megabytes with one decimal.
fn format_file_size(bytes: u64, kb: &str, mb: &str, decimal: char) -> String {
    const KIB: u64 = 1024;
    if bytes < KIB * KIB {
        return format!("{} {kb}", bytes.div_ceil(KIB).max(1));
    }
    let tenths = (bytes * 10 + KIB * KIB / 2) / (KIB * KIB);
    format!("{}{decimal}{} {mb}", tenths / 10, tenths % 10)
}
