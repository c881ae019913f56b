//! The life of a complaint: statuses, the actions that move between them, and the rule
//! that says which action is allowed in which status.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Submitted,
    Registered,
    UnderReview,
    InfoRequested,
    Redirected,
    LeftUnanswered,
    Satisfied,
    Refused,
    Remedied,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Submitted,
        Status::Registered,
        Status::UnderReview,
        Status::InfoRequested,
        Status::Redirected,
        Status::LeftUnanswered,
        Status::Satisfied,
        Status::Refused,
        Status::Remedied,
        Status::Withdrawn,
    ];

    /// The stable code used in the database and the API.
    pub fn code(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Registered => "registered",
            Status::UnderReview => "under_review",
            Status::InfoRequested => "info_requested",
            Status::Redirected => "redirected",
            Status::LeftUnanswered => "left_unanswered",
            Status::Satisfied => "satisfied",
            Status::Refused => "refused",
            Status::Remedied => "remedied",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether no further action is possible, except the remedy after satisfaction.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Redirected | Status::LeftUnanswered | Status::Refused | Status::Remedied | Status::Withdrawn
        )
    }
}

/// The decision on a reviewed complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Satisfied,
    Refused,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Satisfied => "satisfied",
            Outcome::Refused => "refused",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        match code {
            "satisfied" => Some(Outcome::Satisfied),
            "refused" => Some(Outcome::Refused),
            _ => None,
        }
    }
}

/// How a satisfied complaint is put right, as listed in article 11.2 of 210-FZ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RemedyKind {
    DecisionCancelled,
    ErrorsCorrected,
    FeeRefunded,
    Other,
}

impl RemedyKind {
    pub const ALL: [RemedyKind; 4] =
        [RemedyKind::DecisionCancelled, RemedyKind::ErrorsCorrected, RemedyKind::FeeRefunded, RemedyKind::Other];

    pub fn code(self) -> &'static str {
        match self {
            RemedyKind::DecisionCancelled => "decision_cancelled",
            RemedyKind::ErrorsCorrected => "errors_corrected",
            RemedyKind::FeeRefunded => "fee_refunded",
            RemedyKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<RemedyKind> {
        RemedyKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Why a complaint is left without an answer, as article 11.2 of 210-FZ allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnansweredReason {
    /// No surname of the applicant or no postal address for the reply.
    NoNameOrAddress,
    /// Obscene or offensive language, or threats; the applicant is told it is an abuse of the right.
    Abusive,
    /// The text cannot be read; the applicant is told within 7 days if name and address can be.
    Unreadable,
}

impl UnansweredReason {
    pub const ALL: [UnansweredReason; 3] =
        [UnansweredReason::NoNameOrAddress, UnansweredReason::Abusive, UnansweredReason::Unreadable];

    pub fn code(self) -> &'static str {
        match self {
            UnansweredReason::NoNameOrAddress => "no_name_or_address",
            UnansweredReason::Abusive => "abusive",
            UnansweredReason::Unreadable => "unreadable",
        }
    }

    pub fn from_code(code: &str) -> Option<UnansweredReason> {
        UnansweredReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What someone does to a complaint. Each action that succeeds becomes an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Submit,
    Register,
    StartReview,
    RequestInfo,
    AnswerInfo,
    Decide(Outcome),
    Remedy,
    Redirect,
    LeaveUnanswered,
    Withdraw,
    /// Signs of an offence or crime: the materials go to the prosecutor. The status stays.
    ReferToProsecutor,
    /// A reviewer takes the complaint or hands it to a colleague. The status stays.
    Assign,
}

impl Action {
    /// The stable code used in forms, events and the API.
    pub fn code(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Register => "register",
            Action::StartReview => "start_review",
            Action::RequestInfo => "request_info",
            Action::AnswerInfo => "answer_info",
            Action::Decide(Outcome::Satisfied) => "satisfy",
            Action::Decide(Outcome::Refused) => "refuse",
            Action::Remedy => "remedy",
            Action::Redirect => "redirect",
            Action::LeaveUnanswered => "leave_unanswered",
            Action::Withdraw => "withdraw",
            Action::ReferToProsecutor => "refer_to_prosecutor",
            Action::Assign => "assign",
        }
    }

    pub const ALL: [Action; 13] = [
        Action::Submit,
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

    /// Whether the action changes the status. The others are recorded on the timeline only.
    pub fn moves_status(self) -> bool {
        !matches!(self, Action::ReferToProsecutor | Action::Assign)
    }

    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The status that this action leads to from `from`, or why it is not allowed there.
    pub fn apply(self, from: Status) -> Result<Status, IllegalTransition> {
        use Status::*;
        let to = match (from, self) {
            (Submitted | Registered, Action::Redirect) => Redirected,
            (Submitted | Registered | UnderReview, Action::LeaveUnanswered) => LeftUnanswered,
            (Submitted | Registered | UnderReview | InfoRequested, Action::Withdraw) => Withdrawn,
            (Submitted, Action::Register) => Registered,
            (Registered, Action::StartReview) => UnderReview,
            (Registered | UnderReview, Action::RequestInfo) => InfoRequested,
            (InfoRequested, Action::AnswerInfo) => UnderReview,
            (UnderReview, Action::Decide(Outcome::Satisfied)) => Satisfied,
            (UnderReview, Action::Decide(Outcome::Refused)) => Refused,
            (Satisfied, Action::Remedy) => Remedied,
            // The prosecutor can be told at any time; a complaint is assigned while it is open.
            (_, Action::ReferToProsecutor) => from,
            (Submitted | Registered | UnderReview | InfoRequested | Satisfied, Action::Assign) => from,
            _ => return Err(IllegalTransition { from, action: self }),
        };
        Ok(to)
    }
}

/// An action that the status of the complaint does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("action {} is not allowed in status {}", action.code(), from.code())]
pub struct IllegalTransition {
    pub from: Status,
    pub action: Action,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn happy_path_reaches_remedied() {
        let mut status = Status::Submitted;
        for action in [Action::Register, Action::StartReview, Action::Decide(Outcome::Satisfied), Action::Remedy] {
            status = action.apply(status).expect("allowed step");
        }
        assert_eq!(status, Status::Remedied);
    }

    #[test]
    fn no_action_leaves_a_final_status_except_remedy() {
        for from in Status::ALL.into_iter().filter(|s| s.is_final()) {
            for code in ["register", "start_review", "satisfy", "refuse", "withdraw", "redirect", "remedy"] {
                let action = Action::from_code(code).expect("known code");
                assert!(action.apply(from).is_err(), "{code} from {}", from.code());
            }
        }
    }

    #[test]
    fn withdraw_allowed_only_before_decision() {
        let allowed: Vec<_> = Status::ALL.into_iter().filter(|s| Action::Withdraw.apply(*s).is_ok()).collect();
        assert_eq!(allowed, vec![Status::Submitted, Status::Registered, Status::UnderReview, Status::InfoRequested]);
    }

    #[test]
    fn decision_needs_review_started() {
        assert!(Action::Decide(Outcome::Refused).apply(Status::Registered).is_err());
        assert_eq!(Action::Decide(Outcome::Refused).apply(Status::UnderReview), Ok(Status::Refused));
    }

    #[test]
    fn non_moving_actions_keep_status() {
        assert_eq!(Action::ReferToProsecutor.apply(Status::Refused), Ok(Status::Refused));
        assert_eq!(Action::Assign.apply(Status::UnderReview), Ok(Status::UnderReview));
        assert!(Action::Assign.apply(Status::Withdrawn).is_err());
        assert!(!Action::Assign.moves_status());
        assert!(Action::Register.moves_status());
    }

    #[test]
    fn codes_round_trip() {
        for action in Action::ALL {
            assert_eq!(Action::from_code(action.code()), Some(action));
        }
        for reason in UnansweredReason::ALL {
            assert_eq!(UnansweredReason::from_code(reason.code()), Some(reason));
        }
        for status in Status::ALL {
            assert_eq!(Status::from_code(status.code()), Some(status));
        }
        for kind in RemedyKind::ALL {
            assert_eq!(RemedyKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(Action::from_code("satisfy"), Some(Action::Decide(Outcome::Satisfied)));
        assert_eq!(Action::from_code("approve"), None);
    }
}
