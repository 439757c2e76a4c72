//! `cargo xtask run`: the server with the web shell on http://localhost:8080, SQLite under ./data.

use crate::shell::{cmd, run as run_command};
use crate::web;

pub fn run() -> anyhow::Result<()> {
    web::build()?;
    let web_root = web::dist();
    run_command(
        cmd("cargo", &["run", "--locked", "--release", "-p", "server", "--", "--web-root"])
            .arg(&web_root),
    )
}
