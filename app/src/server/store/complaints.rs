//! Complaints, their grounds and their timeline.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::attachments::{insert_attachment, NewAttachment};
use super::jobs::{insert_job, NewJob};
use super::webhooks::queue_webhook_event;
use crate::server::webhooks;
use crate::domain::deadlines::Deadlines;

/// Appends `$event` to the timeline of `$complaint_id` inside transaction `$tx`, with the next
/// sequence number, and evaluates to the new event's id. An empty `$from` is stored as NULL.
/// The caller's UPDATE of the complaint row holds its lock, so a concurrent action cannot
/// take the same number.
macro_rules! insert_event {
    ($tx:ident, $complaint_id:expr, $from:expr, $to:expr, $event:expr) => {{
        let event: &NewEvent = $event;
        let event_id = Uuid::now_v7();
        let from: &str = $from;
        let next_seq: i32 =
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM complaint_events WHERE complaint_id = $1")
                .bind($complaint_id)
                .fetch_one(&mut *$tx)
                .await?;
        sqlx::query(
            "INSERT INTO complaint_events (id, complaint_id, seq, at, action, actor_kind, actor_user_id, \
             from_status, to_status, note, message, internal, actor_api_key_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(event_id)
        .bind($complaint_id)
        .bind(next_seq)
        .bind(event.at)
        .bind(event.action)
        .bind(event.actor_kind)
        .bind(event.actor_user_id)
        .bind(if from.is_empty() { None } else { Some(from) })
        .bind($to)
        .bind(&event.note)
        .bind(&event.message)
        .bind(event.internal)
        .bind(event.actor_api_key_id)
        .execute(&mut *$tx)
        .await?;
        event_id
    }};
}

use super::{on_db, unique_violation, BeginWrite, Store, StoreError, StoreResult};

/// A complaint to insert. It starts in status `submitted` with event number 1.
#[derive(Clone, Debug)]
pub struct ComplaintInsert {
    pub id: Uuid,
    pub number: String,
    pub access_code_hash: String,
    pub submission_token: Option<String>,
    pub org_id: Uuid,
    pub service_id: Option<Uuid>,
    pub channel: &'static str,
    pub widget_key_id: Option<Uuid>,
    pub lang: &'static str,
    pub official: Option<String>,
    pub ground_other: Option<String>,
    pub subject: String,
    pub arguments: String,
    pub applicant_kind: &'static str,
    pub surname: Option<String>,
    pub first_name: Option<String>,
    pub patronymic: Option<String>,
    pub legal_name: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub reply_by: &'static str,
    pub postal_address: Option<String>,
    pub grounds: Vec<&'static str>,
    pub received_at: DateTime<Utc>,
    pub short_review: bool,
    pub deadlines: Deadlines,
    /// Jobs to queue with the complaint, such as the notice to the applicant.
    pub jobs: Vec<NewJob>,
    /// Files filed with the complaint, already in the file store; stored with the first event.
    pub attachments: Vec<NewAttachment>,
}

/// A complaint as read back, with the names of its body and service.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ComplaintRow {
    pub id: Uuid,
    pub number: String,
    pub access_code_hash: String,
    pub org_id: Uuid,
    pub org_code: String,
    pub org_name_ru: String,
    pub org_name_en: String,
    pub service_name_ru: Option<String>,
    pub service_name_en: Option<String>,
    pub channel: String,
    pub lang: String,
    pub official: Option<String>,
    pub ground_other: Option<String>,
    pub subject: String,
    pub arguments: String,
    pub applicant_kind: String,
    pub surname: Option<String>,
    pub first_name: Option<String>,
    pub patronymic: Option<String>,
    pub legal_name: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub reply_by: String,
    pub postal_address: Option<String>,
    pub status: String,
    pub outcome: Option<String>,
    pub remedy_kind: Option<String>,
    pub decision_text: Option<String>,
    pub received_at: DateTime<Utc>,
    pub registered_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub short_review: bool,
    pub registration_due: Option<NaiveDate>,
    pub review_due: Option<NaiveDate>,
    pub redirect_due: Option<NaiveDate>,
    pub reply_due: Option<NaiveDate>,
    pub remedy_due: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub assignee_id: Option<Uuid>,
    pub assignee_email: Option<String>,
    pub redirected_to_number: Option<String>,
    pub redirected_to_org_ru: Option<String>,
    pub redirected_to_org_en: Option<String>,
    pub redirected_from_number: Option<String>,
    pub unanswered_reason: Option<String>,
    pub prosecutor_referred_at: Option<DateTime<Utc>>,
    pub remedied_at: Option<DateTime<Utc>>,
}

/// One line of the timeline.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    pub seq: i32,
    pub at: DateTime<Utc>,
    pub action: String,
    pub actor_kind: String,
    pub actor_email: Option<String>,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
    pub message: Option<String>,
    pub internal: bool,
}

/// One line of a body's list of complaints.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxRow {
    pub number: String,
    pub org_short_ru: String,
    pub org_short_en: String,
    pub received_at: DateTime<Utc>,
    pub status: String,
    pub next_due: Option<NaiveDate>,
    pub assignee_email: Option<String>,
    pub applicant_kind: String,
    pub surname: Option<String>,
    pub first_name: Option<String>,
    pub patronymic: Option<String>,
    pub legal_name: Option<String>,
    pub service_name_ru: Option<String>,
    pub service_name_en: Option<String>,
}

/// An event to append.
#[derive(Clone, Debug)]
pub struct NewEvent {
    pub action: &'static str,
    pub actor_kind: &'static str,
    pub actor_user_id: Option<Uuid>,
    /// The secret API key through which an agency's system took the step.
    pub actor_api_key_id: Option<Uuid>,
    pub note: Option<String>,
    pub message: Option<String>,
    pub at: DateTime<Utc>,
    /// Shown to staff only, not on the applicant's timeline.
    pub internal: bool,
}

/// The columns a transition changes. `None` leaves a column as it is, except the deadlines,
/// which are always replaced by the recomputed set.
#[derive(Clone, Debug, Default)]
pub struct TransitionUpdate {
    pub registered_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub outcome: Option<&'static str>,
    pub remedy_kind: Option<&'static str>,
    pub decision_text: Option<String>,
    pub unanswered_reason: Option<&'static str>,
    pub prosecutor_referred_at: Option<DateTime<Utc>>,
    pub remedied_at: Option<DateTime<Utc>>,
    /// `Some(None)` clears the assignee, `Some(Some(id))` sets it.
    pub assignee: Option<Option<Uuid>>,
    pub deadlines: Deadlines,
    /// Jobs queued in the same transaction, so that a step's notice is sent if and only if
    /// the step is stored.
    pub jobs: Vec<NewJob>,
    /// Files attached to the step's event, stored in the same transaction as the event.
    pub attachments: Vec<NewAttachment>,
}

/// Which complaints the desk lists. Empty lists and `None` do not filter.
#[derive(Clone, Debug, Default)]
pub struct InboxFilter {
    /// The bodies the reader may see; never empty.
    pub org_ids: Vec<Uuid>,
    pub statuses: Vec<&'static str>,
    pub ground: Option<&'static str>,
    pub org_id: Option<Uuid>,
    /// Only complaints whose current deadline is before this day.
    pub due_before: Option<NaiveDate>,
    /// Only complaints whose current deadline is this day.
    pub due_on: Option<NaiveDate>,
    pub assignee: AssigneeFilter,
    pub limit: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    Unassigned,
    User(Uuid),
}

/// A complaint to open at the competent body when one is redirected.
#[derive(Clone, Debug)]
pub struct RedirectedCopy {
    pub id: Uuid,
    pub number: String,
    pub org_id: Uuid,
    pub received_at: DateTime<Utc>,
    pub deadlines: Deadlines,
}

const COMPLAINT_SELECT: &str = "SELECT c.id, c.number, c.access_code_hash, c.org_id, o.code AS org_code, \
     o.name_ru AS org_name_ru, o.name_en AS org_name_en, s.name_ru AS service_name_ru, \
     s.name_en AS service_name_en, c.channel, c.lang, c.official, c.ground_other, c.subject, \
     c.arguments, c.applicant_kind, c.surname, c.first_name, c.patronymic, c.legal_name, \
     c.address, c.phone, c.email, c.reply_by, c.postal_address, c.status, c.outcome, \
     c.remedy_kind, c.decision_text, c.received_at, c.registered_at, c.decided_at, c.short_review, \
     c.registration_due, c.review_due, c.redirect_due, c.reply_due, c.remedy_due, c.next_due, \
     c.assignee_id, a.email AS assignee_email, rt.number AS redirected_to_number, \
     rto.name_ru AS redirected_to_org_ru, rto.name_en AS redirected_to_org_en, \
     rf.number AS redirected_from_number, c.unanswered_reason, c.prosecutor_referred_at, c.remedied_at \
     FROM complaints c JOIN orgs o ON o.id = c.org_id LEFT JOIN services s ON s.id = c.service_id \
     LEFT JOIN staff_users a ON a.id = c.assignee_id LEFT JOIN complaints rt ON rt.id = c.redirected_to_id \
     LEFT JOIN orgs rto ON rto.id = rt.org_id LEFT JOIN complaints rf ON rf.id = c.redirected_from_id";

impl Store {
    /// Inserts a complaint, its grounds, its first event and the files filed with it in one
    /// transaction. A taken submission token gives `Conflict("submission token")`, a taken
    /// number `Conflict("complaint number")`; nothing is written in either case.
    pub async fn insert_complaint(&self, c: &ComplaintInsert, event: &NewEvent) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO complaints (id, number, access_code_hash, submission_token, org_id, service_id, \
                 channel, widget_key_id, lang, official, ground_other, subject, arguments, applicant_kind, \
                 surname, first_name, patronymic, legal_name, address, phone, email, reply_by, postal_address, \
                 status, received_at, updated_at, short_review, registration_due, redirect_due, next_due) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
                 $20, $21, $22, $23, 'submitted', $24, $24, $25, $26, $27, $28)",
            )
            .bind(c.id)
            .bind(&c.number)
            .bind(&c.access_code_hash)
            .bind(&c.submission_token)
            .bind(c.org_id)
            .bind(c.service_id)
            .bind(c.channel)
            .bind(c.widget_key_id)
            .bind(c.lang)
            .bind(&c.official)
            .bind(&c.ground_other)
            .bind(&c.subject)
            .bind(&c.arguments)
            .bind(c.applicant_kind)
            .bind(&c.surname)
            .bind(&c.first_name)
            .bind(&c.patronymic)
            .bind(&c.legal_name)
            .bind(&c.address)
            .bind(&c.phone)
            .bind(&c.email)
            .bind(c.reply_by)
            .bind(&c.postal_address)
            .bind(c.received_at)
            .bind(c.short_review)
            .bind(c.deadlines.registration)
            .bind(c.deadlines.redirect)
            .bind(c.deadlines.next)
            .execute(&mut *tx)
            .await
            .map_err(|error| {
                let token_taken = matches!(&error, sqlx::Error::Database(db)
                    if db.is_unique_violation() && db.message().contains("submission_token"));
                unique_violation(error, if token_taken { "submission token" } else { "complaint number" })
            })?;

            for ground in &c.grounds {
                sqlx::query("INSERT INTO complaint_grounds (complaint_id, ground) VALUES ($1, $2)")
                    .bind(c.id)
                    .bind(*ground)
                    .execute(&mut *tx)
                    .await?;
            }

            let event_id = insert_event!(tx, c.id, "", "submitted", event);
            for attachment in &c.attachments {
                insert_attachment!(tx, c.id, event_id, attachment, event.at);
            }
            for job in &c.jobs {
                insert_job!(tx, job, event.at);
            }
            queue_webhook_event!(tx, c.id, webhooks::COMPLAINT_CREATED, None, event.action, event.at);

            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn complaint_by_number(&self, number: &str) -> StoreResult<ComplaintRow> {
        let sql = format!("{COMPLAINT_SELECT} WHERE c.number = $1");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(number).fetch_one(pool).await?))
    }

    pub async fn complaint_by_submission_token(&self, token: &str) -> StoreResult<ComplaintRow> {
        let sql = format!("{COMPLAINT_SELECT} WHERE c.submission_token = $1");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(token).fetch_one(pool).await?))
    }

    /// The ground codes of a complaint, in no particular order.
    pub async fn complaint_grounds(&self, complaint_id: Uuid) -> StoreResult<Vec<String>> {
        on_db!(&self.db, pool => Ok(sqlx::query_scalar(
            "SELECT ground FROM complaint_grounds WHERE complaint_id = $1",
        )
        .bind(complaint_id)
        .fetch_all(pool)
        .await?))
    }

    /// The timeline of a complaint, oldest first.
    pub async fn complaint_events(&self, complaint_id: Uuid) -> StoreResult<Vec<EventRow>> {
        on_db!(&self.db, pool => Ok(sqlx::query_as(
            "SELECT e.seq, e.at, e.action, e.actor_kind, u.email AS actor_email, e.from_status, e.to_status, \
             e.note, e.message, e.internal FROM complaint_events e LEFT JOIN staff_users u ON u.id = e.actor_user_id \
             WHERE e.complaint_id = $1 ORDER BY e.seq",
        )
        .bind(complaint_id)
        .fetch_all(pool)
        .await?))
    }

    /// The complaints the desk lists: nearest deadline first, complaints without one last,
    /// newest first among equals.
    pub async fn inbox(&self, filter: &InboxFilter) -> StoreResult<Vec<InboxRow>> {
        on_db!(&self.db, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT c.number, o.short_ru AS org_short_ru, o.short_en AS org_short_en, c.received_at, c.status, \
                 c.next_due, a.email AS assignee_email, c.applicant_kind, c.surname, c.first_name, c.patronymic, \
                 c.legal_name, s.name_ru AS service_name_ru, s.name_en AS service_name_en \
                 FROM complaints c JOIN orgs o ON o.id = c.org_id LEFT JOIN services s ON s.id = c.service_id \
                 LEFT JOIN staff_users a ON a.id = c.assignee_id WHERE ",
            );
            push_filter(&mut query, filter);
            query.push(" ORDER BY CASE WHEN c.next_due IS NULL THEN 1 ELSE 0 END, c.next_due, c.received_at DESC LIMIT ");
            query.push_bind(filter.limit);
            Ok(query.build_query_as().fetch_all(pool).await?)
        })
    }

    /// How many complaints of the filter's bodies are in each status, ignoring the other filters.
    pub async fn status_counts(&self, org_ids: &[Uuid]) -> StoreResult<Vec<(String, i64)>> {
        on_db!(&self.db, pool => {
            let mut query = sqlx::QueryBuilder::new("SELECT c.status, COUNT(*) FROM complaints c WHERE ");
            push_org_ids(&mut query, org_ids);
            query.push(" GROUP BY c.status");
            Ok(query.build_query_as().fetch_all(pool).await?)
        })
    }

    /// Moves a complaint from status `from` to `to` and appends the event, in one
    /// transaction. When the status is no longer `from` (someone acted first), nothing
    /// is written and the result is `Conflict("status changed")`. A referral to the
    /// prosecutor of a complaint already referred writes nothing and gives
    /// `Conflict("already referred")`.
    pub async fn apply_transition(
        &self,
        complaint_id: Uuid,
        from: &str,
        to: &str,
        update: &TransitionUpdate,
        event: &NewEvent,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            // A referral keeps the status, so the status check below cannot stop a second
            // referral sent at the same time. This guarded update lets only the first one through.
            if let Some(referred_at) = update.prosecutor_referred_at {
                let referred = sqlx::query(
                    "UPDATE complaints SET prosecutor_referred_at = $1 WHERE id = $2 AND prosecutor_referred_at IS NULL",
                )
                .bind(referred_at)
                .bind(complaint_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if referred == 0 {
                    return Err(StoreError::Conflict("already referred"));
                }
            }
            let changed = sqlx::query(
                "UPDATE complaints SET status = $1, registered_at = COALESCE($2, registered_at), \
                 decided_at = COALESCE($3, decided_at), outcome = COALESCE($4, outcome), \
                 remedy_kind = COALESCE($5, remedy_kind), decision_text = COALESCE($6, decision_text), \
                 unanswered_reason = COALESCE($7, unanswered_reason), \
                 prosecutor_referred_at = COALESCE($8, prosecutor_referred_at), \
                 remedied_at = COALESCE($9, remedied_at), \
                 assignee_id = CASE WHEN $10 THEN $11 ELSE assignee_id END, \
                 registration_due = $12, review_due = $13, redirect_due = $14, reply_due = $15, \
                 remedy_due = $16, next_due = $17, updated_at = $18 WHERE id = $19 AND status = $20",
            )
            .bind(to)
            .bind(update.registered_at)
            .bind(update.decided_at)
            .bind(update.outcome)
            .bind(update.remedy_kind)
            .bind(&update.decision_text)
            .bind(update.unanswered_reason)
            .bind(update.prosecutor_referred_at)
            .bind(update.remedied_at)
            .bind(update.assignee.is_some())
            .bind(update.assignee.flatten())
            .bind(update.deadlines.registration)
            .bind(update.deadlines.review)
            .bind(update.deadlines.redirect)
            .bind(update.deadlines.reply)
            .bind(update.deadlines.remedy)
            .bind(update.deadlines.next)
            .bind(event.at)
            .bind(complaint_id)
            .bind(from)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::Conflict("status changed"));
            }
            let event_id = insert_event!(tx, complaint_id, from, to, event);
            for attachment in &update.attachments {
                insert_attachment!(tx, complaint_id, event_id, attachment, event.at);
            }
            for job in &update.jobs {
                insert_job!(tx, job, event.at);
            }
            // Steps that keep the status, such as an assignment, change nothing a webhook reports.
            if from != to {
                queue_webhook_event!(tx, complaint_id, webhooks::STATUS_CHANGED, Some(from), event.action, event.at);
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Redirects a complaint: opens `copy` at the competent body with the same applicant,
    /// subject, grounds and access code, links the two, and records an event on each, in one
    /// transaction. Fails with `Conflict("status changed")` like `apply_transition`.
    pub async fn redirect_complaint(
        &self,
        complaint_id: Uuid,
        from: &str,
        update: &TransitionUpdate,
        event: &NewEvent,
        copy: &RedirectedCopy,
        copy_event: &NewEvent,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO complaints (id, number, access_code_hash, submission_token, org_id, service_id, \
                 channel, widget_key_id, lang, official, ground_other, subject, arguments, applicant_kind, surname, \
                 first_name, patronymic, legal_name, address, phone, email, reply_by, postal_address, status, \
                 received_at, updated_at, short_review, registration_due, redirect_due, next_due, redirected_from_id) \
                 SELECT $1, $2, access_code_hash, NULL, $3, NULL, channel, NULL, lang, official, ground_other, \
                 subject, arguments, applicant_kind, surname, first_name, patronymic, legal_name, address, phone, \
                 email, reply_by, postal_address, 'submitted', $4, $4, short_review, $5, $6, $7, id \
                 FROM complaints WHERE id = $8",
            )
            .bind(copy.id)
            .bind(&copy.number)
            .bind(copy.org_id)
            .bind(copy.received_at)
            .bind(copy.deadlines.registration)
            .bind(copy.deadlines.redirect)
            .bind(copy.deadlines.next)
            .bind(complaint_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| unique_violation(e, "complaint number"))?;
            sqlx::query(
                "INSERT INTO complaint_grounds (complaint_id, ground) \
                 SELECT $1, ground FROM complaint_grounds WHERE complaint_id = $2",
            )
            .bind(copy.id)
            .bind(complaint_id)
            .execute(&mut *tx)
            .await?;
            insert_event!(tx, copy.id, "", "submitted", copy_event);

            let changed = sqlx::query(
                "UPDATE complaints SET status = 'redirected', redirected_to_id = $1, registration_due = $2, \
                 review_due = $3, redirect_due = $4, reply_due = $5, remedy_due = $6, next_due = $7, updated_at = $8 \
                 WHERE id = $9 AND status = $10",
            )
            .bind(copy.id)
            .bind(update.deadlines.registration)
            .bind(update.deadlines.review)
            .bind(update.deadlines.redirect)
            .bind(update.deadlines.reply)
            .bind(update.deadlines.remedy)
            .bind(update.deadlines.next)
            .bind(event.at)
            .bind(complaint_id)
            .bind(from)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::Conflict("status changed"));
            }
            insert_event!(tx, complaint_id, from, "redirected", event);
            for job in &update.jobs {
                insert_job!(tx, job, event.at);
            }
            queue_webhook_event!(tx, copy.id, webhooks::COMPLAINT_CREATED, None, copy_event.action, copy_event.at);
            queue_webhook_event!(tx, complaint_id, webhooks::STATUS_CHANGED, Some(from), event.action, event.at);
            tx.commit().await?;
            Ok(())
        })
    }
}


/// Appends the WHERE conditions of `filter` to `query`.
fn push_filter<'a, DB>(query: &mut sqlx::QueryBuilder<'a, DB>, filter: &'a InboxFilter)
where
    DB: sqlx::Database,
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    NaiveDate: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    push_org_ids(query, &filter.org_ids);
    if !filter.statuses.is_empty() {
        query.push(" AND c.status IN (");
        let mut separated = query.separated(", ");
        for status in &filter.statuses {
            separated.push_bind(*status);
        }
        query.push(")");
    }
    if let Some(ground) = filter.ground {
        query.push(" AND EXISTS (SELECT 1 FROM complaint_grounds g WHERE g.complaint_id = c.id AND g.ground = ");
        query.push_bind(ground);
        query.push(")");
    }
    if let Some(org_id) = filter.org_id {
        query.push(" AND c.org_id = ");
        query.push_bind(org_id);
    }
    if let Some(day) = filter.due_before {
        query.push(" AND c.next_due < ");
        query.push_bind(day);
    }
    if let Some(day) = filter.due_on {
        query.push(" AND c.next_due = ");
        query.push_bind(day);
    }
    match filter.assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Unassigned => {
            query.push(" AND c.assignee_id IS NULL");
        }
        AssigneeFilter::User(id) => {
            query.push(" AND c.assignee_id = ");
            query.push_bind(id);
        }
    }
}

/// Appends `c.org_id IN (...)`; an empty list matches nothing.
fn push_org_ids<'a, DB>(query: &mut sqlx::QueryBuilder<'a, DB>, org_ids: &[Uuid])
where
    DB: sqlx::Database,
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    if org_ids.is_empty() {
        query.push("1 = 0");
        return;
    }
    query.push("c.org_id IN (");
    let mut separated = query.separated(", ");
    for id in org_ids {
        separated.push_bind(*id);
    }
    query.push(")");
}

/// What a complaint's deadlines are computed from.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DeadlineBasisRow {
    pub id: Uuid,
    pub status: String,
    pub received_at: DateTime<Utc>,
    pub registered_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub short_review: bool,
}

impl Store {
    /// The complaints whose current status still runs against a deadline.
    pub async fn open_deadline_bases(&self) -> StoreResult<Vec<DeadlineBasisRow>> {
        on_db!(&self.db, pool => Ok(sqlx::query_as(
            "SELECT id, status, received_at, registered_at, decided_at, outcome, short_review FROM complaints \
             WHERE status IN ('submitted', 'registered', 'under_review', 'info_requested', 'satisfied')",
        )
        .fetch_all(pool)
        .await?))
    }

    /// Replaces the stored deadlines of one complaint, as after a calendar correction, if it is
    /// still in `status`: a complaint that moved on meanwhile got its deadlines with that step.
    pub async fn set_deadlines(&self, complaint_id: Uuid, status: &str, deadlines: &Deadlines) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query(
                "UPDATE complaints SET registration_due = $1, review_due = $2, redirect_due = $3, reply_due = $4, \
                 remedy_due = $5, next_due = $6 WHERE id = $7 AND status = $8",
            )
            .bind(deadlines.registration)
            .bind(deadlines.review)
            .bind(deadlines.redirect)
            .bind(deadlines.reply)
            .bind(deadlines.remedy)
            .bind(deadlines.next)
            .bind(complaint_id)
            .bind(status)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}

impl Store {
    pub async fn complaint_by_id(&self, id: Uuid) -> StoreResult<ComplaintRow> {
        let sql = format!("{COMPLAINT_SELECT} WHERE c.id = $1");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(id).fetch_one(pool).await?))
    }

    /// Lists the overdue complaints (current deadline before `today`), as `(body id, number)`.
    pub async fn overdue_complaints(&self, today: NaiveDate) -> StoreResult<Vec<(Uuid, String)>> {
        on_db!(&self.db, pool => Ok(sqlx::query_as(
            "SELECT org_id, number FROM complaints WHERE next_due < $1 ORDER BY org_id, next_due",
        )
        .bind(today)
        .fetch_all(pool)
        .await?))
    }
}
