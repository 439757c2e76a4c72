//! Read connections, used on the caller's own thread.
//!
//! In WAL mode a read never waits for the writer, and the reads a request makes are one
//! indexed statement each, a few microseconds on a warm page cache. Running them where the
//! request already is costs less than handing each to another thread and waiting for the
//! answer, which is what sqlx's SQLite driver does (measured: docs/benchmarks.md).

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OpenFlags};

use crate::error::{ApiError, ApiResult};

/// Idle connections kept for reuse; more may be open at a moment of contention.
const KEEP_IDLE: usize = 8;

pub struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    closed: AtomicBool,
}

impl Readers {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            idle: Mutex::new(Vec::new()),
            closed: AtomicBool::new(false),
        }
    }

    pub fn read<T>(&self, query: impl FnOnce(&Connection) -> ApiResult<T>) -> ApiResult<T> {
        if self.closed.load(Ordering::Acquire) {
            return Err(ApiError::internal("the database is closed"));
        }
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let connection = match idle {
            Some(connection) => connection,
            None => self.open()?,
        };
        let answer = query(&connection);
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < KEEP_IDLE
            && !self.closed.load(Ordering::Acquire)
        {
            idle.push(connection);
        }
        answer
    }

    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        if let Ok(mut idle) = self.idle.lock() {
            idle.clear();
        }
    }

    fn open(&self) -> ApiResult<Connection> {
        let connection = open(&self.path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        // Reads only: a slip that writes here would bypass the writer's group commit.
        connection.pragma_update(None, "query_only", true)?;
        Ok(connection)
    }
}

/// A connection with the settings every connection to the file shares.
pub fn open(path: &std::path::Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    let connection = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    connection.pragma_update(None, "foreign_keys", true)?;
    Ok(connection)
}
