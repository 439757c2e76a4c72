//! The reads of a sign-in, each one statement: a sign-in's latency is mostly round trips.

use sqlx::Row;

use super::{PasskeyRow, Store, UserRow, passkey_row};
use crate::error::ApiResult;

/// A user named at `login/start` and what `allowCredentials` lists for them.
pub struct LoginCandidates {
    pub user_id: String,
    /// `(passkey id, transports)`, oldest passkey first.
    pub passkeys: Vec<(String, Vec<String>)>,
}

impl Store {
    pub async fn login_candidates(&self, username: &str) -> ApiResult<Option<LoginCandidates>> {
        if let Some(engine) = &self.engine {
            return engine.login_candidates(username);
        }
        let rows = sqlx::query(
            "SELECT u.id AS user_id, p.id AS passkey_id, p.transports AS transports \
             FROM users u LEFT JOIN passkeys p ON p.user_id = u.id \
             WHERE u.username = $1 ORDER BY p.created_at, p.id",
        )
        .bind(username)
        .fetch_all(&self.pool)
        .await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let user_id: String = first.try_get("user_id")?;
        let mut passkeys = Vec::with_capacity(rows.len());
        for row in &rows {
            // The LEFT JOIN gives one row of NULLs for a user without passkeys.
            let Some(id) = row.try_get::<Option<String>, _>("passkey_id")? else {
                continue;
            };
            let transports: Option<String> = row.try_get("transports")?;
            let transports = transports
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            passkeys.push((id, transports));
        }
        Ok(Some(LoginCandidates { user_id, passkeys }))
    }

    /// The passkey with its owner, for `login/finish`.
    pub async fn passkey_with_owner(&self, id: &str) -> ApiResult<Option<(PasskeyRow, UserRow)>> {
        if let Some(engine) = &self.engine {
            return engine.passkey_with_owner(id);
        }
        // Column names are those of `PASSKEY_COLUMNS`, so `passkey_row` reads the row.
        let row = sqlx::query(
            "SELECT p.id AS id, p.user_id AS user_id, p.name AS name, \
             p.credential AS credential, p.counter AS counter, \
             p.backup_eligible AS backup_eligible, p.backed_up AS backed_up, \
             p.transports AS transports, p.created_at AS created_at, \
             p.last_used_at AS last_used_at, p.aaguid AS aaguid, \
             u.username AS username, u.display_name AS display_name \
             FROM passkeys p JOIN users u ON u.id = p.user_id WHERE p.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let passkey = passkey_row(&row)?;
        let owner = UserRow {
            id: passkey.user_id.clone(),
            username: row.try_get("username")?,
            display_name: row.try_get("display_name")?,
        };
        Ok(Some((passkey, owner)))
    }
}
