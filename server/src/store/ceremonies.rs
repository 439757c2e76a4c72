//! Pending ceremonies: in the database on PostgreSQL, where every instance must see them, and
//! in the process's memory for a SQLite file (`sqlite::ceremonies`).

use sqlx::Row;

use super::Store;
use crate::error::ApiResult;

impl Store {
    pub async fn put_ceremony(
        &self,
        id: &str,
        kind: &str,
        state: &str,
        expires_at: i64,
    ) -> ApiResult<()> {
        if let Some(engine) = &self.engine {
            return engine.put_ceremony(id, kind, state, expires_at);
        }
        let _turn = self.write_turn().await;
        sqlx::query("INSERT INTO ceremonies (id, kind, state, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(kind)
            .bind(state)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes the ceremony whatever happens next, so it can be finished at most once.
    /// Answers `(kind, state)` when it existed and had not expired.
    ///
    /// One `DELETE … RETURNING`: of two concurrent finishes, on one instance or two, exactly
    /// one gets the row. PostgreSQL makes the second wait for the first's row lock and then
    /// finds the row gone; SQLite serialises writers.
    pub async fn take_ceremony(&self, id: &str, now: i64) -> ApiResult<Option<(String, String)>> {
        if let Some(engine) = &self.engine {
            return engine.take_ceremony(id, now);
        }
        let turn = self.write_turn().await;
        let row =
            sqlx::query("DELETE FROM ceremonies WHERE id = $1 RETURNING kind, state, expires_at")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        drop(turn);
        let Some(row) = row else { return Ok(None) };
        let expires_at: i64 = row.try_get("expires_at")?;
        if expires_at <= now {
            return Ok(None);
        }
        Ok(Some((row.try_get("kind")?, row.try_get("state")?)))
    }

    pub async fn count_ceremonies(&self) -> ApiResult<i64> {
        if let Some(engine) = &self.engine {
            return engine.count_ceremonies();
        }
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM ceremonies")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    pub async fn purge_expired_ceremonies(&self, now: i64) -> ApiResult<u64> {
        if let Some(engine) = &self.engine {
            return engine.purge_expired_ceremonies(now);
        }
        let _turn = self.write_turn().await;
        Ok(sqlx::query("DELETE FROM ceremonies WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// A pending ceremony's stored state, without consuming it (for tests and operators).
    pub async fn peek_ceremony(&self, id: &str) -> ApiResult<Option<String>> {
        if let Some(engine) = &self.engine {
            return engine.peek_ceremony(id);
        }
        Ok(sqlx::query("SELECT state FROM ceremonies WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| row.try_get("state"))
            .transpose()?)
    }
}
