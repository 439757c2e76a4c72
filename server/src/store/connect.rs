//! Opening the database named by `--database` and bringing its schema up to date.

use std::path::Path;

use anyhow::{Context, bail};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

/// SQLite files are created (with their directory) on first start; `sqlite::memory:` keeps
/// a single connection so every query sees the same in-memory database.
pub async fn open_pool(url: &str) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    if !is_sqlite(url) {
        bail!(
            "unsupported database URL {url:?}: this build supports sqlite:// only \
             (PostgreSQL support needs its migrations and the sqlx `postgres` feature)"
        );
    }
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let url = if in_memory {
        url.to_owned()
    } else {
        prepare_sqlite_file(url)?
    };
    let options = if in_memory {
        AnyPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
    } else {
        AnyPoolOptions::new().max_connections(8)
    };
    let pool = options
        .connect(&url)
        .await
        .with_context(|| format!("opening database {url}"))?;
    sqlx::migrate!("./migrations/sqlite")
        .run(&pool)
        .await
        .context("applying database migrations")?;
    Ok(pool)
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Creates the file's directory and asks SQLite to create the file when missing.
fn prepare_sqlite_file(url: &str) -> anyhow::Result<String> {
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
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}
