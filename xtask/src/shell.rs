//! Running commands from the repository root, loudly.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use anyhow::{Context as _, bail};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Where cargo puts what it builds, as cargo itself says: `CARGO_TARGET_DIR`, `build.target-dir`
/// in a config file, or `./target`.
pub fn target_dir() -> anyhow::Result<PathBuf> {
    static TARGET_DIR: OnceLock<PathBuf> = OnceLock::new();
    if let Some(dir) = TARGET_DIR.get() {
        return Ok(dir.clone());
    }
    let metadata = output(&mut cmd(
        "cargo",
        &["metadata", "--format-version", "1", "--no-deps", "--locked"],
    ))?;
    let metadata: serde_json::Value =
        serde_json::from_slice(&metadata).context("reading cargo metadata")?;
    let dir = metadata
        .get("target_directory")
        .and_then(serde_json::Value::as_str)
        .map(PathBuf::from)
        .context("cargo metadata has no target_directory")?;
    Ok(TARGET_DIR.get_or_init(|| dir).clone())
}

pub fn cmd(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args).current_dir(root());
    command
}

/// Runs the command, echoing it first; fails unless it exits 0.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    eprintln!("$ {}", describe(command));
    let status = command
        .status()
        .with_context(|| format!("could not start {}", describe(command)))?;
    if !status.success() {
        bail!("{} failed with {status}", describe(command));
    }
    Ok(())
}

/// True when `program --version` runs.
pub fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs the command and returns what it printed; fails unless it exits 0.
pub fn output(command: &mut Command) -> anyhow::Result<Vec<u8>> {
    let out = command
        .output()
        .with_context(|| format!("could not start {}", describe(command)))?;
    if !out.status.success() {
        bail!(
            "{} failed: {}",
            describe(command),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(out.stdout)
}
