//! What reviewers see at the desk: their bodies' complaints, filtered and sorted by deadline,
//! and one complaint with the actions its status allows. The actions are in `workflow`.

use uuid::Uuid;

use super::auth::Session;
use super::state::AppState;
use super::store::{now, AssigneeFilter, InboxFilter, StoreError};
use super::time::{format_date, format_moscow, moscow_date};
use super::views::{self, applicant_name, localized};
use crate::domain::deadlines::Urgency;
use crate::domain::{Action, FieldErrors, IllegalTransition, Outcome, Status};
use crate::i18n::Lang;
use crate::model::{AssigneeChoice, DeadlineFilter, DeskComplaint, InboxItem, InboxQuery, StaffView};

const INBOX_LIMIT: i64 = 200;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("complaint not found")]
    NotFound,
    /// The complaint belongs to another body, or the user has no body.
    #[error("forbidden")]
    Forbidden,
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    #[error("invalid action form")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for DeskError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => DeskError::NotFound,
            other => DeskError::Store(other),
        }
    }
}

/// The signed-in member as pages show them.
pub async fn staff_view(state: &AppState, session: &Session, lang: Lang) -> Result<StaffView, DeskError> {
    let user = session.user();
    let org_name = match user.org_id {
        Some(org_id) => {
            let org = state.store.org_by_id(org_id).await?;
            localized(lang, &org.short_ru, &org.short_en).to_string()
        }
        None => lang.texts().admin.operator.to_string(),
    };
    Ok(StaffView {
        email: user.email.clone(),
        org_name,
        csrf_token: session.row.csrf_token.clone(),
        must_change_password: user.must_change_password,
        role: user.role.clone(),
    })
}

/// The bodies whose complaints the member sees: their own, and the bodies under it (at any
/// depth) when the member is a head body's staff. Empty for a member without a body.
pub async fn visible_org_ids(state: &AppState, session: &Session) -> Result<Vec<Uuid>, DeskError> {
    let user = session.user();
    let Some(own) = user.org_id else {
        return Ok(Vec::new());
    };
    let mut visible = vec![own];
    if user.include_subordinates {
        let orgs = state.store.list_orgs().await?;
        let mut index = 0;
        while index < visible.len() {
            let parent = visible[index];
            visible.extend(orgs.iter().filter(|o| o.parent_id == Some(parent)).map(|o| o.id));
            index += 1;
        }
    }
    Ok(visible)
}

/// The complaints of the member's bodies that match `query`, nearest deadline first, with
/// the counts per status and the choices the filter offers.
pub async fn inbox(state: &AppState, session: &Session, query: &InboxQuery, lang: Lang) -> Result<DeskInboxData, DeskError> {
    let visible = visible_org_ids(state, session).await?;
    if visible.is_empty() {
        return Err(DeskError::Forbidden);
    }
    let orgs: Vec<_> = state.store.list_orgs().await?.into_iter().filter(|o| visible.contains(&o.id)).collect();
    let staff = state.store.staff_of_orgs(&visible).await?;
    let today = moscow_date(now());

    let mut filter = InboxFilter { org_ids: visible.clone(), limit: INBOX_LIMIT, ..Default::default() };
    if let Some(status) = query.status {
        filter.statuses = vec![status.code()];
    }
    filter.ground = query.ground.map(|g| g.code());
    if let Some(code) = &query.org {
        filter.org_id = Some(orgs.iter().find(|o| &o.code == code).map(|o| o.id).unwrap_or(Uuid::nil()));
    }
    match query.deadline {
        Some(DeadlineFilter::Overdue) => filter.due_before = Some(today),
        Some(DeadlineFilter::DueToday) => filter.due_on = Some(today),
        None => {}
    }
    filter.assignee = match &query.assignee {
        None => AssigneeFilter::Anyone,
        Some(AssigneeChoice::Mine) => AssigneeFilter::User(session.user().id),
        Some(AssigneeChoice::Nobody) => AssigneeFilter::Unassigned,
        Some(AssigneeChoice::User(id)) => AssigneeFilter::User(Uuid::parse_str(id).unwrap_or(Uuid::nil())),
    };

    let rows = state.store.inbox(&filter).await?;
    let items = rows
        .into_iter()
        .map(|row| InboxItem {
            applicant_name: applicant_name(
                &row.applicant_kind,
                row.surname.as_deref(),
                row.first_name.as_deref(),
                row.patronymic.as_deref(),
                row.legal_name.as_deref(),
            ),
            service_name: match (&row.service_name_ru, &row.service_name_en) {
                (Some(ru), Some(en)) => Some(localized(lang, ru, en).to_string()),
                _ => None,
            },
            org_name: localized(lang, &row.org_short_ru, &row.org_short_en).to_string(),
            next_due: row.next_due.map(format_date),
            urgency: row.next_due.map(|due| Urgency::of(due, today)),
            assignee: row.assignee_email,
            number: row.number,
            received_at: format_moscow(row.received_at),
            status: Status::from_code(&row.status).unwrap_or(Status::Submitted),
        })
        .collect();

    let stored_counts = state.store.status_counts(&visible).await?;
    let counts = Status::ALL
        .into_iter()
        .map(|status| (status, stored_counts.iter().find(|(code, _)| code == status.code()).map_or(0, |(_, n)| *n)))
        .collect();
    Ok(DeskInboxData {
        items,
        counts,
        orgs: orgs.iter().map(|o| (o.code.clone(), localized(lang, &o.short_ru, &o.short_en).to_string())).collect(),
        staff_members: staff.into_iter().map(|m| (m.id.to_string(), m.email)).collect(),
    })
}

/// What `inbox` finds, without the staff view.
pub struct DeskInboxData {
    pub items: Vec<InboxItem>,
    pub counts: Vec<(Status, i64)>,
    pub orgs: Vec<(String, String)>,
    pub staff_members: Vec<(String, String)>,
}

/// The actions offered at the desk, in the order of the page.
const DESK_ACTIONS: [Action; 9] = [
    Action::Register,
    Action::StartReview,
    Action::RequestInfo,
    Action::Decide(Outcome::Satisfied),
    Action::Remedy,
    Action::Redirect,
    Action::LeaveUnanswered,
    Action::ReferToProsecutor,
    Action::Assign,
];

/// One complaint of the member's bodies, with the applicant's details and the actions allowed.
pub async fn complaint(state: &AppState, session: &Session, number: &str, lang: Lang) -> Result<DeskComplaint, DeskError> {
    let row = state.store.complaint_by_number(number).await?;
    let visible = visible_org_ids(state, session).await?;
    if !visible.contains(&row.org_id) {
        return Err(DeskError::Forbidden);
    }
    let view = views::complaint_view(state, &row, lang, true).await?;
    let referred = row.prosecutor_referred_at.is_some();
    let actions = DESK_ACTIONS
        .into_iter()
        .filter(|a| a.apply(view.status).is_ok())
        .filter(|a| !(referred && *a == Action::ReferToProsecutor))
        .collect();
    let staff = state.store.staff_of_orgs(&[row.org_id]).await?;
    let target_orgs = state
        .store
        .list_orgs()
        .await?
        .into_iter()
        .filter(|o| o.id != row.org_id)
        .map(|o| (o.code, localized(lang, &o.short_ru, &o.short_en).to_string()))
        .collect();
    Ok(DeskComplaint {
        applicant_name: applicant_name(
            &row.applicant_kind,
            row.surname.as_deref(),
            row.first_name.as_deref(),
            row.patronymic.as_deref(),
            row.legal_name.as_deref(),
        ),
        applicant_is_legal: row.applicant_kind == "legal",
        address: row.address.clone(),
        phone: row.phone.clone(),
        email: row.email.clone(),
        reply_by_email: row.reply_by == "email",
        postal_address: row.postal_address.clone(),
        official: row.official.clone(),
        arguments: row.arguments.clone(),
        actions,
        assignee: row.assignee_email.clone(),
        staff: staff.into_iter().map(|m| (m.id.to_string(), m.email)).collect(),
        target_orgs,
        prosecutor_referred: row.prosecutor_referred_at.map(format_moscow),
        view,
    })
}
