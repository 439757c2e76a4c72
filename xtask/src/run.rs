//! `cargo xtask run`: the server with the web shell on http://localhost:8080, SQLite under ./data.

use crate::shell::{cmd, run as run_command};
use crate::web;

pub fn run() -> anyhow::Result<()> {
    web::build()?;
    let web_root = web::dist();
    run_command(
        // The dev profile starts in a third of the time of a release build; pass --release
        // yourself (cargo run --release -p server) for production.
        cmd(
            "cargo",
            &["run", "--locked", "-p", "server", "--", "--web-root"],
        )
        .arg(&web_root),
    )
}
