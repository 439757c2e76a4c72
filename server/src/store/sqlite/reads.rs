//! The reads, each one statement on a pooled connection (see `readers`).

use rusqlite::{OptionalExtension as _, Row};

use super::{Engine, transports_from};
use crate::error::ApiResult;
use crate::store::{LoginCandidates, PasskeyRow, SessionRow, UserRow};

/// `store::PASSKEY_COLUMNS` for a query that joins `passkeys p`, in `passkey_at`'s order.
const P_COLUMNS: &str = "p.id, p.user_id, p.name, p.credential, p.counter, p.backup_eligible, \
     p.backed_up, p.transports, p.created_at, p.last_used_at, p.aaguid";

impl Engine {
    pub fn user_by_username(&self, username: &str) -> ApiResult<Option<UserRow>> {
        self.readers.read(|c| {
            Ok(c.prepare_cached(
                "SELECT id, username, display_name FROM users WHERE username = ?1",
            )?
            .query_row([username], |row| user_at(row, 0))
            .optional()?)
        })
    }

    pub fn user_by_id(&self, id: &str) -> ApiResult<Option<UserRow>> {
        self.readers.read(|c| {
            Ok(
                c.prepare_cached("SELECT id, username, display_name FROM users WHERE id = ?1")?
                    .query_row([id], |row| user_at(row, 0))
                    .optional()?,
            )
        })
    }

    pub fn login_candidates(&self, username: &str) -> ApiResult<Option<LoginCandidates>> {
        self.readers.read(|c| {
            let mut statement = c.prepare_cached(
                "SELECT u.id, p.id, p.transports FROM users u \
                 LEFT JOIN passkeys p ON p.user_id = u.id \
                 WHERE u.username = ?1 ORDER BY p.created_at, p.id",
            )?;
            let mut rows = statement.query([username])?;
            let mut found: Option<LoginCandidates> = None;
            while let Some(row) = rows.next()? {
                let user_id: String = row.get(0)?;
                let candidates = found.get_or_insert_with(|| LoginCandidates {
                    user_id,
                    passkeys: Vec::new(),
                });
                // The LEFT JOIN gives one row of NULLs for a user without passkeys.
                if let Some(id) = row.get::<_, Option<String>>(1)? {
                    candidates.passkeys.push((id, transports_from(row.get(2)?)));
                }
            }
            Ok(found)
        })
    }

    pub fn passkey_with_owner(&self, id: &str) -> ApiResult<Option<(PasskeyRow, UserRow)>> {
        self.readers.read(|c| {
            Ok(c.prepare_cached(&format!(
                "SELECT {P_COLUMNS}, u.username, u.display_name \
                 FROM passkeys p JOIN users u ON u.id = p.user_id WHERE p.id = ?1"
            ))?
            .query_row([id], |row| {
                let passkey = passkey_at(row)?;
                let owner = UserRow {
                    id: passkey.user_id.clone(),
                    username: row.get(11)?,
                    display_name: row.get(12)?,
                };
                Ok((passkey, owner))
            })
            .optional()?)
        })
    }

    pub fn passkeys_of(&self, user_id: &str) -> ApiResult<Vec<PasskeyRow>> {
        self.readers.read(|c| {
            let mut statement = c.prepare_cached(&format!(
                "SELECT {P_COLUMNS} FROM passkeys p WHERE p.user_id = ?1 \
                 ORDER BY p.created_at, p.id"
            ))?;
            let rows = statement.query_map([user_id], passkey_at)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    pub fn passkey(&self, id: &str) -> ApiResult<Option<PasskeyRow>> {
        self.readers.read(|c| {
            Ok(c.prepare_cached(&format!(
                "SELECT {P_COLUMNS} FROM passkeys p WHERE p.id = ?1"
            ))?
            .query_row([id], passkey_at)
            .optional()?)
        })
    }

    pub fn session(&self, token_hash: &str, now: i64) -> ApiResult<Option<SessionRow>> {
        self.readers.read(|c| {
            Ok(c.prepare_cached(
                "SELECT u.id, u.username, u.display_name, s.authenticated_at \
                 FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2",
            )?
            .query_row(rusqlite::params![token_hash, now], |row| {
                Ok(SessionRow {
                    user: user_at(row, 0)?,
                    authenticated_at: row.get(3)?,
                })
            })
            .optional()?)
        })
    }
}

/// `id, username, display_name` from column `first` on.
fn user_at(row: &Row<'_>, first: usize) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: row.get(first)?,
        username: row.get(first + 1)?,
        display_name: row.get(first + 2)?,
    })
}

/// A passkey from `P_COLUMNS`, which start the row.
pub(super) fn passkey_at(row: &Row<'_>) -> rusqlite::Result<PasskeyRow> {
    Ok(PasskeyRow {
        id: row.get(0)?,
        user_id: row.get(1)?,
        name: row.get(2)?,
        credential: row.get(3)?,
        counter: row.get(4)?,
        backup_eligible: row.get::<_, i64>(5)? != 0,
        backed_up: row.get::<_, i64>(6)? != 0,
        transports: transports_from(row.get(7)?),
        created_at: row.get(8)?,
        last_used_at: row.get(9)?,
        aaguid: row.get(10)?,
    })
}
