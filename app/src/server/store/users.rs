//! Staff accounts and their sessions.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{on_db, unique_violation, BeginWrite, Store, StoreError, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub org_id: Option<Uuid>,
    pub must_change_password: bool,
    /// Whether the member also sees the complaints of the bodies under theirs.
    pub include_subordinates: bool,
    /// "Фамилия Имя Отчество"; `None` for accounts created before names were recorded.
    pub full_name: Option<String>,
    /// The position, as the reasoned reply prints it before the name.
    pub position: Option<String>,
}

/// The full name and position of a staff member. A `None` field is left as it is on update.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffProfile {
    pub full_name: Option<String>,
    pub position: Option<String>,
}

/// A staff member as others see them, for assignment.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffMember {
    pub id: Uuid,
    pub email: String,
    pub org_id: Option<Uuid>,
}

/// A live session with its user.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    #[sqlx(flatten)]
    pub user: UserRow,
}

const USER_COLUMNS: &str = "u.id, u.email, u.password_hash, u.role, u.org_id, u.must_change_password, \
                            u.include_subordinates, u.full_name, u.position";

impl Store {
    /// Creates a staff account without a name or position; `StoreError::Conflict` when the
    /// e-mail is taken.
    pub async fn create_user(
        &self,
        email: &str,
        password_hash: &str,
        role: &str,
        org_id: Option<Uuid>,
        must_change_password: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Uuid> {
        let profile = StaffProfile::default();
        self.create_user_with_profile(email, password_hash, role, org_id, must_change_password, &profile, actor, now)
            .await
    }

    /// Creates a staff account with its full name and position, with an audit entry, in one
    /// transaction; `StoreError::Conflict` when the e-mail is taken.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_user_with_profile(
        &self,
        email: &str,
        password_hash: &str,
        role: &str,
        org_id: Option<Uuid>,
        must_change_password: bool,
        profile: &StaffProfile,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO staff_users \
                 (id, email, password_hash, role, org_id, must_change_password, created_at, full_name, position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(email)
            .bind(password_hash)
            .bind(role)
            .bind(org_id)
            .bind(must_change_password)
            .bind(now)
            .bind(profile.full_name.as_deref())
            .bind(profile.position.as_deref())
            .execute(&mut *tx)
            .await
            .map_err(|e| unique_violation(e, "user e-mail"))?;
            sqlx::query("INSERT INTO audit_log (id, at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(Uuid::now_v7())
                .bind(now)
                .bind(actor)
                .bind("user.create")
                .bind(id.to_string())
                .bind(role)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Lists every staff account, by e-mail.
    pub async fn list_users(&self) -> StoreResult<Vec<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM staff_users u ORDER BY u.email");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).fetch_all(pool).await?))
    }

    /// Sets the full name and position that `profile` gives, keeping a `None` field as it is,
    /// with an audit entry naming the changed fields, in one transaction. Returns
    /// `StoreError::NotFound` when there is no such user.
    pub async fn update_user_profile(
        &self,
        user_id: Uuid,
        profile: &StaffProfile,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut changed = Vec::new();
        if profile.full_name.is_some() {
            changed.push("full_name");
        }
        if profile.position.is_some() {
            changed.push("position");
        }
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query(
                "UPDATE staff_users SET full_name = COALESCE($1, full_name), position = COALESCE($2, position) \
                 WHERE id = $3",
            )
            .bind(profile.full_name.as_deref())
            .bind(profile.position.as_deref())
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query("INSERT INTO audit_log (id, at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(Uuid::now_v7())
                .bind(now)
                .bind(actor)
                .bind("user.update")
                .bind(user_id.to_string())
                .bind(changed.join(", "))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Replaces a user's password hash with one that must be changed at the next sign-in and
    /// ends all of their sessions, with an audit entry, in one transaction. Returns
    /// `StoreError::NotFound` when there is no such user.
    pub async fn reset_password(
        &self,
        user_id: Uuid,
        password_hash: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query("UPDATE staff_users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
                .bind(password_hash)
                .bind(true)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO audit_log (id, at, actor, action, target) VALUES ($1, $2, $3, $4, $5)")
                .bind(Uuid::now_v7())
                .bind(now)
                .bind(actor)
                .bind("user.reset_password")
                .bind(user_id.to_string())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The reviewers and agency admins of the given bodies, by e-mail.
    pub async fn staff_of_orgs(&self, org_ids: &[Uuid]) -> StoreResult<Vec<StaffMember>> {
        on_db!(&self.db, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT id, email, org_id FROM staff_users WHERE role IN ('reviewer', 'agency_admin') AND org_id IN (",
            );
            let mut separated = query.separated(", ");
            for id in org_ids {
                separated.push_bind(*id);
            }
            query.push(") ORDER BY email");
            if org_ids.is_empty() {
                return Ok(Vec::new());
            }
            Ok(query.build_query_as().fetch_all(pool).await?)
        })
    }

    /// Lets a member see the complaints of the bodies under theirs, or stops it.
    pub async fn set_include_subordinates(&self, user_id: Uuid, include: bool) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("UPDATE staff_users SET include_subordinates = $1 WHERE id = $2")
                .bind(include)
                .bind(user_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn user_by_email(&self, email: &str) -> StoreResult<UserRow> {
        let sql = format!("SELECT {USER_COLUMNS} FROM staff_users u WHERE u.email = $1");
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(email).fetch_one(pool).await?))
    }

    /// Replaces a user's password hash and ends all of their sessions but `keep_session`.
    pub async fn set_password(
        &self,
        user_id: Uuid,
        password_hash: &str,
        must_change_password: bool,
        keep_session: Option<&str>,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE staff_users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
                .bind(password_hash)
                .bind(must_change_password)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND token_hash <> $2")
                .bind(user_id)
                .bind(keep_session.unwrap_or_default())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: Uuid,
        csrf_token: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query(
                "INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(csrf_token)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The session with this token hash if it has not expired at `now`.
    pub async fn live_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<SessionRow> {
        let sql = format!(
            "SELECT s.csrf_token, s.expires_at, {USER_COLUMNS} FROM staff_sessions s \
             JOIN staff_users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2"
        );
        on_db!(&self.db, pool => Ok(sqlx::query_as(&sql).bind(token_hash).bind(now).fetch_one(pool).await?))
    }

    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
            Ok(())
        })
    }
}
