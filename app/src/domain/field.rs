//! Form fields and what can be wrong with them. The user-facing wording lives in `i18n`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A field of a form that can carry an error message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Org,
    Service,
    Official,
    Grounds,
    GroundOther,
    Subject,
    Arguments,
    ApplicantKind,
    Surname,
    FirstName,
    Patronymic,
    LegalName,
    Address,
    Phone,
    Email,
    ReplyBy,
    PostalAddress,
    Consent,
    Number,
    AccessCode,
    Reason,
    RemedyKind,
    Outcome,
    Password,
    NewPassword,
    NewPasswordRepeat,
    /// The honeypot: hidden from people, filled in by robots.
    Website,
    /// A text sent to the applicant with a staff action.
    Message,
    TargetOrg,
    UnansweredReason,
    /// A staff-only note, such as the grounds for a prosecutor referral.
    Note,
    Assignee,
    /// The applicant's answer to an information request.
    Answer,
    WithdrawConfirm,
    /// The day a paper complaint reached the body.
    ReceivedOn,
    /// Whether a calendar year is confirmed by a decree or provisional.
    CalendarStatus,
    /// The document a calendar year follows.
    CalendarSource,
    /// The one-time code e-mailed for signing in.
    LoginCode,
    /// The files attached to an answer.
    Files,
    /// The site a widget key is asked for.
    Site,
    /// The origins allowed to embed a widget key, one a line.
    Origins,
    /// Whom to ask about a site.
    Contact,
    /// How many days an old key works beside the one that replaces it.
    OverlapDays,
    /// The reason an operator gives for declining a request for a key.
    DeclineReason,
    /// The reason an operator gives for switching a key's widget off.
    SwitchOffReason,
    Form,
}

impl Field {
    pub const ALL: [Field; 46] = [
        Field::Org,
        Field::Service,
        Field::Official,
        Field::Grounds,
        Field::GroundOther,
        Field::Subject,
        Field::Arguments,
        Field::ApplicantKind,
        Field::Surname,
        Field::FirstName,
        Field::Patronymic,
        Field::LegalName,
        Field::Address,
        Field::Phone,
        Field::Email,
        Field::ReplyBy,
        Field::PostalAddress,
        Field::Consent,
        Field::Number,
        Field::AccessCode,
        Field::Reason,
        Field::RemedyKind,
        Field::Outcome,
        Field::Password,
        Field::NewPassword,
        Field::NewPasswordRepeat,
        Field::Website,
        Field::Message,
        Field::TargetOrg,
        Field::UnansweredReason,
        Field::Note,
        Field::Assignee,
        Field::Answer,
        Field::WithdrawConfirm,
        Field::ReceivedOn,
        Field::CalendarStatus,
        Field::CalendarSource,
        Field::LoginCode,
        Field::Files,
        Field::Site,
        Field::Origins,
        Field::Contact,
        Field::OverlapDays,
        Field::DeclineReason,
        Field::SwitchOffReason,
        Field::Form,
    ];

    /// Whether the field is a choice among offered values (radio buttons or a list), so a
    /// missing value is chosen, not typed.
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            Field::ApplicantKind
                | Field::ReplyBy
                | Field::Outcome
                | Field::RemedyKind
                | Field::UnansweredReason
                | Field::TargetOrg
                | Field::Assignee
                | Field::Org
                | Field::Service
        )
    }

    /// The field whose input is named `name`.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The HTML `name` of the input, which is also the key of the posted form.
    pub fn name(self) -> &'static str {
        match self {
            Field::Org => "org",
            Field::Service => "service",
            Field::Official => "official",
            Field::Grounds => "grounds",
            Field::GroundOther => "ground_other",
            Field::Subject => "subject",
            Field::Arguments => "arguments",
            Field::ApplicantKind => "applicant_kind",
            Field::Surname => "surname",
            Field::FirstName => "first_name",
            Field::Patronymic => "patronymic",
            Field::LegalName => "legal_name",
            Field::Address => "address",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::ReplyBy => "reply_by",
            Field::PostalAddress => "postal_address",
            Field::Consent => "consent",
            Field::Number => "number",
            Field::AccessCode => "code",
            Field::Reason => "reason",
            Field::RemedyKind => "remedy_kind",
            Field::Outcome => "outcome",
            Field::Password => "password",
            Field::NewPassword => "new_password",
            Field::NewPasswordRepeat => "new_password_repeat",
            Field::Website => "website",
            Field::Message => "message",
            Field::TargetOrg => "target_org",
            Field::UnansweredReason => "unanswered_reason",
            Field::Note => "note",
            Field::Assignee => "assignee",
            Field::Answer => "answer",
            Field::WithdrawConfirm => "withdraw_confirm",
            Field::ReceivedOn => "received_on",
            Field::CalendarStatus => "status",
            Field::CalendarSource => "source",
            Field::LoginCode => "login_code",
            Field::Files => "files",
            Field::Site => "site",
            Field::Origins => "origins",
            Field::Contact => "contact",
            Field::OverlapDays => "overlap_days",
            Field::DeclineReason => "decline_reason",
            Field::SwitchOffReason => "switch_off_reason",
            Field::Form => "form",
        }
    }

    /// The `id` of the element that shows this field's error, for `aria-describedby`.
    pub fn error_id(self) -> String {
        let mut id = String::from("error-");
        id.push_str(self.name());
        id
    }
}

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// Required and empty.
    Missing,
    /// Longer than the limit, in characters.
    TooLong { max: usize },
    /// Shorter than the limit, in characters.
    TooShort { min: usize },
    /// Not of the form `name@domain.tld`.
    InvalidEmail,
    /// Not 10 to 15 digits, optionally with `+`, spaces, brackets and dashes.
    InvalidPhone,
    /// Not one of the offered choices.
    InvalidChoice,
    /// E-mail chosen for the reply but no address given.
    EmailNeededForReply,
    /// Post chosen for the reply but no postal address given.
    PostalAddressNeededForReply,
    /// Contains control characters other than line breaks and tabs.
    ControlCharacters,
    /// Complaint number and access code do not match a complaint.
    NotFoundByCode,
    /// Wrong e-mail or password at sign-in.
    WrongCredentials,
    /// The form is older than its validity period or was not issued by this server.
    ExpiredForm,
    /// The new password and its repetition differ.
    PasswordsDiffer,
    /// A field that must stay empty (the honeypot) has a value.
    MustBeEmpty,
    /// Not a date of the form `YYYY-MM-DD`.
    InvalidDate,
    /// A date after today where only past dates make sense.
    FutureDate,
    /// The action has already been taken on this complaint.
    AlreadyDone,
    /// A value given where it does not apply, such as a remedy for a refused complaint.
    NotApplicable,
    /// Only spaces where something must be typed.
    Blank,
    /// The new password equals the one it replaces.
    SameAsOld,
    /// Too many failed attempts; the form accepts none until the window passes.
    TooManyAttempts { minutes: i64 },
    /// Too many posts from one address, widget or key; none is accepted until the window passes.
    TooManyRequests { minutes: i64 },
    /// The form's proof of work does not solve its challenge, or the challenge is not this server's.
    ProofOfWorkInvalid,
    /// The form's proof-of-work challenge is older than its lifetime.
    ProofOfWorkExpired,
    /// The form's proof of work was already used by another post.
    ProofOfWorkReused,
    /// A one-time code or link that has expired, was used, or ran out of attempts.
    CodeExpired,
    /// A wrong one-time code; that many tries remain.
    WrongCode { attempts_left: i32 },
    /// A calendar year makes more Saturdays and Sundays working days than decrees do.
    TooManyWorkingWeekends { max: usize },
    /// An attached file is larger than `max_mb` megabytes.
    FileTooLarge { name: String, max_mb: u64 },
    /// An attached file is not a PDF, JPEG or PNG by its content.
    FileTypeNotAllowed { name: String },
    /// More files than `max` in one answer.
    TooManyFiles { max: usize },
    /// This file would take the complaint's files past `max_mb` megabytes; `left_kb` kilobytes remain.
    ComplaintFilesFull { name: String, max_mb: u64, left_kb: u64 },
    /// The whole upload is larger than the server reads, `max_mb` megabytes.
    UploadTooLarge { max_mb: u64 },
    /// The form had other errors, so its `count` files were not kept and must be chosen again.
    FilesNotKept { count: usize },
    /// A line that is not an origin (scheme://host[:port]).
    InvalidOrigin { value: String },
    /// More than `max` origins.
    TooManyOrigins { max: usize },
    /// A whole number outside `min..=max`.
    OutOfRange { min: i64, max: i64 },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// One field and its problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// All the errors of one form, in the order of the fields on the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(Vec<FieldError>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(field));
        }
        assert_eq!(Field::from_name("nope"), None);
    }
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: Field, problem: Problem) -> Self {
        Self(vec![FieldError { field, problem }])
    }

    pub fn push(&mut self, field: Field, problem: Problem) {
        self.0.push(FieldError { field, problem });
    }

    /// Records the error of `result`, if any, and returns its value.
    pub fn check<T>(&mut self, field: Field, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(problem) => {
                self.push(field, problem);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn get(&self, field: Field) -> Option<Problem> {
        self.0.iter().find(|e| e.field == field).map(|e| e.problem.clone())
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }
}
