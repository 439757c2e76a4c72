//! `cargo xtask bench`: speed figures, printed with what they were measured against.

use crate::shell::{cmd, run};

pub fn bench() -> anyhow::Result<()> {
    run(&mut cmd(
        "cargo",
        &["bench", "--locked", "-p", "shared", "--bench", "core_flow"],
    ))
}
