//! What the server sends to pages: plain serializable views, already localized and with
//! personal data only where the reader is entitled to it.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::deadlines::Urgency;
use crate::domain::{Action, ComplaintInput, FieldErrors, Ground, RemedyKind, Status, UnansweredReason};

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
    /// The signed proof-of-work challenge for the form's hidden input.
    pub pow_challenge: String,
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
    /// The key was revoked; the page still reports its height to an embedding page among the
    /// key's origins, and links to the body's form on the portal.
    Revoked { parent_origin: Option<String>, org_code: String },
    /// A widget that an operator has switched off for now. The page links to the body's form
    /// on the portal and reports its height like a revoked key's page.
    SwitchedOff { parent_origin: Option<String>, org_code: String },
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
    /// The staff-only note, such as the reason code or the prosecutor referral's grounds.
    pub note: Option<String>,
    /// Files attached to this step, in the order they were attached.
    pub files: Vec<FileView>,
}

/// A file attached to a step of the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    /// The attachment's id, part of its download address.
    pub id: String,
    pub name: String,
    pub size_bytes: u64,
}

/// The kind of download link the timeline gives each file, by who reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileLinks {
    /// Staff at the desk: `GET /desk/c/{number}/files/{id}`.
    Desk,
    /// The signed-in applicant: `GET /cabinet/c/{number}/files/{id}`.
    Cabinet,
    /// The applicant on `/status`, who has no session: a POST with the number and this access code.
    AccessCode(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub satisfied: bool,
    pub remedy: Option<RemedyKind>,
    pub text: String,
    pub at: String,
}

/// Which deadline a date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineKind {
    Registration,
    Review,
    Redirect,
    Reply,
    Remedy,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineView {
    pub kind: DeadlineKind,
    /// `04.12.2026`.
    pub date: String,
    /// Set on the deadline the current status runs against.
    pub urgency: Option<Urgency>,
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
    /// The official or employee the applicant named, if any.
    pub official: Option<String>,
    pub arguments: String,
    pub received_at: String,
    pub decision: Option<DecisionView>,
    pub events: Vec<EventView>,
    pub deadlines: Vec<DeadlineView>,
    pub short_review: bool,
    /// Whether a deadline falls in a year whose calendar is provisional.
    pub provisional_calendar: bool,
    /// The number and body of the complaint opened where this one was forwarded.
    pub redirected_to: Option<(String, String)>,
    /// The number of the complaint this one was forwarded from.
    pub redirected_from: Option<String>,
    pub unanswered: Option<UnansweredReason>,
    /// What the body asked for, while it waits for the applicant's answer.
    pub info_request: Option<String>,
    pub can_withdraw: bool,
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
    pub assignee: Option<String>,
    /// Staff of the body who may be assigned, as `(user id, e-mail)`.
    pub staff: Vec<(String, String)>,
    /// Bodies a complaint may be forwarded to, as `(code, name)`.
    pub target_orgs: Vec<(String, String)>,
    /// The date the materials went to the prosecutor, if they did.
    pub prosecutor_referred: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub number: String,
    pub org_name: String,
    pub received_at: String,
    pub status: Status,
    pub applicant_name: String,
    pub service_name: Option<String>,
    pub next_due: Option<String>,
    pub urgency: Option<Urgency>,
    pub assignee: Option<String>,
}

/// The desk's filter, as read from the address (`?status=...&deadline=overdue`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxQuery {
    pub status: Option<Status>,
    pub ground: Option<Ground>,
    pub org: Option<String>,
    pub deadline: Option<DeadlineFilter>,
    pub assignee: Option<AssigneeChoice>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineFilter {
    Overdue,
    DueToday,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssigneeChoice {
    Mine,
    Nobody,
    User(String),
}

impl InboxQuery {
    /// Reads the filter from query parameters; unknown values are ignored.
    pub fn from_params(value: impl Fn(&str) -> Option<String>) -> InboxQuery {
        let nonempty = |name: &str| value(name).filter(|v| !v.trim().is_empty());
        InboxQuery {
            status: nonempty("status").and_then(|v| Status::from_code(v.trim())),
            ground: nonempty("ground").and_then(|v| Ground::from_code(v.trim())),
            org: nonempty("org").map(|v| v.trim().to_string()),
            deadline: match nonempty("deadline").as_deref() {
                Some("overdue") => Some(DeadlineFilter::Overdue),
                Some("today") => Some(DeadlineFilter::DueToday),
                _ => None,
            },
            assignee: match nonempty("assignee").as_deref() {
                Some("me") => Some(AssigneeChoice::Mine),
                Some("none") => Some(AssigneeChoice::Nobody),
                Some(id) => Some(AssigneeChoice::User(id.to_string())),
                None => None,
            },
        }
    }
}

/// The signed-in staff member, as pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub email: String,
    pub org_name: String,
    /// Put into every staff form; the server rejects a post without it.
    pub csrf_token: String,
    pub must_change_password: bool,
    /// `reviewer`, `agency_admin` or `operator`: which pages the navigation offers.
    pub role: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskInbox {
    pub staff: StaffView,
    pub items: Vec<InboxItem>,
    pub query: InboxQuery,
    /// Complaints of the visible bodies in each status, whatever the filter.
    pub counts: Vec<(Status, i64)>,
    /// The bodies the member sees, as `(code, short name)`; more than one for a head body.
    pub orgs: Vec<(String, String)>,
    /// Staff of those bodies, as `(user id, e-mail)`.
    pub staff_members: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskComplaintPage {
    pub staff: StaffView,
    pub complaint: DeskComplaint,
}

/// The result of a status lookup post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusOutcome {
    Found(ApplicantOutcome),
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
    /// The posted `action`, so that only its form shows the errors and keeps the values.
    pub action: String,
    pub errors: FieldErrors,
    /// Set when the status no longer allows the action.
    pub illegal: Option<(Action, Status)>,
    /// The posted fields by name.
    pub values: Vec<(String, String)>,
}

impl ActionOutcome {
    /// The posted value of `name`, if this outcome is of `action`.
    pub fn value(&self, action: &str, name: &str) -> String {
        if self.action != action {
            return String::new();
        }
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// The errors of `action`'s form.
    pub fn errors_of(&self, action: &str) -> FieldErrors {
        if self.action == action {
            self.errors.clone()
        } else {
            FieldErrors::new()
        }
    }
}

/// The result of an applicant's action on the status page: the complaint as it is now (after
/// the action, or unchanged when the action was rejected) and the rejection, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantOutcome {
    pub view: ComplaintView,
    pub action: String,
    pub errors: FieldErrors,
    pub illegal: Option<(Action, Status)>,
    pub answer: String,
    /// How the applicant opened the complaint, which decides what the page's forms carry.
    pub access: ApplicantAccess,
}

/// The way an applicant reached a complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApplicantAccess {
    /// On `/status`, with the access code, which every form on the page carries again.
    Code(String),
    /// Signed in to the cabinet; forms carry the session's CSRF token.
    Cabinet { csrf: String },
}

/// The signed-in citizen, as the cabinet's pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenView {
    pub email: String,
    pub csrf_token: String,
}

/// `/cabinet`: the citizen's complaints, or the sign-in form when no citizen is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CabinetPage {
    pub citizen: Option<CitizenView>,
    pub complaints: Vec<ComplaintView>,
    /// The label of the OpenID Connect button, when that sign-in is configured.
    pub oidc_label: Option<String>,
}

/// One complaint in the cabinet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CabinetComplaintPage {
    pub citizen: CitizenView,
    pub view: ComplaintView,
}

/// A rejected applicant action in the cabinet, rendered back over the freshly loaded complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantPost {
    pub action: String,
    pub errors: FieldErrors,
    pub illegal: Option<(Action, Status)>,
    pub answer: String,
}

/// The outcome of a cabinet form post, shown on the sign-in page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CabinetOutcome {
    /// The e-mail form, rejected.
    EmailRejected { email: String, errors: FieldErrors },
    /// A code was sent to `email`, or the code typed was rejected.
    CodeSent { email: String, errors: FieldErrors },
    /// Every session of the address was ended.
    SignedOutEverywhere { sessions: u64 },
    /// The e-mailed link had expired or was used.
    LinkInvalid,
    /// The identity provider's sign-in failed.
    OidcFailed,
}

/// One year of the production calendar, as the administration lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYearSummary {
    pub year: i32,
    pub provisional: bool,
    pub source: String,
    pub days_off: usize,
    pub updated_at: String,
    pub updated_by: String,
}

/// One year of the production calendar, for editing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYearEdit {
    pub year: i32,
    pub provisional: bool,
    pub source: String,
    /// Every non-working date of the year, ISO.
    pub days_off: Vec<String>,
}

/// A calendar correction, posted: errors to show, or the number of complaints recomputed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarOutcome {
    pub errors: FieldErrors,
    pub recomputed: Option<usize>,
    /// The posted values, shown again after a rejection.
    pub edit: Option<CalendarYearEdit>,
}
