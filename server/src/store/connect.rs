//! Opening the database named by `--database` and bringing its schema up to date.
//!
//! The URL scheme picks the backend: `sqlite:` for one instance, `postgres://` (or
//! `postgresql://`) for many instances sharing one database. Each backend has its own
//! migrations, because their DDL differs while the statements the store runs do not.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

/// Which database is behind the `Any` pool; the few statements that must differ (row locks)
/// ask this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            bail!(
                "unsupported database URL {:?}: expected sqlite://path, sqlite::memory: \
                 or postgres://user@host/database",
                redact(url)
            )
        }
    }
}

/// The pools a `Store` works through; see its fields.
pub struct Pools {
    pub pool: AnyPool,
    pub backend: Backend,
    /// A SQLite file's path, for `sqlite::Engine`; `None` for PostgreSQL and in-memory SQLite.
    pub sqlite_file: Option<PathBuf>,
}

pub async fn open_pools(url: &str) -> anyhow::Result<Pools> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of(url)?;
    Ok(match backend {
        Backend::Sqlite => open_sqlite(url).await?,
        Backend::Postgres => Pools {
            pool: open_postgres(url).await?,
            backend,
            sqlite_file: None,
        },
    })
}

/// SQLite files are created (with their directory) on first start; `sqlite::memory:` keeps
/// a single connection so every query sees the same in-memory database.
async fn open_sqlite(url: &str) -> anyhow::Result<Pools> {
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    if in_memory {
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect(url)
            .await
            .with_context(|| format!("opening database {url}"))?;
        migrate_sqlite(&pool).await?;
        return Ok(Pools {
            pool,
            backend: Backend::Sqlite,
            sqlite_file: None,
        });
    }
    let (url, path) = prepare_sqlite_file(url)?;
    // WAL: readers never block the writer and a crash can only lose a transaction that had
    // not committed. synchronous=FULL also fsyncs the WAL at every commit, so a 201 survives
    // power loss, not just a killed process. The requests themselves go through
    // `sqlite::Engine`; this pool applies the migrations and serves `/readyz`.
    let pool = sqlite_file_pool(&url, 2, "FULL").await?;
    migrate_sqlite(&pool).await?;
    Ok(Pools {
        pool,
        backend: Backend::Sqlite,
        sqlite_file: Some(path),
    })
}

async fn sqlite_file_pool(
    url: &str,
    connections: u32,
    synchronous: &'static str,
) -> anyhow::Result<AnyPool> {
    AnyPoolOptions::new()
        .max_connections(connections)
        // A ping before every query cost a round trip to SQLite's worker thread per
        // statement; a local file does not drop connections the way a network peer does.
        .test_before_acquire(false)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                // Both on every connection: `synchronous` is per connection, and setting
                // WAL again is a no-op.
                sqlx::query("PRAGMA journal_mode = WAL")
                    .execute(&mut *conn)
                    .await?;
                sqlx::query(&format!("PRAGMA synchronous = {synchronous}"))
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            })
        })
        .connect(url)
        .await
        .with_context(|| format!("opening database {url}"))
}

/// The migrations compiled into this binary, once per backend: applying them and `ready`
/// read the same list.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

async fn migrate_sqlite(pool: &AnyPool) -> anyhow::Result<()> {
    SQLITE_MIGRATIONS
        .run(pool)
        .await
        .context("applying database migrations")
}

/// Several instances may start at once: sqlx's migrator takes a PostgreSQL advisory lock,
/// so exactly one applies the migrations and the others wait and find them applied.
async fn open_postgres(url: &str) -> anyhow::Result<AnyPool> {
    let pool = AnyPoolOptions::new()
        .max_connections(16)
        .connect(url)
        .await
        .with_context(|| format!("opening database {}", redact(url)))?;
    POSTGRES_MIGRATIONS
        .run(&pool)
        .await
        .context("applying database migrations")?;
    Ok(pool)
}

/// The URL without its password, for messages and logs.
#[must_use]
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Setting a password only fails for URLs that cannot have one, and this one has.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

/// Creates the file's directory and asks SQLite to create the file when missing; answers
/// the URL for sqlx and the file's path.
fn prepare_sqlite_file(url: &str) -> anyhow::Result<(String, PathBuf)> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = rest.split('?').next().unwrap_or(rest);
    if let Some(dir) = Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating database directory {}", dir.display()))?;
    }
    let url = if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    };
    Ok((url, PathBuf::from(path)))
}

impl super::Store {
    /// Ready to serve: the database answers and has every migration this binary knows.
    pub async fn ready(&self) -> Result<(), String> {
        let known = match self.backend() {
            Backend::Sqlite => SQLITE_MIGRATIONS.migrations.len(),
            Backend::Postgres => POSTGRES_MIGRATIONS.migrations.len(),
        };
        let applied: i64 = sqlx::query("SELECT COUNT(*) AS n FROM _sqlx_migrations")
            .fetch_one(self.pool())
            .await
            .and_then(|row| sqlx::Row::try_get(&row, "n"))
            .map_err(|err| format!("the database does not answer: {err}"))?;
        if usize::try_from(applied).unwrap_or(0) < known {
            return Err(format!("{applied} of {known} migrations applied"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Backend, redact};

    #[test]
    fn the_scheme_picks_the_backend() {
        for (url, backend) in [
            ("sqlite://data/x.db", Some(Backend::Sqlite)),
            ("sqlite::memory:", Some(Backend::Sqlite)),
            ("postgres://u@h/db", Some(Backend::Postgres)),
            ("postgresql://u@h/db", Some(Backend::Postgres)),
            ("mysql://u@h/db", None),
            ("data/x.db", None),
        ] {
            assert_eq!(Backend::of(url).ok(), backend, "{url}");
        }
    }

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact("postgres://crux:hunter2@db.internal:5432/crux"),
            "postgres://crux:***@db.internal:5432/crux"
        );
        assert_eq!(redact("postgres://crux@db/crux"), "postgres://crux@db/crux");
        let refused = Backend::of("mysql://crux:hunter2@db/crux")
            .err()
            .map(|e| e.to_string());
        assert!(refused.is_some_and(|message| !message.contains("hunter2")));
    }
}
