//! Notices by e-mail: one to the applicant for each step of their complaint, in the
//! complaint's language, and a daily list of overdue complaints to each body's reviewers.
//! Every notice is a job queued with the step itself, so it is sent if and only if the step
//! is stored, and a down mail server only delays it.

use base64::Engine;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::jobs::{new_job, EMAIL};
use super::mail::{deliver, Email, EmailAttachment};
use super::secrets::random_token;
use super::state::AppState;
use super::store::{NewJob, StoreError, StoreResult};
use super::time::{format_date, moscow, moscow_date};
use crate::domain::Action;
use crate::i18n::Lang;

pub const NOTICE: &str = "notice";
pub const OVERDUE_SCAN: &str = "overdue_scan";

/// The payload of a notice: which complaint, after which action. The message is written when
/// it is sent, from the stored complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub complaint_id: Uuid,
    pub action: String,
}

/// Builds the notice job for `action` on a complaint. Its dedupe key (complaint, action, time
/// of the step) keeps the queue from holding the same notice twice.
pub fn notice_job(complaint_id: Uuid, action: Action, at: DateTime<Utc>) -> NewJob {
    let key = format!("notice:{complaint_id}:{}:{}", action.code(), at.timestamp_micros());
    new_job(NOTICE, &Notice { complaint_id, action: action.code().to_string() }, 20, Some(key), at)
}

/// Whether the applicant hears of `action` by e-mail. Internal steps (assignment, the
/// prosecutor referral) and the applicant's own answer are not announced.
pub fn announces(action: Action) -> bool {
    !matches!(action, Action::Assign | Action::ReferToProsecutor | Action::AnswerInfo | Action::StartReview)
}

/// Writes and sends the notice of a `notice` job. A complaint without an e-mail address has
/// no one to notify, and the job is done.
pub async fn send_notice(state: &AppState, payload: &str) -> Result<(), String> {
    let notice: Notice = serde_json::from_str(payload).map_err(|e| format!("invalid notice job: {e}"))?;
    let row = match state.store.complaint_by_id(notice.complaint_id).await {
        Ok(row) => row,
        Err(StoreError::NotFound) => return Ok(()),
        Err(e) => return Err(e.to_string()),
    };
    let Some(to) = row.email.clone() else {
        return Ok(());
    };
    let action = Action::from_code(&notice.action).ok_or_else(|| format!("unknown action {:?}", notice.action))?;
    let lang = Lang::parse(&row.lang).unwrap_or_default();
    let t = lang.texts();
    let org = super::views::localized(lang, &row.org_name_ru, &row.org_name_en);
    let what = (t.event_name)(action);

    let mut lines = Vec::new();
    if action == Action::Submit {
        lines.push((t.mail.received)(&row.number, org));
    } else {
        lines.push((t.mail.step)(&row.number, org, &what.to_lowercase()));
    }
    if action == Action::Register {
        if let Some(due) = row.review_due {
            lines.push((t.mail.deadline)(&format_date(due)));
        }
    }
    let events = state.store.complaint_events(row.id).await.map_err(|e| e.to_string())?;
    let message = events.iter().rev().find(|e| e.action == action.code() && !e.internal).and_then(|e| e.message.clone());
    if let (Some(message), false) = (&message, action == Action::Submit) {
        lines.push(format!("{}\n{message}", t.mail.message_heading));
    }

    if action == Action::RequestInfo {
        lines.push(t.mail.answer_where.to_string());
    }

    let mut attachments = Vec::new();
    if matches!(action, Action::Decide(_)) {
        if let Some(pdf) = super::reply::pdf_for_row(state, &row).await.map_err(|e| e.to_string())? {
            attachments.push(EmailAttachment {
                filename: format!("reply-{}.pdf", row.number),
                content_type: "application/pdf".to_string(),
                base64: base64::engine::general_purpose::STANDARD.encode(pdf),
            });
            lines.push(t.mail.reply_attached.to_string());
        }
    }

    // A sign-in link, so the applicant reaches the cabinet from the message in one step.
    let link = random_token(32);
    let now = super::store::now();
    state
        .store
        .create_citizen_token(
            "link",
            &to,
            &state.derivation_key.keyed_hash("citizen-link", &link),
            now,
            now + Duration::hours(super::citizen::LINK_HOURS),
        )
        .await
        .map_err(|e| e.to_string())?;
    let link_path = crate::components::href(lang, &format!("/cabinet/link/{link}"));
    lines.push((t.mail.follow)(&format!("{}{link_path}", state.settings.public_url)));
    lines.push(t.mail.footer.to_string());

    let email = Email { to, subject: (t.mail.subject)(&row.number, what), text: lines.join("\n\n"), attachments };
    deliver(state, &email).await
}

/// Builds the daily scan job, due at 09:00 Moscow time (or now, if that has passed today).
pub fn daily_scan_job(now: DateTime<Utc>) -> NewJob {
    let today = moscow_date(now);
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
    let run_at = moscow().from_local_datetime(&today.and_time(nine)).single().map(|t| t.with_timezone(&Utc)).unwrap_or(now);
    let mut job = new_job(OVERDUE_SCAN, &today.to_string(), 5, Some(format!("overdue-scan:{today}")), now);
    job.run_at = run_at;
    job
}

/// Queues, for each body with overdue complaints, a message to each of its reviewers.
pub async fn scan_overdue(state: &AppState, now: DateTime<Utc>) -> StoreResult<usize> {
    let today = moscow_date(now);
    let overdue = state.store.overdue_complaints(today).await?;
    let mut by_org: Vec<(Uuid, Vec<String>)> = Vec::new();
    for (org_id, number) in overdue {
        match by_org.last_mut() {
            Some((last, numbers)) if *last == org_id => numbers.push(number),
            _ => by_org.push((org_id, vec![number])),
        }
    }
    let t = Lang::Ru.texts();
    let mut jobs = Vec::new();
    for (org_id, numbers) in &by_org {
        let org = state.store.org_by_id(*org_id).await?;
        let body = (t.mail.overdue_body)(
            &org.short_ru,
            numbers.len(),
            &numbers.join("\n"),
            &format!("{}/desk?deadline=overdue", state.settings.public_url),
        );
        for member in state.store.staff_of_orgs(&[*org_id]).await? {
            let email = Email {
                to: member.email.clone(),
                subject: (t.mail.overdue_subject)(numbers.len()),
                text: format!("{body}\n\n{}", t.mail.footer),
                attachments: Vec::new(),
            };
            jobs.push(new_job(EMAIL, &email, 20, Some(format!("overdue:{org_id}:{}:{today}", member.id)), now));
        }
    }
    state.store.enqueue_jobs(&jobs, now).await?;
    tracing::info!(bodies = by_org.len(), messages = jobs.len(), "overdue notices queued");
    Ok(jobs.len())
}

