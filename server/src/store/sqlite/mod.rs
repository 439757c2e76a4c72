//! A SQLite file served by this process alone, without sqlx on the request path: reads run
//! on the caller's thread (`readers`), writes go to one thread that commits them in groups
//! (`writer`). sqlx still applies the migrations and answers `/readyz` and the tests' own
//! queries; both see the same file.
//!
//! Why not sqlx: a sign-in's four sqlx calls took 506 µs of its 1,972 µs, mostly hand-offs to
//! and from SQLite's worker threads, and each durable commit paid its own fsync
//! (docs/benchmarks.md, 2026-12-02).

mod ceremonies;
mod readers;
mod reads;
mod writer;
mod writes;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rusqlite::OpenFlags;

use crate::error::ApiError;

use readers::Readers;
use writer::Writer;

pub struct Engine {
    /// An exclusive lock on the file while this process serves it (see `open`).
    serving: std::sync::Mutex<Option<std::fs::File>>,
    ceremonies: ceremonies::Ceremonies,
    readers: Readers,
    writer: Writer,
}

impl Engine {
    /// Opens the writer and the readers on a file whose migrations are applied.
    ///
    /// A second process on the same file is refused: ceremonies live in this process's
    /// memory, so an instance beside it would answer `CEREMONY_NOT_FOUND` to every user sent
    /// back and forth between them. The lock is `flock`, separate from SQLite's own `fcntl`
    /// locks, and the kernel drops it when the process ends, however it ends.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        let serving =
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        if serving.try_lock().is_err() {
            bail!(
                "{} is already served by another server process: a SQLite file serves one \
                 instance (use PostgreSQL to run several)",
                path.display()
            );
        }
        let connection = readers::open(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        // FULL: a commit returns once the write-ahead log is on disk, so every answered
        // write survives a power cut. Group commit is what makes that affordable.
        connection.pragma_update(None, "synchronous", "FULL")?;
        Ok(Self {
            serving: std::sync::Mutex::new(Some(serving)),
            ceremonies: ceremonies::Ceremonies::default(),
            readers: Readers::new(PathBuf::from(path)),
            writer: Writer::start(connection)?,
        })
    }

    /// Lets queued writes commit, then refuses every read and write of the file (pending
    /// ceremonies, in memory, go with the process).
    pub fn close(&self) {
        self.writer.close();
        self.readers.close();
        if let Ok(mut serving) = self.serving.lock() {
            serving.take();
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        Self::internal(err)
    }
}

/// A unique-constraint violation read as the conflict it is; anything else is internal.
fn unique_as(err: rusqlite::Error, conflict: fn() -> ApiError) -> ApiError {
    match &err {
        rusqlite::Error::SqliteFailure(e, _)
            if matches!(
                e.extended_code,
                rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            ) =>
        {
            conflict()
        }
        _ => ApiError::from(err),
    }
}

fn transports_from(json: Option<String>) -> Vec<String> {
    json.and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Engine;

    #[tokio::test]
    async fn the_writer_commits_in_wal_mode_with_synchronous_full() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("engine.db");
        rusqlite::Connection::open(&path)
            .unwrap()
            .pragma_update(None, "journal_mode", "WAL")
            .unwrap();
        let engine = Engine::open(&path).unwrap();
        let settings = engine
            .writer
            .write(|c| {
                let mode: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
                let level: i64 = c.pragma_query_value(None, "synchronous", |r| r.get(0))?;
                Ok((mode, level))
            })
            .await
            .unwrap();
        // SQLite's numbers: 2 = FULL.
        assert_eq!(settings, ("wal".to_owned(), 2));
        engine.close();
    }

    #[tokio::test]
    async fn a_closed_engine_refuses_reads_and_writes_and_frees_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("engine.db");
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(
                "PRAGMA journal_mode = WAL; \
                 CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT)",
            )
            .unwrap();
        let engine = Engine::open(&path).unwrap();
        assert!(engine.delete_session("t".to_owned()).await.is_ok());
        engine.close();
        assert!(engine.delete_session("t".to_owned()).await.is_err());
        assert!(engine.user_by_username("alice").is_err());
        // The lock went with it: another engine may serve the file now.
        Engine::open(&path).unwrap().close();
    }
}
