//! The REST API's reads of a body's complaints: pages in (updated_at, id) order and the
//! timeline with the key that took each step.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{on_db, Store, StoreResult};

/// The filter and position of one page of a body's complaints in the API list.
#[derive(Clone, Debug, Default)]
pub struct ApiComplaintFilter {
    pub org_id: Uuid,
    pub status: Option<&'static str>,
    pub channel: Option<&'static str>,
    /// Received at or after this instant.
    pub received_from: Option<DateTime<Utc>>,
    /// Received before this instant.
    pub received_before: Option<DateTime<Utc>>,
    /// Changed at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
    /// The (updated_at, id) of the last complaint of the previous page.
    pub after: Option<(DateTime<Utc>, Uuid)>,
    pub limit: i64,
}

/// One complaint of the API list.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiComplaintRow {
    pub id: Uuid,
    pub number: String,
    pub org_code: String,
    pub service_code: Option<String>,
    pub channel: String,
    pub status: String,
    pub outcome: Option<String>,
    pub subject: String,
    pub received_at: DateTime<Utc>,
    pub registered_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub next_due: Option<NaiveDate>,
}

/// One step of the timeline, with the staff member or the API key that took it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiEventRow {
    pub seq: i32,
    pub at: DateTime<Utc>,
    pub action: String,
    pub actor_kind: String,
    pub actor_email: Option<String>,
    pub actor_api_key_id: Option<Uuid>,
    pub actor_api_key_name: Option<String>,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
    pub message: Option<String>,
    pub internal: bool,
}

const API_COMPLAINT_SELECT: &str = "SELECT c.id, c.number, o.code AS org_code, s.code AS service_code, c.channel, \
     c.status, c.outcome, c.subject, c.received_at, c.registered_at, c.decided_at, c.updated_at, c.next_due \
     FROM complaints c JOIN orgs o ON o.id = c.org_id LEFT JOIN services s ON s.id = c.service_id";

impl Store {
    /// Returns one page of a body's complaints, oldest change first. A complaint changed
    /// while a client pages moves to the end, so the client sees it again with its change.
    pub async fn api_complaints(&self, filter: &ApiComplaintFilter) -> StoreResult<Vec<ApiComplaintRow>> {
        on_db!(&self.db, pool => {
            let mut query = sqlx::QueryBuilder::new(API_COMPLAINT_SELECT);
            query.push(" WHERE c.org_id = ");
            query.push_bind(filter.org_id);
            if let Some(status) = filter.status {
                query.push(" AND c.status = ");
                query.push_bind(status);
            }
            if let Some(channel) = filter.channel {
                query.push(" AND c.channel = ");
                query.push_bind(channel);
            }
            if let Some(from) = filter.received_from {
                query.push(" AND c.received_at >= ");
                query.push_bind(from);
            }
            if let Some(before) = filter.received_before {
                query.push(" AND c.received_at < ");
                query.push_bind(before);
            }
            if let Some(since) = filter.updated_since {
                query.push(" AND c.updated_at >= ");
                query.push_bind(since);
            }
            if let Some((updated_at, id)) = filter.after {
                query.push(" AND (c.updated_at > ");
                query.push_bind(updated_at);
                query.push(" OR (c.updated_at = ");
                query.push_bind(updated_at);
                query.push(" AND c.id > ");
                query.push_bind(id);
                query.push("))");
            }
            query.push(" ORDER BY c.updated_at, c.id LIMIT ");
            query.push_bind(filter.limit);
            Ok(query.build_query_as().fetch_all(pool).await?)
        })
    }

    /// Returns the complaint `number` as the API lists it.
    pub async fn api_complaint(&self, number: &str) -> StoreResult<ApiComplaintRow> {
        let sql = format!("{API_COMPLAINT_SELECT} WHERE c.number = $1");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(number).fetch_one(pool).await?))
    }

    /// Returns the timeline of a complaint, oldest first, internal steps included.
    pub async fn api_complaint_events(&self, complaint_id: Uuid) -> StoreResult<Vec<ApiEventRow>> {
        on_db!(&self.db, pool => Ok(sqlx::query_as(
            "SELECT e.seq, e.at, e.action, e.actor_kind, u.email AS actor_email, e.actor_api_key_id, \
             k.name AS actor_api_key_name, e.from_status, e.to_status, e.note, e.message, e.internal \
             FROM complaint_events e LEFT JOIN staff_users u ON u.id = e.actor_user_id \
             LEFT JOIN api_keys k ON k.id = e.actor_api_key_id WHERE e.complaint_id = $1 ORDER BY e.seq",
        )
        .bind(complaint_id)
        .fetch_all(pool)
        .await?))
    }
}
