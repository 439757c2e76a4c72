//! Builds the web shell into `web-leptos/dist`: cargo for wasm32 with the size profile,
//! wasm-bindgen pinned to Cargo.lock, and wasm-opt from npm's binaryen (Debian's 108 produces a
//! module that validates but throws at load).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::shell::{cmd, has, root, run, target_dir};
use crate::tools;

const BINARYEN: &str = "binaryen@132";

pub fn dist() -> PathBuf {
    root().join("web-leptos").join("dist")
}

pub fn build() -> anyhow::Result<()> {
    tools::rust_target("wasm32-unknown-unknown")?;
    wasm_bindgen_cli()?;
    run(&mut cmd(
        "cargo",
        &[
            "build",
            "--locked",
            "-p",
            "web-leptos",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ],
    ))?;
    let wasm = target_dir()?
        .join("wasm32-unknown-unknown")
        .join("wasm-release")
        .join("web-leptos.wasm");
    let dist = dist();
    if dist.exists() {
        fs::remove_dir_all(&dist).context("clearing web-leptos/dist")?;
    }
    run(cmd(
        "wasm-bindgen",
        &["--target", "web", "--no-typescript", "--out-dir"],
    )
    .arg(&dist)
    .arg(&wasm))?;
    optimise(&dist.join("web-leptos_bg.wasm"))?;
    for entry in fs::read_dir(root().join("web-leptos").join("public")).context("public/")? {
        let entry = entry?;
        fs::copy(entry.path(), dist.join(entry.file_name()))
            .with_context(|| format!("copying {}", entry.path().display()))?;
    }
    report_size(&dist.join("web-leptos_bg.wasm"))
}

/// The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
fn wasm_bindgen_cli() -> anyhow::Result<()> {
    let wanted = locked_version("wasm-bindgen")?;
    let installed = std::process::Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .unwrap_or_default();
    if installed.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    // Not --locked: the CLI's own lockfile pins a crate that is not available here.
    run(&mut cmd(
        "cargo",
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &wanted,
            "--force",
        ],
    ))
}

fn locked_version(package: &str) -> anyhow::Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .map(|at| at + needle.len())
        .with_context(|| format!("{package} is not in Cargo.lock"))?;
    let rest = lock.get(start..).unwrap_or_default();
    let end = rest.find('"').context("unterminated version")?;
    Ok(rest.get(..end).unwrap_or_default().to_owned())
}

fn optimise(wasm: &Path) -> anyhow::Result<()> {
    tools::node()?;
    let tools_dir = target_dir()?.join("tools");
    let wasm_opt = tools_dir.join("node_modules").join(".bin").join("wasm-opt");
    if !wasm_opt.exists() {
        fs::create_dir_all(&tools_dir)?;
        run(cmd(
            "npm",
            &[
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ],
        )
        .arg(&tools_dir)
        .arg(BINARYEN))?;
    }
    if !wasm_opt.exists() || !has(&wasm_opt.to_string_lossy()) {
        bail!("npm's {BINARYEN} did not install wasm-opt");
    }
    run(cmd(
        &wasm_opt.to_string_lossy(),
        &[
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "-o",
        ],
    )
    .arg(wasm)
    .arg(wasm))
}

fn report_size(wasm: &Path) -> anyhow::Result<()> {
    let raw = fs::metadata(wasm).context("reading the wasm size")?.len();
    let gzipped = crate::shell::output(cmd("gzip", &["-9", "-c"]).arg(wasm))?.len();
    println!(
        "web shell: {} ({} KB raw, {} KB gzipped)",
        wasm.display(),
        raw / 1024,
        gzipped / 1024
    );
    Ok(())
}
