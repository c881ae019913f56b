//! The reasoned reply (мотивированный ответ) that a body sends the applicant after deciding
//! on a complaint, no later than the day after the decision, as chapter 2.1 of Federal Law
//! 210-FZ requires.
//!
//! [`ReplyDocument`] holds the facts; [`ReplyDocument::layout`] turns them into titled blocks
//! of text, which the printable page and the PDF both render, so the two cannot differ. The
//! body issues the document in Russian, so pages in every language lay it out with the
//! Russian texts and only the page around it follows the reader's language.

use serde::{Deserialize, Serialize};

use crate::domain::{Ground, Outcome, RemedyKind};
use crate::i18n::Lang;

/// The facts of a reasoned reply, taken from the complaint and its decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyDocument {
    pub number: String,
    /// Date of receipt, `04.12.2026` in Moscow time.
    pub received_on: String,
    pub registered_on: Option<String>,
    /// The full name of the body that decided.
    pub org_name: String,
    pub service_name: Option<String>,
    /// The official who decided. `None` when the decision event names no staff member or the
    /// account has no full name, so the reply names only the body. The reply never shows
    /// the staff member's login e-mail.
    pub decided_by: Option<ReplyOfficial>,
    pub decided_on: String,
    pub applicant: ReplyApplicant,
    /// The official or employee the complaint is about, as the applicant named them.
    pub official_appealed: Option<String>,
    pub grounds: Vec<Ground>,
    pub ground_other: Option<String>,
    /// The decisions and actions appealed.
    pub subject: String,
    pub outcome: Outcome,
    pub remedy: Option<RemedyKind>,
    /// The decision text: the measures taken, or the reasons for the refusal.
    pub decision_text: String,
}

/// The official who decided, as the reply names them: position, then full name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyOfficial {
    pub position: Option<String>,
    /// "Фамилия Имя Отчество".
    pub full_name: String,
}

impl ReplyOfficial {
    /// "главный специалист-эксперт … Иванов Иван Иванович", or the name alone without a position.
    pub fn title(&self) -> String {
        match &self.position {
            Some(position) => format!("{position} {}", self.full_name),
            None => self.full_name.clone(),
        }
    }
}

/// The applicant as the reply addresses them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyApplicant {
    /// Full name of a person, or the organisation's name.
    pub name: String,
    pub is_legal: bool,
    /// Place of residence of a person, or location of an organisation.
    pub address: String,
    pub reply_to: ReplyTo,
}

/// The address the reply goes to, as the applicant chose when filing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReplyTo {
    Email(String),
    Post(String),
}

/// A reply laid out as text: the addressee block, the title and the body's blocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyLayout {
    /// Printed in the top right corner, as on a letter.
    pub addressee: Vec<Block>,
    pub title: String,
    pub subtitle: String,
    pub blocks: Vec<Block>,
    /// The closing lines: who decided, and when.
    pub signature: Vec<Block>,
}

/// One block of a laid-out reply. Text may contain line breaks, which renderers keep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    Heading(String),
    /// A labelled value, printed as `label: value`.
    Field {
        label: String,
        value: String,
    },
    /// A sentence set in bold, such as the decision itself.
    Strong(String),
    Paragraph(String),
    List(Vec<String>),
}

/// The result of `POST /status/reply`, provided to the page that renders it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApplicantReply {
    /// The reply, with the access code that the page's forms carry.
    Found { document: ReplyDocument, code: String },
    /// The complaint exists but has no decision yet.
    NoDecision { number: String, code: String },
    /// The number and code match no complaint.
    NotFound,
}

/// The reply as staff of the body open it at the desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskReply {
    pub staff: crate::model::StaffView,
    pub number: String,
    /// `None` while the complaint has no decision.
    pub document: Option<ReplyDocument>,
}

impl ReplyDocument {
    /// Lays the reply out with the fixed phrases of `lang`. The issued document uses
    /// [`Lang::Ru`]; other languages serve tests and translations.
    pub fn layout(&self, lang: Lang) -> ReplyLayout {
        let t = lang.texts();
        let r = &t.reply;
        let field = |label: &str, value: &str| Block::Field { label: label.to_string(), value: value.to_string() };
        let official = match &self.decided_by {
            Some(official) => official.title(),
            None => (r.doc_official_of_body)(&self.org_name),
        };
        let reply_address = match &self.applicant.reply_to {
            ReplyTo::Email(email) => (r.doc_by_email)(email),
            ReplyTo::Post(address) => (r.doc_by_post)(address),
        };

        let addressee = vec![field(r.doc_to, &self.applicant.name), field(r.doc_reply_address, &reply_address)];

        let mut blocks = vec![
            field(r.doc_body, &self.org_name),
            field(r.doc_official, &official),
            field(r.doc_decided_on, &self.decided_on),
        ];

        blocks.push(Block::Heading(r.doc_applicant.to_string()));
        let (name_label, address_label) = if self.applicant.is_legal {
            (r.doc_legal_name, r.doc_location)
        } else {
            (r.doc_person_name, r.doc_residence)
        };
        blocks.push(field(name_label, &self.applicant.name));
        blocks.push(field(address_label, &self.applicant.address));
        blocks.push(field(r.doc_reply_to, &reply_address));

        blocks.push(Block::Heading(r.doc_complaint.to_string()));
        blocks.push(field(r.doc_number, &self.number));
        blocks.push(field(r.doc_received_on, &self.received_on));
        if let Some(day) = &self.registered_on {
            blocks.push(field(r.doc_registered_on, day));
        }
        if let Some(service) = &self.service_name {
            blocks.push(field(r.doc_service, service));
        }
        if let Some(official) = &self.official_appealed {
            blocks.push(field(r.doc_official_appealed, official));
        }
        blocks.push(Block::Field { label: r.doc_grounds.to_string(), value: String::new() });
        let mut grounds: Vec<String> =
            self.grounds.iter().filter(|g| **g != Ground::Other).map(|g| (t.ground)(*g).to_string()).collect();
        if self.grounds.contains(&Ground::Other) || self.ground_other.is_some() {
            let other = (t.ground)(Ground::Other);
            grounds.push(match &self.ground_other {
                Some(text) => format!("{other}: {text}"),
                None => other.to_string(),
            });
        }
        blocks.push(Block::List(grounds));
        blocks.push(field(r.doc_subject, &self.subject));

        blocks.push(Block::Heading(r.doc_decision.to_string()));
        let text_label = match self.outcome {
            Outcome::Satisfied => {
                blocks.push(Block::Strong(r.doc_satisfied.to_string()));
                if let Some(kind) = self.remedy {
                    blocks.push(field(r.doc_remedy, (t.remedy_kind)(kind)));
                }
                r.doc_measures
            }
            Outcome::Refused => {
                blocks.push(Block::Strong(r.doc_refused.to_string()));
                r.doc_reasons
            }
        };
        blocks.push(Block::Field { label: text_label.to_string(), value: String::new() });
        blocks.push(Block::Paragraph(self.decision_text.clone()));

        blocks.push(Block::Heading(r.doc_appeal.to_string()));
        blocks.push(Block::Paragraph(r.doc_appeal_general.to_string()));
        let by_applicant = if self.applicant.is_legal { r.doc_appeal_legal } else { r.doc_appeal_person };
        blocks.push(Block::Paragraph(by_applicant.to_string()));

        ReplyLayout {
            addressee,
            title: r.title.to_string(),
            subtitle: (r.doc_subtitle)(&self.number, &self.received_on),
            blocks,
            signature: vec![field(r.doc_signature_official, &official), field(r.doc_signature_date, &self.decided_on)],
        }
    }
}

impl ReplyLayout {
    /// All the text of the layout, one block a line, for searching in tests.
    pub fn plain_text(&self) -> String {
        let mut lines = Vec::new();
        let all = self.addressee.iter().chain(&self.blocks).chain(&self.signature);
        lines.push(self.title.clone());
        lines.push(self.subtitle.clone());
        for block in all {
            match block {
                Block::Heading(text) | Block::Strong(text) | Block::Paragraph(text) => lines.push(text.clone()),
                Block::Field { label, value } => lines.push(format!("{label}: {value}")),
                Block::List(items) => lines.extend(items.iter().cloned()),
            }
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn satisfied_for_person() -> ReplyDocument {
        ReplyDocument {
            number: "2026-48213-90577".to_string(),
            received_on: "02.11.2026".to_string(),
            registered_on: Some("03.11.2026".to_string()),
            org_name: "Министерство внутренних дел Российской Федерации".to_string(),
            service_name: Some("Выдача паспорта гражданина Российской Федерации".to_string()),
            decided_by: Some(ReplyOfficial {
                position: Some("главный специалист-эксперт отдела по вопросам миграции".to_string()),
                full_name: "Смирнов Олег Викторович".to_string(),
            }),
            decided_on: "12.11.2026".to_string(),
            applicant: ReplyApplicant {
                name: "Петрова Анна Сергеевна".to_string(),
                is_legal: false,
                address: "119021, г. Москва, ул. Льва Толстого, д. 5, кв. 12".to_string(),
                reply_to: ReplyTo::Email("anna.petrova@example.ru".to_string()),
            },
            official_appealed: Some("Инспектор Сидоров П. А.".to_string()),
            grounds: vec![Ground::ServiceDeadline, Ground::ExtraDocuments],
            ground_other: None,
            subject: "Паспорт не выдан в срок.".to_string(),
            outcome: Outcome::Satisfied,
            remedy: Some(RemedyKind::DecisionCancelled),
            decision_text: "Паспорт изготовлен и будет выдан 14 ноября.".to_string(),
        }
    }

    fn refused_for_organisation() -> ReplyDocument {
        let mut document = satisfied_for_person();
        document.applicant = ReplyApplicant {
            name: "ООО «Ромашка»".to_string(),
            is_legal: true,
            address: "191186, г. Санкт-Петербург, Невский пр., д. 1".to_string(),
            reply_to: ReplyTo::Post("191186, г. Санкт-Петербург, а/я 15".to_string()),
        };
        document.grounds = vec![Ground::IllegalFee, Ground::Other];
        document.ground_other = Some("Отказ выдать копию решения".to_string());
        document.outcome = Outcome::Refused;
        document.remedy = None;
        document.decision_text = "Плата взимается на основании статьи закона.\nНарушений не выявлено.".to_string();
        document
    }

    fn assert_contains(text: &str, expected: &str, what: &str) {
        assert!(text.contains(expected), "the reply lacks {what} ({expected:?}):\n{text}");
    }

    /// Checks the elements that every reply carries, whatever the outcome.
    fn assert_common_elements(document: &ReplyDocument, text: &str) {
        assert_contains(text, "Мотивированный ответ", "the title");
        assert_contains(text, &document.org_name, "the body");
        assert_contains(
            text,
            "Должностное лицо, принявшее решение: главный специалист-эксперт отдела по вопросам миграции \
             Смирнов Олег Викторович",
            "the official's position and name",
        );
        assert_contains(
            text,
            "Должностное лицо: главный специалист-эксперт отдела по вопросам миграции Смирнов Олег Викторович",
            "the signature",
        );
        assert_contains(text, &document.applicant.name, "the applicant");
        assert_contains(text, &document.applicant.address, "the applicant's address");
        assert_contains(text, &format!("№ {}", document.number), "the complaint number");
        assert_contains(text, &format!("от {}", document.received_on), "the complaint date");
        assert_contains(text, &document.subject, "what was appealed");
        assert_contains(text, &format!("Дата принятия решения: {}", document.decided_on), "the decision date");
        assert_contains(text, "Порядок обжалования решения", "the further appeal heading");
        assert_contains(text, "в судебном порядке", "the appeal in court");
        for line in document.decision_text.lines() {
            assert_contains(text, line, "the decision text");
        }
    }

    #[test]
    fn satisfied_reply_has_every_element() {
        let document = satisfied_for_person();
        let text = document.layout(Lang::Ru).plain_text();
        assert_common_elements(&document, &text);
        assert_contains(&text, "anna.petrova@example.ru (электронная почта)", "the e-mail the reply goes to");
        assert_contains(&text, "Нарушение срока предоставления услуги", "the first ground");
        assert_contains(&text, "Требование документов или действий", "the second ground");
        assert_contains(&text, "жалоба удовлетворена", "the outcome");
        assert_contains(&text, "Мера по устранению выявленного нарушения: Отмена принятого решения", "the remedy");
        assert_contains(&text, "Принятые меры и основания решения", "the label of what is done");
        assert_contains(&text, "Инспектор Сидоров П. А.", "the official appealed against");
        assert_contains(&text, "Выдача паспорта", "the service");
        assert_contains(&text, "Дата регистрации: 03.11.2026", "the registration date");
    }

    #[test]
    fn refused_reply_has_every_element() {
        let document = refused_for_organisation();
        let text = document.layout(Lang::Ru).plain_text();
        assert_common_elements(&document, &text);
        assert_contains(&text, "в удовлетворении жалобы отказано", "the outcome");
        assert_contains(&text, "Основания отказа", "the label of the reasons");
        assert!(!text.contains("Мера по устранению"), "a refusal names no remedy:\n{text}");
        assert!(!text.contains("удовлетворена"), "a refusal does not read as satisfied:\n{text}");
    }

    #[test]
    fn person_appeals_to_general_court() {
        let text = satisfied_for_person().layout(Lang::Ru).plain_text();
        assert_contains(&text, "Фамилия, имя, отчество: Петрова Анна Сергеевна", "the person's name");
        assert_contains(&text, "Место жительства", "the residence label");
        assert_contains(&text, "в суде общей юрисдикции", "the court of a person");
        assert_contains(&text, "Кодексом административного судопроизводства", "the procedure of a person");
        assert!(!text.contains("арбитражном суде"), "a person is not sent to an arbitration court:\n{text}");
    }

    #[test]
    fn organisation_appeals_to_arbitration_court() {
        let document = refused_for_organisation();
        let text = document.layout(Lang::Ru).plain_text();
        assert_contains(&text, "Наименование организации: ООО «Ромашка»", "the organisation's name");
        assert_contains(&text, "Место нахождения: 191186, г. Санкт-Петербург, Невский пр., д. 1", "the location");
        assert_contains(
            &text,
            "191186, г. Санкт-Петербург, а/я 15 (почтовый адрес)",
            "the postal address for the reply",
        );
        assert_contains(&text, "в арбитражном суде", "the court of an organisation");
        assert_contains(&text, "Арбитражным процессуальным кодексом", "the procedure of an organisation");
        assert_contains(&text, "Иное: Отказ выдать копию решения", "the applicant's own ground");
        assert!(!text.contains("Фамилия, имя, отчество"), "an organisation has no personal name label:\n{text}");
    }

    #[test]
    fn missing_official_named_by_body() {
        let mut document = satisfied_for_person();
        document.decided_by = None;
        let text = document.layout(Lang::Ru).plain_text();
        let expected = "уполномоченное должностное лицо (Министерство внутренних дел Российской Федерации)";
        assert_contains(&text, &format!("Должностное лицо, принявшее решение: {expected}"), "the body's official");
        assert_contains(&text, &format!("Должностное лицо: {expected}"), "the signature");
    }

    #[test]
    fn official_without_position_named_alone() {
        let mut document = satisfied_for_person();
        document.decided_by = Some(ReplyOfficial {
            position: None, full_name: "Смирнов Олег Викторович".to_string()
        });
        let text = document.layout(Lang::Ru).plain_text();
        assert_contains(&text, "Должностное лицо, принявшее решение: Смирнов Олег Викторович\n", "the name alone");
    }

    #[test]
    fn english_layout_differs() {
        let document = satisfied_for_person();
        let english = document.layout(Lang::En);
        assert_eq!(english.title, "Reasoned reply");
        assert_ne!(english.plain_text(), document.layout(Lang::Ru).plain_text());
    }
}
