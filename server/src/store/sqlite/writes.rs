//! The writes, each one closure the writer thread runs inside its batch (see `writer`). They
//! take their inputs by value because they run on that thread, after the caller has moved on.

use crux_passkey_api::ErrorCode;
use rusqlite::{Connection, OptionalExtension as _, params};

use super::{Engine, unique_as};
use crate::error::{ApiError, ApiResult};
use crate::store::{
    LoginUpdate, NewSession, PASSKEY_COLUMNS, PasskeyRow, UserRow, concurrent_use,
    credential_exists, too_many_passkeys, username_taken,
};

impl Engine {
    pub async fn create_account(
        &self,
        user: UserRow,
        passkey: PasskeyRow,
        session: NewSession,
        now: i64,
    ) -> ApiResult<()> {
        self.writer
            .write(move |c| {
                if exists(c, "SELECT 1 FROM users WHERE username = ?1", &user.username)? {
                    return Err(username_taken());
                }
                if exists(c, "SELECT 1 FROM passkeys WHERE id = ?1", &passkey.id)? {
                    return Err(credential_exists());
                }
                c.prepare_cached(
                    "INSERT INTO users (id, username, display_name, created_at) \
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![user.id, user.username, user.display_name, now])
                .map_err(|e| unique_as(e, username_taken))?;
                insert_passkey(c, &passkey)?;
                insert_session(c, &user.id, &session, now)
            })
            .await
    }

    pub async fn add_passkey(&self, passkey: PasskeyRow, max: u32) -> ApiResult<()> {
        self.writer
            .write(move |c| {
                let count: i64 = c
                    .prepare_cached("SELECT COUNT(*) FROM passkeys WHERE user_id = ?1")?
                    .query_row([&passkey.user_id], |row| row.get(0))?;
                if count >= i64::from(max) {
                    return Err(too_many_passkeys(max));
                }
                if exists(c, "SELECT 1 FROM passkeys WHERE id = ?1", &passkey.id)? {
                    return Err(credential_exists());
                }
                insert_passkey(c, &passkey)
            })
            .await
    }

    /// `false` (nothing written) when another sign-in moved the counter meanwhile.
    pub async fn record_login(
        &self,
        update: LoginUpdate,
        user_id: String,
        session: NewSession,
    ) -> ApiResult<bool> {
        self.writer
            .write(move |c| {
                if !record_passkey_use(c, &update, &user_id)? {
                    return Ok(false);
                }
                insert_session(c, &user_id, &session, update.now)?;
                Ok(true)
            })
            .await
    }

    pub async fn record_reauth(
        &self,
        update: LoginUpdate,
        user_id: String,
        token_hash: String,
    ) -> ApiResult<()> {
        self.writer
            .write(move |c| {
                if !record_passkey_use(c, &update, &user_id)? {
                    return Err(concurrent_use());
                }
                let refreshed = c
                    .prepare_cached(
                        "UPDATE sessions SET authenticated_at = ?1, passkey_id = ?2 \
                         WHERE token_hash = ?3 AND user_id = ?4 AND expires_at > ?1",
                    )?
                    .execute(params![update.now, update.passkey_id, token_hash, user_id])?;
                if refreshed != 1 {
                    // The savepoint undoes the passkey's update with this error.
                    return Err(ApiError::unauthenticated());
                }
                Ok(())
            })
            .await
    }

    pub async fn set_display_name(&self, user_id: String, name: String) -> ApiResult<bool> {
        self.writer
            .write(move |c| {
                Ok(
                    c.prepare_cached("UPDATE users SET display_name = ?1 WHERE id = ?2")?
                        .execute([&name, &user_id])?
                        == 1,
                )
            })
            .await
    }

    pub async fn rename_passkey(
        &self,
        user_id: String,
        id: String,
        name: String,
    ) -> ApiResult<bool> {
        self.writer
            .write(move |c| {
                Ok(c.prepare_cached(
                    "UPDATE passkeys SET name = ?1 WHERE id = ?2 AND user_id = ?3",
                )?
                .execute([&name, &id, &user_id])?
                    == 1)
            })
            .await
    }

    /// Deletes the passkey and the sessions it opened, unless it is the user's last one.
    pub async fn delete_passkey(&self, user_id: String, id: String) -> ApiResult<()> {
        self.writer
            .write(move |c| {
                // One writer at a time: the count and the delete cannot interleave with
                // another delete.
                let deleted = c
                    .prepare_cached(
                        "DELETE FROM passkeys WHERE id = ?1 AND user_id = ?2 \
                         AND (SELECT COUNT(*) FROM passkeys WHERE user_id = ?2) > 1",
                    )?
                    .execute([&id, &user_id])?;
                if deleted == 1 {
                    c.prepare_cached(
                        "DELETE FROM sessions WHERE passkey_id = ?1 AND user_id = ?2",
                    )?
                    .execute([&id, &user_id])?;
                    return Ok(());
                }
                let owner: Option<String> = c
                    .prepare_cached("SELECT user_id FROM passkeys WHERE id = ?1")?
                    .query_row([&id], |row| row.get(0))
                    .optional()?;
                Err(if owner.as_deref() == Some(user_id.as_str()) {
                    ApiError::new(
                        ErrorCode::LastPasskey,
                        "this is your only passkey; add another before deleting it",
                    )
                } else {
                    ApiError::not_found("passkey")
                })
            })
            .await
    }

    pub async fn delete_session(&self, token_hash: String) -> ApiResult<()> {
        self.writer
            .write(move |c| {
                c.prepare_cached("DELETE FROM sessions WHERE token_hash = ?1")?
                    .execute([&token_hash])?;
                Ok(())
            })
            .await
    }

    pub async fn delete_sessions_of(&self, user_id: String) -> ApiResult<u64> {
        self.writer
            .write(move |c| {
                let n = c
                    .prepare_cached("DELETE FROM sessions WHERE user_id = ?1")?
                    .execute([&user_id])?;
                Ok(n as u64)
            })
            .await
    }

    pub async fn purge_expired_sessions(&self, now: i64) -> ApiResult<u64> {
        self.writer
            .write(move |c| {
                let n = c
                    .prepare_cached("DELETE FROM sessions WHERE expires_at <= ?1")?
                    .execute([now])?;
                Ok(n as u64)
            })
            .await
    }
}

fn exists(c: &Connection, sql: &str, key: &str) -> ApiResult<bool> {
    Ok(c.prepare_cached(sql)?.exists([key])?)
}

fn insert_passkey(c: &Connection, p: &PasskeyRow) -> ApiResult<()> {
    let transports = serde_json::to_string(&p.transports).map_err(ApiError::internal)?;
    c.prepare_cached(&format!(
        "INSERT INTO passkeys ({PASSKEY_COLUMNS}) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    ))?
    .execute(params![
        p.id,
        p.user_id,
        p.name,
        p.credential,
        p.counter,
        i64::from(p.backup_eligible),
        i64::from(p.backed_up),
        transports,
        p.created_at,
        p.last_used_at,
        p.aaguid,
    ])
    .map_err(|e| unique_as(e, credential_exists))?;
    Ok(())
}

/// The counter-guarded update after a verified assertion; `false` when the counter moved.
fn record_passkey_use(c: &Connection, update: &LoginUpdate, user_id: &str) -> ApiResult<bool> {
    let changed = c
        .prepare_cached(
            "UPDATE passkeys SET counter = ?1, credential = ?2, backed_up = ?3, \
             last_used_at = ?4 WHERE id = ?5 AND user_id = ?6 AND counter = ?7",
        )?
        .execute(params![
            update.counter,
            update.credential,
            i64::from(update.backed_up),
            update.now,
            update.passkey_id,
            user_id,
            update.expected_counter,
        ])?;
    Ok(changed == 1)
}

fn insert_session(c: &Connection, user_id: &str, s: &NewSession, now: i64) -> ApiResult<()> {
    c.prepare_cached(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, passkey_id, \
         authenticated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?3)",
    )?
    .execute(params![
        s.token_hash,
        user_id,
        now,
        s.expires_at,
        s.passkey_id
    ])?;
    Ok(())
}
