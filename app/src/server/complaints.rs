//! Filing a complaint and finding it again by number and access code.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use uuid::Uuid;

use super::files::{check_uploads, delete_files, put_files, Upload};
use super::secrets::{constant_time_eq, random_u64, sha256_hex};
use super::state::AppState;
use super::store::{ComplaintInsert, ComplaintRow, NewEvent, StoreError, WidgetKeyRow};
use super::views;
use crate::domain::complaint::Applicant;
use super::time::{moscow, moscow_date};
use crate::domain::deadlines::{compute, DeadlineBasis};
use crate::domain::{AccessCode, ComplaintInput, ComplaintNumber, Field, FieldErrors, Problem, Status};
use crate::i18n::Lang;
use crate::model::{ComplaintView, Receipt};

/// How long a repeated post of an already accepted form still shows the access code.
const DUPLICATE_SHOWS_CODE_FOR_HOURS: i64 = 24;

/// Where a complaint came from.
#[derive(Clone, Debug)]
pub enum Channel {
    Portal,
    Widget(WidgetKeyRow),
    /// Received on paper or in person and entered by a staff member of a body they may see.
    Paper { entered_by: Uuid, visible_org_ids: Vec<Uuid>, received_on: NaiveDate },
    /// Received through the body's own channels and sent by its system with a secret API key.
    Api { key_id: Uuid, org_id: Uuid },
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The form has problems; the page shows them next to the fields.
    #[error("invalid complaint form")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file store failed to write a file filed with the complaint.
    #[error("file store: {0}")]
    Files(std::io::Error),
}

/// A fresh token for one complaint form (128 random bits, hex).
pub fn new_form_token() -> String {
    super::secrets::random_token(16)
}

fn is_form_token(token: &str) -> bool {
    token.len() == 32 && token.chars().all(|c| c.is_ascii_hexdigit())
}

/// Checks and stores a complaint without files, as [`submit_with_files`] does.
pub async fn submit(
    state: &AppState,
    input: &ComplaintInput,
    channel: Channel,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Receipt, SubmitError> {
    submit_with_files(state, input, &[], channel, lang, now).await
}

/// Checks and stores a complaint with the files filed with it. The same form posted again
/// returns the complaint it created the first time, without storing its files again, so a
/// double click or a reload never files two.
#[tracing::instrument(skip_all, fields(channel = channel_code(&channel), files = files.len()))]
pub async fn submit_with_files(
    state: &AppState,
    input: &ComplaintInput,
    files: &[Upload],
    channel: Channel,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Receipt, SubmitError> {
    let parsed = input.parse();
    let checked_files = check_uploads(files, 0);
    let add_file_problem = |mut errors: FieldErrors| {
        if let Err(problem) = &checked_files {
            errors.push(Field::Files, problem.clone());
        }
        errors
    };
    let token = input.form_token.trim();
    if !is_form_token(token) {
        let mut errors = add_file_problem(parsed.err().unwrap_or_default());
        errors.push(Field::Form, Problem::ExpiredForm);
        return Err(SubmitError::Invalid(errors));
    }

    // A repeated post is answered before its fields are checked again, because the
    // complaint already exists whatever the resent values are.
    match state.store.complaint_by_submission_token(token).await {
        Ok(existing) => return Ok(duplicate_receipt(state, &existing, token, lang, now)),
        Err(StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }

    let (complaint, accepted) = match (parsed, checked_files.clone()) {
        (Ok(complaint), Ok(accepted)) => (complaint, accepted),
        (parsed, _) => return Err(SubmitError::Invalid(add_file_problem(parsed.err().unwrap_or_default()))),
    };

    let org = match state.store.org_by_code(&complaint.org).await {
        Ok(org) => org,
        Err(StoreError::NotFound) => {
            return Err(SubmitError::Invalid(FieldErrors::single(Field::Org, Problem::InvalidChoice)))
        }
        Err(e) => return Err(e.into()),
    };
    // A widget files complaints for its key's body or a body directly under it.
    let allowed = match &channel {
        Channel::Portal => true,
        Channel::Widget(key) => key.org_id == org.id || org.parent_id == Some(key.org_id),
        Channel::Paper { visible_org_ids, .. } => visible_org_ids.contains(&org.id),
        // A key reads its own body's complaints only, so it files for that body only.
        Channel::Api { org_id, .. } => *org_id == org.id,
    };
    if !allowed {
        return Err(SubmitError::Invalid(FieldErrors::single(Field::Org, Problem::InvalidChoice)));
    }
    // A paper complaint counts from the day it reached the body, at noon Moscow time.
    let received_at = match &channel {
        Channel::Paper { received_on, .. } => moscow()
            .from_local_datetime(&received_on.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()))
            .single()
            .map(|at| at.with_timezone(&Utc))
            .unwrap_or(now)
            .min(now),
        _ => now,
    };
    let short_review = complaint.grounds.iter().any(|g| g.has_short_review());
    let calendar = state.calendar().await?;
    let deadlines = compute(
        calendar.as_ref(),
        &DeadlineBasis {
            status: Status::Submitted,
            received: moscow_date(received_at),
            registered: None,
            decided: None,
            outcome: None,
            short_review,
        },
    );
    let service_id = match &complaint.service {
        None => None,
        Some(code) => {
            let services = state.store.services_of(org.id).await?;
            match services.into_iter().find(|s| &s.code == code) {
                Some(service) => Some(service.id),
                None => return Err(SubmitError::Invalid(FieldErrors::single(Field::Service, Problem::InvalidChoice))),
            }
        }
    };

    let access_code = state.derivation_key.access_code_for_form(token);
    let (surname, first_name, patronymic, legal_name) = match &complaint.applicant {
        Applicant::Person { surname, first_name, patronymic } => {
            (Some(surname.clone()), Some(first_name.clone()), patronymic.clone(), None)
        }
        Applicant::Legal { name } => (None, None, None, Some(name.clone())),
    };
    let mut record = ComplaintInsert {
        id: Uuid::now_v7(),
        number: String::new(),
        access_code_hash: sha256_hex(access_code.as_str()),
        submission_token: Some(token.to_string()),
        org_id: org.id,
        service_id,
        channel: channel_code(&channel),
        widget_key_id: match &channel {
            Channel::Widget(key) => Some(key.id),
            Channel::Portal | Channel::Paper { .. } | Channel::Api { .. } => None,
        },
        lang: lang.code(),
        official: complaint.official.clone(),
        ground_other: complaint.ground_other.clone(),
        subject: complaint.subject.clone(),
        arguments: complaint.arguments.clone(),
        applicant_kind: complaint.applicant.kind().code(),
        surname,
        first_name,
        patronymic,
        legal_name,
        address: complaint.address.clone(),
        phone: complaint.phone.clone(),
        email: complaint.email.clone(),
        reply_by: complaint.reply_by.code(),
        postal_address: complaint.postal_address.clone(),
        grounds: complaint.grounds.iter().map(|g| g.code()).collect(),
        received_at,
        short_review,
        deadlines,
        jobs: Vec::new(),
        attachments: Vec::new(),
    };
    record.jobs.push(super::notify::notice_job(record.id, crate::domain::Action::Submit, received_at));
    let event = NewEvent {
        action: "submit",
        actor_kind: if matches!(channel, Channel::Paper { .. }) { "staff" } else { "applicant" },
        actor_user_id: match &channel {
            Channel::Paper { entered_by, .. } => Some(*entered_by),
            _ => None,
        },
        actor_api_key_id: match &channel {
            Channel::Api { key_id, .. } => Some(*key_id),
            _ => None,
        },
        note: None,
        message: None,
        at: received_at,
        internal: false,
    };

    // The files go to the store first, because it is not part of the transaction; when the
    // complaint is not inserted they are deleted again.
    let file_store = state.settings.files.as_ref();
    record.attachments = put_files(file_store, record.id, accepted).await.map_err(SubmitError::Files)?;

    // Numbers are random, so a clash is rare; a few fresh draws settle it.
    for _ in 0..5 {
        record.number = ComplaintNumber::from_parts(now.year(), random_u64()).to_string();
        match state.store.insert_complaint(&record, &event).await {
            Ok(()) => {
                let files = record.attachments.len();
                tracing::info!(complaint_id = %record.id, org = %org.code, files, "complaint accepted");
                let org_name = views::localized(lang, &org.name_ru, &org.name_en).to_string();
                return Ok(Receipt {
                    number: record.number,
                    access_code: Some(access_code.as_str().to_string()),
                    duplicate: false,
                    org_name,
                });
            }
            Err(StoreError::Conflict("complaint number")) => continue,
            Err(StoreError::Conflict("submission token")) => {
                // Another post of the same form committed first, with its own files.
                delete_files(file_store, &record.attachments).await;
                let existing = state.store.complaint_by_submission_token(token).await?;
                return Ok(duplicate_receipt(state, &existing, token, lang, now));
            }
            Err(e) => {
                delete_files(file_store, &record.attachments).await;
                return Err(e.into());
            }
        }
    }
    delete_files(file_store, &record.attachments).await;
    Err(SubmitError::Store(StoreError::Conflict("complaint number")))
}

fn duplicate_receipt(
    state: &AppState,
    existing: &ComplaintRow,
    token: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Receipt {
    let recent = now - existing.received_at < Duration::hours(DUPLICATE_SHOWS_CODE_FOR_HOURS);
    let access_code = recent.then(|| state.derivation_key.access_code_for_form(token).as_str().to_string());
    tracing::info!(complaint_id = %existing.id, "repeated post of an accepted form");
    Receipt {
        number: existing.number.clone(),
        access_code,
        duplicate: true,
        org_name: views::localized(lang, &existing.org_name_ru, &existing.org_name_en).to_string(),
    }
}

fn channel_code(channel: &Channel) -> &'static str {
    match channel {
        Channel::Portal => "portal",
        Channel::Widget(_) => "widget",
        Channel::Paper { .. } => "paper",
        Channel::Api { .. } => "api",
    }
}

/// Finds a complaint by number and access code for its applicant. A wrong code and an
/// unknown number get the same answer, so numbers cannot be probed.
pub async fn applicant_complaint(state: &AppState, number: &str, code: &str) -> Result<ComplaintRow, LookupError> {
    let mut errors = FieldErrors::new();
    let number = errors.check(Field::Number, ComplaintNumber::parse(number));
    let code = errors.check(Field::AccessCode, AccessCode::parse(code));
    let (Some(number), Some(code)) = (number, code) else {
        return Err(LookupError::Invalid(errors));
    };

    let row = match state.store.complaint_by_number(number.as_str()).await {
        Ok(row) => row,
        Err(StoreError::NotFound) => return Err(LookupError::not_found()),
        Err(e) => return Err(e.into()),
    };
    if !constant_time_eq(&row.access_code_hash, &sha256_hex(code.as_str())) {
        return Err(LookupError::not_found());
    }
    Ok(row)
}

/// Finds a complaint by number and access code and shows it as its applicant sees it.
pub async fn find_for_applicant(state: &AppState, number: &str, code: &str, lang: Lang) -> Result<ComplaintView, LookupError> {
    let row = applicant_complaint(state, number, code).await?;
    Ok(views::complaint_view(state, &row, lang, false).await?)
}

#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("invalid lookup")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl LookupError {
    fn not_found() -> Self {
        LookupError::Invalid(FieldErrors::single(Field::AccessCode, Problem::NotFoundByCode))
    }
}
