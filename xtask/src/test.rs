//! `cargo xtask test`: every test the project has, on a fresh machine.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::shell::{cmd, root, run, target_dir};
use crate::{tools, web};

type Step = (&'static str, fn() -> anyhow::Result<()>);

const STEPS: &[Step] = &[
    ("crates keep to their jobs (cargo tree)", crate_boundaries),
    (
        "no file points at a document outside the repository",
        docs_inside,
    ),
    ("Rust test suites", rust_suites),
    ("generated types compile (tsc)", typescript),
    (
        "Android shell's Kotlin compiled and run on the JVM against the real library",
        kotlin,
    ),
    ("uniffi Python FFI test", python_ffi),
    ("core builds for wasm32 with wasm-bindgen", wasm),
    (
        "mobile shells handle every effect, event and error",
        mobile_shells,
    ),
    (
        "browser end to end: web shell + server + virtual authenticator",
        browser,
    ),
    ("fuzz targets, a short run each", fuzz),
];

/// Seconds each fuzz target runs here; `fuzz/run.sh 600` is the long run.
const FUZZ_SECONDS: &str = "15";

pub fn test() -> anyhow::Result<()> {
    let mut failed = Vec::new();
    for (name, step) in STEPS {
        eprintln!("\n=== {name}");
        if let Err(error) = step() {
            eprintln!("!!! {name}: {error:#}");
            failed.push(*name);
        }
    }
    let passed = STEPS.len() - failed.len();
    println!(
        "\nxtask test steps: {passed} passed, {} failed",
        failed.len()
    );
    if !failed.is_empty() {
        bail!("failed: {}", failed.join(", "));
    }
    Ok(())
}

/// The server builds no Crux crate, the library carries no FFI, and xtask builds no server.
fn crate_boundaries() -> anyhow::Result<()> {
    let rules: [(&str, &[&str]); 3] = [
        ("server", &["crux_core", "crux_http", "crux_passkey "]),
        ("crux_passkey", &["uniffi", "wasm-bindgen", "shared "]),
        ("xtask", &["server ", "openssl", "sqlx"]),
    ];
    for (package, forbidden) in rules {
        let tree = crate::shell::output(&mut cmd(
            "cargo",
            &["tree", "--locked", "-p", package, "-e", "normal", "--prefix", "none"],
        ))?;
        let tree = String::from_utf8_lossy(&tree);
        for line in tree.lines() {
            if let Some(name) = forbidden.iter().find(|name| line.starts_with(*name)) {
                bail!("{package} depends on {}: {line}", name.trim());
            }
        }
        eprintln!("{package}: none of {forbidden:?}");
    }
    Ok(())
}

/// The project's docs live in the repository: no tracked file points at the planning contract
/// kept outside it (its path, or its numbered sections).
fn docs_inside() -> anyhow::Result<()> {
    let files = crate::shell::output(&mut cmd("git", &["ls-files", "-z"]))?;
    let design = ["DES", "IGN"].concat();
    let outside = format!("../shared/{design}.md");
    let section = format!("{design} §");
    let mut found = Vec::new();
    for file in files.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let path = root().join(String::from_utf8_lossy(file).as_ref());
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // binary files
        };
        for (number, line) in text.lines().enumerate() {
            if line.contains(&outside) || line.contains(&section) {
                found.push(format!("{}:{}: {}", path.display(), number + 1, line.trim()));
            }
        }
    }
    if !found.is_empty() {
        bail!("files point outside the repository:\n{}", found.join("\n"));
    }
    Ok(())
}

fn rust_suites() -> anyhow::Result<()> {
    let mut tests = cmd("cargo", &["test", "--workspace", "--locked"]);
    // The server's PostgreSQL tests (two instances on one database, crash safety) need this.
    let postgres = tools::postgres();
    if let Some(url) = &postgres {
        tests.env("CRUX_TEST_POSTGRES_URL", url);
    }
    run(&mut tests)?;
    // The whole API suite once more, every test on a fresh PostgreSQL database.
    let Some(url) = postgres else {
        return Ok(());
    };
    eprintln!("\n--- the server's API suite again, on PostgreSQL");
    run(cmd(
        "cargo",
        &["test", "--locked", "-p", "server", "--test", "api"],
    )
    .env("CRUX_TEST_POSTGRES_URL", url)
    .env("CRUX_TEST_API_ON_POSTGRES", "1"))
}

/// Regenerates the shells' types (Swift, Kotlin, TypeScript) and the uniffi Swift and Kotlin
/// bindings; returns the folder they are in.
pub fn generate_all() -> anyhow::Result<PathBuf> {
    tools::pnpm()?;
    let out = root().join("shared_types").join("generated");
    let out_arg = out.to_string_lossy().into_owned();
    run(&mut cmd(
        "cargo",
        &["run", "--locked", "-p", "shared_types", "--", &out_arg],
    ))?;

    let library = build_library(&["uniffi-cli"])?;
    for language in ["swift", "kotlin"] {
        bindgen(&library, language, &out.join("uniffi").join(language))?;
    }
    Ok(out)
}

fn typescript() -> anyhow::Result<()> {
    let generated = generate_all()?.join("typescript");
    let tsc = generated.join("node_modules").join(".bin").join("tsc");
    let tsc = tsc.to_string_lossy();
    // crux's generator runs tsc but ignores its exit status, so compile again here.
    run(cmd(&tsc, &["--noEmit", "-p"]).arg(&generated))?;
    run(&mut cmd(
        &tsc,
        &[
            "--noEmit",
            "--strict",
            "--target",
            "es2020",
            "--module",
            "commonjs",
            "--moduleResolution",
            "node",
            "shared_types/tests/typescript/shell_usage.ts",
        ],
    ))
}

/// The generated Kotlin types, uniffi's Kotlin bindings and the Android shell's non-UI Kotlin,
/// compiled with kotlinc against sourced stubs of the Android APIs, then a JVM test that drives
/// the real library through JNA (`Android/jvm-check/run.sh`).
fn kotlin() -> anyhow::Result<()> {
    let generated = root().join("shared_types").join("generated");
    if !generated.join("uniffi").join("kotlin").exists() {
        generate_all()?;
    }
    let library = build_library(&["uniffi-cli"])?;
    run(cmd("bash", &["Android/jvm-check/run.sh"])
        .env("SHARED_LIBRARY", library)
        .env("SHARED_GENERATED", &generated)
        .env("CARGO_TARGET_DIR", target_dir()?))
}

fn python_ffi() -> anyhow::Result<()> {
    tools::python()?;
    let library = build_library(&["uniffi-cli", "ffi-panic-probe"])?;
    let bindings = target_dir()?.join("bindings").join("python");
    bindgen(&library, "python", &bindings)?;
    let file_name = library.file_name().context("library has no file name")?;
    std::fs::copy(&library, bindings.join(file_name)).context("copying the library")?;
    run(cmd("python3", &["shared/tests/python/test_ffi.py"]).env("SHARED_BINDINGS_DIR", &bindings))
}

fn browser() -> anyhow::Result<()> {
    tools::chromium()?;
    web::build()?;
    run(&mut cmd("cargo", &["build", "--locked", "-p", "server"]))?;
    run(&mut cmd(
        "npm",
        &["ci", "--no-audit", "--no-fund", "--prefix", "e2e"],
    ))?;
    let server = target_dir()?.join("debug").join("server");
    run(cmd(
        "node",
        &["--test", "--test-concurrency=1", "e2e/browser.test.mjs"],
    )
    .env("SERVER_BIN", server)
    .env("WEB_ROOT", web::dist()))
}

/// Every cargo-fuzz target for a short while, from the checked-in seeds. The script installs
/// cargo-fuzz (and the nightly toolchain) when missing, and fails on any crash, leak or hang.
fn fuzz() -> anyhow::Result<()> {
    let script = root().join("fuzz").join("run.sh");
    run(cmd("bash", &[]).arg(&script).arg(FUZZ_SECONDS))
}

fn mobile_shells() -> anyhow::Result<()> {
    tools::python()?;
    run(&mut cmd("python3", &["shells_check/test_shells.py"]))
}

fn wasm() -> anyhow::Result<()> {
    tools::rust_target("wasm32-unknown-unknown")?;
    run(&mut cmd(
        "cargo",
        &[
            "check",
            "--locked",
            "-p",
            "shared",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            "wasm_bindgen",
        ],
    ))
}

/// Builds the `shared` cdylib and its uniffi-bindgen with `features`; returns the library path.
fn build_library(features: &[&str]) -> anyhow::Result<PathBuf> {
    let features = features.join(",");
    run(&mut cmd(
        "cargo",
        &["build", "--locked", "-p", "shared", "--features", &features],
    ))?;
    let name = if cfg!(target_os = "macos") {
        "libshared.dylib"
    } else {
        "libshared.so"
    };
    let library = target_dir()?.join("debug").join(name);
    if !library.exists() {
        bail!("{} was not built", library.display());
    }
    Ok(library)
}

fn bindgen(library: &Path, language: &str, out: &Path) -> anyhow::Result<()> {
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("clearing {}", out.display()))?;
    }
    let bindgen = target_dir()?.join("debug").join("uniffi-bindgen");
    run(cmd(&bindgen.to_string_lossy(), &["generate", "--library"])
        .arg(library)
        .args(["--language", language, "--out-dir"])
        .arg(out))
}
