//! The reasoned reply built from the stored complaint and its decision event, for the
//! applicant (by number and access code) and for staff of the complaint's body. `pdf`
//! renders it as a PDF file.

pub mod pdf;

use super::auth::Session;
use super::complaints::{applicant_complaint, LookupError};
use super::desk::{visible_org_ids, DeskError};
use super::state::AppState;
use super::store::{ComplaintRow, EventRow, StoreError, UserRow};
use super::time::{format_date, moscow_date};
use super::views::applicant_name;
use crate::domain::{Action, ComplaintNumber, Ground, Outcome, RemedyKind};
use crate::reply::{ReplyApplicant, ReplyDocument, ReplyOfficial, ReplyTo};

#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    /// No complaint has this number, or the access code does not match it.
    #[error("complaint not found")]
    NotFound,
    /// The complaint has no decision yet, so there is no reply.
    #[error("the complaint has no decision")]
    NoDecision,
    /// The complaint belongs to a body the staff member does not see.
    #[error("forbidden")]
    Forbidden,
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ReplyError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ReplyError::NotFound,
            other => ReplyError::Store(other),
        }
    }
}

/// Builds the reply to the complaint `number` for the applicant who has its access `code`.
pub async fn for_applicant(state: &AppState, number: &str, code: &str) -> Result<ReplyDocument, ReplyError> {
    let row = match applicant_complaint(state, number, code).await {
        Ok(row) => row,
        Err(LookupError::Invalid(_)) => return Err(ReplyError::NotFound),
        Err(LookupError::Store(error)) => return Err(error.into()),
    };
    build(state, &row).await
}

/// Builds the reply to the complaint `number` for staff of the complaint's body or of a body above it.
pub async fn for_staff(state: &AppState, session: &Session, number: &str) -> Result<ReplyDocument, ReplyError> {
    let number = ComplaintNumber::parse(number).map_err(|_| ReplyError::NotFound)?;
    let row = state.store.complaint_by_number(number.as_str()).await?;
    let visible = visible_org_ids(state, session).await.map_err(|error| match error {
        DeskError::Store(error) => ReplyError::Store(error),
        _ => ReplyError::Forbidden,
    })?;
    if !visible.contains(&row.org_id) {
        return Err(ReplyError::Forbidden);
    }
    build(state, &row).await
}

/// Builds the reply to the signed-in citizen's complaint `number`.
pub async fn for_citizen(
    state: &AppState,
    session: &super::citizen::CitizenSession,
    number: &str,
) -> Result<ReplyDocument, ReplyError> {
    let row = match super::citizen::complaint(state, session, number).await {
        Ok(row) => row,
        Err(StoreError::NotFound) => return Err(ReplyError::NotFound),
        Err(error) => return Err(error.into()),
    };
    build(state, &row).await
}

async fn build(state: &AppState, row: &ComplaintRow) -> Result<ReplyDocument, ReplyError> {
    let grounds = state.store.complaint_grounds(row.id).await?;
    let events = state.store.complaint_events(row.id).await?;
    let official = match latest_decision(&events).and_then(|e| e.actor_email.as_deref()) {
        Some(email) => match state.store.user_by_email(email).await {
            Ok(user) => official(&user),
            Err(StoreError::NotFound) => None,
            Err(error) => return Err(ReplyError::Store(error)),
        },
        None => None,
    };
    document(row, &grounds, &events, official).ok_or(ReplyError::NoDecision)
}

/// Finds the latest decision event, whose staff member is the official who decided.
fn latest_decision(events: &[EventRow]) -> Option<&EventRow> {
    events.iter().rev().find(|e| matches!(Action::from_code(&e.action), Some(Action::Decide(_))))
}

/// Builds the official as the reply names them, or `None` for an account without a full name.
pub fn official(user: &UserRow) -> Option<ReplyOfficial> {
    let full_name = user.full_name.as_deref().map(str::trim).filter(|name| !name.is_empty())?;
    let position = user.position.as_deref().map(str::trim).filter(|position| !position.is_empty());
    Some(ReplyOfficial { position: position.map(str::to_string), full_name: full_name.to_string() })
}

/// Builds the reply to a decided complaint, or returns `None` before a decision. `decided_by`
/// is the official on the latest decision event, from [`official`].
pub fn document(
    row: &ComplaintRow,
    ground_codes: &[String],
    events: &[EventRow],
    decided_by: Option<ReplyOfficial>,
) -> Option<ReplyDocument> {
    let outcome = Outcome::from_code(row.outcome.as_deref()?)?;
    let decided_at = row.decided_at.or(latest_decision(events).map(|e| e.at))?;

    let mut grounds: Vec<Ground> = ground_codes.iter().filter_map(|code| Ground::from_code(code)).collect();
    grounds.sort_by_key(|g| Ground::ALL.iter().position(|x| x == g));
    let reply_to = if row.reply_by == "email" {
        ReplyTo::Email(row.email.clone().unwrap_or_default())
    } else {
        ReplyTo::Post(row.postal_address.clone().unwrap_or_default())
    };
    let name = applicant_name(
        &row.applicant_kind,
        row.surname.as_deref(),
        row.first_name.as_deref(),
        row.patronymic.as_deref(),
        row.legal_name.as_deref(),
    );

    Some(ReplyDocument {
        number: row.number.clone(),
        received_on: format_date(moscow_date(row.received_at)),
        registered_on: row.registered_at.map(|at| format_date(moscow_date(at))),
        org_name: row.org_name_ru.clone(),
        service_name: row.service_name_ru.clone(),
        decided_by,
        decided_on: format_date(moscow_date(decided_at)),
        applicant: ReplyApplicant {
            name,
            is_legal: row.applicant_kind == "legal",
            address: row.address.clone(),
            reply_to,
        },
        official_appealed: row.official.clone().filter(|o| !o.trim().is_empty()),
        grounds,
        ground_other: row.ground_other.clone().filter(|o| !o.trim().is_empty()),
        subject: row.subject.clone(),
        outcome,
        remedy: row.remedy_kind.as_deref().and_then(RemedyKind::from_code),
        decision_text: row.decision_text.clone().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    use super::*;

    fn decided_row() -> ComplaintRow {
        let at = |day, hour| Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).single().expect("valid time");
        ComplaintRow {
            id: Uuid::nil(),
            number: "2026-48213-90577".to_string(),
            access_code_hash: String::new(),
            org_id: Uuid::nil(),
            org_code: "mvd".to_string(),
            org_name_ru: "Министерство внутренних дел Российской Федерации".to_string(),
            org_name_en: "Ministry of Internal Affairs of the Russian Federation".to_string(),
            service_name_ru: None,
            service_name_en: None,
            channel: "portal".to_string(),
            lang: "ru".to_string(),
            official: Some(" ".to_string()),
            ground_other: None,
            subject: "Паспорт не выдан в срок.".to_string(),
            arguments: "Срок истёк.".to_string(),
            applicant_kind: "legal".to_string(),
            surname: None,
            first_name: None,
            patronymic: None,
            legal_name: Some("ООО «Ромашка»".to_string()),
            address: "191186, г. Санкт-Петербург, Невский пр., д. 1".to_string(),
            phone: None,
            email: Some("office@romashka.example.ru".to_string()),
            reply_by: "post".to_string(),
            postal_address: Some("191186, г. Санкт-Петербург, а/я 15".to_string()),
            status: "refused".to_string(),
            outcome: Some("refused".to_string()),
            remedy_kind: None,
            decision_text: Some("Нарушений не выявлено.".to_string()),
            // 21:30 UTC on 2 November is already 3 November in Moscow.
            received_at: Utc.with_ymd_and_hms(2026, 11, 2, 21, 30, 0).single().expect("valid time"),
            registered_at: Some(at(3, 9)),
            decided_at: Some(at(12, 10)),
            short_review: false,
            registration_due: None,
            review_due: None,
            redirect_due: None,
            reply_due: None,
            remedy_due: None,
            next_due: None,
            assignee_id: None,
            assignee_email: None,
            redirected_to_number: None,
            redirected_to_org_ru: None,
            redirected_to_org_en: None,
            redirected_from_number: None,
            unanswered_reason: None,
            prosecutor_referred_at: None,
            remedied_at: None,
        }
    }

    fn event(seq: i32, action: &str, email: Option<&str>) -> EventRow {
        EventRow {
            seq,
            at: Utc.with_ymd_and_hms(2026, 11, 12, 10, 0, 0).single().expect("valid time"),
            action: action.to_string(),
            actor_kind: if email.is_some() { "staff" } else { "applicant" }.to_string(),
            actor_email: email.map(str::to_string),
            from_status: None,
            to_status: String::new(),
            note: None,
            message: None,
            internal: false,
        }
    }

    #[test]
    fn document_of_refused_organisation() {
        let events = [
            event(1, "submit", None),
            event(2, "register", Some("clerk@mvd.example.ru")),
            event(3, "refuse", Some("reviewer@mvd.example.ru")),
            event(4, "assign", Some("head@mvd.example.ru")),
        ];
        let grounds = ["other".to_string(), "illegal_fee".to_string(), "unknown".to_string()];
        let document = document(&decided_row(), &grounds, &events, None).expect("a decided complaint has a reply");

        assert_eq!(latest_decision(&events).map(|e| e.seq), Some(3), "the refusal, not the later assignment");
        assert_eq!(document.decided_by, None, "an account without a name is not named");
        assert_eq!(document.outcome, Outcome::Refused);
        assert_eq!(document.received_on, "03.11.2026", "the date of receipt is the Moscow date");
        assert_eq!(document.registered_on.as_deref(), Some("03.11.2026"));
        assert_eq!(document.decided_on, "12.11.2026");
        assert_eq!(document.grounds, [Ground::IllegalFee, Ground::Other], "known grounds in the law's order");
        assert!(document.applicant.is_legal, "the applicant is an organisation");
        assert_eq!(document.applicant.name, "ООО «Ромашка»");
        assert_eq!(document.applicant.reply_to, ReplyTo::Post("191186, г. Санкт-Петербург, а/я 15".to_string()));
        assert_eq!(document.official_appealed, None, "a blank official is left out");
        assert_eq!(document.decision_text, "Нарушений не выявлено.");
    }

    #[test]
    fn document_of_satisfied_person() {
        let mut row = decided_row();
        row.applicant_kind = "person".to_string();
        row.surname = Some("Петрова".to_string());
        row.first_name = Some("Анна".to_string());
        row.patronymic = Some("Сергеевна".to_string());
        row.legal_name = None;
        row.reply_by = "email".to_string();
        row.outcome = Some("satisfied".to_string());
        row.status = "remedied".to_string();
        row.remedy_kind = Some("fee_refunded".to_string());
        let events =
            [event(1, "satisfy", Some("reviewer@mvd.example.ru")), event(2, "remedy", Some("clerk@mvd.example.ru"))];
        let official =
            ReplyOfficial { position: None, full_name: "Смирнов Олег Викторович".to_string() };
        let document =
            document(&row, &[], &events, Some(official.clone())).expect("a remedied complaint keeps its reply");

        assert_eq!(document.applicant.name, "Петрова Анна Сергеевна");
        assert_eq!(document.applicant.reply_to, ReplyTo::Email("office@romashka.example.ru".to_string()));
        assert_eq!(document.outcome, Outcome::Satisfied);
        assert_eq!(document.remedy, Some(RemedyKind::FeeRefunded));
        assert_eq!(latest_decision(&events).map(|e| e.seq), Some(1), "the remedy's author is not the official");
        assert_eq!(document.decided_by, Some(official));
    }

    #[test]
    fn official_from_account() {
        let mut user = UserRow {
            id: Uuid::nil(),
            email: "reviewer@mvd.example.ru".to_string(),
            password_hash: String::new(),
            role: "reviewer".to_string(),
            org_id: None,
            must_change_password: false,
            include_subordinates: false,
            full_name: Some(" Смирнов Олег Викторович ".to_string()),
            position: Some("главный специалист-эксперт".to_string()),
        };
        let expected = ReplyOfficial {
            position: Some("главный специалист-эксперт".to_string()),
            full_name: "Смирнов Олег Викторович".to_string(),
        };
        assert_eq!(official(&user), Some(expected), "position and trimmed name");

        user.position = Some("  ".to_string());
        assert_eq!(official(&user).and_then(|o| o.position), None, "a blank position is left out");

        user.full_name = None;
        assert_eq!(official(&user), None, "no name, no official");
    }

    #[test]
    fn no_document_before_decision() {
        let mut row = decided_row();
        row.outcome = None;
        row.decided_at = None;
        row.status = "under_review".to_string();
        assert_eq!(document(&row, &[], &[event(1, "submit", None)], None), None);
    }
}

/// Renders the reply PDF of a decided complaint, for attaching to the decision's notice; `None`
/// before a decision.
pub async fn pdf_for_row(state: &AppState, row: &ComplaintRow) -> Result<Option<Vec<u8>>, String> {
    let document = match build(state, row).await {
        Ok(document) => document,
        Err(ReplyError::NoDecision) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    // Rendering is CPU work, which must not stall the async runtime's workers.
    let rendered = tokio::task::spawn_blocking(move || pdf::render(&document)).await.map_err(|e| e.to_string())?;
    rendered.map(Some).map_err(|e| e.to_string())
}
