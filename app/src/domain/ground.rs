//! Grounds for a complaint, as listed in Federal Law 210-FZ, article 11.1.

use serde::{Deserialize, Serialize};

/// One ground of a complaint. The list in the law is open, hence `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ground {
    /// Missed deadline for registering the request for a service.
    RegistrationDeadline,
    /// Missed deadline for providing the service.
    ServiceDeadline,
    /// Demand for documents or actions that the law does not require.
    ExtraDocuments,
    /// Refusal to accept documents that the law requires.
    DocumentsRefused,
    /// Refusal of the service on grounds not in the law.
    ServiceRefused,
    /// Demand for a fee not in the law.
    IllegalFee,
    /// Refusal to correct typos or errors in issued documents, or a missed deadline for that.
    CorrectionRefused,
    /// Breach of the deadline or procedure for issuing the result of the service.
    ResultIssueBreach,
    /// Suspension of the service on grounds not in the law.
    IllegalSuspension,
    /// Demand for documents whose absence was not cited at the first refusal.
    UndisclosedDocuments,
    /// Anything else; the applicant describes it.
    Other,
}

impl Ground {
    pub const ALL: [Ground; 11] = [
        Ground::RegistrationDeadline,
        Ground::ServiceDeadline,
        Ground::ExtraDocuments,
        Ground::DocumentsRefused,
        Ground::ServiceRefused,
        Ground::IllegalFee,
        Ground::CorrectionRefused,
        Ground::ResultIssueBreach,
        Ground::IllegalSuspension,
        Ground::UndisclosedDocuments,
        Ground::Other,
    ];

    /// The stable code used in forms, the database and the API.
    pub fn code(self) -> &'static str {
        match self {
            Ground::RegistrationDeadline => "registration_deadline",
            Ground::ServiceDeadline => "service_deadline",
            Ground::ExtraDocuments => "extra_documents",
            Ground::DocumentsRefused => "documents_refused",
            Ground::ServiceRefused => "service_refused",
            Ground::IllegalFee => "illegal_fee",
            Ground::CorrectionRefused => "correction_refused",
            Ground::ResultIssueBreach => "result_issue_breach",
            Ground::IllegalSuspension => "illegal_suspension",
            Ground::UndisclosedDocuments => "undisclosed_documents",
            Ground::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Ground> {
        Ground::ALL.into_iter().find(|g| g.code() == code)
    }

    /// Whether the law shortens the review to 5 working days for this ground
    /// (refusal to accept documents, refusal to correct typos or a missed correction).
    pub fn has_short_review(self) -> bool {
        matches!(self, Ground::DocumentsRefused | Ground::CorrectionRefused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for ground in Ground::ALL {
            assert_eq!(Ground::from_code(ground.code()), Some(ground));
        }
        assert_eq!(Ground::from_code("nonsense"), None);
    }

    #[test]
    fn short_review_grounds() {
        let short: Vec<_> = Ground::ALL.into_iter().filter(|g| g.has_short_review()).collect();
        assert_eq!(short, vec![Ground::DocumentsRefused, Ground::CorrectionRefused]);
    }
}
