//! Installs what the commands need on a fresh machine, and nothing that is already there.

use crate::shell::{cmd, has, run};

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
