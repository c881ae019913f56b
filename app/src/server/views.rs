//! Turning stored rows into the views that pages show.

use chrono::{Datelike, NaiveDate};

use super::state::AppState;
use super::store::{now, AttachmentRow, ComplaintRow, EventRow, StoreResult};
use super::time::{format_date, format_moscow, moscow_date};
use crate::domain::deadlines::Urgency;
use crate::domain::{Action, Ground, Outcome, RemedyKind, Status, UnansweredReason};
use crate::i18n::Lang;
use crate::model::{Actor, ComplaintView, DeadlineKind, DeadlineView, DecisionView, EventView, FileView};

/// Picks the Russian or English variant of a stored name.
pub fn localized<'a>(lang: Lang, ru: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// The view of a complaint with its timeline and deadlines. `for_staff` adds who on the
/// staff acted and the events only staff see.
pub async fn complaint_view(state: &AppState, row: &ComplaintRow, lang: Lang, for_staff: bool) -> StoreResult<ComplaintView> {
    let mut grounds: Vec<Ground> =
        state.store.complaint_grounds(row.id).await?.iter().filter_map(|code| Ground::from_code(code)).collect();
    grounds.sort_by_key(|g| Ground::ALL.iter().position(|x| x == g));
    let events = state.store.complaint_events(row.id).await?;
    let attachments = state.store.complaint_attachments(row.id).await?;
    let status = Status::from_code(&row.status).unwrap_or(Status::Submitted);
    let calendar = state.calendar().await?;

    let today = moscow_date(now());
    let listed = [
        (DeadlineKind::Registration, row.registration_due, status == Status::Submitted || row.registered_at.is_some()),
        (DeadlineKind::Redirect, row.redirect_due, matches!(status, Status::Submitted | Status::Registered)),
        (DeadlineKind::Review, row.review_due, true),
        (DeadlineKind::Reply, row.reply_due, true),
        (DeadlineKind::Remedy, row.remedy_due, true),
    ];
    let shown: Vec<(DeadlineKind, NaiveDate)> =
        listed.into_iter().filter_map(|(kind, due, relevant)| due.filter(|_| relevant).map(|d| (kind, d))).collect();
    let provisional_calendar = shown.iter().any(|(_, due)| calendar.year_status(due.year()).is_provisional());
    let deadlines = shown
        .into_iter()
        .map(|(kind, due)| DeadlineView {
            kind,
            date: format_date(due),
            urgency: (Some(due) == row.next_due).then(|| Urgency::of(due, today)),
        })
        .collect();

    // The latest request, while the body waits for the answer.
    let info_request = (status == Status::InfoRequested)
        .then(|| events.iter().rev().find(|e| e.action == Action::RequestInfo.code()).and_then(|e| e.message.clone()))
        .flatten();
    let redirected_to = row.redirected_to_number.clone().map(|number| {
        let org = match (&row.redirected_to_org_ru, &row.redirected_to_org_en) {
            (Some(ru), Some(en)) => localized(lang, ru, en).to_string(),
            _ => String::new(),
        };
        (number, org)
    });

    Ok(ComplaintView {
        number: row.number.clone(),
        org_name: localized(lang, &row.org_name_ru, &row.org_name_en).to_string(),
        service_name: match (&row.service_name_ru, &row.service_name_en) {
            (Some(ru), Some(en)) => Some(localized(lang, ru, en).to_string()),
            _ => None,
        },
        channel: row.channel.clone(),
        status,
        grounds,
        ground_other: row.ground_other.clone(),
        subject: row.subject.clone(),
        official: row.official.clone(),
        arguments: row.arguments.clone(),
        received_at: format_moscow(row.received_at),
        decision: decision_view(row),
        events: events.iter().filter(|e| for_staff || !e.internal).filter_map(|e| event_view(e, &attachments, for_staff)).collect(),
        deadlines,
        short_review: row.short_review,
        provisional_calendar,
        redirected_to,
        redirected_from: row.redirected_from_number.clone(),
        unanswered: row.unanswered_reason.as_deref().and_then(UnansweredReason::from_code),
        info_request,
        can_withdraw: Action::Withdraw.apply(status).is_ok(),
    })
}

fn decision_view(row: &ComplaintRow) -> Option<DecisionView> {
    let outcome = Outcome::from_code(row.outcome.as_deref()?)?;
    Some(DecisionView {
        satisfied: outcome == Outcome::Satisfied,
        remedy: row.remedy_kind.as_deref().and_then(RemedyKind::from_code),
        text: row.decision_text.clone().unwrap_or_default(),
        at: row.decided_at.map(format_moscow).unwrap_or_default(),
    })
}

fn event_view(event: &EventRow, attachments: &[AttachmentRow], for_staff: bool) -> Option<EventView> {
    let action = Action::from_code(&event.action)?;
    let actor = match event.actor_kind.as_str() {
        "applicant" => Actor::Applicant,
        "staff" => Actor::Staff,
        _ => Actor::System,
    };
    Some(EventView {
        at: format_moscow(event.at),
        action,
        actor,
        actor_email: if for_staff { event.actor_email.clone() } else { None },
        message: event.message.clone(),
        note: if for_staff { event.note.clone() } else { None },
        files: attachments
            .iter()
            .filter(|a| a.event_seq == event.seq)
            .map(|a| FileView {
                id: a.id.to_string(),
                name: a.filename.clone(),
                size_bytes: u64::try_from(a.size_bytes).unwrap_or(0),
            })
            .collect(),
    })
}

/// "Иванов Иван Иванович" or the organisation's name, from a stored row.
pub fn applicant_name(
    kind: &str,
    surname: Option<&str>,
    first_name: Option<&str>,
    patronymic: Option<&str>,
    legal_name: Option<&str>,
) -> String {
    if kind == "legal" {
        return legal_name.unwrap_or_default().to_string();
    }
    [surname, first_name, patronymic].into_iter().flatten().collect::<Vec<_>>().join(" ")
}
