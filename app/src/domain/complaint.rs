//! The complaint form as posted, and the checked complaint that the server stores.

use serde::{Deserialize, Serialize};

use super::field::{Field, FieldErrors, Problem};
use super::ground::Ground;
use super::text;

/// Character limits of the complaint fields.
pub mod limits {
    pub const OFFICIAL: usize = 300;
    pub const GROUND_OTHER: usize = 1000;
    pub const SUBJECT: usize = 4000;
    pub const ARGUMENTS: usize = 10_000;
    pub const NAME_PART: usize = 100;
    pub const LEGAL_NAME: usize = 500;
    pub const ADDRESS: usize = 500;
    pub const CODE: usize = 64;
}

/// Whether the applicant is a person or a legal entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApplicantKind {
    Person,
    Legal,
}

impl ApplicantKind {
    pub fn code(self) -> &'static str {
        match self {
            ApplicantKind::Person => "person",
            ApplicantKind::Legal => "legal",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "person" => Some(ApplicantKind::Person),
            "legal" => Some(ApplicantKind::Legal),
            _ => None,
        }
    }
}

/// How the applicant wants the reasoned reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReplyChannel {
    Email,
    Post,
}

impl ReplyChannel {
    pub fn code(self) -> &'static str {
        match self {
            ReplyChannel::Email => "email",
            ReplyChannel::Post => "post",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "email" => Some(ReplyChannel::Email),
            "post" => Some(ReplyChannel::Post),
            _ => None,
        }
    }
}

/// The complaint form exactly as posted: every value a string, nothing checked yet.
/// Kept whole so that a rejected form comes back with what the applicant typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintInput {
    pub form_token: String,
    pub org: String,
    pub service: String,
    pub official: String,
    pub grounds: Vec<String>,
    pub ground_other: String,
    pub subject: String,
    pub arguments: String,
    pub applicant_kind: String,
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
    pub legal_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub reply_by: String,
    pub postal_address: String,
    pub consent: bool,
    /// The honeypot: a field hidden from people, so a filled one means a robot.
    pub website: String,
    /// The day a paper complaint reached the body, `YYYY-MM-DD`; only the paper form has it.
    pub received_on: String,
}

impl ComplaintInput {
    /// Collects the posted `name=value` pairs; `grounds` may repeat, unknown names are ignored.
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut input = ComplaintInput::default();
        for (name, value) in pairs {
            let value = value.into();
            match name.as_ref() {
                "form_token" => input.form_token = value,
                "org" => input.org = value,
                "service" => input.service = value,
                "official" => input.official = value,
                "grounds" => input.grounds.push(value),
                "ground_other" => input.ground_other = value,
                "subject" => input.subject = value,
                "arguments" => input.arguments = value,
                "applicant_kind" => input.applicant_kind = value,
                "surname" => input.surname = value,
                "first_name" => input.first_name = value,
                "patronymic" => input.patronymic = value,
                "legal_name" => input.legal_name = value,
                "address" => input.address = value,
                "phone" => input.phone = value,
                "email" => input.email = value,
                "reply_by" => input.reply_by = value,
                "postal_address" => input.postal_address = value,
                "consent" => input.consent = !value.is_empty(),
                "website" => input.website = value,
                "received_on" => input.received_on = value,
                _ => {}
            }
        }
        input
    }

    /// Checks every field and returns the complaint, or every problem found at once.
    pub fn parse(&self) -> Result<NewComplaint, FieldErrors> {
        let mut errors = FieldErrors::new();

        let org = errors.check(Field::Org, parse_code(&self.org, true));
        let service = errors.check(Field::Service, parse_code(&self.service, false));
        let official = errors.check(Field::Official, text::optional_line(&self.official, limits::OFFICIAL));

        let grounds = errors.check(Field::Grounds, parse_grounds(&self.grounds));
        let wants_other = grounds.as_ref().is_some_and(|g| g.contains(&Ground::Other));
        let ground_other = if wants_other {
            errors.check(Field::GroundOther, text::required(&self.ground_other, limits::GROUND_OTHER).map(Some))
        } else {
            Some(None)
        };

        let subject = errors.check(Field::Subject, text::required(&self.subject, limits::SUBJECT));
        let arguments = errors.check(Field::Arguments, text::required(&self.arguments, limits::ARGUMENTS));

        let kind = errors.check(
            Field::ApplicantKind,
            ApplicantKind::from_code(self.applicant_kind.trim()).ok_or(Problem::InvalidChoice),
        );
        let applicant = kind.and_then(|kind| self.parse_applicant(kind, &mut errors));

        let address = errors.check(Field::Address, text::required(&self.address, limits::ADDRESS));
        let phone = errors.check(Field::Phone, optional_with(&self.phone, text::phone));
        let reply_by =
            errors.check(Field::ReplyBy, ReplyChannel::from_code(self.reply_by.trim()).ok_or(Problem::InvalidChoice));
        let email = match (reply_by, self.email.trim().is_empty()) {
            (Some(ReplyChannel::Email), true) => {
                errors.push(Field::Email, Problem::EmailNeededForReply);
                None
            }
            _ => errors.check(Field::Email, optional_with(&self.email, text::email)),
        };
        let postal_address = match (reply_by, self.postal_address.trim().is_empty()) {
            (Some(ReplyChannel::Post), true) => {
                errors.push(Field::PostalAddress, Problem::PostalAddressNeededForReply);
                None
            }
            _ => errors.check(Field::PostalAddress, text::optional(&self.postal_address, limits::ADDRESS)),
        };

        if !self.consent {
            errors.push(Field::Consent, Problem::Missing);
        }
        if !self.website.trim().is_empty() {
            errors.push(Field::Website, Problem::MustBeEmpty);
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        // Every `None` above recorded an error, so all of these are present.
        match (
            org,
            service,
            official,
            grounds,
            ground_other,
            subject,
            arguments,
            applicant,
            address,
            phone,
            email,
            reply_by,
            postal_address,
        ) {
            (
                Some(Some(org)),
                Some(service),
                Some(official),
                Some(grounds),
                Some(ground_other),
                Some(subject),
                Some(arguments),
                Some(applicant),
                Some(address),
                Some(phone),
                Some(email),
                Some(reply_by),
                Some(postal_address),
            ) => Ok(NewComplaint {
                org,
                service,
                official,
                grounds,
                ground_other,
                subject,
                arguments,
                applicant,
                address,
                phone,
                email,
                reply_by,
                postal_address,
            }),
            _ => Err(FieldErrors::single(Field::Form, Problem::Missing)),
        }
    }

    fn parse_applicant(&self, kind: ApplicantKind, errors: &mut FieldErrors) -> Option<Applicant> {
        match kind {
            ApplicantKind::Person => {
                let surname = errors.check(Field::Surname, text::required_line(&self.surname, limits::NAME_PART));
                let first_name =
                    errors.check(Field::FirstName, text::required_line(&self.first_name, limits::NAME_PART));
                let patronymic =
                    errors.check(Field::Patronymic, text::optional_line(&self.patronymic, limits::NAME_PART));
                Some(Applicant::Person { surname: surname?, first_name: first_name?, patronymic: patronymic? })
            }
            ApplicantKind::Legal => {
                let name = errors.check(Field::LegalName, text::required_line(&self.legal_name, limits::LEGAL_NAME));
                Some(Applicant::Legal { name: name? })
            }
        }
    }
}

/// Parses an optional value with `parse` when it is not blank.
fn optional_with(raw: &str, parse: fn(&str) -> Result<String, Problem>) -> Result<Option<String>, Problem> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

/// A directory code: lowercase Latin letters, digits and dashes.
fn parse_code(raw: &str, required: bool) -> Result<Option<String>, Problem> {
    let code = raw.trim();
    if code.is_empty() {
        return if required { Err(Problem::Missing) } else { Ok(None) };
    }
    let valid = code.len() <= limits::CODE
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !code.starts_with('-');
    if valid {
        Ok(Some(code.to_string()))
    } else {
        Err(Problem::InvalidChoice)
    }
}

fn parse_grounds(raw: &[String]) -> Result<Vec<Ground>, Problem> {
    let mut grounds = Vec::new();
    for code in raw {
        let ground = Ground::from_code(code.trim()).ok_or(Problem::InvalidChoice)?;
        if !grounds.contains(&ground) {
            grounds.push(ground);
        }
    }
    if grounds.is_empty() {
        return Err(Problem::Missing);
    }
    grounds.sort_by_key(|g| Ground::ALL.iter().position(|x| x == g));
    Ok(grounds)
}

/// Who files the complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Applicant {
    Person { surname: String, first_name: String, patronymic: Option<String> },
    Legal { name: String },
}

impl Applicant {
    pub fn kind(&self) -> ApplicantKind {
        match self {
            Applicant::Person { .. } => ApplicantKind::Person,
            Applicant::Legal { .. } => ApplicantKind::Legal,
        }
    }

    /// The name as it is written in a reply: "Иванов Иван Иванович" or the entity's name.
    pub fn display_name(&self) -> String {
        match self {
            Applicant::Person { surname, first_name, patronymic } => {
                let mut name = surname.clone();
                name.push(' ');
                name.push_str(first_name);
                if let Some(patronymic) = patronymic {
                    name.push(' ');
                    name.push_str(patronymic);
                }
                name
            }
            Applicant::Legal { name } => name.clone(),
        }
    }
}

/// A complaint whose every field passed its check. The body and service codes still have
/// to be found in the directory, which only the server can do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComplaint {
    pub org: String,
    pub service: Option<String>,
    pub official: Option<String>,
    pub grounds: Vec<Ground>,
    pub ground_other: Option<String>,
    pub subject: String,
    pub arguments: String,
    pub applicant: Applicant,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub reply_by: ReplyChannel,
    pub postal_address: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_input() -> ComplaintInput {
        ComplaintInput::from_pairs([
            ("org", "mvd"),
            ("service", "mvd-passport"),
            ("grounds", "service_deadline"),
            ("subject", "Паспорт не выдан в срок"),
            ("arguments", "Заявление подано 1 октября, срок истёк 31 октября."),
            ("applicant_kind", "person"),
            ("surname", "Петрова"),
            ("first_name", "Анна"),
            ("address", "г. Тверь, ул. Примерная, д. 1"),
            ("email", "anna@example.ru"),
            ("reply_by", "email"),
            ("consent", "on"),
        ])
    }

    #[test]
    fn valid_form_parses() {
        let complaint = valid_input().parse().expect("valid");
        assert_eq!(complaint.org, "mvd");
        assert_eq!(complaint.grounds, vec![Ground::ServiceDeadline]);
        assert_eq!(complaint.applicant.display_name(), "Петрова Анна");
        assert_eq!(complaint.postal_address, None);
    }

    #[test]
    fn empty_form_reports_every_required_field() {
        let errors = ComplaintInput::default().parse().expect_err("empty form");
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        let expected = [
            Field::Org,
            Field::Grounds,
            Field::Subject,
            Field::Arguments,
            Field::ApplicantKind,
            Field::Address,
            Field::ReplyBy,
            Field::Consent,
        ];
        assert_eq!(fields, expected);
    }

    #[test]
    fn each_bad_value_names_its_field() {
        type Edit = fn(&mut ComplaintInput);
        let cases: [(&str, Edit, Field, Problem); 11] = [
            ("no surname", |i| i.surname = " ".into(), Field::Surname, Problem::Missing),
            ("bad email", |i| i.email = "anna@".into(), Field::Email, Problem::InvalidEmail),
            ("email reply without email", |i| i.email.clear(), Field::Email, Problem::EmailNeededForReply),
            ("bad phone", |i| i.phone = "12-34".into(), Field::Phone, Problem::InvalidPhone),
            ("unknown ground", |i| i.grounds = vec!["whatever".into()], Field::Grounds, Problem::InvalidChoice),
            ("other without text", |i| i.grounds.push("other".into()), Field::GroundOther, Problem::Missing),
            ("long subject", |i| i.subject = "я".repeat(4001), Field::Subject, Problem::TooLong { max: 4000 }),
            (
                "post without address",
                |i| i.reply_by = "post".into(),
                Field::PostalAddress,
                Problem::PostalAddressNeededForReply,
            ),
            ("no consent", |i| i.consent = false, Field::Consent, Problem::Missing),
            ("honeypot filled", |i| i.website = "https://spam.example".into(), Field::Website, Problem::MustBeEmpty),
            ("bad org code", |i| i.org = "МВД".into(), Field::Org, Problem::InvalidChoice),
        ];
        for (name, edit, field, problem) in cases {
            let mut input = valid_input();
            edit(&mut input);
            let errors = input.parse().expect_err(name);
            assert_eq!(errors.len(), 1, "{name}: {errors:?}");
            assert_eq!(errors.get(field), Some(problem), "{name}");
        }
    }

    #[test]
    fn legal_entity_needs_its_name_not_a_surname() {
        let mut input = valid_input();
        input.applicant_kind = "legal".into();
        input.surname.clear();
        input.first_name.clear();
        assert_eq!(input.parse().expect_err("no name").get(Field::LegalName), Some(Problem::Missing));
        input.legal_name = "ООО «Ромашка»".into();
        assert_eq!(input.parse().expect("valid").applicant.display_name(), "ООО «Ромашка»");
    }

    #[test]
    fn grounds_are_deduplicated_and_ordered_as_in_the_law() {
        let mut input = valid_input();
        input.grounds = vec!["illegal_fee".into(), "registration_deadline".into(), "illegal_fee".into()];
        let grounds = input.parse().expect("valid").grounds;
        assert_eq!(grounds, vec![Ground::RegistrationDeadline, Ground::IllegalFee]);
    }
}
