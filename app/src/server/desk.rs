//! What reviewers do at the desk: list their body's complaints, open one, act on it.

use chrono::{DateTime, Utc};

use super::auth::Session;
use super::state::AppState;
use super::store::{NewEvent, StoreError, TransitionUpdate};
use super::time::format_moscow;
use super::views::{self, applicant_name, localized};
use crate::domain::complaint::limits;
use crate::domain::{text, Action, Field, FieldErrors, IllegalTransition, Outcome, Problem, RemedyKind, Status};
use crate::i18n::Lang;
use crate::model::{DeskComplaint, InboxItem, StaffView};

const INBOX_LIMIT: i64 = 200;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("complaint not found")]
    NotFound,
    /// The complaint belongs to another body, or the user has no body.
    #[error("forbidden")]
    Forbidden,
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    #[error("invalid action form")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for DeskError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => DeskError::NotFound,
            other => DeskError::Store(other),
        }
    }
}

/// The signed-in member as pages show them.
pub async fn staff_view(state: &AppState, session: &Session, lang: Lang) -> Result<StaffView, DeskError> {
    let user = session.user();
    let org_name = match user.org_id {
        Some(org_id) => {
            let org = state.store.org_by_id(org_id).await?;
            localized(lang, &org.short_ru, &org.short_en).to_string()
        }
        None => String::new(),
    };
    Ok(StaffView {
        email: user.email.clone(),
        org_name,
        csrf_token: session.row.csrf_token.clone(),
        must_change_password: user.must_change_password,
    })
}

/// The newest complaints of the member's body.
pub async fn inbox(state: &AppState, session: &Session, lang: Lang) -> Result<Vec<InboxItem>, DeskError> {
    let org_id = session.user().org_id.ok_or(DeskError::Forbidden)?;
    let filter = crate::server::store::InboxFilter { org_ids: vec![org_id], limit: INBOX_LIMIT, ..Default::default() };
    let rows = state.store.inbox(&filter).await?;
    Ok(rows
        .into_iter()
        .map(|row| InboxItem {
            applicant_name: applicant_name(
                &row.applicant_kind,
                row.surname.as_deref(),
                row.first_name.as_deref(),
                row.patronymic.as_deref(),
                row.legal_name.as_deref(),
            ),
            service_name: match (&row.service_name_ru, &row.service_name_en) {
                (Some(ru), Some(en)) => Some(localized(lang, ru, en).to_string()),
                _ => None,
            },
            number: row.number,
            received_at: format_moscow(row.received_at),
            status: Status::from_code(&row.status).unwrap_or(Status::Submitted),
        })
        .collect())
}

/// One complaint of the member's body, with the applicant's details and the actions allowed.
pub async fn complaint(
    state: &AppState,
    session: &Session,
    number: &str,
    lang: Lang,
) -> Result<DeskComplaint, DeskError> {
    let row = state.store.complaint_by_number(number).await?;
    if session.user().org_id != Some(row.org_id) {
        return Err(DeskError::Forbidden);
    }
    let view = views::complaint_view(state, &row, lang, true).await?;
    let actions = [Action::Register, Action::StartReview, Action::Decide(Outcome::Satisfied)]
        .into_iter()
        .filter(|a| a.apply(view.status).is_ok())
        .collect();
    Ok(DeskComplaint {
        applicant_name: applicant_name(
            &row.applicant_kind,
            row.surname.as_deref(),
            row.first_name.as_deref(),
            row.patronymic.as_deref(),
            row.legal_name.as_deref(),
        ),
        applicant_is_legal: row.applicant_kind == "legal",
        address: row.address.clone(),
        phone: row.phone.clone(),
        email: row.email.clone(),
        reply_by_email: row.reply_by == "email",
        postal_address: row.postal_address.clone(),
        official: row.official.clone(),
        arguments: row.arguments.clone(),
        actions,
        view,
    })
}

/// A staff action as posted from the complaint page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffAction {
    Register,
    StartReview,
    Decide { outcome: Outcome, remedy: Option<RemedyKind>, text: String },
}

impl StaffAction {
    fn action(&self) -> Action {
        match self {
            StaffAction::Register => Action::Register,
            StaffAction::StartReview => Action::StartReview,
            StaffAction::Decide { outcome, .. } => Action::Decide(*outcome),
        }
    }

    /// Reads the posted `action` and its fields.
    pub fn parse(action: &str, outcome: &str, remedy_kind: &str, text: &str) -> Result<StaffAction, FieldErrors> {
        match action {
            "register" => Ok(StaffAction::Register),
            "start_review" => Ok(StaffAction::StartReview),
            "decide" => {
                let mut errors = FieldErrors::new();
                let outcome = errors.check(Field::Outcome, Outcome::from_code(outcome.trim()).ok_or(Problem::Missing));
                let remedy = match outcome {
                    Some(Outcome::Satisfied) => errors
                        .check(Field::RemedyKind, RemedyKind::from_code(remedy_kind.trim()).ok_or(Problem::Missing))
                        .map(Some),
                    _ => Some(None),
                };
                let decision_text = errors.check(Field::Reason, text::required(text, limits::ARGUMENTS));
                match (outcome, remedy, decision_text) {
                    (Some(outcome), Some(remedy), Some(text)) if errors.is_empty() => {
                        Ok(StaffAction::Decide { outcome, remedy, text })
                    }
                    _ => Err(errors),
                }
            }
            _ => Err(FieldErrors::single(Field::Form, Problem::InvalidChoice)),
        }
    }
}

/// Applies a staff action to a complaint of the member's body. The status rule is checked
/// here and again by the store, so two reviewers acting at once cannot both succeed.
#[tracing::instrument(skip_all, fields(action = staff_action.action().code()))]
pub async fn act(
    state: &AppState,
    session: &Session,
    number: &str,
    staff_action: &StaffAction,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let row = state.store.complaint_by_number(number).await?;
    if session.user().org_id != Some(row.org_id) {
        return Err(DeskError::Forbidden);
    }
    let from = Status::from_code(&row.status).unwrap_or(Status::Submitted);
    let action = staff_action.action();
    let to = action.apply(from)?;

    let mut update = TransitionUpdate::default();
    let mut message = None;
    match staff_action {
        StaffAction::Register => update.registered_at = Some(now),
        StaffAction::StartReview => {}
        StaffAction::Decide { outcome, remedy, text } => {
            update.decided_at = Some(now);
            update.outcome = Some(outcome.code());
            update.remedy_kind = remedy.map(RemedyKind::code);
            update.decision_text = Some(text.clone());
            message = Some(text.clone());
        }
    }
    let event = NewEvent {
        action: action.code(),
        actor_kind: "staff",
        actor_user_id: Some(session.user().id),
        note: None,
        message,
        at: now,
        internal: false,
    };

    match state.store.apply_transition(row.id, from.code(), to.code(), &update, &event).await {
        Ok(()) => {
            tracing::info!(complaint_id = %row.id, from = from.code(), to = to.code(), "complaint status changed");
            Ok(())
        }
        Err(StoreError::Conflict(_)) => {
            // Someone changed the status first; report the rule against the status now stored.
            let current = state.store.complaint_by_number(number).await?;
            let now_status = Status::from_code(&current.status).unwrap_or(from);
            Err(DeskError::Illegal(IllegalTransition { from: now_status, action }))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decide_needs_outcome_text_and_remedy_when_satisfied() {
        let errors = StaffAction::parse("decide", "", "", "").expect_err("empty");
        assert_eq!(errors.get(Field::Outcome), Some(Problem::Missing));
        assert_eq!(errors.get(Field::Reason), Some(Problem::Missing));

        let errors = StaffAction::parse("decide", "satisfied", "", "Паспорт выдан").expect_err("no remedy");
        assert_eq!(errors.get(Field::RemedyKind), Some(Problem::Missing));

        let refused = StaffAction::parse("decide", "refused", "", "Срок не нарушен").expect("valid refusal");
        assert_eq!(
            refused,
            StaffAction::Decide {
                outcome: Outcome::Refused, remedy: None, text: "Срок не нарушен".into()
            }
        );
    }

    #[test]
    fn unknown_action_is_rejected() {
        let errors = StaffAction::parse("delete", "", "", "").expect_err("unknown");
        assert_eq!(errors.get(Field::Form), Some(Problem::InvalidChoice));
    }
}
