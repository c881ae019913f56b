//! The rows that describe files attached to a complaint's events. The bytes themselves are
//! in the file store (`server::files`), under each row's `storage_key`.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{on_db, Store, StoreResult};

/// A file to record with an event, already written to the file store.
#[derive(Clone, Debug)]
pub struct NewAttachment {
    pub id: Uuid,
    pub filename: String,
    pub content_type: &'static str,
    pub size_bytes: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub storage_key: String,
}

/// Inserts `$attachment` for the event `$event_id` of `$complaint_id` inside transaction `$tx`.
macro_rules! insert_attachment {
    ($tx:ident, $complaint_id:expr, $event_id:expr, $attachment:expr, $now:expr) => {{
        let attachment: &NewAttachment = $attachment;
        sqlx::query(
            "INSERT INTO attachments (id, complaint_id, event_id, filename, content_type, size_bytes, sha256, \
             storage_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(attachment.id)
        .bind($complaint_id)
        .bind($event_id)
        .bind(&attachment.filename)
        .bind(attachment.content_type)
        .bind(attachment.size_bytes)
        .bind(&attachment.sha256)
        .bind(&attachment.storage_key)
        .bind($now)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use insert_attachment;

/// A stored file with the sequence number of the event it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: Uuid,
    pub complaint_id: Uuid,
    pub event_seq: i32,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub created_at: DateTime<Utc>,
}

const ATTACHMENT_SELECT: &str = "SELECT a.id, a.complaint_id, e.seq AS event_seq, a.filename, a.content_type, \
     a.size_bytes, a.sha256, a.storage_key, a.created_at FROM attachments a \
     JOIN complaint_events e ON e.id = a.event_id";

impl Store {
    /// Returns the files of a complaint, in the order they were attached.
    pub async fn complaint_attachments(&self, complaint_id: Uuid) -> StoreResult<Vec<AttachmentRow>> {
        let sql = format!("{ATTACHMENT_SELECT} WHERE a.complaint_id = $1 ORDER BY e.seq, a.id");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(complaint_id).fetch_all(pool).await?))
    }

    /// Returns one file of a complaint, or `NotFound` when the id belongs to no file of it.
    pub async fn complaint_attachment(&self, complaint_id: Uuid, id: Uuid) -> StoreResult<AttachmentRow> {
        let sql = format!("{ATTACHMENT_SELECT} WHERE a.complaint_id = $1 AND a.id = $2");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(complaint_id).bind(id).fetch_one(pool).await?))
    }

    /// Returns how many bytes a complaint's files take in all.
    pub async fn complaint_attachment_bytes(&self, complaint_id: Uuid) -> StoreResult<i64> {
        on_db!(&self.db, pool => {
            let total: Option<i64> = sqlx::query_scalar(
                "SELECT CAST(SUM(size_bytes) AS BIGINT) FROM attachments WHERE complaint_id = $1",
            )
            .bind(complaint_id)
            .fetch_one(pool)
            .await?;
            Ok(total.unwrap_or(0))
        })
    }
}
