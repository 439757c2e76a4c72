//! Installs what the commands need on a fresh machine, and nothing that is already there.

use crate::shell::{cmd, has, output, run};

/// Debian packages, installed with apt-get when their command is missing.
pub fn apt(command: &str, package: &str) -> anyhow::Result<()> {
    if has(command) {
        return Ok(());
    }
    run(&mut cmd("apt-get", &["update", "-qq"]))?;
    run(&mut cmd("apt-get", &["install", "-y", "-qq", package]))
}

pub fn node() -> anyhow::Result<()> {
    apt("node", "nodejs")?;
    apt("npm", "npm")
}

/// crux's TypeScript typegen shells out to pnpm.
pub fn pnpm() -> anyhow::Result<()> {
    node()?;
    if has("pnpm") {
        return Ok(());
    }
    run(&mut cmd("npm", &["install", "--global", "pnpm@9"]))
}

pub fn python() -> anyhow::Result<()> {
    apt("python3", "python3")
}

pub fn rust_target(target: &str) -> anyhow::Result<()> {
    run(&mut cmd("rustup", &["target", "add", target]))
}

/// Debian's Chromium for the browser test (a test tool's own browser download is not possible).
pub fn chromium() -> anyhow::Result<()> {
    node()?;
    apt("chromium", "chromium")
}

/// A PostgreSQL server URL the server's PostgreSQL tests may create databases with: the one in
/// `CRUX_TEST_POSTGRES_URL`, the local cluster, or one installed and started here. `None` (said
/// out loud) only when none can be had.
pub fn postgres() -> Option<String> {
    if let Ok(url) = std::env::var("CRUX_TEST_POSTGRES_URL") {
        return Some(url);
    }
    match local_postgres() {
        Ok(url) => Some(url),
        Err(error) => {
            eprintln!("SKIPPING the PostgreSQL tests: no PostgreSQL could be had here ({error:#})");
            None
        }
    }
}

fn local_postgres() -> anyhow::Result<String> {
    const TRUSTED: &str = "postgres://postgres@127.0.0.1:5432/postgres";
    // Debian's own cluster asks for a password over TCP, so a cluster this command installs
    // gets one.
    const WITH_PASSWORD: &str = "postgres://postgres:postgres@127.0.0.1:5432/postgres";
    apt("psql", "postgresql")?;
    if !accepts(TRUSTED) && !accepts(WITH_PASSWORD) {
        start_cluster()?;
    }
    if accepts(TRUSTED) {
        return Ok(TRUSTED.to_owned());
    }
    if !accepts(WITH_PASSWORD) {
        run(&mut cmd(
            "su",
            &[
                "postgres",
                "-c",
                "psql -c \"ALTER USER postgres PASSWORD 'postgres'\"",
            ],
        ))?;
    }
    if accepts(WITH_PASSWORD) {
        return Ok(WITH_PASSWORD.to_owned());
    }
    anyhow::bail!("PostgreSQL is running but refuses postgres@127.0.0.1")
}

fn accepts(url: &str) -> bool {
    output(&mut cmd("psql", &[url, "-tAc", "select 1"])).is_ok()
}

fn start_cluster() -> anyhow::Result<()> {
    let versions = output(&mut cmd("ls", &["/etc/postgresql"]))?;
    let version = String::from_utf8_lossy(&versions)
        .split_whitespace()
        .last()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no PostgreSQL cluster under /etc/postgresql"))?;
    run(&mut cmd(
        "pg_ctlcluster",
        &["--skip-systemctl-redirect", &version, "main", "start"],
    ))
}
