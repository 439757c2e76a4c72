//! SIGKILL in the middle of a registration load, then a restart on the same database: every
//! sign-up that was answered 201 must still sign in, and the database must be intact.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sqlx::Connection as _;
use sqlx::Row as _;
use sqlx::sqlite::SqliteConnection;

use crate::authenticator::SoftKey;
use crate::flows::{sign_in, sign_up};
use crate::pg::{self, TempDatabase};
use crate::process::ServerProcess;

const WORKERS: usize = 8;
/// Kill once this many sign-ups have been answered 201 (or after `LOAD_TIMEOUT`).
const KILL_AFTER: usize = 60;
const LOAD_TIMEOUT: Duration = Duration::from_secs(60);

#[test]
fn sqlite_keeps_every_answered_sign_up_across_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("crash.db");
    let url = format!("sqlite://{}", file.display());
    let outcome = register_kill_restart(&url, dir.path());
    println!("sqlite crash test: {outcome}");

    // The restarted server is gone; look at the file itself.
    let (integrity, journal) = block_on(async {
        let mut conn = SqliteConnection::connect(&url).await.unwrap();
        let integrity: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        let journal: String = sqlx::query("PRAGMA journal_mode")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        (integrity, journal)
    });
    assert_eq!(integrity, "ok");
    assert_eq!(journal, "wal");
}

#[test]
fn postgres_keeps_every_answered_sign_up_across_sigkill() {
    let Some(admin) = pg::admin_url("postgres_keeps_every_answered_sign_up_across_sigkill") else {
        return;
    };
    let db = TempDatabase::create(&admin);
    let logs = tempfile::tempdir().unwrap();
    let outcome = register_kill_restart(&db.url, logs.path());
    println!("postgres crash test: {outcome}");
}

struct Outcome {
    answered_201: usize,
    interrupted: usize,
    users_after: i64,
    signed_in_after: usize,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} sign-ups answered 201 before SIGKILL, {} requests cut off by it, {} users in \
             the database after the restart, {} of the {} signed in",
            self.answered_201,
            self.interrupted,
            self.users_after,
            self.signed_in_after,
            self.answered_201
        )
    }
}

/// Runs `WORKERS` threads of back-to-back sign-ups, SIGKILLs the server while they run,
/// restarts it on the same database and signs in with every key that got a 201.
fn register_kill_restart(database: &str, logs: &std::path::Path) -> Outcome {
    let mut server = ServerProcess::start("before-kill", database, logs);
    let client = server.client();
    let registered: Mutex<Vec<(String, SoftKey)>> = Mutex::new(Vec::new());
    let interrupted = AtomicUsize::new(0);
    let unexpected: Mutex<Vec<String>> = Mutex::new(Vec::new());

    std::thread::scope(|s| {
        for worker in 0..WORKERS {
            let (client, registered, interrupted, unexpected) =
                (client.clone(), &registered, &interrupted, &unexpected);
            s.spawn(move || {
                // Each worker stops at its first failed connection: the kill.
                for n in 0.. {
                    let username = format!("w{worker}-n{n}");
                    match sign_up(&client, &username) {
                        Ok((key, reply)) if reply.status == 201 => {
                            registered.lock().unwrap().push((username, key));
                        }
                        Ok((_, reply)) => {
                            unexpected.lock().unwrap().push(reply.text);
                            return;
                        }
                        Err(_) => {
                            interrupted.fetch_add(1, Ordering::Relaxed);
                            return;
                        }
                    }
                }
            });
        }
        let deadline = Instant::now() + LOAD_TIMEOUT;
        while registered.lock().unwrap().len() < KILL_AFTER
            && unexpected.lock().unwrap().is_empty()
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        // Mid-load: the workers keep sending while the process dies.
        server.kill();
    });
    let unexpected = unexpected.into_inner().unwrap();
    assert!(
        unexpected.is_empty(),
        "sign-ups failed before the kill: {unexpected:?}\n{}",
        server.log()
    );
    let mut registered = registered.into_inner().unwrap();
    assert!(
        registered.len() >= KILL_AFTER,
        "only {} sign-ups before the kill",
        registered.len()
    );
    let interrupted = interrupted.into_inner();
    assert_eq!(
        interrupted, WORKERS,
        "every worker must have been cut off by the kill"
    );

    let after = ServerProcess::start("after-restart", database, logs);
    // Sign-ups committed whose answer the kill swallowed may be there too, never fewer.
    let users_after = count_users(database);
    assert!(
        users_after >= i64::try_from(registered.len()).unwrap(),
        "{users_after} users after the restart, {} sign-ups were answered 201",
        registered.len()
    );
    let client = after.client();
    let mut signed_in_after = 0;
    for (username, key) in &mut registered {
        let reply = sign_in(&client, username, key);
        assert_eq!(
            reply.status, 200,
            "{username} lost after the crash: {}",
            reply.text
        );
        signed_in_after += 1;
    }
    Outcome {
        answered_201: registered.len(),
        interrupted,
        users_after,
        signed_in_after,
    }
}

fn count_users(database: &str) -> i64 {
    block_on(async {
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(database).await.unwrap();
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get("n");
        conn.close().await.ok();
        n
    })
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}
