//! Builds the web shell into `web-leptos/dist`: cargo for wasm32 with the size profile,
//! wasm-bindgen pinned to Cargo.lock, and wasm-opt from npm's binaryen (Debian's 108 produces a
//! module that validates but throws at load).
//!
//! What a browser downloads is kept small (the budget is 200 KB gzipped for every shipped `.wasm`
//! and `.js`), beyond what the compiler and `wasm-opt -Oz` do:
//! - The functions are laid out so that similar ones sit next to each other, which gzip (and
//!   brotli) compress far better than the order the linker leaves: about 9 KB gzipped.
//! - The glue's exported classes, which the page never uses (wasm-streams' stream adapters,
//!   pulled in by Leptos' server functions), are dropped along with the wasm exports only they
//!   called, and the wasm's imports get short names in the module and in the glue.
//! - The JavaScript is minified with terser.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::shell::{cmd, has, root, run, target_dir};
use crate::tools;

#[cfg(test)]
mod fixture;
mod glue;
mod layout;
mod wasm_module;

const BINARYEN: &str = "binaryen@132";
const TERSER: &str = "terser@5.51.4";

/// wasm-opt's passes. Beyond `-Oz`: `--flatten --rereloop` then `-Oz` again re-derives the
/// control flow (about 1.5 KB gzipped). `--ignore-implicit-traps` lets the optimiser assume that
/// loads, stores and divisions do not trap, which safe Rust guarantees (it checks bounds and
/// divisors itself; panics are explicit `unreachable`s, which this does not touch).
/// `--low-memory-unused` assumes the first 1 KB of memory is unused: Rust puts its 1 MiB stack
/// first, growing down to address 0, so only a stack within 1 KB of overflowing reaches it.
const PASSES: &[&str] = &[
    "-Oz",
    "--ignore-implicit-traps",
    "--low-memory-unused",
    "--flatten",
    "--rereloop",
    "-Oz",
    "-Oz",
];

/// Post-MVP features that Rust's wasm32 target enables and every browser the shell supports has.
const FEATURES: &[&str] = &["--enable-bulk-memory", "--enable-nontrapping-float-to-int"];

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
    for entry in fs::read_dir(root().join("web-leptos").join("public")).context("public/")? {
        let entry = entry?;
        fs::copy(entry.path(), dist.join(entry.file_name()))
            .with_context(|| format!("copying {}", entry.path().display()))?;
    }
    let tools = Tools::install()?;
    let wasm = dist.join("web-leptos_bg.wasm");
    let glue = dist.join("web-leptos.js");
    drop_unused_exports(&wasm, &glue)?;
    optimise(&tools, &wasm)?;
    short_import_names(&wasm, &glue)?;
    minify_scripts(&tools, &dist)?;
    report_size(&wasm, &dist)
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

/// npm's wasm-opt and terser, in `target/tools`.
struct Tools {
    wasm_opt: PathBuf,
    terser: PathBuf,
    /// Where intermediate files go.
    scratch: PathBuf,
}

impl Tools {
    fn install() -> anyhow::Result<Self> {
        tools::node()?;
        let tools_dir = target_dir()?.join("tools");
        let bin = tools_dir.join("node_modules").join(".bin");
        let tools = Self {
            wasm_opt: bin.join("wasm-opt"),
            terser: bin.join("terser"),
            scratch: target_dir()?.join("web-leptos-build"),
        };
        if !tools.wasm_opt.exists() || !tools.terser.exists() {
            fs::create_dir_all(&tools_dir)?;
            // Both at once: an `npm install --no-save` removes what it did not install itself.
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
            .args([BINARYEN, TERSER]))?;
        }
        if !tools.wasm_opt.exists() || !has(&tools.wasm_opt.to_string_lossy()) {
            bail!("npm's {BINARYEN} did not install wasm-opt");
        }
        if !tools.terser.exists() {
            bail!("npm's {TERSER} did not install terser");
        }
        fs::create_dir_all(&tools.scratch)?;
        Ok(tools)
    }

    fn wasm_opt(&self, extra: &[&str], input: &Path, output: &Path) -> anyhow::Result<()> {
        run(cmd(&self.wasm_opt.to_string_lossy(), PASSES)
            .args(FEATURES)
            .args(extra)
            .arg(input)
            .arg("-o")
            .arg(output))
    }
}

/// Optimises in two rounds: the first (keeping the names) shows which functions the optimised
/// module has and what their code looks like; those are then named in the order that puts
/// similar code together, and the second round optimises again and sorts the functions by name.
fn optimise(tools: &Tools, wasm: &Path) -> anyhow::Result<()> {
    let probe = tools.scratch.join("probe.wasm");
    tools.wasm_opt(&["--debuginfo"], wasm, &probe)?;
    let optimised = fs::read(&probe).context("reading the probe module")?;
    let input = fs::read(wasm).context("reading the wasm")?;
    let ordered = layout::order(&optimised).and_then(|rank| layout::rename(&input, &rank));
    let ordered = match ordered {
        Ok(ordered) => ordered,
        Err(error) => {
            eprintln!("functions left in the linker's order: {error:#}");
            input
        }
    };
    let named = tools.scratch.join("ordered.wasm");
    fs::write(&named, ordered)?;
    tools.wasm_opt(
        &["--reorder-functions-by-name", "--strip-producers"],
        &named,
        wasm,
    )
}

/// Drops the glue's exported classes (the page imports only `init` from it: `boot.js`), then
/// every wasm function export that the glue no longer names, so wasm-opt can remove their code.
fn drop_unused_exports(wasm: &Path, glue: &Path) -> anyhow::Result<()> {
    let script = fs::read_to_string(glue).context("reading the glue")?;
    let script = glue::without_exported_classes(&script);
    fs::write(glue, &script)?;
    let module = fs::read(wasm).context("reading the wasm")?;
    match wasm_module::retain_function_exports(&module, |name| glue::names(&script, name)) {
        Ok(module) => fs::write(wasm, module)?,
        Err(error) => eprintln!("wasm exports left as they are: {error:#}"),
    }
    Ok(())
}

/// wasm-bindgen names each import after its Rust path plus a hash (`__wbg_append_ba9a4dc3…`),
/// and every import repeats its module's path: short names in both the module and the glue. The
/// shipped module also loses its custom sections, which browsers do not read.
fn short_import_names(wasm: &Path, glue: &Path) -> anyhow::Result<()> {
    let module = fs::read(wasm).context("reading the wasm")?;
    let script = fs::read_to_string(glue).context("reading the glue")?;
    let own_module = format!(
        "./{}",
        glue.with_extension("")
            .file_name()
            .map(|name| format!("{}_bg.js", name.to_string_lossy()))
            .unwrap_or_default()
    );
    match glue::short_import_names(&module, &script, &own_module) {
        Ok((module, script)) => {
            fs::write(wasm, module)?;
            fs::write(glue, script)?;
        }
        Err(error) => {
            eprintln!("import names left as they are: {error:#}");
            fs::write(wasm, wasm_module::without_custom_sections(&module)?)?;
        }
    }
    Ok(())
}

/// terser on every script in `dist` (the glue, its snippets, `boot.js`), as ES modules.
fn minify_scripts(tools: &Tools, dir: &Path) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            minify_scripts(tools, &path)?;
        } else if path.extension().is_some_and(|e| e == "js") {
            let minified = tools.scratch.join("minified.js");
            // The input first: `--mangle` would take the next argument as its options.
            run(cmd(&tools.terser.to_string_lossy(), &[])
                .arg(&path)
                .args(["--module", "--compress", "--mangle", "-o"])
                .arg(&minified))?;
            fs::copy(&minified, &path).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(())
}

/// Prints the wasm's size, and that of everything shipped (every `.wasm` and `.js`, each gzipped
/// alone, as a server sends them).
fn report_size(wasm: &Path, dist: &Path) -> anyhow::Result<()> {
    let raw = fs::metadata(wasm).context("reading the wasm size")?.len();
    println!(
        "web shell: {} ({} KB raw, {} KB gzipped)",
        wasm.display(),
        raw / 1024,
        gzipped_len(wasm)? / 1024
    );
    let files = shipped_sizes(dist)?;
    let all_raw: u64 = files.iter().map(|f| f.raw).sum();
    let all_gzipped: u64 = files.iter().map(|f| f.gzipped).sum();
    println!(
        "web shell, all shipped .wasm and .js: {} files ({:.1} KB raw, {:.1} KB gzipped)",
        files.len(),
        kb(all_raw),
        kb(all_gzipped)
    );
    Ok(())
}

#[allow(clippy::cast_precision_loss)]
fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

/// A file a browser downloads, and its size raw and gzipped alone (as a server sends it).
pub struct Shipped {
    pub path: PathBuf,
    pub raw: u64,
    pub gzipped: u64,
}

/// Every `.wasm` and `.js` under `dist`, in path order: the figure the size budget is held to.
pub fn shipped_sizes(dist: &Path) -> anyhow::Result<Vec<Shipped>> {
    let mut files = Vec::new();
    shipped_code(dist, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|path| {
            Ok(Shipped {
                raw: fs::metadata(&path)?.len(),
                gzipped: gzipped_len(&path)?,
                path,
            })
        })
        .collect()
}

fn gzipped_len(path: &Path) -> anyhow::Result<u64> {
    Ok(crate::shell::output(cmd("gzip", &["-9", "-c"]).arg(path))?.len() as u64)
}

fn shipped_code(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            shipped_code(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "wasm" || e == "js") {
            files.push(path);
        }
    }
    Ok(())
}
