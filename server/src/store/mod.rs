//! Persistence: users, passkeys, pending ceremonies, sessions.
//!
//! PostgreSQL (and SQLite in memory, for tests) goes through sqlx's `Any` driver with plain
//! SQL and `$n` placeholders; writers are kept apart by `BEGIN IMMEDIATE` on SQLite
//! (`begin_write`) and by a row lock on the user for the last-passkey guard on PostgreSQL
//! (`delete_passkey`). Nothing is cached in the process there: every instance sharing a
//! PostgreSQL database sees the same ceremonies, sessions, passkeys and secrets.
//!
//! A SQLite file, which one process serves, goes through `sqlite::Engine` instead: reads on
//! the caller's thread, writes in group commits, ceremonies in memory (see that module).

mod ceremonies;
mod connect;
mod login;
mod rate_budget;
mod sessions;
mod sqlite;

pub use connect::{Backend, redact};
pub use login::LoginCandidates;
pub use sessions::SessionRow;

use std::sync::Arc;

use crux_passkey_api::ErrorCode;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::error::{ApiError, ApiResult};

#[derive(Clone)]
pub struct Store {
    /// sqlx's pool: every call on PostgreSQL and `sqlite::memory:`; on a SQLite file only the
    /// migrations, `/readyz`, the decoy secret and counts (commits there also wait for the disk).
    pool: AnyPool,
    backend: Backend,
    /// A SQLite file's own engine, which serves the requests' reads and writes instead.
    engine: Option<Arc<sqlite::Engine>>,
    /// SQLite through sqlx only (`sqlite::memory:`, and the few writes a file's engine leaves
    /// to sqlx): writers take turns here. SQLite lets one connection write at a time and
    /// makes the others sleep and retry (1, 2, 5, 10 ms …), so under load most of a
    /// request's time was spent asleep. Queued here, writers go in order and never sleep.
    write_gate: Option<Arc<Mutex<()>>>,
}

/// A writer's turn; the write must finish before it is dropped.
type Turn = Option<OwnedMutexGuard<()>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeyRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    /// webauthn-rs `Credential` as JSON.
    pub credential: String,
    pub counter: i64,
    pub backup_eligible: bool,
    pub backed_up: bool,
    pub transports: Vec<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    /// The authenticator's AAGUID, when it sent one.
    pub aaguid: Option<String>,
}

/// What a successful sign-in changes on its passkey. Owned, because on a SQLite file the
/// write runs later on the writer thread.
pub struct LoginUpdate {
    pub passkey_id: String,
    /// The counter the verification was made against; the update only lands if it still holds.
    pub expected_counter: i64,
    pub counter: i64,
    pub credential: String,
    pub backed_up: bool,
    pub now: i64,
}

pub struct NewSession {
    pub token_hash: String,
    pub expires_at: i64,
    /// The passkey whose assertion (or registration) opened the session.
    pub passkey_id: String,
}

const PASSKEY_COLUMNS: &str = "id, user_id, name, credential, counter, backup_eligible, \
     backed_up, transports, created_at, last_used_at, aaguid";

impl Store {
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let pools = connect::open_pools(url).await?;
        let engine = match &pools.sqlite_file {
            Some(path) => Some(Arc::new(sqlite::Engine::open(path)?)),
            None => None,
        };
        Ok(Self {
            pool: pools.pool,
            backend: pools.backend,
            engine,
            write_gate: (pools.backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(()))),
        })
    }

    #[must_use]
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Lets queued writes commit, then closes; a closed store refuses every call.
    pub async fn close(&self) {
        if let Some(engine) = &self.engine {
            let engine = Arc::clone(engine);
            // Waits for the writer thread's last batch.
            let _ = tokio::task::spawn_blocking(move || engine.close()).await;
        }
        self.pool.close().await;
    }

    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): in WAL mode, a deferred transaction that reads first and writes
    /// later cannot wait for the lock once another connection has written since its read
    /// (SQLite answers `SQLITE_BUSY_SNAPSHOT` at once), so two concurrent sign-ups failed
    /// with an internal error. Taken up front, the lock is simply waited for (sqlx's busy
    /// timeout, 5 s). PostgreSQL's row locks need no such thing.
    async fn begin_write(&self) -> ApiResult<(Turn, Tx<'static>)> {
        let turn = self.write_turn().await;
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok((turn, tx))
    }

    /// Waits for this writer's turn (SQLite); PostgreSQL needs none.
    async fn write_turn(&self) -> Turn {
        match &self.write_gate {
            Some(gate) => Some(Arc::clone(gate).lock_owned().await),
            None => None,
        }
    }

    // ---- users ------------------------------------------------------------------------

    pub async fn user_by_username(&self, username: &str) -> ApiResult<Option<UserRow>> {
        if let Some(engine) = &self.engine {
            return engine.user_by_username(username);
        }
        let row = sqlx::query("SELECT id, username, display_name FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_row).transpose()
    }

    pub async fn count_users(&self) -> ApiResult<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    /// Creates the user, their first passkey and a session together, or nothing.
    pub async fn create_account(
        &self,
        user: &UserRow,
        passkey: &PasskeyRow,
        session: NewSession,
        now: i64,
    ) -> ApiResult<()> {
        if let Some(engine) = &self.engine {
            return engine
                .create_account(user.clone(), passkey.clone(), session, now)
                .await;
        }
        let (_turn, mut tx) = self.begin_write().await?;
        let taken = sqlx::query("SELECT id FROM users WHERE username = $1")
            .bind(&user.username)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(username_taken());
        }
        if passkey_exists(&mut tx, &passkey.id).await? {
            return Err(credential_exists());
        }
        sqlx::query(
            "INSERT INTO users (id, username, display_name, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&user.id)
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_as(e, username_taken))?;
        insert_passkey(&mut tx, passkey).await?;
        insert_session(&mut tx, &user.id, &session, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes the user's display name; `None` when the user is gone.
    pub async fn set_display_name(&self, user_id: &str, name: &str) -> ApiResult<Option<UserRow>> {
        if let Some(engine) = &self.engine {
            if !engine
                .set_display_name(user_id.to_owned(), name.to_owned())
                .await?
            {
                return Ok(None);
            }
            return engine.user_by_id(user_id);
        }
        let turn = self.write_turn().await;
        let changed = sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2")
            .bind(name)
            .bind(user_id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        drop(turn);
        if changed == 0 {
            return Ok(None);
        }
        let row = sqlx::query("SELECT id, username, display_name FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_row).transpose()
    }

    // ---- passkeys ---------------------------------------------------------------------

    pub async fn passkeys_of(&self, user_id: &str) -> ApiResult<Vec<PasskeyRow>> {
        if let Some(engine) = &self.engine {
            return engine.passkeys_of(user_id);
        }
        let rows = sqlx::query(&format!(
            "SELECT {PASSKEY_COLUMNS} FROM passkeys WHERE user_id = $1 ORDER BY created_at, id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(passkey_row).collect()
    }

    pub async fn passkey(&self, id: &str) -> ApiResult<Option<PasskeyRow>> {
        if let Some(engine) = &self.engine {
            return engine.passkey(id);
        }
        let row = sqlx::query(&format!(
            "SELECT {PASSKEY_COLUMNS} FROM passkeys WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(passkey_row).transpose()
    }

    /// Adds another passkey to its user's account, unless the account already has `max`.
    pub async fn add_passkey(&self, passkey: &PasskeyRow, max: u32) -> ApiResult<()> {
        if let Some(engine) = &self.engine {
            return engine.add_passkey(passkey.clone(), max).await;
        }
        let (_turn, mut tx) = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            // Concurrent additions of one user queue here, so each count sees the others.
            sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
                .bind(&passkey.user_id)
                .fetch_optional(&mut *tx)
                .await?;
        }
        if count_passkeys(&mut tx, &passkey.user_id).await? >= i64::from(max) {
            return Err(too_many_passkeys(max));
        }
        if passkey_exists(&mut tx, &passkey.id).await? {
            return Err(credential_exists());
        }
        insert_passkey(&mut tx, passkey).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores the counter and flags of a verified sign-in and opens its session, or changes
    /// nothing when another sign-in moved the counter meanwhile (answers `false`).
    pub async fn record_login(
        &self,
        update: LoginUpdate,
        user_id: &str,
        session: NewSession,
    ) -> ApiResult<bool> {
        if let Some(engine) = &self.engine {
            return engine
                .record_login(update, user_id.to_owned(), session)
                .await;
        }
        let (_turn, mut tx) = self.begin_write().await?;
        if !record_passkey_use(&mut tx, &update, user_id).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        insert_session(&mut tx, user_id, &session, update.now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores a verified re-authentication: the passkey's counter and flags, and the session's
    /// new authentication time; nothing changes when another sign-in moved the counter
    /// meanwhile (`COUNTER_REGRESSION`) or the session ended (`UNAUTHENTICATED`).
    pub async fn record_reauth(
        &self,
        update: LoginUpdate,
        user_id: &str,
        token_hash: &str,
    ) -> ApiResult<()> {
        if let Some(engine) = &self.engine {
            return engine
                .record_reauth(update, user_id.to_owned(), token_hash.to_owned())
                .await;
        }
        let (_turn, mut tx) = self.begin_write().await?;
        if !record_passkey_use(&mut tx, &update, user_id).await? {
            tx.rollback().await?;
            return Err(concurrent_use());
        }
        let refreshed = sqlx::query(
            "UPDATE sessions SET authenticated_at = $1, passkey_id = $2 \
             WHERE token_hash = $3 AND user_id = $4 AND expires_at > $1",
        )
        .bind(update.now)
        .bind(&update.passkey_id)
        .bind(token_hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if refreshed != 1 {
            tx.rollback().await?;
            return Err(ApiError::unauthenticated());
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn rename_passkey(
        &self,
        user_id: &str,
        id: &str,
        name: &str,
    ) -> ApiResult<Option<PasskeyRow>> {
        if let Some(engine) = &self.engine {
            if !engine
                .rename_passkey(user_id.to_owned(), id.to_owned(), name.to_owned())
                .await?
            {
                return Ok(None);
            }
            return engine.passkey(id);
        }
        let turn = self.write_turn().await;
        let changed = sqlx::query("UPDATE passkeys SET name = $1 WHERE id = $2 AND user_id = $3")
            .bind(name)
            .bind(id)
            .bind(user_id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        drop(turn);
        if changed == 0 {
            return Ok(None);
        }
        self.passkey(id).await
    }

    /// Deletes one of the user's passkeys unless it is their last one, and ends every session
    /// it opened, in one transaction.
    pub async fn delete_passkey(&self, user_id: &str, id: &str) -> ApiResult<()> {
        if let Some(engine) = &self.engine {
            return engine
                .delete_passkey(user_id.to_owned(), id.to_owned())
                .await;
        }
        // On SQLite, writers are serialised, so the "not the last one" count and the delete
        // cannot interleave with a concurrent delete. PostgreSQL runs concurrent statements
        // side by side under READ COMMITTED, where two deletes of the user's last two passkeys
        // would each count two and both succeed. There the user's row is locked first, so the
        // deletes of one user queue up and each count (taken after the lock) sees what the
        // previous one committed.
        const DELETE_UNLESS_LAST: &str = "DELETE FROM passkeys WHERE id = $1 AND user_id = $2 \
             AND (SELECT COUNT(*) FROM passkeys WHERE user_id = $2) > 1";
        let (_turn, mut tx) = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        }
        let deleted = sqlx::query(DELETE_UNLESS_LAST)
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 1 {
            sqlx::query("DELETE FROM sessions WHERE passkey_id = $1 AND user_id = $2")
                .bind(id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        if deleted == 1 {
            return Ok(());
        }
        match self.passkey(id).await? {
            Some(row) if row.user_id == user_id => Err(ApiError::new(
                ErrorCode::LastPasskey,
                "this is your only passkey; add another before deleting it",
            )),
            _ => Err(ApiError::not_found("passkey")),
        }
    }

    /// Deletes expired ceremonies and sessions; answers how many of each went.
    pub async fn purge_expired(&self, now: i64) -> ApiResult<(u64, u64)> {
        let ceremonies = self.purge_expired_ceremonies(now).await?;
        if let Some(engine) = &self.engine {
            return Ok((ceremonies, engine.purge_expired_sessions(now).await?));
        }
        let _turn = self.write_turn().await;
        let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok((ceremonies, sessions))
    }

    // ---- secrets ----------------------------------------------------------------------

    /// A random secret created on first use and kept in the database, so it survives restarts
    /// and is shared by every instance.
    pub async fn secret(&self, name: &str) -> ApiResult<String> {
        let fresh = crate::session::random_token();
        let turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(&fresh)
        .execute(&self.pool)
        .await?;
        drop(turn);
        Ok(
            sqlx::query("SELECT value FROM server_secrets WHERE name = $1")
                .bind(name)
                .fetch_one(&self.pool)
                .await?
                .try_get("value")?,
        )
    }
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

async fn passkey_exists(tx: &mut Tx<'_>, id: &str) -> ApiResult<bool> {
    Ok(sqlx::query("SELECT id FROM passkeys WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .is_some())
}

async fn count_passkeys(tx: &mut Tx<'_>, user_id: &str) -> ApiResult<i64> {
    Ok(
        sqlx::query("SELECT COUNT(*) AS n FROM passkeys WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&mut **tx)
            .await?
            .try_get("n")?,
    )
}

async fn insert_passkey(tx: &mut Tx<'_>, p: &PasskeyRow) -> ApiResult<()> {
    let transports = serde_json::to_string(&p.transports).map_err(ApiError::internal)?;
    sqlx::query(&format!(
        "INSERT INTO passkeys ({PASSKEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    ))
    .bind(&p.id)
    .bind(&p.user_id)
    .bind(&p.name)
    .bind(&p.credential)
    .bind(p.counter)
    .bind(i64::from(p.backup_eligible))
    .bind(i64::from(p.backed_up))
    .bind(transports)
    .bind(p.created_at)
    .bind(p.last_used_at)
    .bind(&p.aaguid)
    .execute(&mut **tx)
    .await
    .map_err(|e| unique_as(e, credential_exists))?;
    Ok(())
}

/// The counter-guarded update of a passkey after a verified assertion; `false` when the
/// counter moved since it was read.
async fn record_passkey_use(
    tx: &mut Tx<'_>,
    update: &LoginUpdate,
    user_id: &str,
) -> ApiResult<bool> {
    let changed = sqlx::query(
        "UPDATE passkeys SET counter = $1, credential = $2, backed_up = $3, last_used_at = $4 \
         WHERE id = $5 AND user_id = $6 AND counter = $7",
    )
    .bind(update.counter)
    .bind(&update.credential)
    .bind(i64::from(update.backed_up))
    .bind(update.now)
    .bind(&update.passkey_id)
    .bind(user_id)
    .bind(update.expected_counter)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

async fn insert_session(
    tx: &mut Tx<'_>,
    user_id: &str,
    session: &NewSession,
    now: i64,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, passkey_id, \
         authenticated_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&session.token_hash)
    .bind(user_id)
    .bind(now)
    .bind(session.expires_at)
    .bind(&session.passkey_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Another sign-in with this passkey landed between a verification's read and its write.
pub fn concurrent_use() -> ApiError {
    ApiError::new(
        ErrorCode::CounterRegression,
        "this passkey was used concurrently; its signature counter cannot be trusted",
    )
}

pub fn too_many_passkeys(max: u32) -> ApiError {
    ApiError::new(
        ErrorCode::TooManyPasskeys,
        format!("an account has at most {max} passkeys; delete one before adding another"),
    )
}

pub(crate) fn username_taken() -> ApiError {
    ApiError::new(ErrorCode::UsernameTaken, "that username is already taken")
}

pub(crate) fn credential_exists() -> ApiError {
    ApiError::new(
        ErrorCode::CredentialExists,
        "this passkey is already registered",
    )
}

/// A unique-constraint race lost to a concurrent request reads as the conflict it is.
fn unique_as(err: sqlx::Error, conflict: fn() -> ApiError) -> ApiError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => conflict(),
        _ => ApiError::from(err),
    }
}

fn user_row(row: &AnyRow) -> ApiResult<UserRow> {
    Ok(UserRow {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
    })
}

fn passkey_row(row: &AnyRow) -> ApiResult<PasskeyRow> {
    let transports: String = row.try_get("transports")?;
    Ok(PasskeyRow {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        credential: row.try_get("credential")?,
        counter: row.try_get("counter")?,
        backup_eligible: row.try_get::<i64, _>("backup_eligible")? != 0,
        backed_up: row.try_get::<i64, _>("backed_up")? != 0,
        transports: serde_json::from_str(&transports).unwrap_or_default(),
        created_at: row.try_get("created_at")?,
        last_used_at: row.try_get("last_used_at")?,
        aaguid: row.try_get("aaguid")?,
    })
}
