//! What the server sends to pages: plain serializable views, already localized and with
//! personal data only where the reader is entitled to it.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::{Action, ComplaintInput, FieldErrors, Ground, RemedyKind, Status};

/// Errors of server functions. Each maps to an HTTP status; the text is never shown as is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 404: the body, key, complaint or page does not exist (or is hidden from the caller).
    #[error("not found")]
    NotFound,
    /// 401: a staff page was requested without a live session.
    #[error("sign-in required")]
    Unauthorized,
    /// 403: signed in, but the complaint belongs to another body.
    #[error("forbidden")]
    Forbidden,
    /// 500: the cause is logged on the server, the reader gets a generic message.
    #[error("internal error")]
    Internal,
    /// The server function call itself failed (network, encoding).
    #[error("request failed: {0}")]
    Request(ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub level: String,
    pub parent_code: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceOption {
    pub code: String,
    pub name: String,
}

/// Everything the complaint form needs: the body, its services and a fresh form token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormContext {
    pub org: OrgSummary,
    pub services: Vec<ServiceOption>,
    pub form_token: String,
    /// A service chosen in advance, such as the widget's `data-service`.
    pub preselected_service: Option<String>,
}

/// What the widget page shows for a key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WidgetContext {
    Ready {
        form: FormContext,
        /// The embedding page's origin, when it is one of the key's origins; the widget
        /// posts its height there and nowhere else.
        parent_origin: Option<String>,
    },
    UnknownKey,
    Revoked,
}

/// The result of a complaint form post, provided as context to the page that renders it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormOutcome {
    Accepted(Receipt),
    Rejected { input: ComplaintInput, errors: FieldErrors },
}

/// What the applicant learns right after filing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub number: String,
    /// `None` only for a repeated post long after the first, when the code is no longer shown.
    pub access_code: Option<String>,
    /// Whether this post repeated a form that had already created the complaint.
    pub duplicate: bool,
    pub org_name: String,
}

/// Who took a step on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    Applicant,
    Staff,
    System,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    /// Date and time in Moscow time, `04.12.2026 14:05`.
    pub at: String,
    pub action: Action,
    pub actor: Actor,
    /// The staff member's e-mail; only in views for staff.
    pub actor_email: Option<String>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub satisfied: bool,
    pub remedy: Option<RemedyKind>,
    pub text: String,
    pub at: String,
}

/// A complaint as its applicant sees it on the status page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub number: String,
    pub org_name: String,
    pub service_name: Option<String>,
    pub channel: String,
    pub status: Status,
    pub grounds: Vec<Ground>,
    pub ground_other: Option<String>,
    pub subject: String,
    pub received_at: String,
    pub decision: Option<DecisionView>,
    pub events: Vec<EventView>,
}

/// A complaint as a reviewer of its body sees it: the public view plus the applicant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskComplaint {
    pub view: ComplaintView,
    pub applicant_name: String,
    pub applicant_is_legal: bool,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub reply_by_email: bool,
    pub postal_address: Option<String>,
    pub official: Option<String>,
    pub arguments: String,
    /// The actions the current status allows, in the order they are offered.
    pub actions: Vec<Action>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub number: String,
    pub received_at: String,
    pub status: Status,
    pub applicant_name: String,
    pub service_name: Option<String>,
}

/// The signed-in staff member, as pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub email: String,
    pub org_name: String,
    /// Put into every staff form; the server rejects a post without it.
    pub csrf_token: String,
    pub must_change_password: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskInbox {
    pub staff: StaffView,
    pub items: Vec<InboxItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskComplaintPage {
    pub staff: StaffView,
    pub complaint: DeskComplaint,
}

/// The result of a status lookup post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusOutcome {
    Found(ComplaintView),
    Rejected { number: String, errors: FieldErrors },
}

/// A rejected staff sign-in, rendered back with the e-mail kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginOutcome {
    pub email: String,
    pub errors: FieldErrors,
}

/// A rejected password change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordOutcome {
    pub errors: FieldErrors,
}

/// A rejected staff action on a complaint, rendered back with what was posted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionOutcome {
    pub errors: FieldErrors,
    /// Set when the status no longer allows the action.
    pub illegal: Option<(Action, Status)>,
    pub outcome: String,
    pub remedy_kind: String,
    pub text: String,
}
