//! Complaints, their grounds and their timeline.

use chrono::{DateTime, Utc};
use uuid::Uuid;

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
}

/// One line of a body's list of complaints.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxRow {
    pub number: String,
    pub received_at: DateTime<Utc>,
    pub status: String,
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
    pub note: Option<String>,
    pub message: Option<String>,
    pub at: DateTime<Utc>,
}

/// The columns a transition changes; `None` leaves a column as it is.
#[derive(Clone, Debug, Default)]
pub struct TransitionUpdate {
    pub registered_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub outcome: Option<&'static str>,
    pub remedy_kind: Option<&'static str>,
    pub decision_text: Option<String>,
}

const COMPLAINT_SELECT: &str = "SELECT c.id, c.number, c.access_code_hash, c.org_id, o.code AS org_code, \
     o.name_ru AS org_name_ru, o.name_en AS org_name_en, s.name_ru AS service_name_ru, \
     s.name_en AS service_name_en, c.channel, c.lang, c.official, c.ground_other, c.subject, \
     c.arguments, c.applicant_kind, c.surname, c.first_name, c.patronymic, c.legal_name, \
     c.address, c.phone, c.email, c.reply_by, c.postal_address, c.status, c.outcome, \
     c.remedy_kind, c.decision_text, c.received_at, c.registered_at, c.decided_at \
     FROM complaints c JOIN orgs o ON o.id = c.org_id LEFT JOIN services s ON s.id = c.service_id";

impl Store {
    /// Inserts a complaint, its grounds and its first event in one transaction. A taken
    /// submission token gives `Conflict("submission token")`, a taken number
    /// `Conflict("complaint number")`; nothing is written in either case.
    pub async fn insert_complaint(&self, c: &ComplaintInsert, event: &NewEvent) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO complaints (id, number, access_code_hash, submission_token, org_id, service_id, \
                 channel, widget_key_id, lang, official, ground_other, subject, arguments, applicant_kind, \
                 surname, first_name, patronymic, legal_name, address, phone, email, reply_by, postal_address, \
                 status, received_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
                 $20, $21, $22, $23, 'submitted', $24, $24)",
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

            sqlx::query(
                "INSERT INTO complaint_events (id, complaint_id, seq, at, action, actor_kind, actor_user_id, \
                 from_status, to_status, note, message) VALUES ($1, $2, 1, $3, $4, $5, $6, NULL, 'submitted', $7, $8)",
            )
            .bind(Uuid::now_v7())
            .bind(c.id)
            .bind(event.at)
            .bind(event.action)
            .bind(event.actor_kind)
            .bind(event.actor_user_id)
            .bind(&event.note)
            .bind(&event.message)
            .execute(&mut *tx)
            .await?;

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
             e.note, e.message FROM complaint_events e LEFT JOIN staff_users u ON u.id = e.actor_user_id \
             WHERE e.complaint_id = $1 ORDER BY e.seq",
        )
        .bind(complaint_id)
        .fetch_all(pool)
        .await?))
    }

    /// The newest complaints of one body.
    pub async fn inbox(&self, org_id: Uuid, limit: i64) -> StoreResult<Vec<InboxRow>> {
        on_db!(&self.db, pool => Ok(sqlx::query_as(
            "SELECT c.number, c.received_at, c.status, c.applicant_kind, c.surname, c.first_name, c.patronymic, \
             c.legal_name, s.name_ru AS service_name_ru, s.name_en AS service_name_en \
             FROM complaints c LEFT JOIN services s ON s.id = c.service_id \
             WHERE c.org_id = $1 ORDER BY c.received_at DESC LIMIT $2",
        )
        .bind(org_id)
        .bind(limit)
        .fetch_all(pool)
        .await?))
    }

    /// Moves a complaint from status `from` to `to` and appends the event, in one
    /// transaction. When the status is no longer `from` (someone acted first), nothing
    /// is written and the result is `Conflict("status changed")`.
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
            let changed = sqlx::query(
                "UPDATE complaints SET status = $1, registered_at = COALESCE($2, registered_at), \
                 decided_at = COALESCE($3, decided_at), outcome = COALESCE($4, outcome), \
                 remedy_kind = COALESCE($5, remedy_kind), decision_text = COALESCE($6, decision_text), \
                 updated_at = $7 WHERE id = $8 AND status = $9",
            )
            .bind(to)
            .bind(update.registered_at)
            .bind(update.decided_at)
            .bind(update.outcome)
            .bind(update.remedy_kind)
            .bind(&update.decision_text)
            .bind(event.at)
            .bind(complaint_id)
            .bind(from)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::Conflict("status changed"));
            }

            // The row lock taken by the UPDATE keeps a concurrent transition out until commit,
            // so the next sequence number cannot be taken twice.
            let next_seq: i32 =
                sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM complaint_events WHERE complaint_id = $1")
                    .bind(complaint_id)
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query(
                "INSERT INTO complaint_events (id, complaint_id, seq, at, action, actor_kind, actor_user_id, \
                 from_status, to_status, note, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(Uuid::now_v7())
            .bind(complaint_id)
            .bind(next_seq)
            .bind(event.at)
            .bind(event.action)
            .bind(event.actor_kind)
            .bind(event.actor_user_id)
            .bind(from)
            .bind(to)
            .bind(&event.note)
            .bind(&event.message)
            .execute(&mut *tx)
            .await?;

            tx.commit().await?;
            Ok(())
        })
    }
}
