//! Every status against every action, over HTTP and in the store. `Action::apply` is the
//! oracle, and a table written out by hand from the complaint's life cycle checks the
//! oracle itself, so a wrong rule fails here even when the server follows it faithfully.

use reqwest::StatusCode;

use app::domain::{Action, Outcome, Status};
use app::server::store::now;

use crate::helpers::{spawn_app, Backend, Receipt, TestApp};
use crate::steps::{
    file, file_in, illegal_message, is_applicant_action, perform, snapshot, status_ru, success_status, Staff,
};

const REVIEWER: &str = "reviewer@mvd.example.ru";

/// The actions that staff or the applicant can post. `submit` is left out because only filing
/// a complaint records it.
const POSTED_ACTIONS: [Action; 12] = [
    Action::Register,
    Action::StartReview,
    Action::RequestInfo,
    Action::AnswerInfo,
    Action::Decide(Outcome::Satisfied),
    Action::Decide(Outcome::Refused),
    Action::Remedy,
    Action::Redirect,
    Action::LeaveUnanswered,
    Action::Withdraw,
    Action::ReferToProsecutor,
    Action::Assign,
];

/// Lists the allowed actions from each status and the status each leads to. Referral to the
/// prosecutor is possible at any time, assignment while the complaint is open (a satisfied
/// one still awaits its remedy), withdrawal until a decision.
fn expected_moves(from: Status) -> Vec<(Action, Status)> {
    use Action::*;
    use Status::*;
    let satisfy = Decide(Outcome::Satisfied);
    let refuse = Decide(Outcome::Refused);
    match from {
        Submitted => vec![
            (Register, Registered),
            (Redirect, Redirected),
            (LeaveUnanswered, LeftUnanswered),
            (Withdraw, Withdrawn),
            (ReferToProsecutor, Submitted),
            (Assign, Submitted),
        ],
        Registered => vec![
            (StartReview, UnderReview),
            (RequestInfo, InfoRequested),
            (Redirect, Redirected),
            (LeaveUnanswered, LeftUnanswered),
            (Withdraw, Withdrawn),
            (ReferToProsecutor, Registered),
            (Assign, Registered),
        ],
        UnderReview => vec![
            (RequestInfo, InfoRequested),
            (satisfy, Satisfied),
            (refuse, Refused),
            (LeaveUnanswered, LeftUnanswered),
            (Withdraw, Withdrawn),
            (ReferToProsecutor, UnderReview),
            (Assign, UnderReview),
        ],
        InfoRequested => vec![
            (AnswerInfo, UnderReview),
            (Withdraw, Withdrawn),
            (ReferToProsecutor, InfoRequested),
            (Assign, InfoRequested),
        ],
        Satisfied => vec![(Remedy, Remedied), (ReferToProsecutor, Satisfied), (Assign, Satisfied)],
        Redirected | LeftUnanswered | Refused | Remedied | Withdrawn => vec![(ReferToProsecutor, from)],
    }
}

fn expected_target(from: Status, action: Action) -> Option<Status> {
    expected_moves(from).into_iter().find(|(a, _)| *a == action).map(|(_, to)| to)
}

#[test]
fn apply_matches_written_table() {
    for from in Status::ALL {
        for action in Action::ALL {
            assert_eq!(
                action.apply(from).ok(),
                expected_target(from, action),
                "Action::apply for {} from {}",
                action.code(),
                from.code()
            );
        }
    }
}

/// Tries every posted action on complaints in status `from`: the illegal ones on one
/// complaint, which must stay exactly as it was, and each allowed one on a fresh complaint.
async fn every_action_from(backend: Backend, from: Status) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let unchanged = file_in(&app, &staff, from).await;

    for action in POSTED_ACTIONS {
        let oracle = action.apply(from).ok();
        let written = expected_target(from, action);
        assert_eq!(oracle, written, "Action::apply and the written table on {} from {}", action.code(), from.code());
        match oracle {
            None => check_rejected(&app, &staff, &unchanged, from, action).await,
            Some(to) => {
                let receipt = file(&app).await;
                crate::steps::reach(&app, &staff, &receipt, from).await;
                check_applied(&app, &staff, &receipt, from, action, to).await;
            }
        }
    }
}

async fn check_rejected(app: &TestApp, staff: &Staff<'_>, receipt: &Receipt, from: Status, action: Action) {
    let case = format!("{} from {}", action.code(), from.code());
    let before = snapshot(app, &receipt.number).await;

    let page = perform(app, staff, receipt, action).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{case}: status; page:\n{}", page.main_text());
    let message = page.text("p.form-error[role=alert]").unwrap_or_default();
    assert_eq!(message, illegal_message(action, from), "{case}: message");

    let after = snapshot(app, &receipt.number).await;
    assert_eq!(after.row, before.row, "{case}: the complaint row is unchanged");
    assert_eq!(after.updated_at, before.updated_at, "{case}: updated_at is unchanged");
    assert_eq!(after.events, before.events, "{case}: no event added");
    assert_eq!(after.complaints, before.complaints, "{case}: no complaint added");
}

async fn check_applied(
    app: &TestApp,
    staff: &Staff<'_>,
    receipt: &Receipt,
    from: Status,
    action: Action,
    to: Status,
) {
    let case = format!("{} from {}", action.code(), from.code());
    let before = snapshot(app, &receipt.number).await;
    let started = now();

    let page = perform(app, staff, receipt, action).await;
    let finished = now();
    assert_eq!(page.status, success_status(action), "{case}: status; page:\n{}", page.main_text());
    if is_applicant_action(action) {
        assert_eq!(page.text("strong.status").as_deref(), Some(status_ru(to)), "{case}: the status page shows");
    } else {
        let back = format!("/desk/c/{}", receipt.number);
        assert_eq!(page.location(), Some(back.as_str()), "{case}: back to the complaint");
    }

    let after = snapshot(app, &receipt.number).await;
    assert_eq!(after.row.status, to.code(), "{case}: the stored status");
    assert_eq!(after.events.len(), before.events.len() + 1, "{case}: one event added");
    assert_eq!(after.events[..before.events.len()], before.events[..], "{case}: earlier events are untouched");
    let added_complaints = if action == Action::Redirect { 1 } else { 0 };
    assert_eq!(after.complaints, before.complaints + added_complaints, "{case}: complaints added");

    let event = after.events.last().expect("an event was added");
    assert_eq!(event.action, action.code(), "{case}: event action");
    assert_eq!(event.from_status.as_deref(), Some(from.code()), "{case}: event from_status");
    assert_eq!(event.to_status, to.code(), "{case}: event to_status");
    let (actor_kind, actor_email) =
        if is_applicant_action(action) { ("applicant", None) } else { ("staff", Some(staff.email.as_str())) };
    assert_eq!(event.actor_kind, actor_kind, "{case}: event actor kind");
    assert_eq!(event.actor_email.as_deref(), actor_email, "{case}: event actor");
    let internal = matches!(action, Action::ReferToProsecutor | Action::Assign);
    assert_eq!(event.internal, internal, "{case}: whether the event is for staff only");
    assert!(started <= event.at, "{case}: the event time {} is not before the request", event.at);
    assert!(event.at <= finished, "{case}: the event time {} is not after the response", event.at);
    assert_eq!(after.updated_at, event.at, "{case}: updated_at is the event's time");
}

async fn from_submitted(backend: Backend) {
    every_action_from(backend, Status::Submitted).await
}

async fn from_registered(backend: Backend) {
    every_action_from(backend, Status::Registered).await
}

async fn from_under_review(backend: Backend) {
    every_action_from(backend, Status::UnderReview).await
}

async fn from_info_requested(backend: Backend) {
    every_action_from(backend, Status::InfoRequested).await
}

async fn from_redirected(backend: Backend) {
    every_action_from(backend, Status::Redirected).await
}

async fn from_left_unanswered(backend: Backend) {
    every_action_from(backend, Status::LeftUnanswered).await
}

async fn from_satisfied(backend: Backend) {
    every_action_from(backend, Status::Satisfied).await
}

async fn from_refused(backend: Backend) {
    every_action_from(backend, Status::Refused).await
}

async fn from_remedied(backend: Backend) {
    every_action_from(backend, Status::Remedied).await
}

async fn from_withdrawn(backend: Backend) {
    every_action_from(backend, Status::Withdrawn).await
}

on_both_backends!(
    from_submitted,
    from_registered,
    from_under_review,
    from_info_requested,
    from_redirected,
    from_left_unanswered,
    from_satisfied,
    from_refused,
    from_remedied,
    from_withdrawn,
);
