//! Sessions: who a token belongs to, when its holder last proved presence with a passkey, and
//! ending them one at a time, per account, or (in `delete_passkey`) per passkey.

use sqlx::Row;

use super::{Store, user_row};
use crate::error::ApiResult;
use crate::store::UserRow;

/// A live session and its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user: UserRow,
    /// Unix seconds of the last passkey assertion (sign-up, sign-in or re-authentication).
    pub authenticated_at: i64,
}

impl Store {
    pub async fn session(&self, token_hash: &str, now: i64) -> ApiResult<Option<SessionRow>> {
        if let Some(engine) = &self.engine {
            return engine.session(token_hash, now);
        }
        let row = sqlx::query(
            "SELECT u.id AS id, u.username AS username, u.display_name AS display_name, \
             s.authenticated_at AS authenticated_at \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SessionRow {
            user: user_row(&row)?,
            authenticated_at: row.try_get("authenticated_at")?,
        }))
    }

    pub async fn delete_session(&self, token_hash: &str) -> ApiResult<()> {
        if let Some(engine) = &self.engine {
            return engine.delete_session(token_hash.to_owned()).await;
        }
        let _turn = self.write_turn().await;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of the account; answers how many there were.
    pub async fn delete_sessions_of(&self, user_id: &str) -> ApiResult<u64> {
        if let Some(engine) = &self.engine {
            return engine.delete_sessions_of(user_id.to_owned()).await;
        }
        let _turn = self.write_turn().await;
        Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    pub async fn count_sessions(&self) -> ApiResult<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM sessions")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }
}
