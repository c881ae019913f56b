//! The audit log: who did what to keys, users, the calendar and the directory, when and from
//! which address. Entries are only ever added.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{on_db, Store, StoreResult};

/// The actor of an audit entry (a staff user's id, or `cli`) and the client's address when
/// the action came over HTTP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audit {
    pub actor: String,
    pub ip: Option<String>,
}

impl Audit {
    /// Creates an actor without a client address, such as the command line.
    pub fn local(actor: &str) -> Audit {
        Audit { actor: actor.to_string(), ip: None }
    }
}

/// Inserts an audit entry inside transaction `$tx`.
macro_rules! insert_audit {
    ($tx:expr, $audit:expr, $action:expr, $target:expr, $detail:expr, $now:expr) => {{
        let audit: &$crate::server::store::Audit = $audit;
        let detail: Option<&str> = $detail;
        sqlx::query("INSERT INTO audit_log (id, at, actor, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(uuid::Uuid::now_v7())
            .bind($now)
            .bind(&audit.actor)
            .bind($action)
            .bind($target)
            .bind(detail)
            .bind(&audit.ip)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use insert_audit;

/// One entry as operators read it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: Option<String>,
    pub ip: Option<String>,
}

/// A filter of the audit log. Empty fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Actions starting with this, such as `widget_key.` for every key action.
    pub action_prefix: Option<String>,
    /// Exactly this actor (a user id or `cli`).
    pub actor: Option<String>,
    /// Targets containing this text.
    pub target_contains: Option<String>,
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    pub to: Option<DateTime<Utc>>,
    pub limit: i64,
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
fn like_escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

impl Store {
    /// Lists the entries that match `filter`, newest first.
    pub async fn audit_entries(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditRow>> {
        let action = filter.action_prefix.as_deref().map(|p| format!("{}%", like_escape(p)));
        let target = filter.target_contains.as_deref().map(|t| format!("%{}%", like_escape(t)));
        on_db!(&self.db, pool => {
            Ok(sqlx::query_as::<_, AuditRow>(
                "SELECT id, at, actor, action, target, detail, ip FROM audit_log \
                 WHERE ($1 IS NULL OR action LIKE $1 ESCAPE '\\') \
                   AND ($2 IS NULL OR actor = $2) \
                   AND ($3 IS NULL OR target LIKE $3 ESCAPE '\\') \
                   AND ($4 IS NULL OR at >= $4) \
                   AND ($5 IS NULL OR at < $5) \
                 ORDER BY at DESC, id DESC LIMIT $6",
            )
            .bind(&action)
            .bind(&filter.actor)
            .bind(&target)
            .bind(filter.from)
            .bind(filter.to)
            .bind(filter.limit)
            .fetch_all(pool)
            .await?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::like_escape;

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(like_escape("widget_key."), "widget\\_key.");
        assert_eq!(like_escape("100%"), "100\\%");
        assert_eq!(like_escape("a\\b"), "a\\\\b");
    }
}
