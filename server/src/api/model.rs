//! The request and response bodies of the REST API, with their OpenAPI schemas.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use app::server::store::{ApiComplaintRow, ApiEventRow, AttachmentRow, ComplaintRow};

/// One complaint as the list shows it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ComplaintSummary {
    /// The complaint number, `YYYY-NNNNN-NNNNN`.
    pub number: String,
    /// The code of the body the complaint is addressed to.
    pub org: String,
    /// The code of the service complained about.
    pub service: Option<String>,
    /// The channel the complaint arrived through: `portal`, `widget`, `api` or `paper`.
    pub channel: String,
    /// The status code, such as `submitted` or `under_review`.
    pub status: String,
    /// `satisfied` or `refused` once decided.
    pub outcome: Option<String>,
    pub subject: String,
    pub received_at: DateTime<Utc>,
    pub registered_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    /// When the complaint last changed; the list is ordered by it.
    pub updated_at: DateTime<Utc>,
    /// The deadline of the current status, a date in Moscow time.
    pub next_due: Option<NaiveDate>,
    /// The address of the full complaint in this API.
    pub url: String,
}

impl From<ApiComplaintRow> for ComplaintSummary {
    fn from(row: ApiComplaintRow) -> Self {
        ComplaintSummary {
            url: format!("/api/v1/complaints/{}", row.number),
            number: row.number,
            org: row.org_code,
            service: row.service_code,
            channel: row.channel,
            status: row.status,
            outcome: row.outcome,
            subject: row.subject,
            received_at: row.received_at,
            registered_at: row.registered_at,
            decided_at: row.decided_at,
            updated_at: row.updated_at,
            next_due: row.next_due,
        }
    }
}

/// One page of complaints.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ComplaintList {
    pub items: Vec<ComplaintSummary>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The applicant as the complaint names them.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Applicant {
    /// `person` or `legal`.
    pub kind: String,
    pub surname: Option<String>,
    pub first_name: Option<String>,
    pub patronymic: Option<String>,
    /// The name of a legal entity.
    pub legal_name: Option<String>,
    /// The place of residence, or the location of a legal entity.
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The delivery of the reasoned reply: `email` or `post`.
    pub reply_by: String,
    pub postal_address: Option<String>,
}

/// The working-day deadlines of the complaint, dates in Moscow time.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Deadlines {
    pub registration: Option<NaiveDate>,
    pub review: Option<NaiveDate>,
    pub redirect: Option<NaiveDate>,
    pub reply: Option<NaiveDate>,
    pub remedy: Option<NaiveDate>,
}

/// The author of a step of the timeline.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Actor {
    /// `applicant`, `staff` or `system`.
    pub kind: String,
    /// The staff member's e-mail, when a member took the step at the desk.
    pub email: Option<String>,
    /// The API key through which a body's system took the step.
    pub api_key_id: Option<Uuid>,
    pub api_key_name: Option<String>,
}

/// One step of the timeline.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Event {
    pub seq: i32,
    pub at: DateTime<Utc>,
    /// The action code, such as `register`, `satisfy` or `refuse`.
    pub action: String,
    pub actor: Actor,
    pub from_status: Option<String>,
    pub to_status: String,
    /// A note for staff, such as the grounds of a prosecutor referral.
    pub note: Option<String>,
    /// The text sent to the applicant with the step.
    pub message: Option<String>,
    /// Whether the step is shown to staff only.
    pub internal: bool,
}

impl From<ApiEventRow> for Event {
    fn from(row: ApiEventRow) -> Self {
        Event {
            seq: row.seq,
            at: row.at,
            action: row.action,
            actor: Actor {
                kind: row.actor_kind,
                email: row.actor_email,
                api_key_id: row.actor_api_key_id,
                api_key_name: row.actor_api_key_name,
            },
            from_status: row.from_status,
            to_status: row.to_status,
            note: row.note,
            message: row.message,
            internal: row.internal,
        }
    }
}

/// A file attached to the complaint.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Attachment {
    pub id: Uuid,
    /// The event the file came with.
    pub event_seq: i32,
    pub filename: String,
    /// `application/pdf`, `image/jpeg` or `image/png`, recognized from the content.
    pub content_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub created_at: DateTime<Utc>,
    /// The address that returns the file's content with the same key.
    pub url: String,
}

impl Attachment {
    pub fn new(number: &str, row: AttachmentRow) -> Attachment {
        Attachment {
            url: format!("/api/v1/complaints/{number}/attachments/{}", row.id),
            id: row.id,
            event_seq: row.event_seq,
            filename: row.filename,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            created_at: row.created_at,
        }
    }
}

/// One complaint with the applicant's details, its timeline and its files.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ComplaintDetail {
    pub number: String,
    pub org: String,
    pub service: Option<String>,
    pub channel: String,
    pub status: String,
    pub outcome: Option<String>,
    /// The remedy recorded with a satisfied complaint.
    pub remedy_kind: Option<String>,
    /// The reasons of the decision, as sent to the applicant.
    pub decision_text: Option<String>,
    /// The reason a complaint was left unanswered.
    pub unanswered_reason: Option<String>,
    /// The ground codes, such as `service_deadline`.
    pub grounds: Vec<String>,
    pub ground_other: Option<String>,
    /// The official or employee whose decision or action is appealed.
    pub official: Option<String>,
    pub subject: String,
    pub arguments: String,
    pub applicant: Applicant,
    pub received_at: DateTime<Utc>,
    pub registered_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub remedied_at: Option<DateTime<Utc>>,
    pub prosecutor_referred_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub deadlines: Deadlines,
    pub next_due: Option<NaiveDate>,
    /// The e-mail of the staff member the complaint is assigned to.
    pub assignee: Option<String>,
    /// The number of the complaint opened at the competent body after a redirect.
    pub redirected_to: Option<String>,
    /// The number of the complaint this one was redirected from.
    pub redirected_from: Option<String>,
    pub events: Vec<Event>,
    pub attachments: Vec<Attachment>,
}

impl ComplaintDetail {
    pub fn new(
        row: ComplaintRow,
        summary: ApiComplaintRow,
        mut grounds: Vec<String>,
        events: Vec<ApiEventRow>,
        attachments: Vec<AttachmentRow>,
    ) -> ComplaintDetail {
        grounds.sort();
        ComplaintDetail {
            attachments: attachments.into_iter().map(|a| Attachment::new(&row.number, a)).collect(),
            events: events.into_iter().map(Event::from).collect(),
            number: row.number,
            org: row.org_code,
            service: summary.service_code,
            channel: row.channel,
            status: row.status,
            outcome: row.outcome,
            remedy_kind: row.remedy_kind,
            decision_text: row.decision_text,
            unanswered_reason: row.unanswered_reason,
            grounds,
            ground_other: row.ground_other,
            official: row.official,
            subject: row.subject,
            arguments: row.arguments,
            applicant: Applicant {
                kind: row.applicant_kind,
                surname: row.surname,
                first_name: row.first_name,
                patronymic: row.patronymic,
                legal_name: row.legal_name,
                address: row.address,
                phone: row.phone,
                email: row.email,
                reply_by: row.reply_by,
                postal_address: row.postal_address,
            },
            received_at: row.received_at,
            registered_at: row.registered_at,
            decided_at: row.decided_at,
            remedied_at: row.remedied_at,
            prosecutor_referred_at: row.prosecutor_referred_at,
            updated_at: summary.updated_at,
            deadlines: Deadlines {
                registration: row.registration_due,
                review: row.review_due,
                redirect: row.redirect_due,
                reply: row.reply_due,
                remedy: row.remedy_due,
            },
            next_due: row.next_due,
            assignee: row.assignee_email,
            redirected_to: row.redirected_to_number,
            redirected_from: row.redirected_from_number,
        }
    }
}

/// The response to a complaint creation.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CreatedComplaint {
    /// The applicant's access code, to hand to them with the number. Returned on creation and
    /// on a repeated request within 24 hours; `null` after that.
    pub access_code: Option<String>,
    /// Whether an earlier request with the same `Idempotency-Key` created the complaint.
    pub duplicate: bool,
    pub complaint: ComplaintDetail,
}

/// The language of the applicant's notices.
#[derive(Clone, Copy, Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum NoticeLang {
    #[default]
    Ru,
    En,
}

/// A complaint received through the body's own channels. The fields and their rules are those
/// of the portal's complaint form.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComplaintRequest {
    /// The code of the body addressed: the key's body (the default) or a body directly under it.
    pub org: Option<String>,
    /// The code of a service of that body.
    pub service: Option<String>,
    pub official: Option<String>,
    /// Ground codes, at least one, such as `service_deadline` or `other`.
    pub grounds: Vec<String>,
    /// Required when `grounds` has `other`.
    pub ground_other: Option<String>,
    pub subject: String,
    pub arguments: String,
    /// `person` or `legal`.
    pub applicant_kind: String,
    /// Required for a person, with `first_name`.
    pub surname: Option<String>,
    pub first_name: Option<String>,
    pub patronymic: Option<String>,
    /// Required for a legal entity.
    pub legal_name: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    /// Required when `reply_by` is `email`. The complaint shows in the cabinet of this address.
    pub email: Option<String>,
    /// `email` or `post`.
    pub reply_by: String,
    /// Required when `reply_by` is `post`.
    pub postal_address: Option<String>,
    /// The language of the notices sent to the applicant.
    #[serde(default)]
    pub lang: NoticeLang,
}

/// A staff action, with the same rules and fields as at the desk. Each action reads only
/// its own fields:
///
/// - `request_info` and `remedy`: `message`;
/// - `decide`: `outcome` and `reason`, and `remedy_kind` when satisfied;
/// - `redirect`: `target_org`, and `message` if wanted;
/// - `leave_unanswered`: `unanswered_reason`, and `message` if wanted;
/// - `refer_to_prosecutor`: `note`;
/// - `assign`: `assignee`, a staff user id, or empty to unassign.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    /// One of `register`, `start_review`, `request_info`, `decide`, `remedy`, `redirect`,
    /// `leave_unanswered`, `refer_to_prosecutor`, `assign`.
    pub action: String,
    /// `satisfied` or `refused`.
    pub outcome: Option<String>,
    /// With a satisfied decision: `decision_cancelled`, `errors_corrected`, `fee_refunded` or `other`.
    pub remedy_kind: Option<String>,
    /// The reasons of a decision.
    pub reason: Option<String>,
    /// The text sent to the applicant.
    pub message: Option<String>,
    /// The code of the competent body for a redirect.
    pub target_org: Option<String>,
    /// `no_name_or_address`, `abusive` or `unreadable`.
    pub unanswered_reason: Option<String>,
    /// A note for staff.
    pub note: Option<String>,
    pub assignee: Option<String>,
}

impl TransitionRequest {
    /// Returns the value of the field `name` as the desk form would post it, empty when absent.
    pub fn value(&self, name: &str) -> String {
        let value = match name {
            "action" => Some(&self.action),
            "outcome" => self.outcome.as_ref(),
            "remedy_kind" => self.remedy_kind.as_ref(),
            "reason" => self.reason.as_ref(),
            "message" => self.message.as_ref(),
            "target_org" => self.target_org.as_ref(),
            "unanswered_reason" => self.unanswered_reason.as_ref(),
            "note" => self.note.as_ref(),
            "assignee" => self.assignee.as_ref(),
            _ => None,
        };
        value.cloned().unwrap_or_default()
    }
}

/// The filters of the complaint list, all optional.
#[derive(Clone, Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only complaints in this status, such as `submitted`.
    pub status: Option<String>,
    /// Only complaints that arrived through this channel: `portal`, `widget`, `api` or `paper`.
    pub channel: Option<String>,
    /// Only complaints received on or after this day (Moscow time), `YYYY-MM-DD`.
    pub received_from: Option<String>,
    /// Only complaints received on or before this day (Moscow time), `YYYY-MM-DD`.
    pub received_to: Option<String>,
    /// Only complaints changed at or after this moment, RFC 3339.
    pub updated_since: Option<String>,
    /// Complaints per page, 1 to 200; 50 by default.
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}
