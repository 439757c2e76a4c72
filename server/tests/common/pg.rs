//! A throw-away PostgreSQL database per test, created through the admin URL in
//! `CRUX_TEST_POSTGRES_URL` and dropped when the guard goes, so runs never collide.

use std::io::Write as _;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::Connection as _;
use sqlx::postgres::PgConnection;

pub const ENV: &str = "CRUX_TEST_POSTGRES_URL";

/// The admin URL, or `None` after saying plainly that the test is skipped.
pub fn admin_url(test: &str) -> Option<String> {
    match std::env::var(ENV) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            // Straight to stderr, not `eprintln!`: libtest captures the macros, and a skip
            // must be seen in a normal run, not only with `--nocapture`.
            let _ = writeln!(std::io::stderr(), "SKIPPED: {ENV} is not set ({test})");
            None
        }
    }
}

pub struct TempDatabase {
    admin: String,
    name: String,
    pub url: String,
}

impl TempDatabase {
    /// Creates `crux_test_<pid>_<time>_<n>`; works inside and outside a tokio runtime.
    pub fn create(admin: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let name = format!(
            "crux_test_{}_{nanos}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut url = url::Url::parse(admin).expect("CRUX_TEST_POSTGRES_URL is not a URL");
        url.set_path(&format!("/{name}"));
        admin_sql(admin, &format!("CREATE DATABASE \"{name}\"")).unwrap();
        Self {
            admin: admin.to_owned(),
            name,
            url: url.to_string(),
        }
    }
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        // FORCE ends the connections that pools of killed or dropped servers left behind.
        // Never panic here: a panic while a failed test unwinds would abort the run.
        if let Err(err) = admin_sql(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name),
        ) {
            eprintln!("could not drop test database {}: {err}", self.name);
        }
    }
}

/// Runs one statement on the admin connection, on a thread of its own so that it works from
/// plain tests, from async tests and from `Drop` alike.
fn admin_sql(admin: &str, sql: &str) -> Result<(), String> {
    let (admin, sql) = (admin.to_owned(), sql.to_owned());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(async {
            let mut conn = PgConnection::connect(&admin)
                .await
                .map_err(|e| format!("connecting to {ENV}: {e}"))?;
            sqlx::query(&sql)
                .execute(&mut conn)
                .await
                .map_err(|e| format!("{sql}: {e}"))?;
            conn.close().await.ok();
            Ok(())
        })
    })
    .join()
    .map_err(|_| "the admin thread panicked".to_owned())?
}
