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
    match wasm::retain_function_exports(&module, |name| glue::names(&script, name)) {
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
            fs::write(wasm, wasm::without_custom_sections(&module)?)?;
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
    let gzipped = |path: &Path| -> anyhow::Result<u64> {
        Ok(crate::shell::output(cmd("gzip", &["-9", "-c"]).arg(path))?.len() as u64)
    };
    let raw = fs::metadata(wasm).context("reading the wasm size")?.len();
    println!(
        "web shell: {} ({} KB raw, {} KB gzipped)",
        wasm.display(),
        raw / 1024,
        gzipped(wasm)? / 1024
    );
    let mut files = Vec::new();
    shipped_code(dist, &mut files)?;
    let (mut all_raw, mut all_gzipped) = (0, 0);
    for file in &files {
        all_raw += fs::metadata(file)?.len();
        all_gzipped += gzipped(file)?;
    }
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

/// The wasm binary format, as far as the steps above need it.
mod wasm {
    use anyhow::{Context as _, bail};

    pub const IMPORT: u8 = 2;
    pub const EXPORT: u8 = 7;
    pub const CODE: u8 = 10;
    pub const CUSTOM: u8 = 0;
    const FUNCTION: u8 = 0;

    pub struct Reader<'a> {
        bytes: &'a [u8],
        at: usize,
    }

    impl<'a> Reader<'a> {
        pub const fn new(bytes: &'a [u8]) -> Self {
            Self { bytes, at: 0 }
        }

        pub const fn done(&self) -> bool {
            self.at >= self.bytes.len()
        }

        pub fn byte(&mut self) -> anyhow::Result<u8> {
            let byte = *self.bytes.get(self.at).context("the module ends early")?;
            self.at += 1;
            Ok(byte)
        }

        pub fn take(&mut self, len: usize) -> anyhow::Result<&'a [u8]> {
            let end = self.at.checked_add(len).context("a length overflows")?;
            let taken = self
                .bytes
                .get(self.at..end)
                .context("the module ends early")?;
            self.at = end;
            Ok(taken)
        }

        /// An unsigned LEB128 number (up to 64 bits).
        pub fn leb(&mut self) -> anyhow::Result<u64> {
            let mut value = 0u64;
            for shift in (0..64).step_by(7) {
                let byte = self.byte()?;
                value |= u64::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    return Ok(value);
                }
            }
            bail!("a number is too long")
        }

        pub fn len(&mut self) -> anyhow::Result<usize> {
            usize::try_from(self.leb()?).context("a length does not fit")
        }

        pub fn name(&mut self) -> anyhow::Result<&'a str> {
            let len = self.len()?;
            std::str::from_utf8(self.take(len)?).context("a name is not UTF-8")
        }

        /// Skips a value type (one byte, or a reference type with its heap type).
        fn skip_value_type(&mut self) -> anyhow::Result<()> {
            if matches!(self.byte()?, 0x63 | 0x64) {
                self.leb()?;
            }
            Ok(())
        }

        fn skip_limits(&mut self) -> anyhow::Result<()> {
            let flags = self.byte()?;
            self.leb()?;
            if flags & 1 == 1 {
                self.leb()?;
            }
            Ok(())
        }

        /// Skips an import's description after its kind byte.
        pub fn skip_import(&mut self, kind: u8) -> anyhow::Result<()> {
            match kind {
                FUNCTION => {
                    self.leb()?;
                }
                1 => {
                    self.skip_value_type()?;
                    self.skip_limits()?;
                }
                2 => self.skip_limits()?,
                3 => {
                    self.skip_value_type()?;
                    self.byte()?;
                }
                4 => {
                    self.byte()?;
                    self.leb()?;
                }
                other => bail!("unknown import kind {other}"),
            }
            Ok(())
        }

        pub fn rest(&self) -> &'a [u8] {
            self.bytes.get(self.at..).unwrap_or_default()
        }
    }

    pub fn write_leb(out: &mut Vec<u8>, mut value: u64) {
        loop {
            let byte = u8::try_from(value & 0x7f).unwrap_or_default();
            value >>= 7;
            if value == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }

    pub fn write_name(out: &mut Vec<u8>, name: &str) {
        write_leb(out, name.len() as u64);
        out.extend_from_slice(name.as_bytes());
    }

    /// The module's sections, in order, as (id, contents).
    pub fn sections(module: &[u8]) -> anyhow::Result<Vec<(u8, &[u8])>> {
        let mut reader = Reader::new(module);
        if reader.take(8)? != b"\0asm\x01\0\0\0" {
            bail!("not a wasm module");
        }
        let mut sections = Vec::new();
        while !reader.done() {
            let id = reader.byte()?;
            let len = reader.len()?;
            sections.push((id, reader.take(len)?));
        }
        Ok(sections)
    }

    pub fn assemble(sections: &[(u8, Vec<u8>)]) -> Vec<u8> {
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        for (id, contents) in sections {
            module.push(*id);
            write_leb(&mut module, contents.len() as u64);
            module.extend_from_slice(contents);
        }
        module
    }

    pub fn custom_name(contents: &[u8]) -> Option<&str> {
        Reader::new(contents).name().ok()
    }

    /// How many functions the module imports (they come first in the function index space).
    pub fn imported_functions(module: &[u8]) -> anyhow::Result<usize> {
        let mut count = 0;
        for (id, contents) in sections(module)? {
            if id != IMPORT {
                continue;
            }
            let mut reader = Reader::new(contents);
            for _ in 0..reader.leb()? {
                reader.name()?;
                reader.name()?;
                let kind = reader.byte()?;
                reader.skip_import(kind)?;
                if kind == FUNCTION {
                    count += 1;
                }
            }
        }
        Ok(count)
    }

    /// The function bodies, in index order after the imported functions.
    pub fn function_bodies(module: &[u8]) -> anyhow::Result<Vec<&[u8]>> {
        let mut bodies = Vec::new();
        for (id, contents) in sections(module)? {
            if id == CODE {
                let mut reader = Reader::new(contents);
                for _ in 0..reader.leb()? {
                    let len = reader.len()?;
                    bodies.push(reader.take(len)?);
                }
            }
        }
        Ok(bodies)
    }

    /// The function names of the `name` section, by function index.
    pub fn function_names(module: &[u8]) -> anyhow::Result<Vec<(u64, &str)>> {
        for (id, contents) in sections(module)? {
            if id != CUSTOM || custom_name(contents) != Some("name") {
                continue;
            }
            let mut reader = Reader::new(contents);
            reader.name()?;
            while !reader.done() {
                let subsection = reader.byte()?;
                let len = reader.len()?;
                let body = reader.take(len)?;
                if subsection == 1 {
                    let mut names = Reader::new(body);
                    let mut out = Vec::new();
                    for _ in 0..names.leb()? {
                        let index = names.leb()?;
                        out.push((index, names.name()?));
                    }
                    return Ok(out);
                }
            }
        }
        Ok(Vec::new())
    }

    /// The module with the function names of its `name` section replaced.
    pub fn with_function_names(
        module: &[u8],
        rename: impl Fn(u64, &str) -> String,
    ) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        for (id, contents) in sections(module)? {
            if id != CUSTOM || custom_name(contents) != Some("name") {
                out.push((id, contents.to_vec()));
                continue;
            }
            let mut reader = Reader::new(contents);
            let mut section = Vec::new();
            write_name(&mut section, reader.name()?);
            while !reader.done() {
                let subsection = reader.byte()?;
                let len = reader.len()?;
                let mut body = reader.take(len)?.to_vec();
                if subsection == 1 {
                    let mut names = Reader::new(&body);
                    let mut renamed = Vec::new();
                    let count = names.leb()?;
                    write_leb(&mut renamed, count);
                    for _ in 0..count {
                        let index = names.leb()?;
                        let name = names.name()?;
                        write_leb(&mut renamed, index);
                        write_name(&mut renamed, &rename(index, name));
                    }
                    body = renamed;
                }
                section.push(subsection);
                write_leb(&mut section, body.len() as u64);
                section.extend_from_slice(&body);
            }
            out.push((id, section));
        }
        Ok(assemble(&out))
    }

    /// The module without the function exports that `keep` refuses (other exports stay).
    pub fn retain_function_exports(
        module: &[u8],
        keep: impl Fn(&str) -> bool,
    ) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        for (id, contents) in sections(module)? {
            if id != EXPORT {
                out.push((id, contents.to_vec()));
                continue;
            }
            let mut reader = Reader::new(contents);
            let mut kept = Vec::new();
            let mut count = 0u64;
            for _ in 0..reader.leb()? {
                let name = reader.name()?;
                let kind = reader.byte()?;
                let index = reader.leb()?;
                if kind != FUNCTION || keep(name) {
                    write_name(&mut kept, name);
                    kept.push(kind);
                    write_leb(&mut kept, index);
                    count += 1;
                }
            }
            let mut section = Vec::new();
            write_leb(&mut section, count);
            section.extend_from_slice(&kept);
            out.push((id, section));
        }
        Ok(assemble(&out))
    }

    pub fn without_custom_sections(module: &[u8]) -> anyhow::Result<Vec<u8>> {
        let kept: Vec<(u8, Vec<u8>)> = sections(module)?
            .into_iter()
            .filter(|(id, _)| *id != CUSTOM)
            .map(|(id, contents)| (id, contents.to_vec()))
            .collect();
        Ok(assemble(&kept))
    }
}

/// wasm-bindgen's JavaScript glue (`--target web`), as far as the steps above need it.
mod glue {
    use std::collections::HashMap;

    use anyhow::{Context as _, bail};

    use super::wasm::{self, Reader};

    const fn is_identifier(byte: u8) -> bool {
        byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$'
    }

    /// Where `name` occurs in `script` as a whole identifier.
    fn occurrences(script: &str, name: &str) -> Vec<usize> {
        let bytes = script.as_bytes();
        script
            .match_indices(name)
            .map(|(at, _)| at)
            .filter(|&at| {
                let before = at.checked_sub(1).and_then(|i| bytes.get(i));
                let after = bytes.get(at + name.len());
                !before.is_some_and(|&b| is_identifier(b))
                    && !after.is_some_and(|&b| is_identifier(b))
            })
            .collect()
    }

    /// Whether the script mentions `name` as an identifier.
    pub fn names(script: &str, name: &str) -> bool {
        !occurrences(script, name).is_empty()
    }

    /// The script without its `export class X { … }` blocks, with each class's dispose hook and
    /// finalization registry, for every class nothing else in the script refers to.
    pub fn without_exported_classes(script: &str) -> String {
        let mut script = script.to_owned();
        let classes: Vec<String> = script
            .lines()
            .filter_map(|line| line.strip_prefix("export class "))
            .filter_map(|rest| rest.strip_suffix(" {"))
            .map(str::to_owned)
            .collect();
        for class in classes {
            let start = format!("export class {class} {{\n");
            let Some(from) = script.find(&start) else {
                continue;
            };
            let Some(to) = script.get(from..).and_then(|rest| rest.find("\n}\n")) else {
                continue;
            };
            let mut candidate = script.clone();
            candidate.replace_range(from..from + to + 3, "");
            let dispose = format!(
                "if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n"
            );
            candidate = candidate.replacen(&dispose, "", 1);
            let registry = format!("const {class}Finalization = ");
            if let Some(at) = candidate.find(&registry)
                && let Some(end) = candidate.get(at..).and_then(|rest| rest.find(";\n"))
            {
                candidate.replace_range(at..at + end + 2, "");
            }
            if names(&candidate, &class) {
                eprintln!("kept the glue's class {class}: the glue still refers to it");
                continue;
            }
            script = candidate;
        }
        script
    }

    /// Short names: a, b, …, z, A, …, Z, aa, ab, …
    fn short_name(mut index: usize) -> String {
        const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let mut name = Vec::new();
        loop {
            name.push(LETTERS.get(index % LETTERS.len()).copied().unwrap_or(b'z'));
            index /= LETTERS.len();
            if index == 0 {
                break;
            }
            index -= 1;
        }
        name.reverse();
        String::from_utf8(name).unwrap_or_default()
    }

    /// Renames the imports from the glue's own module (`own_module`) to short names, in the
    /// module and in the glue's import object (where each must be one key), and every import
    /// module to a short name too; drops the custom sections.
    pub fn short_import_names(
        module: &[u8],
        script: &str,
        own_module: &str,
    ) -> anyhow::Result<(Vec<u8>, String)> {
        let mut script = script.to_owned();
        let mut modules: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        for (id, contents) in wasm::sections(module)? {
            if id == wasm::CUSTOM {
                continue;
            }
            if id != wasm::IMPORT {
                out.push((id, contents.to_vec()));
                continue;
            }
            let mut reader = Reader::new(contents);
            let mut section = Vec::new();
            let count = reader.leb()?;
            wasm::write_leb(&mut section, count);
            let mut renamed = 0;
            for _ in 0..count {
                let from = reader.name()?;
                let name = reader.name()?;
                let before = reader.rest();
                let kind = reader.byte()?;
                reader.skip_import(kind)?;
                let description = before
                    .get(..before.len() - reader.rest().len())
                    .context("an import's description")?;
                let next = modules.len();
                let short_module = modules
                    .entry(from.to_owned())
                    .or_insert_with(|| format!("m{}", short_name(next)))
                    .clone();
                wasm::write_name(&mut section, &short_module);
                if from == own_module {
                    let short = short_name(renamed);
                    renamed += 1;
                    let at = occurrences(&script, name);
                    let [at] = at.as_slice() else {
                        bail!("the glue names the import {name} {} times", at.len());
                    };
                    script.replace_range(*at..*at + name.len(), &short);
                    wasm::write_name(&mut section, &short);
                } else {
                    wasm::write_name(&mut section, name);
                }
                section.extend_from_slice(description);
            }
            out.push((id, section));
        }
        for (from, short) in &modules {
            let key = format!("\"{from}\":");
            if !script.contains(&key) {
                bail!("the glue has no import object for {from}");
            }
            script = script.replace(&key, &format!("{short}:"));
        }
        Ok((wasm::assemble(&out), script))
    }

    #[cfg(test)]
    mod tests {
        use super::{names, short_name, without_exported_classes};

        #[test]
        fn short_names_are_unique_and_short() {
            let names: Vec<String> = (0..2000).map(short_name).collect();
            let unique: std::collections::HashSet<&String> = names.iter().collect();
            assert_eq!(unique.len(), names.len());
            assert_eq!(names.first().map(String::as_str), Some("a"));
            assert_eq!(names.get(52).map(String::as_str), Some("aa"));
            assert!(names.iter().all(|name| name.len() <= 2));
        }

        #[test]
        fn identifiers_match_whole() {
            assert!(names("wasm.memory.buffer", "memory"));
            assert!(!names("wasm.memory_size", "memory"));
            assert!(!names("my_memory", "memory"));
        }

        #[test]
        fn unused_exported_classes_go_with_their_hooks() {
            let script = "export class Gone {\n    free() {\n        wasm.gone_free(1);\n    }\n}\n\
                          if (Symbol.dispose) Gone.prototype[Symbol.dispose] = Gone.prototype.free;\n\
                          export class Used {\n}\n\
                          const GoneFinalization = (typeof FinalizationRegistry === 'undefined')\n    \
                          ? { register: () => {} }\n    : new FinalizationRegistry(ptr => wasm.gone_free(ptr));\n\
                          function wrap(ptr) { return Used.__wrap(ptr); }\n";
            let cleaned = without_exported_classes(script);
            assert!(!names(&cleaned, "Gone"), "{cleaned}");
            assert!(!names(&cleaned, "gone_free"), "{cleaned}");
            assert!(cleaned.contains("export class Used {"), "{cleaned}");
        }
    }
}

/// The order of the functions: greedily, each next function is the one whose code shares the
/// most byte trigrams with the previous one's (Jaccard similarity), so that gzip's 32 KB window
/// keeps finding matches nearby.
mod layout {
    use std::collections::HashMap;

    use super::wasm;

    /// Each function's rank in the order, by name, for the optimised module `module`.
    pub fn order(module: &[u8]) -> anyhow::Result<HashMap<String, usize>> {
        let imported = wasm::imported_functions(module)? as u64;
        let bodies = wasm::function_bodies(module)?;
        let names: HashMap<u64, &str> = wasm::function_names(module)?.into_iter().collect();
        let mut rank = HashMap::new();
        for (position, body) in greedy(&bodies).into_iter().enumerate() {
            if let Some(name) = names.get(&(imported + body as u64)) {
                rank.entry((*name).to_owned()).or_insert(position);
            }
        }
        Ok(rank)
    }

    /// `module` with its functions named for `--reorder-functions-by-name`: ranked ones by
    /// rank, the others (which the optimiser removes or merges) after them.
    pub fn rename(module: &[u8], rank: &HashMap<String, usize>) -> anyhow::Result<Vec<u8>> {
        wasm::with_function_names(module, |index, name| match rank.get(name) {
            Some(position) => format!("{position:06}"),
            None => format!("~{index:06}"),
        })
    }

    fn trigram(bytes: &[u8]) -> u16 {
        // FNV-1a, folded to 16 bits.
        let hash = bytes.iter().fold(0x811c_9dc5_u32, |hash, &byte| {
            (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
        });
        u16::try_from((hash >> 16) ^ (hash & 0xffff)).unwrap_or_default()
    }

    pub fn greedy(bodies: &[&[u8]]) -> Vec<usize> {
        let grams: Vec<Vec<u16>> = bodies
            .iter()
            .map(|body| {
                let mut grams: Vec<u16> = body.windows(3).map(trigram).collect();
                grams.sort_unstable();
                grams.dedup();
                grams
            })
            .collect();
        let mut left: Vec<usize> = (1..bodies.len()).collect();
        let mut order = Vec::with_capacity(bodies.len());
        if bodies.is_empty() {
            return order;
        }
        let mut current = 0;
        order.push(current);
        let mut bits = vec![0u64; 1 << 10];
        let empty = Vec::new();
        while !left.is_empty() {
            bits.fill(0);
            let mine = grams.get(current).unwrap_or(&empty);
            for &gram in mine {
                if let Some(word) = bits.get_mut(usize::from(gram >> 6)) {
                    *word |= 1 << (gram & 63);
                }
            }
            let (mut best, mut best_score) = (0, -1.0_f64);
            for (position, &candidate) in left.iter().enumerate() {
                let theirs = grams.get(candidate).unwrap_or(&empty);
                let (small, large) = if mine.len() < theirs.len() {
                    (mine.len(), theirs.len())
                } else {
                    (theirs.len(), mine.len())
                };
                // The best this candidate could score: skip it when that is not better.
                if ratio(small, large.max(1)) <= best_score {
                    continue;
                }
                let shared = theirs
                    .iter()
                    .filter(|&&gram| {
                        bits.get(usize::from(gram >> 6))
                            .is_some_and(|word| word >> (gram & 63) & 1 == 1)
                    })
                    .count();
                let score = ratio(shared, (mine.len() + theirs.len() - shared).max(1));
                if score > best_score {
                    (best, best_score) = (position, score);
                }
            }
            current = left.remove(best);
            order.push(current);
        }
        order
    }

    #[allow(clippy::cast_precision_loss)]
    fn ratio(part: usize, whole: usize) -> f64 {
        part as f64 / whole as f64
    }

    #[cfg(test)]
    mod tests {
        use super::greedy;

        #[test]
        fn similar_functions_end_up_together() {
            let a: &[u8] = b"local.get 0 local.get 1 i32.add call $alloc";
            let b: &[u8] = b"br_table 4 5 6 7 8 9 unreachable end end";
            let a2: &[u8] = b"local.get 0 local.get 1 i32.add call $alloc2";
            let b2: &[u8] = b"br_table 4 5 6 7 8 9 unreachable end";
            let order = greedy(&[a, b, a2, b2]);
            assert_eq!(order, vec![0, 2, 1, 3]);
        }

        #[test]
        fn every_function_is_placed_once() {
            let bodies: Vec<Vec<u8>> = (0..50u8).map(|i| vec![i; usize::from(i % 7) + 1]).collect();
            let slices: Vec<&[u8]> = bodies.iter().map(Vec::as_slice).collect();
            let mut order = greedy(&slices);
            order.sort_unstable();
            assert_eq!(order, (0..50).collect::<Vec<_>>());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::wasm;

    /// A module with two imported functions, two defined ones, exports and a `name` section.
    fn module() -> Vec<u8> {
        let mut types = Vec::new();
        wasm::write_leb(&mut types, 1);
        types.extend_from_slice(&[0x60, 0, 0]);
        let mut imports = Vec::new();
        wasm::write_leb(&mut imports, 2);
        for name in [
            "__wbg_first_0123456789abcdef",
            "__wbg_second_0123456789abcdef",
        ] {
            wasm::write_name(&mut imports, "./glue_bg.js");
            wasm::write_name(&mut imports, name);
            imports.extend_from_slice(&[0, 0]);
        }
        let functions = vec![2, 0, 0];
        let mut exports = Vec::new();
        wasm::write_leb(&mut exports, 3);
        for (name, kind, index) in [("used", 0, 2), ("unused", 0, 3), ("memory", 2, 0)] {
            wasm::write_name(&mut exports, name);
            exports.push(kind);
            wasm::write_leb(&mut exports, index);
        }
        let memory = vec![1, 0, 1];
        let code = vec![2, 2, 0, 0x0b, 2, 0, 0x0b];
        let mut names = Vec::new();
        wasm::write_name(&mut names, "name");
        let mut function_names = Vec::new();
        wasm::write_leb(&mut function_names, 2);
        for (index, name) in [(2, "used_fn"), (3, "unused_fn")] {
            wasm::write_leb(&mut function_names, index);
            wasm::write_name(&mut function_names, name);
        }
        names.push(1);
        wasm::write_leb(&mut names, function_names.len() as u64);
        names.extend_from_slice(&function_names);
        wasm::assemble(&[
            (1, types),
            (2, imports),
            (3, functions),
            (5, memory),
            (7, exports),
            (10, code),
            (0, names),
        ])
    }

    #[test]
    fn the_module_reads_back() -> anyhow::Result<()> {
        let module = module();
        assert_eq!(wasm::imported_functions(&module)?, 2);
        assert_eq!(wasm::function_bodies(&module)?.len(), 2);
        assert_eq!(
            wasm::function_names(&module)?,
            vec![(2, "used_fn"), (3, "unused_fn")]
        );
        Ok(())
    }

    #[test]
    fn functions_are_renamed_for_their_rank() -> anyhow::Result<()> {
        let rank = [("unused_fn".to_owned(), 0)].into_iter().collect();
        let renamed = super::layout::rename(&module(), &rank)?;
        assert_eq!(
            wasm::function_names(&renamed)?,
            vec![(2, "~000002"), (3, "000000")]
        );
        Ok(())
    }

    #[test]
    fn only_unnamed_function_exports_go() -> anyhow::Result<()> {
        let module = wasm::retain_function_exports(&module(), |name| name == "used")?;
        let glue = "wasm.used(); wasm.memory;";
        let kept = wasm::retain_function_exports(&module, |name| super::glue::names(glue, name))?;
        let (_, exports) = wasm::sections(&kept)?
            .into_iter()
            .find(|(id, _)| *id == wasm::EXPORT)
            .ok_or_else(|| anyhow::anyhow!("no exports"))?;
        let mut reader = wasm::Reader::new(exports);
        let mut names = Vec::new();
        for _ in 0..reader.leb()? {
            names.push(reader.name()?.to_owned());
            reader.byte()?;
            reader.leb()?;
        }
        assert_eq!(names, vec!["used", "memory"]);
        Ok(())
    }

    #[test]
    fn imports_get_short_names_in_module_and_glue() -> anyhow::Result<()> {
        let glue = "const import0 = {\n    __wbg_first_0123456789abcdef: function() {},\n    \
                    __wbg_second_0123456789abcdef: function() {},\n};\n\
                    return { \"./glue_bg.js\": import0 };";
        let (module, glue) = super::glue::short_import_names(&module(), glue, "./glue_bg.js")?;
        assert_eq!(
            glue,
            "const import0 = {\n    a: function() {},\n    b: function() {},\n};\n\
             return { ma: import0 };"
        );
        assert!(
            wasm::sections(&module)?
                .iter()
                .all(|(id, _)| *id != wasm::CUSTOM)
        );
        let (_, imports) = wasm::sections(&module)?
            .into_iter()
            .find(|(id, _)| *id == wasm::IMPORT)
            .ok_or_else(|| anyhow::anyhow!("no imports"))?;
        let mut reader = wasm::Reader::new(imports);
        let mut names = Vec::new();
        for _ in 0..reader.leb()? {
            names.push(format!("{}::{}", reader.name()?, reader.name()?));
            let kind = reader.byte()?;
            reader.skip_import(kind)?;
        }
        assert_eq!(names, vec!["ma::a", "ma::b"]);
        Ok(())
    }

    #[test]
    fn an_import_the_glue_names_twice_stops_the_renaming() {
        let glue = "__wbg_first_0123456789abcdef: 1, __wbg_first_0123456789abcdef: 2, \
                    __wbg_second_0123456789abcdef: 3, \"./glue_bg.js\": import0";
        assert!(super::glue::short_import_names(&module(), glue, "./glue_bg.js").is_err());
    }
}
