//! Turning stored rows into the views that pages show.

use super::state::AppState;
use super::store::{ComplaintRow, EventRow, StoreResult};
use super::time::format_moscow;
use crate::domain::{Action, Ground, Outcome, RemedyKind, Status};
use crate::i18n::Lang;
use crate::model::{Actor, ComplaintView, DecisionView, EventView};

/// Picks the Russian or English variant of a stored name.
pub fn localized<'a>(lang: Lang, ru: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// The view of a complaint with its timeline. `for_staff` adds who on the staff acted.
pub async fn complaint_view(
    state: &AppState,
    row: &ComplaintRow,
    lang: Lang,
    for_staff: bool,
) -> StoreResult<ComplaintView> {
    let mut grounds: Vec<Ground> =
        state.store.complaint_grounds(row.id).await?.iter().filter_map(|code| Ground::from_code(code)).collect();
    grounds.sort_by_key(|g| Ground::ALL.iter().position(|x| x == g));
    let events = state.store.complaint_events(row.id).await?;

    Ok(ComplaintView {
        number: row.number.clone(),
        org_name: localized(lang, &row.org_name_ru, &row.org_name_en).to_string(),
        service_name: match (&row.service_name_ru, &row.service_name_en) {
            (Some(ru), Some(en)) => Some(localized(lang, ru, en).to_string()),
            _ => None,
        },
        channel: row.channel.clone(),
        status: Status::from_code(&row.status).unwrap_or(Status::Submitted),
        grounds,
        ground_other: row.ground_other.clone(),
        subject: row.subject.clone(),
        received_at: format_moscow(row.received_at),
        decision: decision_view(row),
        events: events.iter().filter_map(|e| event_view(e, for_staff)).collect(),
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

fn event_view(event: &EventRow, for_staff: bool) -> Option<EventView> {
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
