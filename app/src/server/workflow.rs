//! Actions on a complaint after filing: the reviewers' steps at the desk and the applicant's
//! answer and withdrawal on the status page. Every action is checked against the status
//! rule here, and the store checks the status again when it writes, so two people acting at
//! once cannot both succeed.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::auth::Session;
use super::complaints::applicant_complaint;
use super::desk::{visible_org_ids, DeskError};
use super::files::{check_uploads, delete_files, put_files, Upload};
use super::secrets::random_u64;
use super::state::AppState;
use super::store::{ComplaintRow, NewEvent, RedirectedCopy, StoreError, TransitionUpdate};
use super::time::moscow_date;
use crate::domain::complaint::limits;
use crate::domain::deadlines::{compute, DeadlineBasis, Deadlines};
use crate::domain::{
    text, Action, ComplaintNumber, Field, FieldErrors, IllegalTransition, Outcome, Problem, RemedyKind, Status,
    UnansweredReason,
};
use crate::i18n::Lang;

/// A staff action as posted from the complaint page, with its fields checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffAction {
    Register,
    StartReview,
    RequestInfo { message: String },
    Decide { outcome: Outcome, remedy: Option<RemedyKind>, text: String },
    Remedy { message: String },
    Redirect { target_org: String, message: Option<String> },
    LeaveUnanswered { reason: UnansweredReason, message: Option<String> },
    ReferToProsecutor { note: String },
    Assign { assignee: Option<Uuid> },
}

impl StaffAction {
    pub fn action(&self) -> Action {
        match self {
            StaffAction::Register => Action::Register,
            StaffAction::StartReview => Action::StartReview,
            StaffAction::RequestInfo { .. } => Action::RequestInfo,
            StaffAction::Decide { outcome, .. } => Action::Decide(*outcome),
            StaffAction::Remedy { .. } => Action::Remedy,
            StaffAction::Redirect { .. } => Action::Redirect,
            StaffAction::LeaveUnanswered { .. } => Action::LeaveUnanswered,
            StaffAction::ReferToProsecutor { .. } => Action::ReferToProsecutor,
            StaffAction::Assign { .. } => Action::Assign,
        }
    }

    /// Reads the posted `action` and the fields it needs; `value` returns a posted field.
    pub fn parse(value: impl Fn(&str) -> String) -> Result<StaffAction, FieldErrors> {
        let mut errors = FieldErrors::new();
        let action = match value("action").as_str() {
            "register" => Some(StaffAction::Register),
            "start_review" => Some(StaffAction::StartReview),
            "request_info" => errors
                .check(Field::Message, text::required(&value("message"), limits::ARGUMENTS))
                .map(|message| StaffAction::RequestInfo { message }),
            "decide" => {
                let outcome = errors.check(Field::Outcome, Outcome::from_code(value("outcome").trim()).ok_or(Problem::Missing));
                let remedy_code = value("remedy_kind");
                let remedy = match outcome {
                    Some(Outcome::Satisfied) => errors
                        .check(Field::RemedyKind, RemedyKind::from_code(remedy_code.trim()).ok_or(Problem::Missing))
                        .map(Some),
                    Some(Outcome::Refused) if !remedy_code.trim().is_empty() => {
                        errors.push(Field::RemedyKind, Problem::NotApplicable);
                        None
                    }
                    _ => Some(None),
                };
                let text = errors.check(Field::Reason, text::required(&value("reason"), limits::ARGUMENTS));
                match (outcome, remedy, text) {
                    (Some(outcome), Some(remedy), Some(text)) => Some(StaffAction::Decide { outcome, remedy, text }),
                    _ => None,
                }
            }
            "remedy" => errors
                .check(Field::Message, text::required(&value("message"), limits::ARGUMENTS))
                .map(|message| StaffAction::Remedy { message }),
            "redirect" => {
                let target = errors.check(Field::TargetOrg, required_code(&value("target_org")));
                let message = errors.check(Field::Message, text::optional(&value("message"), limits::ARGUMENTS));
                match (target, message) {
                    (Some(target_org), Some(message)) => Some(StaffAction::Redirect { target_org, message }),
                    _ => None,
                }
            }
            "leave_unanswered" => {
                let reason = errors.check(
                    Field::UnansweredReason,
                    UnansweredReason::from_code(value("unanswered_reason").trim()).ok_or(Problem::Missing),
                );
                let message = errors.check(Field::Message, text::optional(&value("message"), limits::ARGUMENTS));
                match (reason, message) {
                    (Some(reason), Some(message)) => Some(StaffAction::LeaveUnanswered { reason, message }),
                    _ => None,
                }
            }
            "refer_to_prosecutor" => errors
                .check(Field::Note, text::required(&value("note"), limits::ARGUMENTS))
                .map(|note| StaffAction::ReferToProsecutor { note }),
            "assign" => {
                let raw = value("assignee");
                match raw.trim() {
                    "" => Some(StaffAction::Assign { assignee: None }),
                    id => errors
                        .check(Field::Assignee, Uuid::parse_str(id).map_err(|_| Problem::InvalidChoice))
                        .map(|id| StaffAction::Assign { assignee: Some(id) }),
                }
            }
            _ => {
                errors.push(Field::Form, Problem::InvalidChoice);
                None
            }
        };
        match action {
            Some(action) if errors.is_empty() => Ok(action),
            _ => Err(errors),
        }
    }
}

fn required_code(raw: &str) -> Result<String, Problem> {
    let code = raw.trim();
    if code.is_empty() {
        Err(Problem::Missing)
    } else if code.len() <= limits::CODE && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        Ok(code.to_string())
    } else {
        Err(Problem::InvalidChoice)
    }
}

/// The deadlines of `row` once it moves to `to`, with the dates this move sets.
async fn deadlines_after(
    state: &AppState,
    row: &ComplaintRow,
    to: Status,
    registered_at: Option<DateTime<Utc>>,
    decided: Option<(DateTime<Utc>, Outcome)>,
) -> Result<Deadlines, StoreError> {
    let calendar = state.calendar().await?;
    let outcome = decided.map(|(_, o)| o).or(row.outcome.as_deref().and_then(Outcome::from_code));
    let basis = DeadlineBasis {
        status: to,
        received: moscow_date(row.received_at),
        registered: registered_at.or(row.registered_at).map(moscow_date),
        decided: decided.map(|(at, _)| at).or(row.decided_at).map(moscow_date),
        outcome,
        short_review: row.short_review,
    };
    Ok(compute(calendar.as_ref(), &basis))
}

/// Who takes a staff action: a member signed in at the desk, or a body's information system
/// calling the REST API with a secret key.
#[derive(Clone, Copy)]
pub enum Actor<'a> {
    Staff(&'a Session),
    ApiKey { key_id: Uuid, org_id: Uuid },
}

impl Actor<'_> {
    fn user_id(&self) -> Option<Uuid> {
        match self {
            Actor::Staff(session) => Some(session.user().id),
            Actor::ApiKey { .. } => None,
        }
    }

    fn api_key_id(&self) -> Option<Uuid> {
        match self {
            Actor::Staff(_) => None,
            Actor::ApiKey { key_id, .. } => Some(*key_id),
        }
    }

    /// The bodies whose complaints the actor may act on. A key acts for its own body only.
    async fn visible_org_ids(&self, state: &AppState) -> Result<Vec<Uuid>, DeskError> {
        match self {
            Actor::Staff(session) => visible_org_ids(state, session).await,
            Actor::ApiKey { org_id, .. } => Ok(vec![*org_id]),
        }
    }
}

/// Applies a staff action to a complaint of a body the member may see.
pub async fn act(
    state: &AppState,
    session: &Session,
    number: &str,
    staff_action: &StaffAction,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    act_as(state, Actor::Staff(session), number, staff_action, now).await
}

/// Applies a staff action to a complaint of a body that `actor` may act for, by the same
/// rules whoever acts.
#[tracing::instrument(skip_all, fields(action = staff_action.action().code()))]
pub async fn act_as(
    state: &AppState,
    actor: Actor<'_>,
    number: &str,
    staff_action: &StaffAction,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let row = state.store.complaint_by_number(number).await?;
    let visible = actor.visible_org_ids(state).await?;
    if !visible.contains(&row.org_id) {
        return Err(DeskError::Forbidden);
    }
    let from = Status::from_code(&row.status).unwrap_or(Status::Submitted);
    let action = staff_action.action();
    let to = action.apply(from)?;
    let lang = Lang::parse(&row.lang).unwrap_or_default();

    let mut update = TransitionUpdate::default();
    let mut event = NewEvent {
        action: action.code(),
        actor_kind: "staff",
        actor_user_id: actor.user_id(),
        actor_api_key_id: actor.api_key_id(),
        note: None,
        message: None,
        at: now,
        internal: false,
    };
    let mut registered_at = None;
    let mut decided = None;

    match staff_action {
        StaffAction::Register => {
            registered_at = Some(now);
            update.registered_at = Some(now);
        }
        StaffAction::StartReview => {}
        StaffAction::RequestInfo { message } => event.message = Some(message.clone()),
        StaffAction::Decide { outcome, remedy, text } => {
            decided = Some((now, *outcome));
            update.decided_at = Some(now);
            update.outcome = Some(outcome.code());
            update.remedy_kind = remedy.map(RemedyKind::code);
            update.decision_text = Some(text.clone());
            event.message = Some(text.clone());
        }
        StaffAction::Remedy { message } => {
            update.remedied_at = Some(now);
            event.message = Some(message.clone());
        }
        StaffAction::LeaveUnanswered { reason, message } => {
            update.unanswered_reason = Some(reason.code());
            let standard = (lang.texts().unanswered_message)(*reason);
            event.message = match (standard, message) {
                (Some(standard), Some(extra)) => Some(format!("{standard}\n\n{extra}")),
                (Some(standard), None) => Some(standard.to_string()),
                (None, extra) => extra.clone(),
            };
        }
        StaffAction::ReferToProsecutor { note } => {
            if row.prosecutor_referred_at.is_some() {
                return Err(DeskError::Invalid(FieldErrors::single(Field::Form, Problem::AlreadyDone)));
            }
            update.prosecutor_referred_at = Some(now);
            event.note = Some(note.clone());
            event.internal = true;
        }
        StaffAction::Assign { assignee } => {
            if let Some(id) = assignee {
                let staff = state.store.staff_of_orgs(&[row.org_id]).await?;
                let Some(member) = staff.iter().find(|m| m.id == *id) else {
                    return Err(DeskError::Invalid(FieldErrors::single(Field::Assignee, Problem::InvalidChoice)));
                };
                event.note = Some(member.email.clone());
            }
            update.assignee = Some(*assignee);
            event.internal = true;
        }
        StaffAction::Redirect { target_org, message } => {
            return redirect(state, &row, from, target_org, message.clone(), event, lang, now).await;
        }
    }

    update.deadlines = deadlines_after(state, &row, to, registered_at, decided).await?;
    if super::notify::announces(action) {
        update.jobs.push(super::notify::notice_job(row.id, action, now));
    }
    match state.store.apply_transition(row.id, from.code(), to.code(), &update, &event).await {
        Ok(()) => {
            tracing::info!(complaint_id = %row.id, from = from.code(), to = to.code(), "complaint action applied");
            Ok(())
        }
        // Another referral of the same complaint was stored after `row` was read.
        Err(StoreError::Conflict("already referred")) => {
            Err(DeskError::Invalid(FieldErrors::single(Field::Form, Problem::AlreadyDone)))
        }
        Err(StoreError::Conflict(_)) => Err(changed_meanwhile(state, number, from, action).await),
        Err(e) => Err(e.into()),
    }
}

/// The error for an action that lost a race: the rule checked against the status stored now.
async fn changed_meanwhile(state: &AppState, number: &str, from: Status, action: Action) -> DeskError {
    match state.store.complaint_by_number(number).await {
        Ok(current) => {
            let now_status = Status::from_code(&current.status).unwrap_or(from);
            DeskError::Illegal(IllegalTransition { from: now_status, action })
        }
        Err(e) => e.into(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn redirect(
    state: &AppState,
    row: &ComplaintRow,
    from: Status,
    target_code: &str,
    message: Option<String>,
    mut event: NewEvent,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let target = match state.store.org_by_code(target_code).await {
        Ok(org) if org.id != row.org_id => org,
        Ok(_) | Err(StoreError::NotFound) => {
            return Err(DeskError::Invalid(FieldErrors::single(Field::TargetOrg, Problem::InvalidChoice)))
        }
        Err(e) => return Err(e.into()),
    };
    let calendar = state.calendar().await?;
    let received = moscow_date(now);
    let copy_deadlines = compute(
        calendar.as_ref(),
        &DeadlineBasis {
            status: Status::Submitted,
            received,
            registered: None,
            decided: None,
            outcome: None,
            short_review: row.short_review,
        },
    );
    let target_name = crate::server::views::localized(lang, &target.name_ru, &target.name_en).to_string();
    let update = TransitionUpdate {
        deadlines: deadlines_after(state, row, Status::Redirected, None, None).await?,
        jobs: vec![super::notify::notice_job(row.id, Action::Redirect, now)],
        ..Default::default()
    };

    // Numbers are random, so a clash is rare; a few fresh draws settle it.
    for _ in 0..5 {
        let number = ComplaintNumber::from_parts(chrono::Datelike::year(&received), random_u64()).to_string();
        let standard = (lang.texts().workflow.redirect_message)(&target_name, &number);
        event.message = Some(match &message {
            Some(extra) => format!("{standard}\n\n{extra}"),
            None => standard,
        });
        let copy = RedirectedCopy { id: Uuid::now_v7(), number: number.clone(), org_id: target.id, received_at: now, deadlines: copy_deadlines };
        // The copy arrives from the other body, not from a member of the new one.
        let copy_event = NewEvent {
            action: Action::Submit.code(),
            actor_kind: "system",
            actor_user_id: event.actor_user_id,
            actor_api_key_id: event.actor_api_key_id,
            note: Some(row.number.clone()),
            message: message.clone(),
            at: now,
            internal: false,
        };
        match state.store.redirect_complaint(row.id, from.code(), &update, &event, &copy, &copy_event).await {
            Ok(()) => {
                tracing::info!(complaint_id = %row.id, copy_id = %copy.id, target = %target.code, "complaint redirected");
                return Ok(());
            }
            Err(StoreError::Conflict("complaint number")) => continue,
            Err(StoreError::Conflict(_)) => return Err(changed_meanwhile(state, &row.number, from, Action::Redirect).await),
            Err(e) => return Err(e.into()),
        }
    }
    Err(DeskError::Store(StoreError::Conflict("complaint number")))
}

/// What the applicant can do on the status page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplicantAction {
    /// The answer to an information request, with the files posted with it, not yet checked.
    AnswerInfo { answer: String, files: Vec<Upload> },
    Withdraw,
}

impl ApplicantAction {
    /// Reads the posted `action` and its fields; `None` for a plain lookup.
    pub fn parse(value: impl Fn(&str) -> String) -> Option<Result<ApplicantAction, FieldErrors>> {
        match value("action").as_str() {
            "answer_info" => Some(
                text::required(&value("answer"), limits::ARGUMENTS)
                    .map(|answer| ApplicantAction::AnswerInfo { answer, files: Vec::new() })
                    .map_err(|p| FieldErrors::single(Field::Answer, p)),
            ),
            "withdraw" => Some(if value("withdraw_confirm").is_empty() {
                Err(FieldErrors::single(Field::WithdrawConfirm, Problem::Missing))
            } else {
                Ok(ApplicantAction::Withdraw)
            }),
            _ => None,
        }
    }

    fn action(&self) -> Action {
        match self {
            ApplicantAction::AnswerInfo { .. } => Action::AnswerInfo,
            ApplicantAction::Withdraw => Action::Withdraw,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApplicantError {
    /// Wrong number or code, or a bad field; shown next to the fields.
    #[error("invalid applicant action")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file store failed to write an attached file.
    #[error("file store: {0}")]
    Files(std::io::Error),
}

/// Applies the applicant's action to the complaint that `number` and `code` open.
#[tracing::instrument(skip_all, fields(action = applicant_action.action().code()))]
pub async fn applicant_act(
    state: &AppState,
    number: &str,
    code: &str,
    applicant_action: &ApplicantAction,
    now: DateTime<Utc>,
) -> Result<(), ApplicantError> {
    let row = applicant_complaint(state, number, code).await.map_err(|e| match e {
        super::complaints::LookupError::Invalid(errors) => ApplicantError::Invalid(errors),
        super::complaints::LookupError::Store(e) => ApplicantError::Store(e),
    })?;
    applicant_act_on(state, &row, applicant_action, now).await
}

/// Applies the applicant's action to `row`, whose access the caller has checked (with the
/// access code, or by the cabinet's verified e-mail).
pub async fn applicant_act_on(
    state: &AppState,
    row: &ComplaintRow,
    applicant_action: &ApplicantAction,
    now: DateTime<Utc>,
) -> Result<(), ApplicantError> {
    let from = Status::from_code(&row.status).unwrap_or(Status::Submitted);
    let action = applicant_action.action();
    let to = action.apply(from)?;
    let event = NewEvent {
        action: action.code(),
        actor_kind: "applicant",
        actor_user_id: None,
        actor_api_key_id: None,
        note: None,
        message: match applicant_action {
            ApplicantAction::AnswerInfo { answer, .. } => Some(answer.clone()),
            ApplicantAction::Withdraw => None,
        },
        at: now,
        internal: false,
    };
    let accepted = match applicant_action {
        ApplicantAction::AnswerInfo { files, .. } if !files.is_empty() => {
            let stored = state.store.complaint_attachment_bytes(row.id).await?;
            check_uploads(files, u64::try_from(stored).unwrap_or(0))
                .map_err(|problem| ApplicantError::Invalid(FieldErrors::single(Field::Files, problem)))?
        }
        _ => Vec::new(),
    };
    let mut update = TransitionUpdate { deadlines: deadlines_after(state, row, to, None, None).await?, ..Default::default() };
    if super::notify::announces(action) {
        update.jobs.push(super::notify::notice_job(row.id, action, now));
    }

    // The files go to the store first, because it is not part of the transaction; when the
    // transaction fails they are deleted again.
    update.attachments = put_files(state.settings.files.as_ref(), row.id, accepted).await.map_err(ApplicantError::Files)?;
    let result = state.store.apply_transition(row.id, from.code(), to.code(), &update, &event).await;
    if result.is_err() {
        delete_files(state.settings.files.as_ref(), &update.attachments).await;
    }
    match result {
        Ok(()) => {
            tracing::info!(
                complaint_id = %row.id,
                from = from.code(),
                to = to.code(),
                files = update.attachments.len(),
                "applicant action applied"
            );
            Ok(())
        }
        Err(StoreError::Conflict(_)) => {
            let current = state.store.complaint_by_number(&row.number).await?;
            let now_status = Status::from_code(&current.status).unwrap_or(from);
            Err(ApplicantError::Illegal(IllegalTransition { from: now_status, action }))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> Result<StaffAction, FieldErrors> {
        let map: HashMap<&str, &str> = pairs.iter().copied().collect();
        StaffAction::parse(|name| map.get(name).map(|v| v.to_string()).unwrap_or_default())
    }

    #[test]
    fn decide_needs_outcome_text_and_remedy_when_satisfied() {
        let errors = parse(&[("action", "decide")]).expect_err("empty");
        assert_eq!(errors.get(Field::Outcome), Some(Problem::Missing));
        assert_eq!(errors.get(Field::Reason), Some(Problem::Missing));

        let errors = parse(&[("action", "decide"), ("outcome", "satisfied"), ("reason", "Паспорт выдан")])
            .expect_err("no remedy");
        assert_eq!(errors.get(Field::RemedyKind), Some(Problem::Missing));

        let refused = parse(&[("action", "decide"), ("outcome", "refused"), ("reason", "Срок не нарушен")]);
        assert_eq!(
            refused,
            Ok(StaffAction::Decide { outcome: Outcome::Refused, remedy: None, text: "Срок не нарушен".into() })
        );
    }

    #[test]
    fn each_action_names_its_missing_field() {
        let cases = [
            ("request_info", Field::Message),
            ("remedy", Field::Message),
            ("redirect", Field::TargetOrg),
            ("leave_unanswered", Field::UnansweredReason),
            ("refer_to_prosecutor", Field::Note),
        ];
        for (action, field) in cases {
            let errors = parse(&[("action", action)]).expect_err(action);
            assert_eq!(errors.get(field), Some(Problem::Missing), "{action}");
        }
    }

    #[test]
    fn assign_reads_a_user_or_nobody() {
        assert_eq!(parse(&[("action", "assign"), ("assignee", "")]), Ok(StaffAction::Assign { assignee: None }));
        let errors = parse(&[("action", "assign"), ("assignee", "me")]).expect_err("not a uuid");
        assert_eq!(errors.get(Field::Assignee), Some(Problem::InvalidChoice));
    }

    #[test]
    fn unknown_action_is_rejected() {
        let errors = parse(&[("action", "delete")]).expect_err("unknown");
        assert_eq!(errors.get(Field::Form), Some(Problem::InvalidChoice));
    }

    #[test]
    fn withdraw_needs_confirmation() {
        let value = |name: &str| if name == "action" { "withdraw".to_string() } else { String::new() };
        let result = ApplicantAction::parse(value).expect("an action");
        assert_eq!(result.expect_err("unconfirmed").get(Field::WithdrawConfirm), Some(Problem::Missing));
    }
}
