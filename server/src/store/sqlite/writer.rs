//! Group commit: one thread owns SQLite's only writing connection and runs the writes handed
//! to it in batches, each batch one transaction with one fsync (`synchronous = FULL`).
//!
//! While a commit waits for the disk, the writes that arrive queue up and go together in the
//! next transaction, so under load the fsync is shared instead of paid per request. Each
//! write runs inside its own savepoint: one that fails is rolled back alone and the others
//! still commit. Nobody is answered before the transaction holding their write is durable;
//! if that commit fails, every write in it is answered with the failure.

use std::sync::Mutex;
use std::sync::mpsc;
use std::thread::JoinHandle;

use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::error::{ApiError, ApiResult};

/// What a write's caller is told once its batch has committed (or failed to).
type Reply = Box<dyn FnOnce(ApiResult<()>) + Send>;
/// A write: runs on the writer thread inside the batch's transaction.
type Job = Box<dyn FnOnce(&Connection) -> Reply + Send>;

/// More writes than this wait for the next batch, so one batch's answers are not held back
/// by an unbounded queue.
const MAX_BATCH: usize = 256;

pub struct Writer {
    jobs: Mutex<Option<mpsc::Sender<Job>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Writer {
    pub fn start(connection: Connection) -> std::io::Result<Self> {
        let (sender, receiver) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run(&connection, &receiver))?;
        Ok(Self {
            jobs: Mutex::new(Some(sender)),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Runs `work` in the next batch and answers its result once that batch is durable.
    /// An `Err` from `work` rolls back what `work` wrote, and nothing else.
    pub async fn write<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> ApiResult<T> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |connection| {
            let outcome = in_savepoint(connection, work);
            Box::new(move |committed: ApiResult<()>| {
                let _ = answer.send(committed.and(outcome));
            })
        });
        let sent = match self.jobs.lock() {
            Ok(jobs) => jobs.as_ref().is_some_and(|jobs| jobs.send(job).is_ok()),
            Err(_) => false,
        };
        if !sent {
            return Err(closed());
        }
        // Dropped unanswered when the batch could not even begin.
        answered.await.unwrap_or_else(|_| Err(closed()))
    }

    /// Stops taking writes, lets the queued ones commit, and waits for the thread to end.
    pub fn close(&self) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.take();
        }
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

fn closed() -> ApiError {
    ApiError::internal("the database is closed")
}

fn run(connection: &Connection, receiver: &mpsc::Receiver<Job>) {
    while let Ok(first) = receiver.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        // IMMEDIATE: take the write lock now (waiting out any other writer, e.g. a second
        // process, up to the busy timeout) rather than fail midway.
        if let Err(err) = execute(connection, "BEGIN IMMEDIATE") {
            tracing::error!(%err, "a write batch could not begin");
            continue; // Dropping the batch answers each caller with an error.
        }
        #[allow(clippy::cast_precision_loss)] // At most MAX_BATCH.
        metrics::histogram!("sqlite_write_batch_size").record(batch.len() as f64);
        let replies: Vec<Reply> = batch.into_iter().map(|job| job(connection)).collect();
        let committed = match execute(connection, "COMMIT") {
            Ok(()) => Ok(()),
            Err(err) => {
                let _ = execute(connection, "ROLLBACK");
                Err(ApiError::internal(format!("commit failed: {err}")))
            }
        };
        for reply in replies {
            reply(committed.clone());
        }
    }
}

fn in_savepoint<T>(
    connection: &Connection,
    work: impl FnOnce(&Connection) -> ApiResult<T>,
) -> ApiResult<T> {
    execute(connection, "SAVEPOINT write")?;
    // A write that panics must not take the thread with it (every later write would fail) nor
    // leave its half-done changes for the batch's commit: it is answered as an error and rolled
    // back below like any other.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(connection)))
        .unwrap_or_else(|_| Err(ApiError::internal("a database write panicked")));
    let ended = match outcome {
        Ok(_) => execute(connection, "RELEASE write"),
        Err(_) => execute(connection, "ROLLBACK TO write")
            .and_then(|()| execute(connection, "RELEASE write")),
    };
    ended?;
    outcome
}

fn execute(connection: &Connection, sql: &str) -> ApiResult<()> {
    connection.prepare_cached(sql)?.execute([])?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn writer() -> (tempfile::TempDir, Writer) {
        let dir = tempfile::tempdir().unwrap();
        let connection = Connection::open(dir.path().join("w.db")).unwrap();
        connection
            .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (v INTEGER UNIQUE)")
            .unwrap();
        (dir, Writer::start(connection).unwrap())
    }

    fn insert(v: i64) -> impl FnOnce(&Connection) -> ApiResult<()> + Send + 'static {
        move |c| {
            c.execute("INSERT INTO t (v) VALUES (?1)", [v])?;
            Ok(())
        }
    }

    fn count(c: &Connection) -> ApiResult<i64> {
        Ok(c.query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))?)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_write_is_rolled_back_alone_in_its_batch() {
        let (_dir, writer) = writer();
        let writer = std::sync::Arc::new(writer);
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let writer = std::sync::Arc::clone(&writer);
                // Every fifth write inserts a duplicate after its own row: its savepoint
                // must undo that row and leave the rest of its batch.
                tokio::spawn(async move {
                    writer
                        .write(move |c| {
                            insert(i)(c)?;
                            if i % 5 == 0 {
                                insert(i)(c)?;
                            }
                            Ok(i)
                        })
                        .await
                })
            })
            .collect();
        let mut failed = 0;
        for task in tasks {
            if task.await.unwrap().is_err() {
                failed += 1;
            }
        }
        assert_eq!(failed, 8);
        assert_eq!(writer.write(count).await.unwrap(), 32);
        writer.close();
    }

    #[tokio::test]
    async fn a_write_that_panics_is_rolled_back_and_the_writer_goes_on() {
        let (_dir, writer) = writer();
        let panicked = writer
            .write(|c| -> ApiResult<()> {
                insert(7)(c)?;
                panic!("a bug in a write");
            })
            .await;
        assert!(panicked.is_err());
        writer.write(insert(8)).await.unwrap();
        let rows: Vec<i64> = writer
            .write(|c| {
                let mut statement = c.prepare("SELECT v FROM t ORDER BY v")?;
                let rows = statement.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<Result<_, _>>()?)
            })
            .await
            .unwrap();
        assert_eq!(rows, vec![8]);
        writer.close();
    }

    #[tokio::test]
    async fn after_close_writes_are_refused_and_nothing_is_lost_before() {
        let (dir, writer) = writer();
        writer.write(insert(1)).await.unwrap();
        writer.close();
        assert!(writer.write(insert(2)).await.is_err());
        let reopened = Connection::open(dir.path().join("w.db")).unwrap();
        assert_eq!(count(&reopened).unwrap(), 1);
    }
}
